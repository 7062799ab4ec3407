import { asArray, isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const argocdProjectClusterResources: RuleDefinition = {
  id: 'ZT-ARGO5',
  level: ComplianceLevel.ERROR,
  message: 'AppProject allows cluster-scoped kinds by wildcard',
  explanation: 'A clusterResourceWhitelist kind of * (or a glob such as Cluster*) lets the project\'s Applications '
    + 'create ClusterRoles, ClusterRoleBindings, CustomResourceDefinitions and webhooks with the application '
    + 'controller\'s rights: cluster-admin for anyone who can merge into a source repository. List the kinds the '
    + 'project deploys, e.g. { group: \'\', kind: Namespace }.',
  fix: 'list each cluster-scoped kind the project deploys, e.g. { group: \'\', kind: Namespace }',
  anchors: ['Argo CD projects: the default project (clusterResourceWhitelist */*)', 'Argo CD project specification: clusterResourceWhitelist', 'kube-linter cluster-admin-role-binding (same effect)'],
  kinds: ['argoproj.io/AppProject'],
  check: manifest => {
    if (!isKind(manifest, 'argoproj.io', 'AppProject')) return NOT_APPLICABLE;
    return outcome(asArray(manifest.spec?.clusterResourceWhitelist).flatMap((entry, i) =>
      typeof entry?.kind === 'string' && entry.kind.includes('*')
        ? [`spec.clusterResourceWhitelist[${i}] is group ${JSON.stringify(entry.group ?? '')} kind ${JSON.stringify(entry.kind)}`]
        : []));
  },
};
