import { asArray, isKind } from '../manifest';
import { NOT_APPLICABLE, outcome, RuleOutcome } from '../rule-definition';

const RBAC = 'rbac.authorization.k8s.io';

/** Runs `check` on each policy rule of a Role or ClusterRole; findings name the rule by index. */
export function eachPolicyRule(manifest: any, check: (rule: any) => string | undefined): RuleOutcome {
  if (!isKind(manifest, RBAC, 'Role', 'ClusterRole')) return NOT_APPLICABLE;
  return outcome(asArray(manifest.rules).flatMap((rule, i) => {
    const problem = check(rule ?? {});
    return problem ? [`rules[${i}]: ${problem}`] : [];
  }));
}

export function isBinding(manifest: any): boolean {
  return isKind(manifest, RBAC, 'RoleBinding', 'ClusterRoleBinding');
}
