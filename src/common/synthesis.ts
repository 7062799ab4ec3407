import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { dependencyOrder } from './dependency-order';
import { FileWriter } from './file-writer';
import { renderApiObject } from './object-render';
import { stringifyManifests } from './yaml-writer';

/** The manifests one chart synthesizes. */
export interface ChartManifests {
  /** The chart. */
  readonly chart: Chart;
  /** Its objects, in the order `chart.toJson()` gives them. */
  readonly manifests: any[];
}

/**
 * Synthesis that validates an App once. cdk8s 2.x renders every chart through `chart.toJson()`, and each call
 * resolves dependencies and runs every validation of the whole App again (the compliance pack included), so
 * `app.synth()` and `app.synthYaml()` cost O(charts × constructs): minutes for a fleet with a chart per tenant.
 * These helpers run that preparation once per App, then render each chart the way cdk8s does, and give the same
 * output. A chart subclass that overrides `toJson()` is rendered without its override, except the chart whose
 * `toJson()` prepares the App (the top-level chart with the fewest children).
 * Charts and objects come in cdk8s's dependency order, computed without cdk8s's graph objects, and the YAML is
 * printed by a writer that gives `Yaml.stringify`'s bytes without building the yaml package's document tree (on a
 * fleet of 1,000 tenants the two took a third of synthesis).
 */
export class Synthesis {
  /**
   * Writes the files `app.synth()` writes (for every `YamlOutputType`, the construct metadata file too), byte for
   * byte, validating the App once: use it in a `cdk8s synth` app's `main.ts` instead of `app.synth()`.
   *
   * It streams: each chart is rendered, serialized and written, then released, so a large App never holds the
   * YAML of more than one chart.
   */
  public static synth(app: App): void {
    fs.mkdirSync(app.outdir, { recursive: true });
    const files = new FileWriter(BACKGROUND_WRITES_FROM);
    // creating a file costs more than writing it: the chart files are created while the App is validated
    files.reserve(expectedChartFiles(app));
    let writer: OutputWriter | undefined;
    try {
      const rendered = Synthesis.forEachChart(app, (chart, objects, charts) => {
        // created after the first render, which resolved the dependencies that decide the chart file names
        writer ??= new OutputWriter(app, charts, files);
        writer.write(chart, objects);
      });
      // no chart: nothing to render, and app.synth() still validates the App (and may write construct metadata)
      if (!rendered) return app.synth();
      // every chart and resource file written (or the first write error thrown), then the single app file and metadata
      files.finish();
      writer?.finish();
    } catch (error) {
      files.abort();
      writer?.abort();
      throw readable(error);
    }
  }

  /**
   * The YAML of every chart of `app`, byte for byte what `app.synthYaml()` writes, validating the App once.
   * Each chart is serialized as soon as it is rendered, so the manifests of a large App are never all alive at
   * once.
   */
  public static synthYaml(app: App): string {
    const texts: string[] = [];
    try {
      const rendered = Synthesis.forEachChart(app, (_chart, objects) => {
        // Yaml.stringify joins documents with '---\n'; joining per chart the same way keeps the bytes
        if (objects.length > 0) texts.push(stringifyManifests(objects.map(o => o.manifest)));
      });
      return rendered ? texts.join('---\n') : app.synthYaml();
    } catch (error) {
      throw readable(error);
    }
  }

  /** The manifests of every chart of `app`, in the order `app.synth()` writes them, validating the App once. */
  public static appManifests(app: App): ChartManifests[] {
    const out: ChartManifests[] = [];
    Synthesis.forEachChart(app, (chart, objects) => out.push({ chart, manifests: objects.map(o => o.manifest) }));
    return out;
  }

  /**
   * The manifests of each chart, validating each App they belong to once (charts may come from several Apps),
   * in the order given.
   */
  public static chartManifests(charts: Chart[]): ChartManifests[] {
    const prepared = new Set<IConstruct>();
    return charts.map(chart => {
      const app = chart.node.root;
      if (prepared.has(app)) return { chart, manifests: renderChart(chart).map(o => o.manifest) };
      prepared.add(app);
      return { chart, manifests: chart.toJson() };
    });
  }

  /**
   * `object.toJson()`, reused within one synthesis of these helpers: the compliance pack renders every object
   * while the App validates, and the same render then goes to the output instead of a second one. Within a
   * synthesis it is rendered in one pass (see `renderApiObject`); outside one it is a plain `toJson()`.
   *
   * @internal
   */
  public static _render(object: ApiObject): any {
    if (renders === undefined) return object.toJson();
    let manifest = renders.get(object);
    if (manifest === undefined) {
      manifest = renderApiObject(object);
      renders.set(object, manifest);
    }
    return manifest;
  }

