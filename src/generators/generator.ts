import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { formatGoDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';
import { declareGeneratorLifetime } from '../compliance/credential-lifetime';
import { namespaceOf, ProviderContext, validateSecretKeyReference } from '../external-secrets/providers/common';
import type { SecretKeyReference } from '../external-secrets/providers/references';
import { SecretStoreKind } from '../external-secrets/secret-store-ref';

/** The API version of every ESO generator kind (ESO v2.9). */
export const GENERATORS_API_VERSION = 'generators.external-secrets.io/v1alpha1';

/**
 * A generator an ExternalSecret (`dataFrom[].sourceRef.generatorRef`) or PushSecret
 * (`selector.generatorRef`) can reference.
 */
export interface IGenerator extends INamespacedResource {
  /** The keys the generator writes, e.g. `token` or `password`. */
  readonly outputKeys: string[];
  /**
   * How long a produced value stays valid; an ExternalSecret must refresh well within it.
   *
   * @default - unknown, or the value does not expire
   */
  readonly maxLifetime?: Duration;
  /**
   * Whether the produced value expires and must be renewed periodically (tokens, leases), as opposed to a
   * value generator (password, key, UUID) whose value should be generated once and kept.
   */
  readonly rotating: boolean;
  /** Whether this is a cluster-scoped `ClusterGenerator`, usable from every namespace. */
  readonly clusterScoped: boolean;
}

/** Where a generator spec is rendered: in a namespaced generator, or inside a ClusterGenerator. */
export class GeneratorContext {
  /** @internal */
  public static _namespaced(scope: IConstruct, namespace: string | undefined): GeneratorContext {
    return new GeneratorContext(scope, namespace, false);
  }

  /** @internal */
  public static _cluster(scope: IConstruct): GeneratorContext {
    return new GeneratorContext(scope, undefined, true);
  }

  private constructor(
    /** The generator (or ClusterGenerator) the spec is rendered for; its path starts every error message. */
    private readonly scope: IConstruct,
    /** The generator's namespace (none inside a ClusterGenerator). */
    public readonly namespace: string | undefined,
    /** Whether the spec is rendered inside a ClusterGenerator. */
    public readonly cluster: boolean) {}

  /**
   * ESO resolves every object a generator references in the namespace of the ExternalSecret using it and
   * ignores any namespace written on the reference, so a reference to another namespace is refused rather
   * than emitted and silently ignored.
   *
   * @internal
   */
  public _checkNamespace(prop: string, namespace: string | undefined): void {
    if (namespace === undefined) return;
    if (this.cluster) {
      throw new ValidationError(`'${prop}' references namespace "${namespace}", but a ClusterGenerator resolves references in the namespace of each ExternalSecret; reference the object without a namespace (e.g. ReferentServiceAccount.fromName() or a Secret imported by name)`, this.scope);
    }
    if (namespace !== this.namespace) {
      throw new ValidationError(`'${prop}' references namespace "${namespace}", but the generator lives in namespace ${this.namespace ?? '(none)'} and ESO reads referenced objects only there; move the object to ${this.namespace ?? 'the generator\'s namespace'}`, this.scope);
    }
  }

  /** `{ name, key }` for a SecretKeySelector in the generator's namespace. @internal */
  public _secretKeyRef(prop: string, ref: SecretKeyReference): any {
    validateSecretKeyReference(this.scope, prop, ref);
    this._checkNamespace(`${prop}.namespace`, ref.namespace ?? namespaceOf(ref.secret));
    return { name: ref.secret.name, key: ref.key };
  }

  /** `{ name, audiences }` for a ServiceAccountSelector in the generator's namespace. @internal */
  public _serviceAccountRef(prop: string, account: kplus.IServiceAccount, audiences?: string[]): any {
    validateDnsSubdomain(this.scope, `${prop}.name`, account.name);
    this._checkNamespace(`${prop}.namespace`, account.toSubjectConfiguration().namespace);
    if (audiences !== undefined) {
      if (audiences.length === 0) throw new ValidationError(`'${prop}.audiences' is empty; omit it to use the default audience, or list e.g. ["sts.amazonaws.com"]`, this.scope);
      if (audiences.some(a => a.trim() === '')) throw new ValidationError(`'${prop}.audiences' contains an empty audience`, this.scope);
    }
    return { name: account.name, ...(audiences ? { audiences: [...audiences] } : {}) };
  }

  /** A provider context binding store-style provider renderers (Vault) to this namespace. @internal */
  public _providerContext(): ProviderContext {
    return new ProviderContext(SecretStoreKind.SECRET_STORE, this.namespace, this.scope);
  }
}

/** What `GeneratorSpec.of()`-style factories of each kind describe. */
export interface GeneratorSpecOptions {
  /** The generator kind, e.g. `Password`. */
  readonly kind: string;
  /** The keys the generator writes. */
  readonly outputKeys: string[];
  /** Whether the value expires and must be renewed. */
  readonly rotating: boolean;
  /**
   * How long a produced value stays valid.
   *
   * @default - unknown, or the value does not expire
   */
  readonly maxLifetime?: Duration;
}

/**
 * The validated `spec` of one generator kind, shared by the namespaced generator construct and
 * `ClusterGenerator`. Obtain it from a kind's static `spec()` factory, e.g. `Password.spec({})`.
 */
export class GeneratorSpec {
  /** @internal */
  public static _of(options: GeneratorSpecOptions, render: (ctx: GeneratorContext) => any,
    optIns: { prop: string; id: string; reason: string; purpose: string }[] = []): GeneratorSpec {
    return new GeneratorSpec(options, render, optIns);
  }

  /** The generator kind, e.g. `Password`. */
  public readonly kind: string;
  /** The keys the generator writes. */
  public readonly outputKeys: string[];
  /** Whether the value expires and must be renewed. */
  public readonly rotating: boolean;
  /**
   * How long a produced value stays valid.
   *
   * @default - unknown, or the value does not expire
   */
  public readonly maxLifetime?: Duration;

  /**
   * The opt-ins the spec was built with (e.g. `allowAllRepositories`), each acknowledging its compliance rule on
   * the generator construct that uses the spec.
   *
   * @internal
   */
  public readonly _optIns: { prop: string; id: string; reason: string; purpose: string }[];

  private constructor(options: GeneratorSpecOptions, private readonly renderer: (ctx: GeneratorContext) => any,
    optIns: { prop: string; id: string; reason: string; purpose: string }[]) {
    this._optIns = optIns;
    this.kind = options.kind;
    this.outputKeys = [...options.outputKeys];
    this.rotating = options.rotating;
    this.maxLifetime = options.maxLifetime;
  }

  /** The key of this kind under a ClusterGenerator's `spec.generator`, e.g. `passwordSpec`. */
  public get clusterGeneratorKey(): string {
    const acronym = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(this.kind)?.[0];
    const head = acronym ? acronym.toLowerCase() + this.kind.slice(acronym.length) : this.kind[0].toLowerCase() + this.kind.slice(1);
    return `${head}Spec`;
  }

  /** @internal */
  public _render(ctx: GeneratorContext): any {
    return this.renderer(ctx);
  }
}

/** What `Generator.fromGeneratorAttributes()` needs to know of a namespaced generator defined elsewhere. */
export interface GeneratorAttributes {
  /** The generator kind, e.g. `GithubAccessToken` (for a ClusterGenerator use `ClusterGenerator.fromClusterGeneratorAttributes()`). */
  readonly kind: string;
  /** The generator's name. */
  readonly name: string;
  /**
   * The generator's namespace.
   *
   * @default - none: the namespace of the referencing ExternalSecret
   */
  readonly namespace?: string;
  /** The keys the generator writes. */
  readonly outputKeys: string[];
  /** Whether the value expires and must be renewed. */
  readonly rotating: boolean;
  /**
   * How long a produced value stays valid.
   *
   * @default - unknown, or the value does not expire
   */
  readonly maxLifetime?: Duration;
}

/** The generator kinds `generatorRef.kind` accepts in ESO v2.9. */
export const GENERATOR_KINDS = [
  'ACRAccessToken', 'BeyondtrustWorkloadCredentialsDynamicSecret', 'ClusterGenerator', 'CloudsmithAccessToken',
  'ECRAuthorizationToken', 'Fake', 'GCRAccessToken', 'GithubAccessToken', 'GitlabDeployToken', 'Grafana', 'MFA',
  'Password', 'QuayAccessToken', 'SSHKey', 'STSSessionToken', 'UUID', 'VaultDynamicSecret', 'Webhook',
];

/**
 * Base class of the namespaced generator constructs (`generators.external-secrets.io/v1alpha1`). Each kind's
 * constructor validates its props for the new construct (so errors carry its path) and hands the spec over;
 * the spec renders lazily, in the generator's namespace.
 */
export abstract class Generator extends Resource implements IGenerator {
  /**
   * References a namespaced generator defined outside this app, declaring what it outputs and how long its
   * values live.
   */
  public static fromGeneratorAttributes(scope: Construct, id: string, attrs: GeneratorAttributes): IGenerator {
    requireProps(attrs, 'GeneratorAttributes', ['kind', 'name', 'outputKeys', 'rotating'], scope, id);
    return new ImportedGenerator(scope, id, { ...attrs, clusterScoped: false });
  }

  public readonly clusterScoped = false;
  private generatorSpec?: GeneratorSpec;

  /**
   * @param kind the generator kind, e.g. `Password`; the kind's constructor then calls `_useSpec()`
   */
  protected constructor(scope: Construct, id: string, kind: string, props: ResourceProps = {}) {
    super(scope, id, { apiVersion: GENERATORS_API_VERSION, kind, namespaced: true }, props);
  }

  /** The keys the generator writes, e.g. `token` or `password`. */
  public get outputKeys(): string[] {
    return [...this.spec.outputKeys];
  }

  /**
   * How long a produced value stays valid.
   *
   * @default - unknown, or the value does not expire
   */
  public get maxLifetime(): Duration | undefined {
    return this.spec.maxLifetime;
  }

  /** Whether the produced value expires and must be renewed. */
  public get rotating(): boolean {
    return this.spec.rotating;
  }

  /** @internal */
  public _renderSpec(): any {
    return this.spec._render(GeneratorContext._namespaced(this, this.namespace));
  }

  /**
   * Sets the spec, validated for this construct; called once by each kind's constructor. References are
   * resolved against the namespace, so they are checked here rather than at synth.
   *
   * @internal
   */
  protected _useSpec(spec: GeneratorSpec): void {
    if (this.generatorSpec !== undefined) throw new ValidationError(`the ${this.kind} generator already has its spec; set it once`, this);
    if (spec.kind !== this.kind) throw new ValidationError(`a ${this.kind} generator cannot take a ${spec.kind} spec; use ${this.kind}.spec()`, this);
    this.generatorSpec = spec;
    spec._render(GeneratorContext._namespaced(this, this.namespace));
    acknowledgeOptIns(this, spec);
    // the manifest does not carry the lifetime; runs reading the value through an ExternalSecret are checked against it
    if (spec.maxLifetime !== undefined) declareGeneratorLifetime(this, this.kind, this.namespace, this.name, spec.maxLifetime);
  }

  private get spec(): GeneratorSpec {
    if (this.generatorSpec === undefined) throw new ValidationError(`the ${this.kind} generator has no spec: its constructor must call _useSpec()`, this);
    return this.generatorSpec;
  }
}

/** What `ImportedGenerator` needs: the attributes, and whether the generator is a ClusterGenerator. */
export interface ImportedGeneratorAttributes extends GeneratorAttributes {
  readonly clusterScoped: boolean;
}

/** A generator (or ClusterGenerator) defined outside this app, checked as it is imported. */
export class ImportedGenerator extends Construct implements IGenerator {
  public readonly apiVersion = GENERATORS_API_VERSION;
  public readonly kind: string;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly outputKeys: string[];
  public readonly rotating: boolean;
  public readonly maxLifetime?: Duration;
  public readonly clusterScoped: boolean;

  public constructor(scope: Construct, id: string, attrs: ImportedGeneratorAttributes) {
    super(scope, id);
    if (!GENERATOR_KINDS.includes(attrs.kind)) {
      throw new ValidationError(`'kind' (${JSON.stringify(attrs.kind)}) is not an ESO v2.9 generator kind; use one of ${GENERATOR_KINDS.join(', ')}`, this);
    }
    if (!attrs.clusterScoped && attrs.kind === 'ClusterGenerator') {
      throw new ValidationError('\'kind\' is ClusterGenerator, which is cluster-scoped; import it with ClusterGenerator.fromClusterGeneratorAttributes()', this);
    }
    validateDnsSubdomain(this, 'name', attrs.name);
    if (attrs.namespace !== undefined) validateDnsLabel(this, 'namespace', attrs.namespace);
    this.kind = attrs.kind;
    this.name = attrs.name;
    this.namespace = attrs.namespace;
    this.outputKeys = [...attrs.outputKeys];
    this.rotating = attrs.rotating;
    this.maxLifetime = attrs.maxLifetime;
    this.clusterScoped = attrs.clusterScoped;
    if (attrs.maxLifetime !== undefined) {
      declareGeneratorLifetime(this, attrs.kind, attrs.clusterScoped ? undefined : attrs.namespace, attrs.name, attrs.maxLifetime);
    }
  }
}

/** Records the opt-ins of a spec as acknowledgements on the generator (or ClusterGenerator) that renders it. */
export function acknowledgeOptIns(generator: IConstruct, spec: GeneratorSpec): void {
  for (const o of spec._optIns) Compliance.of(generator)._acknowledgeOptIn(o.prop, o.id, o.reason, o.purpose);
}

/** `{ apiVersion, kind, name }` of a `generatorRef`. */
export function renderGeneratorRef(generator: IGenerator): any {
  return { apiVersion: GENERATORS_API_VERSION, kind: generator.kind, name: generator.name };
}

/** A Go duration as rendered by `renderDuration` (`1h0m0s`, `30m0s`, `1m30.5s`, `500ms`), in milliseconds. */
export function goDurationMillis(value: string): number {
  const ms = /^(\d+)ms$/.exec(value);
  if (ms) return Number(ms[1]);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
  if (!m || value === '') throw new ValidationError(`'refreshInterval' (${JSON.stringify(value)}) is not a Go duration`);
  return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000);
}

/** Half of a lifetime, rounded down to whole seconds: the default refresh interval for rotating generators. */
export function halfLifetime(lifetime: Duration): Duration {
  return Duration.seconds(Math.floor(lifetime.toSeconds({ integral: false }) / 2));
}

/** `1h0m0s` for a Duration, for messages. */
export function describeDuration(d: Duration): string {
  return formatGoDuration(d.toMilliseconds({ integral: false }));
}
