import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AppProject, ProjectRoleAction, ProjectRoleResource } from '../../src/argocd';
import { expectConformant } from '../conformance/harness';

const SPOKE = 'https://api.spoke.example.com:6443';

describe('AppProject', () => {
  test('restrictive by default: no repositories, destinations or cluster-scoped kinds', () => {
    const chart = Testing.chart();
    const project = new AppProject(chart, 'p', { metadata: { name: 'team-a' } });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'team-a', namespace: 'argocd' },
      spec: { sourceRepos: [], destinations: [] },
    }]);
    expect([project.name, project.namespace]).toEqual(['team-a', 'argocd']);
    expect(project.permitsClusterResource('', 'Namespace')).toBe(false);
    expect(project.permitsSourceRepo('https://github.com/my-org/app')).toBe(false);
    expect(project.permitsDestination({ server: SPOKE, namespace: 'a' })).toBe(false);
    expectConformant(chart);
  });

  test('a fully configured project (snapshot)', () => {
    const chart = Testing.chart();
    const project = new AppProject(chart, 'p', {
      metadata: { name: 'spoke', labels: { team: 'platform' } },
      argoCdNamespace: 'openshift-gitops',
      description: 'Workloads on the spoke cluster',
      sourceRepos: ['https://github.com/redhat-developer/redhat-helm-charts'],
      destinations: [{ clusterName: 'spoke-cluster', namespace: 'gitops-helm-quarkus' }],
      clusterResourceAllowList: [{ group: '', kind: 'Namespace' }],
      namespaceResourceAllowList: [{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'Service' }],
      namespaceResourceDenyList: [{ group: '', kind: 'ResourceQuota' }],
      sourceNamespaces: ['team-b', 'team-a-*'],
      roles: [{
        name: 'deployer',
        description: 'sync only',
        groups: ['platform-team'],
        policies: [
          { resource: ProjectRoleResource.APPLICATIONS, action: ProjectRoleAction.GET },
          { resource: ProjectRoleResource.APPLICATIONS, action: ProjectRoleAction.SYNC, objects: 'quarkus-*' },
          { resource: ProjectRoleResource.EXEC, action: ProjectRoleAction.custom('create'), deny: true },
        ],
      }],
    });
    project.addSourceRepo('https://github.com/redhat-developer/gitops-*');
    project.addDestination({ server: SPOKE, namespace: 'team-a-*' });
    project.addClusterResource({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' });
    project.addRole({ name: 'viewer', policies: [{ resource: ProjectRoleResource.LOGS, action: ProjectRoleAction.GET }] });
    const [obj] = Testing.synth(chart);
    expect(obj).toMatchSnapshot();
    expect(obj.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }, { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }]);
    expect(obj.spec.namespaceResourceWhitelist).toEqual([{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'Service' }]);
    expect(obj.spec.sourceNamespaces).toEqual(['team-a-*', 'team-b']);
    expect(obj.spec.roles[0].policies).toEqual([
      'p, proj:spoke:deployer, applications, get, spoke/*, allow',
      'p, proj:spoke:deployer, applications, sync, spoke/quarkus-*, allow',
      'p, proj:spoke:deployer, exec, create, spoke/*, deny',
    ]);
    expectConformant(chart);
  });

  test('named opt-ins for all repositories, clusters, namespaces and cluster-scoped kinds', () => {
    const chart = Testing.chart();
    const project = new AppProject(chart, 'p', {
      allowAllSourceRepos: 'the platform team reviews every repository it deploys',
      allowAllClusterResources: 'the platform project installs operators and their CRDs',
      destinations: [{ server: '*', namespace: '*', allowAllClusters: 'the project deploys the same add-on to every cluster', allowAllNamespaces: 'the platform team serves every namespace from it' }],
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.sourceRepos).toEqual(['*']);
    expect(obj.spec.clusterResourceWhitelist).toEqual([{ group: '*', kind: '*' }]);
    expect(obj.spec.destinations).toEqual([{ namespace: '*', server: '*' }]);
    expect(project.permitsSourceRepo('git@github.com:any/thing.git')).toBe(true);
    expect(project.permitsClusterResource('apiextensions.k8s.io', 'CustomResourceDefinition')).toBe(true);
    expect(project.permitsDestination({ clusterName: 'x', namespace: 'kube-system' })).toBe(false);
    expect(project.permitsDestination({ server: SPOKE, namespace: 'kube-system' })).toBe(true);
    expectConformant(chart);
  });

  test('matches repositories as Argo CD normalizes and globs them (case, .git, ssh forms; * stays in one path segment)', () => {
    const project = new AppProject(Testing.chart(), 'p', {
      sourceRepos: ['https://github.com/My-Org/*', 'git@github.com:my-org/infra-*', 'https://dev.azure.com/my-org/**'],
    });
    expect(project.permitsSourceRepo('https://github.com/my-org/app.git')).toBe(true);
    expect(project.permitsSourceRepo('git@github.com:my-org/infra-base.git')).toBe(true);
    expect(project.permitsSourceRepo('https://dev.azure.com/my-org/proj/_git/app')).toBe(true);
    // NormalizeGitURL keeps a trailing slash, and '*' does not cross '/' in sourceRepos
    expect(project.permitsSourceRepo('https://github.com/my-org/app/')).toBe(false);
    expect(project.permitsSourceRepo('https://github.com/my-org/app/sub')).toBe(false);
    expect(project.permitsSourceRepo('https://github.com/other/app')).toBe(false);
  });

  test('refuses source repositories and destinations that reach further than they spell', () => {
    const chart = Testing.chart();
    for (const [repo, error] of [
      ['!https://github.com/my-org/secrets', /is a deny entry, and Argo CD counts a deny entry that does not match a repository as a match/],
      ['https://github.com/*', /stops before the owner: it reaches repositories of every owner on github.com/],
      ['https://github.com/my-org*', /stops before the owner/],
      ['https://*.example.com/my-org/app', /does not name the host/],
      ['git@github.com:*', /stops before the owner/],
      ['**', /is \* \(every repository\)/],
    ] as const) {
      expect(() => new AppProject(Testing.chart(), 'p', { sourceRepos: [repo] })).toThrow(error);
    }
    for (const [destination, error] of [
      [{ clusterName: 'x', namespace: 'kube-system' }, /its namespace reaches the system namespace kube-system; .* set acknowledgeSystemNamespaces to the reason/],
      [{ clusterName: 'x', namespace: '*-system' }, /reaches system namespaces/],
      [{ clusterName: 'x', namespace: 'kube-*' }, /reaches system namespaces/],
      [{ clusterName: 'x', namespace: 'argocd' }, /reaches the Argo CD namespace argocd/],
      [{ clusterName: 'x', namespace: '?*' }, /allows every namespace: its namespace matches every namespace/],
      [{ clusterName: 'x', namespace: '!team-b' }, /is a deny entry: Argo CD counts a deny entry that does not match as a match, so it would admit every other namespace/],
      [{ server: 'https://*', namespace: 'team-a' }, /allows every cluster: its server matches any cluster's server/],
      [{ clusterName: '!prod', namespace: 'team-a' }, /would admit every other cluster/],
    ] as const) {
      expect(() => new AppProject(Testing.chart(), 'p', { destinations: [destination as any] })).toThrow(error);
    }
    expect(() => new AppProject(chart, 's', { sourceNamespaces: ['kube-*'] })).toThrow(/'sourceNamespaces' \("kube-\*"\) lets Applications in system namespaces/);
    const platform = new AppProject(chart, 'platform', { destinations: [{ clusterName: 'x', namespace: 'kube-system', acknowledgeSystemNamespaces: 'the platform project installs the CNI into kube-system' }] });
    expect(platform.permitsDestination({ clusterName: 'x', namespace: 'kube-system' })).toBe(true);
    expect(() => new AppProject(chart, 'needless', { destinations: [{ clusterName: 'x', namespace: 'team-a', acknowledgeSystemNamespaces: 'the platform project installs the CNI' }] }))
      .toThrow(/sets acknowledgeSystemNamespaces but reaches no system namespace; remove it/);
  });

  test('a repository URL always matches itself after normalization (property)', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['https'] }), url => {
      fc.pre(!/[\s*?]/.test(url) && !url.includes('@'));
      const project = new AppProject(Testing.chart(), 'p', { sourceRepos: [url] });
      expect(project.permitsSourceRepo(url)).toBe(true);
      expect(project.permitsSourceRepo(`${url.toUpperCase()}`)).toBe(true);
    }), { numRuns: 100 });
  });

  test('matches destinations by server or name and a namespace glob', () => {
    const project = new AppProject(Testing.chart(), 'p', {
      destinations: [{ server: `${SPOKE}/`, namespace: 'team-a-*' }, { clusterName: 'spoke-*', namespace: 'shared' }],
    });
    expect(project.permitsDestination({ server: SPOKE, namespace: 'team-a-web' })).toBe(true);
    expect(project.permitsDestination({ server: `${SPOKE}/`, namespace: 'team-a-web' })).toBe(true);
    expect(project.permitsDestination({ server: SPOKE, namespace: 'team-b' })).toBe(false);
    expect(project.permitsDestination({ clusterName: 'spoke-1', namespace: 'shared' })).toBe(true);
    expect(project.permitsDestination({ clusterName: 'hub', namespace: 'shared' })).toBe(false);
  });

  test('fromAppProjectName references a project; the default project is an explicit opt-in', () => {
    const chart = Testing.chart();
    const imported = AppProject.fromAppProjectAttributes(chart, 'i', { name: 'platform', namespace: 'openshift-gitops' });
    expect([imported.name, imported.namespace, imported.apiVersion, imported.kind]).toEqual(['platform', 'openshift-gitops', 'argoproj.io/v1alpha1', 'AppProject']);
    expect(AppProject.fromAppProjectName(chart, 'j', 'platform').namespace).toBe('argocd');
    expect(AppProject.fromDefaultProject(chart, 'd', { reason: 'bootstrap only; replaced by team projects' }).name).toBe('default');
    expect(AppProject.fromDefaultProject(chart, 'e', { reason: 'bootstrap only; replaced by team projects', namespace: 'openshift-gitops' }).namespace).toBe('openshift-gitops');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails on the default project without opting in', () => {
    expect(() => AppProject.fromAppProjectName(Testing.chart(), 'i', 'default')).toThrow(/'name' \("default"\) refers to the built-in project .* AppProject.fromDefaultProject/);
    expect(() => AppProject.fromDefaultProject(Testing.chart(), 'd', { reason: ' ' })).toThrow(/'reason' \(" "\) is not a written reason: .* why the default project is used/);
  });

  test('fails on wildcards without the named opt-in', () => {
    expect(() => new AppProject(Testing.chart(), 'p', { sourceRepos: ['*'] })).toThrow(/'sourceRepos' \("\*"\) allows every repository; .* allowAllSourceRepos to the reason/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ server: '*', namespace: 'a' }] })).toThrow(/allows every cluster: its server is \* \(every cluster\); name the cluster, or set allowAllClusters to the reason/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ clusterName: 'x', namespace: '*' }] })).toThrow(/allows every namespace: its namespace matches every namespace .*; name the namespaces .*, or set allowAllNamespaces to the reason/);
    expect(() => new AppProject(Testing.chart(), 'p', { clusterResourceAllowList: [{ group: '*', kind: 'ClusterRole' }] })).toThrow(/'clusterResourceAllowList' entry .* uses a wildcard; .* allowAllClusterResources to the reason/);
    expect(() => new AppProject(Testing.chart(), 'p', { sourceNamespaces: ['*'] })).toThrow(/'sourceNamespaces' \("\*"\) must be a namespace or a namespace glob/);
  });

  test('fails on malformed entries', () => {
    expect(() => new AppProject(Testing.chart(), 'p', { description: 'x'.repeat(256) })).toThrow(/'description' has 256 characters; the CRD allows at most 255/);
    expect(() => new AppProject(Testing.chart(), 'p', { sourceRepos: ['https://github.com/a b'] })).toThrow(/'sourceRepos' .* must be a repository URL or glob/);
    expect(() => new AppProject(Testing.chart(), 'p', { sourceRepos: ['{{.repo}}'] })).toThrow(/without whitespace or templates/);
    expect(() => new AppProject(Testing.chart(), 'p', { sourceRepos: ['https://bot:hunter2@github.com/a/b'] })).toThrow(/contains a password in the URL/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ namespace: 'a' }] })).toThrow(/must set exactly one of server and clusterName/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ server: SPOKE, clusterName: 'x', namespace: 'a' }] })).toThrow(/must set exactly one of server and clusterName/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ server: SPOKE, namespace: 'A_B' }] })).toThrow(/'destinations\[\].namespace' \("A_B"\) must be a namespace or a glob/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ server: 'http://api.example.com', namespace: 'a' }] })).toThrow(/'destinations\[\].server' .* must use https/);
    expect(() => new AppProject(Testing.chart(), 'p', { destinations: [{ clusterName: 'a b', namespace: 'a' }] })).toThrow(/'destinations\[\].clusterName' \("a b"\) must be a cluster name/);
    expect(() => new AppProject(Testing.chart(), 'p', { namespaceResourceAllowList: [] })).toThrow(/'namespaceResourceAllowList' is empty, which forbids every namespaced kind/);
    expect(() => new AppProject(Testing.chart(), 'p', { namespaceResourceDenyList: [{ group: '', kind: '' }] })).toThrow(/'namespaceResourceDenyList' entry .* must name a kind/);
    expect(() => new AppProject(Testing.chart(), 'p', { namespaceResourceDenyList: [{ group: '', kind: 'Secret' }, { group: '', kind: 'Secret' }] })).toThrow(/'namespaceResourceDenyList' contains core\/Secret twice/);
    expect(() => new AppProject(Testing.chart(), 'p', { metadata: { namespace: 'default' } })).toThrow(/'metadata.namespace' \("default"\) must be the Argo CD namespace "argocd"/);
  });

  test('fails on duplicates', () => {
    const project = new AppProject(Testing.chart(), 'p', {
      sourceRepos: ['https://github.com/a/b'],
      destinations: [{ server: SPOKE, namespace: 'a' }],
      clusterResourceAllowList: [{ group: '', kind: 'Namespace' }],
      sourceNamespaces: ['team-a'],
      roles: [{ name: 'r', policies: [{ resource: ProjectRoleResource.APPLICATIONS, action: ProjectRoleAction.GET }] }],
    });
    expect(() => project.addSourceRepo('https://github.com/a/b')).toThrow(/'sourceRepos' already contains/);
    expect(() => project.addDestination({ server: `${SPOKE}/`, namespace: 'a' })).toThrow(/'destinations' already contains/);
    expect(() => project.addClusterResource({ group: '', kind: 'Namespace' })).toThrow(/'clusterResourceAllowList' already contains core\/Namespace/);
    expect(() => project.addSourceNamespace('team-a')).toThrow(/'sourceNamespaces' already contains "team-a"/);
    expect(() => project.addRole({ name: 'r', policies: [{ resource: ProjectRoleResource.LOGS, action: ProjectRoleAction.GET }] })).toThrow(/'roles' already contains a role named "r"/);
  });

  test('fails on bad roles', () => {
    const project = new AppProject(Testing.chart(), 'p');
    const get = { resource: ProjectRoleResource.APPLICATIONS, action: ProjectRoleAction.GET };
    expect(() => project.addRole({ name: 'Bad Role', policies: [get] })).toThrow(/'roles\[\].name' \("Bad Role"\) must be lowercase/);
    expect(() => project.addRole({ name: 'r', policies: [] })).toThrow(/'roles\[r\].policies' is empty/);
    expect(() => project.addRole({ name: 'r', policies: [{ ...get, objects: 'other/app' }] })).toThrow(/'roles\[r\].policies\[\].objects' \("other\/app"\) must be an object name or glob inside the project/);
    expect(() => ProjectRoleAction.custom('*')).toThrow(/'action' \("\*"\) must be one Argo CD RBAC action/);
    expect(() => ProjectRoleResource.custom('Apps')).toThrow(/'resource' \("Apps"\) must be a lowercase Argo CD RBAC resource/);
  });
});
