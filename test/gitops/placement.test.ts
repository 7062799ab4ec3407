import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { byId, parseYaml, REPO, tenant } from './fixtures';
import { kustomize } from './kubectl';
import { AppProject, Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ArgoCdCluster, ArgoCdClusterProps, ClusterAuth, ClusterTls } from '../../src/argocd';
import { CompliancePack } from '../../src/compliance';
import { AppOfApps, ClusterTarget, GitOpsRepository, OverlayOperation, OverlayPatch } from '../../src/gitops';
import { expectConformant } from '../conformance/harness';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----\n';

function argoObjects(repo: GitOpsRepository): any[] {
  const files = repo.files();
  return [...parseYaml(files['argocd/argocd.yaml']), ...parseYaml(files['bootstrap/bootstrap.yaml'])];
}

/** A spoke's cluster Secret, in a chart of its own (namespace `argocd`). */
function spokeCluster(app: App, props: Partial<ArgoCdClusterProps> = {}): ArgoCdCluster {
  const chart = new Chart(app, 'spoke-secret', { namespace: 'argocd', disableResourceNameHashes: true });
  return new ArgoCdCluster(chart, 'spoke', {
    metadata: { name: 'spoke-1' },
    clusterName: 'spoke-1',
    server: 'https://api.spoke-1.example.com:6443',
    auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
    tls: ClusterTls.verify(CA),
    namespaces: ['team-a'],
    ...props,
  });
}

/** Objects of Argo CD's control plane, each in a chart of its own (as a user would misplace them). */
const CONTROL_PLANE: [string, (app: App) => Chart, RegExp][] = [
  ['an AppProject in the Argo CD namespace', app => {
    const chart = new Chart(app, 'projects', { namespace: 'argocd', disableResourceNameHashes: true });
    new AppProject(chart, 'p', { metadata: { name: 'wild' }, sourceRepos: [REPO] });
    return chart;
  }, /argoproj.io\/AppProject argocd\/wild \(projects.yaml in base\/\) is one of Argo CD's own kinds/],
  ['an AppProject of a second Argo CD in a team namespace', app => {
    const chart = new Chart(app, 'projects', { namespace: 'team-gitops', disableResourceNameHashes: true });
    new AppProject(chart, 'p', { argoCdNamespace: 'team-gitops', metadata: { name: 'wild' }, sourceRepos: [REPO] });
    return chart;
  }, /argoproj.io\/AppProject team-gitops\/wild \(projects.yaml in base\/\) is one of Argo CD's own kinds/],
  ['an Application that installs ESO', app => {
    const chart = new Chart(app, 'eso', { namespace: 'argocd', disableResourceNameHashes: true });
    const project = AppProject.fromAppProjectName(chart, 'platform', 'platform');
    new Application(chart, 'eso', {
      metadata: { name: 'external-secrets' },
      project,
      source: ApplicationSource.kustomize({ repoUrl: REPO, path: 'eso' }),
      destination: ApplicationDestination.inCluster('external-secrets'),
    });
    return chart;
  }, /argoproj.io\/Application argocd\/external-secrets \(eso.yaml in base\/\) is one of Argo CD's own kinds/],
  ['an ApplicationSet', app => {
    const chart = new Chart(app, 'sets', { namespace: 'argocd', disableResourceNameHashes: true });
    new ApplicationSet(chart, 'set', {
      metadata: { name: 'everywhere' },
      generators: [ApplicationSetGenerator.list([{ cluster: 'x' }])],
      template: {
        name: 'x-{{.cluster}}',
        project: AppProject.fromAppProjectName(chart, 'platform', 'platform'),
        source: ApplicationSource.kustomize({ repoUrl: REPO, path: 'x' }),
        destination: ApplicationDestination.inCluster('team-a'),
      },
    });
    return chart;
  }, /argoproj.io\/ApplicationSet argocd\/everywhere \(sets.yaml in base\/\) is one of Argo CD's own kinds/],
  ['the ArgoCD operand', app => {
    const chart = new Chart(app, 'operand', { namespace: 'team-gitops', disableResourceNameHashes: true });
    new ApiObject(chart, 'argocd', { apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', metadata: { name: 'team' } });
    return chart;
  }, /argoproj.io\/ArgoCD team-gitops\/team \(operand.yaml in base\/\) is one of Argo CD's own kinds/],
  ['an Argo CD cluster Secret', app => Chart.of(spokeCluster(app)),
    /core\/Secret argocd\/spoke-1 \(spoke-secret.yaml in base\/\) is an Argo CD cluster Secret/],
  ['an Argo CD repository Secret', app => {
    const chart = new Chart(app, 'repos', { namespace: 'argocd', disableResourceNameHashes: true });
    new ApiObject(chart, 'repo', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'fleet-repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      stringData: { type: 'git', url: REPO },
    });
    return chart;
  }, /core\/Secret argocd\/fleet-repo \(repos.yaml in base\/\) is an Argo CD repository Secret/],
  ['an OLM Subscription', app => {
    const chart = new Chart(app, 'operators', { namespace: 'openshift-operators', disableResourceNameHashes: true });
    new ApiObject(chart, 'sub', {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: 'external-secrets-operator' },
      spec: { channel: 'stable', name: 'external-secrets-operator', source: 'community-operators', sourceNamespace: 'openshift-marketplace' },
    });
    return chart;
  }, /operators.coreos.com\/Subscription openshift-operators\/external-secrets-operator \(operators.yaml in base\/\) is an OLM Subscription/],
];

describe('GitOpsRepository placement: workload projects never hold Argo CD\'s own kinds', () => {
  test.each(CONTROL_PLANE)('fails: %s in a workload folder, with the object and the fix', (_, make, error) => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, make(app)] });
    repo.addEnvironment('staging');
    repo.addCluster('hub', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => repo.files()).toThrow(error);
    expect(() => repo.files()).toThrow(/addManagement\(\)/);
  });
});

test('fails: an overlay cannot turn a workload object into an Argo CD Secret', () => {
  const app = new App();
  const t = tenant(app, 'team-a');
  const settings = new Chart(app, 'settings', { namespace: 'team-a', disableResourceNameHashes: true });
  new ApiObject(settings, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'settings' }, type: 'Opaque' });
  const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, settings] });
  repo.addEnvironment('staging');
  repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['staging'] });
  expect(() => repo.files()).not.toThrow();
  repo.addClusterOverlay('east', 'staging', {
    patches: [OverlayPatch.json({ kind: 'Secret', name: 'settings' },
      OverlayOperation.add('/metadata/labels', { 'argocd.argoproj.io/secret-type': 'repository' }),
      OverlayOperation.replace('/metadata/name', 'fleet-repo'))],
  });
  expect(() => repo.files()).toThrow('clusters/east/staging:\n  core/Secret team-a/fleet-repo is an Argo CD repository Secret (label argocd.argoproj.io/secret-type): Argo CD reads it in its own namespace to reach clusters and repositories, so it belongs to the control plane; place its chart on the management cluster with addManagement()');
});

