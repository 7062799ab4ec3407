import { validateLabelKey } from '../common/names';

/** Which objects the repository's `argocd/` folder holds to deploy every cluster and environment. */
export enum AppOfAppsKind {
  /** One `Application` per cluster and environment. */
  APPLICATIONS = 'applications',
  /** One `ApplicationSet` with a list generator holding every cluster and environment. */
  LIST_APPLICATION_SET = 'list',
  /** One `ApplicationSet` per environment with a cluster generator selecting cluster Secrets by label. */
  CLUSTER_APPLICATION_SETS = 'clusters',
}

/** Options of `AppOfApps.clusterApplicationSets()`. */
export interface ClusterApplicationSetsOptions {
  /**
   * The label on Argo CD cluster Secrets whose value names the cluster's environment; the ApplicationSet of
   * environment `staging` targets the clusters labelled `<label>: staging`.
   *
   * @default 'zero-trust.cdk8s.io/environment'
   */
  readonly environmentLabel?: string;
}

/**
 * The app-of-apps: a root Application (in `bootstrap/`, applied once) syncs the `argocd/` folder, which holds
 * the AppProject and the Applications (or ApplicationSets) that deploy each cluster's overlays.
 */
export class AppOfApps {
  /** The label `clusterApplicationSets()` selects cluster Secrets by, unless told otherwise. */
  public static readonly DEFAULT_ENVIRONMENT_LABEL = 'zero-trust.cdk8s.io/environment';

  /** One Application per cluster and environment: the most explicit, best for a few clusters. */
  public static applications(): AppOfApps {
    return new AppOfApps(AppOfAppsKind.APPLICATIONS, undefined);
  }

  /** One ApplicationSet whose list generator has an element per cluster and environment. */
  public static listApplicationSet(): AppOfApps {
    return new AppOfApps(AppOfAppsKind.LIST_APPLICATION_SET, undefined);
  }

  /**
   * One ApplicationSet per environment whose cluster generator selects the clusters whose Argo CD cluster
   * Secret carries the environment label: a new cluster joins by being labelled. Every cluster must then be
   * an `ArgoCdCluster` or the in-cluster target, named as its folder, so the template can find its path.
   */
  public static clusterApplicationSets(options: ClusterApplicationSetsOptions = {}): AppOfApps {
    const label = validateLabelKey(undefined, 'environmentLabel', options.environmentLabel ?? AppOfApps.DEFAULT_ENVIRONMENT_LABEL);
    return new AppOfApps(AppOfAppsKind.CLUSTER_APPLICATION_SETS, label);
  }

  /** Which objects are generated. */
  public readonly kind: AppOfAppsKind;
  /**
   * The cluster Secret label naming the environment.
   *
   * @default - none (not a cluster generator)
   */
  public readonly environmentLabel?: string;

  private constructor(kind: AppOfAppsKind, environmentLabel: string | undefined) {
    this.kind = kind;
    this.environmentLabel = environmentLabel;
  }
}
