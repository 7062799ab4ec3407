import { asArray, isObject } from '../manifest';

/** One RBAC policy rule with every list present and only string entries (manifests may be malformed). */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** A policy rule as the API server would read it; anything that is not a list of strings counts as empty. */
export function policyRule(raw: unknown): PolicyRule {
  const r = isObject(raw) ? raw : {};
  return {
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    verbs: strings(r.verbs),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

/** The rules of a Role or ClusterRole manifest, in order (their index is the `rules[i]` of findings). */
export function policyRules(manifest: any): PolicyRule[] {
  return asArray(manifest?.rules).map(policyRule);
}

/** Shorthand for writing rules as data: `rule(['get'], [''], ['pods'])`. */
export function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[] = []): PolicyRule {
  return { apiGroups, resources, verbs, resourceNames, nonResourceURLs: [] };
}
