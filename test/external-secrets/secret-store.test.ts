import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { LabelSelectorOperator } from '../../src/common';
import { ValidationError } from '../../src/common/errors';
import {
  AzureKeyVaultAuth, CaProvider, ClusterSecretStore, NamespaceCondition, ReferentServiceAccount, SecretStore, SecretStoreKind,
  SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import { checkObject, expectConformant, expectDefaultsEmitted } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';

function vault(sa: kplus.IServiceAccount): SecretStoreProvider {
  return SecretStoreProvider.vault({
    server: 'https://vault.example.com:8200',
    path: 'secret',
    auth: VaultAuth.kubernetes({ role: 'team-a-reader', serviceAccount: sa }),
  });
}

function tenantChart(namespace = 'team-a'): Chart {
  return new Chart(Testing.app(), 'tenant', { namespace });
}

describe('SecretStore', () => {
  test('renders a namespaced Vault store with Kubernetes auth and the CRD defaults', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'eso-reader' } });
    const store = new SecretStore(chart, 'store', { metadata: { name: 'vault' }, provider: vault(sa) });

    const [, manifest] = Testing.synth(chart);
    expect(manifest).toMatchObject({
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'vault', namespace: 'team-a' },
      spec: { provider: { vault: { version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', serviceAccountRef: { name: 'eso-reader' } } } } } },
    });
    // a namespaced store's references are in its own namespace, so none is emitted
    expect(manifest.spec.provider.vault.auth.kubernetes.serviceAccountRef.namespace).toBeUndefined();
    expect(store.storeKind).toBe(SecretStoreKind.SECRET_STORE);
    expect(store.namespace).toBe('team-a');
    expect(store.provider.providerName).toBe('vault');
    expect(store.referencedServiceAccounts).toEqual([{ name: 'eso-reader', namespace: 'team-a' }]);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('renders refreshInterval and retrySettings as Go durations and keeps keyPrefix', () => {
    const chart = tenantChart();
    const store = new SecretStore(chart, 'store', {
      provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'eso-reader')),
      keyPrefix: 'apps/team-a/',
      refreshInterval: Duration.minutes(5),
      retrySettings: { maxRetries: 3, retryInterval: Duration.seconds(10) },
    });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.refreshInterval).toBe('5m0s');
    expect(spec.retrySettings).toEqual({ maxRetries: 3, retryInterval: '10s' });
    expect(store.keyPrefix).toBe('apps/team-a/');
    expectConformant(chart);
  });

  test('allows only its own namespace', () => {
    const chart = tenantChart();
    const store = new SecretStore(chart, 'store', { provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'r')) });
    expect(store.allowsNamespace('team-a')).toBe(true);
    expect(store.allowsNamespace('team-b')).toBe(false);
    expectConformant(chart);
  });

  test('cannot tell which namespace it serves when neither it nor its chart has one', () => {
    const chart = Testing.chart();
    const store = new SecretStore(chart, 'store', { provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'r')) });
    expect(store.allowsNamespace('team-a')).toBeUndefined();
    expectConformant(chart);
  });

  test('imports a store by name or attributes', () => {
    const chart = Testing.chart();
    const known = SecretStore.fromSecretStoreAttributes(chart, 'known', { name: 'vault', namespace: 'team-a' });
    const unknown = SecretStore.fromSecretStoreName(chart, 'unknown', 'vault');
    expect(known).toMatchObject({ name: 'vault', storeKind: SecretStoreKind.SECRET_STORE, namespace: 'team-a', kind: 'SecretStore', apiVersion: 'external-secrets.io/v1' });
    expect(unknown.namespace).toBeUndefined();
    expect(known.keyPrefix).toBeUndefined();
    expect(known.allowsNamespace('team-a')).toBe(true);
    expect(known.allowsNamespace('team-b')).toBe(false);
    expect(unknown.allowsNamespace('team-a')).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails on an invalid name', () => {
    const chart = tenantChart();
    expect(() => new SecretStore(chart, 'store', { metadata: { name: 'Vault_Store' }, provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'r')) }))
      .toThrow(/'metadata.name' \("Vault_Store"\) must be a DNS-1123 subdomain/);
    expect(() => SecretStore.fromSecretStoreName(chart, 'i', 'Bad Name')).toThrow(/'name' \("Bad Name"\) must be a DNS-1123 subdomain/);
    expect(() => SecretStore.fromSecretStoreAttributes(chart, 'j', { name: 'ok', namespace: 'Team_A' })).toThrow(/'namespace' \("Team_A"\) must be a DNS-1123 label/);
    expect(() => ClusterSecretStore.fromClusterSecretStoreName(chart, 'k', '-bad')).toThrow(/'name' \("-bad"\) must be a DNS-1123 subdomain/);
  });

  test('fails on an empty keyPrefix', () => {
    const chart = tenantChart();
    expect(() => new SecretStore(chart, 'store', { provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'r')), keyPrefix: '' }))
      .toThrow(/^tenant\/store: 'keyPrefix' is empty/);
  });

  test('fails on a non-positive refreshInterval', () => {
    const chart = tenantChart();
    expect(() => new SecretStore(chart, 'store', { provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'r')), refreshInterval: Duration.seconds(0) }))
      .toThrow(/'refreshInterval' \(0s\) must be positive/);
  });

  test('fails on invalid retrySettings', () => {
    const chart = tenantChart();
    const provider = vault(ReferentServiceAccount.fromName(chart, 'sa', 'r'));
    expect(() => new SecretStore(chart, 'a', { provider, retrySettings: { maxRetries: -1 } })).toThrow(/'retrySettings.maxRetries' \(-1\) must be a whole number/);
    expect(() => new SecretStore(chart, 'b', { provider, retrySettings: { maxRetries: 1.5 } })).toThrow(/'retrySettings.maxRetries' \(1.5\)/);
    expect(() => new SecretStore(chart, 'c', { provider, retrySettings: {} })).toThrow(/'retrySettings' is empty/);
  });
});