describe('GitOpsRepository placement: what an ArgoCdCluster lets Argo CD manage', () => {
  function spokeRepo(props: Partial<ArgoCdClusterProps>, extra?: (app: App) => Chart): GitOpsRepository {
    const app = new App();
    const t = tenant(app, 'team-a');
    const spoke = spokeCluster(app, props);
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, ...extra ? [extra(app)] : []] });
    repo.addEnvironment('production');
    repo.addCluster('spoke-1', { target: ClusterTarget.argoCdCluster(spoke), environments: ['production'] });
    return repo;
  }

  test('fails: a cluster-scoped object on a cluster whose Secret says clusterResources "false"', () => {
    expect(() => spokeRepo({}).files()).toThrow([
      'clusters/spoke-1/production:',
      '  core/Namespace team-a is cluster-scoped, but the ArgoCdCluster spoke-1 lets Argo CD manage only namespaced objects (clusterResources: "false"), so Argo CD would refuse to sync it; set clusterResources: true on the cluster, or deploy the object to a cluster that allows cluster-scoped objects',
    ].join('\n'));
  });

  test('fails: a Namespace the cluster\'s namespaces leave out', () => {
    const other = (app: App) => {
      const chart = new Chart(app, 'team-b-namespace', { disableResourceNameHashes: true });
      new kplus.Namespace(chart, 'ns', { metadata: { name: 'team-b' } });
      return chart;
    };
    expect(() => spokeRepo({ clusterResources: true }, other).files()).toThrow([
      'clusters/spoke-1/production:',
      '  core/Namespace team-b is a namespace the ArgoCdCluster spoke-1 does not let Argo CD manage (it allows team-a); add team-b to the cluster\'s namespaces',
    ].join('\n'));
  });

  test('cluster-scoped objects deploy where the cluster allows them', () => {
    const allowed = spokeRepo({ clusterResources: true });
    expect(byId(argoObjects(allowed))['AppProject argocd/fleet-production'].spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    const everything = spokeRepo({ namespaces: undefined, allowAllNamespaces: 'the platform team runs every namespace of this spoke from Git' });
    expect(() => everything.files()).not.toThrow();
  });
});

