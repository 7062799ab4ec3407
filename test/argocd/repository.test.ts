import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  AppProject, ArgoCdRepository, ArgoCdRepositoryProps, CredentialSource, INSECURE_TLS_REASON_ANNOTATION, RepositoryCredentials, RepositoryType,
} from '../../src/argocd';
import {
  ClusterSecretStore, DataFromSource, ExternalSecret, NamespaceCondition, RefreshPolicy, ReferentServiceAccount, SecretStore, SecretStoreProvider,
  TargetLifecycle, VaultAuth,
} from '../../src/external-secrets';
import { Generator, GithubAccessToken } from '../../src/generators';
import { expectConformant } from '../conformance/harness';

const URL = 'https://github.com/my-org/app-config';
const LABEL = 'argocd.argoproj.io/secret-type';

function vaultStore(scope: Construct, name = 'vault', namespace = 'argocd'): SecretStore {
  const sa = ReferentServiceAccount.fromName(scope, `${name}-sa`, 'argocd-eso');
  return new SecretStore(scope, name, {
    metadata: { name, namespace },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: sa }) }),
  });
}

interface Fixture {
  readonly chart: Chart;
  readonly store: SecretStore;
  readonly project: AppProject;
}

function fixture(): Fixture {
  const chart = Testing.chart();
  const store = vaultStore(chart);
  const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
  return { chart, store, project };
}

function pem(store: SecretStore): CredentialSource {
  return CredentialSource.fromStore(store, { key: 'github/argocd-app', property: 'private-key' });
}

/** A failed construction leaves its node behind, so later calls on the same chart get a fresh id. */
function repo(f: Fixture, overrides: Partial<ArgoCdRepositoryProps> = {}, id?: string): ArgoCdRepository {
  const free = id ?? (f.chart.node.tryFindChild('repo') ? `repo-${f.chart.node.children.length}` : 'repo');
  return new ArgoCdRepository(f.chart, free, {
    url: URL,
    project: f.project,
    credentials: RepositoryCredentials.githubApp({ appId: 123456, installationId: 7890123, privateKey: pem(f.store) }),
    ...overrides,
  });
}

function externalSecretOf(chart: Chart): any {
  return Testing.synth(chart).find(o => o.kind === 'ExternalSecret');
}

