import * as kplus from 'cdk8s-plus-28';
import { awsCsiProvider, CsiAwsProviderProps } from './aws';
import { azureCsiProvider, CsiAzureProviderProps } from './azure';
import { CsiGcpProviderProps, gcpCsiProvider } from './gcp';
import { CsiProviderDefinition } from './private/common';
import { CsiVaultProviderProps, vaultCsiProvider } from './vault';
import { requireProps } from '../common/required-props';

/**
 * The provider plugin a `SecretProviderClass` asks for secrets, with its parameters spelled as the plugin reads
 * them. Each authenticates as the pod's own service account by default (workload identity); identities shared
 * between pods and static credentials need a written reason.
 */
export class CsiSecretProvider {
  /** HashiCorp Vault: the pod logs in with its service account through a Kubernetes auth role. */
  public static vault(props: CsiVaultProviderProps): CsiSecretProvider {
    return new CsiSecretProvider(vaultCsiProvider(requireProps(props, 'CsiVaultProviderProps', ['role', 'objects'])));
  }

  /** AWS Secrets Manager and Parameter Store, through IRSA or EKS Pod Identity. */
  public static aws(props: CsiAwsProviderProps): CsiSecretProvider {
    return new CsiSecretProvider(awsCsiProvider(requireProps(props, 'CsiAwsProviderProps', ['region', 'objects'])));
  }

  /** Azure Key Vault, through Microsoft Entra Workload ID by default. */
  public static azure(props: CsiAzureProviderProps): CsiSecretProvider {
    return new CsiSecretProvider(azureCsiProvider(requireProps(props, 'CsiAzureProviderProps', ['keyVaultName', 'tenantId', 'auth', 'objects'])));
  }

  /** Google Secret Manager, through GKE Workload Identity by default. */
  public static gcp(props: CsiGcpProviderProps): CsiSecretProvider {
    return new CsiSecretProvider(gcpCsiProvider(requireProps(props, 'CsiGcpProviderProps', ['secrets'])));
  }

  private constructor(private readonly definition: CsiProviderDefinition) {}

  /** The plugin's name (`spec.provider`): `vault`, `aws`, `azure` or `gcp`. */
  public get name(): string {
    return this.definition.provider;
  }

  /** The files the provider writes, relative to the mount path (a copy). */
  public get fileNames(): string[] {
    return [...this.definition.fileNames];
  }

  /**
   * The Secret the volume passes to the provider (`nodePublishSecretRef`), for static credentials.
   *
   * @default - none: the provider authenticates as the pod's service account
   */
  public get nodePublishSecret(): kplus.ISecret | undefined {
    return this.definition.nodePublishSecret;
  }

  /** `spec.parameters` (a copy). @internal */
  public _parameters(): { [key: string]: string } {
    return { ...this.definition.parameters };
  }
}
