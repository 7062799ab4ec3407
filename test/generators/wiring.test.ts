import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf, tenantChart } from './support';
import {
  DataFromSource, ExternalSecret, PushSecret, PushSecretSource, RefreshPolicy, Rewrite, SecretTemplate, TemplateValue,
} from '../../src/external-secrets';
import {
  ClusterGenerator, EcrAuthorizationToken, GcrAccessToken, Generator, GithubAccessToken, Password, Uuid,
} from '../../src/generators';
import { FakeStore } from '../external-secrets/support';

function github(chart: Chart): GithubAccessToken {
  return new GithubAccessToken(chart, 'gh', {
    metadata: { name: 'argocd-github' },
    appId: '123456',
    installId: '7890123',
    privateKey: { secret: kplus.Secret.fromSecretName(chart, 'pem', 'github-app-pem'), key: 'key' },
    repositories: ['app-config'],
  });
}

const GENERATOR_REF = (kind: string, name: string) => ({ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind, name } } });

describe('ExternalSecret with a generator', () => {
  test('renders generatorRef and defaults the refresh to half the token lifetime', () => {
    const chart = tenantChart('argocd');
    const token = github(chart);
    const template = new SecretTemplate({ labels: { 'argocd.argoproj.io/secret-type': 'repo-creds' } });
    template.addData('type', TemplateValue.literal('git'));
    template.addData('url', TemplateValue.literal('https://github.com/my-org'));
    template.addData('username', TemplateValue.literal('x-access-token'));
    template.addData('password', TemplateValue.ref('token'));
    new ExternalSecret(chart, 'creds', { metadata: { name: 'argocd-github-creds' }, template }).addDataFrom(DataFromSource.generator(token));
    expectGoodChart(chart);
    const spec = objectOf(chart, 'ExternalSecret').spec;
    expect(spec.secretStoreRef).toBeUndefined();
    expect(spec.refreshPolicy).toBe('Periodic');
    expect(spec.refreshInterval).toBe('30m0s');
    expect(spec.target.immutable).toBeUndefined();
    expect(spec.dataFrom).toEqual([GENERATOR_REF('GithubAccessToken', 'argocd-github')]);
  });

  test.each([
    ['ECR', (chart: Chart) => new EcrAuthorizationToken(chart, 'g', { metadata: { name: 'ecr' }, region: 'eu-central-1', serviceAccount: new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'ecr' } }) }), '6h0m0s'],
    ['GCR', (chart: Chart) => new GcrAccessToken(chart, 'g', { metadata: { name: 'gcr' }, projectId: 'my-project-123', clusterLocation: 'eu', clusterName: 'prod', serviceAccount: new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'gcr' } }) }), '7m30s'],
  ])('%s defaults to half its lifetime', (_name, make, interval) => {
    const chart = tenantChart();
    new ExternalSecret(chart, 'pull', { metadata: { name: 'pull' } }).addDataFrom(DataFromSource.generator(make(chart)));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe(interval);
  });

  test('an explicit interval below the lifetime is kept', () => {
    const chart = tenantChart('argocd');
    new ExternalSecret(chart, 'creds', { metadata: { name: 'creds' }, refresh: RefreshPolicy.periodic(Duration.minutes(20)) })
      .addDataFrom(DataFromSource.generator(github(chart)));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('20m0s');
  });

  test('fails on a refresh interval at or above the generator lifetime', () => {
    const chart = tenantChart('argocd');
    const token = github(chart);
    const es = new ExternalSecret(chart, 'creds', { refresh: RefreshPolicy.periodic(Duration.hours(1)) });
    expect(() => es.addDataFrom(DataFromSource.generator(token)))
      .toThrow(/'refresh' interval \(1h0m0s\) must be below the lifetime 1h0m0s of generator GithubAccessToken 'argocd-github'; use e\.g\. RefreshPolicy\.periodic\(Duration\.seconds\(1800\)\)/);
  });

  test('fails when a rotating generator would never be renewed', () => {
    const chart = tenantChart('argocd');
    const es = new ExternalSecret(chart, 'creds', { refresh: RefreshPolicy.createdOnce() });
    expect(() => es.addDataFrom(DataFromSource.generator(github(chart))))
      .toThrow(/'refresh' \(CreatedOnce\) never renews the output of generator GithubAccessToken 'argocd-github', which expires after 1h0m0s/);
  });

  test('fails on an immutable target for a rotating generator', () => {
    const chart = tenantChart('argocd');
    const es = new ExternalSecret(chart, 'creds', { immutable: true });
    expect(() => es.addDataFrom(DataFromSource.generator(github(chart))))
      .toThrow(/'immutable' is true but generator GithubAccessToken 'argocd-github' produces values that must be renewed/);
  });

  test('value generators default to createdOnce with an immutable target', () => {
    const chart = tenantChart();
    const pw = new Password(chart, 'pw', { metadata: { name: 'db-password' } });
    const id = new Uuid(chart, 'id', { metadata: { name: 'instance-id' } });
    const es = new ExternalSecret(chart, 'db', { metadata: { name: 'db' } });
    es.addDataFrom(DataFromSource.generator(pw));
    es.addDataFrom(DataFromSource.generator(id, { rewrites: [Rewrite.regexp('^uuid$', 'instance-id')] }));
    expectGoodChart(chart);
    const spec = objectOf(chart, 'ExternalSecret').spec;
    expect(spec.refreshPolicy).toBe('CreatedOnce');
    expect(spec.refreshInterval).toBe('1h0m0s');
    expect(spec.target).toEqual({ name: 'db', creationPolicy: 'Owner', deletionPolicy: 'Retain', immutable: true });
    expect(spec.dataFrom[1]).toEqual({ ...GENERATOR_REF('UUID', 'instance-id'), rewrite: [{ regexp: { source: '^uuid$', target: 'instance-id' } }] });
  });

  test('a value generator refreshed periodically is not made immutable', () => {
    const chart = tenantChart();
    new ExternalSecret(chart, 'db', { metadata: { name: 'db' }, refresh: RefreshPolicy.periodic(Duration.hours(24)) })
      .addDataFrom(DataFromSource.generator(new Password(chart, 'pw', { metadata: { name: 'rotated' } })));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.target.immutable).toBeUndefined();
  });

  test('mixing store data and generator output needs a reason', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const es = new ExternalSecret(chart, 'db', { metadata: { name: 'db' }, store, acknowledgeMixedSources: 'the admin password is created once next to the static user name' });
    es.addData('username', { key: 'team-a/db', property: 'username' });
    es.addDataFrom(DataFromSource.generator(new Password(chart, 'pw', { metadata: { name: 'db-password' } })));
    expectGoodChart(chart);
    const spec = objectOf(chart, 'ExternalSecret').spec;
    expect(spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'vault' });
    expect(spec.refreshPolicy).toBe('CreatedOnce');
    expect(spec.target.immutable).toBeUndefined();
  });

  test('fails when store data is added next to a generator', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const es = new ExternalSecret(chart, 'db', { store });
    es.addDataFrom(DataFromSource.generator(new Password(chart, 'pw', { metadata: { name: 'pw' } })));
    expect(() => es.addData('username', { key: 'team-a/db' })).toThrow(/'data\[username\]' mixes store data with the output of generator Password 'pw'; use a separate ExternalSecret, or set 'acknowledgeMixedSources'/);
    expect(() => es.addDataFrom(DataFromSource.extract({ key: 'team-a/db' }))).toThrow(/'dataFrom' mixes store data/);
  });

  test('fails when a generator is added next to store data', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const es = new ExternalSecret(chart, 'db', { store });
    es.addData('username', { key: 'team-a/db' });
    expect(() => es.addDataFrom(DataFromSource.generator(new Password(chart, 'pw', { metadata: { name: 'pw' } }))))
      .toThrow(/generator Password 'pw' would mix generated values with store data/);
  });

  test('fails when value and rotating generators share one ExternalSecret', () => {
    const chart = tenantChart('argocd');
    const es = new ExternalSecret(chart, 'x');
    es.addDataFrom(DataFromSource.generator(github(chart)));
    expect(() => es.addDataFrom(DataFromSource.generator(new Password(chart, 'pw', { metadata: { name: 'pw' } }))))
      .toThrow(/generator Password 'pw' is a value generator but GithubAccessToken 'argocd-github' is a rotating generator/);
  });

  test('fails on store data without a store', () => {
    const es = new ExternalSecret(tenantChart(), 'x');
    expect(() => es.addData('a', { key: 'k' })).toThrow(/'data\[a\]' reads a store but 'store' is not set/);
  });

  test('fails on a too short acknowledgeMixedSources', () => {
    expect(() => new ExternalSecret(tenantChart(), 'x', { acknowledgeMixedSources: 'yes' })).toThrow(/'acknowledgeMixedSources' \("yes"\) is not a written reason/);
  });

  test('fails on a generator in another namespace', () => {
    const app = Testing.app();
    const other = new Chart(app, 'other', { namespace: 'team-b' });
    const chart = new Chart(app, 'tenant', { namespace: 'team-a' });
    const pw = new Password(other, 'pw', { metadata: { name: 'pw' } });
    new ExternalSecret(chart, 'db', { metadata: { name: 'db' } }).addDataFrom(DataFromSource.generator(pw));
    expect(() => app.synth()).toThrow(/ExternalSecret 'db' in namespace team-a cannot use Password 'pw' in namespace team-b: ESO looks generators up in the ExternalSecret's namespace/);
  });

  test('a ClusterGenerator is usable from any namespace', () => {
    const app = Testing.app();
    const cluster = new Chart(app, 'cluster');
    const chart = new Chart(app, 'tenant', { namespace: 'team-a' });
    const gen = new ClusterGenerator(cluster, 'pw', { metadata: { name: 'strong-password' }, spec: Password.spec({ length: 32 }) });
    new ExternalSecret(chart, 'db', { metadata: { name: 'db' } }).addDataFrom(DataFromSource.generator(gen));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.dataFrom).toEqual([GENERATOR_REF('ClusterGenerator', 'strong-password')]);
    expect(objectOf(chart, 'ExternalSecret').spec.refreshPolicy).toBe('CreatedOnce');
  });

  test('an imported generator declares its lifetime', () => {
    const chart = tenantChart();
    const gen = Generator.fromGeneratorAttributes(chart, 'quay', { kind: 'QuayAccessToken', name: 'quay', namespace: 'team-a', outputKeys: ['auth'], rotating: true, maxLifetime: Duration.hours(1) });
    new ExternalSecret(chart, 'pull', { metadata: { name: 'pull' } }).addDataFrom(DataFromSource.generator(gen));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('30m0s');
  });

  test('a rotating generator without a known lifetime refreshes hourly', () => {
    const chart = tenantChart();
    const gen = Generator.fromGeneratorAttributes(chart, 'hook', { kind: 'Webhook', name: 'hook', namespace: 'team-a', outputKeys: [], rotating: true });
    new ExternalSecret(chart, 'x', { metadata: { name: 'x' } }).addDataFrom(DataFromSource.generator(gen));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('1h0m0s');
  });

  test('an imported ClusterGenerator is usable from any namespace', () => {
    const chart = tenantChart();
    const gen = ClusterGenerator.fromClusterGeneratorAttributes(chart, 'pw', { name: 'strong-password', outputKeys: ['password'], rotating: false });
    expect([gen.kind, gen.name, gen.namespace, gen.clusterScoped]).toEqual(['ClusterGenerator', 'strong-password', undefined, true]);
    new ExternalSecret(chart, 'db', { metadata: { name: 'db' } }).addDataFrom(DataFromSource.generator(gen));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.dataFrom).toEqual([GENERATOR_REF('ClusterGenerator', 'strong-password')]);
  });

  test.each([
    [{ kind: 'Secret', name: 'x' }, /^tenant\/x: 'kind' \("Secret"\) is not an ESO v2.9 generator kind/],
    [{ kind: 'ClusterGenerator', name: 'x' }, /^tenant\/x: 'kind' is ClusterGenerator, which is cluster-scoped; import it with ClusterGenerator.fromClusterGeneratorAttributes\(\)/],
    [{ kind: 'Password', name: 'Bad_Name' }, /^tenant\/x: 'name' \("Bad_Name"\) must be a DNS-1123 subdomain/],
    [{ kind: 'Password', name: 'x', namespace: 'Team_A' }, /^tenant\/x: 'namespace' \("Team_A"\) must be a DNS-1123 label/],
  ])('fails on bad imports %p', (options, error) => {
    expect(() => Generator.fromGeneratorAttributes(tenantChart(), 'x', { outputKeys: [], rotating: false, ...options })).toThrow(error);
  });

  test('fails on a bad ClusterGenerator import', () => {
    expect(() => ClusterGenerator.fromClusterGeneratorAttributes(tenantChart(), 'x', { name: 'Bad_Name', outputKeys: [], rotating: false }))
      .toThrow(/^tenant\/x: 'name' \("Bad_Name"\) must be a DNS-1123 subdomain/);
  });
});

describe('PushSecret with a generator', () => {
  test('renders selector.generatorRef', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const pw = new Password(chart, 'pw', { metadata: { name: 'db-password' } });
    new PushSecret(chart, 'push', { metadata: { name: 'push' }, source: PushSecretSource.generator(pw), stores: [store] })
      .addKey('password', { remoteKey: 'team-a/db-password' });
    expectGoodChart(chart);
    expect(objectOf(chart, 'PushSecret').spec.selector).toEqual({
      generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'db-password' },
    });
  });

  test('fails on a generator in another namespace', () => {
    const app = Testing.app();
    const pw = new Password(new Chart(app, 'other', { namespace: 'team-b' }), 'pw', { metadata: { name: 'pw' } });
    const chart = new Chart(app, 'tenant', { namespace: 'team-a' });
    new PushSecret(chart, 'push', { metadata: { name: 'push' }, source: PushSecretSource.generator(pw), stores: [new FakeStore(chart, 'store')] })
      .addKey('password', { remoteKey: 'team-a/pw' });
    expect(() => app.synth()).toThrow(/PushSecret 'push' in namespace team-a cannot use Password 'pw' in namespace team-b/);
  });
});
