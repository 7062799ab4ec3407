import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { VAULT_CONFIG } from './vault-auth-binding';

/** The API server's own audience (the default issuer of service account tokens on kubeadm, OpenShift, EKS, ...). */
/** The API server's own audience: every mounted service account token carries it. */
export const API_SERVER_AUDIENCE = /^(https?:\/\/)?kubernetes\.default(\.svc(\.[a-z0-9.-]+)?)?(:\d+)?\/?$/i;

export const vaultAudience: RuleDefinition = {
  id: 'ZT-VAULT4',
  level: ComplianceLevel.ERROR,
  message: 'Vault Kubernetes auth role accepts tokens of any audience',
  explanation: 'Without an audience the role accepts any service account token, including the one mounted for the '
    + 'API server: a token a pod hands to another service (or one leaked from a pod) is replayable against Vault. '
    + 'Set audience to a value only Vault uses (e.g. vault) and request tokens for it (ESO serviceAccountRef.audiences, '
    + 'a projected token with audience vault); an audience naming the API server protects nothing.',
  fix: 'set audience to a value only Vault uses, e.g. vault, and request tokens for it',
  anchors: ['Vault Kubernetes auth role audience', 'Kubernetes bound service account tokens (audience)',
    'vault-config-operator KubernetesAuthEngineRole audience'],
  beyondAnchors: 'Vault and the operator leave audience optional; this rule also refuses the API server\'s own audience.',
  kinds: ['redhatcop.redhat.io/KubernetesAuthEngineRole'],
  check: manifest => {
    if (!isKind(manifest, VAULT_CONFIG, 'KubernetesAuthEngineRole')) return NOT_APPLICABLE;
    const audience = manifest.spec?.audience;
    if (audience === undefined || audience === null) return outcome(['spec.audience is unset: tokens minted for any audience, the API server\'s included, log in']);
    if (typeof audience !== 'string' || audience.trim() === '') return outcome([`spec.audience ${JSON.stringify(audience)} is empty: tokens of any audience log in`]);
    if (/\s/.test(audience)) return outcome([`spec.audience ${JSON.stringify(audience)} contains whitespace; give one audience without spaces`]);
    if (API_SERVER_AUDIENCE.test(audience)) return outcome([`spec.audience ${audience} is the API server's audience: every mounted service account token carries it`]);
    return outcome([]);
  },
};
