import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { awsGeneratorAuth } from './aws-auth';
import { Generator, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { AwsAuthOptions } from '../external-secrets/providers/aws';

/** Options of an STSSessionToken generator. */
export interface StsSessionTokenOptions extends AwsAuthOptions {
  /**
   * How long the session credentials are valid (AWS allows 15 minutes to 36 hours); also the lifetime an
   * ExternalSecret refreshes within.
   */
  readonly sessionDuration: Duration;
}

/** Props of an `StsSessionToken`. */
export interface StsSessionTokenProps extends ResourceProps, StsSessionTokenOptions {}

/** What StsSessionTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const STS_SESSION_TOKEN_REQUIRED: readonly (keyof StsSessionTokenOptions & string)[] = ['region', 'sessionDuration'];

/**
 * An `STSSessionToken` generator: temporary AWS credentials (`access_key_id`, `secret_access_key`,
 * `session_token`) valid for the declared `sessionDuration`, obtained with IRSA by default.
 */
export class StsSessionToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: StsSessionTokenOptions): GeneratorSpec {
    return stsSessionTokenSpec(undefined, requireProps(options, 'StsSessionTokenOptions', STS_SESSION_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: StsSessionTokenProps) {
    super(scope, id, 'STSSessionToken', requireProps(props, 'StsSessionTokenProps', STS_SESSION_TOKEN_REQUIRED, scope, id));
    this._useSpec(stsSessionTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function stsSessionTokenSpec(scope: IConstruct | undefined, options: StsSessionTokenOptions): GeneratorSpec {
  const ms = durationMillis(scope, 'sessionDuration', options.sessionDuration, { min: Duration.minutes(15), max: Duration.hours(36) });
  if (ms % 1000 !== 0) throw new ValidationError(`'sessionDuration' (${ms}ms) must be a whole number of seconds`, scope);
  const auth = awsGeneratorAuth(scope, options);
  return GeneratorSpec._of({
    kind: 'STSSessionToken',
    outputKeys: ['access_key_id', 'secret_access_key', 'session_token'],
    rotating: true,
    maxLifetime: options.sessionDuration,
  }, ctx => ({ ...auth(ctx), requestParameters: { sessionDuration: ms / 1000 } }));
}
