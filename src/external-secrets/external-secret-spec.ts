import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DataFromSource, RemoteKeyUse, RemoteRef, renderRemoteRef } from './data-source';
import { RefreshPolicy } from './refresh-policy';
import { remoteKeyOptionsOf } from './secret-store';
import { ISecretStore } from './secret-store-ref';
import { TargetLifecycle } from './target-lifecycle';
import { SecretTemplate, SecretType } from './template';
import { ValidationError } from '../common/errors';
import { validateSecretKey, validateDnsSubdomain } from '../common/names';
import { remoteKeyProblem } from '../common/patterns';
import { validateReason } from '../common/reason';
import { describeDuration, goDurationMillis, halfLifetime, IGenerator } from '../generators/generator';

/** How an ExternalSecret's data is refreshed and written, whatever its sources. */
export interface ExternalSecretSpecOptions {
  /**
   * When the remote data is re-read. A periodic interval must be below the lifetime of every generator
   * the ExternalSecret reads.
   *
   * @default - with rotating generators, periodic at half the shortest generator lifetime (1 hour when no
   * lifetime is known); with only value generators (Password, SSHKey, UUID) `RefreshPolicy.createdOnce()`;
   * otherwise `RefreshPolicy.periodic(Duration.hours(1))`
   */
  readonly refresh?: RefreshPolicy;
  /**
   * Why this ExternalSecret mixes generator output with store data, or value generators with rotating ones
   * (at least 10 characters). Mixed sources share one refresh policy, so e.g. a generated password is
   * re-rolled at every poll of the store data; it is an explicit opt-in.
   *
   * @default - mixing sources is refused
   */
  readonly acknowledgeMixedSources?: string;
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
   * @default - true when all sources are value generators refreshed `createdOnce`, so the generated value
   * is kept; false otherwise
   */
  readonly immutable?: boolean;
  /**
   * How the target Secret is built from the fetched keys (labels, annotations, templated values).
   *
   * @default - a template only when `secretType` is set; the fetched keys are written as they are
   */
  readonly template?: SecretTemplate;
}

/** What an ExternalSecret (or each ExternalSecret a ClusterExternalSecret creates) fetches and writes. */
export interface ExternalSecretSpecProps extends ExternalSecretSpecOptions {
  /** The store the data is read from. */
  readonly store: ISecretStore;
}

/** The builder's input: the store is optional when every source is a generator. */
interface SpecBuilderProps extends ExternalSecretSpecOptions {
  readonly store?: ISecretStore;
}

/**
 * The `spec` of an ExternalSecret, shared by ExternalSecret and ClusterExternalSecret (whose
 * `externalSecretSpec` is the same object).
 */
export class ExternalSecretSpecBuilder {
  private readonly data = new Map<string, any>();
  private readonly dataFrom: DataFromSource[] = [];
  private readonly template?: SecretTemplate;

  /**
   * @param scope the object the spec belongs to, named by its errors
   */
  public constructor(private readonly scope: IConstruct, private readonly props: SpecBuilderProps) {
    if (props.targetName !== undefined) validateDnsSubdomain(scope, 'targetName', props.targetName);
    if (props.acknowledgeMixedSources !== undefined) {
      validateReason(scope, 'acknowledgeMixedSources', props.acknowledgeMixedSources, 'why generator output and other sources share one refresh policy');
    }
    const templateType = props.template?.type;
    if (props.secretType && templateType && props.secretType.value !== templateType.value) {
      throw new ValidationError(`'secretType' (${props.secretType.value}) conflicts with the template's type ${templateType.value}; set only one`, this.scope);
    }
    this.template = props.template ?? (props.secretType ? new SecretTemplate({ type: props.secretType }) : undefined);
  }

  public get hasData(): boolean {
    return this.data.size > 0 || this.dataFrom.length > 0;
  }

  /** The generators the sources read. */
  public get generators(): IGenerator[] {
    return this.dataFrom.map(d => d._generator()).filter((g): g is IGenerator => g !== undefined);
  }

  public addData(secretKey: string, remoteRef: RemoteRef): void {
    validateSecretKey(this.scope, 'secretKey', secretKey);
    this.checkStoreSource(`data[${secretKey}]`);
    if (this.data.has(secretKey)) {
      throw new ValidationError(`'secretKey' (${secretKey}) is already set; each key of the target Secret can be filled once, use another secretKey`, this.scope);
    }
    this.checkPrefix({ field: `data[${secretKey}].remoteRef.key`, key: remoteRef.key });
    this.data.set(secretKey, { secretKey, remoteRef: renderRemoteRef(remoteRef, this.scope) });
  }

  public addDataFrom(source: DataFromSource): void {
    const generator = source._generator();
    if (generator) {
      this.checkGenerator(generator);
    } else {
      this.checkStoreSource('dataFrom');
    }
    source._remoteKeys().forEach(use => this.checkPrefix(use));
    this.dataFrom.push(source);
  }

