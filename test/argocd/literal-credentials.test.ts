import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppProject, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ArgoCdCluster, ArgoCdRepoCredentials,
  ArgoCdRepository, ClusterAuth, ClusterTls, CredentialSource, RepositoryCredentials,
} from '../../src/argocd';
import { ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth } from '../../src/external-secrets';
import { escape, expectRefused, githubToken, jwt, PASSWORD, randomText } from '../literal-credentials';

const GHP = githubToken(11);
const JWT = jwt({ sub: 'system:serviceaccount:argocd:argocd-application-controller', iat: 1700000000 }, 12);
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';
const REPO = 'https://github.com/my-org/guestbook';

/** A refusal thrown for the construct at `path`: the message starts with the path, then the prop. */
function at(path: string, prop: string): RegExp {
  return new RegExp(`^${escape(path)}: '${escape(prop)}' holds (a credential|\\d+ credentials): `);
}

function store(scope: Construct): SecretStore {
  const sa = ReferentServiceAccount.fromName(scope, 'vault-sa', 'argocd-eso');
  return new SecretStore(scope, 'vault', {
    metadata: { name: 'vault', namespace: 'argocd' },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: sa }) }),
  });
}

function project(chart: Chart): AppProject {
  return new AppProject(chart, 'project', {
    metadata: { name: 'guestbook' },
    sourceRepos: [REPO, 'https://charts.example.com'],
    destinations: [{ server: 'https://*.example.com:6443', namespace: 'guestbook' }],
  });
}

