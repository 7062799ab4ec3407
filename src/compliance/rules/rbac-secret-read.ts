import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CHECK: GrantCheck = {
  targets: [
    ...targets('', ['secrets'], ['get'], { everyObject: true }),
    ...targets('', ['secrets'], ['list', 'watch']),
  ],
  meaning: 'reading Secrets',
  describe: (granted, rule) => `${[...new Set(granted.map(g => g.verb))].join(', ')} on secrets${rule.resourceNames.length > 0 ? '' : ' without resourceNames'}`,
};

export const rbacSecretRead: RuleDefinition = {
  id: 'ZT-RBAC3',
  level: ComplianceLevel.ERROR,
  message: 'role reads Secrets without resourceNames',
  explanation: 'get/list/watch on secrets without resourceNames reads every credential in scope. Grant get on '
    + 'the named Secrets only (resourceNames); list and watch return the contents too, so they count even with '
    + 'resourceNames. The built-in admin and edit ClusterRoles read every Secret of the namespaces they are bound '
    + 'in, and so does any ClusterRole that aggregates them; view does not.',
  fix: 'grant get on named Secrets only (resourceNames), never list or watch',
  anchors: ['kube-linter access-to-secrets', 'Kyverno restrict-secret-role-verbs, restrict-secrets-by-name', 'CIS 5.1.2',
    'Kubernetes RBAC good practices: listing secrets'],
  beyondAnchors: 'Judges what a role grants rather than how it is written: * verbs, resources and groups, '
    + 'resourceNames [""] (which matches list requests), rules aggregated into a ClusterRole, and bindings to the '
    + 'built-in admin and edit roles, which hold no rules of their own in the manifest.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
