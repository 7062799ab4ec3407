import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf, tenantChart } from './support';
import { ReferentServiceAccount, VaultAuth } from '../../src/external-secrets';
import {
  EcrAuthorizationToken, EcrScope, GcrAccessToken, GithubAccessToken, GithubAccessTokenOptions, StsSessionToken,
  VaultDynamicSecret, VaultDynamicSecretResultType,
} from '../../src/generators';

function githubOptions(chart: any, overrides: Partial<GithubAccessTokenOptions> = {}): GithubAccessTokenOptions {
  return {
    appId: '123456',
    installId: '7890123',
    privateKey: { secret: kplus.Secret.fromSecretName(chart, 'pem', 'github-app-pem'), key: 'key' },
    repositories: ['app-config'],
    ...overrides,
  };
}

describe('GithubAccessToken', () => {
  test('least privilege by default: named repositories, contents read', () => {
    const chart = tenantChart('argocd');
    const token = new GithubAccessToken(chart, 'gh', { metadata: { name: 'argocd-github' }, ...githubOptions(chart) });
    expectGoodChart(chart);
    expect(objectOf(chart, 'GithubAccessToken').spec).toEqual({
      appID: '123456',
      installID: '7890123',
      repositories: ['app-config'],
      permissions: { contents: 'read' },
      auth: { privateKey: { secretRef: { name: 'github-app-pem', key: 'key' } } },
    });
    expect(token.outputKeys).toEqual(['token']);
    expect(token.rotating).toBe(true);
    expect(token.maxLifetime?.toMinutes()).toBe(60);
  });

  test('all repositories and all permissions are named opt-ins; GHE url', () => {
    const chart = tenantChart('argocd');
    new GithubAccessToken(chart, 'gh', {
      metadata: { name: 'org-wide' },
      ...githubOptions(chart, { repositories: undefined, allowAllRepositories: 'the installation only holds this team\'s repositories', allowAllPermissions: 'the App itself only has read permissions', url: 'https://ghe.example.com/api/v3' }),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'GithubAccessToken').spec).toEqual({
      appID: '123456',
      installID: '7890123',
      url: 'https://ghe.example.com/api/v3',
      auth: { privateKey: { secretRef: { name: 'github-app-pem', key: 'key' } } },
    });
  });

  test('explicit permissions are sorted', () => {
    const chart = tenantChart('argocd');
    new GithubAccessToken(chart, 'gh', { ...githubOptions(chart, { permissions: { pull_requests: 'write', contents: 'read' }, acknowledgeWritePermissions: 'the release bot opens pull requests', repositories: ['b', 'a'] }) });
    expectGoodChart(chart);
    const spec = objectOf(chart, 'GithubAccessToken').spec;
    expect(Object.keys(spec.permissions)).toEqual(['contents', 'pull_requests']);
    expect(spec.repositories).toEqual(['a', 'b']);
  });

  test.each([
    [{ appId: 'abc' }, /'appId' \("abc"\) must be the App's numeric ID/],
    [{ installId: '' }, /'installId' \(""\) must be the installation's numeric ID/],
    [{ repositories: [] }, /'repositories' is empty: the token would reach every repository.*allowAllRepositories to the reason/],
    [{ repositories: ['org/app'] }, /'repositories' entry "org\/app" must be a repository name without the owner, e.g. "app"/],
    [{ repositories: ['bad name'] }, /is not a GitHub repository name/],
    [{ repositories: ['a', 'a'] }, /'repositories' lists "a" twice/],
    [{ allowAllRepositories: 'the installation only holds this team\'s repositories' }, /'allowAllRepositories' and 'repositories' are both set/],
    [{ permissions: {} }, /'permissions' is empty: the token would get every permission.*allowAllPermissions to the reason/],
    [{ permissions: { contents: 'write' } }, /'permissions' grants contents: write: a leaked token could change the repositories; grant read, or set acknowledgeWritePermissions to the reason/],
    [{ permissions: { contents: 'read', administration: 'admin' } }, /'permissions' grants administration: admin/],
    [{ permissions: { contents: 'write' }, acknowledgeWritePermissions: 'ok ok ok ok ok' }, /'acknowledgeWritePermissions' \("ok ok ok ok ok"\) is not a written reason: it does not have two different words/],
    [{ acknowledgeWritePermissions: 'the release bot opens pull requests' }, /'acknowledgeWritePermissions' is set but every permission is read; remove it/],
    [{ allowAllRepositories: 'xxxxxxxxxx', repositories: undefined }, /'allowAllRepositories' \("xxxxxxxxxx"\) is not a written reason: it repeats one character/],
    [{ permissions: undefined, allowAllPermissions: 'the App itself only has read permissions', acknowledgeWritePermissions: 'the release bot opens pull requests' }, /'acknowledgeWritePermissions' has no effect with 'allowAllPermissions'/],
    [{ permissions: { contents: 'all' } }, /'permissions.contents' \("all"\) must be one of read, write, admin/],
    [{ permissions: { Contents: 'read' } }, /'permissions' name "Contents" is not a GitHub App permission/],
    [{ permissions: { contents: 'read' }, allowAllPermissions: 'the App itself only has read permissions' }, /'allowAllPermissions' and 'permissions' are both set/],
    [{ url: 'http://ghe.example.com/api/v3' }, /'url' .* must use https/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart('argocd');
    expect(() => new GithubAccessToken(chart, 'gh', githubOptions(chart, overrides as any))).toThrow(error);
  });

  test('fails when the private key is in another namespace', () => {
    const chart = tenantChart('argocd');
    const secret = new kplus.Secret(chart, 'elsewhere', { metadata: { name: 'pem', namespace: 'vault-secrets' } });
    expect(() => new GithubAccessToken(chart, 'gh', githubOptions(chart, { privateKey: { secret, key: 'key' } })))
      .toThrow(/'privateKey.namespace' references namespace "vault-secrets", but the generator lives in namespace argocd/);
  });
});

describe('VaultDynamicSecret', () => {
  function vaultProps(chart: any): any {
    return {
      path: 'database/creds/app',
      maxLifetime: Duration.hours(1),
      outputKeys: ['username', 'password'],
      provider: {
        server: 'https://vault.example.com:8200',
        auth: VaultAuth.kubernetes({ role: 'app-db', serviceAccount: new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'app-db' } }), audiences: ['vault'] }),
      },
    };
  }

  test('renders the Vault provider with mountPath and the CRD defaults', () => {
    const chart = tenantChart();
    const gen = new VaultDynamicSecret(chart, 'db', { metadata: { name: 'db-creds' }, ...vaultProps(chart) });
    expectGoodChart(chart);
    expect(objectOf(chart, 'VaultDynamicSecret').spec).toEqual({
      path: 'database/creds/app',
      resultType: 'Data',
      allowEmptyResponse: false,
      provider: {
        server: 'https://vault.example.com:8200',
        version: 'v2',
        auth: { kubernetes: { mountPath: 'kubernetes', role: 'app-db', serviceAccountRef: { name: 'app-db', audiences: ['vault'] } } },
      },
    });
    expect(gen.maxLifetime?.toHours()).toBe(1);
    expect(gen.outputKeys).toEqual(['username', 'password']);
    expect(gen.rotating).toBe(true);
  });

  test('POST with parameters and JWT auth', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'pki' } });
    new VaultDynamicSecret(chart, 'pki', {
      metadata: { name: 'pki' },
      path: 'pki/issue/app',
      method: 'post',
      parameters: { common_name: 'app.example.com', ttl: '24h' },
      resultType: VaultDynamicSecretResultType.DATA,
      maxLifetime: Duration.hours(24),
      provider: { server: 'https://vault.example.com', auth: VaultAuth.jwt({ role: 'pki', serviceAccount: sa, audiences: ['vault'] }) },
    });
    const [, gen] = expectGoodChart(chart);
    expect(gen.spec.method).toBe('POST');
    expect(gen.spec.parameters).toEqual({ common_name: 'app.example.com', ttl: '24h' });
    expect(gen.spec.provider.auth.jwt.path).toBe('jwt');
  });

  test.each([
    [{ path: '/database/creds/app' }, /'path' \("\/database\/creds\/app"\) must be a Vault API path/],
    [{ path: 'v1/database/creds/app' }, /'path' \(v1\/database\/creds\/app\) must not start with 'v1\/'/],
    [{ maxLifetime: Duration.seconds(1) }, /'maxLifetime' \(1s\) must be at least 2s/],
    [{ method: 'FETCH' }, /'method' \("FETCH"\) must be one of GET, POST/],
    [{ parameters: { a: 1 } }, /'parameters' are sent as a request body, which GET does not have/],
    [{ outputKeys: ['a b'] }, /'outputKeys' \("a b"\) must be a Secret key/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new VaultDynamicSecret(chart, 'db', { ...vaultProps(chart), ...overrides })).toThrow(error);
  });

  test('fails when the service account is in another namespace', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'other', { metadata: { name: 'eso', namespace: 'external-secrets' } });
    const props = { ...vaultProps(chart), provider: { server: 'https://vault.example.com', auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: sa }) } };
    expect(() => new VaultDynamicSecret(chart, 'db', props)).toThrow(/namespace "external-secrets"/);
  });

  test('fails on static Vault credentials without a reason', () => {
    const chart = tenantChart();
    expect(() => VaultAuth.token({ tokenSecret: { secret: kplus.Secret.fromSecretName(chart, 't', 'vault-token'), key: 'token' }, acknowledgeStaticCredentials: '' }))
      .toThrow(/is not a written reason/);
  });
});

