import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ValidationError } from '../../src/common/errors';
import {
  ClusterSecretStore, EsoTokenRequestAccess, NamespaceCondition, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import { expectConformant } from '../conformance/harness';

function vault(sa: kplus.IServiceAccount): SecretStoreProvider {
  return SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'reader', serviceAccount: sa }) });
}

function tenantStore(scope: Construct, namespace: string, account: string, name = 'vault'): SecretStore {
  const sa = ReferentServiceAccount.fromName(scope, `${namespace}-${name}-sa`, account);
  return new SecretStore(scope, `${namespace}-${name}`, { metadata: { name, namespace }, provider: vault(sa) });
}

describe('EsoTokenRequestAccess', () => {
  test('emits one Role and RoleBinding per namespace, limited to the referenced service accounts', () => {
    const chart = Testing.chart();
    tenantStore(chart, 'team-b', 'eso-reader');
    tenantStore(chart, 'team-a', 'eso-reader');
    tenantStore(chart, 'team-a', 'eso-writer', 'vault-write');
    const access = new EsoTokenRequestAccess(chart, 'access');

    expect(access.grants).toEqual([
      { namespace: 'team-a', serviceAccountNames: ['eso-reader', 'eso-writer'] },
      { namespace: 'team-b', serviceAccountNames: ['eso-reader'] },
    ]);
    const rbac = Testing.synth(chart).filter(o => o.apiVersion === 'rbac.authorization.k8s.io/v1');
    expect(rbac.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Role team-a/external-secrets-token-request',
      'RoleBinding team-a/external-secrets-token-request',
      'Role team-b/external-secrets-token-request',
      'RoleBinding team-b/external-secrets-token-request',
    ]);
    expect(rbac[0].rules).toEqual([{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['eso-reader', 'eso-writer'], verbs: ['create'] }]);
    expect(rbac[1]).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'external-secrets-token-request' },
      subjects: [{ kind: 'ServiceAccount', name: 'external-secrets', namespace: 'external-secrets' }],
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    // the objects are named properties, one Role and RoleBinding per namespace in grant order
    expect(access.roles.map(r => `${r.namespace}/${r.name}`)).toEqual(['team-a/external-secrets-token-request', 'team-b/external-secrets-token-request']);
    expect(access.roles[0].serviceAccountNames).toEqual(['eso-reader', 'eso-writer']);
    expect(access.roleBindings.map(b => `${b.kind} ${b.namespace}`)).toEqual(['RoleBinding team-a', 'RoleBinding team-b']);
    expectConformant(chart);
  });

  test('takes an explicit store list, a custom controller identity and stores added later', () => {
    const chart = Testing.chart();
    const a = tenantStore(chart, 'team-a', 'eso-reader');
    tenantStore(chart, 'team-b', 'ignored');
    const access = new EsoTokenRequestAccess(chart, 'access', {
      stores: [a], controllerServiceAccountName: 'eso-controller', controllerNamespace: 'security', roleName: 'eso-tokens',
    });
    const c = tenantStore(chart, 'team-a', 'eso-writer', 'vault-write');
    access.addStore(c);
    expect(access.grants).toEqual([{ namespace: 'team-a', serviceAccountNames: ['eso-reader', 'eso-writer'] }]);
    const rbac = Testing.synth(chart).filter(o => o.apiVersion === 'rbac.authorization.k8s.io/v1');
    expect(rbac[0].metadata).toEqual({ name: 'eso-tokens', namespace: 'team-a' });
    expect(rbac[0].rules[0].resourceNames).toEqual(['eso-reader', 'eso-writer']);
    expect(rbac[1].subjects).toEqual([{ kind: 'ServiceAccount', name: 'eso-controller', namespace: 'security' }]);
    expectConformant(chart);
  });

  test('places a ClusterSecretStore account in its own namespace, and referent accounts in the listed namespaces', () => {
    const chart = Testing.chart();
    const fixed = new kplus.ServiceAccount(chart, 'fixed', { metadata: { name: 'eso-auth', namespace: 'eso' } });
    new ClusterSecretStore(chart, 'fixed-store', { conditions: [NamespaceCondition.names(['team-a'])], provider: vault(fixed) });
    new ClusterSecretStore(chart, 'referent-store', {
      conditions: [NamespaceCondition.names(['team-c', 'team-a']), NamespaceCondition.names(['team-b'])],
      provider: vault(ReferentServiceAccount.fromName(chart, 'referent', 'tenant-reader')),
    });
    const access = new EsoTokenRequestAccess(chart, 'access');
    expect(access.grants).toEqual([
      { namespace: 'eso', serviceAccountNames: ['eso-auth'] },
      { namespace: 'team-a', serviceAccountNames: ['tenant-reader'] },
      { namespace: 'team-b', serviceAccountNames: ['tenant-reader'] },
      { namespace: 'team-c', serviceAccountNames: ['tenant-reader'] },
    ]);
    expectConformant(chart);
  });

  test('uses referentNamespaces for stores scoped by selectors or regexes', () => {
    const chart = Testing.chart();
    new ClusterSecretStore(chart, 'store', {
      conditions: [NamespaceCondition.regexes(['^team-[a-z]+$'])],
      provider: vault(ReferentServiceAccount.fromName(chart, 'referent', 'tenant-reader')),
    });
    const access = new EsoTokenRequestAccess(chart, 'access', { referentNamespaces: ['team-b', 'team-a'] });
    expect(access.grants.map(g => g.namespace)).toEqual(['team-a', 'team-b']);
    expectConformant(chart);
  });

  test('emits nothing for stores without service accounts', () => {
    const chart = Testing.chart();
    new SecretStore(chart, 'fake', { metadata: { namespace: 'team-a' }, provider: SecretStoreProvider.custom('fake', { data: [] }) });
    const access = new EsoTokenRequestAccess(chart, 'access');
    expect(access.grants).toEqual([]);
    expect(Testing.synth(chart).filter(o => o.kind === 'Role')).toEqual([]);
    expectConformant(chart);
  });

  test('finds stores across the charts of an app', () => {
    const app = Testing.app();
    const tenants = new Chart(app, 'tenants');
    const platform = new Chart(app, 'platform');
    tenantStore(tenants, 'team-a', 'eso-reader');
    new EsoTokenRequestAccess(platform, 'access');
    expect(Testing.synth(platform).map(o => o.kind)).toEqual(['Role', 'RoleBinding']);
    expectConformant(platform);
  });

  test('fails validation for a store created after the construct', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new EsoTokenRequestAccess(chart, 'access');
    tenantStore(chart, 'team-a', 'eso-reader');
    expect(() => app.synthYaml()).toThrow(/store 'c\/team-a-vault' was created after EsoTokenRequestAccess 'c\/access', so ESO cannot mint its tokens/);
  });

  test('fails for referent auth whose namespaces are not listed', () => {
    const chart = Testing.chart();
    new ClusterSecretStore(chart, 'store', {
      conditions: [NamespaceCondition.selector({ matchLabels: { tenant: 'yes' } })],
      provider: vault(ReferentServiceAccount.fromName(chart, 'referent', 'tenant-reader')),
    });
    expect(() => new EsoTokenRequestAccess(chart, 'access'))
      .toThrow(/ClusterSecretStore 'test\/store' uses referent auth for service account "tenant-reader" but its namespaces are not listed by NamespaceCondition.names\(\); set 'referentNamespaces'/);
    const open = Testing.chart();
    new ClusterSecretStore(open, 'store', { allowAllNamespaces: 'the platform team serves every namespace from it', provider: vault(ReferentServiceAccount.fromName(open, 'referent', 'tenant-reader')) });
    expect(() => new EsoTokenRequestAccess(open, 'access')).toThrow(/uses referent auth/);
  });

  test('fails for a SecretStore without a namespace', () => {
    const chart = Testing.chart();
    new SecretStore(chart, 'store', { provider: vault(ReferentServiceAccount.fromName(chart, 'sa', 'eso-reader')) });
    expect(() => new EsoTokenRequestAccess(chart, 'access')).toThrow(/SecretStore 'test\/store' has no namespace, so the Role for service account "eso-reader" cannot be placed/);
  });

  test('fails on invalid props and duplicate stores', () => {
    const chart = Testing.chart();
    const store = tenantStore(chart, 'team-a', 'eso-reader');
    expect(() => new EsoTokenRequestAccess(chart, 'a', { controllerNamespace: 'ESO' })).toThrow(/'controllerNamespace' \("ESO"\) must be a DNS-1123 label/);
    expect(() => new EsoTokenRequestAccess(chart, 'b', { controllerServiceAccountName: 'eso_controller' })).toThrow(/'controllerServiceAccountName' \("eso_controller"\)/);
    expect(() => new EsoTokenRequestAccess(chart, 'c', { roleName: 'Tokens' })).toThrow(/'roleName' \("Tokens"\)/);
    expect(() => new EsoTokenRequestAccess(chart, 'd', { referentNamespaces: [] })).toThrow(ValidationError);
    expect(() => new EsoTokenRequestAccess(chart, 'd2', { referentNamespaces: [] })).toThrow(/^test\/d2: 'referentNamespaces' is empty/);
    expect(() => new EsoTokenRequestAccess(chart, 'e', { referentNamespaces: ['Team'] })).toThrow(/'referentNamespaces' \("Team"\) must be a DNS-1123 label/);
    const access = new EsoTokenRequestAccess(chart, 'f', { stores: [store] });
    expect(() => access.addStore(store)).toThrow(/^test\/f: 'addStore' was already called for store 'test\/team-a-vault'/);
  });

  test('grants the service account of a generator next to the stores\' accounts, once', () => {
    const chart = Testing.chart();
    const store = tenantStore(chart, 'ci-cd', 'eso-reader');
    const access = new EsoTokenRequestAccess(chart, 'access', { stores: [store] });
    const pipeline = new kplus.ServiceAccount(chart, 'pipeline', { metadata: { name: 'pipeline-sa', namespace: 'ci-cd' } });
    access.addServiceAccount(pipeline);
    access.addServiceAccount(pipeline);
    access.addServiceAccount(kplus.ServiceAccount.fromServiceAccountName(chart, 'other', 'migrator', { namespaceName: 'tools' }));
    expect(access.grants).toEqual([
      { namespace: 'ci-cd', serviceAccountNames: ['eso-reader', 'pipeline-sa'] },
      { namespace: 'tools', serviceAccountNames: ['migrator'] },
    ]);
    expect(Testing.synth(chart).filter(o => o.kind === 'Role').map(o => o.rules[0].resourceNames)).toEqual([['eso-reader', 'pipeline-sa'], ['migrator']]);
    expect(() => access.addServiceAccount(ReferentServiceAccount.fromName(chart, 'referent', 'eso-reader')))
      .toThrow(/'serviceAccount' \(eso-reader\) has no namespace, so the Role cannot be placed/);
    expectConformant(chart);
  });
});
