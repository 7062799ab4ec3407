// Run by test/locale/locale.test.ts in a child process under a given LANG/LC_ALL: synthesizes every example
// (and the every-construct fixture) and prints one line per file, `<example> <file> <sha256 of its bytes>`.
import { createHash } from 'crypto';
import { exampleNames, synthExample } from '../../examples/examples';
import { synthEveryConstruct } from '../every-construct';

const lines: string[] = [];
for (const name of exampleNames()) {
  for (const [file, text] of synthExample(name)) lines.push(`${name} ${file} ${createHash('sha256').update(text).digest('hex')}`);
}
for (const [file, text] of synthEveryConstruct()) lines.push(`every-construct ${file} ${createHash('sha256').update(text).digest('hex')}`);
process.stdout.write(`${lines.join('\n')}\n`);
