import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { validateSecretKey } from '../common/names';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { requireNonEmpty, requireReason, validateUrl } from '../external-secrets/providers/common';
import { CaProvider, SecretKeyReference } from '../external-secrets/providers/references';

/** Options of a BeyondtrustWorkloadCredentialsDynamicSecret generator. */
export interface BeyondtrustWorkloadCredentialsOptions {
  /** The BeyondTrust API URL. */
  readonly apiUrl: string;
  /** The BeyondTrust site ID. */
  readonly siteId: string;
  /** The API key in a Secret in the generator's namespace. */
  readonly apiKey: SecretKeyReference;
  /** Why a long-lived API key is stored in a Secret (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
  /** How long the issued credentials stay valid, declared so an ExternalSecret refreshes within it. */
  readonly maxLifetime: Duration;
  /**
   * The folder of the dynamic secret.
   *
   * @default - none
   */
  readonly folderPath?: string;
  /**
   * The keys the credentials are returned under.
   *
   * @default - not declared
   */
  readonly outputKeys?: string[];
  /**
   * The CA the API's certificate chains to.
   *
   * @default - the controller's system trust store
   */
  readonly caProvider?: CaProvider;
}

/** Props of a `BeyondtrustWorkloadCredentials`. */
export interface BeyondtrustWorkloadCredentialsProps extends ResourceProps, BeyondtrustWorkloadCredentialsOptions {}

/** What BeyondtrustWorkloadCredentialsOptions declares without '?': a plain JavaScript caller may still leave it out. */
const BEYONDTRUST_WORKLOAD_CREDENTIALS_REQUIRED: readonly (keyof BeyondtrustWorkloadCredentialsOptions & string)[] = ['apiUrl', 'siteId', 'apiKey', 'maxLifetime', 'acknowledgeStaticCredentials'];

/**
 * A `BeyondtrustWorkloadCredentialsDynamicSecret` generator: dynamic credentials from BeyondTrust, with a
 * user-declared lifetime. The API key is a static credential and needs its written reason.
 */
export class BeyondtrustWorkloadCredentials extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: BeyondtrustWorkloadCredentialsOptions): GeneratorSpec {
    return beyondtrustWorkloadCredentialsSpec(undefined, requireProps(options, 'BeyondtrustWorkloadCredentialsOptions', BEYONDTRUST_WORKLOAD_CREDENTIALS_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: BeyondtrustWorkloadCredentialsProps) {
    super(scope, id, 'BeyondtrustWorkloadCredentialsDynamicSecret', requireProps(props, 'BeyondtrustWorkloadCredentialsProps', BEYONDTRUST_WORKLOAD_CREDENTIALS_REQUIRED, scope, id));
    this._useSpec(beyondtrustWorkloadCredentialsSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function beyondtrustWorkloadCredentialsSpec(scope: IConstruct | undefined, options: BeyondtrustWorkloadCredentialsOptions): GeneratorSpec {
  validateUrl(scope, 'apiUrl', options.apiUrl);
  requireNonEmpty(scope, 'siteId', options.siteId);
  requireReason(scope, 'acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'a BeyondTrust API key in a Secret');
  durationMillis(scope, 'maxLifetime', options.maxLifetime, { min: Duration.seconds(2) });
  if (options.folderPath !== undefined) requireNonEmpty(scope, 'folderPath', options.folderPath);
  const outputKeys = options.outputKeys ?? [];
  outputKeys.forEach(k => validateSecretKey(scope, 'outputKeys', k));
  return GeneratorSpec._of({ kind: 'BeyondtrustWorkloadCredentialsDynamicSecret', outputKeys, rotating: true, maxLifetime: options.maxLifetime }, ctx => ({
    provider: {
      server: { apiUrl: options.apiUrl, siteId: options.siteId },
      auth: { apikey: { token: ctx._secretKeyRef('apiKey', options.apiKey) } },
      ...(options.folderPath !== undefined ? { folderPath: options.folderPath } : {}),
      ...(options.caProvider ? { caProvider: options.caProvider._render('caProvider', ctx._providerContext()) } : {}),
    },
  }));
}
