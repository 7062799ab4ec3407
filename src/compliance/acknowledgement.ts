import { IConstruct } from 'constructs';
import { ALL_RULES } from './rules';

const METADATA_TYPE = 'cdk8s-zero-trust:compliance:acknowledgement';

/** An accepted exception to a compliance rule. */
export interface ComplianceAcknowledgement {
  /** The rule id, e.g. `ZT-ESO2`. */
  readonly id: string;
  /** Why the finding is acceptable here, for reviewers (at least 10 characters). */
  readonly reason: string;
}

/**
 * Compliance settings of one construct, after cdk-nag's acknowledgements: an acknowledgement applies to the
 * construct and everything below it, and the acknowledged findings stay in the report with their reason.
 */
export class Compliance {
  /** The annotation that records, on the manifest itself, which findings were acknowledged and why (opt-in). */
  public static readonly ANNOTATION = 'compliance.cdk8s-zero-trust.io/acknowledged';

  /** The shortest reason an acknowledgement accepts (cdk-nag's limit). */
  public static readonly MIN_REASON_LENGTH = 10;

  /** The compliance settings of `construct`. */
  public static of(construct: IConstruct): Compliance {
    return new Compliance(construct);
  }

  private constructor(private readonly construct: IConstruct) {}

  /**
   * Accepts the findings of rule `id` on this construct and its children.
   *
   * @throws when the id names no rule, the reason is shorter than 10 characters, or the rule is already
   * acknowledged on this construct
   */
  public acknowledge(acknowledgement: ComplianceAcknowledgement): void {
    const { id, reason } = acknowledgement;
    if (!ALL_RULES.some(r => r.id === id)) {
      throw new Error(`'id' (${JSON.stringify(id)}) names no compliance rule; use one of ${ALL_RULES.map(r => r.id).join(', ')}`);
    }
    if (typeof reason !== 'string' || reason.trim().length < Compliance.MIN_REASON_LENGTH) {
      throw new Error(`'reason' (${JSON.stringify(reason)}) must be at least ${Compliance.MIN_REASON_LENGTH} characters; say why ${id} is acceptable here`);
    }
    if (this.own().some(a => a.id === id)) {
      throw new Error(`'id' (${id}) is already acknowledged on ${this.construct.node.path || 'the app'}; give one reason per rule`);
    }
    this.construct.node.addMetadata(METADATA_TYPE, { id, reason: reason.trim() });
  }

  /** The acknowledgements made on this construct itself (not inherited). */
  public get acknowledgements(): ComplianceAcknowledgement[] {
    return this.own();
  }

  /** The acknowledgement of rule `id` in effect here: this construct's, else the nearest ancestor's. */
  public acknowledgementFor(id: string): ComplianceAcknowledgement | undefined {
    for (const scope of [...this.construct.node.scopes].reverse()) {
      const found = Compliance.of(scope).own().find(a => a.id === id);
      if (found) return found;
    }
    return undefined;
  }

  private own(): ComplianceAcknowledgement[] {
    return this.construct.node.metadata
      .filter(m => m.type === METADATA_TYPE)
      .map(m => ({ id: m.data.id, reason: m.data.reason }));
  }
}
