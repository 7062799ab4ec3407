import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';

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
 * output. A chart subclass that overrides `toJson()` is rendered without its override, except the first chart.
 */
export class Synthesis {
  /**
   * The YAML of every chart of `app`, byte for byte what `app.synthYaml()` writes, validating the App once.
   * Each chart is serialized as soon as it is rendered, so the manifests of a large App are never all alive at
   * once.
   */
  public static synthYaml(app: App): string {
    const texts: string[] = [];
    Synthesis.forEachChart(app, (_chart, manifests) => {
      // Yaml.stringify joins documents with '---\n'; joining per chart the same way keeps the bytes
      if (manifests.length > 0) texts.push(Yaml.stringify(...manifests));
    });
    return texts.join('---\n');
  }

  /** The manifests of every chart of `app`, in the order `app.synth()` writes them, validating the App once. */
  public static appManifests(app: App): ChartManifests[] {
    const out: ChartManifests[] = [];
    Synthesis.forEachChart(app, (chart, manifests) => out.push({ chart, manifests }));
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
      if (prepared.has(app)) return { chart, manifests: render(chart) };
      prepared.add(app);
      return { chart, manifests: chart.toJson() };
    });
  }

  /**
   * `object.toJson()`, reused within one synthesis of these helpers: the compliance pack renders every object
   * while the App validates, and the same render then goes to the output instead of a second one. Outside a
   * synthesis it is a plain `toJson()`.
   *
   * @internal
   */
  public static _render(object: ApiObject): any {
    if (renders === undefined) return object.toJson();
    let manifest = renders.get(object);
    if (manifest === undefined) {
      manifest = object.toJson();
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

  private static forEachChart(app: App, visit: (chart: Chart, manifests: any[]) => void): void {
    // any chart will do for the first render, so the App's dependency graph is only built once, afterwards
    const first = app.node.children.find((c): c is Chart => c instanceof Chart) ?? app.charts[0];
    if (first === undefined) return;
    const outer = renders;
    renders = new Map();
    try {
      // the first render resolves the App's dependencies (which may reorder its charts) and validates it
      const firstManifests = first.toJson();
      for (const chart of app.charts) visit(chart, chart === first ? firstManifests : render(chart));
    } finally {
      renders = outer;
    }
  }

  private constructor() {}
}

/** The renders of the synthesis in progress (synthesis is synchronous, so there is at most one per App at a time). */
let renders: Map<ApiObject, any> | undefined;

/** A chart's objects as cdk8s renders them (dependency order, objects of nested charts left to those charts). */
function render(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .filter(o => Chart.of(o) === chart)
    .map(o => Synthesis._render(o));
}
