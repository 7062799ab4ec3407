import { asArray } from '../manifest';
import { containerOutcome, EVERY_POD, isWindows, POD_KIND_KEYS, unsetElsewhere } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const ALLOWED_ADD = ['NET_BIND_SERVICE'];

export const podCapabilities: RuleDefinition = {
  id: 'ZT-POD3',
  level: ComplianceLevel.ERROR,
  message: 'container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE',
  explanation: 'The runtime grants a default capability set (NET_RAW among them). Drop ALL and add back at most '
    + 'NET_BIND_SERVICE: securityContext.capabilities: { drop: [ALL] }.',
  fix: 'set securityContext.capabilities.drop: [ALL] and add back at most NET_BIND_SERVICE',
  anchors: ['PSS restricted: capabilities_restricted', 'kube-linter drop-net-raw-capability', 'ACS drop_all_capabilities.json, cap_sys_admin.json', 'Kyverno disallow-capabilities-strict, require-drop-all'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, (c, pod) => {
    if (isWindows(pod)) return undefined;
    const caps = c.securityContext?.capabilities;
    const problems: string[] = [];
    if (!asArray(caps?.drop).includes('ALL') && !unsetElsewhere(pod, caps?.drop)) problems.push('capabilities.drop does not include ALL');
    const added = asArray(caps?.add).filter(a => !ALLOWED_ADD.includes(a));
    if (added.length > 0) problems.push(`capabilities.add has ${added.join(', ')}`);
    return problems.length > 0 ? problems.join('; ') : undefined;
  }),
};