describe('Argo CD literals that would commit a credential are refused', () => {
  test('ClusterAuth.exec: env values by name and by shape, args after a bare flag, installHint', () => {
    expectRefused(() => ClusterAuth.exec({ command: '/usr/local/bin/argocd-k8s-auth', env: { AWS_PROFILE: GHP } }), 'env["AWS_PROFILE"]', /GitHub token/, GHP);
    // a random string under a harmless name: the plugin's environment is judged by shape, as the compliance pack reads it
    const random = randomText(13, 32);
    expectRefused(() => ClusterAuth.exec({ command: '/usr/local/bin/plugin', env: { PLUGIN_CONFIG: random } }), 'env["PLUGIN_CONFIG"]', /shaped like a token \(32 chars\)/, random);
    expectRefused(() => ClusterAuth.exec({ command: '/usr/local/bin/plugin', env: { PLUGIN_CONFIG: Buffer.from(`token=${GHP}`).toString('base64') } }),
      'env["PLUGIN_CONFIG"]', /after base64 decoding/, GHP);
    expectRefused(() => ClusterAuth.exec({ command: '/usr/local/bin/kubelogin', args: ['get-token', '--client-secret', PASSWORD] }),
      'args[2]', /secret \(16 chars\)/, PASSWORD);
    expectRefused(() => ClusterAuth.exec({ command: '/usr/local/bin/kubelogin', args: [`--token=${JWT}`] }), 'args[0]', /JSON Web Token/, JWT);
    expectRefused(() => ClusterAuth.exec({ command: '/usr/local/bin/plugin', installHint: `ask for ${GHP}` }), 'installHint', /GitHub token/, GHP);
  });

  test('ArgoCdCluster metadata labels and annotations', () => {
    expectRefused(() => new ArgoCdCluster(Testing.chart(), 'c', {
      metadata: { annotations: { 'example.com/bearer-token': JWT } },
      clusterName: 'spoke',
      server: 'https://api.spoke.example.com:6443',
      auth: ClusterAuth.spiffeJwt({ audience: 'spoke' }),
      tls: ClusterTls.verify(CA),
      namespaces: ['guestbook'],
    }), at('test/c', 'metadata.annotations["example.com/bearer-token"]'), /JSON Web Token/, JWT);
  });

  test('Helm values, valuesObject trees and parameters (judged by their names)', () => {
    expectRefused(() => ApplicationSource.helm({ repoUrl: 'https://charts.example.com', chart: 'postgresql', targetRevision: '15.5.0', values: { auth: { username: 'app', password: PASSWORD } } }),
      'values', /password \(16 chars\) at values\.auth\.password/, PASSWORD);
    expectRefused(() => ApplicationSource.helm({ repoUrl: REPO, path: 'chart', parameters: { 'image.tag': '1.2.3', 'auth.password': PASSWORD } }),
      'parameters["auth.password"]', /password \(16 chars\)/, PASSWORD);
    const dockerConfig = Buffer.from(JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`bot:${GHP}`).toString('base64') } } })).toString('base64');
    expectRefused(() => ApplicationSource.helm({ repoUrl: REPO, path: 'chart', values: { imagePullSecret: { dockerconfigjson: dockerConfig } } }),
      'values', /after base64/, dockerConfig);
    expectRefused(() => ApplicationSource.kustomize({ repoUrl: REPO, path: '.', images: [`app=registry.example.com/app:${GHP}`] }), 'images[0]', /GitHub token/, GHP);
  });

  test('a token in a repository URL query is refused, and the URL never echoed', () => {
    const url = `https://gitlab.example.com/my-org/app.git?private_token=${GHP}`;
    expectRefused(() => ApplicationSource.git({ repoUrl: url, path: '.' }), 'repoUrl', /GitHub token/, GHP);
    expectRefused(() => new AppProject(Testing.chart(), 'p', { sourceRepos: [url] }), at('test/p', 'sourceRepos'), /GitHub token/, GHP);
    const chart = Testing.chart();
    const s = store(chart);
    expectRefused(() => new ArgoCdRepoCredentials(chart, 'rc', { url, credentials: RepositoryCredentials.token(CredentialSource.fromStore(s, { key: 'gitlab/token' })) }),
      at('test/rc', 'url'), /GitHub token/, GHP);
  });

  test('ApplicationSet: list elements (a JWT in an element), cluster values, template metadata and templatePatch', () => {
    expectRefused(() => ApplicationSetGenerator.list([{ cluster: 'east', bearer: 'x' }, { cluster: 'west', bearer: JWT }]),
      'elements', /JSON Web Token .* at elements\[1\]\.bearer/, JWT);
    expectRefused(() => ApplicationSetGenerator.list([{ cluster: 'east', dbPassword: PASSWORD }]), 'elements', /password \(16 chars\) at elements\[0\]\.dbPassword/, PASSWORD);
    const b64 = Buffer.from(GHP).toString('base64');
    expectRefused(() => ApplicationSetGenerator.list([{ cluster: 'east', config: b64 }]), 'elements', /GitHub token .*after base64 decoding at elements\[0\]\.config/, b64);
    expectRefused(() => ApplicationSetGenerator.clusters({ matchLabels: { env: 'prod' }, values: { apiToken: PASSWORD } }), 'values["apiToken"]', /token/, PASSWORD);

    const chart = Testing.chart();
    const p = project(chart);
    const template = {
      name: '{{.cluster}}-guestbook',
      project: p,
      source: ApplicationSource.git({ repoUrl: REPO, path: 'envs/{{.cluster}}' }),
      destination: ApplicationDestination.server('https://east.example.com:6443', 'guestbook'),
    };
    const generators = [ApplicationSetGenerator.list([{ cluster: 'east' }])];
    expectRefused(() => new ApplicationSet(chart, 's1', { generators, template: { ...template, annotations: { 'example.com/token': PASSWORD } } }),
      at('test/s1', 'template.annotations["example.com/token"]'), /token \(16 chars\)/, PASSWORD);
    expectRefused(() => new ApplicationSet(chart, 's2', { generators, template: { ...template, labels: { team: GHP } } }), at('test/s2', 'template.labels["team"]'), /GitHub token/, GHP);
    expectRefused(() => new ApplicationSet(chart, 's3', { generators, template, templatePatch: `spec:\n  source:\n    helm:\n      parameters:\n      - name: token\n        value: ${GHP}\n` }),
      at('test/s3', 'templatePatch'), /GitHub token .* on line 6/, GHP);
  });

  test('RepositoryCredentials.usernamePassword: a token given as the user name', () => {
    expectRefused(() => RepositoryCredentials.usernamePassword({ username: GHP, password: CredentialSource.fromStore(store(Testing.chart()), { key: 'git/bot' }) }),
      'username', /GitHub token ghp_… \(40 chars\)/, GHP);
  });

  test('repository settings: proxy user info, display name, metadata, enterprise URL query', () => {
    const chart = Testing.chart();
    const p = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
    const base = { url: 'https://github.com/my-org/app', project: p, credentials: RepositoryCredentials.none() };
    const proxyPassword = randomText(14, 20);
    const proxy = `http://proxy-user:${proxyPassword}@proxy.example.com:3128`;
    expectRefused(() => new ArgoCdRepository(chart, 'r1', { ...base, proxy }), at('test/r1', 'proxy'), /URL password/, proxyPassword);
    expectRefused(() => new ArgoCdRepository(chart, 'r2', { ...base, name: GHP }), at('test/r2', 'name'), /GitHub token/, GHP);
    expectRefused(() => new ArgoCdRepository(chart, 'r3', { ...base, metadata: { annotations: { 'example.com/password': PASSWORD } } }),
      at('test/r3/Resource', 'metadata.annotations["example.com/password"]'), /password \(16 chars\)/, PASSWORD);
    expectRefused(() => RepositoryCredentials.githubApp({
      appId: 1, privateKey: CredentialSource.fromStore(store(Testing.chart()), { key: 'gh/app' }), enterpriseBaseUrl: `https://ghe.example.com/api/v3?access_token=${GHP}`,
    }), 'enterpriseBaseUrl', /GitHub token/, GHP);
  });

  test('project and role descriptions', () => {
    expectRefused(() => new AppProject(Testing.chart(), 'p', { description: `bot token ${GHP}` }), at('test/p', 'description'), /GitHub token/, GHP);
    const p = new AppProject(Testing.chart(), 'p2');
    expectRefused(() => p.addRole({ name: 'ci', description: GHP, policies: [] }), at('test/p2', 'roles["ci"].description'), /GitHub token/, GHP);
  });
});

