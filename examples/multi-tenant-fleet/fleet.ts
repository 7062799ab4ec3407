// The multi-tenant fleet: N tenants, each an isolated namespace on its own primary network, with Vault-backed
// secrets and a migration Task whose database credentials live as long as the Task may run. Built once by the
// example (main.ts, a few tenants, written as a GitOps repository) and by the benchmark (10 to 1,000 tenants).
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AppOfApps, ClusterTarget, CompliancePack, CredentialDelivery, DynamicDatabaseCredentials, EsoTokenRequestAccess,
  ExternalSecret, GitOpsRepository, ImageReference, IsolatedNamespace, Layer3Subnet, NetworkPeer, NetworkPort,
  NetworkRole, NetworkTopology, OverlayPatch, RefreshPolicy, SecretStore, SecretStoreProvider, Task, VaultAuth,
} from 'cdk8s-zero-trust';

export const FLEET_REPO_URL = 'https://github.com/example-org/fleet-config';
export const VAULT_SERVER = 'https://vault.vault.svc:8200';
export const ENVIRONMENTS = ['dev', 'staging', 'production'];

/** The Flyway image, pinned by digest (the tag is informational). */
const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', 'sha256:3f1b1b5ba2a5d0a2b4e1f9b6ad3a0e2f6a8b1c7d9e0f1a2b3c4d5e6f708192a3', { tag: '11.3.0' });
const TASK_TIMEOUT = Duration.minutes(15);
/** Where the tenants' PostgreSQL servers run (outside the cluster; a documentation range). */
const DATABASE_CIDR = '192.0.2.0/24';

export interface FleetOptions {
  /** How many tenants (`tenant-001`, `tenant-002`, ...). */
  readonly tenants: number;
  /** Apply the compliance pack to the App (synthesis fails on any unacknowledged finding). */
  readonly compliance: boolean;
}

export interface Fleet {
  readonly app: App;
  /** One chart per tenant, plus the Vault-as-code chart and the shared one, in synthesis order. */
  readonly charts: Chart[];
}

export function tenantName(i: number): string {
  return `tenant-${String(i + 1).padStart(3, '0')}`;
}

/**
 * Builds the fleet's charts in a new App. Every tenant gets 16 objects: Namespace, primary UDN, two
 * NetworkPolicies, two ServiceAccounts, a SecretStore and two ExternalSecrets, a VaultDynamicSecret, the Task,
 * the ESO token-request Role and RoleBinding, and its Vault policy and two roles (in `vault-config`).
 */
export function buildFleet(options: FleetOptions): Fleet {
  const app = new App();
  if (options.compliance) CompliancePack.applyTo(app);

  // vault-config-operator writes the Vault side from its own namespace: its Vault-admin account never sits
  // in a tenant namespace, where every pod could run as it
  const vaultConfig = new Chart(app, 'vault-config', { namespace: 'vault-config', disableResourceNameHashes: true });
  const operator = new kplus.ServiceAccount(vaultConfig, 'operator', { metadata: { name: 'vault-config-operator' }, automountToken: false });
  const authentication = { role: 'vault-config-operator', serviceAccount: operator };

  const charts: Chart[] = [];
  for (let i = 0; i < options.tenants; i++) charts.push(tenant(app, tenantName(i), vaultConfig, authentication));
  return { app, charts: [...charts, vaultConfig] };
}

function tenant(app: App, name: string, vaultConfig: Chart, authentication: { role: string; serviceAccount: kplus.IServiceAccount }): Chart {
  const chart = new Chart(app, name, { namespace: name, disableResourceNameHashes: true });

  // layer-3 primary network of its own; the label OVN-K needs at creation is set by IsolatedNamespace
  const namespace = new IsolatedNamespace(chart, 'namespace', {
    name,
    network: NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.100.0.0/16', 24)] }),
  });
  // the Task's pods talk to DNS and their database only: ESO's controller, not the pods, is what calls Vault
  namespace.allowDns();
  namespace.allowEgressTo(NetworkPeer.ipBlock(DATABASE_CIDR), [NetworkPort.tcp(5432)]);

  // the application's settings from Vault KV, read as the tenant's own account and only under its prefix
  const reader = new kplus.ServiceAccount(chart, 'vault-reader', { metadata: { name: 'vault-reader' }, automountToken: false });
  const store = new SecretStore(chart, 'store', {
    metadata: { name: 'vault' },
    provider: SecretStoreProvider.vault({
      server: VAULT_SERVER,
      path: 'secret',
      auth: VaultAuth.kubernetes({ role: `${name}-reader`, serviceAccount: reader, audiences: ['vault'] }),
    }),
    keyPrefix: `${name}/`,
  });
  const settings = new ExternalSecret(chart, 'app-settings', { metadata: { name: 'app-settings' }, store, refresh: RefreshPolicy.periodic(Duration.hours(1)) });
  settings.addData('api-url', { key: `${name}/app`, property: 'api-url' });
  settings.addData('feature-flags', { key: `${name}/app`, property: 'feature-flags' });

  // the migration Task and credentials that exist only as long as one run may take
  const task = new Task(chart, 'migrate', {
    metadata: { name: 'flyway-migrate' },
    runAsUser: 1000,
    params: [{ name: 'db-url' }],
    steps: [{
      name: 'migrate',
      image: FLYWAY,
      script: 'flyway -user="$(cat /etc/db-credentials/username)" -password="$(cat /etc/db-credentials/password)" -url="$(params.db-url)" migrate',
    }],
  });
  // one Role for the tenant: ESO may mint tokens for the store's account and (added by the pattern) the pipeline's
  const access = new EsoTokenRequestAccess(chart, 'eso-token-request', { stores: [store] });
  new DynamicDatabaseCredentials(chart, 'db', {
    task,
    taskTimeout: TASK_TIMEOUT,
    // Vault's roles and policies share one namespace across tenants, so their names carry the tenant's
    name: `${name}-migrate`,
    delivery: CredentialDelivery.externalSecret({ tokenRequestAccess: access }),
    vault: { server: VAULT_SERVER, authentication, scope: new Construct(vaultConfig, name), audience: 'vault' },
    database: {
      dbName: `${name}-postgres`,
      creationStatements: [
        'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';',
        `GRANT USAGE, CREATE ON SCHEMA ${name.replace(/-/g, '_')} TO "{{name}}";`,
      ],
      revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'],
    },
  });
  return chart;
}

/**
 * The fleet as one GitOps repository: every tenant in `base/`, three environments whose overlays prefix the
 * KV keys (`staging/tenant-001/app`), and two clusters (east runs dev and staging, west staging and production).
 */
export function fleetRepository(fleet: Fleet): GitOpsRepository {
  const repo = new GitOpsRepository({
    repoUrl: FLEET_REPO_URL,
    targetRevision: 'main',
    name: 'fleet',
    base: fleet.charts,
    appOfApps: AppOfApps.listApplicationSet(),
    compliancePack: new CompliancePack(),
  });
  for (const env of ENVIRONMENTS) {
    repo.addEnvironment(env, {
      patches: [OverlayPatch.prefixRemoteKeys({ prefix: `${env}/` })],
      labels: { 'example.com/environment': env },
    });
  }
  repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['dev', 'staging'] });
  repo.addCluster('west', { target: ClusterTarget.server('https://api.west.example.com:6443'), environments: ['staging', 'production'] });
  return repo;
}
