import { asArray, isObject } from '../manifest';

/** The label every namespace carries (set by the API server since Kubernetes 1.21, immutable). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Whether a label selector requirement is one the API server accepts (an invalid one fails the whole selector). */
function validRequirement(r: any): boolean {
  if (!isObject(r) || typeof r.key !== 'string' || r.key === '') return false;
  const values = r.values;
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      return Array.isArray(values) && values.length > 0;
    case 'Exists':
    case 'DoesNotExist':
      return values === undefined || (Array.isArray(values) && values.length === 0);
    default:
      return false;
  }
}

/**
 * Why a namespace label selector admits every namespace, or undefined when it restricts them (or is null or
 * invalid, which `metav1.LabelSelectorAsSelector` turns into "nothing" or an error). Mirrors how ESO's
 * `GetTargetNamespaces` and vault-config-operator read a selector: `{}` (also `matchLabels: {}` or
 * `matchExpressions: []`) is `labels.Everything()`; NotIn and DoesNotExist only exclude, so a selector made of them
 * admits every namespace without the label and every namespace created later; Exists on
 * `kubernetes.io/metadata.name` holds for every namespace.
 */
export function admitsEveryNamespace(selector: unknown): string | undefined {
  if (!isObject(selector)) return undefined;
  const labels = selector.matchLabels;
  if (labels !== undefined && labels !== null && !isObject(labels)) return undefined;
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null && !Array.isArray(expressions)) return undefined;
  if (isObject(labels) && Object.keys(labels).length > 0) return undefined;
  const requirements = asArray(expressions);
  if (requirements.length === 0) return 'is empty ({}), which selects every namespace';
  if (!requirements.every(validRequirement)) return undefined;
  const restricting = requirements.filter(r => r.operator === 'In' || (r.operator === 'Exists' && r.key !== NAMESPACE_NAME_LABEL));
  if (restricting.length > 0) return undefined;
  const ops = [...new Set(requirements.map(r => `${r.operator} ${r.key}`))].join(', ');
  return `only excludes (${ops}), so it selects every other namespace, including namespaces created later`;
}

/** Whether `labels` satisfy a label selector (null or invalid selectors match nothing, `{}` matches everything). */
export function matchesSelector(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector)) return false;
  const have: Record<string, unknown> = isObject(labels) ? labels : {};
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null && !isObject(matchLabels)) return false;
  for (const [key, value] of Object.entries(isObject(matchLabels) ? matchLabels : {})) {
    if (have[key] !== value) return false;
  }
  const requirements = selector.matchExpressions;
  if (requirements !== undefined && requirements !== null && !Array.isArray(requirements)) return false;
  for (const r of asArray(requirements)) {
    if (!validRequirement(r)) return false;
    const present = Object.prototype.hasOwnProperty.call(have, r.key);
    const value = have[r.key];
    switch (r.operator) {
      case 'In':
        if (!present || !r.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (present && r.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      default:
        if (present) return false;
    }
  }
  return true;
}
