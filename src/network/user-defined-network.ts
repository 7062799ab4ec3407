import { Construct } from 'constructs';
import { NetworkRole, NetworkTopology, TopologyType } from './topology';
import { NetworkTransport, TransportType } from './transport';
import { validateDnsLabel, validateLabels } from '../common/names';
import { validateReason } from '../common/reason';
import { INamespacedResource, IResource, Resource, ResourceProps } from '../common/resource';

const API_VERSION = 'k8s.ovn.org/v1';

/** A UserDefinedNetwork or ClusterUserDefinedNetwork. */
export interface IUserDefinedNetwork extends IResource {
  /** The network's topology. */
  readonly topology: NetworkTopology;
}

/** Props of a `UserDefinedNetwork`. */
export interface UserDefinedNetworkProps extends ResourceProps {
  /** Topology, role and addressing; Layer2 or Layer3 (Localnet needs a ClusterUserDefinedNetwork). */
  readonly topology: NetworkTopology;
}

/**
 * An OVN-Kubernetes `UserDefinedNetwork` (`k8s.ovn.org/v1`): a network for the pods of one namespace. A
 * Primary network replaces the cluster default network, which only happens when the namespace was created
 * with the label `k8s.ovn.org/primary-user-defined-network`; `IsolatedNamespace` creates both together.
 */
export class UserDefinedNetwork extends Resource implements IUserDefinedNetwork, INamespacedResource {
  /** The network's role. */
  public readonly role: NetworkRole;
  /** The network's topology. */
  public readonly topology: NetworkTopology;

  public constructor(scope: Construct, id: string, props: UserDefinedNetworkProps) {
    super(scope, id, { apiVersion: API_VERSION, kind: 'UserDefinedNetwork', namespaced: true }, props);
    if (props.topology.type === TopologyType.LOCALNET) {
      throw new Error("'topology' (Localnet) is only supported on a ClusterUserDefinedNetwork; use ClusterUserDefinedNetwork or NetworkTopology.layer2()/layer3()");
    }
    this.role = props.topology.role;
    this.topology = props.topology;
  }

  /** @internal */
  public _renderSpec(): any {
    return this.topology._render();
  }
}

/** Props of a `ClusterUserDefinedNetwork`. */
export interface ClusterUserDefinedNetworkProps extends ResourceProps {
  /** Topology, role and addressing: Layer2, Layer3 or Localnet. */
  readonly topology: NetworkTopology;

  /**
   * Names of the namespaces that get the network (matched on `kubernetes.io/metadata.name`).
   *
   * @default - none; give `namespaceNames` or `namespaceLabels`, or set `allowAllNamespaces`
   */
  readonly namespaceNames?: string[];

  /**
   * Labels a namespace must carry to get the network.
   *
   * @default - none; give `namespaceNames` or `namespaceLabels`, or set `allowAllNamespaces`
   */
  readonly namespaceLabels?: { [key: string]: string };

  /**
   * Attach the network to every namespace of the cluster (an empty selector): the written reason why. Needed
   * to omit both `namespaceNames` and `namespaceLabels`, because an unscoped network is rarely what is meant.
   *
   * @default - only the namespaces named or labelled
   */
  readonly allowAllNamespaces?: string;

  /**
   * How pod traffic travels between nodes: no overlay (Primary Layer3 only) or EVPN (Primary Layer2 or Layer3).
   *
   * @default - the Geneve overlay
   */
  readonly transport?: NetworkTransport;

  /**
   * The node uplink the network's traffic leaves through (Primary Layer2 or Layer3, not with EVPN).
   *
   * @default - the cluster's default uplink
   */
  readonly uplink?: string;
}

/**
 * An OVN-Kubernetes `ClusterUserDefinedNetwork` (`k8s.ovn.org/v1`, cluster-scoped): one network shared by
 * the namespaces its selector picks. The selector is explicit: names, labels, or the named opt-in
 * `allowAllNamespaces`.
 */
export class ClusterUserDefinedNetwork extends Resource implements IUserDefinedNetwork {
  /** The network's role. */
  public readonly role: NetworkRole;
  /** The network's topology. */
  public readonly topology: NetworkTopology;
  private readonly namespaceNames: string[];
  private readonly namespaceLabels: { [key: string]: string };
  private readonly transport?: NetworkTransport;
  private readonly uplink?: string;

