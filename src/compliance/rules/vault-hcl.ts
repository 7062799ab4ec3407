/**
 * A reader of Vault ACL policies as Vault parses them (HCL 1 or JSON), enough to list each `path` block with its
 * `capabilities` (and the legacy `policy` shorthand). Independent of the tests' own HCL checker.
 */
import { ValidationError } from '../../common/errors';

interface Token {
  readonly type: 'string' | 'ident' | 'punct';
  readonly value: string;
}

type Value =
  | { readonly kind: 'string' | 'ident'; readonly value: string }
  | { readonly kind: 'list'; readonly items: Value[] }
  | { readonly kind: 'object'; readonly items: Item[] };

interface Item {
  readonly keys: string[];
  readonly value: Value;
}

/** One `path` block of a policy. */
export interface PolicyPathBlock {
  readonly path: string;
  /** The `capabilities` list as written (undefined when absent; non-strings kept to be reported). */
  readonly capabilities?: unknown[];
  /** The legacy `policy = "read"` shorthand, if written. */
  readonly legacy?: unknown;
}

const ESCAPES: Record<string, string> = { 'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\' };
/** An unquoted word (identifier, number, bool), matched at a position. */
const WORD = /[A-Za-z0-9_.+-]+/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new ValidationError('unterminated comment');
      i = end + 2;
    } else if (c === '"') {
      i = readString(text, i, tokens);
    } else if (c === '<' && text[i + 1] === '<') {
      i = readHeredoc(text, i, tokens);
    } else if ('{}[]=,'.includes(c)) {
      tokens.push({ type: 'punct', value: c });
      i++;
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(text);
      if (!word) throw new ValidationError(`unexpected character ${JSON.stringify(c)}`);
      tokens.push({ type: 'ident', value: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

/** Reads the quoted string starting at `start` (its `"`) into `tokens`; returns the index after its closing `"`. */
function readString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  let depth = 0;
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new ValidationError('unterminated string');
    const d = text[i];
    if (d === '\\') {
      const next = text[i + 1];
      if (next === undefined) throw new ValidationError('unterminated string');
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    if (d === '"' && depth === 0) break;
    if (d === '\n' && depth === 0) throw new ValidationError('newline in a string');
    if (d === '$' && text[i + 1] === '{') depth++;
    else if (d === '}' && depth > 0) depth--;
    value += d;
    i++;
  }
  tokens.push({ type: 'string', value });
  return i + 1;
}

/** Reads the heredoc starting at `start` (its `<<`) into `tokens`; returns the index after its closing line. */
function readHeredoc(text: string, start: number, tokens: Token[]): number {
  const header = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(start));
  if (!header) throw new ValidationError('malformed heredoc');
  let i = start + header[0].length;
  const lines: string[] = [];
  for (;;) {
    if (i >= text.length) throw new ValidationError('unterminated heredoc');
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const line = text.slice(i, end).replace(/\r$/, '');
    i = end + 1;
    if (line.trim() === header[1]) break;
    lines.push(line);
  }
  tokens.push({ type: 'string', value: lines.join('\n') });
  return i;
}

class Parser {
  private at = 0;
  public constructor(private readonly tokens: Token[]) {}

  public body(nested: boolean): Item[] {
    const items: Item[] = [];
    for (;;) {
      const token = this.tokens[this.at];
      if (token === undefined) {
        if (nested) throw new ValidationError('missing \'}\'');
        return items;
      }
      if (token.type === 'punct' && token.value === '}') {
        if (!nested) throw new ValidationError('unexpected \'}\'');
        this.at++;
        return items;
      }
      const keys: string[] = [];
      while (this.tokens[this.at] !== undefined && this.tokens[this.at].type !== 'punct') keys.push(this.tokens[this.at++].value);
      if (keys.length === 0) throw new ValidationError(`unexpected ${JSON.stringify(this.tokens[this.at].value)}`);
      const next = this.tokens[this.at];
      if (next?.type === 'punct' && next.value === '=') {
        this.at++;
        items.push({ keys, value: this.value() });
      } else if (next?.type === 'punct' && next.value === '{') {
        this.at++;
        items.push({ keys, value: { kind: 'object', items: this.body(true) } });
      } else {
        throw new ValidationError(`expected '=' or '{' after ${keys.join(' ')}`);
      }
      if (this.tokens[this.at]?.type === 'punct' && this.tokens[this.at].value === ',') this.at++;
    }
  }

  private value(): Value {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new ValidationError('missing value');
    if (token.type === 'string' || token.type === 'ident') return { kind: token.type, value: token.value };
    if (token.value === '{') return { kind: 'object', items: this.body(true) };
    if (token.value !== '[') throw new ValidationError(`unexpected ${JSON.stringify(token.value)}`);
    const items: Value[] = [];
    for (;;) {
      const next = this.tokens[this.at];
      if (next === undefined) throw new ValidationError('missing \']\'');
      if (next.type === 'punct' && next.value === ']') {
        this.at++;
        return { kind: 'list', items };
      }
      items.push(this.value());
      const sep = this.tokens[this.at];
      if (sep?.type === 'punct' && sep.value === ',') this.at++;
      else if (!(sep?.type === 'punct' && sep.value === ']')) throw new ValidationError('expected \',\' or \']\' in a list');
    }
  }
}

function plain(value: Value): unknown {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'ident':
      return value.value;
    case 'list':
      return value.items.map(plain);
    default:
      return Object.fromEntries(value.items.map(i => [i.keys.join(' '), plain(i.value)]));
  }
}

function blockOf(path: string, body: unknown): PolicyPathBlock {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError(`path "${path}" has no block`);
  const b = body as Record<string, unknown>;
  const capabilities = b.capabilities;
  return {
    path,
    capabilities: capabilities === undefined ? undefined : Array.isArray(capabilities) ? capabilities : [capabilities],
    ...b.policy !== undefined ? { legacy: b.policy } : {},
  };
}

function fromHcl(text: string): PolicyPathBlock[] {
  const items = new Parser(tokenize(text)).body(false);
  const blocks: PolicyPathBlock[] = [];
  for (const item of items) {
    if (item.keys[0] !== 'path') continue;
    if (item.keys.length === 2) {
      blocks.push(blockOf(item.keys[1], plain(item.value)));
    } else if (item.keys.length === 1) {
      const objects = item.value.kind === 'list' ? item.value.items : [item.value];
      for (const object of objects) {
        if (object.kind !== 'object') throw new ValidationError('path is neither a block nor a map of blocks');
        for (const inner of object.items) {
          if (inner.keys.length !== 1) throw new ValidationError(`unexpected labels ${inner.keys.join(' ')} under path`);
          blocks.push(blockOf(inner.keys[0], plain(inner.value)));
        }
      }
    } else {
      throw new ValidationError(`path ${item.keys.slice(1).map(k => JSON.stringify(k)).join(' ')} has more than one label`);
    }
  }
  return blocks;
}

function fromJson(text: string): PolicyPathBlock[] {
  const parsed = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ValidationError('the JSON policy is not an object');
  const paths = parsed.path;
  const maps = paths === undefined ? [] : Array.isArray(paths) ? paths : [paths];
  return maps.flatMap((map: unknown) => {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new ValidationError('path is not a map of blocks');
    return Object.entries(map as Record<string, unknown>).map(([path, body]) => blockOf(path, body));
  });
}

/** The `path` blocks of a policy written in HCL or JSON; throws with the reason when Vault could not parse it. */
export function parsePolicyPaths(text: string): PolicyPathBlock[] {
  return text.trimStart().startsWith('{') ? fromJson(text) : fromHcl(text);
}
