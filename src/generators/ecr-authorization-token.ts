import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { awsGeneratorAuth } from './aws-auth';
import { Generator, GeneratorSpec } from './generator';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { AwsAuthOptions } from '../external-secrets/providers/aws';

/** `spec.scope`: which ECR registry the token is for. */
export enum EcrScope {
  /** A private registry (`<account>.dkr.ecr.<region>.amazonaws.com`). */
  PRIVATE = 'private',
  /** ECR Public (`public.ecr.aws`). */
  PUBLIC = 'public',
}

/** Options of an ECRAuthorizationToken generator. */
export interface EcrAuthorizationTokenOptions extends AwsAuthOptions {
  /**
   * The registry type.
   *
   * @default - a private registry
   */
  readonly scope?: EcrScope;
}

/** Props of an `EcrAuthorizationToken`. */
export interface EcrAuthorizationTokenProps extends ResourceProps, EcrAuthorizationTokenOptions {}

/** ECR authorization tokens are valid for 12 hours. */
const ECR_TOKEN_LIFETIME = Duration.hours(12);

/** What EcrAuthorizationTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const ECR_AUTHORIZATION_TOKEN_REQUIRED: readonly (keyof EcrAuthorizationTokenOptions & string)[] = ['region'];

/**
 * An `ECRAuthorizationToken` generator: registry credentials (`username`, `password`, `proxy_endpoint`,
 * `expires_at`) valid for 12 hours, obtained with IRSA by default.
 */
export class EcrAuthorizationToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: EcrAuthorizationTokenOptions): GeneratorSpec {
    return ecrAuthorizationTokenSpec(undefined, requireProps(options, 'EcrAuthorizationTokenOptions', ECR_AUTHORIZATION_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: EcrAuthorizationTokenProps) {
    super(scope, id, 'ECRAuthorizationToken', requireProps(props, 'EcrAuthorizationTokenProps', ECR_AUTHORIZATION_TOKEN_REQUIRED, scope, id));
    this._useSpec(ecrAuthorizationTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
// the AWS auth checks (aws-auth.ts, shared with the stores) take no scope yet
function ecrAuthorizationTokenSpec(scope: IConstruct | undefined, options: EcrAuthorizationTokenOptions): GeneratorSpec {
  const auth = awsGeneratorAuth(scope, options);
  return GeneratorSpec._of({
    kind: 'ECRAuthorizationToken',
    outputKeys: ['username', 'password', 'proxy_endpoint', 'expires_at'],
    rotating: true,
    maxLifetime: ECR_TOKEN_LIFETIME,
  }, ctx => ({ ...auth(ctx), ...(options.scope !== undefined ? { scope: options.scope } : {}) }));
}
