import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CHECK: GrantCheck = {
  targets: targets('admissionregistration.k8s.io', [
    'mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies',
    'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
  ], ['create', 'update', 'patch', 'delete', 'deletecollection'], { clusterScoped: true }),
  meaning: 'control over admission',
};

export const rbacAdmissionControl: RuleDefinition = {
  id: 'ZT-RBAC11',
  level: ComplianceLevel.ERROR,
  message: 'role changes admission webhooks or admission policies',
  explanation: 'A mutating or validating webhook configuration sends every admitted object to a server of one\'s '
    + 'choosing (which reads it and, if mutating, changes it); deleting or patching webhooks, ValidatingAdmissionPolicies, '
    + 'MutatingAdmissionPolicies or their bindings turns off the controls that enforce Pod Security and this pack\'s '
    + 'policies in the cluster. Leave them to the operators that install them.',
  fix: 'remove write verbs on webhook configurations and admission policies and their bindings',
  anchors: ['Kubernetes RBAC good practices: control admission webhooks'],
  beyondAnchors: 'Adds ValidatingAdmissionPolicies, MutatingAdmissionPolicies and their bindings, delete and '
    + 'deletecollection, * verbs, resources and groups, and rules aggregated into a ClusterRole.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
