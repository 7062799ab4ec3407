import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const olmInstallPlanApproval: RuleDefinition = {
  id: 'ZT-OLM1',
  level: ComplianceLevel.ERROR,
  message: 'OLM Subscription installs new operator versions without approval',
  explanation: 'With installPlanApproval Automatic, or unset (OLM treats anything but Manual as Automatic), every '
    + 'version the catalog publishes on the channel is installed as soon as it appears: new operator code, usually '
    + 'with cluster-wide rights, runs without review, and a pinned startingCSV only fixes the first install. Set '
    + 'installPlanApproval: Manual and approve each install plan after review.',
  fix: 'set spec.installPlanApproval: Manual (and spec.startingCSV to the reviewed version)',
  anchors: ['OLM Subscription installPlanApproval; OpenShift "Updating installed Operators" (manual approval strategy)', 'S5: Subscription with automatic install plan approval'],
  beyondAnchors: 'Reports an unset installPlanApproval as automatic, the way OLM\'s resolver reads it.',
  kinds: ['operators.coreos.com/Subscription'],
  check: manifest => {
    if (!isKind(manifest, 'operators.coreos.com', 'Subscription')) return NOT_APPLICABLE;
    const approval = manifest.spec?.installPlanApproval;
    if (approval === 'Manual') return outcome([]);
    return outcome([approval === undefined ? 'spec.installPlanApproval is unset, which OLM treats as Automatic' : `spec.installPlanApproval is ${JSON.stringify(approval)}`]);
  },
};
