/**
 * Whether a policy rule allows a request, with the API server's semantics (k8s.io/kubernetes
 * pkg/apis/rbac/v1 `VerbMatches`, `APIGroupMatches`, `ResourceMatches`, `ResourceNameMatches`,
 * `NonResourceURLMatches`): exact, case-sensitive matches; `*` alone matches everything in its field;
 * a resource `*\/sub` matches the subresource `sub` of any resource; `pods/*` is no wildcard (it names a
 * resource nobody serves); non-resource URLs match exactly, or by prefix when they end in `*`.
 */
import { PolicyRule } from './policy-rule';

const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some(v => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some(g => g === ALL || g === group);
}

/** `resource` is the combined `resource/subresource` of the request, `subresource` its part after the slash. */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  return rule.resources.some(r => {
    if (r === ALL || r === resource) return true;
    if (subresource.length === 0) return false;
    return r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource);
  });
}

/** An empty resourceNames list matches every name (including the empty name of create and list requests). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
  return rule.nonResourceURLs.some(u => u === ALL || u === url || (u.endsWith('*') && url.startsWith(u.replace(/\*+$/, ''))));
}

/** `exec` of `pods/exec`, '' of `pods`. */
export function subresourceOf(resource: string): string {
  const slash = resource.indexOf('/');
  return slash < 0 ? '' : resource.slice(slash + 1);
}

/** A request as the authorizer sees it. */
export interface ResourceRequest {
  readonly verb: string;
  readonly group: string;
  /** `pods` or `pods/exec`. */
  readonly resource: string;
  /** The object's name; '' for create on a collection, list and watch without a name. */
  readonly name: string;
}

/** Whether `rule` allows `request` (the API server's `RuleAllows` for resource requests). */
export function ruleAllows(rule: PolicyRule, request: ResourceRequest): boolean {
  return verbMatches(rule, request.verb)
    && apiGroupMatches(rule, request.group)
    && resourceMatches(rule, request.resource, subresourceOf(request.resource))
    && resourceNameMatches(rule, request.name);
}

/** Whether `rule` allows the non-resource request `verb url`. */
export function ruleAllowsUrl(rule: PolicyRule, verb: string, url: string): boolean {
  return verbMatches(rule, verb) && nonResourceURLMatches(rule, url);
}

/**
 * How much of a resource a rule grants `verb` on: `every` object (no resourceNames), `some` named objects, or
 * `none`. A create on a collection carries no name, so resourceNames leave nothing to create; a create on a
 * subresource (`pods/exec`, `serviceaccounts/token`) carries its object's name, so they narrow it.
 */
export function grantExtent(rule: PolicyRule, verb: string, group: string, resource: string): 'every' | 'some' | 'none' {
  if (ruleAllows(rule, { verb, group, resource, name: '' })) return 'every';
  if (rule.resourceNames.length === 0) return 'none';
  const named = rule.resourceNames.some(name => name !== '' && ruleAllows(rule, { verb, group, resource, name }));
  if (!named) return 'none';
  // create on a collection and deletecollection carry no name (list and watch take one from a metadata.name field selector)
  const collection = (verb === 'create' && !resource.includes('/')) || verb === 'deletecollection';
  return collection ? 'none' : 'some';
}

/** Placeholders no real group or resource is named: matched only by `*`. */
export const ANY_GROUP = '\u0000any-group';
export const ANY_RESOURCE = '\u0000any-resource';

const STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate'];

/** Whether the rule grants every standard verb on every resource of every group (cluster-admin by another name). */
export function grantsEverything(rule: PolicyRule): boolean {
  return STANDARD_VERBS.every(verb => ruleAllows(rule, { verb, group: ANY_GROUP, resource: ANY_RESOURCE, name: '' }));
}
