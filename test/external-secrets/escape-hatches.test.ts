import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterExternalSecret, ClusterPushSecret, ClusterSecretStore, EsoTokenRequestAccess, ExternalSecret, NamespaceCondition, PushSecret,
  PushSecretSource, ReferentServiceAccount, SecretStore, SecretStoreProvider, TokenRequestRole, TokenRequestRoleBinding, VaultAuth,
} from '../../src/external-secrets';
import { expectConformant } from '../conformance/harness';
import { validationError } from '../validation-error';

const ESO = 'external-secrets.io/v1';
const ESO_ALPHA = 'external-secrets.io/v1alpha1';
const REASON = 'the platform team serves every namespace from it';

function vault(sa: kplus.IServiceAccount): SecretStoreProvider {
  return SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'reader', serviceAccount: sa }) });
}

/** A chart with one of every ESO construct. */
function everything() {
  const c = new Chart(Testing.app(), 'test', { namespace: 'team-a' });
  const secretStore = new SecretStore(c, 'store', {
    metadata: { name: 'vault' }, provider: vault(ReferentServiceAccount.fromName(c, 'reader', 'eso-reader')),
  });
  const clusterSecretStore = new ClusterSecretStore(c, 'cluster-store', {
    metadata: { name: 'shared' },
    provider: vault(ReferentServiceAccount.fromName(c, 'tenant-reader', 'tenant-reader')),
    conditions: [NamespaceCondition.names(['team-a'])],
  });
  const externalSecret = new ExternalSecret(c, 'db', { metadata: { name: 'db' }, store: secretStore });
  externalSecret.addData('password', { key: 'team-a/db', property: 'password' });
  const clusterExternalSecret = new ClusterExternalSecret(c, 'ca', {
    metadata: { name: 'ca' }, store: clusterSecretStore, namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
  });
  clusterExternalSecret.addData('ca.crt', { key: 'shared/ca' });
  const pushSecret = new PushSecret(c, 'push', { metadata: { name: 'push-cert' }, source: PushSecretSource.secretName('cert'), stores: [secretStore] });
  pushSecret.addKey('tls.crt', { remoteKey: 'team-a/cert' });
  const clusterPushSecret = new ClusterPushSecret(c, 'cluster-push', {
    metadata: { name: 'push-ca' }, source: PushSecretSource.secretName('ca'), stores: [clusterSecretStore], allowAllNamespaces: REASON,
  });
  clusterPushSecret.addKey('ca.crt', { remoteKey: 'shared/ca' });
  const tokenRequestAccess = new EsoTokenRequestAccess(c, 'access');
  return { c, secretStore, clusterSecretStore, externalSecret, clusterExternalSecret, pushSecret, clusterPushSecret, tokenRequestAccess };
}

type All = ReturnType<typeof everything>;

describe('escape hatches: ApiObject.of(construct) is its main object', () => {
  test.each([
    ['secretStore', ESO, 'SecretStore', 'vault', 'team-a'],
    ['clusterSecretStore', ESO, 'ClusterSecretStore', 'shared', undefined],
    ['externalSecret', ESO, 'ExternalSecret', 'db', 'team-a'],
    ['clusterExternalSecret', ESO, 'ClusterExternalSecret', 'ca', undefined],
    ['pushSecret', ESO_ALPHA, 'PushSecret', 'push-cert', 'team-a'],
    ['clusterPushSecret', ESO_ALPHA, 'ClusterPushSecret', 'push-ca', undefined],
  ] as const)('%s', (key: keyof Omit<All, 'c' | 'tokenRequestAccess'>, apiVersion, kind, name, namespace) => {
    const construct = everything()[key];
    const object = ApiObject.of(construct);
    expect([object.apiVersion, object.kind, object.name]).toEqual([apiVersion, kind, name]);
    // cluster-scoped objects drop the chart's namespace when they are written
    expect(object.toJson().metadata.namespace).toEqual(namespace);
    // each is its own reference: the kind, name and namespace of the object it writes
    expect([construct.apiVersion, construct.kind, construct.name, construct.namespace]).toEqual([apiVersion, kind, name, namespace]);
  });

  test('EsoTokenRequestAccess has no main object: roles and roleBindings reach one Role and RoleBinding per namespace', () => {
    const { tokenRequestAccess } = everything();
    expect(() => ApiObject.of(tokenRequestAccess)).toThrow();
    expect(tokenRequestAccess.roles.map(r => [r.namespace, r.serviceAccountNames])).toEqual([['team-a', ['eso-reader', 'tenant-reader']]]);
    const [role] = tokenRequestAccess.roles;
    const [binding] = tokenRequestAccess.roleBindings;
    expect(role).toBeInstanceOf(TokenRequestRole);
    expect(binding).toBeInstanceOf(TokenRequestRoleBinding);
    const roleObject = ApiObject.of(role);
    const bindingObject = ApiObject.of(binding);
    expect([roleObject.kind, roleObject.name, roleObject.metadata.namespace]).toEqual(['Role', 'external-secrets-token-request', 'team-a']);
    expect([bindingObject.kind, bindingObject.name, bindingObject.metadata.namespace]).toEqual(['RoleBinding', 'external-secrets-token-request', 'team-a']);
    // the lists are copies
    tokenRequestAccess.roles.pop();
    tokenRequestAccess.roleBindings.pop();
    expect(tokenRequestAccess.roles).toHaveLength(1);
    expect(tokenRequestAccess.roleBindings).toHaveLength(1);
  });

  test('the Role and RoleBinding keep the construct paths of the raw objects they replace, so generated names do not change', () => {
    const { tokenRequestAccess } = everything();
    expect(ApiObject.of(tokenRequestAccess.roles[0]).node.path).toBe('test/access/Role-team-a/Resource');
    expect(ApiObject.of(tokenRequestAccess.roleBindings[0]).node.path).toBe('test/access/RoleBinding-team-a/Resource');
  });

  test('the chart they are built in is conformant', () => {
    expectConformant(everything().c);
  });

  test('a patch through the escape hatch reaches the synthesized object', () => {
    const { c, externalSecret, clusterSecretStore, tokenRequestAccess } = everything();
    ApiObject.of(externalSecret).addJsonPatch(JsonPatch.add('/spec/refreshInterval', '30m'));
    ApiObject.of(clusterSecretStore).addJsonPatch(JsonPatch.add('/metadata/labels', { tier: 'shared' }));
    ApiObject.of(tokenRequestAccess.roles[0]).addJsonPatch(JsonPatch.add('/metadata/labels', { app: 'eso' }));
    const out = Testing.synth(c);
    expect(out.find(o => o.kind === 'ExternalSecret').spec.refreshInterval).toBe('30m');
    expect(out.find(o => o.kind === 'ClusterSecretStore').metadata.labels).toEqual({ tier: 'shared' });
    expect(out.find(o => o.kind === 'Role').metadata.labels).toEqual({ app: 'eso' });
  });

  test('imported stores and ExternalSecrets write nothing and are references', () => {
    const c = Testing.chart();
    const store = SecretStore.fromSecretStoreAttributes(c, 'store', { name: 'vault', namespace: 'team-a' });
    const shared = ClusterSecretStore.fromClusterSecretStoreName(c, 'shared', 'shared');
    const es = ExternalSecret.fromExternalSecretAttributes(c, 'es', { name: 'db', namespace: 'team-a' });
    expect([store.apiVersion, store.kind, store.name, store.namespace]).toEqual([ESO, 'SecretStore', 'vault', 'team-a']);
    expect([shared.apiVersion, shared.kind, shared.name, shared.namespace]).toEqual([ESO, 'ClusterSecretStore', 'shared', undefined]);
    expect([es.apiVersion, es.kind, es.name, es.namespace]).toEqual([ESO, 'ExternalSecret', 'db', 'team-a']);
    expect(Testing.synth(c)).toEqual([]);
  });
});

