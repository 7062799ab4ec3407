import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorContext, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { requireNonEmpty, requireReason, validateUrl, SECRET_KEY_REFERENCE_REQUIRED } from '../external-secrets/providers/common';
import { SecretKeyReference } from '../external-secrets/providers/references';

/** How ESO authenticates to Grafana to manage service accounts; both hold a static credential in a Secret. */
export class GrafanaAuth {
  /**
   * A Grafana service-account token in a Secret.
   *
   * @param reason why a long-lived Grafana token is acceptable here (at least 10 characters)
   */
  public static token(token: SecretKeyReference, reason: string): GrafanaAuth {
    requireProps(token, 'SecretKeyReference', SECRET_KEY_REFERENCE_REQUIRED);
    requireReason(undefined, 'auth.token reason', reason, 'a long-lived Grafana token in a Secret');
    return new GrafanaAuth(ctx => ({ token: ctx._secretKeyRef('auth.token', token) }));
  }

  /**
   * Basic auth with a user name and a password held in a Secret.
   *
   * @param reason why a long-lived Grafana password is acceptable here (at least 10 characters)
   */
  public static basic(username: string, passwordSecret: SecretKeyReference, reason: string): GrafanaAuth {
    requireProps(passwordSecret, 'SecretKeyReference', SECRET_KEY_REFERENCE_REQUIRED);
    requireNonEmpty(undefined, 'auth.basic.username', username);
    requireReason(undefined, 'auth.basic reason', reason, 'a long-lived Grafana password in a Secret');
    return new GrafanaAuth(ctx => ({ basic: { username, password: ctx._secretKeyRef('auth.basic.password', passwordSecret) } }));
  }

  private constructor(private readonly renderer: (ctx: GeneratorContext) => any) {}

  /** @internal */
  public _render(ctx: GeneratorContext): any {
    return this.renderer(ctx);
  }
}

/** The Grafana role of the generated service account. */
export class GrafanaRole {
  /** Read-only access (the default). */
  public static readonly VIEWER = new GrafanaRole('Viewer');
  /** Can edit dashboards. */
  public static readonly EDITOR = new GrafanaRole('Editor');
  /** Organization admin. */
  public static readonly ADMIN = new GrafanaRole('Admin');
  /** A custom role name. */
  public static custom(name: string): GrafanaRole {
    return new GrafanaRole(requireNonEmpty(undefined, 'serviceAccountRole', name));
  }

  private constructor(
    /** The role name. */
    public readonly name: string) {}
}

/** Options of a Grafana generator. */
export interface GrafanaOptions {
  /** The Grafana URL. */
  readonly url: string;
  /** How ESO authenticates to Grafana. */
  readonly auth: GrafanaAuth;
  /** The Grafana service account created or reused (not a Kubernetes ServiceAccount). */
  readonly serviceAccountName: string;
  /** @default GrafanaRole.VIEWER */
  readonly serviceAccountRole?: GrafanaRole;
  /** How long each generated token is valid (`secondsToLive`); an ExternalSecret refreshes within it. */
  readonly tokenLifetime: Duration;
}

/** Props of a `Grafana`. */
export interface GrafanaProps extends ResourceProps, GrafanaOptions {}

/** What GrafanaOptions declares without '?': a plain JavaScript caller may still leave it out. */
const GRAFANA_REQUIRED: readonly (keyof GrafanaOptions & string)[] = ['url', 'auth', 'serviceAccountName', 'tokenLifetime'];

/**
 * A `Grafana` generator: a Grafana service-account token (`login`, `token`) that expires after
 * `tokenLifetime`. The service account gets the Viewer role unless another is chosen.
 */
export class Grafana extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: GrafanaOptions): GeneratorSpec {
    return grafanaSpec(undefined, requireProps(options, 'GrafanaOptions', GRAFANA_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id, 'Grafana', requireProps(props, 'GrafanaProps', GRAFANA_REQUIRED, scope, id));
    this._useSpec(grafanaSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function grafanaSpec(scope: IConstruct | undefined, options: GrafanaOptions): GeneratorSpec {
  validateUrl(scope, 'url', options.url);
  requireNonEmpty(scope, 'serviceAccountName', options.serviceAccountName);
  const ms = durationMillis(scope, 'tokenLifetime', options.tokenLifetime, { min: Duration.seconds(2) });
  if (ms % 1000 !== 0) throw new ValidationError(`'tokenLifetime' (${ms}ms) must be a whole number of seconds`, scope);
  return GeneratorSpec._of({ kind: 'Grafana', outputKeys: ['login', 'token'], rotating: true, maxLifetime: options.tokenLifetime }, ctx => ({
    url: options.url,
    auth: options.auth._render(ctx),
    serviceAccount: { name: options.serviceAccountName, role: (options.serviceAccountRole ?? GrafanaRole.VIEWER).name, secondsToLive: ms / 1000 },
  }));
}
