import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { VaultOperatorAuthentication } from './authentication';
import { IVaultPolicy, VaultPolicy } from './policy';
import { formatGoDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { sortedStrings, sortedUnique } from '../common/sort';
import { renderAuthentication } from './private/authentication';
import { acknowledgeLongLifetimes, claimVaultPath, longLifetimeProblem, requireReason, ttlSeconds, VAULT_CONFIG_API_VERSION, validateMountPath, validateVaultName } from './private/common';
import { Compliance } from '../compliance/acknowledgement';
import { API_SERVER_AUDIENCE } from '../compliance/rules/vault-audience';

/** The kind of token a Vault login returns (`token_type`). */
export enum VaultTokenType {
  /** The mount's tuned default (service tokens unless changed). */
  DEFAULT = 'default',
  /** Renewable service tokens, stored by Vault. */
  SERVICE = 'service',
  /** Lightweight, non-renewable batch tokens; they cannot create child tokens. */
  BATCH = 'batch',
  /** Service unless the client asks for another type (token store roles). */
  DEFAULT_SERVICE = 'default-service',
  /** Batch unless the client asks for another type (token store roles). */
  DEFAULT_BATCH = 'default-batch',
}

/** How Vault names the identity alias of a logged-in service account (`alias_name_source`). */
export enum VaultAliasNameSource {
  /** The account's UID: a deleted and re-created account of the same name is a new identity. */
  SERVICE_ACCOUNT_UID = 'serviceaccount_uid',
  /** `<namespace>/<name>`: whoever can re-create the account inherits its identity. */
  SERVICE_ACCOUNT_NAME = 'serviceaccount_name',
}

/**
 * A role of Vault's Kubernetes auth method. `name` is the `KubernetesAuthEngineRole` object's `metadata.name`;
 * `roleName` is the name Vault knows the role by (`spec.name`), which may differ from it.
 */
export interface IKubernetesAuthEngineRole extends INamespacedResource {
  /** The role's name inside Vault, what a client logs in with (`spec.name`; by default the `metadata.name`). */
  readonly roleName: string;
  /** Where the Kubernetes auth method is mounted, e.g. `kubernetes`. */
  readonly mountPath: string;
  /** The `aud` claim the role requires; clients must request tokens for this audience. */
  readonly audience: string;
}

/** A role of Vault's Kubernetes auth method written elsewhere, for `fromKubernetesAuthEngineRoleAttributes`. */
export interface KubernetesAuthEngineRoleAttributes {
  /** The role's name inside Vault. */
  readonly roleName: string;
  /** The `aud` claim the role requires. */
  readonly audience: string;
  /**
   * Where the Kubernetes auth method is mounted.
   *
   * @default 'kubernetes'
   */
  readonly mountPath?: string;
}

/** Props for `KubernetesAuthEngineRole`. */
export interface KubernetesAuthEngineRoleProps {
  /** How vault-config-operator logs in to Vault to write the role (it needs `auth/<mount>/role/<name>`). */
  readonly authentication: VaultOperatorAuthentication;
  /**
   * The service accounts that may log in. Vault matches names and namespaces independently, so every
   * combination of the accounts' names and namespaces is bound; accounts whose combinations would bind an
   * account not listed here are rejected (create one role per namespace instead).
   *
   * @default - none; required unless `allowAnyServiceAccountName` is set
   */
  readonly serviceAccounts?: kplus.IServiceAccount[];
  /**
   * Binds every service account name (`*`) in the bound namespaces. Give the reason (at least 10
   * characters); `serviceAccounts` must then be omitted and `boundNamespaces` given.
   *
   * @default - only the names of `serviceAccounts`
   */
  readonly allowAnyServiceAccountName?: string;
  /**
   * The namespaces to bind when `allowAnyServiceAccountName` is set (otherwise they come from
   * `serviceAccounts`).
   *
   * @default - the namespaces of `serviceAccounts`
   */
  readonly boundNamespaces?: string[];
  /**
   * Binds the accounts in every namespace (`*`). Give the reason (at least 10 characters).
   *
   * @default - only the namespaces of `serviceAccounts`
   */
  readonly allowAnyNamespace?: string;
  /**
   * The `aud` claim a login token must carry, e.g. `vault`. Set the same value in the client's token
   * request (ESO `serviceAccountRef.audiences`): a token minted for the API server then cannot be replayed
   * against Vault.
   */
  readonly audience: string;
  /**
   * Lifetime of a login token. Vault revokes every lease a token obtained when the token expires, so this
   * must be at least the lease TTL of every database role granted through `policies`. The check (at
   * synthesis) covers leases granted with `grantRead()` to a `VaultPolicy` of this app; policies imported
   * with `fromPolicyName` are opaque to it.
   *
   * @default - the longest lease TTL granted through the role's policies (`grantRead`), or 15 minutes
   */
  readonly tokenTTL?: Duration;
  /**
   * The longest a login token may live, renewals included; at least `tokenTTL`.
   *
   * @default - the token TTL, so tokens cannot be renewed
   */
  readonly tokenMaxTTL?: Duration;
  /**
   * The policies a login token carries; more can be added with `addPolicy()`.
   *
   * @default - none; at least one is required before synthesis
   */
  readonly policies?: IVaultPolicy[];
  /**
   * Leaves Vault's `default` policy off login tokens, so they carry only `policies`.
   *
   * @default true
   */
  readonly tokenNoDefaultPolicy?: boolean;
  /**
   * The type of token a login returns.
   *
   * @default VaultTokenType.DEFAULT
   */
  readonly tokenType?: VaultTokenType;
  /**
   * How Vault names the identity alias of a logged-in account. `SERVICE_ACCOUNT_NAME` needs
   * `acknowledgeAliasByName`.
   *
   * @default VaultAliasNameSource.SERVICE_ACCOUNT_UID
   */
  readonly aliasNameSource?: VaultAliasNameSource;
  /**
   * The written reason for `VaultAliasNameSource.SERVICE_ACCOUNT_NAME`, under which whoever re-creates an account
   * of the same name inherits its Vault identity; it acknowledges ZT-VAULT3 on the role.
   *
   * @default - required with SERVICE_ACCOUNT_NAME, refused otherwise
   */
  readonly acknowledgeAliasByName?: string;
  /**
   * The written reason for a token TTL (explicit or derived from the granted leases) or max TTL of more than a
   * day; it acknowledges ZT-VAULT2 on the role.
   *
   * @default - lifetimes of at most a day
   */
  readonly acknowledgeLongLivedTokens?: string;
  /**
   * Where the Kubernetes auth method is mounted.
   *
   * @default 'kubernetes'
   */
  readonly mountPath?: string;
  /**
   * The role's name inside Vault.
   *
   * @default - the object's `metadata.name`
   */
  readonly roleName?: string;
  /** Metadata of the `KubernetesAuthEngineRole` object. @default - a name generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
}

const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
const AUDIENCE = /^\S+$/;

/**
 * A role of Vault's Kubernetes auth method managed by vault-config-operator (`KubernetesAuthEngineRole`,
 * written to `auth/<mount>/role/<name>`): which service accounts may log in, for which audience, with
 * which policies, and for how long.
 *
 * Least privilege by default: exact account names and namespaces (wildcards only with a stated reason), a
 * required audience, no `default` policy, and tokens that live as long as the credentials they obtain.
 */
export class KubernetesAuthEngineRole extends Resource implements IKubernetesAuthEngineRole {
  /** References a role that already exists in Vault, e.g. for a client that logs in with it. */
  public static fromKubernetesAuthEngineRoleAttributes(
    scope: Construct, id: string, attrs: KubernetesAuthEngineRoleAttributes,
  ): IKubernetesAuthEngineRole {
    requireProps(attrs, 'KubernetesAuthEngineRoleAttributes', ['roleName', 'audience'], scope, id);
    return new ImportedKubernetesAuthEngineRole(scope, id, {
      roleName: validateVaultName(undefined, 'roleName', attrs.roleName),
      audience: validateAudience(undefined, attrs.audience),
      mountPath: validateMountPath(undefined, 'mountPath', attrs.mountPath ?? 'kubernetes'),
    });
  }

  public readonly roleName: string;
  public readonly mountPath: string;
  public readonly audience: string;
  private readonly authentication: any;
  private readonly names: string[];
  private readonly namespaces: string[];
  private readonly explicitTokenTtl?: number;
  private readonly explicitTokenMaxTtl?: number;
  private readonly tokenNoDefaultPolicy: boolean;
  private readonly tokenType: VaultTokenType;
  private readonly aliasNameSource: VaultAliasNameSource;
  private readonly policies: IVaultPolicy[] = [];
  private readonly acknowledgeLongLivedTokens?: string;

  public constructor(scope: Construct, id: string, props: KubernetesAuthEngineRoleProps) {
    super(scope, id, { apiVersion: VAULT_CONFIG_API_VERSION, kind: 'KubernetesAuthEngineRole', namespaced: true },
      requireProps(props, 'KubernetesAuthEngineRoleProps', ['authentication', 'audience'], scope, id));
    this.roleName = props.roleName === undefined ? this.name : validateVaultName(this, 'roleName', props.roleName);
    this.mountPath = validateMountPath(this, 'mountPath', props.mountPath ?? 'kubernetes');
    this.audience = validateAudience(this, props.audience);
    [this.names, this.namespaces] = bindings(this, props);

    if (props.tokenTTL !== undefined) this.explicitTokenTtl = ttlSeconds(this, 'tokenTTL', props.tokenTTL);
    if (props.tokenMaxTTL !== undefined) this.explicitTokenMaxTtl = ttlSeconds(this, 'tokenMaxTTL', props.tokenMaxTTL);
    if (this.explicitTokenTtl !== undefined && this.explicitTokenMaxTtl !== undefined && this.explicitTokenTtl > this.explicitTokenMaxTtl) {
      throw new ValidationError(`'tokenTTL' (${seconds(this.explicitTokenTtl)}) must not exceed 'tokenMaxTTL' (${seconds(this.explicitTokenMaxTtl)}); raise tokenMaxTTL or omit it to use tokenTTL`, this);
    }
    this.tokenNoDefaultPolicy = props.tokenNoDefaultPolicy ?? true;
    this.tokenType = props.tokenType ?? VaultTokenType.DEFAULT;
    this.aliasNameSource = props.aliasNameSource ?? VaultAliasNameSource.SERVICE_ACCOUNT_UID;
    const byName = this.aliasNameSource === VaultAliasNameSource.SERVICE_ACCOUNT_NAME;
    if (byName && props.acknowledgeAliasByName === undefined) {
      throw new ValidationError('\'aliasNameSource\' (serviceaccount_name) lets whoever re-creates an account of the same name inherit its Vault identity and entity policies; keep SERVICE_ACCOUNT_UID, or set acknowledgeAliasByName to the reason', this);
    }
    if (!byName && props.acknowledgeAliasByName !== undefined) {
      throw new ValidationError(`'acknowledgeAliasByName' is set but 'aliasNameSource' is ${this.aliasNameSource}; remove it`, this);
    }
    if (props.acknowledgeAliasByName !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('acknowledgeAliasByName', 'ZT-VAULT3', props.acknowledgeAliasByName, 'why identities follow account names rather than UIDs');
    }
    if (props.allowAnyServiceAccountName !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('allowAnyServiceAccountName', 'ZT-VAULT1', props.allowAnyServiceAccountName, 'why every service account name may log in');
    }
    if (props.allowAnyNamespace !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('allowAnyNamespace', 'ZT-VAULT1', props.allowAnyNamespace, 'why accounts of every namespace may log in');
    }
    this.acknowledgeLongLivedTokens = props.acknowledgeLongLivedTokens;
    acknowledgeLongLifetimes(this, 'acknowledgeLongLivedTokens', props.acknowledgeLongLivedTokens);
    this.authentication = renderAuthentication(this, props.authentication, this.namespace ?? Chart.of(this).namespace);
    claimVaultPath(this, 'roleName', this.roleName, `auth/${this.mountPath}/role/${this.roleName}`, props.authentication.vaultNamespace);
    for (const policy of props.policies ?? []) this.addPolicy(policy);
    this.node.addValidation({ validate: () => this.validateRole() });
  }

  /** Adds a policy to the login tokens of this role. */
  public addPolicy(policy: IVaultPolicy): void {
    if (this.policies.some(p => p.policyName === policy.policyName)) {
      throw new ValidationError(`'policies' already contains "${policy.policyName}" in role "${this.roleName}"; add each policy once`, this);
    }
    this.policies.push(policy);
  }

  /** The service account names bound to this role, sorted (`*` only with `allowAnyServiceAccountName`). */
  public get boundServiceAccountNames(): string[] {
    return [...this.names];
  }

  /** The namespaces bound to this role, sorted (`*` only with `allowAnyNamespace`). */
  public get boundServiceAccountNamespaces(): string[] {
    return [...this.namespaces];
  }

  /** Lifetime of a login token: the explicit `tokenTTL`, or the longest lease granted through the policies. */
  public get tokenTTL(): Duration {
    return Duration.seconds(this.tokenTtlSeconds());
  }

  /** The longest a login token may live, renewals included. */
  public get tokenMaxTTL(): Duration {
    return Duration.seconds(this.explicitTokenMaxTtl ?? this.tokenTtlSeconds());
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      authentication: this.authentication,
      path: this.mountPath,
      name: this.roleName,
      targetServiceAccounts: [...this.names],
      targetNamespaces: { targetNamespaces: [...this.namespaces] },
      audience: this.audience,
      aliasNameSource: this.aliasNameSource,
      policies: sortedStrings(this.policies.map(p => p.policyName)),
      tokenTTL: this.tokenTtlSeconds(),
      tokenMaxTTL: this.explicitTokenMaxTtl ?? this.tokenTtlSeconds(),
      tokenNoDefaultPolicy: this.tokenNoDefaultPolicy,
      tokenType: this.tokenType,
    };
  }

  private leaseGrants(): { policy: string; path: string; seconds: number }[] {
    return this.policies
      .flatMap(p => p instanceof VaultPolicy
        ? p.leaseGrants.map(l => ({ policy: p.policyName, path: l.path, seconds: l.ttl.toSeconds() }))
        : []);
  }

  private tokenTtlSeconds(): number {
    if (this.explicitTokenTtl !== undefined) return this.explicitTokenTtl;
    const leases = this.leaseGrants().map(l => l.seconds);
    return leases.length === 0 ? DEFAULT_TOKEN_TTL_SECONDS : Math.max(...leases);
  }

  private validateRole(): string[] {
    const errors: string[] = [];
    if (this.policies.length === 0) {
      errors.push(`KubernetesAuthEngineRole "${this.roleName}" has no policies, so its tokens could do nothing; add one with addPolicy()`);
    }
    const ttl = this.tokenTtlSeconds();
    if (this.explicitTokenMaxTtl !== undefined && ttl > this.explicitTokenMaxTtl) {
      errors.push(`'tokenMaxTTL' (${seconds(this.explicitTokenMaxTtl)}) of role "${this.roleName}" is below its token TTL ${seconds(ttl)} (derived from the leases its policies grant); raise tokenMaxTTL to at least ${seconds(ttl)} or omit it`);
    }
    const lifetime = longLifetimeProblem(this, 'acknowledgeLongLivedTokens',
      [['tokenTTL', ttl], ['tokenMaxTTL', this.explicitTokenMaxTtl ?? ttl]], this.acknowledgeLongLivedTokens);
    if (lifetime !== undefined) errors.push(lifetime);
    for (const lease of this.leaseGrants()) {
      if (ttl < lease.seconds) {
        errors.push(`'tokenTTL' (${seconds(ttl)}) of role "${this.roleName}" is shorter than the ${seconds(lease.seconds)} lease of "${lease.path}" granted by policy "${lease.policy}": Vault revokes a token's leases when the token expires, so the credentials would die after ${seconds(ttl)}; set tokenTTL to at least ${seconds(lease.seconds)} or omit it`);
      }
    }
    return errors;
  }
}

/** A role written elsewhere: it has no `KubernetesAuthEngineRole` object here, so its `name` is its Vault name. */
class ImportedKubernetesAuthEngineRole extends Construct implements IKubernetesAuthEngineRole {
  public readonly apiVersion = VAULT_CONFIG_API_VERSION;
  public readonly kind = 'KubernetesAuthEngineRole';
  public readonly roleName: string;
  public readonly audience: string;
  public readonly mountPath: string;

  public constructor(scope: Construct, id: string, attrs: Required<KubernetesAuthEngineRoleAttributes>) {
    super(scope, id);
    this.roleName = attrs.roleName;
    this.audience = attrs.audience;
    this.mountPath = attrs.mountPath;
  }

  public get name(): string {
    return this.roleName;
  }
}

function validateAudience(scope: IConstruct | undefined, audience: string): string {
  if (!AUDIENCE.test(audience)) {
    throw new ValidationError(`'audience' (${JSON.stringify(audience)}) must be a non-empty audience without spaces; e.g. "vault"`, scope);
  }
  if (API_SERVER_AUDIENCE.test(audience)) {
    throw new ValidationError(`'audience' (${JSON.stringify(audience)}) is the API server's own audience, which every mounted service account token carries, so any pod's token would log in; use an audience of Vault's own, e.g. "vault"`, scope);
  }
  return audience;
}

/** The bound names and namespaces, sorted, after the wildcard opt-ins and the combination check. */
function bindings(scope: IConstruct, props: KubernetesAuthEngineRoleProps): [string[], string[]] {
  const accounts = props.serviceAccounts ?? [];
  const anyName = props.allowAnyServiceAccountName !== undefined;
  const anyNamespace = props.allowAnyNamespace !== undefined;
  checkBindingOptions(scope, props);
  const pairs = accountPairs(scope, accounts);
  const names = anyName ? ['*'] : sortedUnique(accounts.map(a => a.name));
  const namespaces = anyNamespace ? ['*'] : anyName
    ? boundNamespaces(scope, props.boundNamespaces!)
    : sortedUnique([...pairs].map(p => p.split('/')[0]));
  if (!anyName && !anyNamespace) {
    const extra = namespaces.flatMap(ns => names.map(n => `${ns}/${n}`)).filter(p => !pairs.has(p));
    if (extra.length > 0) {
      throw new ValidationError(`'serviceAccounts' span names [${names.join(', ')}] and namespaces [${namespaces.join(', ')}]; Vault matches them independently, so the role would also admit ${extra.join(', ')}; create one role per namespace`, scope);
    }
  }
  return [names, namespaces];
}

/** The wildcard opt-ins (with their reasons) against `serviceAccounts` and `boundNamespaces`. */
function checkBindingOptions(scope: IConstruct, props: KubernetesAuthEngineRoleProps): void {
  const accounts = props.serviceAccounts ?? [];
  const anyName = props.allowAnyServiceAccountName !== undefined;
  const anyNamespace = props.allowAnyNamespace !== undefined;
  if (anyName) requireReason(scope, 'allowAnyServiceAccountName', props.allowAnyServiceAccountName!);
  if (anyNamespace) requireReason(scope, 'allowAnyNamespace', props.allowAnyNamespace!);

  if (anyName && accounts.length > 0) {
    throw new ValidationError('\'serviceAccounts\' cannot be combined with \'allowAnyServiceAccountName\': Vault does not mix "*" with names; remove one of them', scope);
  }
  if (!anyName && accounts.length === 0) {
    throw new ValidationError('\'serviceAccounts\' is empty; list the accounts that may log in, e.g. [pipelineServiceAccount]', scope);
  }
  if (props.boundNamespaces !== undefined && !anyName) {
    throw new ValidationError('\'boundNamespaces\' is only used with \'allowAnyServiceAccountName\'; the namespaces come from \'serviceAccounts\', so remove it', scope);
  }
  if (props.boundNamespaces !== undefined && anyNamespace) {
    throw new ValidationError('\'boundNamespaces\' cannot be combined with \'allowAnyNamespace\': Vault does not mix "*" with namespaces; remove one of them', scope);
  }
  if (anyName && !anyNamespace && (props.boundNamespaces ?? []).length === 0) {
    throw new ValidationError('\'boundNamespaces\' is empty; with \'allowAnyServiceAccountName\' list the namespaces whose accounts may log in, e.g. ["ci-cd"]', scope);
  }
}

/** The accounts as `<namespace>/<name>`, each checked: named, in a namespace, not `default`, listed once. */
function accountPairs(scope: IConstruct, accounts: kplus.IServiceAccount[]): Set<string> {
  const pairs = new Set<string>();
  accounts.forEach((account, i) => {
    validateDnsSubdomain(scope, `serviceAccounts[${i}].name`, account.name);
    const namespace = account instanceof kplus.ServiceAccount
      ? account.metadata.namespace
      : account.toSubjectConfiguration().namespace;
    if (namespace === undefined) {
      throw new ValidationError(`'serviceAccounts[${i}]' (${account.name}) has no namespace, so the role cannot bind it; set the account's metadata.namespace or its chart's namespace`, scope);
    }
    if (account.name === 'default') {
      throw new ValidationError(`'serviceAccounts[${i}]' (${namespace}/default) is the namespace's default account, which every pod without its own account runs as; give the workload its own service account`, scope);
    }
    const pair = `${namespace}/${account.name}`;
    if (pairs.has(pair)) throw new ValidationError(`'serviceAccounts[${i}]' (${pair}) is listed twice; list each account once`, scope);
    pairs.add(pair);
  });
  return pairs;
}

/** `boundNamespaces` (with `allowAnyServiceAccountName`), checked and sorted. */
function boundNamespaces(scope: IConstruct, values: string[]): string[] {
  values.forEach((ns, i) => validateDnsLabel(scope, `boundNamespaces[${i}]`, ns));
  const namespaces = sortedUnique(values);
  if (namespaces.length !== values.length) {
    throw new ValidationError(`'boundNamespaces' (${JSON.stringify(values)}) lists a namespace twice; list each once`, scope);
  }
  return namespaces;
}

function seconds(value: number): string {
  return formatGoDuration(value * 1000);
}
