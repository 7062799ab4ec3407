import { containerOutcome, EVERY_POD, isWindows, POD_KIND_KEYS, unsetElsewhere } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

export const podPrivilegeEscalation: RuleDefinition = {
  id: 'ZT-POD1',
  level: ComplianceLevel.ERROR,
  message: 'container does not set allowPrivilegeEscalation: false',
  explanation: 'Unset means allowed: a setuid binary can gain more privileges than the process started with. '
    + 'Set securityContext.allowPrivilegeEscalation: false on every container (Tekton: in the stepTemplate).',
  fix: 'set securityContext.allowPrivilegeEscalation: false on every container (Tekton: stepTemplate)',
  anchors: ['PSS restricted: allowPrivilegeEscalation', 'kube-linter privilege-escalation-container', 'ACS privilege_escalation.json', 'Kyverno disallow-privilege-escalation'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, (c, pod) =>
    isWindows(pod) || c.securityContext?.allowPrivilegeEscalation === false || unsetElsewhere(pod, c.securityContext?.allowPrivilegeEscalation)
      ? undefined : `allowPrivilegeEscalation is ${JSON.stringify(c.securityContext?.allowPrivilegeEscalation ?? 'unset')}`),
};
