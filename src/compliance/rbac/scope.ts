/**
 * Which resources have no namespace, so that a grant on them means the same through a RoleBinding as through a
 * ClusterRoleBinding (a RoleBinding grants none of them, except the namespace it is in). Any resource not known
 * here is taken as namespaced, the reading that flags more; CustomResourceDefinitions in the evaluated output add
 * their own scope.
 */
import { ManifestIndex, perEvaluation } from '../manifest';

const CLUSTER_SCOPED: Record<string, readonly string[]> = {
  '': ['componentstatuses', 'namespaces', 'nodes', 'persistentvolumes', 'users', 'groups'],
  'admissionregistration.k8s.io': ['mutatingadmissionpolicies', 'mutatingadmissionpolicybindings', 'mutatingwebhookconfigurations',
    'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations'],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'apiregistration.k8s.io': ['apiservices'],
  'authentication.k8s.io': ['selfsubjectreviews', 'tokenreviews', 'uids', 'userextras'],
  'authorization.k8s.io': ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'],
  'certificates.k8s.io': ['certificatesigningrequests', 'clustertrustbundles', 'signers'],
  'flowcontrol.apiserver.k8s.io': ['flowschemas', 'prioritylevelconfigurations'],
  'networking.k8s.io': ['ingressclasses', 'ipaddresses', 'servicecidrs'],
  'node.k8s.io': ['runtimeclasses'],
  'rbac.authorization.k8s.io': ['clusterrolebindings', 'clusterroles'],
  'resource.k8s.io': ['deviceclasses', 'resourceslices'],
  'scheduling.k8s.io': ['priorityclasses'],
  'storage.k8s.io': ['csidrivers', 'csinodes', 'storageclasses', 'volumeattachments', 'volumeattributesclasses'],
  'storagemigration.k8s.io': ['storageversionmigrations'],
  // the custom resources of the operators this library configures (../shared/crds)
  'external-secrets.io': ['clusterexternalsecrets', 'clusterpushsecrets', 'clustersecretstores'],
  'generators.external-secrets.io': ['clustergenerators'],
  'k8s.ovn.org': ['clusteruserdefinednetworks'],
  'spire.spiffe.io': ['clusterfederatedtrustdomains', 'clusterspiffeids', 'clusterstaticentries'],
  'operator.openshift.io': ['spiffecsidrivers', 'spireagents', 'spireoidcdiscoveryproviders', 'spireservers', 'zerotrustworkloadidentitymanagers'],
  'kargo.akuity.io': ['clusterconfigs', 'clusterpromotiontasks', 'projects'],
  'project.openshift.io': ['projectrequests', 'projects'],
  'security.openshift.io': ['securitycontextconstraints'],
  'user.openshift.io': ['groups', 'identities', 'useridentitymappings', 'users'],
};

/** API groups that serve cluster-scoped resources only. */
const CLUSTER_ONLY_GROUPS = new Set([
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'config.openshift.io',
  'flowcontrol.apiserver.k8s.io', 'node.k8s.io', 'scheduling.k8s.io',
]);

const KNOWN = new Set(Object.entries(CLUSTER_SCOPED).flatMap(([group, resources]) => resources.map(r => `${group}/${r}`)));
const ANY_GROUP = new Set(Object.values(CLUSTER_SCOPED).flat());

/** The cluster-scoped `group/plural` of the CustomResourceDefinitions in one evaluation. */
const clusterScopedCrds = perEvaluation(manifests => {
  const set = new Set<string>();
  for (const crd of ManifestIndex.of(manifests).ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
    const { group, scope, names } = crd?.spec ?? {};
    if (scope === 'Cluster' && typeof group === 'string' && typeof names?.plural === 'string') set.add(`${group}/${names.plural}`);
  }
  return set;
});

/**
 * Whether `resource` (a plural, possibly with a subresource) of `group` has no namespace. `group` `*` means any
 * group: cluster-scoped when the resource is cluster-scoped wherever it is known.
 */
export function isClusterScoped(group: string, resource: string, manifests: any[] = []): boolean {
  const base = resource.split('/')[0];
  if (group === '*') return ANY_GROUP.has(base);
  if (CLUSTER_ONLY_GROUPS.has(group)) return true;
  return KNOWN.has(`${group}/${base}`) || clusterScopedCrds(manifests).has(`${group}/${base}`);
}

/**
 * The resources a rule names that have a namespace (`*` and `*\/sub` included), as `resource` or
 * `resource.group`; empty when it grants nothing or only cluster-scoped resources and non-resource URLs.
 */
export function namespacedResources(
  rule: { apiGroups: readonly string[]; resources: readonly string[]; verbs: readonly string[] }, manifests: any[] = [],
): string[] {
  if (rule.verbs.length === 0) return [];
  const out: string[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      const wildcard = resource === '*' || resource.startsWith('*/');
      const namespaced = wildcard ? group === '*' || !CLUSTER_ONLY_GROUPS.has(group) : !isClusterScoped(group, resource, manifests);
      if (namespaced) out.push(qualified(group, resource));
    }
  }
  return [...new Set(out)];
}

/** `pods`, `deployments.apps`, `*.*` (kubectl's resource.group). */
export function qualified(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}
