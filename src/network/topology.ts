import { Cidr, familyName, IpAddress } from './cidr';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';

/** Whether a network is the pods' default network or an extra interface. */
export enum NetworkRole {
  /** Replaces the cluster default network for the pods of the namespace (needs the namespace label at creation). */
  PRIMARY = 'Primary',
  /** An additional interface, attached through a network-attachment annotation. */
  SECONDARY = 'Secondary',
}

/** Whether OVN-Kubernetes assigns pod IPs from the subnets. */
export enum IpamMode {
  /** IPs are assigned from `subnets` (the controller's behaviour when unset). */
  ENABLED = 'Enabled',
  /** No IPs are assigned; only for Secondary networks, which then must not list subnets. */
  DISABLED = 'Disabled',
}

/** How long a pod keeps its IP. */
export enum IpamLifecycle {
  /** The IP survives pod restarts and migrations (virtual machines); needs IPAM enabled. */
  PERSISTENT = 'Persistent',
}

/** IP address management of a Layer2 or Localnet network. */
export interface Ipam {
  /**
   * Whether IPs are assigned from the subnets.
   *
   * @default - unset: the controller enables IPAM
   */
  readonly mode?: IpamMode;

  /**
   * Lifecycle of the assigned IPs.
   *
   * @default - unset: IPs are released with the pod
   */
  readonly lifecycle?: IpamLifecycle;
}

/** One subnet of a Layer3 network: a network cut into one host subnet per node. */
export class Layer3Subnet {
  /**
   * @param cidr the network, e.g. `10.0.0.0/16`
   * @param hostSubnet prefix length of each node's slice, longer than the network's prefix (e.g. 24 for a /16);
   *   when omitted the controller uses 24 (IPv4) or 64 (IPv6), so the network's prefix must be shorter than that
   */
  public static of(cidr: string, hostSubnet?: number): Layer3Subnet {
    return new Layer3Subnet(cidr, hostSubnet);
  }

  private constructor(
    /** The network in CIDR notation. */
    public readonly cidr: string,
    /** Prefix length of each node's host subnet. */
    public readonly hostSubnet?: number,
  ) {}
}

/** Options shared by every topology. */
export interface TopologyOptions {
  /**
   * Maximum transmission unit of the network's interfaces, 576 to 65536 (at least 1280 with an IPv6 subnet).
   *
   * @default - the controller derives it from the cluster's MTU and the encapsulation overhead
   */
  readonly mtu?: number;
}

/** Options of a Layer3 network: a routed network, one host subnet per node. */
export interface Layer3Options extends TopologyOptions {
  /** Whether this is the pods' primary network or a secondary interface. */
  readonly role: NetworkRole;

  /**
   * The networks pods get addresses from, 1 to 400 (at most 2, one per IP family, for a Secondary network).
   * They must not overlap, and subnets of one IP family must use the same host subnet length.
   */
  readonly subnets: Layer3Subnet[];

  /**
   * Subnets for the join network that connects the network to the cluster's gateway routers, at most one per
   * IP family. Only for Primary networks.
   *
   * @default - the controller's defaults (100.65.0.0/16 and fd99::/64)
   */
  readonly joinSubnets?: string[];
}

/** Options of a Layer2 network: one switch spanning all nodes. */
export interface Layer2Options extends TopologyOptions {
  /** Whether this is the pods' primary network or a secondary interface. */
  readonly role: NetworkRole;

  /**
   * The networks pods get addresses from, at most one per IP family. Required unless IPAM is disabled, and
   * forbidden when it is.
   *
   * @default - none (only valid with `ipam.mode` Disabled)
   */
  readonly subnets?: string[];

  /**
   * Subnets for the join network, at most one per IP family. Only for Primary networks.
   *
   * @default - the controller's defaults (100.65.0.0/16 and fd99::/64)
   */
  readonly joinSubnets?: string[];

  /**
   * IP address management.
   *
   * @default - unset: IPAM enabled, IPs released with the pod
   */
  readonly ipam?: Ipam;

  /**
   * The pods' default gateway, one address per subnet (one per IP family), each inside a subnet (and inside
   * an infrastructure subnet when those are set). Only for Primary networks.
   *
   * @default - the first usable address of each subnet
   */
  readonly defaultGatewayIps?: string[];

  /**
   * Ranges inside the subnets that are never assigned to pods (1 to 25, network addresses without host
   * bits). Only for Primary networks.
   *
   * @default - none
   */
  readonly reservedSubnets?: string[];