  /**
   * Forgets the reused render of an object that a validation changed (the compliance pack's acknowledgement
   * annotations), so the output renders it again.
   *
   * @internal
   */
  public static _changed(object: ApiObject): void {
    renders?.delete(object);
  }

  /**
   * Prepares the App once (a chart's `toJson()` resolves its dependencies, which may reorder its charts,
   * and validates it), then visits every chart in output order. Each chart's renders are released once visited.
   * Returns false, visiting nothing, when the App has no chart.
   */
  private static forEachChart(app: App, visit: (chart: Chart, objects: RenderedObject[], charts: readonly Chart[]) => void): boolean {
    const first = preparingChart(app);
    if (first === undefined) return false;
    const outer = renders;
    renders = new Map();
    try {
      // the first render resolves the App's dependencies and validates it; its manifests are kept, not rendered again
      const firstManifests = first.toJson();
      // app.charts, without building cdk8s's graph of the whole App
      const charts = dependencyOrder(app).filter((c): c is Chart => c instanceof Chart);
      for (const chart of charts) {
        const objects = chart === first ? objectsOf(chart).map((object, i) => ({ object, manifest: firstManifests[i] })) : renderChart(chart);
        // released as soon as the chart is visited: the output holds one chart at a time
        for (const o of objects) renders.delete(o.object);
        visit(chart, objects, charts);
      }
    } finally {
      renders = outer;
    }
    return true;
  }

  private constructor() {}
}

/**
 * A failed validation without its stack: cdk8s reports every validation error (the compliance pack's finding
 * blocks) in the message, and the frames under it (cdk8s's validate, our synthesis, the app's main.ts) only bury
 * the blocks when Node prints the uncaught error. Every other error keeps its stack.
 */
function readable(error: unknown): unknown {
  if (error instanceof Error && error.message.startsWith(VALIDATION_FAILED)) error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** How cdk8s 2.x starts the error of a failed validation (App.synth, App.synthYaml, Chart.toJson). */
const VALIDATION_FAILED = 'Validation failed with the following errors:';

/** The renders of the synthesis in progress (synthesis is synchronous, so there is at most one per App at a time). */
let renders: Map<ApiObject, any> | undefined;

/** An object of a chart and its manifest. */
interface RenderedObject {
  readonly object: ApiObject;
  readonly manifest: any;
}

/**
 * The chart whose `toJson()` prepares the App: any chart's does (cdk8s resolves and validates the whole App, then
 * renders that chart with `toJson()`, which costs two copies per object), so the top-level chart with the fewest
 * children, the first of them on a tie. A fleet's first chart can hold a fifth of its objects (a shared chart that
 * every tenant adds to); a tenant's chart holds a dozen.
 */
function preparingChart(app: App): Chart | undefined {
  let best: Chart | undefined;
  for (const child of app.node.children) {
    if (child instanceof Chart && (best === undefined || child.node.children.length < best.node.children.length)) best = child;
  }
  return best ?? app.charts[0];
}

/** A chart's objects in the order cdk8s renders them (dependency order, objects of nested charts left to those charts). */
function objectsOf(chart: Chart): ApiObject[] {
  return dependencyOrder(chart)
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .filter(o => Chart.of(o) === chart);
}

/** A chart's objects and their manifests, as `chart.toJson()` gives them. */
function renderChart(chart: Chart): RenderedObject[] {
  return objectsOf(chart).map(object => ({ object, manifest: Synthesis._render(object) }));
}

/**
 * Writes what `app.synth()` writes, one chart at a time, for the App's `yamlOutputType`: the same file names (cdk8s's
 * chart namers, a four-digit index when charts depend on each other), the same YAML, the construct metadata file.
 */
class OutputWriter {
  private readonly outdir: string;
  private readonly extension: string;
  private readonly type: YamlOutputType;
  private readonly indexed: boolean;
  private chartIndex = 0;
  /** FILE_PER_APP: the file being written, renamed into place at the end (cdk8s writes nothing on a failure). */
  private appFile?: { readonly temporary: string; readonly fd: number; empty: boolean };
  /** `recordConstructMetadata`: each object's name and construct path, in output order. */
  private readonly metadata?: Record<string, { path: string }>;

  /**
   * @param charts every chart of the App, once its dependencies are resolved
   * @param files chart and resource files: past a few dozen, written on a second thread while the next charts are
   * printed (the caller finishes or aborts it)
   */
  public constructor(app: App, charts: readonly Chart[], private readonly files: FileWriter) {
    this.outdir = app.outdir;
    this.extension = app.outputFileExtension;
    this.type = app.yamlOutputType;
    this.indexed = hasDependentCharts(charts);
    // a private setting of App (from its props or CDK8S_RECORD_CONSTRUCT_METADATA), read as app.synth() reads it
    if ((app as any).recordConstructMetadata === true) this.metadata = {};
  }

  public write(chart: Chart, objects: RenderedObject[]): void {
    if (this.metadata !== undefined) for (const { object } of objects) this.metadata[object.name] = { path: object.node.path };
    switch (this.type) {
      case YamlOutputType.FILE_PER_APP: return this.appendToApp(objects);
      case YamlOutputType.FILE_PER_CHART:
        return this.save(path.join(this.outdir, `${this.chartName(chart)}${this.extension}`), objects.map(o => o.manifest));
      case YamlOutputType.FILE_PER_RESOURCE:
        for (const { manifest } of objects) this.save(path.join(this.outdir, `${fileName(manifest.kind, manifest.metadata.name)}${this.extension}`), [manifest]);
        return;
      case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: {
        const folder = path.join(this.outdir, this.chartName(chart));
        fs.mkdirSync(folder, { recursive: true });
        // cdk8s names these files from the construct (its kind and metadata name), not from the rendered manifest
        for (const { object, manifest } of objects) this.save(path.join(folder, `${fileName(object.kind, object.metadata.name)}${this.extension}`), [manifest]);
        return;
      }
      default: return;
    }
  }

  /** Puts the single app file in place and writes the construct metadata, once the other files are written. */
  public finish(): void {
    if (this.appFile !== undefined) {
      fs.closeSync(this.appFile.fd);
      fs.renameSync(this.appFile.temporary, path.join(this.outdir, `app${this.extension}`));
    }
    if (this.metadata !== undefined) {
      fs.writeFileSync(path.join(this.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: this.metadata }));
    }
  }

  /** Drops a partly written FILE_PER_APP file, after a failure. */
  public abort(): void {
    if (this.appFile === undefined) return;
    fs.closeSync(this.appFile.fd);
    fs.rmSync(this.appFile.temporary, { force: true });
  }

  private appendToApp(objects: RenderedObject[]): void {
    if (this.appFile === undefined) {
      const temporary = path.join(this.outdir, `.app${this.extension}.${process.pid}.partial`);
      this.appFile = { temporary, fd: fs.openSync(temporary, 'w'), empty: true };
    }
    if (objects.length === 0) return;
    // one YAML stream: documents joined by '---\n', across charts as within one
    fs.writeSync(this.appFile.fd, `${this.appFile.empty ? '' : '---\n'}${stringifyManifests(objects.map(o => o.manifest))}`);
    this.appFile.empty = false;
  }

  private save(file: string, manifests: any[]): void {
    this.files.write(file, stringifyManifests(manifests));
  }

  private chartName(chart: Chart): string {
    return chartName(chart, this.indexed ? this.chartIndex++ : undefined);
  }
}

