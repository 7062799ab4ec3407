// `npx projen examples`: synthesizes every examples/<name>/main.ts into examples/<name>/dist and prints one
// line per example. The committed dist/ folders are checked against a fresh synth by test/examples.test.ts.
// Names given after `--` (`npx projen examples -- secretless-argocd`) limit the run to those examples.
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES_DIR, exampleNames, objectsOf, synthExample } from './examples';

const requested = process.argv.slice(2).filter(arg => arg !== '--');
const unknown = requested.filter(name => !exampleNames().includes(name));
if (unknown.length > 0) {
  throw new Error(`no example named ${unknown.join(', ')}; examples are ${exampleNames().join(', ')}`);
}

for (const name of requested.length > 0 ? requested : exampleNames()) {
  const files = synthExample(name);
  const dist = path.join(EXAMPLES_DIR, name, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    fs.writeFileSync(path.join(dist, file), text);
  }

  const kinds = new Map<string, number>();
  for (const o of objectsOf(files)) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  const summary = [...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ');
  // eslint-disable-next-line no-console
  console.log(`${name}: ${[...kinds.values()].reduce((a, b) => a + b, 0)} objects (${summary}) -> examples/${name}/dist (${files.size} ${files.size === 1 ? 'file' : 'files'})`);
}
