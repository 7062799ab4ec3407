// Re-exports of this domain's constructs.
export * from './app-project';
export * from './application-spec';
export * from './application';
export * from './application-set';
export * from './cluster';
