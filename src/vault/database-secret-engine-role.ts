import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { VaultOperatorAuthentication } from './authentication';
import { VaultCapability, VaultPolicy } from './policy';
import { formatGoDuration } from '../common/duration';
import { Resource } from '../common/resource';
import { renderAuthentication } from './private/authentication';
import { acknowledgeLongLifetimes, claimVaultPath, longLifetimeProblem, VAULT_CONFIG_API_VERSION, ttlSeconds, validateMountPath, validateStatementSet, validateVaultIdentifier, validateVaultName } from './private/common';

/** A role of Vault's database secrets engine, defined in this app or imported by name. */
export interface IDatabaseSecretEngineRole extends IConstruct {
  /** The role's name inside Vault. */
  readonly roleName: string;
  /** Where the database secrets engine is mounted, e.g. `database`. */
  readonly mountPath: string;
  /**
   * The path that issues a credential, `<mount>/creds/<role>`: what a policy grants and what an ESO
   * `VaultDynamicSecret` reads, so both are spelled from this one value.
   */
  readonly credsPath: string;
  /**
   * Grants `read` on `credsPath` to `policy` (issuing a credential is a GET, hence `read`; nothing else,
   * not even `list`, is needed).
   */
  grantRead(policy: VaultPolicy): void;
}

/** Props for `DatabaseSecretEngineRole` that do not concern the lease lifetime. */
export interface DatabaseSecretEngineRoleOptions {
  /** How vault-config-operator logs in to Vault to write the role (it needs `<mount>/roles/<name>`). */
  readonly authentication: VaultOperatorAuthentication;
  /** The database connection (`<mount>/config/<dbName>`) the role issues users for; its `allowed_roles` must list this role. */
  readonly dbName: string;
  /**
   * Statements that create a user; the plugin substitutes `{{name}}`, `{{password}}` and `{{expiration}}`.
   * Grant only what the workload needs.
   */
  readonly creationStatements: string[];
  /**
   * Statements that drop a user when its lease ends.
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
  /**
   * The role's name inside Vault.
   *
   * @default - the object's `metadata.name`
   */
  readonly roleName?: string;
  /** Metadata of the `DatabaseSecretEngineRole` object. @default - a name generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The written reason for a `defaultTTL` or `maxTTL` of more than a day; it acknowledges ZT-VAULT2 on the role.
   *
   * @default - lifetimes of at most a day
   */
  readonly acknowledgeLongLivedCredentials?: string;
}

/** Props for `DatabaseSecretEngineRole`. */
export interface DatabaseSecretEngineRoleProps extends DatabaseSecretEngineRoleOptions {
  /**
   * How long each issued credential lives before Vault revokes it (and the database user with it). Keep it
   * as short as the job that uses it: for a pipeline task, its timeout (see `forTaskTimeout`).
   */
  readonly defaultTTL: Duration;
  /**
   * The longest a credential may live, renewals included; at least `defaultTTL`.
   *
   * @default - `defaultTTL`, so a credential cannot be renewed past its first lease
   */
  readonly maxTTL?: Duration;
}

/**
 * A role of Vault's database secrets engine managed by vault-config-operator (`DatabaseSecretEngineRole`,
 * written to `<mount>/roles/<name>`): every read of `<mount>/creds/<name>` creates a database user that
 * Vault drops after `defaultTTL`.
 *
 * The lifetime lives here, on the role (`default_ttl`, `max_ttl`), never in a policy.
 */
export class DatabaseSecretEngineRole extends Resource implements IDatabaseSecretEngineRole {
  /**
   * A role whose credentials live exactly as long as a task may run: `defaultTTL` and `maxTTL` both equal
   * `timeout`, so a credential outlives neither the task nor its first lease.
   */
  public static forTaskTimeout(scope: Construct, id: string, timeout: Duration, options: DatabaseSecretEngineRoleOptions): DatabaseSecretEngineRole {
    return new DatabaseSecretEngineRole(scope, id, { ...options, defaultTTL: timeout, maxTTL: timeout });
  }

