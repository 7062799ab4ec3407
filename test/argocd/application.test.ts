import { Duration, Testing } from 'cdk8s';
import { AppProject, Application, ApplicationDestination, ApplicationProps, ApplicationSource, ArgoCdCluster, ClusterAuth, ClusterTls, SyncOption } from '../../src/argocd';
import { expectConformant } from '../conformance/harness';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExample\n-----END CERTIFICATE-----';
const REPO = 'https://github.com/redhat-developer/redhat-helm-charts';

function setup(argoCdNamespace?: string) {
  const chart = Testing.chart();
  const project = new AppProject(chart, 'project', {
    metadata: { name: 'spoke' },
    argoCdNamespace,
    sourceRepos: [REPO],
    destinations: [{ clusterName: 'spoke-cluster', namespace: 'gitops-helm-quarkus' }],
  });
  const cluster = new ArgoCdCluster(chart, 'cluster', {
    metadata: { name: 'spoke-cluster' },
    argoCdNamespace,
    clusterName: 'spoke-cluster',
    server: 'https://api.spoke.example.com:6443',
    auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
    tls: ClusterTls.verify(CA),
    namespaces: ['gitops-helm-quarkus'],
  });
  return { chart, project, cluster };
}

function helmSource() {
  return ApplicationSource.helm({
    repoUrl: REPO,
    path: 'alpha/quarkus-chart',
    parameters: { 'image.name': 'quay.io/ablock/gitops-helm-quarkus', 'build.enabled': 'false' },
  });
}

