import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Compliance, ComplianceAcknowledgementSource } from './acknowledgement';
import { AnnotatedAcknowledgements, annotatedAcknowledgements } from './acknowledgement-annotation';
import { isObject, kindKeyOf, refOf } from './manifest';
import { ComplianceAcknowledgementRecord, ComplianceFinding, ComplianceReport, findingBlocks } from './report';
import { ComplianceLevel, ComplianceRuleInfo, RuleCompliance } from './rule';
import { fingerprintOf, RuleDefinition } from './rule-definition';
import { ALL_RULES } from './rules';
import { ValidationError } from '../common/errors';
import { redactCredentials } from '../common/redact';
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
   * Write each object's acknowledged findings into its `zero-trust.cdk8s.io/acknowledged`
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
  /**
   * Construct paths (e.g. `vendor/eso-install`, or a chart's id) whose manifests may carry acknowledgements in the
   * `zero-trust.cdk8s.io/acknowledged` annotation, such as included YAML that an earlier run of the pack
   * annotated. Everywhere else an annotation the pack did not write is finding ZT-ACK1 and silences nothing.
   *
   * @default - no annotation is trusted; acknowledge through `Compliance.of(construct).acknowledge()`
   */
  readonly trustAnnotatedAcknowledgements?: string[];
}

/** Options of `CompliancePack.evaluateManifests`. */
export interface EvaluateManifestsOptions {
  /**
   * Honour acknowledgement annotations on the manifests: set it only when they were written by a run of the pack
   * on the App (`annotateAcknowledgements`), which fails on annotations it did not write itself.
   *
   * @default false - every acknowledgement annotation is finding ZT-ACK1
   */
  readonly trustAnnotations?: boolean;
}

/** A manifest to check, with where it came from and which acknowledgements apply to it. */
interface Subject {
  readonly manifest: any;
  readonly path?: string;
  /** The construct acknowledgement of a rule (and finding fingerprint) in effect for the object. */
  readonly acknowledgement: (id: string, fingerprint?: string) => ComplianceAcknowledgementSource | undefined;
  /** Whether an acknowledgement annotation on the manifest counts (it was written by the pack, or trusted). */
  readonly annotation: 'none' | 'own' | 'trusted' | 'untrusted';
}

/**
 * A subject from the construct tree. A fleet has one per object, alive for the whole evaluation, and its path and
 * acknowledgements are only read for an object with a finding: they are looked up then, not held.
 */
class ObjectSubject implements Subject {
  public constructor(
    public readonly manifest: any,
    private readonly object: ApiObject,
    public readonly annotation: Subject['annotation'],
  ) {}

  public get path(): string {
    return this.object.node.path;
  }

  public acknowledgement(id: string, fingerprint?: string): ComplianceAcknowledgementSource | undefined {
    return Compliance.of(this.object)._sourceFor(id, fingerprint);
  }
}

const ACK_RULE = 'ZT-ACK1';

/**
 * The least-privilege rules (`src/compliance/RULES.md`) run over resolved manifests, after cdk-nag. It reads
 * manifests only, so it checks this library's constructs, cdk8s-plus objects, raw `ApiObject`s and `Include`d
 * YAML alike; the items of a `kind: List` are checked as objects of their own.
 */
