import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NamespaceCondition } from './namespace-condition';
import { ISecretStore, SecretStoreKind } from './secret-store-ref';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { RemoteKeyOptions } from '../common/patterns';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';
import { KEY_PREFIX_ANNOTATION } from '../compliance/annotations';
import { ProviderContext } from './providers/common';
import { SecretStoreProvider } from './providers/provider';
import { ReferencedServiceAccount } from './providers/references';

const API_VERSION = 'external-secrets.io/v1';
const MAX_INT32 = 2 ** 31 - 1;

/** HTTP retries of the provider client (`spec.retrySettings`). */
export interface StoreRetrySettings {
  /**
   * How many times a failed call is retried.
   *
   * @default - the provider's default
   */
  readonly maxRetries?: number;
  /**
   * The wait between retries.
   *
   * @default - the provider's default
   */
  readonly retryInterval?: Duration;
}

/** Props shared by `SecretStore` and `ClusterSecretStore`. */
export interface SecretStoreBaseProps extends ResourceProps {
  /** The secret manager and how ESO authenticates to it. */
  readonly provider: SecretStoreProvider;
  /**
   * A prefix every remote key read through this store must start with; ExternalSecrets check it at synth
   * (ESO itself cannot limit keys per store).
   *
   * @default - no prefix is enforced
   */
  readonly keyPrefix?: string;
  /**
   * How often ESO re-validates the store (rendered as a Go duration).
   *
   * @default - the controller's setting
   */
  readonly refreshInterval?: Duration;
  /**
   * HTTP retries of the provider client.
   *
   * @default - the provider's defaults
   */
  readonly retrySettings?: StoreRetrySettings;
}

/** What `SecretStoreBaseProps` declares without '?', checked by SecretStore and ClusterSecretStore. */
const STORE_REQUIRED: readonly (keyof SecretStoreBaseProps & string)[] = ['provider'];

/** A SecretStore managed elsewhere (`SecretStore.fromSecretStoreAttributes()`). */
export interface SecretStoreAttributes {
  /** The store's name. */
  readonly name: string;
  /**
   * The store's namespace; without it `allowsNamespace()` cannot answer.
   *
   * @default - unknown
   */
  readonly namespace?: string;
}

/** Props of a namespaced `SecretStore`. */
export interface SecretStoreProps extends SecretStoreBaseProps {}

/** Props of a `ClusterSecretStore`. */
export interface ClusterSecretStoreProps extends SecretStoreBaseProps {
  /**
   * The namespaces whose ExternalSecrets may use the store (any condition matching allows a namespace).
   * Required unless `allowAllNamespaces` is given; more can be added with `addCondition()`.
   *
   * @default - none; then `allowAllNamespaces` must be given
   */
  readonly conditions?: NamespaceCondition[];
  /**
   * Let ExternalSecrets of every namespace use the store: the written reason why (it acknowledges ZT-ESO1 on
   * the store). Everything the store can read becomes readable by anyone who can create an ExternalSecret
   * anywhere; prefer `conditions`.
   *
   * @default - only the namespaces `conditions` select
   */
  readonly allowAllNamespaces?: string;
}

/**
 * How the provider of `store` reads remote keys (Vault cleans paths, other providers take names), for checking
 * keys against its `keyPrefix` the way the compliance pack does (ZT-ESO7). Stores imported by name are read as
 * names.
 */
export function remoteKeyOptionsOf(store: ISecretStore): RemoteKeyOptions {
  return store instanceof SecretStoreBase ? store._remoteKeyOptions() : {};
}

/** Base of `SecretStore` and `ClusterSecretStore`. */
export abstract class SecretStoreBase extends Resource implements ISecretStore {
  public abstract readonly storeKind: SecretStoreKind;
  public readonly keyPrefix?: string;
  /** The provider this store reads from. */
  public readonly provider: SecretStoreProvider;
  /**
   * The service accounts ESO mints tokens for when it authenticates through this store (a namespace is
   * missing only for referent auth on a ClusterSecretStore).
   */
  public readonly referencedServiceAccounts: ReferencedServiceAccount[];
  private readonly providerSpec: any;
  private readonly refreshInterval?: string;
  private readonly retrySettings?: any;

