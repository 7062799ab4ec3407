// Re-exports of the scenario-level patterns, which compose the domain folders.
export * from './spoke-cluster-access';
export * from './credential-delivery';
export * from './dynamic-database-credentials';
export * from './secretless-repository-access';
