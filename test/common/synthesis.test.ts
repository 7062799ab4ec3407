import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, JsonPatch, Lazy, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Synthesis } from '../../src/common';
import { _objectRenderEnabled } from '../../src/common/object-render';
import { Compliance, CompliancePack } from '../../src/compliance';

/** An App with a few charts, one depending on another (which makes cdk8s reorder them). */
function app(props: AppProps = {}): { app: App; charts: Chart[]; validations: () => number } {
  const a = new App(props);
  let count = 0;
  a.node.addValidation({ validate: () => { count++; return []; } });
  const later = new Chart(a, 'later', { namespace: 'team-b' });
  new kplus.ServiceAccount(later, 'sa', { metadata: { name: 'b' } });
  const earlier = new Chart(a, 'earlier', { namespace: 'team-a' });
  new kplus.ServiceAccount(earlier, 'sa', { metadata: { name: 'a' } });
  const cm = new kplus.ConfigMap(earlier, 'cm', { data: { k: 'v' } });
  new ApiObject(earlier, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' } }).node.addDependency(cm);
  later.addDependency(earlier);
  return { app: a, charts: [later, earlier], validations: () => count };
}

describe('Synthesis', () => {
  test('synthYaml writes what app.synthYaml() writes, byte for byte, validating the App once', () => {
    const ours = app();
    const yaml = Synthesis.synthYaml(ours.app);
    expect(ours.validations()).toBe(1);
    const stock = app();
    expect(yaml).toBe(stock.app.synthYaml());
    // stock cdk8s validates once up front and once more per chart
    expect(stock.validations()).toBe(3);
    expect(yaml.indexOf('name: a')).toBeLessThan(yaml.indexOf('name: b'));
  });

  test('prepares the App through its smallest top-level chart and renders the others once, in one pass', () => {
    const build = () => {
      const a = new App();
      // a shared chart first, with many objects (as a fleet's Vault-as-code chart), then small tenant charts
      const shared = new Chart(a, 'shared', { namespace: 'shared' });
      for (let i = 0; i < 30; i++) new ApiObject(shared, `cm${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${i}` } });
      for (const t of ['t1', 't2']) {
        const tenant = new Chart(a, t, { namespace: t });
        new ApiObject(tenant, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { k: t } });
        new ApiObject(tenant, 'cm2', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm2' } });
      }
      return a;
    };
    // the one-pass render's self-check (run once per process) renders its probes with toJson()
    expect(_objectRenderEnabled()).toBe(true);
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    let yaml: string;
    try {
      yaml = Synthesis.synthYaml(build());
      // cdk8s's toJson() ran for the two objects of chart t1 only: the 32 others were rendered in one pass
      expect(spy.mock.contexts.map(o => (o as ApiObject).node.path)).toEqual(['t1/cm', 't1/cm2']);
    } finally {
      spy.mockRestore();
    }
    expect(yaml).toBe(build().synthYaml());
  });

  test('appManifests gives each chart what chart.toJson() gives, in dependency order', () => {
    const { app: a } = app();
    const charts = Synthesis.appManifests(a);
    expect(charts.map(c => c.chart.node.id)).toEqual(['earlier', 'later']);
    for (const c of charts) expect(c.manifests).toEqual(c.chart.toJson());
    expect(Synthesis.appManifests(new App())).toEqual([]);
  });

  test('chartManifests keeps the order given and validates each App once', () => {
    const first = app();
    const second = app();
    const result = Synthesis.chartManifests([...first.charts, second.charts[1]]);
    expect(result.map(c => c.chart)).toEqual([...first.charts, second.charts[1]]);
    expect([first.validations(), second.validations()]).toEqual([1, 1]);
    for (const c of result) expect(c.manifests).toEqual(c.chart.toJson());
  });

  test('the compliance pack\'s renders are reused, and objects it annotates are rendered again', () => {
    const build = () => {
      const a = new App();
      // the first chart is rendered by chart.toJson() itself; the annotated objects sit in a later one
      new kplus.ServiceAccount(new Chart(a, 'first'), 'sa', { metadata: { name: 'x' } });
      const chart = new Chart(a, 'stores');
      for (const name of ['acknowledged', 'other']) {
        const store = new ApiObject(chart, name, {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ClusterSecretStore',
          metadata: { name },
          spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', auth: { tokenSecretRef: { name: 't', key: 'k' } } } } },
        });
        Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns this store' });
        Compliance.of(store).acknowledge({ id: 'ZT-ESO2', reason: 'bootstrap token, rotated by hand' });
      }
      CompliancePack.applyTo(a, { annotateAcknowledgements: true, logWarnings: false });
      return a;
    };
    const yaml = Synthesis.synthYaml(build());
    expect(yaml).toContain(Compliance.ANNOTATION);
    expect(yaml).toBe(build().synthYaml());
  });

  test('fails: an invalid App yields nothing', () => {
    const chart = Testing.chart();
    chart.node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => Synthesis.synthYaml(chart.node.root as App)).toThrow(/Validation failed with the following errors:\n {2}\[test\] broken on purpose/);
  });
});

