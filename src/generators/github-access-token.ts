import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { ResourceProps } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { validateUrl } from '../external-secrets/providers/common';
import { SecretKeyReference } from '../external-secrets/providers/references';

/** Options of a GithubAccessToken generator. */
export interface GithubAccessTokenOptions {
  /** The GitHub App's ID (digits). */
  readonly appId: string;
  /** The ID of the App's installation in the organization or account (digits). */
  readonly installId: string;
  /**
   * The App's private key (PEM) in a Secret. ESO reads it in the namespace of the ExternalSecret using the
   * generator, so it must be in the generator's namespace.
   */
  readonly privateKey: SecretKeyReference;
  /**
   * The repositories (names without the owner, e.g. `app-config`) the token is limited to.
   *
   * @default - none; then `allowAllRepositories` must be given
   */
  readonly repositories?: string[];
  /**
   * Let the token reach every repository of the installation: the written reason why (it acknowledges ZT-ESO8
   * on the generator).
   *
   * @default - only `repositories`
   */
  readonly allowAllRepositories?: string;
  /**
   * The permissions of the token, e.g. `{ contents: 'read' }` (levels `read`, `write`, `admin`). A level above
   * `read` needs `acknowledgeWritePermissions`.
   *
   * @default { contents: 'read' }
   */
  readonly permissions?: { [permission: string]: string };
  /**
   * The written reason why the token may write (`write` or `admin` levels in `permissions`); it acknowledges
   * ZT-ESO8 on the generator.
   *
   * @default - every permission must be `read`
   */
  readonly acknowledgeWritePermissions?: string;
  /**
   * Give the token every permission the App has: the written reason why (it acknowledges ZT-ESO8 on the
   * generator).
   *
   * @default - only `permissions`
   */
  readonly allowAllPermissions?: string;
  /**
   * The GitHub API base URL, for GitHub Enterprise Server, e.g. `https://ghe.example.com/api/v3`.
   *
   * @default - github.com's API
   */
  readonly url?: string;
}

/** Props of a `GithubAccessToken`. */
export interface GithubAccessTokenProps extends ResourceProps, GithubAccessTokenOptions {}

/** GitHub installation access tokens expire after one hour. */
const GITHUB_TOKEN_LIFETIME = Duration.minutes(60);
const DIGITS = /^[1-9][0-9]*$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const PERMISSION = /^[a-z][a-z_]*$/;
const LEVELS = ['read', 'write', 'admin'];
/** The compliance rule that judges a token's scope on the rendered generator. */
const SCOPE_RULE = 'ZT-ESO8';

/** What GithubAccessTokenOptions declares without '?': a plain JavaScript caller may still leave it out. */
const GITHUB_ACCESS_TOKEN_REQUIRED: readonly (keyof GithubAccessTokenOptions & string)[] = ['appId', 'installId', 'privateKey'];

/**
 * A `GithubAccessToken` generator: a GitHub App installation token under the key `token`, valid for 60
 * minutes. Least privilege by default: named repositories only and `contents: read`; reaching every
 * repository or every App permission is an explicit opt-in.
 */
