import { ApiObject, Chart, Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ClusterSpiffeId, ClusterSpiffeIdProps, SpiffeIdTemplate } from './cluster-spiffe-id';
import { SpiffeId, trustDomainProblem } from './spiffe-id';
import { renderResources } from '../common/containers';
import { durationMillis, formatGoDuration, renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { isDnsSubdomain, validateDnsSubdomain } from '../common/names';
import { re2Matches } from '../common/patterns';
import { shown, shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { IResource, Resource } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';

const API_VERSION = 'operator.openshift.io/v1alpha1';
const MANAGER_KIND = 'ZeroTrustWorkloadIdentityManager';
/** The operator reconciles only the objects named `cluster` (a CEL rule of every one of its CRDs). */
const SINGLETON_NAME = 'cluster';
/** The host of the OIDC discovery provider's managed Route under the apps domain. */
const DISCOVERY_HOST_PREFIX = 'spire-spiffe-oidc-discovery-provider';
/** `spec.jwtIssuer`'s pattern in the SpireServer and SpireOIDCDiscoveryProvider CRDs (Go RE2; `(?i)` is a flag). */
const JWT_ISSUER_PATTERN = '^(?i)https?://[^\\s?#]+$';
const MAX_JWT_ISSUER_LENGTH = 512;
/** `spec.trustDomain`'s pattern in the ZeroTrustWorkloadIdentityManager CRD. */
const TRUST_DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const MAX_CLUSTER_NAME_LENGTH = 63;
/** The CSI driver that mounts the Workload API socket into pods, and the agent's socket directory on the node. */
const CSI_DRIVER_NAME = 'csi.spiffe.io';
const AGENT_SOCKET_DIR = '/run/spire/agent-sockets';
/** SVIDs living longer than this need a written reason (as ZT-ID4 asks of ClusterSPIFFEIDs). */
const MAX_SVID_VALIDITY = Duration.hours(24);
const MAX_OIDC_REPLICAS = 5;

const resources = (cpuRequest: number, cpuLimit: number, memoryRequest: number, memoryLimit: number): kplus.ContainerResources => ({
  cpu: { request: kplus.Cpu.millis(cpuRequest), limit: kplus.Cpu.millis(cpuLimit) },
  memory: { request: Size.mebibytes(memoryRequest), limit: Size.mebibytes(memoryLimit) },
});
/** Requests and limits of each operand, sized for a cluster of a few hundred workloads. */
const DEFAULT_RESOURCES = {
  server: resources(100, 500, 128, 512),
  agent: resources(50, 250, 64, 256),
  csiDriver: resources(10, 100, 32, 128),
  oidcDiscoveryProvider: resources(10, 100, 32, 128),
};

/** The key types SPIRE signs with (`spec.caKeyType`, `spec.jwtKeyType` of the SpireServer). */
export enum SpireKeyType {
  /** RSA, 2048 bits. */
  RSA_2048 = 'rsa-2048',
  /** RSA, 4096 bits. */
  RSA_4096 = 'rsa-4096',
  /** ECDSA on P-256. */
  EC_P256 = 'ec-p256',
  /** ECDSA on P-384. */
  EC_P384 = 'ec-p384',
}

/** The subject of the SPIRE server's CA certificate. */
export interface SpireCaSubject {
  /**
   * The common name, at most 255 characters.
   *
   * @default 'SPIRE Server CA'
   */
  readonly commonName?: string;
  /**
   * The organization, at most 64 characters.
   *
   * @default - none
   */
  readonly organization?: string;
  /**
   * The ISO 3166 two-letter country code, e.g. `DE`.
   *
   * @default - none
   */
  readonly country?: string;
}

/** How the SPIRE server (`SpireServer` named `cluster`) signs identities. */
export interface SpireServerOptions {
  /**
   * The subject of the CA certificate.
   *
   * @default { commonName: 'SPIRE Server CA' }
   */
  readonly caSubject?: SpireCaSubject;
  /**
   * The key type of the CA.
   *
   * @default SpireKeyType.RSA_2048
   */
  readonly caKeyType?: SpireKeyType;
  /**
   * The key type JWT-SVIDs are signed with; the spoke's API server must support the matching algorithm.
   *
   * @default - the SPIRE server's default
   */
  readonly jwtKeyType?: SpireKeyType;
  /**
   * How long the CA is valid; SVIDs never outlive it, so it must be longer than both SVID lifetimes.
   *
   * @default Duration.hours(24)
   */
  readonly caValidity?: Duration;
  /**
   * The default lifetime of X509-SVIDs; more than a day needs `acknowledgeLongLivedSvids`.
   *
   * @default Duration.hours(1)
   */
  readonly x509SvidValidity?: Duration;
  /**
   * The default lifetime of JWT-SVIDs; a JWT cannot be revoked, so keep it short. More than a day needs
   * `acknowledgeLongLivedSvids`.
   *
   * @default Duration.minutes(5)
   */
  readonly jwtSvidValidity?: Duration;
  /**
   * The written reason for an SVID lifetime of more than a day (a stolen SVID stays valid that long); it
   * acknowledges ZT-ID4 on the SpireServer.
   *
   * @default - SVID lifetimes of at most a day
   */
  readonly acknowledgeLongLivedSvids?: string;
  /**
   * The size of the volume holding the server's datastore and keys, a whole number of gibibytes.
   *
   * @default Size.gibibytes(1)
   */
  readonly storageSize?: Size;
  /**
   * The StorageClass of that volume.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
  /**
   * CPU and memory of the server.
   *
   * @default - requests 100m CPU and 128Mi memory, limits 500m CPU and 512Mi memory
   */
  readonly resources?: kplus.ContainerResources;
}

/** The SPIRE agents on every node (`SpireAgent` named `cluster`). */
export interface SpireAgentOptions {
  /**
   * CPU and memory of each agent.
   *
   * @default - requests 50m CPU and 64Mi memory, limits 250m CPU and 256Mi memory
   */
  readonly resources?: kplus.ContainerResources;
}

/** The CSI driver that mounts the Workload API into pods (`SpiffeCSIDriver` named `cluster`). */
export interface SpiffeCsiDriverOptions {
  /**
   * CPU and memory of the driver on each node.
   *
   * @default - requests 10m CPU and 32Mi memory, limits 100m CPU and 128Mi memory
   */
  readonly resources?: kplus.ContainerResources;
}

/** The OIDC discovery provider that publishes the JWT-SVID signing keys (`SpireOIDCDiscoveryProvider` named `cluster`). */
export interface SpireOidcDiscoveryProviderOptions {
  /**
   * How many replicas serve the discovery document and keys, 1 to 5.
   *
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Let the operator expose the provider through a Route on the issuer's host. Without it, expose the issuer URL
   * yourself: clusters that trust the issuer fetch its keys from there.
   *
   * @default true
   */
  readonly managedRoute?: boolean;
  /**
   * CPU and memory of each replica.
   *
   * @default - requests 10m CPU and 32Mi memory, limits 100m CPU and 128Mi memory
   */
  readonly resources?: kplus.ContainerResources;
}

/** Props of `WorkloadIdentityManager`. */
export interface WorkloadIdentityManagerProps {
  /**
   * The SPIFFE trust domain: the cluster's apps domain, e.g. `apps.mgmt.example.com`. Every SPIFFE ID SPIRE
   * issues on this cluster is `spiffe://<trust domain>/...`. The operator refuses to change it later.
   */
  readonly trustDomain: string;
  /**
   * The cluster's name in SPIRE's node attestation and in `{{ .ClusterName }}` of ClusterSPIFFEID templates, a
   * DNS subdomain of at most 63 characters. The operator refuses to change it later.
   */
  readonly clusterName: string;
  /**
   * The issuer (`iss`) of every JWT-SVID and the URL clusters that trust them discover the keys at: https, no
   * query, fragment or user info. Written to both the SpireServer and the SpireOIDCDiscoveryProvider.
   *
   * @default - `https://spire-spiffe-oidc-discovery-provider.<trust domain>`, the host of the provider's managed Route
   */
  readonly jwtIssuer?: string;
  /**
   * The SPIRE server.
   *
   * @default - short-lived SVIDs (1h X509, 5m JWT) from a CA valid for a day, a 1Gi volume
   */
  readonly server?: SpireServerOptions;
  /**
   * The SPIRE agents.
   *
   * @default - Kubernetes node and workload attestation, with requests and limits
   */
  readonly agent?: SpireAgentOptions;
  /**
   * The SPIFFE CSI driver.
   *
   * @default - driver `csi.spiffe.io`, with requests and limits
   */
  readonly csiDriver?: SpiffeCsiDriverOptions;
  /**
   * The SPIRE OIDC discovery provider.
   *
   * @default - one replica behind a managed Route, with requests and limits
   */
  readonly oidcDiscoveryProvider?: SpireOidcDiscoveryProviderOptions;
}

/** What identifies the workload identity manager of a cluster whose ZTWIM objects are written elsewhere. */
export interface WorkloadIdentityManagerAttributes {
  /** The trust domain (`spec.trustDomain` of its ZeroTrustWorkloadIdentityManager), e.g. `apps.mgmt.example.com`. */
  readonly trustDomain: string;
  /**
   * The JWT issuer (`spec.jwtIssuer` of its SpireServer).
   *
   * @default - `https://spire-spiffe-oidc-discovery-provider.<trust domain>`
   */
  readonly jwtIssuer?: string;
}

/**
 * A cluster's zero trust workload identity manager: the one place its SPIFFE trust domain and JWT issuer are
 * written, so the SPIFFE IDs, ClusterSPIFFEIDs and trusting clusters derived from it agree by construction.
 */
export interface IWorkloadIdentityManager extends IResource {
  /** The SPIFFE trust domain, e.g. `apps.mgmt.example.com`. */
  readonly trustDomain: string;
  /** The issuer (`iss`) of the JWT-SVIDs, which a trusting cluster's OIDC provider must name exactly. */
  readonly jwtIssuer: string;
  /** The CSI driver that mounts the SPIFFE Workload API into pods (`csi.spiffe.io`). */
  readonly csiDriverName: string;

  /** The SPIFFE ID SPIRE issues to a service account of this cluster: `spiffe://<trust domain>/ns/<namespace>/sa/<name>`. */
  spiffeIdFor(namespace: string, serviceAccount: string): SpiffeId;

  /**
   * Issues identities on this cluster: a `ClusterSPIFFEID` (a child of this construct) whose template stays in
   * this trust domain and that does not federate with it.
   */
  addClusterSpiffeId(id: string, props?: ClusterSpiffeIdProps): ClusterSpiffeId;
}

/** Why a trust domain cannot be a ZTWIM trust domain, or undefined. */
function ztwimTrustDomainProblem(trustDomain: string): string | undefined {
  return trustDomainProblem(trustDomain)
    ?? (!TRUST_DOMAIN_PATTERN.test(trustDomain) || !isDnsSubdomain(trustDomain)
      ? 'it must be a DNS name (lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit), like the cluster\'s apps domain'
      : undefined);
}

/** Checks the trust domain and returns the JWT issuer, given or derived. */
function resolveIdentity(scope: IConstruct, trustDomain: string, jwtIssuer: string | undefined): string {
  refuseCredential(scope, 'trustDomain', trustDomain);
  const problem = typeof trustDomain === 'string' ? ztwimTrustDomainProblem(trustDomain) : 'it is not text';
  if (problem !== undefined) {
    throw new ValidationError(`'trustDomain' (${shown(trustDomain)}) is not a valid trust domain: ${problem}; use the cluster's apps domain, e.g. "apps.mgmt.example.com"`, scope);
  }
  if (jwtIssuer === undefined) return `https://${DISCOVERY_HOST_PREFIX}.${trustDomain}`;
  refuseCredential(scope, 'jwtIssuer', jwtIssuer);
  checkJwtIssuer(scope, jwtIssuer, trustDomain);
  return jwtIssuer;
}

/** The issuer as the CRDs accept it, and as a trusting OpenShift cluster accepts it (https only, ZT-ID1). */
function checkJwtIssuer(scope: IConstruct, issuer: string, trustDomain: string): void {
  const example = `e.g. "https://${DISCOVERY_HOST_PREFIX}.${trustDomain}"`;
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (typeof issuer !== 'string' || url === undefined || !url.host || !re2Matches(JWT_ISSUER_PATTERN, issuer)) {
    throw new ValidationError(`'jwtIssuer' (${shownUrl(issuer)}) must be an http(s) URL without whitespace, query or fragment, as the SpireServer CRD's pattern ${JWT_ISSUER_PATTERN} requires; ${example}, or omit it to derive it from the trust domain`, scope);
  }
  if (issuer.length > MAX_JWT_ISSUER_LENGTH) {
    throw new ValidationError(`'jwtIssuer' has ${issuer.length} characters; the CRD allows at most ${MAX_JWT_ISSUER_LENGTH}`, scope);
  }
  if (url.protocol !== 'https:') {
    throw new ValidationError(`'jwtIssuer' (${shownUrl(issuer)}) must use https: clusters fetch the keys that verify JWT-SVIDs from the issuer, and over http anyone on the path could swap them; ${example}`, scope);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(`'jwtIssuer' (${shownUrl(issuer)}) must not have user info; remove the part before '@'`, scope);
  }
}

/** The trust domain a SPIFFE ID template writes literally, or undefined when it is `{{ .TrustDomain }}`. */
function templateTrustDomain(template: string): string | undefined {
  const authority = /^spiffe:\/\/([^/]*)/.exec(template)?.[1] ?? '';
  return /^\{\{-?\s*\.TrustDomain\s*-?\}\}$/.test(authority) ? undefined : authority;
}

/** Creates a ClusterSPIFFEID under `owner`, in the owner's trust domain. */
function addClusterSpiffeIdTo(owner: IWorkloadIdentityManager, id: string, props: ClusterSpiffeIdProps): ClusterSpiffeId {
  const template = (props.spiffeIdTemplate ?? SpiffeIdTemplate.serviceAccount()).template;
  const written = templateTrustDomain(template);
  if (written !== undefined && written !== owner.trustDomain) {
    throw new ValidationError(`ClusterSPIFFEID ${JSON.stringify(id)}: 'spiffeIdTemplate' (${JSON.stringify(template)}) names trust domain ${JSON.stringify(written)}, but SPIRE on this cluster issues identities in ${JSON.stringify(owner.trustDomain)} only; start the template with "spiffe://{{ .TrustDomain }}/"`, owner);
  }
  if ((props.federatesWith ?? []).includes(owner.trustDomain)) {
    throw new ValidationError(`ClusterSPIFFEID ${JSON.stringify(id)}: 'federatesWith' lists ${JSON.stringify(owner.trustDomain)}, the cluster's own trust domain; list only other trust domains`, owner);
  }
  return new ClusterSpiffeId(owner, id, props);
}

/** A ZTWIM operand: one of the CRs named `cluster` the operator turns into SPIRE components. */
class ZtwimOperand extends Resource {
  public constructor(scope: Construct, id: string, kind: string, private readonly renderSpec: () => any) {
    super(scope, id, { apiVersion: API_VERSION, kind, namespaced: false }, { metadata: { name: SINGLETON_NAME } });
  }

  /** @internal */
  public _renderSpec(): any {
    return this.renderSpec();
  }
}

/** Another cluster's (or another program's) workload identity manager. */
class ImportedWorkloadIdentityManager extends Construct implements IWorkloadIdentityManager {
  public readonly name: string = SINGLETON_NAME;
  public readonly apiVersion: string = API_VERSION;
  public readonly kind: string = MANAGER_KIND;
  public readonly csiDriverName: string = CSI_DRIVER_NAME;
  public readonly trustDomain: string;
  public readonly jwtIssuer: string;

  public constructor(scope: Construct, id: string, attrs: WorkloadIdentityManagerAttributes) {
    super(scope, id);
    this.jwtIssuer = resolveIdentity(this, attrs.trustDomain, attrs.jwtIssuer);
    this.trustDomain = attrs.trustDomain;
  }

  public spiffeIdFor(namespace: string, serviceAccount: string): SpiffeId {
    return SpiffeId.forServiceAccount(this.trustDomain, namespace, serviceAccount);
  }

  public addClusterSpiffeId(id: string, props: ClusterSpiffeIdProps = {}): ClusterSpiffeId {
    return addClusterSpiffeIdTo(this, id, props);
  }
}

/**
 * The zero trust workload identity manager (ZTWIM) operator's instance on a cluster: the
 * `ZeroTrustWorkloadIdentityManager`, `SpireServer`, `SpireAgent`, `SpiffeCSIDriver` and
 * `SpireOIDCDiscoveryProvider` objects, all named `cluster` (`operator.openshift.io/v1alpha1`).
 *
 * The trust domain and the JWT issuer are given once and written wherever the operator reads them; SPIFFE IDs
 * (`spiffeIdFor()`), ClusterSPIFFEIDs (`addClusterSpiffeId()`) and the trusting spoke's OIDC provider
 * (`SpokeClusterAccess`'s `workloadIdentity`) take them from here, so they cannot disagree. Least privilege by
 * default: https issuer, SVIDs of minutes (JWT) and an hour (X509) from a CA valid for a day, requests and limits
 * on every component.
 *
 * Escape hatches: `ApiObject.of(manager)` is the ZeroTrustWorkloadIdentityManager; `server`, `agent`,
 * `csiDriver` and `oidcDiscoveryProvider` are the other objects; `clusterSpiffeIds` the registrations added.
 */
export class WorkloadIdentityManager extends Resource implements IWorkloadIdentityManager {
  /**
   * The workload identity manager of a cluster whose ZTWIM objects this program does not write, e.g. to derive
   * SPIFFE IDs or a spoke's trust in its issuer.
   */
  public static fromWorkloadIdentityManagerAttributes(
    scope: Construct, id: string, attrs: WorkloadIdentityManagerAttributes): IWorkloadIdentityManager {
    requireProps(attrs, 'WorkloadIdentityManagerAttributes', ['trustDomain'], scope, id);
    return new ImportedWorkloadIdentityManager(scope, id, attrs);
  }

  public readonly trustDomain: string;
  public readonly jwtIssuer: string;
  public readonly csiDriverName: string = CSI_DRIVER_NAME;
  /** The cluster's name in SPIRE. */
  public readonly clusterName: string;
  /** The `SpireServer`. */
  public readonly server: Resource;
  /** The `SpireAgent`. */
  public readonly agent: Resource;
  /** The `SpiffeCSIDriver`. */
  public readonly csiDriver: Resource;
  /** The `SpireOIDCDiscoveryProvider`. */
  public readonly oidcDiscoveryProvider: Resource;
  private readonly registrations: ClusterSpiffeId[] = [];

  public constructor(scope: Construct, id: string, props: WorkloadIdentityManagerProps) {
    super(scope, id, { apiVersion: API_VERSION, kind: MANAGER_KIND, namespaced: false }, { metadata: { name: SINGLETON_NAME } });
    requireProps(props, 'WorkloadIdentityManagerProps', ['trustDomain', 'clusterName'], this);
    this.checkSingleton();
    this.jwtIssuer = resolveIdentity(this, props.trustDomain, props.jwtIssuer);
    this.trustDomain = props.trustDomain;
    this.clusterName = this.checkClusterName(props.clusterName);
    const server = this.renderServer(props.server ?? {});
    const agent = this.renderAgent(props.agent ?? {});
    const csiDriver = this.renderCsiDriver(props.csiDriver ?? {});
    const oidc = this.renderOidcDiscoveryProvider(props.oidcDiscoveryProvider ?? {});
    this.server = new ZtwimOperand(this, 'SpireServer', 'SpireServer', () => server);
    this.agent = new ZtwimOperand(this, 'SpireAgent', 'SpireAgent', () => agent);
    this.csiDriver = new ZtwimOperand(this, 'SpiffeCsiDriver', 'SpiffeCSIDriver', () => csiDriver);
    this.oidcDiscoveryProvider = new ZtwimOperand(this, 'SpireOidcDiscoveryProvider', 'SpireOIDCDiscoveryProvider', () => oidc);
    const longLivedReason = props.server?.acknowledgeLongLivedSvids;
    if (longLivedReason !== undefined) {
      Compliance.of(this.server)._acknowledgeOptIn('server.acknowledgeLongLivedSvids', 'ZT-ID4', longLivedReason, 'why SVIDs live longer than a day');
    }
    this.node.addValidation({ validate: () => this.crossCheck() });
  }

  /** The ClusterSPIFFEIDs added with `addClusterSpiffeId()` (a copy). */
  public get clusterSpiffeIds(): ClusterSpiffeId[] {
    return [...this.registrations];
  }

  public spiffeIdFor(namespace: string, serviceAccount: string): SpiffeId {
    return SpiffeId.forServiceAccount(this.trustDomain, namespace, serviceAccount);
  }

  public addClusterSpiffeId(id: string, props: ClusterSpiffeIdProps = {}): ClusterSpiffeId {
    const registration = addClusterSpiffeIdTo(this, id, props);
    this.registrations.push(registration);
    return registration;
  }

  /** @internal */
  public _renderSpec(): any {
    return { trustDomain: this.trustDomain, clusterName: this.clusterName, bundleConfigMap: 'spire-bundle' };
  }

  /** The operator reconciles one instance per cluster, and every object is named `cluster`. */
  private checkSingleton(): void {
    const chart = Chart.of(this);
    const other = chart.node.findAll().find(c => c !== this && c instanceof WorkloadIdentityManager);
    if (other !== undefined) {
      throw new ValidationError(`chart ${JSON.stringify(chart.node.path)} already holds a WorkloadIdentityManager (${other.node.path}); the operator runs one instance per cluster, whose objects are all named "cluster": use that one`, this);
    }
  }

  private checkClusterName(clusterName: string): string {
    refuseCredential(this, 'clusterName', clusterName);
    validateDnsSubdomain(this, 'clusterName', clusterName);
    if (clusterName.length > MAX_CLUSTER_NAME_LENGTH) {
      throw new ValidationError(`'clusterName' (${shown(clusterName)}) has ${clusterName.length} characters; the CRD allows at most ${MAX_CLUSTER_NAME_LENGTH}, e.g. "mgmt"`, this);
    }
    return clusterName;
  }

  /** The SpireServer spec: issuer, CA, SVID lifetimes, datastore on a volume, resources. */
  private renderServer(options: SpireServerOptions): any {
    const validity = this.checkValidity(options);
    return {
      jwtIssuer: this.jwtIssuer,
      caSubject: this.checkCaSubject(options.caSubject ?? { commonName: 'SPIRE Server CA' }),
      caKeyType: this.checkKeyType('server.caKeyType', options.caKeyType ?? SpireKeyType.RSA_2048),
      jwtKeyType: options.jwtKeyType !== undefined ? this.checkKeyType('server.jwtKeyType', options.jwtKeyType) : undefined,
      ...validity,
      datastore: {
        databaseType: 'sqlite3',
        connectionString: '/run/spire/data/datastore.sqlite3',
        maxOpenConns: 100,
        maxIdleConns: 2,
        disableMigration: 'false',
      },
      persistence: {
        size: this.checkStorageSize(options.storageSize ?? Size.gibibytes(1)),
        accessMode: 'ReadWriteOnce',
        storageClass: options.storageClass !== undefined ? validateDnsSubdomain(this, 'server.storageClass', options.storageClass) : '',
      },
      keyManager: { diskEnabled: 'true', memoryEnabled: 'false' },
      logLevel: 'info',
      logFormat: 'text',
      resources: renderResources(this, 'server', options.resources, DEFAULT_RESOURCES.server),
    };
  }

  /** CA and SVID lifetimes: SVIDs shorter than the CA, more than a day only with a reason. */
  private checkValidity(options: SpireServerOptions): { caValidity: string; defaultX509Validity: string; defaultJWTValidity: string } {
    const ca = options.caValidity ?? Duration.hours(24);
    const svids = [['server.x509SvidValidity', options.x509SvidValidity ?? Duration.hours(1)], ['server.jwtSvidValidity', options.jwtSvidValidity ?? Duration.minutes(5)]] as const;
    const caMs = durationMillis(this, 'server.caValidity', ca, { min: Duration.minutes(1) });
    for (const [prop, svid] of svids) {
      const ms = durationMillis(this, prop, svid, { min: Duration.seconds(1) });
      if (ms >= caMs) {
        throw new ValidationError(`'${prop}' (${formatGoDuration(ms)}) must be shorter than 'server.caValidity' (${formatGoDuration(caMs)}): no SVID outlives the CA that signed it; shorten the SVIDs or lengthen the CA`, this);
      }
    }
    const longLived = svids.filter(([, svid]) => svid.toMilliseconds({ integral: false }) > MAX_SVID_VALIDITY.toMilliseconds()).map(([prop]) => prop);
    const reason = options.acknowledgeLongLivedSvids;
    if (longLived.length > 0 && reason === undefined) {
      throw new ValidationError(`'${longLived.join('\', \'')}' is more than a day: a stolen SVID stays valid that long, and a JWT-SVID cannot be revoked; keep SVIDs short (e.g. jwtSvidValidity: Duration.minutes(5)), or set server.acknowledgeLongLivedSvids to the reason`, this);
    }
    if (longLived.length === 0 && reason !== undefined) {
      throw new ValidationError('\'server.acknowledgeLongLivedSvids\' is set but no SVID lifetime is longer than a day; remove it', this);
    }
    return {
      caValidity: renderDuration(this, 'server.caValidity', ca),
      defaultX509Validity: renderDuration(this, svids[0][0], svids[0][1]),
      defaultJWTValidity: renderDuration(this, svids[1][0], svids[1][1]),
    };
  }

  private checkCaSubject(subject: SpireCaSubject): any {
    const fields = [['commonName', subject.commonName, 255], ['organization', subject.organization, 64]] as const;
    for (const [field, value, max] of fields) {
      if (value === undefined) continue;
      refuseCredential(this, `server.caSubject.${field}`, value);
      if (value.trim().length === 0 || value.length > max) {
        throw new ValidationError(`'server.caSubject.${field}' (${shown(value)}) must have 1 to ${max} characters, has ${value.length}; e.g. "Example Corp"`, this);
      }
    }
    if (subject.country !== undefined && !/^[A-Z]{2}$/.test(subject.country)) {
      throw new ValidationError(`'server.caSubject.country' (${shown(subject.country)}) must be an ISO 3166 two-letter country code in capitals; e.g. "DE"`, this);
    }
    return { commonName: subject.commonName, organization: subject.organization, country: subject.country };
  }

  private checkKeyType(prop: string, keyType: SpireKeyType): string {
    const allowed = Object.values(SpireKeyType) as string[];
    if (!allowed.includes(keyType)) {
      throw new ValidationError(`'${prop}' (${shown(keyType)}) is not a key type SPIRE supports; use one of ${allowed.join(', ')} (SpireKeyType)`, this);
    }
    return keyType;
  }

  private checkStorageSize(size: Size): string {
    const gi = size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(gi) || gi < 1) {
      throw new ValidationError(`'server.storageSize' (${gi}Gi) must be a whole number of gibibytes, at least 1, as the CRD requires; e.g. Size.gibibytes(2)`, this);
    }
    return `${gi}Gi`;
  }

  /** The SpireAgent spec: Kubernetes node (PSAT) and workload attestation, kubelet verified, resources. */
  private renderAgent(options: SpireAgentOptions): any {
    return {
      socketPath: AGENT_SOCKET_DIR,
      nodeAttestor: { k8sPSATEnabled: 'true' },
      workloadAttestors: {
        k8sEnabled: 'true',
        disableContainerSelectors: 'false',
        useNewContainerLocator: 'true',
        workloadAttestorsVerification: { type: 'auto' },
      },
      logLevel: 'info',
      logFormat: 'text',
      resources: renderResources(this, 'agent', options.resources, DEFAULT_RESOURCES.agent),
    };
  }

  /** The SpiffeCSIDriver spec: the agent's socket directory, the driver name the OIDC provider also uses. */
  private renderCsiDriver(options: SpiffeCsiDriverOptions): any {
    return {
      agentSocketPath: AGENT_SOCKET_DIR,
      pluginName: CSI_DRIVER_NAME,
      resources: renderResources(this, 'csiDriver', options.resources, DEFAULT_RESOURCES.csiDriver),
    };
  }

  /** The SpireOIDCDiscoveryProvider spec: the same issuer as the server. */
  private renderOidcDiscoveryProvider(options: SpireOidcDiscoveryProviderOptions): any {
    const replicas = options.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_OIDC_REPLICAS) {
      throw new ValidationError(`'oidcDiscoveryProvider.replicas' (${replicas}) must be a whole number from 1 to ${MAX_OIDC_REPLICAS}`, this);
    }
    return {
      jwtIssuer: this.jwtIssuer,
      csiDriverName: CSI_DRIVER_NAME,
      replicaCount: replicas,
      managedRoute: String(options.managedRoute ?? true),
      logLevel: 'info',
      logFormat: 'text',
      resources: renderResources(this, 'oidcDiscoveryProvider', options.resources, DEFAULT_RESOURCES.oidcDiscoveryProvider),
    };
  }

  /** Re-reads the rendered objects: a patch must not split the trust domain, the issuer or the socket path. */
  private crossCheck(): string[] {
    const spec = (r: IConstruct) => ApiObject.of(r).toJson().spec ?? {};
    const errors: string[] = [];
    const trustDomain = spec(this).trustDomain;
    if (trustDomain !== this.trustDomain) {
      errors.push(`the ZeroTrustWorkloadIdentityManager's trustDomain is ${JSON.stringify(trustDomain)} but the SPIFFE IDs derived from this construct use ${JSON.stringify(this.trustDomain)}; change trustDomain through the props, not a patch`);
    }
    for (const [kind, resource] of [['SpireServer', this.server], ['SpireOIDCDiscoveryProvider', this.oidcDiscoveryProvider]] as const) {
      const issuer = spec(resource).jwtIssuer;
      if (issuer !== this.jwtIssuer) {
        errors.push(`the ${kind}'s jwtIssuer is ${JSON.stringify(issuer)} but trusting clusters expect ${JSON.stringify(this.jwtIssuer)}; change jwtIssuer through the props, not a patch`);
      }
    }
    const sockets = [spec(this.agent).socketPath, spec(this.csiDriver).agentSocketPath];
    if (sockets[0] !== sockets[1]) {
      errors.push(`the SpireAgent serves the Workload API in ${JSON.stringify(sockets[0])} but the SpiffeCSIDriver mounts ${JSON.stringify(sockets[1])}; keep both equal`);
    }
    const drivers = [spec(this.csiDriver).pluginName, spec(this.oidcDiscoveryProvider).csiDriverName];
    if (drivers[0] !== drivers[1]) {
      errors.push(`the SpiffeCSIDriver is named ${JSON.stringify(drivers[0])} but the SpireOIDCDiscoveryProvider mounts ${JSON.stringify(drivers[1])}; keep both equal`);
    }
    return errors;
  }
}
