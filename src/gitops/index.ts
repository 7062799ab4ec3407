// Re-exports of the GitOps repository output.
export * from './app-of-apps';
export * from './cluster-target';
export * from './overlay-patch';
export * from './repository';
export * from './secret-flow';
export * from './secret-guard';
