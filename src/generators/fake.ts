import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { refuseCredentialsIn } from '../common/literals';
import { validateSecretKey } from '../common/names';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { sortedStrings } from '../common/sort';

/** Options of a Fake generator. */
export interface FakeGeneratorOptions {
  /**
   * The keys and the fixed, non-secret values the generator returns. Refused when a value holds a credential
   * (the value would be committed to Git); use a real generator or a store for real values.
   */
  readonly data: { [key: string]: string };
}

/** Props of a `FakeGenerator`. */
export interface FakeGeneratorProps extends ResourceProps, FakeGeneratorOptions {}

/** What FakeGeneratorOptions declares without '?': a plain JavaScript caller may still leave it out. */
const FAKE_GENERATOR_REQUIRED: readonly (keyof FakeGeneratorOptions & string)[] = ['data'];

/**
 * A `Fake` generator returning fixed values, for tests and demos only: its values sit in the manifest,
 * so the compliance pack flags it. Treated as a value generator.
 */
export class FakeGenerator extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: FakeGeneratorOptions): GeneratorSpec {
    return fakeGeneratorSpec(undefined, requireProps(options, 'FakeGeneratorOptions', FAKE_GENERATOR_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: FakeGeneratorProps) {
    super(scope, id, 'Fake', requireProps(props, 'FakeGeneratorProps', FAKE_GENERATOR_REQUIRED, scope, id));
    this._useSpec(fakeGeneratorSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function fakeGeneratorSpec(scope: IConstruct | undefined, options: FakeGeneratorOptions): GeneratorSpec {
  const keys = sortedStrings(Object.keys(options.data));
  if (keys.length === 0) throw new ValidationError('\'data\' is empty; give at least one key, e.g. { username: \'demo\' }', scope);
  keys.forEach(k => validateSecretKey(scope, 'data', k));
  refuseCredentialsIn(scope, 'data', options.data);
  const data = { ...options.data };
  return GeneratorSpec._of({ kind: 'Fake', outputKeys: keys, rotating: false }, () => ({ data }));
}
