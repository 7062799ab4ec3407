import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AppProject, ArgoCdRepoCredentials, ArgoCdRepoCredentialsProps, ArgoCdRepository, CredentialSource, RepositoryCredentials, RepositoryType,
} from '../../src/argocd';
import { DataFromSource, ReferentServiceAccount, Rewrite, SecretStore, SecretStoreProvider, VaultAuth } from '../../src/external-secrets';
import { GithubAccessToken } from '../../src/generators';
import { expectConformant } from '../conformance/harness';

const LABEL = 'argocd.argoproj.io/secret-type';
const ORG = 'https://github.com/my-org';

interface Fixture {
  readonly chart: Chart;
  readonly store: SecretStore;
}

function fixture(): Fixture {
  const chart = Testing.chart();
  const sa = ReferentServiceAccount.fromName(chart, 'sa', 'argocd-eso');
  const store = new SecretStore(chart, 'vault', {
    metadata: { name: 'vault', namespace: 'argocd' },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: sa }) }),
  });
  return { chart, store };
}

/** A failed construction leaves its node behind, so later calls on the same chart get a fresh id. */
function creds(f: Fixture, overrides: Partial<ArgoCdRepoCredentialsProps> = {}): ArgoCdRepoCredentials {
  const id = f.chart.node.tryFindChild('creds') ? `creds-${f.chart.node.children.length}` : 'creds';
  return new ArgoCdRepoCredentials(f.chart, id, {
    url: ORG,
    credentials: RepositoryCredentials.githubApp({
      appId: 123456,
      installationId: 7890123,
      privateKey: CredentialSource.fromStore(f.store, { key: 'github/argocd-app', property: 'private-key' }),
    }),
    ...overrides,
  });
}

function externalSecretOf(chart: Chart): any {
  return Testing.synth(chart).find(o => o.kind === 'ExternalSecret');
}

