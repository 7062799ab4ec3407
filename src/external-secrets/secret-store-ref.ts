import { INamespacedResource } from '../common/resource';

/** The two kinds of ESO store an ExternalSecret can reference. */
export enum SecretStoreKind {
  /** A namespaced `SecretStore`: usable only by ExternalSecrets in its own namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-scoped `ClusterSecretStore`, limited to the namespaces its conditions select. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * A `SecretStore` or `ClusterSecretStore`, defined in this app or imported. ExternalSecret, PushSecret and
 * the generators reference stores only through this interface; `namespace` is undefined for a
 * ClusterSecretStore (and for a SecretStore imported without one).
 */
export interface ISecretStore extends INamespacedResource {
  /** Which kind of store this is (`secretStoreRef.kind`): `kind`, typed. */
  readonly storeKind: SecretStoreKind;
  /**
   * A prefix every remote key read through this store must start with (checked at synth).
   *
   * @default - no prefix is enforced
   */
  readonly keyPrefix?: string;

  /**
   * Whether an ExternalSecret in `namespace` may use this store: a SecretStore only serves its own
   * namespace, a ClusterSecretStore the namespaces its conditions select.
   *
   * @returns `undefined` when it cannot be known at synth (a store imported by name, or a condition on
   * namespace labels)
   */
  allowsNamespace(namespace: string): boolean | undefined;
}
