import { Duration } from 'cdk8s';
import { DataFromSource, RemoteKeyUse, RemoteRef, renderRemoteRef } from './data-source';
import { RefreshPolicy } from './refresh-policy';
import { ISecretStore } from './secret-store-ref';
import { TargetLifecycle } from './target-lifecycle';
import { SecretTemplate, SecretType, validateSecretKey } from './template';
import { validateDnsSubdomain } from '../common/names';

/** What an ExternalSecret (or each ExternalSecret a ClusterExternalSecret creates) fetches and writes. */
export interface ExternalSecretSpecProps {
  /** The store the data is read from. */
  readonly store: ISecretStore;
  /**
   * When the remote data is re-read.
   *
   * @default RefreshPolicy.periodic(Duration.hours(1))
   */
  readonly refresh?: RefreshPolicy;
  /**
   * How the target Secret is created and deleted.
   *
   * @default TargetLifecycle.owned()
   */
  readonly lifecycle?: TargetLifecycle;
  /**
   * The name of the target Secret.
   *
   * @default - the ExternalSecret's name
   */
  readonly targetName?: string;
  /**
   * The type of the target Secret (also settable through `template`).
   *
   * @default - the template's type, else Kubernetes' default `Opaque`
   */
  readonly secretType?: SecretType;
  /**
   * Make the target Secret immutable.
   *
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * How the target Secret is built from the fetched keys (labels, annotations, templated values).
   *
   * @default - a template only when `secretType` is set; the fetched keys are written as they are
   */
  readonly template?: SecretTemplate;
}

/**
 * The `spec` of an ExternalSecret, shared by ExternalSecret and ClusterExternalSecret (whose
 * `externalSecretSpec` is the same object).
 */
export class ExternalSecretSpecBuilder {
  private readonly data = new Map<string, any>();
  private readonly dataFrom: DataFromSource[] = [];
  private readonly template?: SecretTemplate;

  public constructor(private readonly props: ExternalSecretSpecProps) {
    if (props.targetName !== undefined) validateDnsSubdomain('targetName', props.targetName);
    const templateType = props.template?.type;
    if (props.secretType && templateType && props.secretType.value !== templateType.value) {
      throw new Error(`'secretType' (${props.secretType.value}) conflicts with the template's type ${templateType.value}; set only one`);
    }
    this.template = props.template ?? (props.secretType ? new SecretTemplate({ type: props.secretType }) : undefined);
  }

  public get hasData(): boolean {
    return this.data.size > 0 || this.dataFrom.length > 0;
  }

  public addData(secretKey: string, remoteRef: RemoteRef): void {
    validateSecretKey('secretKey', secretKey);
    if (this.data.has(secretKey)) {
      throw new Error(`'secretKey' (${secretKey}) is already set; each key of the target Secret can be filled once, use another secretKey`);
    }
    this.checkPrefix({ field: `data[${secretKey}].remoteRef.key`, key: remoteRef.key });
    this.data.set(secretKey, { secretKey, remoteRef: renderRemoteRef(remoteRef) });
  }

  public addDataFrom(source: DataFromSource): void {
    source._remoteKeys().forEach(use => this.checkPrefix(use));
    this.dataFrom.push(source);
  }

  public render(targetName: string): any {
    const refresh = this.props.refresh ?? RefreshPolicy.periodic(Duration.hours(1));
    const lifecycle = this.props.lifecycle ?? TargetLifecycle.owned();
    // dataFrom keys are only known once ESO fetches them, so template key references can then not be checked
    const knownKeys = this.dataFrom.length > 0 ? undefined : [...this.data.keys()];
    return {
      secretStoreRef: { kind: this.props.store.storeKind, name: this.props.store.name },
      refreshPolicy: refresh.policy,
      refreshInterval: refresh.interval,
      target: {
        name: targetName,
        creationPolicy: lifecycle.creationPolicy,
        deletionPolicy: lifecycle.deletionPolicy,
        ...(this.props.immutable ? { immutable: true } : {}),
        ...(this.template ? { template: this.template._render(knownKeys, this.props.secretType) } : {}),
      },
      ...(this.data.size > 0 ? { data: [...this.data.values()] } : {}),
      ...(this.dataFrom.length > 0 ? { dataFrom: this.dataFrom.map(d => d._render()) } : {}),
    };
  }

  private checkPrefix(use: RemoteKeyUse): void {
    const prefix = this.props.store.keyPrefix;
    if (prefix === undefined) return;
    if (use.key === undefined) {
      throw new Error(`'${use.field}' must be set: store '${this.props.store.name}' only allows keys under '${prefix}'; e.g. path: '${prefix}'`);
    }
    if (!use.key.startsWith(prefix)) {
      throw new Error(`'${use.field}' (${use.key}) must start with '${prefix}', the key prefix of store '${this.props.store.name}'; e.g. '${prefix}${use.key.replace(/^\/+/, '')}'`);
    }
  }
}
