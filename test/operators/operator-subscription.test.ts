import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { Compliance, CompliancePack } from '../../src/compliance';
import { OperatorInstallMode, OperatorPackage, OperatorSubscription, OperatorSubscriptionProps } from '../../src/operators';
import { expectConformant } from '../conformance/harness';
import { githubToken } from '../literal-credentials';

const REASON = 'the vendor ships security fixes weekly and the platform team tests them on staging first';
const ANNOTATION = OperatorSubscription.ALL_NAMESPACES_REASON_ANNOTATION;
const { OWN_NAMESPACE: OWN, SINGLE_NAMESPACE: SINGLE, MULTI_NAMESPACE: MULTI, ALL_NAMESPACES: ALL } = OperatorInstallMode;

/** A package supporting `modes`, installed into `my-operator`. */
const custom = (...modes: OperatorInstallMode[]) => OperatorPackage.custom({ name: 'my-operator', channel: 'stable', installModes: modes, namespace: 'my-operator' });
const kinds = (chart: Chart) => Testing.synth(chart).map(o => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`);
const byKind = (chart: Chart, kind: string) => Testing.synth(chart).filter(o => o.kind === kind);
const build = (props: OperatorSubscriptionProps, chart: Chart = Testing.chart()) => new OperatorSubscription(chart, 'Op', props);

describe('OperatorSubscription', () => {
  test('the S5 management cluster operators (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'management', { namespace: 'ignored' });
    new OperatorSubscription(chart, 'GitOps', { operator: OperatorPackage.openShiftGitOps(), startingCsv: 'openshift-gitops-operator.v1.15.0' });
    new OperatorSubscription(chart, 'Ztwim', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), startingCsv: 'zero-trust-workload-identity-manager.v0.2.0' });
    new OperatorSubscription(chart, 'Eso', { operator: OperatorPackage.externalSecrets(), namespaceLabels: { 'openshift.io/cluster-monitoring': 'true' } });
    new OperatorSubscription(chart, 'Pipelines', { operator: OperatorPackage.openShiftPipelines(), channel: 'pipelines-1.17' });
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(kinds(chart)).toEqual([
      'Namespace -/openshift-gitops-operator', 'OperatorGroup openshift-gitops-operator/openshift-gitops-operator', 'Subscription openshift-gitops-operator/openshift-gitops-operator',
      'Namespace -/zero-trust-workload-identity-manager', 'OperatorGroup zero-trust-workload-identity-manager/zero-trust-workload-identity-manager',
      'Subscription zero-trust-workload-identity-manager/openshift-zero-trust-workload-identity-manager',
      'Namespace -/external-secrets-operator', 'OperatorGroup external-secrets-operator/external-secrets-operator', 'Subscription external-secrets-operator/openshift-external-secrets-operator',
      'Subscription openshift-operators/openshift-pipelines-operator-rh',
    ]);
    // every Subscription waits for approval; none upgrades on its own
    expect(byKind(chart, 'Subscription').map(s => s.spec.installPlanApproval)).toEqual(['Manual', 'Manual', 'Manual', 'Manual']);
    expectConformant(chart);
  });

  test('OpenShift GitOps: all namespaces (it supports nothing narrower, and says so), default instance disabled', () => {
    const chart = Testing.chart();
    const gitops = build({ operator: OperatorPackage.openShiftGitOps() }, chart);
    expect(gitops.installMode).toBe(ALL);
    const [group] = byKind(chart, 'OperatorGroup');
    expect(group.spec).toEqual({ upgradeStrategy: 'Default' });
    expect(group.metadata.annotations).toEqual({ [ANNOTATION]: 'openshift-gitops-operator supports only the AllNamespaces install mode' });
    const [sub] = byKind(chart, 'Subscription');
    expect(sub.spec).toEqual({
      name: 'openshift-gitops-operator',
      channel: 'latest',
      source: 'redhat-operators',
      sourceNamespace: 'openshift-marketplace',
      installPlanApproval: 'Manual',
      config: { env: [{ name: 'DISABLE_DEFAULT_ARGOCD_INSTANCE', value: 'true' }] },
    });
    expectConformant(chart);
  });

  test('ZTWIM: its own namespace, the narrowest mode it supports', () => {
    const chart = Testing.chart();
    const ztwim = build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager() }, chart);
    expect(ztwim.installMode).toBe(OWN);
    const [group] = byKind(chart, 'OperatorGroup');
    expect(group.spec).toEqual({ targetNamespaces: ['zero-trust-workload-identity-manager'], upgradeStrategy: 'Default' });
    expect(group.metadata.annotations).toBeUndefined();
    expectConformant(chart);
  });

  test('OpenShift Pipelines: into openshift-operators, whose Namespace and OperatorGroup exist', () => {
    const chart = Testing.chart();
    const pipelines = build({ operator: OperatorPackage.openShiftPipelines() }, chart);
    expect(pipelines.namespaceResource).toBeUndefined();
    expect(pipelines.operatorGroup).toBeUndefined();
    expect(pipelines.installMode).toBe(ALL);
    expect(kinds(chart)).toEqual(['Subscription openshift-operators/openshift-pipelines-operator-rh']);
    expect(byKind(chart, 'Subscription')[0].metadata.annotations).toEqual({ [ANNOTATION]: 'openshift-pipelines-operator-rh supports only the AllNamespaces install mode' });
    expectConformant(chart);
  });

  test('the community External Secrets Operator: its own namespace, from community-operators', () => {
    const chart = Testing.chart();
    build({ operator: OperatorPackage.externalSecretsCommunity() }, chart);
    expect(byKind(chart, 'OperatorGroup')[0].spec.targetNamespaces).toEqual(['external-secrets-operator']);
    expect(byKind(chart, 'Subscription')[0].spec.source).toBe('community-operators');
    expectConformant(chart);
  });

  test('target namespaces pick Own, Single or Multi; they are sorted', () => {
    const modes = [
      [['my-operator'], OWN], [['team-a'], SINGLE], [['team-z', 'team-a', 'my-operator'], MULTI],
    ] as const;
    for (const [targets, mode] of modes) {
      const chart = Testing.chart();
      expect(build({ operator: custom(OWN, SINGLE, MULTI), targetNamespaces: [...targets] }, chart).installMode).toBe(mode);
      expect(byKind(chart, 'OperatorGroup')[0].spec.targetNamespaces).toEqual([...targets].sort());
      expectConformant(chart);
    }
  });

  test('all namespaces although narrower modes exist takes a written reason, kept on the OperatorGroup', () => {
    const chart = Testing.chart();
    const op = build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), allowAllNamespaces: ` ${REASON} ` }, chart);
    expect(op.installMode).toBe(ALL);
    const [group] = byKind(chart, 'OperatorGroup');
    expect(group.spec).toEqual({ upgradeStrategy: 'Default' });
    expect(group.metadata.annotations[ANNOTATION]).toBe(REASON);
    expectConformant(chart);
  });

  test('openshift-operators with a narrower operator takes the reason too', () => {
    const chart = Testing.chart();
    build({ operator: custom(OWN, ALL), namespace: 'openshift-operators', allowAllNamespaces: REASON }, chart);
    expect(kinds(chart)).toEqual(['Subscription openshift-operators/my-operator']);
    expectConformant(chart);
  });

  test('an existing namespace and OperatorGroup: only the Subscription, the group decides the mode', () => {
    const chart = Testing.chart();
    const op = build({ operator: custom(OWN), createNamespace: false, createOperatorGroup: false }, chart);
    expect(op.installMode).toBeUndefined();
    expect(kinds(chart)).toEqual(['Subscription my-operator/my-operator']);
    expectConformant(chart);
  });

  test('an existing namespace, a new OperatorGroup', () => {
    const chart = Testing.chart();
    const op = build({ operator: custom(OWN), namespace: 'platform-operators', createNamespace: false }, chart);
    expect(op.namespaceResource).toBeUndefined();
    expect(kinds(chart)).toEqual(['OperatorGroup platform-operators/platform-operators', 'Subscription platform-operators/my-operator']);
    expect(byKind(chart, 'OperatorGroup')[0].spec.targetNamespaces).toEqual(['platform-operators']);
  });

  test('channel, startingCSV and env are written; env is sorted and joins the package\'s', () => {
    const chart = Testing.chart();
    build({
      operator: OperatorPackage.openShiftGitOps(),
      channel: 'gitops-1.15',
      startingCsv: 'openshift-gitops-operator.v1.15.0',
      env: { CONTROLLER_CLUSTER_ROLE: 'gitops-controller', ARGOCD_CLUSTER_CONFIG_NAMESPACES: 'gitops' },
    }, chart);
    const [sub] = byKind(chart, 'Subscription');
    expect(sub.spec.channel).toBe('gitops-1.15');
    expect(sub.spec.startingCSV).toBe('openshift-gitops-operator.v1.15.0');
    expect(sub.spec.config.env.map((e: any) => e.name)).toEqual(['ARGOCD_CLUSTER_CONFIG_NAMESPACES', 'CONTROLLER_CLUSTER_ROLE', 'DISABLE_DEFAULT_ARGOCD_INSTANCE']);
    expectConformant(chart);
  });

  test('the Subscription and OperatorGroup depend on the Namespace', () => {
    const op = build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager() });
    expect(op.subscription.node.dependencies).toEqual(expect.arrayContaining([op.namespaceResource, op.operatorGroup]));
    expect(op.operatorGroup!.node.dependencies).toEqual([op.namespaceResource]);
  });

  test('the chart\'s namespace does not leak into the Namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'elsewhere' });
    build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager() }, chart);
    expect(byKind(chart, 'Namespace')[0].metadata.namespace).toBeUndefined();
    expect(byKind(chart, 'Subscription')[0].metadata.namespace).toBe('zero-trust-workload-identity-manager');
  });

  describe('install plan approval', () => {
    test('Manual by default: ZT-OLM1 has nothing to report', () => {
      const chart = Testing.chart();
      build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager() }, chart);
      const report = new CompliancePack().evaluate(chart);
      expect(report.findings.filter(f => f.ruleId === 'ZT-OLM1')).toEqual([]);
    });

    test('automaticUpgrades: Automatic, with a reason that acknowledges ZT-OLM1 on the Subscription', () => {
      const chart = Testing.chart();
      const op = build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), automaticUpgrades: REASON }, chart);
      expect(op.automaticUpgrades).toBe(true);
      expect(byKind(chart, 'Subscription')[0].spec.installPlanApproval).toBe('Automatic');
      const report = new CompliancePack().evaluate(chart);
      const findings = report.findings.filter(f => f.ruleId === 'ZT-OLM1');
      expect(findings.map(f => [f.resource, f.acknowledgedReason])).toEqual([['Subscription zero-trust-workload-identity-manager/openshift-zero-trust-workload-identity-manager', REASON]]);
      expect(report.acknowledgements).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'ZT-OLM1', source: 'opt-in automaticUpgrades', reason: REASON })]));
      expect(Compliance.of(op.subscription).acknowledgementFor('ZT-OLM1')?.reason).toBe(REASON);
      expectConformant(chart);
    });

    test('a patch to Automatic without the opt-in is reported as an error', () => {
      const chart = Testing.chart();
      const op = build({ operator: OperatorPackage.zeroTrustWorkloadIdentityManager() }, chart);
      ApiObject.of(op).addJsonPatch(JsonPatch.replace('/spec/installPlanApproval', 'Automatic'));
      const report = new CompliancePack().evaluate(chart);
      expect(report.errors.filter(f => f.ruleId === 'ZT-OLM1').map(f => f.resource)).toEqual(['Subscription zero-trust-workload-identity-manager/openshift-zero-trust-workload-identity-manager']);
    });
  });

  describe('subscriptions sharing a namespace in one chart', () => {
    const ztwim = OperatorPackage.zeroTrustWorkloadIdentityManager();

    test('a second operator joins the first one\'s namespace and group', () => {
      const chart = Testing.chart();
      new OperatorSubscription(chart, 'Ztwim', { operator: ztwim });
      new OperatorSubscription(chart, 'Other', { operator: custom(OWN, ALL), namespace: 'zero-trust-workload-identity-manager', createNamespace: false, createOperatorGroup: false });
      expect(kinds(chart).filter(k => k.startsWith('Subscription'))).toHaveLength(2);
      expectConformant(chart);
    });

    test.each([
      ['the same package twice', { operator: ztwim, createNamespace: false, createOperatorGroup: false }, /subscribes to openshift-zero-trust-workload-identity-manager twice \(also .*\/Ztwim\)/],
      ['the Namespace twice', { operator: custom(OWN), namespace: 'zero-trust-workload-identity-manager', createOperatorGroup: false }, /namespace "zero-trust-workload-identity-manager" is created twice/],
      ['two OperatorGroups', { operator: custom(OWN), namespace: 'zero-trust-workload-identity-manager', createNamespace: false }, /gets a second OperatorGroup .* OLM installs nothing in a namespace with two/],
      ['a group mode the operator does not support', { operator: custom(ALL), namespace: 'zero-trust-workload-identity-manager', createNamespace: false, createOperatorGroup: false }, /uses the install mode OwnNamespace, which my-operator does not support \(it supports AllNamespaces\)/],
      ['automatic next to manual', { operator: custom(OWN), namespace: 'zero-trust-workload-identity-manager', createNamespace: false, createOperatorGroup: false, automaticUpgrades: REASON }, /my-operator upgrades automatically but .*\/Ztwim in the same namespace .* needs approval, and OLM then makes every install plan of the namespace manual/],
    ])('fails at synthesis: %s', (_name, props, error) => {
      const chart = Testing.chart();
      new OperatorSubscription(chart, 'Ztwim', { operator: ztwim });
      new OperatorSubscription(chart, 'Other', props as OperatorSubscriptionProps);
      expect(() => Testing.synth(chart)).toThrow(error);
    });

    test('charts are separate clusters: the same operator in two charts is fine', () => {
      const app = Testing.app();
      for (const cluster of ['management', 'spoke']) new OperatorSubscription(new Chart(app, cluster), 'Ztwim', { operator: ztwim });
      for (const chart of app.charts) expect(() => Testing.synth(chart)).not.toThrow();
    });
  });

  describe('fails', () => {
    test.each([
      ['an invalid namespace', { operator: custom(OWN), namespace: 'My-Operators' }, /'namespace' \("My-Operators"\) must be a DNS-1123 label/],
      ['creating openshift-operators', { operator: OperatorPackage.openShiftPipelines(), createNamespace: true }, /'createNamespace' is true for namespace "openshift-operators": the Namespace exists on every OpenShift cluster; remove createNamespace/],
      ['a second group in openshift-operators', { operator: OperatorPackage.openShiftPipelines(), createOperatorGroup: true }, /'createOperatorGroup' is true for namespace "openshift-operators": its OperatorGroup global-operators exists .* OLM installs nothing in a namespace with two/],
      ['labels for a namespace not created here', { operator: custom(OWN), createNamespace: false, namespaceLabels: { a: 'b' } }, /'namespaceLabels' is set but the Namespace is not created here/],
      ['invalid namespace labels', { operator: custom(OWN), namespaceLabels: { 'bad key!': 'x' } }, /metadata.labels/],
      ['targets and all namespaces together', { operator: custom(OWN, ALL), targetNamespaces: ['my-operator'], allowAllNamespaces: REASON }, /'targetNamespaces' and 'allowAllNamespaces' are exclusive/],
      ['targets without a group', { operator: custom(OWN), createOperatorGroup: false, targetNamespaces: ['my-operator'] }, /'targetNamespaces' configures the OperatorGroup, which is not created here \(createOperatorGroup: false\)/],
      ['all namespaces without a group', { operator: custom(OWN, ALL), createOperatorGroup: false, allowAllNamespaces: REASON }, /'allowAllNamespaces' configures the OperatorGroup, which is not created here/],
      ['targets in openshift-operators', { operator: custom(OWN, ALL), namespace: 'openshift-operators', targetNamespaces: ['team-a'] }, /'targetNamespaces' cannot apply in "openshift-operators": its OperatorGroup global-operators targets every namespace/],
      ['empty targets', { operator: custom(OWN), targetNamespaces: [] }, /'targetNamespaces' is empty/],
      ['an invalid target', { operator: custom(OWN, SINGLE), targetNamespaces: ['Team_A'] }, /'targetNamespaces\[0\]' \("Team_A"\) must be a DNS-1123 label/],
      ['a duplicate target', { operator: custom(MULTI), targetNamespaces: ['team-a', 'team-a'] }, /'targetNamespaces' lists "team-a" twice/],
      ['an unsupported mode', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), targetNamespaces: ['team-a', 'team-b'] }, /needs the install mode MultiNamespace, which openshift-zero-trust-workload-identity-manager does not support \(it supports OwnNamespace, SingleNamespace, AllNamespaces\)/],
      ['own namespace where unsupported', { operator: OperatorPackage.externalSecrets(), targetNamespaces: ['external-secrets-operator'] }, /needs the install mode OwnNamespace, which openshift-external-secrets-operator does not support \(it supports AllNamespaces\)/],
      ['no targets for a single-namespace operator', { operator: custom(SINGLE, MULTI) }, /'targetNamespaces' is missing: my-operator supports SingleNamespace, MultiNamespace, which need the namespaces to watch/],
      ['all namespaces where unsupported', { operator: custom(SINGLE), allowAllNamespaces: REASON }, /my-operator cannot be installed with every namespace as target: it supports SingleNamespace only/],
      ['openshift-operators where all namespaces are unsupported', { operator: custom(OWN), namespace: 'openshift-operators' }, /my-operator cannot be installed in "openshift-operators", whose OperatorGroup targets every namespace: it supports OwnNamespace only/],
      ['a reason where all namespaces is the only mode', { operator: OperatorPackage.openShiftGitOps(), allowAllNamespaces: REASON }, /'allowAllNamespaces' is set but openshift-gitops-operator supports only AllNamespaces.*remove allowAllNamespaces/],
      ['all namespaces by default where a narrower mode needs targets', { operator: custom(SINGLE, ALL) }, /my-operator would be installed with every namespace as target, but it supports SingleNamespace; list targetNamespaces, or set allowAllNamespaces to the reason/],
      ['a narrower operator in openshift-operators without a reason', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), namespace: 'openshift-operators' }, /would be installed in "openshift-operators", whose OperatorGroup targets every namespace, but it supports OwnNamespace, SingleNamespace; install it into a namespace of its own, or set allowAllNamespaces to the reason/],
      ['an unwritten all-namespaces reason', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), allowAllNamespaces: 'xxxxxxxxxxxx' }, /'allowAllNamespaces' \("xxxxxxxxxxxx"\) is not a written reason/],
      ['an invalid channel', { operator: custom(OWN), channel: 'stable v1' }, /'channel' \("stable v1"\) must be an OLM channel name/],
      ['an invalid startingCsv', { operator: custom(OWN), startingCsv: 'My Operator v1' }, /'startingCsv' \("My Operator v1"\) must be a DNS-1123 subdomain/],
      ['an unwritten upgrade reason', { operator: custom(OWN), automaticUpgrades: 'tbd' }, /'automaticUpgrades' \("tbd"\) is not a written reason/],
      ['an env name', { operator: custom(OWN), env: { 'LOG-LEVEL': 'debug' } }, /'env' name "LOG-LEVEL" must be an environment variable name/],
      ['overriding the package\'s env', { operator: OperatorPackage.openShiftGitOps(), env: { DISABLE_DEFAULT_ARGOCD_INSTANCE: 'false' } }, /'env' sets DISABLE_DEFAULT_ARGOCD_INSTANCE, which the package sets to "true"; remove it from env/],
    ])('%s', (_name, props, error) => {
      expect(() => build(props as OperatorSubscriptionProps)).toThrow(error);
    });

    test('errors name the construct path', () => {
      expect(() => build({ operator: custom(OWN), channel: '' })).toThrow(/^test\/Op: /);
    });

    test('refuses credentials in literals without quoting them', () => {
      const token = githubToken();
      const cases: OperatorSubscriptionProps[] = [
        { operator: custom(OWN), env: { GITHUB_TOKEN: token } },
        { operator: custom(OWN), env: { OPTS: token } },
        { operator: custom(OWN), startingCsv: token },
        { operator: custom(OWN), namespaceLabels: { note: token } },
      ];
      for (const props of cases) {
        let message = '';
        try {
          build(props);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).toMatch(/credential|token/i);
        expect(message).not.toContain(token);
      }
    });
  });
});
