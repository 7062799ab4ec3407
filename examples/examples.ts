// the examples import 'cdk8s-zero-trust', which in this repository is ../src (see resolve-library.js)
import './resolve-library';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * The examples mechanism: every `examples/<name>/main.ts` is an ordinary cdk8s app (ending with `Synthesis.synth(app)`,
 * the drop-in for `app.synth()`), so `cdk8s synth` works in its folder too. We run each one in-process with
 * `CDK8S_OUTDIR` pointing at a scratch folder, then compare with, or copy to, its committed `dist/`.
 */
export const EXAMPLES_DIR = __dirname;

export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES_DIR)
    .filter(name => fs.existsSync(path.join(EXAMPLES_DIR, name, 'main.ts')))
    .sort();
}

/**
 * Synthesizes one example into a fresh temporary folder and returns its files (path relative to the output
 * folder → text): the YAML cdk8s writes, or a whole GitOps repository (folders, kustomizations, README).
 */
export function synthExample(name: string): Map<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return synthApp(name, () => require(path.join(EXAMPLES_DIR, name, 'main.ts')));
}

/**
 * Runs a cdk8s app (`run` ends with `Synthesis.synth(app)` or `app.synth()`) with `CDK8S_OUTDIR` pointing at a fresh temporary folder and
 * returns the files it wrote, as `synthExample` does.
 */
export function synthApp(label: string, run: () => void): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${label}-`));
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    run();
    return readYamlFiles(outdir);
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The committed output of one example. */
export function committedOutput(name: string): Map<string, string> {
  return readYamlFiles(path.join(EXAMPLES_DIR, name, 'dist'));
}

/**
 * Every Kubernetes object in a set of output files. Kustomizations are build instructions for kustomize, not
 * objects for a cluster, so they are left out (the GitOps tests build them with a real kustomize).
 */
export function objectsOf(files: Map<string, string>): any[] {
  return [...files].filter(([file]) => file.endsWith('.yaml') && path.posix.basename(file) !== 'kustomization.yaml')
    .flatMap(([, text]) => YAML.parseAllDocuments(text).map(d => d.toJS()).filter(Boolean));
}

/** The YAML and Markdown files under `dir`, recursively, by path relative to it (with '/'). */
function readYamlFiles(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const [name, text] of readYamlFiles(file, `${prefix}${entry.name}/`)) files.set(name, text);
    } else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.md')) {
      files.set(`${prefix}${entry.name}`, fs.readFileSync(file, 'utf8'));
    }
  }
  return files;
}
