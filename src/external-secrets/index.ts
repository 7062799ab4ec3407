export * from './secret-store-ref';
export * from './secret-store';
export * from './namespace-condition';
export * from './eso-token-request-access';
export * from './token-request-rbac';
export * from './providers/provider';
export * from './providers/references';
// named re-exports keep the provider files' internal render functions out of the public API
export {
  VaultAuth, VaultKvVersion,
  type VaultAppRoleAuthOptions, type VaultCertAuthOptions, type VaultJwtAuthOptions, type VaultKubernetesAuthOptions,
  type VaultProviderProps, type VaultTokenAuthOptions,
} from './providers/vault';
export { type AwsAuthOptions, type AwsStaticCredentials } from './providers/aws';
export { type GcpSecretManagerProviderProps } from './providers/gcp';
export {
  AzureEnvironment, AzureKeyVaultAuth,
  type AzureKeyVaultProviderProps, type AzureServicePrincipalOptions, type AzureWorkloadIdentityOptions,
} from './providers/azure';
export { type IbmSecretsManagerProviderProps } from './providers/ibm';
export { type KubernetesProviderProps } from './providers/kubernetes';
export * from './refresh-policy';
export * from './target-lifecycle';
export {
  ConversionStrategy, DataFromSource, DecodingStrategy, MetadataPolicy, NullBytePolicy, Rewrite, RewriteConflictPolicy,
  RewriteMergeStrategy, RewritePriorityPolicy,
  type ExtractOptions, type FindOptions, type GeneratorSourceOptions, type RemoteRef, type RewriteMergeOptions,
} from './data-source';
export {
  SecretTemplate, SecretType, TemplateFrom, TemplateMergePolicy, TemplateScope, TemplateTarget, TemplateValue,
  type BasicAuthTemplateOptions, type DockerConfigJsonTemplateOptions, type SecretTemplateProps, type TemplateFromItem,
  type TemplateFromOptions, type TlsTemplateOptions,
} from './template';
export { type ExternalSecretSpecOptions, type ExternalSecretSpecProps } from './external-secret-spec';
export * from './external-secret';
export { type NamespaceSelection } from './cluster-scope';
export * from './cluster-external-secret';
export * from './push-secret';
