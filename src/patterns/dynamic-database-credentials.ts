import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { CredentialDelivery } from './credential-delivery';
import { DeliveryPlan } from './private/delivery';
import { durationMillis, formatGoDuration, renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { isDnsLabel, validateDnsLabel } from '../common/names';
import { requireProps } from '../common/required-props';
import {
  CaProvider, EsoTokenRequestAccess, ExternalSecret, ISecretStore, PushSecret, PushSecretDeletionPolicy,
  PushSecretSource, PushSecretUpdatePolicy, SecretStoreBase,
} from '../external-secrets';
import { namespaceOf } from '../external-secrets/providers/common';
import { VaultDynamicSecret } from '../generators';
import { CsiSecretsMount, SecretProviderClass } from '../secrets-store-csi';
import { Task } from '../tekton';
import {
  DatabaseSecretEngineRole, IDatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultOperatorAuthentication, VaultPolicy,
} from '../vault';

const DEFAULT_MOUNT_PATH = '/etc/db-credentials';
const DEFAULT_AUDIENCE = 'vault';
const TEKTON_API_VERSION = 'tekton.dev/v1';

/** The Vault server ESO asks for credentials, and how its roles and policy are written as code. */
export interface DynamicDatabaseVaultOptions {
  /** Vault's URL as the ESO controller reaches it, e.g. `https://vault.vault.svc:8200`; https unless `acknowledgePlainHttp`. */
  readonly server: string;
  /**
   * How vault-config-operator logs in to Vault to write the policy and the two roles. Its Vault Enterprise
   * namespace (`vaultNamespace`) is also the one ESO reads the credentials from.
   */
  readonly authentication: VaultOperatorAuthentication;
  /**
   * The CA bundle Vault's TLS certificate chains to, in the Task's namespace.
   *
   * @default - the ESO controller's system trust store
   */
  readonly caProvider?: CaProvider;
  /**
   * Why ESO reaches Vault over plain http (at least 10 characters), e.g. a sidecar proxy on localhost.
   *
   * @default - the server must use https
   */
  readonly acknowledgePlainHttp?: string;
  /**
   * Where the Kubernetes auth method the pipeline's account logs in through is mounted.
   *
   * @default 'kubernetes'
   */
  readonly authMountPath?: string;
  /**
   * The `aud` claim the Vault role requires and ESO requests for the pipeline's token.
   *
   * @default 'vault'
   */
  readonly audience?: string;
  /**
   * Where the vault-config-operator objects (Policy, KubernetesAuthEngineRole, DatabaseSecretEngineRole)
   * go, e.g. a chart for the namespace the operator's Vault-admin account lives in. Keep that account out
   * of the pipeline's namespace: every pod there could otherwise run as it.
   *
   * @default - this construct, in its chart's namespace
   */
  readonly scope?: Construct;
}

/** The database the credentials are issued for, through Vault's database secrets engine. */
export interface DynamicDatabaseOptions {
  /** The connection (`<mount>/config/<dbName>`) the role issues users for; its `allowed_roles` must list the role. */
  readonly dbName: string;
  /**
   * Statements that create the user; grant only what the Task needs (for a migration: the schema it owns).
   * `{{name}}`, `{{password}}` and `{{expiration}}` are substituted by Vault.
   */
  readonly creationStatements: string[];
  /**
   * Statements that drop the user when its lease ends.
   *
   * @default - the plugin's default revocation
   */
  readonly revocationStatements?: string[];
  /**
   * Where the database secrets engine is mounted.
   *
   * @default 'database'
   */
  readonly mountPath?: string;
}

/** Props of `DynamicDatabaseCredentials`. */
export interface DynamicDatabaseCredentialsProps {
  /**
   * The Task that reads the credentials (it must have a namespace). The credentials are mounted into its
   * steps read-only; the ESO objects and the service account are created in its namespace.
   */
  readonly task: Task;
  /**
   * How long one run of the Task may take. Tekton Tasks carry no timeout themselves (pipeline tasks and
   * TaskRuns do), so it is declared here: every run starting at any moment gets a credential with at least this
   * long left (the delivery derives the lease from it), and synthesis fails if a pipeline task or TaskRun of this
   * app runs the Task with a longer (or no) timeout. Whole seconds.
   */
  readonly taskTimeout: Duration;
  /** The Vault server and the Vault-as-code side. */
  readonly vault: DynamicDatabaseVaultOptions;
  /**
   * The database and the statements that create its short-lived users: the pattern writes a
   * `DatabaseSecretEngineRole` whose `defaultTTL` and `maxTTL` are the lease the delivery needs. Give exactly one
   * of `database` and `databaseRole`.
   *
   * @default - none; `databaseRole` is used
   */
  readonly database?: DynamicDatabaseOptions;
  /**
   * An existing database role to share with other pipelines (one defined in this app, or imported with
   * `DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes()` and its `defaultTTL`). Its lease must be
   * known: the delivery's refresh is derived from it so that every run still gets `taskTimeout`, and each
   * pipeline using the role is checked against it at synthesis. The pattern writes only its own policy and
   * Kubernetes auth role. Give exactly one of `database` and `databaseRole`.
   *
   * @default - none; a role is created from `database`
   */
  readonly databaseRole?: IDatabaseSecretEngineRole;
  /**
   * How the credential reaches the Task's pod.
   *
   * @default CredentialDelivery.externalSecret()
   */
  readonly delivery?: CredentialDelivery;
  /**
   * The base name (a DNS-1123 label) of everything created: the Vault policy, the generator, the
   * ExternalSecret, and unless given otherwise the roles, the target Secret and the service account.
   *
   * @default - the Task's name
   */
  readonly name?: string;
  /**
   * The pipeline's service account, bound to the Vault role; PipelineRuns and TaskRuns of this app that run
   * the Task must use it. It must be in the Task's namespace.
   *
   * @default - a new ServiceAccount called `name` with `automountToken: false`
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * The name inside Vault of the database secrets engine role the pattern creates (only with `database`).
   *
   * @default - `name`
   */
  readonly databaseRoleName?: string;
  /**
   * The Kubernetes auth role's name inside Vault.
   *
   * @default - `name`
   */
  readonly authRoleName?: string;
  /**
   * Where the Task's steps find the files `username` and `password`.
   *
   * @default '/etc/db-credentials'
   */
  readonly mountPath?: string;
  /**
   * Only these steps of the Task see the credentials; they must be added to the Task before this construct.
   *
   * @default - every step
   */
  readonly steps?: string[];
}

/**
 * Dynamic database credentials for a Tekton Task on Vault's database secrets engine (scenario S2), with every
 * name, audience and lifetime derived once so both sides agree by construction:
 *
 * - Vault as code (vault-config-operator): a `DatabaseSecretEngineRole` whose `defaultTTL` and `maxTTL` are the
 *   lease the delivery needs (or a shared role, `databaseRole`); a `VaultPolicy` granting only `read` on
 *   `<mount>/creds/<role>`; a `KubernetesAuthEngineRole` bound to exactly the pipeline's service account and
 *   namespace, with an audience, that policy alone, and tokens living as long as the credential;
 * - the delivery (`CredentialDelivery`): `secretsStoreCsi()` mounts a `SecretProviderClass` on the Vault provider
 *   into the Task, so each run's pod gets a database user minted as it starts, living exactly `taskTimeout`, and
 *   nothing lands in etcd; `externalSecret()` (the default): a `VaultDynamicSecret` generator logging in as
 *   that service account (same auth mount, role and audience) and reading that path, an `ExternalSecret`
 *   refreshing it into a rotating Secret, the token-request RBAC the controller needs for the account, and the
 *   Secret mounted read-only into the Task (`mountCredentials`), so steps read files at run time.
 *
 * Lifetimes: a run may start at any moment, so in ExternalSecret delivery the lease is `taskTimeout` + the
 * refresh interval + 1m (see `CredentialDelivery.externalSecret()` for the figures): the credential a run reads
 * has at least `taskTimeout` left. ESO's `VaultDynamicSecret` never revokes the lease it read before, so every
 * refresh creates a database user and the previous one stays valid until its own lease ends.
 *
 * Checks at synthesis: every pipeline task and TaskRun of the app that runs the Task must have a timeout of at
 * most `taskTimeout` (the app-wide credential-lifetime check, ZT-TKN1, which also covers the same chain built from
 * lower-level constructs), and every run must use the pipeline's service account.
 *
 * Escape hatches: `ApiObject.of(credentials)` is the delivery's main object (the ExternalSecret, or the
 * SecretProviderClass in Secrets Store CSI delivery); the other
 * objects are its properties.
 */
export class DynamicDatabaseCredentials extends Construct {
  /** The pipeline's service account, the only identity the Vault role admits. */
  public readonly serviceAccount: kplus.IServiceAccount;
  /** The database secrets engine role: the one created from `database`, or the shared `databaseRole`. */
  public readonly databaseRole: IDatabaseSecretEngineRole;
  /** The policy granting `read` on the role's creds path, and nothing else. */
  public readonly policy: VaultPolicy;
  /** The Kubernetes auth role the pipeline's account logs in with. */
  public readonly authRole: KubernetesAuthEngineRole;
  /** How the credential reaches the Task. */
  public readonly delivery: CredentialDelivery;
  /**
   * The ESO generator that reads the credential.
   *
   * @default - none: only in ExternalSecret delivery
   */
  public readonly generator?: VaultDynamicSecret;
  /**
   * The ExternalSecret that writes the generator's output into the target Secret.
   *
   * @default - none: only in ExternalSecret delivery
   */
  public readonly externalSecret?: ExternalSecret;
  /**
   * The Secret holding `username` and `password`, mounted into the Task.
   *
   * @default - none: only in ExternalSecret delivery
   */
  public readonly secret?: kplus.ISecret;
  /**
   * The RBAC that lets ESO mint the service account's tokens.
   *
   * @default - none: only in ExternalSecret delivery
   */
  public readonly tokenRequestAccess?: EsoTokenRequestAccess;
  /**
   * The SecretProviderClass the Task mounts.
   *
   * @default - none: only in Secrets Store CSI delivery
   */
  public readonly secretProviderClass?: SecretProviderClass;
  /**
   * Where the CSI volume is mounted in the Task, and the path of each file.
   *
   * @default - none: only in Secrets Store CSI delivery
   */
  public readonly csiMount?: CsiSecretsMount;
  /** The namespace of the Task and of the ESO objects. */
  public readonly namespace: string;
  /** How long one run of the Task may take; every run gets a credential with at least this long left. */
  public readonly taskTimeout: Duration;
  /** How long each credential (and each Vault login token) lives: the lease the delivery needs, or the shared role's. */
  public readonly credentialTtl: Duration;
  /**
   * How often a new credential is obtained ahead of any run.
   *
   * @default - none: a delivery that obtains one per run
   */
  public readonly refreshInterval?: Duration;
  /** The audience of the pipeline's login token, on both the Vault role and the generator. */
  public readonly audience: string;
  /** Where the Task's steps read the credential files. */
  public readonly mountPath: string;
  private readonly task: Task;

  public constructor(scope: Construct, id: string, props: DynamicDatabaseCredentialsProps) {
    super(scope, id);
    requireProps(props, 'DynamicDatabaseCredentialsProps', ['task', 'taskTimeout', 'vault'], this);
    this.task = props.task;
    this.namespace = this.taskNamespace(props.task);
    const name = this.baseName(props);
    this.taskTimeout = this.checkedTaskTimeout(props);
    this.delivery = props.delivery ?? CredentialDelivery.externalSecret();
    const plan = this.plan(props);
    this.credentialTtl = plan.credentialTtl;
    this.refreshInterval = plan.refreshInterval;
    this.audience = props.vault.audience ?? DEFAULT_AUDIENCE;
    this.mountPath = props.mountPath ?? DEFAULT_MOUNT_PATH;
    this.serviceAccount = this.pipelineServiceAccount(props, name);

    // Vault as code: one identity, one path, one lifetime
    const vaultSide = props.vault.scope ? new Construct(props.vault.scope, `${id}-vault`) : this;
    this.databaseRole = props.databaseRole ?? this.createDatabaseRole(vaultSide, props, name);
    this.policy = new VaultPolicy(vaultSide, 'Policy', { metadata: { name }, authentication: props.vault.authentication, policyName: name });
    this.databaseRole.grantRead(this.policy);
    this.authRole = this.createAuthRole(vaultSide, props, name);

    // the delivery: its objects, and the credential mounted into the Task
    const delivered = this.delivery._strategy.deliver({
      scope: this,
      name,
      namespace: this.namespace,
      task: this.task,
      serviceAccount: this.serviceAccount,
      databaseRole: this.databaseRole,
      authRole: this.authRole,
      vault: props.vault,
      mountPath: this.mountPath,
      steps: props.steps,
      plan,
    });
    this.generator = delivered.generator;
    this.externalSecret = delivered.externalSecret;
    this.secret = delivered.secret;
    this.tokenRequestAccess = delivered.tokenRequestAccess;
    this.secretProviderClass = delivered.secretProviderClass;
    this.csiMount = delivered.csiMount;
    this.node.defaultChild = delivered.main;
    registerRunCheck(this);
  }

  /** The Task's namespace, where the credentials are placed. */
  private taskNamespace(task: Task): string {
    if (task.namespace === undefined) {
      throw new ValidationError(`'task' (${task.name}) has no namespace, so the credentials cannot be placed next to it; set the Task's metadata.namespace or its chart's namespace, e.g. "ci-cd"`, this);
    }
    return task.namespace;
  }

  /** `name`, or the Task's name: a DNS label, as Vault role and policy names must be. */
  private baseName(props: DynamicDatabaseCredentialsProps): string {
    const name = props.name ?? props.task.name;
    if (props.name === undefined && !isDnsLabel(name)) {
      throw new ValidationError(`'name' is not set and the Task's name (${JSON.stringify(name)}) is not a DNS-1123 label, which Vault role and policy names must be; set 'name', e.g. "flyway-migration"`, this);
    }
    return validateDnsLabel(this, 'name', name);
  }

  /** The task timeout, in whole seconds. */
  private checkedTaskTimeout(props: DynamicDatabaseCredentialsProps): Duration {
    const ms = durationMillis(this, 'taskTimeout', props.taskTimeout, { min: Duration.seconds(1) });
    if (ms % 1000 !== 0) {
      throw new ValidationError(`'taskTimeout' (${formatGoDuration(ms)}) must be a whole number of seconds: Vault keeps TTLs in seconds; use e.g. Duration.minutes(15)`, this);
    }
    return Duration.seconds(ms / 1000);
  }

  /** The lease and refresh: from the task timeout for a role created here, from the shared role's lease otherwise. */
  private plan(props: DynamicDatabaseCredentialsProps): DeliveryPlan {
    const strategy = this.delivery._strategy;
    const shared = props.databaseRole;
    if ((shared === undefined) === (props.database === undefined)) {
      throw new ValidationError('give exactly one of \'database\' (the pattern creates the database role) and \'databaseRole\' (an existing role, shared with other pipelines)', this);
    }
    if (shared === undefined) return strategy.planForTimeout(this, this.taskTimeout);
    if (props.databaseRoleName !== undefined) {
      throw new ValidationError(`'databaseRoleName' names a role the pattern creates, but 'databaseRole' (${shared.credsPath}) is shared; remove databaseRoleName`, this);
    }
    const lease = shared.leaseTtl;
    if (lease === undefined) {
      throw new ValidationError(`'databaseRole' (${shared.credsPath}) has no known lease, so no run's timeout can be checked against it; import it with DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(scope, id, { roleName: '${shared.roleName}', defaultTTL: ... }) giving the TTL it has in Vault`, this);
    }
    return strategy.planForLease(this, this.taskTimeout, lease, shared.credsPath);
  }

  /** The given service account (its own, in the Task's namespace), or a new one. */
  private pipelineServiceAccount(props: DynamicDatabaseCredentialsProps, name: string): kplus.IServiceAccount {
    const account = props.serviceAccount;
    if (account === undefined) {
      return new kplus.ServiceAccount(this, 'ServiceAccount', {
        metadata: { name, namespace: this.namespace },
        automountToken: false,
      });
    }
    const accountNamespace = account.toSubjectConfiguration().namespace;
    if (account.name === 'default') {
      throw new ValidationError('\'serviceAccount\' is the namespace\'s "default" service account, which every pod shares; Vault would hand the credentials to all of them; omit it to create a dedicated one', this);
    }
    if (accountNamespace !== this.namespace) {
      throw new ValidationError(`'serviceAccount' (${accountNamespace ?? '(none)'}/${account.name}) must be in the Task's namespace "${this.namespace}": ESO logs in as the account in the generator's namespace; create it there, or import it with { namespaceName: '${this.namespace}' }`, this);
    }
    return account;
  }

  /** The database secrets engine role, whose TTLs are the lease the delivery needs. */
  private createDatabaseRole(vaultSide: Construct, props: DynamicDatabaseCredentialsProps, name: string): DatabaseSecretEngineRole {
    const databaseRoleName = props.databaseRoleName ?? name;
    const database = props.database!;
    return new DatabaseSecretEngineRole(vaultSide, 'DatabaseRole', {
      metadata: { name: validateDnsLabel(this, 'databaseRoleName', databaseRoleName) },
      authentication: props.vault.authentication,
      roleName: databaseRoleName,
      dbName: database.dbName,
      creationStatements: database.creationStatements,
      revocationStatements: database.revocationStatements,
      mountPath: database.mountPath,
      // no renewal past the first lease
      defaultTTL: this.credentialTtl,
      maxTTL: this.credentialTtl,
    });
  }

  /** The Kubernetes auth role: the pipeline's account alone, with the audience, the policy alone, tokens as long as the credential. */
  private createAuthRole(vaultSide: Construct, props: DynamicDatabaseCredentialsProps, name: string): KubernetesAuthEngineRole {
    const authRoleName = props.authRoleName ?? name;
    return new KubernetesAuthEngineRole(vaultSide, 'AuthRole', {
      metadata: { name: validateDnsLabel(this, 'authRoleName', authRoleName) },
      authentication: props.vault.authentication,
      roleName: authRoleName,
      mountPath: props.vault.authMountPath,
      serviceAccounts: [this.serviceAccount],
      audience: this.audience,
      // Vault revokes a token's leases with the token, so the token lives exactly as long as the credential
      tokenTTL: this.credentialTtl,
      tokenMaxTTL: this.credentialTtl,
      policies: [this.policy],
    });
  }

  /**
   * Checks the app's Tekton runs in the Task's namespace (`objects`, already rendered): every PipelineRun and
   * TaskRun running the Task must run as the service account Vault admits. Their timeouts are checked against the
   * credential's lease by the app-wide credential-lifetime check (ZT-TKN1), which follows the mounted credential to
   * its lease whichever constructs built the chain.
   *
   * @internal
   */
  public _checkRuns(objects: any[]): string[] {
    const errors: string[] = [];
    const runsTask = (ref: any) => ref?.name === this.task.name && (ref.kind ?? 'Task') === 'Task';
    const checkAccount = (where: string, account: string | undefined) => {
      if (account !== this.serviceAccount.name) {
        errors.push(`${where} runs Task '${this.task.name}' as service account ${JSON.stringify(account ?? 'default')}, but Vault issues its database credential to "${this.serviceAccount.name}" only; run it with the pattern's serviceAccount`);
      }
    };
    const pipelineTasks = new Map<string, string[]>();
    for (const pipeline of objects.filter(o => o.kind === 'Pipeline')) {
      for (const entry of [...(pipeline.spec?.tasks ?? []), ...(pipeline.spec?.finally ?? [])]) {
        if (!runsTask(entry?.taskRef)) continue;
        pipelineTasks.set(pipeline.metadata.name, [...(pipelineTasks.get(pipeline.metadata.name) ?? []), entry.name]);
      }
    }
    for (const run of objects.filter(o => o.kind === 'PipelineRun')) {
      const names = pipelineTasks.get(run.spec?.pipelineRef?.name);
      if (names === undefined) continue;
      for (const pipelineTask of names) {
        const override = (run.spec?.taskRunSpecs ?? []).find((s: any) => s?.pipelineTaskName === pipelineTask);
        checkAccount(`PipelineRun '${run.metadata.name}' (pipeline task '${pipelineTask}')`,
          override?.serviceAccountName ?? run.spec?.taskRunTemplate?.serviceAccountName);
      }
    }
    for (const run of objects.filter(o => o.kind === 'TaskRun' && runsTask(o.spec?.taskRef))) {
      checkAccount(`TaskRun '${run.metadata.name}'`, run.spec?.serviceAccountName);
    }
    return errors;
  }
}

/**
 * The instances of each App, checked by one validation on the first of them. A validation per instance that
 * walked the whole tree and rendered its Tekton objects cost O(instances × objects): minutes for a fleet of a
 * thousand tenants. One walk renders only the runs (Pipelines, PipelineRuns, TaskRuns, filtered by kind before
 * rendering) and hands each instance those of its namespace.
 */
const RUN_CHECKS = new WeakMap<IConstruct, DynamicDatabaseCredentials[]>();
const RUN_KINDS = new Set(['Pipeline', 'PipelineRun', 'TaskRun']);

function registerRunCheck(instance: DynamicDatabaseCredentials): void {
  const root = instance.node.root;
  const registered = RUN_CHECKS.get(root);
  if (registered !== undefined) {
    registered.push(instance);
    return;
  }
  const instances = [instance];
  RUN_CHECKS.set(root, instances);
  instance.node.addValidation({
    validate: () => {
      const byNamespace = new Map<string, any[]>();
      for (const c of root.node.findAll()) {
        if (!(c instanceof ApiObject) || c.apiVersion !== TEKTON_API_VERSION || !RUN_KINDS.has(c.kind)) continue;
        const rendered = renderedOrUndefined(c);
        const namespace = rendered?.metadata?.namespace;
        if (typeof namespace === 'string') byNamespace.set(namespace, [...byNamespace.get(namespace) ?? [], rendered]);
      }
      // each message names its instance: the validation runs on the first one only
      return instances.flatMap(i => i._checkRuns(byNamespace.get(i.namespace) ?? []).map(e => (i === instance ? e : `[${i.node.path}] ${e}`)));
    },
  });
}

/** An object's manifest, or undefined when it cannot render (its own validation reports why). */
function renderedOrUndefined(o: ApiObject): any {
  try {
    return o.toJson();
  } catch {
    return undefined;
  }
}

/** Props of `CertificatePush`. */
export interface CertificatePushProps {
  /**
   * The `kubernetes.io/tls` Secret the pipeline wrote (e.g. `generated-mtls-cert`), in the PushSecret's
   * namespace. Only its `tls.crt` leaves the cluster.
   */
  readonly certificate: kplus.ISecret;
  /**
   * The store the certificate is published to. It must accept writes: ESO's IBM Secrets Manager provider is
   * read-only (ESO refuses every push to it), so such a store is refused. Prefer a namespaced
   * SecretStore; a ClusterSecretStore shows up as ZT-ESO4 in the compliance report.
   */
  readonly store: ISecretStore;
  /** The remote key, e.g. `imported-certs/app-cert`; it must start with the store's `keyPrefix` when it has one. */
  readonly remoteKey: string;
  /**
   * The property of the remote secret that holds the certificate, e.g. `certificate`. Required for Vault, whose
   * KV entries are maps: ESO would otherwise parse the PEM text as JSON and fail.
   *
   * @default - the certificate is the whole remote value
   */
  readonly property?: string;
  /**
   * How often ESO pushes the certificate again (it also pushes whenever the Secret changes). At least one
   * minute: each push calls the provider's API, which rate-limits and bills per call.
   *
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
  /**
   * Metadata of the PushSecret.
   *
   * @default - a name generated from the construct path, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Publishes a certificate a pipeline generated to an external secret manager (S2's reverse sync) with a
 * `PushSecret` that is safe on a shared store:
 *
 * - only `tls.crt` is pushed, never `tls.key`: the private key stays in the cluster that generated it
 *   (export a key with a plain `PushSecret` when that is really intended);
 * - `deletionPolicy: None`: deleting the PushSecret, or pointing it at another store, never deletes what other
 *   consumers of the store read;
 * - `updatePolicy: Replace`, so a renewed certificate replaces the old one;
 * - a refresh of one hour by default and never below a minute (the reference's 10 seconds calls the provider
 *   8640 times a day for a value that changes only when the Secret does, and ESO pushes on change anyway);
 * - the store must accept pushes: stores on ESO's read-only IBM Secrets Manager provider are refused.
 *
 * It is a construct of its own rather than an option of `DynamicDatabaseCredentials`: the certificate has
 * nothing to do with the database credential's store, lifetime or identity.
 *
 * Escape hatches: `ApiObject.of(push)` is the PushSecret.
 */
export class CertificatePush extends Construct {
  /** The Secret key pushed. */
  public static readonly CERTIFICATE_KEY = 'tls.crt';

  /** The PushSecret. */
  public readonly pushSecret: PushSecret;
  /** The remote key the certificate is written to. */
  public readonly remoteKey: string;

  public constructor(scope: Construct, id: string, props: CertificatePushProps) {
    super(scope, id);
    requireProps(props, 'CertificatePushProps', ['certificate', 'store', 'remoteKey'], this);
    const store = props.store;
    if (store instanceof SecretStoreBase && store.provider.providerName === 'ibm') {
      throw new ValidationError(`'store' (${store.storeKind} ${store.name}) uses ESO's IBM Secrets Manager provider, which is read-only: ESO refuses every push to it; publish the certificate to a store whose provider accepts writes (e.g. Vault KV or AWS Secrets Manager), or import it into IBM Secrets Manager another way`, this);
    }
    if (store instanceof SecretStoreBase && store.provider.providerName === 'vault' && props.property === undefined) {
      throw new ValidationError(`'property' is required for Vault store ${store.name}: a Vault KV entry is a map and ESO parses a whole-value push as JSON, which a PEM certificate is not; set e.g. property: 'certificate'`, this);
    }
    if (props.property !== undefined && props.property.trim() === '') {
      throw new ValidationError('\'property\' is empty; omit it to write the whole remote value, or name the field, e.g. \'certificate\'', this);
    }
    const interval = props.refreshInterval ?? Duration.hours(1);
    renderDuration(this, 'refreshInterval', interval, { min: Duration.minutes(1) });
    this.remoteKey = props.remoteKey;
    this.pushSecret = new PushSecret(this, 'PushSecret', {
      metadata: props.metadata,
      source: PushSecretSource.secret(props.certificate),
      stores: [store],
      refreshInterval: interval,
      deletionPolicy: PushSecretDeletionPolicy.NONE,
      updatePolicy: PushSecretUpdatePolicy.REPLACE,
    });
    this.pushSecret.addKey(CertificatePush.CERTIFICATE_KEY, { remoteKey: props.remoteKey, property: props.property });
    this.node.defaultChild = this.pushSecret;
    const certificateNamespace = namespaceOf(props.certificate);
    if (certificateNamespace !== undefined && certificateNamespace !== this.pushSecret.namespace) {
      throw new ValidationError(`'certificate' (${certificateNamespace}/${props.certificate.name}) must be in the PushSecret's namespace ${this.pushSecret.namespace ?? '(none)'}: ESO reads the source Secret only there; create the PushSecret in "${certificateNamespace}"`, this);
    }
  }
}
