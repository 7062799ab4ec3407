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
  /**
   * Each finding names a value by fingerprint (`[fingerprint <16 hex>]` at the end of its detail), and an
   * acknowledgement must list the fingerprints it accepts (`appliesTo`): one acknowledgement never covers another
   * value (credential findings).
   */
  readonly acknowledgedByFingerprint?: boolean;
}

/** The fingerprint a finding's detail ends with (`[fingerprint 0123456789abcdef]`), if any. */
export function fingerprintOf(detail: string): string | undefined {
  return /\[fingerprint ([0-9a-f]{16})\]$/.exec(detail)?.[1];
}

export const COMPLIANT: RuleOutcome = { compliance: RuleCompliance.COMPLIANT, findings: [] };
export const NOT_APPLICABLE: RuleOutcome = { compliance: RuleCompliance.NOT_APPLICABLE, findings: [] };

/** Compliant when there are no findings. */
export function outcome(findings: string[]): RuleOutcome {
  return findings.length === 0 ? COMPLIANT : { compliance: RuleCompliance.NON_COMPLIANT, findings };
}
