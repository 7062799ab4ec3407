import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { byId, fleet, parseYaml, REPO, tenant } from './fixtures';
import { AppProject, ArgoCdCluster, ClusterAuth, ClusterTls } from '../../src/argocd';
import { Compliance, CompliancePack } from '../../src/compliance';
import { AppOfApps, ClusterTarget, GitOpsRepository, OverlayOperation, OverlayPatch } from '../../src/gitops';
import { expectConformant } from '../conformance/harness';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----\n';

function argoObjects(repo: GitOpsRepository): any[] {
  const files = repo.files();
  return [...parseYaml(files['argocd/argocd.yaml']), ...parseYaml(files['bootstrap/bootstrap.yaml'])];
}

function minimal(props: Partial<ConstructorParameters<typeof GitOpsRepository>[0]> = {}): { app: App; repo: GitOpsRepository } {
  const app = new App();
  const t = tenant(app, 'team-a');
  const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart], ...props });
  return { app, repo };
}

describe('GitOpsRepository', () => {
  test('writes base, environments, cluster folders, argocd and bootstrap (snapshot)', () => {
    const { repo } = fleet();
    const files = repo.files();
    expect(Object.keys(files)).toEqual([
      'README.md',
      'argocd/argocd.yaml', 'argocd/kustomization.yaml',
      'base/kustomization.yaml', 'base/team-a-namespace.yaml', 'base/team-a.yaml', 'base/team-b-namespace.yaml', 'base/team-b.yaml',
      'bootstrap/bootstrap.yaml', 'bootstrap/kustomization.yaml',
      'clusters/east/production/SECRET-FLOW.md', 'clusters/east/production/kustomization.yaml',
      'clusters/east/staging/SECRET-FLOW.md', 'clusters/east/staging/kustomization.yaml',
      'clusters/west/production/SECRET-FLOW.md', 'clusters/west/production/kustomization.yaml',
      'environments/production/kustomization.yaml', 'environments/staging/kustomization.yaml',
    ]);
    expect(files).toMatchSnapshot();
    expectConformant(argoObjects(repo));
  });

  test('is deterministic: the same code writes byte-identical files', () => {
    expect(fleet().repo.files()).toEqual(fleet().repo.files());
  });

  test('kustomizations inherit base → environment → cluster, with the patches of the overlay', () => {
    const files = fleet().repo.files();
    expect(parseYaml(files['base/kustomization.yaml'])[0]).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['team-a-namespace.yaml', 'team-a.yaml', 'team-b-namespace.yaml', 'team-b.yaml'],
    });
    const staging = parseYaml(files['environments/staging/kustomization.yaml'])[0];
    expect(staging.resources).toEqual(['../../base']);
    expect(staging.labels).toEqual([{ pairs: { 'example.com/environment': 'staging' }, includeSelectors: false }]);
    // per tenant: the store's prefix annotation, two keys of the db ExternalSecret, the PushSecret's remote key
    expect(staging.patches.map((p: any) => `${p.target.kind} ${p.target.namespace}/${p.target.name}`)).toEqual([
      'SecretStore team-a/vault', 'ExternalSecret team-a/db', 'PushSecret team-a/push-cert',
      'SecretStore team-b/vault', 'ExternalSecret team-b/db', 'PushSecret team-b/push-cert',
    ]);
    expect(parseYaml(staging.patches[1].patch)[0]).toEqual([
      { op: 'test', path: '/spec/data/0/remoteRef/key', value: 'team-a/db' },
      { op: 'replace', path: '/spec/data/0/remoteRef/key', value: 'staging/team-a/db' },
      { op: 'test', path: '/spec/dataFrom/0/extract/key', value: 'team-a/db-settings' },
      { op: 'replace', path: '/spec/dataFrom/0/extract/key', value: 'staging/team-a/db-settings' },
    ]);
    expect(parseYaml(files['clusters/east/staging/kustomization.yaml'])[0].resources).toEqual(['../../../environments/staging']);
  });

  test('each environment gets an AppProject allowing exactly its clusters, namespaces and kinds', () => {
    const objects = byId(argoObjects(fleet().repo));
    const production = objects['AppProject argocd/fleet-production'].spec;
    expect(production.sourceRepos).toEqual([REPO]);
    expect(production.destinations).toEqual([
      { server: 'https://api.east.example.com:6443', namespace: 'team-a' },
      { server: 'https://api.east.example.com:6443', namespace: 'team-b' },
      { server: 'https://api.west.example.com:6443', namespace: 'team-a' },
      { server: 'https://api.west.example.com:6443', namespace: 'team-b' },
    ]);
    expect(production.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    expect(production.namespaceResourceWhitelist).toEqual([
      { group: '', kind: 'ServiceAccount' },
      { group: 'external-secrets.io', kind: 'ExternalSecret' },
      { group: 'external-secrets.io', kind: 'PushSecret' },
      { group: 'external-secrets.io', kind: 'SecretStore' },
      { group: 'generators.external-secrets.io', kind: 'Password' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
    ]);
    expect(objects['AppProject argocd/fleet-staging'].spec.destinations.map((d: any) => d.server)).not.toContain('https://api.west.example.com:6443');
  });

  test('one Application per cluster and environment, in its environment\'s project, syncing its folder', () => {
    const objects = byId(argoObjects(fleet().repo));
    const app = objects['Application argocd/fleet-production-west'];
    expect(app.metadata.labels).toEqual({ 'zero-trust.cdk8s.io/environment': 'production' });
    expect(app.spec).toEqual({
      project: 'fleet-production',
      source: { repoURL: REPO, path: 'clusters/west/production', targetRevision: 'main', kustomize: {} },
      destination: { server: 'https://api.west.example.com:6443', namespace: 'team-a' },
      syncPolicy: { automated: { prune: true, selfHeal: true, allowEmpty: false }, syncOptions: ['PruneLast=true', 'FailOnSharedResource=true'] },
    });
    expect(Object.keys(objects).filter(k => k.startsWith('Application ')).sort()).toEqual([
      'Application argocd/fleet-production-east', 'Application argocd/fleet-production-west', 'Application argocd/fleet-root', 'Application argocd/fleet-staging-east',
    ]);
  });

  test('bootstrap: a root Application syncing argocd/ through a project limited to Argo CD\'s namespace and kinds', () => {
    const objects = byId(parseYaml(fleet().repo.files()['bootstrap/bootstrap.yaml']));
    expect(objects['AppProject argocd/fleet-bootstrap'].spec).toMatchObject({
      sourceRepos: [REPO],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }, { group: 'argoproj.io', kind: 'AppProject' }],
    });
    expect(objects['AppProject argocd/fleet-bootstrap'].spec.clusterResourceWhitelist).toBeUndefined();
    expect(objects['Application argocd/fleet-root'].spec).toMatchObject({
      project: 'fleet-bootstrap',
      source: { path: 'argocd', repoURL: REPO, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    });
  });

  test('a list ApplicationSet per environment, with an element per cluster', () => {
    const objects = byId(argoObjects(fleet({}, AppOfApps.listApplicationSet()).repo));
    const set = objects['ApplicationSet argocd/fleet-production'].spec;
    expect(set.generators).toEqual([{
      list: {
        elements: [
          { cluster: 'east', namespace: 'team-a', path: 'clusters/east/production', server: 'https://api.east.example.com:6443' },
          { cluster: 'west', namespace: 'team-a', path: 'clusters/west/production', server: 'https://api.west.example.com:6443' },
        ],
      },
    }]);
    expect(set.template.metadata.name).toBe('fleet-production-{{.cluster}}');
    expect(set.template.spec).toMatchObject({
      project: 'fleet-production',
      source: { path: '{{.path}}' },
      destination: { server: '{{.server}}', namespace: '{{.namespace}}' },
    });
    expect(Object.keys(objects).some(k => k.startsWith('Application ') && k !== 'Application argocd/fleet-root')).toBe(false);
    expect(objects['AppProject argocd/fleet-bootstrap'].spec.namespaceResourceWhitelist[0]).toEqual({ group: 'argoproj.io', kind: 'ApplicationSet' });
    expectConformant(Object.values(objects));
  });

  test('cluster ApplicationSets select ArgoCdClusters by the environment label; folders are named after the clusters', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const mgmt = new Chart(app, 'mgmt', { namespace: 'argocd' });
    const spoke = new ArgoCdCluster(mgmt, 'spoke', {
      metadata: { labels: { 'zero-trust.cdk8s.io/environment': 'production' } },
      clusterName: 'spoke-1',
      server: 'https://api.spoke-1.example.com:6443',
      auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
      tls: ClusterTls.verify(CA),
      namespaces: ['team-a'],
      // the tenant's Namespace is cluster-scoped
      clusterResources: true,
    });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart], appOfApps: AppOfApps.clusterApplicationSets() });
    repo.addEnvironment('production');
    repo.addCluster('spoke-1', { target: ClusterTarget.argoCdCluster(spoke), environments: ['production'] });
    const set = byId(argoObjects(repo))['ApplicationSet argocd/fleet-production'].spec;
    expect(set.generators).toEqual([{ clusters: { selector: { matchLabels: { 'zero-trust.cdk8s.io/environment': 'production' } } } }]);
    expect(set.template.metadata.name).toBe('fleet-production-{{.nameNormalized}}');
    expect(set.template.spec.source.path).toBe('clusters/{{.name}}/production');
    expect(set.template.spec.destination).toEqual({ server: '{{.server}}', namespace: 'team-a' });
    expect(Object.keys(repo.files())).toContain('clusters/spoke-1/production/kustomization.yaml');
  });

  test('fails: a cluster generator cannot find a cluster given by server URL or named differently from its folder', () => {
    const { repo } = minimal({ appOfApps: AppOfApps.clusterApplicationSets({ environmentLabel: 'example.com/env' }) });
    repo.addEnvironment('production');
    repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['production'] });
    expect(() => repo.files()).toThrow(/cluster "east" is given by server URL \(https:\/\/api.east.example.com:6443\), but a cluster generator finds its folder by the Argo CD cluster name/);
    const other = minimal({ appOfApps: AppOfApps.clusterApplicationSets() }).repo;
    other.addEnvironment('production');
    other.addCluster('local', { target: ClusterTarget.inCluster(), environments: ['production'] });
    expect(() => other.files()).toThrow(/cluster "local" is named "in-cluster" in Argo CD/);
    expect(() => AppOfApps.clusterApplicationSets({ environmentLabel: 'bad label' })).toThrow(/environmentLabel/);
  });

  test('environment and cluster overlays add charts and JSON patches; the README lists them', () => {
    const { app, repo } = minimal({ name: 'shop', targetRevision: 'v1.2.0' });
    const debug = new Chart(app, 'debug', { namespace: 'team-a', disableResourceNameHashes: true });
    new kplus.ServiceAccount(debug, 'sa', { metadata: { name: 'debugger' }, automountToken: false });
    repo.addEnvironment('staging', { charts: [debug] });
    repo.addEnvironmentOverlay('staging', { patches: [OverlayPatch.json({ kind: 'ExternalSecret', name: 'db' }, OverlayOperation.replace('/spec/refreshInterval', '15m0s'))] });
    const extra = new Chart(app, 'east-only', { namespace: 'team-a', disableResourceNameHashes: true });
    new kplus.ServiceAccount(extra, 'sa', { metadata: { name: 'east-agent' }, automountToken: false });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    repo.addClusterOverlay('east', 'staging', { charts: [extra], labels: { 'example.com/cluster': 'east' } });
    const objects = byId(repo.renderedObjects('east', 'staging'));
    expect(objects['ExternalSecret team-a/db'].spec.refreshInterval).toBe('15m0s');
    expect(objects['ServiceAccount team-a/debugger']).toBeDefined();
    expect(objects['ServiceAccount team-a/east-agent'].metadata.labels).toEqual({ 'example.com/cluster': 'east' });
    expect(objects['Namespace /team-a'].metadata.labels).toEqual({ 'example.com/cluster': 'east' });
    const files = repo.files();
    expect(parseYaml(files['clusters/east/staging/kustomization.yaml'])[0].resources).toEqual(['../../../environments/staging', 'east-only.yaml']);
    expect(parseYaml(files['environments/staging/kustomization.yaml'])[0].resources).toEqual(['../../base', 'debug.yaml']);
    const readme = files['README.md'];
    expect(readme).toContain('# shop: GitOps repository');
    expect(readme).toContain('at `v1.2.0`');
    expect(readme).toContain('| `environments/staging/` | environment staging: the base and what differs in staging; patch: ExternalSecret db: replace /spec/refreshInterval | `kustomization.yaml`, `debug.yaml` | 1 (ServiceAccount 1) |');
    expect(readme).toContain('| `clusters/east/staging/` | what Argo CD deploys to cluster east for staging; labels: example.com/cluster=east | `kustomization.yaml`, `east-only.yaml` | 1 own (ServiceAccount 1); 10 deployed |');
    expect(readme).toContain('| east | `https://kubernetes.default.svc` | staging | `clusters/east/staging/` | Application `shop-staging-east` | `shop-staging` |');
    expect([repo.environments, repo.clusters]).toEqual([['staging'], ['east']]);
  });

  test('an environment without a base: environments hold all the charts', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const repo = new GitOpsRepository({ repoUrl: REPO });
    repo.addEnvironment('staging', { charts: [t.namespaces, t.chart] });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    const files = repo.files();
    expect(Object.keys(files).some(f => f.startsWith('base/'))).toBe(false);
    expect(parseYaml(files['environments/staging/kustomization.yaml'])[0].resources).toEqual(['team-a-namespace.yaml', 'team-a.yaml']);
  });

  test('ArgoCdCluster targets: Applications address the cluster by name; its namespaces bound the repository', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const mgmt = new Chart(app, 'mgmt', { namespace: 'argocd' });
    const project = new AppProject(mgmt, 'project', { metadata: { name: 'spokes' }, sourceRepos: [REPO] });
    const spoke = new ArgoCdCluster(mgmt, 'spoke', {
      clusterName: 'spoke-1',
      server: 'https://api.spoke-1.example.com:6443',
      auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
      tls: ClusterTls.verify(CA),
      namespaces: ['team-b'],
      project,
    });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart] });
    repo.addEnvironment('production');
    repo.addCluster('spoke-1', { target: ClusterTarget.argoCdCluster(spoke), environments: ['production'] });
    expect(() => repo.files()).toThrow(/ServiceAccount team-a\/vault-reader is in namespace team-a, which the ArgoCdCluster spoke-1 does not let Argo CD manage \(it allows team-b\)/);
  });

  test('synth writes the files, replaces its own earlier output, and refuses a folder it did not write', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    try {
      const { repo } = fleet();
      repo.synth(path.join(dir, 'repo'));
      fs.writeFileSync(path.join(dir, 'repo', 'stale.yaml'), 'x: 1\n');
      repo.synth(path.join(dir, 'repo'));
      expect(fs.existsSync(path.join(dir, 'repo', 'stale.yaml'))).toBe(false);
      expect(fs.readFileSync(path.join(dir, 'repo', 'clusters', 'west', 'production', 'kustomization.yaml'), 'utf8')).toBe(repo.files()['clusters/west/production/kustomization.yaml']);
      fs.mkdirSync(path.join(dir, 'other'));
      fs.writeFileSync(path.join(dir, 'other', 'notes.txt'), 'mine');
      expect(() => repo.synth(path.join(dir, 'other'))).toThrow(/'outdir' \(.*other\) is not empty and was not written by GitOpsRepository/);
      expect(fs.readFileSync(path.join(dir, 'other', 'notes.txt'), 'utf8')).toBe('mine');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails with the compliance pack when an overlay breaks a rule, naming the folder', () => {
    const { repo } = minimal({ compliancePack: new CompliancePack() });
    repo.addEnvironment('staging', { patches: [OverlayPatch.json({ kind: 'ExternalSecret', name: 'db' }, OverlayOperation.replace('/spec/data/0/remoteRef/key', 'team-b/db'))] });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => repo.files()).toThrow(/the compliance pack refuses the repository:\n {2}clusters\/east\/staging: ExternalSecret team-a\/db: ZT-ESO7: remote key outside the key prefix of its store: spec.data\[0\].remoteRef.key team-b\/db does not start with team-a\//);
    const clean = minimal({ compliancePack: new CompliancePack() }).repo;
    clean.addEnvironment('staging', { patches: [OverlayPatch.prefixRemoteKeys({ prefix: 'staging/' })] });
    clean.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => clean.files()).not.toThrow();
  });

  test('an acknowledgement annotation counts only where the charts\' own pack wrote it, never where an overlay did', () => {
    const overlay = (repo: GitOpsRepository, annotate: boolean) => {
      const ops = [OverlayOperation.replace('/spec/data/0/remoteRef/key', 'team-b/db')];
      if (annotate) ops.push(OverlayOperation.add('/metadata/annotations', { [Compliance.ANNOTATION]: '{"ZT-ESO7":"the overlay points at the shared database on purpose"}' }));
      repo.addEnvironment('staging', { patches: [OverlayPatch.json({ kind: 'ExternalSecret', name: 'db' }, ...ops)] });
      repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    };
    const forged = minimal({ compliancePack: new CompliancePack() }).repo;
    overlay(forged, true);
    expect(() => forged.files()).toThrow(/ExternalSecret team-a\/db: ZT-ESO7: .*\n.*ExternalSecret team-a\/db: ZT-ACK1: manifest acknowledges findings in an annotation the pack does not trust/);

    // acknowledged in code, written by the App's pack, unchanged by the overlays: it counts; rewritten by one, it does not
    const vouched = (rewrite: boolean) => {
      const app = new App();
      const t = tenant(app, 'team-a');
      const shared = new Chart(app, 'shared', { disableResourceNameHashes: true });
      const store = new ApiObject(shared, 'store', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'shared' },
        spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso', namespace: 'external-secrets' } } } } } },
      });
      Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'a platform admission policy confines this store to team namespaces' });
      CompliancePack.applyTo(app, { annotateAcknowledgements: true });
      const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, shared], compliancePack: new CompliancePack() });
      const patches = rewrite ? [OverlayPatch.json({ kind: 'ClusterSecretStore', name: 'shared' }, OverlayOperation.replace(`/metadata/annotations/${Compliance.ANNOTATION.replace('/', '~1')}`, '{"ZT-ESO1":"the overlay widens the store for staging"}'))] : [];
      repo.addEnvironment('staging', { patches });
      repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
      return repo;
    };
    expect(() => vouched(false).files()).not.toThrow();
    expect(() => vouched(true).files()).toThrow(/ClusterSecretStore shared: ZT-ESO1: .*\n.*ClusterSecretStore shared: ZT-ACK1/);
  });

  describe('fails on bad props', () => {
    test.each([
      [{ repoUrl: 'not a url' }, /repoUrl|URL/],
      [{ targetRevision: 'has space' }, /'targetRevision' \("has space"\) must be a branch, tag or commit without whitespace/],
      [{ name: 'Fleet' }, /name/],
      [{ name: 'a'.repeat(41) }, /'name' \(a{41}\) is longer than 40 characters/],
      [{ argoCdNamespace: 'Argo' }, /argoCdNamespace/],
    ])('%j', (props, error) => {
      expect(() => new GitOpsRepository({ repoUrl: REPO, ...props })).toThrow(error);
    });
  });

  test('fails: structure errors name the environment, cluster or chart', () => {
    const { app, repo } = minimal();
    expect(() => repo.files()).toThrow('the repository has no environment; add one with addEnvironment(), e.g. "staging"');
    expect(() => repo.addEnvironment('base')).toThrow(/'environment' \(base\) is the folder every environment inherits from/);
    expect(() => repo.addEnvironment('Staging')).toThrow(/environment/);
    repo.addEnvironment('staging');
    expect(() => repo.addEnvironment('staging')).toThrow('environment "staging" was already added; add more to it with addEnvironmentOverlay()');
    expect(() => repo.addEnvironmentOverlay('prod', {})).toThrow('environment "prod" is unknown (known: staging); add it with addEnvironment()');
    expect(() => repo.files()).toThrow('the repository has no cluster; add one with addCluster()');
    expect(() => repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: [] })).toThrow(/'environments' of cluster "east" is empty/);
    expect(() => repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['prod'] })).toThrow(/cluster "east" runs environment "prod", which is unknown \(known: staging\)/);
    expect(() => repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging', 'staging'] })).toThrow(/lists "staging" twice/);
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => repo.addCluster('east', { target: ClusterTarget.server('https://api.x.example.com'), environments: ['staging'] })).toThrow(/cluster "east" was already added/);
    expect(() => repo.addCluster('west', { target: ClusterTarget.inCluster(), environments: ['staging'] })).toThrow(/clusters "east" and "west" both target https:\/\/kubernetes.default.svc/);
    expect(() => repo.addClusterOverlay('west', 'staging', {})).toThrow(/cluster "west" is unknown \(known: east\)/);
    expect(() => repo.addClusterOverlay('east', 'prod', {})).toThrow(/cluster "east" does not run environment "prod" \(it runs staging\)/);
    expect(() => repo.renderedObjects('west', 'staging')).toThrow(/cluster "west" with environment "staging" is not in the repository/);
    repo.addEnvironment('production');
    expect(() => repo.files()).toThrow('environment "production" runs on no cluster; add it to a cluster\'s environments or remove it');
    const again = app.node.findAll().find(c => c instanceof Chart && c.node.id === 'team-a') as Chart;
    expect(() => repo.addEnvironmentOverlay('production', { charts: [again] })).toThrow(/chart team-a is already in base; a chart belongs to one folder/);
    expect(() => repo.addEnvironmentOverlay('production', { labels: { 'bad key!': 'x' } })).toThrow(/labels/);
    repo.addEnvironmentOverlay('production', { labels: { tier: 'a' } });
    expect(() => repo.addEnvironmentOverlay('production', { labels: { tier: 'b' } })).toThrow('environments/production: label tier is already "a"; an overlay sets each label once');
  });

  test('fails: an ArgoCdCluster of another Argo CD', () => {
    const chart = Testing.chart();
    const spoke = new ArgoCdCluster(chart, 'spoke', {
      argoCdNamespace: 'gitops',
      clusterName: 'spoke',
      server: 'https://api.spoke.example.com:6443',
      auth: ClusterAuth.spiffeJwt({ audience: 'spoke' }),
      tls: ClusterTls.verify(CA),
      namespaces: ['team-a'],
    });
    const { repo } = minimal();
    repo.addEnvironment('staging');
    expect(() => repo.addCluster('spoke', { target: ClusterTarget.argoCdCluster(spoke), environments: ['staging'] }))
      .toThrow(/cluster "spoke" is an ArgoCdCluster of the Argo CD in namespace "gitops", but the repository is synced by the one in "argocd"/);
    expect(() => ClusterTarget.server('http://api.example.com')).toThrow(/https/);
  });

  test('fails: objects without a namespace that are not cluster-scoped, and cluster-scoped ones with one', () => {
    const app = new App();
    const loose = new Chart(app, 'loose');
    new kplus.ServiceAccount(loose, 'sa', { metadata: { name: 'nowhere' } });
    new ApiObject(loose, 'crd', { apiVersion: 'example.com/v1', kind: 'ClusterWidget', metadata: { name: 'w' } });
    const stamped = new Chart(app, 'stamped', { namespace: 'team-a' });
    new kplus.Namespace(stamped, 'ns', { metadata: { name: 'team-a' } });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [loose, stamped] });
    repo.addEnvironment('staging');
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => repo.files()).toThrow([
      'clusters/east/staging:',
      '  core/ServiceAccount nowhere has no namespace and is not a known cluster-scoped kind; give its chart a namespace, or list the kind in clusterScopedKinds if it is cluster-scoped',
      '  example.com/ClusterWidget w has no namespace and is not a known cluster-scoped kind; give its chart a namespace, or list the kind in clusterScopedKinds if it is cluster-scoped',
      '  core/Namespace team-a/team-a is cluster-scoped but carries namespace team-a (a chart\'s namespace is stamped on every object in it); define it in a chart without a namespace',
    ].join('\n'));
  });

  test('declared cluster-scoped kinds go into the project\'s cluster allow-list', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    const widgets = new Chart(app, 'widgets');
    new ApiObject(widgets, 'w', { apiVersion: 'example.com/v1', kind: 'ClusterWidget', metadata: { name: 'w' } });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, widgets], clusterScopedKinds: [{ group: 'example.com', kind: 'ClusterWidget' }] });
    repo.addEnvironment('staging');
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(byId(argoObjects(repo))['AppProject argocd/fleet-staging'].spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace' }, { group: 'example.com', kind: 'ClusterWidget' },
    ]);
  });

  test('fails: an object defined twice in one folder, a chart file name taken twice, a folder with nothing namespaced', () => {
    const app = new App();
    const a = new Chart(app, 'a', { namespace: 'team-a' });
    new kplus.ServiceAccount(a, 'sa', { metadata: { name: 'same' } });
    const b = new Chart(app, 'b', { namespace: 'team-a' });
    new kplus.ServiceAccount(b, 'sa', { metadata: { name: 'same' } });
    const twice = new GitOpsRepository({ repoUrl: REPO, base: [a] });
    twice.addEnvironment('staging', { charts: [b] });
    twice.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => twice.files()).toThrow('environments/staging: core/ServiceAccount team-a/same is defined twice; an object belongs to one chart (and an overlay may patch what it inherits instead of redefining it)');

    const other = new App();
    const c1 = new Chart(other, 'Team_A', { namespace: 'team-a' });
    new kplus.ServiceAccount(c1, 'sa', { metadata: { name: 'one' } });
    const c2 = new Chart(new App(), 'team-a', { namespace: 'team-a' });
    new kplus.ServiceAccount(c2, 'sa', { metadata: { name: 'two' } });
    const names = new GitOpsRepository({ repoUrl: REPO, base: [c1, c2] });
    names.addEnvironment('staging');
    names.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => names.files()).toThrow('base: chart team-a would be written to team-a.yaml, which another chart of the folder already uses; give the chart another id');

    const kustomizationChart = new Chart(new App(), 'kustomization', { namespace: 'x' });
    new kplus.ServiceAccount(kustomizationChart, 'sa');
    const reserved = new GitOpsRepository({ repoUrl: REPO, base: [kustomizationChart] });
    reserved.addEnvironment('staging');
    reserved.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => reserved.files()).toThrow(/would be written to kustomization.yaml, which is the folder's kustomization/);

    const empty = new GitOpsRepository({ repoUrl: REPO, base: [new Chart(new App(), 'nothing')] });
    empty.addEnvironment('staging');
    empty.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => empty.files()).toThrow('clusters/east/staging holds no namespaced object and no Namespace, so its Application has no namespace to point at; add a chart with a namespace');
  });

  test('fails: invalid charts never yield files (their App\'s validation runs)', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    t.chart.node.addValidation({ validate: () => ['broken on purpose'] });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart] });
    repo.addEnvironment('staging');
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => repo.files()).toThrow(/Validation failed with the following errors:\n {2}\[team-a\] broken on purpose/);
  });
});