  /**
   * Ranges inside the subnets kept for infrastructure such as gateways (1 to 4, network addresses without
   * host bits, not overlapping the reserved subnets). Only for Primary networks.
   *
   * @default - chosen by the controller
   */
  readonly infrastructureSubnets?: string[];
}

/** Options of a Localnet network: a Secondary network bridged to a physical network of the nodes. */
export interface LocalnetOptions extends TopologyOptions {
  /**
   * Name of the physical network in the nodes' OVN bridge mappings (1 to 253 characters, no `,` or `:`).
   */
  readonly physicalNetworkName: string;

  /**
   * The networks pods get addresses from, at most one per IP family. Required unless IPAM is disabled, and
   * forbidden when it is.
   *
   * @default - none (only valid with `ipam.mode` Disabled)
   */
  readonly subnets?: string[];

  /**
   * Ranges of the subnets never assigned to pods (1 to 25), e.g. addresses used by hosts on the physical network.
   *
   * @default - none
   */
  readonly excludeSubnets?: string[];

  /**
   * IP address management.
   *
   * @default - unset: IPAM enabled, IPs released with the pod
   */
  readonly ipam?: Ipam;

  /**
   * VLAN ID (1 to 4094) for access mode on the physical network.
   *
   * @default - untagged
   */
  readonly vlanId?: number;
}

/** The kind of topology, as the CRD's `topology` field names it. */
export enum TopologyType {
  /** One switch spanning all nodes. */
  LAYER2 = 'Layer2',
  /** A routed network with one host subnet per node. */
  LAYER3 = 'Layer3',
  /** Bridged to a physical network; only on a ClusterUserDefinedNetwork. */
  LOCALNET = 'Localnet',
}

/**
 * The topology and addressing of a (Cluster)UserDefinedNetwork. Each factory checks its options as the CRD's
 * validation rules do, so a network the API server would reject is never synthesized, e.g.
 * `NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] })`.
 */
export class NetworkTopology {
  /** A Layer2 network: one switch spanning all nodes (needed for live migration of virtual machines). */
  public static layer2(options: Layer2Options): NetworkTopology {
    requireProps(options, 'Layer2Options', ['role']);
    return new NetworkTopology(TopologyType.LAYER2, options.role, renderLayer2(options));
  }

  /** A Layer3 network: each node gets a host subnet of each network. */
  public static layer3(options: Layer3Options): NetworkTopology {
    requireProps(options, 'Layer3Options', ['role', 'subnets']);
    return new NetworkTopology(TopologyType.LAYER3, options.role, renderLayer3(options));
  }

  /** A Localnet network (Secondary only), for a ClusterUserDefinedNetwork. */
  public static localnet(options: LocalnetOptions): NetworkTopology {
    requireProps(options, 'LocalnetOptions', ['physicalNetworkName']);
    return new NetworkTopology(TopologyType.LOCALNET, NetworkRole.SECONDARY, renderLocalnet(options));
  }

  private constructor(
    /** The topology type. */
    public readonly type: TopologyType,
    /** The network's role. */
    public readonly role: NetworkRole,
    private readonly spec: any,
  ) {}

  /**
   * The `topology` field and its topology object, e.g. `{ topology: 'Layer3', layer3: {...} }`.
   *
   * @internal
   */
  public _render(): any {
    const key = this.type === TopologyType.LAYER2 ? 'layer2' : this.type === TopologyType.LAYER3 ? 'layer3' : 'localnet';
    return { topology: this.type, [key]: JSON.parse(JSON.stringify(this.spec)) };
  }
}

const DEFAULT_HOST_SUBNET: { [family: number]: number } = { 4: 24, 6: 64 };

function renderLayer3(o: Layer3Options): any {
  if (o.subnets.length < 1 || o.subnets.length > 400) {
    throw new ValidationError(`'subnets' has ${o.subnets.length} entries; a Layer3 network needs 1 to 400, e.g. [Layer3Subnet.of('10.0.0.0/16', 24)]`);
  }
  const cidrs = o.subnets.map((s, i) => networkCidr(`subnets[${i}].cidr`, s.cidr));
  o.subnets.forEach((s, i) => checkHostSubnet(i, s, cidrs[i]));
  if (o.role === NetworkRole.SECONDARY) {
    if (o.subnets.length > 2) {
      throw new ValidationError(`'subnets' has ${o.subnets.length} entries; a Secondary Layer3 network allows at most 2 (one IPv4, one IPv6); use a Primary network or fewer subnets`);
    }
    checkDistinctFamilies('subnets', cidrs);
  }
  checkNoOverlap('subnets', cidrs);
  for (let i = 0; i < cidrs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (cidrs[i].family === cidrs[j].family && o.subnets[i].hostSubnet !== o.subnets[j].hostSubnet) {
        throw new ValidationError(`'subnets[${i}].hostSubnet' (${o.subnets[i].hostSubnet ?? 'unset'}) differs from 'subnets[${j}].hostSubnet' (${o.subnets[j].hostSubnet ?? 'unset'}); subnets of one IP family must use the same hostSubnet`);
      }
    }
  }
  const joinSubnets = checkJoinSubnets(o.role, o.joinSubnets);
  checkMtu(o.mtu, cidrs);
  return {
    role: o.role,
    subnets: o.subnets.map(s => ({ cidr: s.cidr, ...(s.hostSubnet !== undefined ? { hostSubnet: s.hostSubnet } : {}) })),
    ...(joinSubnets ? { joinSubnets } : {}),
    ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
  };
}

