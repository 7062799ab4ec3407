import { Cidr } from './cidr';
import { ValidationError } from '../common/errors';
import { LabelSelector, renderLabelSelector } from '../common/label-selector';
import { validateDnsLabel } from '../common/names';
import { sortedRecord, sortedUnique } from '../common/sort';

/** Transport protocol of a port rule. */
export enum NetworkProtocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** A port (or port range) a NetworkPolicy rule allows. */
export class NetworkPort {
  /** A TCP port, e.g. 8200 for Vault or 5432 for PostgreSQL. */
  public static tcp(port: number): NetworkPort {
    return new NetworkPort(NetworkProtocol.TCP, port);
  }

  /** A UDP port. */
  public static udp(port: number): NetworkPort {
    return new NetworkPort(NetworkProtocol.UDP, port);
  }

  /** A port of any protocol, optionally a range up to `endPort`. */
  public static of(protocol: NetworkProtocol, port: number, endPort?: number): NetworkPort {
    return new NetworkPort(protocol, port, endPort);
  }

  private constructor(
    /** The protocol. */
    public readonly protocol: NetworkProtocol,
    /** The (first) port. */
    public readonly port: number,
    /** The last port of a range. */
    public readonly endPort?: number,
  ) {
    checkPort('port', port);
    if (endPort !== undefined) {
      checkPort('endPort', endPort);
      if (endPort < port) {
        throw new ValidationError(`'endPort' (${endPort}) must not be below 'port' (${port}); swap them`);
      }
    }
  }

  /** @internal */
  public _render(): any {
    return { port: this.port, protocol: this.protocol, ...(this.endPort !== undefined ? { endPort: this.endPort } : {}) };
  }
}

function checkPort(prop: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ValidationError(`'${prop}' (${port}) must be an integer from 1 to 65535; e.g. 443`);
  }
}

/** Pods a rule selects, by namespace and labels. */
export interface PodPeerOptions {
  /**
   * The namespace of the pods (matched on `kubernetes.io/metadata.name`, added to `namespaceSelector`).
   *
   * @default - the namespaces `namespaceSelector` selects, or the policy's own namespace if that is unset too
   */
  readonly namespace?: string;

  /**
   * The namespaces of the pods, by their labels.
   *
   * @default - no label condition on the namespace
   */
  readonly namespaceSelector?: LabelSelector;

  /**
   * The pods, by their labels.
   *
   * @default - every pod of the selected namespaces
   */
  readonly podSelector?: LabelSelector;
}

/** The other end of a NetworkPolicy rule: an IP block, or pods and namespaces. */
export class NetworkPeer {
  /**
   * Addresses outside the cluster, e.g. a managed database.
   *
   * @param cidr a network without host bits, e.g. `10.20.0.0/24` (use /32 for one address)
   * @param except ranges inside `cidr` to leave out
   */
  public static ipBlock(cidr: string, except?: string[]): NetworkPeer {
    const network = Cidr.parse('cidr', cidr);
    if (!network.isMasked) {
      throw new ValidationError(`'cidr' (${cidr}) has host bits set; use the network address ${network.masked()} or a /${network.maxPrefixLength} for one address`);
    }
    const excluded = sortedUnique(except ?? []);
    excluded.forEach((e, i) => {
      const inner = Cidr.parse(`except[${i}]`, e);
      if (!network.containsCidr(inner) || inner.prefixLength === network.prefixLength) {
        throw new ValidationError(`'except[${i}]' (${e}) must be a range strictly inside ${cidr}; remove it or widen the cidr`);
      }
    });
    return new NetworkPeer(`ip:${cidr}`, { ipBlock: { cidr, ...(excluded.length > 0 ? { except: excluded } : {}) } });
  }

  /**
   * Pods by namespace and labels, e.g.
   * `NetworkPeer.pods({ namespace: 'vault', podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } })`.
   */
  public static pods(options: PodPeerOptions): NetworkPeer {
    let namespaceSelector = renderLabelSelector(undefined, 'namespaceSelector', options.namespaceSelector);
    if (options.namespace !== undefined) {
      validateDnsLabel(undefined, 'namespace', options.namespace);
      const matchLabels = sortedRecord({ ...namespaceSelector?.matchLabels, 'kubernetes.io/metadata.name': options.namespace });
      namespaceSelector = { ...namespaceSelector, matchLabels };
    }
    // an empty podSelector alone means "every pod of the policy's own namespace"
    const podSelector = renderLabelSelector(undefined, 'podSelector', options.podSelector) ?? (namespaceSelector ? undefined : {});
    const peer = JSON.parse(JSON.stringify({ namespaceSelector, podSelector }));
    // labels come sorted, so the peer's key, which finds duplicate rules, does not depend on the order they were given in
    return new NetworkPeer(`pods:${JSON.stringify(peer)}`, peer);
  }

  /** Every pod of a namespace. */
  public static namespace(name: string): NetworkPeer {
    return NetworkPeer.pods({ namespace: name });
  }

  private constructor(
    /** A stable key of the peer, used to find duplicate rules. */
    public readonly key: string,
    private readonly rendered: any,
  ) {}

  /** @internal */
  public _render(): any {
    return JSON.parse(JSON.stringify(this.rendered));
  }
}
