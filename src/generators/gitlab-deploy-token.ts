import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { shown } from '../common/redact';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { requireNonEmpty, requireReason, validateUrl } from '../external-secrets/providers/common';
import { SecretKeyReference } from '../external-secrets/providers/references';

/** A scope of a GitLab deploy token. */
export enum GitlabDeployTokenScope {
  /** Clone the repository (the default). */
  READ_REPOSITORY = 'read_repository',
  /** Pull from the container registry. */
  READ_REGISTRY = 'read_registry',
  /** Push to the container registry. */
  WRITE_REGISTRY = 'write_registry',
  /** Pull from the package registry. */
  READ_PACKAGE_REGISTRY = 'read_package_registry',
  /** Publish to the package registry. */
  WRITE_PACKAGE_REGISTRY = 'write_package_registry',
  /** Pull from the virtual registry. */
  READ_VIRTUAL_REGISTRY = 'read_virtual_registry',
  /** Push to the virtual registry. */
  WRITE_VIRTUAL_REGISTRY = 'write_virtual_registry',
}

/** Options of a GitlabDeployToken generator. */
export interface GitlabDeployTokenOptions {
  /** The name of the deploy tokens created in GitLab. */
  readonly tokenName: string;
  /**
   * The project the token is created for (ID or path). Exactly one of `projectId` and `groupId` is required.
   *
   * @default - none; `groupId` must be set
   */
  readonly projectId?: string;
  /**
   * The group the token is created for (ID or path), which reaches all its projects.
   *
   * @default - none; `projectId` must be set
   */
  readonly groupId?: string;
  /** @default [GitlabDeployTokenScope.READ_REPOSITORY] */
  readonly scopes?: GitlabDeployTokenScope[];
  /** A GitLab access token allowed to create deploy tokens, in a Secret in the generator's namespace. */
  readonly apiToken: SecretKeyReference;
  /** Why a long-lived GitLab access token is stored in a Secret (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
  /**
   * When the deploy tokens expire in GitLab: an RFC 3339 date-time (`2026-03-31T18:00:00Z`, `...+02:00`) or a
   * date (`2026-03-31`, midnight UTC), more than a day and at most 365 days after synthesis. Every token the
   * generator creates gets this same expiry. ESO revokes each token when it creates the next one; the expiry
   * bounds the tokens a failed revocation leaves behind, and a token that leaked. The date is fixed in the
   * output: apply a newer synthesis before it passes, or GitLab issues tokens that are already expired.
   *
   * @default - `validFor` after synthesis
   */
  readonly expiresAt?: string;
  /**
   * How long after synthesis the deploy tokens expire, extended to the following midnight UTC (so every
   * synthesis of one day writes the same date): at least one day, at most 365 days (GitLab's own limit for access tokens).
   * The date moves forward at each synthesis; apply a newer one within this time.
   *
   * @default Duration.days(90)
   */
  readonly validFor?: Duration;
  /**
   * The GitLab instance.
   *
   * @default - gitlab.com
   */
  readonly url?: string;
}

/** Props of a `GitlabDeployToken`. */
export interface GitlabDeployTokenProps extends ResourceProps, GitlabDeployTokenOptions {}

const DAY_MS = 86_400_000;
/** The longest expiry: GitLab's own maximum lifetime of personal, project and group access tokens. */
const MAX_VALIDITY = Duration.days(365);
const MIN_VALIDITY = Duration.days(1);
const DEFAULT_VALIDITY = Duration.days(90);
const EXPIRES_AT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/** What GitlabDeployTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const GITLAB_DEPLOY_TOKEN_REQUIRED: readonly (keyof GitlabDeployTokenOptions & string)[] = ['tokenName', 'apiToken', 'acknowledgeStaticCredentials'];

/**
 * A `GitlabDeployToken` generator: a new GitLab deploy token (`username`, `token`) at every refresh, with
 * `read_repository` only unless other scopes are named, expiring in GitLab 90 days after synthesis (or after
 * `SOURCE_DATE_EPOCH`, for reproducible output) unless
 * `expiresAt` or `validFor` say otherwise. It needs a GitLab access token in a Secret, so it is a
 * static-credential opt-in.
 */
export class GitlabDeployToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`; the expiry is computed when it is called. */
  public static spec(options: GitlabDeployTokenOptions): GeneratorSpec {
    requireProps(options, 'GitlabDeployTokenOptions', GITLAB_DEPLOY_TOKEN_REQUIRED);
    return gitlabDeployTokenSpec(undefined, options, gitlabDeployTokenExpiry(undefined, options));
  }

  /** When the tokens expire in GitLab (`spec.expiresAt`, RFC 3339 in UTC). */
  public readonly expiresAt: string;

  public constructor(scope: Construct, id: string, props: GitlabDeployTokenProps) {
    super(scope, id, 'GitlabDeployToken', requireProps(props, 'GitlabDeployTokenProps', GITLAB_DEPLOY_TOKEN_REQUIRED, scope, id));
    this.expiresAt = gitlabDeployTokenExpiry(this, props);
    this._useSpec(gitlabDeployTokenSpec(this, props, this.expiresAt));
  }
}

/**
 * `expiresAt` checked and normalized to UTC, or the midnight UTC following `validFor` (90 days) after the
 * synthesis date. ESO v2.9 knows only an absolute `expiresAt`, so a default has to be computed at synthesis; the
 * date is `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds convention) when it is set, so a build that must be
 * byte-identical on every machine and day pins it, else today.
 */
