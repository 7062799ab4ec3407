import { ComplianceRuleInfo, RuleCompliance, RuleOutcome } from './rule';

export { ComplianceLevel, RuleCompliance } from './rule';
export type { RuleOutcome } from './rule';

/**
 * A rule: its metadata and a pure check over one resolved manifest. `manifests` holds every object in the
 * evaluated scope, for rules that relate objects (a namespace and its NetworkPolicy, an ExternalSecret and its
 * generator); the check never changes them.
 */
export interface RuleDefinition extends ComplianceRuleInfo {
  readonly check: (manifest: any, manifests: any[]) => RuleOutcome;
}

export const COMPLIANT: RuleOutcome = { compliance: RuleCompliance.COMPLIANT, findings: [] };
export const NOT_APPLICABLE: RuleOutcome = { compliance: RuleCompliance.NOT_APPLICABLE, findings: [] };

/** Compliant when there are no findings. */
export function outcome(findings: string[]): RuleOutcome {
  return findings.length === 0 ? COMPLIANT : { compliance: RuleCompliance.NON_COMPLIANT, findings };
}
