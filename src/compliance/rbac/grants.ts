/**
 * What a role grants of a set of permissions, and the findings rules report about it: on a Role or ClusterRole
 * (its effective rules, aggregated ones included), and on a binding to a built-in role, per subject. A binding
 * to a role of the output reports nothing here (the role reports its own rules), nor does a binding to a role
 * defined elsewhere, nor one to a role that grants everything (ZT-RBAC1 reports that).
 */
import { apiGroupMatches, grantExtent, resourceMatches, subresourceOf } from './matcher';
import { BINDING_KINDS, describeRole, isBinding, isRole, RbacModel, ROLE_KINDS, RoleInfo, SourcedRule } from './model';
import { PolicyRule } from './policy-rule';
import { qualified } from './scope';
import { describeSubject, subjectsOf } from './subjects';
import { NOT_APPLICABLE, outcome, RuleOutcome } from '../rule-definition';

/** A permission a rule looks for: verbs on one resource (or subresource) of one API group. */
export interface Target {
  readonly group: string;
  /** `pods` or `pods/exec`. */
  readonly resource: string;
  readonly verbs: readonly string[];
  /** Counts only when granted on every object (no resourceNames narrow it), as `get` on secrets. */
  readonly everyObject?: boolean;
  /** The resource has no namespace: a Role or a RoleBinding cannot grant it. */
  readonly clusterScoped?: boolean;
}

/** One verb of a target that a rule grants. */
export interface Granted {
  readonly verb: string;
  readonly target: Target;
}

/** `targets` for each resource of `resources` in `group`. */
export function targets(
  group: string, resources: readonly string[], verbs: readonly string[], options: { everyObject?: boolean; clusterScoped?: boolean } = {},
): Target[] {
  return resources.map(resource => ({ group, resource, verbs, ...options }));
}

/** The verbs of `targets` that `rule` grants, target by target. */
export function grantsOf(rule: PolicyRule, wanted: readonly Target[]): Granted[] {
  const out: Granted[] = [];
  for (const target of wanted) {
    // most rules name none of the targets: skip their verbs and names
    if (!apiGroupMatches(rule, target.group) || !resourceMatches(rule, target.resource, subresourceOf(target.resource))) continue;
    for (const verb of target.verbs) {
      const extent = grantExtent(rule, verb, target.group, target.resource);
      if (extent === 'every' || (extent === 'some' && !target.everyObject)) out.push({ verb, target });
    }
  }
  return out;
}

/** `create, patch on pods, replicationcontrollers; create on deployments.apps`: resources with the same verbs together. */
export function describeGrants(granted: readonly Granted[]): string {
  const verbsOf = new Map<string, string[]>();
  for (const g of granted) {
    const name = qualified(g.target.group, g.target.resource);
    const list = verbsOf.get(name);
    if (list === undefined) verbsOf.set(name, [g.verb]);
    else if (!list.includes(g.verb)) list.push(g.verb);
  }
  const groups = new Map<string, string[]>();
  for (const [name, verbs] of verbsOf) {
    const key = verbs.join(', ');
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [name]);
    else list.push(name);
  }
  return [...groups].map(([verbs, resources]) => `${verbs} on ${resources.join(', ')}`).join('; ');
}

/** Where a rule comes from, seen from `role`: `rules[2]`, or `ClusterRole x rules[0] (aggregated)`. */
export function ruleSource(sourced: SourcedRule, role: RoleInfo): string {
  if (sourced.owner === role) return `rules[${sourced.index}]`;
  const how = sourced.owner.builtIn && sourced.owner.name === role.name ? 'built in, restored by the API server' : 'aggregated';
  return `${describeRole(sourced.owner)} rules[${sourced.index}] (${how})`;
}

/** `through ClusterRole edit (aggregated from ClusterRole system:aggregate-to-edit)`. */
export function throughRole(sourced: SourcedRule, role: RoleInfo): string {
  return `through ${describeRole(role)}${sourced.owner === role ? '' : ` (aggregated from ${describeRole(sourced.owner)})`}`;
}

