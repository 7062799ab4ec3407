import { Testing } from 'cdk8s';
import {
  IpamLifecycle, IpamMode, Layer2Options, Layer3Subnet, LocalnetOptions, NetworkRole, NetworkTopology, UserDefinedNetwork,
} from '../../src/network';
import { expectConformant } from '../conformance/harness';

const PRIMARY = NetworkRole.PRIMARY;
const SECONDARY = NetworkRole.SECONDARY;
const l3 = (subnets: Layer3Subnet[], more: { role?: NetworkRole; joinSubnets?: string[]; mtu?: number } = {}) =>
  NetworkTopology.layer3({ role: more.role ?? PRIMARY, subnets, joinSubnets: more.joinSubnets, mtu: more.mtu });
const l2 = (options: Partial<Layer2Options>) => NetworkTopology.layer2({ role: PRIMARY, subnets: ['10.0.0.0/16'], ...options });
const localnet = (options: Partial<LocalnetOptions>) => NetworkTopology.localnet({ physicalNetworkName: 'physnet1', subnets: ['10.0.0.0/24'], ...options });

describe('NetworkTopology', () => {
  test('renders a topology object per type and drops empty optional lists and an empty ipam', () => {
    const chart = Testing.chart();
    const topology = l2({ joinSubnets: [], reservedSubnets: [], ipam: {} });
    new UserDefinedNetwork(chart, 'n', { metadata: { name: 'n', namespace: 'a' }, topology });
    expect(topology._render()).toEqual({ topology: 'Layer2', layer2: { role: 'Primary', subnets: ['10.0.0.0/16'] } });
    expect(l3([Layer3Subnet.of('fd00::/48')], { mtu: 1280 })._render())
      .toEqual({ topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: 'fd00::/48' }], mtu: 1280 } });
    expectConformant(chart);
  });

  describe('Layer3', () => {
    test.each([
      ['no subnets', () => l3([]), "'subnets' has 0 entries; a Layer3 network needs 1 to 400"],
      ['more than 400 subnets', () => l3(Array.from({ length: 401 }, (_, i) => Layer3Subnet.of(`10.${Math.floor(i / 256)}.${i % 256}.0/24`, 28))), "'subnets' has 401 entries"],
      ['an invalid CIDR', () => l3([Layer3Subnet.of('10.0.0/16', 24)]), '\'subnets[0].cidr\' ("10.0.0/16") is not a valid CIDR: an IPv4 address has four dot-separated fields'],
      ['a CIDR longer than 43 characters', () => l3([Layer3Subnet.of('0000:0000:0000:0000:0000:0000:100.100.100.0/120', 124)]), 'is longer than 43 characters'],
      ['host bits', () => l3([Layer3Subnet.of('10.0.3.0/16', 24)]), "'subnets[0].cidr' (10.0.3.0/16) has host bits set; use the network address 10.0.0.0/16"],
      ['an unset hostSubnet the default cannot cut', () => l3([Layer3Subnet.of('10.0.128.0/24')]), "'subnets[0].hostSubnet' is unset, so the controller uses 24 for 10.0.128.0/24, which is not longer than its prefix; set a hostSubnet above 24 or use a /16 network with hostSubnet 24"],
      ['an unset IPv6 hostSubnet the default cannot cut', () => l3([Layer3Subnet.of('fd00::/64')]), 'the controller uses 64 for fd00::/64'],
      ['hostSubnet 0', () => l3([Layer3Subnet.of('10.0.0.0/16', 0)]), "'subnets[0].hostSubnet' (0) must be an integer from 1 to 127"],
      ['hostSubnet 128', () => l3([Layer3Subnet.of('fd00::/48', 128)]), "'subnets[0].hostSubnet' (128) must be an integer from 1 to 127"],
      ['a fractional hostSubnet', () => l3([Layer3Subnet.of('10.0.0.0/16', 24.5)]), '(24.5) must be an integer'],
      ['hostSubnet equal to the prefix', () => l3([Layer3Subnet.of('10.0.128.0/24', 24)]), "'subnets[0].hostSubnet' (24) must be longer than the prefix of 10.0.128.0/24; use a /16 network with hostSubnet 24"],
      ['hostSubnet shorter than an IPv6 prefix', () => l3([Layer3Subnet.of('fd00::/64', 56)]), "'subnets[0].hostSubnet' (56) must be longer than the prefix of fd00::/64; use a /48 network with hostSubnet 56"],
      ['an IPv4 hostSubnet of 32', () => l3([Layer3Subnet.of('10.0.0.0/16', 32)]), "'subnets[0].hostSubnet' (32) must be below 32 for the IPv4 network 10.0.0.0/16"],
      ['three Secondary subnets', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('fd00::/48', 64), Layer3Subnet.of('10.1.0.0/16', 24)], { role: SECONDARY }), "'subnets' has 3 entries; a Secondary Layer3 network allows at most 2"],
      ['two IPv4 Secondary subnets', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('10.1.0.0/16', 24)], { role: SECONDARY }), "'subnets' (10.0.0.0/16, 10.1.0.0/16) are both IPv4; two entries must be one IPv4 and one IPv6 network"],
      ['a duplicate subnet', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('10.0.0.0/16', 24)]), "'subnets[1]' (10.0.0.0/16) duplicates 'subnets[0]'"],
      ['overlapping subnets', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('10.0.0.0/12', 24)]), "'subnets[1]' (10.0.0.0/12) overlaps 'subnets[0]' (10.0.0.0/16)"],
      ['different hostSubnets in one family', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('10.1.0.0/16', 26)]), "'subnets[1].hostSubnet' (26) differs from 'subnets[0].hostSubnet' (24)"],
      ['a hostSubnet set on only one subnet of a family', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('10.1.0.0/16')]), "'subnets[1].hostSubnet' (unset) differs from 'subnets[0].hostSubnet' (24)"],
      ['joinSubnets on a Secondary network', () => l3([Layer3Subnet.of('10.0.0.0/16', 24)], { role: SECONDARY, joinSubnets: ['100.66.0.0/16'] }), "'joinSubnets' is only supported for Primary networks"],
      ['three joinSubnets', () => l3([Layer3Subnet.of('10.0.0.0/16', 24)], { joinSubnets: ['100.66.0.0/16', 'fd98::/64', '100.67.0.0/16'] }), "'joinSubnets' has 3 entries"],
      ['two IPv6 joinSubnets', () => l3([Layer3Subnet.of('10.0.0.0/16', 24)], { joinSubnets: ['fd98::/64', 'fd99::/64'] }), "'joinSubnets' (fd98::/64, fd99::/64) are both IPv6"],
      ['an invalid joinSubnet', () => l3([Layer3Subnet.of('10.0.0.0/16', 24)], { joinSubnets: ['100.66.0.0'] }), '\'joinSubnets[0]\' ("100.66.0.0") is not a valid CIDR'],
      ['an MTU below 576', () => l3([Layer3Subnet.of('10.0.0.0/16', 24)], { mtu: 575 }), "'mtu' (575) must be an integer from 576 to 65536"],
      ['an MTU above 65536', () => l3([Layer3Subnet.of('10.0.0.0/16', 24)], { mtu: 65537 }), "'mtu' (65537) must be an integer from 576 to 65536"],
      ['an MTU below 1280 with IPv6', () => l3([Layer3Subnet.of('10.0.0.0/16', 24), Layer3Subnet.of('fd00::/48', 64)], { mtu: 1200 }), "'mtu' (1200) must be at least 1280 with the IPv6 subnet fd00::/48"],
      ['an MTU below 1280 with two IPv6 subnets (the CRD only checks exactly one)', () => l3([Layer3Subnet.of('fd00::/48', 64), Layer3Subnet.of('fd01::/48', 64)], { mtu: 1200 }), "'mtu' (1200) must be at least 1280"],
    ])('fails with %s', (_, build, message) => {
      expect(build).toThrow(message);
    });
  });

  describe('Layer2', () => {
    test.each([
      ['IPAM disabled on a Primary network', () => l2({ ipam: { mode: IpamMode.DISABLED } }), "'ipam.mode' (Disabled) is only supported for Secondary networks"],
      ['subnets with IPAM disabled', () => l2({ role: SECONDARY, ipam: { mode: IpamMode.DISABLED } }), "'subnets' must be unset when 'ipam.mode' is Disabled"],
      ['no subnets with IPAM enabled', () => l2({ subnets: [] }), "'subnets' is required while IPAM is enabled"],
      ['three subnets', () => l2({ subnets: ['10.0.0.0/16', 'fd00::/64', '10.1.0.0/16'] }), "'subnets' has 3 entries; at most 2 are allowed"],
      ['two IPv4 subnets', () => l2({ subnets: ['10.0.0.0/16', '10.1.0.0/16'] }), "'subnets' (10.0.0.0/16, 10.1.0.0/16) are both IPv4"],
      ['an invalid subnet', () => l2({ subnets: ['10.0.0.0/40'] }), "'subnets[0]' (\"10.0.0.0/40\") is not a valid CIDR: the prefix length 40 exceeds 32"],
      ['a Persistent lifecycle without IPAM', () => l2({ role: SECONDARY, subnets: undefined, ipam: { mode: IpamMode.DISABLED, lifecycle: IpamLifecycle.PERSISTENT } }), "'ipam.lifecycle' (Persistent) needs IPAM"],
      ['joinSubnets on a Secondary network', () => l2({ role: SECONDARY, joinSubnets: ['100.66.0.0/16'] }), "'joinSubnets' is only supported for Primary networks"],
      ['an MTU below 1280 with IPv6', () => l2({ subnets: ['fd00::/64'], mtu: 1000 }), "'mtu' (1000) must be at least 1280 with the IPv6 subnet fd00::/64"],
      ['defaultGatewayIps on a Secondary network', () => l2({ role: SECONDARY, defaultGatewayIps: ['10.0.0.1'] }), "'defaultGatewayIps' is only supported for Primary networks"],
      ['reservedSubnets without subnets', () => l2({ role: SECONDARY, subnets: undefined, ipam: { mode: IpamMode.DISABLED }, reservedSubnets: ['10.0.0.0/24'] }), "'reservedSubnets' needs 'subnets'"],
      ['reservedSubnets on a Secondary network', () => l2({ role: SECONDARY, reservedSubnets: ['10.0.0.0/24'] }), "'reservedSubnets' is only supported for Primary networks"],
      ['infrastructureSubnets without subnets', () => l2({ role: SECONDARY, subnets: undefined, ipam: { mode: IpamMode.DISABLED }, infrastructureSubnets: ['10.0.0.0/24'] }), "'infrastructureSubnets' needs 'subnets'"],
      ['infrastructureSubnets on a Secondary network', () => l2({ role: SECONDARY, infrastructureSubnets: ['10.0.0.0/24'] }), "'infrastructureSubnets' is only supported for Primary networks"],
      ['26 reservedSubnets', () => l2({ reservedSubnets: Array.from({ length: 26 }, (_, i) => `10.0.${i}.0/24`) }), "'reservedSubnets' has 26 entries; at most 25 are allowed"],
      ['5 infrastructureSubnets', () => l2({ infrastructureSubnets: Array.from({ length: 5 }, (_, i) => `10.0.${i}.0/24`) }), "'infrastructureSubnets' has 5 entries; at most 4 are allowed"],
      ['a reserved subnet outside the subnets', () => l2({ reservedSubnets: ['10.1.0.0/24'] }), "'reservedSubnets[0]' (10.1.0.0/24) is outside the subnets (10.0.0.0/16)"],
      ['a reserved subnet with host bits', () => l2({ reservedSubnets: ['10.0.0.1/24'] }), "'reservedSubnets[0]' (10.0.0.1/24) has host bits set; use the network address 10.0.0.0/24"],
      ['infrastructure overlapping reserved subnets', () => l2({ reservedSubnets: ['10.0.0.0/24'], infrastructureSubnets: ['10.0.0.0/30'] }), "'infrastructureSubnets[0]' (10.0.0.0/30) overlaps 'reservedSubnets[0]' (10.0.0.0/24)"],
      ['fewer gateways than subnets', () => l2({ subnets: ['10.0.0.0/16', 'fd00::/64'], defaultGatewayIps: ['10.0.0.1'] }), "'defaultGatewayIps' has 1 address(es) for 2 subnet(s)"],
      ['two IPv4 gateways', () => l2({ subnets: ['10.0.0.0/16', 'fd00::/64'], defaultGatewayIps: ['10.0.0.1', '10.0.0.2'] }), "'defaultGatewayIps' (10.0.0.1, 10.0.0.2) are both IPv4"],
      ['an invalid gateway', () => l2({ defaultGatewayIps: ['10.0.0.1.5'] }), "'defaultGatewayIps[0]' (\"10.0.0.1.5\") is not a valid IP address"],
      ['a gateway outside the subnets', () => l2({ defaultGatewayIps: ['10.1.0.1'] }), "'defaultGatewayIps[0]' (10.1.0.1) is outside the subnets (10.0.0.0/16)"],
      ['a gateway outside the infrastructure subnets', () => l2({ defaultGatewayIps: ['10.0.5.1'], infrastructureSubnets: ['10.0.0.0/30'] }), "'defaultGatewayIps[0]' (10.0.5.1) is outside the infrastructure subnets (10.0.0.0/30)"],
    ])('fails with %s', (_, build, message) => {
      expect(build).toThrow(message);
    });
  });

  describe('Localnet', () => {
    test.each([
      ['an empty physicalNetworkName', () => localnet({ physicalNetworkName: '' }), "'physicalNetworkName' (\"\") must have 1 to 253 characters and no ',' or ':'"],
      ['a physicalNetworkName with a colon', () => localnet({ physicalNetworkName: 'br-ex:physnet' }), "'physicalNetworkName' (\"br-ex:physnet\")"],
      ['a physicalNetworkName over 253 characters', () => localnet({ physicalNetworkName: 'p'.repeat(254) }), 'must have 1 to 253 characters'],
      ['no subnets with IPAM enabled', () => localnet({ subnets: undefined }), "'subnets' is required while IPAM is enabled"],
      ['subnets with IPAM disabled', () => localnet({ ipam: { mode: IpamMode.DISABLED } }), "'subnets' must be unset when 'ipam.mode' is Disabled"],
      ['excludeSubnets without subnets', () => localnet({ subnets: undefined, ipam: { mode: IpamMode.DISABLED }, excludeSubnets: ['10.0.0.0/28'] }), "'excludeSubnets' needs 'subnets'"],
      ['26 excludeSubnets', () => localnet({ excludeSubnets: Array.from({ length: 26 }, (_, i) => `10.0.0.${i}/32`) }), "'excludeSubnets' has 26 entries; at most 25 are allowed"],
      ['an invalid excludeSubnet', () => localnet({ excludeSubnets: ['10.0.0.0/33'] }), "'excludeSubnets[0]' (\"10.0.0.0/33\") is not a valid CIDR"],
      ['VLAN 0', () => localnet({ vlanId: 0 }), "'vlanId' (0) must be an integer from 1 to 4094"],
      ['VLAN 4095', () => localnet({ vlanId: 4095 }), "'vlanId' (4095) must be an integer from 1 to 4094"],
      ['an MTU below 1280 with IPv6', () => localnet({ subnets: ['fd00::/64'], mtu: 1000 }), "'mtu' (1000) must be at least 1280"],
    ])('fails with %s', (_, build, message) => {
      expect(build).toThrow(message);
    });
  });
});