describe('Argo CD literals people really write pass', () => {
  test('exec plugins, Helm values with secret references, templated elements, repositories', () => {
    const chart = Testing.chart();
    const p = project(chart);
    ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' });
    ClusterAuth.exec({
      command: '/usr/local/bin/kubelogin',
      args: ['get-token', '--login', 'workloadidentity', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630', '--token-file', '/var/run/secrets/azure/tokens/azure-identity-token'],
      env: {
        AZURE_CLIENT_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/argocd',
        AWS_REGION: 'eu-west-1',
        AUDIENCE_NAME: 'sts.amazonaws.com',
      },
      installHint: 'install kubelogin in the Argo CD image (see https://azure.github.io/kubelogin)',
    });
    const helm = ApplicationSource.helm({
      repoUrl: 'https://charts.example.com',
      chart: 'postgresql',
      targetRevision: '15.5.0',
      parameters: { 'auth.existingSecret': 'db-credentials', 'image.digest': `sha256:${'4f2504e0'.repeat(8)}`, 'auth.passwordKey': 'password' },
      values: {
        auth: { existingSecret: 'db-credentials', secretKeys: { adminPasswordKey: 'postgres-password', userPasswordKey: 'password' } },
        vault: { path: 'secret/data/team-a/db', role: 'team-a' },
        image: { repository: 'registry.example.com/postgresql', tag: '16.2.0', pullSecrets: ['registry-credentials'] },
        replicas: 3,
      },
    });
    ApplicationSource.helm({ repoUrl: REPO, path: 'chart', values: { password: '{{ .password }}', token: '${TOKEN}', apiKey: '$(API_KEY)' } });
    ApplicationSource.kustomize({ repoUrl: REPO, path: 'overlays/prod', images: ['app=registry.example.com/app@sha256:' + '4f2504e0'.repeat(8)] });
    new ApplicationSet(chart, 'set', {
      generators: [
        ApplicationSetGenerator.list([
          { cluster: 'east', url: 'https://east.example.com:6443', clusterId: '6dae42f8-4368-4678-94ff-3960e28e3630', tokenPath: '/var/run/secrets/tokens/east' },
          { cluster: 'west', url: 'https://west.example.com:6443', clusterId: '7ebf53a9-5479-4789-a5ff-4a71f39f4741', tokenPath: '/var/run/secrets/tokens/west' },
        ]),
      ],
      template: {
        name: '{{.cluster}}-guestbook',
        project: p,
        labels: { 'app.kubernetes.io/part-of': 'guestbook', 'cluster': '{{.cluster}}' },
        annotations: { 'example.com/owner': 'team-a', 'example.com/token-secret': 'guestbook-token' },
        source: helm,
        destination: ApplicationDestination.server('{{.url}}', 'guestbook'),
      },
    });
    const s = store(chart);
    const ap = new AppProject(chart, 'team', { metadata: { name: 'team-a' }, description: 'Team A: credentials come from Vault', sourceRepos: ['https://github.com/my-org/*'] });
    new ArgoCdRepository(chart, 'repo', {
      url: 'https://github.com/my-org/app',
      project: ap,
      name: 'app-config',
      proxy: 'http://proxy.example.com:3128',
      metadata: { annotations: { 'example.com/rotated-by': 'eso' } },
      credentials: RepositoryCredentials.usernamePassword({ username: 'argocd-bot', password: CredentialSource.fromStore(s, { key: 'git/bot', property: 'password' }) }),
    });
    RepositoryCredentials.usernamePassword({ username: 'x-access-token', password: CredentialSource.fromStore(s, { key: 'git/bot' }) });
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
  });
});
