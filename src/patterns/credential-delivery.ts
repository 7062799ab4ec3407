import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { durationMillis, formatGoDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { validateDnsSubdomain } from '../common/names';
import { CREDENTIAL_DELIVERY_SLACK_MS } from '../compliance/rules/tekton-credential-lifetime';
import { DataFromSource, EsoTokenRequestAccess, ExternalSecret, RefreshPolicy, VaultAuth } from '../external-secrets';
import { VaultDynamicSecret } from '../generators';
import { CsiSecretProvider, CsiVaultObjects, SecretProviderClass } from '../secrets-store-csi';
import { DeliveredCredentials, DeliveryContext, DeliveryPlan, DeliveryStrategy, OUTPUT_KEYS } from './private/delivery';

/**
 * Every refresh makes Vault create a database user that lives until its own lease ends, so a shorter interval
 * only multiplies live users (and load on Vault and the database).
 */
const MIN_REFRESH_MS = 60_000;
/**
 * The longest lease the pattern writes on a role it creates: ZT-VAULT2 refuses longer ones without a written
 * reason, and a credential sitting in a Secret that long is no longer short-lived.
 */
const MAX_LEASE_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** Options of `CredentialDelivery.externalSecret()`. */
export interface ExternalSecretDeliveryOptions {
  /**
   * How often ESO asks Vault for a new credential; at least one minute. Each refresh creates a database user
   * (86400 s / interval a day, whether or not a pipeline runs). With a role the pattern creates, the lease is
   * `taskTimeout + refreshInterval + 1m`; with a shared role (`databaseRole`), the interval must leave every run its
   * timeout: `refreshInterval <= lease - taskTimeout - 1m`.
   *
   * @default - the task timeout with a role the pattern creates (lease twice the timeout plus a minute); with a
   * shared role, its lease - `taskTimeout` - 1m
   */
  readonly refreshInterval?: Duration;
  /**
   * The name of the Secret the ExternalSecret writes (keys `username` and `password`).
   *
   * @default - the pattern's `name`
   */
  readonly secretName?: string;
  /**
   * The RBAC that lets the ESO controller mint tokens for the pipeline's service account; the account is
   * added to it.
   *
   * @default - a new EsoTokenRequestAccess for this account alone (Role `<name>-eso-token-request`), bound to
   * ESO's default controller account `external-secrets/external-secrets`
   */
  readonly tokenRequestAccess?: EsoTokenRequestAccess;
}

/** Options of `CredentialDelivery.secretsStoreCsi()`. */
export interface SecretsStoreCsiDeliveryOptions {
  /**
   * The name of the SecretProviderClass (in the Task's namespace).
   *
   * @default - the pattern's `name`
   */
  readonly secretProviderClassName?: string;
  /**
   * A CA certificate file (PEM) on the Vault CSI provider's pod that Vault's certificate chains to. The provider,
   * not a pod of the namespace, calls Vault, so ESO's `caProvider` does not apply in this mode.
   *
   * @default - the provider's system trust store
   */
  readonly caCertPath?: string;
  /**
   * The server name (SNI) Vault's certificate is verified against.
   *
   * @default - the host of `vault.server`
   */
  readonly tlsServerName?: string;
}

/**
 * How `DynamicDatabaseCredentials` puts the database credential into the Task's pod.
 */
export class CredentialDelivery {
  /**
   * ESO keeps a Kubernetes Secret filled: a `VaultDynamicSecret` generator logs in as the pipeline's service
   * account and reads the creds path every `refreshInterval`, an `ExternalSecret` writes the result into a
   * rotating Secret, and the Task mounts it read-only.
   *
   * A run may start just before a refresh, so the credential in the Secret must still outlive the run then: the
   * lease is `taskTimeout + refreshInterval + 1m` (the minute covers ESO reconciling late and the kubelet's watch
   * of the Secret), and a run that starts at any moment reads a credential with at least `taskTimeout` left and at
   * most the whole lease. Costs, with R the refresh interval and L the lease: 86400 s / R database users minted a
   * day whether or not a pipeline runs, at most ceil(L / R) valid at any moment, one Secret (and its credential)
   * in etcd. With the defaults (R = the task timeout) and a 15-minute timeout: lease 31m, 96 users a day, at most 3
   * valid at once, between 15m and 31m left when a run starts. A shorter R shortens the lease at the price of more
   * users (R = 5m: lease 21m, 288 users a day).
   */
  public static externalSecret(options: ExternalSecretDeliveryOptions = {}): CredentialDelivery {
    return new CredentialDelivery('ExternalSecret', new ExternalSecretDelivery(options));
  }

  /**
   * The Secrets Store CSI driver mounts the credential into the Task's pod: a `SecretProviderClass` on the Vault
   * provider reads the role's creds path as the pod's service account when the pod starts, so every run gets a
   * database user of its own, minted at its start, and none is minted while no pipeline runs. Nothing lands in
   * etcd: no Kubernetes Secret, no ExternalSecret, no generator, no token-request RBAC for ESO.
   *
   * Lifetimes: the lease is exactly `taskTimeout` (a role the pattern creates gets `defaultTTL` = `maxTTL` =
   * `taskTimeout`; a shared role must have a lease of at least it). Tekton counts a run's timeout from the
   * TaskRun's start, before its pod mounts the volume, so the run ends before the credential does.
   *
   * The driver's optional rotation (`enableSecretRotation`) would call the provider again every poll interval and
   * mint a user each time; leave it off on clusters that run these Tasks.
   */
  public static secretsStoreCsi(options: SecretsStoreCsiDeliveryOptions = {}): CredentialDelivery {
    return new CredentialDelivery('SecretsStoreCsi', new SecretsStoreCsiDelivery(options));
  }

  /** The mode's name, e.g. `ExternalSecret`. */
  public readonly mode: string;
  /** @internal */
  public readonly _strategy: DeliveryStrategy;

  private constructor(mode: string, strategy: DeliveryStrategy) {
    this.mode = mode;
    this._strategy = strategy;
  }
}

/** The ExternalSecret mode: a rotating Secret refreshed so that a run starting at any moment gets its timeout. */
class ExternalSecretDelivery implements DeliveryStrategy {
  public constructor(private readonly options: ExternalSecretDeliveryOptions) {}

  public planForTimeout(scope: IConstruct, taskTimeout: Duration): DeliveryPlan {
    const timeoutMs = taskTimeout.toMilliseconds();
    const refreshMs = this.refreshMs(scope, this.options.refreshInterval ?? taskTimeout,
      this.options.refreshInterval === undefined ? `raise taskTimeout to at least ${formatGoDuration(MIN_REFRESH_MS)} or set the delivery's refreshInterval` : undefined);
    const leaseMs = timeoutMs + refreshMs + CREDENTIAL_DELIVERY_SLACK_MS;
    if (leaseMs > MAX_LEASE_MS) {
      const fits = MAX_LEASE_MS - timeoutMs - CREDENTIAL_DELIVERY_SLACK_MS;
      throw new ValidationError(`the credential's lease would be ${formatGoDuration(leaseMs)} ('taskTimeout' ${formatGoDuration(timeoutMs)} + refreshInterval ${formatGoDuration(refreshMs)} + ${formatGoDuration(CREDENTIAL_DELIVERY_SLACK_MS)}), more than a day: a database user that lives that long is no longer short-lived; ${fits >= MIN_REFRESH_MS ? `set the delivery's refreshInterval to at most ${formatGoDuration(fits)}` : 'shorten taskTimeout'}, or split the work into shorter tasks`, scope);
    }
    return { credentialTtl: Duration.seconds(leaseMs / 1000), refreshInterval: Duration.millis(refreshMs) };
  }

  public planForLease(scope: IConstruct, taskTimeout: Duration, lease: Duration, role: string): DeliveryPlan {
    const timeoutMs = taskTimeout.toMilliseconds();
    const leaseMs = lease.toMilliseconds();
    const slack = formatGoDuration(CREDENTIAL_DELIVERY_SLACK_MS);
    const roomMs = leaseMs - timeoutMs - CREDENTIAL_DELIVERY_SLACK_MS;
    if (this.options.refreshInterval === undefined && roomMs < MIN_REFRESH_MS) {
      throw new ValidationError(`'databaseRole' (${role}) issues credentials that live ${formatGoDuration(leaseMs)}, too short for ExternalSecret delivery to runs of 'taskTimeout' ${formatGoDuration(timeoutMs)}: a run that starts just before a refresh reads a credential already up to one refresh interval (at least ${formatGoDuration(MIN_REFRESH_MS)}) old, plus ${slack} for ESO and kubelet delays; give the role a lease of at least ${formatGoDuration(timeoutMs + MIN_REFRESH_MS + CREDENTIAL_DELIVERY_SLACK_MS)} (defaultTTL and maxTTL), or lower taskTimeout to at most ${formatGoDuration(Math.max(leaseMs - MIN_REFRESH_MS - CREDENTIAL_DELIVERY_SLACK_MS, 0))}`, scope);
    }
    const refreshMs = this.refreshMs(scope, this.options.refreshInterval ?? Duration.millis(roomMs), undefined);
    if (refreshMs > roomMs) {
      throw new ValidationError(`'refreshInterval' (${formatGoDuration(refreshMs)}) is too long for the shared role ${role}, whose credentials live ${formatGoDuration(leaseMs)}: a run that starts just before a refresh would read a credential with ${formatGoDuration(Math.max(leaseMs - refreshMs - CREDENTIAL_DELIVERY_SLACK_MS, 0))} left, less than 'taskTimeout' ${formatGoDuration(timeoutMs)}; refresh at least every ${formatGoDuration(roomMs)} (lease - taskTimeout - ${slack}), or omit refreshInterval`, scope);
    }
    return { credentialTtl: lease, refreshInterval: Duration.millis(refreshMs) };
  }

  public deliver(context: DeliveryContext): DeliveredCredentials {
    const generator = this.createGenerator(context);
    const externalSecret = this.createExternalSecret(context, generator);
    const tokenRequestAccess = this.options.tokenRequestAccess
      ?? new EsoTokenRequestAccess(context.scope, 'TokenRequestAccess', { stores: [], roleName: `${context.name}-eso-token-request` });
    tokenRequestAccess.addServiceAccount(context.serviceAccount);
    // files in a read-only volume, read at run time; a rotated value reaches the next read
    context.task.mountCredentials(externalSecret.secret, context.mountPath, {
      items: Object.fromEntries(OUTPUT_KEYS.map(k => [k, k])),
      steps: context.steps,
    });
    return { main: externalSecret, generator, externalSecret, secret: externalSecret.secret, tokenRequestAccess };
  }

  /** A refresh interval in whole milliseconds, at least a minute (`fix` replaces the hint for a derived one). */
  private refreshMs(scope: IConstruct, interval: Duration, fix: string | undefined): number {
    const ms = durationMillis(scope, 'refreshInterval', interval);
    if (ms < MIN_REFRESH_MS) {
      throw new ValidationError(`'refreshInterval' (${formatGoDuration(ms)}) must be at least ${formatGoDuration(MIN_REFRESH_MS)}: every refresh makes Vault create a database user (${Math.round(DAY_MS / ms)} a day at this interval); ${fix ?? 'use e.g. Duration.minutes(5)'}`, scope);
    }
    if (ms % 1000 !== 0) {
      throw new ValidationError(`'refreshInterval' (${formatGoDuration(ms)}) must be a whole number of seconds: it adds to the lease, which Vault keeps in seconds; use e.g. Duration.minutes(5)`, scope);
    }
    return ms;
  }

  /** The generator logging in as the pipeline's account (same mount, role and audience) and reading the creds path. */
  private createGenerator(context: DeliveryContext): VaultDynamicSecret {
    const vault = context.vault;
    return new VaultDynamicSecret(context.scope, 'Generator', {
      metadata: { name: context.name, namespace: context.namespace },
      path: context.databaseRole.credsPath,
      method: 'GET',
      maxLifetime: context.plan.credentialTtl,
      outputKeys: OUTPUT_KEYS,
      provider: {
        server: vault.server,
        caProvider: vault.caProvider,
        acknowledgePlainHttp: vault.acknowledgePlainHttp,
        namespace: vault.authentication.vaultNamespace,
        auth: VaultAuth.kubernetes({
          role: context.authRole.roleName,
          mountPath: context.authRole.mountPath,
          serviceAccount: context.serviceAccount,
          audiences: [context.authRole.audience],
        }),
      },
    });
  }

  /** The ExternalSecret writing the generator's output into the rotating target Secret. */
  private createExternalSecret(context: DeliveryContext, generator: VaultDynamicSecret): ExternalSecret {
    const externalSecret = new ExternalSecret(context.scope, 'ExternalSecret', {
      metadata: { name: context.name, namespace: context.namespace },
      targetName: validateDnsSubdomain(context.scope, 'secretName', this.options.secretName ?? context.name),
      refresh: RefreshPolicy.periodic(context.plan.refreshInterval!),
      // rotating: the Secret takes each new credential
      immutable: false,
    });
    externalSecret.addDataFrom(DataFromSource.generator(generator));
    return externalSecret;
  }
}

/** The Secrets Store CSI mode: a credential minted per run, living exactly the task timeout. */
class SecretsStoreCsiDelivery implements DeliveryStrategy {
  public constructor(private readonly options: SecretsStoreCsiDeliveryOptions) {}

  public planForTimeout(scope: IConstruct, taskTimeout: Duration): DeliveryPlan {
    const timeoutMs = taskTimeout.toMilliseconds();
    if (timeoutMs > MAX_LEASE_MS) {
      throw new ValidationError(`'taskTimeout' (${formatGoDuration(timeoutMs)}) would be the credential's lease, more than a day: a database user that lives that long is no longer short-lived; shorten taskTimeout, or split the work into shorter tasks`, scope);
    }
    return { credentialTtl: taskTimeout };
  }

  public planForLease(scope: IConstruct, taskTimeout: Duration, lease: Duration, role: string): DeliveryPlan {
    const timeoutMs = taskTimeout.toMilliseconds();
    const leaseMs = lease.toMilliseconds();
    if (leaseMs < timeoutMs) {
      throw new ValidationError(`'databaseRole' (${role}) issues credentials that live ${formatGoDuration(leaseMs)}, less than 'taskTimeout' ${formatGoDuration(timeoutMs)}: a run that uses its whole timeout would lose its database user halfway; give the role a lease of at least ${formatGoDuration(timeoutMs)} (defaultTTL and maxTTL), or lower taskTimeout to at most ${formatGoDuration(leaseMs)}`, scope);
    }
    return { credentialTtl: lease };
  }

  public deliver(context: DeliveryContext): DeliveredCredentials {
    const vault = context.vault;
    if (vault.caProvider !== undefined) {
      throw new ValidationError('\'vault.caProvider\' is where ESO finds Vault\'s CA, but in Secrets Store CSI delivery the Vault CSI provider on the node calls Vault; remove caProvider and give the CA file on the provider\'s pod with secretsStoreCsi({ caCertPath })', context.scope);
    }
    const secretProviderClass = new SecretProviderClass(context.scope, 'SecretProviderClass', {
      metadata: {
        name: validateDnsSubdomain(context.scope, 'secretProviderClassName', this.options.secretProviderClassName ?? context.name),
        namespace: context.namespace,
      },
      provider: CsiSecretProvider.vault({
        role: context.authRole,
        objects: CsiVaultObjects.databaseCredentials(context.databaseRole),
        address: vault.server,
        acknowledgePlainHttp: vault.acknowledgePlainHttp,
        vaultNamespace: vault.authentication.vaultNamespace,
        caCertPath: this.options.caCertPath,
        tlsServerName: this.options.tlsServerName,
      }),
    });
    // a read-only volume the provider fills as the pod starts; nothing is synced into a Secret
    const csiMount = context.task.mountCsiSecrets(secretProviderClass, context.mountPath, { steps: context.steps });
    return { main: secretProviderClass, secretProviderClass, csiMount };
  }
}
