import { ComplianceLevel } from './rule';

/** One problem one rule found on one object. */
export interface ComplianceFinding {
  /** The rule id, e.g. `ZT-POD1`. */
  readonly ruleId: string;
  /** The rule's level. */
  readonly level: ComplianceLevel;
  /** The rule's one-line message. */
  readonly message: string;
  /** Where on the object, e.g. `step migrate: seccompProfile.type is unset`. */
  readonly detail: string;
  /** The rule's one-line fix. */
  readonly fix: string;
  /** The object, `Kind namespace/name`. */
  readonly resource: string;
  /**
   * The construct path of the object.
   *
   * @default - none: the manifest was checked outside a construct tree (cdk8s-cli plugin)
   */
  readonly path?: string;
  /**
   * The reason the finding was acknowledged.
   *
   * @default - not acknowledged
   */
  readonly acknowledgedReason?: string;
}

/** An acknowledgement in effect during a run, and the objects whose findings it acknowledged. */
export interface ComplianceAcknowledgementRecord {
  /** The rule id. */
  readonly ruleId: string;
  /** The written reason. */
  readonly reason: string;
  /** How it was made: `Compliance.acknowledge`, `opt-in <prop>`, or `annotation <key>` (trusted annotations only). */
  readonly source: string;
  /** The construct path it was made on (it covers that construct and its children), or the annotated object. */
  readonly madeOn: string;
  /** The objects (`Kind namespace/name`) with findings it acknowledged; empty when it acknowledged none. */
  readonly covers: string[];
  /**
   * The finding fingerprints it is limited to.
   *
   * @default - every finding of the rule
   */
  readonly appliesTo?: string[];
}

/** The findings of one compliance run, with machine-readable (JSON) and human-readable (text) renderings. */
export class ComplianceReport {
  /** Every finding, acknowledged ones included, ordered by resource then rule. */
  public readonly findings: ComplianceFinding[];
  /** Every acknowledgement in effect, with what it covered: its reach is part of the review. */
  public readonly acknowledgements: ComplianceAcknowledgementRecord[];

  public constructor(findings: ComplianceFinding[], acknowledgements: ComplianceAcknowledgementRecord[] = []) {
    this.findings = [...findings];
    this.acknowledgements = acknowledgements.map(a => ({ ...a, covers: [...a.covers] }));
  }

  /** Unacknowledged errors: these fail synthesis. */
  public get errors(): ComplianceFinding[] {
    return this.findings.filter(f => f.level === ComplianceLevel.ERROR && f.acknowledgedReason === undefined);
  }

  /** Unacknowledged warnings. */
  public get warnings(): ComplianceFinding[] {
    return this.findings.filter(f => f.level === ComplianceLevel.WARNING && f.acknowledgedReason === undefined);
  }

  /** Acknowledged findings, with their reasons. */
  public get acknowledged(): ComplianceFinding[] {
    return this.findings.filter(f => f.acknowledgedReason !== undefined);
  }

  /** The report as JSON: a summary of counts and every finding. */
  public toJson(): any {
    return {
      summary: { errors: this.errors.length, warnings: this.warnings.length, acknowledged: this.acknowledged.length },
      findings: this.findings.map(f => ({
        ruleId: f.ruleId,
        level: f.level,
        resource: f.resource,
        ...f.path !== undefined ? { path: f.path } : {},
        message: f.message,
        detail: f.detail,
        fix: f.fix,
        ...f.acknowledgedReason !== undefined ? { acknowledged: f.acknowledgedReason } : {},
      })),
      acknowledgements: this.acknowledgements.map(a => ({ ...a })),
    };
  }

  /** The report as text: one line per finding, then the counts. */
  public toText(): string {
    const lines = this.findings.map(f => {
      const status = f.acknowledgedReason !== undefined ? `acknowledged (${f.acknowledgedReason})` : f.level;
      return `${status.padEnd(7)} ${f.ruleId} ${f.resource}${f.path ? ` [${f.path}]` : ''}: ${f.message}: ${f.detail}`;
    });
    for (const a of this.acknowledgements) {
      const reach = a.covers.length > 0 ? `covers ${a.covers.join(', ')}` : 'covers no finding';
      lines.push(`ack     ${a.ruleId} by ${a.source} on ${a.madeOn}: ${JSON.stringify(a.reason)}; ${reach}`);
    }
    lines.push(`${this.errors.length} error(s), ${this.warnings.length} warning(s), ${this.acknowledged.length} acknowledged`);
    return lines.join('\n');
  }
}

/**
 * Findings as blocks for a person reading a failed synthesis: a headline with the rule id and message (marked
 * `(warning)` for warnings), then the object, the field the finding is about and the fix, one per line.
 */
export function findingBlocks(findings: ComplianceFinding[]): string {
  return findings.map(f => [
    `${f.ruleId}: ${f.message}${f.level === ComplianceLevel.WARNING ? ' (warning)' : ''}`,
    `  object: ${f.resource}${f.path ? ` [${f.path}]` : ''}`,
    `  field:  ${f.detail}`,
    `  fix:    ${f.fix}`,
  ].join('\n')).join('\n\n');
}
