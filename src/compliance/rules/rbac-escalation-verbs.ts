import { asArray } from '../manifest';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { eachPolicyRule } from './rbac-helpers';

const VERBS = ['escalate', 'bind', 'impersonate'];

export const rbacEscalationVerbs: RuleDefinition = {
  id: 'ZT-RBAC4',
  level: ComplianceLevel.ERROR,
  message: 'role grants escalate, bind or impersonate',
  explanation: 'escalate and bind let a subject grant itself permissions it does not hold; impersonate lets it act '
    + 'as another user, group or service account. Remove these verbs.',
  anchors: ['Kyverno restrict-escalation-verbs-roles', 'Kubernetes RBAC good practices: escalate, bind, impersonate'],
  check: manifest => eachPolicyRule(manifest, rule => {
    const verbs = asArray(rule.verbs).filter(v => VERBS.includes(v));
    return verbs.length > 0 ? `verbs ${verbs.join(', ')}` : undefined;
  }),
};