describe('GitOpsRepository placement: folders of cluster-scoped objects only', () => {
  test('a folder holding only a Namespace gets a project that allows no namespaced kind', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces] });
    repo.addEnvironment('staging');
    repo.addCluster('hub', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    const objects = argoObjects(repo);
    const project = byId(objects)['AppProject argocd/fleet-staging'].spec;
    expect(project.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    expect(project.namespaceResourceWhitelist).toBeUndefined();
    expect(project.namespaceResourceBlacklist).toEqual([{ group: '*', kind: '*' }]);
    expect(project.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'team-a' }]);
    expect(byId(objects)['Application argocd/fleet-staging-hub'].spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'team-a' });
    expectConformant(objects);
  });
});

/** Whether an object belongs to the control plane, read from the manifest as a reviewer would. */
function isControlPlane(o: any): boolean {
  const group = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '';
  return (group === 'argoproj.io' && ['AppProject', 'Application', 'ApplicationSet', 'ArgoCD'].includes(o.kind))
    || (o.kind === 'Secret' && o.metadata?.labels?.['argocd.argoproj.io/secret-type'] !== undefined)
    || group === 'operators.coreos.com';
}

interface Hub {
  readonly app: App;
  readonly repo: GitOpsRepository;
  readonly management: Chart[];
}

/**
 * Scenario S5's two sides in one repository: the management cluster's operators, Argo CD operand, an Application
 * installing ESO there, and the cluster Secrets of two spokes; the spokes' tenant in base.
 */
