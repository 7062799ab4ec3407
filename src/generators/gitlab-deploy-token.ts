import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
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
   * The GitLab instance.
   *
   * @default - gitlab.com
   */
  readonly url?: string;
}

/** Props of a `GitlabDeployToken`. */
export interface GitlabDeployTokenProps extends ResourceProps, GitlabDeployTokenOptions {}

/**
 * A `GitlabDeployToken` generator: a new GitLab deploy token (`username`, `token`) at every refresh, with
 * `read_repository` only unless other scopes are named. It needs a GitLab access token in a Secret, so it
 * is a static-credential opt-in.
 */
export class GitlabDeployToken extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: GitlabDeployTokenOptions): GeneratorSpec {
    return gitlabDeployTokenSpec(undefined, options);
  }

  public constructor(scope: Construct, id: string, props: GitlabDeployTokenProps) {
    super(scope, id, 'GitlabDeployToken', props);
    this._useSpec(gitlabDeployTokenSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function gitlabDeployTokenSpec(scope: IConstruct | undefined, options: GitlabDeployTokenOptions): GeneratorSpec {
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
    auth: { token: { secretRef: ctx._secretKeyRef('apiToken', options.apiToken) } },
    ...(options.url !== undefined ? { url: options.url } : {}),
  }));
}
