export { Errors } from './errors';
export * from './resource';
export { LabelSelectorOperator, type LabelSelector, type LabelSelectorRequirement } from './label-selector';
export * from './synthesis';