function checkHostSubnet(i: number, subnet: Layer3Subnet, cidr: Cidr): void {
  const prop = `subnets[${i}].hostSubnet`;
  const h = subnet.hostSubnet ?? DEFAULT_HOST_SUBNET[cidr.family];
  const fix = `use a /${Math.max(1, h - 8)} network with hostSubnet ${h}`;
  if (subnet.hostSubnet === undefined) {
    if (h <= cidr.prefixLength) {
      throw new ValidationError(`'${prop}' is unset, so the controller uses ${h} for ${subnet.cidr}, which is not longer than its prefix; set a hostSubnet above ${cidr.prefixLength} or ${fix}`);
    }
    return;
  }
  if (!Number.isInteger(h) || h < 1 || h > 127) {
    throw new ValidationError(`'${prop}' (${h}) must be an integer from 1 to 127; e.g. 24 for IPv4 or 64 for IPv6`);
  }
  if (h <= cidr.prefixLength) {
    throw new ValidationError(`'${prop}' (${h}) must be longer than the prefix of ${subnet.cidr}; ${fix}`);
  }
  if (cidr.family === 4 && h >= 32) {
    throw new ValidationError(`'${prop}' (${h}) must be below 32 for the IPv4 network ${subnet.cidr}; use e.g. hostSubnet 24`);
  }
}

function renderLayer2(o: Layer2Options): any {
  const primary = o.role === NetworkRole.PRIMARY;
  if (o.ipam?.mode === IpamMode.DISABLED && primary) {
    throw new ValidationError('\'ipam.mode\' (Disabled) is only supported for Secondary networks; a Primary network needs IPAM, so remove \'ipam.mode\' or use role Secondary');
  }
  const ipam = renderIpam(o.ipam);
  const subnets = checkIpamSubnets(o.subnets, o.ipam, 'subnets');
  const joinSubnets = checkJoinSubnets(o.role, o.joinSubnets);
  checkMtu(o.mtu, subnets ?? []);

  const onlyPrimary = (prop: string, value: unknown[] | undefined) => {
    if (value !== undefined && !primary) throw new ValidationError(`'${prop}' is only supported for Primary networks; remove it or use role Primary`);
  };
  const needsSubnets = (prop: string, value: unknown[] | undefined) => {
    if (value !== undefined && !subnets) throw new ValidationError(`'${prop}' needs 'subnets'; add the subnets it belongs to or remove it`);
  };

  const gateways = nonEmpty(o.defaultGatewayIps);
  onlyPrimary('defaultGatewayIps', gateways);
  const reserved = nonEmpty(o.reservedSubnets);
  needsSubnets('reservedSubnets', reserved);
  onlyPrimary('reservedSubnets', reserved);
  const infrastructure = nonEmpty(o.infrastructureSubnets);
  needsSubnets('infrastructureSubnets', infrastructure);
  onlyPrimary('infrastructureSubnets', infrastructure);

  const reservedCidrs = innerSubnets('reservedSubnets', reserved, 25, subnets ?? []);
  const infraCidrs = innerSubnets('infrastructureSubnets', infrastructure, 4, subnets ?? []);
  infraCidrs.forEach((infra, i) => reservedCidrs.forEach((res, j) => {
    if (infra.overlaps(res)) {
      throw new ValidationError(`'infrastructureSubnets[${i}]' (${infra}) overlaps 'reservedSubnets[${j}]' (${res}); infrastructure and reserved subnets must be disjoint`);
    }
  }));

  // a Primary network always has subnets: IPAM cannot be disabled for it
  if (gateways && subnets) checkGateways(gateways, subnets, infraCidrs);

  return {
    role: o.role,
    ...(subnets ? { subnets: o.subnets } : {}),
    ...(joinSubnets ? { joinSubnets } : {}),
    ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
    ...(ipam ? { ipam } : {}),
    ...(gateways ? { defaultGatewayIPs: gateways } : {}),
    ...(reserved ? { reservedSubnets: reserved } : {}),
    ...(infrastructure ? { infrastructureSubnets: infrastructure } : {}),
  };
}

