import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredentialsIn } from '../common/literals';
import { validateSecretKey } from '../common/names';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { VaultProviderProps, vaultProvider } from '../external-secrets/providers/vault';

/** `spec.resultType`: which part of Vault's response becomes the generator's output. */
export enum VaultDynamicSecretResultType {
  /** The response's `data` (e.g. database `username`/`password`; the CRD default). */
  DATA = 'Data',
  /** The response's `auth` (e.g. a token from a login endpoint). */
  AUTH = 'Auth',
  /** The whole raw response. */
  RAW = 'Raw',
}

/** Options of a VaultDynamicSecret generator. */
export interface VaultDynamicSecretOptions {
  /** The Vault API path to read or write, e.g. `database/creds/app` (without `/v1/`). */
  readonly path: string;
  /**
   * The Vault server and how ESO logs in. Use `VaultAuth.kubernetes()` or `VaultAuth.jwt()` with a service
   * account in the generator's namespace; static credentials need their written reason.
   */
  readonly provider: VaultProviderProps;
  /**
   * The lifetime of the lease Vault issues (the role's `default_ttl`), declared here so an ExternalSecret
   * refreshes within it.
   */
  readonly maxLifetime: Duration;
  /**
   * The keys Vault returns, e.g. `['username', 'password']`.
   *
   * @default - not declared
   */
  readonly outputKeys?: string[];
  /**
   * The HTTP method.
   *
   * @default - ESO's default (GET)
   */
  readonly method?: string;
  /**
   * The request body for POST/PUT, e.g. `{ common_name: 'app.example.com' }` for PKI.
   *
   * Refused when a value (at any depth) holds a credential (the value would be committed to Git); a value
   * Vault needs as input that is secret belongs in Vault itself, not in the request.
   *
   * @default - none
   */
  readonly parameters?: { [key: string]: any };
  /** @default VaultDynamicSecretResultType.DATA */
  readonly resultType?: VaultDynamicSecretResultType;
  /**
   * Accept an empty response instead of failing the sync.
   *
   * @default false
   */
  readonly allowEmptyResponse?: boolean;
}

/** Props of a `VaultDynamicSecret`. */
export interface VaultDynamicSecretProps extends ResourceProps, VaultDynamicSecretOptions {}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'LIST'];
const PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.:@-]+)*$/;

/** What VaultDynamicSecretOptions declares without '?': a plain JavaScript caller may still leave it out. */
const VAULT_DYNAMIC_SECRET_REQUIRED: readonly (keyof VaultDynamicSecretOptions & string)[] = ['provider', 'path', 'maxLifetime'];

/**
 * A `VaultDynamicSecret` generator: a lease from a Vault secrets engine (database credentials, PKI
 * certificates, cloud credentials). Its lifetime is declared by the user; the Vault provider is rendered
 * like a SecretStore's, with the Kubernetes auth `mountPath` always written.
 */
export class VaultDynamicSecret extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: VaultDynamicSecretOptions): GeneratorSpec {
    return vaultDynamicSecretSpec(undefined, requireProps(options, 'VaultDynamicSecretOptions', VAULT_DYNAMIC_SECRET_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: VaultDynamicSecretProps) {
    super(scope, id, 'VaultDynamicSecret', requireProps(props, 'VaultDynamicSecretProps', VAULT_DYNAMIC_SECRET_REQUIRED, scope, id));
    this._useSpec(vaultDynamicSecretSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function vaultDynamicSecretSpec(scope: IConstruct | undefined, options: VaultDynamicSecretOptions): GeneratorSpec {
  if (!PATH.test(options.path)) {
    throw new ValidationError(`'path' (${JSON.stringify(options.path)}) must be a Vault API path without leading '/' or 'v1/', e.g. "database/creds/app"`, scope);
  }
  if (options.path.startsWith('v1/')) throw new ValidationError(`'path' (${options.path}) must not start with 'v1/'; ESO adds it, use e.g. "${options.path.slice(3)}"`, scope);
  durationMillis(scope, 'maxLifetime', options.maxLifetime, { min: Duration.seconds(2) });
  const method = options.method?.toUpperCase();
  if (method !== undefined && !METHODS.includes(method)) throw new ValidationError(`'method' (${JSON.stringify(options.method)}) must be one of ${METHODS.join(', ')}`, scope);
  if (options.parameters !== undefined && (method === undefined || method === 'GET' || method === 'LIST')) {
    throw new ValidationError(`'parameters' are sent as a request body, which ${method ?? 'GET'} does not have; set method: 'POST' (or PUT), or use no parameters`, scope);
  }
  const outputKeys = options.outputKeys ?? [];
  outputKeys.forEach(k => validateSecretKey(scope, 'outputKeys', k));
  const provider = vaultProvider(options.provider);
  const parameters = options.parameters === undefined ? undefined : JSON.parse(JSON.stringify(options.parameters));
  refuseCredentialsIn(scope, 'parameters', parameters);
  return GeneratorSpec._of({ kind: 'VaultDynamicSecret', outputKeys, rotating: true, maxLifetime: options.maxLifetime }, ctx => ({
    path: options.path,
    ...(method !== undefined ? { method } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
    resultType: options.resultType ?? VaultDynamicSecretResultType.DATA,
    allowEmptyResponse: options.allowEmptyResponse ?? false,
    provider: JSON.parse(JSON.stringify(provider.render(ctx._providerContext()))),
  }));
}
