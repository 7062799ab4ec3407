import { Duration } from 'cdk8s';
import { DestinationQuery, IAppProject } from './app-project';
import { IArgoCdCluster } from './cluster';
import { IN_CLUSTER_SERVER, isTemplated, validateHttpsServer, validateRepoUrl } from './private';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { validateDnsLabel } from '../common/names';
import { requireProps } from '../common/required-props';
import { sortedStrings } from '../common/sort';

/** Options shared by every source kind. */
export interface SourceLocationOptions {
  /**
   * The repository URL (https, ssh or oci); never with credentials in it. May be an ApplicationSet template.
   * Refused when it holds a credential, e.g. in its query (it would be committed to Git).
   */
  readonly repoUrl: string;
  /**
   * The revision: branch, tag or commit for Git, the chart version for a Helm repository.
   *
   * @default 'HEAD' for Git sources; required for a chart from a Helm repository
   */
  readonly targetRevision?: string;
}

/** Plain-manifest options of a Git directory. */
export interface GitSourceOptions extends SourceLocationOptions {
  /** The directory inside the repository, relative (`.` for the root). */
  readonly path: string;
  /**
   * Read subdirectories too.
   *
   * @default false
   */
  readonly recurse?: boolean;
  /**
   * A glob of the files to read, e.g. `*.yaml`.
   *
   * @default - every manifest file
   */
  readonly include?: string;
  /**
   * A glob of the files to skip.
   *
   * @default - none
   */
  readonly exclude?: string;
}

/** A Kustomize overlay in Git. */
export interface KustomizeSourceOptions extends SourceLocationOptions {
  /** The directory holding `kustomization.yaml`, relative. */
  readonly path: string;
  /**
   * A prefix added to every resource name.
   *
   * @default - none
   */
  readonly namePrefix?: string;
  /**
   * A suffix added to every resource name.
   *
   * @default - none
   */
  readonly nameSuffix?: string;
  /**
   * Image overrides in Kustomize's `name=newName:tag` or `name=newName@digest` form. Refused when one holds a
   * credential (it would be committed to Git).
   *
   * @default - none
   */
  readonly images?: string[];
}

/** A Helm chart, from a Helm (or OCI) repository by `chart`, or from a Git directory by `path`. */
export interface HelmSourceOptions extends SourceLocationOptions {
  /**
   * The chart name in a Helm repository (then `targetRevision` is the chart version).
   *
   * @default - give `path` instead
   */
  readonly chart?: string;
  /**
   * The chart directory in a Git repository.
   *
   * @default - give `chart` instead
   */
  readonly path?: string;
  /**
   * The Helm release name.
   *
   * @default - the Application name
   */
  readonly releaseName?: string;
  /**
   * Values files, relative to the chart.
   *
   * @default - none
   */
  readonly valueFiles?: string[];
  /**
   * `--set` parameters (name to string value), rendered sorted by name. A value is refused when it holds a
   * credential, judged also by the parameter's name (`auth.password`): it would be committed to Git. Let the
   * chart read an existing Secret (most charts take `existingSecret`) instead.
   *
   * @default - none
   */
  readonly parameters?: { [name: string]: string };
  /**
   * Inline values (`helm.valuesObject`). Refused when any string or key in them holds a credential, each value
   * judged also by its key (`password`, `token`): it would be committed to Git. Let the chart read an existing
   * Secret (most charts take `existingSecret`) instead.
   *
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

/** What `GitSourceOptions` and `KustomizeSourceOptions` declare without '?'. */
const DIRECTORY_SOURCE_REQUIRED: readonly (keyof GitSourceOptions & keyof KustomizeSourceOptions & string)[] = ['path', 'repoUrl'];

/** Where an Application's manifests come from. */
export class ApplicationSource {
  /** Plain manifests from a Git directory. */
  public static git(options: GitSourceOptions): ApplicationSource {
    requireProps(options, 'GitSourceOptions', DIRECTORY_SOURCE_REQUIRED);
    const directory = options.recurse !== undefined || options.include !== undefined || options.exclude !== undefined
      ? { recurse: options.recurse ?? false, include: options.include, exclude: options.exclude }
      : undefined;
    return new ApplicationSource(options.repoUrl, {
      path: validatePath('path', options.path),
      targetRevision: validateRevision(options.targetRevision ?? 'HEAD'),
      directory,
    });
  }

