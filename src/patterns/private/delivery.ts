import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import type { EsoTokenRequestAccess, ExternalSecret } from '../../external-secrets';
import type { VaultDynamicSecret } from '../../generators';
import type { CsiSecretsMount, SecretProviderClass } from '../../secrets-store-csi';
import type { Task } from '../../tekton';
import type { IDatabaseSecretEngineRole, KubernetesAuthEngineRole } from '../../vault';
import type { DynamicDatabaseVaultOptions } from '../dynamic-database-credentials';

/**
 * How one delivery mode of `DynamicDatabaseCredentials` (a rotating Secret filled by ESO, or a Secrets Store CSI volume)
 * turns a task timeout into a lease and puts the credential into the Task. A mode is stateless: one
 * `CredentialDelivery` may serve several patterns.
 */
export interface DeliveryStrategy {
  /** The lease of a role the pattern creates, for runs of at most `taskTimeout`. */
  planForTimeout(scope: IConstruct, taskTimeout: Duration): DeliveryPlan;
  /**
   * The plan for a shared role whose credentials live `lease`; throws when the mode cannot give every run of at
   * most `taskTimeout` a credential that outlives it. `role` names the role in messages.
   */
  planForLease(scope: IConstruct, taskTimeout: Duration, lease: Duration, role: string): DeliveryPlan;
  /** Creates the mode's objects and mounts the credential into the Task. */
  deliver(context: DeliveryContext): DeliveredCredentials;
}

/** The lifetimes a mode settled on. */
export interface DeliveryPlan {
  /** How long each credential (and the Vault login token that obtains it) lives. */
  readonly credentialTtl: Duration;
  /** How often a new credential is obtained ahead of any run; undefined when one is obtained per run. */
  readonly refreshInterval?: Duration;
}

/** What the pattern hands a mode. */
export interface DeliveryContext {
  /** The pattern: the mode's objects are its children, and its path starts every error message. */
  readonly scope: Construct;
  /** The base name of the objects. */
  readonly name: string;
  /** The Task's namespace. */
  readonly namespace: string;
  readonly task: Task;
  readonly serviceAccount: kplus.IServiceAccount;
  readonly databaseRole: IDatabaseSecretEngineRole;
  readonly authRole: KubernetesAuthEngineRole;
  readonly vault: DynamicDatabaseVaultOptions;
  readonly mountPath: string;
  readonly steps?: string[];
  readonly plan: DeliveryPlan;
}

/** The objects a mode created; those of other modes stay undefined. */
export interface DeliveredCredentials {
  /** The main object, `ApiObject.of(pattern)`. */
  readonly main: IConstruct;
  readonly generator?: VaultDynamicSecret;
  readonly externalSecret?: ExternalSecret;
  readonly secret?: kplus.ISecret;
  readonly tokenRequestAccess?: EsoTokenRequestAccess;
  readonly secretProviderClass?: SecretProviderClass;
  readonly csiMount?: CsiSecretsMount;
}

/** The username and password files every mode writes. */
export const OUTPUT_KEYS = ['username', 'password'];
