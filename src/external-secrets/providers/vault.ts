import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PLAIN_HTTP_RULE, ProviderContext, ProviderDefinition, requireNonEmpty, requireReason, STATIC_CREDENTIALS_RULE, validateUrl } from './common';
import { CaProvider, SecretKeyReference } from './references';
import { durationMillis } from '../../common/duration';
import { ValidationError } from '../../common/errors';
import { requireProps } from '../../common/required-props';

/** Version of the Vault KV secrets engine mounted at `path`. */
export enum VaultKvVersion {
  /** KV version 1 (no versioning). */
  V1 = 'v1',
  /** KV version 2 (versioned; ESO appends `/data` to the path). */
  V2 = 'v2',
}

/** Options for `VaultAuth.kubernetes()`. */
export interface VaultKubernetesAuthOptions {
  /** The Vault role bound to the service account. */
  readonly role: string;
  /**
   * The service account whose token ESO presents to Vault. On a ClusterSecretStore, an account without a
   * namespace (`ReferentServiceAccount.fromName(scope, id, name)`) means "referent" auth: ESO uses the
   * account of that name in the namespace of each ExternalSecret.
   */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Where the Kubernetes auth method is mounted in Vault.
   *
   * @default 'kubernetes'
   */
  readonly mountPath?: string;
  /**
   * Audiences of the minted token; set the same value as the Vault role's `audience`.
   *
   * @default - the API server's default audience
   */
  readonly audiences?: string[];
}

/** Options for `VaultAuth.jwt()`. */
export interface VaultJwtAuthOptions {
  /** The Vault JWT role. */
  readonly role: string;
  /** The service account whose token ESO requests and presents as the JWT (see `VaultKubernetesAuthOptions.serviceAccount` for referent auth). */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Where the JWT auth method is mounted in Vault.
   *
   * @default 'jwt'
   */
  readonly path?: string;
  /**
   * Audiences of the minted token; set the same value as the Vault role's `bound_audiences`.
   *
   * @default - the API server's default audience
   */
  readonly audiences?: string[];
  /**
   * Lifetime of the minted token.
   *
   * @default - ESO's default (10 minutes)
   */
  readonly expiration?: Duration;
}

/** Options for `VaultAuth.cert()`. */
export interface VaultCertAuthOptions {
  /** The client certificate (PEM) in a Secret. */
  readonly clientCertificate: SecretKeyReference;
  /** The client private key (PEM) in a Secret. */
  readonly privateKey: SecretKeyReference;
  /** Why a long-lived client key is needed instead of Kubernetes or JWT auth (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
  /**
   * Where the cert auth method is mounted in Vault.
   *
   * @default 'cert'
   */
  readonly path?: string;
  /**
   * The Vault cert role to log in with.
   *
   * @default - Vault picks the role matching the certificate
   */
  readonly vaultRole?: string;
}

/** Options for `VaultAuth.appRole()`. */
export interface VaultAppRoleAuthOptions {
  /** The AppRole's role ID (an identifier, not a secret). */
  readonly roleId: string;
  /** The AppRole's secret ID in a Secret. */
  readonly secretId: SecretKeyReference;
  /** Why a long-lived secret ID is needed instead of Kubernetes or JWT auth (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
  /**
   * Where the AppRole auth method is mounted in Vault.
   *
   * @default 'approle'
   */
  readonly path?: string;
}

/** Options for `VaultAuth.token()`. */
export interface VaultTokenAuthOptions {
  /** A Vault token in a Secret. */
  readonly tokenSecret: SecretKeyReference;
  /** Why a long-lived Vault token is needed instead of Kubernetes or JWT auth (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
}

/** How ESO logs in to Vault. Kubernetes and JWT auth use short-lived service-account tokens; the others hold static credentials in a Secret and need a written reason. */
export class VaultAuth {
  /** Kubernetes auth (`auth/<mountPath>/login` with a service-account token): the recommended method. */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    requireProps(options, 'VaultKubernetesAuthOptions', ['role', 'serviceAccount']);
    requireNonEmpty(undefined, 'auth.kubernetes.role', options.role);
    const mountPath = checkMount('auth.kubernetes.mountPath', options.mountPath ?? 'kubernetes');
    return new VaultAuth(ctx => ({
      kubernetes: {
        mountPath,
        role: options.role,
        serviceAccountRef: ctx.serviceAccountRef('auth.kubernetes.serviceAccount', options.serviceAccount, options.audiences),
      },
    }));
  }

  /** JWT/OIDC auth with a token ESO requests for a service account. */
  public static jwt(options: VaultJwtAuthOptions): VaultAuth {
    requireProps(options, 'VaultJwtAuthOptions', ['role', 'serviceAccount']);
    requireNonEmpty(undefined, 'auth.jwt.role', options.role);
    const path = checkMount('auth.jwt.path', options.path ?? 'jwt');
    const expirationSeconds = options.expiration === undefined ? undefined
      : durationMillis(undefined, 'auth.jwt.expiration', options.expiration, { min: Duration.minutes(10), max: Duration.hours(48) }) / 1000;
    if (expirationSeconds !== undefined && !Number.isInteger(expirationSeconds)) {
      throw new ValidationError(`'auth.jwt.expiration' (${options.expiration!.toHumanString()}) must be a whole number of seconds; use e.g. Duration.minutes(15)`);
    }
    return new VaultAuth(ctx => ({
      jwt: {
        path,
        role: options.role,
        kubernetesServiceAccountToken: {
          serviceAccountRef: ctx.serviceAccountRef('auth.jwt.serviceAccount', options.serviceAccount),
          audiences: options.audiences ? [...options.audiences] : undefined,
          expirationSeconds,
        },
      },
    }));
  }

