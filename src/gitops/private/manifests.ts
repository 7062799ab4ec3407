import { groupOf } from '../../compliance/manifest';

/** The API version of a manifest without its group. */
export function versionOf(manifest: any): string {
  const apiVersion: string = manifest.apiVersion ?? '';
  return apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
}

/** What identifies an object in a cluster (and in a kustomization): group, kind, namespace and name. */
export function objectId(manifest: any): string {
  const namespace = manifest.metadata?.namespace;
  return `${groupOf(manifest) || 'core'}/${manifest.kind} ${namespace ? `${namespace}/` : ''}${manifest.metadata?.name}`;
}

/**
 * Core and well-known kinds that have no namespace. Any other object without `metadata.namespace` is taken as
 * cluster-scoped only when the repository is told so, because a namespaced object without a namespace would
 * land wherever Argo CD's destination points.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'storage.k8s.io/StorageClass', 'scheduling.k8s.io/PriorityClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'external-secrets.io/ClusterSecretStore', 'external-secrets.io/ClusterExternalSecret', 'external-secrets.io/ClusterPushSecret',
  'generators.external-secrets.io/ClusterGenerator', 'k8s.ovn.org/ClusterUserDefinedNetwork', 'spire.spiffe.io/ClusterSPIFFEID',
  'spire.spiffe.io/ClusterFederatedTrustDomain', 'spire.spiffe.io/ClusterStaticEntry', 'config.openshift.io/Authentication',
  // the zero trust workload identity manager's operand, one object of each named `cluster`
  'operator.openshift.io/ZeroTrustWorkloadIdentityManager', 'operator.openshift.io/SpireServer', 'operator.openshift.io/SpireAgent',
  'operator.openshift.io/SpiffeCSIDriver', 'operator.openshift.io/SpireOIDCDiscoveryProvider',
]);

/** `group/Kind`, how cluster-scoped kinds are named here. */
export function groupKind(manifest: any): string {
  return `${groupOf(manifest)}/${manifest.kind}`;
}

export function isKnownClusterScoped(manifest: any): boolean {
  return CLUSTER_SCOPED.has(groupKind(manifest));
}

/** Argo CD's own kinds (its CRDs and the operator's): whoever may create one controls what Argo CD deploys. */
const ARGO_CD_KINDS = new Set([
  'argoproj.io/AppProject', 'argoproj.io/Application', 'argoproj.io/ApplicationSet',
  'argoproj.io/ArgoCD', 'argoproj.io/ArgoCDExport', 'argoproj.io/NotificationsConfiguration',
]);

/** The OLM kinds that install operators (and the catalogs they come from). */
export const OPERATOR_KINDS = new Set(['operators.coreos.com/Subscription', 'operators.coreos.com/OperatorGroup', 'operators.coreos.com/CatalogSource']);

/** The label by which Argo CD reads a Secret as a cluster, repository or credential template. */
const ARGO_CD_SECRET_TYPE = 'argocd.argoproj.io/secret-type';

/** Why an object belongs on the management cluster only (what it is, why), or undefined for a workload object. */
export interface ManagementOnly {
  /** What the object is, e.g. `is one of Argo CD's own kinds`. */
  readonly what: string;
  /** Why that keeps it off workload clusters. */
  readonly why: string;
}

/**
 * Whether an object is part of the control plane: Argo CD's own kinds, Argo CD's cluster and repository Secrets,
 * OLM operator kinds (unless `operators` allows them on workload clusters), and the kinds a repository adds. Read
 * from the rendered manifest (group, kind, label), whatever construct wrote it.
 */
export function managementOnly(manifest: any, extraKinds: Set<string>, operators: boolean): ManagementOnly | undefined {
  const kind = groupKind(manifest);
  if (ARGO_CD_KINDS.has(kind)) {
    return { what: 'is one of Argo CD\'s own kinds', why: 'a workload project must never create Argo CD\'s objects, since one that may create AppProjects or Applications can grant itself every cluster' };
  }
  const secretType = manifest.metadata?.labels?.[ARGO_CD_SECRET_TYPE];
  if (kind === '/Secret' && secretType !== undefined) {
    return { what: `is an Argo CD ${secretType} Secret (label ${ARGO_CD_SECRET_TYPE})`, why: 'Argo CD reads it in its own namespace to reach clusters and repositories, so it belongs to the control plane' };
  }
  if (!operators && OPERATOR_KINDS.has(kind)) {
    return { what: `is an OLM ${manifest.kind}`, why: 'operators are installed on the management cluster (or set allowWorkloadOperators to the reason why workload clusters install them)' };
  }
  if (extraKinds.has(kind)) {
    return { what: `is a ${manifest.kind}, a kind listed in managementOnlyKinds`, why: 'the repository keeps that kind on the management cluster' };
  }
  return undefined;
}

/** A deep copy of plain JSON. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * One RFC 6902 patch of one object, as a kustomization's `patches` entry carries it.
 */
export interface KustomizePatch {
  readonly target: { group: string; version: string; kind: string; name: string; namespace?: string };
  readonly operations: any[];
  /** The object it applies to (`objectId`). */
  readonly objectId: string;
}

/** One folder of the repository and what it holds. */
export interface RenderedFolder {
  readonly path: string;
  readonly description: string;
  /** The objects of the folder's own files (chart file name → manifests). */
  readonly files: Map<string, any[]>;
  /** Everything `kubectl kustomize <path>` yields. */
  readonly objects: any[];
  readonly patches: KustomizePatch[];
  readonly patchDescriptions: string[];
  /** The labels the folder's kustomization adds. */
  readonly labels: { [key: string]: string };
}

/** Where the clusters' Applications come from, for the README. */
export interface RenderedDeployment {
  readonly cluster: string;
  readonly environment: string;
  readonly server: string;
  readonly path: string;
  readonly application: string;
  readonly destinationNamespace: string;
}
