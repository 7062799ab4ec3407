import { NOT_APPLICABLE, ComplianceLevel, outcome, RuleDefinition } from '../rule-definition';
import { isBinding } from './rbac-helpers';

export const rbacClusterAdmin: RuleDefinition = {
  id: 'ZT-RBAC1',
  level: ComplianceLevel.ERROR,
  message: 'binding grants cluster-admin',
  explanation: 'cluster-admin is every verb on every resource. Bind a role that lists the resources and verbs the '
    + 'subject needs (for Argo CD on a spoke: the namespaces and kinds it deploys).',
  anchors: ['kube-linter cluster-admin-role-binding', 'Kyverno restrict-binding-clusteradmin', 'CIS 5.1.1'],
  check: manifest => {
    if (!isBinding(manifest)) return NOT_APPLICABLE;
    const ref = manifest.roleRef;
    return outcome(ref?.kind === 'ClusterRole' && ref?.name === 'cluster-admin' ? ['roleRef is ClusterRole cluster-admin'] : []);
  },
};
