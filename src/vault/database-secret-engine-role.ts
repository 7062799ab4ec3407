import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { VaultOperatorAuthentication } from './authentication';
import { VaultCapability, VaultPolicy } from './policy';
import { formatGoDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { declareDatabaseRoleLease } from '../compliance/credential-lifetime';
import { renderAuthentication } from './private/authentication';
import { acknowledgeLongLifetimes, claimVaultPath, longLifetimeProblem, VAULT_CONFIG_API_VERSION, ttlSeconds, validateMountPath, validateStatementSet, validateVaultIdentifier, validateVaultName } from './private/common';

/**
 * A role of Vault's database secrets engine, defined in this app or imported by name. `name` is the
 * `DatabaseSecretEngineRole` object's `metadata.name`; `roleName` is the name Vault knows the role by
 * (`spec.name`), which may differ from it.
 */
export interface IDatabaseSecretEngineRole extends INamespacedResource {
  /** The role's name inside Vault (`spec.name`; by default the `metadata.name`). */
  readonly roleName: string;
  /** Where the database secrets engine is mounted, e.g. `database`. */
  readonly mountPath: string;
  /**
   * The path that issues a credential, `<mount>/creds/<role>`: what a policy grants and what an ESO
   * `VaultDynamicSecret` reads, so both are spelled from this one value.
   */
  readonly credsPath: string;
  /**
   * How long each credential lives, where known: the role's `default_ttl` capped by its `max_ttl` (a role
   * without a default TTL issues the mount's default, which its max TTL caps). What a consumer that must outlive
   * its runs (e.g. `DynamicDatabaseCredentials` sharing the role) checks their timeouts against.
   *
   * @default - unknown: a role imported without `defaultTTL` or `maxTTL`
   */
  readonly leaseTtl?: Duration;
  /**
   * Grants `read` on `credsPath` to `policy` (issuing a credential is a GET, hence `read`; nothing else,
   * not even `list`, is needed).
   */
  grantRead(policy: VaultPolicy): void;
}

/** A role of Vault's database secrets engine written elsewhere, for `fromDatabaseSecretEngineRoleAttributes`. */
export interface DatabaseSecretEngineRoleAttributes {
  /** The role's name inside Vault. */
  readonly roleName: string;
  /**
   * Where the database secrets engine is mounted.
   *
   * @default 'database'
   */
  readonly mountPath?: string;
  /**
   * The role's `default_ttl` as configured in Vault. Give it when the role's credentials reach a Tekton run (e.g.
   * a `DynamicDatabaseCredentials` sharing the role, or a `VaultDynamicSecret` reading it): every run is then
   * checked at synthesis against it. Whole seconds.
   *
   * @default - unknown; a consumer that needs the lease refuses the role
   */
  readonly defaultTTL?: Duration;
  /**
   * The role's `max_ttl` as configured in Vault; at least `defaultTTL`. Whole seconds.
   *
   * @default - unknown
   */
  readonly maxTTL?: Duration;
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
   *
   * Refused when a statement sets a literal password (`PASSWORD 'xyz'`, `IDENTIFIED BY xyz`, `SET PASSWORD =`,
   * a Redis ACL rule `>xyz`) or holds any other credential (the value would be committed to Git); write the plugin's
   * placeholder instead, e.g. `PASSWORD '{{password}}'`.
   */
  readonly creationStatements: string[];
  /**
   * Statements that drop a user when its lease ends. Refused, like `creationStatements`, when a statement holds
   * a literal password or another credential.
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

/** The props `DatabaseSecretEngineRoleOptions` declares without `?`; `DatabaseSecretEngineRoleProps` adds `defaultTTL`. */
const ROLE_OPTIONS_REQUIRED: readonly (keyof DatabaseSecretEngineRoleOptions & string)[] = ['authentication', 'dbName', 'creationStatements'];

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
    requireProps(options, 'DatabaseSecretEngineRoleOptions', ROLE_OPTIONS_REQUIRED, scope, id);
    return new DatabaseSecretEngineRole(scope, id, { ...options, defaultTTL: timeout, maxTTL: timeout });
  }

  /**
   * References a role that already exists in Vault under the default mount `database`, e.g. to grant its
   * credentials to a policy.
   */
  public static fromRoleName(scope: Construct, id: string, roleName: string): IDatabaseSecretEngineRole {
    return DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(scope, id, { roleName });
  }

  /** References a role that already exists in Vault, mounted anywhere. */
  public static fromDatabaseSecretEngineRoleAttributes(
    scope: Construct, id: string, attrs: DatabaseSecretEngineRoleAttributes,
  ): IDatabaseSecretEngineRole {
    requireProps(attrs, 'DatabaseSecretEngineRoleAttributes', ['roleName'], scope, id);
    return new ImportedDatabaseSecretEngineRole(scope, id, {
      ...attrs,
      roleName: validateVaultName(undefined, 'roleName', attrs.roleName),
      mountPath: validateMountPath(undefined, 'mountPath', attrs.mountPath ?? 'database'),
    });
  }

  public readonly roleName: string;
  public readonly mountPath: string;
  /** How long each credential lives. */
  public readonly defaultTTL: Duration;
  /** The longest a credential may live, renewals included. */
  public readonly maxTTL: Duration;
  /** How long each credential lives: `defaultTTL`, which `maxTTL` never undercuts. */
  public readonly leaseTtl?: Duration;
  private readonly authentication: any;
  private readonly dbName: string;
  private readonly creationStatements: string[];
  private readonly revocationStatements?: string[];

  public constructor(scope: Construct, id: string, props: DatabaseSecretEngineRoleProps) {
    super(scope, id, { apiVersion: VAULT_CONFIG_API_VERSION, kind: 'DatabaseSecretEngineRole', namespaced: true },
      requireProps(props, 'DatabaseSecretEngineRoleProps', [...ROLE_OPTIONS_REQUIRED, 'defaultTTL'], scope, id));
    this.roleName = props.roleName === undefined ? this.name : validateVaultName(this, 'roleName', props.roleName);
    this.mountPath = validateMountPath(this, 'mountPath', props.mountPath ?? 'database');
    this.dbName = validateVaultIdentifier(this, 'dbName', props.dbName);
    // before validateStatementSet, whose messages quote a statement
    refuseLiteralPasswords(this, 'creationStatements', props.creationStatements);
    if (props.revocationStatements !== undefined) refuseLiteralPasswords(this, 'revocationStatements', props.revocationStatements);
    this.creationStatements = validateStatementSet(this, 'creationStatements', props.creationStatements, true);
    this.revocationStatements = props.revocationStatements === undefined
      ? undefined
      : validateStatementSet(this, 'revocationStatements', props.revocationStatements, true);

    const defaultSeconds = ttlSeconds(this, 'defaultTTL', props.defaultTTL);
    const maxSeconds = ttlSeconds(this, 'maxTTL', props.maxTTL ?? props.defaultTTL);
    if (defaultSeconds > maxSeconds) {
      throw new ValidationError(`'defaultTTL' (${formatGoDuration(defaultSeconds * 1000)}) must not exceed 'maxTTL' (${formatGoDuration(maxSeconds * 1000)}): Vault caps every lease at maxTTL; raise maxTTL or lower defaultTTL, e.g. both to Duration.minutes(15)`, this);
    }
    this.defaultTTL = Duration.seconds(defaultSeconds);
    this.maxTTL = Duration.seconds(maxSeconds);
    this.leaseTtl = this.defaultTTL;
    acknowledgeLongLifetimes(this, 'acknowledgeLongLivedCredentials', props.acknowledgeLongLivedCredentials);
    const problem = longLifetimeProblem(this, 'acknowledgeLongLivedCredentials', [['defaultTTL', defaultSeconds], ['maxTTL', maxSeconds]], props.acknowledgeLongLivedCredentials);
    if (problem !== undefined) throw new ValidationError(problem, this);
    this.authentication = renderAuthentication(this, props.authentication, this.namespace ?? Chart.of(this).namespace);
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

/**
 * A role written elsewhere: it has no `DatabaseSecretEngineRole` object here, so its `name` is its Vault name. A
 * known lease is declared to the app's credential-lifetime check, so runs that read the role's credentials through
 * an ExternalSecret are checked against it like those of a role defined here.
 */
class ImportedDatabaseSecretEngineRole extends Construct implements IDatabaseSecretEngineRole {
  public readonly apiVersion = VAULT_CONFIG_API_VERSION;
  public readonly kind = 'DatabaseSecretEngineRole';
  public readonly roleName: string;
  public readonly mountPath: string;
  public readonly leaseTtl?: Duration;

  public constructor(scope: Construct, id: string, attrs: DatabaseSecretEngineRoleAttributes & { mountPath: string }) {
    super(scope, id);
    this.roleName = attrs.roleName;
    this.mountPath = attrs.mountPath;
    const defaultSeconds = attrs.defaultTTL === undefined ? undefined : ttlSeconds(this, 'defaultTTL', attrs.defaultTTL);
    const maxSeconds = attrs.maxTTL === undefined ? undefined : ttlSeconds(this, 'maxTTL', attrs.maxTTL);
    if (defaultSeconds !== undefined && maxSeconds !== undefined && defaultSeconds > maxSeconds) {
      throw new ValidationError(`'defaultTTL' (${formatGoDuration(defaultSeconds * 1000)}) must not exceed 'maxTTL' (${formatGoDuration(maxSeconds * 1000)}): Vault caps every lease at maxTTL; give the values the role has in Vault`, this);
    }
    // the lease: the default TTL capped by the max TTL (without a default TTL, the mount's default, which the max caps)
    const known = [defaultSeconds, maxSeconds].filter((s): s is number => s !== undefined);
    this.leaseTtl = known.length === 0 ? undefined : Duration.seconds(Math.min(...known));
    if (this.leaseTtl !== undefined) declareDatabaseRoleLease(this, this.credsPath, this.leaseTtl, `the imported role ${this.credsPath}`);
  }

  public get name(): string {
    return this.roleName;
  }

  public get credsPath(): string {
    return credsPath(this.mountPath, this.roleName);
  }

  public grantRead(policy: VaultPolicy): void {
    const ttl = this.leaseTtl;
    policy._grant(this.credsPath, [VaultCapability.READ], ttl === undefined ? undefined : { path: this.credsPath, ttl });
  }
}

function credsPath(mountPath: string, roleName: string): string {
  return `${mountPath}/creds/${roleName}`;
}

/**
 * Where a statement sets a password, in the SQL dialects of Vault's database plugins: PostgreSQL, Redshift,
 * Cassandra, InfluxDB, HANA and Snowflake `PASSWORD 'x'` (`ENCRYPTED PASSWORD`, MSSQL `PASSWORD = N'x'` and
 * `= 0x… HASHED`, MySQL `PASSWORD('x')`), MySQL and Oracle `IDENTIFIED [WITH plugin] BY|AS [PASSWORD|VALUES] x`
 * (Oracle's may be unquoted), MySQL `SET PASSWORD [FOR user] = x`. After `PASSWORD` only a quoted or hex value
 * counts, so `PASSWORD NULL`, `PASSWORD EXPIRE` and `PASSWORD_LOCK_TIME` are not read as passwords.
 */
const PASSWORD_CLAUSES: { clause: string; intro: RegExp; unquoted: boolean }[] = [
  { clause: 'SET PASSWORD', intro: /\bSET\s+PASSWORD\b[^=;]*=\s*(?:PASSWORD\s*\(\s*)?/gi, unquoted: true },
  { clause: 'IDENTIFIED BY', intro: /\bIDENTIFIED\s+(?:WITH\s+(?:'[^']*'|"[^"]*"|[\w$]+)\s+)?(?:BY|AS)\s+(?:(?:PASSWORD|VALUES)\s+)?/gi, unquoted: true },
  { clause: 'PASSWORD', intro: /\bPASSWORD\b\s*(?:=\s*)?(?:\(\s*)?/gi, unquoted: false },
];

/** The plugin's placeholder, which Vault replaces with the password it generates for each lease. */
const PASSWORD_PLACEHOLDER = /\{\{-?\s*\.?password\s*-?\}\}/i;

/**
 * Refuses statements that hold a credential: any the shared scanner finds (a token in a comment, a connection
 * string), and a literal password after a password clause or in a Redis ACL rule (`>secret` and `<secret`, `#<sha256>` and
 * `!<sha256>`),
 * which the scanner cannot judge because SQL gives it no key. A password is accepted only when it contains the
 * `{{password}}` placeholder, so `'{{name}}-2024'` (derivable from the user name) is refused too. Messages name
 * the statement and the clause, never the value.
 */
function refuseLiteralPasswords(scope: IConstruct, prop: string, statements: string[]): void {
  statements.forEach((statement, i) => {
    if (typeof statement !== 'string') return;
    const at = `${prop}[${i}]`;
    refuseCredential(scope, at, statement);
    for (const { clause, intro, unquoted } of PASSWORD_CLAUSES) {
      intro.lastIndex = 0;
      for (let m = intro.exec(statement); m !== null; m = intro.exec(statement)) {
        const value = sqlValueAt(statement, m.index + m[0].length, unquoted);
        if (value !== undefined && value.length > 0 && !PASSWORD_PLACEHOLDER.test(value)) {
          throw new ValidationError(literalPasswordMessage(at, `after ${clause}`, value.length), scope);
        }
        if (m[0].length === 0) intro.lastIndex++;
      }
    }
    for (const rule of redisAclRules(statement)) {
      if (/^[><#!]./.test(rule) && !PASSWORD_PLACEHOLDER.test(rule)) {
        throw new ValidationError(literalPasswordMessage(at, `in the Redis ACL rule '${rule[0]}…'`, rule.length - 1), scope);
      }
    }
  });
}

function literalPasswordMessage(at: string, where: string, length: number): string {
  return `'${at}' sets a literal password (${where}, ${length} chars); a literal credential ends up in Git and in every `
    + 'copy of the manifests: let the plugin generate one per lease with its placeholder, e.g. PASSWORD \'{{password}}\' '
    + '(or IDENTIFIED BY "{{password}}")';
}

/**
 * The SQL value starting at `pos`: a template action, a quoted string (`'…'` with `''` escapes and an optional
 * `N`/`E` prefix, `"…"`, `$tag$…$tag$`), a hex literal, or (when `unquoted`) a bare word; undefined otherwise.
 */
function sqlValueAt(sql: string, pos: number, unquoted: boolean): string | undefined {
  const rest = sql.slice(pos);
  if (rest.startsWith('{{')) {
    const end = rest.indexOf('}}');
    return end < 0 ? rest : rest.slice(0, end + 2);
  }
  const quoted = /^[NnEe]?'((?:[^']|'')*)'|^"((?:[^"]|"")*)"|^\$(\w*)\$([\s\S]*?)\$\3\$/.exec(rest);
  if (quoted) return quoted[1] ?? quoted[2] ?? quoted[4];
  const hex = /^0x[0-9a-f]+/i.exec(rest);
  if (hex) return hex[0];
  if (!unquoted) return undefined;
  return /^[^\s;,)]+/.exec(rest)?.[0];
}

/** The rules of a Redis plugin statement (a JSON array of ACL rules, e.g. `["~*", "+@read"]`); none otherwise. */
function redisAclRules(statement: string): string[] {
  if (!statement.trim().startsWith('[')) return [];
  try {
    const parsed: unknown = JSON.parse(statement);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((r): r is string => typeof r === 'string').flatMap(r => r.split(/\s+/)).filter(r => r.length > 0);
  } catch {
    return [];
  }
}
