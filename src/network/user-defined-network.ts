import { Construct, IConstruct } from 'constructs';
import { NetworkRole, NetworkTopology, TopologyType } from './topology';
import { NetworkTransport, TransportType } from './transport';
import { ValidationError } from '../common/errors';
import { LabelSelector, renderLabelSelector } from '../common/label-selector';
import { isDnsSubdomain, validateDnsLabel } from '../common/names';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { INamespacedResource, IResource, Resource, ResourceProps } from '../common/resource';
import { sortedUnique } from '../common/sort';

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
    super(scope, id, { apiVersion: API_VERSION, kind: 'UserDefinedNetwork', namespaced: true },
      requireProps(props, 'UserDefinedNetworkProps', ['topology'], scope, id));
    if (props.topology.type === TopologyType.LOCALNET) {
      throw new ValidationError("'topology' (Localnet) is only supported on a ClusterUserDefinedNetwork; use ClusterUserDefinedNetwork or NetworkTopology.layer2()/layer3()", this);
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
   * Names of the namespaces that get the network (matched on `kubernetes.io/metadata.name`, an `In` requirement
   * added to `namespaceSelector`).
   *
   * @default - none; give `namespaceNames` or `namespaceSelector`, or set `allowAllNamespaces`
   */
  readonly namespaceNames?: string[];

  /**
   * The labels (and label requirements) a namespace must carry to get the network, e.g.
   * `{ matchLabels: { tier: 'ci' } }`; with `namespaceNames`, a namespace must satisfy both.
   *
   * @default - none; give `namespaceNames` or `namespaceSelector`, or set `allowAllNamespaces`
   */
  readonly namespaceSelector?: LabelSelector;

  /**
   * Attach the network to every namespace of the cluster (an empty selector): the written reason why. Needed
   * to omit both `namespaceNames` and `namespaceSelector`, because an unscoped network is rarely what is meant.
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
  private readonly namespaceSelector?: { matchLabels?: { [key: string]: string }; matchExpressions?: any[] };
  private readonly transport?: NetworkTransport;
  private readonly uplink?: string;

  public constructor(scope: Construct, id: string, props: ClusterUserDefinedNetworkProps) {
    super(scope, id, { apiVersion: API_VERSION, kind: 'ClusterUserDefinedNetwork', namespaced: false },
      requireProps(props, 'ClusterUserDefinedNetworkProps', ['topology'], scope, id));
    this.role = props.topology.role;
    this.topology = props.topology;
    this.namespaceNames = sortedUnique(props.namespaceNames ?? []);
    this.namespaceNames.forEach((n, i) => validateDnsLabel(this, `namespaceNames[${i}]`, n));
    this.namespaceSelector = renderLabelSelector(this, 'namespaceSelector', props.namespaceSelector);
    const scoped = this.namespaceNames.length > 0 || this.namespaceSelector !== undefined;
    if (scoped && props.allowAllNamespaces !== undefined) {
      throw new ValidationError("'allowAllNamespaces' contradicts 'namespaceNames'/'namespaceSelector'; remove one of them", this);
    }
    if (!scoped && props.allowAllNamespaces === undefined) {
      throw new ValidationError("'namespaceNames' and 'namespaceSelector' are both empty, which selects every namespace; name the namespaces, e.g. namespaceNames: ['ci-cd'], or set allowAllNamespaces to the reason", this);
    }
    if (props.allowAllNamespaces !== undefined) validateReason(this, 'allowAllNamespaces', props.allowAllNamespaces, 'why every namespace gets the network');
    this.transport = props.transport;
    this.uplink = props.uplink;
    checkTransport(this, props.topology, props.transport);
    if (props.uplink !== undefined) checkUplink(this, props.topology, props.transport, props.uplink);
  }

  /** @internal */
  public _renderSpec(): any {
    const byName = this.namespaceNames.length > 0
      ? [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...this.namespaceNames] }]
      : [];
    const matchExpressions = [...byName, ...this.namespaceSelector?.matchExpressions ?? []];
    return {
      namespaceSelector: {
        ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
        ...(this.namespaceSelector?.matchLabels ? { matchLabels: this.namespaceSelector.matchLabels } : {}),
      },
      network: { ...this.topology._render(), ...this.transport?._render() },
      ...(this.uplink !== undefined ? { uplinks: [this.uplink] } : {}),
    };
  }
}

const describeTopology = (t: NetworkTopology) => `${t.role} ${t.type}`;
const primaryLayer2Or3 = (t: NetworkTopology) => t.role === NetworkRole.PRIMARY && t.type !== TopologyType.LOCALNET;

function checkTransport(scope: IConstruct, topology: NetworkTopology, transport: NetworkTransport | undefined): void {
  if (transport?.type === TransportType.NO_OVERLAY && !(primaryLayer2Or3(topology) && topology.type === TopologyType.LAYER3)) {
    throw new ValidationError(`'transport' (NoOverlay) is only supported for Primary Layer3 networks, not ${describeTopology(topology)}; use a Primary Layer3 topology or remove the transport`, scope);
  }
  if (transport?.type !== TransportType.EVPN) return;
  if (!primaryLayer2Or3(topology)) {
    throw new ValidationError(`'transport' (EVPN) is only supported for Primary Layer2 or Layer3 networks, not ${describeTopology(topology)}; change the topology or remove the transport`, scope);
  }
  if (topology.type === TopologyType.LAYER2 && !transport._hasMacVrf) {
    throw new ValidationError("'transport' (EVPN) needs 'macVrf' for a Layer2 network; add macVrf: { vni: ... }", scope);
  }
  if (topology.type === TopologyType.LAYER3 && !transport._hasIpVrf) {
    throw new ValidationError("'transport' (EVPN) needs 'ipVrf' for a Layer3 network; add ipVrf: { vni: ... }", scope);
  }
  if (topology.type === TopologyType.LAYER3 && transport._hasMacVrf) {
    throw new ValidationError("'transport' (EVPN) must not set 'macVrf' for a Layer3 network; remove it and keep 'ipVrf'", scope);
  }
}

function checkUplink(scope: IConstruct, topology: NetworkTopology, transport: NetworkTransport | undefined, uplink: string): void {
  // the CRD's pattern is a DNS-1123 label's, with a subdomain's length: a subdomain without dots
  if (!isDnsSubdomain(uplink) || uplink.includes('.')) {
    throw new ValidationError(`'uplink' (${JSON.stringify(uplink)}) must be lowercase letters, digits and '-', starting and ending with a letter or digit, at most 253 characters; e.g. "br-ex"`, scope);
  }
  if (!primaryLayer2Or3(topology)) {
    throw new ValidationError(`'uplink' is only supported for Primary Layer2 or Layer3 networks, not ${describeTopology(topology)}; remove it`, scope);
  }
  if (transport?.type === TransportType.EVPN) {
    throw new ValidationError("'uplink' is not supported with the EVPN transport; remove the uplink or the transport", scope);
  }
}
