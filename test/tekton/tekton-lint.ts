import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { manifestsOf } from '../conformance/harness';

/** One problem @ibm/tekton-lint reports. */
export interface TektonLintProblem {
  readonly rule: string;
  readonly level: 'error' | 'warning';
  readonly message: string;
}

const CLI = require.resolve('@ibm/tekton-lint/dist/lint.js', { paths: [path.resolve(__dirname, '../..')] });

/**
 * Runs @ibm/tekton-lint 1.1.0 (its CLI, since the package is ESM-only) on the Tekton objects of a chart or a list
 * of manifests, with its default rules. Task names must be unique per run (`no-duplicate-resource`).
 */
export function tektonLint(subject: Chart | any[]): TektonLintProblem[] {
  const tekton = manifestsOf(subject).filter(m => typeof m?.apiVersion === 'string' && m.apiVersion.startsWith('tekton.dev/'));
  if (tekton.length === 0) throw new Error('tektonLint: no tekton.dev objects to lint');
  // The linter skips TaskRuns; lint an inline taskSpec as the Task it amounts to.
  const inline = tekton.filter(m => m.kind === 'TaskRun' && m.spec?.taskSpec)
    .map(m => ({ apiVersion: m.apiVersion, kind: 'Task', metadata: { name: `${m.metadata.name}-inline-task` }, spec: m.spec.taskSpec }));
  const docs = [...tekton, ...inline];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tekton-lint-'));
  try {
    const file = path.join(dir, 'manifests.yaml');
    fs.writeFileSync(file, docs.map(d => stringify(d)).join('---\n'));
    const run = spawnSync(process.execPath, [CLI, '--format', 'json', '--color', 'false', '--config', dir, file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TL_CACHE_DIR: path.join(dir, 'cache') },
    });
    const out = run.stdout.trim();
    // Only runs that reference Tasks by name: nothing the linter can check.
    if (/No tekton definitions can be found/.test(out + run.stderr)) return [];
    if (!out.startsWith('[')) throw new Error(`tekton-lint did not report JSON (exit ${run.status}): ${out}\n${run.stderr}`);
    return (JSON.parse(out) as any[]).map(p => ({ rule: p.rule, level: p.level, message: p.message }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fails on any tekton-lint error and on the `no-latest-image` warning; returns the other warnings (and prints
 * them) so a test can assert on them.
 */
export function expectTektonLintClean(subject: Chart | any[]): TektonLintProblem[] {
  const problems = tektonLint(subject);
  const failing = problems.filter(p => p.level === 'error' || p.rule === 'no-latest-image');
  if (failing.length > 0) {
    throw new Error(`${failing.length} tekton-lint problem(s):\n  ${failing.map(p => `${p.level} ${p.rule}: ${p.message}`).join('\n  ')}`);
  }
  const warnings = problems.filter(p => p.level === 'warning');
  if (warnings.length > 0) console.warn(`tekton-lint warnings:\n  ${warnings.map(p => `${p.rule}: ${p.message}`).join('\n  ')}`);
  return warnings;
}
