import { containerOutcome, EVERY_POD, POD_KIND_KEYS } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

export const podPrivileged: RuleDefinition = {
  id: 'ZT-POD2',
  level: ComplianceLevel.ERROR,
  message: 'container runs privileged',
  explanation: 'A privileged container has every capability and all host devices: it is root on the node. '
    + 'Remove securityContext.privileged.',
  fix: 'remove securityContext.privileged (or set it to false)',
  anchors: ['PSS baseline: privileged', 'kube-linter privileged-container', 'ACS privileged.json', 'Kyverno disallow-privileged-containers'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, c =>
    c.securityContext?.privileged === true ? 'privileged is true' : undefined),
};
