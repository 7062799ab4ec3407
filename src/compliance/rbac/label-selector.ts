import { asArray, isObject } from '../manifest';

/**
 * Whether a metav1.LabelSelector matches `labels`: every matchLabels entry and every matchExpressions
 * requirement (In, NotIn, Exists, DoesNotExist) holds. An empty selector matches everything, as the
 * ClusterRole aggregation controller reads it; a malformed requirement (which the API server refuses) matches
 * nothing.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  const s = isObject(selector) ? selector : {};
  const matchLabels = isObject(s.matchLabels) ? s.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) return false;
  }
  return asArray(s.matchExpressions).every(requirement => {
    if (!isObject(requirement) || typeof requirement.key !== 'string') return false;
    const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const values = asArray(requirement.values);
    switch (requirement.operator) {
      case 'In': return present && values.includes(labels[requirement.key]);
      case 'NotIn': return !present || !values.includes(labels[requirement.key]);
      case 'Exists': return present;
      case 'DoesNotExist': return !present;
      default: return false;
    }
  });
}

/** The `key=value` pairs a selector requires through matchLabels (for an index lookup). */
export function requiredPairs(selector: unknown): string[] {
  const s = isObject(selector) ? selector : {};
  return Object.entries(isObject(s.matchLabels) ? s.matchLabels : {}).map(([k, v]) => `${k}=${String(v)}`);
}

/** The label keys a selector requires to be present through matchExpressions (`In`, `Exists`), for an index lookup. */
export function requiredKeys(selector: unknown): string[] {
  const s = isObject(selector) ? selector : {};
  return asArray(s.matchExpressions)
    .filter(r => isObject(r) && typeof r.key === 'string' && (r.operator === 'In' || r.operator === 'Exists'))
    .map(r => r.key);
}
