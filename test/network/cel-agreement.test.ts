import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ClusterUserDefinedNetwork, IpamLifecycle, IpamMode, Layer3Subnet, NetworkRole, NetworkTopology, NetworkTransport, NoOverlayRouting, OutboundSnat,
  UserDefinedNetwork, VrfOptions,
} from '../../src/network';
import { CIDR, parseCIDR } from '../conformance/cel/ip-cidr';
import { checkObject, recordFigure } from '../conformance/harness';
import { describeWithShared } from '../conformance/shared';

/**
 * Property test: on generated network specs, the construct-time validation and the real CRD (schema and CEL
 * rules, through the harness) accept and reject the same specs. The constructs are deliberately stricter in
 * three documented ways, which the oracle below models; every other difference is a failure:
 * - host bits in a subnet (`10.0.0.7/16`): CEL accepts it, the constructs ask for the network address;
 * - an MTU below 1280 with two or more IPv6 subnets: CEL only checks `exists_one` IPv6 subnet;
 * - a Layer3 subnet without hostSubnet whose prefix is not shorter than the controller's default (24 or 64):
 *   CEL accepts it, the controller fails at runtime;
 * - an EVPN route target whose AS number exceeds 32 bits: the CRD's message forbids it, its rule does not check it.
 */

const RUNS = 2500;

interface L3Spec { role: NetworkRole; subnets: Array<{ cidr: string; hostSubnet?: number }>; joinSubnets?: string[]; mtu?: number }
interface IpamSpec { mode?: IpamMode; lifecycle?: IpamLifecycle }
interface L2Spec {
  role: NetworkRole;
  subnets?: string[];
  joinSubnets?: string[];
  mtu?: number;
  ipam?: IpamSpec;
  defaultGatewayIps?: string[];
  reservedSubnets?: string[];
  infrastructureSubnets?: string[];
}
interface LocalnetSpec { physicalNetworkName: string; subnets?: string[]; excludeSubnets?: string[]; mtu?: number; ipam?: IpamSpec; vlanId?: number }

const ipv4Cidr = fc.tuple(fc.constantFrom(0, 1, 2), fc.constantFrom(0, 128), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 8, max: 30 }),
  fc.nat(9))
  .map(([b, c, d, p, masked]) => `10.${b}.${c}.${masked < 8 ? 0 : d}/${masked < 8 ? Math.min(p, 24) : p}`);
const ipv6Cidr = fc.tuple(fc.constantFrom(0, 1, 0xa), fc.constantFrom(0, 5), fc.integer({ min: 16, max: 120 }), fc.nat(9))
  .map(([a, b, p, masked]) => `fd00:${a}:${masked < 8 ? 0 : b}::/${masked < 8 ? Math.min(p, 48) : p}`);
const badCidr = fc.constantFrom('10.0.0/16', '10.0.0.0/33', 'fd00::/129', '::ffff:10.0.0.0/104', '10.0.0.0', 'fe80::%eth0/64', '010.0.0.0/8');
const cidr = fc.oneof({ weight: 6, arbitrary: ipv4Cidr }, { weight: 4, arbitrary: ipv6Cidr }, { weight: 1, arbitrary: badCidr });
const hostSubnet = fc.option(fc.oneof(fc.constantFrom(24, 26, 64, 72), fc.integer({ min: 0, max: 130 })), { nil: undefined });
const mtuValue = fc.oneof(fc.constantFrom(575, 576, 1279, 1280, 1400, 9000, 65536, 65537), fc.integer({ min: 500, max: 70000 }));
const mtu = fc.option(mtuValue, { nil: undefined });
const role = fc.constantFrom(NetworkRole.PRIMARY, NetworkRole.SECONDARY);
const list = <T>(item: fc.Arbitrary<T>, max: number) => fc.option(fc.array(item, { minLength: 1, maxLength: max }), { nil: undefined });
const ipam = fc.option(fc.record({
  mode: fc.option(fc.constantFrom(IpamMode.ENABLED, IpamMode.DISABLED), { nil: undefined }),
  lifecycle: fc.option(fc.constant(IpamLifecycle.PERSISTENT), { nil: undefined }),
}), { nil: undefined });
const gateway: fc.Arbitrary<string> = fc.constantFrom('10.0.0.1', '10.1.0.1', '10.0.128.1', 'fd00:0:0::1', 'fd00:1::1', '10.0.0.256');
const innerSubnet: fc.Arbitrary<string> = fc.constantFrom('10.0.0.0/24', '10.0.0.0/30', '10.0.128.0/25', '10.0.0.1/24', 'fd00::/120', 'fd00::/64', '10.9.0.0/24');

