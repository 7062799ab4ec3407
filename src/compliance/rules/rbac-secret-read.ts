import { asArray } from '../manifest';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { eachPolicyRule } from './rbac-helpers';

const READ_VERBS = ['get', 'list', 'watch', '*'];

export const rbacSecretRead: RuleDefinition = {
  id: 'ZT-RBAC3',
  level: ComplianceLevel.ERROR,
  message: 'role reads Secrets without resourceNames',
  explanation: 'get/list/watch on secrets without resourceNames reads every credential in scope. Grant get on '
    + 'the named Secrets only (resourceNames); list and watch cannot be narrowed that way.',
  anchors: ['kube-linter access-to-secrets', 'Kyverno restrict-secret-role-verbs, restrict-secrets-by-name', 'CIS 5.1.2'],
  check: manifest => eachPolicyRule(manifest, rule => {
    const coreGroup = asArray(rule.apiGroups).some(g => g === '' || g === '*');
    const secrets = asArray(rule.resources).some(r => r === 'secrets' || r === '*');
    const verbs = asArray(rule.verbs).filter(v => READ_VERBS.includes(v));
    if (!coreGroup || !secrets || verbs.length === 0) return undefined;
    const named = asArray(rule.resourceNames).length > 0;
    const broad = named ? verbs.filter(v => v !== 'get') : verbs;
    return broad.length > 0 ? `${broad.join(', ')} on secrets${named ? '' : ' without resourceNames'}` : undefined;
  }),
};