describe('Application', () => {
  test('S5: an Application of a dedicated project deploying to the SPIFFE spoke cluster (snapshot)', () => {
    const { chart, project, cluster } = setup();
    new Application(chart, 'app', {
      metadata: { name: 'gitops-helm-quarkus' },
      project,
      source: helmSource(),
      destination: ApplicationDestination.cluster(cluster, 'gitops-helm-quarkus'),
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    const app = manifests.find(o => o.kind === 'Application');
    expect(app.metadata.namespace).toBe('argocd');
    expect(app.spec.project).toBe('spoke');
    expect(app.spec.destination).toEqual({ name: 'spoke-cluster', namespace: 'gitops-helm-quarkus' });
    expect(app.spec.source.helm.parameters).toEqual([
      { name: 'build.enabled', value: 'false' },
      { name: 'image.name', value: 'quay.io/ablock/gitops-helm-quarkus' },
    ]);
    expect(app.spec.syncPolicy).toEqual({ automated: { prune: true, selfHeal: true, allowEmpty: false } });
    expectConformant(chart);
  });

  test('git, kustomize and helm-repository sources; retry with Go durations; ignoreDifferences', () => {
    const { chart, project } = setup();
    project.addSourceRepo('https://charts.external-secrets.io');
    project.addSourceRepo('git@github.com:my-org/*');
    project.addSourceRepo('ghcr.io/my-org/charts');
    project.addDestination({ server: 'https://kubernetes.default.svc', namespace: 'external-secrets', acknowledgeSystemNamespaces: 'this project installs the External Secrets Operator into its own namespace' });
    project.addClusterResource({ group: '', kind: 'Namespace' });
    const eso = new Application(chart, 'eso', {
      project,
      source: ApplicationSource.helm({ repoUrl: 'https://charts.external-secrets.io', chart: 'external-secrets', targetRevision: '0.19.2', releaseName: 'external-secrets', valueFiles: ['values-prod.yaml'], values: { installCRDs: true } }),
      destination: ApplicationDestination.inCluster('external-secrets'),
      syncPolicy: {
        automated: {},
        syncOptions: [SyncOption.CREATE_NAMESPACE, SyncOption.SERVER_SIDE_APPLY, SyncOption.custom('Replace=false')],
        retry: { limit: 3, backoff: { duration: Duration.seconds(10), factor: 3, maxDuration: Duration.minutes(5) } },
      },
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
      revisionHistoryLimit: 3,
    });
    eso.addIgnoreDifference({ kind: 'Secret', name: 'webhook', managedFieldsManagers: ['external-secrets'] });
    new Application(chart, 'dir', {
      project,
      source: ApplicationSource.git({ repoUrl: 'git@github.com:my-org/config.git', path: 'manifests', targetRevision: 'v1.2.0', recurse: true, include: '*.yaml' }),
      destination: ApplicationDestination.server('https://kubernetes.default.svc/', 'external-secrets'),
      syncPolicy: { retry: {} },
    });
    new Application(chart, 'kust', {
      project,
      source: ApplicationSource.kustomize({ repoUrl: 'git@github.com:my-org/config.git', path: 'overlays/prod', namePrefix: 'prod-', images: ['app=quay.io/my-org/app@sha256:abc'] }),
      destination: ApplicationDestination.clusterName('spoke-cluster', 'gitops-helm-quarkus'),
    });
    new Application(chart, 'plain', {
      project,
      source: ApplicationSource.kustomize({ repoUrl: 'git@github.com:my-org/config.git', path: '.' }),
      destination: ApplicationDestination.clusterName('spoke-cluster', 'gitops-helm-quarkus'),
    });
    new Application(chart, 'oci', {
      project,
      source: ApplicationSource.helm({ repoUrl: 'ghcr.io/my-org/charts', chart: 'web', targetRevision: '2.0.1' }),
      destination: ApplicationDestination.inCluster('external-secrets'),
    });
    const apps = Testing.synth(chart).filter(o => o.kind === 'Application');
    expect(apps.map(a => a.spec)).toMatchSnapshot();
    expect(apps[0].spec.syncPolicy.retry).toEqual({ limit: 3, backoff: { duration: '10s', factor: 3, maxDuration: '5m0s' } });
    expect(apps[0].spec.ignoreDifferences.map((d: any) => d.kind)).toEqual(['Secret', 'Deployment']);
    expect(apps[1].spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m0s' } });
    expect(apps[1].spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'external-secrets' });
    expect(apps[1].spec.source.directory).toEqual({ recurse: true, include: '*.yaml' });
    expect(apps[2].spec.source.targetRevision).toBe('HEAD');
    expect(apps[3].spec.source.kustomize).toEqual({});
    expect(apps[4].spec.source).toEqual({ repoURL: 'ghcr.io/my-org/charts', chart: 'web', targetRevision: '2.0.1', helm: {} });
    expectConformant(chart);
  });

  test('the default project needs an explicit opt-in and is then used as is', () => {
    const chart = Testing.chart();
    new Application(chart, 'app', {
      project: AppProject.fromDefaultProject(chart, 'default', { reason: 'single-tenant lab' }),
      source: ApplicationSource.git({ repoUrl: REPO, path: '.' }),
      destination: ApplicationDestination.inCluster('lab'),
    });
    expect(Testing.synth(chart)[0].spec.project).toBe('default');
    expectConformant(chart);
  });

  test('a custom Argo CD namespace', () => {
    const { chart, project, cluster } = setup('openshift-gitops');
    const app = new Application(chart, 'app', { argoCdNamespace: 'openshift-gitops', project, source: helmSource(), destination: ApplicationDestination.cluster(cluster, 'gitops-helm-quarkus') });
    expect(app.namespace).toBe('openshift-gitops');
    expect(app.namespace).toBe('openshift-gitops');
    expect(app.project).toBe(project);
    expectConformant(chart);
  });

  test('a project-scoped cluster is usable by its project without a listed destination', () => {
    const chart = Testing.chart();
    const project = new AppProject(chart, 'p', { metadata: { name: 'spoke' }, sourceRepos: [REPO] });
    const cluster = new ArgoCdCluster(chart, 'c', {
      clusterName: 'spoke',
      server: 'https://api.spoke.example.com:6443',
      auth: ClusterAuth.spiffeJwt({ audience: 'a' }),
      tls: ClusterTls.verify(CA),
      namespaces: ['web'],
      project,
    });
    new Application(chart, 'app', { project, source: helmSource(), destination: ApplicationDestination.cluster(cluster, 'web') });
    expectConformant(chart);
  });

  describe('fails at synthesis when the project does not allow it', () => {
    function synthErrors(props: (s: ReturnType<typeof setup>) => Partial<ApplicationProps>): () => void {
      const s = setup();
      new Application(s.chart, 'app', {
        project: s.project,
        source: helmSource(),
        destination: ApplicationDestination.cluster(s.cluster, 'gitops-helm-quarkus'),
        ...props(s),
      });
      return () => Testing.synth(s.chart);
    }

    test('fails on a repository outside sourceRepos', () => {
      expect(synthErrors(() => ({ source: ApplicationSource.git({ repoUrl: 'https://github.com/other/repo', path: '.' }) })))
        .toThrow(/source repoURL "https:\/\/github.com\/other\/repo" is not in the sourceRepos of project "spoke"; add it with addSourceRepo\(\)/);
    });

    test('fails on a destination outside the destinations', () => {
      expect(synthErrors(() => ({ destination: ApplicationDestination.inCluster('kube-system') })))
        .toThrow(/destination .*kube-system.* is not in the destinations of project "spoke"; add it with addDestination\(\)/);
    });

    test('fails on CreateNamespace without the Namespace kind allowed', () => {
      expect(synthErrors(() => ({ syncPolicy: { syncOptions: [SyncOption.CREATE_NAMESPACE] } })))
        .toThrow(/sync option CreateNamespace=true needs the cluster-scoped kind Namespace/);
    });

    test('fails on a cluster scoped to another project', () => {
      const s = setup();
      const other = new AppProject(s.chart, 'other', { metadata: { name: 'other' }, sourceRepos: [REPO], destinations: [{ clusterName: 'x', namespace: 'web' }] });
      const scoped = new ArgoCdCluster(s.chart, 'scoped', {
        clusterName: 'x', server: 'https://x.example.com', auth: ClusterAuth.spiffeJwt({ audience: 'a' }), tls: ClusterTls.verify(CA), namespaces: ['web'], project: s.project,
      });
      new Application(s.chart, 'app', { project: other, source: helmSource(), destination: ApplicationDestination.cluster(scoped, 'web') });
      expect(() => Testing.synth(s.chart)).toThrow(/cluster "x" is scoped to project "spoke"; an Application of project "other" cannot use it/);
    });

    test('fails on a project in another namespace', () => {
      const s = setup();
      const elsewhere = AppProject.fromAppProjectAttributes(s.chart, 'x', { name: 'spoke', namespace: 'gitops' });
      new Application(s.chart, 'app', { project: elsewhere, source: helmSource(), destination: ApplicationDestination.cluster(s.cluster, 'gitops-helm-quarkus') });
      expect(() => Testing.synth(s.chart)).toThrow(/project "spoke" lives in namespace "gitops", the Application in "argocd"/);
    });
  });

  test('fails on a namespace the cluster does not let Argo CD manage', () => {
    const { cluster } = setup();
    expect(() => ApplicationDestination.cluster(cluster, 'kube-system')).toThrow(/'destination.namespace' \("kube-system"\) is not one of the namespaces Argo CD may manage on cluster "spoke-cluster"/);
  });

  test('fails on bad destinations', () => {
    expect(() => ApplicationDestination.server('http://api.example.com', 'a')).toThrow(/'destination.server' .* must use https/);
    expect(() => ApplicationDestination.clusterName(' ', 'a')).toThrow(/'destination.clusterName' \(" "\) must be a cluster name/);
    expect(() => ApplicationDestination.inCluster('Bad_NS')).toThrow(/'destination.namespace' \("Bad_NS"\) must be a DNS-1123 label/);
  });

  test('fails on bad sources', () => {
    expect(() => ApplicationSource.git({ repoUrl: 'ftp://example.com/repo', path: '.' })).toThrow(/'repoUrl' \("ftp:\/\/example.com\/repo"\) must be an https, ssh/);
    expect(() => ApplicationSource.git({ repoUrl: 'http://github.com/a/b', path: '.' })).toThrow(/must be an https, ssh/);
    expect(() => ApplicationSource.git({ repoUrl: 'https://bot:hunter2@github.com/a/b', path: '.' })).toThrow(/'repoUrl' .* contains a password/);
    expect(() => ApplicationSource.git({ repoUrl: REPO, path: '/abs' })).toThrow(/'path' \("\/abs"\) must be a relative path/);
    expect(() => ApplicationSource.git({ repoUrl: REPO, path: 'a/../../etc' })).toThrow(/'path' .* must be a relative path inside the repository without '..'/);
    expect(() => ApplicationSource.git({ repoUrl: REPO, path: '' })).toThrow(/'path' \(""\) must be a relative path/);
    expect(() => ApplicationSource.git({ repoUrl: REPO, path: '.', targetRevision: 'main branch' })).toThrow(/'targetRevision' \("main branch"\) must be a branch/);
    expect(() => ApplicationSource.helm({ repoUrl: 'ghcr.io/my-org/charts', path: 'web' })).toThrow(/'repoUrl' \("ghcr.io\/my-org\/charts"\) must be an https, ssh/);
    expect(() => ApplicationSource.helm({ repoUrl: REPO })).toThrow(/'chart' and 'path' are exclusive and one is required/);
    expect(() => ApplicationSource.helm({ repoUrl: REPO, chart: 'c', path: 'p', targetRevision: '1' })).toThrow(/'chart' and 'path' are exclusive/);
    expect(() => ApplicationSource.helm({ repoUrl: REPO, chart: 'c' })).toThrow(/'targetRevision' is required for the chart "c": pin the chart version/);
    expect(() => ApplicationSource.helm({ repoUrl: REPO, chart: 'My Chart', targetRevision: '1' })).toThrow(/'chart' \("My Chart"\) must be a chart name/);
    expect(() => ApplicationSource.helm({ repoUrl: REPO, path: 'c', releaseName: 'Bad' })).toThrow(/'releaseName' \("Bad"\) must be a DNS-1123 label/);
    expect(() => ApplicationSource.helm({ repoUrl: REPO, path: 'c', valueFiles: ['../x.yaml'] })).toThrow(/'valueFiles' \("..\/x.yaml"\) must be a relative path/);
    expect(() => ApplicationSource.kustomize({ repoUrl: REPO, path: '.', images: ['just-a-name'] })).toThrow(/'images' entry "just-a-name" must be/);
  });

  test('fails on bad sync policies', () => {
    const { chart, project, cluster } = setup();
    const base = { project, source: helmSource(), destination: ApplicationDestination.cluster(cluster, 'gitops-helm-quarkus') };
    expect(() => SyncOption.custom('CreateNamespace')).toThrow(/'syncOptions' entry "CreateNamespace" must have the form Name=value/);
    expect(() => new Application(chart, 'a', { ...base, syncPolicy: { syncOptions: [SyncOption.PRUNE_LAST, SyncOption.PRUNE_LAST] } })).toThrow(/'syncOptions' contains "PruneLast=true" twice/);
    expect(() => new Application(chart, 'b', { ...base, syncPolicy: { syncOptions: [SyncOption.PRUNE_LAST, SyncOption.custom('PruneLast=false')] } })).toThrow(/'syncOptions' sets PruneLast twice with different values/);
    expect(() => new Application(chart, 'c', { ...base, syncPolicy: { retry: { limit: 0 } } })).toThrow(/'retry.limit' \(0\) must be a whole number of at least 1/);
    expect(() => new Application(chart, 'd', { ...base, syncPolicy: { retry: { backoff: { factor: 1.5 } } } })).toThrow(/'retry.backoff.factor' \(1.5\) must be a whole number/);
    expect(() => new Application(chart, 'e', { ...base, syncPolicy: { retry: { backoff: { duration: Duration.minutes(10) } } } })).toThrow(/'retry.backoff.duration' \(10m0s\) must be at most 3m0s/);
    expect(() => new Application(chart, 'f', { ...base, syncPolicy: { retry: { backoff: { maxDuration: Duration.millis(10) } } } })).toThrow(/'retry.backoff.maxDuration' \(10ms\) must be at least 1s/);
    expect(() => new Application(chart, 'g', { ...base, revisionHistoryLimit: -1 })).toThrow(/'revisionHistoryLimit' \(-1\) must be a whole number of zero or more/);
    expect(() => new Application(chart, 'h', { ...base, metadata: { namespace: 'apps' } })).toThrow(/'metadata.namespace' \("apps"\) must be the Argo CD namespace "argocd"/);
  });

  test('fails on bad ignoreDifferences', () => {
    const { chart, project, cluster } = setup();
    const app = new Application(chart, 'a', { project, source: helmSource(), destination: ApplicationDestination.cluster(cluster, 'gitops-helm-quarkus'), ignoreDifferences: [{ kind: 'Service', jqPathExpressions: ['.spec.clusterIP'] }] });
    expect(() => app.addIgnoreDifference({ kind: '', jsonPointers: ['/a'] })).toThrow(/'ignoreDifferences' entry kind "" must be a kind/);
    expect(() => app.addIgnoreDifference({ kind: 'Deployment' })).toThrow(/'ignoreDifferences' entry for Deployment ignores nothing/);
    expect(() => app.addIgnoreDifference({ kind: 'Deployment', jsonPointers: ['spec/replicas'] })).toThrow(/jsonPointers entry "spec\/replicas" must start with '\/'/);
    expect(() => app.addIgnoreDifference({ group: '', kind: 'Service', jsonPointers: ['/x'] })).toThrow(/'ignoreDifferences' already has an entry for/);
  });
});
