// Tenants that share one Vault, one ClusterSecretStore and one Vault policy, yet each reads only its own secrets:
// the policy is templated on the namespace Vault's Kubernetes auth recorded at login, so a tenant's ExternalSecret
// that asks for another tenant's path is refused by Vault itself. The database secrets engine is configured as code
// next to it (mount, connection with its root password rotated away, one role per tenant), and each tenant mints
// its own short-lived database user through the same templated policy. README.md explains the pieces.
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClusterSecretStore, Compliance, CompliancePack, DatabasePlugin, DatabaseSecretEngineConfig,
  DatabaseSecretEngineRole, DataFromSource, EsoTokenRequestAccess, ExternalSecret, KubernetesAuthEngineRole,
  NamespaceCondition, ReferentServiceAccount, RefreshPolicy, SecretEngineMount, SecretEngineType,
  SecretStoreProvider, Synthesis, VaultAuth, VaultCapability, VaultDynamicSecret, VaultOperatorAuthentication,
  VaultPolicy, VaultPolicyTemplate,
} from 'cdk8s-zero-trust';

const TENANTS = ['team-a', 'team-b'];
const VAULT_SERVER = 'https://vault.example.com:8200';
/** The account every tenant logs in to Vault with, one per tenant namespace, all with the same name. */
const READER = 'eso-reader';
/** How long a tenant's database user lives; the login token lives as long, since revoking it revokes the user. */
const DB_CREDENTIAL_TTL = Duration.hours(1);

const app = new App();

// --- the tenants: a namespace that denies all traffic, and the account it logs in to Vault with ---------------------
const tenants = TENANTS.map(name => {
  // no chart-wide namespace: cdk8s would stamp it on the Namespace object too, which is cluster-scoped
  const chart = new Chart(app, name, { disableResourceNameHashes: true });
  new kplus.Namespace(chart, 'namespace', { metadata: { name } });
  new kplus.NetworkPolicy(chart, 'default-deny-all', {
    metadata: { name: 'default-deny-all', namespace: name },
    selector: kplus.Pods.all(chart, 'all-pods'),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const reader = new kplus.ServiceAccount(chart, READER, { metadata: { name: READER, namespace: name }, automountToken: false });
  return { name, chart, reader };
});

// --- Vault as code, written by vault-config-operator from its own namespace -------------------------------------
const vaultConfig = new Chart(app, 'vault-config', { namespace: 'vault-config', disableResourceNameHashes: true });
const operator = new kplus.ServiceAccount(vaultConfig, 'operator', { metadata: { name: 'vault-config-operator' }, automountToken: false });
const authentication: VaultOperatorAuthentication = { role: 'vault-config-operator', serviceAccount: operator };

// the namespace a tenant's service account logged in from, as Vault's Kubernetes auth recorded it on the alias;
// vault-config-operator puts the auth mount's accessor in place of ${auth/kubernetes/@accessor}
const tenant = VaultPolicyTemplate.kubernetesNamespace();
const policy = new VaultPolicy(vaultConfig, 'tenant-secrets', { metadata: { name: 'tenant-secrets' }, authentication });
policy.addPath(`secret/data/tenants/${tenant}/*`, [VaultCapability.READ]);
policy.addPath(`database/creds/${tenant}`, [VaultCapability.READ]);

// the database engine: leases of at most a day, a connection that verifies TLS and whose root password only Vault
// knows after the first write, open to the tenants' roles only
const mount = new SecretEngineMount(vaultConfig, 'database', { metadata: { name: 'database' }, authentication, type: SecretEngineType.DATABASE });
const connection = new DatabaseSecretEngineConfig(vaultConfig, 'tenants-postgres', {
  metadata: { name: 'tenants-postgres' },
  authentication,
  mount,
  plugin: DatabasePlugin.POSTGRESQL,
  connectionUrl: 'postgresql://{{username}}:{{password}}@postgres.example.com:5432/tenants?sslmode=verify-full',
  // created once by the database team in this namespace; Vault rotates the password away on first use
  rootCredentials: { secret: kplus.Secret.fromSecretName(vaultConfig, 'postgres-root', 'postgres-root') },
});

for (const name of TENANTS) {
  // the role is named after the namespace, the name the templated policy grants on database/creds/
  connection.addAllowedRole(new DatabaseSecretEngineRole(vaultConfig, `db-${name}`, {
    metadata: { name: `db-${name}` },
    authentication,
    roleName: name,
    dbName: connection.dbName,
    defaultTTL: DB_CREDENTIAL_TTL,
    creationStatements: [
      'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';',
      `GRANT USAGE ON SCHEMA ${name.replace(/-/g, '_')} TO "{{name}}";`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${name.replace(/-/g, '_')} TO "{{name}}";`,
    ],
    revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'],
  }));
}

// one login role for every tenant: the same account name in each tenant namespace, nothing else
new KubernetesAuthEngineRole(vaultConfig, 'tenants', {
  metadata: { name: 'tenants' },
  authentication,
  serviceAccounts: tenants.map(t => t.reader),
  audience: 'vault',
  policies: [policy],
  tokenTTL: DB_CREDENTIAL_TTL,
});

// --- External Secrets: one store for all tenants, each using its own account ("referent" auth) --------------------
const eso = new Chart(app, 'eso', { disableResourceNameHashes: true });
const store = new ClusterSecretStore(eso, 'vault-tenants', {
  metadata: { name: 'vault-tenants' },
  provider: SecretStoreProvider.vault({
    server: VAULT_SERVER,
    path: 'secret',
    auth: VaultAuth.kubernetes({ role: 'tenants', serviceAccount: ReferentServiceAccount.fromName(eso, 'reader', READER), audiences: ['vault'] }),
  }),
  conditions: [NamespaceCondition.names(TENANTS)],
  keyPrefix: 'tenants/',
});
new EsoTokenRequestAccess(eso, 'eso-token-request', { stores: [store] });

// --- what each tenant reads --------------------------------------------------------------------------------------
for (const { name, chart, reader } of tenants) {
  // the tenant's settings: Vault answers only under secret/data/tenants/<this namespace>/
  const settings = new ExternalSecret(chart, 'app-settings', {
    metadata: { name: 'app-settings', namespace: name },
    store,
    refresh: RefreshPolicy.periodic(Duration.hours(1)),
  });
  settings.addData('api-url', { key: `tenants/${name}/app`, property: 'api-url' });
  Compliance.of(settings).acknowledge({
    id: 'ZT-ESO4',
    reason: 'the shared store logs in as this namespace\'s own account, and Vault\'s templated policy answers it only under tenants/<namespace>/',
  });

  // the tenant's database user, minted by the role named after its namespace
  const db = new VaultDynamicSecret(chart, 'db-user', {
    metadata: { name: 'db-user', namespace: name },
    path: `database/creds/${name}`,
    provider: { server: VAULT_SERVER, auth: VaultAuth.kubernetes({ role: 'tenants', serviceAccount: reader, audiences: ['vault'] }) },
    maxLifetime: DB_CREDENTIAL_TTL,
    outputKeys: ['username', 'password'],
  });
  new ExternalSecret(chart, 'db-credentials', {
    metadata: { name: 'db-credentials', namespace: name },
    refresh: RefreshPolicy.periodic(Duration.minutes(30)),
  }).addDataFrom(DataFromSource.generator(db));
}

CompliancePack.applyTo(app, { failOnWarnings: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
