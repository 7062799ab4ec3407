// `npx projen bench`: synthesizes the multi-tenant fleet (examples/multi-tenant-fleet/fleet.ts) at 10, 100 and
// 1,000 tenants along four paths and prints the median of 5 runs of time and peak memory:
//   (a) our constructs with the compliance pack, (b) without it,
//   (c) the same final objects as plain ApiObjects in one cdk8s Chart (the floor cdk8s sets),
//   (d) the same objects serialized with the yaml package (the serialization floor).
// Every run is a fresh node process (peak memory is per process) running compiled JavaScript; the outputs of
// (a), (b) and (c) must be byte-identical and (d) must parse to the same objects, or the benchmark fails.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App, Chart } from 'cdk8s';
import * as YAML from 'yaml';

const SIZES = [10, 100, 1000];
const RUNS = 5;
const PATHS = ['a', 'b', 'c', 'd'] as const;
type PathName = typeof PATHS[number];
const LABELS: Record<PathName, string> = {
  a: '(a) constructs + compliance pack',
  b: '(b) constructs, no pack',
  c: '(c) plain ApiObjects in a Chart',
  d: '(d) yaml package only',
};

interface RunResult { readonly ms: number; readonly peakMb: number; readonly objects: number }

/** One measurement, in this (fresh) process: build and synthesize, timed; output written for comparison. */
function child(which: PathName | 'stock', tenants: number, input: string, output: string): void {
  let yaml: string;
  let objects: number;
  if (which === 'a' || which === 'b' || which === 'stock') {
    // loaded here, so the floors (c, d) do not pay for loading the library
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../examples/resolve-library'); // the fleet imports 'cdk8s-zero-trust': the compiled src/index.js beside it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildFleet } = require('../examples/multi-tenant-fleet/fleet');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Synthesis } = require('../src/common/synthesis');
    const start = performance.now();
    const fleet = buildFleet({ tenants, compliance: which !== 'b' });
    yaml = which === 'stock' ? fleet.app.synthYaml() : Synthesis.synthYaml(fleet.app);
    const ms = performance.now() - start;
    objects = yaml.split('\n---\n').length;
    report(ms, objects);
  } else {
    const manifests: any[] = JSON.parse(fs.readFileSync(input, 'utf8'));
    const start = performance.now();
    if (which === 'c') {
      const app = new App();
      const chart = new Chart(app, 'fleet');
      manifests.forEach((m, i) => new ApiObject(chart, `o${i}`, m));
      yaml = app.synthYaml();
    } else {
      yaml = manifests.map(m => YAML.stringify(m)).join('---\n');
    }
    report(performance.now() - start, manifests.length);
    objects = manifests.length;
  }
  fs.writeFileSync(output, yaml);
  void objects;
}

