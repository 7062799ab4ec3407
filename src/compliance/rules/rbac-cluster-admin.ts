import { ruleSource } from '../rbac/grants';
import { BINDING_KINDS, describeRole, isBinding, RbacModel } from '../rbac/model';
import { NOT_APPLICABLE, ComplianceLevel, outcome, RuleDefinition } from '../rule-definition';

export const rbacClusterAdmin: RuleDefinition = {
  id: 'ZT-RBAC1',
  level: ComplianceLevel.ERROR,
  message: 'binding grants cluster-admin',
  explanation: 'cluster-admin is every verb on every resource, and so is any role whose rules (its own or those '
    + 'aggregated into it) grant every verb on every resource of every API group. Bind a role that lists the '
    + 'resources and verbs the subject needs (for Argo CD on a spoke: the namespaces and kinds it deploys).',
  fix: 'bind a role listing only the resources and verbs the subject needs',
  anchors: ['kube-linter cluster-admin-role-binding', 'Kyverno restrict-binding-clusteradmin', 'CIS 5.1.1'],
  beyondAnchors: 'The anchors match the name cluster-admin; this rule also resolves the roleRef to the role of the '
    + 'output or the built-in role it names, follows aggregationRules (an empty selector or the rbac-defaults label '
    + 'pulls in cluster-admin), and catches every verb spelled out one by one.',
  kinds: BINDING_KINDS,
  check: (manifest, manifests) => {
    if (!isBinding(manifest)) return NOT_APPLICABLE;
    const ref = manifest.roleRef;
    if (ref?.kind === 'ClusterRole' && ref?.name === 'cluster-admin') return outcome(['roleRef is ClusterRole cluster-admin']);
    const model = RbacModel.of(manifests);
    const role = model.resolve(manifest);
    const everything = role === undefined ? undefined : model.allPowerful(role);
    if (role === undefined || everything === undefined) return outcome([]);
    const scope = manifest.kind === 'RoleBinding' ? ` in namespace ${manifest.metadata?.namespace ?? '(unset)'}` : '';
    return outcome([`roleRef ${describeRole(role)} grants every verb on every resource${scope} (${ruleSource(everything, role)}): cluster-admin by another name`]);
  },
};
