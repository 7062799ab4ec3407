export * from './resource';
export { LabelSelectorOperator, type LabelSelector, type LabelSelectorRequirement } from './label-selector';
export * from './synthesis';
