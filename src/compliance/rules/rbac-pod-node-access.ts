import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CHECK: GrantCheck = {
  targets: [
    ...targets('', ['pods/exec', 'pods/attach', 'pods/portforward'], ['get', 'create']),
    ...targets('', ['pods/ephemeralcontainers'], ['update', 'patch']),
    ...targets('', ['nodes/proxy'], ['get', 'create', 'update', 'patch', 'delete'], { clusterScoped: true }),
  ],
  meaning: 'access into running pods or the kubelet API',
};

export const rbacPodNodeAccess: RuleDefinition = {
  id: 'ZT-RBAC8',
  level: ComplianceLevel.ERROR,
  message: 'role grants exec, attach, port-forward or ephemeral containers in pods, or the kubelet API of nodes',
  explanation: 'pods/exec and pods/attach run commands in a running container (with its service account token '
    + 'and mounted Secrets), pods/portforward reaches its ports past NetworkPolicies, pods/ephemeralcontainers adds '
    + 'a container of one\'s choosing to it, and nodes/proxy is the kubelet API, which runs commands in every pod of '
    + 'the node without audit or admission. Since Kubernetes 1.30 exec and attach over WebSockets need only get, and '
    + 'the kubelet API takes get requests too, so get counts as much as create. Debug with a short-lived, '
    + 'acknowledged role instead.',
  fix: 'remove the pods/exec, pods/attach, pods/portforward, pods/ephemeralcontainers and nodes/proxy grants',
  anchors: ['Kubernetes RBAC good practices: access to the proxy subresource of Nodes', 'Kubernetes RBAC good practices: workload creation'],
  beyondAnchors: 'Counts get as well as create (WebSocket exec and the kubelet API), the */exec form, * verbs and '
    + 'groups, rules aggregated into a ClusterRole, and bindings to the built-in edit and admin roles.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
