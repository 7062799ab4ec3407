import { asArray } from '../manifest';
import { containerOutcome, EVERY_POD, POD_KIND_KEYS } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const SECRET_NAME = /secret|passw(or)?d|token|api_?key|private_?key|credential/i;
// names that hold where a secret is, not the secret
const LOCATION_NAME = /_(file|path|dir|url|endpoint|socket|audience)$/i;

export const secretLiteralEnv: RuleDefinition = {
  id: 'ZT-SEC2',
  level: ComplianceLevel.ERROR,
  message: 'environment variable named like a secret has a literal value',
  explanation: 'A literal value in the manifest is a secret in Git. Reference it from the secret manager '
    + '(ExternalSecret) and mount it read-only.',
  fix: 'reference the value from the secret manager (ExternalSecret) and mount it read-only',
  anchors: ['kube-linter env-var-secret', 'ACS secret_env.json'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, c => {
    const names = asArray(c.env)
      .filter(e => typeof e?.name === 'string' && SECRET_NAME.test(e.name) && !LOCATION_NAME.test(e.name))
      .filter(e => typeof e.value === 'string' && e.value !== '')
      .map(e => e.name);
    return names.length > 0 ? `literal value in ${names.join(', ')}` : undefined;
  }),
};
