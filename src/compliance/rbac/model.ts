/**
 * The RBAC objects of one evaluation as the API server would hold them: each Role and ClusterRole with its
 * effective rules (its own and, for a ClusterRole with an aggregationRule, those of every ClusterRole its
 * selectors reach, transitively, the built-in ones included), and each binding's roleRef resolved to the role it
 * names. Built once per manifests array, so rules that ask it stay linear in the number of objects.
 */
import { builtInClusterRole, BUILT_IN_CLUSTER_ROLES, BuiltInClusterRole } from './bootstrap-roles';
import { requiredKeys, requiredPairs, selectorMatches } from './label-selector';
import { grantsEverything } from './matcher';
import { PolicyRule, policyRules } from './policy-rule';
import { appendTo, asArray, isKind, isObject, ManifestIndex, perEvaluation, shortest } from '../manifest';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A Role or ClusterRole, from the output or built in. */
export interface RoleInfo {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  readonly namespace?: string;
  /** A default ClusterRole of the API server that the output does not define. */
  readonly builtIn: boolean;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly rules: readonly PolicyRule[];
  /** `aggregationRule.clusterRoleSelectors`, when the role has an aggregationRule. */
  readonly selectors?: readonly unknown[];
  /**
   * The built-in ClusterRole of the same name, which the API server reconciles into this one at start-up (it adds
   * back the default rules and labels unless `rbac.authorization.kubernetes.io/autoupdate` is "false").
   */
  readonly reconciledWith?: RoleInfo;
}

/** One rule a role grants, and the role that holds it (the role itself, or one aggregated into it). */
export interface SourcedRule {
  readonly rule: PolicyRule;
  /** Its index in `owner.rules`. */
  readonly index: number;
  readonly owner: RoleInfo;
}

export function isRole(manifest: any): boolean {
  return isKind(manifest, RBAC_GROUP, 'Role', 'ClusterRole');
}

export function isBinding(manifest: any): boolean {
  return isKind(manifest, RBAC_GROUP, 'RoleBinding', 'ClusterRoleBinding');
}

/** The kinds `isRole` accepts, as rules declare them (`RuleDefinition.kinds`). */
export const ROLE_KINDS: readonly string[] = [`${RBAC_GROUP}/Role`, `${RBAC_GROUP}/ClusterRole`];

/** The kinds `isBinding` accepts, as rules declare them. */
export const BINDING_KINDS: readonly string[] = [`${RBAC_GROUP}/RoleBinding`, `${RBAC_GROUP}/ClusterRoleBinding`];

/** `ClusterRole view`, `Role team-a/deployer`. */
export function describeRole(role: RoleInfo): string {
  return `${role.kind} ${role.namespace !== undefined ? `${role.namespace}/` : ''}${role.name}`;
}

function fromBuiltIn(role: BuiltInClusterRole): RoleInfo {
  const selectors = role.aggregateLabels?.map(matchLabels => ({ matchLabels }));
  return { kind: 'ClusterRole', name: role.name, builtIn: true, labels: role.labels, rules: role.rules, ...selectors ? { selectors } : {} };
}

const BUILT_IN_INFOS = new Map(BUILT_IN_CLUSTER_ROLES.map(r => [r.name, fromBuiltIn(r)]));

const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

function fromManifest(manifest: any): RoleInfo {
  const kind = manifest.kind === 'Role' ? 'Role' : 'ClusterRole';
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const aggregation = kind === 'ClusterRole' && isObject(manifest.aggregationRule) ? manifest.aggregationRule : undefined;
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  const builtIn = kind === 'ClusterRole' && metadata.annotations?.[AUTOUPDATE] !== 'false' ? BUILT_IN_INFOS.get(name) : undefined;
  return {
    kind,
    name,
    ...kind === 'Role' && typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {},
    builtIn: false,
    labels: builtIn ? { ...builtIn.labels, ...labels } : labels,
    rules: policyRules(manifest),
    ...aggregation ? { selectors: asArray(aggregation.clusterRoleSelectors) } : {},
    ...builtIn ? { reconciledWith: builtIn } : {},
  };
}

const ALL_POWERFUL = Symbol('all-powerful');

export class RbacModel {
  /** The model of `manifests`, built on first use. */
  public static of(manifests: any[]): RbacModel {
    return RbacModel.built(manifests);
  }

  private static readonly built = perEvaluation(manifests => new RbacModel(manifests));

  private readonly index: ManifestIndex;
  private readonly roles = new Map<any, RoleInfo>();
  private readonly effective = new Map<RoleInfo, SourcedRule[]>();
  private readonly memos = new Map<RoleInfo, Map<unknown, unknown>>();
  private readonly resolved = new Map<any, RoleInfo | undefined>();
  private universe?: ClusterRoleUniverse;

  private constructor(public readonly manifests: any[]) {
    this.index = ManifestIndex.of(manifests);
  }

  /** The role of a Role or ClusterRole manifest. */
  public roleOf(manifest: any): RoleInfo {
    let role = this.roles.get(manifest);
    if (role === undefined) {
      role = fromManifest(manifest);
      this.roles.set(manifest, role);
    }
    return role;
  }

