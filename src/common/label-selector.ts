import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { validateLabelKey, validateLabelValue, validateLabels } from './names';
import { requireProps } from './required-props';
import { sortedRecord } from './sort';

/** Operators of a label selector requirement. */
export enum LabelSelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label's value is none of `values` (or the label is absent). */
  NOT_IN = 'NotIn',
  /** The label is present. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is compared. */
  readonly operator: LabelSelectorOperator;
  /**
   * Values for `In` and `NotIn` (required there); none for `Exists` and `DoesNotExist`.
   *
   * @default - none
   */
  readonly values?: string[];
}

/**
 * A Kubernetes label selector, the one selector type of this library (ESO namespace selectors, SPIFFE ID pod and
 * namespace selectors, ApplicationSet cluster selectors, network namespace selectors); an empty selector selects
 * everything, so each use says whether that needs an opt-in.
 */
export interface LabelSelector {
  /**
   * Labels that must all match exactly.
   *
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Requirements that must all hold.
   *
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/**
 * Validates a selector (label keys and values; values exactly for In and NotIn) and renders it with sorted
 * labels, or `undefined` when it is absent or empty (an empty selector selects everything: callers decide
 * whether that needs an opt-in).
 */
export function renderLabelSelector(scope: IConstruct | undefined, prop: string, selector: LabelSelector | undefined): any {
  if (selector === undefined) return undefined;
  validateLabels(scope, `${prop}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((e, i) => {
    requireProps(e, 'LabelSelectorRequirement', ['key', 'operator'], scope);
    validateLabelKey(scope, `${prop}.matchExpressions[${i}].key`, e.key);
    const values = e.values ?? [];
    const needsValues = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
    if (needsValues && values.length === 0) {
      throw new ValidationError(`'${prop}.matchExpressions[${i}]' (${e.key} ${e.operator}) needs at least one value; e.g. values: ['prod']`, scope);
    }
    values.forEach(v => validateLabelValue(scope, `${prop}.matchExpressions[${i}].values`, e.key, v));
    if (!needsValues && values.length > 0) {
      throw new ValidationError(`'${prop}.matchExpressions[${i}]' (${e.key} ${e.operator}) must not have values; remove ${JSON.stringify(values)}`, scope);
    }
  });
  const matchLabels = selector.matchLabels && Object.keys(selector.matchLabels).length > 0
    ? sortedRecord(selector.matchLabels)
    : undefined;
  const matchExpressions = selector.matchExpressions?.length
    ? selector.matchExpressions.map(e => ({ key: e.key, operator: e.operator, values: e.values?.length ? [...e.values] : undefined }))
    : undefined;
  return matchLabels || matchExpressions ? { matchLabels, matchExpressions } : undefined;
}