function caught(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** Every file under `dir` (path relative to it → bytes as text), hidden files included. */
function tree(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [name, text] of tree(file, `${prefix}${entry.name}/`)) files.set(name, text);
    else files.set(`${prefix}${entry.name}`, fs.readFileSync(file, 'utf8'));
  }
  return new Map([...files].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/**
 * Runs `build` twice, into two fresh output folders: once through Synthesis.synth, once through app.synth(); returns
 * both file trees and how often the first App validated.
 */
function bothWays(build: (props: AppProps) => { app: App; validations?: () => number }, props: AppProps = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  try {
    const ours = build({ ...props, outdir: path.join(root, 'ours') });
    Synthesis.synth(ours.app);
    const stock = build({ ...props, outdir: path.join(root, 'stock') });
    stock.app.synth();
    return { ours: tree(path.join(root, 'ours')), stock: tree(path.join(root, 'stock')), validations: ours.validations?.() };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Two independent charts with objects of the same kind and name in each (FILE_PER_RESOURCE overwrites one). */
function independent(props: AppProps) {
  const a = new App(props);
  for (const id of ['one', 'two']) {
    const chart = new Chart(a, id);
    new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'shared-name' }, data: { chart: id } });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `raw-${id}` } });
  }
  new Chart(a, 'empty');
  return { app: a };
}

/**
 * Forty charts of three objects, two of them named alike in every chart: more files than Synthesis.synth writes in
 * place, so most go through its writer thread, and under FILE_PER_RESOURCE the same file is written forty times
 * (the last chart's object must win, as with app.synth()).
 */
function many(props: AppProps) {
  const a = new App(props);
  for (let i = 0; i < 40; i++) {
    const chart = new Chart(a, `chart-${i}`);
    new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'shared-name' }, data: { chart: String(i) } });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `raw-${i}` } });
    new ApiObject(chart, 'other', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `other-${i}` } });
  }
  return { app: a };
}

/**
 * Seventy charts: enough for Synthesis.synth to create the chart files while the App is validated. With `linked`, an
 * object of the last chart depends on one of the first, which numbers the files only once the App is prepared (the
 * files created under the plain names must go again).
 */
function fleet(props: AppProps, linked = false) {
  const a = new App(props);
  const charts = Array.from({ length: 70 }, (_, i) => new Chart(a, `tenant-${i}`, { namespace: `tenant-${i}` }));
  const objects = charts.map((chart, i) => new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { i: String(i) } }));
  if (linked) objects[69].node.addDependency(objects[0]);
  return { app: a };
}

