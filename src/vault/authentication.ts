import * as kplus from 'cdk8s-plus-28';

/**
 * How vault-config-operator itself logs in to Vault to write an object (the CR's `spec.authentication`).
 *
 * This is the operator's identity, not the workload's: the Vault role named here needs `create`, `read`,
 * `update` and `delete` on the path the object writes (e.g. `sys/policies/acl/<name>` or
 * `auth/kubernetes/role/<name>`), and the service account must live in the namespace of the CR, because
 * the operator reads that account's token from there.
 */
export interface VaultOperatorAuthentication {
  /** The Vault Kubernetes-auth role the operator logs in with, e.g. `vault-admin`. */
  readonly role: string;
  /**
   * The service account whose token the operator presents. It must be in the CR's namespace and must not be
   * `default`: every pod that names no account runs as `default`, so granting it Vault admin rights would
   * hand them to all of those pods.
   */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Where the Kubernetes auth method the operator logs in through is mounted.
   *
   * @default 'kubernetes'
   */
  readonly mountPath?: string;
  /**
   * The Vault Enterprise namespace every request of this CR runs in.
   *
   * @default - the root namespace (Vault community edition has no other)
   */
  readonly vaultNamespace?: string;
}
