import { Yaml } from 'cdk8s';
import { refOf } from './manifest';
import { CompliancePack, itemsOf } from './pack';
import { ComplianceFinding } from './report';
import { ComplianceLevel } from './rule';

/** A resource violating a rule, as cdk8s-cli's `ValidationViolatingResource`. */
export interface ValidationViolatingResource {
  /** `metadata.name` of the object (cdk8s-cli joins construct paths by it). */
  readonly resourceName: string;
  /** Where in the object, one entry per finding. */
  readonly locations: string[];
  /** The manifest file holding the object. */
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's `ValidationViolation`. */
export interface ValidationViolation {
  /** The rule, e.g. `ZT-POD1`. */
  readonly ruleName: string;
  /** What to change. */
  readonly recommendation: string;
  /** How to change it. */
  readonly fix: string;
  /** The resources violating the rule. */
  readonly violatingResources: ValidationViolatingResource[];
}

/** The report a validation plugin fills, as cdk8s-cli's `ValidationReport`. */
export interface IValidationReport {
  /** Adds a violation. */
  addViolation(violation: ValidationViolation): void;
  /**
   * Completes the report.
   *
   * @param status `success` or `failure`
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** A logger, as cdk8s-cli's `ValidationLogger`. */
export interface IValidationLogger {
  /** Logs a message. */
  log(message: string): void;
}

/** What cdk8s-cli hands a validation plugin (structurally its `ValidationContext`). */
export interface IValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill and submit. */
  readonly report: IValidationReport;
  /** The CLI's logger. */
  readonly logger: IValidationLogger;
}

/** Options of the plugin, given as `properties` in `cdk8s.yaml`. */
export interface ComplianceValidationProps {
  /**
   * Rule ids not to run.
   *
   * @default - every rule runs
   */
  readonly excludeRules?: string[];
  /**
   * Fail on warnings too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Honour the acknowledgement annotations in the manifests. Set it when the App applies the pack with
   * `annotateAcknowledgements: true`: that run writes the annotations from acknowledgements made in code and fails
   * on any annotation it did not write, so the files only carry annotations the App vouched for.
   *
   * @default false - an acknowledgement annotation is finding ZT-ACK1 and acknowledges nothing
   */
  readonly trustAnnotatedAcknowledgements?: boolean;
}

/**
 * The compliance pack as a cdk8s-cli validation plugin, for `cdk8s synth` on the written YAML:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-zero-trust
 *     version: <exact version>
 *     class: ComplianceValidation
 * ```
 *
 * Findings acknowledged in construct code reach the YAML only through the acknowledgement annotation, so
 * synthesize with `CompliancePack.applyTo(app, { annotateAcknowledgements: true })` and set the plugin property
 * `trustAnnotatedAcknowledgements: true`. Warnings are reported as violations whose rule name ends in
 * `(warning)`; they fail the report only with `failOnWarnings`.
 */
export class ComplianceValidation {
  private readonly pack: CompliancePack;
  private readonly failOnWarnings: boolean;
  private readonly trustAnnotations: boolean;

  public constructor(props: ComplianceValidationProps = {}) {
    this.pack = new CompliancePack({ excludeRules: props.excludeRules });
    this.failOnWarnings = props.failOnWarnings ?? false;
    this.trustAnnotations = props.trustAnnotatedAcknowledgements ?? false;
  }

  /**
   * Checks every manifest, adds one violation per rule, and submits the report. The files are checked as one output,
   * as `CompliancePack.applyTo` checks the App: cross-object rules relate objects of different charts (a Namespace
   * in one file, its default-deny NetworkPolicy in another; a store and the ExternalSecrets that use it), and a
   * file on its own would yield findings the App does not have and miss ones it has.
   */
  public async validate(context: IValidationContext): Promise<void> {
    const fileOf = new Map<string, string>();
    const manifests = context.manifests.flatMap(file => {
      const loaded = Yaml.load(file).filter(m => m != null);
      // the first file that holds an object is where its findings are reported
      for (const ref of loaded.flatMap(itemsOf).map(refOf)) if (!fileOf.has(ref)) fileOf.set(ref, file);
      return loaded;
    });
    const findings: { finding: ComplianceFinding; file: string }[] = [];
    for (const finding of this.pack.evaluateManifests(manifests, { trustAnnotations: this.trustAnnotations }).findings) {
      if (finding.acknowledgedReason === undefined) findings.push({ finding, file: fileOf.get(finding.resource) ?? context.manifests.join(', ') });
    }
    const byRule = new Map<string, { finding: ComplianceFinding; file: string }[]>();
    for (const f of findings) byRule.set(f.finding.ruleId, [...byRule.get(f.finding.ruleId) ?? [], f]);
    const rules = new Map(CompliancePack.rules.map(r => [r.id, r]));
    for (const [id, group] of byRule) {
      const rule = rules.get(id)!;
      const resources = new Map<string, ValidationViolatingResource>();
      for (const { finding, file } of group) {
        const key = `${file}\n${finding.resource}`;
        const previous = resources.get(key);
        resources.set(key, {
          resourceName: nameOf(finding.resource),
          manifestPath: file,
          locations: [...previous?.locations ?? [], `${finding.resource}: ${finding.detail}`],
        });
      }
      context.report.addViolation({
        ruleName: rule.level === ComplianceLevel.WARNING ? `${id} (warning)` : id,
        recommendation: rule.message,
        fix: `${rule.fix}. ${rule.explanation}`,
        violatingResources: [...resources.values()],
      });
    }
    const failing = findings.filter(f => f.finding.level === ComplianceLevel.ERROR || this.failOnWarnings);
    context.logger.log(`cdk8s-zero-trust compliance: ${findings.length} unacknowledged finding(s) in ${context.manifests.length} manifest file(s)`);
    context.report.submit(failing.length > 0 ? 'failure' : 'success');
  }
}

/** `metadata.name` from `Kind namespace/name`. */
function nameOf(resource: string): string {
  const ref = resource.slice(resource.indexOf(' ') + 1);
  return ref.slice(ref.lastIndexOf('/') + 1);
}