describe('EcrAuthorizationToken', () => {
  test('IRSA by default, 12 hour lifetime', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'ecr-pull' } });
    const ecr = new EcrAuthorizationToken(chart, 'ecr', {
      metadata: { name: 'ecr' }, region: 'eu-central-1', serviceAccount: sa, role: 'arn:aws:iam::123456789012:role/ecr-pull', scope: EcrScope.PRIVATE,
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'ECRAuthorizationToken').spec).toEqual({
      region: 'eu-central-1',
      role: 'arn:aws:iam::123456789012:role/ecr-pull',
      scope: 'private',
      auth: { jwt: { serviceAccountRef: { name: 'ecr-pull' } } },
    });
    expect(ecr.maxLifetime?.toHours()).toBe(12);
    expect(ecr.outputKeys).toEqual(['username', 'password', 'proxy_endpoint', 'expires_at']);
  });

  test('static credentials with a written reason', () => {
    const chart = tenantChart();
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'aws-creds');
    new EcrAuthorizationToken(chart, 'ecr', {
      metadata: { name: 'ecr' },
      region: 'us-east-1',
      staticCredentials: { accessKeyId: { secret: creds, key: 'id' }, secretAccessKey: { secret: creds, key: 'secret' } },
      acknowledgeStaticCredentials: 'on-premises cluster without an OIDC issuer',
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'ECRAuthorizationToken').spec.auth).toEqual({
      secretRef: { accessKeyIDSecretRef: { name: 'aws-creds', key: 'id' }, secretAccessKeySecretRef: { name: 'aws-creds', key: 'secret' } },
    });
  });

  test.each([
    [{ region: 'europe' }, /'region' \("europe"\) is not an AWS region/],
    [{ role: 'ecr-pull' }, /'role' \("ecr-pull"\) must be an IAM role ARN/],
    [{ serviceAccount: undefined }, /exactly one of 'serviceAccount' \(IRSA, recommended\) and 'staticCredentials'/],
    [{ audiences: [] }, /'serviceAccount.audiences' is empty/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'ecr-pull' } });
    expect(() => new EcrAuthorizationToken(chart, 'ecr', { region: 'eu-central-1', serviceAccount: sa, ...overrides })).toThrow(error);
  });

  test('fails on static credentials without a reason', () => {
    const chart = tenantChart();
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'aws-creds');
    expect(() => new EcrAuthorizationToken(chart, 'ecr', {
      region: 'us-east-1', staticCredentials: { accessKeyId: { secret: creds, key: 'id' }, secretAccessKey: { secret: creds, key: 'secret' } },
    })).toThrow(/'acknowledgeStaticCredentials' is required for static AWS access keys/);
  });
});

