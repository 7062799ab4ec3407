import { isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const LABEL = 'pod-security.kubernetes.io/';

export const podPrivilegedNamespace: RuleDefinition = {
  id: 'ZT-POD12',
  level: ComplianceLevel.ERROR,
  message: 'namespace admits privileged pods',
  explanation: 'Pod Security Admission enforces the level in the namespace label pod-security.kubernetes.io/enforce; '
    + 'privileged turns every pod check off, so any pod (host namespaces, privileged containers, hostPath) is admitted, '
    + 'also ones created by other controllers. With no enforce label the cluster default applies, privileged on a stock '
    + 'API server: a namespace whose warn or audit label says privileged is therefore reported too (one with no pod '
    + 'security labels at all is left to the cluster default). Enforce restricted, or baseline where needed.',
  fix: 'label the namespace pod-security.kubernetes.io/enforce: restricted (or baseline)',
  anchors: ['Pod Security Admission namespace labels', 'PSS privileged, baseline, restricted',
    'IsolatedNamespace podSecurity (restricted by default)'],
  beyondAnchors: 'Pod rules judge pods in the output; this rule catches the namespace that would admit privileged pods '
    + 'from anywhere.',
  kinds: ['/Namespace'],
  check: manifest => {
    if (!isKind(manifest, '', 'Namespace')) return NOT_APPLICABLE;
    const labels = isObject(manifest.metadata?.labels) ? manifest.metadata.labels : {};
    const enforce = labels[`${LABEL}enforce`];
    if (enforce === 'privileged') return outcome([`label ${LABEL}enforce is privileged: Pod Security Admission admits every pod`]);
    if (enforce === undefined) {
      const declared = ['warn', 'audit'].filter(mode => labels[`${LABEL}${mode}`] === 'privileged');
      if (declared.length > 0) {
        return outcome([`label ${LABEL}enforce is absent while ${declared.map(m => `${LABEL}${m}`).join(' and ')} say privileged: the cluster default (privileged unless configured) admits every pod`]);
      }
    }
    return outcome([]);
  },
};
