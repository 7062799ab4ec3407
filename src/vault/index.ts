// Re-exports of this domain's constructs.
export * from './authentication';
export * from './policy';
export * from './policy-template';
export * from './kubernetes-auth-engine-role';
export * from './database-secret-engine-role';
export * from './secret-engine-mount';
export * from './database-secret-engine-config';