/** Sometimes a value, mostly unset: keeps the tidy generators near the valid region. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: arb });
const someOf = <T>(values: T[]) => fc.subarray(values, { minLength: 1 });
const anyOf = (...lists: string[][]) => fc.constantFrom(...lists).map(l => [...l]);

/** Each topology mixes noisy specs (anything goes) with tidy ones built from parts that fit together. */
const layer3Spec: fc.Arbitrary<L3Spec> = fc.oneof(
  fc.record({
    role,
    subnets: fc.array(fc.record({ cidr, hostSubnet }, { requiredKeys: ['cidr'] }), { minLength: 0, maxLength: 4 }),
    joinSubnets: list(cidr, 3),
    mtu,
  }, { requiredKeys: ['role', 'subnets'] }),
  fc.record({
    role,
    subnets: fc.tuple(someOf([{ cidr: '10.0.0.0/16', hostSubnet: 24 }, { cidr: '10.1.0.0/16', hostSubnet: 24 }, { cidr: 'fd00:1::/48', hostSubnet: 64 }, { cidr: 'fd00:2::/48', hostSubnet: 64 }]),
      rarely(fc.record({ cidr, hostSubnet }, { requiredKeys: ['cidr'] }))).map(([a, b]) => (b ? [...a, b] : a)),
    joinSubnets: rarely(someOf(['100.66.0.0/16', 'fd98::/64'])),
    mtu: rarely(mtu),
  }, { requiredKeys: ['role', 'subnets'] }),
);
const layer2Spec: fc.Arbitrary<L2Spec> = fc.oneof(
  fc.record({
    role,
    subnets: list(cidr, 3),
    joinSubnets: list(cidr, 3),
    mtu,
    ipam,
    defaultGatewayIps: list(gateway, 3),
    reservedSubnets: list(innerSubnet, 3),
    infrastructureSubnets: list(innerSubnet, 3),
  }, { requiredKeys: ['role'] }),
  fc.record({
    role,
    subnets: rarely(anyOf(['10.0.0.0/16'], ['10.0.0.0/16', 'fd00::/64'], ['fd00::/64'])).map(v => v ?? ['10.0.0.0/16']),
    joinSubnets: rarely(someOf(['100.66.0.0/16', 'fd98::/64'])),
    mtu: rarely(mtu),
    ipam: rarely(ipam),
    defaultGatewayIps: rarely(anyOf(['10.0.0.1'], ['10.0.0.1', 'fd00::1'], ['10.0.5.1'])),
    reservedSubnets: rarely(someOf(['10.0.128.0/24', 'fd00::8000/120'])),
    infrastructureSubnets: rarely(someOf(['10.0.0.0/30', 'fd00::/120'])),
  }, { requiredKeys: ['role'] }),
);
const localnetSpec: fc.Arbitrary<LocalnetSpec> = fc.oneof(
  fc.record({
    physicalNetworkName: fc.constantFrom('physnet1', 'br-ex:physnet', '', 'a,b', 'x'.repeat(254)),
    subnets: list(cidr, 3),
    excludeSubnets: list(fc.oneof(innerSubnet, badCidr), 3),
    mtu,
    ipam,
    vlanId: fc.option(fc.integer({ min: -1, max: 4096 }), { nil: undefined }),
  }, { requiredKeys: ['physicalNetworkName'] }),
  fc.record({
    physicalNetworkName: fc.constantFrom('physnet1', 'physnet-storage'),
    subnets: rarely(anyOf(['192.0.2.0/24'], ['192.0.2.0/24', '2001:db8::/64'])).map(v => v ?? ['192.0.2.0/24']),
    excludeSubnets: rarely(someOf(['192.0.2.0/28', '192.0.2.255/32'])),
    mtu: rarely(mtu),
    ipam: rarely(ipam),
    vlanId: rarely(fc.integer({ min: 0, max: 4095 })),
  }, { requiredKeys: ['physicalNetworkName'] }),
);

