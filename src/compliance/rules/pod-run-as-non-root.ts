import { containerOutcome, EVERY_POD, isWindows, POD_KIND_KEYS, unsetElsewhere } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

export const podRunAsNonRoot: RuleDefinition = {
  id: 'ZT-POD4',
  level: ComplianceLevel.ERROR,
  message: 'container may run as root (runAsNonRoot not true, or runAsUser 0)',
  explanation: 'Without runAsNonRoot: true the kubelet starts an image whose user is root. Set runAsNonRoot: true '
    + '(pod or container level) and never runAsUser: 0. Pods with hostUsers: false run in a user namespace and are exempt.',
  fix: 'set securityContext.runAsNonRoot: true and never runAsUser: 0',
  anchors: ['PSS restricted: runAsNonRoot, runAsUser', 'kube-linter run-as-non-root', 'ACS root_user.json', 'Kyverno require-run-as-nonroot, require-run-as-non-root-user'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, (c, pod) => {
    if (isWindows(pod) || pod.spec.hostUsers === false) return undefined;
    const podContext = pod.spec.securityContext ?? {};
    const problems: string[] = [];
    const nonRoot = c.securityContext?.runAsNonRoot ?? podContext.runAsNonRoot;
    if (nonRoot !== true && !unsetElsewhere(pod, nonRoot)) problems.push('runAsNonRoot is not true');
    if (c.securityContext?.runAsUser === 0 || podContext.runAsUser === 0) problems.push('runAsUser is 0');
    return problems.length > 0 ? problems.join('; ') : undefined;
  }),
};
