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
  /** The YAML of every chart of `app`, byte for byte what `app.synthYaml()` writes, validating the App once. */
  public static synthYaml(app: App): string {
    return Yaml.stringify(...Synthesis.appManifests(app).flatMap(c => c.manifests));
  }

  /** The manifests of every chart of `app`, in the order `app.synth()` writes them, validating the App once. */
  public static appManifests(app: App): ChartManifests[] {
    const first = app.charts[0];
    if (first === undefined) return [];
    // the first render resolves the App's dependencies (which may reorder its charts) and validates it
    const firstManifests = first.toJson();
    return app.charts.map(chart => ({ chart, manifests: chart === first ? firstManifests : render(chart) }));
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

  private constructor() {}
}

/** A chart's objects as cdk8s renders them (dependency order, objects of nested charts left to those charts). */
function render(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .filter(o => Chart.of(o) === chart)
    .map(o => o.toJson());
}