describe('ArgoCdRepository', () => {
  test('GitHub App repository through an ExternalSecret (snapshot)', () => {
    const f = fixture();
    repo(f, { metadata: { name: 'app-config' } });
    expect(Testing.synth(f.chart)).toMatchSnapshot();
    expectConformant(f.chart);
  });

  test('puts the label in the template metadata, settings as literals and the key from the store', () => {
    const f = fixture();
    const r = repo(f, { metadata: { name: 'app-config', labels: { team: 'a' } } });
    const es = externalSecretOf(f.chart);
    expect(es.metadata.namespace).toBe('argocd');
    expect(es.metadata.labels).toEqual({ team: 'a' });
    expect(es.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'vault' });
    expect(es.spec.refreshPolicy).toBe('Periodic');
    expect(es.spec.target).toMatchObject({ name: 'app-config', creationPolicy: 'Owner', deletionPolicy: 'Retain' });
    expect(es.spec.target.template.metadata.labels).toEqual({ [LABEL]: 'repository' });
    expect(es.spec.target.template.type).toBe('Opaque');
    expect(es.spec.target.template.data).toEqual({
      githubAppID: '123456',
      githubAppInstallationID: '7890123',
      githubAppPrivateKey: '{{ index . "githubAppPrivateKey" }}',
      project: 'team-a',
      type: 'git',
      url: URL,
    });
    expect(es.spec.data).toEqual([{
      secretKey: 'githubAppPrivateKey',
      remoteRef: { key: 'github/argocd-app', property: 'private-key', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None', nullBytePolicy: 'Ignore' },
    }]);
    expect([r.url, r.namespace, r.name, r.apiVersion, r.kind, r.project, r.type]).toEqual([URL, 'argocd', 'app-config', 'v1', 'Secret', f.project, RepositoryType.GIT]);
    expect(r.externalSecret!.name).toBe('app-config');
    expectConformant(f.chart);
  });

  test('a token is the password with user name x-access-token', () => {
    const f = fixture();
    repo(f, { credentials: RepositoryCredentials.token(CredentialSource.fromStore(f.store, { key: 'github/pat' })), forceHttpBasicAuth: true });
    const data = externalSecretOf(f.chart).spec.target.template.data;
    expect(data.username).toBe('x-access-token');
    expect(data.password).toBe('{{ index . "password" }}');
    expect(data.forceHttpBasicAuth).toBe('true');
    expectConformant(f.chart);
  });

  test('a data source and output key feed the password (dataFrom, read once)', () => {
    const f = fixture();
    const source = DataFromSource.extract({ key: 'github/bot' });
    repo(f, {
      credentials: RepositoryCredentials.usernamePassword({
        usernameFrom: CredentialSource.fromDataSource({ store: f.store, source, key: 'login' }),
        password: CredentialSource.fromDataSource({ store: f.store, source, key: 'token' }),
      }),
    });
    const es = externalSecretOf(f.chart);
    expect(es.spec.data).toBeUndefined();
    expect(es.spec.dataFrom).toEqual([{ extract: { key: 'github/bot', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None', nullBytePolicy: 'Ignore' } }]);
    expect(es.spec.target.template.data).toMatchObject({ username: '{{ index . "login" }}', password: '{{ index . "token" }}' });
    expectConformant(f.chart);
  });

  test('S1: a GithubAccessToken generator feeds the password, refreshed within the token lifetime (snapshot)', () => {
    const f = fixture();
    const pemSecret = new ExternalSecret(f.chart, 'pem', { metadata: { name: 'github-app-pem', namespace: 'argocd' }, store: f.store });
    pemSecret.addData('key', { key: 'github/argocd-app', property: 'private-key' });
    const token = new GithubAccessToken(f.chart, 'token', {
      metadata: { name: 'argocd-github', namespace: 'argocd' },
      appId: '123456',
      installId: '7890123',
      repositories: ['app-config'],
      privateKey: { secret: kplus.Secret.fromSecretName(f.chart, 'pem-ref', pemSecret.targetName), key: 'key', namespace: 'argocd' },
    });
    const r = repo(f, {
      metadata: { name: 'app-config' },
      credentials: RepositoryCredentials.token(CredentialSource.fromDataSource({ source: DataFromSource.generator(token), key: 'token' })),
    });
    expect(Testing.synth(f.chart)).toMatchSnapshot();
    const es = r.externalSecret!;
    const rendered = Testing.synth(f.chart).find(o => o.kind === 'ExternalSecret' && o.metadata.name === es.name);
    expect(rendered.spec.secretStoreRef).toBeUndefined();
    expect(rendered.spec.refreshInterval).toBe('30m0s');
    expect(rendered.spec.dataFrom).toEqual([{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'GithubAccessToken', name: 'argocd-github' } } }]);
    expect(rendered.spec.target.template.data).toEqual({ password: '{{ index . "token" }}', project: 'team-a', type: 'git', url: URL, username: 'x-access-token' });
    expect(rendered.spec.target.template.metadata.labels).toEqual({ [LABEL]: 'repository' });
    expectConformant(f.chart);
  });

  test('fails on a data source without its store, a generator with a store, or a key the generator does not output', () => {
    const f = fixture();
    const generator = Generator.fromGeneratorAttributes(f.chart, 'gen', { kind: 'GithubAccessToken', name: 'gh', namespace: 'argocd', outputKeys: ['token'], rotating: true, maxLifetime: Duration.hours(1) });
    expect(() => CredentialSource.fromDataSource({ source: DataFromSource.extract({ key: 'bot' }), key: 'token' })).toThrow(/'store' is required for a store data source/);
    expect(() => CredentialSource.fromDataSource({ store: f.store, source: DataFromSource.generator(generator), key: 'token' }))
      .toThrow(/'store' is set for a generator source \(GithubAccessToken 'gh'\), which reads no store/);
    expect(() => CredentialSource.fromDataSource({ source: DataFromSource.generator(generator), key: 'password' }))
      .toThrow(/'key' \(password\) is not an output of GithubAccessToken 'gh' \(outputs: token\)/);
    expect(() => repo(f, {
      credentials: RepositoryCredentials.usernamePassword({
        usernameFrom: CredentialSource.fromStore(f.store, { key: 'bot', property: 'login' }),
        password: CredentialSource.fromDataSource({ source: DataFromSource.generator(generator), key: 'token' }),
      }),
    })).toThrow(/'credentials' mix generator output \('password'\) with store data \('username'\), which would share one refresh policy/);
    expect(() => repo(f, {
      credentials: RepositoryCredentials.token(CredentialSource.fromDataSource({ source: DataFromSource.generator(generator), key: 'token' })),
      refresh: RefreshPolicy.periodic(Duration.hours(1)),
    })).toThrow(/'refresh' interval \(1h0m0s\) must be below the lifetime/);
  });

  test('username as text with the password from the store; refresh and lifecycle are passed on', () => {
    const f = fixture();
    repo(f, {
      credentials: RepositoryCredentials.usernamePassword({ username: 'argocd-bot', password: CredentialSource.fromStore(f.store, { key: 'git/bot', property: 'password' }) }),
      refresh: RefreshPolicy.periodic(Duration.minutes(30)),
      lifecycle: TargetLifecycle.orphan(),
    });
    const es = externalSecretOf(f.chart);
    expect(es.spec.refreshInterval).toBe('30m0s');
    expect(es.spec.target.creationPolicy).toBe('Orphan');
    expect(es.spec.target.template.data).toMatchObject({ username: 'argocd-bot', password: '{{ index . "password" }}' });
    expectConformant(f.chart);
  });

  test('ssh key, GitHub Enterprise, GCP and an Azure service principal (repository spelling)', () => {
    const f = fixture();
    f.project.addSourceRepo('git@github.com:my-org/*');
    f.project.addSourceRepo('https://ghe.example.com/my-org/*');
    f.project.addSourceRepo('https://source.developers.google.com/p/proj/r/app');
    f.project.addSourceRepo('https://dev.azure.com/my-org/**');
    repo(f, { url: 'git@github.com:my-org/app-config.git', credentials: RepositoryCredentials.sshPrivateKey(CredentialSource.fromStore(f.store, { key: 'git/deploy-key' })) }, 'ssh');
    repo(f, {
      url: 'https://ghe.example.com/my-org/app-config',
      credentials: RepositoryCredentials.githubApp({ appId: 1, privateKey: pem(f.store), enterpriseBaseUrl: 'https://ghe.example.com/api/v3' }),
    }, 'ghe');
    repo(f, { url: 'https://source.developers.google.com/p/proj/r/app', credentials: RepositoryCredentials.gcpServiceAccountKey(CredentialSource.fromStore(f.store, { key: 'gcp/sa' })) }, 'gcp');
    repo(f, {
      url: 'https://dev.azure.com/my-org/proj/_git/app',
      credentials: RepositoryCredentials.azureServicePrincipal({
        clientId: '11111111-2222-3333-4444-555555555555',
        tenantId: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
        clientSecret: CredentialSource.fromStore(f.store, { key: 'azure/sp', property: 'secret' }),
        activeDirectoryEndpoint: 'https://login.microsoftonline.us',
      }),
    }, 'azure');
    const [ssh, ghe, gcp, azure] = Testing.synth(f.chart).filter(o => o.kind === 'ExternalSecret').map(o => o.spec.target.template.data);
    expect(Object.keys(ssh).sort()).toEqual(['project', 'sshPrivateKey', 'type', 'url']);
    expect(ghe).toMatchObject({ githubAppID: '1', githubAppEnterpriseBaseUrl: 'https://ghe.example.com/api/v3' });
    expect(ghe.githubAppInstallationID).toBeUndefined();
    expect(gcp.gcpServiceAccountKey).toBe('{{ index . "gcpServiceAccountKey" }}');
    expect(azure).toMatchObject({
      azureServicePrincipalClientId: '11111111-2222-3333-4444-555555555555',
      azureServicePrincipalTenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      azureServicePrincipalClientSecret: '{{ index . "azureServicePrincipalClientSecret" }}',
      azureActiveDirectoryEndpoint: 'https://login.microsoftonline.us',
    });
    expect(Object.keys(azure).filter(k => /ID$/.test(k))).toEqual([]);
    expectConformant(f.chart);
  });

  test('without a sensitive key a plain labelled Secret holds the settings (helm OCI, workload identity, proxy)', () => {
    const f = fixture();
    f.project.addSourceRepo('registry.example.com/charts');
    const r = repo(f, {
      url: 'registry.example.com/charts',
      type: RepositoryType.HELM,
      name: 'charts',
      enableOci: true,
      credentials: RepositoryCredentials.azureWorkloadIdentity(),
      proxy: 'http://proxy.example.com:3128',
      noProxy: ['.svc', '10.0.0.0/8'],
    });
    const objects = Testing.synth(f.chart);
    expect(objects.filter(o => o.kind === 'ExternalSecret')).toEqual([]);
    const secret = objects.find(o => o.kind === 'Secret');
    expect(secret.metadata.labels).toEqual({ [LABEL]: 'repository' });
    expect(secret.metadata.namespace).toBe('argocd');
    expect(secret.stringData).toEqual({
      enableOCI: 'true',
      name: 'charts',
      noProxy: '.svc,10.0.0.0/8',
      project: 'team-a',
      proxy: 'http://proxy.example.com:3128',
      type: 'helm',
      url: 'registry.example.com/charts',
      useAzureWorkloadIdentity: 'true',
    });
    expect(r.name).toBe(secret.metadata.name);
    expect(r.externalSecret).toBeUndefined();
    expectConformant(f.chart);
  });

  test('a public repository usable by every project, and an OCI repository, in a custom Argo CD namespace', () => {
    const chart = Testing.chart();
    new ArgoCdRepository(chart, 'public', { url: 'https://charts.example.com', type: RepositoryType.HELM, name: 'example', credentials: RepositoryCredentials.none(), allowAllProjects: 'every team deploys from this shared repository', argoCdNamespace: 'openshift-gitops' });
    const store = vaultStore(chart, 'vault', 'openshift-gitops');
    new ArgoCdRepository(chart, 'oci', {
      url: 'oci://registry.example.com/manifests',
      type: RepositoryType.OCI,
      allowAllProjects: 'every team deploys from this shared repository',
      argoCdNamespace: 'openshift-gitops',
      credentials: RepositoryCredentials.usernamePassword({ username: 'robot', password: CredentialSource.fromStore(store, { key: 'quay/robot' }) }),
    });
    const objects = Testing.synth(chart);
    const secret = objects.find(o => o.kind === 'Secret');
    expect(secret.stringData).toEqual({ name: 'example', type: 'helm', url: 'https://charts.example.com' });
    expect(secret.metadata.namespace).toBe('openshift-gitops');
    const es = objects.find(o => o.kind === 'ExternalSecret');
    expect(es.metadata.namespace).toBe('openshift-gitops');
    expect(es.spec.target.template.data).toMatchObject({ type: 'oci', url: 'oci://registry.example.com/manifests', username: 'robot' });
    expectConformant(chart);
  });

  test('a ClusterSecretStore that admits the Argo CD namespace works', () => {
    const chart = Testing.chart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'eso-reader');
    const store = new ClusterSecretStore(chart, 'store', {
      conditions: [NamespaceCondition.names(['argocd'])],
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: sa }) }),
    });
    new ArgoCdRepository(chart, 'repo', { url: 'ssh://git@github.com/my-org/app-config.git', allowAllProjects: 'every team deploys from this shared repository', credentials: RepositoryCredentials.sshPrivateKey(CredentialSource.fromStore(store, { key: 'k' })) });
    expect(externalSecretOf(chart).spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: store.name });
    expectConformant(chart);
  });

  test('insecure is an opt-in whose reason is annotated on the ExternalSecret and the Secret', () => {
    const f = fixture();
    repo(f, { acknowledgeInsecure: 'lab Gitea with a self-signed certificate' });
    const es = externalSecretOf(f.chart);
    expect(es.spec.target.template.data.insecure).toBe('true');
    expect(es.metadata.annotations).toEqual({ [INSECURE_TLS_REASON_ANNOTATION]: 'lab Gitea with a self-signed certificate' });
    expect(es.spec.target.template.metadata.annotations).toEqual({ [INSECURE_TLS_REASON_ANNOTATION]: 'lab Gitea with a self-signed certificate' });
    expectConformant(f.chart);
  });

  test('fails at synth when the project does not permit the URL', () => {
    const f = fixture();
    repo(f, { url: 'https://github.com/other-org/app' });
    expect(() => Testing.synth(f.chart)).toThrow(/repository "https:\/\/github.com\/other-org\/app" is scoped to project 'team-a', whose sourceRepos do not permit it/);
  });

  test('an imported project is not checked against sourceRepos', () => {
    const f = fixture();
    repo(f, { project: AppProject.fromAppProjectName(f.chart, 'imported', 'other'), url: 'https://github.com/other-org/app' });
    expect(externalSecretOf(f.chart).spec.target.template.data.project).toBe('other');
    expectConformant(f.chart);
  });

  test('fails without a project scope, or with a contradictory or misplaced one', () => {
    const f = fixture();
    expect(() => repo(f, { project: undefined })).toThrow(/'project' is missing: the repository and its credentials would be usable by every project/);
    expect(() => repo(f, { allowAllProjects: 'every team deploys from this shared repository' })).toThrow(/'project' and 'allowAllProjects' are exclusive/);
    const other = new AppProject(f.chart, 'other', { argoCdNamespace: 'openshift-gitops' });
    expect(() => repo(f, { project: other })).toThrow(/'project' \(.*\) lives in namespace "openshift-gitops", the repository in "argocd"/);
  });

  test('fails outside the Argo CD namespace, with the type label on the ExternalSecret, or on argocd-secret', () => {
    const f = fixture();
    expect(() => repo(f, { metadata: { namespace: 'team-a' } })).toThrow(/'metadata.namespace' \("team-a"\) must be the Argo CD namespace "argocd"/);
    expect(() => repo(f, { argoCdNamespace: 'Bad' })).toThrow(/'argoCdNamespace'/);
    expect(() => repo(f, { metadata: { labels: { [LABEL]: 'repository' } } })).toThrow(/'metadata.labels' sets argocd.argoproj.io\/secret-type; the construct sets it/);
    expect(() => repo(f, { metadata: { name: 'argocd-secret' } })).toThrow(/'metadata.name' \("argocd-secret"\) is Argo CD's own settings Secret/);
    expect(() => repo(f, { metadata: { name: 'Bad_Name' } })).toThrow(/'metadata.name'/);
  });

  test('fails when the ExternalSecret could not use the store', () => {
    const chart = Testing.chart();
    const store = vaultStore(chart, 'vault', 'team-a');
    expect(() => new ArgoCdRepository(chart, 'repo', { url: URL, allowAllProjects: 'every team deploys from this shared repository', credentials: RepositoryCredentials.token(CredentialSource.fromStore(store, { key: 'k' })) }))
      .toThrow(/'credentials' are read through SecretStore 'vault', which an ExternalSecret in the Argo CD namespace "argocd" cannot use/);
  });

  test('fails on values read through two stores, or colliding data source keys', () => {
    const f = fixture();
    const other = vaultStore(f.chart, 'other');
    expect(() => repo(f, {
      credentials: RepositoryCredentials.usernamePassword({ usernameFrom: CredentialSource.fromStore(other, { key: 'u' }), password: CredentialSource.fromStore(f.store, { key: 'p' }) }),
    })).toThrow(/'credentials' read through stores 'other' and 'vault'; one ExternalSecret reads through one store/);
    expect(() => repo(f, {
      credentials: RepositoryCredentials.usernamePassword({
        usernameFrom: CredentialSource.fromStore(f.store, { key: 'u' }),
        password: CredentialSource.fromDataSource({ store: f.store, source: DataFromSource.extract({ key: 'bot' }), key: 'username' }),
      }),
    }, 'collide')).toThrow(/'key' \(username\) of the data source feeding 'password' is also the key fetched for 'username'/);
  });

  test('fails on bad credential options', () => {
    const f = fixture();
    const p = CredentialSource.fromStore(f.store, { key: 'p' });
    expect(() => RepositoryCredentials.usernamePassword({ password: p })).toThrow(/'username' and 'usernameFrom' are exclusive and one is required/);
    expect(() => RepositoryCredentials.usernamePassword({ username: 'a', usernameFrom: p, password: p })).toThrow(/'username' and 'usernameFrom' are exclusive/);
    expect(() => RepositoryCredentials.usernamePassword({ username: 'a b', password: p })).toThrow(/'username' \("a b"\) must be a non-empty user name/);
    expect(() => RepositoryCredentials.githubApp({ appId: 0, privateKey: p })).toThrow(/'appId' \(0\) must be a positive whole number/);
    expect(() => RepositoryCredentials.githubApp({ appId: 1.5, privateKey: p })).toThrow(/'appId' \(1.5\)/);
    expect(() => RepositoryCredentials.githubApp({ appId: 1, installationId: -2, privateKey: p })).toThrow(/'installationId' \(-2\)/);
    expect(() => RepositoryCredentials.githubApp({ appId: 1, privateKey: p, enterpriseBaseUrl: 'http://ghe.example.com/api/v3' })).toThrow(/'enterpriseBaseUrl' \("http:\/\/ghe.example.com\/api\/v3"\) must be an https URL/);
    expect(() => RepositoryCredentials.azureServicePrincipal({ clientId: 'app', tenantId: '11111111-2222-3333-4444-555555555555', clientSecret: p })).toThrow(/'clientId' \("app"\) must be the application \(client\) ID, a GUID/);
    expect(() => RepositoryCredentials.azureServicePrincipal({ clientId: '11111111-2222-3333-4444-555555555555', tenantId: 't', clientSecret: p })).toThrow(/'tenantId' \("t"\) must be the tenant ID/);
    expect(() => RepositoryCredentials.azureServicePrincipal({ clientId: '11111111-2222-3333-4444-555555555555', tenantId: '11111111-2222-3333-4444-555555555555', clientSecret: p, activeDirectoryEndpoint: 'login' }))
      .toThrow(/'activeDirectoryEndpoint' \("login"\) must be an https URL/);
    expect(() => CredentialSource.fromStore(f.store, { key: ' ' })).toThrow(/'key' must not be empty/);
    expect(() => CredentialSource.fromDataSource({ store: f.store, source: DataFromSource.extract({ key: 'x' }), key: 'a b' })).toThrow(/'key' \("a b"\) must be a Secret key/);
  });

  test('fails when credentials do not fit the URL or type', () => {
    const f = fixture();
    const p = CredentialSource.fromStore(f.store, { key: 'p' });
    expect(() => repo(f, { url: 'git@github.com:my-org/app.git', credentials: RepositoryCredentials.token(p) })).toThrow(/'credentials' \(token\) work only with https or oci URLs, not "git@github.com:my-org\/app.git"/);
    expect(() => repo(f, { credentials: RepositoryCredentials.sshPrivateKey(p) })).toThrow(/'credentials' \(sshPrivateKey\) work only with ssh git URLs/);
    expect(() => repo(f, { url: 'git@github.com:my-org/app.git' })).toThrow(/'credentials' \(githubApp\) work only with https git URLs/);
    expect(() => repo(f, { url: 'https://charts.example.com', type: RepositoryType.HELM, name: 'c' })).toThrow(/'credentials' \(githubApp\) work only with https git URLs/);
    expect(() => repo(f, { url: 'https://gitlab.example.com/my-org/app' })).toThrow(/'url' \("https:\/\/gitlab.example.com\/my-org\/app"\) is not on github.com.*set 'enterpriseBaseUrl'/);
    expect(() => repo(f, { forceHttpBasicAuth: true })).toThrow(/'forceHttpBasicAuth' needs username\/password or token credentials, not githubApp/);
  });

  test('fails on URLs that do not match the type, and on bad settings', () => {
    const f = fixture();
    const none = RepositoryCredentials.none();
    expect(() => repo(f, { url: 'ftp://example.com/repo' })).toThrow(/'url' \("ftp:\/\/example.com\/repo"\) must be an https, ssh/);
    expect(() => repo(f, { url: 'https://u:p@github.com/my-org/app' })).toThrow(/'url' .* contains a password/);
    expect(() => repo(f, { url: 'https://u@github.com/my-org/app' })).toThrow(/'url' .* contains user info/);
    expect(() => repo(f, { url: ' https://github.com/a' })).toThrow(/'url' .* must be a URL without surrounding whitespace or templates/);
    expect(() => repo(f, { url: 'https://github.com/{{ .repo }}' })).toThrow(/without surrounding whitespace or templates/);
    expect(() => repo(f, { url: 'https://example.com/m', type: RepositoryType.OCI, credentials: none })).toThrow(/must start with oci:\/\/ for an OCI repository/);
    expect(() => repo(f, { url: 'oci://example.com/m', credentials: none })).toThrow(/is an oci:\/\/ URL; set type RepositoryType.OCI/);
    expect(() => repo(f, { url: 'git@github.com:c.git', type: RepositoryType.HELM, name: 'c', credentials: none })).toThrow(/must be an https URL for a Helm repository/);
    expect(() => repo(f, { url: 'bad path', type: RepositoryType.HELM, name: 'c', enableOci: true, credentials: none })).toThrow(/must be a registry path for a Helm OCI repository/);
    expect(() => repo(f, { url: 'https://charts.example.com', type: RepositoryType.HELM, credentials: none })).toThrow(/'name' is required for Helm repositories/);
    expect(() => repo(f, { name: ' x', credentials: none })).toThrow(/'name' \(" x"\) must be a non-empty single-line name/);
    expect(() => repo(f, { enableOci: true, credentials: none })).toThrow(/'enableOci' only applies to Helm repositories \(type git\)/);
    expect(() => repo(f, { proxy: 'socks5://proxy:1080' })).toThrow(/'proxy' \("socks5:\/\/proxy:1080"\) must be an http or https URL/);
    expect(() => repo(f, { proxy: 'not a url' })).toThrow(/'proxy' \("not a url"\) must be an http or https URL/);
    expect(() => repo(f, { proxy: 'http://user:pw@proxy:3128' })).toThrow(/'proxy' .* contains user info/);
    expect(() => repo(f, { noProxy: [] })).toThrow(/'noProxy' is empty/);
    expect(() => repo(f, { noProxy: ['a,b'] })).toThrow(/'noProxy' entry "a,b" must be a host/);
    expect(() => repo(f, { acknowledgeInsecure: ' ' })).toThrow(/'acknowledgeInsecure' \(" "\) is not a written reason: .*why TLS verification is skipped/);
    expect(() => repo(f, { lifecycle: TargetLifecycle.mergeIntoExisting({ acknowledgeMerge: 'the Helm chart owns this Secret' }) })).toThrow(/'lifecycle' \(creationPolicy Merge\) would not create the labelled Secret itself/);
    expect(() => repo(f, { credentials: none, refresh: RefreshPolicy.createdOnce() })).toThrow(/'refresh' and 'lifecycle' apply to the ExternalSecret, but these credentials hold nothing sensitive/);
  });

  test('https repository URLs are accepted as they are, with user info rejected (property)', () => {
    fc.assert(fc.property(fc.domain(), fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 3 }), (host, segments) => {
      const url = `https://${host}/${segments.join('/')}`;
      const chart = Testing.chart();
      expect(new ArgoCdRepository(chart, 'r', { url, allowAllProjects: 'every team deploys from this shared repository', credentials: RepositoryCredentials.none() }).url).toBe(url);
      expect(() => new ArgoCdRepository(Testing.chart(), 'r', { url: url.replace('https://', 'https://bot@'), allowAllProjects: 'every team deploys from this shared repository', credentials: RepositoryCredentials.none() }))
        .toThrow(/contains user info/);
    }), { numRuns: 50 });
  });

  test('no credential factory or option accepts a secret value', () => {
    const names = Object.getOwnPropertyNames(RepositoryCredentials).concat(Object.getOwnPropertyNames(CredentialSource));
    expect(names.filter(n => /value|plain|literal|static/i.test(n))).toEqual([]);
  });
});
