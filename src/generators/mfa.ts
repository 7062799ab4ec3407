import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { SecretKeyReference } from '../external-secrets/providers/references';

/** `spec.algorithm` of an MFA generator. */
export enum MfaAlgorithm {
  /** HMAC-SHA1 (the TOTP default). */
  SHA1 = 'sha1',
  /** HMAC-SHA256. */
  SHA256 = 'sha256',
  /** HMAC-SHA512. */
  SHA512 = 'sha512',
}

/** Options of an MFA generator. */
export interface MfaOptions {
  /** The TOTP seed in a Secret in the generator's namespace. */
  readonly seed: SecretKeyReference;
  /** @default MfaAlgorithm.SHA1 */
  readonly algorithm?: MfaAlgorithm;
  /**
   * Number of digits of the code (6 or 8).
   *
   * @default 6
   */
  readonly length?: number;
  /**
   * How long a code is valid, in whole seconds.
   *
   * @default Duration.seconds(30)
   */
  readonly timePeriod?: Duration;
}

/** Props of an `Mfa`. */
export interface MfaProps extends ResourceProps, MfaOptions {}

/** What MfaOptions declares without '?': a plain JavaScript caller may still leave it out. */
const MFA_REQUIRED: readonly (keyof MfaOptions & string)[] = ['seed'];

/**
 * An `MFA` generator: a TOTP code (`token`, `timeLeft`) from a seed held in a Secret. Each code lives one
 * `timePeriod`, so an ExternalSecret refreshes within it.
 */
export class Mfa extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: MfaOptions): GeneratorSpec {
    return mfaSpec(undefined, requireProps(options, 'MfaOptions', MFA_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: MfaProps) {
    super(scope, id, 'MFA', requireProps(props, 'MfaProps', MFA_REQUIRED, scope, id));
    this._useSpec(mfaSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function mfaSpec(scope: IConstruct | undefined, options: MfaOptions): GeneratorSpec {
  const length = options.length ?? 6;
  if (length !== 6 && length !== 8) throw new ValidationError(`'length' (${length}) must be 6 or 8 digits`, scope);
  const period = options.timePeriod ?? Duration.seconds(30);
  const seconds = period.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 15 || seconds > 300) {
    throw new ValidationError(`'timePeriod' (${seconds}s) must be a whole number of seconds from 15 to 300; TOTP uses 30`, scope);
  }
  return GeneratorSpec._of({ kind: 'MFA', outputKeys: ['token', 'timeLeft'], rotating: true, maxLifetime: period }, ctx => ({
    secret: ctx._secretKeyRef('seed', options.seed),
    algorithm: options.algorithm ?? MfaAlgorithm.SHA1,
    length,
    timePeriod: seconds,
  }));
}
