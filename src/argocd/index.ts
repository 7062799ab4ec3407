// Re-exports of this domain's constructs.
export * from './app-project';
export * from './argocd-instance';
export * from './argocd-rbac';
export * from './application-spec';
export * from './application';
export * from './application-set';
export * from './cluster';
// named re-exports keep the shared Secret builder of repository.ts out of the public API
export {
  ArgoCdRepository, CredentialSource, RepositoryCredentials, RepositoryType,
  type ArgoCdRepositoryProps, type AzureServicePrincipalCredentialsOptions, type CredentialDataSourceOptions, type GithubAppCredentialsOptions,
  type IArgoCdRepository, type IArgoCdRepositorySecret, type RepositorySecretOptions, type UsernamePasswordCredentialsOptions,
} from './repository';
export * from './repo-credentials';
