import { Chart, Testing } from 'cdk8s';
import { LabelSelectorOperator } from '../../src/common';
import { ValidationError } from '../../src/common/errors';
import {
  ClusterUserDefinedNetwork, IpamLifecycle, IpamMode, Layer3Subnet, NetworkRole, NetworkTopology, TopologyType, UserDefinedNetwork,
} from '../../src/network';
import { expectConformant } from '../conformance/harness';

const layer3Primary = () => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });

describe('UserDefinedNetwork', () => {
  test('S2: a primary Layer3 network, the reference YAML fixed (a /16 cut into /24 host subnets)', () => {
    const chart = Testing.chart();
    const udn = new UserDefinedNetwork(chart, 'net', {
      metadata: { name: 'secure-pipeline-net', namespace: 'ci-cd-secure' },
      topology: NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] }),
    });
    expect(udn.role).toBe(NetworkRole.PRIMARY);
    expect(udn.topology.type).toBe(TopologyType.LAYER3);
    expect([udn.apiVersion, udn.kind, udn.name, udn.namespace]).toEqual(['k8s.ovn.org/v1', 'UserDefinedNetwork', 'secure-pipeline-net', 'ci-cd-secure']);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'k8s.ovn.org/v1',
      kind: 'UserDefinedNetwork',
      metadata: { name: 'secure-pipeline-net', namespace: 'ci-cd-secure' },
      spec: { topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: '10.0.0.0/16', hostSubnet: 24 }] } },
    }]);
    expectConformant(chart);
  });

  test('fails on the S2 reference subnet: hostSubnet 24 is not longer than the /24 prefix', () => {
    expect(() => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.128.0/24', 24)] }))
      .toThrow("'subnets[0].hostSubnet' (24) must be longer than the prefix of 10.0.128.0/24; use a /16 network with hostSubnet 24");
  });

  test('dual-stack Layer3 with join subnets and MTU, and a secondary Layer2 without IPAM (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'team-a' });
    new UserDefinedNetwork(chart, 'dual', {
      metadata: { name: 'dual' },
      topology: NetworkTopology.layer3({
        role: NetworkRole.PRIMARY,
        subnets: [Layer3Subnet.of('10.10.0.0/16', 24), Layer3Subnet.of('10.20.0.0/16', 24), Layer3Subnet.of('fd00:10::/48', 64)],
        joinSubnets: ['100.66.0.0/16', 'fd98::/64'],
        mtu: 1400,
      }),
    });
    new UserDefinedNetwork(chart, 'storage', {
      metadata: { name: 'storage' },
      topology: NetworkTopology.layer2({ role: NetworkRole.SECONDARY, ipam: { mode: IpamMode.DISABLED }, mtu: 9000 }),
    });
    new UserDefinedNetwork(chart, 'vms', {
      metadata: { name: 'vms' },
      topology: NetworkTopology.layer2({
        role: NetworkRole.PRIMARY,
        subnets: ['192.168.0.0/16', 'fd00:192::/64'],
        ipam: { lifecycle: IpamLifecycle.PERSISTENT, mode: IpamMode.ENABLED },
        defaultGatewayIps: ['192.168.0.1', 'fd00:192::1'],
        infrastructureSubnets: ['192.168.0.0/30', 'fd00:192::/120'],
        reservedSubnets: ['192.168.1.0/24'],
        joinSubnets: ['100.66.0.0/16'],
      }),
    });
    new UserDefinedNetwork(chart, 'auto-host', {
      metadata: { name: 'auto-host' },
      topology: NetworkTopology.layer3({ role: NetworkRole.SECONDARY, subnets: [Layer3Subnet.of('10.30.0.0/16')] }),
    });
    const synth = Testing.synth(chart);
    expect(synth.map(o => o.metadata.namespace)).toEqual(['team-a', 'team-a', 'team-a', 'team-a']);
    expect(synth[1].spec).toEqual({ topology: 'Layer2', layer2: { role: 'Secondary', mtu: 9000, ipam: { mode: 'Disabled' } } });
    expect(synth[3].spec.layer3.subnets).toEqual([{ cidr: '10.30.0.0/16' }]);
    expect(synth).toMatchSnapshot();
    expectConformant(chart);
  });

  test('fails with a Localnet topology', () => {
    const chart = Testing.chart();
    expect(() => new UserDefinedNetwork(chart, 'n', { topology: NetworkTopology.localnet({ physicalNetworkName: 'physnet1', subnets: ['10.0.0.0/24'] }) }))
      .toThrow("'topology' (Localnet) is only supported on a ClusterUserDefinedNetwork");
  });
});

