import * as crypto from 'crypto';
import { App, Chart, Testing } from 'cdk8s';
import { celRuleErrors } from './cel-rules';
import { coreErrors, isClusterScopedCoreKind, isCoreGroup } from './core';
import { CrdVersion, DEFAULT_FEATURE_SET, findCrd } from './crds';
import { evaluateKyverno, KyvernoPolicy, loadKyvernoPolicies } from './kyverno';
import { CORE_NAME_RULES, metadataErrors } from './metadata';
import { recordSharedSkip, recordStat, SHARED_AVAILABLE, sharedPath } from './shared';
import { applyDefaults, listTypeErrors, schemaErrors, unknownFields } from './structural';

/** Where a finding comes from. */
export type FindingSource = 'api-version' | 'unknown-field' | 'schema' | 'list-type' | 'cel' | 'metadata' | 'core' | 'kyverno';

/**
 * One problem with one object. Errors fail `expectConformant`; warnings (e.g. a served but non-storage
 * version) and known quirks of upstream policies are reported without failing.
 */
export interface Finding {
  readonly severity: 'error' | 'warning' | 'quirk';
  readonly source: FindingSource;
  readonly message: string;
}

export interface ObjectReport {
  /** `kind namespace/name` of the object. */
  readonly ref: string;
  readonly findings: Finding[];
  /** The object after the CRD's defaults were applied (CRD kinds only). */
  readonly defaulted?: any;
}

export interface CheckOptions {
  /** OpenShift feature set whose CRD variant applies. @default 'Default' */
  readonly featureSet?: string;
}

let policies: KyvernoPolicy[] | undefined;

function kyvernoPolicies(): KyvernoPolicy[] {
  policies ??= loadKyvernoPolicies(sharedPath('policies', 'kyverno'));
  return policies;
}

/** Checks one object as the API server (and the Kyverno policies) would on create. */
export function checkObject(obj: any, options: CheckOptions = {}): ObjectReport {
  const findings: Finding[] = [];
  const add = (severity: Finding['severity'], source: FindingSource, messages: string[]) =>
    messages.forEach(message => findings.push({ severity, source, message }));
  const ref = `${obj?.kind} ${obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj?.metadata?.name}`;

  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') {
    add('error', 'api-version', ['apiVersion and kind are required']);
    return { ref, findings };
  }

  let defaulted: any;
  const lookup = findCrd(obj.apiVersion, obj.kind, options.featureSet ?? DEFAULT_FEATURE_SET);
  if (lookup.knownGroup) {
    const crd = servedVersion(obj, lookup.match, lookup.versions!, add);
    if (crd) {
      const { metadata, ...body } = obj;
      defaulted = applyDefaults(obj, crd.schema);
      add('error', 'unknown-field', unknownFields(body, crd.schema, ''));
      add('error', 'metadata', metadataErrors(metadata, { namespaced: crd.scope === 'Namespaced', nameRule: 'dns-subdomain' }));
      add('error', 'schema', schemaErrors(defaulted, crd.schema));
      add('error', 'list-type', listTypeErrors(defaulted, crd.schema, ''));
      add('error', 'cel', celRuleErrors(defaulted, crd.schema));
    }
  } else if (lookup.otherGroups?.length) {
    add('error', 'api-version', [`no CRD serves kind ${obj.kind} in ${obj.apiVersion}: ${obj.kind} belongs to ${lookup.otherGroups.join(', ')}`]);
  } else if (isCoreGroup(obj.apiVersion)) {
    const errors = coreErrors(obj);
    if (errors === undefined) {
      add('error', 'api-version', [`kubernetes-models has no ${obj.kind} in ${obj.apiVersion}`]);
    } else {
      add('error', 'core', errors);
      add('error', 'metadata', metadataErrors(obj.metadata, {
        namespaced: !isClusterScopedCoreKind(obj.kind),
        nameRule: CORE_NAME_RULES[obj.kind] ?? 'dns-subdomain',
      }));
    }
  } else {
    add('error', 'api-version', [`unknown kind ${obj.kind} in ${obj.apiVersion}: neither a core kind nor defined by a CRD in ../shared/crds`]);
  }

  for (const f of evaluateKyverno(obj, kyvernoPolicies())) {
    findings.push({ severity: f.quirk ? 'quirk' : 'error', source: 'kyverno', message: `${f.policy}/${f.rule}: ${f.message}${f.quirk ? ` (known quirk: ${f.quirk})` : ''}` });
  }
  return { ref, findings, defaulted };
}