/** Default gateways of a Primary Layer2 network: one per subnet (family), inside the subnets and the infrastructure subnets. */
function checkGateways(gateways: string[], subnets: Cidr[], infraCidrs: Cidr[]): void {
  if (gateways.length !== subnets.length) {
    throw new ValidationError(`'defaultGatewayIps' has ${gateways.length} address(es) for ${subnets.length} subnet(s); give one gateway per subnet (IP family)`);
  }
  const ips = gateways.map((g, i) => IpAddress.parse(`defaultGatewayIps[${i}]`, g));
  if (ips.length === 2 && ips[0].family === ips[1].family) {
    throw new ValidationError(`'defaultGatewayIps' (${gateways.join(', ')}) are both ${familyName(ips[0].family)}; two gateways must be one IPv4 and one IPv6 address`);
  }
  ips.forEach((ip, i) => {
    if (!subnets.some(s => s.containsIp(ip))) {
      throw new ValidationError(`'defaultGatewayIps[${i}]' (${gateways[i]}) is outside the subnets (${subnets.join(', ')}); use an address inside one of them`);
    }
    if (infraCidrs.length > 0 && !infraCidrs.some(s => s.containsIp(ip))) {
      throw new ValidationError(`'defaultGatewayIps[${i}]' (${gateways[i]}) is outside the infrastructure subnets (${infraCidrs.join(', ')}); use an address inside one of them`);
    }
  });
}

function renderLocalnet(o: LocalnetOptions): any {
  const name = o.physicalNetworkName;
  if (name.length < 1 || name.length > 253 || /[,:]/.test(name)) {
    throw new ValidationError(`'physicalNetworkName' (${JSON.stringify(name)}) must have 1 to 253 characters and no ',' or ':'; use the name of the node bridge mapping, e.g. "physnet1"`);
  }
  const ipam = renderIpam(o.ipam);
  const subnets = checkIpamSubnets(o.subnets, o.ipam, 'subnets');
  const exclude = nonEmpty(o.excludeSubnets);
  if (exclude && !subnets) {
    throw new ValidationError("'excludeSubnets' needs 'subnets'; add the subnets the excluded ranges belong to or remove it");
  }
  if (exclude && exclude.length > 25) {
    throw new ValidationError(`'excludeSubnets' has ${exclude.length} entries; at most 25 are allowed`);
  }
  exclude?.forEach((e, i) => networkCidr(`excludeSubnets[${i}]`, e));
  checkMtu(o.mtu, subnets ?? []);
  if (o.vlanId !== undefined && (!Number.isInteger(o.vlanId) || o.vlanId < 1 || o.vlanId > 4094)) {
    throw new ValidationError(`'vlanId' (${o.vlanId}) must be an integer from 1 to 4094; use the VLAN of the physical network or leave it unset for untagged traffic`);
  }
  return {
    role: NetworkRole.SECONDARY,
    physicalNetworkName: name,
    ...(subnets ? { subnets: o.subnets } : {}),
    ...(exclude ? { excludeSubnets: exclude } : {}),
    ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
    ...(ipam ? { ipam } : {}),
    ...(o.vlanId !== undefined ? { vlan: { mode: 'Access', access: { id: o.vlanId } } } : {}),
  };
}

function nonEmpty(values: string[] | undefined): string[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}