describe('ClusterSecretStore', () => {
  function clusterStore(chart: Chart, conditions?: NamespaceCondition[], allowAllNamespaces?: string) {
    return new ClusterSecretStore(chart, 'store', {
      metadata: { name: 'vault' },
      provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'eso-reader')),
      conditions,
      allowAllNamespaces,
    });
  }

  test('renders each condition as one conditions entry and no namespace, even in a namespaced chart', () => {
    const chart = tenantChart('eso');
    const store = clusterStore(chart, [
      NamespaceCondition.names(['team-b', 'team-a', 'team-b']),
      NamespaceCondition.regexes(['^team-[a-z]+-prod$']),
      NamespaceCondition.selector({
        matchLabels: { tenant: 'yes', env: 'prod' },
        matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['legacy'] }],
      }),
    ]);
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata.namespace).toBeUndefined();
    expect(manifest.spec.conditions).toEqual([
      { namespaces: ['team-a', 'team-b'] },
      { namespaceRegexes: ['^team-[a-z]+-prod$'] },
      { namespaceSelector: { matchLabels: { env: 'prod', tenant: 'yes' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['legacy'] }] } },
    ]);
    // referent auth: the service account is resolved in each ExternalSecret's namespace
    expect(manifest.spec.provider.vault.auth.kubernetes.serviceAccountRef).toEqual({ name: 'eso-reader' });
    expect(store.referencedServiceAccounts).toEqual([{ name: 'eso-reader', namespace: undefined }]);
    expect(store.storeKind).toBe(SecretStoreKind.CLUSTER_SECRET_STORE);
    expect(store.namespace).toBeUndefined();
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('allowsNamespace evaluates names and regexes, and is unknown for label selectors', () => {
    const chart = Testing.chart();
    const store = clusterStore(chart, [NamespaceCondition.names(['team-a']), NamespaceCondition.regexes(['^ci-[0-9]+$'])]);
    expect(store.allowsNamespace('team-a')).toBe(true);
    expect(store.allowsNamespace('ci-42')).toBe(true);
    expect(store.allowsNamespace('xci-42')).toBe(false);
    expect(store.allowsNamespace('team-b')).toBe(false);
    store.addCondition(NamespaceCondition.selector({ matchLabels: { tenant: 'yes' } }));
    expect(store.allowsNamespace('team-a')).toBe(true);
    expect(store.allowsNamespace('team-b')).toBeUndefined();
    expect(Testing.synth(chart)[0].spec.conditions).toHaveLength(3);
    expect(store.conditions).toHaveLength(3);
    expectConformant(chart);
  });

  test('allowAllNamespaces is an explicit opt-in that emits no conditions', () => {
    const chart = Testing.chart();
    const store = clusterStore(chart, undefined, 'the platform team serves every namespace from it');
    expect(Testing.synth(chart)[0].spec.conditions).toBeUndefined();
    expect(store.allowsNamespace('anything')).toBe(true);
    expectConformant(chart);
  });

  test('an imported ClusterSecretStore cannot answer allowsNamespace', () => {
    const chart = Testing.chart();
    const store = ClusterSecretStore.fromClusterSecretStoreName(chart, 'i', 'shared');
    expect(store.storeKind).toBe(SecretStoreKind.CLUSTER_SECRET_STORE);
    expect(store.kind).toBe('ClusterSecretStore');
    expect(store.namespace).toBeUndefined();
    expect(store.allowsNamespace('team-a')).toBeUndefined();
  });

  test('property: an escaped literal anchored pattern allows exactly that namespace', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
    fc.assert(fc.property(label, label, (a, b) => {
      const chart = Testing.chart();
      const store = clusterStore(chart, [NamespaceCondition.regexes([`^${a.replace(/[-]/g, '\\-')}$`])]);
      return store.allowsNamespace(b) === (a === b);
    }), { numRuns: 100 });
  });

  test('fails without conditions (unscoped store)', () => {
    expect(() => clusterStore(Testing.chart())).toThrow(ValidationError);
    expect(() => clusterStore(Testing.chart())).toThrow(/^test\/store: ClusterSecretStore has no 'conditions' and every namespace could use it/);
    expect(() => clusterStore(Testing.chart(), [])).toThrow(/has no 'conditions'/);
  });

  test('fails with both allowAllNamespaces and conditions', () => {
    expect(() => clusterStore(Testing.chart(), [NamespaceCondition.names(['a'])], 'the platform team serves every namespace from it')).toThrow(/'allowAllNamespaces' is set but 'conditions' are given/);
  });

  test('fails to add a condition to a store open to all namespaces', () => {
    const store = clusterStore(Testing.chart(), undefined, 'the platform team serves every namespace from it');
    expect(() => store.addCondition(NamespaceCondition.names(['a']))).toThrow(/'addCondition' on a store with allowAllNamespaces has no effect/);
  });

  test('fails on a duplicate condition', () => {
    const store = clusterStore(Testing.chart(), [NamespaceCondition.names(['a'])]);
    expect(() => store.addCondition(NamespaceCondition.names(['a']))).toThrow(/^test\/store: 'conditions' already contains \{"namespaces":\["a"\]\}/);
  });

  test('fails on unanchored regexes', () => {
    expect(() => NamespaceCondition.regexes(['team-a'])).toThrow(/pattern "team-a" is not anchored at either end: it is matched anywhere in the name, so it also admits x-team-a-x; anchor it as \^\(\?:\.\.\.\)\$/);
    expect(() => NamespaceCondition.regexes(['^team-a'])).toThrow(/pattern "\^team-a" is not anchored/);
    expect(() => NamespaceCondition.regexes(['team-a$'])).toThrow(/pattern "team-a\$" is not anchored/);
    expect(() => NamespaceCondition.regexes(['^team-a\\$'])).toThrow(/pattern "\^team-a\\\\\$" matches no valid namespace name/);
    // judged by what they match: these look anchored but admit every namespace
    for (const pattern of ['^.*$', '^(team-a|.*)$', '^team-a$|', '(?i)^.*$', '^[a-z0-9-]+$', '^[^q]*$']) {
      expect(() => NamespaceCondition.regexes([pattern])).toThrow(/matches (every namespace|namespaces nobody listed)/);
    }
    expect(() => NamespaceCondition.regexes(['^a|b$'])).toThrow(/pattern "\^a\|b\$" matches namespaces nobody listed/);
  });

  test('accepts anchored alternatives and bars inside groups or classes', () => {
    const condition = NamespaceCondition.regexes(['^(?:team-a|team-b)$', '^x-[ab|]$', '^y\\|?-z$']);
    expect(condition.matches('team-b')).toBe(true);
    expect(condition.matches('x-b')).toBe(true);
    expect(condition.matches('y-z')).toBe(true);
    expect(condition.matches('xteam-b')).toBe(false);
    expect(condition.matches('x-c')).toBe(false);
  });

  test('fails on regexes that do not compile or use features RE2 lacks', () => {
    expect(() => NamespaceCondition.regexes(['^team-(a$'])).toThrow(/pattern "\^team-\(a\$" is not valid Go RE2 \(missing closing \) for the group at offset 6\)/);
    expect(() => NamespaceCondition.regexes(['^(?!kube-).*$'])).toThrow(/is not valid Go RE2 \(lookahead \(\?!, which RE2 does not support\)/);
    expect(() => NamespaceCondition.regexes(['^(a)\\1$'])).toThrow(/is not valid Go RE2 \(.*backreference/);
    expect(() => NamespaceCondition.regexes([])).toThrow(/'NamespaceCondition.regexes' is empty/);
  });

  test('fails on invalid namespace names', () => {
    expect(() => NamespaceCondition.names([])).toThrow(/'NamespaceCondition.names' is empty/);
    expect(() => NamespaceCondition.names(['Team_A'])).toThrow(/'NamespaceCondition.names' \("Team_A"\) must be a DNS-1123 label/);
  });

  test('fails on an empty or invalid selector', () => {
    expect(() => NamespaceCondition.selector({})).toThrow(/'NamespaceCondition.selector' is empty and would match every namespace/);
    expect(() => NamespaceCondition.selector({ matchLabels: {}, matchExpressions: [] })).toThrow(/is empty and would match every namespace/);
    expect(() => NamespaceCondition.selector({ matchLabels: { 'bad key!': 'x' } })).toThrow(/label key "bad key!" is invalid/);
    expect(() => NamespaceCondition.selector({ matchLabels: { team: 'not valid!' } })).toThrow(/has an invalid value "not valid!"/);
    expect(() => NamespaceCondition.selector({ matchExpressions: [{ key: 'team', operator: LabelSelectorOperator.IN, values: [] }] }))
      .toThrow(/'NamespaceCondition.selector.matchExpressions\[0\]' \(team In\) needs at least one value/);
    expect(() => NamespaceCondition.selector({ matchExpressions: [{ key: 'team', operator: LabelSelectorOperator.EXISTS, values: ['a'] }] }))
      .toThrow(/\(team Exists\) must not have values/);
    // only excluding admits every other namespace
    expect(() => NamespaceCondition.selector({ matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['prod'] }] }))
      .toThrow(/'NamespaceCondition.selector' only excludes \(NotIn tier\)/);
    expect(() => NamespaceCondition.selector({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: LabelSelectorOperator.EXISTS }] }))
      .toThrow(/only excludes/);
  });
});

