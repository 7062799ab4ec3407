/**
 * The default ClusterRoles every Kubernetes API server creates that users bind (the user-facing roles and the
 * roles aggregated into them), as data: their rules, labels and aggregation selectors, after the current
 * upstream bootstrap policy (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy). Written
 * here as facts; OpenShift adds more rules to admin, edit and view through its own aggregate-to roles, which
 * only widens them.
 */
import { PolicyRule, rule } from './policy-rule';

/** A built-in ClusterRole. */
export interface BuiltInClusterRole {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly PolicyRule[];
  /** `aggregationRule.clusterRoleSelectors[*].matchLabels`. */
  readonly aggregateLabels?: readonly Record<string, string>[];
}

export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';
const BOOTSTRAPPING = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE];

export const BUILT_IN_CLUSTER_ROLES: readonly BuiltInClusterRole[] = [
  {
    name: 'cluster-admin',
    labels: BOOTSTRAPPING,
    rules: [rule(['*'], ['*'], ['*']), { apiGroups: [], resources: [], verbs: ['*'], resourceNames: [], nonResourceURLs: ['*'] }],
  },
  // admin, edit and view hold no rules of their own: the aggregation controller fills them
  { name: 'admin', labels: BOOTSTRAPPING, rules: [], aggregateLabels: [{ [AGGREGATE_TO_ADMIN]: 'true' }] },
  { name: 'edit', labels: { ...BOOTSTRAPPING, [AGGREGATE_TO_ADMIN]: 'true' }, rules: [], aggregateLabels: [{ [AGGREGATE_TO_EDIT]: 'true' }] },
  { name: 'view', labels: { ...BOOTSTRAPPING, [AGGREGATE_TO_EDIT]: 'true' }, rules: [], aggregateLabels: [{ [AGGREGATE_TO_VIEW]: 'true' }] },
  {
    name: 'system:aggregate-to-admin',
    labels: { ...BOOTSTRAPPING, [AGGREGATE_TO_ADMIN]: 'true' },
    rules: [
      rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
      rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { ...BOOTSTRAPPING, [AGGREGATE_TO_EDIT]: 'true' },
    rules: [
      // reads of the escalating resources: exec and attach over WebSockets need only get
      rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
      rule(['impersonate'], [''], ['serviceaccounts']),
      rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
      rule(['create'], [''], ['pods/eviction']),
      rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale',
        'secrets', 'serviceaccounts', 'services', 'services/proxy']),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets',
        'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
      rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
      rule(WRITE, ['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses',
        'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale']),
      rule(WRITE, ['policy'], ['poddisruptionbudgets']),
      rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
      rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { ...BOOTSTRAPPING, [AGGREGATE_TO_VIEW]: 'true' },
    rules: [
      rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods',
        'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
      rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status',
        'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
      rule(READ, [''], ['namespaces']),
      rule(READ, ['discovery.k8s.io'], ['endpointslices']),
      rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale',
        'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale',
        'statefulsets/status']),
      rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
      rule(READ, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
        'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status',
        'replicationcontrollers/scale']),
      rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
    ],
  },
];

const BY_NAME = new Map(BUILT_IN_CLUSTER_ROLES.map(r => [r.name, r]));

/** The built-in ClusterRole named `name`, if this model knows it. */
export function builtInClusterRole(name: unknown): BuiltInClusterRole | undefined {
  return typeof name === 'string' ? BY_NAME.get(name) : undefined;
}
