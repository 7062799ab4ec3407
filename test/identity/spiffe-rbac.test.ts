import { Chart, Testing } from 'cdk8s';
import { ValidationError } from '../../src/common/errors';
import { CompliancePack } from '../../src/compliance';
import {
  ArgoCdNamespaceAccess, OpenShiftAuthentication, SpiffeAccess, SpiffeId, UsernameMapping,
} from '../../src/identity';
import { checkObject, expectConformant } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';

const TD = 'apps.example.com';
const SERVER = SpiffeId.forServiceAccount(TD, 'ztwim-gitops', 'openshift-gitops-argocd-server');
const CONTROLLER = SpiffeId.forServiceAccount(TD, 'ztwim-gitops', 'openshift-gitops-argocd-application-controller');
const READ_DEPLOYMENTS = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] };

function spoke(chart: Chart = Testing.chart()) {
  const authentication = new OpenShiftAuthentication(chart, 'Auth', {
    oidcProvider: { name: 'ztwim', issuerUrl: 'https://oidc.apps.example.com', audiences: ['openshift-spoke'], usernameMapping: UsernameMapping.fromClaim('sub') },
  });
  return { chart, authentication };
}

/** The harness's Kyverno findings for a chart (the upstream policies flag what we only allow when acknowledged). */
function kyvernoFindings(chart: Chart): string[] {
  return Testing.synth(chart).flatMap(o => checkObject(o).findings.filter(f => f.severity === 'error').map(f => `${f.source}: ${f.message}`));
}