  /** A Kustomize overlay from a Git directory. */
  public static kustomize(options: KustomizeSourceOptions): ApplicationSource {
    requireProps(options, 'KustomizeSourceOptions', DIRECTORY_SOURCE_REQUIRED);
    (options.images ?? []).forEach((image, i) => refuseCredential(undefined, `images[${i}]`, image));
    for (const image of options.images ?? []) {
      if (!/^[^\s=]+(=[^\s=]+)?$/.test(image) || !/[:@]|=/.test(image)) {
        throw new ValidationError(`'images' entry ${JSON.stringify(image)} must be "name=newName:tag", "name:tag" or "name@sha256:..."`);
      }
    }
    const images = options.images && options.images.length > 0 ? [...options.images] : undefined;
    const kustomize = { namePrefix: options.namePrefix, nameSuffix: options.nameSuffix, images };
    return new ApplicationSource(options.repoUrl, {
      path: validatePath('path', options.path),
      targetRevision: validateRevision(options.targetRevision ?? 'HEAD'),
      kustomize: Object.values(kustomize).some(v => v !== undefined) ? kustomize : {},
    });
  }

  /** A Helm chart from a Helm/OCI repository (`chart` + version) or a Git directory (`path`). */
  public static helm(options: HelmSourceOptions): ApplicationSource {
    requireProps(options, 'HelmSourceOptions', ['repoUrl']);
    refuseCredentialsIn(undefined, 'parameters', options.parameters);
    refuseCredential(undefined, 'values', options.values);
    if ((options.chart === undefined) === (options.path === undefined)) {
      throw new ValidationError('\'chart\' and \'path\' are exclusive and one is required: chart for a Helm repository, path for a chart in Git');
    }
    if (options.chart !== undefined && options.targetRevision === undefined) {
      throw new ValidationError(`'targetRevision' is required for the chart ${JSON.stringify(options.chart)}: pin the chart version, e.g. "1.2.3"`);
    }
    if (options.chart !== undefined && !isTemplated(options.chart) && !/^[a-z0-9][a-z0-9._/-]*$/.test(options.chart)) {
      throw new ValidationError(`'chart' (${JSON.stringify(options.chart)}) must be a chart name of lowercase letters, digits, '-', '_', '.' and '/'`);
    }
    const params = options.parameters ?? {};
    const helm = {
      releaseName: options.releaseName,
      valueFiles: options.valueFiles && options.valueFiles.length > 0 ? options.valueFiles.map(f => validatePath('valueFiles', f)) : undefined,
      parameters: Object.keys(params).length > 0 ? sortedStrings(Object.keys(params)).map(name => ({ name, value: params[name] })) : undefined,
      valuesObject: options.values,
    };
    if (options.releaseName !== undefined && !isTemplated(options.releaseName)) validateDnsLabel(undefined, 'releaseName', options.releaseName);
    return new ApplicationSource(options.repoUrl, {
      chart: options.chart,
      path: options.path !== undefined ? validatePath('path', options.path) : undefined,
      targetRevision: validateRevision(options.targetRevision ?? 'HEAD'),
      helm,
    });
  }

  /** The repository URL. */
  public readonly repoUrl: string;
  private readonly fields: any;

  private constructor(repoUrl: string, fields: any) {
    refuseCredential(undefined, 'repoUrl', repoUrl);
    // Helm charts in an OCI registry are addressed without a scheme (`ghcr.io/my-org/charts`)
    const ociHelm = fields.chart !== undefined && /^[a-z0-9.-]+(:\d+)?\/[^\s:@]+$/i.test(repoUrl);
    this.repoUrl = ociHelm ? repoUrl : validateRepoUrl(undefined, repoUrl);
    this.fields = fields;
  }

