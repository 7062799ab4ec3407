import { asArray } from '../manifest';
import { EVERY_POD, POD_KIND_KEYS, podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

function carriesSecret(volume: any): boolean {
  return volume?.secret !== undefined || asArray(volume?.projected?.sources).some(s => s?.secret !== undefined);
}

export const secretMountReadOnly: RuleDefinition = {
  id: 'ZT-SEC3',
  level: ComplianceLevel.ERROR,
  message: 'secret volume mounted writable',
  explanation: 'A writable mount lets the container replace the credential files others read. Set '
    + 'readOnly: true on every volumeMount of a secret (or projected secret) volume.',
  fix: 'set readOnly: true on every volumeMount of a secret volume',
  anchors: ['project promise (S2: secrets as read-only volumes)'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => {
    const pods = podsOf(manifest);
    const secretVolumes = pods.map(pod => asArray(pod.spec.volumes).filter(carriesSecret).map(v => v.name));
    if (secretVolumes.every(v => v.length === 0)) return NOT_APPLICABLE;
    return outcome(pods.flatMap((pod, i) => pod.containers.flatMap(({ where, container }) => asArray(container.volumeMounts)
      .filter(m => secretVolumes[i].includes(m?.name) && m.readOnly !== true)
      .map(m => `${where}: mount ${m.name} at ${m.mountPath}`))));
  },
};
