// Scenario S2 (../../../shared/scenarios/reference-yaml/001-*.yaml) with this library: a CI namespace isolated
// on its own OVN-Kubernetes primary network, a Flyway migration Task that reads a database user Vault creates
// for it (through ESO's VaultDynamicSecret) from a read-only volume, the Vault roles and policy as code with a
// TTL equal to the task timeout, and the certificate the pipeline generated published back with a PushSecret.
// A second Task (flyway-validate) gets its database user through the Secrets Store CSI driver instead: minted
// when its pod starts, living exactly its timeout, never stored in etcd; the README compares the two modes.
// README.md lists what changed against the reference YAML and why.
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CaProvider, CertificatePush, CompliancePack, CredentialDelivery, DynamicDatabaseCredentials,
  EsoTokenRequestAccess, ImageReference, IsolatedNamespace, KubernetesAuthEngineRole, Layer3Subnet,
  NetworkPeer, NetworkPort, NetworkRole, NetworkTopology, ParamValue, Pipeline, PipelineRun, SecretStore,
  SecretStoreProvider, Synthesis, Task, VaultAuth, VaultCapability, VaultOperatorAuthentication, VaultPolicy,
  WorkspaceBinding,
} from 'cdk8s-zero-trust';

const CI_NAMESPACE = 'ci-cd';
/** Where vault-config-operator's objects and its Vault-admin service account live (not the CI namespace). */
const VAULT_CONFIG_NAMESPACE = 'vault-config';
/** Vault as ESO's controller reaches it: the in-cluster service, TLS from OpenShift's service CA. */
const VAULT_SERVER = 'https://vault.vault.svc:8200';
/** The managed PostgreSQL the migrations run against; outside the cluster, so the isolated network reaches it. */
const DATABASE_ADDRESS = '10.20.0.15/32';
const DATABASE_URL = 'jdbc:postgresql://prod-db.example.internal:5432/mydb?sslmode=require';
/** The Task's timeout, and so the lifetime of every database user Vault creates for it. */
const TASK_TIMEOUT = Duration.minutes(15);
/** Flyway 11.3.0 pinned by digest, so what runs is what was reviewed (an example digest: use the one you reviewed). */
const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', 'sha256:6f1bd6d6f0d5ad8c1f6b5f4e2bd0c0e1d7d3b4d1c6c8b9f0a2e3d4c5b6a7f8e9', { tag: '11.3.0' });

/** vault-config-operator's namespace: the account it logs in to Vault with, and the Vault-side objects. */
class VaultConfig extends Chart {
  public readonly authentication: VaultOperatorAuthentication;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: VAULT_CONFIG_NAMESPACE, disableResourceNameHashes: true });
    // holds Vault admin rights, so it stays out of the namespace where pipelines run
    const admin = new kplus.ServiceAccount(this, 'vault-admin', { metadata: { name: 'vault-admin' }, automountToken: false });
    this.authentication = { role: 'vault-admin', serviceAccount: admin };
  }
}

