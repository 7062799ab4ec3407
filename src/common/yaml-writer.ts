import * as path from 'path';
import { Yaml } from 'cdk8s';

/**
 * cdk8s's `Yaml.stringify` without the yaml package's document tree, for the shapes manifests have.
 *
 * `Yaml.stringify` builds a full yaml `Document` (a node per map, pair and scalar) for every manifest and then prints
 * it: on a fleet that is about 40% of synthesis and most of its garbage. Manifests are block maps and sequences of
 * strings, integers, booleans and nulls, so this writer prints those directly: strings bare, in double or single
 * quotes, or as `|`/`|-` block literals, where the yaml package would print them that way. Anything else in a
 * document (a string that needs escapes or `|+`, non-ASCII or control text, a float or -0, a shared object the
 * yaml package would alias, a key that is not a plain word) sends the whole document to `Yaml.stringify`, so every
 * byte that leaves here is one cdk8s would have written: the writer only ever decides "print it the simple way"
 * when the yaml package would decide the same.
 *
 * Whether a string stays plain is decided with the same schema cdk8s prints with (YAML 1.1): the yaml package's
 * own tag tests (`yes`, `0x1F`, `1:20`, `2001-12-14`, `~`, ...), so a string that would read back as another type is
 * never printed bare. A self-check at load compares the two writers on a probe document and turns this one off if
 * they disagree (a future yaml or cdk8s release that prints differently).
 */
export function stringifyManifests(documents: readonly unknown[]): string {
  // Yaml.stringify: each document printed alone, an undefined one as an empty line, joined by '---\n'. Joined a
  // chunk at a time, the same bytes: a document's text is a tree of the pieces it was printed from until a join
  // copies it, and a chart of one object per tenant (a fleet's Vault chart: 30,001 objects at 10,000 tenants) held
  // every such tree until the one join at the end, long enough for the young-generation collector to move them all
  // to the old generation (35 MB at 3,000 tenants), where they stayed until synthesis ended
  const chunks: string[] = [];
  for (let start = 0; start < documents.length; start += JOIN_CHUNK) {
    chunks.push(documents.slice(start, start + JOIN_CHUNK).map(printForJoin).join('---\n'));
  }
  return chunks.join('---\n');
}

/** Documents joined at a time by `stringifyManifests`. */
const JOIN_CHUNK = 64;

function printForJoin(document: unknown): string {
  return document === undefined ? '\n' : stringifyDocument(document);
}

/** One document, as `Yaml.stringify(document)` prints it. */
export function stringifyDocument(document: unknown): string {
  if (enabled) {
    const fast = printDocument(document);
    if (fast !== undefined) return fast;
  }
  return Yaml.stringify(document);
}

/** Thrown inside the printer when a value has a shape it leaves to the yaml package. */
const HAND_OVER = Symbol('hand over to the yaml package');

/** The document printed directly, or undefined when it holds something only the yaml package prints right. */
function printDocument(document: unknown): string | undefined {
  if (!isPlainObject(document) && !Array.isArray(document)) return undefined;
  try {
    const seen = new Set<object>();
    if (Array.isArray(document)) return document.length === 0 ? '[]\n' : printSequence(document, 0, '', seen);
    const keys = Object.keys(document);
    return keys.length === 0 ? '{}\n' : printMap(document, keys, 0, '', seen);
  } catch (error) {
    if (error === HAND_OVER) return undefined;
    throw error;
  }
}

/** Indentation by depth (two spaces a level), built once. */
const INDENTS: string[] = [''];
function indentOf(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[depth];
}

/**
 * A non-empty map at `depth`: `key: scalar`, `key: {}`, or the key alone and its collection below, one deeper.
 * `first` replaces the indentation of the first line: a collection inside a sequence item starts on the dash's
 * line. (The first version printed the item and then cut its first line's indentation, which copied every nested
 * collection once per level.)
 */
function printMap(map: Record<string, unknown>, keys: readonly string[], depth: number, first: string, seen: Set<object>): string {
  enter(map, seen);
  const indent = indentOf(depth);
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!isPlainKey(key)) throw HAND_OVER;
    out += `${i === 0 ? first : indent}${key}:${printValue(map[key], depth + 1, seen)}`;
  }
  return out;
}

