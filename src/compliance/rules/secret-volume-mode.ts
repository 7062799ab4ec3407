import { asArray } from '../manifest';
import { EVERY_POD, POD_KIND_KEYS, podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

// the kubelet's default for secret volumes (0644): readable by every user in the container
const DEFAULT_MODE = 0o644;

/** Whether `mode` grants nothing beyond 0440 (read for owner and group): compared digit by digit in octal. */
function withinReadOnly(mode: number): boolean {
  const digits = mode.toString(8).padStart(4, '0');
  return /^0[04][04]0$/.test(digits);
}

function modeProblem(where: string, mode: unknown): string | undefined {
  const value = typeof mode === 'number' ? mode : DEFAULT_MODE;
  return withinReadOnly(value) ? undefined
    : `${where} defaultMode ${`0${value.toString(8)}`}${typeof mode === 'number' ? '' : ' (default)'} exceeds 0440`;
}

export const secretVolumeMode: RuleDefinition = {
  id: 'ZT-SEC5',
  level: ComplianceLevel.WARNING,
  message: 'secret volume files are readable by other users',
  explanation: 'Secret volumes default to mode 0644, so every user in the container (and any process that '
    + 'drops to another uid) can read the credentials. Set defaultMode: 0400 or 0440 with the pod\'s fsGroup.',
  fix: 'set defaultMode: 0400 (or 0440 with the pod\'s fsGroup) on the secret volume',
  anchors: ['project promise (S2: credentials as read-only files)', 'CIS 5.4.1'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => {
    const pods = podsOf(manifest);
    const volumes = pods.flatMap(pod => asArray(pod.spec.volumes).map(v => ({ pod, v })))
      .filter(({ v }) => v?.secret !== undefined || asArray(v?.projected?.sources).some(s => s?.secret !== undefined));
    if (volumes.length === 0) return NOT_APPLICABLE;
    return outcome(volumes.flatMap(({ pod, v }) => {
      const mode = v.secret !== undefined ? v.secret.defaultMode : v.projected.defaultMode;
      const problem = modeProblem(`${pod.where}volume ${v.name}`, mode);
      return problem ? [problem] : [];
    }));
  },
};