  /** References a role that already exists in Vault, e.g. to grant its credentials to a policy. */
  public static fromRoleName(scope: Construct, id: string, roleName: string, mountPath: string = 'database'): IDatabaseSecretEngineRole {
    return new ImportedDatabaseSecretEngineRole(scope, id, validateVaultName('roleName', roleName), validateMountPath('mountPath', mountPath));
  }

  public readonly roleName: string;
  public readonly mountPath: string;
  /** How long each credential lives. */
  public readonly defaultTTL: Duration;
  /** The longest a credential may live, renewals included. */
  public readonly maxTTL: Duration;
  private readonly authentication: any;
  private readonly dbName: string;
  private readonly creationStatements: string[];
  private readonly revocationStatements?: string[];

  public constructor(scope: Construct, id: string, props: DatabaseSecretEngineRoleProps) {
    super(scope, id, { apiVersion: VAULT_CONFIG_API_VERSION, kind: 'DatabaseSecretEngineRole', namespaced: true }, props);
    this.roleName = props.roleName === undefined ? this.name : validateVaultName('roleName', props.roleName);
    this.mountPath = validateMountPath('mountPath', props.mountPath ?? 'database');
    this.dbName = validateVaultIdentifier('dbName', props.dbName);
    this.creationStatements = validateStatementSet('creationStatements', props.creationStatements, true);
    this.revocationStatements = props.revocationStatements === undefined
      ? undefined
      : validateStatementSet('revocationStatements', props.revocationStatements, true);

    const defaultSeconds = ttlSeconds('defaultTTL', props.defaultTTL);
    const maxSeconds = ttlSeconds('maxTTL', props.maxTTL ?? props.defaultTTL);
    if (defaultSeconds > maxSeconds) {
      throw new Error(`'defaultTTL' (${formatGoDuration(defaultSeconds * 1000)}) must not exceed 'maxTTL' (${formatGoDuration(maxSeconds * 1000)}): Vault caps every lease at maxTTL; raise maxTTL or lower defaultTTL, e.g. both to Duration.minutes(15)`);
    }
    this.defaultTTL = Duration.seconds(defaultSeconds);
    this.maxTTL = Duration.seconds(maxSeconds);
    acknowledgeLongLifetimes(this, 'acknowledgeLongLivedCredentials', props.acknowledgeLongLivedCredentials);
    const problem = longLifetimeProblem(this, 'acknowledgeLongLivedCredentials', [['defaultTTL', defaultSeconds], ['maxTTL', maxSeconds]], props.acknowledgeLongLivedCredentials);
    if (problem !== undefined) throw new Error(problem);
    this.authentication = renderAuthentication(props.authentication, this.namespace ?? Chart.of(this).namespace);
    claimVaultPath(this, 'roleName', this.roleName, `${this.mountPath}/roles/${this.roleName}`, props.authentication.vaultNamespace);
  }

  public get credsPath(): string {
    return credsPath(this.mountPath, this.roleName);
  }

  /**
   * Grants `read` on `credsPath` to `policy` and records the lease, so auth roles carrying the policy can
   * check that their tokens outlive the credentials.
   */
  public grantRead(policy: VaultPolicy): void {
    policy._grant(this.credsPath, [VaultCapability.READ], { path: this.credsPath, ttl: this.defaultTTL });
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      authentication: this.authentication,
      path: this.mountPath,
      name: this.roleName,
      dBName: this.dbName,
      defaultTTL: formatGoDuration(this.defaultTTL.toMilliseconds()),
      maxTTL: formatGoDuration(this.maxTTL.toMilliseconds()),
      creationStatements: [...this.creationStatements],
      revocationStatements: this.revocationStatements ? [...this.revocationStatements] : undefined,
    };
  }
}

class ImportedDatabaseSecretEngineRole extends Construct implements IDatabaseSecretEngineRole {
  public constructor(scope: Construct, id: string, public readonly roleName: string, public readonly mountPath: string) {
    super(scope, id);
  }

  public get credsPath(): string {
    return credsPath(this.mountPath, this.roleName);
  }

  public grantRead(policy: VaultPolicy): void {
    policy._grant(this.credsPath, [VaultCapability.READ]);
  }
}

function credsPath(mountPath: string, roleName: string): string {
  return `${mountPath}/creds/${roleName}`;
}
