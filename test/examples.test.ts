import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { expectConformant } from './conformance/harness';
import { committedOutput, EXAMPLES_DIR, exampleNames, objectsOf, synthApp, synthExample } from '../examples/examples';

/** Every example synthesizes, its committed dist/ equals a fresh synth, and all its objects conform. */
describe.each(exampleNames())('example %s', name => {
  const fresh = synthExample(name);

  test('committed output equals a fresh synth (run `npx projen examples` after a change)', () => {
    expect([...committedOutput(name)]).toEqual([...fresh]);
  });

  test('synthesizes at least one object, and every object conforms', () => {
    const objects = objectsOf(fresh);
    expect(objects.length).toBeGreaterThan(0);
    expectConformant(objects);
  });
});

/**
 * Every example can be copied into an app of its own: it is a cdk8s app folder (main.ts, cdk8s.yaml, README.md),
 * it imports the library by its package name, and nothing it imports lies outside its folder.
 */
describe('examples are copyable', () => {
  const folders = fs.readdirSync(EXAMPLES_DIR, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name).sort();

  test('every folder under examples/ is an example', () => {
    expect(folders.length).toBeGreaterThan(5);
    expect(folders).toEqual(exampleNames());
  });

  test.each(folders)('%s has main.ts, cdk8s.yaml and README.md, and cdk8s.yaml runs main.ts into dist/', name => {
    const missing = ['main.ts', 'cdk8s.yaml', 'README.md'].filter(file => !fs.existsSync(path.join(EXAMPLES_DIR, name, file)));
    expect(missing).toEqual([]);
    const config = YAML.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'cdk8s.yaml'), 'utf8'));
    // what `cdk8s init typescript-app` writes: no --project pointing into this repository
    expect({ language: config.language, app: config.app, output: config.output })
      .toEqual({ language: 'typescript', app: 'npx ts-node main.ts', output: 'dist' });
  });

  test.each(folders)('%s imports cdk8s-zero-trust by name and nothing outside its folder', name => {
    const dir = path.join(EXAMPLES_DIR, name);
    const sources = sourceFiles(dir);
    const specifiers = sources.flatMap(file => moduleSpecifiers(fs.readFileSync(file, 'utf8')).map(spec => ({ file, spec })));
    const outside = specifiers
      .filter(({ spec }) => spec.startsWith('.'))
      .filter(({ file, spec }) => path.relative(dir, path.resolve(path.dirname(file), spec)).startsWith('..'))
      .map(({ file, spec }) => `${path.relative(EXAMPLES_DIR, file)}: ${spec}`);
    expect(outside).toEqual([]);
    expect(specifiers.some(({ spec }) => spec === 'cdk8s-zero-trust')).toBe(true);
  });

  test('the check finds every kind of import', () => {
    expect(moduleSpecifiers([
      "import { A } from '../../src';",
      "import {\n  B,\n} from '../../src/compliance';",
      "import * as c from 'cdk8s-zero-trust';",
      "import './side-effect';",
      "export { D } from '../shared';",
      "const e = require('../../src/patterns');",
      "const f = await import('../other');",
    ].join('\n'))).toEqual(['../../src', '../../src/compliance', 'cdk8s-zero-trust', './side-effect', '../shared', '../../src/patterns', '../other']);
  });
});

/**
 * The README's first example is complete for the cluster: it writes what examples/vault-basics writes for the same
 * job (the namespace with its default-deny policy and ESO's token-request RBAC included), and passes the pack.
 */
describe("the README's first example", () => {
  const readme = fs.readFileSync(path.join(EXAMPLES_DIR, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  // the code as it stands, its imports answered by this test's require (jest maps 'cdk8s-zero-trust' to src)
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const objects = objectsOf(synthApp('readme', () => new Function('require', 'exports', js)(require, {})));
  const basics = objectsOf(committedOutput('vault-basics'));
  const find = (list: any[], kind: string) => list.find(o => o.kind === kind);

  test('writes the kinds vault-basics writes, in the same namespaces, and they conform', () => {
    const shape = (list: any[]) => list.map(o => `${o.kind} ${o.metadata.namespace ?? '-'}`).sort();
    expect(shape(objects)).toEqual(shape(basics));
    expectConformant(objects);
  });

  test('logs in to Vault the same way, and lets ESO mint tokens for that account only', () => {
    expect(find(objects, 'SecretStore').spec).toEqual(find(basics, 'SecretStore').spec);
    expect(find(objects, 'Role')).toEqual(find(basics, 'Role'));
    expect(find(objects, 'RoleBinding')).toEqual(find(basics, 'RoleBinding'));
  });
});

/** The TypeScript and JavaScript files of a folder, recursively, without its output. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(file);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [file] : [];
  });
}

/** The module names a source file imports, exports from or requires, in order. */
function moduleSpecifiers(text: string): string[] {
  const pattern = /(?:\b(?:import|export)\b[^'";]*?\bfrom\s*|\bimport\s*|\b(?:require|import)\s*\(\s*)'([^']+)'/g;
  return [...text.matchAll(pattern)].map(m => m[1]);
}