/** A subnet pods get addresses from: a valid CIDR without host bits. */
function networkCidr(prop: string, value: string): Cidr {
  if (value.length > 43) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) is longer than 43 characters; write the network in its short form, e.g. fd00:10::/64`);
  }
  const cidr = Cidr.parse(prop, value);
  if (!cidr.isMasked) {
    throw new ValidationError(`'${prop}' (${value}) has host bits set; use the network address ${cidr.masked()}`);
  }
  return cidr;
}

function renderIpam(ipam: Ipam | undefined): any {
  if (!ipam || (ipam.mode === undefined && ipam.lifecycle === undefined)) return undefined;
  if (ipam.lifecycle === IpamLifecycle.PERSISTENT && ipam.mode === IpamMode.DISABLED) {
    throw new ValidationError("'ipam.lifecycle' (Persistent) needs IPAM; set 'ipam.mode' to Enabled or remove the lifecycle");
  }
  return {
    ...(ipam.lifecycle !== undefined ? { lifecycle: ipam.lifecycle } : {}),
    ...(ipam.mode !== undefined ? { mode: ipam.mode } : {}),
  };
}

/** Subnets of a Layer2 or Localnet network: required with IPAM, forbidden without, one per family. */
function checkIpamSubnets(values: string[] | undefined, ipam: Ipam | undefined, prop: string): Cidr[] | undefined {
  const subnets = nonEmpty(values);
  const disabled = ipam?.mode === IpamMode.DISABLED;
  if (disabled && subnets) {
    throw new ValidationError(`'${prop}' must be unset when 'ipam.mode' is Disabled; remove the subnets or enable IPAM`);
  }
  if (!disabled && !subnets) {
    throw new ValidationError(`'${prop}' is required while IPAM is enabled; add e.g. ['10.100.0.0/16'] or set 'ipam.mode' to Disabled (Secondary only)`);
  }
  if (!subnets) return undefined;
  if (subnets.length > 2) {
    throw new ValidationError(`'${prop}' has ${subnets.length} entries; at most 2 are allowed (one IPv4, one IPv6)`);
  }
  const cidrs = subnets.map((s, i) => networkCidr(`${prop}[${i}]`, s));
  checkDistinctFamilies(prop, cidrs);
  return cidrs;
}

function checkJoinSubnets(role: NetworkRole, values: string[] | undefined): string[] | undefined {
  const joinSubnets = nonEmpty(values);
  if (!joinSubnets) return undefined;
  if (role !== NetworkRole.PRIMARY) {
    throw new ValidationError("'joinSubnets' is only supported for Primary networks; remove it or use role Primary");
  }
  if (joinSubnets.length > 2) {
    throw new ValidationError(`'joinSubnets' has ${joinSubnets.length} entries; at most 2 are allowed (one IPv4, one IPv6)`);
  }
  checkDistinctFamilies('joinSubnets', joinSubnets.map((s, i) => networkCidr(`joinSubnets[${i}]`, s)));
  return joinSubnets;
}

function checkDistinctFamilies(prop: string, cidrs: Cidr[]): void {
  if (cidrs.length === 2 && cidrs[0].family === cidrs[1].family) {
    throw new ValidationError(`'${prop}' (${cidrs.join(', ')}) are both ${familyName(cidrs[0].family)}; two entries must be one IPv4 and one IPv6 network (dual stack)`);
  }
}

function checkNoOverlap(prop: string, cidrs: Cidr[]): void {
  for (let i = 0; i < cidrs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (cidrs[i].equals(cidrs[j])) {
        throw new ValidationError(`'${prop}[${i}]' (${cidrs[i]}) duplicates '${prop}[${j}]'; list each network once`);
      }
      if (cidrs[i].overlaps(cidrs[j])) {
        throw new ValidationError(`'${prop}[${i}]' (${cidrs[i]}) overlaps '${prop}[${j}]' (${cidrs[j]}); subnets must not overlap or contain each other`);
      }
    }
  }
}

/**
 * The CRD only checks the MTU against IPv6 when exactly one subnet is IPv6 (`exists_one`); IPv6 needs
 * 1280 regardless of how many IPv6 subnets there are, so any IPv6 subnet counts here.
 */
function checkMtu(mtu: number | undefined, cidrs: Cidr[]): void {
  if (mtu === undefined) return;
  if (!Number.isInteger(mtu) || mtu < 576 || mtu > 65536) {
    throw new ValidationError(`'mtu' (${mtu}) must be an integer from 576 to 65536; use e.g. 1400 or leave it unset to let the controller derive it`);
  }
  const ipv6 = cidrs.find(c => c.family === 6);
  if (ipv6 && mtu < 1280) {
    throw new ValidationError(`'mtu' (${mtu}) must be at least 1280 with the IPv6 subnet ${ipv6}; use e.g. 1400`);
  }
}

/** Reserved or infrastructure subnets: masked networks inside one of the subnets. */
function innerSubnets(prop: string, values: string[] | undefined, max: number, subnets: Cidr[]): Cidr[] {
  if (!values) return [];
  if (values.length > max) {
    throw new ValidationError(`'${prop}' has ${values.length} entries; at most ${max} are allowed`);
  }
  return values.map((v, i) => {
    const cidr = networkCidr(`${prop}[${i}]`, v);
    if (!subnets.some(s => s.containsCidr(cidr))) {
      throw new ValidationError(`'${prop}[${i}]' (${v}) is outside the subnets (${subnets.join(', ')}); use a range inside one of them`);
    }
    return cidr;
  });
}
