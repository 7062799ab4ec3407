// `npx projen bench`: synthesizes the multi-tenant fleet (examples/multi-tenant-fleet/fleet.ts) at 10, 100, 1,000
// and 3,000 tenants (median of 5 runs) and at 10,000 tenants (one run per path), along these paths:
//   (a) our constructs with the compliance pack, in memory (Synthesis.synthYaml),
//   (cli) the same App through the drop-in for `cdk8s synth` apps (Synthesis.synth: one file per chart, streamed),
//   (b) our constructs without the pack,
//   (c) the same final objects as plain ApiObjects in cdk8s Charts (the floor cdk8s sets),
//   (d) the same objects serialized with the yaml package (the serialization floor),
// and, where it finishes in reasonable time, (a) through stock app.synth(), which validates the App once per chart.
// Every run is a fresh node process (peak memory is per process) running compiled JavaScript. Before any figure is
// printed the outputs are compared: (a), (b), (c) and (cli) byte for byte, (d) as parsed objects.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart, Names, Yaml } from 'cdk8s';
import * as YAML from 'yaml';

const SIZES = [10, 100, 1000, 3000];
const LARGE = 10000;
const RUNS = 5;
/** The most objects App.synthYaml can take (it spreads them into one call's arguments). */
const SPREAD_LIMIT = 100000;
/** Objects per Chart on path (c). */
const CHART_OBJECTS = 10000;
/** Stock app.synth() runs every validation once per chart: quadratic, so it is measured at small sizes only. */
const STOCK_SIZES = [10, 100];
const PATHS = ['a', 'cli', 'b', 'c', 'd'] as const;
type PathName = typeof PATHS[number] | 'stock';
const LABELS: Record<PathName, string> = {
  a: '(a) constructs + compliance pack',
  cli: '(cli) (a) through Synthesis.synth, files',
  b: '(b) constructs, no pack',
  c: '(c) plain ApiObjects in Charts',
  d: '(d) yaml package only',
  stock: '(a) through stock app.synth()',
};

interface RunResult { readonly ms: number; readonly peakMb: number; readonly objects: number }

/** One measurement, in this (fresh) process: build and synthesize, timed; output written for comparison. */
function child(which: PathName, tenants: number, input: string, output: string): void {
  if (which === 'c' || which === 'd') return floor(which, input, output);
  // loaded here, so the floors (c, d) do not pay for loading the library
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../examples/resolve-library'); // the fleet imports 'cdk8s-zero-trust': the compiled src/index.js beside it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildFleet } = require('../examples/multi-tenant-fleet/fleet');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Synthesis } = require('../src/common/synthesis');
  const outdir = `${output}.d`;
  process.env.CDK8S_OUTDIR = outdir;
  const start = performance.now();
  const fleet = buildFleet({ tenants, compliance: which !== 'b' });
  if (which === 'cli' || which === 'stock') {
    if (which === 'cli') Synthesis.synth(fleet.app);
    else fleet.app.synth();
    report(performance.now() - start);
    // after the measurement: the chart files in output order, joined as synthYaml joins them
    fs.writeFileSync(output, chartFiles(fleet.app, outdir));
    fs.rmSync(outdir, { recursive: true, force: true });
  } else {
    const yaml: string = Synthesis.synthYaml(fleet.app);
    report(performance.now() - start);
    fs.writeFileSync(output, yaml);
  }
}

/** The floors: the final objects (parsed once, outside the measurement) through cdk8s alone, or yaml alone. */
function floor(which: 'c' | 'd', input: string, output: string): void {
  const manifests: any[] = JSON.parse(fs.readFileSync(input, 'utf8'));
  const start = performance.now();
  let yaml: string;
  if (which === 'c') {
    const app = new App();
    // charts of at most CHART_OBJECTS objects: App.synthYaml spreads a chart's objects into one call's arguments,
    // which overflows the stack at about 100,000 objects; the output is the same for any chunking
    let chart: Chart | undefined;
    manifests.forEach((m, i) => {
      if (i % CHART_OBJECTS === 0) chart = new Chart(app, `fleet${i / CHART_OBJECTS}`);
      new ApiObject(chart!, `o${i}`, m);
    });
    // App.synthYaml passes every document as one call's arguments, which overflows the stack past about 100,000
    // objects; there, the same steps for plain ApiObjects (no dependencies, no validations), chart by chart
    yaml = manifests.length <= SPREAD_LIMIT ? app.synthYaml() : app.charts.map(c => Yaml.stringify(...Object.values(c.toJson()))).join('---\n');
  } else {
    yaml = manifests.map(m => YAML.stringify(m)).join('---\n');
  }
  report(performance.now() - start);
  fs.writeFileSync(output, yaml);
}

