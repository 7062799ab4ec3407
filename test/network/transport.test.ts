import { Testing } from 'cdk8s';
import {
  ClusterUserDefinedNetwork, Layer3Subnet, NetworkRole, NetworkTopology, NetworkTransport, NoOverlayRouting, OutboundSnat, TransportType,
} from '../../src/network';
import { expectConformant } from '../conformance/harness';

const layer3 = (role = NetworkRole.PRIMARY) => NetworkTopology.layer3({ role, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
const layer2 = (role = NetworkRole.PRIMARY) => NetworkTopology.layer2({ role, subnets: ['10.100.0.0/16'] });
const localnet = () => NetworkTopology.localnet({ physicalNetworkName: 'physnet1', subnets: ['192.0.2.0/24'] });
const cudn = (topology: NetworkTopology, transport?: NetworkTransport, uplink?: string) =>
  new ClusterUserDefinedNetwork(Testing.chart(), 'n', { metadata: { name: 'n' }, namespaceNames: ['ci-cd'], topology, transport, uplink });

describe('NetworkTransport', () => {
  test('no overlay for a Primary Layer3 network, with an uplink (snapshot)', () => {
    const chart = Testing.chart();
    new ClusterUserDefinedNetwork(chart, 'routed', {
      metadata: { name: 'routed' },
      namespaceNames: ['ci-cd'],
      topology: layer3(),
      transport: NetworkTransport.noOverlay({ outboundSnat: OutboundSnat.DISABLED, routing: NoOverlayRouting.MANAGED }),
      uplink: 'br-ex',
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.network.transport).toBe('NoOverlay');
    expect(obj.spec.network.noOverlay).toEqual({ outboundSNAT: 'Disabled', routing: 'Managed' });
    expect(obj.spec.uplinks).toEqual(['br-ex']);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('EVPN for Layer2 (MAC-VRF and IP-VRF) and Layer3 (IP-VRF), with every route target format', () => {
    const chart = Testing.chart();
    const l2 = NetworkTransport.evpn({ vtep: 'vtep-a', macVrf: { vni: 100, routeTarget: '65000:100' }, ipVrf: { vni: 200, routeTarget: '192.0.2.1:200' } });
    const l3 = NetworkTransport.evpn({ vtep: 'vtep-a', ipVrf: { vni: 300, routeTarget: '*:4294967295' } });
    expect([l2.type, l3.type]).toEqual([TransportType.EVPN, TransportType.EVPN]);
    new ClusterUserDefinedNetwork(chart, 'l2', { metadata: { name: 'l2' }, namespaceNames: ['a'], topology: layer2(), transport: l2 });
    new ClusterUserDefinedNetwork(chart, 'l3', { metadata: { name: 'l3' }, namespaceNames: ['b'], topology: layer3(), transport: l3 });
    new ClusterUserDefinedNetwork(chart, 'asn4', {
      metadata: { name: 'asn4' },
      namespaceNames: ['c'],
      topology: layer3(),
      transport: NetworkTransport.evpn({ vtep: 'vtep-a', ipVrf: { vni: 400, routeTarget: '4200000000:65535' } }),
    });
    const [a, b] = Testing.synth(chart);
    expect(a.spec.network.evpn).toEqual({ vtep: 'vtep-a', macVRF: { vni: 100, routeTarget: '65000:100' }, ipVRF: { vni: 200, routeTarget: '192.0.2.1:200' } });
    expect(b.spec.network).toMatchObject({ transport: 'EVPN', evpn: { vtep: 'vtep-a', ipVRF: { vni: 300, routeTarget: '*:4294967295' } } });
    expectConformant(chart);
  });

  test.each([
    ['an empty vtep', () => NetworkTransport.evpn({ vtep: '', ipVrf: { vni: 1 } }), "'vtep' is empty"],
    ['no VRF', () => NetworkTransport.evpn({ vtep: 'v' }), "'macVrf' and 'ipVrf' are both unset"],
    ['VNI 0', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 0 } }), "'ipVrf.vni' (0) must be an integer from 1 to 16777215"],
    ['VNI 2^24', () => NetworkTransport.evpn({ vtep: 'v', macVrf: { vni: 16777216 } }), "'macVrf.vni' (16777216) must be an integer from 1 to 16777215"],
    ['equal VNIs', () => NetworkTransport.evpn({ vtep: 'v', macVrf: { vni: 5 }, ipVrf: { vni: 5 } }), "'ipVrf.vni' (5) equals 'macVrf.vni'"],
    ['a long route target', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '1234567890:12345678901' } }), 'is longer than 21 characters'],
    ['a route target without a colon', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '65000' } }), "'ipVrf.routeTarget' (\"65000\") must contain exactly one ':'"],
    ['a non-numeric local administrator', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '65000:x' } }), 'must end in a decimal local administrator'],
    ['a wildcard with a local above 2^32', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '*:4294967296' } }), 'has a local administrator above 4294967295'],
    ['an invalid IPv4 global administrator', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '192.0.2:1' } }), 'must start with *, an IPv4 address or an AS number'],
    ['an IPv4 global with a 32-bit local', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '192.0.2.1:65536' } }), 'the local administrator must not exceed 65535'],
    ['a named global administrator', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: 'asn:1' } }), 'must start with *, an IPv4 address or an AS number'],
    ['an AS number above 2^32', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '4294967296:1' } }), 'has an AS number above 4294967295'],
    ['a 4-byte AS number with a 32-bit local', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '65536:65536' } }), 'has a 4-byte AS number'],
    ['a 2-byte AS number with a local above 2^32', () => NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1, routeTarget: '65000:4294967296' } }), 'has a local administrator above 4294967295'],
  ])('fails with %s', (_, build, message) => {
    expect(build).toThrow(message);
  });

  const noOverlay = () => NetworkTransport.noOverlay({ outboundSnat: OutboundSnat.ENABLED, routing: NoOverlayRouting.UNMANAGED });
  test.each([
    ['no overlay on a Layer2 network', () => cudn(layer2(), noOverlay()), "'transport' (NoOverlay) is only supported for Primary Layer3 networks, not Primary Layer2"],
    ['no overlay on a Secondary network', () => cudn(layer3(NetworkRole.SECONDARY), noOverlay()), 'not Secondary Layer3'],
    ['EVPN on a Localnet network', () => cudn(localnet(), NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1 } })), "'transport' (EVPN) is only supported for Primary Layer2 or Layer3 networks, not Secondary Localnet"],
    ['EVPN on Layer2 without a MAC-VRF', () => cudn(layer2(), NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1 } })), "'transport' (EVPN) needs 'macVrf' for a Layer2 network"],
    ['EVPN on Layer3 without an IP-VRF', () => cudn(layer3(), NetworkTransport.evpn({ vtep: 'v', macVrf: { vni: 1 } })), "'transport' (EVPN) needs 'ipVrf' for a Layer3 network"],
    ['EVPN on Layer3 with a MAC-VRF', () => cudn(layer3(), NetworkTransport.evpn({ vtep: 'v', macVrf: { vni: 1 }, ipVrf: { vni: 2 } })), "must not set 'macVrf' for a Layer3 network"],
    ['an invalid uplink', () => cudn(layer3(), undefined, 'BR_EX'), "'uplink' (\"BR_EX\") must be lowercase letters, digits and '-'"],
    ['an uplink on a Secondary network', () => cudn(layer2(NetworkRole.SECONDARY), undefined, 'br-ex'), "'uplink' is only supported for Primary Layer2 or Layer3 networks, not Secondary Layer2"],
    ['an uplink with EVPN', () => cudn(layer3(), NetworkTransport.evpn({ vtep: 'v', ipVrf: { vni: 1 } }), 'br-ex'), "'uplink' is not supported with the EVPN transport"],
  ])('fails with %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
