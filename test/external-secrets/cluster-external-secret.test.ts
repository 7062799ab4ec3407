import { Chart, Duration, Testing } from 'cdk8s';
import { FakeStore, clusterStore } from './support';
import { LabelSelectorOperator } from '../../src/common';
import { ValidationError } from '../../src/common/errors';
import { ClusterExternalSecret, DataFromSource, SecretTemplate, TargetLifecycle } from '../../src/external-secrets';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

function clusterChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'platform', namespace ? { namespace } : {});
}

describe('ClusterExternalSecret', () => {
  test('renders namespaceSelectors, refreshTime, child metadata and the shared ExternalSecret spec', () => {
    const chart = clusterChart('platform');
    const store = clusterStore(chart);
    const ces = new ClusterExternalSecret(chart, 'pull', {
      metadata: { name: 'registry-pull' },
      store,
      namespaceSelectors: [
        { matchLabels: { 'tenant': 'true', 'example.com/tier': 'gold' } },
        {
          matchExpressions: [
            { key: 'team', operator: LabelSelectorOperator.IN, values: ['a', 'b'] },
            { key: 'shared', operator: LabelSelectorOperator.EXISTS },
          ],
        },
      ],
      refreshTime: Duration.minutes(5),
      externalSecretName: 'registry',
      externalSecretLabels: { app: 'registry' },
      externalSecretAnnotations: { 'example.com/owner': 'platform' },
      template: SecretTemplate.dockerConfigJson({ registry: 'registry.example.com', usernameKey: 'user', passwordKey: 'pass' }),
    });
    ces.addData('user', { key: 'shared/registry', property: 'user' });
    ces.addData('pass', { key: 'shared/registry', property: 'pass' });

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
    expectDefaultsEmitted(manifest);
    expectConformant(chart);
  });

  test('selects every namespace only with allowAllNamespaces, with defaults emitted', () => {
    const chart = clusterChart();
    const ces = new ClusterExternalSecret(chart, 'ca', {
      metadata: { name: 'ca-bundle' }, store: clusterStore(chart), allowAllNamespaces: 'the platform team serves every namespace from it', lifecycle: TargetLifecycle.orphan(), targetName: 'ca',
    });
    ces.addDataFrom(DataFromSource.extract({ key: 'shared/ca' }));
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
    expectDefaultsEmitted(manifest);
    expectConformant(chart);
  });

  test('fails on an empty or match-all selector without allowAllNamespaces', () => {
    const chart = clusterChart();
    const store = clusterStore(chart);
    expect(() => new ClusterExternalSecret(chart, 'a', { store })).toThrow(/'namespaceSelectors' is empty and would select every namespace; .* set allowAllNamespaces to the reason/);
    expect(() => new ClusterExternalSecret(chart, 'b', { store, namespaceSelectors: [{}] })).toThrow(/contains an empty selector/);
    expect(() => new ClusterExternalSecret(chart, 'b2', { store, namespaceSelectors: [{ matchLabels: {}, matchExpressions: [] }] })).toThrow(/contains an empty selector/);
    expect(() => new ClusterExternalSecret(chart, 'b3', { store, namespaceSelectors: [{ matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['legacy'] }] }] }))
      .toThrow(/'namespaceSelectors\[0\]' only excludes \(NotIn tier\)/);
    expect(() => new ClusterExternalSecret(chart, 'c', { store, allowAllNamespaces: 'the platform team serves every namespace from it', namespaceSelectors: [{ matchLabels: { a: 'b' } }] }))
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
    expect(() => new ClusterExternalSecret(chart, 'd', { store, namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: LabelSelectorOperator.IN, values: [] }] }] }))
      .toThrow(/'namespaceSelectors\[0\].matchExpressions\[0\]' \(team In\) needs at least one value/);
    expect(() => new ClusterExternalSecret(chart, 'd2', { store, namespaceSelectors: [{ matchLabels: { 'bad key': 'x' } }] })).toThrow(/namespaceSelectors\[0\].matchLabels/);
    expect(() => new ClusterExternalSecret(chart, 'e', { ...base, metadata: { namespace: 'x' } })).toThrow(/cluster-scoped/);
    const ces = new ClusterExternalSecret(chart, 'f', { ...base, metadata: { name: 'empty' } });
    ces.addData('k', { key: 'x' });
    expect(() => ces.addData('k', { key: 'y' })).toThrow(/'secretKey' \(k\) is already set/);
    const chart2 = clusterChart();
    new ClusterExternalSecret(chart2, 'g', { store: clusterStore(chart2), allowAllNamespaces: 'the platform team serves every namespace from it', metadata: { name: 'nodata' } });
    expect(() => Testing.synth(chart2)).toThrow(/ClusterExternalSecret 'nodata' has no data/);
  });

  test('enforces the store key prefix', () => {
    const chart = clusterChart();
    const ces = new ClusterExternalSecret(chart, 'a', { store: clusterStore(chart, { keyPrefix: 'shared/' }), allowAllNamespaces: 'the platform team serves every namespace from it' });
    expect(() => ces.addData('k', { key: 'team-a/x' })).toThrow(/does not start with shared\/, the key prefix of store 'shared'/);
  });

  test('errors are ValidationErrors naming the construct path', () => {
    const chart = clusterChart();
    const store = clusterStore(chart);
    expect(() => new ClusterExternalSecret(chart, 'a', { store })).toThrow(ValidationError);
    expect(() => new ClusterExternalSecret(chart, 'b', { store })).toThrow(/^platform\/b: ClusterExternalSecret '.*' 'namespaceSelectors' is empty/);
    const ces = new ClusterExternalSecret(chart, 'c', { store, allowAllNamespaces: 'the platform team serves every namespace from it' });
    ces.addData('k', { key: 'x' });
    try {
      ces.addData('k', { key: 'y' });
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).constructPath).toBe('platform/c');
    }
  });
});
