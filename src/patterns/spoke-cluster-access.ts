import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppProject, ArgoCdCluster, ArgoCdInstance, ClusterAuth, ClusterTls } from '../argocd';
import { DEFAULT_ARGOCD_NAMESPACE } from '../argocd/private';
import { ValidationError } from '../common/errors';
import { validateDnsLabel } from '../common/names';
import { isSystemNamespace } from '../common/patterns';
import { validateReason } from '../common/reason';
import { shown, shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { Compliance } from '../compliance';
import {
  ArgoCdNamespaceAccess, ClusterSpiffeId, GroupsMapping, IWorkloadIdentityManager, LabelSelector, OidcClient, OpenShiftAuthentication,
  RbacRule, SpiffeId, UsernameMapping,
} from '../identity';

const DEFAULT_SERVER_SERVICE_ACCOUNT = 'argocd-server';
const DEFAULT_CONTROLLER_SERVICE_ACCOUNT = 'argocd-application-controller';
const DEFAULT_PROVIDER_NAME = 'spire';

/** The management cluster's Argo CD, whose server and application controller get JWT-SVIDs from SPIRE. */
export interface ManagementArgoCd {
  /**
   * The Argo CD instance (the operator's `ArgoCD` operand) on the management cluster: its namespace and the
   * service accounts of its server and application controller come from it, and so do the exec plugin's socket and
   * path in the cluster Secret (it must have `spiffe` set). Prefer it to the three props below; if both are given
   * they must agree.
   *
   * @default - `namespace`, `serverServiceAccount` and `applicationControllerServiceAccount` below
   */
  readonly instance?: ArgoCdInstance;
  /**
   * The SPIRE trust domain of the management cluster, e.g. `apps.example.com`. Prefer `workloadIdentity`, which
   * carries it; if both are given they must agree.
   *
   * @default - the trust domain of `workloadIdentity` (one of the two is required)
   */
  readonly trustDomain?: string;
  /**
   * The namespace Argo CD runs in; the cluster Secret and the AppProject are created there.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * The service account of the Argo CD server (it talks to the spoke for the UI's live views and actions).
   *
   * @default 'argocd-server'
   */
  readonly serverServiceAccount?: string;
  /**
   * The service account of the application controller (it syncs and watches the spoke).
   *
   * @default 'argocd-application-controller'
   */
  readonly applicationControllerServiceAccount?: string;
}

/** The spoke cluster Argo CD deploys to, and how it trusts the management cluster's SPIFFE identities. */
export interface SpokeCluster {
  /**
   * The cluster's name in Argo CD (`destination.name`), also the name of its cluster Secret and AppProject;
   * a DNS-1123 label such as `spoke-cluster`.
   */
  readonly name: string;
  /** The spoke's API server URL, https, e.g. `https://api.spoke.example.com:6443`. */
  readonly server: string;
  /** PEM text of the CA certificate(s) that signed the API server's certificate; public certificates only. */
  readonly caCertificate: string;
  /**
   * The issuer URL of the management trust domain's SPIRE OIDC discovery provider, https, equal to the
   * JWT-SVIDs' `iss`. Prefer `workloadIdentity`, which carries it; if both are given they must agree.
   *
   * @default - the JWT issuer of `workloadIdentity` (one of the two is required)
   */
  readonly oidcIssuerUrl?: string;
  /**
   * The audience the spoke accepts and the exec plugin requests JWT-SVIDs for, e.g. `openshift-spoke`. A
   * JWT-SVID minted for another audience (another spoke, Vault) is refused.
   */
  readonly audience: string;
  /** The namespaces Argo CD may manage on the spoke; each gets a Role and a RoleBinding, nothing cluster-wide. */
  readonly namespaces: string[];
  /**
   * The name of the spoke's OIDC provider; user names are prefixed with it (`<name>:`) unless
   * `usernamePrefix` is given.
   *
   * @default 'spire'
   */
  readonly oidcProviderName?: string;
  /**
   * The prefix the spoke puts in front of every SPIFFE user name, e.g. `spiffe:`.
   *
   * @default - the provider name followed by ':'
   */
  readonly usernamePrefix?: string;
  /**
   * A claim the spoke takes (prefixed) group names from. JWT-SVIDs carry no groups, so this only matters
   * when the issuer adds them.
   *
   * @default - users get no groups from the token
   */
  readonly groupsClaim?: string;
  /**
   * ConfigMap in `openshift-config` whose `ca-bundle.crt` holds the CA of the OIDC discovery provider's TLS
   * certificate.
   *
   * @default - the spoke's system trust store
   */
  readonly issuerCertificateAuthority?: kplus.IConfigMap;
  /**
   * Platform components (console, CLI) that sign users in through the provider.
   *
   * @default - none
   */
  readonly oidcClients?: OidcClient[];
  /**
   * Rules added to every managed namespace's Role, e.g. for custom resources the applications contain.
   *
   * @default - none beyond what Argo CD needs for the usual application resources
   */
  readonly additionalRules?: RbacRule[];
  /**
   * Allow `default`, `openshift`, `kube-*` and `openshift-*` in `namespaces`, with the written reason: their
   * objects configure the cluster itself.
   *
   * @default - such namespaces are rejected
   */
  readonly acknowledgeSystemNamespaces?: string;
}

/** How SPIRE issues the Argo CD pods their identities, when this pattern registers them. */
export interface ArgoCdSpiffeIdOptions {
  /**
   * Only these pods of the Argo CD namespace get an identity, e.g. the server's and the controller's.
   *
   * @default - every pod in the Argo CD namespace (each gets its own service account's ID)
   */
  readonly podSelector?: LabelSelector;
  /**
   * Lifetime of the JWT-SVIDs; a JWT cannot be revoked, so keep it short.
   *
   * @default Duration.minutes(5)
   */
  readonly jwtTtl?: Duration;
}

/** Props of `SpokeClusterAccess`. */
export interface SpokeClusterAccessProps {
  /** Where the management cluster's objects go (a chart synthesized for the cluster Argo CD runs in). */
  readonly managementScope: Construct;
  /** Where the spoke cluster's objects go (a chart synthesized for the spoke); another chart than `managementScope`. */
  readonly spokeScope: Construct;
  /**
   * The management cluster's workload identity manager (`WorkloadIdentityManager`, or
   * `WorkloadIdentityManager.fromWorkloadIdentityManagerAttributes()` when it is written elsewhere): Argo CD's
   * SPIFFE IDs take its trust domain and the spoke trusts its JWT issuer, so the two clusters cannot disagree.
   *
   * @default - `argoCd.trustDomain` and `spoke.oidcIssuerUrl` are required instead
   */
  readonly workloadIdentity?: IWorkloadIdentityManager;
  /** The management cluster's Argo CD identities. */
  readonly argoCd: ManagementArgoCd;
  /** The spoke cluster. */
  readonly spoke: SpokeCluster;
  /**
   * Repositories the spoke's AppProject deploys from; more with `project.addSourceRepo()`.
   *
   * @default - none, so no Application can sync to the spoke until a repository is added
   */
  readonly sourceRepos?: string[];
  /**
   * Register the Argo CD pods with SPIRE (a `ClusterSPIFFEID` on the management cluster). Leave it out when
   * the registration exists already, e.g. once per management cluster for several spokes.
   *
   * @default - no ClusterSPIFFEID is created
   */
  readonly argoCdSpiffeIds?: ArgoCdSpiffeIdOptions;
}

/**
 * Argo CD on a management cluster deploying to a spoke cluster with SPIFFE identities and no long-lived token
 * (scenario S5), least privilege throughout:
 *
 * - spoke (`spokeScope`): an `OpenShiftAuthentication` trusting the SPIRE OIDC discovery provider for one
 *   audience, with prefixed user names, and per-namespace Roles and RoleBindings for the Argo CD server and
 *   application controller (`ArgoCdNamespaceAccess`), never cluster-admin;
 * - management (`managementScope`): the Argo CD cluster Secret running the SPIFFE JWT exec plugin for that
 *   audience, with TLS verification against the spoke's CA and scoped to those namespaces and to an
 *   `AppProject` whose destinations are exactly that cluster and those namespaces, with no cluster-scoped kinds;
 *   optionally the `ClusterSPIFFEID` that issues the Argo CD pods their identities.
 *
 * Audience and user names are derived once, and with `workloadIdentity` the trust domain and the issuer come from
 * the management cluster's `WorkloadIdentityManager`, so both sides agree by construction; a validation re-reads
 * the rendered objects at synthesis and reports any drift (e.g. a JSON patch or an extra subject).
 *
 * Escape hatches: `ApiObject.of(access)` is the cluster Secret; the other objects are its properties.
 */
export class SpokeClusterAccess extends Construct {
  /** The spoke's Authentication. */
  public readonly authentication: OpenShiftAuthentication;
  /** The spoke's per-namespace Roles and RoleBindings for Argo CD. */
  public readonly rbac: ArgoCdNamespaceAccess;
  /** The management cluster's Argo CD cluster Secret. */
  public readonly cluster: ArgoCdCluster;
  /** The project Applications deploying to the spoke use. */
  public readonly project: AppProject;
  /** The Argo CD server's SPIFFE ID. */
  public readonly serverSpiffeId: SpiffeId;
  /** The application controller's SPIFFE ID. */
  public readonly applicationControllerSpiffeId: SpiffeId;
  /** The audience both sides use. */
  public readonly audience: string;
  /** The managed namespaces, sorted. */
  public readonly namespaces: string[];
  /** The registration of the Argo CD pods with SPIRE, when `argoCdSpiffeIds` was given. */
  public readonly clusterSpiffeId?: ClusterSpiffeId;
  /** The management cluster's trust domain, which Argo CD's SPIFFE IDs are in. */
  public readonly trustDomain: string;
  /** The issuer the spoke trusts: the JWT issuer of the management cluster's SPIRE. */
  public readonly issuerUrl: string;

  public constructor(scope: Construct, id: string, props: SpokeClusterAccessProps) {
    super(scope, id);
    requireProps(props, 'SpokeClusterAccessProps', ['managementScope', 'spokeScope', 'argoCd', 'spoke'], this);
    requireProps(props.spoke, 'SpokeCluster', ['name', 'server', 'caCertificate', 'audience', 'namespaces'], this);
    this.checkCharts(props);
    const spoke = props.spoke;
    const reason = this.checkSpokeNamespaces(spoke);
    const argoCd = this.resolveArgoCd(props.argoCd);
    const argoCdNamespace = argoCd.namespace;
    [this.trustDomain, this.issuerUrl] = this.resolveWorkloadIdentity(props);
    this.serverSpiffeId = SpiffeId.forServiceAccount(this.trustDomain, argoCdNamespace, argoCd.serverServiceAccount);
    this.applicationControllerSpiffeId = SpiffeId.forServiceAccount(this.trustDomain, argoCdNamespace, argoCd.applicationControllerServiceAccount);
    if (this.serverSpiffeId.isSameAs(this.applicationControllerSpiffeId)) {
      throw new ValidationError(`'argoCd.serverServiceAccount' and 'argoCd.applicationControllerServiceAccount' are the same (${this.serverSpiffeId}); give each component its own service account so each has its own identity`, this);
    }
    this.audience = spoke.audience;

    const spokeSide = new Construct(props.spokeScope, id);
    this.authentication = this.createAuthentication(spokeSide, spoke);
    this.rbac = new ArgoCdNamespaceAccess(spokeSide, 'ArgoCdAccess', {
      authentication: this.authentication,
      subjects: [this.serverSpiffeId, this.applicationControllerSpiffeId],
      namespaces: spoke.namespaces,
      additionalRules: spoke.additionalRules,
    });
    this.namespaces = [...this.rbac.namespaces];
    // Argo CD's identities live in its namespace on the management cluster; deploying into other namespaces
    // of another cluster is the point, and the grant stops at the listed namespaces
    Compliance.of(this.rbac).acknowledge({
      id: 'ZT-RBAC6',
      reason: `Argo CD (${argoCdNamespace} on the management cluster) deploys to these spoke namespaces by design; the Roles cover only ${this.namespaces.join(', ')}, the namespaces of its cluster Secret and AppProject`,
    });

    const managementSide = new Construct(props.managementScope, id);
    this.project = this.createProject(managementSide, props, argoCdNamespace, reason);
    this.cluster = this.createCluster(managementSide, spoke, argoCdNamespace, props.argoCd.instance);
    // the main object lives in the management chart, not under this construct: escape hatches reach it all the same
    this.node.defaultChild = this.cluster;
    if (props.argoCdSpiffeIds !== undefined) {
      this.clusterSpiffeId = new ClusterSpiffeId(managementSide, 'ArgoCdSpiffeIds', {
        metadata: { name: `${argoCdNamespace}-argocd` },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': argoCdNamespace } },
        podSelector: props.argoCdSpiffeIds.podSelector,
        jwtTtl: props.argoCdSpiffeIds.jwtTtl ?? Duration.minutes(5),
      });
    }
    this.node.addValidation({ validate: () => this.crossCheck() });
  }

  /** The spoke's objects and the management cluster's must be in charts of their own. */
  private checkCharts(props: SpokeClusterAccessProps): void {
    const managementChart = Chart.of(props.managementScope);
    if (managementChart === Chart.of(props.spokeScope)) {
      throw new ValidationError(`'managementScope' and 'spokeScope' are both in chart ${JSON.stringify(managementChart.node.path)}; the spoke's objects must be applied to the spoke cluster, so give each cluster its own chart`, this);
    }
  }

  /**
   * The trust domain and the issuer come from one place: the workload identity manager when given (the old props
   * may repeat its values, never contradict them), else the two props, which must both be set. Returns the trust
   * domain and the issuer.
   */
  private resolveWorkloadIdentity(props: SpokeClusterAccessProps): [string, string] {
    const trustDomain = props.argoCd.trustDomain;
    const issuer = props.spoke.oidcIssuerUrl;
    const manager = props.workloadIdentity;
    if (manager === undefined) {
      const missing = [trustDomain === undefined ? 'argoCd.trustDomain' : undefined, issuer === undefined ? 'spoke.oidcIssuerUrl' : undefined].filter(p => p !== undefined);
      if (missing.length > 0) {
        throw new ValidationError(`'${missing.join('\' and \'')}' ${missing.length === 1 ? 'is' : 'are'} missing: the spoke must know the management cluster's trust domain and JWT issuer; pass workloadIdentity (the management cluster's WorkloadIdentityManager), which carries both`, this);
      }
      return [trustDomain!, issuer!];
    }
    if (trustDomain !== undefined && trustDomain !== manager.trustDomain) {
      throw new ValidationError(`'argoCd.trustDomain' (${shown(trustDomain)}) differs from the trust domain of 'workloadIdentity' (${shown(manager.trustDomain)}): the spoke would grant SPIFFE IDs SPIRE never issues; remove argoCd.trustDomain, it comes from workloadIdentity`, this);
    }
    if (issuer !== undefined && issuer !== manager.jwtIssuer) {
      throw new ValidationError(`'spoke.oidcIssuerUrl' (${shownUrl(issuer)}) differs from the JWT issuer of 'workloadIdentity' (${shownUrl(manager.jwtIssuer)}): the spoke would refuse every JWT-SVID, whose iss is the latter; remove spoke.oidcIssuerUrl, it comes from workloadIdentity`, this);
    }
    return [manager.trustDomain, manager.jwtIssuer];
  }

  /** The spoke's name and namespaces, system namespaces only with a reason; returns the reason. */
  private checkSpokeNamespaces(spoke: SpokeCluster): string | undefined {
    validateDnsLabel(this, 'spoke.name', spoke.name);
    if (!Array.isArray(spoke.namespaces) || spoke.namespaces.length === 0) {
      throw new ValidationError('\'spoke.namespaces\' must list at least one namespace Argo CD deploys to on the spoke; e.g. [\'gitops-helm-quarkus\']', this);
    }
    const reason = spoke.acknowledgeSystemNamespaces;
    if (reason !== undefined) validateReason(this, 'spoke.acknowledgeSystemNamespaces', reason, 'why Argo CD deploys to system namespaces of the spoke');
    const system = spoke.namespaces.filter(n => isSystemNamespace(n));
    if (system.length > 0 && reason === undefined) {
      throw new ValidationError(`'spoke.namespaces' lists ${system.map(n => JSON.stringify(n)).join(', ')}, whose objects configure the spoke itself (e.g. the issuer CA in openshift-config); deploy applications to their own namespaces or set acknowledgeSystemNamespaces with a reason`, this);
    }
    if (system.length === 0 && reason !== undefined) {
      throw new ValidationError('\'spoke.acknowledgeSystemNamespaces\' is set but no namespace is a system namespace; remove the acknowledgement', this);
    }
    return reason;
  }

  /** The spoke's Authentication: the SPIRE OIDC provider, for one audience, with prefixed user names. */
  private createAuthentication(spokeSide: Construct, spoke: SpokeCluster): OpenShiftAuthentication {
    return new OpenShiftAuthentication(spokeSide, 'Authentication', {
      oidcProvider: {
        name: spoke.oidcProviderName ?? DEFAULT_PROVIDER_NAME,
        issuerUrl: this.issuerUrl,
        audiences: [spoke.audience],
        issuerCertificateAuthority: spoke.issuerCertificateAuthority,
        usernameMapping: UsernameMapping.fromClaim('sub', { prefix: spoke.usernamePrefix }),
        groupsMapping: spoke.groupsClaim !== undefined ? GroupsMapping.fromClaim(spoke.groupsClaim) : undefined,
        oidcClients: spoke.oidcClients,
      },
    });
  }

  /** The AppProject whose destinations are exactly the spoke and its namespaces. */
  private createProject(managementSide: Construct, props: SpokeClusterAccessProps, argoCdNamespace: string, reason: string | undefined): AppProject {
    const spoke = props.spoke;
    return new AppProject(managementSide, 'Project', {
      metadata: { name: spoke.name },
      argoCdNamespace,
      description: `Applications Argo CD deploys to the spoke cluster ${spoke.name}`,
      sourceRepos: props.sourceRepos,
      // the same reason covers the project's destinations: they are exactly these namespaces
      destinations: this.namespaces.map(namespace => ({
        server: spoke.server,
        namespace,
        ...isSystemNamespace(namespace) ? { acknowledgeSystemNamespaces: reason } : {},
      })),
    });
  }

  /**
   * Namespace and service accounts of Argo CD: from `argoCd.instance` when given (explicit values must then agree
   * with it), else from the props or their defaults.
   */
  private resolveArgoCd(props: ManagementArgoCd): { namespace: string; serverServiceAccount: string; applicationControllerServiceAccount: string } {
    const instance = props.instance;
    const given = {
      namespace: props.namespace,
      serverServiceAccount: props.serverServiceAccount,
      applicationControllerServiceAccount: props.applicationControllerServiceAccount,
    };
    if (instance === undefined) {
      return {
        namespace: given.namespace ?? DEFAULT_ARGOCD_NAMESPACE,
        serverServiceAccount: given.serverServiceAccount ?? DEFAULT_SERVER_SERVICE_ACCOUNT,
        applicationControllerServiceAccount: given.applicationControllerServiceAccount ?? DEFAULT_CONTROLLER_SERVICE_ACCOUNT,
      };
    }
    if (!instance.spiffeEnabled) {
      throw new ValidationError(`'argoCd.instance' (${instance.node.path}) has no 'spiffe' option: its server and application controller would have no Workload API socket and no exec plugin; set spiffe: { execPluginImage } on the instance`, this);
    }
    const derived = {
      namespace: instance.namespace!,
      serverServiceAccount: instance.serverServiceAccountName,
      applicationControllerServiceAccount: instance.applicationControllerServiceAccountName,
    };
    for (const key of ['namespace', 'serverServiceAccount', 'applicationControllerServiceAccount'] as const) {
      if (given[key] !== undefined && given[key] !== derived[key]) {
        throw new ValidationError(`'argoCd.${key}' (${JSON.stringify(given[key])}) differs from what 'argoCd.instance' runs with (${JSON.stringify(derived[key])}): the spoke would trust an identity Argo CD does not have; remove argoCd.${key}, it comes from the instance`, this);
      }
    }
    return derived;
  }

  /** The cluster Secret: SPIFFE JWT exec credentials for the audience, verified TLS, scoped to the namespaces and project. */
  private createCluster(
    managementSide: Construct, spoke: SpokeCluster, argoCdNamespace: string, instance: ArgoCdInstance | undefined): ArgoCdCluster {
    return new ArgoCdCluster(managementSide, 'Cluster', {
      metadata: { name: spoke.name },
      argoCdNamespace,
      clusterName: spoke.name,
      server: spoke.server,
      // with an instance, the socket and plugin path are the ones it mounts
      auth: instance ? instance.spiffeJwtAuth(spoke.audience) : ClusterAuth.spiffeJwt({ audience: spoke.audience }),
      tls: ClusterTls.verify(spoke.caCertificate),
      namespaces: this.namespaces,
      project: this.project,
    });
  }

  /** The user names the spoke gives the Argo CD server and application controller, sorted. */
  public get usernames(): string[] {
    return [this.serverSpiffeId, this.applicationControllerSpiffeId].map(s => this.authentication.usernameFor(s.toString())).sort();
  }

  /** Re-reads the rendered objects: both clusters must agree on the audience, the user names and the namespaces. */
  private crossCheck(): string[] {
    const errors: string[] = [];
    const auth = ApiObject.of(this.authentication).toJson();
    const audiences: string[] = auth.spec?.oidcProviders?.[0]?.issuer?.audiences ?? [];
    const issuer = auth.spec?.oidcProviders?.[0]?.issuer?.issuerURL;
    if (issuer !== this.issuerUrl) {
      errors.push(`the spoke's Authentication trusts issuer ${shownUrl(issuer)} but the management cluster's JWT-SVIDs are issued by ${shownUrl(this.issuerUrl)}; every token would be refused, keep the issuer URL equal to the JWT issuer`);
    }
    const secret = ApiObject.of(this.cluster).toJson();
    let config: any;
    try {
      config = JSON.parse(secret.stringData?.config ?? '');
    } catch {
      config = undefined;
    }
    const requested = config?.execProviderConfig?.env?.SPIFFE_JWT_AUDIENCE;
    if (requested === undefined || !audiences.includes(requested)) {
      errors.push(`the cluster Secret requests JWT-SVIDs for audience ${JSON.stringify(requested)} but the spoke's Authentication accepts ${JSON.stringify(audiences)}; Argo CD's tokens would be refused, keep SPIFFE_JWT_AUDIENCE equal to the spoke's audience`);
    }
    if (config?.tlsClientConfig?.insecure !== false || !config?.tlsClientConfig?.caData) {
      errors.push('the cluster Secret does not verify the spoke API server\'s certificate; keep tlsClientConfig.caData and insecure: false');
    }
    const expected = this.usernames;
    const prefix = this.authentication.usernamePrefix ?? '';
    for (const namespace of this.namespaces) {
      const binding = ApiObject.of(this.rbac.accessFor(namespace).binding).toJson();
      const names: string[] = (binding.subjects ?? []).map((s: any) => s.name).sort();
      if (JSON.stringify(names) !== JSON.stringify(expected)) {
        errors.push(`the RoleBinding in ${JSON.stringify(namespace)} binds ${JSON.stringify(names)}, expected the Argo CD user names ${JSON.stringify(expected)} (prefix ${JSON.stringify(prefix)}); grant other workloads with their own SpiffeAccess`);
      }
    }
    const scoped: string[] = (secret.stringData?.namespaces ?? '').split(',').filter((n: string) => n !== '').sort();
    if (JSON.stringify(scoped) !== JSON.stringify(this.namespaces)) {
      errors.push(`the cluster Secret scopes Argo CD to ${JSON.stringify(scoped)} but the spoke grants it ${JSON.stringify(this.namespaces)}; both must list the same namespaces`);
    }
    return errors;
  }
}
