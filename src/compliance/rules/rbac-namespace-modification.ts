import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CHECK: GrantCheck = {
  // not clusterScoped here: a RoleBinding grants its own Namespace object
  targets: targets('', ['namespaces'], ['update', 'patch']),
  meaning: 'changing namespace labels (Pod Security level, network selectors)',
};

export const rbacNamespaceModification: RuleDefinition = {
  id: 'ZT-RBAC13',
  level: ComplianceLevel.ERROR,
  message: 'role updates or patches Namespaces',
  explanation: 'Whoever patches a Namespace changes its labels: the pod-security.kubernetes.io/enforce level, the '
    + 'labels NetworkPolicies and UserDefinedNetworks select on. A RoleBinding is enough for its own namespace. '
    + 'Leave namespace labels to the platform (the Namespace in Git, applied by Argo CD).',
  fix: 'remove update and patch on namespaces',
  anchors: ['Kubernetes RBAC good practices: namespace modification'],
  beyondAnchors: 'Counts * verbs, resources and groups, and rules aggregated into a ClusterRole; a Role granting it '
    + 'counts, since it reaches its own Namespace.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
