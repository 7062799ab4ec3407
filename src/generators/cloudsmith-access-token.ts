import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { validateUrl } from '../external-secrets/providers/common';

/** Options of a CloudsmithAccessToken generator. */
export interface CloudsmithAccessTokenOptions {
  /** The Cloudsmith organization slug. */
  readonly orgSlug: string;
  /** The Cloudsmith service slug the OIDC federation is configured for. */
  readonly serviceSlug: string;
  /** The service account (in the generator's namespace) whose token Cloudsmith's OIDC federation accepts. */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Audiences of the minted service-account token.
   *
   * @default - the API server's default audience
   */
  readonly audiences?: string[];
  /** How long the issued tokens stay valid, declared so an ExternalSecret refreshes within it. */
  readonly maxLifetime: Duration;
  /**
   * The Cloudsmith API URL.
   *
   * @default - Cloudsmith's public API
   */
  readonly apiUrl?: string;
}

/** Props of a `CloudsmithAccessToken`. */
export interface CloudsmithAccessTokenProps extends ResourceProps, CloudsmithAccessTokenOptions {}

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** What CloudsmithAccessTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const CLOUDSMITH_ACCESS_TOKEN_REQUIRED: readonly (keyof CloudsmithAccessTokenOptions & string)[] = ['orgSlug', 'serviceSlug', 'serviceAccount', 'maxLifetime'];

/**
 * A `CloudsmithAccessToken` generator: a short-lived Cloudsmith token obtained through OIDC federation with a
 * service-account token, so no API key is stored. Its output keys are not declared here (`outputKeys` is
 * empty).
 */
export class CloudsmithAccessToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: CloudsmithAccessTokenOptions): GeneratorSpec {
    return cloudsmithAccessTokenSpec(undefined, requireProps(options, 'CloudsmithAccessTokenOptions', CLOUDSMITH_ACCESS_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: CloudsmithAccessTokenProps) {
    super(scope, id, 'CloudsmithAccessToken', requireProps(props, 'CloudsmithAccessTokenProps', CLOUDSMITH_ACCESS_TOKEN_REQUIRED, scope, id));
    this._useSpec(cloudsmithAccessTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function cloudsmithAccessTokenSpec(scope: IConstruct | undefined, options: CloudsmithAccessTokenOptions): GeneratorSpec {
  for (const [prop, value] of [['orgSlug', options.orgSlug], ['serviceSlug', options.serviceSlug]]) {
    if (!SLUG.test(value)) throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) must be a Cloudsmith slug: lower-case letters, digits, '-' or '_', e.g. "my-org"`, scope);
  }
  durationMillis(scope, 'maxLifetime', options.maxLifetime, { min: Duration.seconds(2) });
  if (options.apiUrl !== undefined) validateUrl(scope, 'apiUrl', options.apiUrl);
  return GeneratorSpec._of({ kind: 'CloudsmithAccessToken', outputKeys: [], rotating: true, maxLifetime: options.maxLifetime }, ctx => ({
    orgSlug: options.orgSlug,
    serviceSlug: options.serviceSlug,
    serviceAccountRef: ctx._serviceAccountRef('serviceAccount', options.serviceAccount, options.audiences),
    ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}),
  }));
}