function report(ms: number, objects: number): void {
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, peakMb, objects })}\n`);
}

function run(which: PathName | 'stock', tenants: number, input: string, output: string): RunResult {
  const out = execFileSync(process.execPath, [__filename, 'child', which, String(tenants), input, output], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  const results: Medians = new Map();
  try {
    for (const tenants of SIZES) {
      const outputs = new Map<PathName, string>();
      // the final objects (c) and (d) start from: what (b) synthesizes, parsed once outside any measurement
      const input = path.join(dir, `manifests-${tenants}.json`);
      const seed = path.join(dir, `seed-${tenants}.yaml`);
      run('b', tenants, '', seed);
      fs.writeFileSync(input, JSON.stringify(YAML.parseAllDocuments(fs.readFileSync(seed, 'utf8')).map(d => d.toJS())));
      for (const which of PATHS) {
        const runs: RunResult[] = [];
        for (let i = 0; i < RUNS; i++) {
          const output = path.join(dir, `${which}-${tenants}.yaml`);
          runs.push(run(which, tenants, input, output));
          outputs.set(which, output);
        }
        results.set(`${which}${tenants}`, { ms: median(runs.map(r => r.ms)), peakMb: median(runs.map(r => r.peakMb)), objects: runs[0].objects });
      }
      checkSameOutput(tenants, outputs);
    }
    const stock = [10, 100].map(tenants => ({ tenants, ...run('stock', tenants, '', path.join(dir, `stock-${tenants}.yaml`)) }));
    print(results, stock);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same objects on every path: (a), (b) and (c) byte for byte, (d) as parsed objects. */
function checkSameOutput(tenants: number, outputs: Map<PathName, string>): void {
  const text = (p: PathName) => fs.readFileSync(outputs.get(p)!, 'utf8');
  const a = text('a');
  for (const p of ['b', 'c'] as const) {
    if (text(p) !== a) throw new Error(`${tenants} tenants: output of ${LABELS[p]} differs from ${LABELS.a}`);
  }
  const parse = (s: string) => JSON.stringify(YAML.parseAllDocuments(s).map(d => d.toJS()));
  if (parse(text('d')) !== parse(a)) throw new Error(`${tenants} tenants: ${LABELS.d} parses to other objects than ${LABELS.a}`);
}

type Medians = Map<string, { ms: number; peakMb: number; objects: number }>;

function print(results: Medians, stock: { tenants: number; ms: number; peakMb: number }[]): void {
  const r = (p: PathName, n: number) => results.get(`${p}${n}`)!;
  const lines: string[] = [];
  lines.push(`fleet benchmark: median of ${RUNS} runs, each in a fresh node process (${process.version}, ${os.cpus().length} cores)`);
  lines.push('');
  lines.push(`| path | ${SIZES.map(n => `${n} tenants (${r('a', n).objects} objects)`).join(' | ')} |`);
  lines.push(`| --- | ${SIZES.map(() => '---').join(' | ')} |`);
  for (const p of PATHS) {
    lines.push(`| ${LABELS[p]} | ${SIZES.map(n => `${r(p, n).ms.toFixed(0)} ms, ${r(p, n).peakMb.toFixed(0)} MB`).join(' | ')} |`);
  }
  lines.push('');
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  lines.push(`| ratio | ${SIZES.map(n => `${n}`).join(' | ')} | goal |`);
  lines.push(`| --- | ${SIZES.map(() => '---').join(' | ')} | --- |`);
  lines.push(`| time a/c | ${SIZES.map(n => ratio(r('a', n).ms, r('c', n).ms)).join(' | ')} | ≤ 1.5 |`);
  lines.push(`| time b/c | ${SIZES.map(n => ratio(r('b', n).ms, r('c', n).ms)).join(' | ')} | |`);
  lines.push(`| time a/d | ${SIZES.map(n => ratio(r('a', n).ms, r('d', n).ms)).join(' | ')} | |`);
  lines.push(`| peak memory a/c | ${SIZES.map(n => ratio(r('a', n).peakMb, r('c', n).peakMb)).join(' | ')} | ≤ 1.5 |`);
  lines.push('');
  const growth = r('a', 1000).ms / r('a', 100).ms;
  lines.push(`growth of (a) from 100 to 1,000 tenants: ${growth.toFixed(1)}x (goal ≤ 11x); (c): ${(r('c', 1000).ms / r('c', 100).ms).toFixed(1)}x, (d): ${(r('d', 1000).ms / r('d', 100).ms).toFixed(1)}x`);
  const worst = (f: (n: number) => number) => Math.max(...SIZES.map(f));
  const verdicts = [
    ['a/c ≤ 1.5', worst(n => r('a', n).ms / r('c', n).ms) <= 1.5],
    ['growth ≤ 11x', growth <= 11],
    ['peak memory a/c ≤ 1.5', worst(n => r('a', n).peakMb / r('c', n).peakMb) <= 1.5],
  ] as const;
  lines.push(`goals: ${verdicts.map(([goal, ok]) => `${goal} ${ok ? 'met' : 'MISSED'}`).join('; ')}`);
  lines.push('outputs: (a), (b) and (c) byte-identical at every size; (d) parses to the same objects');
  lines.push('');
  lines.push(`for reference, (a) through stock app.synthYaml(), which validates the App once per chart (one run): ${stock.map(s => `${s.tenants} tenants ${s.ms.toFixed(0)} ms`).join(', ')}`);
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
}

if (process.argv[2] === 'child') {
  child(process.argv[3] as PathName | 'stock', Number(process.argv[4]), process.argv[5], process.argv[6]);
} else {
  main();
}
