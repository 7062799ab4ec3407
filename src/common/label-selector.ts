import { validateLabelKey, validateLabels } from './names';

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

/** A Kubernetes label selector; an empty selector selects everything. */
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
export function renderLabelSelector(prop: string, selector: LabelSelector | undefined): any {
  if (selector === undefined) return undefined;
  validateLabels(`${prop}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((e, i) => {
    validateLabelKey(`${prop}.matchExpressions[${i}].key`, e.key);
    const values = e.values ?? [];
    const needsValues = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
    if (needsValues && values.length === 0) {
      throw new Error(`'${prop}.matchExpressions[${i}]' (${e.key} ${e.operator}) needs at least one value; e.g. values: ['prod']`);
    }
    if (!needsValues && values.length > 0) {
      throw new Error(`'${prop}.matchExpressions[${i}]' (${e.key} ${e.operator}) must not have values; remove ${JSON.stringify(values)}`);
    }
  });
  const matchLabels = selector.matchLabels && Object.keys(selector.matchLabels).length > 0
    ? Object.fromEntries(Object.entries(selector.matchLabels).sort(([a], [b]) => a.localeCompare(b)))
    : undefined;
  const matchExpressions = selector.matchExpressions?.length
    ? selector.matchExpressions.map(e => ({ key: e.key, operator: e.operator, values: e.values?.length ? [...e.values] : undefined }))
    : undefined;
  return matchLabels || matchExpressions ? { matchLabels, matchExpressions } : undefined;
}
