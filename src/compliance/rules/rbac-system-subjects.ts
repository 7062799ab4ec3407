import { asArray } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { BINDING_KINDS, isBinding } from './rbac-helpers';

const FORBIDDEN = ['system:anonymous', 'system:unauthenticated', 'system:masters'];

export const rbacSystemSubjects: RuleDefinition = {
  id: 'ZT-RBAC5',
  level: ComplianceLevel.ERROR,
  message: 'binding grants rights to system:anonymous, system:unauthenticated or system:masters',
  explanation: 'The first two are anyone who reaches the API server; system:masters bypasses RBAC entirely. Bind '
    + 'named users, groups or service accounts instead.',
  fix: 'bind named users, groups or service accounts instead',
  anchors: ['Kyverno restrict-binding-system-groups', 'CIS 5.1.7'],
  kinds: BINDING_KINDS,
  check: manifest => {
    if (!isBinding(manifest)) return NOT_APPLICABLE;
    return outcome(asArray(manifest.subjects).filter(s => FORBIDDEN.includes(s?.name)).map(s => `subject ${s.kind} ${s.name}`));
  },
};
