/**
 * Constructor invariants re-checked on the output (issue #12, part 3): what a constructor refuses (or an opt-in
 * must acknowledge) must also be caught when the object is patched after construction, written raw, included from
 * YAML, listed, put in another chart or added after the pack: GitHub token scope (ZT-ESO8), private keys pushed to
 * shared stores (ZT-ESO9), cluster kinds selecting every namespace (ZT-ESO10), Vault auth bindings, lifetimes, alias
 * names, audiences and policy paths (ZT-VAULT1-5), SVID lifetimes (ZT-ID4) and privileged namespaces (ZT-POD12).
 */
import { Chart, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { asList, Attempt, bypassCorpus, clusterChart, include, Legitimate, NAMESPACE, patch, raw, Route, secondChart } from './corpus';
import { LabelSelectorOperator } from '../../../src/common';
import {
  ClusterExternalSecret, ClusterPushSecret, ClusterSecretStore, NamespaceCondition, PushSecret, PushSecretSource,
  ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../../src/external-secrets';
import { ClusterGenerator, GithubAccessToken, SshKey } from '../../../src/generators';
import { ClusterSpiffeId } from '../../../src/identity';
import { IsolatedNamespace, Layer3Subnet, NetworkRole, NetworkTopology, PodSecurityLevel } from '../../../src/network';
import { CertificatePush } from '../../../src/patterns';
import {
  DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultAliasNameSource, VaultCapability, VaultOperatorAuthentication, VaultPolicy,
} from '../../../src/vault';
import { githubSpec } from '../fixtures';

const GEN = 'generators.external-secrets.io/v1alpha1';
const VAULT = 'redhatcop.redhat.io/v1alpha1';
const CREATE = ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'];

function github(chart: Construct, overrides: any = {}): GithubAccessToken {
  return new GithubAccessToken(chart, 'gh', {
    metadata: { name: 'argocd-github' },
    appId: '123456',
    installId: '7890123',
    privateKey: { secret: kplus.Secret.fromSecretName(chart, 'pem', 'github-app-pem'), key: 'key' },
    repositories: ['app-config'],
    ...overrides,
  });
}

const githubRaw = (spec: any) => ({ apiVersion: GEN, kind: 'GithubAccessToken', metadata: { name: 'gh', namespace: NAMESPACE }, spec });

function serviceAccount(chart: Construct, id: string, name: string): kplus.ServiceAccount {
  return new kplus.ServiceAccount(chart, id, { metadata: { name }, automountToken: false });
}

function vaultStore(chart: Chart, keyPrefix?: string): SecretStore {
  return new SecretStore(chart, 'certs', {
    metadata: { name: 'vault-certs' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.vault.svc:8200',
      path: 'secret',
      auth: VaultAuth.kubernetes({ role: 'team-a-cert-publisher', serviceAccount: serviceAccount(chart, 'publisher', 'cert-publisher'), audiences: ['vault'] }),
    }),
    keyPrefix,
  });
}

function sharedStore(chart: Chart): ClusterSecretStore {
  const platform = clusterChart(chart);
  return new ClusterSecretStore(platform, 'shared', {
    metadata: { name: 'shared-vault' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.vault.svc:8200',
      path: 'secret',
      auth: VaultAuth.kubernetes({ role: 'shared', serviceAccount: ReferentServiceAccount.fromName(platform, 'sa', 'eso-shared'), audiences: ['vault'] }),
    }),
    conditions: [NamespaceCondition.names([NAMESPACE])],
  });
}

function certificatePush(chart: Chart, keyPrefix?: string): CertificatePush {
  return new CertificatePush(chart, 'cert', {
    metadata: { name: 'push-cert' },
    certificate: kplus.Secret.fromSecretName(chart, 'cert-secret', 'generated-mtls-cert'),
    store: vaultStore(chart, keyPrefix),
    remoteKey: `${keyPrefix ?? ''}app-cert`,
    property: 'certificate',
  });
}

