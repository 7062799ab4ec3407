import * as kplus from 'cdk8s-plus-28';
import { ProviderContext, ProviderDefinition, requireNonEmpty, requireReason, STATIC_CREDENTIALS_RULE } from './common';
import { SecretKeyReference } from './references';
import { ValidationError } from '../../common/errors';

/** Props of `SecretStoreProvider.gcpSecretManager()`. */
export interface GcpSecretManagerProviderProps {
  /** The Google Cloud project holding the secrets. */
  readonly projectId: string;
  /**
   * The Kubernetes service account bound to a Google service account through GKE Workload Identity.
   * On a ClusterSecretStore a `ReferentServiceAccount` means referent auth. Exactly one of
   * `serviceAccount` and `serviceAccountKey` is required.
   *
   * @default - none; `serviceAccountKey` must be set
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Location of the GKE cluster, when ESO runs outside it or the metadata server cannot tell.
   *
   * @default - read from the metadata server
   */
  readonly clusterLocation?: string;
  /**
   * Name of the GKE cluster.
   *
   * @default - read from the metadata server
   */
  readonly clusterName?: string;
  /**
   * Project of the GKE cluster, when it differs from `projectId`.
   *
   * @default - read from the metadata server
   */
  readonly clusterProjectId?: string;
  /**
   * Regional Secret Manager location, e.g. `europe-west3`.
   *
   * @default - global secrets
   */
  readonly location?: string;
  /**
   * A Google service-account JSON key held in a Secret; needs `acknowledgeStaticCredentials`.
   *
   * @default - none; `serviceAccount` must be set
   */
  readonly serviceAccountKey?: SecretKeyReference;
  /**
   * Why a service-account key is used instead of Workload Identity (at least 10 characters).
   *
   * @default - static credentials are refused
   */
  readonly acknowledgeStaticCredentials?: string;
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** The validated `spec.provider.gcpsm` definition. */
export function gcpSecretManagerProvider(props: GcpSecretManagerProviderProps): ProviderDefinition {
  for (const [prop, value] of [['projectId', props.projectId], ['clusterProjectId', props.clusterProjectId]]) {
    if (value !== undefined && !PROJECT_ID.test(value)) {
      throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) is not a Google Cloud project ID: 6 to 30 lowercase letters, digits or '-', starting with a letter; e.g. "my-project-123"`);
    }
  }
  if (props.clusterLocation !== undefined) requireNonEmpty(undefined, 'clusterLocation', props.clusterLocation);
  if (props.clusterName !== undefined) requireNonEmpty(undefined, 'clusterName', props.clusterName);
  if (props.location !== undefined) requireNonEmpty(undefined, 'location', props.location);
  if ((props.serviceAccount === undefined) === (props.serviceAccountKey === undefined)) {
    throw new ValidationError('exactly one of \'serviceAccount\' (Workload Identity, recommended) and \'serviceAccountKey\' must be set for the GCP Secret Manager provider');
  }
  if (props.serviceAccountKey) {
    requireReason(undefined, 'acknowledgeStaticCredentials', props.acknowledgeStaticCredentials, 'a Google service-account key');
  }
  return {
    key: 'gcpsm',
    optIns: props.serviceAccountKey ? [{ prop: 'acknowledgeStaticCredentials', id: STATIC_CREDENTIALS_RULE, reason: props.acknowledgeStaticCredentials! }] : [],
    render: (ctx: ProviderContext) => ({
      projectID: props.projectId,
      location: props.location,
      secretVersionSelectionPolicy: 'LatestOrFail',
      auth: props.serviceAccount
        ? {
          workloadIdentity: {
            serviceAccountRef: ctx.serviceAccountRef('serviceAccount', props.serviceAccount),
            clusterLocation: props.clusterLocation,
            clusterName: props.clusterName,
            clusterProjectID: props.clusterProjectId,
          },
        }
        : { secretRef: { secretAccessKeySecretRef: ctx.secretKeyRef('serviceAccountKey', props.serviceAccountKey!) } },
    }),
  };
}
