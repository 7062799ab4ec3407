import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { requireNonEmpty } from '../external-secrets/providers/common';

/** Options of a GCRAccessToken generator. */
export interface GcrAccessTokenOptions {
  /** The Google Cloud project of the registry. */
  readonly projectId: string;
  /** The Kubernetes service account (in the generator's namespace) bound to a Google service account through Workload Identity. */
  readonly serviceAccount: kplus.IServiceAccount;
  /** The GKE cluster's location, e.g. `europe-west1`. */
  readonly clusterLocation: string;
  /** The GKE cluster's name. */
  readonly clusterName: string;
  /**
   * The project of the GKE cluster.
   *
   * @default - `projectId`
   */
  readonly clusterProjectId?: string;
}

/** Props of a `GcrAccessToken`. */
export interface GcrAccessTokenProps extends ResourceProps, GcrAccessTokenOptions {}

/** Google access tokens obtained through Workload Identity live about 15 minutes in ESO's experience (issue #6690). */
const GCR_TOKEN_LIFETIME = Duration.minutes(15);
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** What GcrAccessTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const GCR_ACCESS_TOKEN_REQUIRED: readonly (keyof GcrAccessTokenOptions & string)[] = ['projectId', 'clusterLocation', 'clusterName', 'serviceAccount'];

/**
 * A `GCRAccessToken` generator: Artifact Registry / GCR credentials (`username`, `password`, `expiry`) for
 * about 15 minutes, obtained with GKE Workload Identity (no service-account key in a Secret).
 */
export class GcrAccessToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: GcrAccessTokenOptions): GeneratorSpec {
    return gcrAccessTokenSpec(undefined, requireProps(options, 'GcrAccessTokenOptions', GCR_ACCESS_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: GcrAccessTokenProps) {
    super(scope, id, 'GCRAccessToken', requireProps(props, 'GcrAccessTokenProps', GCR_ACCESS_TOKEN_REQUIRED, scope, id));
    this._useSpec(gcrAccessTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function gcrAccessTokenSpec(scope: IConstruct | undefined, options: GcrAccessTokenOptions): GeneratorSpec {
  for (const [prop, value] of [['projectId', options.projectId], ['clusterProjectId', options.clusterProjectId]] as const) {
    if (value !== undefined && !PROJECT.test(value)) throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) is not a Google Cloud project ID: 6 to 30 lower-case letters, digits or '-', starting with a letter`, scope);
  }
  requireNonEmpty(scope, 'clusterLocation', options.clusterLocation);
  requireNonEmpty(scope, 'clusterName', options.clusterName);
  return GeneratorSpec._of({ kind: 'GCRAccessToken', outputKeys: ['username', 'password', 'expiry'], rotating: true, maxLifetime: GCR_TOKEN_LIFETIME }, ctx => ({
    projectID: options.projectId,
    auth: {
      workloadIdentity: {
        clusterLocation: options.clusterLocation,
        clusterName: options.clusterName,
        ...(options.clusterProjectId !== undefined ? { clusterProjectID: options.clusterProjectId } : {}),
        serviceAccountRef: ctx._serviceAccountRef('serviceAccount', options.serviceAccount),
      },
    },
  }));
}
