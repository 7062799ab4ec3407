/**
 * The AWS Secrets and Configuration Provider (ASCP) of the Secrets Store CSI driver (`provider: aws`).
 *
 * Parameter names as the provider parses them: aws/secrets-store-csi-driver-provider-aws `server/server.go`
 * (`region`, `failoverRegion`, `pathTranslation`, `usePodIdentity`, `objects`) and `provider/secret_descriptor.go`
 * (each object `objectName`, `objectType` `secretsmanager`|`ssmparameter`, `objectAlias`, `objectVersion`,
 * `objectVersionLabel`, `jmesPath` with `path` and `objectAlias`); https://docs.aws.amazon.com/secretsmanager/latest/userguide/ascp-examples.html.
 * The provider authenticates as the pod's service account only (IRSA or EKS Pod Identity), so there is no
 * static credential to configure.
 */
import { ValidationError } from '../common/errors';
import { CsiProviderDefinition, refuseDuplicateFiles, requireObjects, requireText, validateFileName, yamlList } from './private/common';
import { requireProps } from '../common/required-props';

/** How the provider turns the pod's service account into AWS credentials (`usePodIdentity`). */
export enum CsiAwsAuthentication {
  /** IAM Roles for Service Accounts: the account's `eks.amazonaws.com/role-arn` annotation names the role. */
  IRSA = 'irsa',
  /** EKS Pod Identity: a pod identity association maps the account to a role. */
  POD_IDENTITY = 'pod-identity',
}

/** The AWS service an object is read from (`objectType`). */
export enum CsiAwsObjectType {
  /** AWS Secrets Manager. */
  SECRETS_MANAGER = 'secretsmanager',
  /** AWS Systems Manager Parameter Store. */
  SSM_PARAMETER = 'ssmparameter',
}

/** A key of a JSON secret written to its own file. */
export interface CsiAwsJmesPath {
  /** The JMESPath expression, e.g. `username`; a key with a hyphen is a quoted identifier, e.g. `"db-user"`. */
  readonly path: string;
  /** The file it is written to. */
  readonly objectAlias: string;
}

/** One secret or parameter the provider writes to a file. */
export interface CsiAwsObject {
  /** The secret's or parameter's name, or its full ARN (in `region`). */
  readonly objectName: string;
  /** The service it lives in. */
  readonly objectType: CsiAwsObjectType;
  /**
   * The file it is written to.
   *
   * @default - `objectName` with '/' replaced by '_' (the provider's default path translation)
   */
  readonly objectAlias?: string;
  /**
   * A version ID (Secrets Manager) or version number (Parameter Store).
   *
   * @default - the current version
   */
  readonly objectVersion?: string;
  /**
   * A version stage (Secrets Manager) or parameter label (Parameter Store).
   *
   * @default - the current version
   */
  readonly objectVersionLabel?: string;
  /**
   * Keys of a JSON value, each also written to its own file.
   *
   * @default - none
   */
  readonly jmesPath?: CsiAwsJmesPath[];
}

