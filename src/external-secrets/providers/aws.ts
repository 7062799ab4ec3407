import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ProviderContext, ProviderDefinition, requireReason, STATIC_CREDENTIALS_RULE } from './common';
import { SecretKeyReference } from './references';
import { ValidationError } from '../../common/errors';
import { requireProps } from '../../common/required-props';

/** Static AWS access keys held in Secrets. */
export interface AwsStaticCredentials {
  /** The access key ID. */
  readonly accessKeyId: SecretKeyReference;
  /** The secret access key. */
  readonly secretAccessKey: SecretKeyReference;
  /**
   * A session token, for temporary credentials.
   *
   * @default - none
   */
  readonly sessionToken?: SecretKeyReference;
}

/**
 * How ESO authenticates to AWS: the one AWS auth struct, taken by the AWS store providers
 * (`SecretStoreProvider.awsSecretsManager()`, `.awsParameterStore()`) and the AWS generators
 * (`EcrAuthorizationToken`, `StsSessionToken`), whose `auth` blocks have the same shape.
 */
export interface AwsAuthOptions {
  /** The AWS region, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * The service account whose token ESO exchanges for AWS credentials (IRSA: the account is annotated with
   * `eks.amazonaws.com/role-arn`). On a ClusterSecretStore a `ReferentServiceAccount` means referent auth; a
   * generator's account must be in the generator's namespace. Exactly one of `serviceAccount` and
   * `staticCredentials` is required.
   *
   * @default - none; `staticCredentials` must be set
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Audiences of the minted token.
   *
   * @default - ESO's default for AWS (`sts.amazonaws.com`)
   */
  readonly audiences?: string[];
  /**
   * An IAM role ARN to assume after authenticating, e.g. to narrow access per store.
   *
   * @default - the authenticated identity is used directly
   */
  readonly role?: string;
  /**
   * Static access keys held in Secrets (a generator's in its own namespace); needs
   * `acknowledgeStaticCredentials`.
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

/** How a service-account or Secret reference is rendered where AWS auth is used (a store or a generator). */
export interface AwsAuthReferences {
  serviceAccountRef(prop: string, account: kplus.IServiceAccount, audiences?: string[]): any;
  secretKeyRef(prop: string, ref: SecretKeyReference): any;
}

/**
 * Checks region, role ARN and the choice between IRSA and static keys. Shared by the AWS store providers
 * and the ECR/STS generators, whose auth blocks have the same shape.
 */
export function validateAwsAuth(scope: IConstruct | undefined, props: AwsAuthOptions, exampleRole: string): void {
  if (!REGION.test(props.region)) {
    throw new ValidationError(`'region' (${JSON.stringify(props.region)}) is not an AWS region; use e.g. "eu-central-1"`, scope);
  }
  if (props.role !== undefined && !ROLE_ARN.test(props.role)) {
    throw new ValidationError(`'role' (${JSON.stringify(props.role)}) must be an IAM role ARN; use e.g. "${exampleRole}"`, scope);
  }
  if ((props.serviceAccount === undefined) === (props.staticCredentials === undefined)) {
    throw new ValidationError('exactly one of \'serviceAccount\' (IRSA, recommended) and \'staticCredentials\' must be set', scope);
  }
  if (props.staticCredentials) {
    requireProps(props.staticCredentials, 'AwsStaticCredentials', ['accessKeyId', 'secretAccessKey'], scope);
    requireReason(scope, 'acknowledgeStaticCredentials', props.acknowledgeStaticCredentials, 'static AWS access keys');
  }
  if (props.audiences !== undefined && props.serviceAccount === undefined) {
    throw new ValidationError('\'audiences\' only applies with \'serviceAccount\'; remove it', scope);
  }
}

/** The `auth` block: a service-account JWT (IRSA), or static keys held in Secrets. */
export function renderAwsAuth(props: AwsAuthOptions, refs: AwsAuthReferences): any {
  const creds = props.staticCredentials;
  if (props.serviceAccount) {
    return { jwt: { serviceAccountRef: refs.serviceAccountRef('serviceAccount', props.serviceAccount, props.audiences) } };
  }
  return {
    secretRef: {
      accessKeyIDSecretRef: refs.secretKeyRef('staticCredentials.accessKeyId', creds!.accessKeyId),
      secretAccessKeySecretRef: refs.secretKeyRef('staticCredentials.secretAccessKey', creds!.secretAccessKey),
      sessionTokenSecretRef: creds!.sessionToken ? refs.secretKeyRef('staticCredentials.sessionToken', creds!.sessionToken) : undefined,
    },
  };
}

/** The validated `spec.provider.aws` definition for one AWS service. */
export function awsProvider(service: string, props: AwsAuthOptions): ProviderDefinition {
  validateAwsAuth(undefined, props, 'arn:aws:iam::123456789012:role/eso-reader');
  return {
    optIns: props.staticCredentials ? [{ prop: 'acknowledgeStaticCredentials', id: STATIC_CREDENTIALS_RULE, reason: props.acknowledgeStaticCredentials! }] : [],
    key: 'aws',
    render: (ctx: ProviderContext) => ({
      service,
      region: props.region,
      role: props.role,
      sessionTagsPolicy: 'None',
      auth: renderAwsAuth(props, ctx),
    }),
  };
}
