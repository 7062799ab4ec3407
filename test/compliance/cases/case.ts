/**
 * Each rule on at least one compliant and one non-compliant object (test/compliance/rules.test.ts). `others` are
 * the rest of the output the rule may look at (cross-object rules); `finding` must match one of the
 * non-compliant findings.
 */
export interface Case {
  readonly compliant: any[];
  readonly nonCompliant: { manifest: any; finding: RegExp }[];
  readonly others?: any[];
  /** Objects of a kind the rule reads on which it still has nothing to judge (beyond the generic ConfigMap). */
  readonly notApplicable?: any[];
}
