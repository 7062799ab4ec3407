import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { VaultOperatorAuthentication } from './authentication';
import { IDatabaseSecretEngineRole } from './database-secret-engine-role';
import { ISecretEngineMount } from './secret-engine-mount';
import { durationMillis, formatGoDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateDnsSubdomain, validateSecretKey } from '../common/names';
import { shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { sortedUnique } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';
import { renderAuthentication } from './private/authentication';
import { claimVaultPath, VAULT_CONFIG_API_VERSION, validateMountPath, validateVaultIdentifier, validateVaultName } from './private/common';
import { connectionPlaceholderProblem, connectionTlsProblem, judgesTls } from './private/connection-url';
import { rolesOnMount, specOf } from './private/roles-on-mount';

const PLUGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** The rule a connection that keeps its root password breaks, and the one a connection without verified TLS breaks. */
const STATIC_ROOT_RULE = 'ZT-VAULT7';
const UNVERIFIED_TLS_RULE = 'ZT-VAULT8';

/** The database plugin a connection uses (`spec.pluginName`). */
export class DatabasePlugin {
  /** PostgreSQL; the URL must say `sslmode=verify-full`. */
  public static readonly POSTGRESQL = new DatabasePlugin('postgresql-database-plugin');
  /** MySQL and MariaDB; the URL must say `tls=true` (or the name of a registered TLS configuration). */
  public static readonly MYSQL = new DatabasePlugin('mysql-database-plugin');
  /** Microsoft SQL Server; the URL must say `encrypt=true` (or `strict`) without `TrustServerCertificate=true`. */
  public static readonly MSSQL = new DatabasePlugin('mssql-database-plugin');
  /** MongoDB; the URL must turn TLS on (`tls=true`, or a `mongodb+srv://` URL) without relaxing its checks. */
  public static readonly MONGODB = new DatabasePlugin('mongodb-database-plugin');

  /**
   * Another plugin, by the name it is registered under (e.g. `oracle-database-plugin`). Whether its URL verifies
   * TLS cannot be judged here: check it yourself.
   */
  public static custom(pluginName: string): DatabasePlugin {
    if (!PLUGIN_NAME.test(pluginName)) {
      throw new ValidationError(`'DatabasePlugin.custom' (${JSON.stringify(pluginName)}) must be a Vault plugin name: letters, digits, '_', '.' or '-'; e.g. "oracle-database-plugin"`);
    }
    return new DatabasePlugin(pluginName);
  }

  private constructor(
    /** The name Vault registers the plugin under, e.g. `postgresql-database-plugin`. */
    public readonly pluginName: string) {}
}

/** How the PostgreSQL plugin sends the passwords it generates (`spec.passwordAuthentication`). */
export enum DatabasePasswordAuthentication {
  /** Sent as they are; PostgreSQL may write them to its logs. The CRD's default. */
  PASSWORD = 'password',
  /** Hashed by Vault and stored as the hash (PostgreSQL 10 or later). */
  SCRAM_SHA_256 = 'scram-sha-256',
}

/** The root credentials of a connection, in a Kubernetes Secret that vault-config-operator reads. */
export interface DatabaseRootCredentials {
  /**
   * The Secret, in the namespace of the `DatabaseSecretEngineConfig` (the operator reads it there), e.g. of type
   * `kubernetes.io/basic-auth`. Only its name reaches the manifest; the values never do.
   */
  readonly secret: kplus.ISecret;
  /**
   * The key that holds the user name.
   *
   * @default 'username'
   */
  readonly usernameKey?: string;
  /**
   * The key that holds the password.
   *
   * @default 'password'
   */
  readonly passwordKey?: string;
}

/**
 * A connection of Vault's database secrets engine, defined in this app or imported. `name` is the
 * `DatabaseSecretEngineConfig` object's `metadata.name`; `dbName` is the name Vault knows the connection by,
 * the `dbName` its roles give.
 */
export interface IDatabaseSecretEngineConfig extends INamespacedResource {
  /** The connection's name inside Vault (`<mount>/config/<dbName>`). */
  readonly dbName: string;
  /** Where the database secrets engine is mounted. */
  readonly mountPath: string;
}

/** A connection written elsewhere, for `fromDatabaseSecretEngineConfigAttributes`. */
export interface DatabaseSecretEngineConfigAttributes {
  /** The connection's name inside Vault. */
  readonly dbName: string;
  /**
   * Where the database secrets engine is mounted.
   *
   * @default 'database'
   */
  readonly mountPath?: string;
}

/** Props for `DatabaseSecretEngineConfig`. */
export interface DatabaseSecretEngineConfigProps {
  /** How vault-config-operator logs in to Vault to write the connection (it needs `<mount>/config/<dbName>` and `<mount>/rotate-root/<dbName>`). */
  readonly authentication: VaultOperatorAuthentication;
  /** The database secrets engine the connection belongs to. */
  readonly mount: ISecretEngineMount;
  /** The database plugin. */
  readonly plugin: DatabasePlugin;
  /**
   * How the plugin reaches the database, with `{{username}}` and `{{password}}` where the root credentials go
   * (the plugin fills them in), e.g. `postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-full`.
   * For the plugins of `DatabasePlugin` it must verify the server's certificate and host name unless
   * `acknowledgeUnverifiedTls` says why not.
   */
  readonly connectionUrl: string;
  /** The Secret holding the root user the plugin logs in as to create and drop users. */
  readonly rootCredentials: DatabaseRootCredentials;
  /**
   * The roles that may issue users through this connection; more can be added with `addAllowedRole()`. Never
   * `*`: every role of the mount could otherwise use the connection. At least one is required before synthesis.
   *
   * @default - none yet
   */
  readonly allowedRoles?: IDatabaseSecretEngineRole[];
  /**
   * The connection's name inside Vault.
   *
   * @default - the object's `metadata.name`
   */
  readonly dbName?: string;
  /**
   * How often Vault rotates the root password again after the first rotation.
   *
   * @default - rotated once, when the operator first writes the connection
   */
  readonly rootRotationPeriod?: Duration;
  /**
   * The written reason to keep the root password the Secret holds instead of letting Vault rotate it to one only
   * Vault knows; it acknowledges ZT-VAULT7 on the connection.
   *
   * @default - Vault rotates the root password as soon as the connection is written
   */
  readonly acknowledgeStaticRootPassword?: string;
  /**
   * The written reason for a connection URL that does not verify the database server's certificate and host
   * name; it acknowledges ZT-VAULT8 on the connection.
   *
   * @default - the URL must verify TLS (for the plugins of `DatabasePlugin`)
   */
  readonly acknowledgeUnverifiedTls?: string;
  /**
   * How the PostgreSQL plugin sends generated passwords.
   *
   * @default DatabasePasswordAuthentication.PASSWORD
   */
  readonly passwordAuthentication?: DatabasePasswordAuthentication;
  /**
   * The Vault password policy generated passwords follow.
   *
   * @default - Vault's default (20 characters of mixed classes)
   */
  readonly passwordPolicy?: string;
  /** Metadata of the `DatabaseSecretEngineConfig` object. @default - a name generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A connection of Vault's database secrets engine managed by vault-config-operator (`DatabaseSecretEngineConfig`,
 * written to `<mount>/config/<dbName>`): the database Vault creates users in, and the root user it does so as.
 *
 * Least privilege by default: the root credentials come from a Secret and never appear in the manifest; Vault
 * rotates the root password as soon as it has the connection, so only Vault knows it afterwards; only the roles
 * listed may use the connection; the URL must verify TLS; the connection is verified when written.
 */
export class DatabaseSecretEngineConfig extends Resource implements IDatabaseSecretEngineConfig {
  /** References a connection that already exists in Vault under the default mount `database`. */
  public static fromDbName(scope: Construct, id: string, dbName: string): IDatabaseSecretEngineConfig {
    return DatabaseSecretEngineConfig.fromDatabaseSecretEngineConfigAttributes(scope, id, { dbName });
  }

  /** References a connection that already exists in Vault, mounted anywhere. */
  public static fromDatabaseSecretEngineConfigAttributes(
    scope: Construct, id: string, attrs: DatabaseSecretEngineConfigAttributes,
  ): IDatabaseSecretEngineConfig {
    requireProps(attrs, 'DatabaseSecretEngineConfigAttributes', ['dbName'], scope, id);
    return new ImportedDatabaseSecretEngineConfig(scope, id,
      validateVaultName(undefined, 'dbName', attrs.dbName),
      validateMountPath(undefined, 'mountPath', attrs.mountPath ?? 'database'));
  }

  public readonly dbName: string;
  public readonly mountPath: string;
  /** The database plugin. */
  public readonly plugin: DatabasePlugin;
  private readonly props: DatabaseSecretEngineConfigProps;
  private readonly authentication: any;
  private readonly rootCredentials: any;
  private readonly rotation?: any;
  private readonly allowed: IDatabaseSecretEngineRole[] = [];

  public constructor(scope: Construct, id: string, props: DatabaseSecretEngineConfigProps) {
    super(scope, id, { apiVersion: VAULT_CONFIG_API_VERSION, kind: 'DatabaseSecretEngineConfig', namespaced: true },
      requireProps(props, 'DatabaseSecretEngineConfigProps', ['authentication', 'mount', 'plugin', 'connectionUrl', 'rootCredentials'], scope, id));
    this.props = props;
    this.plugin = props.plugin;
    this.dbName = props.dbName === undefined ? this.name : validateVaultName(this, 'dbName', props.dbName);
    this.mountPath = props.mount.mountPath;
    if (props.mount.engineType !== undefined && props.mount.engineType !== 'database') {
      throw new ValidationError(`'mount' (${this.mountPath}) is a "${props.mount.engineType}" engine; a connection belongs to a "database" engine (SecretEngineType.DATABASE)`, this);
    }
    checkConnectionUrl(this, props);
    if (props.passwordPolicy !== undefined) validateVaultIdentifier(this, 'passwordPolicy', props.passwordPolicy);
    const namespace = this.namespace ?? Chart.of(this).namespace;
    this.rootCredentials = renderRootCredentials(this, props.rootCredentials, namespace);
    this.rotation = renderRotation(this, props);
    this.authentication = renderAuthentication(this, props.authentication, namespace);
    claimVaultPath(this, 'dbName', this.dbName, `${this.mountPath}/config/${this.dbName}`, props.authentication.vaultNamespace);
    (props.allowedRoles ?? []).forEach(role => this.addAllowedRole(role));
    this.node.addValidation({ validate: () => this.roleProblems(props.authentication.vaultNamespace) });
  }

  /**
   * Lets `role` issue users through this connection (`allowed_roles`). The role must be on the same mount. A
   * `DatabaseSecretEngineRole` of the same chart and Vault namespace that names this connection but is not added
   * fails synthesis (Vault would refuse its credentials).
   */
  public addAllowedRole(role: IDatabaseSecretEngineRole): void {
    if (role.mountPath !== this.mountPath) {
      throw new ValidationError(`'allowedRoles' role "${role.roleName}" is on mount "${role.mountPath}", not on this connection's mount "${this.mountPath}"; a connection serves the roles of its own mount only`, this);
    }
    if (this.allowed.some(r => r.roleName === role.roleName)) {
      throw new ValidationError(`'allowedRoles' already lists role "${role.roleName}"; add it once`, this);
    }
    this.allowed.push(role);
  }

  /** The Vault names of the roles allowed to use the connection, sorted. */
  public get allowedRoles(): string[] {
    return sortedUnique(this.allowed.map(r => r.roleName));
  }

  /**
   * An empty list, and roles on the mount (same chart, same Vault namespace) that use the connection without being
   * allowed (Vault refuses them).
   */
  private roleProblems(vaultNamespace: string | undefined): string[] {
    const problems = this.allowed.length === 0
      ? [`DatabaseSecretEngineConfig "${this.dbName}" allows no role: add the roles that use it with addAllowedRole() (left empty, the CRD would default allowedRoles to ["*"], every role of the mount)`]
      : [];
    const allowed = this.allowedRoles;
    for (const role of rolesOnMount(this, this.mountPath, vaultNamespace)) {
      if (allowed.includes(role.roleName) || specOf(role).dBName !== this.dbName) continue;
      problems.push(`DatabaseSecretEngineRole ${role.node.path} ("${role.roleName}") uses connection "${this.dbName}" but is not in its allowedRoles, so Vault refuses to issue its credentials; add it with addAllowedRole()`);
    }
    return problems;
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      authentication: this.authentication,
      path: this.mountPath,
      name: this.dbName,
      pluginName: this.plugin.pluginName,
      connectionURL: this.props.connectionUrl,
      verifyConnection: true,
      allowedRoles: this.allowedRoles,
      rootCredentials: this.rootCredentials,
      rootPasswordRotation: this.rotation,
      passwordAuthentication: this.props.passwordAuthentication ?? DatabasePasswordAuthentication.PASSWORD,
      passwordPolicy: this.props.passwordPolicy,
    };
  }
}

/** A connection written elsewhere: it has no object here, so its `name` is its Vault name. */
class ImportedDatabaseSecretEngineConfig extends Construct implements IDatabaseSecretEngineConfig {
  public readonly apiVersion = VAULT_CONFIG_API_VERSION;
  public readonly kind = 'DatabaseSecretEngineConfig';

  public constructor(scope: Construct, id: string, public readonly dbName: string, public readonly mountPath: string) {
    super(scope, id);
  }

  public get name(): string {
    return this.dbName;
  }
}

/** The URL holds no credential, takes the root user from the placeholders and, where judged, verifies TLS. */
function checkConnectionUrl(scope: IConstruct, props: DatabaseSecretEngineConfigProps): void {
  const url = props.connectionUrl;
  refuseCredential(scope, 'connectionUrl', url);
  if (url.trim().length === 0 || /[\r\n]/.test(url)) {
    throw new ValidationError(`'connectionUrl' (${shownUrl(url)}) must be one line naming the database, e.g. "postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-full"`, scope);
  }
  const placeholders = connectionPlaceholderProblem(url);
  if (placeholders !== undefined) {
    throw new ValidationError(`'connectionUrl' (${shownUrl(url)}) ${placeholders}; e.g. "postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-full"`, scope);
  }
  const reason = props.acknowledgeUnverifiedTls;
  if (reason !== undefined) Compliance.of(scope)._acknowledgeOptIn('acknowledgeUnverifiedTls', UNVERIFIED_TLS_RULE, reason, 'why the connection does not verify the database server');
  const tls = connectionTlsProblem(props.plugin.pluginName, url);
  if (tls !== undefined && reason === undefined) {
    throw new ValidationError(`'connectionUrl' (${shownUrl(url)}) does not verify the database server: ${tls}; anyone on the path could read the root password and every user Vault creates (or set acknowledgeUnverifiedTls to the reason)`, scope);
  }
  if (tls === undefined && reason !== undefined && judgesTls(props.plugin.pluginName)) {
    throw new ValidationError('\'acknowledgeUnverifiedTls\' is set but the connection URL verifies the server; remove it', scope);
  }
}

function renderRootCredentials(scope: IConstruct, credentials: DatabaseRootCredentials, namespace: string | undefined): any {
  requireProps(credentials, 'DatabaseRootCredentials', ['secret'], scope);
  const secret = credentials.secret;
  validateDnsSubdomain(scope, 'rootCredentials.secret', secret.name);
  // an imported Secret has no namespace of its own; only its name reaches the CR
  const secretNamespace = secret instanceof kplus.Secret ? secret.metadata.namespace : undefined;
  if (namespace !== undefined && secretNamespace !== undefined && secretNamespace !== namespace) {
    throw new ValidationError(`'rootCredentials.secret' (${secretNamespace}/${secret.name}) must be in the CR's namespace "${namespace}": the operator reads the Secret of that name in the CR's namespace; move the Secret or the CR`, scope);
  }
  return {
    secret: { name: secret.name },
    usernameKey: validateSecretKey(scope, 'rootCredentials.usernameKey', credentials.usernameKey ?? 'username'),
    passwordKey: validateSecretKey(scope, 'rootCredentials.passwordKey', credentials.passwordKey ?? 'password'),
  };
}

function renderRotation(scope: IConstruct, props: DatabaseSecretEngineConfigProps): any {
  const reason = props.acknowledgeStaticRootPassword;
  if (reason !== undefined) {
    Compliance.of(scope)._acknowledgeOptIn('acknowledgeStaticRootPassword', STATIC_ROOT_RULE, reason, 'why Vault must not rotate the root password');
    if (props.rootRotationPeriod !== undefined) {
      throw new ValidationError('\'rootRotationPeriod\' is set together with acknowledgeStaticRootPassword, which turns rotation off; remove one of them', scope);
    }
    return undefined;
  }
  const period = props.rootRotationPeriod === undefined ? undefined
    : formatGoDuration(durationMillis(scope, 'rootRotationPeriod', props.rootRotationPeriod, { min: Duration.hours(1) }));
  return { enable: true, rotationPeriod: period };
}