function hub(options: { appSets?: boolean; props?: Partial<ConstructorParameters<typeof GitOpsRepository>[0]> } = {}): Hub {
  const app = new App();
  const t = tenant(app, 'team-a');
  const operatorNamespace = new Chart(app, 'operator-namespaces', { disableResourceNameHashes: true });
  new kplus.Namespace(operatorNamespace, 'gitops', { metadata: { name: 'openshift-gitops-operator' } });
  const operators = new Chart(app, 'operators', { namespace: 'openshift-gitops-operator', disableResourceNameHashes: true });
  new ApiObject(operators, 'group', { apiVersion: 'operators.coreos.com/v1', kind: 'OperatorGroup', metadata: { name: 'openshift-gitops-operator' }, spec: { upgradeStrategy: 'Default' } });
  new ApiObject(operators, 'subscription', {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { name: 'openshift-gitops-operator' },
    spec: { channel: 'latest', installPlanApproval: 'Manual', name: 'openshift-gitops-operator', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' },
  });
  const identity = new Chart(app, 'identity', { disableResourceNameHashes: true });
  new ApiObject(identity, 'ztwim', {
    apiVersion: 'operator.openshift.io/v1alpha1',
    kind: 'ZeroTrustWorkloadIdentityManager',
    metadata: { name: 'cluster' },
    spec: { trustDomain: 'apps.hub.example.com', clusterName: 'hub' },
  });
  const controlPlane = new Chart(app, 'control-plane', { namespace: 'argocd', disableResourceNameHashes: true });
  new ApiObject(controlPlane, 'operand', { apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', metadata: { name: 'argocd' }, spec: {} });
  const platform = new AppProject(controlPlane, 'platform', {
    metadata: { name: 'platform' },
    sourceRepos: ['https://charts.external-secrets.io'],
    destinations: [{
      server: 'https://kubernetes.default.svc',
      namespace: 'external-secrets',
      acknowledgeSystemNamespaces: 'the platform project installs the External Secrets Operator into its own namespace on the hub',
    }],
  });
  new Application(controlPlane, 'eso', {
    metadata: { name: 'external-secrets' },
    project: platform,
    source: ApplicationSource.helm({ repoUrl: 'https://charts.external-secrets.io', chart: 'external-secrets', targetRevision: '0.14.0' }),
    destination: ApplicationDestination.inCluster('external-secrets'),
  });
  const spokes = ['spoke-1', 'spoke-2'].map(name => new ArgoCdCluster(controlPlane, name, {
    metadata: { name, labels: { 'zero-trust.cdk8s.io/environment': 'production' } },
    clusterName: name,
    server: `https://api.${name}.example.com:6443`,
    auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
    tls: ClusterTls.verify(CA),
    namespaces: ['team-a'],
    clusterResources: true,
  }));
  const management = [operatorNamespace, operators, identity, controlPlane];
  const repo = new GitOpsRepository({
    repoUrl: REPO,
    targetRevision: 'main',
    base: [t.namespaces, t.chart],
    management: management.slice(0, 2),
    ...options.appSets ? { appOfApps: AppOfApps.clusterApplicationSets() } : {},
    ...options.props,
  });
  repo.addManagement(...management.slice(2));
  repo.addEnvironment('production');
  for (const spoke of spokes) repo.addCluster(spoke.clusterName, { target: ClusterTarget.argoCdCluster(spoke), environments: ['production'] });
  return { app, repo, management };
}

describe('GitOpsRepository placement: the management cluster', () => {
  test('the control plane goes to management/, synced only to the cluster Argo CD runs in (snapshot)', () => {
    const { repo } = hub();
    const files = repo.files();
    expect(Object.keys(files).filter(f => f.startsWith('management/'))).toEqual([
      'management/SECRET-FLOW.md', 'management/control-plane.yaml', 'management/identity.yaml', 'management/kustomization.yaml',
      'management/operator-namespaces.yaml', 'management/operators.yaml',
    ]);
    expect(parseYaml(files['management/kustomization.yaml'])[0].resources).toEqual(['operator-namespaces.yaml', 'operators.yaml', 'identity.yaml', 'control-plane.yaml']);
    expect(files).toMatchSnapshot();
    const objects = byId(argoObjects(repo));
    expect(objects['AppProject argocd/fleet-management'].spec).toEqual({
      description: 'fleet management: the control plane in management/ (Argo CD, its projects and cluster Secrets, operators), on the cluster Argo CD runs in only',
      sourceRepos: [REPO],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        { server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops-operator' },
      ],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }, { group: 'operator.openshift.io', kind: 'ZeroTrustWorkloadIdentityManager' }],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'Application' },
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'ArgoCD' },
        { group: '', kind: 'Secret' },
        { group: 'operators.coreos.com', kind: 'OperatorGroup' },
        { group: 'operators.coreos.com', kind: 'Subscription' },
      ],
    });
    expect(objects['Application argocd/fleet-management'].spec).toMatchObject({
      project: 'fleet-management',
      source: { repoURL: REPO, path: 'management', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    });
    // the workload project: the spokes' namespaces and the tenant's kinds, nothing of the control plane
    const production = objects['AppProject argocd/fleet-production'].spec;
    expect(production.destinations.map((d: any) => d.server)).not.toContain('https://kubernetes.default.svc');
    expect([...production.clusterResourceWhitelist, ...production.namespaceResourceWhitelist].filter((k: any) => isControlPlane({ apiVersion: `${k.group}/v1`, kind: k.kind }))).toEqual([]);
    // the bootstrap project is unchanged: the management project is one more AppProject of argocd/
    expect(objects['AppProject argocd/fleet-bootstrap'].spec.namespaceResourceWhitelist).toEqual([
      { group: 'argoproj.io', kind: 'Application' }, { group: 'argoproj.io', kind: 'AppProject' },
    ]);
    expectConformant([...Object.values(objects), ...parseYaml(files['management/control-plane.yaml']), ...parseYaml(files['management/identity.yaml']), ...parseYaml(files['management/operators.yaml'])]);
  });

  test('no workload cluster folder contains a management-only object, as kustomize builds them', () => {
    const { repo } = hub();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    try {
      repo.synth(dir);
      for (const spoke of ['spoke-1', 'spoke-2']) {
        const built = parseYaml(kustomize(path.join(dir, 'clusters', spoke, 'production')));
        expect(built.length).toBeGreaterThan(5);
        expect(built.filter(isControlPlane)).toEqual([]);
        expect(byId(built)).toEqual(byId(repo.renderedObjects(spoke, 'production')));
      }
      const management = parseYaml(kustomize(path.join(dir, 'management')));
      expect(management.filter(isControlPlane).map(o => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
        'AppProject platform', 'Application external-secrets', 'ArgoCD argocd', 'OperatorGroup openshift-gitops-operator',
        'Secret spoke-1', 'Secret spoke-2', 'Subscription openshift-gitops-operator',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the README says where the control plane goes and how a new management cluster starts', () => {
    const readme = hub().repo.files()['README.md'];
    expect(readme).toContain('On a new management cluster, apply `management/` before `bootstrap/`');
    expect(readme).toContain('From then on the Application `fleet-management` keeps `management/` in sync.');
    expect(readme).toContain('| management (Argo CD runs here) | `https://kubernetes.default.svc` | - | `management/` | Application `fleet-management` | `fleet-management` |');
    expect(readme).toMatch(/\| `management\/` \| the control plane of the cluster Argo CD runs in, synced there only \| `kustomization.yaml`, `operator-namespaces.yaml`, `operators.yaml`, `identity.yaml`, `control-plane.yaml` \| 9 \(/);
    expect(readme).toContain('- `management/`: [SECRET-FLOW.md](management/SECRET-FLOW.md)');
    expect(readme).toContain('It alone may create Argo CD\'s own objects');
  });

  test('with ApplicationSets, the bootstrap project also lets the root create the management Application', () => {
    const { repo } = hub({ appSets: true });
    const objects = byId(argoObjects(repo));
    expect(objects['AppProject argocd/fleet-bootstrap'].spec.namespaceResourceWhitelist).toEqual([
      { group: 'argoproj.io', kind: 'Application' }, { group: 'argoproj.io', kind: 'ApplicationSet' }, { group: 'argoproj.io', kind: 'AppProject' },
    ]);
    expect(objects['Application argocd/fleet-management'].spec.project).toBe('fleet-management');
    expect(objects['ApplicationSet argocd/fleet-production']).toBeDefined();
    expect(repo.files()['README.md']).toContain('only AppProjects and ApplicationSets and the management Application)');
    expectConformant(Object.values(objects));
  });

  test('a repository of the management cluster alone needs no environment', () => {
    const app = new App();
    const chart = new Chart(app, 'operators', { namespace: 'openshift-operators', disableResourceNameHashes: true });
    new ApiObject(chart, 'subscription', {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: 'openshift-pipelines-operator-rh' },
      spec: { channel: 'latest', installPlanApproval: 'Manual', name: 'openshift-pipelines-operator-rh', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' },
    });
    const repo = new GitOpsRepository({ repoUrl: REPO, management: [chart] });
    const files = repo.files();
    expect(Object.keys(files).filter(f => /^(base|environments|clusters)\//.test(f))).toEqual([]);
    const objects = byId(argoObjects(repo));
    expect(Object.keys(objects).sort()).toEqual([
      'AppProject argocd/fleet-bootstrap', 'AppProject argocd/fleet-management', 'Application argocd/fleet-management', 'Application argocd/fleet-root',
    ]);
    expect(objects['AppProject argocd/fleet-management'].spec.clusterResourceWhitelist).toBeUndefined();
    expectConformant(Object.values(objects));
  });

  test('management-only kinds the repository adds are refused in workload folders', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const hive = new Chart(app, 'hive', { namespace: 'team-a', disableResourceNameHashes: true });
    new ApiObject(hive, 'cd', { apiVersion: 'hive.openshift.io/v1', kind: 'ClusterDeployment', metadata: { name: 'spoke-3' } });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, hive], managementOnlyKinds: [{ group: 'hive.openshift.io', kind: 'ClusterDeployment' }] });
    repo.addEnvironment('staging');
    repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['staging'] });
    expect(() => repo.files()).toThrow('clusters/east/staging:\n  hive.openshift.io/ClusterDeployment team-a/spoke-3 (hive.yaml in base/) is a ClusterDeployment, a kind listed in managementOnlyKinds: the repository keeps that kind on the management cluster; place its chart on the management cluster with addManagement()');
    expect(() => new GitOpsRepository({ repoUrl: REPO, managementOnlyKinds: [{ group: 'hive.openshift.io', kind: '*' }] }))
      .toThrow('\'managementOnlyKinds\' entry {"group":"hive.openshift.io","kind":"*"} must name one kind and its group (\'\' for core) without whitespace or wildcards; e.g. { group: \'hive.openshift.io\', kind: \'ClusterDeployment\' }');
    expect(() => new GitOpsRepository({ repoUrl: REPO, managementOnlyKinds: [{ group: 'a b', kind: 'X' }] })).toThrow(/'managementOnlyKinds' entry/);
  });

  test('allowWorkloadOperators lets workload folders install operators (with the reason in the README), never Argo CD', () => {
    const reason = 'every spoke runs its own OpenShift Pipelines for its tenants\' builds';
    const build = (extra: (app: App) => Chart) => {
      const app = new App();
      const t = tenant(app, 'team-a');
      const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, extra(app)], allowWorkloadOperators: reason });
      repo.addEnvironment('staging');
      repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['staging'] });
      return repo;
    };
    const operators = (app: App) => {
      const chart = new Chart(app, 'pipelines', { namespace: 'team-a', disableResourceNameHashes: true });
      new ApiObject(chart, 'sub', {
        apiVersion: 'operators.coreos.com/v1alpha1',
        kind: 'Subscription',
        metadata: { name: 'openshift-pipelines-operator-rh' },
        spec: { channel: 'latest', name: 'openshift-pipelines-operator-rh', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' },
      });
      return chart;
    };
    const repo = build(operators);
    expect(byId(argoObjects(repo))['AppProject argocd/fleet-staging'].spec.namespaceResourceWhitelist).toContainEqual({ group: 'operators.coreos.com', kind: 'Subscription' });
    expect(repo.files()['README.md']).toContain(`Workload folders may install operators (OLM Subscriptions, OperatorGroups and CatalogSources): ${reason}`);
    const argo = CONTROL_PLANE.find(([name]) => name === 'the ArgoCD operand')!;
    expect(() => build(argo[1]).files()).toThrow(argo[2]);
    expect(() => new GitOpsRepository({ repoUrl: REPO, allowWorkloadOperators: 'because' })).toThrow(/'allowWorkloadOperators' \("because"\) is not a written reason/);
  });

  test('fails: an environment named like the management project, an object in management/ and an in-cluster folder, a generated name taken', () => {
    const named = hub().repo;
    named.addEnvironment('management');
    named.addCluster('hub', { target: ClusterTarget.inCluster(), environments: ['management'] });
    expect(() => named.files()).toThrow('environment "management" would share the AppProject and Application fleet-management with the management cluster\'s; give the environment another name, e.g. "platform"');

    const app = new App();
    const t = tenant(app, 'team-a');
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.chart], management: [t.namespaces] });
    repo.addEnvironment('staging');
    repo.addCluster('hub', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['staging'] });
    expect(() => repo.files()).not.toThrow();
    const shared = new Chart(app, 'shared', { disableResourceNameHashes: true });
    new kplus.Namespace(shared, 'ns', { metadata: { name: 'team-a' } });
    repo.addClusterOverlay('hub', 'staging', { charts: [shared] });
    expect(() => repo.files()).toThrow('management:\n  core/Namespace team-a is in management/ and in clusters/hub/staging/, both on the cluster Argo CD runs in; keep it in one of them');

    const taken = hub().repo;
    const clash = new Chart(new App(), 'clash', { namespace: 'argocd', disableResourceNameHashes: true });
    new AppProject(clash, 'p', { metadata: { name: 'fleet-production' }, sourceRepos: [REPO] });
    taken.addManagement(clash);
    expect(() => taken.files()).toThrow('management:\n  argoproj.io/AppProject argocd/fleet-production is generated by the repository in argocd/ or bootstrap/ too; rename the object in management/');
  });

  test('fails: management/ is checked like any folder (namespaces, charts, compliance)', () => {
    const { app, repo, management } = hub();
    expect(() => repo.addManagement(management[0])).toThrow(/chart operator-namespaces is already in management; a chart belongs to one folder/);
    const loose = new Chart(app, 'loose', { disableResourceNameHashes: true });
    new kplus.ServiceAccount(loose, 'sa', { metadata: { name: 'nowhere' } });
    repo.addManagement(loose);
    expect(() => repo.files()).toThrow('management:\n  core/ServiceAccount nowhere has no namespace and is not a known cluster-scoped kind; give its chart a namespace, or list the kind in clusterScopedKinds if it is cluster-scoped');

    const empty = new GitOpsRepository({ repoUrl: REPO, management: [new Chart(new App(), 'nothing')] });
    expect(() => empty.files()).toThrow('management holds no namespaced object and no Namespace, so its Application has no namespace to point at; add a chart with a namespace');

    const store = new Chart(new App(), 'stores', { disableResourceNameHashes: true });
    new ApiObject(store, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'shared' },
      spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso', namespace: 'external-secrets' } } } } } },
    });
    const ns = new Chart(new App(), 'ns', { disableResourceNameHashes: true });
    new kplus.Namespace(ns, 'ns', { metadata: { name: 'external-secrets' } });
    const checked = new GitOpsRepository({ repoUrl: REPO, management: [store, ns], compliancePack: new CompliancePack() });
    expect(() => checked.files()).toThrow(/the compliance pack refuses the repository:\n {2}management: ClusterSecretStore shared: ZT-ESO1/);
  });
});
