import { ApiObjectMetadata, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { VaultOperatorAuthentication } from './authentication';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { renderAuthentication } from './private/authentication';
import { claimVaultPath, VAULT_CONFIG_API_VERSION, validateVaultName } from './private/common';
import { vaultPolicyPathProblem } from './private/policy-path';

/**
 * A capability in a Vault ACL policy `path` block. Members are listed, and rendered, in the order Vault's
 * documentation uses.
 */
export enum VaultCapability {
  /** Create data at the path (HTTP POST/PUT where the data does not exist yet). */
  CREATE = 'create',
  /**
   * Read the path (HTTP GET). Reading `<database-mount>/creds/<role>` issues a new credential: it is a GET,
   * so `read` is the capability it needs.
   */
  READ = 'read',
  /** Change existing data (HTTP POST/PUT). */
  UPDATE = 'update',
  /** Partially update existing data (HTTP PATCH). */
  PATCH = 'patch',
  /** Delete the path (HTTP DELETE). */
  DELETE = 'delete',
  /** List keys under the path (HTTP LIST). */
  LIST = 'list',
  /** Use root-protected endpoints; combine with the capability the request needs. */
  SUDO = 'sudo',
  /** Deny access, overriding every other capability granted on the path by any policy. */
  DENY = 'deny',
}

const CAPABILITY_ORDER: VaultCapability[] = Object.values(VaultCapability);

/**
 * A Vault ACL policy, defined in this app or imported by name. `name` is the `Policy` object's `metadata.name`;
 * `policyName` is the name Vault knows the policy by (`spec.name`), which may differ from it.
 */
export interface IVaultPolicy extends INamespacedResource {
  /**
   * The policy's name inside Vault, as auth roles list it in `token_policies` (`spec.name`): by default the
   * object's `metadata.name`, but a different value can be chosen (`VaultPolicyProps.policyName`).
   */
  readonly policyName: string;
}

/** Props for `VaultPolicy`. */
export interface VaultPolicyProps {
  /** How vault-config-operator logs in to Vault to write the policy (it needs `sys/policies/acl/<name>`). */
  readonly authentication: VaultOperatorAuthentication;
  /**
   * The policy's name inside Vault.
   *
   * @default - the object's `metadata.name`
   */
  readonly policyName?: string;
  /** Metadata of the `Policy` object. @default - a name generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
}

interface PathRule {
  readonly capabilities: Set<VaultCapability>;
  /** Set by `addPath`, which owns the block; `grant` only merges into blocks it created itself. */
  readonly explicit: boolean;
}

/** A credential lease a policy grants, so auth roles holding the policy can check their token TTL. */
export interface VaultLeaseGrant {
  /** The path the lease is read from, e.g. `database/creds/ci-migrate`. */
  readonly path: string;
  /** How long one lease lives before Vault revokes it (the secrets-engine role's default TTL). */
  readonly ttl: Duration;
}

/**
 * A Vault ACL policy managed by vault-config-operator (`Policy`, written to `sys/policies/acl/<name>`),
 * built from typed rules and rendered to HCL.
 *
 * A policy says which paths a token may touch and how; it cannot say for how long. Vault accepts only
 * `capabilities` and a few parameter and response-wrapping constraints inside a `path` block and rejects a
 * policy with `ttl` or `max_ttl` there (`invalid key "ttl"`). Lifetimes belong on the roles: the auth role's
 * `tokenTTL`/`tokenMaxTTL` bound the login token (and, because revoking a token revokes its leases, every
 * credential it obtained), and the secrets-engine role's `defaultTTL`/`maxTTL` bound each credential. This
 * class therefore only renders `capabilities`, so the invalid form cannot be expressed.
 *
 * Output is deterministic: paths are sorted and capabilities appear in a fixed order.
 */
export class VaultPolicy extends Resource implements IVaultPolicy {
  /** References a policy that already exists in Vault (e.g. written by another team). */
  public static fromPolicyName(scope: Construct, id: string, policyName: string): IVaultPolicy {
    validateVaultName(undefined, 'policyName', policyName);
    return new ImportedVaultPolicy(scope, id, policyName);
  }

  public readonly policyName: string;
  private readonly authentication: any;
  private readonly rules = new Map<string, PathRule>();
  private readonly leases: VaultLeaseGrant[] = [];

  public constructor(scope: Construct, id: string, props: VaultPolicyProps) {
    super(scope, id, { apiVersion: VAULT_CONFIG_API_VERSION, kind: 'Policy', namespaced: true },
      requireProps(props, 'VaultPolicyProps', ['authentication'], scope, id));
    if (props.policyName !== undefined) validateVaultName(this, 'policyName', props.policyName);
    if (['root', 'default'].includes(props.policyName ?? this.name)) {
      throw new ValidationError(`'policyName' ("${props.policyName ?? this.name}") is a built-in Vault policy; managing it from here would change every token that carries it; choose another name, e.g. "ci-migrate"`, this);
    }
    this.policyName = props.policyName ?? this.name;
    this.authentication = renderAuthentication(this, props.authentication, this.namespace ?? Chart.of(this).namespace);
    claimVaultPath(this, 'policyName', this.policyName, `sys/policies/acl/${this.policyName}`, props.authentication.vaultNamespace);
    this.node.addValidation({
      validate: () => this.rules.size === 0
        ? [`VaultPolicy "${this.policyName}" has no paths and would grant nothing; add one with addPath() or a grantRead()`]
        : [],
    });
  }

  /**
   * Grants `capabilities` on `path`. Each path may be added once; `DENY` cannot be combined with other
   * capabilities because it overrides them.
   *
   * A path may hold Vault ACL templates (`VaultPolicyTemplate`), one per segment, which Vault fills in from each
   * token's identity: `secret/data/tenants/{{identity.entity.aliases.<accessor>.metadata.service_account_namespace}}/*`
   * gives every namespace its own subtree with one policy. Templates are refused where they would widen the
   * grant (in the first segment, in the segment a `*` extends, after a `+` segment), as are parameters Vault
   * does not resolve and unbalanced braces.
   *
   * @param path e.g. `database/creds/ci-migrate`, `secret/data/ci/+/config`, `secret/metadata/ci/*` or
   * `secret/data/tenants/${VaultPolicyTemplate.kubernetesNamespace()}/*`
   */
  public addPath(path: string, capabilities: VaultCapability[]): void {
    checkPath(this, path);
    const existing = this.rules.get(path);
    if (existing) {
      throw new ValidationError(`'path' ("${path}") is already in policy "${this.policyName}" with [${renderCapabilities(existing.capabilities)}]; list all capabilities in one addPath() call`, this);
    }
    this.rules.set(path, { capabilities: checkCapabilities(this, path, capabilities), explicit: true });
  }

  /** The paths of this policy, sorted. */
  public get paths(): string[] {
    return sortedStrings(this.rules.keys());
  }

  /** The capabilities granted on `path`, in Vault's order, or an empty list if the path is not in the policy. */
  public capabilitiesOf(path: string): VaultCapability[] {
    const rule = this.rules.get(path);
    return rule ? sortCapabilities(rule.capabilities) : [];
  }

  /** The credential leases granted through this policy, for TTL checks by the auth roles that carry it. */
  public get leaseGrants(): VaultLeaseGrant[] {
    return [...this.leases];
  }

  /** The policy in HCL, exactly as the `Policy` object carries it. */
  public toHcl(): string {
    return this.paths
      .map(path => `path "${path}" {\n  capabilities = [${renderCapabilities(this.rules.get(path)!.capabilities)}]\n}\n`)
      .join('\n');
  }

  /**
   * Adds `capabilities` to `path` on behalf of a `grantXxx()` method: repeated grants of the same path
   * merge, but a path set with `addPath()` is left to its owner.
   *
   * @internal
   */
  public _grant(path: string, capabilities: VaultCapability[], lease?: VaultLeaseGrant): void {
    checkPath(this, path);
    const existing = this.rules.get(path);
    if (existing?.explicit) {
      throw new ValidationError(`'path' ("${path}") was added to policy "${this.policyName}" with addPath(); grant it there or remove that call`, this);
    }
    const merged = new Set<VaultCapability>([...(existing?.capabilities ?? []), ...capabilities]);
    this.rules.set(path, { capabilities: checkCapabilities(this, path, [...merged]), explicit: false });
    if (lease && !this.leases.some(l => l.path === lease.path)) this.leases.push(lease);
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      authentication: this.authentication,
      name: this.policyName,
      type: 'acl',
      policy: this.toHcl(),
    };
  }
}