function servedVersion(obj: any, match: CrdVersion | undefined, versions: CrdVersion[],
  add: (severity: Finding['severity'], source: FindingSource, messages: string[]) => void): CrdVersion | undefined {
  const served = versions.filter(v => v.served).map(v => `${v.group}/${v.version}`).join(', ');
  if (!match || !match.served) {
    add('error', 'api-version', [`${obj.apiVersion} ${obj.kind} is not served (served: ${served})`]);
    return undefined;
  }
  if (!match.storage) {
    const storage = versions.find(v => v.storage);
    add('warning', 'api-version', [`${obj.apiVersion} is served but not the storage version (${storage?.group}/${storage?.version})`]);
  }
  return match;
}

/** The manifests a chart, an app or a list of objects synthesizes. */
export function manifestsOf(subject: Chart | App | any[]): any[] {
  if (Array.isArray(subject)) return subject;
  if (subject instanceof App) return subject.charts.flatMap(c => c.toJson());
  return Testing.synth(subject);
}

export function errorsOf(reports: ObjectReport[]): string[] {
  return reports.flatMap(r => r.findings.filter(f => f.severity === 'error').map(f => `${r.ref}: [${f.source}] ${f.message}`));
}

/**
 * Asserts that every object a chart or app synthesizes conforms (no errors). Used by every construct test:
 * `expectConformant(chart)`. Where ../shared is absent it only synthesizes and records the skip (the run
 * ends with one line saying conformance was skipped). Records what it checked for
 * the run summary printed by the jest reporter (with how many warnings and known quirks were reported).
 */
export function expectConformant(subject: Chart | App | any[], options: CheckOptions = {}): ObjectReport[] {
  const manifests = manifestsOf(subject);
  if (!SHARED_AVAILABLE) {
    recordSharedSkip('check', `${manifests.length} object(s)`);
    return [];
  }
  const reports = manifests.map(m => checkObject(m, options));
  const errors = errorsOf(reports);
  if (errors.length > 0) {
    throw new Error(`${errors.length} conformance error(s):\n  ${errors.join('\n  ')}`);
  }
  // only objects asserted to conform are counted: a test that expects a failure is not a conformance figure
  recordRun(manifests, reports);
  return reports;
}

/**
 * Asserts the defaulting fixed point of a CRD object: applying the CRD's defaults changes nothing, so every
 * field the API server would default is already emitted (no Argo CD drift). Without ../shared it records a
 * skip, like `expectConformant`.
 */
export function expectDefaultsEmitted(obj: any, options: CheckOptions = {}): void {
  if (!SHARED_AVAILABLE) {
    recordSharedSkip('check', `${obj?.kind} defaults`);
    return;
  }
  expect(checkObject(obj, options).defaulted).toEqual(obj);
}

/** Appends what was checked to the run's stats, read by summary-reporter.js at the end of the run. */
function recordRun(manifests: any[], reports: ObjectReport[]): void {
  manifests.forEach((m, i) => recordStat({
    type: 'object',
    id: crypto.createHash('sha1').update(JSON.stringify(m)).digest('hex'),
    kind: `${m.apiVersion}/${m.kind}`,
    warnings: reports[i].findings.filter(f => f.severity === 'warning').length,
    quirks: reports[i].findings.filter(f => f.severity === 'quirk').length,
  }));
}

/** Records a named figure (such as an agreement percentage) for the run summary. */
export function recordFigure(name: string, value: string): void {
  recordStat({ type: 'figure', name, value });
}

export { statsDir } from './shared';