/** A repository whose staging environment holds `manifests` in a raw chart `docs`, with the guard's acknowledgements. */
function docsRepository(manifests: any[], guardAcknowledgements: { fingerprint: string; reason: string }[]): GitOpsRepository {
  const { app, repo } = minimal({ guardAcknowledgements });
  // raw objects: the constructs of this library refuse a credential where it is written
  const docs = new Chart(app, 'docs', { namespace: 'team-a', disableResourceNameHashes: true });
  manifests.forEach((m, i) => new ApiObject(docs, `fixture-${i}`, m));
  repo.addEnvironment('staging', { charts: [docs] });
  repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
  return repo;
}

/** The error `repo.files()` throws, and the fingerprints it lists. */
function refusal(repo: GitOpsRepository): { message: string; fingerprints: string[] } {
  let message = '';
  try {
    repo.files();
  } catch (e) {
    message = (e as Error).message;
  }
  return { message, fingerprints: [...new Set([...message.matchAll(/fingerprint ([0-9a-f]{16})/g)].map(m => m[1]))] };
}

describe('GitOpsRepository secret guard and secret flow', () => {
  // token-shaped values are generated at run time, so none is committed
  const token = () => `ghp_${'Zq7'.repeat(12)}`;

  test('fails: a v1 Secret with sensitive data is refused, naming the file, and nothing is written', () => {
    const { app, repo } = minimal();
    const leaky = new Chart(app, 'leaky', { namespace: 'team-a', disableResourceNameHashes: true });
    new ApiObject(leaky, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2-but-longer' } });
    repo.addEnvironment('staging', { charts: [leaky] });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    try {
      expect(() => repo.synth(path.join(dir, 'out'))).toThrow(/refusing to write 1 file holding credentials \(2 findings\):\n {2}environments\/staging\/leaky.yaml Secret team-a\/db stringData: \[ZT-SEC4\] v1 Secret with secret data in password/);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails: a credential an overlay would patch in is refused where the patch is written', () => {
    expect(() => OverlayPatch.json({ kind: 'ExternalSecret', name: 'db' }, OverlayOperation.add('/metadata/annotations', { 'example.com/token': token() })))
      .toThrow(/^'operations\[0\]\.value' holds a credential: GitHub token ghp_… \(40 chars\) at operations\[0\]\.value\["example.com\/token"\]/);
  });

  test('a finding acknowledged by its fingerprint is written and listed in the README', () => {
    const fixture = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'detector-fixture', annotations: { 'example.com/token': token() } } };
    const build = (acks: { fingerprint: string; reason: string }[]) => docsRepository([fixture], acks);
    const { fingerprints } = refusal(build([]));
    expect(fingerprints).toHaveLength(1);
    const files = build([{ fingerprint: fingerprints[0], reason: 'a revoked token kept to test the detectors' }]).files();
    expect(files['README.md']).toMatch(/Guard findings acknowledged as not being credentials:\n\n- `environments\/staging\/docs.yaml:\d+` \[.*\] GitHub token ghp_….*: a revoked token kept to test the detectors/);
    expect(files['README.md']).not.toContain(token());
    expect(() => build([{ fingerprint: '0123456789abcdef', reason: 'matches nothing at all' }]).files()).toThrow(/0123456789abcdef/);
  });

  test('acknowledged private keys and URL passwords do not block the repository: the README names them without their values', () => {
    // a documented key pair and connection string, generated at run time so none is committed
    const body = Array.from({ length: 4 }, (_, i) => Buffer.from(`test vector ${i} `.repeat(4)).toString('base64').slice(0, 64)).join('\n');
    const key = ['-----BEGIN ', 'EC PRIVATE KEY-----\n', body, '\n-----END ', 'EC PRIVATE KEY-----\n'].join('');
    const url = `postgresql://app:${'Xk9'.repeat(6)}q@db.example.com:5432/app`;
    const vectors = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-vectors' }, data: { 'ec.pem': key, 'dsn': url } };
    const build = (acks: { fingerprint: string; reason: string }[]) => docsRepository([vectors], acks);
    const { message, fingerprints } = refusal(build([]));
    expect(message).not.toContain(body.slice(0, 20));
    expect(message).not.toContain('Xk9Xk9');
    expect(fingerprints).toHaveLength(2);
    const files = build(fingerprints.map(fingerprint => ({ fingerprint, reason: 'published test vectors of the key format, used by the unit tests' }))).files();
    const readme = files['README.md'];
    expect(readme.match(/^- `environments\/staging\/docs.yaml:\d+` .*: published test vectors/gm)).toHaveLength(2);
    expect(readme).not.toContain(body.slice(0, 20));
    expect(readme).not.toContain('Xk9Xk9');
    for (const [file, text] of Object.entries(files)) {
      if (file !== 'environments/staging/docs.yaml') expect([file, text.includes('Xk9Xk9') || text.includes(body.slice(0, 20))]).toEqual([file, false]);
    }
  });

  test('each cluster folder has its secret flow; the README links them', () => {
    const { repo } = fleet();
    const files = repo.files();
    const flow = files['clusters/east/staging/SECRET-FLOW.md'];
    expect(flow).toBe(repo.secretFlow('east', 'staging').toMarkdown());
    expect(repo.secretFlow('east', 'staging').namespaces).toEqual(['team-a', 'team-b']);
    // the environment's keys are what the diagram shows
    expect(flow).toContain('staging/team-a/db');
    expect(files['clusters/west/production/SECRET-FLOW.md']).toContain('production/team-a/db');
    expect(files['README.md']).toContain('- `clusters/east/staging/`: [SECRET-FLOW.md](clusters/east/staging/SECRET-FLOW.md)');
    expect(files['README.md']).toMatch(/The credentials of this repository are references: ExternalSecret 4, Password 2, PushSecret 2, SecretStore 2\./);
    expect(() => repo.secretFlow('east', 'production-2')).toThrow(/not in the repository/);
  });
});
