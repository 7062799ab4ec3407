import { Case } from './case';
import { KEY_PREFIX_ANNOTATION } from '../../../src/compliance/annotations';
import { githubSpec } from '../fixtures';

/** Cases of the rules that re-check constructor invariants on the output (issue #12, part 3). */

const GEN = 'generators.external-secrets.io/v1alpha1';
const ESO = 'external-secrets.io/v1';
const PUSH = 'external-secrets.io/v1alpha1';
const VAULT = 'redhatcop.redhat.io/v1alpha1';

const github = (overrides: any = {}) => ({ apiVersion: GEN, kind: 'GithubAccessToken', metadata: { name: 'gh', namespace: 'argocd' }, spec: githubSpec(overrides) });
const without = (obj: any, key: string) => {
  const { [key]: _drop, ...rest } = obj;
  return rest;
};
const clusterGithub = (spec: any) => ({ apiVersion: GEN, kind: 'ClusterGenerator', metadata: { name: 'gh' }, spec: { kind: 'GithubAccessToken', generator: { githubAccessTokenSpec: spec } } });

const tlsSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cert', namespace: 'team', labels: { push: 'yes' } }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Yw==', 'tls.key': 'aw==' } };
const opaqueSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team' }, stringData: { username: 'app', host: 'db' } };
const prefixedStore = { apiVersion: ESO, kind: 'SecretStore', metadata: { name: 'own', namespace: 'team', annotations: { [KEY_PREFIX_ANNOTATION]: 'team/' } }, spec: {} };
const plainStore = { apiVersion: ESO, kind: 'SecretStore', metadata: { name: 'plain', namespace: 'team' }, spec: {} };
const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'team' }, spec: { secretName: 'issued', additionalOutputFormats: [{ type: 'CombinedPEM' }] } };
const sshGenerator = { apiVersion: GEN, kind: 'ClusterGenerator', metadata: { name: 'keys' }, spec: { kind: 'SSHKey', generator: { sshKeySpec: { keyType: 'ed25519' } } } };
const pkiGenerator = { apiVersion: GEN, kind: 'VaultDynamicSecret', metadata: { name: 'pki', namespace: 'team' }, spec: { path: 'pki/issue/web', provider: {} } };

const push = (spec: any, name = 'push') => ({
  apiVersion: PUSH,
  kind: 'PushSecret',
  metadata: { name, namespace: 'team' },
  spec: { secretStoreRefs: [{ kind: 'SecretStore', name: 'own' }], selector: { secret: { name: 'cert' } }, ...spec },
});
const key = (secretKey: string | undefined, remoteKey = 'team/cert') => ({ match: { ...secretKey !== undefined ? { secretKey } : {}, remoteRef: { remoteKey } } });
const cluster = (spec: any) => ({ apiVersion: PUSH, kind: 'ClusterPushSecret', metadata: { name: 'cps' }, spec: { namespaceSelectors: [{ matchLabels: { team: 'a' } }], pushSecretSpec: spec } });

const ces = (spec: any) => ({ apiVersion: ESO, kind: 'ClusterExternalSecret', metadata: { name: 'ces' }, spec: { externalSecretSpec: {}, ...spec } });