/** Files written in place before the rest go to a second thread: fewer are not worth starting one. */
const BACKGROUND_WRITES_FROM = 64;

/**
 * The chart files `app.synth()` will write, when they can be told before the App is prepared: one file per chart,
 * named after the chart, at least BACKGROUND_WRITES_FROM of them, and no chart nested in or depending on another
 * (which numbers the files). A dependency between constructs of two charts only shows once the App is prepared:
 * the files are then numbered, and the reserved names are deleted again unwritten.
 */
function expectedChartFiles(app: App): string[] {
  if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART) return [];
  const charts: Chart[] = [];
  const visit = (scope: IConstruct, inChart: boolean): boolean => {
    for (const child of scope.node.children) {
      const chart = child instanceof Chart;
      if (chart && inChart) return false;
      if (chart) charts.push(child);
      if (!visit(child, inChart || chart)) return false;
    }
    return true;
  };
  if (!visit(app, false) || charts.length < BACKGROUND_WRITES_FROM || hasDependentCharts(charts)) return [];
  return charts.map(chart => path.join(app.outdir, `${chartName(chart)}${app.outputFileExtension}`));
}

/** cdk8s's name for a chart's file or folder: its DNS label, after a four-digit index when charts are numbered. */
function chartName(chart: Chart, index?: number): string {
  const name = Names.toDnsLabel(chart);
  return index === undefined ? name : `${index.toString().padStart(4, '0')}-${name}`;
}

/** cdk8s's file name for one object: `<kind>.<name>` without characters outside [0-9a-zA-Z-_.]. */
function fileName(kind: unknown, name: unknown): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/**
 * Whether any chart depends on another (cdk8s then numbers chart files and folders in output order): a chart nests
 * a chart, or a construct depends on a construct of another chart. The first render resolved the App's dependencies,
 * which makes each of those a dependency of one chart on the other (a parent on its nested chart, the source's chart
 * on the target's), so the charts' own dependencies answer it without a walk of every construct.
 */
function hasDependentCharts(charts: readonly Chart[]): boolean {
  return charts.some(chart => chart.node.dependencies.some(d => Chart.of(d) !== chart));
}
