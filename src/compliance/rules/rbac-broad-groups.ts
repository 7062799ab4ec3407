import { BINDING_KINDS, isBinding } from '../rbac/model';
import { broadGroup, describeSubject, subjectsOf } from '../rbac/subjects';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const rbacBroadGroups: RuleDefinition = {
  id: 'ZT-RBAC14',
  level: ComplianceLevel.ERROR,
  message: 'binding grants rights to every authenticated user or every service account',
  explanation: 'system:authenticated is every user and service account the API server knows, system:serviceaccounts '
    + 'every service account, system:serviceaccounts:<ns> every service account of a namespace (each pod that runs '
    + 'there), and OpenShift\'s system:authenticated:oauth every user who logged in. Bind the users, groups or service '
    + 'accounts that need the role.',
  fix: 'bind the named users, groups or service accounts that need the role',
  anchors: ['Kubernetes RBAC good practices: least privilege, hardening (review bindings of broad system groups)', 'Kyverno restrict-binding-system-groups'],
  beyondAnchors: 'The anchors refuse system:anonymous, system:unauthenticated and system:masters (ZT-RBAC5); this '
    + 'rule adds the groups that hold every authenticated identity or every service account.',
  kinds: BINDING_KINDS,
  check: manifest => {
    if (!isBinding(manifest)) return NOT_APPLICABLE;
    const ref = manifest.roleRef;
    return outcome(subjectsOf(manifest).flatMap(subject => {
      const who = broadGroup(subject);
      return who === undefined ? [] : [`subject ${describeSubject(subject)} (${who}) is bound to ${ref?.kind} ${ref?.name}`];
    }));
  },
};
