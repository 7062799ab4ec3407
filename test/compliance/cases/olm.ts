import { Case } from './case';

const subscription = (spec: any) => ({
  apiVersion: 'operators.coreos.com/v1alpha1',
  kind: 'Subscription',
  metadata: { name: 'openshift-gitops-operator', namespace: 'openshift-gitops-operator' },
  spec: { name: 'openshift-gitops-operator', channel: 'latest', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace', ...spec },
});

export const OLM_CASES: Record<string, Case> = {
  'ZT-OLM1': {
    compliant: [
      subscription({ installPlanApproval: 'Manual' }),
      subscription({ installPlanApproval: 'Manual', startingCSV: 'openshift-gitops-operator.v1.15.0' }),
    ],
    nonCompliant: [
      { manifest: subscription({ installPlanApproval: 'Automatic' }), finding: /spec.installPlanApproval is "Automatic"/ },
      // a pinned first version does not stop the upgrades that follow it
      { manifest: subscription({ installPlanApproval: 'Automatic', startingCSV: 'openshift-gitops-operator.v1.15.0' }), finding: /spec.installPlanApproval is "Automatic"/ },
      { manifest: subscription({}), finding: /spec.installPlanApproval is unset, which OLM treats as Automatic/ },
      // OLM compares with "Manual" exactly: any other spelling upgrades automatically
      { manifest: subscription({ installPlanApproval: 'manual' }), finding: /spec.installPlanApproval is "manual"/ },
      { manifest: { ...subscription({}), spec: undefined }, finding: /is unset/ },
    ],
    notApplicable: [
      { apiVersion: 'operators.coreos.com/v1', kind: 'OperatorGroup', metadata: { name: 'g', namespace: 'openshift-gitops-operator' }, spec: { upgradeStrategy: 'Default' } },
      { apiVersion: 'example.com/v1', kind: 'Subscription', metadata: { name: 's', namespace: 'x' }, spec: { installPlanApproval: 'Automatic' } },
    ],
  },
};
