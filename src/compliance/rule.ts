/** How much a rule's findings matter. */
export enum ComplianceLevel {
  /** Fails synthesis (and the cdk8s-cli validation) unless acknowledged. */
  ERROR = 'error',
  /** Reported, never failing. */
  WARNING = 'warning',
}

/** What a rule concluded about one object. */
export enum RuleCompliance {
  /** The object satisfies the rule. */
  COMPLIANT = 'compliant',
  /** The object breaks the rule; the outcome lists the findings. */
  NON_COMPLIANT = 'non-compliant',
  /** The rule does not look at objects of this kind. */
  NOT_APPLICABLE = 'not-applicable',
}

/** The metadata of a compliance rule, as listed in `src/compliance/RULES.md`. */
export interface ComplianceRuleInfo {
  /** Rule id, `ZT-<AREA><n>`, e.g. `ZT-POD1`. */
  readonly id: string;
  /** Whether findings fail synthesis. */
  readonly level: ComplianceLevel;
  /** One line saying what is wrong. */
  readonly message: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /** The fix in one line, printed after each finding (e.g. `set securityContext.privileged: false`). */
  readonly fix: string;
  /** The upstream controls the rule mirrors (PSS control, kube-linter check, ACS policy, Kyverno policy, ESO guide). */
  readonly anchors: string[];
  /**
   * What the rule catches that its anchors do not (a spelling they miss, a route they do not read).
   *
   * @default - nothing beyond the anchors
   */
  readonly beyondAnchors?: string;
}

/** The result of one rule on one object. */
export interface RuleOutcome {
  /** The verdict. */
  readonly compliance: RuleCompliance;
  /** One entry per problem (e.g. per container), each saying where it is; empty unless non-compliant. */
  readonly findings: string[];
}
