import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const WRITE = ['create', 'update', 'patch'];

/** The resources whose create, update or patch runs a pod of one's choosing, as any service account of its namespace. */
export const WORKLOAD_TARGETS = [
  ...targets('', ['pods', 'replicationcontrollers'], WRITE),
  ...targets('apps', ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], WRITE),
  ...targets('batch', ['cronjobs', 'jobs'], WRITE),
  ...targets('apps.openshift.io', ['deploymentconfigs'], WRITE),
  ...targets('tekton.dev', ['pipelineruns', 'taskruns'], WRITE),
];

const CHECK: GrantCheck = {
  targets: WORKLOAD_TARGETS,
  clusterWideOnly: true,
  meaning: 'workload creation',
};

export const rbacWorkloadCreation: RuleDefinition = {
  id: 'ZT-RBAC7',
  level: ComplianceLevel.ERROR,
  message: 'ClusterRole or ClusterRoleBinding grants workload creation',
  explanation: 'Whoever creates or changes a Pod, or a workload that makes Pods (Deployment, ReplicaSet, '
    + 'StatefulSet, DaemonSet, Job, CronJob, ReplicationController, DeploymentConfig, Tekton TaskRun or '
    + 'PipelineRun), runs code as any service account of its namespace and mounts any Secret there. In a Role of '
    + 'the namespace a deployer manages that is the job (and Pod Security admission bounds it); in a ClusterRole, '
    + 'or through a ClusterRoleBinding to the built-in edit or admin, it reaches every namespace the role is bound '
    + 'in, kube-system too. Grant it with a Role in each namespace the subject deploys to.',
  fix: 'grant workload creation with a Role in each namespace the subject deploys to (as ArgoCdNamespaceAccess does)',
  anchors: ['Kubernetes RBAC good practices: workload creation', 'CIS 5.1.4 (minimize access to create pods)'],
  beyondAnchors: 'The anchors name pods; this rule counts the workload kinds that create Pods (OpenShift '
    + 'DeploymentConfigs and Tekton runs included), update and patch (a Pod\'s image is mutable), * verbs, '
    + 'resources and groups, rules aggregated into a ClusterRole, and ClusterRoleBindings to the built-in edit and admin.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
