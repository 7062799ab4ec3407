import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';

/** Whether traffic leaving a no-overlay network is source-NATed to the node IP. */
export enum OutboundSnat {
  /** Pod IPs are translated to the node IP when leaving the cluster. */
  ENABLED = 'Enabled',
  /** Pod IPs are visible to the external network. */
  DISABLED = 'Disabled',
}

/** Who installs the routes to the pod subnets of a no-overlay network. */
export enum NoOverlayRouting {
  /** OVN-Kubernetes advertises the routes (BGP route advertisements). */
  MANAGED = 'Managed',
  /** The routes are configured outside OVN-Kubernetes. */
  UNMANAGED = 'Unmanaged',
}

/** Options of the no-overlay transport. */
export interface NoOverlayOptions {
  /** Whether traffic leaving the cluster is source-NATed. */
  readonly outboundSnat: OutboundSnat;
  /** Who installs the routes to the pod subnets. */
  readonly routing: NoOverlayRouting;
}

/** A virtual routing and forwarding instance of an EVPN transport. */
export interface VrfOptions {
  /** VXLAN network identifier, 1 to 16777215. */
  readonly vni: number;

  /**
   * BGP route target, `<global>:<local>` where global is `*`, an IPv4 address or an AS number (at most 21 characters),
   * e.g. `65000:100`, `192.0.2.1:100` or `*:100`.
   *
   * @default - derived by the controller from the AS number and the VNI
   */
  readonly routeTarget?: string;
}

/** Options of the EVPN transport. */
export interface EvpnOptions {
  /** Name of the VTEP object whose addresses terminate the VXLAN tunnels. */
  readonly vtep: string;

  /**
   * The MAC-VRF (layer 2 EVPN); required for a Layer2 network, forbidden for a Layer3 network.
   *
   * @default - none
   */
  readonly macVrf?: VrfOptions;

  /**
   * The IP-VRF (layer 3 EVPN); required for a Layer3 network. Its VNI must differ from the MAC-VRF's.
   *
   * @default - none
   */
  readonly ipVrf?: VrfOptions;
}

/** The kind of transport, as the CRD's `transport` field names it. */
export enum TransportType {
  /** Pod traffic is routed natively by the underlay, without a Geneve overlay. */
  NO_OVERLAY = 'NoOverlay',
  /** Pod traffic is carried over EVPN (VXLAN with a BGP control plane). */
  EVPN = 'EVPN',
}

/**
 * How a ClusterUserDefinedNetwork carries pod traffic between nodes when not over the default Geneve overlay.
 * Only for Primary networks (no-overlay: Layer3 only); the ClusterUserDefinedNetwork checks the pairing.
 */
export class NetworkTransport {
  /** Native routing over the underlay, for a Primary Layer3 network. */
  public static noOverlay(options: NoOverlayOptions): NetworkTransport {
    requireProps(options, 'NoOverlayOptions', ['outboundSnat', 'routing']);
    return new NetworkTransport(TransportType.NO_OVERLAY, {
      noOverlay: { outboundSNAT: options.outboundSnat, routing: options.routing },
    });
  }

  /** EVPN, for a Primary Layer2 (MAC-VRF) or Layer3 (IP-VRF) network. */
  public static evpn(options: EvpnOptions): NetworkTransport {
    requireProps(options, 'EvpnOptions', ['vtep']);
    if (options.vtep.length === 0) {
      throw new ValidationError("'vtep' is empty; give the name of the VTEP object, e.g. \"evpn-vtep\"");
    }
    if (!options.macVrf && !options.ipVrf) {
      throw new ValidationError("'macVrf' and 'ipVrf' are both unset; an EVPN transport needs at least one, e.g. ipVrf: { vni: 100 }");
    }
    const macVrf = options.macVrf && renderVrf('macVrf', options.macVrf);
    const ipVrf = options.ipVrf && renderVrf('ipVrf', options.ipVrf);
    if (macVrf && ipVrf && macVrf.vni === ipVrf.vni) {
      throw new ValidationError(`'ipVrf.vni' (${ipVrf.vni}) equals 'macVrf.vni'; the two VRFs need different VNIs`);
    }
    return new NetworkTransport(TransportType.EVPN, {
      evpn: { vtep: options.vtep, ...(macVrf ? { macVRF: macVrf } : {}), ...(ipVrf ? { ipVRF: ipVrf } : {}) },
    });
  }

  private constructor(
    /** The transport type. */
    public readonly type: TransportType,
    private readonly spec: any,
  ) {}

  /** Whether a MAC-VRF is configured. @internal */
  public get _hasMacVrf(): boolean {
    return this.spec.evpn?.macVRF !== undefined;
  }

  /** Whether an IP-VRF is configured. @internal */
  public get _hasIpVrf(): boolean {
    return this.spec.evpn?.ipVRF !== undefined;
  }

  /**
   * The `transport` field and its options object.
   *
   * @internal
   */
  public _render(): any {
    return { transport: this.type, ...JSON.parse(JSON.stringify(this.spec)) };
  }
}

const MAX_UINT32 = 4294967295;
const MAX_UINT16 = 65535;

function renderVrf(prop: string, vrf: VrfOptions): any {
  if (!Number.isInteger(vrf.vni) || vrf.vni < 1 || vrf.vni > 16777215) {
    throw new ValidationError(`'${prop}.vni' (${vrf.vni}) must be an integer from 1 to 16777215`);
  }
  if (vrf.routeTarget !== undefined) checkRouteTarget(`${prop}.routeTarget`, vrf.routeTarget);
  return { vni: vrf.vni, ...(vrf.routeTarget !== undefined ? { routeTarget: vrf.routeTarget } : {}) };
}

/** The route target formats of RFC 4360: `*:N`, `A.B.C.D:N` (N 16-bit), `ASN2:N32` or `ASN4:N16`. */
function checkRouteTarget(prop: string, rt: string): void {
  const fail = (why: string) => new ValidationError(`'${prop}' (${JSON.stringify(rt)}) ${why}; use e.g. 65000:100, 192.0.2.1:100 or *:100`);
  if (rt.length > 21) throw fail('is longer than 21 characters');
  const parts = rt.split(':');
  if (parts.length !== 2) throw fail("must contain exactly one ':'");
  const [global, local] = parts;
  if (!/^[0-9]+$/.test(local)) throw fail('must end in a decimal local administrator');
  const localValue = Number(local);
  if (global === '*') {
    if (localValue > MAX_UINT32) throw fail(`has a local administrator above ${MAX_UINT32}`);
  } else if (global.includes('.')) {
    if (!isIpv4(global)) throw fail('must start with *, an IPv4 address or an AS number');
    if (localValue > MAX_UINT16) throw fail(`has an IPv4 global administrator, so the local administrator must not exceed ${MAX_UINT16}`);
  } else if (/^[0-9]+$/.test(global)) {
    const asn = Number(global);
    if (asn > MAX_UINT32) throw fail(`has an AS number above ${MAX_UINT32}`);
    if (asn > MAX_UINT16 && localValue > MAX_UINT16) throw fail(`has a 4-byte AS number, so the local administrator must not exceed ${MAX_UINT16}`);
    if (localValue > MAX_UINT32) throw fail(`has a local administrator above ${MAX_UINT32}`);
  } else {
    throw fail('must start with *, an IPv4 address or an AS number');
  }
}

function isIpv4(value: string): boolean {
  const fields = value.split('.');
  return fields.length === 4 && fields.every(f => /^(0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255);
}
