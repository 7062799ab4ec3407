// Re-exports of this domain's constructs.
export * from './topology';
export * from './transport';
export * from './user-defined-network';
export * from './network-policy';
export * from './default-deny-network-policy';
export * from './isolated-namespace';