/** Props of `CsiSecretProvider.aws()`. */
export interface CsiAwsProviderProps {
  /** The region of the secrets, e.g. `eu-central-1` (given, so the provider need not look it up per mount). */
  readonly region: string;
  /** What to read. */
  readonly objects: CsiAwsObject[];
  /**
   * How the pod's service account obtains AWS credentials.
   *
   * @default CsiAwsAuthentication.IRSA
   */
  readonly authentication?: CsiAwsAuthentication;
  /**
   * A second region to read the same names from when the first is unavailable.
   *
   * @default - none
   */
  readonly failoverRegion?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ARN = /^arn:aws(-[a-z]+)*:(secretsmanager|ssm):([a-z0-9-]+):\d{12}:(secret|parameter)[:/].+$/;

/** The validated `provider: aws` definition. */
export function awsCsiProvider(props: CsiAwsProviderProps): CsiProviderDefinition {
  for (const [prop, region] of [['region', props.region], ['failoverRegion', props.failoverRegion]]) {
    if (region !== undefined && !REGION.test(region)) {
      throw new ValidationError(`'${prop}' (${JSON.stringify(region)}) is not an AWS region; use e.g. "eu-central-1"`);
    }
  }
  if (props.failoverRegion === props.region) {
    throw new ValidationError(`'failoverRegion' (${props.region}) equals 'region'; name another region or remove it`);
  }
  requireObjects(undefined, 'objects', props.objects);
  const objects = props.objects.map((o, i) => awsObject(`objects[${i}]`, o, props.region));
  const fileNames = props.objects.flatMap(o => [awsFileName(o), ...(o.jmesPath ?? []).map(j => j.objectAlias)]);
  refuseDuplicateFiles(undefined, 'objects', fileNames);
  return {
    provider: 'aws',
    fileNames,
    parameters: {
      region: props.region,
      ...props.failoverRegion !== undefined ? { failoverRegion: props.failoverRegion } : {},
      usePodIdentity: String((props.authentication ?? CsiAwsAuthentication.IRSA) === CsiAwsAuthentication.POD_IDENTITY),
      objects: yamlList(objects),
    },
  };
}

/** The file an object lands in: its alias, else its name with '/' translated to '_' (leading '/' included). */
function awsFileName(o: CsiAwsObject): string {
  return o.objectAlias ?? o.objectName.replace(/\//g, '_');
}

function awsObject(prop: string, o: CsiAwsObject, region: string): { [key: string]: unknown } {
  requireProps(o, 'CsiAwsObject', ['objectName', 'objectType']);
  requireText(undefined, `${prop}.objectName`, o.objectName);
  const arn = ARN.exec(o.objectName);
  if (o.objectName.startsWith('arn:')) {
    const service = o.objectType === CsiAwsObjectType.SECRETS_MANAGER ? 'secretsmanager' : 'ssm';
    if (!arn || arn[2] !== service) {
      throw new ValidationError(`'${prop}.objectName' (${JSON.stringify(o.objectName)}) is not an ARN of ${o.objectType}; use e.g. "arn:aws:${service}:${region}:123456789012:${service === 'ssm' ? 'parameter/app/db' : 'secret:app/db-AbCdEf'}"`);
    }
    if (arn[3] !== region) {
      throw new ValidationError(`'${prop}.objectName' (${JSON.stringify(o.objectName)}) is in region ${arn[3]}, but the provider reads from 'region' ${region}; the provider refuses the mount, so use an ARN in ${region}`);
    }
    if (o.objectAlias === undefined) {
      throw new ValidationError(`'${prop}.objectAlias' is required with an ARN (${JSON.stringify(o.objectName)}): the file would be named after the ARN; name the file, e.g. "db-credentials"`);
    }
  }
  if (o.objectAlias !== undefined) validateFileName(undefined, `${prop}.objectAlias`, o.objectAlias);
  else validateFileName(undefined, `${prop}.objectName`, awsFileName(o));
  if (o.objectVersion !== undefined) requireText(undefined, `${prop}.objectVersion`, o.objectVersion);
  if (o.objectVersionLabel !== undefined) requireText(undefined, `${prop}.objectVersionLabel`, o.objectVersionLabel);
  if (o.objectType === CsiAwsObjectType.SSM_PARAMETER && o.objectVersion !== undefined && o.objectVersionLabel !== undefined) {
    throw new ValidationError(`'${prop}' sets both objectVersion and objectVersionLabel, which the provider refuses for a parameter; keep one`);
  }
  if (o.jmesPath !== undefined && o.jmesPath.length === 0) throw new ValidationError(`'${prop}.jmesPath' is empty; omit it`);
  const jmesPath = o.jmesPath?.map((j, k) => ({
    path: requireText(undefined, `${prop}.jmesPath[${k}].path`, j.path),
    objectAlias: validateFileName(undefined, `${prop}.jmesPath[${k}].objectAlias`, j.objectAlias),
  }));
  return {
    objectName: o.objectName,
    objectType: o.objectType,
    objectAlias: o.objectAlias,
    objectVersion: o.objectVersion,
    objectVersionLabel: o.objectVersionLabel,
    jmesPath,
  };
}
