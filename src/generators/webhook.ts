import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { requireNonEmpty, requireReason } from '../external-secrets/providers/common';
import { CaProvider, SecretKeyReference } from '../external-secrets/providers/references';
import { parseGoTemplate } from '../external-secrets/template-parser';

/** A Secret value the webhook request can use in its templates as `{{ .<name>.<key> }}`. */
export interface WebhookSecretRef {
  /** The name the value is referenced by in the URL, headers and body templates. */
  readonly name: string;
  /** The Secret key, in the generator's namespace. */
  readonly secret: SecretKeyReference;
}

/** Options of a Webhook generator. */
export interface WebhookGeneratorOptions {
  /**
   * The endpoint (https unless `acknowledgePlainHttp` is given); may contain templates. Refused when it
   * embeds `user:password@` or holds a credential, e.g. in its query (the value would be committed to Git);
   * pass it through `secrets` and a header template instead.
   */
  readonly url: string;
  /**
   * The HTTP method.
   *
   * @default - ESO's default
   */
  readonly method?: string;
  /**
   * Request headers (values may be templates referencing `secrets`).
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead, e.g. `Authorization: 'Bearer {{ .auth.token }}'` with `secrets: [{ name: 'auth', ... }]`.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };
  /**
   * The request body (a template).
   *
   * Refused when it holds a credential (the value would be committed to Git); reference the secret instead
   * (`{{ .auth.password }}`).
   *
   * @default - none
   */
  readonly body?: string;
  /**
   * A JSONPath selecting the value in the response, e.g. `$.data`.
   *
   * @default - the whole response
   */
  readonly resultJsonPath?: string;
  /**
   * Secret values the templates can use; they are sent to the endpoint, so keep the list minimal.
   *
   * @default - none
   */
  readonly secrets?: WebhookSecretRef[];
  /**
   * Request timeout.
   *
   * @default - ESO's default
   */
  readonly timeout?: Duration;
  /**
   * The CA the endpoint's certificate chains to.
   *
   * @default - the controller's system trust store
   */
  readonly caProvider?: CaProvider;
  /**
   * Whether the response expires and must be fetched again (a token), rather than being fetched once and kept.
   *
   * @default true
   */
  readonly rotating?: boolean;
  /**
   * How long a response stays valid, when known.
   *
   * @default - unknown
   */
  readonly maxLifetime?: Duration;
  /**
   * Why the endpoint is reached over plain http (at least 10 characters).
   *
   * @default - the url must use https
   */
  readonly acknowledgePlainHttp?: string;
}

/** Props of a `WebhookGenerator`. */
export interface WebhookGeneratorProps extends ResourceProps, WebhookGeneratorOptions {}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH'];
const TEMPLATE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What WebhookGeneratorOptions declares without '?': a plain JavaScript caller may still leave it out. */
const WEBHOOK_GENERATOR_REQUIRED: readonly (keyof WebhookGeneratorOptions & string)[] = ['url'];

/**
 * A `Webhook` generator: the (JSONPath-selected) response of an HTTP call. Its output keys depend on the
 * endpoint, so `outputKeys` is empty. NTLM auth (a static password) is not offered.
 */
export class WebhookGenerator extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: WebhookGeneratorOptions): GeneratorSpec {
    return webhookGeneratorSpec(undefined, requireProps(options, 'WebhookGeneratorOptions', WEBHOOK_GENERATOR_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: WebhookGeneratorProps) {
    super(scope, id, 'Webhook', requireProps(props, 'WebhookGeneratorProps', WEBHOOK_GENERATOR_REQUIRED, scope, id));
    this._useSpec(webhookGeneratorSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function webhookGeneratorSpec(scope: IConstruct | undefined, options: WebhookGeneratorOptions): GeneratorSpec {
  refuseCredential(scope, 'url', options.url);
  refuseCredentialsIn(scope, 'headers', options.headers);
  refuseCredential(scope, 'body', options.body);
  checkWebhookUrl(scope, options.url, options.acknowledgePlainHttp);
  const method = options.method?.toUpperCase();
  if (method !== undefined && !METHODS.includes(method)) throw new ValidationError(`'method' (${JSON.stringify(options.method)}) must be one of ${METHODS.join(', ')}`, scope);
  if (options.body !== undefined) parseGoTemplate('body', options.body);
  const headerNames = sortedStrings(Object.keys(options.headers ?? {}));
  headerNames.forEach(h => parseGoTemplate(`headers.${h}`, options.headers![h]));
  if (options.resultJsonPath !== undefined && !options.resultJsonPath.startsWith('$')) {
    throw new ValidationError(`'resultJsonPath' (${JSON.stringify(options.resultJsonPath)}) must be a JSONPath starting with '$', e.g. "$.token"`, scope);
  }
  const secrets = options.secrets ?? [];
  secrets.forEach(s => requireProps(s, 'WebhookSecretRef', ['name', 'secret'], scope));
  const names = secrets.map(s => s.name);
  for (const name of names) {
    requireNonEmpty(scope, 'secrets.name', name);
    if (!TEMPLATE_NAME.test(name)) throw new ValidationError(`'secrets.name' (${JSON.stringify(name)}) must be a template identifier (letters, digits, '_'), e.g. "auth"`, scope);
  }
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new ValidationError(`'secrets' names "${duplicate}" twice; use each name once`, scope);
  const timeout = options.timeout === undefined ? undefined : renderDuration(scope, 'timeout', options.timeout, { min: Duration.seconds(1) });
  const rotating = options.rotating ?? true;
  return GeneratorSpec._of({ kind: 'Webhook', outputKeys: [], rotating, maxLifetime: options.maxLifetime }, ctx => ({
    url: options.url,
    ...(method !== undefined ? { method } : {}),
    ...(headerNames.length > 0 ? { headers: { ...options.headers } } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    result: options.resultJsonPath !== undefined ? { jsonPath: options.resultJsonPath } : {},
    ...(secrets.length > 0 ? { secrets: secrets.map(s => ({ name: s.name, secretRef: ctx._secretKeyRef(`secrets[${s.name}]`, s.secret) })) } : {}),
    ...(options.caProvider ? { caProvider: options.caProvider._render('caProvider', ctx._providerContext()) } : {}),
  }));
}

/** The URL may carry templates and a query, so only its scheme and authority are checked. */
function checkWebhookUrl(scope: IConstruct | undefined, url: string, acknowledgePlainHttp: string | undefined): void {
  const m = /^(https?):\/\/([^/?#]+)/.exec(url);
  if (!m) throw new ValidationError(`'url' (${shownUrl(url)}) must start with https://<host>, e.g. "https://api.example.com/token"`, scope);
  // an unencoded '#' or '?' in a password ends the authority early: look for user:password@ up to the path too
  const userInfo = /^https?:\/\/[^:/?#@]*:([^/@]*)@/.exec(url);
  if (m[2].includes('@') || (userInfo !== null && !/^\d+[?#]/.test(userInfo[1]))) throw new ValidationError(`'url' (${shownUrl(url)}) must not embed credentials; pass them through 'secrets' and a header template`, scope);
  if (m[1] === 'http') requireReason(scope, 'acknowledgePlainHttp', acknowledgePlainHttp, `a plain http 'url' (${shownUrl(url)})`);
  parseGoTemplate('url', url);
}