describe('errors are ValidationErrors that say which construct', () => {
  test('each construct class names itself', () => {
    const { c, secretStore, clusterSecretStore, externalSecret, pushSecret, clusterPushSecret, tokenRequestAccess } = everything();
    const sa = ReferentServiceAccount.fromName(c, 'sa', 'r');
    validationError(() => new SecretStore(c, 'bad-store', { provider: vault(sa), keyPrefix: '' }), 'test/bad-store');
    validationError(() => new ClusterSecretStore(c, 'bad-cluster-store', { provider: vault(sa) }), 'test/bad-cluster-store');
    validationError(() => clusterSecretStore.addCondition(NamespaceCondition.names(['team-a'])), 'test/cluster-store');
    validationError(() => externalSecret.addData('password', { key: 'team-a/other' }), 'test/db');
    validationError(() => new ClusterExternalSecret(c, 'bad-ces', { store: secretStore, allowAllNamespaces: REASON }), 'test/bad-ces');
    validationError(() => pushSecret.addKey('tls.crt', { remoteKey: 'team-a/cert' }), 'test/push');
    validationError(() => clusterPushSecret.addKey('ca.crt', { remoteKey: 'shared/ca' }), 'test/cluster-push');
    validationError(() => tokenRequestAccess.addStore(secretStore), 'test/access');
    validationError(() => new TokenRequestRoleBinding(c, 'binding', {
      role: tokenRequestAccess.roles[0], serviceAccountName: 'eso', serviceAccountNamespace: 'Not_A_Label',
    }), 'test/binding');
    const role = new TokenRequestRole(c, 'role', { metadata: { name: 'tokens', namespace: 'team-a' } });
    validationError(() => role.addServiceAccount('Not_A_Name'), 'test/role');
  });

  test('a reference a store cannot make is reported for the store', () => {
    const c = new Chart(Testing.app(), 'tenant', { namespace: 'team-a' });
    const elsewhere = kplus.ServiceAccount.fromServiceAccountName(c, 'elsewhere', 'reader', { namespaceName: 'team-b' });
    const error = validationError(() => new SecretStore(c, 'store', { provider: vault(elsewhere) }), 'tenant/store');
    expect(error.message).toMatch(/^tenant\/store: 'auth.kubernetes.serviceAccount.namespace' references namespace "team-b" but a SecretStore may only reference objects in its own namespace "team-a"/);
  });

  test('imports are checked for the scope they are created in', () => {
    const c = Testing.chart();
    validationError(() => SecretStore.fromSecretStoreName(c, 'i', 'Bad Name'), 'test');
    validationError(() => ExternalSecret.fromExternalSecretName(c, 'j', 'Bad Name'), 'test');
    validationError(() => ReferentServiceAccount.fromName(new Construct(c, 'scope'), 'sa', 'Bad_Name'), 'test/scope');
  });

  test('static factories and value objects carry no path: their caller is on the stack', () => {
    validationError(() => NamespaceCondition.names([]), undefined);
    validationError(() => NamespaceCondition.selector({}), undefined);
    validationError(() => SecretStoreProvider.awsSecretsManager({ region: 'nowhere' }), undefined);
    validationError(() => PushSecretSource.secretName('Bad_Name'), undefined);
  });
});
