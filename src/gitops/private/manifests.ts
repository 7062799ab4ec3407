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
]);

/** `group/Kind`, how cluster-scoped kinds are named here. */
export function groupKind(manifest: any): string {
  return `${groupOf(manifest)}/${manifest.kind}`;
}

export function isKnownClusterScoped(manifest: any): boolean {
  return CLUSTER_SCOPED.has(groupKind(manifest));
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
