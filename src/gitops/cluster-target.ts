import { ApplicationDestination } from '../argocd/application-spec';
import { IArgoCdCluster } from '../argocd/cluster';
import { IN_CLUSTER_SERVER, validateHttpsServer } from '../argocd/private';

/** How Argo CD reaches a cluster of a `GitOpsRepository`. */
export class ClusterTarget {
  /** The cluster Argo CD runs in (`https://kubernetes.default.svc`, named `in-cluster`). */
  public static inCluster(): ClusterTarget {
    return new ClusterTarget(IN_CLUSTER_SERVER, 'in-cluster', undefined);
  }

  /** A cluster Argo CD already knows (its cluster Secret is managed elsewhere), by API server URL. */
  public static server(server: string): ClusterTarget {
    return new ClusterTarget(validateHttpsServer(undefined, 'server', server), undefined, undefined);
  }

  /**
   * A cluster defined in this app by an `ArgoCdCluster` (e.g. with SPIFFE exec credentials); Applications
   * address it by name, and the namespaces it lets Argo CD manage bound what the repository may put there.
   */
  public static argoCdCluster(cluster: IArgoCdCluster): ClusterTarget {
    return new ClusterTarget(cluster.server, cluster.clusterName, cluster);
  }

  /** The API server URL. */
  public readonly serverUrl: string;
  /**
   * The cluster's name in Argo CD.
   *
   * @default - unknown (a cluster given by server URL)
   */
  public readonly clusterName?: string;
  /**
   * The cluster construct.
   *
   * @default - none
   */
  public readonly cluster?: IArgoCdCluster;

  private constructor(server: string, clusterName: string | undefined, cluster: IArgoCdCluster | undefined) {
    this.serverUrl = server;
    this.clusterName = clusterName;
    this.cluster = cluster;
  }

  /** @internal */
  public _destination(namespace: string): ApplicationDestination {
    if (this.cluster !== undefined) return ApplicationDestination.cluster(this.cluster, namespace);
    if (this.serverUrl === IN_CLUSTER_SERVER) return ApplicationDestination.inCluster(namespace);
    return ApplicationDestination.server(this.serverUrl, namespace);
  }
}
