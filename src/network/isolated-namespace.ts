import { Construct } from 'constructs';
import { DefaultDenyNetworkPolicy, DnsOptions } from './default-deny-network-policy';
import { NetworkPeer, NetworkPort } from './network-policy';
import { NamespaceResource } from './private/objects';
import { NetworkRole, NetworkTopology } from './topology';
import { UserDefinedNetwork } from './user-defined-network';
import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateDnsSubdomain, validateLabels } from '../common/names';
import { requireProps } from '../common/required-props';
import { Resource } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';

/** A Pod Security Standards level, enforced by Pod Security Admission through namespace labels. */
export enum PodSecurityLevel {
  /** The hardened profile: non-root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations only. */
  BASELINE = 'baseline',
  /** No restrictions. */
  PRIVILEGED = 'privileged',
}

/** Props of an `IsolatedNamespace`. */
export interface IsolatedNamespaceProps {
  /** Name of the namespace. */
  readonly name: string;

  /** The namespace's primary network (role Primary, Layer2 or Layer3). */
  readonly network: NetworkTopology;

  /**
   * Name of the UserDefinedNetwork in the namespace.
   *
   * @default 'primary'
   */
  readonly networkName?: string;

  /**
   * The Pod Security Standards level enforced (and audited and warned about) in the namespace.
   *
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * The written reason for `PodSecurityLevel.PRIVILEGED`, which lets any pod in the namespace run as root on the
   * node; it acknowledges ZT-POD12 on the Namespace.
   *
   * @default - required with `PodSecurityLevel.PRIVILEGED`, refused otherwise
   */
  readonly acknowledgePrivileged?: string;

  /**
   * More labels for the namespace (the primary network and pod security labels are always set).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A namespace isolated on its own primary network, with all traffic denied unless allowed explicitly.
 *
 * It synthesizes the Namespace with the label `k8s.ovn.org/primary-user-defined-network` (OVN-Kubernetes
 * only honours it at creation, so it cannot be added later) and Pod Security Admission labels (restricted
 * unless `podSecurity` says otherwise), the namespace's primary `UserDefinedNetwork`,
 * a NetworkPolicy `default-deny-all` that selects every pod for ingress and egress, and, once a rule is
 * added with `allowEgressTo()`, `allowIngressFrom()` or `allowDns()`, a NetworkPolicy `explicit-allow` (both
 * from a `DefaultDenyNetworkPolicy`, which gives the same policies to a namespace without a primary network).
 *
 * Escape hatches: `ApiObject.of(isolatedNamespace)` is the Namespace; `network`, `defaultDenyPolicy` and
 * `explicitAllowPolicy` reach the other objects.
 */
export class IsolatedNamespace extends Construct {
  /** The namespace label OVN-Kubernetes reads, only when the namespace is created, to apply a primary network. */
  public static readonly PRIMARY_NETWORK_LABEL = 'k8s.ovn.org/primary-user-defined-network';

  /** The namespace's name. */
  public readonly name: string;
  /** The namespace's primary network. */
  public readonly network: UserDefinedNetwork;
  /** The NetworkPolicy `default-deny-all`, which selects every pod for ingress and egress. */
  public readonly defaultDenyPolicy: Resource;
  private readonly namespaceResource: NamespaceResource;
  private readonly policies: DefaultDenyNetworkPolicy;

  public constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    requireProps(props, 'IsolatedNamespaceProps', ['name', 'network'], this);
    this.name = validateDnsLabel(this, 'name', props.name);
    if (props.network.role !== NetworkRole.PRIMARY) {
      throw new ValidationError(`'network' has role ${props.network.role}; an isolated namespace needs a Primary network, e.g. NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] })`, this);
    }
    this.namespaceResource = new NamespaceResource(this, 'Namespace', this.name, this.namespaceLabels(props));
    // the Namespace keeps its construct id (and path); it is this construct's main object all the same
    this.node.defaultChild = this.namespaceResource;
    if (props.acknowledgePrivileged !== undefined) {
      Compliance.of(this.namespaceResource)._acknowledgeOptIn('acknowledgePrivileged', 'ZT-POD12', props.acknowledgePrivileged, 'why pods of the namespace may run privileged');
    }

    this.network = new UserDefinedNetwork(this, 'Network', {
      metadata: { name: validateDnsSubdomain(this, 'networkName', props.networkName ?? 'primary'), namespace: this.name },
      topology: props.network,
    });
    this.network.node.addDependency(this.namespaceResource);

    this.policies = new DefaultDenyNetworkPolicy(this, 'DefaultDeny', { namespace: this.name });
    // every policy, also the allow policy added later, is applied after the Namespace
    this.policies.node.addDependency(this.namespaceResource);
    this.defaultDenyPolicy = this.policies.defaultDenyPolicy;
  }

  /**
   * The NetworkPolicy `explicit-allow` holding the rules of `allowEgressTo()`, `allowIngressFrom()` and
   * `allowDns()`, or undefined while there are none.
   */
  public get explicitAllowPolicy(): Resource | undefined {
    return this.policies.explicitAllowPolicy;
  }

  /**
   * Allows the namespace's pods to connect to `peer`, e.g. Vault or the database:
   * `allowEgressTo(NetworkPeer.pods({ namespace: 'vault', podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } }), [NetworkPort.tcp(8200)])`.
   *
   * @param ports the ports allowed; at least one (allowing every port is rarely needed and must be done by hand)
   */
  public allowEgressTo(peer: NetworkPeer, ports: NetworkPort[]): void {
    this.policies._allowEgressTo(this, peer, ports);
  }

  /**
   * Allows `peer` to connect to the namespace's pods on `ports`.
   *
   * @param ports the ports allowed; at least one
   */
  public allowIngressFrom(peer: NetworkPeer, ports: NetworkPort[]): void {
    this.policies._allowIngressFrom(this, peer, ports);
  }

  /** Allows name resolution through the cluster DNS (TCP and UDP). */
  public allowDns(options: DnsOptions = {}): void {
    this.policies._allowDns(this, options);
  }

  /** The user's labels with the primary network and pod security labels, checked against each other. */
  private namespaceLabels(props: IsolatedNamespaceProps): { [key: string]: string } {
    const labels = { ...props.labels };
    validateLabels(this, 'labels', labels);
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    if (level === PodSecurityLevel.PRIVILEGED && props.acknowledgePrivileged === undefined) {
      throw new ValidationError('\'podSecurity\' (privileged) lets every pod of the namespace use host namespaces, host paths and privileged containers; use RESTRICTED (or BASELINE), or set acknowledgePrivileged to the reason', this);
    }
    if (level !== PodSecurityLevel.PRIVILEGED && props.acknowledgePrivileged !== undefined) {
      throw new ValidationError(`'acknowledgePrivileged' is set but 'podSecurity' is ${level}; remove it`, this);
    }
    const managed: { [key: string]: string } = { [IsolatedNamespace.PRIMARY_NETWORK_LABEL]: '' };
    for (const mode of ['enforce', 'audit', 'warn']) managed[`pod-security.kubernetes.io/${mode}`] = level;
    const clash = Object.keys(managed).find(k => k in labels);
    if (clash) {
      throw new ValidationError(`'labels' must not set ${clash}; IsolatedNamespace sets it (use 'podSecurity' for the pod security level)`, this);
    }
    return { ...labels, ...managed };
  }
}
