/**
 * The npm package holds what a user needs and nothing else: the compiled library with its source maps, the jsii
 * assembly, the README, the API reference, the licence and the compliance rules, plus the bundled secretlint rules.
 * `files` in package.json (set in .projenrc.ts) is the allowlist; this test asks npm itself what `npm pack` would
 * ship, so a benchmark build, a conformance cache or a test report lying around in the working tree fails it.
 *
 * It needs no build: without lib/ (a fresh clone before `npx projen compile`) the allowlist is still checked, and
 * only the checks that the compiled library is in the tarball are skipped, with one line saying so. CI compiles
 * first, so there they run.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const BUNDLED: string[] = PACKAGE_JSON.bundledDependencies ?? [];
const BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));

/** The paths `npm pack` would put in the tarball, relative to the package root. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out)[0].files.map((f: { path: string }) => f.path).sort();
}

/** Whether a packed path is one the package may hold. */
function allowed(file: string): boolean {
  if (['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'src/compliance/RULES.md'].includes(file)) return true;
  if (/^lib\/.+\.(js|js\.map|d\.ts)$/.test(file)) return true;
  return BUNDLED.some(dep => file.startsWith(`node_modules/${dep}/`));
}

const FILES = packedFiles();

if (!BUILT) {
  // eslint-disable-next-line no-console
  console.log('package.test.ts: lib/ or .jsii missing (run `npx projen compile`): only the allowlist is checked');
}

test('the tarball holds nothing outside the allowed files', () => {
  expect(FILES.filter(f => !allowed(f))).toEqual([]);
});

test('the tarball holds the README, licence, API reference, rules and bundled dependencies', () => {
  for (const file of ['package.json', 'README.md', 'LICENSE', 'API.md', 'src/compliance/RULES.md']) {
    expect(FILES).toContain(file);
  }
  for (const dep of BUNDLED) {
    expect(FILES).toContain(`node_modules/${dep}/package.json`);
  }
});

(BUILT ? test : test.skip)('the tarball holds the compiled library, its types and the jsii assembly', () => {
  expect(FILES).toContain('.jsii');
  expect(FILES).toContain(PACKAGE_JSON.main);
  expect(FILES).toContain(PACKAGE_JSON.types);
  // every compiled module ships with its declarations
  const js = FILES.filter(f => f.startsWith('lib/') && f.endsWith('.js'));
  expect(js.length).toBeGreaterThan(0);
  expect(js.filter(f => !FILES.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
});

(BUILT ? test : test.skip)('each compiled module names its source map in a file beside it, never inline', () => {
  // Node keeps the whole text of every module it loads: an inline map would be 11 MB of every app's heap
  const js = FILES.filter(f => f.startsWith('lib/') && f.endsWith('.js'));
  expect(js.filter(f => !FILES.includes(`${f}.map`))).toEqual([]);
  const inline = js.filter(f => fs.readFileSync(path.join(ROOT, f), 'utf8').includes('sourceMappingURL=data:'));
  expect(inline).toEqual([]);
  const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'index.js.map'), 'utf8'));
  // the TypeScript travels inside the map (src/ is not in the package)
  expect(map.sourcesContent?.[0]).toContain('export');
});

test('every relative link in the README points at a file in the tarball', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map(m => m[1]).filter(l => !/^[a-z]+:/.test(l));
  expect(links.filter(l => !FILES.includes(path.posix.normalize(l)))).toEqual([]);
});

test('package metadata states the Node versions and the cdk8s-plus line we support', () => {
  expect(PACKAGE_JSON.engines).toEqual({ node: '>= 20.19.0' });
  expect(Object.keys(PACKAGE_JSON.peerDependencies)).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-28', 'constructs']));
  expect(PACKAGE_JSON.keywords).toContain('cdk8s-plus-28');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('cdk8s-plus-28');
  expect(readme).toContain('Node.js 20.19');
});
