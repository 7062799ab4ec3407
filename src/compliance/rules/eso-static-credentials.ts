import { isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

/** Paths of Secret references used as credentials under a provider (CA bundles are not credentials). */
function secretRefs(value: any, path: string): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (key === 'caProvider' || key === 'caBundle') return [];
    const here = `${path}.${key}`;
    return /secretref$/i.test(key) && isObject(child) ? [here] : secretRefs(child, here);
  });
}

export const esoStaticCredentials: RuleDefinition = {
  id: 'ZT-ESO2',
  level: ComplianceLevel.ERROR,
  message: 'secret store authenticates with static credentials from a Secret',
  explanation: 'A long-lived key in a Kubernetes Secret is the credential the secret manager was meant to remove. '
    + 'Use workload identity (IRSA / pod identity, GCP or Azure workload identity, Vault Kubernetes or JWT auth with '
    + 'a service account token); a store that cannot acknowledges the rule with its reason.',
  fix: 'authenticate with workload identity (IRSA, GCP/Azure workload identity, Vault Kubernetes or JWT auth)',
  anchors: ['ESO security guide: prefer workload identity over static credentials', 'S3: AWS store with access keys'],
  kinds: ['external-secrets.io/SecretStore', 'external-secrets.io/ClusterSecretStore'],
  check: manifest => {
    if (!isKind(manifest, 'external-secrets.io', 'SecretStore', 'ClusterSecretStore')) return NOT_APPLICABLE;
    const provider = manifest.spec?.provider;
    const findings = secretRefs(provider, 'spec.provider');
    if (isObject(provider) && provider.fake !== undefined) findings.push('spec.provider.fake serves values written in the manifest');
    return outcome(findings);
  },
};
