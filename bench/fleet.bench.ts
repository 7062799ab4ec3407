// `npx projen bench`: synthesizes the multi-tenant fleet (examples/multi-tenant-fleet/fleet.ts) at 10, 100, 1,000
// and 3,000 tenants (median of 5 runs, taken in rounds of one run per path) and at 10,000 tenants (one run per path),
// along these paths:
//   (a) our constructs with the compliance pack, in memory (Synthesis.synthYaml),
//   (cli) the same App through the drop-in for `cdk8s synth` apps (Synthesis.synth: one file per chart, streamed),
//   (b) our constructs without the pack,
//   (c) the same final objects as plain ApiObjects in cdk8s Charts (the floor cdk8s sets),
//   (d) the same objects serialized with the yaml package (the serialization floor),
// and, where it finishes in reasonable time, (a) through stock app.synth(), which validates the App once per chart.
// Every run is a fresh node process (peak memory is per process) running compiled JavaScript. Before any figure is
// printed the outputs are compared: (a), (b), (c) and (cli) byte for byte, (d) as parsed objects, each run of a path
// with its first. (a) and (cli) print YAML with the library's own writer; (c) with cdk8s's (the yaml package).
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
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

/** One run's figures and a summary of its output. */
interface RunResult {
  readonly ms: number;
  readonly peakMb: number;
  readonly objects: number;
  /** SHA-256 of the output's bytes. */
  readonly sha256: string;
  /** SHA-256 of its documents parsed (as JSON), when asked for. */
  readonly parsed?: string;
}

/**
 * One measurement, in this (fresh) process: build and synthesize, timed. After the measurement the output is
 * summarized (a digest of its bytes and, when asked, of its parsed objects) rather than written out: writing every
 * run's output (75 MB at 10,000 tenants) left the disk busy writing back while the next run created its chart
 * files, which slowed the (cli) path by up to a second at 1,000 tenants. Only the seed run writes its YAML.
 */