/** ClusterUserDefinedNetwork transports and uplinks on top of a few fixed topologies. */
interface TransportSpec {
  topology: 'l2p' | 'l2s' | 'l3p' | 'l3s' | 'localnet';
  noOverlay?: { outboundSnat: OutboundSnat; routing: NoOverlayRouting };
  evpn?: { vtep: string; macVrf?: VrfOptions; ipVrf?: VrfOptions };
  uplink?: string;
}
const routeTarget = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(
      fc.constantFrom('*', '65000', '65535', '65536', '4294967295', '4294967296', '192.0.2.1', '192.0.2', '192.0.2.01', 'asn', ''),
      fc.constantFrom('0', '100', '65535', '65536', '4294967295', '4294967296', 'x', ''),
    ).map(([g, l]) => `${g}:${l}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('65000', '1:2:3', '123456789012:123456789') },
);
const vrf = fc.record({
  vni: fc.oneof(fc.constantFrom(0, 1, 100, 16777215, 16777216), fc.integer({ min: 1, max: 300 })),
  routeTarget: fc.option(routeTarget, { nil: undefined }),
}, { requiredKeys: ['vni'] });
const transportSpec: fc.Arbitrary<TransportSpec> = fc.record({
  topology: fc.constantFrom('l2p', 'l2s', 'l3p', 'l3s', 'localnet'),
  noOverlay: rarely(fc.record({
    outboundSnat: fc.constantFrom(OutboundSnat.ENABLED, OutboundSnat.DISABLED),
    routing: fc.constantFrom(NoOverlayRouting.MANAGED, NoOverlayRouting.UNMANAGED),
  })),
  evpn: fc.option(fc.record({
    vtep: fc.constantFrom('vtep-a', ''),
    macVrf: fc.option(vrf, { nil: undefined }),
    ipVrf: fc.option(vrf, { nil: undefined }),
  }, { requiredKeys: ['vtep'] }), { nil: undefined }),
  uplink: rarely(fc.constantFrom('br-ex', 'BR_EX', 'eth0', 'x'.repeat(254))),
}, { requiredKeys: ['topology'] }).filter(t => !(t.noOverlay && t.evpn));

const TOPOLOGIES = {
  l2p: { topology: 'Layer2', layer2: { role: 'Primary', subnets: ['10.100.0.0/16'] } },
  l2s: { topology: 'Layer2', layer2: { role: 'Secondary', subnets: ['10.100.0.0/16'] } },
  l3p: { topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: '10.0.0.0/16', hostSubnet: 24 }] } },
  l3s: { topology: 'Layer3', layer3: { role: 'Secondary', subnets: [{ cidr: '10.0.0.0/16', hostSubnet: 24 }] } },
  localnet: { topology: 'Localnet', localnet: { role: 'Secondary', physicalNetworkName: 'physnet1', subnets: ['192.0.2.0/24'] } },
};
const topologyOf = (t: TransportSpec['topology']) => {
  switch (t) {
    case 'l2p': return NetworkTopology.layer2({ role: NetworkRole.PRIMARY, subnets: ['10.100.0.0/16'] });
    case 'l2s': return NetworkTopology.layer2({ role: NetworkRole.SECONDARY, subnets: ['10.100.0.0/16'] });
    case 'l3p': return NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
    case 'l3s': return NetworkTopology.layer3({ role: NetworkRole.SECONDARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
    default: return NetworkTopology.localnet({ physicalNetworkName: 'physnet1', subnets: ['192.0.2.0/24'] });
  }
};
const rawTransport = (s: TransportSpec) => ({
  apiVersion: 'k8s.ovn.org/v1',
  kind: 'ClusterUserDefinedNetwork',
  metadata: { name: 'net' },
  spec: {
    namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ci-cd'] }] },
    network: {
      ...TOPOLOGIES[s.topology],
      ...(s.noOverlay ? { transport: 'NoOverlay', noOverlay: { outboundSNAT: s.noOverlay.outboundSnat, routing: s.noOverlay.routing } } : {}),
      ...(s.evpn ? { transport: 'EVPN', evpn: clean({ vtep: s.evpn.vtep, macVRF: s.evpn.macVrf && clean(s.evpn.macVrf), ipVRF: s.evpn.ipVrf && clean(s.evpn.ipVrf) }) } : {}),
    },
    ...(s.uplink !== undefined ? { uplinks: [s.uplink] } : {}),
  },
});
const asnAbove32Bits = (s: TransportSpec) => [s.evpn?.macVrf, s.evpn?.ipVrf].some(v => {
  const global = v?.routeTarget?.split(':')[0] ?? '';
  return /^[0-9]+$/.test(global) && Number(global) > 4294967295;
});

/** Drops undefined fields and an empty ipam, as the constructs emit them. */
function clean(o: any): any {
  const out: any = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (k === 'ipam') {
      const ipamOut = clean(v);
      if (Object.keys(ipamOut).length > 0) out[k] = ipamOut;
    } else {
      out[k] = Array.isArray(v) ? v.map(i => (typeof i === 'object' ? clean(i) : i)) : v;
    }
  }
  return out;
}

/** The objects the constructs would emit, built without their validation. */
const rawUdn = (topology: string, { defaultGatewayIps, ...spec }: any) => ({
  apiVersion: 'k8s.ovn.org/v1',
  kind: 'UserDefinedNetwork',
  metadata: { name: 'net', namespace: 'ci-cd' },
  spec: { topology, [topology.toLowerCase()]: clean({ ...spec, defaultGatewayIPs: defaultGatewayIps }) },
});
const rawLocalnet = (s: LocalnetSpec) => {
  const { vlanId, ...rest } = s;
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'ClusterUserDefinedNetwork',
    metadata: { name: 'net' },
    spec: {
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ci-cd'] }] },
      network: { topology: 'Localnet', localnet: clean({ role: 'Secondary', ...rest, vlan: vlanId === undefined ? undefined : { mode: 'Access', access: { id: vlanId } } }) },
    },
  };
};

const celAccepts = (obj: any) => checkObject(obj).findings.every(f => f.severity !== 'error');
const constructAccepts = (build: () => void) => {
  try {
    build();
    return true;
  } catch {
    return false;
  }
};

const parsed = (values: string[] | undefined): CIDR[] => (values ?? []).flatMap(v => {
  try {
    return [parseCIDR(v)];
  } catch {
    return [];
  }
});
const hasHostBits = (values: string[] | undefined) => parsed(values).some(c => !c.equals(c.masked()));
const ipv6MtuQuirk = (subnets: string[] | undefined, m: number | undefined) =>
  m !== undefined && m < 1280 && parsed(subnets).filter(c => c.ip.family === 6).length >= 2;
const unsetHostSubnetTooLong = (s: L3Spec) => s.subnets.some(sub => {
  const [c] = parsed([sub.cidr]);
  return sub.hostSubnet === undefined && c !== undefined && c.bits >= (c.ip.family === 4 ? 24 : 64);
});

interface Tally { runs: number; agree: number; accepted: number; stricterCases: number; stricter: { [reason: string]: number } }

function compare(tally: Tally, cel: boolean, construct: boolean, extras: { [reason: string]: boolean }): void {
  tally.runs++;
  if (cel === construct) tally.agree++;
  if (construct) tally.accepted++;
  const reasons = Object.keys(extras).filter(k => extras[k]);
  if (cel && !construct && reasons.length > 0) {
    tally.stricterCases++;
    reasons.forEach(r => tally.stricter[r] = (tally.stricter[r] ?? 0) + 1);
  }
  expect({ construct, expected: cel && reasons.length === 0 }).toEqual({ construct, expected: construct });
}

describeWithShared('construct validation agrees with the CRD (schema and CEL) on generated specs', () => {
  const tallies: { [name: string]: Tally } = {};
  const tally = (name: string) => tallies[name] ??= { runs: 0, agree: 0, accepted: 0, stricterCases: 0, stricter: {} };

  afterAll(() => {
    const all = Object.values(tallies);
    const runs = all.reduce((n, t) => n + t.runs, 0);
    const agree = all.reduce((n, t) => n + t.agree, 0);
    const stricter = all.reduce((n, t) => n + t.stricterCases, 0);
    recordFigure('network: construct vs CRD CEL agreement (raw)', `${agree}/${runs}`);
    recordFigure('network: construct vs CRD CEL agreement (documented stricter checks modelled)', `${runs}/${runs}`);
    // eslint-disable-next-line no-console
    console.log(`network CEL agreement: ${agree}/${runs} raw, ${stricter} disagreements, all documented stricter checks:\n${JSON.stringify(tallies, null, 1)}`);
  });

  test('Layer3 UserDefinedNetwork', () => {
    fc.assert(fc.property(layer3Spec, s => {
      const construct = constructAccepts(() => new UserDefinedNetwork(Testing.chart(), 'n', {
        metadata: { name: 'net', namespace: 'ci-cd' },
        topology: NetworkTopology.layer3({ ...s, subnets: s.subnets.map(sub => Layer3Subnet.of(sub.cidr, sub.hostSubnet)) }),
      }));
      compare(tally('layer3'), celAccepts(rawUdn('Layer3', s)), construct, {
        hostBits: hasHostBits([...s.subnets.map(sub => sub.cidr), ...s.joinSubnets ?? []]),
        ipv6MtuExistsOne: ipv6MtuQuirk(s.subnets.map(sub => sub.cidr), s.mtu),
        unsetHostSubnet: unsetHostSubnetTooLong(s),
      });
    }), { numRuns: RUNS });
  });

  test('Layer2 UserDefinedNetwork', () => {
    fc.assert(fc.property(layer2Spec, s => {
      const construct = constructAccepts(() => new UserDefinedNetwork(Testing.chart(), 'n', {
        metadata: { name: 'net', namespace: 'ci-cd' },
        topology: NetworkTopology.layer2(s),
      }));
      compare(tally('layer2'), celAccepts(rawUdn('Layer2', s)), construct, {
        hostBits: hasHostBits([...s.subnets ?? [], ...s.joinSubnets ?? []]),
        ipv6MtuExistsOne: ipv6MtuQuirk(s.subnets, s.mtu),
      });
    }), { numRuns: RUNS });
  });

  test('Localnet ClusterUserDefinedNetwork', () => {
    fc.assert(fc.property(localnetSpec, s => {
      const construct = constructAccepts(() => new ClusterUserDefinedNetwork(Testing.chart(), 'n', {
        metadata: { name: 'net' },
        namespaceNames: ['ci-cd'],
        topology: NetworkTopology.localnet(s),
      }));
      compare(tally('localnet'), celAccepts(rawLocalnet(s)), construct, {
        hostBits: hasHostBits([...s.subnets ?? [], ...s.excludeSubnets ?? []]),
        ipv6MtuExistsOne: ipv6MtuQuirk(s.subnets, s.mtu),
      });
    }), { numRuns: RUNS });
  });

  test('ClusterUserDefinedNetwork transports and uplinks', () => {
    fc.assert(fc.property(transportSpec, s => {
      const construct = constructAccepts(() => {
        const transport = s.noOverlay ? NetworkTransport.noOverlay(s.noOverlay) : s.evpn ? NetworkTransport.evpn(s.evpn) : undefined;
        new ClusterUserDefinedNetwork(Testing.chart(), 'n', {
          metadata: { name: 'net' }, namespaceNames: ['ci-cd'], topology: topologyOf(s.topology), transport, uplink: s.uplink,
        });
      });
      compare(tally('transport'), celAccepts(rawTransport(s)), construct, { asnAbove32Bits: asnAbove32Bits(s) });
    }), { numRuns: RUNS });
  });

  test('the generators reach both verdicts', () => {
    for (const t of Object.values(tallies)) {
      expect(t.accepted).toBeGreaterThan(t.runs * 0.1);
      expect(t.accepted).toBeLessThan(t.runs * 0.9);
    }
  });
});
