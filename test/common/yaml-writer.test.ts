import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { stringifyDocument, stringifyManifests } from '../../src/common/yaml-writer';
import { Rng } from '../secrets/corpus';

// The writer must print exactly what cdk8s's Yaml.stringify prints, for every value: it either prints a document
// itself or hands it over whole. These tests compare the two on generated documents built to sit on every edge of
// its rules, and count how often it printed a document itself, so that a writer that always hands over fails too.

/** Calls of cdk8s's own Yaml.stringify made by the writer (its hand-overs), counted around `fn`. */
function handOvers(fn: () => void): number {
  const spy = jest.spyOn(Yaml, 'stringify');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

function expectSame(document: unknown): void {
  const expected = Yaml.stringify(document);
  const actual = stringifyDocument(document);
  if (actual !== expected) throw new Error(`printed differently:\n${JSON.stringify(document)}\n--- writer\n${actual}--- cdk8s\n${expected}`);
}

// pieces of strings that sit on the writer's rules: indicators, separators, quotes, escapes, typed spellings
// (YAML 1.1 booleans, nulls, numbers, sexagesimals, timestamps), document markers, non-ASCII and control text
const PIECES = [
  'a', 'Z', 'name', 'x1', '0', '7', '12', '-', '?', ':', ': ', ' #', '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>',
  '\'', '"', '%', '@', '`', '.', '~', ' ', '  ', '\t', '\n', '\n\n', '\\', '/', '=', '<<', '---', '...', 'yes', 'No', 'ON',
  'off', 'y', 'n', 'null', 'Null', 'true', 'FALSE', '0x1F', '0o17', '017', '0b101', '1_000', '1:20', '1.5', '.5', '1e3',
  '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'é', '\u0007', '\u00a0', '\ud83d\ude00', '\r',
  'https://x.example:8443/p?q=1', '{{name}}', '$(params.x)', 'CREATE ROLE "{{name}}"',
];

/** Documents from a seeded generator, so that a failure names a reproducible document. */
function generator(seed: number) {
  const rng = new Rng(seed);
  const next = () => rng.next();
  const pick = <T>(items: readonly T[]): T => rng.pick(items);
  const text = (): string => Array.from({ length: Math.floor(next() * 5) }, () => pick(PIECES)).join('');
  const scalar = (): unknown => {
    const r = next();
    if (r < 0.55) return text();
    if (r < 0.7) return pick([0, 1, -4, 42, 8080, 2 ** 53 - 1, 2 ** 53, -0, 0.5, -1.25, 1e21, 1e-7, NaN, Infinity, -Infinity]);
    if (r < 0.8) return next() < 0.5;
    if (r < 0.9) return null;
    return pick([undefined, new Date(0), BigInt(5), text()]);
  };
  const key = (): string => (next() < 0.7 ? pick(['name', 'app.kubernetes.io/name', 'tls.crt', 'a_b', 'x-1', 'spec', 'n', 'on', '10']) : text());
  const value = (depth: number, shared: unknown[]): unknown => {
    const r = next();
    if (depth > 3 || r < 0.45) return scalar();
    if (r < 0.5 && shared.length > 0) return pick(shared); // the same object twice: the yaml package aliases it
    const collection: any = r < 0.75
      ? Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1, shared))
      : Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [key(), value(depth + 1, shared)]));
    if (next() < 0.05) shared.push(collection);
    return collection;
  };
  return { text, value };
}