function child(which: PathName, tenants: number, input: string, workdir: string, flags: string): void {
  const { measured, yaml } = which === 'c' || which === 'd' ? floor(which, input) : synthesize(which, tenants, workdir);
  if (flags === 'seed') fs.writeFileSync(path.join(workdir, 'seed.yaml'), yaml);
  const docs = documents(yaml);
  const summary: RunResult = {
    ...measured,
    objects: docs.length,
    sha256: digest([yaml]),
    parsed: flags === 'parsed' ? digest(docs.map(doc => JSON.stringify(YAML.parse(doc)))) : undefined,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

interface Measured { readonly ms: number; readonly peakMb: number }

/** Runs `work` timed; the peak memory is the process's so far, taken when the work ends. */
function timed<T>(work: () => T): { measured: Measured; result: T } {
  const start = performance.now();
  const result = work();
  return { measured: { ms: performance.now() - start, peakMb: process.resourceUsage().maxRSS / 1024 }, result };
}

/** Our paths: the fleet built and synthesized in memory, or written as files (read back after the measurement). */
function synthesize(which: PathName, tenants: number, workdir: string): { measured: Measured; yaml: string } {
  // loaded before the clock starts, as the floors (c, d) do not pay for loading the library either
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../examples/resolve-library'); // the fleet imports 'cdk8s-zero-trust': the compiled src/index.js beside it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildFleet } = require('../examples/multi-tenant-fleet/fleet');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Synthesis } = require('../src/common/synthesis');
  const outdir = path.join(workdir, `out-${process.pid}`);
  process.env.CDK8S_OUTDIR = outdir;
  const { measured, result } = timed(() => {
    const fleet = buildFleet({ tenants, compliance: which !== 'b' });
    if (which === 'cli') Synthesis.synth(fleet.app);
    else if (which === 'stock') fleet.app.synth();
    else return { app: fleet.app as App, yaml: Synthesis.synthYaml(fleet.app) as string };
    return { app: fleet.app as App, yaml: undefined };
  });
  if (result.yaml !== undefined) return { measured, yaml: result.yaml };
  // after the measurement: the chart files in output order, joined as synthYaml joins them
  const yaml = chartFiles(result.app, outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { measured, yaml };
}

/** The floors: the final objects (parsed once, outside the measurement) through cdk8s alone, or yaml alone. */
function floor(which: 'c' | 'd', input: string): { measured: Measured; yaml: string } {
  const manifests: any[] = JSON.parse(fs.readFileSync(input, 'utf8'));
  const { measured, result } = timed(() => {
    if (which === 'd') return manifests.map(m => YAML.stringify(m)).join('---\n');
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
    return manifests.length <= SPREAD_LIMIT ? app.synthYaml() : app.charts.map(c => Yaml.stringify(...Object.values(c.toJson()))).join('---\n');
  });
  return { measured, yaml: result };
}

function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('hex');
}

/** The files app.synth() wrote (one per chart, numbered when charts depend on each other), in output order. */
function chartFiles(app: App, outdir: string): string {
  const names = fs.readdirSync(outdir);
  const numbered = names.every(n => /^\d{4}-/.test(n));
  const ordered = numbered ? [...names].sort() : app.charts.map(c => `${Names.toDnsLabel(c)}${app.outputFileExtension}`);
  return ordered.map(n => fs.readFileSync(path.join(outdir, n), 'utf8')).filter(t => t !== '').join('---\n');
}

function run(which: PathName, tenants: number, input: string, workdir: string, flags = ''): RunResult {
  settleDisk();
  const out = execFileSync(process.execPath, [__filename, 'child', which, String(tenants), input, workdir, flags],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/**
 * Flushes the file systems (sync(1)) before a run, so that no run pays for the write-back of the one before it: the
 * (cli) runs create a file per chart and the bench deletes them after each run, and on a virtual machine's disk the
 * next run's file creations otherwise queued behind that journal work. Skipped where there is no `sync` command.
 */
function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // no sync(1) on this system: runs start from whatever the disk is doing
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

type Results = Map<string, RunResult>;
const key = (p: PathName, n: number) => `${p}${n}`;

/** Measures every path at one size (`runs` runs each, median), then checks that they all gave the same output. */
function measure(dir: string, tenants: number, runs: number, results: Results): void {
  // the final objects (c) and (d) start from: what (b) synthesizes, parsed once outside any measurement
  const input = path.join(dir, `manifests-${tenants}.json`);
  run('b', tenants, '', dir, 'seed');
  const seed = path.join(dir, 'seed.yaml');
  writeAndFlush(input, JSON.stringify(documents(fs.readFileSync(seed, 'utf8')).map(doc => YAML.parse(doc))));
  fs.rmSync(seed);
  const outputs = new Map<PathName, RunResult[]>();
  const paths: PathName[] = [...PATHS, ...STOCK_SIZES.includes(tenants) ? ['stock' as const] : []];
  // rounds of one run per path rather than all the runs of one path in a row: a slow spell of the machine (this
  // VM's small sizes drift by tens of percent for seconds at a time) then falls on every path, not on one
  for (let round = 0; round < runs; round++) {
    for (const which of paths) {
      if (which === 'stock' && round > 0) continue;
      // the parsed objects are compared between (a) and (d) only, from their first runs
      const result = run(which, tenants, input, dir, round === 0 && (which === 'a' || which === 'd') ? 'parsed' : '');
      outputs.set(which, [...outputs.get(which) ?? [], result]);
    }
  }
  for (const [which, all] of outputs) {
    results.set(key(which, tenants), { ...all[0], ms: median(all.map(r => r.ms)), peakMb: median(all.map(r => r.peakMb)) });
  }
  fs.rmSync(input);
  checkSameOutput(tenants, outputs);
}

/** Written and flushed to disk before the next measurement, so that no write-back of it runs during one. */
function writeAndFlush(file: string, text: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The same output on every path and every run: (a), (b), (c), (cli) and stock byte for byte (by digest), (d) as
 * parsed objects; every run of a path byte-identical to its first (synthesis is deterministic).
 */
function checkSameOutput(tenants: number, outputs: Map<PathName, RunResult[]>): void {
  const a = outputs.get('a')![0];
  for (const [p, all] of outputs) {
    if (all.some(r => r.sha256 !== all[0].sha256)) throw new Error(`${tenants} tenants: the runs of ${LABELS[p]} gave different output`);
    if (p !== 'd' && all[0].sha256 !== a.sha256) throw new Error(`${tenants} tenants: output of ${LABELS[p]} differs from ${LABELS.a}`);
  }
  const d = outputs.get('d')![0];
  if (d.objects !== a.objects || d.parsed !== a.parsed) throw new Error(`${tenants} tenants: ${LABELS.d} parses to other objects than ${LABELS.a}`);
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
    // what the pack adds to the peak: every render it judges, kept for the output (see the README's Benchmark)
    `| peak memory a/b | ${sizes.map(n => ratio(r('a', n).peakMb, r('b', n).peakMb)).join(' | ')} | |`,
    `| time a/d | ${sizes.map(n => ratio(r('a', n).ms, r('d', n).ms)).join(' | ')} | |`,
    '',
  ];
  const growth = (p: PathName, from: number, to: number) =>
    (results.has(key(p, from)) && results.has(key(p, to)) ? r(p, to).ms / r(p, from).ms : NaN);
  for (const [from, to, goal] of [[100, 1000, 11], [1000, 3000, 3.5], [3000, LARGE, 3.33 * 1.15]] as const) {
    const times = (p: PathName) => (Number.isNaN(growth(p, from, to)) ? 'not measured' : `${growth(p, from, to).toFixed(1)}x`);
    lines.push(`growth from ${from} to ${to} tenants: (a) ${times('a')} (goal ≤ ${goal.toFixed(1)}x), (c) ${times('c')}, (d) ${times('d')}`);
  }
  // undefined: a size the goal needs was not measured in this run (BENCH_SIZES)
  const verdicts: [string, boolean | undefined][] = [
    ['time a/c ≤ 1.5', sizes.every(n => r('a', n).ms / r('c', n).ms <= 1.5)],
    ['peak memory a/c ≤ 1.5', sizes.every(n => r('a', n).peakMb / r('c', n).peakMb <= 1.5)],
    ['growth 100→1,000 ≤ 11x', measuredAtMost(growth('a', 100, 1000), 11)],
    ['growth 1,000→3,000 ≤ 3.5x', measuredAtMost(growth('a', 1000, 3000), 3.5)],
    ['cli within 10% of (a) at 1,000', results.has(key('a', 1000)) ? r('cli', 1000).ms <= 1.1 * r('a', 1000).ms : undefined],
  ];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED');
  lines.push(`goals: ${verdicts.map(([goal, ok]) => `${goal} ${verdict(ok)}`).join('; ')}`);
  lines.push('outputs: (a), (cli), (b), (c) and stock app.synth() byte-identical at every size they ran; (d) parses to the same objects');
  return lines.join('\n');
}

/** Whether a measured figure is within its goal; undefined when it was not measured (NaN). */
function measuredAtMost(value: number, goal: number): boolean | undefined {
  return Number.isNaN(value) ? undefined : value <= goal;
}

if (process.argv[2] === 'child') {
  child(process.argv[3] as PathName, Number(process.argv[4]), process.argv[5], process.argv[6], process.argv[7] ?? '');
} else {
  main();
}
