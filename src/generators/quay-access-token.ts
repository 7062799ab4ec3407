import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { validateUrl } from '../external-secrets/providers/common';

/** Options of a QuayAccessToken generator. */
export interface QuayAccessTokenOptions {
  /** The robot account federated with the service account, e.g. `my-org+ci`. */
  readonly robotAccount: string;
  /** The service account (in the generator's namespace) whose token Quay's robot federation accepts. */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Audiences of the minted service-account token, as configured in the robot's federation.
   *
   * @default - the API server's default audience
   */
  readonly audiences?: string[];
  /** How long the tokens your Quay issues stay valid, declared so an ExternalSecret refreshes within it. */
  readonly maxLifetime: Duration;
  /**
   * The Quay instance, for a self-hosted registry.
   *
   * @default - quay.io
   */
  readonly url?: string;
}

/** Props of a `QuayAccessToken`. */
export interface QuayAccessTokenProps extends ResourceProps, QuayAccessTokenOptions {}

const ROBOT = /^[a-z0-9][a-z0-9._-]*\+[a-z][a-z0-9_]{1,254}$/;

/** What QuayAccessTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const QUAY_ACCESS_TOKEN_REQUIRED: readonly (keyof QuayAccessTokenOptions & string)[] = ['robotAccount', 'serviceAccount', 'maxLifetime'];

/**
 * A `QuayAccessToken` generator: a short-lived Quay token (`registry`, `auth`, `expiry`) obtained through
 * robot-account federation with a service-account token, so no robot password is stored.
 */
export class QuayAccessToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: QuayAccessTokenOptions): GeneratorSpec {
    return quayAccessTokenSpec(undefined, requireProps(options, 'QuayAccessTokenOptions', QUAY_ACCESS_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: QuayAccessTokenProps) {
    super(scope, id, 'QuayAccessToken', requireProps(props, 'QuayAccessTokenProps', QUAY_ACCESS_TOKEN_REQUIRED, scope, id));
    this._useSpec(quayAccessTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function quayAccessTokenSpec(scope: IConstruct | undefined, options: QuayAccessTokenOptions): GeneratorSpec {
  if (!ROBOT.test(options.robotAccount)) {
    throw new ValidationError(`'robotAccount' (${JSON.stringify(options.robotAccount)}) must be "<namespace>+<robot>", e.g. "my-org+ci"`, scope);
  }
  durationMillis(scope, 'maxLifetime', options.maxLifetime, { min: Duration.seconds(2) });
  if (options.url !== undefined) validateUrl(scope, 'url', options.url);
  return GeneratorSpec._of({ kind: 'QuayAccessToken', outputKeys: ['registry', 'auth', 'expiry'], rotating: true, maxLifetime: options.maxLifetime }, ctx => ({
    robotAccount: options.robotAccount,
    serviceAccountRef: ctx._serviceAccountRef('serviceAccount', options.serviceAccount, options.audiences),
    ...(options.url !== undefined ? { url: options.url } : {}),
  }));
}