/**
 * A non-empty sequence at `depth`: `- scalar`, or a collection whose first line shares the dash's line (the rest
 * of it one deeper, where the dash's line puts it). `first` replaces the indentation of the first line.
 */
function printSequence(items: readonly unknown[], depth: number, first: string, seen: Set<object>): string {
  enter(items, seen);
  const indent = indentOf(depth);
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const prefix = i === 0 ? first : indent;
    const keys = isPlainObject(item) ? Object.keys(item) : undefined;
    if (Array.isArray(item) && item.length > 0) {
      out += printSequence(item, depth + 1, `${prefix}- `, seen);
    } else if (keys !== undefined && keys.length > 0) {
      out += printMap(item as Record<string, unknown>, keys, depth + 1, `${prefix}- `, seen);
    } else {
      out += `${prefix}-${printValue(item, depth + 1, seen)}`;
    }
  }
  return out;
}

/** What follows a key's colon or a dash: ` scalar\n`, ` {}\n`, ` []\n`, or a newline and the collection below. */
function printValue(value: unknown, depth: number, seen: Set<object>): string {
  if (Array.isArray(value)) {
    if (value.length > 0) return `\n${printSequence(value, depth, indentOf(depth), seen)}`;
    enter(value, seen); // an empty collection met twice is aliased too
    return ' []\n';
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0) return `\n${printMap(value, keys, depth, indentOf(depth), seen)}`;
    enter(value, seen);
    return ' {}\n';
  }
  return ` ${printScalar(value, indentOf(depth))}\n`;
}

/** A scalar after a key or a dash; `indent` is where a block literal's lines go. */
function printScalar(value: unknown, indent: string): string {
  if (typeof value === 'string') return printString(value, indent);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // -0 and floats have their own spellings in the yaml package; integers print as JavaScript prints them
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  if (value === null) return 'null';
  throw HAND_OVER;
}

/**
 * A string value: bare when it reads back as itself; on one line, in double quotes (single quotes when it holds a
 * double quote); on several lines, a block literal (`|`, or `|-` without a final newline) indented under its key.
 */
function printString(value: string, indent: string): string {
  if (!value.includes('\n')) {
    // a document marker is bare inside a document and quoted as a key: left to the yaml package
    if (!PRINTABLE_LINE.test(value) || DOCUMENT_MARKER.test(value)) throw HAND_OVER;
    if (isPlainString(value)) return value;
    if (!value.includes('"')) return `"${value}"`;
    if (!value.includes("'")) return `'${value}'`;
    throw HAND_OVER;
  }
  if (!isLiteralBlock(value)) throw HAND_OVER;
  const clipped = value.endsWith('\n');
  const body = clipped ? value.slice(0, -1) : value;
  return `|${clipped ? '' : '-'}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

/** Printable ASCII without a backslash (which the yaml package escapes in quotes). */
const PRINTABLE_LINE = /^[\x20-\x5b\x5d-\x7e]*$/;

/**
 * Lines a block literal keeps as they are, with no indicator but the chomping one: printable ASCII, a visible first
 * character (else the yaml package adds an indentation indicator), no line ending in a space (quoted), and a visible
 * last character, or one newline after one (`|`; more newlines need `|+`).
 */
function isLiteralBlock(value: string): boolean {
  if (!/^[\x20-\x7e\n]+$/.test(value) || value.includes(' \n') || !/^[\x21-\x7e]/.test(value)) return false;
  const last = value.endsWith('\n') ? value.length - 2 : value.length - 1;
  return last >= 0 && /[\x21-\x7e]/.test(value[last]);
}

/** The yaml package writes an anchor and an alias for an object met twice: left to it. */
function enter(collection: object, seen: Set<object>): void {
  if (seen.has(collection)) throw HAND_OVER;
  seen.add(collection);
}

/** An object literal or `Object.create(null)`: anything with another prototype (a Date, a class) prints its own way. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Keys as manifests spell them (`app.kubernetes.io/name`, `tls.crt`): a word the schema reads as a string. */
function isPlainKey(key: string): boolean {
  return KEY.test(key) && !looksTyped(key);
}

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,255}$/;

/**
 * A one-line string the yaml package prints bare: not empty, not starting with an indicator, no `: ` or
 * ` #` inside, not ending with a space or a colon, and not a spelling of another type (document markers are
 * refused before: the yaml package prints them bare in a value and quoted as a key).
 */
