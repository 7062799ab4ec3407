import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorContext, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { isDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { AzureEnvironment } from '../external-secrets/providers/azure';
import { requireNonEmpty, requireReason } from '../external-secrets/providers/common';
import { SecretKeyReference } from '../external-secrets/providers/references';

/** Options of `AcrAuth.servicePrincipal()`. */
export interface AcrServicePrincipalOptions {
  /** The application (client) ID in a Secret. */
  readonly clientId: SecretKeyReference;
  /** The client secret in a Secret. */
  readonly clientSecret: SecretKeyReference;
  /** Why a long-lived client secret is needed instead of workload identity (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
}

/** How the ACRAccessToken generator authenticates to Microsoft Entra ID. */
export class AcrAuth {
  /** Azure workload identity: the service account (in the generator's namespace) federated with an Entra application. */
  public static workloadIdentity(serviceAccount: kplus.IServiceAccount, audiences?: string[]): AcrAuth {
    return new AcrAuth(ctx => ({ workloadIdentity: { serviceAccountRef: ctx._serviceAccountRef('auth.workloadIdentity.serviceAccount', serviceAccount, audiences) } }));
  }

  /**
   * The managed identity of the node ESO runs on (AKS). Every pod on those nodes can use that identity, so
   * prefer `workloadIdentity()`.
   *
   * @param identityId the client ID of a user-assigned identity; omit for the system-assigned one
   */
  public static managedIdentity(identityId?: string): AcrAuth {
    if (identityId !== undefined) requireNonEmpty(undefined, 'auth.managedIdentity.identityId', identityId);
    return new AcrAuth(() => ({ managedIdentity: identityId !== undefined ? { identityId } : {} }));
  }

  /** A service principal whose client secret is held in a Secret (static credentials). */
  public static servicePrincipal(options: AcrServicePrincipalOptions): AcrAuth {
    requireProps(options, 'AcrServicePrincipalOptions', ['clientId', 'clientSecret', 'acknowledgeStaticCredentials']);
    requireReason(undefined, 'auth.servicePrincipal.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'an Azure client secret');
    return new AcrAuth(ctx => ({
      servicePrincipal: {
        secretRef: {
          clientId: ctx._secretKeyRef('auth.servicePrincipal.clientId', options.clientId),
          clientSecret: ctx._secretKeyRef('auth.servicePrincipal.clientSecret', options.clientSecret),
        },
      },
    }));
  }

  private constructor(private readonly renderer: (ctx: GeneratorContext) => any) {}

  /** @internal */
  public _render(ctx: GeneratorContext): any {
    return this.renderer(ctx);
  }
}

/** Options of an ACRAccessToken generator. */
export interface AcrAccessTokenOptions {
  /** The registry host, e.g. `myregistry.azurecr.io`. */
  readonly registry: string;
  /** How ESO authenticates. */
  readonly auth: AcrAuth;
  /** The Entra tenant ID. */
  readonly tenantId: string;
  /**
   * An access-token scope such as `repository:app:pull`: the token is then limited to it and lives 75
   * minutes. Without a scope ESO returns a refresh token for the whole registry, valid 3 hours.
   *
   * @default - none: a registry-wide refresh token; set `allowRegistryWideToken: true`
   */
  readonly scope?: string;
  /**
   * Accept a token for the whole registry (no `scope`), an explicit opt-in.
   *
   * @default false
   */
  readonly allowRegistryWideToken?: boolean;
  /** @default AzureEnvironment.PUBLIC_CLOUD */
  readonly environment?: AzureEnvironment;
}

/** Props of an `AcrAccessToken`. */
export interface AcrAccessTokenProps extends ResourceProps, AcrAccessTokenOptions {}

const SCOPE = /^repository:[a-z0-9._\/-]+:(pull|push|delete|metadata_read|metadata_write)(,(pull|push|delete|metadata_read|metadata_write))*$/;
const TENANT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What AcrAccessTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const ACR_ACCESS_TOKEN_REQUIRED: readonly (keyof AcrAccessTokenOptions & string)[] = ['auth', 'registry', 'tenantId'];

/**
 * An `ACRAccessToken` generator: Azure Container Registry credentials (`username`, `password`), with
 * workload identity preferred. Scoped access tokens (75 minutes) are the default; a registry-wide refresh
 * token (3 hours) is an explicit opt-in.
 */
export class AcrAccessToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: AcrAccessTokenOptions): GeneratorSpec {
    return acrAccessTokenSpec(undefined, requireProps(options, 'AcrAccessTokenOptions', ACR_ACCESS_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: AcrAccessTokenProps) {
    super(scope, id, 'ACRAccessToken', requireProps(props, 'AcrAccessTokenProps', ACR_ACCESS_TOKEN_REQUIRED, scope, id));
    this._useSpec(acrAccessTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function acrAccessTokenSpec(scope: IConstruct | undefined, options: AcrAccessTokenOptions): GeneratorSpec {
  if (!isDnsSubdomain(options.registry) || !options.registry.includes('.')) throw new ValidationError(`'registry' (${JSON.stringify(options.registry)}) must be a registry host name, e.g. "myregistry.azurecr.io"`, scope);
  if (!TENANT.test(options.tenantId)) throw new ValidationError(`'tenantId' (${JSON.stringify(options.tenantId)}) must be a tenant GUID, e.g. "00000000-0000-0000-0000-000000000000"`, scope);
  if (options.scope === undefined && !options.allowRegistryWideToken) {
    throw new ValidationError('\'scope\' is not set: the token would cover the whole registry; set e.g. scope: \'repository:app:pull\', or allowRegistryWideToken: true', scope);
  }
  if (options.scope !== undefined && options.allowRegistryWideToken) throw new ValidationError('\'allowRegistryWideToken\' and \'scope\' are both set; remove one', scope);
  if (options.scope !== undefined && !SCOPE.test(options.scope)) {
    throw new ValidationError(`'scope' (${JSON.stringify(options.scope)}) must be "repository:<name>:<actions>", e.g. "repository:app:pull"`, scope);
  }
  const maxLifetime = options.scope !== undefined ? Duration.minutes(75) : Duration.hours(3);
  return GeneratorSpec._of({ kind: 'ACRAccessToken', outputKeys: ['username', 'password'], rotating: true, maxLifetime }, ctx => ({
    registry: options.registry,
    tenantId: options.tenantId,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    environmentType: options.environment ?? AzureEnvironment.PUBLIC_CLOUD,
    auth: options.auth._render(ctx),
  }));
}
