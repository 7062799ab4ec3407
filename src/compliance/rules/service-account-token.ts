import { ManifestIndex } from '../manifest';
import { EVERY_POD, POD_KIND_KEYS, podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const serviceAccountToken: RuleDefinition = {
  id: 'ZT-SA2',
  level: ComplianceLevel.ERROR,
  message: 'pod mounts a service account token it did not ask for',
  explanation: 'An automounted token lets anyone inside the container call the API server as the pod. Set '
    + 'automountServiceAccountToken: false on the pod (or on its ServiceAccount); a workload that calls the API '
    + 'acknowledges this rule with its reason.',
  fix: 'set automountServiceAccountToken: false on the pod or its ServiceAccount',
  anchors: ['ACS automount_service_account_token.json', 'Kyverno restrict-automount-sa-token', 'CIS 5.1.6'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: (manifest, manifests) => {
    const pods = podsOf(manifest).filter(p => !p.identityFromRun);
    if (pods.length === 0) return NOT_APPLICABLE;
    return outcome(pods.flatMap(({ where, spec }) => {
      if (spec.automountServiceAccountToken === false) return [];
      if (spec.automountServiceAccountToken === true) return [`${where}automountServiceAccountToken is true`];
      const saName = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
      const sa = ManifestIndex.of(manifests).namedIn('', 'ServiceAccount', manifest.metadata?.namespace, saName)[0];
      return sa?.automountServiceAccountToken === false ? []
        : [`${where}automountServiceAccountToken is unset and service account ${saName} does not disable it`];
    }));
  },
};
