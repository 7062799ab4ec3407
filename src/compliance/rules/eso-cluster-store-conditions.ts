import { asArray, isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const ESO = 'external-secrets.io';

/** Whether a ClusterSecretStore limits the namespaces that may use it. */
export function isScoped(store: any): boolean {
  const conditions = asArray(store?.spec?.conditions);
  return conditions.length > 0 && conditions.every(c =>
    c?.namespaceSelector !== undefined || asArray(c?.namespaces).length > 0 || asArray(c?.namespaceRegexes).length > 0);
}

export const esoClusterStoreConditions: RuleDefinition = {
  id: 'ZT-ESO1',
  level: ComplianceLevel.ERROR,
  message: 'ClusterSecretStore is usable from every namespace (no conditions)',
  explanation: 'Without spec.conditions any namespace can create an ExternalSecret against the store and read '
    + 'everything its credentials reach. Scope it with conditions[].namespaces or namespaceSelector, or use a '
    + 'namespaced SecretStore.',
  anchors: ['ESO security guide: ClusterSecretStore conditions', 'ESO security guide: disable cluster-wide kinds you do not need'],
  check: manifest => {
    if (!isKind(manifest, ESO, 'ClusterSecretStore')) return NOT_APPLICABLE;
    return outcome(isScoped(manifest) ? [] : ['spec.conditions does not select namespaces on every entry']);
  },
};
