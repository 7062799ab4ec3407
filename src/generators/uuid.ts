import { Construct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ResourceProps } from '../common/resource';

/** Props of a `Uuid`. */
export interface UuidProps extends ResourceProps {}

/** A `UUID` generator: a random UUID under the key `uuid`. A value generator: generated once and kept by default. */
export class Uuid extends Generator {
  /** The spec, e.g. for a `ClusterGenerator`. */
  public static spec(): GeneratorSpec {
    return GeneratorSpec._of({ kind: 'UUID', outputKeys: ['uuid'], rotating: false }, () => ({}));
  }

  public constructor(scope: Construct, id: string, props: UuidProps = {}) {
    super(scope, id, 'UUID', props);
    this._useSpec(Uuid.spec());
  }
}