export class CompliancePack {
  /**
   * Runs the pack whenever `scope` (an App or a Chart) synthesizes: unacknowledged errors fail synthesis with one
   * block per finding (rule and message, object and construct path, field, fix). Apply it to the App when related objects (a Namespace
   * and its NetworkPolicy) live in different charts.
   */
  public static applyTo(scope: IConstruct, props: CompliancePackProps = {}): CompliancePack {
    const pack = new CompliancePack(props);
    if (props.annotateAcknowledgements) ANNOTATING.add(scope);
    let lastWarnings = '';
    // cdk8s prefixes each validation error with the path of the construct that holds the validation: a child named
    // for the pack reads better than the App's empty path
    let id = 'CompliancePack';
    for (let n = 2; scope.node.tryFindChild(id) !== undefined; n++) id = `CompliancePack${n}`;
    new Construct(scope, id).node.addValidation({
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
        return failing.length === 0 ? [] : [failureText(failing)];
      },
    });
    return pack;
  }

  /**
   * Whether acknowledgement annotations on `construct`'s objects were written by a pack run: a pack applied to it
   * or an ancestor with `annotateAcknowledgements`, which fails synthesis on annotations it did not write.
   *
   * @internal
   */
  public static _annotates(construct: IConstruct): boolean {
    return construct.node.scopes.some(s => ANNOTATING.has(s));
  }

  /** The metadata of every rule, in report order. */
  public static get rules(): ComplianceRuleInfo[] {
    return ALL_RULES.map(({ id, level, message, explanation, fix, anchors, beyondAnchors }) =>
      ({ id, level, message, explanation, fix, anchors: [...anchors], ...beyondAnchors !== undefined ? { beyondAnchors } : {} }));
  }

  private readonly enabled: readonly RuleDefinition[];
  /** The enabled rules that judge every kind, and those that judge each kind met so far (`rulesFor`). */
  private readonly everyKind: readonly RuleDefinition[];
  private readonly byKind = new Map<string, readonly RuleDefinition[]>();
  private readonly trusted: readonly string[];

  public constructor(props: CompliancePackProps = {}) {
    const excluded = props.excludeRules ?? [];
    const unknown = excluded.filter(id => !ALL_RULES.some(r => r.id === id));
    if (unknown.length > 0) {
      throw new ValidationError(`'excludeRules' (${unknown.join(', ')}) names no compliance rule; use ids such as ${ALL_RULES[0].id}`);
    }
    this.enabled = ALL_RULES.filter(r => !excluded.includes(r.id));
    this.everyKind = this.enabled.filter(r => r.kinds === undefined);
    this.trusted = (props.trustAnnotatedAcknowledgements ?? []).map((p, i) => {
      if (typeof p !== 'string' || p.trim() === '' || p !== p.trim() || p.startsWith('/') || p.endsWith('/')) {
        throw new ValidationError(`'trustAnnotatedAcknowledgements[${i}]' (${JSON.stringify(p)}) must be a construct path such as "vendor/eso-install", without leading or trailing '/'`);
      }
      return p;
    });
  }

  /**
   * Checks every `ApiObject` under `scope` (and the items of `kind: List` objects). Construct acknowledgements
   * apply; acknowledgement annotations only where the pack wrote them or `trustAnnotatedAcknowledgements` names
   * the object's path.
   *
   * @throws when a `trustAnnotatedAcknowledgements` entry names no object under `scope`
   */
  public evaluate(scope: IConstruct): ComplianceReport {
    // one walk of the tree (findAll includes the scope itself): objects to check and acknowledgements to list
    const constructs = scope.node.findAll();
    const objects = constructs.filter((c): c is ApiObject => ApiObject.isApiObject(c));
    const unmatched = this.trusted.filter(t => !objects.some(o => isUnder(o.node.path, t)));
    if (unmatched.length > 0) {
      throw new ValidationError(`'trustAnnotatedAcknowledgements' entries ${unmatched.map(t => JSON.stringify(t)).join(', ')} match no object under ${scope.node.path || 'the app'}; name construct paths such as ${JSON.stringify(objects[0]?.node.path ?? 'chart/object')}`, scope);
    }
    const subjects: Subject[] = [];
    for (const object of objects) {
      // within Synthesis this render is the one that goes to the output
      const rendered = Synthesis._render(object);
      const trusted = this.trusted.length > 0 && this.trusted.some(t => isUnder(object.node.path, t));
      for (const manifest of itemsOf(rendered)) {
        const written = manifest === rendered ? WRITTEN.get(object) : undefined;
        subjects.push(new ObjectSubject(manifest, object, annotationStatus(manifest, trusted, written)));
      }
    }
    const records = new Map<string, AckUse>();
    for (const c of constructs) {
      for (const source of Compliance.of(c)._own()) records.set(ackKey(source), { source, covers: new Set() });
    }
    return this.run(subjects, records);
  }

  /**
   * Checks plain manifests (e.g. parsed YAML, with the items of `kind: List` objects). No construct
   * acknowledgement reaches them; acknowledgement annotations count only with `trustAnnotations`.
   */
  public evaluateManifests(manifests: any[], options: EvaluateManifestsOptions = {}): ComplianceReport {
    const trusted = options.trustAnnotations ?? false;
    return this._evaluateManifests(manifests, () => trusted);
  }

  /**
   * `evaluateManifests` with a decision per manifest on whether its acknowledgement annotation counts.
   *
   * @internal
   */
  public _evaluateManifests(manifests: any[], trusted: (manifest: any) => boolean): ComplianceReport {
    return this.run(manifests.flatMap(m => itemsOf(m).map(manifest => ({
      manifest,
      acknowledgement: () => undefined,
      annotation: annotationStatus(manifest, trusted(m), undefined),
    }))), new Map());
  }

  private run(subjects: Subject[], records: Map<string, AckUse>): ComplianceReport {
    const manifests = subjects.map(s => s.manifest);
    const findings: ComplianceFinding[] = [];
    const annotationUses = new Map<string, AnnotationUse>();
    for (const subject of subjects) {
      const resource = refOf(subject.manifest);
      const annotated = subject.annotation === 'trusted' ? annotatedAcknowledgements(subject.manifest) : undefined;
      const acknowledgement = (rule: RuleDefinition, detail: string): { reason: string; use: { covers: Set<string> } } | undefined => {
        const id = rule.id;
        const source = subject.acknowledgement(id, fingerprintOf(detail));
        if (source !== undefined) {
          // an acknowledgement made above the evaluated scope is listed once it covers something
          let use = records.get(ackKey(source));
          if (use === undefined) records.set(ackKey(source), use = { source, covers: new Set() });
          return { reason: source.reason, use };
        }
        // an annotation cannot acknowledge the rule that judges annotations, nor name the value of a credential finding
        const entry = id === ACK_RULE || rule.acknowledgedByFingerprint ? undefined : annotated?.valid.find(a => a.id === id);
        if (entry === undefined) return undefined;
        const key = `${subject.path ?? resource}\n${id}\n${entry.reason}`;
        let use = annotationUses.get(key);
        if (use === undefined) annotationUses.set(key, use = { id, reason: entry.reason, madeOn: subject.path ?? resource, covers: new Set() });
        return { reason: entry.reason, use };
      };
      for (const rule of this.rulesFor(subject.manifest)) {
        const details = this.details(rule, subject, annotated, manifests);
        // an index loop: a for-of here allocated an iterator result per check once the shared empty list was in play
        for (let i = 0; i < details.length; i++) {
          const detail = details[i];
          const ack = acknowledgement(rule, detail);
          ack?.use.covers.add(resource);
          findings.push({
            ruleId: rule.id,
            level: rule.level,
            message: rule.message,
            // a finding is printed and stored: a credential a rule quotes (a URL, a value) is masked
            detail: redactCredentials(detail),
            fix: rule.fix,
            resource,
            ...subject.path !== undefined ? { path: subject.path } : {},
            ...ack !== undefined ? { acknowledgedReason: ack.reason } : {},
          });
        }
      }
    }
    const acknowledgements: ComplianceAcknowledgementRecord[] = [
      ...[...records.values()].map(({ source, covers }) => ({
        ruleId: source.id,
        reason: source.reason,
        source: source.source,
        madeOn: source.construct.node.path || '(app)',
        covers: [...covers],
        ...source.appliesTo ? { appliesTo: [...source.appliesTo] } : {},
      })),
      ...[...annotationUses.values()].map(({ id, reason, madeOn, covers }) => ({
        ruleId: id, reason, source: `annotation ${Compliance.ANNOTATION}`, madeOn, covers: [...covers],
      })),
    ];
    return new ComplianceReport(findings, acknowledgements);
  }

  /**
   * The enabled rules that judge a manifest of this kind, in report order: those declaring its kind and those that
   * judge every kind. The rest would return NOT_APPLICABLE (see `RuleDefinition.kinds`).
   */
  private rulesFor(manifest: any): readonly RuleDefinition[] {
    const key = kindKeyOf(manifest);
    if (key === undefined) return this.everyKind;
    let rules = this.byKind.get(key);
    if (rules === undefined) {
      rules = this.enabled.filter(r => r.kinds === undefined || r.kinds.includes(key));
      // kinds are few; a crafted input of endless made-up kinds is not remembered past a bound
      if (this.byKind.size < KINDS_REMEMBERED) this.byKind.set(key, rules);
    }
    return rules;
  }

  /** The findings of one rule on one subject; ZT-ACK1 depends on whether the subject's annotation is trusted. */
  private details(rule: RuleDefinition, subject: Subject, annotated: AnnotatedAcknowledgements | undefined, manifests: any[]): readonly string[] {
    if (rule.id !== ACK_RULE) return this.check(rule, subject.manifest, manifests);
    switch (subject.annotation) {
      case 'untrusted': return this.check(rule, subject.manifest, []);
      case 'trusted': return [
        ...annotated!.malformed !== undefined ? [`acknowledgement annotation: ${annotated!.malformed}`] : [],
        ...annotated!.problems.map(p => `acknowledgement annotation entry ${p}`),
        ...annotated!.valid.filter(a => !ALL_RULES.some(r => r.id === a.id) || a.id === ACK_RULE)
          .map(a => `acknowledgement annotation entry ${a.id}: ${a.id === ACK_RULE ? 'cannot be acknowledged by annotation' : 'names no compliance rule'}`),
      ];
      default: return NO_FINDINGS;
    }
  }

  /** A rule that throws is a finding, never swallowed (as in cdk-nag). */
  private check(rule: RuleDefinition, manifest: any, manifests: any[]): readonly string[] {
    try {
      const result = rule.check(manifest, manifests);
      return result.compliance === RuleCompliance.NON_COMPLIANT ? result.findings : NO_FINDINGS;
    } catch (error) {
      return [`rule failed to evaluate: ${error instanceof Error ? error.message : String(error)}`];
    }
  }
}

