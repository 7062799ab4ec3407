import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppProject, Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ArgoCdCluster, ArgoCdRepoCredentials,
  ArgoCdRepository, ClusterAuth, ClusterTls, CredentialSource, RepositoryCredentials,
} from '../../src/argocd';
import { ExternalSecret, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth } from '../../src/external-secrets';
import { expectConformant } from '../conformance/harness';
import { validationError } from '../validation-error';

const REPO = 'https://github.com/my-org/app-config';
const SERVER = 'https://api.spoke.example.com:6443';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';

function vaultStore(scope: Construct): SecretStore {
  const sa = ReferentServiceAccount.fromName(scope, 'vault-sa', 'argocd-eso');
  return new SecretStore(scope, 'vault', {
    metadata: { name: 'vault', namespace: 'argocd' },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: sa }) }),
  });
}

/** A chart with one of every Argo CD construct (repositories and templates both plain and through ESO). */
function everything() {
  const c = Testing.chart();
  const store = vaultStore(c);
  const token = RepositoryCredentials.token(CredentialSource.fromStore(store, { key: 'git/bot' }));
  const project = new AppProject(c, 'project', {
    metadata: { name: 'team-a' },
    sourceRepos: ['https://github.com/my-org/*'],
    destinations: [{ server: SERVER, namespace: 'team-a' }],
  });
  const cluster = new ArgoCdCluster(c, 'cluster', {
    metadata: { name: 'spoke' },
    clusterName: 'spoke',
    server: SERVER,
    auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
    tls: ClusterTls.verify(CA),
    namespaces: ['team-a'],
  });
  const source = ApplicationSource.git({ repoUrl: REPO, path: 'team-a' });
  const application = new Application(c, 'application', {
    metadata: { name: 'team-a' }, project, source, destination: ApplicationDestination.server(SERVER, 'team-a'),
  });
  const applicationSet = new ApplicationSet(c, 'application-set', {
    metadata: { name: 'team-a-set' },
    generators: [ApplicationSetGenerator.list([{ env: 'prod' }])],
    template: { name: 'team-a-{{.env}}', project, source, destination: ApplicationDestination.server(SERVER, 'team-a') },
  });
  const plainRepository = new ArgoCdRepository(c, 'plain-repository', {
    metadata: { name: 'public-repo' }, url: 'https://github.com/my-org/public', project, credentials: RepositoryCredentials.none(),
  });
  const repository = new ArgoCdRepository(c, 'repository', { metadata: { name: 'app-config' }, url: REPO, project, credentials: token });
  const plainTemplate = new ArgoCdRepoCredentials(c, 'plain-template', {
    metadata: { name: 'azure-creds' }, url: 'https://dev.azure.com/my-org', credentials: RepositoryCredentials.azureWorkloadIdentity(),
  });
  const template = new ArgoCdRepoCredentials(c, 'template', { metadata: { name: 'my-org-creds' }, url: 'https://github.com/my-org', credentials: token });
  return { c, project, cluster, application, applicationSet, plainRepository, repository, plainTemplate, template };
}

type All = ReturnType<typeof everything>;

