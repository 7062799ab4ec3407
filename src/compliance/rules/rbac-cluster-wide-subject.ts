import { isKind } from '../manifest';
import { ruleSource } from '../rbac/grants';
import { describeRole, RbacModel, RBAC_GROUP } from '../rbac/model';
import { namespacedResources } from '../rbac/scope';
import { describeSubject, subjectsOf, workloadNamespace } from '../rbac/subjects';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const SHOWN = 3;
const NAMESPACED_GRANTS = Symbol('namespaced grants');

export const rbacClusterWideSubject: RuleDefinition = {
  id: 'ZT-RBAC15',
  level: ComplianceLevel.ERROR,
  message: 'ClusterRoleBinding gives a workload identity namespaced rights in every namespace',
  explanation: 'A service account, its user name system:serviceaccount:<ns>:<name> or a SPIFFE ID '
    + 'spiffe://<trust-domain>/ns/<ns>/sa/<sa> is a workload of one namespace, which works in a known set of '
    + 'namespaces; a ClusterRoleBinding gives it the role\'s namespaced rights in every namespace, those created '
    + 'later and kube-system included. Bind the role with a RoleBinding in each namespace the workload works in '
    + '(ArgoCdNamespaceAccess, or SpiffeAccess with a namespace).',
  fix: 'bind the role with RoleBindings in the namespaces the workload works in',
  anchors: ['Kubernetes RBAC good practices: least privilege (RoleBindings rather than ClusterRoleBindings)', 'SPIFFE ID Kubernetes path convention /ns/<ns>/sa/<sa>'],
  beyondAnchors: 'Reads what the bound role grants (its aggregated rules and the built-in roles included) and '
    + 'reports only namespaced rights: a ClusterRoleBinding to a role of cluster-scoped resources only is the '
    + 'right tool.',
  kinds: ['rbac.authorization.k8s.io/ClusterRoleBinding'],
  check: (manifest, manifests) => {
    if (!isKind(manifest, RBAC_GROUP, 'ClusterRoleBinding')) return NOT_APPLICABLE;
    const workloads = subjectsOf(manifest).filter(s => s.kind === 'ServiceAccount' || workloadNamespace(s) !== undefined);
    if (workloads.length === 0) return outcome([]);
    const model = RbacModel.of(manifests);
    const role = model.resolve(manifest);
    // a role defined elsewhere is unknown; one that grants everything is ZT-RBAC1
    if (role === undefined || model.allPowerful(role) !== undefined) return outcome([]);
    const grants = model.memo(role, NAMESPACED_GRANTS, () => {
      const out: string[] = [];
      const seen = new Set<string>();
      for (const sourced of model.effectiveRules(role)) {
        const verbs = sourced.rule.verbs.join(', ');
        const resources = namespacedResources(sourced.rule, manifests).filter(r => !seen.has(`${verbs} ${r}`));
        resources.forEach(r => seen.add(`${verbs} ${r}`));
        if (resources.length > 0) out.push(`${verbs} on ${resources.join(', ')} (${ruleSource(sourced, role)})`);
      }
      return out;
    });
    if (grants.length === 0) return outcome([]);
    const shown = grants.slice(0, SHOWN).join('; ') + (grants.length > SHOWN ? `; and ${grants.length - SHOWN} more rules` : '');
    return outcome(workloads.map(subject => {
      const namespace = workloadNamespace(subject);
      return `subject ${describeSubject(subject)} works in namespace ${namespace ?? '(unset)'} but gets ${shown} in every namespace through ${describeRole(role)}`;
    }));
  },
};