/** Distinct kinds a pack remembers its rules for (a real output has a few dozen). */
const KINDS_REMEMBERED = 1024;

/** What a rule found on an object it passes: one array for the million or so checks of a large fleet. */
const NO_FINDINGS: readonly string[] = [];

/** How far an acknowledgement reaches, for the report. */
interface AckUse {
  readonly source: ComplianceAcknowledgementSource;
  /** The objects whose findings it acknowledged, in the order first met. */
  readonly covers: Set<string>;
}

interface AnnotationUse {
  readonly id: string;
  readonly reason: string;
  readonly madeOn: string;
  readonly covers: Set<string>;
}

function ackKey(source: ComplianceAcknowledgementSource): string {
  return `${source.construct.node.path}\n${source.id}\n${source.source}\n${source.reason}\n${source.appliesTo?.join(',') ?? ''}`;
}

/** Scopes a pack annotates (`annotateAcknowledgements`), for `_annotates`. */
const ANNOTATING = new WeakSet<IConstruct>();

/** The annotation values the pack wrote itself (`annotateAcknowledgements`), by object. */
const WRITTEN = new WeakMap<ApiObject, string>();

function annotationStatus(manifest: any, trusted: boolean, written: string | undefined): Subject['annotation'] {
  const value = manifest?.metadata?.annotations?.[Compliance.ANNOTATION];
  if (value === undefined) return 'none';
  if (written !== undefined && value === written) return 'own';
  return trusted ? 'trusted' : 'untrusted';
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The objects a manifest stands for: itself, or the items of a list (`kind: List` or any `<Kind>List` with
 * `items`), recursively, as kubectl and Argo CD apply each item on its own.
 */
export function itemsOf(manifest: any): any[] {
  if (!isObject(manifest) || typeof manifest.kind !== 'string' || !manifest.kind.endsWith('List') || !Array.isArray(manifest.items)) {
    return [manifest];
  }
  return manifest.items.flatMap(itemsOf);
}

/** One error for cdk8s to print: a headline, then a block per finding, indented under cdk8s's own line. */
function failureText(failing: ComplianceFinding[]): string {
  const headline = `${failing.length} finding(s) fail synthesis`;
  return `${headline}\n\n${findingBlocks(failing).split('\n').map(l => (l === '' ? l : `    ${l}`)).join('\n')}\n`;
}

function line(f: ComplianceFinding): string {
  return `${f.path ? `[${f.path}] ` : ''}${f.ruleId}: ${f.message}: ${f.detail} (${f.resource}; fix: ${f.fix})${f.level === ComplianceLevel.WARNING ? ' (warning)' : ''}`;
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
      const value = JSON.stringify(Object.fromEntries(Object.keys(acks).sort(compare).map(k => [k, acks[k]])));
      c.metadata.addAnnotation(Compliance.ANNOTATION, value);
      WRITTEN.set(c, value);
      Synthesis._changed(c);
    }
  }
}

/** Code-unit order, the same under every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
