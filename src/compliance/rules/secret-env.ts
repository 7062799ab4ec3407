import { asArray } from '../manifest';
import { containerOutcome, EVERY_POD, POD_KIND_KEYS } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

export const secretEnv: RuleDefinition = {
  id: 'ZT-SEC1',
  level: ComplianceLevel.ERROR,
  message: 'container reads a Secret into environment variables',
  explanation: 'Environment variables leak into logs, crash dumps and child processes, and keep their value '
    + 'after the Secret rotates. Mount the Secret as a read-only volume and read the files at run time.',
  fix: 'mount the Secret as a read-only volume instead of env/envFrom',
  anchors: ['kube-linter read-secret-from-env-var', 'ACS secret_env_mount.json', 'Kyverno disallow-secrets-from-env-vars', 'CIS 5.4.1'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, c => {
    const problems = [
      ...asArray(c.env).filter(e => e?.valueFrom?.secretKeyRef).map(e => `env ${e.name} from secret ${e.valueFrom.secretKeyRef.name}`),
      ...asArray(c.envFrom).filter(e => e?.secretRef).map(e => `envFrom secret ${e.secretRef.name}`),
    ];
    return problems.length > 0 ? problems.join('; ') : undefined;
  }),
};
