import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Compliance } from './acknowledgement';
import { annotatedAcknowledgements } from './acknowledgement-annotation';
import { refOf } from './manifest';
import { ComplianceFinding, ComplianceReport } from './report';
import { ComplianceLevel, ComplianceRuleInfo, RuleCompliance } from './rule';
import { RuleDefinition } from './rule-definition';
import { ALL_RULES } from './rules';
import { Synthesis } from '../common/synthesis';

/** Options of a compliance pack run. */
export interface CompliancePackProps {
  /**
   * Rule ids not to run at all (prefer acknowledging findings: exclusions leave no trace in the report).
   *
   * @default - every rule runs
   */
  readonly excludeRules?: string[];
  /**
   * Fail on unacknowledged warnings too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Write each object's acknowledged findings into its `compliance.cdk8s-zero-trust.io/acknowledged`
   * annotation (a JSON object of rule id to reason), for auditors and the cdk8s-cli plugin.
   *
   * @default false
   */
  readonly annotateAcknowledgements?: boolean;
  /**
   * Print unacknowledged warnings on stderr when the pack runs at synthesis.
   *
   * @default true
   */
  readonly logWarnings?: boolean;
}

/** A manifest to check, with where it came from and how acknowledgements are looked up. */
interface Subject {
  readonly manifest: any;
  readonly path?: string;
  readonly acknowledgement: (id: string) => string | undefined;
}

/**
 * The least-privilege rules (`src/compliance/RULES.md`) run over resolved manifests, after cdk-nag. It reads
 * manifests only, so it checks this library's constructs, cdk8s-plus objects, raw `ApiObject`s and `Include`d
 * YAML alike.
 */
export class CompliancePack {
  /**
   * Runs the pack whenever `scope` (an App or a Chart) synthesizes: unacknowledged errors fail synthesis with
   * `[path] ZT-XXXn: message: detail`. Apply it to the App when related objects (a Namespace and its
   * NetworkPolicy) live in different charts.
   */
  public static applyTo(scope: IConstruct, props: CompliancePackProps = {}): CompliancePack {
    const pack = new CompliancePack(props);
    let lastWarnings = '';
    scope.node.addValidation({
      validate: () => {
        const report = pack.evaluate(scope);
        if (props.annotateAcknowledgements) annotate(scope, report);
        const warnings = report.warnings.map(line).join('\n');
        if ((props.logWarnings ?? true) && warnings && warnings !== lastWarnings) {
          // eslint-disable-next-line no-console
          console.warn(`compliance warnings:\n${warnings}`);
        }
        lastWarnings = warnings;
        const failing = props.failOnWarnings ? [...report.errors, ...report.warnings] : report.errors;
        return failing.map(line);
      },
    });
    return pack;
  }

  /** The metadata of every rule, in report order. */
  public static get rules(): ComplianceRuleInfo[] {
    return ALL_RULES.map(({ id, level, message, explanation, anchors }) => ({ id, level, message, explanation, anchors: [...anchors] }));
  }

  private readonly enabled: readonly RuleDefinition[];

  public constructor(props: CompliancePackProps = {}) {
    const excluded = props.excludeRules ?? [];
    const unknown = excluded.filter(id => !ALL_RULES.some(r => r.id === id));
    if (unknown.length > 0) {
      throw new Error(`'excludeRules' (${unknown.join(', ')}) names no compliance rule; use ids such as ${ALL_RULES[0].id}`);
    }
    this.enabled = ALL_RULES.filter(r => !excluded.includes(r.id));
  }

  /** Checks every `ApiObject` under `scope` (construct acknowledgements and acknowledgement annotations apply). */
  public evaluate(scope: IConstruct): ComplianceReport {
    const subjects: Subject[] = scope.node.findAll().filter(c => ApiObject.isApiObject(c)).map(c => {
      // within Synthesis this render is the one that goes to the output
      const manifest = Synthesis._render(c as ApiObject);
      const annotated = annotatedAcknowledgements(manifest);
      return {
        manifest,
        path: c.node.path,
        acknowledgement: (id: string) => Compliance.of(c).acknowledgementFor(id)?.reason ?? annotated.find(a => a.id === id)?.reason,
      };
    });
    return this.run(subjects);
  }

  /** Checks plain manifests (e.g. parsed YAML); only acknowledgement annotations apply. */
  public evaluateManifests(manifests: any[]): ComplianceReport {
    return this.run(manifests.map(manifest => {
      const annotated = annotatedAcknowledgements(manifest);
      return { manifest, acknowledgement: (id: string) => annotated.find(a => a.id === id)?.reason };
    }));
  }

  private run(subjects: Subject[]): ComplianceReport {
    const manifests = subjects.map(s => s.manifest);
    const findings: ComplianceFinding[] = [];
    for (const subject of subjects) {
      for (const rule of this.enabled) {
        for (const detail of this.check(rule, subject.manifest, manifests)) {
          const reason = subject.acknowledgement(rule.id);
          findings.push({
            ruleId: rule.id,
            level: rule.level,
            message: rule.message,
            detail,
            resource: refOf(subject.manifest),
            ...subject.path !== undefined ? { path: subject.path } : {},
            ...reason !== undefined ? { acknowledgedReason: reason } : {},
          });
        }
      }
    }
    return new ComplianceReport(findings);
  }

  /** A rule that throws is a finding, never swallowed (as in cdk-nag). */
  private check(rule: RuleDefinition, manifest: any, manifests: any[]): string[] {
    try {
      const result = rule.check(manifest, manifests);
      return result.compliance === RuleCompliance.NON_COMPLIANT ? result.findings : [];
    } catch (error) {
      return [`rule failed to evaluate: ${error instanceof Error ? error.message : String(error)}`];
    }
  }
}

function line(f: ComplianceFinding): string {
  return `${f.path ? `[${f.path}] ` : ''}${f.ruleId}: ${f.message}: ${f.detail}${f.level === ComplianceLevel.WARNING ? ' (warning)' : ''}`;
}

/** Records acknowledged findings on the objects; validation runs before rendering, so they reach the output. */
function annotate(scope: IConstruct, report: ComplianceReport): void {
  const byPath = new Map<string, Record<string, string>>();
  for (const f of report.acknowledged) {
    if (f.path === undefined) continue;
    byPath.set(f.path, { ...byPath.get(f.path), [f.ruleId]: f.acknowledgedReason! });
  }
  for (const c of scope.node.findAll()) {
    const acks = byPath.get(c.node.path);
    if (acks && ApiObject.isApiObject(c)) {
      const sorted = Object.fromEntries(Object.entries(acks).sort(([a], [b]) => a.localeCompare(b)));
      c.metadata.addAnnotation(Compliance.ANNOTATION, JSON.stringify(sorted));
      Synthesis._changed(c);
    }
  }
}