  public render(targetName: string): any {
    const refresh = this.props.refresh ?? this.defaultRefresh();
    const generators = this.generators;
    const valueGeneratorsOnly = generators.length > 0 && this.data.size === 0
      && generators.length === this.dataFrom.length && generators.every(g => !g.rotating);
    const immutable = this.props.immutable ?? (valueGeneratorsOnly && refresh.policy === 'CreatedOnce');
    const lifecycle = this.props.lifecycle ?? TargetLifecycle.owned();
    // dataFrom keys are only known once ESO fetches them, so template key references can then not be checked
    const knownKeys = this.dataFrom.length > 0 ? undefined : [...this.data.keys()];
    return {
      ...(this.props.store ? { secretStoreRef: { kind: this.props.store.storeKind, name: this.props.store.name } } : {}),
      refreshPolicy: refresh.policy,
      refreshInterval: refresh.interval,
      target: {
        name: targetName,
        creationPolicy: lifecycle.creationPolicy,
        deletionPolicy: lifecycle.deletionPolicy,
        ...(immutable ? { immutable: true } : {}),
        ...(this.template ? { template: this.template._render(this.scope, knownKeys, this.props.secretType) } : {}),
      },
      ...(this.data.size > 0 ? { data: [...this.data.values()] } : {}),
      ...(this.dataFrom.length > 0 ? { dataFrom: this.dataFrom.map(d => d._render()) } : {}),
    };
  }

  private defaultRefresh(): RefreshPolicy {
    const generators = this.generators;
    if (generators.length === 0) return RefreshPolicy.periodic(Duration.hours(1));
    const rotating = generators.filter(g => g.rotating);
    if (rotating.length === 0) return RefreshPolicy.createdOnce();
    const ms = (d: Duration) => d.toMilliseconds({ integral: false });
    const shortest = rotating.flatMap(g => (g.maxLifetime ? [g.maxLifetime] : []))
      .reduce<Duration | undefined>((min, d) => (min === undefined || ms(d) < ms(min) ? d : min), undefined);
    return RefreshPolicy.periodic(shortest !== undefined ? halfLifetime(shortest) : Duration.hours(1));
  }

  /** A store source next to generators is mixing; and it needs a store. */
  private checkStoreSource(field: string): void {
    if (!this.props.store) {
      throw new ValidationError(`'${field}' reads a store but 'store' is not set; pass a SecretStore or ClusterSecretStore as 'store', or read only generators`, this.scope);
    }
    const generators = this.generators;
    if (generators.length > 0 && this.props.acknowledgeMixedSources === undefined) {
      throw new ValidationError(`'${field}' mixes store data with the output of generator ${generators[0].kind} '${generators[0].name}'; use a separate ExternalSecret, or set 'acknowledgeMixedSources'`, this.scope);
    }
  }

  private checkGenerator(generator: IGenerator): void {
    const what = `generator ${generator.kind} '${generator.name}'`;
    if (this.props.acknowledgeMixedSources === undefined) {
      if (this.data.size > 0 || this.dataFrom.some(d => d._generator() === undefined)) {
        throw new ValidationError(`${what} would mix generated values with store data; use a separate ExternalSecret, or set 'acknowledgeMixedSources'`, this.scope);
      }
      const other = this.generators.find(g => g.rotating !== generator.rotating);
      if (other) {
        throw new ValidationError(`${what} is a ${generator.rotating ? 'rotating' : 'value'} generator but ${other.kind} '${other.name}' is a ${other.rotating ? 'rotating' : 'value'} generator: one refresh policy cannot both keep and renew values; use separate ExternalSecrets, or set 'acknowledgeMixedSources'`, this.scope);
      }
    }
    if (this.props.immutable && generator.rotating) {
      throw new ValidationError(`'immutable' is true but ${what} produces values that must be renewed; an immutable Secret cannot take the new value, remove 'immutable'`, this.scope);
    }
    const refresh = this.props.refresh;
    const lifetime = generator.maxLifetime;
    if (refresh === undefined || lifetime === undefined) return;
    const lifetimeMs = lifetime.toMilliseconds({ integral: false });
    if (refresh.policy === 'Periodic' && goDurationMillis(refresh.interval) >= lifetimeMs) {
      throw new ValidationError(`'refresh' interval (${refresh.interval}) must be below the lifetime ${describeDuration(lifetime)} of ${what}; use e.g. RefreshPolicy.periodic(Duration.seconds(${Math.floor(lifetimeMs / 2000)})) or omit 'refresh' to default to half the lifetime`, this.scope);
    }
    if (refresh.policy !== 'Periodic' && generator.rotating) {
      throw new ValidationError(`'refresh' (${refresh.policy}) never renews the output of ${what}, which expires after ${describeDuration(lifetime)}; use RefreshPolicy.periodic() below the lifetime, or omit 'refresh'`, this.scope);
    }
  }

  private checkPrefix(use: RemoteKeyUse): void {
    if (!this.props.store) return;
    const prefix = this.props.store.keyPrefix;
    if (prefix === undefined) return;
    if (use.key === undefined) {
      throw new ValidationError(`'${use.field}' must be set: store '${this.props.store.name}' only allows keys under '${prefix}'; e.g. path: '${prefix}'`, this.scope);
    }
    // read as the provider reads it: Vault resolves '..' and '//', and a prefix ends on a path boundary
    const problem = remoteKeyProblem(use.key, prefix, remoteKeyOptionsOf(this.props.store));
    if (problem !== undefined) {
      throw new ValidationError(`'${use.field}' (${use.key}) ${problem}, the key prefix of store '${this.props.store.name}'; e.g. '${prefix}${/[/\-_.:]$/.test(prefix) ? '' : '/'}${use.key.replace(/^\/+/, '').split('/').pop()}'`, this.scope);
    }
  }
}
