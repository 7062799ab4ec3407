import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { OperatorPackage, OperatorSubscription } from '../../src/operators';
import { checkObject, errorsOf, expectConformant } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';

const kindAndName = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.name}`;

describe('escape hatches: ApiObject.of(construct) is the main object, named properties reach the others', () => {
  test('OperatorSubscription: the Subscription; namespace and operatorGroup', () => {
    const chart = Testing.chart();
    const ztwim = new OperatorSubscription(chart, 'Ztwim', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager() });
    expect(kindAndName(ApiObject.of(ztwim))).toBe('Subscription zero-trust-workload-identity-manager/openshift-zero-trust-workload-identity-manager');
    expect(ApiObject.of(ztwim.subscription)).toBe(ApiObject.of(ztwim));
    expect(kindAndName(ApiObject.of(ztwim.namespaceResource!))).toBe('Namespace -/zero-trust-workload-identity-manager');
    expect(kindAndName(ApiObject.of(ztwim.operatorGroup!))).toBe('OperatorGroup zero-trust-workload-identity-manager/zero-trust-workload-identity-manager');

    // a patch through the escape hatch reaches the manifest: here the Subscription's resources for the operator pod
    ApiObject.of(ztwim).addJsonPatch(JsonPatch.add('/spec/config', { resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } } }));
    ApiObject.of(ztwim.namespaceResource!).metadata.addLabel('openshift.io/cluster-monitoring', 'true');
    const [namespace, , subscription] = Testing.synth(chart);
    expect(subscription.spec.config.resources.limits).toEqual({ memory: '128Mi' });
    expect(namespace.metadata.labels).toEqual({ 'openshift.io/cluster-monitoring': 'true' });
    expectConformant(chart);
  });

  testWithShared('a field the OLM CRDs do not know is refused by the conformance check', () => {
    const chart = Testing.chart();
    const gitops = new OperatorSubscription(chart, 'GitOps', { operator: OperatorPackage.openShiftGitOps() });
    ApiObject.of(gitops).addJsonPatch(JsonPatch.add('/spec/approval', 'Manual'));
    ApiObject.of(gitops.operatorGroup!).addJsonPatch(JsonPatch.add('/spec/upgradeStrategy', 'Sometimes'));
    const errors = errorsOf(Testing.synth(chart).map(o => checkObject(o)));
    expect(errors.join('\n')).toMatch(/approval/);
    expect(errors.join('\n')).toMatch(/upgradeStrategy/);
  });

  test('OperatorSubscription in openshift-operators: the Subscription only', () => {
    const chart = Testing.chart();
    const pipelines = new OperatorSubscription(chart, 'Pipelines', { operator: OperatorPackage.openShiftPipelines() });
    expect(kindAndName(ApiObject.of(pipelines))).toBe('Subscription openshift-operators/openshift-pipelines-operator-rh');
    expect(pipelines.namespaceResource).toBeUndefined();
    expect(pipelines.operatorGroup).toBeUndefined();
    expectConformant(chart);
  });
});