  protected constructor(scope: Construct, id: string, kind: SecretStoreKind, props: SecretStoreBaseProps) {
    super(scope, id, { apiVersion: API_VERSION, kind, namespaced: kind === SecretStoreKind.SECRET_STORE }, props);
    if (props.keyPrefix !== undefined && props.keyPrefix.length === 0) {
      throw new ValidationError('\'keyPrefix\' is empty; omit it, or give the path every key must start with, e.g. "apps/team-a/"', this);
    }
    this.keyPrefix = props.keyPrefix;
    // ESO has no field for it, so the compliance pack (which reads manifests only) learns it from here
    if (props.keyPrefix !== undefined) this.metadata.addAnnotation(KEY_PREFIX_ANNOTATION, props.keyPrefix);
    this.provider = props.provider;
    const ctx = new ProviderContext(kind, kind === SecretStoreKind.SECRET_STORE ? this.namespace : undefined, this);
    this.providerSpec = props.provider._render(ctx);
    for (const o of props.provider._optIns) Compliance.of(this)._acknowledgeOptIn(o.prop, o.id, o.reason, `why the store needs ${o.prop}`);
    this.referencedServiceAccounts = ctx.serviceAccounts;
    this.refreshInterval = props.refreshInterval ? renderDuration(this, 'refreshInterval', props.refreshInterval) : undefined;
    this.retrySettings = renderRetrySettings(this, props.retrySettings);
  }

  public abstract allowsNamespace(namespace: string): boolean | undefined;

  /**
   * How the provider reads remote keys (see `remoteKeyOptionsOf`).
   *
   * @internal
   */
  public _remoteKeyOptions(): RemoteKeyOptions {
    const provider = this.provider.providerName;
    const spec = this.providerSpec[provider] ?? {};
    return provider === 'vault' ? { provider, vaultMount: spec.path, vaultVersion: spec.version } : { provider };
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      provider: this.providerSpec,
      refreshInterval: this.refreshInterval,
      retrySettings: this.retrySettings,
    };
  }
}

/**
 * A namespaced ESO `SecretStore`: usable only by ExternalSecrets in its own namespace, and it may only
 * reference Secrets and service accounts of that namespace. The least-privilege choice for one tenant.
 */
export class SecretStore extends SecretStoreBase {
  /**
   * A SecretStore managed elsewhere, known by name only: `allowsNamespace()` cannot answer for it; give its
   * namespace with `fromSecretStoreAttributes()`.
   */
  public static fromSecretStoreName(scope: Construct, id: string, name: string): ISecretStore {
    return SecretStore.fromSecretStoreAttributes(scope, id, { name });
  }

  /** A SecretStore managed elsewhere, with its namespace. */
  public static fromSecretStoreAttributes(scope: Construct, id: string, attrs: SecretStoreAttributes): ISecretStore {
    requireProps(attrs, 'SecretStoreAttributes', ['name'], scope, id);
    validateDnsSubdomain(scope, 'name', attrs.name);
    if (attrs.namespace !== undefined) validateDnsLabel(scope, 'namespace', attrs.namespace);
    return new ImportedSecretStore(scope, id, attrs.name, SecretStoreKind.SECRET_STORE, attrs.namespace);
  }

  public readonly storeKind = SecretStoreKind.SECRET_STORE;

  public constructor(scope: Construct, id: string, props: SecretStoreProps) {
    super(scope, id, SecretStoreKind.SECRET_STORE, requireProps(props, 'SecretStoreProps', STORE_REQUIRED, scope, id));
  }

  public allowsNamespace(namespace: string): boolean | undefined {
    return this.namespace === undefined ? undefined : this.namespace === namespace;
  }
}

/**
 * A cluster-scoped ESO `ClusterSecretStore`, limited to the namespaces its conditions select. Without
 * conditions every namespace could read everything the store can, so they are required unless
 * `allowAllNamespaces` gives the reason to serve every namespace.
 */