function gitlabDeployTokenExpiry(scope: IConstruct | undefined, options: GitlabDeployTokenOptions): string {
  const now = synthesisTime(scope);
  if (options.expiresAt !== undefined && options.validFor !== undefined) {
    throw new ValidationError('\'expiresAt\' and \'validFor\' are both set; keep one', scope);
  }
  if (options.expiresAt === undefined) {
    const validFor = durationMillis(scope, 'validFor', options.validFor ?? DEFAULT_VALIDITY, { min: MIN_VALIDITY, max: MAX_VALIDITY });
    return formatUtc((Math.floor((now + validFor) / DAY_MS) + 1) * DAY_MS);
  }
  const at = parseExpiresAt(scope, options.expiresAt);
  const synthesis = formatUtc(now);
  if (at <= now + MIN_VALIDITY.toMilliseconds()) {
    throw new ValidationError(`'expiresAt' (${formatUtc(at)}) is ${at <= now ? 'not after' : 'less than a day after'} this synthesis (${synthesis}): GitLab would issue tokens that are ${at <= now ? 'already expired' : 'about to expire'}; use a later date, or validFor`, scope);
  }
  if (at > now + MAX_VALIDITY.toMilliseconds()) {
    throw new ValidationError(`'expiresAt' (${formatUtc(at)}) is more than 365 days after this synthesis (${synthesis}); a leaked token would stay valid that long, use an earlier date`, scope);
  }
  return formatUtc(at);
}

/** An RFC 3339 date-time, or a date (midnight UTC), in milliseconds since the epoch. */
function parseExpiresAt(scope: IConstruct | undefined, value: string): number {
  refuseCredential(scope, 'expiresAt', value);
  const m = EXPIRES_AT.exec(value);
  const [year, month, day, hour, minute, second] = (m?.slice(1, 7) ?? []).map(v => Number(v ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = m !== null && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && hour < 24 && minute < 60 && second < 60;
  if (!valid) {
    throw new ValidationError(`'expiresAt' (${shown(value)}) must be an RFC 3339 date-time or a date; e.g. "2026-03-31T00:00:00Z" or "2026-03-31"`, scope);
  }
  return Math.floor(Date.parse(m[4] === undefined ? `${value}T00:00:00Z` : value) / 1000) * 1000;
}

/** `2026-03-31T00:00:00Z`: whole seconds, as Kubernetes writes a date-time. */
function formatUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
/** `SOURCE_DATE_EPOCH` in milliseconds when set, else the clock. */
function synthesisTime(scope: IConstruct | undefined): number {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return Date.now();
  if (!/^\d{1,12}$/.test(epoch)) {
    throw new ValidationError(`SOURCE_DATE_EPOCH (${JSON.stringify(epoch)}) must be whole seconds since 1970, e.g. "1767225600"; unset it to use today`, scope);
  }
  return Number(epoch) * 1000;
}

function gitlabDeployTokenSpec(scope: IConstruct | undefined, options: GitlabDeployTokenOptions, expiresAt: string): GeneratorSpec {
  requireNonEmpty(scope, 'tokenName', options.tokenName);
  if ((options.projectId === undefined) === (options.groupId === undefined)) {
    throw new ValidationError('exactly one of \'projectId\' and \'groupId\' must be set; prefer a project, a group token reaches all its projects', scope);
  }
  if (options.projectId !== undefined) requireNonEmpty(scope, 'projectId', options.projectId);
  if (options.groupId !== undefined) requireNonEmpty(scope, 'groupId', options.groupId);
  const scopes = options.scopes ?? [GitlabDeployTokenScope.READ_REPOSITORY];
  if (scopes.length === 0) throw new ValidationError('\'scopes\' is empty; list at least one, e.g. [GitlabDeployTokenScope.READ_REPOSITORY]', scope);
  const duplicate = scopes.find((s, i) => scopes.indexOf(s) !== i);
  if (duplicate) throw new ValidationError(`'scopes' lists ${duplicate} twice; list each scope once`, scope);
  const virtual = scopes.find(s => s === GitlabDeployTokenScope.READ_VIRTUAL_REGISTRY || s === GitlabDeployTokenScope.WRITE_VIRTUAL_REGISTRY);
  if (virtual && options.groupId !== undefined) throw new ValidationError(`'scopes' (${virtual}) is only available on project deploy tokens; use 'projectId' or drop the scope`, scope);
  requireReason(scope, 'acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'a GitLab access token in a Secret');
  if (options.url !== undefined) validateUrl(scope, 'url', options.url);
  return GeneratorSpec._of({ kind: 'GitlabDeployToken', outputKeys: ['username', 'token'], rotating: true }, ctx => ({
    name: options.tokenName,
    ...(options.projectId !== undefined ? { projectID: options.projectId } : { groupID: options.groupId }),
    scopes: sortedStrings(scopes),
    expiresAt,
    auth: { token: { secretRef: ctx._secretKeyRef('apiToken', options.apiToken) } },
    ...(options.url !== undefined ? { url: options.url } : {}),
  }));
}
