import { ApiObject, Chart, Testing } from 'cdk8s';
import { CompliancePack } from '../../src/compliance';
import { KEY_PREFIX_ANNOTATION } from '../../src/compliance/annotations';
import {
  ClusterSecretStore, NamespaceCondition, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import { expectConformant } from '../conformance/harness';

/** ZT-ESO7 end to end: our stores record keyPrefix on the manifest, and the pack holds raw objects to it. */

function vault(chart: Chart, id: string): SecretStoreProvider {
  return SecretStoreProvider.vault({
    server: 'https://vault.example.com:8200',
    path: 'secret',
    auth: VaultAuth.kubernetes({ role: 'team-a-reader', serviceAccount: ReferentServiceAccount.fromName(chart, id, 'eso-reader') }),
  });
}

function externalSecret(chart: Chart, id: string, key: string, storeRef: any): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: id, namespace: 'team-a' },
    spec: {
      secretStoreRef: storeRef,
      target: { name: id },
      data: [{ secretKey: 'password', remoteRef: { key } }],
    },
  });
}

test('SecretStore and ClusterSecretStore record keyPrefix as an annotation, and only then', () => {
  const chart = new Chart(Testing.app(), 'tenant', { namespace: 'team-a' });
  new SecretStore(chart, 'store', { metadata: { name: 'vault' }, provider: vault(chart, 'sa'), keyPrefix: 'apps/team-a/' });
  new ClusterSecretStore(chart, 'shared', {
    metadata: { name: 'shared' }, provider: vault(chart, 'sa2'), keyPrefix: 'platform/', conditions: [NamespaceCondition.names(['team-a'])],
  });
  new SecretStore(chart, 'plain', { metadata: { name: 'plain' }, provider: vault(chart, 'sa3') });

  const annotations = Object.fromEntries(Testing.synth(chart).map(m => [m.metadata.name, m.metadata.annotations]));
  expect(annotations).toEqual({
    vault: { [KEY_PREFIX_ANNOTATION]: 'apps/team-a/' },
    shared: { [KEY_PREFIX_ANNOTATION]: 'platform/' },
    plain: undefined,
  });
  expectConformant(chart);
});

test('the pack reports raw ExternalSecrets reading outside the prefix of a construct-built store', () => {
  const chart = new Chart(Testing.app(), 'tenant', { namespace: 'team-a' });
  new SecretStore(chart, 'store', { metadata: { name: 'vault' }, provider: vault(chart, 'sa'), keyPrefix: 'apps/team-a/' });
  new ClusterSecretStore(chart, 'shared', {
    metadata: { name: 'shared' }, provider: vault(chart, 'sa2'), keyPrefix: 'platform/', conditions: [NamespaceCondition.names(['team-a'])],
  });
  externalSecret(chart, 'inside', 'apps/team-a/db', { kind: 'SecretStore', name: 'vault' });
  externalSecret(chart, 'outside', 'apps/team-b/db', { kind: 'SecretStore', name: 'vault' });
  externalSecret(chart, 'shared-outside', 'apps/team-a/db', { kind: 'ClusterSecretStore', name: 'shared' });

  const findings = new CompliancePack().evaluate(chart).findings.filter(f => f.ruleId === 'ZT-ESO7');
  expect(findings.map(f => [f.resource, f.detail])).toEqual([
    ['ExternalSecret team-a/outside', 'spec.data[0].remoteRef.key apps/team-b/db does not start with apps/team-a/ (the key prefix of SecretStore team-a/vault)'],
    ['ExternalSecret team-a/shared-outside', 'spec.data[0].remoteRef.key apps/team-a/db does not start with platform/ (the key prefix of ClusterSecretStore shared)'],
  ]);
  expectConformant(chart);
});

test('fails synthesis on a key outside the prefix when the pack is applied', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'tenant', { namespace: 'team-a' });
  new SecretStore(chart, 'store', { metadata: { name: 'vault' }, provider: vault(chart, 'sa'), keyPrefix: 'apps/team-a/' });
  externalSecret(chart, 'outside', 'apps/team-b/db', { kind: 'SecretStore', name: 'vault' });
  CompliancePack.applyTo(app, { logWarnings: false });
  expect(() => app.synth()).toThrow(/ZT-ESO7: remote key outside the key prefix of its store\n.*\n {6}field: {2}spec.data\[0\].remoteRef.key apps\/team-b\/db/);
});