describe('ClusterUserDefinedNetwork', () => {
  test('selects namespaces by name and label, sorted (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ignored' });
    const cudn = new ClusterUserDefinedNetwork(chart, 'shared', {
      metadata: { name: 'shared-ci' },
      namespaceNames: ['ci-cd', 'builds', 'ci-cd'],
      namespaceSelector: { matchLabels: { 'tier': 'ci', 'team.example.com/name': 'platform' } },
      topology: layer3Primary(),
    });
    expect(cudn.namespace).toBeUndefined();
    const [obj] = Testing.synth(chart);
    expect(obj.metadata).toEqual({ name: 'shared-ci' });
    expect(obj.spec.namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['builds', 'ci-cd'] }],
      matchLabels: { 'team.example.com/name': 'platform', 'tier': 'ci' },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('a Localnet network with VLAN, excluded ranges and an opt-in to every namespace', () => {
    const chart = Testing.chart();
    new ClusterUserDefinedNetwork(chart, 'physical', {
      metadata: { name: 'physical' },
      allowAllNamespaces: 'the platform team serves every namespace from it',
      topology: NetworkTopology.localnet({
        physicalNetworkName: 'physnet1',
        subnets: ['192.0.2.0/24', '2001:db8::/64'],
        excludeSubnets: ['192.0.2.0/28'],
        ipam: { lifecycle: IpamLifecycle.PERSISTENT },
        mtu: 1500,
        vlanId: 120,
      }),
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec).toEqual({
      namespaceSelector: {},
      network: {
        topology: 'Localnet',
        localnet: {
          role: 'Secondary',
          physicalNetworkName: 'physnet1',
          subnets: ['192.0.2.0/24', '2001:db8::/64'],
          excludeSubnets: ['192.0.2.0/28'],
          mtu: 1500,
          ipam: { lifecycle: 'Persistent' },
          vlan: { mode: 'Access', access: { id: 120 } },
        },
      },
    });
    expectConformant(chart);
  });

  test('a Localnet network without IPAM and a Layer2 network for one namespace', () => {
    const chart = Testing.chart();
    new ClusterUserDefinedNetwork(chart, 'bare', {
      metadata: { name: 'bare' },
      namespaceNames: ['vms'],
      topology: NetworkTopology.localnet({ physicalNetworkName: 'physnet2', ipam: { mode: IpamMode.DISABLED } }),
    });
    new ClusterUserDefinedNetwork(chart, 'l2', {
      metadata: { name: 'l2' },
      namespaceSelector: { matchLabels: { team: 'a' } },
      topology: NetworkTopology.layer2({ role: NetworkRole.SECONDARY, subnets: ['10.200.0.0/16'] }),
    });
    expect(Testing.synth(chart).map(o => o.spec.network)).toEqual([
      { topology: 'Localnet', localnet: { role: 'Secondary', physicalNetworkName: 'physnet2', ipam: { mode: 'Disabled' } } },
      { topology: 'Layer2', layer2: { role: 'Secondary', subnets: ['10.200.0.0/16'] } },
    ]);
    expectConformant(chart);
  });

  test('fails without a namespace selector unless every namespace is opted in', () => {
    const chart = Testing.chart();
    expect(() => new ClusterUserDefinedNetwork(chart, 'a', { topology: layer3Primary() }))
      .toThrow("'namespaceNames' and 'namespaceSelector' are both empty, which selects every namespace; name the namespaces, e.g. namespaceNames: ['ci-cd'], or set allowAllNamespaces to the reason");
    expect(() => new ClusterUserDefinedNetwork(chart, 'b', { topology: layer3Primary(), namespaceNames: [] }))
      .toThrow(/selects every namespace/);
  });

  test('fails when allowAllNamespaces is combined with a selector', () => {
    expect(() => new ClusterUserDefinedNetwork(Testing.chart(), 'a', { topology: layer3Primary(), namespaceNames: ['x'], allowAllNamespaces: 'the platform team serves every namespace from it' }))
      .toThrow("'allowAllNamespaces' contradicts 'namespaceNames'/'namespaceSelector'");
  });

  test('fails on invalid namespace names and labels', () => {
    expect(() => new ClusterUserDefinedNetwork(Testing.chart(), 'a', { topology: layer3Primary(), namespaceNames: ['CI_CD'] }))
      .toThrow(/'namespaceNames\[0\]' \("CI_CD"\) must be a DNS-1123 label/);
    expect(() => new ClusterUserDefinedNetwork(Testing.chart(), 'b', { topology: layer3Primary(), namespaceSelector: { matchLabels: { 'bad key!': 'x' } } }))
      .toThrow(/'namespaceSelector.matchLabels' label key "bad key!" is invalid/);
    expect(() => new ClusterUserDefinedNetwork(Testing.chart(), 'c', { topology: layer3Primary(), namespaceSelector: {} }))
      .toThrow(/selects every namespace/);
  });

  test('a selector with expressions is combined with the names', () => {
    const chart = Testing.chart();
    new ClusterUserDefinedNetwork(chart, 'mixed', {
      metadata: { name: 'mixed' },
      namespaceNames: ['ci-cd'],
      namespaceSelector: { matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['ci', 'build'] }] },
      topology: layer3Primary(),
    });
    expect(Testing.synth(chart)[0].spec.namespaceSelector).toEqual({
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ci-cd'] },
        { key: 'tier', operator: 'In', values: ['ci', 'build'] },
      ],
    });
    expectConformant(chart);
  });

  test('errors are ValidationErrors that start with the construct path', () => {
    const attempt = () => new ClusterUserDefinedNetwork(Testing.chart(), 'open', { topology: layer3Primary() });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^test\/open: 'namespaceNames' and 'namespaceSelector' are both empty/);
    const local = () => new UserDefinedNetwork(Testing.chart(), 'local', { topology: NetworkTopology.localnet({ physicalNetworkName: 'physnet1', ipam: { mode: IpamMode.DISABLED } }) });
    expect(local).toThrow(ValidationError);
    expect(local).toThrow(/^test\/local: 'topology' \(Localnet\)/);
  });
});
