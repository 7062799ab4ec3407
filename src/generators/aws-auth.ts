import * as kplus from 'cdk8s-plus-28';
import { GeneratorContext } from './generator';
import { AwsStaticCredentials } from '../external-secrets/providers/aws';
import { requireReason } from '../external-secrets/providers/common';

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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

/** Validates the shared AWS auth options and returns the renderer of `{ region, role, auth }`. */
export function awsGeneratorAuth(options: AwsGeneratorAuthOptions): (ctx: GeneratorContext) => any {
  if (!REGION.test(options.region)) throw new Error(`'region' (${JSON.stringify(options.region)}) is not an AWS region; use e.g. "eu-central-1"`);
  if (options.role !== undefined && !ROLE_ARN.test(options.role)) {
    throw new Error(`'role' (${JSON.stringify(options.role)}) must be an IAM role ARN; use e.g. "arn:aws:iam::123456789012:role/ecr-pull"`);
  }
  if ((options.serviceAccount === undefined) === (options.staticCredentials === undefined)) {
    throw new Error('exactly one of \'serviceAccount\' (IRSA, recommended) and \'staticCredentials\' must be set');
  }
  if (options.staticCredentials) requireReason('acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'static AWS access keys');
  if (options.audiences !== undefined && options.serviceAccount === undefined) throw new Error('\'audiences\' only applies with \'serviceAccount\'; remove it');
  return ctx => {
    const creds = options.staticCredentials;
    const auth = options.serviceAccount
      ? { jwt: { serviceAccountRef: ctx._serviceAccountRef('serviceAccount', options.serviceAccount, options.audiences) } }
      : {
        secretRef: {
          accessKeyIDSecretRef: ctx._secretKeyRef('staticCredentials.accessKeyId', creds!.accessKeyId),
          secretAccessKeySecretRef: ctx._secretKeyRef('staticCredentials.secretAccessKey', creds!.secretAccessKey),
          ...(creds!.sessionToken ? { sessionTokenSecretRef: ctx._secretKeyRef('staticCredentials.sessionToken', creds!.sessionToken) } : {}),
        },
      };
    return { region: options.region, ...(options.role !== undefined ? { role: options.role } : {}), auth };
  };
}