describe('stringifyDocument', () => {
  test('prints 20,000 generated documents as cdk8s does, a third or more of them itself', () => {
    const { value } = generator(1807);
    const documents = Array.from({ length: 20000 }, () => {
      const shared: unknown[] = [];
      const top = value(0, shared);
      // documents are maps or sequences; scalars go to the yaml package
      return typeof top === 'object' && top !== null ? top : { value: top };
    });
    const expected = documents.map(d => Yaml.stringify(d));
    let actual: string[] = [];
    const calls = handOvers(() => { actual = documents.map(d => stringifyDocument(d)); });
    documents.forEach((d, i) => {
      if (actual[i] !== expected[i]) expectSame(d);
    });
    expect(calls).toBeLessThan(documents.length * 2 / 3);
    // several documents at once, as a chart is printed: a document handed over midway leaves nothing behind
    for (let i = 0; i < 4000; i += 8) {
      const chart = documents.slice(i, i + 8);
      expect(stringifyManifests(chart)).toBe(expected.slice(i, i + 8).join('---\n'));
    }
  });

  test('every string of one or two pieces, as a value, an item, a key and a block, nested and not', () => {
    const strings = PIECES.flatMap(a => PIECES.map(b => a + b));
    let printed = 0;
    const calls = handOvers(() => {
      for (const s of strings) {
        for (const document of [{ k: s }, [s], { [s]: 1 }, { a: { b: [{ c: s }, [s]] } }, { k: `${s}\nline` }, { k: `line\n${s}\n` }]) {
          expectSame(document);
          printed++;
        }
      }
    });
    // expectSame calls Yaml.stringify once itself: what is left is the writer's hand-overs
    expect(calls - printed).toBeLessThan(printed * 0.8);
  });

  test('block literals: clipped, stripped, blank lines, indented lines, and what it hands over', () => {
    const blocks = ['a\nb', 'a\nb\n', 'a\n\nb\n', 'a\n  b\n', 'a\nb\n\n', ' a\nb', '\na', 'a \nb', 'a\nb ', 'a\n\tb', 'a\n---\nb', 'a\n# c\n'];
    for (const block of blocks) {
      for (const document of [{ k: block }, { k: [block, { s: block }] }, [[block]]]) expectSame(document);
    }
  });

  test('shapes: empty maps and sequences anywhere, sequences of sequences, maps in sequences', () => {
    for (const document of [{}, [], [[]], [{}], { a: {} }, { a: [] }, [[[1]], [{ a: [{}] }]], { a: [[{ b: [[]] }]] }, [{ a: 1, b: [2, { c: 3 }] }]]) {
      expectSame(document);
    }
  });

  test('hands over what only the yaml package prints right, and still prints it as cdk8s does', () => {
    const shared = { a: 1 };
    const cases = [
      { k: 0.5 }, { k: -0 }, { k: 2 ** 53 }, { k: undefined }, { k: new Date(0) }, { k: 'a: it\'s "q"' }, { k: 'back\\slash' },
      { k: 'caf\u00e9' }, { k: '\u0007' }, { k: '---' }, { n: 1 }, { 'a b': 1 }, { ['k'.repeat(300)]: 1 }, { k: 'a\n\n' },
      { x: shared, y: shared }, [shared, shared],
    ];
    for (const document of cases) {
      expectSame(document);
      expect([JSON.stringify(document), handOvers(() => stringifyDocument(document))]).toEqual([JSON.stringify(document), 1]);
    }
  });

  test('prints a plain manifest itself', () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'a' } }, data: { flag: 'true', note: '', merge: '<<' } };
    expect(handOvers(() => stringifyDocument(manifest))).toBe(0);
    expectSame(manifest);
  });

  test('stringifyManifests joins documents as Yaml.stringify does, an undefined document too', () => {
    const documents = [{ a: 1 }, undefined, [{ b: 'yes' }], { c: 'x\ny\n' }];
    expect(stringifyManifests(documents)).toBe(Yaml.stringify(...documents));
    expect(stringifyManifests([])).toBe(Yaml.stringify());
  });

  test('stringifyManifests joins a chunk at a time: the same bytes at every length around the chunk size (64)', () => {
    // an undefined document and a hand-over at every position, so that chunk edges fall on each kind of document
    const all = Array.from({ length: 200 }, (_, i) => (i % 7 === 3 ? undefined : i % 11 === 5 ? { v: 'x\ty' } : { i, name: `doc-${i}` }));
    for (const length of [1, 2, 63, 64, 65, 127, 128, 129, 130, 191, 192, 193, 200]) {
      for (const start of [0, 1, 3]) {
        const documents = all.slice(start, start + length);
        expect({ length, start, text: stringifyManifests(documents) }).toEqual({ length, start, text: Yaml.stringify(...documents) });
      }
    }
  });
});

describe('the examples\' committed output', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : []));
  const documents = fs.readdirSync(examples)
    .filter(e => fs.existsSync(path.join(examples, e, 'dist')))
    .flatMap(e => files(path.join(examples, e, 'dist')))
    .flatMap(f => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJS()))
    .filter(d => d !== null && d !== undefined);

  test('every document prints as cdk8s prints it, nearly all by the writer itself', () => {
    expect(documents.length).toBeGreaterThan(200);
    documents.forEach(expectSame);
    const calls = handOvers(() => documents.forEach(d => stringifyDocument(d)));
    expect(calls).toBeLessThan(documents.length * 0.1);
  });
});
