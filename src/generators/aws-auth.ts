import * as kplus from 'cdk8s-plus-28';
import { GeneratorContext } from './generator';
import { AwsStaticCredentials, renderAwsAuth, validateAwsAuth } from '../external-secrets/providers/aws';

/** How the AWS generators (ECR, STS) authenticate. */
export interface AwsGeneratorAuthOptions {
  /** The AWS region, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * The service account whose token ESO exchanges for AWS credentials (IRSA), in the generator's
   * namespace. Exactly one of `serviceAccount` and `staticCredentials` is required.
   *
   * @default - none; `staticCredentials` must be set
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Audiences of the minted service-account token.
   *
   * @default - ESO's default for AWS (`sts.amazonaws.com`)
   */
  readonly audiences?: string[];
  /**
   * An IAM role ARN to assume after authenticating.
   *
   * @default - the authenticated identity is used directly
   */
  readonly role?: string;
  /**
   * Static access keys held in Secrets in the generator's namespace; needs `acknowledgeStaticCredentials`.
   *
   * @default - none; `serviceAccount` must be set
   */
  readonly staticCredentials?: AwsStaticCredentials;
  /**
   * Why static access keys are used instead of IRSA (at least 10 characters).
   *
   * @default - static credentials are refused
   */
  readonly acknowledgeStaticCredentials?: string;
}

/** Validates the shared AWS auth options and returns the renderer of `{ region, role, auth }`. */
export function awsGeneratorAuth(options: AwsGeneratorAuthOptions): (ctx: GeneratorContext) => any {
  validateAwsAuth(options, 'arn:aws:iam::123456789012:role/ecr-pull');
  return ctx => ({
    region: options.region,
    ...(options.role !== undefined ? { role: options.role } : {}),
    auth: renderAwsAuth(options, { serviceAccountRef: ctx._serviceAccountRef.bind(ctx), secretKeyRef: ctx._secretKeyRef.bind(ctx) }),
  });
}