/** A chart nesting another (cdk8s numbers the output), and a construct whose kind and rendered kind differ. */
function nested(props: AppProps) {
  const a = new App(props);
  const outer = new Chart(a, 'outer');
  new kplus.ServiceAccount(outer, 'sa', { metadata: { name: 'outer' } });
  const inner = new Chart(outer, 'inner');
  const raw = new ApiObject(inner, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before-patch' } });
  // an escape hatch renames the object: FOLDER_PER_CHART_FILE_PER_RESOURCE still names the file from the construct
  raw.addJsonPatch(JsonPatch.replace('/metadata/name', 'after-patch'));
  return { app: a };
}

/**
 * Charts that depend on each other only through their constructs (no chart-level dependency): an object of one
 * chart on an object of another, and a plain construct of a third on a construct of the first (cdk8s numbers them).
 */
function constructLevel(props: AppProps) {
  const a = new App(props);
  const consumer = new Chart(a, 'consumer');
  const reader = new ApiObject(consumer, 'reader', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'reader' } });
  const provider = new Chart(a, 'provider');
  const sa = new kplus.ServiceAccount(provider, 'sa', { metadata: { name: 'provider' } });
  reader.node.addDependency(sa);
  const group = new Construct(new Chart(a, 'grouped'), 'group');
  new ApiObject(group, 'inner', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'inner' } });
  group.node.addDependency(reader);
  return { app: a };
}

