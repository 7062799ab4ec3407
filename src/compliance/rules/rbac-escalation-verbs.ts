import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const VERBS = ['escalate', 'bind', 'impersonate'];

const CHECK: GrantCheck = {
  targets: [
    ...targets('rbac.authorization.k8s.io', ['clusterroles', 'roles'], ['escalate', 'bind']),
    ...targets('', ['users', 'groups'], ['impersonate'], { clusterScoped: true }),
    ...targets('', ['serviceaccounts'], ['impersonate']),
    ...targets('authentication.k8s.io', ['uids', 'userextras'], ['impersonate'], { clusterScoped: true }),
  ],
  meaning: 'privilege escalation',
  literal: rule => {
    const verbs = rule.verbs.filter(v => VERBS.includes(v));
    return verbs.length > 0 ? `verbs ${verbs.join(', ')}` : undefined;
  },
};

export const rbacEscalationVerbs: RuleDefinition = {
  id: 'ZT-RBAC4',
  level: ComplianceLevel.ERROR,
  message: 'role grants escalate, bind or impersonate',
  explanation: 'escalate and bind let a subject grant itself permissions it does not hold; impersonate lets it act '
    + 'as another user, group or service account. Remove these verbs (a * verb on roles, clusterroles, users, '
    + 'groups or serviceaccounts grants them too; the built-in edit and admin roles impersonate service accounts).',
  fix: 'remove the escalate, bind and impersonate verbs',
  anchors: ['Kyverno restrict-escalation-verbs-roles', 'Kubernetes RBAC good practices: escalate, bind, impersonate'],
  beyondAnchors: 'Counts * verbs on the resources these verbs apply to, rules aggregated into a ClusterRole, and '
    + 'bindings to the built-in edit and admin roles (impersonate on serviceaccounts).',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