function isPlainString(value: string): boolean {
  return value !== '' && !NOT_PLAIN.test(value) && !looksTyped(value);
}

// the yaml package's rule for plain scalars, restated: an indicator first, a lone or spaced `-`/`?`, `: `, ` #`,
// or a space or colon last
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;

interface TagTest { readonly default?: boolean | 'key'; readonly tag: string; readonly test?: RegExp }
interface Schema { readonly tags: TagTest[]; readonly compat?: TagTest[] | null }

/** Whether YAML 1.1 would read the string back as something else: a boolean, null, a number, a timestamp. */
function looksTyped(value: string): boolean {
  // keys and most values of a fleet repeat (`apiVersion`, `name`, `v1`, `Opaque`): each is tested against the tags
  // once, up to TYPED_MEMO_SIZE strings at a time
  const known = typedMemo.get(value);
  if (known !== undefined) return known;
  let typed = false;
  for (const tag of TYPED_TAGS) {
    if (tag.test!.test(value)) {
      typed = true;
      break;
    }
  }
  if (value.length <= TYPED_MEMO_LENGTH) {
    if (typedMemo.size >= TYPED_MEMO_SIZE) typedMemo.clear();
    typedMemo.set(value, typed);
  }
  return typed;
}

const typedMemo = new Map<string, boolean>();
const TYPED_MEMO_SIZE = 8192;
/** Longer strings are rarely met twice: they are tested each time. */
const TYPED_MEMO_LENGTH = 64;

/** The default scalar tags of the yaml package cdk8s prints with (YAML 1.1), other than the string tag. */
const TYPED_TAGS: readonly TagTest[] = schemaTags();

function schemaTags(): TagTest[] {
  // cdk8s bundles its own copy of the yaml package: the tags must be that copy's
  const yamlPath = require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Document } = require(yamlPath) as { Document: new (value: unknown, options: object) => { schema: Schema } };
  const { tags, compat } = new Document(null, { version: '1.1' }).schema;
  // the merge tag claims the string '<<' itself when the document is built and prints it bare: not a typed spelling
  const printedAsIs = ['tag:yaml.org,2002:str', 'tag:yaml.org,2002:merge'];
  return [...tags, ...compat ?? []].filter(t => t.default && !printedAsIs.includes(t.tag) && t.test instanceof RegExp);
}

/** A document with every shape this writer prints. */
const PROBE = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'probe', labels: { 'app.kubernetes.io/name': 'probe' }, annotations: {} },
  data: { url: 'https://x.example:8443/p?q=1#f', words: 'it\'s "q" {{name}}', dash: 'a-b', hash: 'a#b', typed: 'yes', empty: '', quote: '"q"' },
  script: { strip: 'set -e\n\n  run', clip: 'path "x" {\n  read\n}\n' },
  spec: { count: 3, m: -4, t: true, f: false, z: null, list: [], nested: [[1, 'two'], { k: 'v', l: [{ m: -4 }, [[]]] }, {}] },
};

/** Strings on both sides of the plain-string rule: those the yaml package prints bare and those it quotes. */
const STRING_PROBES = ['x', 'a-b', '-a', '?a', 'a:b', 'a#b', 'yes', 'Off', 'y', '~', 'null', '0x1F', '0o17', '1_000', '1:20', '.inf',
  '-.5', '1e3', '2001-12-14', 'a: b', 'a #b', '- x', '-', 'a ', 'a:', ' a', '#a', '@a', '`a', '%a', '---', '...x', '<<', '='];

/**
 * On when this writer prints the probe as the yaml package does and never calls a probe string plain that the yaml
 * package quotes (a yaml or cdk8s release could print differently). Refusing a string the yaml package would print
 * bare (`---` inside a document) only costs speed.
 */
const enabled: boolean = printDocument(PROBE) === Yaml.stringify(PROBE)
  && STRING_PROBES.every(s => !isPlainString(s) || Yaml.stringify({ k: s }) === `k: ${s}\n`);
