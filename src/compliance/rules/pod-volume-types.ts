import { asArray } from '../manifest';
import { EVERY_POD, POD_KIND_KEYS, podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const ALLOWED = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

export const podVolumeTypes: RuleDefinition = {
  id: 'ZT-POD6',
  level: ComplianceLevel.ERROR,
  message: 'pod uses a volume type outside the restricted allowlist (e.g. hostPath)',
  explanation: 'hostPath exposes the node\'s filesystem, and in-tree network volumes bypass the CSI driver\'s access '
    + `control. Use only ${ALLOWED.join(', ')}.`,
  fix: 'replace the volume with configMap, secret, projected, emptyDir, csi, ephemeral, image or persistentVolumeClaim',
  anchors: ['PSS restricted: restrictedVolumes; baseline: hostPathVolumes', 'kube-linter sensitive-host-mounts, docker-sock', 'ACS docker_sock.json, sensitive_files.json', 'Kyverno restrict-volume-types, disallow-host-path'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => {
    const pods = podsOf(manifest);
    if (pods.length === 0) return NOT_APPLICABLE;
    return outcome(pods.flatMap(pod => asArray(pod.spec.volumes).flatMap(v => {
      const types = Object.keys(v ?? {}).filter(k => k !== 'name');
      const bad = types.filter(t => !ALLOWED.includes(t));
      return bad.length > 0 ? [`${pod.where}volume ${v.name}: ${bad.join(', ')}`] : [];
    })));
  },
};
