import { Construct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { refuseCredentialsIn } from '../common/literals';
import { validateSecretKey } from '../common/names';
import { ResourceProps } from '../common/resource';

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

/**
 * A `Fake` generator returning fixed values, for tests and demos only: its values sit in the manifest,
 * so the compliance pack flags it. Treated as a value generator.
 */
export class FakeGenerator extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: FakeGeneratorOptions): GeneratorSpec {
    const keys = Object.keys(options.data).sort();
    if (keys.length === 0) throw new Error('\'data\' is empty; give at least one key, e.g. { username: \'demo\' }');
    keys.forEach(k => validateSecretKey('data', k));
    refuseCredentialsIn('data', options.data);
    const data = Object.fromEntries(keys.map(k => [k, options.data[k]]));
    return GeneratorSpec._of({ kind: 'Fake', outputKeys: keys, rotating: false }, () => ({ data }));
  }

  public constructor(scope: Construct, id: string, props: FakeGeneratorProps) {
    super(scope, id, FakeGenerator.spec(props), props);
  }
}