describe('SpiffeAccess', () => {
  test('namespaced Role and RoleBinding for prefixed SPIFFE users (snapshot)', () => {
    const { chart, authentication } = spoke();
    const access = new SpiffeAccess(chart, 'Deployer', {
      authentication,
      subjects: [CONTROLLER, SERVER],
      namespace: 'shop',
      rules: [READ_DEPLOYMENTS],
    });
    access.addRule({ apiGroups: [''], resources: ['secrets'], verbs: ['update'], resourceNames: ['b', 'a'] });
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    const binding = manifests.find(m => m.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `ztwim:${CONTROLLER}` },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `ztwim:${SERVER}` },
    ]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: access.roleName });
    expect(binding.metadata.namespace).toBe('shop');
    expect(access.namespace).toBe('shop');
    expect(access.usernames).toEqual([`ztwim:${CONTROLLER}`, `ztwim:${SERVER}`]);
    expectConformant(chart);
  });

  test('cluster-wide ClusterRole and ClusterRoleBinding drop the chart namespace', () => {
    const { chart, authentication } = spoke(new Chart(Testing.app(), 'c', { namespace: 'default' }));
    // cluster-wide, the rules name cluster-scoped resources only (namespaced rights belong in RoleBindings)
    const readNamespaces = { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] };
    const access = new SpiffeAccess(chart, 'Reader', { authentication, subjects: [SERVER], rules: [readNamespaces], name: 'argocd-reader' });
    access.addSubject(CONTROLLER);
    const manifests = Testing.synth(chart).filter(m => m.apiVersion === 'rbac.authorization.k8s.io/v1');
    expect(manifests.map(m => [m.kind, m.metadata.name, m.metadata.namespace])).toEqual([
      ['ClusterRole', 'argocd-reader', undefined],
      ['ClusterRoleBinding', 'argocd-reader', undefined],
    ]);
    expect(manifests[1].subjects).toHaveLength(2);
    expectConformant(chart);
  });

  test('binding an existing ClusterRole in a namespace', () => {
    const { chart, authentication } = spoke();
    const access = new SpiffeAccess(chart, 'View', { authentication, subjects: [SERVER], clusterRole: 'view', namespace: 'shop' });
    const manifests = Testing.synth(chart).filter(m => m.apiVersion === 'rbac.authorization.k8s.io/v1');
    expect(manifests.map(m => m.kind)).toEqual(['RoleBinding']);
    expect(manifests[0].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    expect(access.roleName).toBe('view');
    expectConformant(chart);
  });

  test('an imported Authentication with NoPrefix gives bare SPIFFE user names', () => {
    const chart = Testing.chart();
    const authentication = OpenShiftAuthentication.fromOpenShiftAuthenticationAttributes(chart, 'Spoke', { usernamePrefix: '', audiences: ['openshift-spoke'] });
    new SpiffeAccess(chart, 'X', { authentication, subjects: [SERVER], namespace: 'shop', rules: [READ_DEPLOYMENTS] });
    const binding = Testing.synth(chart).find(m => m.kind === 'RoleBinding');
    expect(binding.subjects[0].name).toBe(SERVER.toString());
    expectConformant(chart);
  });

  testWithShared('acknowledged cluster-admin renders, and the Kyverno policy still reports it', () => {
    const { chart, authentication } = spoke();
    const access = new SpiffeAccess(chart, 'Admin', { authentication, subjects: [SERVER], clusterRole: 'cluster-admin', acknowledgeBroadAccess: 'break-glass access during the migration' });
    expect(access.broadAccessReason).toBe('break-glass access during the migration');
    expect(kyvernoFindings(chart)).toEqual(['kyverno: restrict-binding-clusteradmin/clusteradmin-bindings: Binding to cluster-admin is not allowed.']);
    expect(() => expectConformant(chart)).toThrow(/1 conformance error/);
  });

  testWithShared('acknowledged broad rules render, and each upstream Kyverno policy reports its part', () => {
    const { chart, authentication } = spoke();
    new SpiffeAccess(chart, 'Broad', {
      authentication,
      subjects: [SERVER],
      namespace: 'shop',
      acknowledgeBroadAccess: 'legacy operator needs it until it is replaced',
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind', 'escalate'] },
      ],
    });
    const findings = kyvernoFindings(chart).map(f => f.split(':')[1].trim());
    expect([...new Set(findings)].sort()).toEqual([
      'restrict-escalation-verbs-roles/escalate',
      'restrict-secret-role-verbs/secret-verbs',
      'restrict-wildcard-resources/wildcard-resources',
      'restrict-wildcard-verbs/wildcard-verbs',
    ]);
  });

  testWithShared('reading a named secret is allowed by us; the upstream Kyverno policy forbids any secret read', () => {
    const { chart, authentication } = spoke();
    new SpiffeAccess(chart, 'Cfg', { authentication, subjects: [SERVER], namespace: 'shop', rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['app-config'] }] });
    expect(kyvernoFindings(chart)).toEqual(['kyverno: restrict-secret-role-verbs/secret-verbs: Requesting verbs `get`, `list`, or `watch` on Secrets is forbidden.']);
  });

  test('errors are ValidationErrors that start with the construct path', () => {
    const attempt = () => {
      const { chart, authentication } = spoke();
      return new SpiffeAccess(chart, 'Broad', { authentication, subjects: [SERVER], namespace: 'shop', rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }] });
    };
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^test\/Broad: 'rules\[0\]' is broader than least privilege/);
    const { chart, authentication } = spoke();
    const access = new SpiffeAccess(chart, 'Ok', { authentication, subjects: [SERVER], namespace: 'shop', rules: [READ_DEPLOYMENTS] });
    expect(() => access.addSubject(SERVER)).toThrow(/^test\/Ok: 'subjects' already has/);
  });

  describe('fails', () => {
    const base = () => {
      const { chart, authentication } = spoke();
      return { chart, props: { authentication, subjects: [SERVER], namespace: 'shop' } };
    };

    test.each([
      ['wildcard verbs', { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }, /'rules\[0\]' is broader than least privilege: \* in verbs \(ZT-RBAC2\)/],
      ['wildcard resources', { apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }, /\* in resources \(ZT-RBAC2\)/],
      ['wildcard subresources', { apiGroups: [''], resources: ['*/scale'], verbs: ['get'] }, /\* in resources \(ZT-RBAC2\)/],
      ['wildcard apiGroups', { apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] }, /\* in apiGroups \(ZT-RBAC2\)/],
      ['secret reads without names', { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create'] }, /get, list on secrets without resourceNames \(ZT-RBAC3\)/],
      ['escalate', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] }, /escalate on clusterroles.* \(ZT-RBAC4\)/],
      ['bind and impersonate', { apiGroups: [''], resources: ['users'], verbs: ['bind', 'impersonate'] }, /bind, impersonate \(ZT-RBAC4\)/],
      ['exec into pods', { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] }, /pods\/exec.* \(ZT-RBAC8\)/],
      ['token requests for any account', { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }, /serviceaccounts\/token.* \(ZT-RBAC9\)/],
      ['namespace modification', { apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] }, /namespaces.* \(ZT-RBAC13\)/],
    ])('fails on %s without acknowledgement', (_label, rule, error) => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'X', { ...props, rules: [rule] })).toThrow(error);
      expect(() => new SpiffeAccess(chart, 'Y', { ...props, rules: [rule] })).toThrow(/set acknowledgeBroadAccess with a reason/);
    });

    test('fails on cluster-admin without acknowledgement', () => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'X', { ...props, clusterRole: 'cluster-admin' })).toThrow(/'clusterRole' \("cluster-admin"\) is broader than least privilege: roleRef is ClusterRole cluster-admin \(ZT-RBAC1\)/);
    });

    test('fails on the built-in admin and edit roles, which read every Secret', () => {
      const { chart, props } = base();
      for (const clusterRole of ['admin', 'edit']) {
        expect(() => new SpiffeAccess(chart, clusterRole, { ...props, clusterRole })).toThrow(new RegExp(`'clusterRole' \\("${clusterRole}"\\) is broader than least privilege: .*secrets.*\\(ZT-RBAC3\\)`));
      }
    });

    test('fails cluster-wide on namespaced rights, which the identity needs in its own namespaces only', () => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'X', { ...props, namespace: undefined, rules: [READ_DEPLOYMENTS] })).toThrow(/\(ZT-RBAC15\)/);
    });

    test('acknowledgeBroadAccess acknowledges exactly the rules the access breaks, and the report shows it', () => {
      const { chart, props } = base();
      new SpiffeAccess(chart, 'X', { ...props, rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }], acknowledgeBroadAccess: 'break-glass debugging of the shop pods' });
      const report = new CompliancePack().evaluate(chart);
      expect(report.errors).toEqual([]);
      expect(report.acknowledgements.map(a => [a.ruleId, a.source])).toEqual([['ZT-RBAC8', 'opt-in acknowledgeBroadAccess']]);
    });

    test('fails on a short acknowledgement or one that acknowledges nothing', () => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'X', { ...props, rules: [READ_DEPLOYMENTS], acknowledgeBroadAccess: 'ok' })).toThrow(/at least 10 visible characters/);
      expect(() => new SpiffeAccess(chart, 'Y', { ...props, clusterRole: 'view', acknowledgeBroadAccess: 'because we can' })).toThrow(/binding the ClusterRole "view" is not broad; remove the acknowledgement/);
      new SpiffeAccess(chart, 'Z', { ...props, rules: [READ_DEPLOYMENTS], acknowledgeBroadAccess: 'because we can, really' });
      expect(() => Testing.synth(chart)).toThrow(/no rule of .* is broad/);
    });

    test('fails on malformed rules', () => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'A', { ...props, rules: [{ apiGroups: [], resources: ['pods'], verbs: ['get'] }] })).toThrow(/'rules\[0\].apiGroups' must list at least one/);
      expect(() => new SpiffeAccess(chart, 'B', { ...props, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'get'] }] })).toThrow(/lists "get" twice/);
      expect(() => new SpiffeAccess(chart, 'C', { ...props, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['Get'] }] })).toThrow(/invalid verb "Get"/);
      expect(() => new SpiffeAccess(chart, 'D', { ...props, rules: [{ apiGroups: [''], resources: [''], verbs: ['get'] }] })).toThrow(/invalid resource ""/);
      expect(() => new SpiffeAccess(chart, 'E', { ...props, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: [''] }] })).toThrow(/resourceNames\[0\]' must not be empty/);
    });

    test('fails on rules and clusterRole together, or neither', () => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'A', { ...props, rules: [READ_DEPLOYMENTS], clusterRole: 'view' })).toThrow(/exclude each other/);
      expect(() => new SpiffeAccess(chart, 'B', { ...props })).toThrow(/either 'rules' or 'clusterRole' is required/);
      expect(() => new SpiffeAccess(chart, 'C', { ...props, clusterRole: 'Bad Role' })).toThrow(/'clusterRole'/);
    });

    test('fails on adding rules to a bound ClusterRole', () => {
      const { chart, props } = base();
      const access = new SpiffeAccess(chart, 'A', { ...props, clusterRole: 'view' });
      expect(() => access.addRule(READ_DEPLOYMENTS)).toThrow(/binds the existing ClusterRole "view"/);
    });

    test('fails on bad subjects, namespace or name', () => {
      const { chart, props } = base();
      expect(() => new SpiffeAccess(chart, 'A', { ...props, subjects: [], rules: [READ_DEPLOYMENTS] })).toThrow(/must list at least one SPIFFE ID/);
      expect(() => new SpiffeAccess(chart, 'B', { ...props, subjects: [SERVER, SpiffeId.parse(SERVER.toString())], rules: [READ_DEPLOYMENTS] })).toThrow(/already has spiffe:/);
      expect(() => new SpiffeAccess(chart, 'C', { ...props, subjects: ['spiffe://td/x' as any], rules: [READ_DEPLOYMENTS] })).toThrow(/must be SpiffeId values/);
      expect(() => new SpiffeAccess(chart, 'D', { ...props, namespace: 'Shop', rules: [READ_DEPLOYMENTS] })).toThrow(/'namespace'/);
      expect(() => new SpiffeAccess(chart, 'E', { ...props, name: 'Bad_Name', rules: [READ_DEPLOYMENTS] })).toThrow(/'name'/);
    });

    test('fails when the Authentication maps user names with an expression', () => {
      const chart = Testing.chart();
      const authentication = new OpenShiftAuthentication(chart, 'Auth', {
        oidcProvider: { name: 'x', issuerUrl: 'https://oidc.example.com', audiences: ['a'], usernameMapping: UsernameMapping.fromExpression('claims.sub') },
      });
      expect(() => new SpiffeAccess(chart, 'A', { authentication, subjects: [SERVER], rules: [READ_DEPLOYMENTS] })).toThrow(/maps user names with a CEL expression/);
    });
  });
});