export class ClusterSecretStore extends SecretStoreBase {
  /** A ClusterSecretStore managed elsewhere; `allowsNamespace()` answers `undefined` for it. */
  public static fromClusterSecretStoreName(scope: Construct, id: string, name: string): ISecretStore {
    validateDnsSubdomain(scope, 'name', name);
    return new ImportedSecretStore(scope, id, name, SecretStoreKind.CLUSTER_SECRET_STORE);
  }

  public readonly storeKind = SecretStoreKind.CLUSTER_SECRET_STORE;
  /** Whether every namespace may use the store. */
  public readonly allowAllNamespaces: boolean;
  private readonly conditionList: NamespaceCondition[] = [];

  public constructor(scope: Construct, id: string, props: ClusterSecretStoreProps) {
    super(scope, id, SecretStoreKind.CLUSTER_SECRET_STORE, requireProps(props, 'ClusterSecretStoreProps', STORE_REQUIRED, scope, id));
    this.allowAllNamespaces = props.allowAllNamespaces !== undefined;
    const conditions = props.conditions ?? [];
    if (this.allowAllNamespaces && conditions.length > 0) {
      throw new ValidationError('\'allowAllNamespaces\' is set but \'conditions\' are given; keep the conditions and drop allowAllNamespaces', this);
    }
    if (!this.allowAllNamespaces && conditions.length === 0) {
      throw new ValidationError('ClusterSecretStore has no \'conditions\' and every namespace could use it; add e.g. NamespaceCondition.names([\'team-a\']), or set allowAllNamespaces to the reason', this);
    }
    if (props.allowAllNamespaces !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('allowAllNamespaces', 'ZT-ESO1', props.allowAllNamespaces, 'why every namespace may read through the store');
    }
    conditions.forEach(c => this.addCondition(c));
  }

  /** The namespace conditions. */
  public get conditions(): NamespaceCondition[] {
    return [...this.conditionList];
  }

  /** Allows the namespaces `condition` selects as well. */
  public addCondition(condition: NamespaceCondition): void {
    if (this.allowAllNamespaces) {
      throw new ValidationError('\'addCondition\' on a store with allowAllNamespaces has no effect; drop allowAllNamespaces to scope the store', this);
    }
    if (this.conditionList.some(c => JSON.stringify(c._render()) === JSON.stringify(condition._render()))) {
      throw new ValidationError(`'conditions' already contains ${JSON.stringify(condition._render())}; add it once`, this);
    }
    this.conditionList.push(condition);
  }

  public allowsNamespace(namespace: string): boolean | undefined {
    if (this.allowAllNamespaces) return true;
    const answers = this.conditionList.map(c => c.matches(namespace));
    if (answers.includes(true)) return true;
    return answers.includes(undefined) ? undefined : false;
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      ...super._renderSpec(),
      conditions: this.conditionList.length ? this.conditionList.map(c => c._render()) : undefined,
    };
  }
}

/** A store managed elsewhere. */
class ImportedSecretStore extends Construct implements ISecretStore {
  public readonly apiVersion = API_VERSION;
  public readonly keyPrefix?: string;

  public constructor(scope: Construct, id: string,
    public readonly name: string,
    public readonly storeKind: SecretStoreKind,
    public readonly namespace?: string) {
    super(scope, id);
  }

  public get kind(): string {
    return this.storeKind;
  }

  public allowsNamespace(namespace: string): boolean | undefined {
    return this.namespace === undefined ? undefined : this.namespace === namespace;
  }
}

function renderRetrySettings(scope: IConstruct, settings: StoreRetrySettings | undefined): any {
  if (settings === undefined) return undefined;
  const { maxRetries, retryInterval } = settings;
  if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_INT32)) {
    throw new ValidationError(`'retrySettings.maxRetries' (${maxRetries}) must be a whole number from 0 to ${MAX_INT32}; use e.g. 3`, scope);
  }
  if (maxRetries === undefined && retryInterval === undefined) {
    throw new ValidationError('\'retrySettings\' is empty; set maxRetries or retryInterval, or omit it', scope);
  }
  return { maxRetries, retryInterval: retryInterval ? renderDuration(scope, 'retrySettings.retryInterval', retryInterval) : undefined };
}
