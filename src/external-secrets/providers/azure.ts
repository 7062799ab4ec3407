import * as kplus from 'cdk8s-plus-28';
import { ProviderContext, ProviderDefinition, requireNonEmpty, requireReason, STATIC_CREDENTIALS_RULE, validateUrl } from './common';
import { SecretKeyReference } from './references';
import { ValidationError } from '../../common/errors';
import { requireProps } from '../../common/required-props';

/** The Azure cloud a Key Vault lives in. */
export enum AzureEnvironment {
  /** Azure public cloud. */
  PUBLIC_CLOUD = 'PublicCloud',
  /** Azure Government. */
  US_GOVERNMENT_CLOUD = 'USGovernmentCloud',
  /** Azure China. */
  CHINA_CLOUD = 'ChinaCloud',
  /** Azure Germany. */
  GERMAN_CLOUD = 'GermanCloud',
  /** Azure Stack Hub. */
  AZURE_STACK_CLOUD = 'AzureStackCloud',
}

/** Options for `AzureKeyVaultAuth.workloadIdentity()`. */
export interface AzureWorkloadIdentityOptions {
  /**
   * The service account federated with an Entra ID application or managed identity (annotated with
   * `azure.workload.identity/client-id`). On a ClusterSecretStore a `ReferentServiceAccount` means referent auth.
   */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Audiences of the minted token.
   *
   * @default - ESO's default (`api://AzureADTokenExchange`)
   */
  readonly audiences?: string[];
}

/** Options for `AzureKeyVaultAuth.servicePrincipal()`. */
export interface AzureServicePrincipalOptions {
  /** The application (client) ID in a Secret. */
  readonly clientId: SecretKeyReference;
  /** The client secret in a Secret. */
  readonly clientSecret: SecretKeyReference;
  /** Why a client secret is used instead of workload or managed identity (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
}

/** How ESO authenticates to Azure Key Vault. */
export class AzureKeyVaultAuth {
  /** Azure Workload Identity: a federated service-account token, no stored secret (recommended). */
  public static workloadIdentity(options: AzureWorkloadIdentityOptions): AzureKeyVaultAuth {
    requireProps(options, 'AzureWorkloadIdentityOptions', ['serviceAccount']);
    return new AzureKeyVaultAuth(ctx => ({
      authType: 'WorkloadIdentity',
      serviceAccountRef: ctx.serviceAccountRef('auth.serviceAccount', options.serviceAccount, options.audiences),
    }));
  }

  /**
   * The managed identity of the node ESO runs on.
   *
   * @param identityId client ID or resource ID of a user-assigned identity; omit for the system-assigned one
   */
  public static managedIdentity(identityId?: string): AzureKeyVaultAuth {
    if (identityId !== undefined) requireNonEmpty(undefined, 'auth.identityId', identityId);
    return new AzureKeyVaultAuth(() => ({ authType: 'ManagedIdentity', identityId }));
  }

  /** A service principal with a client secret held in a Secret (static credentials). */
  public static servicePrincipal(options: AzureServicePrincipalOptions): AzureKeyVaultAuth {
    requireProps(options, 'AzureServicePrincipalOptions', ['clientId', 'clientSecret', 'acknowledgeStaticCredentials']);
    const reason = requireReason(undefined, 'auth.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'an Azure client secret');
    return new AzureKeyVaultAuth(ctx => ({
      authType: 'ServicePrincipal',
      authSecretRef: {
        clientId: ctx.secretKeyRef('auth.clientId', options.clientId),
        clientSecret: ctx.secretKeyRef('auth.clientSecret', options.clientSecret),
      },
    }), { prop: 'auth.acknowledgeStaticCredentials', reason });
  }

  private constructor(private readonly renderer: (ctx: ProviderContext) => any,
    /** The opt-in for static credentials, if this auth method uses them. @internal */
    public readonly _staticCredentials?: { prop: string; reason: string }) {}

  /** @internal */
  public _render(ctx: ProviderContext): any {
    return this.renderer(ctx);
  }
}

/** Props of `SecretStoreProvider.azureKeyVault()`. */
export interface AzureKeyVaultProviderProps {
  /** The vault URL, e.g. `https://my-vault.vault.azure.net`. */
  readonly vaultUrl: string;
  /** How ESO authenticates. */
  readonly auth: AzureKeyVaultAuth;
  /**
   * The Entra ID tenant (a GUID).
   *
   * @default - taken from the service account annotations or the environment
   */
  readonly tenantId?: string;
  /**
   * The Azure cloud.
   *
   * @default AzureEnvironment.PUBLIC_CLOUD
   */
  readonly environment?: AzureEnvironment;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The validated `spec.provider.azurekv` definition. */
export function azureKeyVaultProvider(props: AzureKeyVaultProviderProps): ProviderDefinition {
  validateUrl(undefined, 'vaultUrl', props.vaultUrl);
  if (props.tenantId !== undefined && !GUID.test(props.tenantId)) {
    throw new ValidationError(`'tenantId' (${JSON.stringify(props.tenantId)}) must be a GUID; e.g. "00000000-0000-0000-0000-000000000000"`);
  }
  return {
    key: 'azurekv',
    optIns: props.auth._staticCredentials ? [{ ...props.auth._staticCredentials, id: STATIC_CREDENTIALS_RULE }] : [],
    render: (ctx: ProviderContext) => ({
      vaultUrl: props.vaultUrl,
      tenantId: props.tenantId,
      environmentType: props.environment ?? AzureEnvironment.PUBLIC_CLOUD,
      useAzureSDK: false,
      ...props.auth._render(ctx),
    }),
  };
}
