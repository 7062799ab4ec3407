import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FakeStore, clusterStore } from './support';
import { ClusterExternalSecret, DataFromSource, SecretTemplate, TargetLifecycle } from '../../src/external-secrets';
import { checkObject, expectConformant } from '../conformance/harness';

function clusterChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'platform', namespace ? { namespace } : {});
}

describe('ClusterExternalSecret', () => {
  test('renders namespaceSelectors, refreshTime, child metadata and the shared ExternalSecret spec', () => {
    const chart = clusterChart('platform');
    const store = clusterStore(chart);
    new ClusterExternalSecret(chart, 'pull', {
      metadata: { name: 'registry-pull' },
      store,
      namespaceSelectors: [
        { labels: { 'tenant': 'true', 'example.com/tier': 'gold' } },
        { expressions: [kplus.LabelExpression.in('team', ['a', 'b']), kplus.LabelExpression.exists('shared')] },
      ],
      refreshTime: Duration.minutes(5),
      externalSecretName: 'registry',
      externalSecretLabels: { app: 'registry' },
      externalSecretAnnotations: { 'example.com/owner': 'platform' },
      template: SecretTemplate.dockerConfigJson({ registry: 'registry.example.com', usernameKey: 'user', passwordKey: 'pass' }),
    }).addData('user', { key: 'shared/registry', property: 'user' }).addData('pass', { key: 'shared/registry', property: 'pass' });

    const [manifest] = Testing.synth(chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(manifest.metadata.namespace).toBeUndefined();
    expect(manifest.spec).toMatchObject({
      externalSecretName: 'registry',
      externalSecretMetadata: { labels: { app: 'registry' }, annotations: { 'example.com/owner': 'platform' } },
      namespaceSelectors: [
        { matchLabels: { 'example.com/tier': 'gold', 'tenant': 'true' } },
        { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }, { key: 'shared', operator: 'Exists' }] },
      ],
      refreshTime: '5m0s',
      externalSecretSpec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' },
        refreshPolicy: 'Periodic',
        refreshInterval: '1h0m0s',
        target: { name: 'registry', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'kubernetes.io/dockerconfigjson' } },
      },
    });
    expect(manifest.spec.namespaceSelector).toBeUndefined();
    expect(manifest.spec.namespaces).toBeUndefined();
    expect(checkObject(manifest).defaulted).toEqual(manifest);
    expectConformant(chart);
  });

  test('selects every namespace only with allowAllNamespaces, with defaults emitted', () => {
    const chart = clusterChart();
    const ces = new ClusterExternalSecret(chart, 'ca', {
      metadata: { name: 'ca-bundle' }, store: clusterStore(chart), allowAllNamespaces: 'the platform team serves every namespace from it', lifecycle: TargetLifecycle.orphan(), targetName: 'ca',
    }).addDataFrom(DataFromSource.extract({ key: 'shared/ca' }));
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec).toMatchObject({
      externalSecretName: 'ca-bundle',
      externalSecretMetadata: { labels: {}, annotations: {} },
      namespaceSelectors: [{}],
      refreshTime: '1m0s',
      externalSecretSpec: { target: { name: 'ca', creationPolicy: 'Orphan' } },
    });
    expect(ces.externalSecretName).toBe('ca-bundle');
    expect(ces.targetName).toBe('ca');
    expect(checkObject(manifest).defaulted).toEqual(manifest);
    expectConformant(chart);
  });

  test('fails on an empty or match-all selector without allowAllNamespaces', () => {
    const chart = clusterChart();
    const store = clusterStore(chart);
    expect(() => new ClusterExternalSecret(chart, 'a', { store })).toThrow(/'namespaceSelectors' is empty and would select every namespace; .* set allowAllNamespaces to the reason/);
    expect(() => new ClusterExternalSecret(chart, 'b', { store, namespaceSelectors: [{}] })).toThrow(/contains an empty selector/);
    expect(() => new ClusterExternalSecret(chart, 'c', { store, allowAllNamespaces: 'the platform team serves every namespace from it', namespaceSelectors: [{ labels: { a: 'b' } }] }))
      .toThrow(/sets both 'allowAllNamespaces' and 'namespaceSelectors'/);
  });

  test('fails on a namespaced SecretStore', () => {
    const chart = clusterChart();
    expect(() => new ClusterExternalSecret(chart, 'a', { store: new FakeStore(chart, 'store'), allowAllNamespaces: 'the platform team serves every namespace from it' }))
      .toThrow(/cannot use SecretStore 'vault': it serves only namespace team-a; use a ClusterSecretStore/);
  });

  test('fails on invalid names, selectors, refreshTime and missing data', () => {
    const chart = clusterChart();
    const store = clusterStore(chart);
    const base = { store, allowAllNamespaces: 'the platform team serves every namespace from it' };
    expect(() => new ClusterExternalSecret(chart, 'a', { ...base, externalSecretName: 'Bad' })).toThrow(/externalSecretName/);
    expect(() => new ClusterExternalSecret(chart, 'b', { ...base, refreshTime: Duration.seconds(0) })).toThrow(/'refreshTime' \(0s\) must be positive/);
    expect(() => new ClusterExternalSecret(chart, 'c', { ...base, externalSecretLabels: { 'bad key': 'x' } })).toThrow(/externalSecretMetadata labels/);
    expect(() => new ClusterExternalSecret(chart, 'c2', { ...base, externalSecretLabels: { 'app.kubernetes.io/instance': 'x' } })).toThrow(/tracking label/);
    expect(() => new ClusterExternalSecret(chart, 'd', { store, namespaceSelectors: [{ expressions: [kplus.LabelExpression.in('team', [])] }] }))
      .toThrow(/In on "team" needs at least one value/);
    expect(() => new ClusterExternalSecret(chart, 'e', { ...base, metadata: { namespace: 'x' } })).toThrow(/cluster-scoped/);
    const ces = new ClusterExternalSecret(chart, 'f', { ...base, metadata: { name: 'empty' } });
    expect(() => ces.addData('k', { key: 'x' }).addData('k', { key: 'y' })).toThrow(/'secretKey' \(k\) is already set/);
    const chart2 = clusterChart();
    new ClusterExternalSecret(chart2, 'g', { store: clusterStore(chart2), allowAllNamespaces: 'the platform team serves every namespace from it', metadata: { name: 'nodata' } });
    expect(() => Testing.synth(chart2)).toThrow(/ClusterExternalSecret 'nodata' has no data/);
  });

  test('enforces the store key prefix', () => {
    const chart = clusterChart();
    const ces = new ClusterExternalSecret(chart, 'a', { store: clusterStore(chart, { keyPrefix: 'shared/' }), allowAllNamespaces: 'the platform team serves every namespace from it' });
    expect(() => ces.addData('k', { key: 'team-a/x' })).toThrow(/does not start with shared\/, the key prefix of store 'shared'/);
  });
});