/** How one rule reports a permission set. */
export interface GrantCheck {
  readonly targets: readonly Target[];
  /** Drops grants the rule does not count (e.g. approval of signers outside kubernetes.io). */
  readonly accept?: (rule: PolicyRule, granted: Granted) => boolean;
  /** Only grants that reach more than one namespace count: a ClusterRole's, or a ClusterRoleBinding's. */
  readonly clusterWideOnly?: boolean;
  /** What the permission amounts to, after "grants" (role) or "which grants" (binding), e.g. `workload creation`. */
  readonly meaning: string;
  /** The text of a role-level finding after `rules[i]: `; default `<grants> grants <meaning>`. */
  readonly describe?: (granted: readonly Granted[], rule: PolicyRule) => string;
  /**
   * A finding for a role's rule that grants none of the targets but spells a verb the rule refuses wherever it
   * appears (e.g. `impersonate` on an OpenShift user resource); role-level only.
   */
  readonly literal?: (rule: PolicyRule) => string | undefined;
}

interface SourcedGrants {
  readonly sourced: SourcedRule;
  readonly granted: Granted[];
  /** The rule grants none of the targets at all (before permissions granted earlier are dropped). */
  readonly none: boolean;
}

const NAMESPACED_ONLY = new WeakMap<GrantCheck, object>();

/** The grants of `role`'s effective rules, each permission once (at the first rule granting it); cached per check. */
function grantsOfRole(model: RbacModel, role: RoleInfo, check: GrantCheck, namespacedOnly: boolean): SourcedGrants[] {
  let key: object = check;
  if (namespacedOnly) {
    key = NAMESPACED_ONLY.get(check) ?? {};
    NAMESPACED_ONLY.set(check, key);
  }
  return model.memo(role, key, () => computeGrantsOfRole(model, role, check, namespacedOnly));
}

function computeGrantsOfRole(model: RbacModel, role: RoleInfo, check: GrantCheck, namespacedOnly: boolean): SourcedGrants[] {
  const wanted = namespacedOnly ? check.targets.filter(t => !t.clusterScoped) : check.targets;
  const seen = new Set<string>();
  const out: SourcedGrants[] = [];
  for (const sourced of model.effectiveRules(role)) {
    const all = grantsOf(sourced.rule, wanted).filter(g => check.accept === undefined || check.accept(sourced.rule, g));
    const granted = all.filter(g => {
      const key = `${g.verb} ${g.target.group}/${g.target.resource}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    out.push({ sourced, granted, none: all.length === 0 });
  }
  return out;
}

/** The kinds `checkGrants` judges, for the rules built on it to declare. */
export const GRANT_KINDS: readonly string[] = [...ROLE_KINDS, ...BINDING_KINDS];

/**
 * The findings of `check` on a Role or ClusterRole (its effective rules) or on a binding to a built-in role (per
 * subject); not applicable to other kinds.
 */
export function checkGrants(manifest: any, manifests: any[], check: GrantCheck): RuleOutcome {
  if (isRole(manifest)) {
    const model = RbacModel.of(manifests);
    const role = model.roleOf(manifest);
    if (check.clusterWideOnly && role.kind === 'Role') return outcome([]);
    return outcome(grantsOfRole(model, role, check, role.kind === 'Role').flatMap(({ sourced, granted, none }) => {
      const text = granted.length > 0
        ? check.describe?.(granted, sourced.rule) ?? `${describeGrants(granted)} grants ${check.meaning}`
        : none ? check.literal?.(sourced.rule) : undefined;
      return text === undefined ? [] : [`${ruleSource(sourced, role)}: ${text}`];
    }));
  }
  if (!isBinding(manifest)) return NOT_APPLICABLE;
  const model = RbacModel.of(manifests);
  const role = model.resolve(manifest);
  if (role === undefined || !role.builtIn || model.allPowerful(role) !== undefined) return outcome([]);
  const clusterWide = manifest.kind === 'ClusterRoleBinding';
  if (check.clusterWideOnly && !clusterWide) return outcome([]);
  // one finding per subject and role the rules come from (the bound role, or each role aggregated into it)
  const byOwner = new Map<RoleInfo, { sourced: SourcedRule; granted: Granted[] }>();
  for (const { sourced, granted } of grantsOfRole(model, role, check, !clusterWide)) {
    if (granted.length === 0) continue;
    const entry = byOwner.get(sourced.owner);
    if (entry === undefined) byOwner.set(sourced.owner, { sourced, granted: [...granted] });
    else entry.granted.push(...granted);
  }
  const subjects = subjectsOf(manifest);
  return outcome([...byOwner.values()].flatMap(({ sourced, granted }) => {
    const what = `${describeGrants(granted)} ${throughRole(sourced, role)}, which grants ${check.meaning}`;
    return subjects.length === 0
      ? [`its subjects (none yet) get ${what}`]
      : subjects.map(s => `subject ${describeSubject(s)} gets ${what}`);
  }));
}
