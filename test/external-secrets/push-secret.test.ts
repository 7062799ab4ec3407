import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FakeStore, clusterStore, templateWith, tenantChart } from './support';
import { ValidationError } from '../../src/common/errors';
import {
  ClusterPushSecret, PushConversionStrategy, PushSecret, PushSecretDeletionPolicy, PushSecretSource, PushSecretUpdatePolicy,
  TemplateValue,
} from '../../src/external-secrets';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

describe('PushSecret', () => {
  test('renders source, stores, per-key refs and every defaulted field', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store');
    const shared = clusterStore(chart, { allowedNamespaces: ['team-a'] });
    const source = kplus.Secret.fromSecretName(chart, 'src', 'generated-db');
    const push = new PushSecret(chart, 'push', { metadata: { name: 'push-db' }, source: PushSecretSource.secret(source), stores: [store, shared] });
    push.addKey('password', { remoteKey: 'team-a/db', property: 'password', metadata: { apiVersion: 'kubernetes.external-secrets.io/v1alpha1', kind: 'PushSecretMetadata', spec: { tags: { a: 'b' } } } });
    push.addKey('user', { remoteKey: 'team-a/db-user', conversionStrategy: PushConversionStrategy.REVERSE_UNICODE });
    const [manifest] = Testing.synth(chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(manifest.apiVersion).toBe('external-secrets.io/v1alpha1');
    expect(manifest.spec).toEqual({
      secretStoreRefs: [{ kind: 'SecretStore', name: 'vault' }, { kind: 'ClusterSecretStore', name: 'shared' }],
      selector: { secret: { name: 'generated-db' } },
      data: [
        {
          match: { secretKey: 'password', remoteRef: { remoteKey: 'team-a/db', property: 'password' } },
          metadata: { apiVersion: 'kubernetes.external-secrets.io/v1alpha1', kind: 'PushSecretMetadata', spec: { tags: { a: 'b' } } },
          conversionStrategy: 'None',
        },
        { match: { secretKey: 'user', remoteRef: { remoteKey: 'team-a/db-user' } }, conversionStrategy: 'ReverseUnicode' },
      ],
      updatePolicy: 'Replace',
      deletionPolicy: 'None',
      refreshInterval: '1h0m0s',
    });
    expectDefaultsEmitted(manifest);
    expectConformant(chart);
  });

  test('deletes remote values and skips existing ones only when asked', () => {
    const chart = tenantChart();
    new PushSecret(chart, 'push', {
      source: PushSecretSource.secretName('db'),
      stores: [new FakeStore(chart, 'store', { keyPrefix: 'team-a/' })],
      updatePolicy: PushSecretUpdatePolicy.IF_NOT_EXISTS,
      deletionPolicy: PushSecretDeletionPolicy.DELETE,
      acknowledgeRemoteDeletion: 'scratch store owned by this app',
      refreshInterval: Duration.minutes(10),
    }).addKey('k', { remoteKey: 'team-a/k' });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec).toMatchObject({ updatePolicy: 'IfNotExists', deletionPolicy: 'Delete', refreshInterval: '10m0s' });
    expectDefaultsEmitted(manifest);
    expectConformant(chart);
  });

  test('renders a template transforming the pushed keys', () => {
    const chart = tenantChart();
    const template = templateWith({ 'config.json': TemplateValue.raw('{"password":{{ .password | toJson }}}') });
    new PushSecret(chart, 'push', { source: PushSecretSource.secretName('db'), stores: [new FakeStore(chart, 'store')], template })
      .addKey('config.json', { remoteKey: 'team-a/config' });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template).toEqual({
      engineVersion: 'v2',
      mergePolicy: 'Replace',
      metadata: { labels: {}, annotations: {} },
      data: { 'config.json': '{"password":{{ .password | toJson }}}' },
    });
    expectDefaultsEmitted(manifest);
    expectConformant(chart);
  });

  test('fails on an unknown function in the template', () => {
    const chart = tenantChart();
    const template = templateWith({ x: TemplateValue.raw('{{ .a | env }}') });
    new PushSecret(chart, 'push', { source: PushSecretSource.secretName('db'), stores: [new FakeStore(chart, 'store')], template })
      .addKey('x', { remoteKey: 'team-a/x' });
    expect(() => Testing.synth(chart)).toThrow(/template data 'x': unknown function 'env'/);
  });

  test('fails on bad stores, keys, names and intervals', () => {
    const chart = tenantChart();
    const store = new FakeStore(chart, 'store', { keyPrefix: 'team-a/' });
    const source = PushSecretSource.secretName('db');
    expect(() => new PushSecret(chart, 'a', { source, stores: [] })).toThrow(/'stores' is empty/);
    expect(() => new PushSecret(chart, 'b', { source, stores: [store, store] })).toThrow(/'stores' lists SecretStore\/vault twice/);
    expect(() => new PushSecret(chart, 'c', { source, stores: [store], refreshInterval: Duration.seconds(0) })).toThrow(/'refreshInterval' \(0s\) must be positive/);
    expect(() => new PushSecret(chart, 'e', { source, stores: [store], deletionPolicy: PushSecretDeletionPolicy.DELETE }))
      .toThrow(/'deletionPolicy' \(Delete\) removes remote values.*set 'acknowledgeRemoteDeletion'/);
    expect(() => PushSecretSource.secretName('Bad_Name')).toThrow(/source secret name/);
    const push = new PushSecret(chart, 'd', { source, stores: [store] });
    push.addKey('k', { remoteKey: 'team-a/k' });
    expect(() => push.addKey('k', { remoteKey: 'team-a/k2' })).toThrow(ValidationError);
    expect(() => push.addKey('k', { remoteKey: 'team-a/k2' })).toThrow(/^tenant\/d: 'secretKey' \(k\) is already pushed/);
    expect(() => new PushSecret(chart, 'f', { source, stores: [] })).toThrow(/^tenant\/f: PushSecret '.*' 'stores' is empty/);
    expect(() => push.addKey('bad key', { remoteKey: 'team-a/x' })).toThrow(/'secretKey' \("bad key"\)/);
    expect(() => push.addKey('x', { remoteKey: ' ' })).toThrow(/'remoteKey' of 'x' must not be empty/);
    expect(() => push.addKey('y', { remoteKey: 'team-b/y' })).toThrow(/'data\[y\]\.remoteKey' \(team-b\/y\) does not start with team-a\/, the key prefix of store 'vault'/);
  });

  test('fails synth on a store in another namespace or without keys', () => {
    const chart = tenantChart('team-b');
    new PushSecret(chart, 'a', { metadata: { name: 'cross' }, source: PushSecretSource.secretName('db'), stores: [new FakeStore(chart, 'store')] })
      .addKey('k', { remoteKey: 'k' });
    expect(() => Testing.synth(chart)).toThrow(/PushSecret 'cross' in namespace team-b cannot use SecretStore 'vault' in namespace team-a/);
    const chart2 = tenantChart();
    new PushSecret(chart2, 'a', { metadata: { name: 'empty' }, source: PushSecretSource.secretName('db'), stores: [new FakeStore(chart2, 'store')] });
    expect(() => Testing.synth(chart2)).toThrow(/PushSecret 'empty' pushes no key; call addKey\(\)/);
    const chart3 = tenantChart('team-b');
    new PushSecret(chart3, 'a', { source: PushSecretSource.secretName('db'), stores: [clusterStore(chart3, { allowedNamespaces: ['team-a'] })] })
      .addKey('k', { remoteKey: 'k' });
    expect(() => Testing.synth(chart3)).toThrow(/cannot use ClusterSecretStore 'shared': its conditions do not select namespace team-b/);
  });
});

