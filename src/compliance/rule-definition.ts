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
   * The only kinds the check judges, as `group/Kind` (`/Secret` for the core group, the key `kindKeyOf` gives): on
   * any other manifest it returns NOT_APPLICABLE, so the pack does not call it there. A fleet's objects are of a
   * dozen kinds and most rules judge one or two: declared, the fleet example runs an eighth of the checks it otherwise
   * would (1,385 of 11,592 at 10 tenants).
   *
   * @default - every manifest (rules that read names, annotations or credentials in any object, or pods in kinds
   * nobody listed)
   */
  readonly kinds?: readonly string[];
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
