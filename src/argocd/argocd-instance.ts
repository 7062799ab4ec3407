import { Chart, Size, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ArgoCdRbac, ArgoCdRbacOptions } from './argocd-rbac';
import { ClusterAuth } from './cluster';
import { DEFAULT_ARGOCD_NAMESPACE } from './private';
import { EXEC_PLUGIN_BINARY, EXEC_PLUGIN_COMMAND, EXEC_PLUGIN_DIRECTORY, SPIFFE_ENDPOINT_SOCKET, SPIFFE_SOCKET_DIRECTORY } from './spiffe-exec';
import { renderResources, secureContext } from '../common/containers';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { isDnsSubdomain, validateDnsLabel } from '../common/names';
import { validateReason } from '../common/reason';
import { shown } from '../common/redact';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { ImageReference } from '../tekton/image';

/** The longest instance name for which the operator names the service accounts `<name>-<component>` untruncated. */
const MAX_NAME_LENGTH = 63 - '-argocd-application-controller'.length;
/** The CSI driver that serves the SPIFFE Workload API. */
const SPIFFE_CSI_DRIVER = 'csi.spiffe.io';
const WORKLOAD_API_VOLUME = 'spiffe-workload-api';
const EXEC_PLUGIN_VOLUME = 'spiffe-exec-plugin';
const EXEC_PLUGIN_INIT_CONTAINER = 'copy-spiffe-exec-plugin';
/** An absolute path of plain segments: no `..`, no scheme, nothing a shell would expand. */
const IMAGE_PATH = /^(\/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+$/;

/** Annotation that keeps the written reason for enabling the local `admin` account. */
export const LOCAL_ADMIN_REASON_ANNOTATION = 'zero-trust.cdk8s.io/local-admin-reason';

/**
 * Requests and limits of each Argo CD component. Each is merged field by field over its default; every
 * component always gets CPU and memory requests and limits.
 */
export interface ArgoCdComponentResources {
  /**
   * The application controller.
   *
   * @default - CPU 250m / 2, memory 1024Mi / 2048Mi (request / limit)
   */
  readonly applicationController?: kplus.ContainerResources;
  /**
   * The API and UI server.
   *
   * @default - CPU 125m / 500m, memory 128Mi / 256Mi
   */
  readonly server?: kplus.ContainerResources;
  /**
   * The repository server.
   *
   * @default - CPU 250m / 1, memory 256Mi / 1024Mi
   */
  readonly repoServer?: kplus.ContainerResources;
  /**
   * Redis.
   *
   * @default - CPU 250m / 500m, memory 128Mi / 256Mi
   */
  readonly redis?: kplus.ContainerResources;
  /**
   * The ApplicationSet controller, when it runs.
   *
   * @default - CPU 250m / 2, memory 512Mi / 1024Mi
   */
  readonly applicationSetController?: kplus.ContainerResources;
  /**
   * Dex, when single sign-on is configured.
   *
   * @default - CPU 250m / 500m, memory 128Mi / 256Mi
   */
  readonly dex?: kplus.ContainerResources;
  /**
   * The init container that copies the SPIFFE exec plugin, when `spiffe` is set.
   *
   * @default - CPU 10m / 100m, memory 32Mi / 64Mi
   */
  readonly execPluginCopy?: kplus.ContainerResources;
}

function resources(cpuRequest: number, cpuLimit: number, memoryRequest: number, memoryLimit: number): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(cpuRequest), limit: kplus.Cpu.millis(cpuLimit) },
    memory: { request: Size.mebibytes(memoryRequest), limit: Size.mebibytes(memoryLimit) },
  };
}

/** The defaults of `ArgoCdComponentResources` (those of the OpenShift GitOps default instance). */
const DEFAULT_RESOURCES: { [component in keyof Required<ArgoCdComponentResources>]: kplus.ContainerResources } = {
  applicationController: resources(250, 2000, 1024, 2048),
  server: resources(125, 500, 128, 256),
  repoServer: resources(250, 1000, 256, 1024),
  redis: resources(250, 500, 128, 256),
  applicationSetController: resources(250, 2000, 512, 1024),
  dex: resources(250, 500, 128, 256),
  execPluginCopy: resources(10, 100, 32, 64),
};