/** The isolated CI namespace: network, pipeline, database credentials and the certificate push. */
class CiCd extends Chart {
  constructor(scope: Construct, id: string, vaultConfig: VaultConfig) {
    super(scope, id, { namespace: CI_NAMESPACE, disableResourceNameHashes: true });

    // a Layer3 primary network: every node gets a /24 of 10.200.0.0/16, clear of OpenShift's default cluster,
    // service and machine networks; the namespace is labelled for it at creation and denies all traffic
    const namespace = new IsolatedNamespace(this, 'namespace', {
      name: CI_NAMESPACE,
      networkName: 'secure-pipeline-net',
      network: NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.200.0.0/16', 24)] }),
    });
    namespace.allowDns({ namespace: 'openshift-dns', podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } }, port: 5353 });
    // Flyway talks to the database and nothing else; Vault is called by ESO's controller, not by these pods
    namespace.allowEgressTo(NetworkPeer.ipBlock(DATABASE_ADDRESS), [NetworkPort.tcp(5432)]);

    // OpenShift's service CA operator writes the CA that signed Vault's serving certificate into this ConfigMap
    const vaultCa = new kplus.ConfigMap(this, 'vault-ca', {
      metadata: { name: 'vault-ca', annotations: { 'service.beta.openshift.io/inject-cabundle': 'true' } },
    });
    const caProvider = CaProvider.fromConfigMap(vaultCa, 'service-ca.crt');

    // the identity the pipeline runs as and the only one Vault hands the database credentials to
    const pipelineAccount = new kplus.ServiceAccount(this, 'pipeline-sa', { metadata: { name: 'pipeline-sa' }, automountToken: false });

    const task = flywayTask(this, {
      name: 'flyway-migration',
      description: 'Applies the database migrations with Flyway, logging in with a user Vault created for this run',
      step: 'migrate',
      credentialsDir: '/etc/db-credentials',
    });

    // ESO mints tokens only for the accounts its stores and generators log in as
    const publisher = new kplus.ServiceAccount(this, 'cert-publisher', { metadata: { name: 'cert-publisher' }, automountToken: false });
    const certStore = this.certificateStore(publisher, caProvider);
    const tokenRequestAccess = new EsoTokenRequestAccess(this, 'eso-token-request', { stores: [certStore] });

    new DynamicDatabaseCredentials(this, 'db-credentials', {
      task,
      taskTimeout: TASK_TIMEOUT,
      name: 'flyway-migration',
      serviceAccount: pipelineAccount,
      databaseRoleName: 'pipeline-migration-role',
      authRoleName: 'pipeline-role',
      mountPath: '/etc/db-credentials',
      delivery: CredentialDelivery.externalSecret({ secretName: 'db-dynamic-secret', tokenRequestAccess }),
      vault: { server: VAULT_SERVER, caProvider, authentication: vaultConfig.authentication, scope: vaultConfig },
      database: {
        dbName: 'ci-postgres',
        // the temporary user logs in as a member of the schema owner and acts as it, so the tables it
        // creates belong to flyway_owner and Vault can drop the user when its lease ends
        creationStatements: [
          'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\' IN ROLE flyway_owner;',
          'ALTER ROLE "{{name}}" SET role = \'flyway_owner\';',
        ],
        revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'],
      },
    });

    flywayPipeline(this, {
      name: 'db-migration', description: 'Migrates the database schema', taskName: 'migrate', task, account: pipelineAccount, migrationsId: 'migrations',
    });

    // the mTLS certificate a later pipeline step writes into the kubernetes.io/tls Secret generated-mtls-cert:
    // its public certificate (never the key) goes to Vault KV for the services that must trust it
    new CertificatePush(this, 'push-generated-cert', {
      metadata: { name: 'push-generated-cert' },
      certificate: kplus.Secret.fromSecretName(this, 'generated-mtls-cert', 'generated-mtls-cert'),
      store: certStore,
      remoteKey: 'imported-certs/app-cert',
      property: 'certificate',
    });
    this.certificatePublisherRole(vaultConfig, publisher);
    this.csiValidation(vaultConfig);
  }

  /**
   * The same database, in Secrets Store CSI delivery: `flyway validate` checks the applied migrations against the
   * repository, as its own account, with a database user the Vault CSI provider mints when the pod starts.
   */
  private csiValidation(vaultConfig: VaultConfig): void {
    const account = new kplus.ServiceAccount(this, 'validate-sa', { metadata: { name: 'validate-sa' }, automountToken: false });
    const task = flywayTask(this, {
      name: 'flyway-validate',
      description: 'Checks the applied migrations against the repository, logging in with a user minted for this run',
      step: 'validate',
      credentialsDir: '/mnt/db-credentials',
    });
    new DynamicDatabaseCredentials(this, 'db-credentials-csi', {
      task,
      taskTimeout: TASK_TIMEOUT,
      name: 'flyway-validate',
      serviceAccount: account,
      databaseRoleName: 'pipeline-validate-role',
      authRoleName: 'pipeline-validate',
      mountPath: '/mnt/db-credentials',
      // the Vault CSI provider on the node calls Vault, trusting the service CA it was installed with
      delivery: CredentialDelivery.secretsStoreCsi({ caCertPath: '/vault/tls/service-ca.crt' }),
      vault: { server: VAULT_SERVER, authentication: vaultConfig.authentication, scope: vaultConfig },
      database: {
        dbName: 'ci-postgres',
        // reads the schema history and the schema; changes nothing
        creationStatements: [
          'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\' IN ROLE flyway_reader;',
        ],
        revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'],
      },
    });
    flywayPipeline(this, {
      name: 'db-validation', description: 'Checks the database schema against the migrations', taskName: 'validate', task, account, migrationsId: 'validate-migrations',
    });
  }

  /** A SecretStore of this namespace only, which can write the one certificate path and nothing else. */
  private certificateStore(publisher: kplus.IServiceAccount, caProvider: CaProvider): SecretStore {
    return new SecretStore(this, 'vault-certs', {
      metadata: { name: 'vault-certs' },
      provider: SecretStoreProvider.vault({
        server: VAULT_SERVER,
        caProvider,
        path: 'secret',
        auth: VaultAuth.kubernetes({ role: 'ci-cd-cert-publisher', serviceAccount: publisher, audiences: ['vault'] }),
      }),
      keyPrefix: 'imported-certs/',
    });
  }

  /** The Vault role and policy of the certificate store's account: write one KV v2 entry, read it back. */
  private certificatePublisherRole(vaultConfig: VaultConfig, publisher: kplus.IServiceAccount): void {
    const policy = new VaultPolicy(vaultConfig, 'cert-publisher-policy', {
      metadata: { name: 'ci-cd-cert-publisher' },
      authentication: vaultConfig.authentication,
      policyName: 'ci-cd-cert-publisher',
    });
    // ESO reads the entry and its metadata to check that it manages it, then writes both; no delete, no list
    for (const path of ['secret/data/imported-certs/app-cert', 'secret/metadata/imported-certs/app-cert']) {
      policy.addPath(path, [VaultCapability.CREATE, VaultCapability.READ, VaultCapability.UPDATE]);
    }
    new KubernetesAuthEngineRole(vaultConfig, 'cert-publisher-role', {
      metadata: { name: 'ci-cd-cert-publisher' },
      authentication: vaultConfig.authentication,
      roleName: 'ci-cd-cert-publisher',
      serviceAccounts: [publisher],
      audience: 'vault',
      tokenTTL: Duration.minutes(5),
      policies: [policy],
    });
  }
}

