import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { acknowledgeOptIns, GENERATORS_API_VERSION, GeneratorContext, GeneratorSpec, IGenerator, ImportedGenerator } from './generator';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';
import { declareGeneratorLifetime } from '../compliance/credential-lifetime';

/** Props of a `ClusterGenerator`. */
export interface ClusterGeneratorProps extends ResourceProps {
  /**
   * The generator's spec, from a kind's static `spec()` factory, e.g. `Password.spec({ length: 32 })`.
   * Objects it references (Secrets, service accounts) are resolved in the namespace of each
   * ExternalSecret using it, so they are named without a namespace.
   */
  readonly spec: GeneratorSpec;
}

/** What `ClusterGenerator.fromClusterGeneratorAttributes()` needs to know of a ClusterGenerator defined elsewhere. */
export interface ClusterGeneratorAttributes {
  /** The ClusterGenerator's name. */
  readonly name: string;
  /** The keys the wrapped generator writes. */
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
 * A cluster-scoped `ClusterGenerator`: one generator spec usable from ExternalSecrets in every namespace.
 * `spec.kind` always matches the wrapped spec (`spec.generator.<kind>Spec`).
 */
export class ClusterGenerator extends Resource implements IGenerator {
  /**
   * References a ClusterGenerator defined outside this app, declaring what it outputs and how long its values
   * live.
   */
  public static fromClusterGeneratorAttributes(scope: Construct, id: string, attrs: ClusterGeneratorAttributes): IGenerator {
    requireProps(attrs, 'ClusterGeneratorAttributes', ['name', 'outputKeys', 'rotating'], scope, id);
    return new ImportedGenerator(scope, id, { ...attrs, kind: 'ClusterGenerator', clusterScoped: true });
  }

  public readonly outputKeys: string[];
  public readonly maxLifetime?: Duration;
  public readonly rotating: boolean;
  public readonly clusterScoped = true;
  /** The kind of the wrapped generator, e.g. `Password`. */
  public readonly generatorKind: string;
  private readonly generatorSpec: GeneratorSpec;

  public constructor(scope: Construct, id: string, props: ClusterGeneratorProps) {
    super(scope, id, { apiVersion: GENERATORS_API_VERSION, kind: 'ClusterGenerator', namespaced: false }, requireProps(props, 'ClusterGeneratorProps', ['spec'], scope, id));
    this.generatorSpec = props.spec;
    this.generatorKind = props.spec.kind;
    this.outputKeys = props.spec.outputKeys;
    this.maxLifetime = props.spec.maxLifetime;
    this.rotating = props.spec.rotating;
    props.spec._render(GeneratorContext._cluster(this));
    acknowledgeOptIns(this, props.spec);
    if (this.maxLifetime !== undefined) declareGeneratorLifetime(this, 'ClusterGenerator', undefined, this.name, this.maxLifetime);
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      kind: this.generatorSpec.kind,
      generator: { [this.generatorSpec.clusterGeneratorKey]: this.generatorSpec._render(GeneratorContext._cluster(this)) },
    };
  }
}
