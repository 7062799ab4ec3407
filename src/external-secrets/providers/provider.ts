import { AwsAuthOptions, awsProvider } from './aws';
import { AzureKeyVaultProviderProps, azureKeyVaultProvider } from './azure';
import { ProviderContext, ProviderDefinition } from './common';
import { GcpSecretManagerProviderProps, gcpSecretManagerProvider } from './gcp';
import { IbmSecretsManagerProviderProps, ibmSecretsManagerProvider } from './ibm';
import { KubernetesProviderProps, kubernetesProvider } from './kubernetes';
import { VaultProviderProps, vaultProvider } from './vault';
import { ValidationError } from '../../common/errors';
import { refuseCredential } from '../../common/literals';
import { requireProps } from '../../common/required-props';

/** The `spec.provider` keys of ESO v2.9 (exactly one per store). */
const KNOWN_PROVIDERS = [
  'akeyless', 'aws', 'azurekv', 'barbican', 'beyondtrust', 'beyondtrustworkloadcredentials', 'bitwardensecretsmanager',
  'chef', 'cloudrusm', 'conjur', 'crd', 'delinea', 'doppler', 'dvls', 'fake', 'fortanix', 'gcpsm', 'github', 'gitlab', 'ibm',
  'infisical', 'keepersecurity', 'kubernetes', 'nebiusmysterybox', 'ngrok', 'onboardbase', 'onepassword', 'onepasswordSDK',
  'openBao', 'oracle', 'ovh', 'passbolt', 'passworddepot', 'previder', 'pulumi', 'scaleway', 'secretserver', 'senhasegura',
  'vault', 'volcengine', 'webhook', 'yandexcertificatemanager', 'yandexlockbox',
];

/** What `AwsAuthOptions` declares without '?', checked by both AWS factories. */
const AWS_AUTH_REQUIRED: readonly (keyof AwsAuthOptions & string)[] = ['region'];

/**
 * The secret manager a store reads from, and how ESO authenticates to it. Every factory validates its
 * input when called; references to Secrets and service accounts are checked against the store's namespace
 * when the store is created.
 */
export class SecretStoreProvider {
  /** HashiCorp Vault (KV engine). */
  public static vault(props: VaultProviderProps): SecretStoreProvider {
    return new SecretStoreProvider(vaultProvider(props));
  }

  /** AWS Secrets Manager. */
  public static awsSecretsManager(props: AwsAuthOptions): SecretStoreProvider {
    return new SecretStoreProvider(awsProvider('SecretsManager', requireProps(props, 'AwsAuthOptions', AWS_AUTH_REQUIRED)));
  }

  /** AWS Systems Manager Parameter Store. */
  public static awsParameterStore(props: AwsAuthOptions): SecretStoreProvider {
    return new SecretStoreProvider(awsProvider('ParameterStore', requireProps(props, 'AwsAuthOptions', AWS_AUTH_REQUIRED)));
  }

  /** Google Cloud Secret Manager. */
  public static gcpSecretManager(props: GcpSecretManagerProviderProps): SecretStoreProvider {
    return new SecretStoreProvider(gcpSecretManagerProvider(requireProps(props, 'GcpSecretManagerProviderProps', ['projectId'])));
  }

  /** Azure Key Vault. */
  public static azureKeyVault(props: AzureKeyVaultProviderProps): SecretStoreProvider {
    return new SecretStoreProvider(azureKeyVaultProvider(requireProps(props, 'AzureKeyVaultProviderProps', ['vaultUrl', 'auth'])));
  }

  /** IBM Cloud Secrets Manager. */
  public static ibmSecretsManager(props: IbmSecretsManagerProviderProps): SecretStoreProvider {
    return new SecretStoreProvider(ibmSecretsManagerProvider(requireProps(props, 'IbmSecretsManagerProviderProps', ['serviceUrl'])));
  }

  /** Secrets of a namespace in this or another Kubernetes cluster. */
  public static kubernetes(props: KubernetesProviderProps): SecretStoreProvider {
    return new SecretStoreProvider(kubernetesProvider(requireProps(props, 'KubernetesProviderProps', ['remoteNamespace', 'serviceAccount', 'caProvider'])));
  }

  /**
   * Any other ESO provider, rendered as given under `spec.provider.<name>`. Nothing inside `spec` is checked
   * (no static-credential or cross-namespace rules, no service accounts for `EsoTokenRequestAccess`), so
   * prefer a typed factory when one exists.
   *
   * Every string and key of `spec` (URLs, headers, bodies, a `fake` provider's values) is scanned: the spec is
   * refused when it holds a credential (the value would be committed to Git); reference the secret instead
   * through the provider's `secretRef`-style fields.
   *
   * @param name the provider key, e.g. `doppler`
   * @param spec the provider's configuration
   */
  public static custom(name: string, spec: { [key: string]: any }): SecretStoreProvider {
    if (!KNOWN_PROVIDERS.includes(name)) {
      throw new ValidationError(`'provider' name ${JSON.stringify(name)} is not an ESO v2.9 provider; use one of ${KNOWN_PROVIDERS.join(', ')}`);
    }
    const copy = JSON.parse(JSON.stringify(spec));
    refuseCredential(undefined, 'spec', copy);
    return new SecretStoreProvider({ key: name, render: () => copy });
  }

  private constructor(private readonly definition: ProviderDefinition) {}

  /** The key under `spec.provider`, e.g. `vault`. */
  public get providerName(): string {
    return this.definition.key;
  }

  /** @internal */
  public _render(ctx: ProviderContext): any {
    return { [this.definition.key]: this.definition.render(ctx) };
  }

  /**
   * The opt-ins the provider was given (static credentials, plain http), each with the rule it acknowledges.
   *
   * @internal
   */
  public get _optIns(): { prop: string; id: string; reason: string }[] {
    return [...this.definition.optIns ?? []];
  }
}