describe('ClusterPushSecret', () => {
  test('renders the PushSecret spec per selected namespace', () => {
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    new ClusterPushSecret(chart, 'push', {
      metadata: { name: 'push-ca' },
      source: PushSecretSource.secretName('ca'),
      stores: [clusterStore(chart)],
      namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
      pushSecretName: 'ca',
      pushSecretLabels: { app: 'ca' },
    }).addKey('ca.crt', { remoteKey: 'shared/ca' });
    const [manifest] = Testing.synth(chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(manifest.metadata.namespace).toBeUndefined();
    expect(manifest.spec).toMatchObject({
      pushSecretName: 'ca',
      pushSecretMetadata: { labels: { app: 'ca' }, annotations: {} },
      namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
      refreshTime: '1m0s',
      pushSecretSpec: { secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], deletionPolicy: 'None', updatePolicy: 'Replace' },
    });
    expectDefaultsEmitted(manifest);
    expectConformant(chart);
  });

  test('fails on a namespaced store, a match-all selection or no keys', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const source = PushSecretSource.secretName('ca');
    const shared = clusterStore(chart);
    expect(() => new ClusterPushSecret(chart, 'a', { source, stores: [new FakeStore(chart, 'store')], allowAllNamespaces: 'the platform team serves every namespace from it' }))
      .toThrow(/ClusterPushSecret .* cannot use SecretStore 'vault'/);
    expect(() => new ClusterPushSecret(chart, 'b', { source, stores: [shared] })).toThrow(/would select every namespace/);
    expect(() => new ClusterPushSecret(chart, 'c', { source, stores: [shared], allowAllNamespaces: 'the platform team serves every namespace from it', pushSecretName: 'Bad' }))
      .toThrow(/pushSecretName/);
    expect(() => new ClusterPushSecret(chart, 'd', { source, stores: [shared] })).toThrow(ValidationError);
    expect(() => new ClusterPushSecret(chart, 'e', { source, stores: [shared] })).toThrow(/^platform\/e: ClusterPushSecret '.*' 'namespaceSelectors' is empty/);
    const cps = new ClusterPushSecret(chart, 'f', { source, stores: [shared], allowAllNamespaces: 'the platform team serves every namespace from it' });
    cps.addKey('ca.crt', { remoteKey: 'shared/ca' });
    expect(() => cps.addKey('ca.crt', { remoteKey: 'shared/ca' })).toThrow(/^platform\/f: 'secretKey' \(ca.crt\) is already pushed/);
  });

  test('fails synth without keys', () => {
    const chart = new Chart(Testing.app(), 'platform');
    new ClusterPushSecret(chart, 'a', { metadata: { name: 'empty' }, source: PushSecretSource.secretName('ca'), stores: [clusterStore(chart)], allowAllNamespaces: 'the platform team serves every namespace from it' });
    expect(() => Testing.synth(chart)).toThrow(/ClusterPushSecret 'empty' pushes no key/);
  });
});
