import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CHECK: GrantCheck = {
  targets: targets('', ['serviceaccounts/token'], ['create'], { everyObject: true }),
  meaning: 'tokens of every service account in scope',
};

export const rbacTokenRequest: RuleDefinition = {
  id: 'ZT-RBAC9',
  level: ComplianceLevel.ERROR,
  message: 'role creates tokens for any service account',
  explanation: 'create on serviceaccounts/token issues a token for a service account, so without resourceNames it '
    + 'gives the rights of every service account in scope (the built-in edit and admin roles have it). Name the '
    + 'service accounts, as EsoTokenRequestAccess does for the accounts ESO\'s stores authenticate as.',
  fix: 'list the service accounts in resourceNames (EsoTokenRequestAccess does it for ESO)',
  anchors: ['Kubernetes RBAC good practices: token request', 'ESO security best practices: limit TokenRequest permissions'],
  beyondAnchors: 'Counts the */token form, * verbs and groups, rules aggregated into a ClusterRole, and bindings to '
    + 'the built-in edit and admin roles.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
