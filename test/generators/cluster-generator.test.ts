import { Chart, Testing, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf } from './support';
import { ReferentServiceAccount, VaultAuth } from '../../src/external-secrets';
import { ClusterGenerator, GithubAccessToken, Password, SshKey, Uuid, VaultDynamicSecret } from '../../src/generators';

describe('ClusterGenerator', () => {
  test('wraps a spec under the matching key and kind', () => {
    const chart = new Chart(Testing.app(), 'cluster', { namespace: 'ignored' });
    const gen = new ClusterGenerator(chart, 'pw', { metadata: { name: 'strong-password' }, spec: Password.spec({ length: 32 }) });
    expectGoodChart(chart);
    expect(objectOf(chart, 'ClusterGenerator')).toEqual({
      apiVersion: 'generators.external-secrets.io/v1alpha1',
      kind: 'ClusterGenerator',
      metadata: { name: 'strong-password' },
      spec: { kind: 'Password', generator: { passwordSpec: { length: 32, noUpper: false, allowRepeat: false, encoding: 'raw' } } },
    });
    expect(gen.clusterScoped).toBe(true);
    expect(gen.namespace).toBeUndefined();
    expect(gen.generatorKind).toBe('Password');
    expect(gen.outputKeys).toEqual(['password']);
  });

  test('acronym kinds map to their spec keys', () => {
    const chart = new Chart(Testing.app(), 'cluster');
    new ClusterGenerator(chart, 'ssh', { metadata: { name: 'ssh' }, spec: SshKey.spec() });
    new ClusterGenerator(chart, 'uuid', { metadata: { name: 'uuid' }, spec: Uuid.spec() });
    const [ssh, uuid] = expectGoodChart(chart);
    expect(ssh.spec).toEqual({ kind: 'SSHKey', generator: { sshKeySpec: { keyType: 'ed25519' } } });
    expect(uuid.spec).toEqual({ kind: 'UUID', generator: { uuidSpec: {} } });
  });

  test('references resolve in each ExternalSecret namespace', () => {
    const chart = new Chart(Testing.app(), 'cluster');
    new ClusterGenerator(chart, 'gh', {
      metadata: { name: 'github' },
      spec: GithubAccessToken.spec({ appId: '1', installId: '2', privateKey: { secret: kplus.Secret.fromSecretName(chart, 'pem', 'github-app-pem'), key: 'key' }, repositories: ['app'] }),
    });
    new ClusterGenerator(chart, 'vault', {
      metadata: { name: 'db' },
      spec: VaultDynamicSecret.spec({
        path: 'database/creds/app',
        maxLifetime: Duration.hours(1),
        provider: { server: 'https://vault.example.com', auth: VaultAuth.kubernetes({ role: 'db', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'app') }) },
      }),
    });
    const [gh, vault] = expectGoodChart(chart);
    expect(gh.spec.generator.githubAccessTokenSpec.auth).toEqual({ privateKey: { secretRef: { name: 'github-app-pem', key: 'key' } } });
    expect(vault.spec.kind).toBe('VaultDynamicSecret');
    expect(vault.spec.generator.vaultDynamicSecretSpec.provider.auth.kubernetes).toEqual({ mountPath: 'kubernetes', role: 'db', serviceAccountRef: { name: 'app' } });
  });

  test('fails on a reference with a namespace', () => {
    const chart = new Chart(Testing.app(), 'cluster');
    const secret = new kplus.Secret(chart, 'pem', { metadata: { name: 'pem', namespace: 'argocd' } });
    expect(() => new ClusterGenerator(chart, 'gh', {
      spec: GithubAccessToken.spec({ appId: '1', installId: '2', privateKey: { secret, key: 'key' }, repositories: ['app'] }),
    })).toThrow(/'privateKey.namespace' references namespace "argocd", but a ClusterGenerator resolves references in the namespace of each ExternalSecret/);
  });

  test('fails on a namespace in metadata', () => {
    const chart = new Chart(Testing.app(), 'cluster');
    expect(() => new ClusterGenerator(chart, 'pw', { metadata: { namespace: 'a' }, spec: Uuid.spec() })).toThrow(/cannot be set on a ClusterGenerator: it is cluster-scoped/);
  });
});
