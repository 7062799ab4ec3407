import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CHECK: GrantCheck = {
  targets: targets('', ['persistentvolumes'], ['create'], { clusterScoped: true }),
  meaning: 'host filesystem access through hostPath volumes',
};

export const rbacPersistentVolumes: RuleDefinition = {
  id: 'ZT-RBAC12',
  level: ComplianceLevel.ERROR,
  message: 'role creates PersistentVolumes',
  explanation: 'Whoever creates a PersistentVolume can make it a hostPath volume, and a Pod that claims it reads '
    + 'and writes the node\'s filesystem (kubelet credentials, other containers\' data). Let the storage '
    + 'provisioner create volumes and grant PersistentVolumeClaims instead.',
  fix: 'grant persistentvolumeclaims instead; leave persistentvolumes to the provisioner',
  anchors: ['Kubernetes RBAC good practices: persistent volume creation'],
  beyondAnchors: 'Counts * verbs, resources and groups, and rules aggregated into a ClusterRole.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
