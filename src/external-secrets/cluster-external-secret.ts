import { Construct } from 'constructs';
import { NamespaceSelection, renderChildMetadata, renderNamespaceSelection, requireClusterStore } from './cluster-scope';
import { DataFromSource, RemoteRef, REMOTE_REF_REQUIRED } from './data-source';
import { ExternalSecretSpecBuilder, ExternalSecretSpecProps } from './external-secret-spec';
import { validateDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';

/** Props of a `ClusterExternalSecret`. */
export interface ClusterExternalSecretProps extends ResourceProps, ExternalSecretSpecProps, NamespaceSelection {
  /**
   * The name of the ExternalSecret created in each namespace.
   *
   * @default - the ClusterExternalSecret's name
   */
  readonly externalSecretName?: string;
  /**
   * Labels of each created ExternalSecret.
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead.
   *
   * @default - none
   */
  readonly externalSecretLabels?: { [key: string]: string };
  /**
   * Annotations of each created ExternalSecret.
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead.
   *
   * @default - none
   */
  readonly externalSecretAnnotations?: { [key: string]: string };
}

/**
 * An `external-secrets.io/v1` ClusterExternalSecret: the same ExternalSecret in every namespace the
 * `namespaceSelectors` match. It needs a ClusterSecretStore; selecting every namespace is an explicit
 * opt-in (`allowAllNamespaces` with the reason). The deprecated `namespaceSelector` and `namespaces` are never used.
 */
export class ClusterExternalSecret extends Resource {
  /** The name of the ExternalSecret (and by default the Secret) created in each namespace. */
  public readonly externalSecretName: string;
  /** The name of the Secret each created ExternalSecret writes. */
  public readonly targetName: string;
  private readonly spec: ExternalSecretSpecBuilder;
  private readonly selection: any;
  private readonly childMetadata: any;

  public constructor(scope: Construct, id: string, props: ClusterExternalSecretProps) {
    super(scope, id, { apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', namespaced: false },
      requireProps(props, 'ClusterExternalSecretProps', ['store'], scope, id));
    const what = `ClusterExternalSecret '${this.name}'`;
    requireClusterStore(this, what, props.store);
    if (props.externalSecretName !== undefined) validateDnsSubdomain(this, 'externalSecretName', props.externalSecretName);
    this.externalSecretName = props.externalSecretName ?? this.name;
    this.targetName = props.targetName ?? this.externalSecretName;
    this.selection = renderNamespaceSelection(this, what, props);
    this.childMetadata = renderChildMetadata(this, 'externalSecretMetadata', props.externalSecretLabels, props.externalSecretAnnotations);
    this.spec = new ExternalSecretSpecBuilder(this, props);
    this.node.addValidation({
      validate: () => (this.spec.hasData ? [] : [`${what} has no data; call addData() or addDataFrom()`]),
    });
  }

  /** Fills the target key `secretKey` from one remote value; each key once. */
  public addData(secretKey: string, remoteRef: RemoteRef): void {
    requireProps(remoteRef, 'RemoteRef', REMOTE_REF_REQUIRED, this);
    this.spec.addData(secretKey, remoteRef);
  }

  /** Adds all keys of a remote source (`dataFrom`). */
  public addDataFrom(source: DataFromSource): void {
    this.spec.addDataFrom(source);
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      externalSecretName: this.externalSecretName,
      externalSecretMetadata: this.childMetadata,
      ...this.selection,
      externalSecretSpec: this.spec.render(this.targetName),
    };
  }
}
