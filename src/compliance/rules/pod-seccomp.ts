import { containerOutcome, EVERY_POD, isWindows, POD_KIND_KEYS, unsetElsewhere } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const ALLOWED = ['RuntimeDefault', 'Localhost'];

export const podSeccomp: RuleDefinition = {
  id: 'ZT-POD5',
  level: ComplianceLevel.ERROR,
  message: 'container has no RuntimeDefault or Localhost seccomp profile',
  explanation: 'Unset means Unconfined on most runtimes: every syscall is allowed. Set '
    + 'securityContext.seccompProfile.type: RuntimeDefault at pod level or on every container.',
  fix: 'set securityContext.seccompProfile.type: RuntimeDefault at pod level',
  anchors: ['PSS restricted: seccompProfile_restricted', 'ACS no_seccomp_profile.json', 'Kyverno restrict-seccomp-strict (its CEL port accepts unset)'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, (c, pod) => {
    if (isWindows(pod)) return undefined;
    const podType = pod.spec.securityContext?.seccompProfile?.type;
    const type = c.securityContext?.seccompProfile?.type ?? podType;
    if (podType !== undefined && !ALLOWED.includes(podType)) return `pod seccompProfile.type is ${podType}`;
    return ALLOWED.includes(type) || unsetElsewhere(pod, type) ? undefined : `seccompProfile.type is ${type ?? 'unset'}`;
  }),
};