  /** The ClusterRole named `name`: the output's, else the built-in one; undefined when neither exists. */
  public clusterRole(name: unknown): RoleInfo | undefined {
    const own = this.index.named(RBAC_GROUP, 'ClusterRole', name)[0];
    if (own !== undefined) return this.roleOf(own);
    return builtInClusterRole(name) !== undefined ? BUILT_IN_INFOS.get(name as string) : undefined;
  }

  /**
   * The role a binding's roleRef names: a Role of the output in the RoleBinding's namespace, or a ClusterRole of
   * the output or built in; undefined when it names none of these (a role created elsewhere).
   */
  public resolve(binding: any): RoleInfo | undefined {
    if (!isObject(binding)) return undefined;
    if (!this.resolved.has(binding)) this.resolved.set(binding, this.lookUp(binding));
    return this.resolved.get(binding);
  }

  private lookUp(binding: any): RoleInfo | undefined {
    const ref = binding.roleRef;
    if (!isObject(ref) || typeof ref.name !== 'string') return undefined;
    if (ref.kind === 'ClusterRole') return this.clusterRole(ref.name);
    if (ref.kind !== 'Role' || binding.kind !== 'RoleBinding') return undefined;
    const role = this.index.namedIn(RBAC_GROUP, 'Role', binding.metadata?.namespace, ref.name)[0];
    return role === undefined ? undefined : this.roleOf(role);
  }

  /** The rules `role` grants: its own, then those of the ClusterRoles aggregated into it, each once. */
  public effectiveRules(role: RoleInfo): readonly SourcedRule[] {
    let rules = this.effective.get(role);
    if (rules === undefined) {
      rules = [];
      const seen = new Set<RoleInfo>([role]);
      const queue = [role];
      for (let i = 0; i < queue.length; i++) {
        const current = queue[i];
        current.rules.forEach((rule, index) => rules!.push({ rule, index, owner: current }));
        for (const next of this.aggregatedInto(current)) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      this.effective.set(role, rules);
    }
    return rules;
  }

  /**
   * `compute()`, once per role and `key` in this model: what a rule derives from a role's effective rules (the
   * same built-in role is bound in every namespace of a fleet).
   */
  public memo<T>(role: RoleInfo, key: unknown, compute: () => T): T {
    let byKey = this.memos.get(role);
    if (byKey === undefined) this.memos.set(role, byKey = new Map());
    if (!byKey.has(key)) byKey.set(key, compute());
    return byKey.get(key) as T;
  }

  /** A rule of `role` that grants every verb on every resource, if any. */
  public allPowerful(role: RoleInfo): SourcedRule | undefined {
    return this.memo(role, ALL_POWERFUL, () => this.effectiveRules(role).find(s => grantsEverything(s.rule)));
  }

  /** The ClusterRoles the aggregationRule of `role` selects (never itself), and the built-in it is reconciled with. */
  private aggregatedInto(role: RoleInfo): RoleInfo[] {
    const out = new Set<RoleInfo>(role.reconciledWith ? [role.reconciledWith] : []);
    if (role.kind !== 'ClusterRole' || role.selectors === undefined) return [...out];
    const { all, byLabel, byKey } = this.clusterRoles();
    for (const selector of role.selectors) {
      // the roles carrying the rarest label the selector requires, not every ClusterRole: a fleet may aggregate per tenant
      const lists = [...requiredPairs(selector).map(p => byLabel.get(p) ?? []), ...requiredKeys(selector).map(k => byKey.get(k) ?? [])];
      const candidates = lists.length === 0 ? all : shortest(lists);
      for (const candidate of candidates) {
        if (candidate !== role && candidate.name !== role.name && selectorMatches(selector, candidate.labels)) out.add(candidate);
      }
    }
    return [...out];
  }

  /** Every ClusterRole an aggregationRule may select: the output's and the built-ins the output does not redefine. */
  private clusterRoles(): ClusterRoleUniverse {
    if (this.universe === undefined) {
      const own = this.index.ofKind(RBAC_GROUP, 'ClusterRole').map(m => this.roleOf(m));
      const names = new Set(own.map(r => r.name));
      const all = [...own, ...[...BUILT_IN_INFOS.values()].filter(r => !names.has(r.name))];
      const byLabel = new Map<string, RoleInfo[]>();
      const byKey = new Map<string, RoleInfo[]>();
      for (const role of all) {
        for (const [key, value] of Object.entries(role.labels)) {
          appendTo(byLabel, `${key}=${String(value)}`, role);
          appendTo(byKey, key, role);
        }
      }
      this.universe = { all, byLabel, byKey };
    }
    return this.universe;
  }
}

/** Every ClusterRole an aggregationRule may select, and those carrying each label (`key=value`) and label key. */
interface ClusterRoleUniverse {
  readonly all: RoleInfo[];
  readonly byLabel: Map<string, RoleInfo[]>;
  readonly byKey: Map<string, RoleInfo[]>;
}