/** A policy written elsewhere: it has no `Policy` object here, so its `name` is its Vault name. */
class ImportedVaultPolicy extends Construct implements IVaultPolicy {
  public readonly apiVersion = VAULT_CONFIG_API_VERSION;
  public readonly kind = 'Policy';

  public constructor(scope: Construct, id: string, public readonly policyName: string) {
    super(scope, id);
  }

  public get name(): string {
    return this.policyName;
  }
}

function checkPath(scope: IConstruct, path: string): void {
  const problem = vaultPolicyPathProblem(path);
  if (problem) {
    throw new ValidationError(`'path' (${JSON.stringify(path)}) is not a valid Vault policy path: ${problem}; e.g. "database/creds/ci-migrate" or "secret/data/ci/*"`, scope);
  }
}

function checkCapabilities(scope: IConstruct, path: string, capabilities: VaultCapability[]): Set<VaultCapability> {
  if (capabilities.length === 0) {
    throw new ValidationError(`'capabilities' of path "${path}" is empty; list what the path allows, e.g. [VaultCapability.READ]`, scope);
  }
  const set = new Set<VaultCapability>();
  for (const capability of capabilities) {
    if (!CAPABILITY_ORDER.includes(capability)) {
      throw new ValidationError(`'capabilities' of path "${path}" contains ${JSON.stringify(capability)}; allowed: ${CAPABILITY_ORDER.join(', ')}`, scope);
    }
    if (set.has(capability)) {
      throw new ValidationError(`'capabilities' of path "${path}" lists "${capability}" twice; list it once`, scope);
    }
    set.add(capability);
  }
  if (set.has(VaultCapability.DENY) && set.size > 1) {
    throw new ValidationError(`'capabilities' of path "${path}" combines "deny" with [${renderCapabilities(set)}]; "deny" overrides everything on the path, so use it alone`, scope);
  }
  return set;
}

/** The capabilities in Vault's documented order. */
function sortCapabilities(capabilities: Set<VaultCapability>): VaultCapability[] {
  return CAPABILITY_ORDER.filter(c => capabilities.has(c));
}

function renderCapabilities(capabilities: Set<VaultCapability>): string {
  return sortCapabilities(capabilities).map(c => `"${c}"`).join(', ');
}