  /** TLS certificate auth with a client key held in a Secret (static credentials). */
  public static cert(options: VaultCertAuthOptions): VaultAuth {
    requireProps(options, 'VaultCertAuthOptions', ['clientCertificate', 'privateKey', 'acknowledgeStaticCredentials']);
    const reason = requireReason(undefined, 'auth.cert.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'Vault cert auth (a long-lived client key in a Secret)');
    const path = checkMount('auth.cert.path', options.path ?? 'cert');
    if (options.vaultRole !== undefined) requireNonEmpty(undefined, 'auth.cert.vaultRole', options.vaultRole);
    return new VaultAuth(ctx => ({
      cert: {
        path,
        clientCert: ctx.secretKeyRef('auth.cert.clientCertificate', options.clientCertificate),
        secretRef: ctx.secretKeyRef('auth.cert.privateKey', options.privateKey),
        vaultRole: options.vaultRole,
      },
    }), { prop: 'auth.cert.acknowledgeStaticCredentials', reason });
  }

  /** AppRole auth with a secret ID held in a Secret (static credentials). */
  public static appRole(options: VaultAppRoleAuthOptions): VaultAuth {
    requireProps(options, 'VaultAppRoleAuthOptions', ['roleId', 'secretId', 'acknowledgeStaticCredentials']);
    const reason = requireReason(undefined, 'auth.appRole.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'Vault AppRole auth (a long-lived secret ID in a Secret)');
    requireNonEmpty(undefined, 'auth.appRole.roleId', options.roleId);
    const path = checkMount('auth.appRole.path', options.path ?? 'approle');
    return new VaultAuth(ctx => ({
      appRole: {
        path,
        roleId: options.roleId,
        secretRef: ctx.secretKeyRef('auth.appRole.secretId', options.secretId),
      },
    }), { prop: 'auth.appRole.acknowledgeStaticCredentials', reason });
  }

  /** A Vault token held in a Secret (static credentials). */
  public static token(options: VaultTokenAuthOptions): VaultAuth {
    requireProps(options, 'VaultTokenAuthOptions', ['tokenSecret', 'acknowledgeStaticCredentials']);
    const reason = requireReason(undefined, 'auth.token.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'Vault token auth (a long-lived token in a Secret)');
    return new VaultAuth(ctx => ({ tokenSecretRef: ctx.secretKeyRef('auth.token.tokenSecret', options.tokenSecret) }),
      { prop: 'auth.token.acknowledgeStaticCredentials', reason });
  }

  private constructor(private readonly renderer: (ctx: ProviderContext) => any,
    /** The opt-in for static credentials, if this auth method uses them. @internal */
    public readonly _staticCredentials?: { prop: string; reason: string }) {}

  /** @internal */
  public _render(ctx: ProviderContext): any {
    return this.renderer(ctx);
  }
}

/** Props of `SecretStoreProvider.vault()`. */
export interface VaultProviderProps {
  /** The Vault server URL; https unless `acknowledgePlainHttp` is given. */
  readonly server: string;
  /** How ESO logs in. */
  readonly auth: VaultAuth;
  /**
   * Mount path of the KV engine, e.g. `secret`.
   *
   * @default - none: every remote key then starts with the mount
   */
  readonly path?: string;
  /**
   * Version of the KV engine.
   *
   * @default VaultKvVersion.V2
   */
  readonly version?: VaultKvVersion;
  /**
   * Vault Enterprise namespace.
   *
   * @default - the root namespace
   */
  readonly namespace?: string;
  /**
   * The CA bundle Vault's TLS certificate chains to.
   *
   * @default - the controller's system trust store
   */
  readonly caProvider?: CaProvider;
  /**
   * Why Vault is reached over plain http (at least 10 characters), e.g. a sidecar proxy on localhost.
   *
   * @default - the server must use https
   */
  readonly acknowledgePlainHttp?: string;
}

/** The validated `spec.provider.vault` definition. */
export function vaultProvider(props: VaultProviderProps): ProviderDefinition {
  // the store's provider, or a VaultDynamicSecret's: checked here for both
  requireProps(props, 'VaultProviderProps', ['server', 'auth']);
  validateUrl(undefined, 'server', props.server, 'acknowledgePlainHttp', props.acknowledgePlainHttp);
  if (props.path !== undefined) checkMount('path', props.path);
  if (props.namespace !== undefined) requireNonEmpty(undefined, 'namespace', props.namespace);
  return {
    key: 'vault',
    optIns: [
      ...props.auth._staticCredentials ? [{ ...props.auth._staticCredentials, id: STATIC_CREDENTIALS_RULE }] : [],
      ...props.acknowledgePlainHttp !== undefined ? [{ prop: 'acknowledgePlainHttp', id: PLAIN_HTTP_RULE, reason: props.acknowledgePlainHttp }] : [],
    ],
    render: ctx => ({
      server: props.server,
      path: props.path,
      version: props.version ?? VaultKvVersion.V2,
      namespace: props.namespace,
      caProvider: props.caProvider?._render('caProvider', ctx),
      auth: props.auth._render(ctx),
    }),
  };
}

const MOUNT = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** A Vault mount path: segments without leading or trailing '/'. */
function checkMount(prop: string, value: string): string {
  if (!MOUNT.test(value)) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) must be a Vault mount path: segments of letters, digits, '-', '_' or '.' joined by '/', without leading or trailing '/'; e.g. "kubernetes"`);
  }
  return value;
}
