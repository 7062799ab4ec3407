import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AppProject } from '../../src/argocd';
import { CompliancePack } from '../../src/compliance';
import {
  ClusterSecretStore, NamespaceCondition, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import { GithubTokenPlacement, SecretlessRepositoryAccess, SecretlessRepositoryAccessProps } from '../../src/patterns';
import { expectConformant } from '../conformance/harness';

const LABEL = 'argocd.argoproj.io/secret-type';
const APP_CONFIG = 'https://github.com/my-org/app-config';
const PLATFORM = 'https://github.com/my-org/platform.git';

interface Fixture {
  readonly chart: Chart;
  readonly store: SecretStore;
  readonly project: AppProject;
}

function vaultStore(scope: Construct, namespace = 'argocd'): SecretStore {
  const sa = ReferentServiceAccount.fromName(scope, `vault-sa-${namespace}`, 'argocd-eso');
  return new SecretStore(scope, `vault-${namespace}`, {
    metadata: { name: 'vault', namespace },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: sa }) }),
  });
}

function fixture(): Fixture {
  const chart = Testing.chart();
  const store = vaultStore(chart);
  const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
  return { chart, store, project };
}

/** A failed construction leaves its node behind, so every call gets a fresh id. */
function build(f: Fixture, overrides: Partial<SecretlessRepositoryAccessProps> = {}): SecretlessRepositoryAccess {
  return new SecretlessRepositoryAccess(f.chart, `access-${f.chart.node.children.length}`, {
    store: f.store,
    privateKey: { key: 'github/argocd-app', property: 'private-key' },
    appId: '123456',
    installationId: '7890123',
    owner: 'my-org',
    repositories: [{ url: APP_CONFIG }, { url: PLATFORM }],
    project: f.project,
    ...overrides,
  });
}

function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

