/**
 * The bypass corpus: attempts to get a least-privilege violation past the library, each through one route, and
 * legitimate least-privilege configurations that must pass. An attempt is caught when construction throws or
 * synthesis fails with an error finding of the expected rule; a legitimate configuration must synthesize with
 * the pack applied, without an error finding, and conform to the upstream CRDs.
 *
 * Each class file calls `bypassCorpus(...)`; the caught and passing counts per class are printed at the end of
 * `npx projen test` (the conformance summary's figures).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { Synthesis } from '../../../src/common/synthesis';
import { CompliancePack } from '../../../src/compliance';
import { expectConformant, recordFigure } from '../../conformance/harness';

/** How an attempt reaches the output. */
export enum Route {
  /** This library's constructs (a construct-time error counts as caught). */
  CONSTRUCT = 'construct',
  /** cdk8s-plus objects. */
  CDK8S_PLUS = 'cdk8s-plus',
  /** A raw `ApiObject`. */
  RAW = 'raw',
  /** YAML brought in with `Include`. */
  INCLUDE = 'include',
  /** `ApiObject.of(x).addJsonPatch(...)` after construction. */
  JSON_PATCH = 'json-patch',
  /** An object in a second chart of the App the pack is applied to. */
  SECOND_CHART = 'second-chart',
  /** An object added after `CompliancePack.applyTo`. */
  AFTER_APPLY = 'after-apply',
  /** The object as an item of a `kind: List`. */
  LIST = 'list',
}

export interface Attempt {
  /** What the attempt tries, e.g. `binding to the built-in admin ClusterRole`. */
  readonly name: string;
  readonly route: Route;
  /** Adds the attempt to `chart` (namespace `team-a`, in an App that gets the pack). */
  readonly build: (chart: Chart) => void;
  /**
   * The rule id whose error finding must fail synthesis (through `Route.CONSTRUCT`, the constructor refusing it
   * counts too), or a pattern of the error.
   */
  readonly caughtBy: string | RegExp;
}

export interface Legitimate {
  /** The least-privilege configuration, e.g. `RoleBinding to a Role reading one named Secret`. */
  readonly name: string;
  readonly build: (chart: Chart) => void;
}

/** The namespace of the chart every attempt and configuration is built in. */
export const NAMESPACE = 'team-a';

/** A raw object in `scope`. */
export function raw(scope: IConstruct, manifest: any, id?: string): ApiObject {
  return new ApiObject(scope as any, id ?? `${manifest.kind}-${manifest.metadata?.name ?? 'x'}`.toLowerCase(), manifest);
}

/** `manifests` written to a YAML file and brought in with `Include`. */
export function include(scope: IConstruct, manifests: any[], id = 'included'): Include {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-bypass-'));
  const file = path.join(dir, 'manifests.yaml');
  fs.writeFileSync(file, manifests.map(m => YAML.stringify(m)).join('---\n'));
  return new Include(scope as any, id, { url: file });
}

/** `manifests` as the items of one `kind: List` object. */
export function asList(scope: IConstruct, manifests: any[], id = 'list'): ApiObject {
  return new ApiObject(scope as any, id, { apiVersion: 'v1', kind: 'List', metadata: {}, items: manifests } as any);
}

/** JSON patches on the object of a construct (or on the object itself) after construction. */
export function patch(construct: IConstruct, ...patches: JsonPatch[]): void {
  ApiObject.of(construct).addJsonPatch(...patches);
}

/** A chart without a namespace in the App of `chart`, for cluster-scoped objects (they must not carry one). */
export function clusterChart(chart: Chart): Chart {
  return new Chart(chart.node.root as App, `cluster-${chart.node.root.node.children.length}`);
}

/** A second chart in the App of `chart`. */
export function secondChart(chart: Chart, namespace = NAMESPACE): Chart {
  return new Chart(chart.node.root as App, `second-${chart.node.root.node.children.length}`, { namespace });
}

/** Where an attempt ended: the error that caught it, or undefined when it synthesized. */
function attemptError(attempt: Attempt): string | undefined {
  const app = Testing.app();
  const chart = new Chart(app, 'tenant', { namespace: NAMESPACE });
  if (attempt.route === Route.AFTER_APPLY) CompliancePack.applyTo(app, { logWarnings: false });
  try {
    attempt.build(chart);
  } catch (e) {
    return `construct: ${(e as Error).message}`;
  }
  if (attempt.route !== Route.AFTER_APPLY) CompliancePack.applyTo(app, { logWarnings: false });
  try {
    Synthesis.synthYaml(app);
  } catch (e) {
    return `synth: ${(e as Error).message}`;
  }
  return undefined;
}

function caught(error: string | undefined, by: string | RegExp, route: Route): boolean {
  if (error === undefined) return false;
  if (typeof by !== 'string') return by.test(error);
  // through this library's constructs, the constructor refusing the attempt is the earliest catch
  if (route === Route.CONSTRUCT && error.startsWith('construct: ')) return true;
  // the expected rule's error finding: `[path] ZT-XXXn: ...` without the warning suffix
  return error.split('\n').some(l => l.includes(`${by}: `) && !l.endsWith('(warning)'));
}

/**
 * Defines the tests of one class of the corpus: each attempt must be caught as `caughtBy` says, each legitimate
 * configuration must synthesize with the pack and conform.
 */
export function bypassCorpus(className: string, attempts: Attempt[], legitimate: Legitimate[]): void {
  describe(`bypass corpus: ${className}`, () => {
    let caughtCount = 0;
    let passedCount = 0;

    test.each(attempts.map(a => [`${a.route}: ${a.name}`, a] as const))('refuses %s', (_name, attempt) => {
      const error = attemptError(attempt);
      if (!caught(error, attempt.caughtBy, attempt.route)) {
        throw new Error(`not caught by ${String(attempt.caughtBy)}: ${error === undefined ? 'it synthesized' : error}`);
      }
      caughtCount++;
    });

    test.each(legitimate.map(l => [l.name, l] as const))('accepts %s', (_name, config) => {
      const app = Testing.app();
      const chart = new Chart(app, 'tenant', { namespace: NAMESPACE });
      config.build(chart);
      const report = new CompliancePack().evaluate(app);
      expect(report.errors.map(f => `${f.ruleId} ${f.resource}: ${f.detail}`)).toEqual([]);
      CompliancePack.applyTo(app, { logWarnings: false });
      Synthesis.synthYaml(app);
      expectConformant(app);
      passedCount++;
    });

    afterAll(() => {
      recordFigure(`bypass corpus, ${className}`, `${caughtCount}/${attempts.length} attempts caught, ${passedCount}/${legitimate.length} legitimate configurations pass`);
    });
  });
}
