import { ruleSource } from '../rbac/grants';
import { isRole, RbacModel, ROLE_KINDS } from '../rbac/model';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const FIELDS = ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const;

export const rbacWildcards: RuleDefinition = {
  id: 'ZT-RBAC2',
  level: ComplianceLevel.ERROR,
  message: 'role uses a wildcard',
  explanation: 'A * grants today\'s and tomorrow\'s API groups, resources and verbs (including escalate, bind and '
    + 'impersonate). List them explicitly. A ClusterRole also has the wildcards of the ClusterRoles its '
    + 'aggregationRule selects.',
  fix: 'replace each * with the API groups, resources and verbs needed',
  anchors: ['kube-linter wildcard-in-rules', 'Kyverno restrict-wildcard-verbs, restrict-wildcard-resources', 'CIS 5.1.3'],
  beyondAnchors: 'Reads the rules aggregated into a ClusterRole too (an aggregationRule that selects cluster-admin '
    + 'has its wildcards), and the */subresource and non-resource URL forms.',
  kinds: ROLE_KINDS,
  check: (manifest, manifests) => {
    if (!isRole(manifest)) return NOT_APPLICABLE;
    const model = RbacModel.of(manifests);
    const role = model.roleOf(manifest);
    return outcome(model.effectiveRules(role).flatMap(sourced => {
      const wild = FIELDS.filter(f => sourced.rule[f].some(v => v.includes('*')));
      return wild.length > 0 ? [`${ruleSource(sourced, role)}: * in ${wild.join(', ')}`] : [];
    }));
  },
};
