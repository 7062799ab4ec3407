/**
 * Core Kubernetes kinds (Namespace, ServiceAccount, Secret, ConfigMap, RBAC, NetworkPolicy, workloads) are
 * validated with the `kubernetes-models` package, the JSON schemas of the Kubernetes OpenAPI document.
 */

/** API groups kubernetes-models covers; a kind of another group must come from a CRD. */
const CORE_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
]);

/** Core kinds that are cluster-scoped: they must not carry a namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CSIDriver', 'CSINode',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'CustomResourceDefinition', 'APIService', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest',
  'FlowSchema', 'PriorityLevelConfiguration', 'VolumeAttachment',
]);

export function isCoreGroup(apiVersion: string): boolean {
  return CORE_GROUPS.has(apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
}

export function isClusterScopedCoreKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: any) => Model;

const modules = new Map<string, { [kind: string]: ModelClass } | undefined>();

/** The kubernetes-models class for this apiVersion/kind, if the package has one. */
function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
  if (!modules.has(apiVersion)) {
    let mod;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(`kubernetes-models/${apiVersion}`);
    } catch {
      mod = undefined;
    }
    modules.set(apiVersion, mod);
  }
  return modules.get(apiVersion)?.[kind];
}

/** Schema errors of a core object; `undefined` when kubernetes-models does not know the apiVersion/kind. */
export function coreErrors(obj: any): string[] | undefined {
  const Model = modelClass(obj.apiVersion, obj.kind);
  if (!Model) return undefined;
  try {
    new Model(obj).validate();
    return [];
  } catch (e: any) {
    const errors: any[] = Array.isArray(e.errors) ? e.errors : [];
    if (errors.length === 0) return [String(e.message ?? e)];
    return errors.map(err => `${err.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)'}: ${err.message ?? err.keyword}`);
  }
}