describe('ArgoCdNamespaceAccess', () => {
  test('a Role and RoleBinding per namespace instead of cluster-admin (snapshot)', () => {
    const { chart, authentication } = spoke();
    const access = new ArgoCdNamespaceAccess(chart, 'ArgoCd', {
      authentication,
      subjects: [CONTROLLER, SERVER],
      namespaces: ['gitops-helm-quarkus', 'shop'],
      additionalRules: [{ apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
    });
    const manifests = Testing.synth(chart).filter(m => m.apiVersion === 'rbac.authorization.k8s.io/v1');
    expect(manifests).toMatchSnapshot();
    expect(manifests.map(m => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'Role gitops-helm-quarkus/argocd-manager',
      'RoleBinding gitops-helm-quarkus/argocd-manager',
      'Role shop/argocd-manager',
      'RoleBinding shop/argocd-manager',
    ]);
    const rules = manifests[0].rules;
    expect(rules.some((r: any) => r.resources.includes('secrets'))).toBe(false);
    expect(rules.some((r: any) => r.verbs.includes('*') || r.resources.includes('*'))).toBe(false);
    expect(access.namespaces).toEqual(['gitops-helm-quarkus', 'shop']);
    expect(access.accessFor('shop').namespace).toBe('shop');
    expect(access.accessFor('shop').usernames).toEqual([`ztwim:${CONTROLLER}`, `ztwim:${SERVER}`]);
    expectConformant(chart);
  });

  test('a custom name', () => {
    const { chart, authentication } = spoke();
    new ArgoCdNamespaceAccess(chart, 'ArgoCd', { authentication, subjects: [CONTROLLER], namespaces: ['shop'], name: 'gitops' });
    expect(Testing.synth(chart).filter(m => m.kind === 'Role').map(m => m.metadata.name)).toEqual(['gitops']);
    expectConformant(chart);
  });

  describe('fails', () => {
    test('fails on missing, invalid or duplicate namespaces', () => {
      const { chart, authentication } = spoke();
      expect(() => new ArgoCdNamespaceAccess(chart, 'A', { authentication, subjects: [CONTROLLER], namespaces: [] })).toThrow(/must list at least one namespace/);
      expect(() => new ArgoCdNamespaceAccess(chart, 'B', { authentication, subjects: [CONTROLLER], namespaces: ['Shop'] })).toThrow(/'namespaces\[0\]'/);
      expect(() => new ArgoCdNamespaceAccess(chart, 'C', { authentication, subjects: [CONTROLLER], namespaces: ['a', 'a'] })).toThrow(/lists "a" twice/);
      expect(() => new ArgoCdNamespaceAccess(chart, 'D', { authentication, subjects: [CONTROLLER], namespaces: ['a'], name: 'Bad' })).toThrow(/'name'/);
    });

    test('fails on broad additional rules', () => {
      const { chart, authentication } = spoke();
      expect(() => new ArgoCdNamespaceAccess(chart, 'A', {
        authentication, subjects: [CONTROLLER], namespaces: ['shop'], additionalRules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
      })).toThrow(/list on secrets without resourceNames/);
    });

    test('fails on asking for an unmanaged namespace', () => {
      const { chart, authentication } = spoke();
      const access = new ArgoCdNamespaceAccess(chart, 'A', { authentication, subjects: [CONTROLLER], namespaces: ['shop'] });
      expect(() => access.accessFor('other')).toThrow(/"other" is not managed by .*; managed: shop/);
    });

    test('errors are ValidationErrors that start with the construct path', () => {
      const attempt = () => {
        const { chart: fresh, authentication: auth } = spoke();
        return new ArgoCdNamespaceAccess(fresh, 'Empty', { authentication: auth, subjects: [CONTROLLER], namespaces: [] });
      };
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow(/^test\/Empty: 'namespaces' must list at least one namespace/);
      const { chart, authentication } = spoke();
      const access = new ArgoCdNamespaceAccess(chart, 'A', { authentication, subjects: [CONTROLLER], namespaces: ['shop'] });
      expect(() => access.accessFor('other')).toThrow(/^test\/A: namespace "other" is not managed/);
    });
  });
});
