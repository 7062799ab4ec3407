// Re-exports of this domain's constructs.
export { SpiffeId } from './spiffe-id';
export * from './openshift-authentication';
export * from './cluster-spiffe-id';
export * from './spiffe-rbac';
export * from './workload-identity-manager';
export { LabelSelectorOperator, type LabelSelector, type LabelSelectorRequirement } from '../common/label-selector';
