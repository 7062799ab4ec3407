import { Construct, IConstruct } from 'constructs';
import { argoCdMetadata, argoCdNamespaceOf, checkArgoCdNamespace, DEFAULT_PROJECT_REASONS, isTemplated, validateHttpsServer } from './private';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { isDnsLabel } from '../common/names';
import { argoGlobMatches, clusterPatternProblem, isGlob, namespaceGlobReach, normalizeGitUrl, projectNamespaceProblem, sourceRepoProblem } from '../common/patterns';
import { validateReason } from '../common/reason';
import { shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { sortedBy, sortedStrings } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';

/**
 * An Argo CD project, defined in this app or imported: `name` is what its Applications give as `spec.project`,
 * `namespace` the namespace Argo CD runs in, where the project object lives.
 */
export interface IAppProject extends INamespacedResource {}

/** Attributes of a project managed elsewhere, for `AppProject.fromAppProjectAttributes`. */
export interface AppProjectAttributes {
  /** The project's name. */
  readonly name: string;
  /**
   * The namespace Argo CD runs in, where the project lives.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;
}

/** Attributes of the built-in `default` project, for `AppProject.fromDefaultProject`. */
export interface DefaultProjectAttributes {
  /** Why a dedicated project is not used: it acknowledges ZT-ARGO3 on every Application and ApplicationSet using it. */
  readonly reason: string;
  /**
   * The namespace Argo CD runs in.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;
}

/** A group and kind of Kubernetes resource, as listed in a project's allow and deny lists. */
export interface ProjectResourceKind {
  /** API group; `''` is the core group. */
  readonly group: string;
  /** Kind, e.g. `Namespace`. */
  readonly kind: string;
}

/** Where a project's Applications may deploy: one cluster (by server URL or by name) and namespace pattern. */
export interface ProjectDestination {
  /**
   * The cluster's API server URL (https), or a glob of it.
   *
   * @default - give `clusterName` instead
   */
  readonly server?: string;
  /**
   * The cluster's name in Argo CD, or a glob of it.
   *
   * @default - give `server` instead
   */
  readonly clusterName?: string;
  /**
   * The namespace, or a glob such as `team-a-*`. A glob that matches every namespace (`*`, `?*`) needs
   * `allowAllNamespaces`; one that reaches system namespaces (`kube-system`, `kube-*`, `openshift-*`, `*-system`,
   * `default`, the Argo CD namespace) needs `acknowledgeSystemNamespaces`. A `!` deny entry is refused: Argo CD
   * counts a deny entry that does not match as a match, so it would admit every other namespace.
   */
  readonly namespace: string;
  /**
   * Allow every namespace of the cluster (`namespace: '*'`), including kube-system and Argo CD's own: the written
   * reason why (it acknowledges ZT-ARGO6 on the project).
   *
   * @default - no namespace wildcard
   */
  readonly allowAllNamespaces?: string;
  /**
   * Allow every cluster Argo CD knows (`server: '*'` or `clusterName: '*'`): the written reason why (it
   * acknowledges ZT-ARGO7 on the project).
   *
   * @default - no cluster wildcard
   */
  readonly allowAllClusters?: string;
  /**
   * Deploy to system namespaces (`kube-system`, `kube-*`, `openshift-*`, `*-system`, `default`, the Argo CD
   * namespace): the written reason why, e.g. a platform project installing an operator into its namespace (it
   * acknowledges ZT-ARGO6 on the project).
   *
   * @default - system namespaces are refused
   */
  readonly acknowledgeSystemNamespaces?: string;
}

/** A destination an Application asks for, to check against a project's destinations. */
export interface DestinationQuery {
  /**
   * The API server URL.
   *
   * @default - unknown (only the name is matched)
   */
  readonly server?: string;
  /**
   * The cluster name.
   *
   * @default - unknown (only the server is matched)
   */
  readonly clusterName?: string;
  /** The namespace. */
  readonly namespace: string;
}

/** Props of `AppProject`. */
export interface AppProjectProps extends ResourceProps {
  /**
   * The namespace Argo CD runs in; the project is created there.
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * A description shown in the UI, at most 255 characters. Refused when it holds a credential (it would be
   * committed to Git).
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * Repository URLs (or globs inside one owner, such as `https://github.com/my-org/team-a-*`) the project's
   * Applications may deploy from. Add more with `addSourceRepo()`. A bare `*` needs `allowAllSourceRepos`; globs
   * that reach other owners or hosts and `!` deny entries (which Argo CD counts as matching every other
   * repository) are refused, and so is a URL that holds a credential (it would be committed to Git).
   *
   * @default - none, so no Application of the project can sync until a repository is added
   */
  readonly sourceRepos?: string[];
  /**
   * Allow every repository (`sourceRepos: ['*']`): the written reason why (it acknowledges ZT-ARGO4 on the project).
   *
   * @default - only the listed repositories
   */
  readonly allowAllSourceRepos?: string;
  /**
   * Clusters and namespaces the project's Applications may deploy to. Add more with `addDestination()`.
   *
   * @default - none, so no Application of the project can sync until a destination is added
   */
  readonly destinations?: ProjectDestination[];
  /**
   * Cluster-scoped kinds the project may manage (`clusterResourceWhitelist`). Add more with
   * `addClusterResource()`; wildcards need `allowAllClusterResources`.
   *
   * @default - none: the project cannot create Namespaces, ClusterRoles, CRDs or any other cluster-scoped object
   */
  readonly clusterResourceAllowList?: ProjectResourceKind[];
  /**
   * Allow every cluster-scoped kind (`clusterResourceWhitelist: [{group: '*', kind: '*'}]`), which includes
   * ClusterRoleBindings to cluster-admin: the written reason why (it acknowledges ZT-ARGO5 on the project).
   *
   * @default - only the listed cluster-scoped kinds
   */
  readonly allowAllClusterResources?: string;
  /**
   * The only namespaced kinds the project may manage (`namespaceResourceWhitelist`). An empty list would
   * forbid every kind and is rejected.
   *
   * @default - every namespaced kind not in `namespaceResourceDenyList`, inside the allowed destinations
   */
  readonly namespaceResourceAllowList?: ProjectResourceKind[];
  /**
   * Namespaced kinds the project may not manage (`namespaceResourceBlacklist`), e.g. ResourceQuota.
   *
   * @default - none
   */
  readonly namespaceResourceDenyList?: ProjectResourceKind[];
  /**
   * Namespaces other than Argo CD's from which Applications may use this project ("apps in any namespace";
   * the server's application-namespaces setting must list them too).
   *
   * @default - only Applications in the Argo CD namespace
   */
  readonly sourceNamespaces?: string[];
  /**
   * Project roles (RBAC for users and groups on the project's Applications). Add more with `addRole()`.
   *
   * @default - none
   */
  readonly roles?: ProjectRole[];
}

/** What a project role policy grants access to. */
export class ProjectRoleResource {
  /** Applications of the project. */
  public static readonly APPLICATIONS = new ProjectRoleResource('applications');
  /** ApplicationSets of the project. */
  public static readonly APPLICATION_SETS = new ProjectRoleResource('applicationsets');
  /** Pod logs of the project's Applications. */
  public static readonly LOGS = new ProjectRoleResource('logs');
  /** Exec into the project's Pods. */
  public static readonly EXEC = new ProjectRoleResource('exec');
  /** A resource type not listed here. */
  public static custom(value: string): ProjectRoleResource {
    return new ProjectRoleResource(value);
  }
  private constructor(public readonly value: string) {
    if (!/^[a-z]+$/.test(value)) {
      throw new ValidationError(`'resource' (${JSON.stringify(value)}) must be a lowercase Argo CD RBAC resource such as "applications"`);
    }
  }
}

/** The action a project role policy allows or denies. */
export class ProjectRoleAction {
  /** Read. */
  public static readonly GET = new ProjectRoleAction('get');
  /** Create. */
  public static readonly CREATE = new ProjectRoleAction('create');
  /** Update. */
  public static readonly UPDATE = new ProjectRoleAction('update');
  /** Delete. */
  public static readonly DELETE = new ProjectRoleAction('delete');
  /** Sync an Application. */
  public static readonly SYNC = new ProjectRoleAction('sync');
  /** Override parameters on sync. */
  public static readonly OVERRIDE = new ProjectRoleAction('override');
  /** An action not listed here, e.g. `action/apps/Deployment/restart`. */
  public static custom(value: string): ProjectRoleAction {
    return new ProjectRoleAction(value);
  }
  private constructor(public readonly value: string) {
    if (value === '*' || !/^[A-Za-z0-9/_.*-]+$/.test(value)) {
      throw new ValidationError(`'action' (${JSON.stringify(value)}) must be one Argo CD RBAC action such as "get" or "sync" (no bare '*'); list each action in its own policy`);
    }
  }
}

/** One line of a project role's Casbin policy. */
export interface ProjectRolePolicy {
  /** The resource type. */
  readonly resource: ProjectRoleResource;
  /** The action. */
  readonly action: ProjectRoleAction;
  /**
   * The objects inside the project (Application names), a glob.
   *
   * @default '*' (every object of the project)
   */
  readonly objects?: string;
  /**
   * Deny instead of allow.
   *
   * @default false
   */
  readonly deny?: boolean;
}

/** A project role: a name, its policies, and the SSO groups that hold it. */
export interface ProjectRole {
  /** The role name, a DNS-1123 label-like name. */
  readonly name: string;
  /**
   * A description. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - none
   */
  readonly description?: string;
  /** The policies, at least one. */
  readonly policies: ProjectRolePolicy[];
  /**
   * SSO groups (OIDC `groups` claim values) that hold the role.
   *
   * @default - none (the role is only usable through project tokens issued later)
   */
  readonly groups?: string[];
}

const WILDCARD = /[*?]/;

/** What `ProjectDestination` and `DestinationQuery` declare without '?'. */
const DESTINATION_REQUIRED: readonly (keyof ProjectDestination & keyof DestinationQuery & string)[] = ['namespace'];

/**
 * An Argo CD `AppProject` (`argoproj.io/v1alpha1`): the boundary of what its Applications may deploy, from
 * where and to where. Restrictive by default: no source repositories, no destinations, no cluster-scoped
 * kinds; each is added explicitly.
 */
export class AppProject extends Resource implements IAppProject {
  /**
   * References a project managed elsewhere, in Argo CD's default namespace `argocd`. Use
   * `fromDefaultProject` for the built-in `default` project.
   */
  public static fromAppProjectName(scope: Construct, id: string, name: string): IAppProject {
    return AppProject.fromAppProjectAttributes(scope, id, { name });
  }

  /** References a project managed elsewhere, in any Argo CD namespace. */
  public static fromAppProjectAttributes(scope: Construct, id: string, attrs: AppProjectAttributes): IAppProject {
    requireProps(attrs, 'AppProjectAttributes', ['name'], scope, id);
    const project = new ImportedAppProject(scope, id, attrs.name, attrs.namespace);
    if (attrs.name === 'default') {
      throw new ValidationError('\'name\' ("default") refers to the built-in project that allows every source and destination; define an AppProject, or opt in with AppProject.fromDefaultProject(scope, id, { reason })', project);
    }
    return project;
  }

  /**
   * References the built-in `default` project, which allows every repository, cluster and kind unless it
   * was restricted. An explicit opt-in: `reason` says why a dedicated project is not used; every Application and
   * ApplicationSet using it acknowledges ZT-ARGO3 with that reason.
   */
  public static fromDefaultProject(scope: Construct, id: string, attrs: DefaultProjectAttributes): IAppProject {
    requireProps(attrs, 'DefaultProjectAttributes', ['reason'], scope, id);
    const project = new ImportedAppProject(scope, id, 'default', attrs.namespace);
    DEFAULT_PROJECT_REASONS.set(project, validateReason(project, 'reason', attrs.reason, 'why the default project is used instead of a dedicated AppProject'));
    return project;
  }

  private readonly description?: string;
  private readonly sourceRepos: string[] = [];
  private readonly destinations: ProjectDestination[] = [];
  private readonly clusterResources: ProjectResourceKind[] = [];
  private readonly allowAllClusterResources: boolean;
  private readonly namespaceAllow?: ProjectResourceKind[];
  private readonly namespaceDeny: ProjectResourceKind[];
  private readonly sourceNamespaces: string[] = [];
  private readonly roles: ProjectRole[] = [];
  private readonly allowAllSourceRepos: boolean;

  public constructor(scope: Construct, id: string, props: AppProjectProps = {}) {
    super(scope, id, { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', namespaced: true },
      { metadata: argoCdMetadata(props.argoCdNamespace, props.metadata) });
    checkArgoCdNamespace(this, 'AppProject', props.argoCdNamespace, props.metadata);
    refuseCredential(this, 'description', props.description);
    if (props.description !== undefined && props.description.length > 255) {
      throw new ValidationError(`'description' has ${props.description.length} characters; the CRD allows at most 255`, this);
    }
    this.description = props.description;
    const optIn = (prop: string, rule: string, reason: string | undefined, purpose: string) => {
      if (reason === undefined) return false;
      Compliance.of(this)._acknowledgeOptIn(prop, rule, reason, purpose);
      return true;
    };
    this.allowAllSourceRepos = optIn('allowAllSourceRepos', 'ZT-ARGO4', props.allowAllSourceRepos, 'why the project may deploy from every repository');
    this.allowAllClusterResources = optIn('allowAllClusterResources', 'ZT-ARGO5', props.allowAllClusterResources, 'why the project may create every cluster-scoped kind');
    if (props.namespaceResourceAllowList !== undefined) {
      if (props.namespaceResourceAllowList.length === 0) {
        throw new ValidationError('\'namespaceResourceAllowList\' is empty, which forbids every namespaced kind; omit it to allow all kinds or list the kinds to allow', this);
      }
      this.namespaceAllow = props.namespaceResourceAllowList.map(k => resourceKind(this, 'namespaceResourceAllowList', k, true));
    }
    this.namespaceDeny = (props.namespaceResourceDenyList ?? []).map(k => resourceKind(this, 'namespaceResourceDenyList', k, true));
    assertUnique(this, 'namespaceResourceAllowList', (this.namespaceAllow ?? []).map(kindKey));
    assertUnique(this, 'namespaceResourceDenyList', this.namespaceDeny.map(kindKey));
    (props.sourceRepos ?? []).forEach(r => this.addSourceRepo(r));
    (props.destinations ?? []).forEach(d => this.addDestination(d));
    (props.clusterResourceAllowList ?? []).forEach(k => this.addClusterResource(k));
    (props.sourceNamespaces ?? []).forEach(n => this.addSourceNamespace(n));
    (props.roles ?? []).forEach(r => this.addRole(r));
  }

  /** Allows Applications of the project to deploy from a repository URL (or glob; `!` prefix denies). */
  public addSourceRepo(repoUrl: string): void {
    refuseCredential(this, 'sourceRepos', repoUrl);
    if (repoUrl === '*') {
      throw new ValidationError('\'sourceRepos\' ("*") allows every repository; list the repositories, or set allowAllSourceRepos to the reason', this);
    }
    if (repoUrl.trim() !== repoUrl || repoUrl.replace(/^!/, '') === '' || /\s/.test(repoUrl) || isTemplated(repoUrl)) {
      throw new ValidationError(`'sourceRepos' (${shownUrl(repoUrl)}) must be a repository URL or glob without whitespace or templates; e.g. "https://github.com/my-org/app-config"`, this);
    }
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(repoUrl.replace(/^!/, ''))) {
      throw new ValidationError(`'sourceRepos' (${shownUrl(repoUrl)}) contains a password in the URL; reference credentials through a repository Secret instead`, this);
    }
    // the compliance pack's reading (ZT-ARGO4): what the glob matches, not how it is spelled
    const problem = sourceRepoProblem(repoUrl);
    if (problem !== undefined) {
      throw new ValidationError(`'sourceRepos' (${shownUrl(repoUrl)}) ${problem}; list the repositories, or globs inside one owner such as "https://github.com/my-org/team-a-*"`, this);
    }
    if (this.sourceRepos.includes(repoUrl)) {
      throw new ValidationError(`'sourceRepos' already contains ${shownUrl(repoUrl)}`, this);
    }
    this.sourceRepos.push(repoUrl);
  }

  /** Allows Applications of the project to deploy to a cluster and namespace (pattern). */
  public addDestination(destination: ProjectDestination): void {
    requireProps(destination, 'ProjectDestination', DESTINATION_REQUIRED, this);
    const d = validateDestination(this, destination, argoCdNamespaceOf(this));
    if (destination.allowAllNamespaces !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('destinations[].allowAllNamespaces', 'ZT-ARGO6', destination.allowAllNamespaces, 'why the project may deploy to every namespace');
    }
    if (destination.allowAllClusters !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('destinations[].allowAllClusters', 'ZT-ARGO7', destination.allowAllClusters, 'why the project may deploy to every cluster');
    }
    if (destination.acknowledgeSystemNamespaces !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('destinations[].acknowledgeSystemNamespaces', 'ZT-ARGO6', destination.acknowledgeSystemNamespaces, 'why the project deploys to system namespaces');
    }
    const key = JSON.stringify([d.server, d.clusterName, d.namespace]);
    if (this.destinations.some(x => JSON.stringify([x.server, x.clusterName, x.namespace]) === key)) {
      throw new ValidationError(`'destinations' already contains ${key}`, this);
    }
    this.destinations.push(d);
  }

  /** Allows the project to manage a cluster-scoped kind, e.g. `{ group: '', kind: 'Namespace' }`. */
  public addClusterResource(kind: ProjectResourceKind): void {
    requireProps(kind, 'ProjectResourceKind', ['group', 'kind'], this);
    const k = resourceKind(this, 'clusterResourceAllowList', kind, false);
    if (this.clusterResources.some(x => kindKey(x) === kindKey(k))) {
      throw new ValidationError(`'clusterResourceAllowList' already contains ${kindKey(k)}`, this);
    }
    this.clusterResources.push(k);
  }

  /** Lets Applications in another namespace use this project. */
  public addSourceNamespace(namespace: string): void {
    if (namespace === '*' || !/^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$/.test(namespace) || namespace.length > 63) {
      throw new ValidationError(`'sourceNamespaces' (${JSON.stringify(namespace)}) must be a namespace or a namespace glob such as "team-a-*" (not a bare '*')`, this);
    }
    const problem = projectNamespaceProblem(namespace, argoCdNamespaceOf(this), 'source');
    if (problem !== undefined) {
      throw new ValidationError(`'sourceNamespaces' (${JSON.stringify(namespace)}) ${problem}; name the teams' namespaces, e.g. "team-a-apps" or "team-a-*"`, this);
    }
    if (this.sourceNamespaces.includes(namespace)) {
      throw new ValidationError(`'sourceNamespaces' already contains ${JSON.stringify(namespace)}`, this);
    }
    this.sourceNamespaces.push(namespace);
  }

  /** Adds a project role. */
  public addRole(role: ProjectRole): void {
    requireProps(role, 'ProjectRole', ['name', 'policies'], this);
    if (!isDnsLabel(role.name)) {
      throw new ValidationError(`'roles[].name' (${JSON.stringify(role.name)}) must be lowercase letters, digits and '-', at most 63 characters; e.g. "deployer"`, this);
    }
    if (this.roles.some(r => r.name === role.name)) {
      throw new ValidationError(`'roles' already contains a role named ${JSON.stringify(role.name)}`, this);
    }
    refuseCredential(this, `roles[${JSON.stringify(role.name)}].description`, role.description);
    if (role.policies.length === 0) {
      throw new ValidationError(`'roles[${role.name}].policies' is empty; give at least one policy`, this);
    }
    for (const p of role.policies) {
      requireProps(p, 'ProjectRolePolicy', ['resource', 'action'], this);
      const objects = p.objects ?? '*';
      if (objects === '' || /[\s,/]/.test(objects)) {
        throw new ValidationError(`'roles[${role.name}].policies[].objects' (${JSON.stringify(objects)}) must be an object name or glob inside the project, without ',', '/' or whitespace`, this);
      }
    }
    this.roles.push(role);
  }

  /**
   * Whether a repository URL matches the project's source repositories, as Argo CD's `IsSourcePermitted` decides:
   * URLs normalized (`git.NormalizeGitURL`: case, `.git`, ssh forms) and globs matched with '/' as separator.
   */
  public permitsSourceRepo(repoUrl: string): boolean {
    if (this.allowAllSourceRepos) return true;
    const src = normalizeGitUrl(repoUrl);
    return this.sourceRepos.some(r => argoGlobMatches(normalizeGitUrl(r), src, '/'));
  }

  /** Whether a destination matches one of the project's destinations (server or name, and namespace). */
  public permitsDestination(destination: DestinationQuery): boolean {
    requireProps(destination, 'DestinationQuery', DESTINATION_REQUIRED, this);
    return this.destinations.some(d => {
      const serverMatched = d.server !== undefined && destination.server !== undefined && argoGlobMatches(d.server, destination.server.replace(/\/+$/, ''));
      const nameMatched = d.clusterName !== undefined && destination.clusterName !== undefined
        && argoGlobMatches(d.clusterName, destination.clusterName);
      return (serverMatched || nameMatched) && argoGlobMatches(d.namespace, destination.namespace);
    });
  }

  /** Whether the project may manage a cluster-scoped kind. */
  public permitsClusterResource(group: string, kind: string): boolean {
    return this.allowAllClusterResources || this.clusterResources.some(k => k.group === group && k.kind === kind);
  }

  /** @internal */
  public _renderSpec(): any {
    // alphabetical regardless of case (AppProject after ApplicationSet), in code-unit order so no locale changes it
    const sortKinds = (kinds: ProjectResourceKind[]) => sortedBy(kinds, k => kindKey(k).toLowerCase()).map(k => ({ group: k.group, kind: k.kind }));
    const clusterResources = this.allowAllClusterResources ? [{ group: '*', kind: '*' }] : sortKinds(this.clusterResources);
    return {
      description: this.description,
      sourceRepos: this.allowAllSourceRepos ? ['*'] : [...this.sourceRepos],
      destinations: this.destinations.map(d => ({ name: d.clusterName, namespace: d.namespace, server: d.server })),
      clusterResourceWhitelist: clusterResources.length > 0 ? clusterResources : undefined,
      namespaceResourceWhitelist: this.namespaceAllow ? sortKinds(this.namespaceAllow) : undefined,
      namespaceResourceBlacklist: this.namespaceDeny.length > 0 ? sortKinds(this.namespaceDeny) : undefined,
      sourceNamespaces: this.sourceNamespaces.length > 0 ? sortedStrings(this.sourceNamespaces) : undefined,
      roles: this.roles.length > 0 ? this.roles.map(r => this.renderRole(r)) : undefined,
    };
  }

  private renderRole(role: ProjectRole): any {
    const subject = `proj:${this.name}:${role.name}`;
    return {
      name: role.name,
      description: role.description,
      policies: role.policies.map(p =>
        `p, ${subject}, ${p.resource.value}, ${p.action.value}, ${this.name}/${p.objects ?? '*'}, ${p.deny ? 'deny' : 'allow'}`),
      groups: role.groups && role.groups.length > 0 ? [...role.groups] : undefined,
    };
  }
}

class ImportedAppProject extends Construct implements IAppProject {
  public readonly apiVersion: string = 'argoproj.io/v1alpha1';
  public readonly kind: string = 'AppProject';
  public readonly namespace: string;
  public constructor(scope: Construct, id: string, public readonly name: string, namespace: string | undefined) {
    super(scope, id);
    this.namespace = checkArgoCdNamespace(this, 'AppProject', namespace, undefined);
  }
}

function kindKey(k: ProjectResourceKind): string {
  return `${k.group === '' ? 'core' : k.group}/${k.kind}`;
}

function assertUnique(scope: IConstruct, prop: string, keys: string[]): void {
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup !== undefined) throw new ValidationError(`'${prop}' contains ${dup} twice`, scope);
}

function resourceKind(scope: IConstruct, prop: string, k: ProjectResourceKind, allowWildcards: boolean): ProjectResourceKind {
  requireProps(k, 'ProjectResourceKind', ['group', 'kind'], scope);
  if (k.kind === '' || /\s/.test(k.kind) || /\s/.test(k.group)) {
    throw new ValidationError(`'${prop}' entry ${JSON.stringify(k)} must name a kind (and a group, '' for core) without whitespace; e.g. { group: '', kind: 'Namespace' }`, scope);
  }
  if (!allowWildcards && (WILDCARD.test(k.kind) || WILDCARD.test(k.group))) {
    throw new ValidationError(`'${prop}' entry ${JSON.stringify(k)} uses a wildcard; name each cluster-scoped kind, or set allowAllClusterResources to the reason`, scope);
  }
  return { group: k.group, kind: k.kind };
}

function validateDestination(scope: IConstruct, d: ProjectDestination, argoCdNamespace: string): ProjectDestination {
  if ((d.server === undefined) === (d.clusterName === undefined)) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} must set exactly one of server and clusterName`, scope);
  }
  if (d.namespace === '' || !/^!?[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$/.test(d.namespace) || d.namespace.length > 64) {
    throw new ValidationError(`'destinations[].namespace' (${JSON.stringify(d.namespace)}) must be a namespace or a glob such as "team-a-*"`, scope);
  }
  if (d.namespace.startsWith('!') || (d.server ?? d.clusterName!).startsWith('!')) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} is a deny entry: Argo CD counts a deny entry that does not match as a match, so it would admit every other ${d.namespace.startsWith('!') ? 'namespace' : 'cluster'}; list what the project may reach instead`, scope);
  }
  // the compliance pack's reading (ZT-ARGO7, ZT-ARGO6): what the globs match, not how they are spelled
  const clusterProblem = clusterPatternProblem(d.server ?? d.clusterName!, d.server !== undefined ? 'server' : 'name');
  if (clusterProblem === undefined && d.allowAllClusters !== undefined) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} sets allowAllClusters but names a cluster; remove allowAllClusters`, scope);
  }
  if (clusterProblem !== undefined && d.allowAllClusters === undefined) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} allows every cluster: its ${d.server !== undefined ? 'server' : 'name'} ${clusterProblem}; name the cluster, or set allowAllClusters to the reason`, scope);
  }
  const namespaceProblem = projectNamespaceProblem(d.namespace, argoCdNamespace, 'destination');
  // a glob that matches names nobody listed is every namespace in effect: that is allowAllNamespaces' opt-in
  const everyNamespace = isGlob(d.namespace) && namespaceGlobReach(d.namespace, [argoCdNamespace]).unscoped;
  if (!everyNamespace && d.allowAllNamespaces !== undefined) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} sets allowAllNamespaces but names namespace ${JSON.stringify(d.namespace)}; remove allowAllNamespaces`, scope);
  }
  if (everyNamespace && d.allowAllNamespaces === undefined) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} allows every namespace: its namespace ${namespaceProblem}; name the namespaces (globs such as "team-a-*" work), or set allowAllNamespaces to the reason`, scope);
  }
  if (namespaceProblem !== undefined && !everyNamespace && d.acknowledgeSystemNamespaces === undefined) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)}: its namespace ${namespaceProblem}; deploy applications to their own namespaces, or set acknowledgeSystemNamespaces to the reason`, scope);
  }
  if (namespaceProblem === undefined && d.acknowledgeSystemNamespaces !== undefined) {
    throw new ValidationError(`'destinations' entry ${JSON.stringify(d)} sets acknowledgeSystemNamespaces but reaches no system namespace; remove it`, scope);
  }
  const server = d.server !== undefined && !WILDCARD.test(d.server) ? validateHttpsServer(scope, 'destinations[].server', d.server) : d.server;
  if (d.clusterName !== undefined && (d.clusterName.trim() === '' || /\s/.test(d.clusterName))) {
    throw new ValidationError(`'destinations[].clusterName' (${JSON.stringify(d.clusterName)}) must be a cluster name without whitespace`, scope);
  }
  return { server, clusterName: d.clusterName, namespace: d.namespace };
}
