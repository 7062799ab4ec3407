import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  ClusterUserDefinedNetwork, DefaultDenyNetworkPolicy, IsolatedNamespace, Layer3Subnet, NetworkPeer, NetworkPort, NetworkRole,
  NetworkTopology, UserDefinedNetwork,
} from '../../src/network';
import { expectConformant } from '../conformance/harness';

const primary = () => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
const kindAndName = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.name}`;

describe('escape hatches: ApiObject.of(construct) is the main object, named properties reach the others', () => {
  test('UserDefinedNetwork', () => {
    const chart = Testing.chart();
    const udn = new UserDefinedNetwork(chart, 'net', { metadata: { name: 'primary', namespace: 'ci-cd' }, topology: primary() });
    expect(kindAndName(ApiObject.of(udn))).toBe('UserDefinedNetwork ci-cd/primary');
    expectConformant(chart);
  });

  test('ClusterUserDefinedNetwork', () => {
    const chart = Testing.chart();
    const cudn = new ClusterUserDefinedNetwork(chart, 'net', { metadata: { name: 'shared' }, namespaceNames: ['ci-cd'], topology: primary() });
    expect(kindAndName(ApiObject.of(cudn))).toBe('ClusterUserDefinedNetwork -/shared');
    expectConformant(chart);
  });

  test('DefaultDenyNetworkPolicy: the deny policy (also defaultDenyPolicy); explicitAllowPolicy', () => {
    const chart = Testing.chart();
    const policy = new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'legacy' });
    expect(kindAndName(ApiObject.of(policy))).toBe('NetworkPolicy legacy/default-deny-all');
    expect(ApiObject.of(policy)).toBe(ApiObject.of(policy.defaultDenyPolicy));
    expect(policy.explicitAllowPolicy).toBeUndefined();
    policy.allowDns();
    expect(kindAndName(ApiObject.of(policy.explicitAllowPolicy!))).toBe('NetworkPolicy legacy/explicit-allow');

    // a patch through the escape hatch reaches the manifest
    ApiObject.of(policy).metadata.addLabel('example.com/owner', 'platform');
    ApiObject.of(policy.explicitAllowPolicy!).metadata.addLabel('example.com/owner', 'platform');
    expect(Testing.synth(chart).map(o => o.metadata.labels)).toEqual([{ 'example.com/owner': 'platform' }, { 'example.com/owner': 'platform' }]);
    expectConformant(chart);
  });

  test('IsolatedNamespace: the Namespace; network, defaultDenyPolicy and explicitAllowPolicy', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'elsewhere' });
    const ns = new IsolatedNamespace(chart, 'ns', { name: 'ci-cd', network: primary() });
    expect(kindAndName(ApiObject.of(ns))).toBe('Namespace elsewhere/ci-cd');
    expect(kindAndName(ApiObject.of(ns.network))).toBe('UserDefinedNetwork ci-cd/primary');
    expect(kindAndName(ApiObject.of(ns.defaultDenyPolicy))).toBe('NetworkPolicy ci-cd/default-deny-all');
    expect(ns.explicitAllowPolicy).toBeUndefined();
    ns.allowIngressFrom(NetworkPeer.namespace('monitoring'), [NetworkPort.tcp(9090)]);
    expect(kindAndName(ApiObject.of(ns.explicitAllowPolicy!))).toBe('NetworkPolicy ci-cd/explicit-allow');

    // a patch through the escape hatch reaches the manifest; the chart's namespace is still dropped from the Namespace
    ApiObject.of(ns).metadata.addAnnotation('example.com/owner', 'platform');
    const [namespace] = Testing.synth(chart);
    expect(namespace.metadata).toEqual(expect.objectContaining({ name: 'ci-cd', annotations: { 'example.com/owner': 'platform' } }));
    expect(namespace.metadata.namespace).toBeUndefined();
    expectConformant(chart);
  });
});