const tlsSecret = (name = 'generated-mtls-cert') => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: NAMESPACE },
  type: 'kubernetes.io/tls',
  data: { 'tls.crt': '', 'tls.key': '' },
});
const pushRaw = (spec: any, name = 'push') => ({
  apiVersion: 'external-secrets.io/v1alpha1',
  kind: 'PushSecret',
  metadata: { name, namespace: NAMESPACE },
  spec: { secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared-vault' }], selector: { secret: { name: 'generated-mtls-cert' } }, ...spec },
});
const match = (secretKey?: string) => ({ match: { ...secretKey !== undefined ? { secretKey } : {}, remoteRef: { remoteKey: 'team-a/cert' } } });

function vaultSetup(chart: Chart): { auth: VaultOperatorAuthentication; app: kplus.ServiceAccount } {
  return {
    auth: { role: 'vault-admin', serviceAccount: serviceAccount(chart, 'operator', 'vault-config') },
    app: serviceAccount(chart, 'app', 'pipeline-sa'),
  };
}

function vaultRole(chart: Chart, overrides: any = {}): { role: KubernetesAuthEngineRole; policy: VaultPolicy } {
  const { auth, app } = vaultSetup(chart);
  const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
  policy.addPath('database/creds/ci-migrate', [VaultCapability.READ]);
  const role = new KubernetesAuthEngineRole(chart, 'role', {
    authentication: auth, roleName: 'pipeline', serviceAccounts: [app], audience: 'vault', tokenTTL: Duration.minutes(15), policies: [policy], ...overrides,
  });
  return { role, policy };
}

function dbRole(chart: Chart, overrides: any = {}): DatabaseSecretEngineRole {
  const { auth } = vaultSetup(chart);
  return new DatabaseSecretEngineRole(chart, 'db', {
    authentication: auth, roleName: 'ci-migrate', dbName: 'ci-postgres', creationStatements: CREATE, defaultTTL: Duration.minutes(15), ...overrides,
  });
}

const authRoleRaw = (spec: any = {}, drop: string[] = []) => {
  const full: any = {
    authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
    path: 'kubernetes',
    name: 'pipeline',
    targetServiceAccounts: ['pipeline-sa'],
    targetNamespaces: { targetNamespaces: [NAMESPACE] },
    audience: 'vault',
    aliasNameSource: 'serviceaccount_uid',
    policies: ['ci-migrate'],
    tokenTTL: 900,
    tokenMaxTTL: 900,
    tokenNoDefaultPolicy: true,
    tokenType: 'default',
    ...spec,
  };
  for (const d of drop) delete full[d];
  return { apiVersion: VAULT, kind: 'KubernetesAuthEngineRole', metadata: { name: 'pipeline', namespace: NAMESPACE }, spec: full };
};
const dbRoleRaw = (spec: any) => ({
  apiVersion: VAULT,
  kind: 'DatabaseSecretEngineRole',
  metadata: { name: 'ci-migrate', namespace: NAMESPACE },
  spec: { authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } }, path: 'database', name: 'ci-migrate', dBName: 'pg', defaultTTL: '15m0s', maxTTL: '15m0s', creationStatements: CREATE, ...spec },
});
const policyRaw = (hcl: string, name = 'ci-migrate') => ({
  apiVersion: VAULT,
  kind: 'Policy',
  metadata: { name, namespace: NAMESPACE },
  spec: { authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } }, name, type: 'acl', policy: hcl },
});

const spiffeRaw = (spec: any) => ({
  apiVersion: 'spire.spiffe.io/v1alpha1',
  kind: 'ClusterSPIFFEID',
  metadata: { name: 'team-a' },
  spec: { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}', namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NAMESPACE } }, ...spec },
});
function spiffe(chart: Chart, overrides: any = {}): ClusterSpiffeId {
  return new ClusterSpiffeId(clusterChart(chart), 'id', {
    metadata: { name: 'team-a' },
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NAMESPACE } },
    jwtTtl: Duration.minutes(5),
    ...overrides,
  });
}

const primary = () => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
const namespaceRaw = (labels: any) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'loose', labels } });

function clusterSecret(chart: Chart, overrides: any = {}): ClusterExternalSecret {
  const ces = new ClusterExternalSecret(clusterChart(chart), 'ces', {
    metadata: { name: 'registry-pull' },
    store: sharedStore(chart),
    namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
    ...overrides,
  });
  ces.addData('user', { key: 'shared/registry', property: 'user' });
  return ces;
}

