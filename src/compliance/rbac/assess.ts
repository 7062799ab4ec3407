/**
 * The pack's RBAC verdicts as a function, for constructs that build RBAC objects (SpiffeAccess,
 * ArgoCdNamespaceAccess, EsoTokenRequestAccess) and want to refuse at construction what the pack refuses at
 * synthesis, with the same reading of the rules.
 */
import { isObject, refOf } from '../manifest';
import { RuleCompliance } from '../rule';
import { RuleDefinition } from '../rule-definition';
import { rbacAdmissionControl } from '../rules/rbac-admission-control';
import { rbacBroadGroups } from '../rules/rbac-broad-groups';
import { rbacCertificateApproval } from '../rules/rbac-certificate-approval';
import { rbacClusterAdmin } from '../rules/rbac-cluster-admin';
import { rbacClusterWideSubject } from '../rules/rbac-cluster-wide-subject';
import { rbacEscalationVerbs } from '../rules/rbac-escalation-verbs';
import { rbacNamespaceModification } from '../rules/rbac-namespace-modification';
import { rbacPersistentVolumes } from '../rules/rbac-persistent-volumes';
import { rbacPodNodeAccess } from '../rules/rbac-pod-node-access';
import { rbacSecretRead } from '../rules/rbac-secret-read';
import { rbacSystemSubjects } from '../rules/rbac-system-subjects';
import { rbacTokenRequest } from '../rules/rbac-token-request';
import { rbacWildcards } from '../rules/rbac-wildcards';
import { rbacWorkloadCreation } from '../rules/rbac-workload-creation';

/** The error-level RBAC rules (ZT-RBAC6 is a warning about where a SPIFFE identity is bound). */
const RULES: readonly RuleDefinition[] = [
  rbacClusterAdmin, rbacWildcards, rbacSecretRead, rbacEscalationVerbs, rbacSystemSubjects, rbacWorkloadCreation,
  rbacPodNodeAccess, rbacTokenRequest, rbacCertificateApproval, rbacAdmissionControl, rbacPersistentVolumes,
  rbacNamespaceModification, rbacBroadGroups, rbacClusterWideSubject,
];

/** One error finding of the RBAC rules. */
export interface RbacFinding {
  /** `ZT-RBAC3`. */
  readonly ruleId: string;
  /** `Role team-a/reader` */
  readonly resource: string;
  /** The rule's finding, e.g. `rules[0]: get, list on secrets without resourceNames`. */
  readonly detail: string;
}

/**
 * The error findings of the RBAC rules on `manifests` (Roles, ClusterRoles and bindings, evaluated together: a
 * binding is judged with the roles among them, aggregation included), e.g. the objects a construct is about to
 * emit. Other kinds are ignored.
 */
export function rbacFindings(manifests: readonly unknown[]): RbacFinding[] {
  const all = manifests.filter(isObject);
  return all.flatMap(manifest => RULES.flatMap(rule => {
    const result = rule.check(manifest, all);
    if (result.compliance !== RuleCompliance.NON_COMPLIANT) return [];
    return result.findings.map(detail => ({ ruleId: rule.id, resource: refOf(manifest), detail }));
  }));
}