  public constructor(scope: Construct, id: string, props: ClusterUserDefinedNetworkProps) {
    super(scope, id, { apiVersion: API_VERSION, kind: 'ClusterUserDefinedNetwork', namespaced: false }, props);
    this.role = props.topology.role;
    this.topology = props.topology;
    this.namespaceNames = [...new Set(props.namespaceNames ?? [])].sort();
    this.namespaceNames.forEach((n, i) => validateDnsLabel(`namespaceNames[${i}]`, n));
    this.namespaceLabels = { ...props.namespaceLabels };
    validateLabels('namespaceLabels', this.namespaceLabels);
    const scoped = this.namespaceNames.length > 0 || Object.keys(this.namespaceLabels).length > 0;
    if (scoped && props.allowAllNamespaces !== undefined) {
      throw new Error("'allowAllNamespaces' contradicts 'namespaceNames'/'namespaceLabels'; remove one of them");
    }
    if (!scoped && props.allowAllNamespaces === undefined) {
      throw new Error("'namespaceNames' and 'namespaceLabels' are both empty, which selects every namespace; name the namespaces, e.g. namespaceNames: ['ci-cd'], or set allowAllNamespaces to the reason");
    }
    if (props.allowAllNamespaces !== undefined) validateReason('allowAllNamespaces', props.allowAllNamespaces, 'why every namespace gets the network');
    this.transport = props.transport;
    this.uplink = props.uplink;
    checkTransport(props.topology, props.transport);
    if (props.uplink !== undefined) checkUplink(props.topology, props.transport, props.uplink);
  }

  /** @internal */
  public _renderSpec(): any {
    const labels = Object.keys(this.namespaceLabels).sort();
    return {
      namespaceSelector: {
        ...(this.namespaceNames.length > 0 ? {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: this.namespaceNames }],
        } : {}),
        ...(labels.length > 0 ? { matchLabels: Object.fromEntries(labels.map(k => [k, this.namespaceLabels[k]])) } : {}),
      },
      network: { ...this.topology._render(), ...this.transport?._render() },
      ...(this.uplink !== undefined ? { uplinks: [this.uplink] } : {}),
    };
  }
}

const describeTopology = (t: NetworkTopology) => `${t.role} ${t.type}`;
const primaryLayer2Or3 = (t: NetworkTopology) => t.role === NetworkRole.PRIMARY && t.type !== TopologyType.LOCALNET;

function checkTransport(topology: NetworkTopology, transport: NetworkTransport | undefined): void {
  if (transport?.type === TransportType.NO_OVERLAY && !(primaryLayer2Or3(topology) && topology.type === TopologyType.LAYER3)) {
    throw new Error(`'transport' (NoOverlay) is only supported for Primary Layer3 networks, not ${describeTopology(topology)}; use a Primary Layer3 topology or remove the transport`);
  }
  if (transport?.type !== TransportType.EVPN) return;
  if (!primaryLayer2Or3(topology)) {
    throw new Error(`'transport' (EVPN) is only supported for Primary Layer2 or Layer3 networks, not ${describeTopology(topology)}; change the topology or remove the transport`);
  }
  if (topology.type === TopologyType.LAYER2 && !transport._hasMacVrf) {
    throw new Error("'transport' (EVPN) needs 'macVrf' for a Layer2 network; add macVrf: { vni: ... }");
  }
  if (topology.type === TopologyType.LAYER3 && !transport._hasIpVrf) {
    throw new Error("'transport' (EVPN) needs 'ipVrf' for a Layer3 network; add ipVrf: { vni: ... }");
  }
  if (topology.type === TopologyType.LAYER3 && transport._hasMacVrf) {
    throw new Error("'transport' (EVPN) must not set 'macVrf' for a Layer3 network; remove it and keep 'ipVrf'");
  }
}

function checkUplink(topology: NetworkTopology, transport: NetworkTransport | undefined, uplink: string): void {
  if (uplink.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(uplink)) {
    throw new Error(`'uplink' (${JSON.stringify(uplink)}) must be lowercase letters, digits and '-', starting and ending with a letter or digit, at most 253 characters; e.g. "br-ex"`);
  }
  if (!primaryLayer2Or3(topology)) {
    throw new Error(`'uplink' is only supported for Primary Layer2 or Layer3 networks, not ${describeTopology(topology)}; remove it`);
  }
  if (transport?.type === TransportType.EVPN) {
    throw new Error("'uplink' is not supported with the EVPN transport; remove the uplink or the transport");
  }
}
