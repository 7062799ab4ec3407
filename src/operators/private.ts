import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../common/resource';

/** The OLM kinds the operators domain writes, each in the version the API server stores. */
const API_VERSIONS = {
  OperatorGroup: 'operators.coreos.com/v1',
  Subscription: 'operators.coreos.com/v1alpha1',
} as const;

/**
 * An OLM `OperatorGroup` or `Subscription` with a spec rendered at synthesis. OLM kinds have no cdk8s-plus
 * counterpart.
 */
export class OlmResource extends Resource {
  public constructor(
    scope: Construct, id: string, kind: keyof typeof API_VERSIONS, metadata: ApiObjectMetadata, private readonly renderSpec: () => any) {
    super(scope, id, { apiVersion: API_VERSIONS[kind], kind, namespaced: true }, { metadata });
  }

  /** @internal */
  public _renderSpec(): any {
    return this.renderSpec();
  }
}
