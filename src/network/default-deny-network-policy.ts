import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { NetworkPeer, NetworkPort } from './network-policy';
import { NetworkPolicyResource } from './private/objects';
import { ValidationError } from '../common/errors';
import { LabelSelector } from '../common/label-selector';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { Resource } from '../common/resource';
import { sortedBy, sortedStrings } from '../common/sort';

/** Where the cluster DNS runs, for `allowDns()`. */
export interface DnsOptions {
  /**
   * Namespace of the DNS pods (`openshift-dns` on OpenShift).
   *
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * The DNS pods, by their labels (`{ matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } }` on
   * OpenShift).
   *
   * @default { matchLabels: { 'k8s-app': 'kube-dns' } }
   */
  readonly podSelector?: LabelSelector;

  /**
   * Port the DNS pods listen on, TCP and UDP (5353 on OpenShift).
   *
   * @default 53
   */
  readonly port?: number;
}

/** Props of a `DefaultDenyNetworkPolicy`. */
export interface DefaultDenyNetworkPolicyProps {
  /**
   * The namespace whose pods are isolated; both NetworkPolicies are created there.
   *
   * @default - the chart's namespace; one of the two is required
   */
  readonly namespace?: string;

  /**
   * The name of the NetworkPolicy that selects every pod for ingress and egress and allows nothing.
   *
   * @default 'default-deny-all'
   */
  readonly name?: string;

  /**
   * The name of the NetworkPolicy holding the rules of `allowEgressTo()`, `allowIngressFrom()` and `allowDns()`.
   *
   * @default 'explicit-allow'
   */
  readonly explicitAllowName?: string;

  /**
   * Allow name resolution through the cluster DNS from the start, as `allowDns(dns)` does. Nearly every workload
   * needs it; it is not the default because the DNS pods differ between distributions (OpenShift runs them in
   * `openshift-dns` on port 5353).
   *
   * @default - no DNS egress until `allowDns()` is called
   */
  readonly dns?: DnsOptions;
}

/**
 * Default-deny networking for one namespace, with no other requirement on the namespace (no primary
 * UserDefinedNetwork, no particular CNI beyond NetworkPolicy support): a NetworkPolicy `default-deny-all` that
 * selects every pod for ingress and egress and allows nothing, and, once a rule is added with `allowEgressTo()`,
 * `allowIngressFrom()` or `allowDns()` (or `dns` is given), a NetworkPolicy `explicit-allow` holding exactly
 * those rules. NetworkPolicies are additive, so every pod of the namespace can then reach what a rule names and
 * nothing else. `IsolatedNamespace` uses it for its own policies.
 *
 * Use it in a namespace created elsewhere (a project, a Helm release's namespace) to satisfy ZT-NET2 without
 * writing NetworkPolicies by hand.
 *
 * Escape hatches: `ApiObject.of(policy)` is the `default-deny-all` NetworkPolicy (also `defaultDenyPolicy`);
 * `explicitAllowPolicy` is the other one, once it exists.
 */
export class DefaultDenyNetworkPolicy extends Construct {
  /** The namespace both policies live in. */
  public readonly namespace: string;
  /** The NetworkPolicy that selects every pod for ingress and egress and allows nothing. */
  public readonly defaultDenyPolicy: Resource;
  private readonly explicitAllowName: string;
  private readonly egress = new Map<string, any>();
  private readonly ingress = new Map<string, any>();
  private allowPolicy?: NetworkPolicyResource;

