import { containerOutcome, EVERY_POD, POD_KIND_KEYS, unsetElsewhere } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

export const podReadOnlyRootFilesystem: RuleDefinition = {
  id: 'ZT-POD8',
  level: ComplianceLevel.ERROR,
  message: 'container root filesystem is writable',
  explanation: 'A writable root filesystem lets an intruder drop binaries or alter the image. Set '
    + 'readOnlyRootFilesystem: true and mount an emptyDir where the program must write.',
  fix: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the program writes',
  anchors: ['kube-linter no-read-only-root-fs', 'ACS read-write-root-fs.json', 'Kyverno require-ro-rootfs'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, (c, pod) =>
    c.securityContext?.readOnlyRootFilesystem === true || unsetElsewhere(pod, c.securityContext?.readOnlyRootFilesystem) ? undefined
      : 'readOnlyRootFilesystem is not true'),
};