describe('escape hatches: ApiObject.of(construct) is its main object', () => {
  test.each([
    ['project', 'argoproj.io/v1alpha1', 'AppProject', 'team-a'],
    ['application', 'argoproj.io/v1alpha1', 'Application', 'team-a'],
    ['applicationSet', 'argoproj.io/v1alpha1', 'ApplicationSet', 'team-a-set'],
    ['cluster', 'v1', 'Secret', 'spoke'],
    ['plainRepository', 'v1', 'Secret', 'public-repo'],
    ['repository', 'external-secrets.io/v1', 'ExternalSecret', 'app-config'],
    ['plainTemplate', 'v1', 'Secret', 'azure-creds'],
    ['template', 'external-secrets.io/v1', 'ExternalSecret', 'my-org-creds'],
  ] as const)('%s', (key: keyof Omit<All, 'c'>, apiVersion, kind, name) => {
    const construct = everything()[key];
    const object = ApiObject.of(construct);
    expect([object.apiVersion, object.kind, object.name, object.metadata.namespace]).toEqual([apiVersion, kind, name, 'argocd']);
    expect(construct.name).toBe(name);
    expect(construct.namespace).toBe('argocd');
  });

  test('the Resource-based constructs are their own reference (kind, name, namespace of the object they write)', () => {
    const all = everything();
    for (const construct of [all.project, all.application, all.applicationSet, all.cluster]) {
      const object = ApiObject.of(construct);
      expect([construct.apiVersion, construct.kind, construct.name, construct.namespace]).toEqual([object.apiVersion, object.kind, object.name, 'argocd']);
    }
  });

  test('repositories and templates are references to the Secret Argo CD reads; externalSecret reaches its producer', () => {
    const all = everything();
    for (const construct of [all.plainRepository, all.repository, all.plainTemplate, all.template]) {
      expect([construct.apiVersion, construct.kind]).toEqual(['v1', 'Secret']);
    }
    expect(all.plainRepository.externalSecret).toBeUndefined();
    expect(all.plainTemplate.externalSecret).toBeUndefined();
    for (const construct of [all.repository, all.template]) {
      expect(construct.externalSecret).toBeInstanceOf(ExternalSecret);
      expect(ApiObject.of(construct.externalSecret!)).toBe(ApiObject.of(construct));
      expect(construct.externalSecret!.targetName).toBe(construct.name);
    }
  });

  test('the chart they are built in is conformant', () => {
    expectConformant(everything().c);
  });

  test('a patch through the escape hatch reaches the synthesized object', () => {
    const { c, cluster, plainRepository, repository } = everything();
    ApiObject.of(cluster).addJsonPatch(JsonPatch.add('/metadata/labels/env', 'prod'));
    ApiObject.of(plainRepository).addJsonPatch(JsonPatch.add('/stringData/enableLfs', 'true'));
    ApiObject.of(repository).addJsonPatch(JsonPatch.add('/spec/refreshInterval', '30m'));
    const out = Testing.synth(c);
    expect(out.find(o => o.metadata.name === 'spoke' && o.kind === 'Secret').metadata.labels).toEqual({ 'argocd.argoproj.io/secret-type': 'cluster', 'env': 'prod' });
    expect(out.find(o => o.metadata.name === 'public-repo').stringData.enableLfs).toBe('true');
    expect(out.find(o => o.kind === 'ExternalSecret' && o.metadata.name === 'app-config').spec.refreshInterval).toBe('30m');
  });

  test('a plain repository Secret keeps the name cdk8s generated when it was a bare ApiObject at <repository>/Resource', () => {
    const c = Testing.chart();
    const project = new AppProject(c, 'project', { sourceRepos: ['https://github.com/my-org/*'] });
    const repository = new ArgoCdRepository(c, 'public', { url: 'https://github.com/my-org/public', project, credentials: RepositoryCredentials.none() });
    const template = new ArgoCdRepoCredentials(c, 'azure', { url: 'https://dev.azure.com/my-org', credentials: RepositoryCredentials.azureWorkloadIdentity() });
    // the earlier layout, rebuilt by hand in a chart of the same path
    const before = new Chart(new App(), 'test');
    const [publicBefore, azureBefore] = ['public', 'azure'].map(id => new ApiObject(new Construct(before, id), 'Resource', { apiVersion: 'v1', kind: 'Secret' }).name);
    expect([repository.name, template.name]).toEqual([publicBefore, azureBefore]);
    expect(Testing.synth(c).filter(o => o.kind === 'Secret').map(o => o.metadata.name)).toEqual([publicBefore, azureBefore]);
    // and with name hashes disabled, as GitOpsRepository's charts are
    const plain = new Chart(new App(), 'argocd', { disableResourceNameHashes: true });
    const r = new ArgoCdRepository(plain, 'public', { url: 'https://github.com/my-org/public', allowAllProjects: 'a public repository every team reads', credentials: RepositoryCredentials.none() });
    expect(r.name).toBe('argocd-public');
  });

  test('imported projects write nothing and are references', () => {
    const c = Testing.chart();
    const named = AppProject.fromAppProjectName(c, 'named', 'platform');
    const elsewhere = AppProject.fromAppProjectAttributes(c, 'elsewhere', { name: 'platform', namespace: 'openshift-gitops' });
    const fallback = AppProject.fromDefaultProject(c, 'default', { reason: 'a lab cluster with one team; replaced by team projects' });
    expect([named.kind, named.name, named.namespace]).toEqual(['AppProject', 'platform', 'argocd']);
    expect([elsewhere.kind, elsewhere.name, elsewhere.namespace]).toEqual(['AppProject', 'platform', 'openshift-gitops']);
    expect([fallback.kind, fallback.name, fallback.namespace]).toEqual(['AppProject', 'default', 'argocd']);
    expect(Testing.synth(c)).toEqual([]);
  });
});