/**
 * A class of objects Argo CD neither watches nor shows (`resourceExclusions`), e.g. high-churn kinds whose
 * objects are created at run time.
 */
export interface ArgoCdResourceFilter {
  /** API groups, `''` for the core group; globs allowed. */
  readonly apiGroups: string[];
  /** Kinds; globs allowed. */
  readonly kinds: string[];
  /**
   * The clusters (API server URLs) the filter applies to; globs allowed.
   *
   * @default - every cluster
   */
  readonly clusters?: string[];
}

/**
 * What the operator excludes when `resourceExclusions` is unset: an explicit list replaces it, so it is kept and
 * the instance's own entries come after it.
 */
const OPERATOR_DEFAULT_EXCLUSIONS: ArgoCdResourceFilter[] = [
  { apiGroups: ['', 'discovery.k8s.io'], kinds: ['Endpoints', 'EndpointSlice'] },
  { apiGroups: ['apiregistration.k8s.io'], kinds: ['APIService'] },
  { apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] },
  {
    apiGroups: ['authentication.k8s.io', 'authorization.k8s.io'],
    kinds: ['SelfSubjectReview', 'TokenReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  },
  { apiGroups: ['certificates.k8s.io'], kinds: ['CertificateSigningRequest'] },
  { apiGroups: ['cert-manager.io'], kinds: ['CertificateRequest'] },
  { apiGroups: ['cilium.io'], kinds: ['CiliumIdentity', 'CiliumEndpoint', 'CiliumEndpointSlice'] },
  {
    apiGroups: ['kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io'],
    kinds: ['PolicyReport', 'ClusterPolicyReport', 'EphemeralReport', 'ClusterEphemeralReport', 'AdmissionReport',
      'ClusterAdmissionReport', 'BackgroundScanReport', 'ClusterBackgroundScanReport', 'UpdateRequest'],
  },
];

/** Tekton's runs: created by the thousand at run time, never from Git, and pruned by their own controller. */
const TEKTON_RUNS: ArgoCdResourceFilter = { apiGroups: ['tekton.dev'], kinds: ['TaskRun', 'PipelineRun'] };

/** How the application controller and the server get the SPIFFE JWT exec plugin and the Workload API. */
export interface ArgoCdSpiffeOptions {
  /**
   * The image that holds the `k8s-spiffe-workload-jwt-exec-auth` binary and a `cp` executable, pinned by digest
   * (`ImageReference.digest()`): an init container copies the binary from it into an `emptyDir`, so nothing is
   * downloaded when a pod starts and the binary is exactly the one the digest names. The upstream release image
   * (built by ko on a static base) has no `cp`; build one from a minimal base with the release binary added.
   * It must run as a numeric non-root user unless the platform assigns one (OpenShift's restricted SCC does).
   */
  readonly execPluginImage: ImageReference;
  /**
   * Where the binary is inside `execPluginImage`, an absolute path.
   *
   * @default '/usr/local/bin/k8s-spiffe-workload-jwt-exec-auth'
   */
  readonly execPluginPath?: string;
}

/** Options of `ArgoCdSso.openShiftOAuth()`. */
export interface ArgoCdOpenShiftOAuthOptions {
  /**
   * Only members of these OpenShift groups may sign in (Dex's `groups`).
   *
   * @default - every OpenShift user may sign in, and gets only what `rbac` grants (nothing without a default role)
   */
  readonly requiredGroups?: string[];
}

/** Single sign-on for people using the Argo CD UI and CLI. */
export class ArgoCdSso {
  /** Dex with OpenShift's OAuth server: users sign in with their cluster account, groups come from OpenShift. */
  public static openShiftOAuth(options: ArgoCdOpenShiftOAuthOptions = {}): ArgoCdSso {
    const groups = options.requiredGroups;
    if (groups !== undefined) {
      if (groups.length === 0) throw new ValidationError('\'requiredGroups\' is empty, so nobody could sign in; list groups or leave it unset');
      groups.forEach(g => {
        refuseCredential(undefined, 'requiredGroups', g);
        if (g.trim() !== g || g === '' || /[\s,]/.test(g)) throw new ValidationError(`'requiredGroups' has ${shown(g)}; a group name has no whitespace or ','`);
      });
      const dup = groups.find((g, i) => groups.indexOf(g) !== i);
      if (dup !== undefined) throw new ValidationError(`'requiredGroups' contains ${shown(dup)} twice`);
    }
    return new ArgoCdSso(groups === undefined ? undefined : [...groups]);
  }

  private constructor(private readonly requiredGroups: string[] | undefined) {}

  /** The `sso` field with Dex's resources. @internal */
  public _render(dexResources: any): any {
    return { provider: 'dex', dex: { openShiftOAuth: true, groups: this.requiredGroups, resources: dexResources } };
  }
}

/** Options of the OpenShift Route that exposes the Argo CD server. */
export interface ArgoCdServerRouteOptions {
  /**
   * The host name of the Route.
   *
   * @default - the name OpenShift gives the Route in the apps domain
   */
  readonly host?: string;
}

/** Props of `ArgoCdInstance`. */
export interface ArgoCdInstanceProps extends ResourceProps {
  /**
   * Argo CD's RBAC: the default role and the claims that carry groups. Grant roles to groups, and define
   * custom roles, with `instance.rbac.grant()` and `instance.rbac.addPolicy()`.
   *
   * @default - no default role, groups from the `groups` claim
   */
  readonly rbac?: ArgoCdRbacOptions;
  /**
   * Requests and limits per component, merged over the defaults.
   *
   * @default - the defaults of `ArgoCdComponentResources`
   */
  readonly resources?: ArgoCdComponentResources;
  /**
   * Give the application controller and the server the SPIFFE Workload API and the JWT exec plugin, so cluster
   * Secrets can use `instance.spiffeJwtAuth(audience)`.
   *
   * @default - no SPIFFE Workload API and no exec plugin
   */
  readonly spiffe?: ArgoCdSpiffeOptions;
  /**
   * Single sign-on for people.
   *
   * @default - no SSO: Dex is not deployed
   */
  readonly sso?: ArgoCdSso;
  /**
   * Expose the server through an OpenShift Route (TLS re-encrypted, plain HTTP redirected).
   *
   * @default - no Route: the server is reachable inside the cluster only
   */
  readonly serverRoute?: ArgoCdServerRouteOptions;
  /**
   * Run the ApplicationSet controller.
   *
   * @default true
   */
  readonly applicationSetController?: boolean;
  /**
   * Kinds Argo CD ignores, added after the operator's default exclusions and Tekton's TaskRuns and PipelineRuns;
   * more with `addResourceExclusion()`.
   *
   * @default - the operator's defaults and Tekton runs
   */
  readonly resourceExclusions?: ArgoCdResourceFilter[];
  /**
   * Keep Argo CD's local `admin` account, whose password sits in a Secret and never expires: the written reason
   * why (it lands in an annotation). Without it the account is disabled and people sign in through `sso`.
   *
   * @default - the local admin account is disabled
   */
  readonly enableLocalAdmin?: string;
}

/** An Argo CD instance (`argoproj.io` `ArgoCD`), defined here or elsewhere. */
export interface IArgoCdInstance extends INamespacedResource {
  /** The service account of the Argo CD server, which the operator names `<name>-argocd-server`. */
  readonly serverServiceAccountName: string;
  /**
   * The service account of the application controller, which the operator names
   * `<name>-argocd-application-controller`.
   */
  readonly applicationControllerServiceAccountName: string;
}

/** Attributes of an Argo CD instance managed elsewhere, for `ArgoCdInstance.fromArgoCdInstanceAttributes`. */
export interface ArgoCdInstanceAttributes {
  /** The instance's name, e.g. `openshift-gitops`. */
  readonly name: string;
  /** The namespace it runs in, e.g. `openshift-gitops`. */
  readonly namespace: string;
}

/**
 * An Argo CD instance run by the Argo CD operator (`argoproj.io/v1beta1` `ArgoCD`), least privilege by default:
 *
 * - RBAC: no default role (`defaultPolicy: ""`; the operator's own default is `role:readonly`), roles granted to
 *   named groups through `rbac`, `role:admin` never a default, broad subjects limited to `role:readonly` unless a
 *   reason is written; anonymous access, the web terminal and the local `admin` account off; SSO only when configured;
 * - requests and limits on every component;
 * - `resourceExclusions`: the operator's defaults (an explicit list replaces them) plus Tekton's TaskRuns and
 *   PipelineRuns;
 * - the application controller respects its Kubernetes RBAC (`respectRBAC: normal`), so a cluster that grants it
 *   a few namespaces' kinds only is not reported as failing;
 * - optionally (`spiffe`) the SPIFFE Workload API mounted read-only from `csi.spiffe.io` and the JWT exec plugin
 *   copied from a digest-pinned image by an init container under the restricted Pod Security profile, at the
 *   paths `spiffeJwtAuth()` points cluster Secrets to.
 *
 * Escape hatch: `ApiObject.of(instance)` is the ArgoCD object.
 */
export class ArgoCdInstance extends Resource implements IArgoCdInstance {
  /** References an instance managed elsewhere (e.g. one an operator creates), for its service account names. */
  public static fromArgoCdInstanceAttributes(scope: Construct, id: string, attrs: ArgoCdInstanceAttributes): IArgoCdInstance {
    requireProps(attrs, 'ArgoCdInstanceAttributes', ['name', 'namespace'], scope, id);
    return new ImportedArgoCdInstance(scope, id, attrs);
  }

  /** Argo CD's RBAC: grant roles to groups and define custom roles. */
  public readonly rbac: ArgoCdRbac;
  public readonly serverServiceAccountName: string;
  public readonly applicationControllerServiceAccountName: string;
  private readonly props: ArgoCdInstanceProps;
  /** The init container that copies the exec plugin (without its resources), when `spiffe` is set. */
  private readonly spiffeInit?: any;
  private readonly exclusions: ArgoCdResourceFilter[] = [];

  public constructor(scope: Construct, id: string, props: ArgoCdInstanceProps = {}) {
    super(scope, id, { apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', namespaced: true }, {
      metadata: {
        ...props.metadata,
        name: props.metadata?.name ?? 'argocd',
        namespace: props.metadata?.namespace ?? Chart.of(scope).namespace ?? DEFAULT_ARGOCD_NAMESPACE,
      },
    });
    this.props = props;
    const name = this.validateName(this.apiObject.name);
    this.serverServiceAccountName = serviceAccountName(name, 'server');
    this.applicationControllerServiceAccountName = serviceAccountName(name, 'application-controller');
    this.rbac = ArgoCdRbac._create(this, props.rbac ?? {});
    this.recordLocalAdmin(props.enableLocalAdmin);
    this.validateRouteHost(props.serverRoute?.host);
    (props.resourceExclusions ?? []).forEach(f => this.addResourceExclusion(f));
    this.spiffeInit = props.spiffe === undefined ? undefined : this.spiffeInitContainer(props.spiffe);
    // checked now, so a bad value names its prop where it was written
    this.componentResources();
    this.node.addValidation({ validate: () => this.rbac._undefinedRoles().map(r => `the RBAC policy grants ${r}, which no 'p, ${r}, ...' line defines; define it with rbac.addPolicy() or grant a built-in role`) });
  }

  /** Whether the application controller and the server get the SPIFFE Workload API and the exec plugin. */
  public get spiffeEnabled(): boolean {
    return this.spiffeInit !== undefined;
  }

  /**
   * Adds a class of objects Argo CD ignores.
   */
  public addResourceExclusion(filter: ArgoCdResourceFilter): void {
    requireProps(filter, 'ArgoCdResourceFilter', ['apiGroups', 'kinds'], this);
    const entry = this.validateFilter(filter);
    const key = JSON.stringify(entry);
    if ([...OPERATOR_DEFAULT_EXCLUSIONS, TEKTON_RUNS, ...this.exclusions].some(e => JSON.stringify(renderFilter(e)) === key)) {
      throw new ValidationError(`'resourceExclusions' already excludes ${key}`, this);
    }
    this.exclusions.push(entry);
  }

  /**
   * The exec credentials of an Argo CD cluster Secret (`ArgoCdCluster`'s `auth`) for a spoke whose OIDC
   * authentication accepts `audience`: the SPIFFE JWT exec plugin at the path this instance copies it to,
   * reading the Workload API socket where this instance mounts it. Needs `spiffe`.
   */
  public spiffeJwtAuth(audience: string): ClusterAuth {
    if (this.spiffeInit === undefined) {
      throw new ValidationError('spiffeJwtAuth() needs the exec plugin and the Workload API in the Argo CD pods; set the \'spiffe\' prop with the digest-pinned plugin image', this);
    }
    return ClusterAuth.spiffeJwt({ audience, endpointSocket: SPIFFE_ENDPOINT_SOCKET, command: EXEC_PLUGIN_COMMAND });
  }

  /** @internal */
  public _renderSpec(): any {
    const r = this.componentResources();
    const appSet = this.props.applicationSetController ?? true;
    return {
      applicationSet: appSet ? { resources: r.applicationSetController } : undefined,
      controller: { resources: r.applicationController, respectRBAC: 'normal', ...this.spiffeParts() },
      disableAdmin: this.props.enableLocalAdmin === undefined,
      rbac: this.rbac._render(),
      redis: { resources: r.redis },
      repo: { resources: r.repoServer },
      resourceExclusions: Yaml.stringify([...OPERATOR_DEFAULT_EXCLUSIONS, TEKTON_RUNS, ...this.exclusions].map(renderFilter)),
      server: this.renderServer(r.server),
      sso: this.props.sso?._render(r.dex),
      usersAnonymousEnabled: false,
      webTerminalEnabled: false,
    };
  }

  private validateName(name: string): string {
    validateDnsLabel(this, 'metadata.name', name);
    if (name.length > MAX_NAME_LENGTH) {
      throw new ValidationError(`'metadata.name' (${shown(name)}) has ${name.length} characters; at most ${MAX_NAME_LENGTH} keep the service account names the operator derives (<name>-argocd-application-controller) within 63 characters, untruncated, so SPIFFE IDs can name them`, this);
    }
    return name;
  }

  private recordLocalAdmin(reason: string | undefined): void {
    if (reason === undefined) return;
    const trimmed = validateReason(this, 'enableLocalAdmin', reason, 'why Argo CD keeps its local admin account, whose password never expires');
    this.metadata.addAnnotation(LOCAL_ADMIN_REASON_ANNOTATION, trimmed.replace(/\s+/g, ' '));
  }

  private componentResources(): { [component in keyof Required<ArgoCdComponentResources>]: any } {
    const own = this.props.resources ?? {};
    const render = (c: keyof ArgoCdComponentResources) => renderResources(this, `'resources.${c}'`, own[c], DEFAULT_RESOURCES[c]);
    return {
      applicationController: render('applicationController'),
      server: render('server'),
      repoServer: render('repoServer'),
      redis: render('redis'),
      applicationSetController: render('applicationSetController'),
      dex: render('dex'),
      execPluginCopy: render('execPluginCopy'),
    };
  }

  private validateRouteHost(host: string | undefined): void {
    if (host === undefined) return;
    refuseCredential(this, 'serverRoute.host', host);
    if (!isDnsSubdomain(host)) {
      throw new ValidationError(`'serverRoute.host' (${shown(host)}) must be a DNS name; e.g. "argocd.apps.example.com"`, this);
    }
  }

  private renderServer(serverResources: any): any {
    const route = this.props.serverRoute;
    return {
      resources: serverResources,
      ...this.spiffeParts(),
      host: route?.host,
      route: route === undefined ? undefined : { enabled: true, tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' } },
    };
  }

  /** The init container that copies the plugin out of its image: `cp`, no shell, nothing fetched. */
  private spiffeInitContainer(options: ArgoCdSpiffeOptions): any {
    const image = requireProps(options, 'ArgoCdSpiffeOptions', ['execPluginImage'], this).execPluginImage;
    if (!image.pinnedByDigest) {
      throw new ValidationError(`'spiffe.execPluginImage' (${shown(image.image)}) is pinned by tag only, which can change without a change in Git; pin the exec plugin by digest with ImageReference.digest()`, this);
    }
    const source = options.execPluginPath ?? `/usr/local/bin/${EXEC_PLUGIN_BINARY}`;
    refuseCredential(this, 'spiffe.execPluginPath', source);
    if (!IMAGE_PATH.test(source) || source.split('/').includes('..')) {
      throw new ValidationError(`'spiffe.execPluginPath' (${shown(source)}) must be an absolute path inside the image, without '..' or spaces; e.g. "/usr/local/bin/${EXEC_PLUGIN_BINARY}"`, this);
    }
    return {
      name: EXEC_PLUGIN_INIT_CONTAINER,
      image: image.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['cp', source, EXEC_PLUGIN_COMMAND],
      securityContext: secureContext(undefined, undefined),
      volumeMounts: [{ name: EXEC_PLUGIN_VOLUME, mountPath: EXEC_PLUGIN_DIRECTORY }],
    };
  }

  /** What the controller and the server get with `spiffe`: the init container, both volumes and their mounts. */
  private spiffeParts(): { initContainers?: any[]; volumes?: any[]; volumeMounts?: any[] } {
    if (this.spiffeInit === undefined) return {};
    return {
      initContainers: [{ ...this.spiffeInit, resources: this.componentResources().execPluginCopy }],
      volumes: [
        { name: EXEC_PLUGIN_VOLUME, emptyDir: { sizeLimit: '64Mi' } },
        { name: WORKLOAD_API_VOLUME, csi: { driver: SPIFFE_CSI_DRIVER, readOnly: true } },
      ],
      volumeMounts: [
        { name: EXEC_PLUGIN_VOLUME, mountPath: EXEC_PLUGIN_DIRECTORY, readOnly: true },
        { name: WORKLOAD_API_VOLUME, mountPath: SPIFFE_SOCKET_DIRECTORY, readOnly: true },
      ],
    };
  }

  private validateFilter(filter: ArgoCdResourceFilter): any {
    const check = (field: string, values: string[] | undefined, pattern: RegExp, example: string, allowEmpty: boolean) => {
      if (values === undefined) return;
      if (values.length === 0) throw new ValidationError(`'resourceExclusions' ${field} is empty; list at least one, e.g. ${example}`, this);
      values.forEach(v => {
        refuseCredential(this, `resourceExclusions.${field}`, v);
        if (!(allowEmpty && v === '') && !pattern.test(v)) {
          throw new ValidationError(`'resourceExclusions' ${field} has ${shown(v)}; e.g. ${example}`, this);
        }
      });
    };
    check('apiGroups', filter.apiGroups, /^[a-z0-9*][a-z0-9.*-]*$/, '"tekton.dev" or "" for the core group', true);
    check('kinds', filter.kinds, /^[A-Za-z0-9*]+$/, '"PipelineRun"', false);
    check('clusters', filter.clusters, /^[^\s,]+$/, '"https://api.spoke.example.com:6443"', false);
    return renderFilter(filter);
  }
}

function serviceAccountName(instance: string, component: string): string {
  return `${instance}-argocd-${component}`;
}

/** A filter as Argo CD's `resource.exclusions` YAML reads it. */
function renderFilter(filter: ArgoCdResourceFilter): any {
  return {
    apiGroups: [...filter.apiGroups],
    kinds: [...filter.kinds],
    ...filter.clusters !== undefined ? { clusters: [...filter.clusters] } : {},
  };
}

class ImportedArgoCdInstance extends Construct implements IArgoCdInstance {
  public readonly apiVersion = 'argoproj.io/v1beta1';
  public readonly kind = 'ArgoCD';
  public readonly name: string;
  public readonly namespace: string;
  public readonly serverServiceAccountName: string;
  public readonly applicationControllerServiceAccountName: string;

  public constructor(scope: Construct, id: string, attrs: ArgoCdInstanceAttributes) {
    super(scope, id);
    this.name = validateDnsLabel(this, 'name', attrs.name);
    if (attrs.name.length > MAX_NAME_LENGTH) {
      throw new ValidationError(`'name' (${shown(attrs.name)}) has ${attrs.name.length} characters; the operator truncates the service account names of instances named with more than ${MAX_NAME_LENGTH}, give them from the cluster instead`, this);
    }
    this.namespace = validateDnsLabel(this, 'namespace', attrs.namespace);
    this.serverServiceAccountName = serviceAccountName(attrs.name, 'server');
    this.applicationControllerServiceAccountName = serviceAccountName(attrs.name, 'application-controller');
  }
}