export class GithubAccessToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: GithubAccessTokenOptions): GeneratorSpec {
    return githubAccessTokenSpec(undefined, requireProps(options, 'GithubAccessTokenOptions', GITHUB_ACCESS_TOKEN_REQUIRED));
  }

  public constructor(scope: Construct, id: string, props: GithubAccessTokenProps) {
    super(scope, id, 'GithubAccessToken', requireProps(props, 'GithubAccessTokenProps', GITHUB_ACCESS_TOKEN_REQUIRED, scope, id));
    this._useSpec(githubAccessTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function githubAccessTokenSpec(scope: IConstruct | undefined, options: GithubAccessTokenOptions): GeneratorSpec {
  if (!DIGITS.test(options.appId)) throw new ValidationError(`'appId' (${JSON.stringify(options.appId)}) must be the App's numeric ID, e.g. "123456"`, scope);
  if (!DIGITS.test(options.installId)) throw new ValidationError(`'installId' (${JSON.stringify(options.installId)}) must be the installation's numeric ID, e.g. "7890123"`, scope);
  const repositories = checkRepositories(scope, options);
  const permissions = checkPermissions(scope, options);
  if (options.url !== undefined) validateUrl(scope, 'url', options.url);
  const optIns = [
    ...options.allowAllRepositories !== undefined ? [{ prop: 'allowAllRepositories', id: SCOPE_RULE, reason: options.allowAllRepositories, purpose: 'why the token reaches every repository of the installation' }] : [],
    ...options.allowAllPermissions !== undefined ? [{ prop: 'allowAllPermissions', id: SCOPE_RULE, reason: options.allowAllPermissions, purpose: 'why the token gets every permission of the App' }] : [],
    ...options.acknowledgeWritePermissions !== undefined ? [{ prop: 'acknowledgeWritePermissions', id: SCOPE_RULE, reason: options.acknowledgeWritePermissions, purpose: 'why the token may write' }] : [],
  ].map(o => ({ ...o, reason: validateReason(scope, o.prop, o.reason, o.purpose) }));
  return GeneratorSpec._of({ kind: 'GithubAccessToken', outputKeys: ['token'], rotating: true, maxLifetime: GITHUB_TOKEN_LIFETIME }, ctx => ({
    appID: options.appId,
    installID: options.installId,
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(repositories ? { repositories } : {}),
    ...(permissions ? { permissions } : {}),
    auth: { privateKey: { secretRef: ctx._secretKeyRef('privateKey', options.privateKey) } },
  }), optIns);
}

function checkRepositories(scope: IConstruct | undefined, options: GithubAccessTokenOptions): string[] | undefined {
  const repositories = options.repositories ?? [];
  if (options.allowAllRepositories !== undefined) {
    if (repositories.length > 0) throw new ValidationError('\'allowAllRepositories\' and \'repositories\' are both set; remove one', scope);
    return undefined;
  }
  if (repositories.length === 0) {
    throw new ValidationError('\'repositories\' is empty: the token would reach every repository of the installation; name them, e.g. [\'app-config\'], or set allowAllRepositories to the reason', scope);
  }
  for (const repo of repositories) {
    if (repo.includes('/')) throw new ValidationError(`'repositories' entry ${JSON.stringify(repo)} must be a repository name without the owner, e.g. "${repo.split('/').pop()}"`, scope);
    if (!REPOSITORY.test(repo)) throw new ValidationError(`'repositories' entry ${JSON.stringify(repo)} is not a GitHub repository name: 1 to 100 letters, digits, '.', '_' or '-'`, scope);
  }
  const duplicate = repositories.find((r, i) => repositories.indexOf(r) !== i);
  if (duplicate) throw new ValidationError(`'repositories' lists "${duplicate}" twice; list each repository once`, scope);
  return sortedStrings(repositories);
}

function checkPermissions(scope: IConstruct | undefined, options: GithubAccessTokenOptions): { [permission: string]: string } | undefined {
  if (options.allowAllPermissions !== undefined) {
    if (options.permissions !== undefined) throw new ValidationError('\'allowAllPermissions\' and \'permissions\' are both set; remove one', scope);
    if (options.acknowledgeWritePermissions !== undefined) throw new ValidationError('\'acknowledgeWritePermissions\' has no effect with \'allowAllPermissions\'; remove it', scope);
    return undefined;
  }
  const permissions = options.permissions ?? { contents: 'read' };
  const names = sortedStrings(Object.keys(permissions));
  if (names.length === 0) {
    throw new ValidationError('\'permissions\' is empty: the token would get every permission of the App; list them, e.g. { contents: \'read\' }, or set allowAllPermissions to the reason', scope);
  }
  for (const name of names) {
    if (!PERMISSION.test(name)) throw new ValidationError(`'permissions' name ${JSON.stringify(name)} is not a GitHub App permission; use e.g. "contents" or "pull_requests"`, scope);
    if (!LEVELS.includes(permissions[name])) throw new ValidationError(`'permissions.${name}' (${JSON.stringify(permissions[name])}) must be one of ${LEVELS.join(', ')}`, scope);
  }
  const writes = names.filter(n => permissions[n] !== 'read');
  if (writes.length > 0 && options.acknowledgeWritePermissions === undefined) {
    throw new ValidationError(`'permissions' grants ${writes.map(n => `${n}: ${permissions[n]}`).join(', ')}: a leaked token could change the repositories; grant read, or set acknowledgeWritePermissions to the reason`, scope);
  }
  if (writes.length === 0 && options.acknowledgeWritePermissions !== undefined) {
    throw new ValidationError('\'acknowledgeWritePermissions\' is set but every permission is read; remove it', scope);
  }
  return { ...permissions };
}