describe('ArgoCdRepoCredentials', () => {
  test('GitHub App credential template for an organization (snapshot)', () => {
    const f = fixture();
    creds(f, { metadata: { name: 'github-my-org' } });
    expect(Testing.synth(f.chart)).toMatchSnapshot();
    expectConformant(f.chart);
  });

  test('labels the template repo-creds and writes no project', () => {
    const f = fixture();
    const c = creds(f, { metadata: { name: 'github-my-org' } });
    const es = externalSecretOf(f.chart);
    expect(es.metadata.labels).toBeUndefined();
    expect(es.spec.target.template.metadata.labels).toEqual({ [LABEL]: 'repo-creds' });
    expect(Object.keys(es.spec.target.template.data).sort()).toEqual(['githubAppID', 'githubAppInstallationID', 'githubAppPrivateKey', 'type', 'url']);
    expect(es.spec.target.template.data.project).toBeUndefined();
    expect([c.url, c.namespace, c.name, c.apiVersion, c.kind, c.type]).toEqual([ORG, 'argocd', 'github-my-org', 'v1', 'Secret', RepositoryType.GIT]);
    expect(c.externalSecret!.targetName).toBe('github-my-org');
    expectConformant(f.chart);
  });

  test('a token template: username x-access-token, password from a data source key', () => {
    const f = fixture();
    const source = DataFromSource.extract({ key: 'github/argocd-token', rewrites: [Rewrite.regexp('^value$', 'token')] });
    creds(f, { credentials: RepositoryCredentials.token(CredentialSource.fromDataSource({ store: f.store, source, key: 'token' })) });
    const es = externalSecretOf(f.chart);
    expect(es.spec.target.template.data).toEqual({ password: '{{ index . "token" }}', type: 'git', url: ORG, username: 'x-access-token' });
    expect(es.spec.dataFrom).toHaveLength(1);
    expect(es.spec.dataFrom[0].rewrite).toEqual([{ regexp: { source: '^value$', target: 'token' } }]);
    expectConformant(f.chart);
  });

  test('an organization template fed by a GithubAccessToken generator (the recommended pair)', () => {
    const f = fixture();
    const token = new GithubAccessToken(f.chart, 'token', {
      metadata: { name: 'argocd-github', namespace: 'argocd' },
      appId: '123456',
      installId: '7890123',
      repositories: ['app-config', 'platform-config'],
      privateKey: { secret: kplus.Secret.fromSecretName(f.chart, 'pem', 'github-app-pem'), key: 'key', namespace: 'argocd' },
    });
    creds(f, { metadata: { name: 'argocd-github-creds' }, credentials: RepositoryCredentials.token(CredentialSource.fromDataSource({ source: DataFromSource.generator(token), key: 'token' })) });
    const es = externalSecretOf(f.chart);
    expect(es.spec).toMatchObject({ refreshPolicy: 'Periodic', refreshInterval: '30m0s', target: { name: 'argocd-github-creds', creationPolicy: 'Owner', deletionPolicy: 'Retain' } });
    expect(es.spec.secretStoreRef).toBeUndefined();
    expect(es.spec.target.template.metadata.labels).toEqual({ [LABEL]: 'repo-creds' });
    expect(es.spec.target.template.data).toEqual({ password: '{{ index . "token" }}', type: 'git', url: ORG, username: 'x-access-token' });
    expectConformant(f.chart);
  });

  test('the Azure service principal keys use the repo-creds spelling (ClientID, TenantID)', () => {
    const f = fixture();
    const credentials = RepositoryCredentials.azureServicePrincipal({
      clientId: '11111111-2222-3333-4444-555555555555',
      tenantId: '66666666-7777-8888-9999-000000000000',
      clientSecret: CredentialSource.fromStore(f.store, { key: 'azure/sp', property: 'secret' }),
    });
    creds(f, { url: 'https://dev.azure.com/my-org', credentials });
    const project = new AppProject(f.chart, 'p', { sourceRepos: ['https://dev.azure.com/my-org/**'] });
    new ArgoCdRepository(f.chart, 'repo', { url: 'https://dev.azure.com/my-org/proj/_git/app', project, credentials });
    const [template, repository] = Testing.synth(f.chart).filter(o => o.kind === 'ExternalSecret').map(o => o.spec.target.template.data);
    expect(template).toMatchObject({
      azureServicePrincipalClientID: '11111111-2222-3333-4444-555555555555',
      azureServicePrincipalTenantID: '66666666-7777-8888-9999-000000000000',
      azureServicePrincipalClientSecret: '{{ index . "azureServicePrincipalClientSecret" }}',
    });
    expect(Object.keys(template).filter(k => /Id$/.test(k))).toEqual([]);
    expect(repository).toMatchObject({ azureServicePrincipalClientId: '11111111-2222-3333-4444-555555555555', azureServicePrincipalTenantId: '66666666-7777-8888-9999-000000000000' });
    expectConformant(f.chart);
  });

  test('an ssh prefix, and a Helm OCI prefix with workload identity as a plain Secret', () => {
    const f = fixture();
    creds(f, { url: 'git@github.com:my-org', credentials: RepositoryCredentials.sshPrivateKey(CredentialSource.fromStore(f.store, { key: 'git/deploy-key' })) });
    creds(f, { url: 'myregistry.azurecr.io/charts', type: RepositoryType.HELM, enableOci: true, credentials: RepositoryCredentials.azureWorkloadIdentity(), argoCdNamespace: 'argocd' });
    const objects = Testing.synth(f.chart);
    expect(objects.find(o => o.kind === 'ExternalSecret').spec.target.template.data).toMatchObject({ url: 'git@github.com:my-org', sshPrivateKey: '{{ index . "sshPrivateKey" }}' });
    const secret = objects.find(o => o.kind === 'Secret');
    expect(secret.metadata.labels).toEqual({ [LABEL]: 'repo-creds' });
    expect(secret.stringData).toEqual({ enableOCI: 'true', type: 'helm', url: 'myregistry.azurecr.io/charts', useAzureWorkloadIdentity: 'true' });
    expectConformant(f.chart);
  });

  test('fails when given a project, name or insecure (Argo CD ignores them on repo-creds)', () => {
    const f = fixture();
    const project = new AppProject(f.chart, 'p', { sourceRepos: [`${ORG}/*`] });
    expect(() => creds(f, { project } as any)).toThrow(/'project' is not supported on repo-creds: Argo CD's credential templates have no project/);
    expect(() => creds(f, { allowAllProjects: 'every team deploys from this shared repository' } as any)).toThrow(/'allowAllProjects' is not supported on repo-creds/);
    expect(() => creds(f, { name: 'x' } as any)).toThrow(/'name' is not supported on repo-creds/);
    expect(() => creds(f, { acknowledgeInsecure: 'lab' })).toThrow(/'acknowledgeInsecure' has no effect on repo-creds: Argo CD does not read the insecure key/);
  });

  test('fails without credentials, outside the Argo CD namespace, or on a bad prefix', () => {
    const f = fixture();
    expect(() => creds(f, { credentials: RepositoryCredentials.none() })).toThrow(/'credentials' \(none\): a credential template without credentials has no effect/);
    expect(() => creds(f, { metadata: { namespace: 'team-a' } })).toThrow(/'metadata.namespace' \("team-a"\) must be the Argo CD namespace "argocd"/);
    expect(() => creds(f, { metadata: { labels: { [LABEL]: 'repo-creds' } } })).toThrow(/'metadata.labels' sets argocd.argoproj.io\/secret-type/);
    expect(() => creds(f, { url: 'https://u:p@github.com/my-org' })).toThrow(/'url' .* contains a password/);
    expect(() => creds(f, { url: 'https://gitlab.example.com/my-org' })).toThrow(/is not on github.com/);
    expect(() => creds(f, { url: 'git@github.com:my-org' })).toThrow(/'credentials' \(githubApp\) work only with https git URLs/);
  });
});
