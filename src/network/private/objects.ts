import { Construct } from 'constructs';
import { Resource } from '../../common/resource';

/**
 * A `v1` Namespace: metadata only, no spec.
 *
 * Not cdk8s-plus's `Namespace`: it always writes `spec: {}` (and adds selector constructs for network policy
 * peers), which would change the synthesized bytes.
 */
export class NamespaceResource extends Resource {
  public constructor(scope: Construct, id: string, name: string, labels: { [key: string]: string }) {
    super(scope, id, { apiVersion: 'v1', kind: 'Namespace', namespaced: false, bodyFields: [] }, { metadata: { name, labels } });
  }
}

/**
 * A `networking.k8s.io/v1` NetworkPolicy with a given name and namespace and a spec rendered at synthesis.
 *
 * Not cdk8s-plus's `NetworkPolicy`: it builds peers from its own selector constructs and always writes a
 * `podSelector` into each peer (`{}` for a namespace-only peer, which `NetworkPeer` leaves out), so the rules
 * could not be written as they are.
 */
export class NetworkPolicyResource extends Resource {
  public constructor(scope: Construct, id: string, name: string, namespace: string, private readonly renderSpec: () => any) {
    super(scope, id, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespaced: true }, { metadata: { name, namespace } });
  }

  /** @internal */
  public _renderSpec(): any {
    return this.renderSpec();
  }
}