describe('CRD defaulting', () => {
  testWithShared('synthesized stores are a fixed point of the CRD defaults (no Argo CD drift)', () => {
    const chart = tenantChart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'eso');
    const providers = [
      vault(sa),
      SecretStoreProvider.vault({ server: 'https://v.example.com', auth: VaultAuth.jwt({ role: 'r', serviceAccount: sa }) }),
      SecretStoreProvider.vault({
        server: 'https://v.example.com',
        auth: VaultAuth.appRole({ roleId: 'id', secretId: { secret: kplus.Secret.fromSecretName(chart, 's', 'approle'), key: 'secret-id' }, acknowledgeStaticCredentials: 'legacy Vault cluster' }),
      }),
      SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', serviceAccount: sa }),
      SecretStoreProvider.gcpSecretManager({ projectId: 'acme-secrets', serviceAccount: sa }),
      SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://acme.vault.azure.net', auth: AzureKeyVaultAuth.workloadIdentity({ serviceAccount: sa }) }),
      SecretStoreProvider.kubernetes({ remoteNamespace: 'shared', serviceAccount: sa, caProvider: CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'kube-root-ca.crt'), 'ca.crt') }),
    ];
    providers.forEach((provider, i) => new SecretStore(chart, `s${i}`, { provider }));
    for (const obj of Testing.synth(chart)) {
      expectDefaultsEmitted(obj);
    }
    // the check has teeth: dropping a defaulted field makes the API server add it back
    const stripped = JSON.parse(JSON.stringify(Testing.synth(chart)[0]));
    delete stripped.spec.provider.vault.auth.kubernetes.mountPath;
    expect(checkObject(stripped).defaulted.spec.provider.vault.auth.kubernetes.mountPath).toBe('kubernetes');
    expectConformant(chart);
  });
});
