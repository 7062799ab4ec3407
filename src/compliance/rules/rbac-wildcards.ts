import { asArray } from '../manifest';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { eachPolicyRule } from './rbac-helpers';

const FIELDS = ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'];

export const rbacWildcards: RuleDefinition = {
  id: 'ZT-RBAC2',
  level: ComplianceLevel.ERROR,
  message: 'role uses a wildcard',
  explanation: 'A * grants today\'s and tomorrow\'s API groups, resources and verbs (including escalate, bind and '
    + 'impersonate). List them explicitly.',
  anchors: ['kube-linter wildcard-in-rules', 'Kyverno restrict-wildcard-verbs, restrict-wildcard-resources', 'CIS 5.1.3'],
  check: manifest => eachPolicyRule(manifest, rule => {
    const wild = FIELDS.filter(f => asArray(rule[f]).some(v => typeof v === 'string' && v.includes('*')));
    return wild.length > 0 ? `* in ${wild.join(', ')}` : undefined;
  }),
};