function find(chart: Chart, kind: string, name: string): any {
  const found = synth(chart).find(o => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

function goMillis(value: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value)!;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

describe('SecretlessRepositoryAccess', () => {
  test('S1 in one call: private key, token generator and project-scoped repositories (snapshot)', () => {
    const f = fixture();
    build(f);
    expect(synth(f.chart)).toMatchSnapshot();
    expect(synth(f.chart).map(o => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'AppProject team-a',
      'ExternalSecret github-my-org-app-config',
      'ExternalSecret github-my-org-app-key',
      'ExternalSecret github-my-org-platform',
      'GithubAccessToken github-my-org-app-config',
      'GithubAccessToken github-my-org-platform',
      'SecretStore vault',
    ]);
    expectConformant(f.chart);
  });

  test('the private key lands once, in the Argo CD namespace only, from the store, refreshed hourly and owned', () => {
    const f = fixture();
    const access = build(f);
    const pem = find(f.chart, 'ExternalSecret', 'github-my-org-app-key');
    const holders = synth(f.chart).filter(o => JSON.stringify(o).includes('github/argocd-app'));
    expect(holders.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ExternalSecret argocd/github-my-org-app-key']);
    expect(pem.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'vault' });
    expect(pem.spec.refreshPolicy).toBe('Periodic');
    expect(pem.spec.refreshInterval).toBe('1h0m0s');
    expect(pem.spec.target).toEqual({ name: 'github-my-org-app-key', creationPolicy: 'Owner', deletionPolicy: 'Retain' });
    expect(pem.spec.target.immutable).toBeUndefined();
    expect(pem.spec.data).toEqual([{
      secretKey: 'private-key',
      remoteRef: { key: 'github/argocd-app', property: 'private-key', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None', nullBytePolicy: 'Ignore' },
    }]);
    expect(synth(f.chart).filter(o => o.kind === 'Secret')).toEqual([]);
    expect(access.privateKeySecret.name).toBe('github-my-org-app-key');
    expect(access.argoCdNamespace).toBe('argocd');
  });

  test('one generator per repository, signing with that key, scoped to exactly its repository with contents: read', () => {
    const f = fixture();
    const access = build(f);
    for (const [name, repository] of [['github-my-org-app-config', 'app-config'], ['github-my-org-platform', 'platform']]) {
      const generator = find(f.chart, 'GithubAccessToken', name);
      expect(generator.apiVersion).toBe('generators.external-secrets.io/v1alpha1');
      expect(generator.metadata.namespace).toBe('argocd');
      expect(generator.spec).toEqual({
        appID: '123456',
        installID: '7890123',
        repositories: [repository],
        permissions: { contents: 'read' },
        auth: { privateKey: { secretRef: { name: 'github-my-org-app-key', key: 'private-key' } } },
      });
    }
    expect(access.repositoryNames).toEqual(['app-config', 'platform']);
    expect(access.generators.map(g => g.name)).toEqual(['github-my-org-app-config', 'github-my-org-platform']);
    expect(access.generators.every(g => g.maxLifetime?.toMinutes() === 60)).toBe(true);
  });

  test('each repository Secret\'s token comes from a generator that lists exactly that repository', () => {
    const f = fixture();
    build(f, { repositories: [{ url: APP_CONFIG }, { url: PLATFORM }, { url: 'https://github.com/my-org/secrets', secretName: 'vault-config' }] });
    const manifests = synth(f.chart);
    const generators = new Map(manifests.filter(o => o.kind === 'GithubAccessToken').map(o => [o.metadata.name, o.spec.repositories]));
    const scopes = manifests.filter(o => o.kind === 'ExternalSecret' && o.spec.target.template?.data?.url !== undefined).map(es => {
      const ref = es.spec.dataFrom[0].sourceRef.generatorRef;
      expect(ref.kind).toBe('GithubAccessToken');
      return [es.spec.target.template.data.url, generators.get(ref.name)];
    });
    expect(scopes).toEqual([
      [APP_CONFIG, ['app-config']],
      ['https://github.com/my-org/platform.git', ['platform']],
      ['https://github.com/my-org/secrets', ['secrets']],
    ]);
    expect(generators.size).toBe(3);
    expect(new CompliancePack().evaluate(f.chart).findings).toEqual([]);
    expectConformant(f.chart);
  });

  test('each repository Secret gets the token as password with user name x-access-token, label on the template, refreshed below 60m', () => {
    const f = fixture();
    const access = build(f);
    for (const [name, url] of [['github-my-org-app-config', APP_CONFIG], ['github-my-org-platform', PLATFORM]]) {
      const es = find(f.chart, 'ExternalSecret', name);
      // each Secret's own generator, named like it
      expect(es.metadata.namespace).toBe('argocd');
      expect(es.metadata.labels).toBeUndefined();
      expect(es.spec.target.template.metadata.labels).toEqual({ [LABEL]: 'repository' });
      expect(es.spec.secretStoreRef).toBeUndefined();
      expect(es.spec.dataFrom).toEqual([{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'GithubAccessToken', name } } }]);
      expect(es.spec.target.template.data).toEqual({ password: '{{ index . "token" }}', project: 'team-a', type: 'git', url, username: 'x-access-token' });
      expect(es.spec.refreshPolicy).toBe('Periodic');
      expect(es.spec.refreshInterval).toBe('30m0s');
      expect(goMillis(es.spec.refreshInterval)).toBeLessThan(60 * 60_000);
    }
    expect(access.repositories.map(r => [r.url, r.project?.name, r.name])).toEqual([
      [APP_CONFIG, 'team-a', 'github-my-org-app-config'], [PLATFORM, 'team-a', 'github-my-org-platform'],
    ]);
    expect(access.credentialTemplate).toBeUndefined();
    expect(access.tokenPlacement).toBe(GithubTokenPlacement.REPOSITORY);
  });

  test('compliance pack: no finding on the default output', () => {
    const f = fixture();
    build(f);
    const report = new CompliancePack().evaluate(f.chart);
    expect(report.findings).toEqual([]);
    expect(report.toJson().summary).toEqual({ errors: 0, warnings: 0, acknowledged: 0 });
  });

  test('credential template: one repo-creds ExternalSecret for the owner, repositories project-scoped without credentials', () => {
    const f = fixture();
    const access = build(f, { tokenPlacement: GithubTokenPlacement.CREDENTIAL_TEMPLATE, tokenRefreshInterval: Duration.minutes(20) });
    // one token for every repository inheriting the template, so scoped to all listed repositories
    expect(synth(f.chart).filter(o => o.kind === 'GithubAccessToken').map(o => [o.metadata.name, o.spec.repositories])).toEqual([['github-my-org', ['app-config', 'platform']]]);
    expect(access.generators.map(g => g.name)).toEqual(['github-my-org']);
    const creds = find(f.chart, 'ExternalSecret', 'github-my-org-creds');
    expect(creds.spec.dataFrom[0].sourceRef.generatorRef.name).toBe('github-my-org');
    expect(creds.spec.target.template.metadata.labels).toEqual({ [LABEL]: 'repo-creds' });
    expect(creds.spec.target.template.data).toEqual({ password: '{{ index . "token" }}', type: 'git', url: 'https://github.com/my-org/', username: 'x-access-token' });
    expect(creds.spec.refreshInterval).toBe('20m0s');
    const repos = synth(f.chart).filter(o => o.kind === 'Secret');
    expect(repos.map(r => [r.metadata.name, r.metadata.labels, r.stringData])).toEqual([
      ['github-my-org-app-config', { [LABEL]: 'repository' }, { project: 'team-a', type: 'git', url: APP_CONFIG }],
      ['github-my-org-platform', { [LABEL]: 'repository' }, { project: 'team-a', type: 'git', url: PLATFORM }],
    ]);
    expect(synth(f.chart).filter(o => o.kind === 'ExternalSecret').map(o => o.metadata.name).sort()).toEqual(['github-my-org-app-key', 'github-my-org-creds']);
    expect(access.credentialTemplate?.url).toBe('https://github.com/my-org/');
    // Argo CD matches templates by string prefix: the trailing '/' keeps other owners' repositories out
    expect('https://github.com/my-org-other/app'.startsWith(access.credentialTemplate!.url)).toBe(false);
    expect(new CompliancePack().evaluate(f.chart).findings).toEqual([]);
    expectConformant(f.chart);
  });

  test('overrides: name, namespace, permissions, refresh intervals, per-repository project and Secret name, Enterprise', () => {
    const chart = Testing.chart();
    const store = vaultStore(chart, 'gitops');
    const project = new AppProject(chart, 'project', { metadata: { name: 'platform' }, argoCdNamespace: 'gitops', sourceRepos: ['https://ghe.example.com/Platform-Team/*'] });
    const other = new AppProject(chart, 'other', { metadata: { name: 'infra' }, argoCdNamespace: 'gitops', sourceRepos: ['https://ghe.example.com/Platform-Team/infra'] });
    const access = new SecretlessRepositoryAccess(chart, 'access', {
      store,
      privateKey: { key: 'ghe/app' },
      appId: '42',
      installationId: '4242',
      owner: 'Platform-Team',
      repositories: [{ url: 'https://ghe.example.com/platform-team/Config_Repo/' }, { url: 'https://ghe.example.com/Platform-Team/infra', project: other, secretName: 'infra-repo' }],
      project,
      permissions: { contents: 'write', pull_requests: 'read' },
      acknowledgeWritePermissions: 'the config bot commits rendered manifests back',
      tokenRefreshInterval: Duration.minutes(45),
      privateKeyRefreshInterval: Duration.minutes(10),
      enterpriseBaseUrl: 'https://api.ghe.example.com/api/v3',
      argoCdNamespace: 'gitops',
      name: 'ghe',
    });
    expect(find(chart, 'GithubAccessToken', 'ghe-config-repo').spec).toMatchObject({
      url: 'https://api.ghe.example.com/api/v3', repositories: ['Config_Repo'], permissions: { contents: 'write', pull_requests: 'read' },
    });
    expect(find(chart, 'GithubAccessToken', 'infra-repo').spec).toMatchObject({ repositories: ['infra'] });
    expect(find(chart, 'ExternalSecret', 'ghe-app-key').spec.refreshInterval).toBe('10m0s');
    const config = find(chart, 'ExternalSecret', 'ghe-config-repo');
    expect(config.metadata.namespace).toBe('gitops');
    expect(config.spec.refreshInterval).toBe('45m0s');
    expect(config.spec.target.template.data).toMatchObject({ url: 'https://ghe.example.com/platform-team/Config_Repo', project: 'platform' });
    expect(find(chart, 'ExternalSecret', 'infra-repo').spec.target.template.data).toMatchObject({ project: 'infra' });
    expect(access.repositories.map(r => r.name)).toEqual(['ghe-config-repo', 'infra-repo']);
    expectConformant(chart);
  });

  test('allowAllProjects is an explicit opt-in, per repository', () => {
    const f = fixture();
    build(f, { project: undefined, repositories: [{ url: APP_CONFIG, project: f.project }, { url: PLATFORM, allowAllProjects: 'every team deploys from this shared repository' }] });
    expect(find(f.chart, 'ExternalSecret', 'github-my-org-app-config').spec.target.template.data.project).toBe('team-a');
    expect(find(f.chart, 'ExternalSecret', 'github-my-org-platform').spec.target.template.data.project).toBeUndefined();
    expectConformant(f.chart);

    // with the token in a template, the unscoped repository is a plain Secret, which ZT-ARGO2 reports
    const g = fixture();
    build(g, {
      tokenPlacement: GithubTokenPlacement.CREDENTIAL_TEMPLATE,
      repositories: [{ url: APP_CONFIG }, { url: PLATFORM, allowAllProjects: 'every team deploys from this shared repository' }],
    });
    // the opt-in acknowledges ZT-ARGO2 on that repository only, and the report shows its reach
    const report = new CompliancePack().evaluate(g.chart);
    expect(report.errors).toEqual([]);
    expect(report.acknowledgements.filter(a => a.ruleId === 'ZT-ARGO2').map(a => [a.source, a.covers])).toEqual([['opt-in allowAllProjects', ['Secret argocd/github-my-org-platform']]]);
    expectConformant(g.chart);
  });

  test('a ClusterSecretStore selecting the Argo CD namespace is accepted', () => {
    const chart = Testing.chart();
    const store = new ClusterSecretStore(chart, 'css', {
      metadata: { name: 'vault' },
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'argocd-eso') }) }),
      conditions: [NamespaceCondition.names(['argocd'])],
    });
    const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
    new SecretlessRepositoryAccess(chart, 'access', {
      store, privateKey: { key: 'github/app' }, appId: '1', installationId: '2', owner: 'my-org', repositories: [{ url: APP_CONFIG }], project,
    });
    expect(find(chart, 'ExternalSecret', 'github-my-org-app-key').spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expectConformant(chart);
  });

  test.each<[string, Partial<SecretlessRepositoryAccessProps>, RegExp]>([
    ['appId not digits', { appId: 'my-app' }, /'appId' \("my-app"\) must be the GitHub App's numeric ID/],
    ['appId with a leading zero', { appId: '0123' }, /'appId' \("0123"\) must be the GitHub App's numeric ID/],
    ['installationId not digits', { installationId: '78a' }, /'installationId' \("78a"\) must be the installation's numeric ID/],
    ['owner with a slash', { owner: 'my-org/x' }, /'owner' \("my-org\/x"\) must be a GitHub organization or user name/],
    ['owner ending in a hyphen', { owner: 'my-org-' }, /'owner' \("my-org-"\) must be a GitHub organization or user name/],
    ['empty repository list', { repositories: [] }, /'repositories' is empty: the token would be scoped to nothing/],
    ['ssh URL', { repositories: [{ url: 'git@github.com:my-org/app-config.git' }] }, /'repositories\[0\].url' \("git@github.com:my-org\/app-config.git"\) must be an https URL/],
    ['deeper path', { repositories: [{ url: 'https://github.com/my-org/app-config/tree/main' }] }, /'repositories\[0\].url' .* must be a repository URL https:\/\/github.com\/<owner>\/<repository>/],
    ['user info', { repositories: [{ url: 'https://bot@github.com/my-org/app-config' }] }, /must be a repository URL/],
    ['not on github.com', { repositories: [{ url: 'https://gitlab.com/my-org/app-config' }] }, /'repositories\[0\].url' \("https:\/\/gitlab.com\/my-org\/app-config"\) is not on github.com, .*set 'enterpriseBaseUrl'/],
    ['github.com URL with an Enterprise base URL', { enterpriseBaseUrl: 'https://ghe.example.com/api/v3' }, /'repositories\[0\].url' .* is not on ghe.example.com/],
    ['another owner', { repositories: [{ url: 'https://github.com/other-org/app-config' }] }, /belongs to "other-org", not to the owner "my-org"/],
    ['bad repository name', { repositories: [{ url: 'https://github.com/my-org/app%20config' }] }, /does not end in a GitHub repository name/],
    ['duplicate URLs', { repositories: [{ url: APP_CONFIG }, { url: 'https://github.com/My-Org/App-Config.git' }] }, /'repositories\[1\].url' .* is the same repository as repositories\[0\]/],
    ['colliding Secret names', { repositories: [{ url: 'https://github.com/my-org/my_repo' }, { url: 'https://github.com/my-org/my-repo' }] }, /'repositories\[1\]' and 'repositories\[0\]' would both use the Secret name "github-my-org-my-repo"/],
    ['bad Secret name', { repositories: [{ url: APP_CONFIG, secretName: 'App Config' }] }, /'repositories\[0\].secretName'/],
    ['no project anywhere', { project: undefined }, /'repositories\[0\].project' is missing for "https:\/\/github.com\/my-org\/app-config" and the pattern has no 'project'/],
    ['project and allowAllProjects', { repositories: [{ url: APP_CONFIG, allowAllProjects: 'every team deploys from this shared repository', project: AppProject.fromAppProjectName(Testing.chart(), 'p', 'team-a') }] }, /'repositories\[0\]' sets both 'project' and 'allowAllProjects'/],
    ['token refresh at the lifetime', { tokenRefreshInterval: Duration.minutes(60) }, /'tokenRefreshInterval' \(1h0m0s\) must be below the 1h0m0s lifetime of GitHub installation tokens/],
    ['token refresh above the lifetime', { tokenRefreshInterval: Duration.hours(2) }, /'tokenRefreshInterval' \(2h0m0s\) must be below the 1h0m0s lifetime/],
    ['token refresh too short', { tokenRefreshInterval: Duration.seconds(30) }, /'tokenRefreshInterval' \(30s\) must be at least 1m0s/],
    ['private key refresh too short', { privateKeyRefreshInterval: Duration.seconds(10) }, /'privateKeyRefreshInterval' \(10s\) must be at least 1m0s/],
    ['bad name', { name: 'GitHub' }, /'name'/],
    ['name too long', { name: 'a'.repeat(241) }, /'name' \(241 characters\) leaves no room for the suffixes/],
    ['bad namespace', { argoCdNamespace: 'Argo CD' }, /'argoCdNamespace'/],
    ['http Enterprise URL', { enterpriseBaseUrl: 'http://ghe.example.com/api/v3' }, /'enterpriseBaseUrl' \("http:\/\/ghe.example.com\/api\/v3"\) must be the https API base URL/],
    ['github.com as Enterprise URL', { enterpriseBaseUrl: 'https://api.github.com' }, /'enterpriseBaseUrl' \("https:\/\/api.github.com"\) is github.com's own API; omit it/],
    ['empty permissions', { permissions: {} }, /'permissions' is empty/],
    ['bad remote key', { privateKey: { key: ' ' } }, /'key' must not be empty/],
  ])('fails on %s', (_what, overrides, error) => {
    const f = fixture();
    expect(() => build(f, overrides)).toThrow(error);
  });

  test('fails when the store cannot serve the Argo CD namespace', () => {
    const f = fixture();
    expect(() => build(f, { store: vaultStore(f.chart, 'team-a') }))
      .toThrow(/'store' \(SecretStore 'vault' in namespace "team-a"\) cannot serve the Argo CD namespace "argocd", where the private key must land/);
    const css = new ClusterSecretStore(f.chart, 'css', {
      metadata: { name: 'team-b-vault' },
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'b', serviceAccount: ReferentServiceAccount.fromName(f.chart, 'sa-b', 'eso') }) }),
      conditions: [NamespaceCondition.names(['team-b'])],
    });
    expect(() => build(f, { store: css })).toThrow(/'store' \(ClusterSecretStore 'team-b-vault'\) cannot serve the Argo CD namespace "argocd"/);
  });

  test('fails at synth when a repository is outside its project\'s sourceRepos', () => {
    const chart = Testing.chart();
    const store = vaultStore(chart);
    const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/platform'] });
    new SecretlessRepositoryAccess(chart, 'access', {
      store, privateKey: { key: 'github/app' }, appId: '1', installationId: '2', owner: 'my-org', repositories: [{ url: APP_CONFIG }], project,
    });
    expect(() => Testing.synth(chart)).toThrow(/repository "https:\/\/github.com\/my-org\/app-config" is scoped to project 'team-a', whose sourceRepos do not permit it/);
  });

  test('fails at synth when the rendered generator drifts from the repositories or the private key', () => {
    const f = fixture();
    const access = build(f);
    ApiObject.of(access.generators[1]).addJsonPatch(JsonPatch.add('/spec/repositories/-', 'app-config'));
    expect(() => Testing.synth(f.chart)).toThrow(/GithubAccessToken 'github-my-org-platform' is scoped to \["app-config","platform"\], but the Argo CD repository it serves is \["platform"\]/);

    const g = fixture();
    const unscoped = build(g);
    ApiObject.of(unscoped.generators[0]).addJsonPatch(JsonPatch.remove('/spec/repositories'));
    ApiObject.of(unscoped.generators[0]).addJsonPatch(JsonPatch.replace('/spec/auth/privateKey/secretRef/name', 'other-key'));
    expect(() => Testing.synth(g.chart)).toThrow(/'github-my-org-app-config' is scoped to every repository of the installation[\s\S]*signs with \{"key":"private-key","name":"other-key"\}, not the private key Secret/);

    const h = fixture();
    const template = build(h, { tokenPlacement: GithubTokenPlacement.CREDENTIAL_TEMPLATE });
    ApiObject.of(template.generators[0]).addJsonPatch(JsonPatch.add('/spec/repositories/-', 'secrets'));
    expect(() => Testing.synth(h.chart)).toThrow(/GithubAccessToken 'github-my-org' is scoped to \["app-config","platform","secrets"\], but the Argo CD repositories are \["app-config","platform"\]/);
  });

  test('getters return copies', () => {
    const f = fixture();
    const access = build(f);
    access.repositories.pop();
    access.repositoryNames.pop();
    access.generators.pop();
    expect(access.repositories).toHaveLength(2);
    expect(access.generators).toHaveLength(2);
    expect(access.repositoryNames).toEqual(['app-config', 'platform']);
  });
});
