import { ProviderContext, ProviderDefinition, requireNonEmpty, requireReason, STATIC_CREDENTIALS_RULE, validateUrl } from './common';
import { SecretKeyReference } from './references';
import { ValidationError } from '../../common/errors';

/** Props of `SecretStoreProvider.ibmSecretsManager()`. */
export interface IbmSecretsManagerProviderProps {
  /** The Secrets Manager instance URL, e.g. `https://<instance-id>.eu-de.secrets-manager.appdomain.cloud`. */
  readonly serviceUrl: string;
  /**
   * An IAM trusted profile ESO assumes with its own compute-resource token ("container auth", no stored
   * secret). Exactly one of `trustedProfile` and `apiKeySecret` is required.
   *
   * @default - none; `apiKeySecret` must be set
   */
  readonly trustedProfile?: string;
  /**
   * Path of the compute-resource token inside the ESO pod, for container auth.
   *
   * @default - ESO's default path
   */
  readonly tokenLocation?: string;
  /**
   * The IAM endpoint.
   *
   * @default - the public IBM Cloud IAM endpoint
   */
  readonly iamEndpoint?: string;
  /**
   * An IBM Cloud API key held in a Secret; needs `acknowledgeStaticCredentials`.
   *
   * @default - none; `trustedProfile` must be set
   */
  readonly apiKeySecret?: SecretKeyReference;
  /**
   * Why an API key is used instead of a trusted profile (at least 10 characters).
   *
   * @default - static credentials are refused
   */
  readonly acknowledgeStaticCredentials?: string;
}

/** The validated `spec.provider.ibm` definition. */
export function ibmSecretsManagerProvider(props: IbmSecretsManagerProviderProps): ProviderDefinition {
  validateUrl(undefined, 'serviceUrl', props.serviceUrl);
  if (props.iamEndpoint !== undefined) validateUrl(undefined, 'iamEndpoint', props.iamEndpoint);
  if ((props.trustedProfile === undefined) === (props.apiKeySecret === undefined)) {
    throw new ValidationError('exactly one of \'trustedProfile\' (container auth, recommended) and \'apiKeySecret\' must be set for the IBM Secrets Manager provider');
  }
  if (props.trustedProfile !== undefined) requireNonEmpty(undefined, 'trustedProfile', props.trustedProfile);
  if (props.tokenLocation !== undefined && props.trustedProfile === undefined) {
    throw new ValidationError('\'tokenLocation\' only applies with \'trustedProfile\'; remove it');
  }
  if (props.apiKeySecret) requireReason(undefined, 'acknowledgeStaticCredentials', props.acknowledgeStaticCredentials, 'an IBM Cloud API key');
  return {
    key: 'ibm',
    optIns: props.apiKeySecret ? [{ prop: 'acknowledgeStaticCredentials', id: STATIC_CREDENTIALS_RULE, reason: props.acknowledgeStaticCredentials! }] : [],
    render: (ctx: ProviderContext) => ({
      serviceUrl: props.serviceUrl,
      auth: props.trustedProfile !== undefined
        ? { containerAuth: { profile: props.trustedProfile, tokenLocation: props.tokenLocation, iamEndpoint: props.iamEndpoint } }
        : { secretRef: { secretApiKeySecretRef: ctx.secretKeyRef('apiKeySecret', props.apiKeySecret!), iamEndpoint: props.iamEndpoint } },
    }),
  };
}
