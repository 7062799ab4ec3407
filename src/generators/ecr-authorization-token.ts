import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AwsGeneratorAuthOptions, awsGeneratorAuth } from './aws-auth';
import { Generator, GeneratorSpec } from './generator';
import { ResourceProps } from '../common/resource';

/** `spec.scope`: which ECR registry the token is for. */
export enum EcrScope {
  /** A private registry (`<account>.dkr.ecr.<region>.amazonaws.com`). */
  PRIVATE = 'private',
  /** ECR Public (`public.ecr.aws`). */
  PUBLIC = 'public',
}

/** Options of an ECRAuthorizationToken generator. */
export interface EcrAuthorizationTokenOptions extends AwsGeneratorAuthOptions {
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

/**
 * An `ECRAuthorizationToken` generator: registry credentials (`username`, `password`, `proxy_endpoint`,
 * `expires_at`) valid for 12 hours, obtained with IRSA by default.
 */
export class EcrAuthorizationToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: EcrAuthorizationTokenOptions): GeneratorSpec {
    const auth = awsGeneratorAuth(options);
    return GeneratorSpec._of({
      kind: 'ECRAuthorizationToken',
      outputKeys: ['username', 'password', 'proxy_endpoint', 'expires_at'],
      rotating: true,
      maxLifetime: ECR_TOKEN_LIFETIME,
    }, ctx => ({ ...auth(ctx), ...(options.scope !== undefined ? { scope: options.scope } : {}) }));
  }

  public constructor(scope: Construct, id: string, props: EcrAuthorizationTokenProps) {
    super(scope, id, EcrAuthorizationToken.spec(props), props);
  }
}