  /** @internal */
  public _render(): any {
    return { repoURL: this.repoUrl, ...this.fields };
  }
}

/** Where an Application deploys: a cluster (by server URL or name) and a namespace. */
export class ApplicationDestination {
  /** A cluster defined by an `ArgoCdCluster` in this app (referenced by its name). */
  public static cluster(cluster: IArgoCdCluster, namespace: string): ApplicationDestination {
    return new ApplicationDestination({ clusterName: cluster.clusterName, server: cluster.server, namespace }, 'name', cluster);
  }

  /** A cluster by API server URL. */
  public static server(server: string, namespace: string): ApplicationDestination {
    const s = isTemplated(server) ? server : validateHttpsServer(undefined, 'destination.server', server);
    return new ApplicationDestination({ server: s, namespace }, 'server');
  }

  /** A cluster by its name in Argo CD. */
  public static clusterName(clusterName: string, namespace: string): ApplicationDestination {
    if (clusterName.trim() === '' || /\s/.test(clusterName)) {
      throw new ValidationError(`'destination.clusterName' (${JSON.stringify(clusterName)}) must be a cluster name without whitespace`);
    }
    return new ApplicationDestination({ clusterName, namespace }, 'name');
  }

  /** The cluster Argo CD runs in (`https://kubernetes.default.svc`). */
  public static inCluster(namespace: string): ApplicationDestination {
    return new ApplicationDestination({ server: IN_CLUSTER_SERVER, clusterName: 'in-cluster', namespace }, 'server');
  }

  /** What the destination is known to be, for matching against a project. */
  public readonly query: DestinationQuery;
  /** The cluster construct, when the destination is one of this app's clusters. */
  public readonly argoCdCluster?: IArgoCdCluster;
  private readonly by: string;

  private constructor(query: DestinationQuery, by: string, cluster?: IArgoCdCluster) {
    if (!isTemplated(query.namespace)) validateDnsLabel(undefined, 'destination.namespace', query.namespace);
    if (cluster?.namespaces !== undefined && !cluster.namespaces.includes(query.namespace)) {
      throw new ValidationError(`'destination.namespace' (${JSON.stringify(query.namespace)}) is not one of the namespaces Argo CD may manage on cluster ${JSON.stringify(cluster.clusterName)} (${cluster.namespaces.join(', ')}); add it to the ArgoCdCluster's namespaces`);
    }
    this.query = query;
    this.by = by;
    this.argoCdCluster = cluster;
  }

  /** @internal */
  public _render(): any {
    // Argo CD rejects a destination that sets both name and server
    return this.by === 'name'
      ? { name: this.query.clusterName, namespace: this.query.namespace }
      : { server: this.query.server, namespace: this.query.namespace };
  }
}

/** An option of a sync (`syncPolicy.syncOptions`). */
export class SyncOption {
  /** Create the destination namespace (the project must allow the cluster-scoped kind Namespace). */
  public static readonly CREATE_NAMESPACE = new SyncOption('CreateNamespace=true');
  /** Apply with server-side apply. */
  public static readonly SERVER_SIDE_APPLY = new SyncOption('ServerSideApply=true');
  /** Prune after every other resource is synced and healthy. */
  public static readonly PRUNE_LAST = new SyncOption('PruneLast=true');
  /** Apply only resources that are out of sync. */
  public static readonly APPLY_OUT_OF_SYNC_ONLY = new SyncOption('ApplyOutOfSyncOnly=true');
  /** Fail the sync when a resource is already managed by another Application. */
  public static readonly FAIL_ON_SHARED_RESOURCE = new SyncOption('FailOnSharedResource=true');
  /** Honour `ignoreDifferences` when applying, not only when comparing. */
  public static readonly RESPECT_IGNORE_DIFFERENCES = new SyncOption('RespectIgnoreDifferences=true');
  /** Delete pruned resources with foreground propagation. */
  public static readonly PRUNE_PROPAGATION_FOREGROUND = new SyncOption('PrunePropagationPolicy=foreground');

  /** Any other option, in Argo CD's `Name=value` form. */
  public static custom(value: string): SyncOption {
    return new SyncOption(value);
  }