  public constructor(scope: Construct, id: string, props: DefaultDenyNetworkPolicyProps = {}) {
    super(scope, id);
    this.namespace = this.resolveNamespace(props.namespace);
    const name = validateDnsSubdomain(this, 'name', props.name ?? 'default-deny-all');
    this.explicitAllowName = validateDnsSubdomain(this, 'explicitAllowName', props.explicitAllowName ?? 'explicit-allow');
    if (name === this.explicitAllowName) {
      throw new ValidationError(`'name' and 'explicitAllowName' are both ${JSON.stringify(name)}: the allow policy would replace the deny policy; give them different names`, this);
    }
    this.defaultDenyPolicy = new NetworkPolicyResource(this, 'DenyAll', name, this.namespace,
      () => ({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    this.node.defaultChild = this.defaultDenyPolicy;
    if (props.dns !== undefined) this.allowDns(props.dns);
  }

  /**
   * The NetworkPolicy holding the rules of `allowEgressTo()`, `allowIngressFrom()` and `allowDns()`, or undefined
   * while there are none.
   */
  public get explicitAllowPolicy(): Resource | undefined {
    return this.allowPolicy;
  }

  /**
   * Allows the namespace's pods to connect to `peer`, e.g. Vault or the database:
   * `allowEgressTo(NetworkPeer.pods({ namespace: 'vault', podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } }), [NetworkPort.tcp(8200)])`.
   *
   * @param ports the ports allowed; at least one (allowing every port is rarely needed and must be done by hand)
   */
  public allowEgressTo(peer: NetworkPeer, ports: NetworkPort[]): void {
    this._allowEgressTo(this, peer, ports);
  }

  /**
   * Allows `peer` to connect to the namespace's pods on `ports`.
   *
   * @param ports the ports allowed; at least one
   */
  public allowIngressFrom(peer: NetworkPeer, ports: NetworkPort[]): void {
    this._allowIngressFrom(this, peer, ports);
  }

  /** Allows name resolution through the cluster DNS (TCP and UDP). */
  public allowDns(options: DnsOptions = {}): void {
    this._allowDns(this, options);
  }

  /** `allowEgressTo()`, reporting errors for `caller` (the construct whose method the user called). @internal */
  public _allowEgressTo(caller: IConstruct, peer: NetworkPeer, ports: NetworkPort[]): void {
    this.addRule(caller, this.egress, 'to', 'allowEgressTo', peer, ports);
  }

  /** `allowIngressFrom()`, reporting errors for `caller`. @internal */
  public _allowIngressFrom(caller: IConstruct, peer: NetworkPeer, ports: NetworkPort[]): void {
    this.addRule(caller, this.ingress, 'from', 'allowIngressFrom', peer, ports);
  }

  /** `allowDns()`, reporting errors for `caller`. @internal */
  public _allowDns(caller: IConstruct, options: DnsOptions): void {
    const port = options.port ?? 53;
    this._allowEgressTo(caller,
      NetworkPeer.pods({ namespace: options.namespace ?? 'kube-system', podSelector: options.podSelector ?? { matchLabels: { 'k8s-app': 'kube-dns' } } }),
      [NetworkPort.udp(port), NetworkPort.tcp(port)],
    );
  }

  private addRule(caller: IConstruct, rules: Map<string, any>, direction: 'to' | 'from', method: string, peer: NetworkPeer, ports: NetworkPort[]): void {
    if (ports.length === 0) {
      throw new ValidationError(`'ports' of ${method}(${peer.key}) is empty; list the ports to allow, e.g. [NetworkPort.tcp(443)]`, caller);
    }
    // by port number, then protocol
    const rendered = sortedBy(ports.map(p => p._render()), p => `${String(p.port).padStart(5, '0')} ${p.protocol}`);
    const key = `${peer.key} ${JSON.stringify(rendered)}`;
    if (rules.has(key)) {
      throw new ValidationError(`${method}(${peer.key}) with ports ${ports.map(p => `${p.protocol}/${p.port}`).join(', ')} was already added; add each rule once`, caller);
    }
    rules.set(key, { [direction]: [peer._render()], ports: rendered });
    this.allowPolicy ??= this.createAllowPolicy();
  }

  /** The given namespace, or the chart's. */
  private resolveNamespace(namespace: string | undefined): string {
    const resolved = namespace ?? Chart.of(this).namespace;
    if (resolved === undefined) {
      throw new ValidationError('\'namespace\' is missing and the chart has none: a NetworkPolicy without a namespace lands wherever it is applied; name the namespace to isolate, e.g. "ci-cd"', this);
    }
    return validateDnsLabel(this, namespace === undefined ? `namespace of chart ${JSON.stringify(Chart.of(this).node.path)}` : 'namespace', resolved);
  }

  private createAllowPolicy(): NetworkPolicyResource {
    const render = (rules: Map<string, any>) => sortedStrings(rules.keys()).map(k => rules.get(k));
    return new NetworkPolicyResource(this, 'ExplicitAllow', this.explicitAllowName, this.namespace, () => ({
      podSelector: {},
      policyTypes: [...(this.ingress.size > 0 ? ['Ingress'] : []), ...(this.egress.size > 0 ? ['Egress'] : [])],
      ...(this.ingress.size > 0 ? { ingress: render(this.ingress) } : {}),
      ...(this.egress.size > 0 ? { egress: render(this.egress) } : {}),
    }));
  }
}
