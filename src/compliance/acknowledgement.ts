import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENT_ANNOTATION } from './annotations';
import { ALL_RULES } from './rules';
import { ValidationError } from '../common/errors';
import { MIN_REASON_LENGTH, validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';

const METADATA_TYPE = 'cdk8s-zero-trust:compliance:acknowledgement';

/** An accepted exception to a compliance rule. */
export interface ComplianceAcknowledgement {
  /** The rule id, e.g. `ZT-ESO2`. */
  readonly id: string;
  /**
   * Why the finding is acceptable here, for reviewers: at least 10 visible characters and two different words,
   * without invisible characters.
   */
  readonly reason: string;
  /**
   * The fingerprints of the findings accepted (as printed in each finding, `[fingerprint 0123456789abcdef]`).
   * Required for rules whose findings name a value (ZT-SEC6, credentials), so one acknowledgement never covers
   * another value.
   *
   * @default - every finding of the rule on this construct and its children
   */
  readonly appliesTo?: string[];
}

/** An acknowledgement in effect on a construct, with where it was made. */
export interface ComplianceAcknowledgementSource {
  /** The rule id. */
  readonly id: string;
  /** The reason, trimmed. */
  readonly reason: string;
  /**
   * The finding fingerprints it is limited to.
   *
   * @default - every finding of the rule
   */
  readonly appliesTo?: string[];
  /**
   * How it was made: `Compliance.acknowledge`, or `opt-in <prop>` when a construct prop that widens a default
   * (e.g. `allowAllSourceRepos`) made it.
   */
  readonly source: string;
  /** The construct it was made on (it covers that construct and everything below). */
  readonly construct: IConstruct;
}

/**
 * Compliance settings of one construct, after cdk-nag's acknowledgements: an acknowledgement applies to the
 * construct and everything below it, and the acknowledged findings stay in the report with their reason.
 */
export class Compliance {
  /**
   * The annotation that records, on the manifest itself, which findings were acknowledged and why (written by
   * `CompliancePack` with `annotateAcknowledgements`; honoured only where the pack is told to trust it).
   */
  public static readonly ANNOTATION = ACKNOWLEDGEMENT_ANNOTATION;

  /** The fewest visible characters a reason may have. */
  public static readonly MIN_REASON_LENGTH = MIN_REASON_LENGTH;

  /** The compliance settings of `construct`. */
  public static of(construct: IConstruct): Compliance {
    return new Compliance(construct);
  }

  private constructor(private readonly construct: IConstruct) {}

  /**
   * Accepts the findings of rule `id` on this construct and its children.
   *
   * @throws when the id names no rule, the reason does not read as words (at least 10 visible characters, two
   * different words, no invisible characters), or the rule is already acknowledged on this construct
   */
  public acknowledge(acknowledgement: ComplianceAcknowledgement): void {
    requireProps(acknowledgement, 'ComplianceAcknowledgement', ['id', 'reason'], this.construct);
    const { id } = acknowledgement;
    checkRuleId(this.construct, 'id', id);
    const reason = validateReason(this.construct, 'reason', acknowledgement.reason, `why ${id} is acceptable here`);
    const appliesTo = acknowledgement.appliesTo;
    if (appliesTo !== undefined) {
      const bad = appliesTo.find(f => !/^[0-9a-f]{16}$/.test(f));
      if (appliesTo.length === 0 || bad !== undefined) {
        throw new ValidationError(`'appliesTo' (${JSON.stringify(appliesTo)}) must list finding fingerprints, 16 hex digits each as a finding prints them, e.g. ["0f3a9c2e7b1d4e5f"]`, this.construct);
      }
    } else if (ALL_RULES.find(r => r.id === id)?.acknowledgedByFingerprint) {
      throw new ValidationError(`'appliesTo' is required for ${id}: its findings name values, and one acknowledgement must not cover another value; list the fingerprints the findings print`, this.construct);
    }
    if (this.own().some(a => a.id === id && a.source === API_SOURCE && a.appliesTo === undefined && appliesTo === undefined)) {
      throw new ValidationError(`'id' (${id}) is already acknowledged on this construct; give one reason per rule`, this.construct);
    }
    this.record(id, reason, API_SOURCE, appliesTo);
  }

  /**
   * Records the acknowledgement a construct's opt-in prop makes (e.g. `allowAllSourceRepos: '<reason>'` of an
   * AppProject acknowledges ZT-ARGO4), so the report shows the opt-in, its reason and what it covers.
   *
   * @param prop the opt-in prop, named in errors and in the report
   * @param id the rule the opt-in widens
   * @param reason the prop's written reason
   * @param purpose what the reason must explain, for the error
   * @returns the trimmed reason
   * @internal
   */
  public _acknowledgeOptIn(prop: string, id: string, reason: unknown, purpose: string): string {
    checkRuleId(this.construct, 'id', id);
    const trimmed = validateReason(this.construct, prop, reason, purpose);
    const source = `opt-in ${prop}`;
    if (!this.own().some(a => a.id === id && a.source === source && a.reason === trimmed)) this.record(id, trimmed, source);
    return trimmed;
  }

  /** The acknowledgements made on this construct itself (not inherited). */
  public get acknowledgements(): ComplianceAcknowledgement[] {
    return this.own().map(({ id, reason }) => ({ id, reason }));
  }

  /**
   * The acknowledgement of rule `id` in effect here: this construct's, else the nearest ancestor's.
   *
   * @param fingerprint the finding's fingerprint, for acknowledgements limited to some (`appliesTo`)
   */
  public acknowledgementFor(id: string, fingerprint?: string): ComplianceAcknowledgement | undefined {
    const found = this._sourceFor(id, fingerprint);
    return found && { id: found.id, reason: found.reason, ...found.appliesTo ? { appliesTo: [...found.appliesTo] } : {} };
  }

  /**
   * The acknowledgement of rule `id` in effect here, with where it was made.
   *
   * @internal
   */
  public _sourceFor(id: string, fingerprint?: string): ComplianceAcknowledgementSource | undefined {
    const scopes = this.construct.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      // on one construct an explicit acknowledgement says more than the opt-in that also covers the rule
      const own = Compliance.of(scopes[i]).own()
        .filter(a => a.id === id && (a.appliesTo === undefined || (fingerprint !== undefined && a.appliesTo.includes(fingerprint))));
      const found = own.find(a => a.source === API_SOURCE) ?? own[0];
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Every acknowledgement made on this construct itself, with its source.
   *
   * @internal
   */
  public _own(): ComplianceAcknowledgementSource[] {
    return this.own();
  }

  private record(id: string, reason: string, source: string, appliesTo?: string[]): void {
    this.construct.node.addMetadata(METADATA_TYPE, { id, reason, source, ...appliesTo ? { appliesTo: [...appliesTo] } : {} });
  }

  private own(): ComplianceAcknowledgementSource[] {
    return this.construct.node.metadata
      .filter(m => m.type === METADATA_TYPE)
      .map(m => ({
        id: m.data.id,
        reason: m.data.reason,
        source: m.data.source ?? API_SOURCE,
        construct: this.construct,
        ...m.data.appliesTo ? { appliesTo: m.data.appliesTo } : {},
      }));
  }
}

const API_SOURCE = 'Compliance.acknowledge';

function checkRuleId(scope: IConstruct, prop: string, id: string): void {
  if (!ALL_RULES.some(r => r.id === id)) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(id)}) names no compliance rule; use one of ${ALL_RULES.map(r => r.id).join(', ')}`, scope);
  }
}
