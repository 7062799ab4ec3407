import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import type { ReferencedServiceAccount, SecretKeyReference } from './references';
import { ValidationError } from '../../common/errors';
import { validateDnsLabel, validateDnsSubdomain, validateSecretKey } from '../../common/names';
import { validateReason } from '../../common/reason';
import { shownUrl } from '../../common/redact';
import { requireProps } from '../../common/required-props';
import { SecretStoreKind } from '../secret-store-ref';

/** What `SecretKeyReference` declares without '?': a plain JavaScript caller may still leave it out. */
export const SECRET_KEY_REFERENCE_REQUIRED: readonly (keyof SecretKeyReference & string)[] = ['secret', 'key'];

/** Where a provider is bound: the store's kind and namespace, for ESO's cross-namespace rules. */
export class ProviderContext {
  private readonly accounts: ReferencedServiceAccount[] = [];

  /**
   * @param storeKind the kind of the store (generators bind as a namespaced store)
   * @param storeNamespace the store's namespace
   * @param scope the construct the provider is rendered for, named by the errors of its references
   */
  public constructor(
    public readonly storeKind: SecretStoreKind,
    public readonly storeNamespace?: string,
    public readonly scope?: IConstruct) {}

  /** The service accounts referenced so far. */
  public get serviceAccounts(): ReferencedServiceAccount[] {
    return [...this.accounts];
  }

  /**
   * The namespace to emit for a reference: a namespaced SecretStore may only reference its own namespace
   * (ESO's webhook and security guide forbid anything else), so it emits none; a ClusterSecretStore emits
   * what it was given.
   */
  public checkNamespace(prop: string, namespace: string | undefined): string | undefined {
    if (this.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE || namespace === undefined) return namespace;
    if (this.storeNamespace === undefined) {
      throw new ValidationError(`'${prop}' references namespace "${namespace}" but the SecretStore has none; set the store's metadata.namespace (or the chart's namespace) to "${namespace}"`, this.scope);
    }
    if (namespace !== this.storeNamespace) {
      throw new ValidationError(`'${prop}' references namespace "${namespace}" but a SecretStore may only reference objects in its own namespace "${this.storeNamespace}"; move the object or use a ClusterSecretStore with conditions`, this.scope);
    }
    return undefined;
  }

  /** `{ name, key, namespace }` for a SecretKeySelector. */
  public secretKeyRef(prop: string, ref: SecretKeyReference): any {
    validateSecretKeyReference(this.scope, prop, ref);
    const namespace = this.checkNamespace(`${prop}.namespace`, ref.namespace ?? namespaceOf(ref.secret));
    return { name: ref.secret.name, key: ref.key, namespace };
  }

  /** `{ name, namespace, audiences }` for a ServiceAccountSelector; records the account. */
  public serviceAccountRef(prop: string, account: kplus.IServiceAccount, audiences?: string[]): any {
    validateDnsSubdomain(this.scope, `${prop}.name`, account.name);
    const own = account.toSubjectConfiguration().namespace;
    if (own !== undefined) validateDnsLabel(this.scope, `${prop}.namespace`, own);
    const namespace = this.checkNamespace(`${prop}.namespace`, own);
    validateAudiences(this.scope, `${prop}.audiences`, audiences);
    const resolved = this.storeKind === SecretStoreKind.SECRET_STORE ? this.storeNamespace : namespace;
    if (!this.accounts.some(a => a.name === account.name && a.namespace === resolved)) {
      this.accounts.push({ name: account.name, namespace: resolved });
    }
    return { name: account.name, namespace, audiences: audiences ? [...audiences] : undefined };
  }
}


/**
 * The shape of a `SecretKeyReference` a store or a generator renders: every required prop, the Secret's name, the
 * key, and the namespace if one is written. Where the Secret may live is the caller's rule.
 */
export function validateSecretKeyReference(scope: IConstruct | undefined, prop: string, ref: SecretKeyReference): void {
  requireProps(ref, 'SecretKeyReference', SECRET_KEY_REFERENCE_REQUIRED, scope);
  validateDnsSubdomain(scope, `${prop}.secret`, ref.secret.name);
  validateSecretKey(scope, `${prop}.key`, ref.key);
  if (ref.namespace !== undefined) validateDnsLabel(scope, `${prop}.namespace`, ref.namespace);
}

function validateAudiences(scope: IConstruct | undefined, prop: string, audiences: string[] | undefined): void {
  if (audiences === undefined) return;
  if (audiences.length === 0) throw new ValidationError(`'${prop}' is empty; omit it to use the API server's default audience, or list e.g. ["vault"]`, scope);
  for (const audience of audiences) {
    if (audience.trim().length === 0) throw new ValidationError(`'${prop}' contains an empty audience; use e.g. "vault"`, scope);
  }
}

/** The namespace of a cdk8s-plus object defined in this app (imported ones carry none). */
export function namespaceOf(resource: kplus.IResource): string | undefined {
  return resource instanceof kplus.Resource ? resource.metadata.namespace : undefined;
}

/**
 * Requires a written reason for an opt-in that weakens a default, e.g. static credentials.
 *
 * @param scope the construct the reason is given for; none from the static provider factories
 */
export function requireReason(scope: IConstruct | undefined, prop: string, reason: string | undefined, what: string,
  alternative: string = 'switch to workload identity (service-account based auth)'): string {
  if (reason === undefined) {
    throw new ValidationError(`'${prop}' is required for ${what}: write why it is needed (at least 10 visible characters), or ${alternative}`, scope);
  }
  return validateReason(scope, prop, reason, `why ${what} is needed`);
}

/** Parses an endpoint URL; plain http needs a written reason because tokens and secrets travel over it. */
export function validateUrl(scope: IConstruct | undefined, prop: string, value: string, insecureReasonProp?: string, insecureReason?: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`'${prop}' (${shownUrl(value)}) is not a valid URL; use e.g. "https://vault.example.com:8200"`, scope);
  }
  if (url.protocol === 'http:' && insecureReasonProp !== undefined) {
    requireReason(scope, insecureReasonProp, insecureReason, `a plain http '${prop}' (${value})`, `use the https endpoint, e.g. "https://${url.host}"`);
  } else if (url.protocol !== 'https:') {
    throw new ValidationError(`'${prop}' (${shownUrl(value)}) must use https; e.g. "https://${url.host || 'vault.example.com'}"`, scope);
  }
  if (url.username || url.password) {
    throw new ValidationError(`'${prop}' (${shownUrl(value)}) must not embed credentials; reference them through the provider's auth instead`, scope);
  }
  if (url.search || url.hash) {
    throw new ValidationError(`'${prop}' (${shownUrl(value)}) must not have a query or fragment; use e.g. "https://${url.host}"`, scope);
  }
  return url;
}

/** A non-empty string prop. */
export function requireNonEmpty(scope: IConstruct | undefined, prop: string, value: string): string {
  if (value.trim().length === 0) throw new ValidationError(`'${prop}' must not be empty`, scope);
  return value;
}

/** The rule a store's static credentials break, and the one its plain http endpoint breaks. */
export const STATIC_CREDENTIALS_RULE = 'ZT-ESO2';
export const PLAIN_HTTP_RULE = 'ZT-ESO6';

/** A validated provider configuration, rendered once its store's kind and namespace are known. */
export interface ProviderDefinition {
  /** The key under `spec.provider`, e.g. `vault`. */
  readonly key: string;
  /** The opt-ins the configuration was given (static credentials, plain http), acknowledged on the store. */
  readonly optIns?: { prop: string; id: string; reason: string }[];
  render(ctx: ProviderContext): any;
}