/** What differs between the example's two Flyway Tasks. */
interface FlywayTaskOptions {
  readonly name: string;
  readonly description: string;
  /** The step's name, which is also the Flyway command it runs (`migrate`, `validate`). */
  readonly step: string;
  /** Where the credential files are mounted. */
  readonly credentialsDir: string;
}

/** A Flyway Task that reads the database user and password from files mounted at `credentialsDir`. */
function flywayTask(scope: Construct, options: FlywayTaskOptions): Task {
  return new Task(scope, options.name, {
    metadata: { name: options.name },
    description: options.description,
    params: [{ name: 'db-url', description: 'JDBC URL of the database' }],
    workspaces: [{ name: 'migrations', description: 'The SQL migrations', readOnly: true }],
    // a fixed non-root uid, so runAsNonRoot holds whatever the image's USER is
    runAsUser: 1000,
    defaultResources: {
      cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
    },
    steps: [{
      name: options.step,
      image: FLYWAY,
      // the files are read when the step starts, so the user is the one mounted now; only flyway's own process
      // sees the values, never the pod spec
      script: [
        `FLYWAY_USER="$(cat ${options.credentialsDir}/username)" FLYWAY_PASSWORD="$(cat ${options.credentialsDir}/password)" \\`,
        `  exec flyway -url="$(params.db-url)" -locations="filesystem:$(workspaces.migrations.path)" ${options.step}`,
      ].join('\n'),
    }],
  });
}

/** What differs between the example's two pipelines. */
interface FlywayPipelineOptions {
  readonly name: string;
  readonly description: string;
  readonly taskName: string;
  readonly task: Task;
  readonly account: kplus.IServiceAccount;
  /** The construct id of the imported migrations ConfigMap. */
  readonly migrationsId: string;
}

/** A one-task Flyway pipeline and a run of it; the task's timeout bounds the run, which the credential TTL follows. */
function flywayPipeline(scope: Construct, options: FlywayPipelineOptions): void {
  const pipeline = new Pipeline(scope, options.name, {
    metadata: { name: options.name },
    description: options.description,
    params: [{ name: 'db-url', description: 'JDBC URL of the database' }],
    workspaces: [{ name: 'migrations', description: 'The SQL migrations' }],
  });
  pipeline.addTask(options.taskName, {
    task: options.task,
    params: { 'db-url': ParamValue.string('$(params.db-url)') },
    workspaces: { migrations: 'migrations' },
    timeout: TASK_TIMEOUT,
  });
  new PipelineRun(scope, `${options.name}-run`, {
    metadata: { name: `${options.name}-run` },
    pipeline,
    serviceAccount: options.account,
    params: { 'db-url': ParamValue.string(DATABASE_URL) },
    workspaces: { migrations: WorkspaceBinding.configMap(kplus.ConfigMap.fromConfigMapName(scope, options.migrationsId, 'flyway-migrations')) },
    timeout: TASK_TIMEOUT,
    // the credential files are mode 0440 and owned by this group, which every step runs with
    fsGroup: 65532,
  });
}

const app = new App();
const vaultConfig = new VaultConfig(app, 'vault-config');
new CiCd(app, 'ci-cd', vaultConfig);
// warnings fail too, so the output has no unacknowledged finding
CompliancePack.applyTo(app, { failOnWarnings: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
