import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { VaultOperatorAuthentication } from './authentication';
import { formatGoDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { isDnsLabel } from '../common/names';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { renderAuthentication } from './private/authentication';
import { acknowledgeLongLifetimes, claimVaultPath, longLifetimeProblem, ttlSeconds, VAULT_CONFIG_API_VERSION, validateMountPath } from './private/common';
import { rolesOnMount } from './private/roles-on-mount';

const ENGINE_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The secrets engine a `SecretEngineMount` enables (`spec.type`, and the options that type needs). */
export class SecretEngineType {
  /** The database secrets engine: short-lived database users issued per lease. */
  public static readonly DATABASE = new SecretEngineType('database');
  /** The versioned key/value secrets engine (KV version 2, `options.version: "2"`). */
  public static readonly KV_V2 = new SecretEngineType('kv', { version: '2' });
  /** The PKI secrets engine: X.509 certificates issued per request. */
  public static readonly PKI = new SecretEngineType('pki');
  /** The transit secrets engine: encryption as a service, keys never leave Vault. */
  public static readonly TRANSIT = new SecretEngineType('transit');

  /**
   * Another secrets engine or plugin, by the type name Vault registers it under (e.g. `aws`, `ssh`).
   *
   * @param type letters, digits, '_', '.' and '-', starting with a letter or digit
   */
  public static custom(type: string): SecretEngineType {
    if (!ENGINE_TYPE.test(type)) {
      throw new ValidationError(`'SecretEngineType.custom' (${JSON.stringify(type)}) must be a Vault secrets engine type: letters, digits, '_', '.' or '-'; e.g. "aws"`);
    }
    return new SecretEngineType(type);
  }

  private constructor(
    /** The type name Vault knows the engine by, e.g. `database`. */
    public readonly type: string,
    private readonly options?: { [key: string]: string }) {}

  /** @internal */
  public _options(): { [key: string]: string } | undefined {
    return this.options ? { ...this.options } : undefined;
  }
}

/**
 * A secrets engine mounted in Vault, defined in this app or imported by path. `name` is the `SecretEngineMount`
 * object's `metadata.name`; `mountPath` is where Vault serves the engine.
 */
export interface ISecretEngineMount extends INamespacedResource {
  /** Where the engine is mounted, e.g. `database` or `teams/ci/database`. */
  readonly mountPath: string;
  /**
   * The engine's type, e.g. `database`.
   *
   * @default - unknown (imported without it)
   */
  readonly engineType?: string;
}

/** A secrets engine mounted elsewhere, for `fromSecretEngineMountAttributes`. */
export interface SecretEngineMountAttributes {
  /** Where the engine is mounted. */
  readonly mountPath: string;
  /**
   * The engine's type, so constructs that need a given type (`DatabaseSecretEngineConfig`) can check it.
   *
   * @default - unknown
   */
  readonly engineType?: SecretEngineType;
}

/** Props for `SecretEngineMount`. */
export interface SecretEngineMountProps {
  /**
   * How vault-config-operator logs in to Vault to mount the engine (it needs `sys/mounts/<mountPath>` and its
   * `tune` endpoint).
   */
  readonly authentication: VaultOperatorAuthentication;
  /** The secrets engine to mount. */
  readonly type: SecretEngineType;
  /**
   * Where to mount the engine. Its last segment becomes the object's Vault name (`spec.name`) and must be a
   * DNS-1123 label; the segments before it become `spec.path`.
   *
   * @default - the type's name, as `vault secrets enable <type>` does (e.g. `database`)
   */
  readonly mountPath?: string;
  /**
   * The longest any lease of the engine may live, renewals included: Vault cuts every role's `maxTTL` to it.
   * A `DatabaseSecretEngineRole` on this mount (in the same chart and Vault namespace) whose `maxTTL` is longer
   * fails synthesis, because its credentials would expire earlier than it says.
   *
   * @default Duration.days(1)
   */
  readonly maxLeaseTTL?: Duration;
  /**
   * The lease TTL of roles that set none; at most `maxLeaseTTL`.
   *
   * @default - one hour, or `maxLeaseTTL` when that is shorter
   */
  readonly defaultLeaseTTL?: Duration;
  /**
   * A description shown in `vault secrets list`.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * The written reason for a `maxLeaseTTL` or `defaultLeaseTTL` of more than a day; it acknowledges ZT-VAULT2 on the
   * mount.
   *
   * @default - lifetimes of at most a day
   */
  readonly acknowledgeLongLivedCredentials?: string;
  /** Metadata of the `SecretEngineMount` object. @default - a name generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
}

const DEFAULT_LEASE_SECONDS = 60 * 60;
const DEFAULT_MAX_LEASE_SECONDS = 24 * 60 * 60;

/**
 * A secrets engine mounted by vault-config-operator (`SecretEngineMount`, written to `sys/mounts/<mountPath>`),
 * with its lease lifetimes tuned: by default no lease of the engine outlives a day, instead of Vault's 32 days.
 *
 * The mount is listed only to clients allowed to see it (`listingVisibility: hidden`), and no request or
 * response field is exempted from audit hashing.
 */
export class SecretEngineMount extends Resource implements ISecretEngineMount {
  /** References an engine already mounted in Vault, e.g. by the platform team. */
  public static fromMountPath(scope: Construct, id: string, mountPath: string): ISecretEngineMount {
    return SecretEngineMount.fromSecretEngineMountAttributes(scope, id, { mountPath });
  }

  /** References an engine already mounted in Vault, with its type. */
  public static fromSecretEngineMountAttributes(scope: Construct, id: string, attrs: SecretEngineMountAttributes): ISecretEngineMount {
    requireProps(attrs, 'SecretEngineMountAttributes', ['mountPath'], scope, id);
    return new ImportedSecretEngineMount(scope, id, validateMountPath(undefined, 'mountPath', attrs.mountPath), attrs.engineType?.type);
  }

  public readonly mountPath: string;
  public readonly engineType?: string;
  /** The longest a lease of the engine may live. */
  public readonly maxLeaseTTL: Duration;
  /** The lease TTL of roles that set none. */
  public readonly defaultLeaseTTL: Duration;
  private readonly type: SecretEngineType;
  private readonly authentication: any;
  private readonly description?: string;

  public constructor(scope: Construct, id: string, props: SecretEngineMountProps) {
    super(scope, id, { apiVersion: VAULT_CONFIG_API_VERSION, kind: 'SecretEngineMount', namespaced: true },
      requireProps(props, 'SecretEngineMountProps', ['authentication', 'type'], scope, id));
    this.type = props.type;
    this.engineType = props.type.type;
    this.mountPath = validateEngineMountPath(this, props.mountPath ?? props.type.type);
    if (props.description !== undefined) refuseCredential(this, 'description', props.description);
    this.description = props.description;
    const maxSeconds = ttlSeconds(this, 'maxLeaseTTL', props.maxLeaseTTL ?? Duration.seconds(DEFAULT_MAX_LEASE_SECONDS));
    const defaultSeconds = props.defaultLeaseTTL === undefined
      ? Math.min(DEFAULT_LEASE_SECONDS, maxSeconds)
      : ttlSeconds(this, 'defaultLeaseTTL', props.defaultLeaseTTL);
    if (defaultSeconds > maxSeconds) {
      throw new ValidationError(`'defaultLeaseTTL' (${formatGoDuration(defaultSeconds * 1000)}) must not exceed 'maxLeaseTTL' (${formatGoDuration(maxSeconds * 1000)}): Vault caps every lease at the mount's maximum; raise maxLeaseTTL or lower defaultLeaseTTL`, this);
    }
    this.maxLeaseTTL = Duration.seconds(maxSeconds);
    this.defaultLeaseTTL = Duration.seconds(defaultSeconds);
    acknowledgeLongLifetimes(this, 'acknowledgeLongLivedCredentials', props.acknowledgeLongLivedCredentials);
    const problem = longLifetimeProblem(this, 'acknowledgeLongLivedCredentials',
      [['defaultLeaseTTL', defaultSeconds], ['maxLeaseTTL', maxSeconds]], props.acknowledgeLongLivedCredentials);
    if (problem !== undefined) throw new ValidationError(problem, this);
    this.authentication = renderAuthentication(this, props.authentication, this.namespace ?? Chart.of(this).namespace);
    claimVaultPath(this, 'mountPath', this.mountPath, `sys/mounts/${this.mountPath}`, props.authentication.vaultNamespace);
    this.node.addValidation({ validate: () => this.cappedRoles(props.authentication.vaultNamespace) });
  }

  /** Roles on this mount (same chart, same Vault namespace) whose leases Vault would cut short to the mount's maximum. */
  private cappedRoles(vaultNamespace: string | undefined): string[] {
    const max = this.maxLeaseTTL.toSeconds();
    return rolesOnMount(this, this.mountPath, vaultNamespace)
      .filter(role => role.maxTTL.toSeconds() > max)
      .map(role => `DatabaseSecretEngineRole ${role.node.path} has maxTTL ${formatGoDuration(role.maxTTL.toMilliseconds())} but its mount `
        + `"${this.mountPath}" (${this.node.path}) caps every lease at maxLeaseTTL ${formatGoDuration(max * 1000)}: its credentials would `
        + 'expire before the time it promises (a task would lose its database user mid-run); raise the mount\'s maxLeaseTTL or shorten the role');
  }

  /** @internal */
  public _renderSpec(): any {
    const slash = this.mountPath.lastIndexOf('/');
    return {
      authentication: this.authentication,
      type: this.type.type,
      path: slash === -1 ? undefined : this.mountPath.slice(0, slash),
      name: this.mountPath.slice(slash + 1),
      description: this.description,
      config: {
        defaultLeaseTTL: formatGoDuration(this.defaultLeaseTTL.toMilliseconds()),
        maxLeaseTTL: formatGoDuration(this.maxLeaseTTL.toMilliseconds()),
        listingVisibility: 'hidden',
      },
      options: this.type._options(),
    };
  }
}

/** An engine mounted elsewhere: it has no `SecretEngineMount` object here, so its `name` is its mount path. */
class ImportedSecretEngineMount extends Construct implements ISecretEngineMount {
  public readonly apiVersion = VAULT_CONFIG_API_VERSION;
  public readonly kind = 'SecretEngineMount';

  public constructor(scope: Construct, id: string, public readonly mountPath: string, public readonly engineType?: string) {
    super(scope, id);
  }

  public get name(): string {
    return this.mountPath;
  }
}

/** The operator mounts at `<spec.path>/<spec.name>`, and `spec.name` must be a DNS-1123 label. */
function validateEngineMountPath(scope: Construct, path: string): string {
  validateMountPath(scope, 'mountPath', path);
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (!isDnsLabel(last)) {
    throw new ValidationError(`'mountPath' (${JSON.stringify(path)}) must end in a DNS-1123 label (lower-case letters, digits and '-'): vault-config-operator mounts at <spec.path>/<spec.name> and checks spec.name as one; e.g. "database" or "teams/ci/postgres"`, scope);
  }
  return path;
}