/** The files app.synth() wrote (one per chart, numbered when charts depend on each other), in output order. */
function chartFiles(app: App, outdir: string): string {
  const names = fs.readdirSync(outdir);
  const numbered = names.every(n => /^\d{4}-/.test(n));
  const ordered = numbered ? [...names].sort() : app.charts.map(c => `${Names.toDnsLabel(c)}${app.outputFileExtension}`);
  return ordered.map(n => fs.readFileSync(path.join(outdir, n), 'utf8')).filter(t => t !== '').join('---\n');
}

function report(ms: number): void {
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, peakMb })}\n`);
}

function run(which: PathName, tenants: number, input: string, output: string): RunResult {
  const out = execFileSync(process.execPath, [__filename, 'child', which, String(tenants), input, output],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(out.trim().split('\n').pop()!);
  return { ...result, objects: documents(fs.readFileSync(output, 'utf8')).length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

type Results = Map<string, RunResult>;
const key = (p: PathName, n: number) => `${p}${n}`;

/** Measures every path at one size (`runs` runs each, median), after checking nothing about the outputs yet. */
function measure(dir: string, tenants: number, runs: number, results: Results): void {
  // the final objects (c) and (d) start from: what (b) synthesizes, parsed once outside any measurement
  const input = path.join(dir, `manifests-${tenants}.json`);
  const seed = path.join(dir, `seed-${tenants}.yaml`);
  run('b', tenants, '', seed);
  fs.writeFileSync(input, JSON.stringify(documents(fs.readFileSync(seed, 'utf8')).map(doc => YAML.parse(doc))));
  const outputs = new Map<PathName, string>();
  const paths: PathName[] = [...PATHS, ...STOCK_SIZES.includes(tenants) ? ['stock' as const] : []];
  for (const which of paths) {
    const output = path.join(dir, `${which}-${tenants}.yaml`);
    const all = Array.from({ length: which === 'stock' ? 1 : runs }, () => run(which, tenants, input, output));
    results.set(key(which, tenants), { ms: median(all.map(r => r.ms)), peakMb: median(all.map(r => r.peakMb)), objects: all[0].objects });
    outputs.set(which, output);
  }
  checkSameOutput(tenants, outputs);
  fs.rmSync(input);
  for (const file of [seed, ...outputs.values()]) fs.rmSync(file);
}

/** The same objects on every path: (a), (b), (c), (cli) and stock byte for byte, (d) as parsed objects. */
function checkSameOutput(tenants: number, outputs: Map<PathName, string>): void {
  const text = (p: PathName) => fs.readFileSync(outputs.get(p)!, 'utf8');
  const a = text('a');
  for (const p of outputs.keys()) {
    if (p !== 'a' && p !== 'd' && text(p) !== a) throw new Error(`${tenants} tenants: output of ${LABELS[p]} differs from ${LABELS.a}`);
  }
  // document by document, so that 10,000 tenants' output is never held parsed at once
  const [ours, floorDocs] = [documents(a), documents(text('d'))];
  const parsed = (doc: string) => JSON.stringify(YAML.parse(doc));
  const same = ours.length === floorDocs.length && ours.every((doc, i) => parsed(doc) === parsed(floorDocs[i]));
  if (!same) throw new Error(`${tenants} tenants: ${LABELS.d} parses to other objects than ${LABELS.a}`);
}

/** The YAML documents of a multi-document text as cdk8s and the yaml package join them (`---` on a line of its own). */
function documents(text: string): string[] {
  return text.split(/^---\n/m).filter(doc => doc.trim() !== '');
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  const results: Results = new Map();
  const only = process.env.BENCH_SIZES?.split(',').map(Number);
  try {
    const sizes = [...SIZES, LARGE].filter(n => only === undefined || only.includes(n));
    for (const tenants of sizes) {
      measure(dir, tenants, tenants === LARGE ? 1 : RUNS, results);
      // the table so far after each size, so that a failure at a larger size does not lose what was measured
      // eslint-disable-next-line no-console
      console.log(`${print(results)}\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function print(results: Results): string {
  const sizes = [...SIZES, LARGE].filter(n => results.has(key('a', n)));
  const r = (p: PathName, n: number) => results.get(key(p, n))!;
  const cell = (p: PathName, n: number) => (results.has(key(p, n)) ? `${r(p, n).ms.toFixed(0)} ms, ${r(p, n).peakMb.toFixed(0)} MB` : '—');
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  const lines = [
    `fleet benchmark: median of ${RUNS} runs (one run at ${LARGE.toLocaleString('en-US')} tenants and for stock app.synth()), each in a fresh node process (${process.version}, ${os.cpus().length} cores)`,
    '',
    `| path | ${sizes.map(n => `${n} tenants (${r('a', n).objects} objects)`).join(' | ')} |`,
    `| --- | ${sizes.map(() => '---').join(' | ')} |`,
    ...[...PATHS, 'stock' as const].map(p => `| ${LABELS[p]} | ${sizes.map(n => cell(p, n)).join(' | ')} |`),
    '',
    `| ratio | ${sizes.join(' | ')} | goal |`,
    `| --- | ${sizes.map(() => '---').join(' | ')} | --- |`,
    `| time a/c | ${sizes.map(n => ratio(r('a', n).ms, r('c', n).ms)).join(' | ')} | ≤ 1.5 |`,
    `| peak memory a/c | ${sizes.map(n => ratio(r('a', n).peakMb, r('c', n).peakMb)).join(' | ')} | ≤ 1.5 |`,
    `| time cli/a | ${sizes.map(n => ratio(r('cli', n).ms, r('a', n).ms)).join(' | ')} | ≤ 1.1 at 1,000 |`,
    `| time b/c | ${sizes.map(n => ratio(r('b', n).ms, r('c', n).ms)).join(' | ')} | |`,
    `| time a/d | ${sizes.map(n => ratio(r('a', n).ms, r('d', n).ms)).join(' | ')} | |`,
    '',
  ];
  const growth = (p: PathName, from: number, to: number) =>
    (results.has(key(p, from)) && results.has(key(p, to)) ? r(p, to).ms / r(p, from).ms : NaN);
  for (const [from, to, goal] of [[100, 1000, 11], [1000, 3000, 3.5], [3000, LARGE, 3.33 * 1.15]] as const) {
    lines.push(`growth from ${from} to ${to} tenants: (a) ${growth('a', from, to).toFixed(1)}x (goal ≤ ${goal.toFixed(1)}x), (c) ${growth('c', from, to).toFixed(1)}x, (d) ${growth('d', from, to).toFixed(1)}x`);
  }
  const verdicts: [string, boolean][] = [
    ['time a/c ≤ 1.5', sizes.every(n => r('a', n).ms / r('c', n).ms <= 1.5)],
    ['peak memory a/c ≤ 1.5', sizes.every(n => r('a', n).peakMb / r('c', n).peakMb <= 1.5)],
    ['growth 100→1,000 ≤ 11x', !(growth('a', 100, 1000) > 11)],
    ['growth 1,000→3,000 ≤ 3.5x', !(growth('a', 1000, 3000) > 3.5)],
    ['cli within 10% of (a) at 1,000', !results.has(key('a', 1000)) || r('cli', 1000).ms <= 1.1 * r('a', 1000).ms],
  ];
  lines.push(`goals: ${verdicts.map(([goal, ok]) => `${goal} ${ok ? 'met' : 'MISSED'}`).join('; ')}`);
  lines.push('outputs: (a), (cli), (b), (c) and stock app.synth() byte-identical at every size they ran; (d) parses to the same objects');
  return lines.join('\n');
}

if (process.argv[2] === 'child') {
  child(process.argv[3] as PathName, Number(process.argv[4]), process.argv[5], process.argv[6]);
} else {
  main();
}
