// Re-exports of this domain's constructs.
export {
  ClusterGenerator, type ClusterGeneratorAttributes, type ClusterGeneratorProps,
} from './cluster-generator';
export {
  Generator, type GeneratorAttributes, GeneratorSpec, type IGenerator,
} from './generator';
export * from './password';
export * from './ssh-key';
export * from './uuid';
export * from './fake';
export * from './github-access-token';
export * from './vault-dynamic-secret';
export * from './ecr-authorization-token';
export * from './sts-session-token';
export * from './gcr-access-token';
export * from './quay-access-token';
export * from './cloudsmith-access-token';
export * from './acr-access-token';
export * from './mfa';
export * from './grafana';
export * from './gitlab-deploy-token';
export * from './webhook';
export * from './beyondtrust-workload-credentials';
