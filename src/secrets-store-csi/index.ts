// Re-exports of this domain's constructs; named, so the provider files' render functions stay internal.
export * from './provider';
export {
  CsiVaultEncoding, CsiVaultMethod, CsiVaultObjects,
  type CsiDatabaseCredentialsOptions, type CsiVaultObject, type CsiVaultProviderProps,
} from './vault';
export { CsiAwsAuthentication, CsiAwsObjectType, type CsiAwsJmesPath, type CsiAwsObject, type CsiAwsProviderProps } from './aws';
export {
  CsiAzureAuth, CsiAzureCloud, CsiAzureObjectType,
  type CsiAzureObject, type CsiAzureProviderProps, type CsiAzureServicePrincipalOptions, type CsiAzureVmManagedIdentityOptions,
} from './azure';
export { CsiGcpAuth, type CsiGcpProviderProps, type CsiGcpSecret, type CsiGcpServiceAccountKeyOptions } from './gcp';
export {
  CsiSecretsMount, SecretProviderClass,
  type CsiSyncedSecret, type ISecretProviderClass, type SecretProviderClassAttributes, type SecretProviderClassProps,
} from './secret-provider-class';