describe('Synthesis.synth: the files app.synth() writes', () => {
  const types = [
    YamlOutputType.FILE_PER_APP,
    YamlOutputType.FILE_PER_CHART,
    YamlOutputType.FILE_PER_RESOURCE,
    YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  ];
  const builds = {
    'dependent': app,
    independent,
    nested,
    many,
    'construct-level dependent': constructLevel,
    'seventy': fleet,
    'seventy construct-level dependent': (props: AppProps) => fleet(props, true),
  };
  for (const type of types) {
    for (const [shape, build] of Object.entries(builds)) {
      test(`${YamlOutputType[type]}, ${shape} charts: the same files, byte for byte`, () => {
        const { ours, stock } = bothWays(build, { yamlOutputType: type });
        expect(ours.size).toBeGreaterThan(0);
        expect([...ours.keys()]).toEqual([...stock.keys()]);
        expect(ours).toEqual(stock);
      });
    }
  }

  test('seventy charts, numbered once the App is prepared: only the numbered files are left', () => {
    const { ours, stock } = bothWays(props => fleet(props, true), {});
    expect([...ours.keys()].every(name => /^\d{4}-tenant-\d+\.k8s\.yaml$/.test(name))).toBe(true);
    expect(ours.size).toBe(70);
    expect(ours).toEqual(stock);
  });

  test('fails: seventy charts and an invalid App leave the folder as it was (created files deleted, others kept)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-fail-'));
    try {
      fs.writeFileSync(path.join(outdir, 'tenant-3.k8s.yaml'), 'from an earlier run');
      const { app: a } = fleet({ outdir });
      a.node.addValidation({ validate: () => ['invalid on purpose'] });
      expect(() => Synthesis.synth(a)).toThrow(/invalid on purpose/);
      expect(tree(outdir)).toEqual(new Map([['tenant-3.k8s.yaml', 'from an earlier run']]));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails: seventy charts and one that cannot render: the same files as app.synth() leaves', () => {
    const build = (props: AppProps) => {
      const built = fleet(props);
      new ApiObject(built.app.node.findChild('tenant-40') as Chart, 'broken', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'broken' },
        data: Lazy.any({ produce: () => { throw new Error('render failed on purpose'); } }),
      });
      return built;
    };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-fail-'));
    try {
      const ours = build({ outdir: path.join(root, 'ours') }).app;
      const stock = build({ outdir: path.join(root, 'stock') }).app;
      expect(() => Synthesis.synth(ours)).toThrow(/render failed on purpose/);
      expect(() => stock.synth()).toThrow(/render failed on purpose/);
      const written = tree(path.join(root, 'ours'));
      // the charts before the broken one, written; no empty file created for the ones after it
      expect(written.size).toBe(40);
      expect(written).toEqual(tree(path.join(root, 'stock')));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('charts that depend on each other only through their constructs are numbered as cdk8s numbers them', () => {
    const { ours, stock } = bothWays(constructLevel, {});
    expect([...ours.keys()]).toEqual(['0000-provider.k8s.yaml', '0001-consumer.k8s.yaml', '0002-grouped.k8s.yaml']);
    expect(ours).toEqual(stock);
  });

  test('dependent charts are numbered, a custom extension and the construct metadata file are kept', () => {
    const { ours, stock, validations } = bothWays(app, { outputFileExtension: '.yml', recordConstructMetadata: true });
    expect([...ours.keys()]).toEqual(['0000-earlier.yml', '0001-later.yml', 'construct-metadata.json']);
    expect(ours).toEqual(stock);
    expect(validations).toBe(1);
  });

  test('the compliance pack runs once and its annotations reach the files', () => {
    const build = (props: AppProps) => {
      const a = new App(props);
      const store = new ApiObject(new Chart(a, 'stores'), 'store', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'platform' },
        spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', auth: { tokenSecretRef: { name: 't', key: 'k' } } } } },
      });
      Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns this store' });
      Compliance.of(store).acknowledge({ id: 'ZT-ESO2', reason: 'bootstrap token, rotated by hand' });
      new kplus.ServiceAccount(new Chart(a, 'other'), 'sa', { metadata: { name: 'x' } });
      let runs = 0;
      a.node.addValidation({ validate: () => { runs++; return []; } });
      CompliancePack.applyTo(a, { annotateAcknowledgements: true, logWarnings: false });
      return { app: a, validations: () => runs };
    };
    const { ours, stock, validations } = bothWays(build);
    expect(ours.get('stores.k8s.yaml')).toContain(Compliance.ANNOTATION);
    expect(ours).toEqual(stock);
    expect(validations).toBe(1);
  });

  test('an App without charts validates and writes what app.synth() writes', () => {
    let runs = 0;
    const build = (props: AppProps) => {
      const a = new App(props);
      a.node.addValidation({ validate: () => { runs++; return []; } });
      return { app: a };
    };
    const { ours, stock } = bothWays(build, { recordConstructMetadata: true });
    expect(ours).toEqual(stock);
    expect([...ours.keys()]).toEqual(['construct-metadata.json']);
    expect(runs).toBe(2);
  });

  test('fails: an invalid App writes no YAML, not even part of the single app file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-fail-'));
    try {
      const a = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_APP });
      new kplus.ServiceAccount(new Chart(a, 'fine'), 'sa');
      const broken = new Chart(a, 'broken');
      broken.node.addValidation({ validate: () => ['broken on purpose'] });
      expect(() => Synthesis.synth(a)).toThrow(/\[broken\] broken on purpose/);
      expect(fs.readdirSync(outdir)).toEqual([]);
      // Node prints an uncaught error's stack: a failed validation prints its report, not the frames under it
      const error = caught(() => Synthesis.synth(a));
      expect(error.stack).toBe(`Error: ${error.message}`);
      expect(caught(() => Synthesis.synthYaml(a)).stack).not.toMatch(/\n {4}at /);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails: a chart that cannot render leaves no partial single app file behind', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-fail-'));
    try {
      const a = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_APP });
      new kplus.ServiceAccount(new Chart(a, 'first'), 'sa');
      // nothing renders the second chart before it is written (no pack), so the first chart is already in the file
      new ApiObject(new Chart(a, 'second'), 'broken', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'broken' },
        data: Lazy.any({ produce: () => { throw new Error('render failed on purpose'); } }),
      });
      expect(() => Synthesis.synth(a)).toThrow(/render failed on purpose/);
      expect(fs.readdirSync(outdir)).toEqual([]);
      // any other error keeps its frames: they show where the bug is
      expect(caught(() => Synthesis.synth(a)).stack).toMatch(/\n {4}at /);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
