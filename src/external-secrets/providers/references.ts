import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecretStoreKind } from '../secret-store-ref';
import { namespaceOf, ProviderContext } from './common';
import { ValidationError } from '../../common/errors';
import { validateSecretKey, validateDnsLabel, validateDnsSubdomain } from '../../common/names';

/** A key of a Kubernetes Secret that holds a credential; the store reads it, the manifest never holds the value. */
export interface SecretKeyReference {
  /** The Secret. */
  readonly secret: kplus.ISecret;
  /** The key inside the Secret. */
  readonly key: string;
  /**
   * The Secret's namespace. A namespaced SecretStore only accepts its own namespace.
   *
   * @default - the namespace of `secret` when it is a construct of this app; otherwise none (the
   * SecretStore's namespace, or for a ClusterSecretStore the namespace of each ExternalSecret)
   */
  readonly namespace?: string;
}

/** A service account a store authenticates as, which the ESO controller must be allowed to mint tokens for. */
export interface ReferencedServiceAccount {
  /** The service account's name. */
  readonly name: string;
  /**
   * Its namespace.
   *
   * @default - none: "referent" auth on a ClusterSecretStore, resolved in the namespace of each ExternalSecret
   */
  readonly namespace?: string;
}

/** The CA a provider's TLS client trusts, read from a ConfigMap or Secret key (`caProvider`). */
export class CaProvider {
  /** A CA bundle in a ConfigMap key, e.g. `kube-root-ca.crt` / `ca.crt`. */
  public static fromConfigMap(configMap: kplus.IConfigMap, key: string, namespace?: string): CaProvider {
    return new CaProvider('ConfigMap', configMap, key, namespace);
  }

  /** A CA bundle in a Secret key. */
  public static fromSecret(secret: kplus.ISecret, key: string, namespace?: string): CaProvider {
    return new CaProvider('Secret', secret, key, namespace);
  }

  private constructor(
    private readonly type: string,
    private readonly resource: kplus.IResource,
    private readonly key: string,
    private readonly namespace?: string) {
    validateDnsSubdomain(undefined, 'caProvider.name', resource.name);
    validateSecretKey(undefined, 'caProvider.key', key);
    if (namespace !== undefined) validateDnsLabel(undefined, 'caProvider.namespace', namespace);
  }

  /** @internal */
  public _render(prop: string, ctx: ProviderContext): any {
    const namespace = ctx.checkNamespace(prop, this.namespace ?? namespaceOf(this.resource));
    // ESO resolves a cluster store's CA in no ExternalSecret's namespace, so it must name one
    if (ctx.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE && namespace === undefined) {
      throw new ValidationError(`'${prop}' (${this.type} "${this.resource.name}") needs a namespace on a ClusterSecretStore; pass it as the last argument of CaProvider.from${this.type}()`, ctx.scope);
    }
    return { type: this.type, name: this.resource.name, key: this.key, namespace };
  }
}

/**
 * A service account named without a namespace, for "referent" auth on a ClusterSecretStore: ESO uses the
 * account of this name in the namespace of each ExternalSecret, so every tenant authenticates as itself.
 * (cdk8s-plus's `ServiceAccount.fromServiceAccountName()` always carries a namespace, `default` if none
 * is given.) On a namespaced SecretStore it resolves to the store's namespace.
 */
export class ReferentServiceAccount extends Construct implements kplus.IServiceAccount {
  /** The account `name` in each consuming namespace. */
  public static fromName(scope: Construct, id: string, name: string): kplus.IServiceAccount {
    return new ReferentServiceAccount(scope, id, validateDnsSubdomain(scope, 'name', name));
  }

  public readonly apiVersion = 'v1';
  public readonly kind = 'ServiceAccount';
  public readonly apiGroup = '';
  public readonly resourceType = 'serviceaccounts';

  private constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
  }

  public get resourceName(): string | undefined {
    return this.name;
  }

  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return { kind: this.kind, name: this.name, apiGroup: this.apiGroup };
  }
}