const authRole = (spec: any = {}, drop: string[] = []) => {
  const full: any = {
    authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
    path: 'kubernetes',
    targetServiceAccounts: ['pipeline'],
    targetNamespaces: { targetNamespaces: ['ci'] },
    audience: 'vault',
    aliasNameSource: 'serviceaccount_uid',
    policies: ['ci'],
    tokenTTL: 900,
    tokenMaxTTL: 900,
    tokenNoDefaultPolicy: true,
    tokenType: 'default',
    ...spec,
  };
  for (const d of drop) delete full[d];
  return { apiVersion: VAULT, kind: 'KubernetesAuthEngineRole', metadata: { name: 'role', namespace: 'ci' }, spec: full };
};
const dbRole = (spec: any = {}, drop: string[] = []) => {
  const full: any = { path: 'database', dBName: 'pg', defaultTTL: '15m0s', maxTTL: '15m0s', creationStatements: ['CREATE ROLE x;'], ...spec };
  for (const d of drop) delete full[d];
  return { apiVersion: VAULT, kind: 'DatabaseSecretEngineRole', metadata: { name: 'db', namespace: 'ci' }, spec: full };
};
const mount = (config: any = {}, type = 'database') => ({ apiVersion: VAULT, kind: 'SecretEngineMount', metadata: { name: 'db', namespace: 'ci' }, spec: { type, name: 'database', config } });
const dbConfig = (spec: any = {}, drop: string[] = []) => {
  const full: any = {
    path: 'database',
    name: 'pg',
    pluginName: 'postgresql-database-plugin',
    allowedRoles: ['ci-migrate'],
    connectionURL: 'postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-full',
    rootCredentials: { secret: { name: 'pg-root' }, usernameKey: 'username', passwordKey: 'password' },
    rootPasswordRotation: { enable: true },
    ...spec,
  };
  for (const d of drop) delete full[d];
  return { apiVersion: VAULT, kind: 'DatabaseSecretEngineConfig', metadata: { name: 'pg', namespace: 'ci' }, spec: full };
};
const policy = (hcl: string, name = 'ci') => ({ apiVersion: VAULT, kind: 'Policy', metadata: { name, namespace: 'ci' }, spec: { name, type: 'acl', policy: hcl } });
const block = (path: string, capabilities = '"read"') => `path "${path}" {\n  capabilities = [${capabilities}]\n}\n`;
const sa = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });

const spiffe = (spec: any) => ({ apiVersion: 'spire.spiffe.io/v1alpha1', kind: 'ClusterSPIFFEID', metadata: { name: 'id' }, spec: { spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}', podSelector: { matchLabels: { app: 'x' } }, ...spec } });
const namespace = (labels?: any) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', ...labels ? { labels } : {} } });
const psa = (level: string) => ({
  'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/audit': level, 'pod-security.kubernetes.io/warn': level,
});

export const INVARIANT_CASES: Record<string, Case> = {
  'ZT-ESO8': {
    compliant: [github(), github({ repositories: ['a', 'b.c'], permissions: { contents: 'read', metadata: 'read' } }), clusterGithub(githubSpec())],
    nonCompliant: [
      { manifest: github({ repositories: undefined }), finding: /spec.repositories is unset: the token reaches every repository/ },
      { manifest: { ...github(), spec: without(githubSpec(), 'repositories') }, finding: /repositories is unset/ },
      { manifest: github({ repositories: [] }), finding: /spec.repositories is empty/ },
      { manifest: github({ repositories: ['my-org/app-config'] }), finding: /repositories\[0\] "my-org\/app-config" names an owner/ },
      { manifest: github({ repositories: ['*'] }), finding: /repositories\[0\] "\*" is not a repository name/ },
      { manifest: { ...github(), spec: without(githubSpec(), 'permissions') }, finding: /spec.permissions is unset: the token gets every permission of the App/ },
      { manifest: github({ permissions: {} }), finding: /spec.permissions is empty/ },
      { manifest: github({ permissions: { contents: 'write' } }), finding: /spec.permissions.contents is "write": above read/ },
      { manifest: github({ permissions: { administration: 'admin', contents: 'read' } }), finding: /permissions.administration is "admin"/ },
      { manifest: github({ permissions: { contents: 'READ' } }), finding: /permissions.contents is "READ"/ },
      { manifest: clusterGithub(without(githubSpec(), 'repositories')), finding: /spec.generator.githubAccessTokenSpec.repositories is unset/ },
      { manifest: { ...clusterGithub(githubSpec()), spec: { kind: 'GithubAccessToken', generator: {} } }, finding: /githubAccessTokenSpec is missing/ },
      { manifest: { ...clusterGithub(githubSpec({ permissions: { issues: 'write' } })), spec: { kind: 'Password', generator: { githubAccessTokenSpec: githubSpec({ permissions: { issues: 'write' } }) } } }, finding: /permissions.issues is "write"/ },
    ],
    notApplicable: [{ apiVersion: GEN, kind: 'ClusterGenerator', metadata: { name: 'pw' }, spec: { kind: 'Password', generator: { passwordSpec: { length: 32 } } } }],
  },
  'ZT-ESO9': {
    others: [tlsSecret, opaqueSecret, prefixedStore, plainStore, certificate, sshGenerator, pkiGenerator,
      { apiVersion: ESO, kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'team' }, spec: { target: { name: 'from-es', template: { type: 'kubernetes.io/ssh-auth' } } } }],
    compliant: [
      push({ data: [key('tls.crt')] }),
      push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], data: [key('tls.crt'), key('ca.crt')] }),
      push({ data: [key('tls.key')] }),
      push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], selector: { secret: { name: 'db' } }, data: [key(undefined)] }),
      push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], selector: { secret: { name: 'unknown' } }, data: [key(undefined)], dataTo: [{ storeRef: { kind: 'ClusterSecretStore', name: 'shared' }, match: { regexp: '.*' } }] }),
      push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], dataTo: [{ storeRef: { kind: 'ClusterSecretStore', name: 'shared' }, match: { regexp: '\\.crt$' } }] }),
      push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], selector: { generatorRef: { apiVersion: GEN, kind: 'ClusterGenerator', name: 'keys' } }, data: [key('publicKey')] }),
    ],
    nonCompliant: [
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], data: [key('tls.key')] }), finding: /spec.data\[0\].match.secretKey tls.key is private key material, pushed to ClusterSecretStore shared/ },
      { manifest: push({ secretStoreRefs: [{ name: 'plain' }], data: [key('TLS.KEY')] }), finding: /TLS.KEY is private key material, pushed to SecretStore plain without a key prefix/ },
      { manifest: push({ secretStoreRefs: [{ name: 'elsewhere' }], data: [key('id_rsa')] }), finding: /id_rsa .* SecretStore elsewhere, not in the output/ },
      { manifest: push({ secretStoreRefs: [{ labelSelector: { matchLabels: { shared: 'true' } } }], data: [key('ssh-privatekey')] }), finding: /stores selected by label/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], data: [key('server.key'), key('privkey.pem'), key('client-key.pem'), key('tls_U002e_key')] }), finding: /secretKey tls_U002e_key is private key material/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], data: [key(undefined)] }), finding: /spec.data\[0\] has no match.secretKey, so it pushes the whole of Secret cert \(holding tls.key\)/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { secret: { name: 'issued' } }, data: [key(undefined)] }), finding: /whole of Secret issued \(holding tls.key, tls-combined.pem\)/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { secret: { name: 'from-es' } }, data: [key(undefined)] }), finding: /holding ssh-privatekey/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { secret: { selector: { matchLabels: { push: 'yes' } } } }, data: [key(undefined)] }), finding: /the Secrets its label selector picks \(holding tls.key\)/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { generatorRef: { apiVersion: GEN, kind: 'SSHKey', name: 'k' } }, data: [key(undefined)] }), finding: /generator SSHKey k \(holding privateKey\)/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { generatorRef: { apiVersion: GEN, kind: 'ClusterGenerator', name: 'keys' } }, data: [key('privateKey')] }), finding: /secretKey privateKey is private key material/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { generatorRef: { apiVersion: GEN, kind: 'VaultDynamicSecret', name: 'pki' } }, data: [key(undefined)] }), finding: /holding private_key/ },
      { manifest: push({ dataTo: [{ storeRef: { kind: 'ClusterSecretStore', name: 's' } }] }), finding: /spec.dataTo\[0\] has no match.regexp, so it pushes every key, including tls.key/ },
      { manifest: push({ dataTo: [{ storeRef: { kind: 'ClusterSecretStore', name: 's' }, match: { regexp: '(?i)KEY$' } }] }), finding: /match.regexp "\(\?i\)KEY\$" picks tls.key/ },
      { manifest: push({ selector: { secret: { name: 'unknown' } }, dataTo: [{ storeRef: { labelSelector: { matchLabels: { a: 'b' } } }, match: { regexp: '^tls\\.' } }] }), finding: /picks tls.key of Secret unknown, pushed to stores selected by label/ },
      { manifest: push({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], template: { data: { cert: '{{ index . "tls.key" }}' } }, data: [key('cert')] }), finding: /secretKey cert is templated from tls.key/ },
      { manifest: cluster({ secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 's' }], selector: { secret: { name: 'cert' } }, data: [key(undefined)] }), finding: /spec.pushSecretSpec.data\[0\] has no match.secretKey/ },
      { manifest: cluster({ secretStoreRefs: [{ kind: 'SecretStore', name: 'own' }], selector: { secret: { name: 'x' } }, data: [key('tls.key')] }), finding: /SecretStore own in each selected namespace/ },
    ],
    notApplicable: [prefixedStore],
  },
  'ZT-ESO10': {
    compliant: [
      ces({ namespaceSelectors: [{ matchLabels: { team: 'a' } }] }),
      ces({ namespaces: ['team-a'] }),
      ces({}),
      ces({ namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: 'Exists' }] }] }),
      ces({ namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['b'] }, { key: 'tier', operator: 'In', values: ['app'] }] }] }),
      ces({ namespaceSelectors: [null] }),
      cluster({}),
    ],
    nonCompliant: [
      { manifest: ces({ namespaceSelectors: [{}] }), finding: /spec.namespaceSelectors\[0\] is empty \(\{\}\), which selects every namespace/ },
      { manifest: ces({ namespaceSelectors: [{ matchLabels: {} }] }), finding: /is empty/ },
      { manifest: ces({ namespaceSelector: {} }), finding: /spec.namespaceSelector is empty/ },
      { manifest: ces({ namespaces: ['team-a'], namespaceSelectors: [{ matchLabels: { a: 'b' } }, { matchExpressions: [] }] }), finding: /spec.namespaceSelectors\[1\] is empty/ },
      { manifest: ces({ namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['b'] }] }] }), finding: /only excludes \(NotIn team\)/ },
      { manifest: ces({ namespaceSelectors: [{ matchExpressions: [{ key: 'secret', operator: 'DoesNotExist' }] }] }), finding: /only excludes \(DoesNotExist secret\)/ },
      { manifest: ces({ namespaceSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] }] }), finding: /only excludes \(Exists kubernetes.io\/metadata.name\)/ },
      { manifest: { ...cluster({}), spec: { namespaceSelectors: [{}], pushSecretSpec: {} } }, finding: /spec.namespaceSelectors\[0\] is empty/ },
    ],
  },
  'ZT-VAULT1': {
    others: [sa('a', 'x'), sa('a', 'y'), sa('b', 'x'), sa('b', 'y'), sa('c', 'x')],
    compliant: [
      authRole(),
      authRole({ targetServiceAccounts: ['x', 'y'], targetNamespaces: { targetNamespaces: ['a', 'b'] } }),
      authRole({ targetNamespaces: { targetNamespaceSelector: { matchLabels: { team: 'ci' } } } }),
    ],
    nonCompliant: [
      { manifest: authRole({ targetServiceAccounts: '*' }), finding: /spec.targetServiceAccounts "\*" is not a list of names/ },
      { manifest: authRole({ targetServiceAccounts: ['*'] }), finding: /spec.targetServiceAccounts\[0\] "\*" binds every service account name/ },
      { manifest: authRole({ targetServiceAccounts: ['app-*'] }), finding: /"app-\*" is a glob/ },
      { manifest: authRole({ targetServiceAccounts: ['default'] }), finding: /"default" binds the account every pod that names none runs as/ },
      { manifest: authRole({}, ['targetServiceAccounts']), finding: /targetServiceAccounts is unset: the CRD defaults it to \["default"\]/ },
      { manifest: authRole({ targetNamespaces: { targetNamespaces: ['*'] } }), finding: /targetNamespaces\[0\] "\*" binds every service account namespace/ },
      { manifest: authRole({ targetNamespaces: { targetNamespaces: ['team-*'] } }), finding: /"team-\*" is a glob/ },
      { manifest: authRole({ targetNamespaces: { targetNamespaceSelector: {} } }), finding: /targetNamespaceSelector is empty/ },
      { manifest: authRole({ targetNamespaces: { targetNamespaceSelector: { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] } } }), finding: /targetNamespaceSelector only excludes/ },
      { manifest: authRole({ targetServiceAccounts: ['x', 'y'], targetNamespaces: { targetNamespaces: ['a', 'c'] } }), finding: /binds c\/y \(Vault matches names and namespaces independently\)/ },
    ],
  },
  'ZT-VAULT2': {
    compliant: [
      authRole(),
      authRole({ tokenTTL: 86400, tokenMaxTTL: 86400 }),
      authRole({ tokenExplicitMaxTTL: 3600 }, ['tokenTTL', 'tokenMaxTTL']),
      dbRole(),
      dbRole({ defaultTTL: '3600', maxTTL: '1d' }),
      dbRole({ defaultTTL: '1h', maxTTL: '24h0m0s' }),
      mount({ defaultLeaseTTL: '1h0m0s', maxLeaseTTL: '24h0m0s' }),
      mount({}, 'kv'),
    ],
    nonCompliant: [
      { manifest: authRole({}, ['tokenTTL']), finding: /spec.tokenTTL is unset \(or 0\): Vault uses the mount's default, 768h/ },
      { manifest: authRole({ tokenTTL: 0 }), finding: /spec.tokenTTL is unset \(or 0\)/ },
      { manifest: authRole({}, ['tokenMaxTTL']), finding: /spec.tokenMaxTTL is unset/ },
      { manifest: authRole({ tokenTTL: 90000, tokenMaxTTL: 90000 }), finding: /spec.tokenTTL is 25h, more than a day/ },
      { manifest: authRole({ tokenMaxTTL: 2764800 }), finding: /spec.tokenMaxTTL is 768h, more than a day/ },
      { manifest: authRole({ tokenTTL: 1800, tokenMaxTTL: 900 }), finding: /spec.tokenTTL 30m is above spec.tokenMaxTTL 15m/ },
      { manifest: authRole({ tokenPeriod: 3600 }), finding: /spec.tokenPeriod is 1h: periodic tokens are renewed without limit/ },
      { manifest: authRole({ tokenExplicitMaxTTL: 172800 }), finding: /tokenExplicitMaxTTL is 48h, more than a day/ },
      { manifest: authRole({ tokenTTL: '2d' }), finding: /spec.tokenTTL is 48h/ },
      { manifest: authRole({ tokenTTL: 'forever' }), finding: /spec.tokenTTL "forever" does not parse/ },
      { manifest: dbRole({}, ['defaultTTL']), finding: /spec.defaultTTL is unset/ },
      { manifest: dbRole({ maxTTL: '0' }), finding: /spec.maxTTL is unset \(or 0\)/ },
      { manifest: dbRole({ defaultTTL: '90000', maxTTL: '90000' }), finding: /spec.defaultTTL is 25h, more than a day/ },
      { manifest: dbRole({ defaultTTL: '1h', maxTTL: '2d' }), finding: /spec.maxTTL is 48h/ },
      { manifest: dbRole({ defaultTTL: '1.5h', maxTTL: '1h' }), finding: /spec.defaultTTL 90m is above spec.maxTTL 1h/ },
      { manifest: dbRole({ defaultTTL: '1 day' }), finding: /spec.defaultTTL "1 day" does not parse/ },
      { manifest: mount({ defaultLeaseTTL: '1h0m0s' }), finding: /spec.config.maxLeaseTTL is unset \(or 0\): Vault uses the system default, 768h/ },
      { manifest: mount({ defaultLeaseTTL: '1h0m0s', maxLeaseTTL: '48h0m0s' }), finding: /spec.config.maxLeaseTTL is 48h, more than a day/ },
      { manifest: mount({}, 'pki'), finding: /spec.config.defaultLeaseTTL is unset/ },
    ],
  },
  'ZT-VAULT6': {
    compliant: [dbConfig(), dbConfig({ allowedRoles: ['a', 'b'] })],
    nonCompliant: [
      { manifest: dbConfig({}, ['allowedRoles']), finding: /spec.allowedRoles is unset: the CRD defaults it to \["\*"\]/ },
      { manifest: dbConfig({ allowedRoles: ['*'] }), finding: /spec.allowedRoles\[0\] "\*" lets every role of the mount use the connection/ },
      { manifest: dbConfig({ allowedRoles: ['a', 'ci-*'] }), finding: /spec.allowedRoles\[1\] "ci-\*" is a glob/ },
      { manifest: dbConfig({ allowedRoles: [] }), finding: /spec.allowedRoles is empty/ },
      { manifest: dbConfig({ allowedRoles: 'a' }), finding: /is not a list of role names/ },
      { manifest: dbConfig({ allowedRoles: [''] }), finding: /spec.allowedRoles\[0\] "" is not a role name/ },
    ],
    notApplicable: [dbRole(), mount()],
  },
  'ZT-VAULT7': {
    compliant: [dbConfig(), dbConfig({ rootPasswordRotation: { enable: true, rotationPeriod: '720h0m0s' } })],
    nonCompliant: [
      { manifest: dbConfig({}, ['rootPasswordRotation']), finding: /spec.rootPasswordRotation.enable is unset/ },
      { manifest: dbConfig({ rootPasswordRotation: { enable: false } }), finding: /spec.rootPasswordRotation.enable is false/ },
      { manifest: dbConfig({ rootPasswordRotation: { rotationPeriod: '1h' } }), finding: /enable is undefined/ },
    ],
    notApplicable: [dbRole()],
  },
  'ZT-VAULT8': {
    compliant: [
      dbConfig(),
      dbConfig({ pluginName: 'mysql-database-plugin', connectionURL: '{{username}}:{{password}}@tcp(db.example.com:3306)/?tls=true' }),
      dbConfig({ pluginName: 'mssql-database-plugin', connectionURL: 'sqlserver://{{username}}:{{password}}@db.example.com:1433?encrypt=true' }),
      dbConfig({ pluginName: 'mongodb-database-plugin', connectionURL: 'mongodb+srv://{{username}}:{{password}}@cluster.example.com/admin' }),
      dbConfig({ pluginName: 'mongodb-database-plugin', connectionURL: 'mongodb://{{username}}:{{password}}@db.example.com:27017/admin?tls=true' }),
    ],
    nonCompliant: [
      { manifest: dbConfig({ connectionURL: 'postgresql://{{username}}:{{password}}@db.example.com:5432/app' }), finding: /postgresql-database-plugin: it sets no sslmode/ },
      { manifest: dbConfig({ connectionURL: 'host=db.example.com user={{username}} password={{password}} sslmode=require' }), finding: /sslmode=require does not check/ },
      { manifest: dbConfig({ pluginName: 'mysql-database-plugin', connectionURL: '{{username}}:{{password}}@tcp(db:3306)/' }), finding: /sets no tls parameter/ },
      { manifest: dbConfig({ pluginName: 'mysql-rds-database-plugin', connectionURL: '{{username}}:{{password}}@tcp(db:3306)/?tls=skip-verify' }), finding: /tls=skip-verify does not verify/ },
      { manifest: dbConfig({ pluginName: 'mssql-database-plugin', connectionURL: 'sqlserver://{{username}}:{{password}}@db:1433' }), finding: /sets no encrypt parameter/ },
      { manifest: dbConfig({ pluginName: 'mssql-database-plugin', connectionURL: 'sqlserver://{{username}}:{{password}}@db:1433?encrypt=true&TrustServerCertificate=true' }), finding: /TrustServerCertificate=true accepts any server certificate/ },
      { manifest: dbConfig({ pluginName: 'mongodb-database-plugin', connectionURL: 'mongodb://{{username}}:{{password}}@db:27017/admin' }), finding: /does not turn TLS on/ },
      { manifest: dbConfig({ pluginName: 'mongodb-database-plugin', connectionURL: 'mongodb://{{username}}:{{password}}@db:27017/admin?tls=true&tlsInsecure=true' }), finding: /tlsinsecure=true accepts a server/ },
    ],
    notApplicable: [dbRole(), dbConfig({ pluginName: 'oracle-database-plugin', connectionURL: '{{username}}/{{password}}@db:1521/XE' })],
  },
  'ZT-VAULT3': {
    compliant: [authRole(), authRole({}, ['aliasNameSource'])],
    nonCompliant: [{ manifest: authRole({ aliasNameSource: 'serviceaccount_name' }), finding: /aliasNameSource is serviceaccount_name/ }],
    notApplicable: [dbRole()],
  },
  'ZT-VAULT4': {
    compliant: [authRole(), authRole({ audience: 'https://vault.example.com' })],
    nonCompliant: [
      { manifest: authRole({}, ['audience']), finding: /spec.audience is unset/ },
      { manifest: authRole({ audience: '' }), finding: /spec.audience "" is empty/ },
      { manifest: authRole({ audience: 'vault api' }), finding: /contains whitespace/ },
      { manifest: authRole({ audience: 'https://kubernetes.default.svc.cluster.local' }), finding: /is the API server's audience/ },
      { manifest: authRole({ audience: 'https://kubernetes.default.svc' }), finding: /is the API server's audience/ },
    ],
    notApplicable: [dbRole()],
  },
  'ZT-VAULT5': {
    compliant: [
      policy(block('database/creds/ci-migrate')),
      policy(`${block('secret/data/ci/+/config', '"read", "list"')}\n# a comment\n${block('secret/metadata/ci/*', '"list"')}`),
      policy('{"path": {"database/creds/ci": {"capabilities": ["read"]}}}'),
      policy('path "secret/data/ci/*" { policy = "read" }'),
      policy('path "sys/health" {\n  capabilities = ["read", "sudo"] // root-protected\n}\n/* block\ncomment */'),
      policy(block('secret/data/tenants/{{identity.entity.aliases.${auth/kubernetes/@accessor}.metadata.service_account_namespace}}/*')),
      policy(block('secret/data/{{ identity.entity.aliases.auth_kubernetes_1a2b3c4d.name }}/+/config') + block('database/creds/{{identity.groups.names.ci.metadata.role}}')),
    ],
    nonCompliant: [
      { manifest: policy(block('*')), finding: /spec.policy path "\*": a bare '\*' grants every path in Vault/ },
      { manifest: policy(block('secret/*/data')), finding: /'\*' is only allowed as the last character/ },
      { manifest: policy(block('secret/../sys/*')), finding: /relative segment ".."/ },
      { manifest: policy(block('/secret/data')), finding: /must not start with '\/'/ },
      { manifest: policy(block('secret//x')), finding: /empty segment/ },
      { manifest: policy(block('secret/a+b')), finding: /'\+' must be a whole segment/ },
      { manifest: policy(block('+/*')), finding: /first segment '\+' matches every mount/ },
      { manifest: policy(block('s*')), finding: /'\*' is in the first segment/ },
      { manifest: policy(block('secret/data/{{identity.entity.id}}*')), finding: /its '\*' extends the templated segment/ },
      { manifest: policy(block('secret/+/{{identity.entity.id}}/*')), finding: /'\+' segment before the template/ },
      { manifest: policy(block('{{identity.entity.name}}/*')), finding: /first segment is a template/ },
      { manifest: policy(block('secret/data/{{identity.entity.metadata}}/x')), finding: /is not a policy parameter Vault resolves/ },
      { manifest: policy(block('secret/data/{{identity.entity.id}/x')), finding: /unbalanced template braces/ },
      { manifest: policy(block('secret/x', '')), finding: /capabilities is empty/ },
      { manifest: policy(block('secret/x', '"read", "root"')), finding: /capability "root" is not one of/ },
      { manifest: policy(block('secret/x', '"read", "read"')), finding: /"read" is listed twice/ },
      { manifest: policy(block('secret/x', '"deny", "read"')), finding: /"deny" is combined/ },
      { manifest: policy(block('secret/x') + block('secret/x', '"update"')), finding: /path "secret\/x" is listed twice/ },
      { manifest: policy(block('secret/x'), 'default'), finding: /spec.name default is a built-in Vault policy/ },
      { manifest: policy('path "secret/x" {'), finding: /does not parse \(missing '}'\)/ },
      { manifest: policy(''), finding: /spec.policy is empty/ },
      { manifest: policy('{"path": {"*": {"capabilities": ["read"]}}}'), finding: /path "\*": a bare/ },
      { manifest: policy('path = { "sys/*" = { capabilities = ["sudo"] }, "*" = { capabilities = ["read"] } }'), finding: /path "\*": a bare/ },
      { manifest: policy('path "x/*" { policy = "root" }'), finding: /policy = "root" is not deny, read, write or sudo/ },
      { manifest: policy('path "secret/x" "y" { capabilities = ["read"] }'), finding: /has more than one label/ },
      { manifest: policy('path "*" {\n  capabilities = <<EOF\nnot a list\nEOF\n}'), finding: /path "\*"/ },
    ],
    notApplicable: [authRole()],
  },
  'ZT-ID4': {
    compliant: [spiffe({}), spiffe({ ttl: '1h', jwtTtl: '5m' }), spiffe({ ttl: '24h0m0s', jwtTtl: '0' })],
    nonCompliant: [
      { manifest: spiffe({ jwtTtl: '48h' }), finding: /spec.jwtTtl is 48h: JWT-SVIDs live more than a day/ },
      { manifest: spiffe({ ttl: '720h0m0s' }), finding: /spec.ttl is 720h: X509-SVIDs/ },
      { manifest: spiffe({ jwtTtl: '1.5h', ttl: '25h' }), finding: /spec.ttl is 25h/ },
      { manifest: spiffe({ jwtTtl: '7d' }), finding: /spec.jwtTtl "7d" is not a Go duration/ },
      { manifest: spiffe({ ttl: 86401 }), finding: /spec.ttl 86401 is not a Go duration/ },
    ],
  },
  'ZT-POD12': {
    compliant: [namespace(psa('restricted')), namespace(psa('baseline')), namespace(), namespace({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'privileged' })],
    nonCompliant: [
      { manifest: namespace(psa('privileged')), finding: /label pod-security.kubernetes.io\/enforce is privileged/ },
      { manifest: namespace({ 'pod-security.kubernetes.io/enforce': 'privileged' }), finding: /enforce is privileged/ },
      { manifest: namespace({ 'pod-security.kubernetes.io/warn': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged' }), finding: /enforce is absent while pod-security.kubernetes.io\/warn and pod-security.kubernetes.io\/audit say privileged/ },
    ],
  },
};