const attempts: Attempt[] = [
  // ZT-ESO8: GitHub App token scope
  { name: 'repositories removed from a GithubAccessToken', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.remove('/spec/repositories')) },
  { name: 'contents raised to write', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.replace('/spec/permissions/contents', 'write')) },
  { name: 'permissions removed (every permission of the App)', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.remove('/spec/permissions')) },
  { name: 'permissions emptied to {}', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.replace('/spec/permissions', {})) },
  { name: 'administration: admin added', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.add('/spec/permissions/administration', 'admin')) },
  { name: 'repository spelled owner/name', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.replace('/spec/repositories', ['my-org/app-config'])) },
  { name: 'repositories emptied to []', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO8', build: c => patch(github(c), JsonPatch.replace('/spec/repositories', [])) },
  { name: 'owner/name repository', route: Route.CONSTRUCT, caughtBy: /without the owner/, build: c => github(c, { repositories: ['my-org/app-config'] }) },
  { name: 'write permission without acknowledgement', route: Route.CONSTRUCT, caughtBy: /'permissions'/, build: c => github(c, { permissions: { contents: 'write' } }) },
  { name: 'GithubAccessToken without repositories', route: Route.RAW, caughtBy: 'ZT-ESO8', build: c => raw(c, githubRaw(githubSpec({ repositories: undefined }))) },
  { name: 'GithubAccessToken with pull_requests: write', route: Route.INCLUDE, caughtBy: 'ZT-ESO8', build: c => include(c, [githubRaw(githubSpec({ permissions: { contents: 'read', pull_requests: 'write' } }))]) },
  { name: 'GithubAccessToken with an empty repository list', route: Route.LIST, caughtBy: 'ZT-ESO8', build: c => asList(c, [githubRaw(githubSpec({ repositories: [] }))]) },
  {
    name: 'ClusterGenerator githubAccessTokenSpec without permissions',
    route: Route.SECOND_CHART,
    caughtBy: 'ZT-ESO8',
    build: c => raw(clusterChart(c), { apiVersion: GEN, kind: 'ClusterGenerator', metadata: { name: 'gh' }, spec: { kind: 'GithubAccessToken', generator: { githubAccessTokenSpec: { ...githubSpec(), permissions: undefined } } } }),
  },
  {
    name: 'ClusterGenerator of a GithubAccessToken spec, repositories removed',
    route: Route.AFTER_APPLY,
    caughtBy: 'ZT-ESO8',
    build: c => {
      const platform = clusterChart(c);
      const spec = GithubAccessToken.spec({ appId: '1', installId: '2', privateKey: { secret: kplus.Secret.fromSecretName(platform, 'pem', 'github-app-pem'), key: 'key' }, repositories: ['app'] });
      patch(new ClusterGenerator(platform, 'gh', { metadata: { name: 'github' }, spec }), JsonPatch.remove('/spec/generator/githubAccessTokenSpec/repositories'));
    },
  },

  // ZT-ESO9: private key material pushed to a shared store
  { name: 'CertificatePush switched to tls.key', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO9', build: c => patch(certificatePush(c).pushSecret, JsonPatch.replace('/spec/data/0/match/secretKey', 'tls.key')) },
  {
    name: 'CertificatePush made a whole-Secret push of a kubernetes.io/tls Secret',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-ESO9',
    build: c => {
      raw(c, tlsSecret());
      patch(certificatePush(c).pushSecret, JsonPatch.remove('/spec/data/0/match/secretKey'));
    },
  },
  {
    name: 'CertificatePush given a bulk dataTo of every key',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-ESO9',
    build: c => {
      raw(c, tlsSecret());
      patch(certificatePush(c, 'team-a/').pushSecret, JsonPatch.add('/spec/dataTo', [{ storeRef: { kind: 'ClusterSecretStore', name: 'shared-vault' } }]));
    },
  },
  {
    name: 'PushSecret of tls.key to a ClusterSecretStore',
    route: Route.CONSTRUCT,
    caughtBy: 'ZT-ESO9',
    build: c => new PushSecret(c, 'push', { source: PushSecretSource.secretName('generated-mtls-cert'), stores: [sharedStore(c)] }).addKey('tls.key', { remoteKey: 'team-a/key' }),
  },
  {
    name: 'PushSecret of an SSHKey generator\'s privateKey to a store without key prefix',
    route: Route.CONSTRUCT,
    caughtBy: 'ZT-ESO9',
    build: c => new PushSecret(c, 'push', { source: PushSecretSource.generator(new SshKey(c, 'ssh', { metadata: { name: 'deploy-key' } })), stores: [vaultStore(c)] })
      .addKey('privateKey', { remoteKey: 'team-a/deploy-key' }),
  },
  { name: 'whole-Secret push of a kubernetes.io/tls Secret', route: Route.RAW, caughtBy: 'ZT-ESO9', build: c => { raw(c, tlsSecret()); raw(c, pushRaw({ data: [match()] })); } },
  { name: 'dataTo without regexp, next to its tls Secret', route: Route.INCLUDE, caughtBy: 'ZT-ESO9', build: c => include(c, [tlsSecret(), pushRaw({ dataTo: [{ storeRef: { kind: 'ClusterSecretStore', name: 'shared-vault' } }] })]) },
  { name: 'ssh-privatekey to stores picked by label', route: Route.LIST, caughtBy: 'ZT-ESO9', build: c => asList(c, [pushRaw({ secretStoreRefs: [{ labelSelector: { matchLabels: { shared: 'true' } } }], data: [match('ssh-privatekey')] })]) },
  {
    name: 'ClusterPushSecret of tls.key',
    route: Route.SECOND_CHART,
    caughtBy: 'ZT-ESO9',
    build: c => raw(clusterChart(c), {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'ClusterPushSecret',
      metadata: { name: 'keys' },
      spec: { namespaceSelectors: [{ matchLabels: { team: 'a' } }], pushSecretSpec: { secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared-vault' }], selector: { secret: { name: 'cert' } }, data: [match('tls.key')] } },
    }),
  },
  { name: 'template copies tls.key under an innocent key', route: Route.AFTER_APPLY, caughtBy: 'ZT-ESO9', build: c => raw(c, pushRaw({ template: { data: { bundle: '{{ index . "tls.key" }}' } }, data: [match('bundle')] })) },
  {
    name: 'regexp (?i)\\.KEY$ over a cert-manager Certificate\'s Secret',
    route: Route.RAW,
    caughtBy: 'ZT-ESO9',
    build: c => {
      raw(c, { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: NAMESPACE }, spec: { secretName: 'web-tls', issuerRef: { name: 'ca' }, dnsNames: ['web'] } });
      raw(c, pushRaw({ selector: { secret: { name: 'web-tls' } }, dataTo: [{ storeRef: { kind: 'ClusterSecretStore', name: 'shared-vault' }, match: { regexp: '(?i)\\.KEY$' } }] }));
    },
  },
  {
    name: 'whole-Secret push of a cdk8s-plus kubernetes.io/ssh-auth Secret',
    route: Route.CDK8S_PLUS,
    caughtBy: 'ZT-ESO9',
    build: c => {
      new kplus.Secret(c, 'deploy-key', { metadata: { name: 'deploy-key' }, type: 'kubernetes.io/ssh-auth' });
      raw(c, pushRaw({ selector: { secret: { name: 'deploy-key' } }, data: [match()] }));
    },
  },
  { name: 'tls.key spelled tls_U002e_key with ReverseUnicode', route: Route.RAW, caughtBy: 'ZT-ESO9', build: c => raw(c, pushRaw({ data: [{ ...match('tls_U002e_key'), conversionStrategy: 'ReverseUnicode' }] })) },

  // ZT-ESO10: cluster kinds selecting every namespace
  { name: 'ClusterExternalSecret with no namespace selector and no opt-in', route: Route.CONSTRUCT, caughtBy: /would select every namespace/, build: c => clusterSecret(c, { namespaceSelectors: [] }) },
  { name: 'ClusterExternalSecret selectors replaced by [{}]', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO10', build: c => patch(clusterSecret(c), JsonPatch.replace('/spec/namespaceSelectors', [{}])) },
  { name: 'deprecated namespaceSelector {} added', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO10', build: c => patch(clusterSecret(c), JsonPatch.add('/spec/namespaceSelector', {})) },
  {
    name: 'ClusterExternalSecret selecting by NotIn only',
    route: Route.CONSTRUCT,
    caughtBy: 'ZT-ESO10',
    build: c => clusterSecret(c, { namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: LabelSelectorOperator.NOT_IN, values: ['b'] }] }] }),
  },
  {
    name: 'ClusterPushSecret selecting by DoesNotExist',
    route: Route.RAW,
    caughtBy: 'ZT-ESO10',
    build: c => raw(clusterChart(c), {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'ClusterPushSecret',
      metadata: { name: 'certs' },
      spec: { namespaceSelectors: [{ matchExpressions: [{ key: 'opt-out', operator: 'DoesNotExist' }] }], pushSecretSpec: { secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared-vault' }], selector: { secret: { name: 'cert' } }, data: [match('tls.crt')] } },
    }),
  },
  {
    name: 'ClusterExternalSecret with Exists on kubernetes.io/metadata.name',
    route: Route.INCLUDE,
    caughtBy: 'ZT-ESO10',
    build: c => include(clusterChart(c), [{ apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', metadata: { name: 'all' }, spec: { namespaceSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] }], externalSecretSpec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared-vault' } } } }]),
  },

  // ZT-VAULT1: any service account name or namespace
  { name: 'auth role bound to every service account name', route: Route.JSON_PATCH, caughtBy: 'ZT-VAULT1', build: c => patch(vaultRole(c).role, JsonPatch.replace('/spec/targetServiceAccounts', ['*'])) },
  { name: 'auth role bound to every namespace by an empty selector', route: Route.JSON_PATCH, caughtBy: 'ZT-VAULT1', build: c => patch(vaultRole(c).role, JsonPatch.replace('/spec/targetNamespaces', { targetNamespaceSelector: {} })) },
  { name: 'auth role bound to namespace "*"', route: Route.RAW, caughtBy: 'ZT-VAULT1', build: c => raw(c, authRoleRaw({ targetNamespaces: { targetNamespaces: ['*'] } })) },
  { name: 'auth role without targetServiceAccounts (CRD default "default")', route: Route.INCLUDE, caughtBy: 'ZT-VAULT1', build: c => include(c, [authRoleRaw({}, ['targetServiceAccounts'])]) },
  { name: 'auth role bound to a glob of names', route: Route.LIST, caughtBy: 'ZT-VAULT1', build: c => asList(c, [authRoleRaw({ targetServiceAccounts: ['ci-*'] })]) },
  {
    name: 'auth role over two accounts in two namespaces, binding the two accounts nobody created',
    route: Route.RAW,
    caughtBy: 'ZT-VAULT1',
    build: c => {
      new kplus.ServiceAccount(c, 'a', { metadata: { name: 'builder', namespace: 'ci-a' }, automountToken: false });
      new kplus.ServiceAccount(c, 'b', { metadata: { name: 'deployer', namespace: 'ci-b' }, automountToken: false });
      raw(c, authRoleRaw({ targetServiceAccounts: ['builder', 'deployer'], targetNamespaces: { targetNamespaces: ['ci-a', 'ci-b'] } }));
    },
  },
  {
    name: 'auth role over two names in two namespaces',
    route: Route.CONSTRUCT,
    caughtBy: /would also admit/,
    build: c => {
      const { auth } = vaultSetup(c);
      const a = new kplus.ServiceAccount(c, 'a', { metadata: { name: 'builder', namespace: 'ci-a' } });
      const b = new kplus.ServiceAccount(c, 'b', { metadata: { name: 'deployer', namespace: 'ci-b' } });
      new KubernetesAuthEngineRole(c, 'role', { authentication: auth, serviceAccounts: [a, b], audience: 'vault' });
    },
  },

  // ZT-VAULT2: lifetimes of more than a day
  { name: 'auth role tokenTTL removed (Vault default 768h)', route: Route.JSON_PATCH, caughtBy: 'ZT-VAULT2', build: c => patch(vaultRole(c).role, JsonPatch.remove('/spec/tokenTTL')) },
  { name: 'database role defaultTTL raised to 768h', route: Route.JSON_PATCH, caughtBy: 'ZT-VAULT2', build: c => patch(dbRole(c), JsonPatch.replace('/spec/defaultTTL', '768h'), JsonPatch.replace('/spec/maxTTL', '768h')) },
  { name: 'database role of two days without acknowledgement', route: Route.CONSTRUCT, caughtBy: /more than a day|acknowledgeLongLivedCredentials/, build: c => dbRole(c, { defaultTTL: Duration.days(2) }) },
  { name: 'auth role with a periodic token', route: Route.SECOND_CHART, caughtBy: 'ZT-VAULT2', build: c => raw(secondChart(c), authRoleRaw({ tokenPeriod: 3600 })) },
  { name: 'database role maxTTL of 2d', route: Route.AFTER_APPLY, caughtBy: 'ZT-VAULT2', build: c => raw(c, dbRoleRaw({ maxTTL: '2d' })) },

  // ZT-VAULT3 and ZT-VAULT4: alias by name, no audience
  { name: 'alias switched to serviceaccount_name', route: Route.JSON_PATCH, caughtBy: 'ZT-VAULT3', build: c => patch(vaultRole(c).role, JsonPatch.replace('/spec/aliasNameSource', 'serviceaccount_name')) },
  { name: 'alias by name without acknowledgement', route: Route.CONSTRUCT, caughtBy: /serviceaccount_name/, build: c => vaultRole(c, { aliasNameSource: VaultAliasNameSource.SERVICE_ACCOUNT_NAME }) },
  { name: 'audience removed', route: Route.JSON_PATCH, caughtBy: 'ZT-VAULT4', build: c => patch(vaultRole(c).role, JsonPatch.remove('/spec/audience')) },
  { name: 'audience of the API server', route: Route.RAW, caughtBy: 'ZT-VAULT4', build: c => raw(c, authRoleRaw({ audience: 'https://kubernetes.default.svc.cluster.local' })) },

  // ZT-VAULT5: policy paths VaultPolicy refuses
  {
    name: 'policy HCL replaced by path "*"',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-VAULT5',
    build: c => patch(vaultRole(c).policy, JsonPatch.replace('/spec/policy', 'path "*" {\n  capabilities = ["read", "list"]\n}\n')),
  },
  { name: 'addPath("*")', route: Route.CONSTRUCT, caughtBy: /bare '\*'/, build: c => vaultRole(c).policy.addPath('*', [VaultCapability.READ]) },
  { name: 'addPath("+/*"), every mount one level down', route: Route.CONSTRUCT, caughtBy: 'ZT-VAULT5', build: c => vaultRole(c).policy.addPath('+/*', [VaultCapability.READ]) },
  { name: 'relative segment in a JSON policy', route: Route.RAW, caughtBy: 'ZT-VAULT5', build: c => raw(c, policyRaw('{"path": {"secret/data/team-a/../../sys/*": {"capabilities": ["read"]}}}')) },
  { name: 'managing the built-in default policy', route: Route.INCLUDE, caughtBy: 'ZT-VAULT5', build: c => include(c, [policyRaw('path "secret/data/team-a/*" { capabilities = ["read"] }', 'default')]) },

  // ZT-ID4: SVID lifetimes
  { name: 'jwtTtl raised to 72h', route: Route.JSON_PATCH, caughtBy: 'ZT-ID4', build: c => patch(spiffe(c), JsonPatch.replace('/spec/jwtTtl', '72h0m0s')) },
  { name: 'jwtTtl of two days without acknowledgement', route: Route.CONSTRUCT, caughtBy: /more than a day/, build: c => spiffe(c, { jwtTtl: Duration.days(2) }) },
  { name: 'ClusterSPIFFEID with ttl 720h', route: Route.RAW, caughtBy: 'ZT-ID4', build: c => raw(clusterChart(c), spiffeRaw({ ttl: '720h' })) },

  // ZT-POD12: privileged namespaces
  {
    name: 'IsolatedNamespace relabelled enforce: privileged',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-POD12',
    build: c => patch(new IsolatedNamespace(c, 'ns', { name: 'builds', network: primary() }), JsonPatch.replace('/metadata/labels/pod-security.kubernetes.io~1enforce', 'privileged')),
  },
  { name: 'IsolatedNamespace PRIVILEGED without acknowledgement', route: Route.CONSTRUCT, caughtBy: /acknowledgePrivileged|privileged/, build: c => new IsolatedNamespace(c, 'ns', { name: 'builds', network: primary(), podSecurity: PodSecurityLevel.PRIVILEGED }) },
  { name: 'raw Namespace enforcing privileged', route: Route.RAW, caughtBy: 'ZT-POD12', build: c => raw(clusterChart(c), namespaceRaw({ 'pod-security.kubernetes.io/enforce': 'privileged' })) },
  { name: 'Namespace without enforce, warn and audit privileged', route: Route.INCLUDE, caughtBy: 'ZT-POD12', build: c => include(clusterChart(c), [namespaceRaw({ 'pod-security.kubernetes.io/warn': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged' })]) },
  {
    name: 'cdk8s-plus Namespace labelled enforce: privileged',
    route: Route.CDK8S_PLUS,
    caughtBy: 'ZT-POD12',
    build: c => new kplus.Namespace(clusterChart(c), 'ns', { metadata: { name: 'loose', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }),
  },
];

const legitimate: Legitimate[] = [
  { name: 'GithubAccessToken for named repositories with contents: read', build: c => github(c, { repositories: ['app-config', 'platform-config'], permissions: { contents: 'read', metadata: 'read' } }) },
  {
    name: 'ClusterGenerator of a scoped GithubAccessToken spec',
    build: c => {
      const platform = clusterChart(c);
      new ClusterGenerator(platform, 'gh', {
        metadata: { name: 'github' },
        spec: GithubAccessToken.spec({ appId: '1', installId: '2', privateKey: { secret: kplus.Secret.fromSecretName(platform, 'pem', 'github-app-pem'), key: 'key' }, repositories: ['app'] }),
      });
    },
  },
  { name: 'KubernetesAuthEngineRole for one account, audience vault, tokenTTL 15m', build: c => vaultRole(c) },
  {
    name: 'database role of 20 minutes granted to the auth role\'s policy',
    build: c => {
      const { policy } = vaultRole(c, { tokenTTL: undefined });
      DatabaseSecretEngineRole.forTaskTimeout(c, 'db', Duration.minutes(20), {
        authentication: { role: 'vault-admin', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'op', 'vault-config') },
        roleName: 'ci-report',
        dbName: 'ci-postgres',
        creationStatements: CREATE,
      }).grantRead(policy);
    },
  },
  {
    name: 'VaultPolicy with + and trailing * paths',
    build: c => {
      const { policy } = vaultRole(c);
      policy.addPath('secret/data/ci/+/config', [VaultCapability.READ]);
      policy.addPath('secret/metadata/ci/*', [VaultCapability.LIST]);
    },
  },
  { name: 'CertificatePush pushing tls.crt to a prefixed SecretStore', build: c => certificatePush(c, 'team-a/') },
  {
    name: 'CertificatePush of a kubernetes.io/tls Secret in the output pushes only tls.crt',
    build: c => {
      new kplus.Secret(c, 'cert-object', { metadata: { name: 'issued-cert' }, type: 'kubernetes.io/tls' });
      new CertificatePush(c, 'cert', { certificate: kplus.Secret.fromSecretName(c, 'cert-secret', 'issued-cert'), store: vaultStore(c, 'team-a/'), remoteKey: 'team-a/issued', property: 'certificate' });
    },
  },
  {
    name: 'PushSecret of an SSHKey generator\'s publicKey to a ClusterSecretStore',
    build: c => new PushSecret(c, 'push', { source: PushSecretSource.generator(new SshKey(c, 'ssh', { metadata: { name: 'deploy-key' } })), stores: [sharedStore(c)] })
      .addKey('publicKey', { remoteKey: 'team-a/deploy-key.pub' }),
  },
  {
    name: 'ClusterPushSecret of tls.crt to namespaces labelled for it',
    build: c => new ClusterPushSecret(clusterChart(c), 'cps', {
      metadata: { name: 'certs' }, source: PushSecretSource.secretName('cert'), stores: [sharedStore(c)], namespaceSelectors: [{ matchLabels: { 'publish-certs': 'true' } }],
    }).addKey('tls.crt', { remoteKey: 'certs/app' }),
  },
  { name: 'ClusterExternalSecret for labelled namespaces', build: c => clusterSecret(c, { namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: LabelSelectorOperator.IN, values: ['a'] }, { key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['legacy'] }] }] }) },
  { name: 'IsolatedNamespace with the default restricted level', build: c => new IsolatedNamespace(c, 'ns', { name: 'builds', network: primary() }) },
  { name: 'IsolatedNamespace at baseline', build: c => new IsolatedNamespace(c, 'ns', { name: 'builds', network: primary(), podSecurity: PodSecurityLevel.BASELINE }) },
  { name: 'ClusterSPIFFEID with jwtTtl 5m and ttl 1h', build: c => spiffe(c, { ttl: Duration.hours(1) }) },
  {
    name: 'a prefixed SecretStore receiving tls.key from its own namespace',
    build: c => {
      const store = vaultStore(c, 'team-a/');
      new PushSecret(c, 'push', { source: PushSecretSource.secretName('generated-mtls-cert'), stores: [store] }).addKey('tls.key', { remoteKey: 'team-a/backup/tls.key' });
    },
  },
];

bypassCorpus('constructor invariants (ZT-ESO8-10, ZT-VAULT1-5, ZT-ID4, ZT-POD12)', attempts, legitimate);
