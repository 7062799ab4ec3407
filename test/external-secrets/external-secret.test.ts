import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FakeStore, clusterStore, tenantChart } from './support';
import { ValidationError } from '../../src/common/errors';
import {
  ConversionStrategy, CreationPolicy, DataFromSource, DecodingStrategy, DeletionPolicy, ExternalSecret, MetadataPolicy,
  NullBytePolicy, RefreshPolicy, Rewrite, RewriteConflictPolicy, SecretStore, SecretStoreProvider, SecretTemplate, SecretType, TargetLifecycle,
  VaultAuth,
} from '../../src/external-secrets';
import { checkObject, expectConformant, expectDefaultsEmitted } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';

function specOf(chart: any): any {
  return Testing.synth(chart).find((o: any) => o.kind === 'ExternalSecret').spec;
}

describe('ExternalSecret', () => {
  test('renders every server-defaulted field explicitly', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    new ExternalSecret(chart, 'db', { metadata: { name: 'db' }, store })
      .addData('db-password', { key: 'team-a/db', property: 'password' });

    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(specOf(chart)).toEqual({
      secretStoreRef: { kind: 'SecretStore', name: 'vault' },
      refreshPolicy: 'Periodic',
      refreshInterval: '1h0m0s',
      target: { name: 'db', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{
        secretKey: 'db-password',
        remoteRef: {
          key: 'team-a/db',
          property: 'password',
          conversionStrategy: 'Default',
          decodingStrategy: 'None',
          metadataPolicy: 'None',
          nullBytePolicy: 'Ignore',
        },
      }],
    });
    expectConformant(chart);
  });

  testWithShared('synthesized output is a fixed point of the CRD defaulting', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const template = new SecretTemplate({ labels: { 'argocd.argoproj.io/secret-type': 'repository' } });
    const es = new ExternalSecret(chart, 'repo', { store, template, immutable: true, refresh: RefreshPolicy.onChange() });
    es.addData('url', { key: 'team-a/repo', property: 'url', version: '3', decodingStrategy: DecodingStrategy.BASE64 });
    es.addDataFrom(DataFromSource.extract({ key: 'team-a/extra', rewrites: [Rewrite.merge(), Rewrite.regexp('^x-', '')] }));
    es.addDataFrom(DataFromSource.find({ path: 'team-a/', nameRegexp: '^db-', tags: { env: 'prod' }, rewrites: [Rewrite.transform('{{ .value | lower }}')] }));

    const obj = Testing.synth(chart).find((o: any) => o.kind === 'ExternalSecret');
    const report = checkObject(obj);
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.defaulted).toEqual(obj);
    expectConformant(chart);
  });

  test('renders lifecycle presets, refresh policies and secret types', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const cases: Array<[string, TargetLifecycle, RefreshPolicy, SecretType | undefined]> = [
      ['owned', TargetLifecycle.owned(), RefreshPolicy.periodic(Duration.minutes(15)), SecretType.OPAQUE],
      ['deleted', TargetLifecycle.ownedDeletedWithRemote(), RefreshPolicy.createdOnce(), SecretType.SSH_AUTH],
      ['orphan', TargetLifecycle.orphan(), RefreshPolicy.onChange(), SecretType.custom('example.com/thing')],
      ['merge', TargetLifecycle.mergeIntoExisting({ acknowledgeMerge: 'argocd-secret holds the OIDC client secret', removeKeysWhenRemoteDeleted: true }), RefreshPolicy.periodic(Duration.seconds(90)), undefined],
      ['create-or-merge', TargetLifecycle.mergeIntoExisting({ acknowledgeMerge: 'shared config', createIfMissing: true }), RefreshPolicy.periodic(Duration.hours(2)), undefined],
      ['none', TargetLifecycle.custom({ creationPolicy: CreationPolicy.NONE, deletionPolicy: DeletionPolicy.RETAIN }), RefreshPolicy.periodic(Duration.hours(1)), undefined],
    ];
    for (const [name, lifecycle, refresh, secretType] of cases) {
      new ExternalSecret(chart, name, { metadata: { name }, store, lifecycle, refresh, secretType })
        .addData('value', { key: `team-a/${name}` });
    }
    const byName = Object.fromEntries(Testing.synth(chart).map((o: any) => [o.metadata.name, o.spec]));
    expect(byName.owned).toMatchObject({ refreshPolicy: 'Periodic', refreshInterval: '15m0s', target: { template: { type: 'Opaque', engineVersion: 'v2', mergePolicy: 'Replace' } } });
    expect(byName.deleted).toMatchObject({ refreshPolicy: 'CreatedOnce', refreshInterval: '1h0m0s', target: { creationPolicy: 'Owner', deletionPolicy: 'Delete', template: { type: 'kubernetes.io/ssh-auth' } } });
    expect(byName.orphan).toMatchObject({ refreshPolicy: 'OnChange', target: { creationPolicy: 'Orphan', deletionPolicy: 'Retain', template: { type: 'example.com/thing' } } });
    expect(byName.merge).toMatchObject({ refreshInterval: '1m30s', target: { creationPolicy: 'Merge', deletionPolicy: 'Merge' } });
    expect(byName.merge.target.template).toBeUndefined();
    expect(byName['create-or-merge'].target).toMatchObject({ creationPolicy: 'CreateOrMerge', deletionPolicy: 'Retain' });
    expect(byName.none.target).toMatchObject({ creationPolicy: 'None', deletionPolicy: 'Retain' });
    for (const obj of Testing.synth(chart)) expectDefaultsEmitted(obj);
    expectConformant(chart);
  });

  test('renders dataFrom extract and find with explicit strategies and rewrite defaults', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store', { keyPrefix: 'team-a/' });
    const es = new ExternalSecret(chart, 'all', { metadata: { name: 'all' }, store });
    es.addDataFrom(DataFromSource.extract({
      key: 'team-a/app',
      conversionStrategy: ConversionStrategy.UNICODE,
      metadataPolicy: MetadataPolicy.FETCH,
      nullBytePolicy: NullBytePolicy.FAIL,
      rewrites: [Rewrite.merge({ into: 'merged', priority: ['a'], conflictPolicy: RewriteConflictPolicy.IGNORE })],
    }));
    es.addDataFrom(DataFromSource.find({ path: 'team-a/certs', tags: { kind: 'tls' } }));
    const spec = specOf(chart);
    expect(spec.dataFrom).toEqual([
      {
        extract: { key: 'team-a/app', conversionStrategy: 'Unicode', decodingStrategy: 'None', metadataPolicy: 'Fetch', nullBytePolicy: 'Fail' },
        rewrite: [{ merge: { into: 'merged', priority: ['a'], strategy: 'Extract', conflictPolicy: 'Ignore', priorityPolicy: 'Strict' } }],
      },
      { find: { path: 'team-a/certs', tags: { kind: 'tls' }, conversionStrategy: 'Default', decodingStrategy: 'None', nullBytePolicy: 'Ignore' } },
    ]);
    expect(spec.data).toBeUndefined();
    expectConformant(chart);
  });

  test('uses a ClusterSecretStore that allows the namespace or cannot tell', () => {
    const chart = tenantChart();
    const allowed = clusterStore(chart, { allowedNamespaces: ['team-a'] });
    const unknown = new FakeStore(chart, 'unknown', { name: 'by-label', kind: allowed.storeKind });
    new ExternalSecret(chart, 'a', { store: allowed }).addData('k', { key: 'x' });
    new ExternalSecret(chart, 'b', { store: unknown }).addData('k', { key: 'x' });
    expect(Testing.synth(chart).map((o: any) => o.spec.secretStoreRef)).toEqual([
      { kind: 'ClusterSecretStore', name: 'shared' }, { kind: 'ClusterSecretStore', name: 'by-label' },
    ]);
    expectConformant(chart);
  });

  test('exposes the target as a cdk8s-plus Secret and a read-only volume', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const es = new ExternalSecret(chart, 'db', { metadata: { name: 'db' }, store, targetName: 'db-credentials' });
    es.addData('password', { key: 'team-a/db' });
    expect(es.secret.name).toBe('db-credentials');
    expect(es.targetName).toBe('db-credentials');
    const deployment = new kplus.Deployment(chart, 'app', {
      containers: [{ image: 'registry.example.com/app@sha256:' + 'a'.repeat(64), securityContext: { user: 1000, group: 1000, capabilities: { drop: [kplus.Capability.ALL] } } }],
    });
    const volume = es.mountReadOnly(deployment.containers[0], '/etc/db');
    expect(es.toVolume(volume.name)).toBe(volume);
    const items = es.toVolume('only-password', { items: { password: { path: 'pw' } }, defaultMode: 0o400 });
    deployment.addVolume(items);
    const manifest = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    const podSpec = manifest.spec.template.spec;
    expect(podSpec.volumes).toEqual(expect.arrayContaining([
      { name: 'secret-db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o440, optional: false } },
      { name: 'only-password', secret: { secretName: 'db-credentials', defaultMode: 0o400, optional: false, items: [{ key: 'password', path: 'pw' }] } },
    ]));
    expect(podSpec.containers[0].volumeMounts).toEqual([{ name: 'secret-db-credentials', mountPath: '/etc/db', readOnly: true }]);
    expect(specOf(chart).target.name).toBe('db-credentials');
    expectConformant(chart);
  });

  test('imports an ExternalSecret by name or attributes', () => {
    const chart = tenantChart();
    const imported = ExternalSecret.fromExternalSecretAttributes(chart, 'imported', { name: 'db', namespace: 'team-b', targetName: 'db-credentials' });
    expect(imported.name).toBe('db');
    expect(imported.namespace).toBe('team-b');
    expect(imported.kind).toBe('ExternalSecret');
    expect(imported.apiVersion).toBe('external-secrets.io/v1');
    expect(imported.secret.name).toBe('db-credentials');
    const byName = ExternalSecret.fromExternalSecretName(chart, 'same', 'cache');
    expect(byName.secret.name).toBe('cache');
    expect(byName.namespace).toBeUndefined();
    expect(() => ExternalSecret.fromExternalSecretName(chart, 'bad', 'Bad_Name')).toThrow(/^tenant: 'name' \("Bad_Name"\) must be a DNS-1123 subdomain/);
    expect(() => ExternalSecret.fromExternalSecretAttributes(chart, 'bad-ns', { name: 'db', namespace: 'Team' })).toThrow(/'namespace' \("Team"\)/);
    expect(() => ExternalSecret.fromExternalSecretAttributes(chart, 'bad-target', { name: 'db', targetName: 'Bad_Name' })).toThrow(/'targetName' \("Bad_Name"\)/);
  });

  test('fails on a duplicate secretKey', () => {
    const chart = tenantChart();
    const es = new ExternalSecret(chart, 'db', { store: new FakeStore(chart, 'store') });
    es.addData('password', { key: 'a' });
    expect(() => es.addData('password', { key: 'b' })).toThrow(ValidationError);
    expect(() => es.addData('password', { key: 'b' })).toThrow(/^tenant\/db: 'secretKey' \(password\) is already set/);
  });

  test('fails on an invalid secretKey, empty key or target name', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const es = new ExternalSecret(chart, 'db', { store });
    expect(() => es.addData('bad key', { key: 'a' })).toThrow(/'secretKey' \("bad key"\) must be a Secret key/);
    for (const key of ['.', '..', '..data', '../etc']) {
      expect(() => es.addData(key, { key: 'a' })).toThrow(/'secretKey' \("\.{1,2}[^"]*"\) must (not be '\.' or start with '\.\.'|be a Secret key)/);
    }
    expect(() => es.addData('ok', { key: ' ' })).toThrow(/'key' must not be empty/);
    expect(() => new ExternalSecret(chart, 'x', { store, targetName: 'Bad_Name' })).toThrow(/targetName/);
    expect(() => new ExternalSecret(chart, 'y', { store, metadata: { name: 'Bad_Name' } })).toThrow(/metadata.name/);
  });

  test('fails on a remote key outside the store key prefix', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store', { keyPrefix: 'team-a/' });
    const es = new ExternalSecret(chart, 'db', { store });
    expect(() => es.addData('password', { key: 'team-b/db' })).toThrow(/'data\[password\]\.remoteRef\.key' \(team-b\/db\) does not start with team-a\/, the key prefix of store 'vault'; e.g. 'team-a\/db'/);
    expect(() => es.addDataFrom(DataFromSource.extract({ key: 'other' }))).toThrow(/'dataFrom\[\]\.extract\.key' \(other\) does not start with team-a\//);
    expect(() => es.addDataFrom(DataFromSource.find({ path: 'team-b', nameRegexp: '.*' }))).toThrow(/'dataFrom\[\]\.find\.path' \(team-b\) does not start with team-a\//);
    expect(() => es.addDataFrom(DataFromSource.find({ nameRegexp: '.*' }))).toThrow(/'dataFrom\[\]\.find\.path' must be set: store 'vault' only allows keys under 'team-a\/'/);
    // judged as the provider reads the key, on a path boundary
    expect(() => es.addData('climb', { key: 'team-a/../team-b/db' })).toThrow(/'data\[climb\]\.remoteRef\.key' \(team-a\/..\/team-b\/db\) has a '..' segment/);
    const vault = new SecretStore(chart, 'vault-store', {
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'eso', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'eso', 'eso', { namespaceName: 'team-a' }) }) }),
      keyPrefix: 'team-a',
    });
    const viaVault = new ExternalSecret(chart, 'via-vault', { store: vault });
    expect(() => viaVault.addData('climb', { key: 'team-a/../team-b/db' })).toThrow(/reads team-b\/db once Vault's client cleans the path, which is not under team-a/);
    expect(() => viaVault.addData('sibling', { key: 'team-admin/db' })).toThrow(/is not under team-a: it continues the prefix's last segment \(team-admin\) instead of starting with team-a\//);
    viaVault.addData('own', { key: 'team-a/db' });
    viaVault.addData('mounted', { key: 'secret/data/team-a/db' });
  });

  test('fails on a find without filter or with a bad regexp', () => {
    expect(() => DataFromSource.find({ path: 'x' })).toThrow(/'find' needs 'nameRegexp' or 'tags'/);
    expect(() => DataFromSource.find({ nameRegexp: '(' })).toThrow(/'find nameRegexp' \("\("\) is not a valid regular expression/);
    expect(() => Rewrite.regexp('[', 'x')).toThrow(/'rewrite regexp source'/);
    expect(() => Rewrite.transform(' ')).toThrow(/rewrite 'template' must not be empty/);
  });

  test('fails synth when a SecretStore is in another namespace', () => {
    const chart = tenantChart('team-b');
    new ExternalSecret(chart, 'db', { store: new FakeStore(chart, 'store', { namespace: 'team-a' }) }).addData('k', { key: 'x' });
    expect(() => Testing.synth(chart)).toThrow(/cannot use SecretStore 'vault' in namespace team-a: a SecretStore serves only its own namespace/);
  });

  test('fails synth when a ClusterSecretStore does not allow the namespace', () => {
    const chart = tenantChart('team-b');
    new ExternalSecret(chart, 'db', { store: clusterStore(chart, { allowedNamespaces: ['team-a'] }) }).addData('k', { key: 'x' });
    expect(() => Testing.synth(chart)).toThrow(/cannot use ClusterSecretStore 'shared': its conditions do not select namespace team-b/);
  });

  test('fails synth without data or dataFrom', () => {
    const chart = tenantChart();
    new ExternalSecret(chart, 'db', { metadata: { name: 'db' }, store: new FakeStore(chart, 'store') });
    expect(() => Testing.synth(chart)).toThrow(/ExternalSecret 'db' has no data; call addData\(\) or addDataFrom\(\)/);
  });

  test('fails on forbidden lifecycle combinations', () => {
    expect(() => TargetLifecycle.custom({ creationPolicy: CreationPolicy.ORPHAN, deletionPolicy: DeletionPolicy.DELETE }))
      .toThrow(/'deletionPolicy' \(Delete\) requires 'creationPolicy' Owner, got Orphan/);
    expect(() => TargetLifecycle.custom({ creationPolicy: CreationPolicy.NONE, deletionPolicy: DeletionPolicy.MERGE }))
      .toThrow(/'deletionPolicy' \(Merge\) cannot be combined with 'creationPolicy' None/);
    expect(() => TargetLifecycle.custom({ creationPolicy: CreationPolicy.MERGE, deletionPolicy: DeletionPolicy.RETAIN }))
      .toThrow(/'creationPolicy' \(Merge\) writes into a Secret this ExternalSecret does not own; set 'acknowledgeMerge'/);
    expect(() => TargetLifecycle.mergeIntoExisting({ acknowledgeMerge: '  ' })).toThrow(/acknowledgeMerge/);
  });

  test('fails on forbidden or malformed secret types and conflicting types', () => {
    expect(() => SecretType.custom('bootstrap.kubernetes.io/token')).toThrow(/cannot be written by ESO: bootstrap tokens/);
    expect(() => SecretType.custom('kubernetes.io/service-account-token')).toThrow(/cannot be written by ESO: service account tokens/);
    expect(() => SecretType.custom('has space')).toThrow(/must be a name such as/);
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const template = SecretTemplate.tls({ certificateKey: 'crt', privateKeyKey: 'key' });
    expect(() => new ExternalSecret(chart, 'x', { store, template, secretType: SecretType.OPAQUE }))
      .toThrow(/'secretType' \(Opaque\) conflicts with the template's type kubernetes.io\/tls/);
  });

  test('fails on non-positive or fractional refresh intervals', () => {
    expect(() => RefreshPolicy.periodic(Duration.seconds(0))).toThrow(/'refresh interval' \(0s\) must be positive/);
    expect(() => RefreshPolicy.periodic(Duration.millis(500))).toThrow(/'refresh interval' \(500ms\) must be at least 1s/);
    expect(() => RefreshPolicy.periodic(Duration.millis(1.5))).toThrow(/whole number of milliseconds/);
  });
});