  private constructor(public readonly value: string) {
    if (!/^[A-Za-z]+=[A-Za-z0-9_.-]+$/.test(value)) {
      throw new ValidationError(`'syncOptions' entry ${JSON.stringify(value)} must have the form Name=value; e.g. "CreateNamespace=true"`);
    }
  }
}

/** Automated sync. */
export interface AutomatedSync {
  /**
   * Delete resources that are no longer in Git.
   *
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster.
   *
   * @default false
   */
  readonly selfHeal?: boolean;
  /**
   * Allow a sync that would leave the Application with no resources (with prune, deletes everything).
   *
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Backoff between sync retries. */
export interface SyncRetryBackoff {
  /**
   * The first wait.
   *
   * @default Duration.seconds(5)
   */
  readonly duration?: Duration;
  /**
   * The factor each wait is multiplied by, a whole number.
   *
   * @default 2
   */
  readonly factor?: number;
  /**
   * The longest wait.
   *
   * @default Duration.minutes(3)
   */
  readonly maxDuration?: Duration;
}

/** Retries of a failed sync. */
export interface SyncRetry {
  /**
   * The number of retries.
   *
   * @default 5
   */
  readonly limit?: number;
  /**
   * Backoff between attempts.
   *
   * @default - 5s, doubling, at most 3m0s
   */
  readonly backoff?: SyncRetryBackoff;
}

/** When and how the Application syncs. */
export interface SyncPolicy {
  /**
   * Sync automatically when Git changes.
   *
   * @default - manual sync only
   */
  readonly automated?: AutomatedSync;
  /**
   * Sync options.
   *
   * @default - none
   */
  readonly syncOptions?: SyncOption[];
  /**
   * Retry failed syncs.
   *
   * @default - no retry
   */
  readonly retry?: SyncRetry;
}

/** Differences Argo CD ignores when comparing live and desired state. */
export interface IgnoreDifference {
  /**
   * The API group, `''` for core.
   *
   * @default '' (core)
   */
  readonly group?: string;
  /** The kind. */
  readonly kind: string;
  /**
   * Only this object.
   *
   * @default - every object of the kind
   */
  readonly name?: string;
  /**
   * Only objects in this namespace.
   *
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * JSON pointers (RFC 6901) of the fields to ignore, e.g. `/spec/replicas`.
   *
   * @default - none
   */
  readonly jsonPointers?: string[];
  /**
   * jq path expressions of the fields to ignore.
   *
   * @default - none
   */
  readonly jqPathExpressions?: string[];
  /**
   * Field managers whose changes are ignored.
   *
   * @default - none
   */
  readonly managedFieldsManagers?: string[];
}

/** What an Application (or an ApplicationSet's template) deploys, from where, to where, and how. */
export interface ApplicationSpecOptions {
  /** The project; `AppProject.fromDefaultProject` is the explicit opt-in for `default`. */
  readonly project: IAppProject;
  /** Where the manifests come from. */
  readonly source: ApplicationSource;
  /** Where they are deployed. */
  readonly destination: ApplicationDestination;
  /**
   * Sync policy.
   *
   * @default - manual sync, no options, no retry
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Differences to ignore. Add more with `addIgnoreDifference()`.
   *
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];
  /**
   * How many past syncs to keep in the history.
   *
   * @default - Argo CD's default (10)
   */
  readonly revisionHistoryLimit?: number;
}

function validatePath(prop: string, path: string): string {
  if (isTemplated(path)) return path;
  if (path === '' || path.startsWith('/') || path.split('/').includes('..') || /\s/.test(path)) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(path)}) must be a relative path inside the repository without '..' or whitespace; e.g. "deploy/overlays/prod" or "."`);
  }
  return path;
}

function validateRevision(revision: string): string {
  if (revision === '' || /\s/.test(revision)) {
    throw new ValidationError(`'targetRevision' (${JSON.stringify(revision)}) must be a branch, tag, commit or version without whitespace; e.g. "main"`);
  }
  return revision;
}
