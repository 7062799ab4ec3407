import { asArray, isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

// the Kubernetes form of a SPIFFE ID; an OIDC username prefix (e.g. "spiffe:") may precede it
const K8S_SPIFFE_ID = /spiffe:\/\/[^/]+\/ns\/([^/]+)\/sa\/[^/]+$/;

export const rbacSpiffeNamespace: RuleDefinition = {
  id: 'ZT-RBAC6',
  level: ComplianceLevel.WARNING,
  message: 'RoleBinding grants a SPIFFE identity rights outside its own namespace',
  explanation: 'A SPIFFE ID of the form spiffe://<trust-domain>/ns/<ns>/sa/<sa> names a workload of namespace <ns>; '
    + 'binding it in another namespace lets that workload reach across the tenant boundary its ID states. Bind it in '
    + 'its own namespace. Where the crossing is the design (Argo CD on a hub cluster deploying into a spoke\'s '
    + 'namespaces), acknowledge the rule on the binding with that reason.',
  fix: 'bind the SPIFFE identity in its own namespace, or acknowledge the crossing with its reason',
  anchors: ['SPIFFE ID Kubernetes path convention /ns/<ns>/sa/<sa>', 'policy notes 6.2 rule 7: RoleBinding scope matches the SPIFFE namespace segment'],
  kinds: ['rbac.authorization.k8s.io/RoleBinding'],
  check: manifest => {
    if (!isKind(manifest, 'rbac.authorization.k8s.io', 'RoleBinding')) return NOT_APPLICABLE;
    const namespace = manifest.metadata?.namespace;
    // without a namespace the binding lands wherever it is applied: nothing to compare
    if (typeof namespace !== 'string') return NOT_APPLICABLE;
    return outcome(asArray(manifest.subjects).flatMap(subject => {
      if (subject?.kind !== 'User' || typeof subject.name !== 'string') return [];
      const idNamespace = K8S_SPIFFE_ID.exec(subject.name)?.[1];
      return idNamespace !== undefined && idNamespace !== namespace
        ? [`subject User ${subject.name} belongs to namespace ${idNamespace}, bound in ${namespace}`]
        : [];
    }));
  },
};