describe('errors are ValidationErrors that say which construct', () => {
  test('each construct class names itself', () => {
    const c = Testing.chart();
    const project = new AppProject(c, 'project', { sourceRepos: [REPO], destinations: [{ server: SERVER, namespace: 'team-a' }] });
    const source = ApplicationSource.git({ repoUrl: REPO, path: '.' });
    const destination = ApplicationDestination.server(SERVER, 'team-a');
    validationError(() => new AppProject(c, 'bad-project', { argoCdNamespace: 'Argo' }), 'test/bad-project');
    validationError(() => project.addSourceRepo('*'), 'test/project');
    validationError(() => new Application(c, 'app', { project, source, destination, revisionHistoryLimit: -1 }), 'test/app');
    validationError(() => new ApplicationSet(c, 'set', { generators: [], template: { name: 'x', project, source, destination } }), 'test/set');
    validationError(() => new ArgoCdCluster(c, 'cluster', {
      clusterName: 'spoke', server: SERVER, auth: ClusterAuth.spiffeJwt({ audience: 'spoke' }), tls: ClusterTls.verify(CA),
    }), 'test/cluster');
    validationError(() => new ArgoCdRepository(c, 'repo', { url: REPO, credentials: RepositoryCredentials.none() }), 'test/repo');
    validationError(() => new ArgoCdRepoCredentials(c, 'creds', { url: REPO, credentials: RepositoryCredentials.none() }), 'test/creds');
    validationError(() => AppProject.fromAppProjectName(c, 'imported', 'default'), 'test/imported');
    validationError(() => AppProject.fromDefaultProject(c, 'default', { reason: ' ' }), 'test/default');
  });

  test('a check for an invalid Argo CD namespace runs once the construct exists, and names the prop the user set', () => {
    const error = validationError(() => new ArgoCdCluster(Testing.chart(), 'cluster', {
      argoCdNamespace: 'Argo', clusterName: 'spoke', server: SERVER, auth: ClusterAuth.spiffeJwt({ audience: 'spoke' }), tls: ClusterTls.verify(CA), namespaces: ['a'],
    }), 'test/cluster');
    expect(error.message).toMatch(/^test\/cluster: 'argoCdNamespace' \("Argo"\) must be a DNS-1123 label/);
    validationError(() => new Application(Testing.chart(), 'app', {
      metadata: { namespace: 'elsewhere' },
      project: AppProject.fromAppProjectName(Testing.chart(), 'p', 'team-a'),
      source: ApplicationSource.git({ repoUrl: REPO, path: '.' }),
      destination: ApplicationDestination.server(SERVER, 'team-a'),
    }), 'test/app');
  });

  test('static factories carry no path: their caller is on the stack', () => {
    validationError(() => ClusterAuth.spiffeJwt({ audience: ' ' }), undefined);
    validationError(() => ClusterTls.verify('not a certificate'), undefined);
    validationError(() => ApplicationSource.git({ repoUrl: REPO, path: '/abs' }), undefined);
    validationError(() => ApplicationSetGenerator.list([]), undefined);
    validationError(() => RepositoryCredentials.githubApp({ appId: 0, privateKey: CredentialSource.fromStore(vaultStore(Testing.chart()), { key: 'k' }) }), undefined);
  });
});
