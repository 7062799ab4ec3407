import { asArray, isKind, isObject, ManifestIndex } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

function selectsAllPods(policy: any): boolean {
  const selector = policy.spec?.podSelector;
  return isObject(selector) && Object.values(selector).every(v => isObject(v) ? Object.keys(v).length === 0 : asArray(v).length === 0);
}

function denies(policy: any, type: 'Ingress' | 'Egress'): boolean {
  const rules = type === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress;
  return selectsAllPods(policy) && asArray(policy.spec?.policyTypes).includes(type) && asArray(rules).length === 0;
}

export const netDefaultDeny: RuleDefinition = {
  id: 'ZT-NET2',
  level: ComplianceLevel.ERROR,
  message: 'namespace has no default-deny NetworkPolicy for ingress and egress',
  explanation: 'Without a policy selecting every pod, all traffic is allowed and each later allow rule is the only '
    + 'barrier. Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no rules, then allow '
    + 'what each workload needs.',
  fix: 'add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no rules',
  anchors: ['kube-linter non-isolated-pod', 'ACS deployment_has_ingress_network_policy.json, deployment_has_egress_network_policy.json'],
  kinds: ['/Namespace'],
  check: (manifest, manifests) => {
    if (!isKind(manifest, '', 'Namespace')) return NOT_APPLICABLE;
    const name = manifest.metadata?.name;
    const policies = typeof name === 'string' ? ManifestIndex.of(manifests).inNamespace('networking.k8s.io', 'NetworkPolicy', name) : [];
    const missing = (['Ingress', 'Egress'] as const).filter(t => !policies.some(p => denies(p, t)));
    return outcome(missing.length > 0 ? [`no default-deny for ${missing.join(', ')}`] : []);
  },
};