describe('StsSessionToken', () => {
  test('the declared session duration is the lifetime', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'deployer' } });
    const sts = new StsSessionToken(chart, 'sts', { metadata: { name: 'sts' }, region: 'eu-west-1', serviceAccount: sa, audiences: ['sts.amazonaws.com'], sessionDuration: Duration.hours(1) });
    expectGoodChart(chart);
    expect(objectOf(chart, 'STSSessionToken').spec).toEqual({
      region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'deployer', audiences: ['sts.amazonaws.com'] } } }, requestParameters: { sessionDuration: 3600 },
    });
    expect(sts.maxLifetime?.toMinutes()).toBe(60);
  });

  test.each([
    [Duration.minutes(5), /'sessionDuration' \(5m0s\) must be at least 15m0s/],
    [Duration.hours(40), /'sessionDuration' \(40h0m0s\) must be at most 36h0m0s/],
    [Duration.millis(900_500), /'sessionDuration' \(900500ms\) must be a whole number of seconds/],
  ])('fails on session duration %p', (sessionDuration, error) => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'deployer' } });
    expect(() => new StsSessionToken(chart, 'sts', { region: 'eu-west-1', serviceAccount: sa, sessionDuration })).toThrow(error);
  });
});

describe('GcrAccessToken', () => {
  test('workload identity, 15 minute lifetime', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'gar-pull' } });
    const gcr = new GcrAccessToken(chart, 'gcr', {
      metadata: { name: 'gar' }, projectId: 'my-project-123', serviceAccount: sa, clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectId: 'infra-project',
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'GCRAccessToken').spec).toEqual({
      projectID: 'my-project-123',
      auth: { workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectID: 'infra-project', serviceAccountRef: { name: 'gar-pull' } } },
    });
    expect(gcr.maxLifetime?.toMinutes()).toBe(15);
  });

  test.each([
    [{ projectId: 'My_Project' }, /'projectId' \("My_Project"\) is not a Google Cloud project ID/],
    [{ clusterName: ' ' }, /'clusterName' must not be empty/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'gar-pull');
    expect(() => new GcrAccessToken(chart, 'gcr', { projectId: 'my-project-123', serviceAccount: sa, clusterLocation: 'eu', clusterName: 'prod', ...overrides })).toThrow(error);
  });
});
