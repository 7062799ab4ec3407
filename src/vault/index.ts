// Re-exports of this domain's constructs.
export * from './authentication';
export * from './policy';
export * from './kubernetes-auth-engine-role';
export * from './database-secret-engine-role';
