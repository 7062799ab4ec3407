/**
 * Go RE2 as ESO reads it (`regexp.MatchString`): parsed the way Go's `regexp/syntax` does with its Perl flags,
 * translated to a JavaScript `RegExp`, and matched with an automaton (linear time, whatever the pattern).
 */

import { cleanRanges, foldRanges, MAX_RUNE, negateRanges, PERL_CLASSES, POSIX_CLASSES, Ranges, rangesHas, unicodeTable } from './charsets';
import { ValidationError } from '../errors';

type AssertKind = 'bot' | 'eot' | 'bol' | 'eol' | 'wordb' | 'nwordb';

/** The parse tree of an RE2 pattern; captures are dropped (only matching matters), characters are code point sets. */
type Node =
  | { readonly t: 'set'; readonly ranges: Ranges }
  | { readonly t: 'assert'; readonly kind: AssertKind }
  | { readonly t: 'cat'; readonly items: Node[] }
  | { readonly t: 'alt'; readonly items: Node[] }
  | { readonly t: 'repeat'; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean; readonly counted: boolean };

interface ReFlags {
  /** Case-insensitive. */
  i: boolean;
  /** Multi-line: `^` and `$` match at line breaks. */
  m: boolean;
  /** `.` matches `\n`. */
  s: boolean;
  /** Ungreedy: `x*` and `x*?` swap meaning. */
  U: boolean;
}

const ch = (s: string) => s.codePointAt(0)!;
const C = {
  bar: ch('|'),
  lpar: ch('('),
  rpar: ch(')'),
  lbr: ch('['),
  rbr: ch(']'),
  lbrace: ch('{'),
  rbrace: ch('}'),
  star: ch('*'),
  plus: ch('+'),
  q: ch('?'),
  dot: ch('.'),
  caret: ch('^'),
  dollar: ch('$'),
  bs: ch('\\'),
  colon: ch(':'),
  minus: ch('-'),
  comma: ch(','),
  lt: ch('<'),
  gt: ch('>'),
  eq: ch('='),
  bang: ch('!'),
};
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isOctal = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x37;
const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const hexValue = (c: number | undefined) => {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
};

/** Go's maximum repeat count and nesting depth. */
const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

/** A pattern Go's regexp.Compile rejects (or this translator cannot express); the message says why. */
// a ValidationError, so callers that let it through report it like every other check
class Re2SyntaxError extends ValidationError {}

/**
 * A recursive descent parser mirroring Go's regexp/syntax with the Perl flags regexp.Compile uses (ClassNL,
 * OneLine, PerlX, UnicodeGroups): same accepted syntax, same errors for what RE2 lacks.
 */
class Re2Parser {
  private readonly cps: number[];
  private pos = 0;

  public constructor(source: string) {
    this.cps = Array.from(source, c => c.codePointAt(0)!);
  }

  public parse(): Node {
    const node = this.alternation({ i: false, m: false, s: false, U: false }, 0);
    if (this.pos < this.cps.length) throw this.fail('unexpected ): it closes no group');
    return node;
  }

  private fail(message: string): Re2SyntaxError {
    return new Re2SyntaxError(message);
  }

  private peek(offset = 0): number | undefined {
    return this.cps[this.pos + offset];
  }

  private text(from: number, to: number): string {
    return String.fromCodePoint(...this.cps.slice(from, to));
  }

  private alternation(flags: ReFlags, depth: number): Node {
    if (depth > MAX_DEPTH) throw this.fail('expression nests too deeply');
    const branches = [this.concat(flags, depth)];
    while (this.peek() === C.bar) {
      this.pos++;
      branches.push(this.concat(flags, depth));
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', items: branches };
  }

  private concat(flags: ReFlags, depth: number): Node {
    const items: Node[] = [];
    let lastWasRepeat = false;
    while (this.pos < this.cps.length) {
      const c = this.cps[this.pos];
      if (c === C.bar || c === C.rpar) break;
      if (c === C.star || c === C.plus || c === C.q) {
        const start = this.pos++;
        const [min, max] = c === C.star ? [0, -1] : c === C.plus ? [1, -1] : [0, 1];
        this.repeat(items, flags, min, max, false, start, lastWasRepeat);
        lastWasRepeat = true;
        continue;
      }
      if (c === C.lbrace) {
        const start = this.pos;
        const counts = this.repeatCounts();
        if (counts) {
          const [min, max] = counts;
          if (min < 0 || max < -1 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw this.fail(`invalid repeat count ${this.text(start, this.pos)} (counts go up to ${MAX_REPEAT}, minimum first)`);
          }
          this.repeat(items, flags, min, max, true, start, lastWasRepeat);
          lastWasRepeat = true;
          continue;
        }
        // a brace that is no repeat count is a literal
        this.pos++;
        items.push(this.literal(c, flags));
        lastWasRepeat = false;
        continue;
      }
      lastWasRepeat = false;
      this.atom(items, flags, depth);
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  /**
   * `{n}`, `{n,}` or `{n,m}` at the current position (max -1: unbounded; a count too large to parse: -2), or
   * undefined when the brace starts no repeat count (then it is a literal).
   */
  private repeatCounts(): [number, number] | undefined {
    const save = this.pos;
    const int = (): number | undefined => {
      if (!isDigit(this.peek())) return undefined;
      // Go refuses leading zeros
      if (this.peek() === 0x30 && isDigit(this.peek(1))) return undefined;
      let n = 0;
      while (isDigit(this.peek())) {
        n = n < 0 || n >= 1e8 ? -2 : n * 10 + this.cps[this.pos] - 0x30;
        this.pos++;
      }
      return n;
    };
    this.pos++;
    const min = int();
    let max: number | undefined = min;
    if (min !== undefined && this.peek() === C.comma) {
      this.pos++;
      max = this.peek() === C.rbrace ? -1 : int();
    }
    if (min === undefined || max === undefined || this.peek() !== C.rbrace) {
      this.pos = save;
      return undefined;
    }
    this.pos++;
    return [min, max];
  }

  private repeat(items: Node[], flags: ReFlags, min: number, max: number, counted: boolean, start: number, lastWasRepeat: boolean): void {
    let greedy = true;
    if (this.peek() === C.q) {
      this.pos++;
      greedy = false;
    }
    const op = this.text(start, this.pos);
    if (lastWasRepeat) throw this.fail(`invalid nested repetition operator ${op}: RE2 has no possessive or stacked repeats; group the operand instead`);
    if (items.length === 0) throw this.fail(`missing argument to repetition operator ${op}`);
    const node: Node = { t: 'repeat', node: items[items.length - 1], min, max, greedy: greedy !== flags.U, counted };
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      throw this.fail(`invalid repeat count ${op}: nested counts multiply beyond ${MAX_REPEAT}`);
    }
    items[items.length - 1] = node;
  }

  private literal(c: number, flags: ReFlags): Node {
    return { t: 'set', ranges: flags.i ? foldRanges([c, c]) : [c, c] };
  }

  private atom(items: Node[], flags: ReFlags, depth: number): void {
    const c = this.cps[this.pos];
    if (c === C.lpar) {
      this.group(items, flags, depth);
    } else if (c === C.lbr) {
      this.pos++;
      items.push({ t: 'set', ranges: this.charClass(flags) });
    } else if (c === C.dot) {
      this.pos++;
      items.push({ t: 'set', ranges: flags.s ? [0, MAX_RUNE] : [0, 9, 11, MAX_RUNE] });
    } else if (c === C.caret) {
      this.pos++;
      items.push({ t: 'assert', kind: flags.m ? 'bol' : 'bot' });
    } else if (c === C.dollar) {
      this.pos++;
      items.push({ t: 'assert', kind: flags.m ? 'eol' : 'eot' });
    } else if (c === C.bs) {
      this.escapeAtom(items, flags);
    } else {
      this.pos++;
      items.push(this.literal(c, flags));
    }
  }

  private group(items: Node[], flags: ReFlags, depth: number): void {
    const start = this.pos;
    this.pos++;
    let inner: ReFlags = { ...flags };
    if (this.peek() === C.q) {
      const rest = this.text(this.pos, Math.min(this.cps.length, this.pos + 4));
      if (rest.startsWith('?=') || rest.startsWith('?!')) throw this.fail(`lookahead (${rest.slice(0, 2)}, which RE2 does not support`);
      if (rest.startsWith('?<=') || rest.startsWith('?<!')) throw this.fail(`lookbehind (${rest.slice(0, 3)}, which RE2 does not support`);
      if (rest.startsWith('?P=')) throw this.fail('a backreference (?P=name), which RE2 does not support');
      if (rest.startsWith('?P>')) throw this.fail('recursion (?P>name), which RE2 does not support');
      if (rest.startsWith('?P<') || rest.startsWith('?<')) {
        const nameStart = this.pos + (rest.startsWith('?P<') ? 3 : 2);
        let end = nameStart;
        while (end < this.cps.length && this.cps[end] !== C.gt) end++;
        const name = this.text(nameStart, end);
        if (end >= this.cps.length || !/^[A-Za-z0-9_]+$/.test(name)) {
          throw this.fail(`invalid named capture ${this.text(start, Math.min(end + 1, this.cps.length))}: a name is letters, digits and _`);
        }
        this.pos = end + 1;
      } else {
        // flags: (?i) (?-s) (?im-sU:...)
        this.pos++;
        const next = { ...flags };
        let sign = 1;
        let sawFlag = false;
        for (;;) {
          const f = this.peek();
          if (f === undefined) throw this.fail(`missing closing ) after ${this.text(start, this.pos)}`);
          this.pos++;
          const letter = String.fromCodePoint(f);
          if (letter === 'i' || letter === 'm' || letter === 's' || letter === 'U') {
            next[letter] = sign > 0;
            sawFlag = true;
          } else if (f === C.minus && sign > 0) {
            sign = -1;
            sawFlag = false;
          } else if ((f === C.colon || f === C.rpar) && (sign > 0 || sawFlag)) {
            if (f === C.rpar) {
              // (?flags) changes the flags of the rest of the enclosing group
              Object.assign(flags, next);
              return;
            }
            inner = next;
            break;
          } else {
            const what = this.text(start, this.pos);
            const known: Record<string, string> = { '#': 'comments', '>': 'atomic groups', '|': 'branch reset', '(': 'conditionals', '+': 'possessive groups' };
            const kind = known[what.slice(2, 3)];
            throw this.fail(kind ? `${kind} ${what}, which RE2 does not support` : `invalid or unsupported Perl syntax ${what}`);
          }
        }
      }
    }
    const node = this.alternation(inner, depth + 1);
    if (this.peek() !== C.rpar) throw this.fail(`missing closing ) for the group at offset ${start}`);
    this.pos++;
    items.push(node);
  }

  private escapeAtom(items: Node[], flags: ReFlags): void {
    const e = this.peek(1);
    const letter = e === undefined ? '' : String.fromCodePoint(e);
    const assertions: Record<string, AssertKind> = { A: 'bot', z: 'eot', b: 'wordb', B: 'nwordb' };
    if (assertions[letter]) {
      this.pos += 2;
      items.push({ t: 'assert', kind: assertions[letter] });
      return;
    }
    if (letter === 'C') throw this.fail('invalid escape \\C (any byte), which RE2 does not support');
    if (letter === 'Q') {
      this.pos += 2;
      while (this.pos < this.cps.length) {
        if (this.peek() === C.bs && this.peek(1) === ch('E')) {
          this.pos += 2;
          break;
        }
        items.push(this.literal(this.cps[this.pos++], flags));
      }
      return;
    }
    const cls = this.classEscape(flags);
    if (cls) {
      items.push({ t: 'set', ranges: cls });
      return;
    }
    items.push(this.literal(this.escape(), flags));
  }

  /** `\d \D \s \S \w \W \pL \p{Greek} \P{^Greek}` at the current position, folded under (?i), or undefined. */
  private classEscape(flags: ReFlags): Ranges | undefined {
    if (this.peek() !== C.bs) return undefined;
    const e = this.peek(1);
    if (e === undefined) return undefined;
    const letter = String.fromCodePoint(e);
    if (PERL_CLASSES[letter.toLowerCase()] && 'dDsSwW'.includes(letter)) {
      this.pos += 2;
      return item(PERL_CLASSES[letter.toLowerCase()], letter !== letter.toLowerCase(), flags.i);
    }
    if (letter !== 'p' && letter !== 'P') return undefined;
    const start = this.pos;
    this.pos += 2;
    let negate = letter === 'P';
    let name: string;
    if (this.peek() === C.lbrace) {
      let end = this.pos;
      while (end < this.cps.length && this.cps[end] !== C.rbrace) end++;
      if (end >= this.cps.length) throw this.fail(`invalid character class range ${this.text(start, end)}: missing }`);
      name = this.text(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      if (this.peek() === undefined) throw this.fail(`invalid character class range ${this.text(start, this.pos)}`);
      name = String.fromCodePoint(this.cps[this.pos++]);
    }
    if (name.startsWith('^')) {
      negate = !negate;
      name = name.slice(1);
    }
    const table = unicodeTable(name);
    if (!table) throw this.fail(`invalid character class range ${this.text(start, this.pos)}: unknown Unicode category or script`);
    return item(table, negate, flags.i);
  }

  /** A single-character escape (after `\`): octal, hex, C escapes, escaped punctuation. */
  private escape(): number {
    const start = this.pos;
    this.pos++;
    const e = this.peek();
    if (e === undefined) throw this.fail('trailing backslash at the end of the pattern');
    this.pos++;
    if (e < 0x80 && !isAsciiAlnum(e)) return e;
    const letter = String.fromCodePoint(e);
    if (e >= 0x31 && e <= 0x37 && !isOctal(this.peek())) {
      throw this.fail(`a backreference \\${letter}, which RE2 does not support`);
    }
    if (e >= 0x30 && e <= 0x37) {
      let r = e - 0x30;
      for (let k = 1; k < 3 && isOctal(this.peek()); k++) r = r * 8 + this.cps[this.pos++] - 0x30;
      return r;
    }
    if (letter === '8' || letter === '9') throw this.fail(`a backreference \\${letter}, which RE2 does not support`);
    if (letter === 'x') {
      if (this.peek() === C.lbrace) {
        this.pos++;
        let r = 0;
        let digits = 0;
        while (this.peek() !== C.rbrace) {
          const v = hexValue(this.peek());
          if (v < 0) throw this.fail(`invalid escape ${this.text(start, this.pos + 1)}`);
          r = r * 16 + v;
          if (r > MAX_RUNE) throw this.fail(`invalid escape ${this.text(start, this.pos + 1)}: beyond U+10FFFF`);
          digits++;
          this.pos++;
        }
        this.pos++;
        if (digits === 0) throw this.fail('invalid escape \\x{}');
        return r;
      }
      const x = hexValue(this.peek());
      const y = hexValue(this.peek(1));
      if (x < 0 || y < 0) throw this.fail(`invalid escape ${this.text(start, Math.min(this.pos + 2, this.cps.length))}: \\x takes two hex digits or {hex}`);
      this.pos += 2;
      return x * 16 + y;
    }
    const controls: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (controls[letter] !== undefined) return controls[letter];
    if (letter === 'k') throw this.fail('a backreference \\k, which RE2 does not support');
    const known: Record<string, string> = { Z: '\\Z (use \\z)', G: '\\G', K: '\\K', R: '\\R', X: '\\X', h: '\\h', u: '\\u (use \\x{...})', N: '\\N' };
    throw this.fail(`invalid escape ${known[letter] ?? `\\${letter}`}, which RE2 does not support`);
  }

  /** A bracketed class after `[`, as Go's parseClass reads it. */
  private charClass(flags: ReFlags): Ranges {
    const open = this.pos - 1;
    let negated = false;
    if (this.peek() === C.caret) {
      negated = true;
      this.pos++;
    }
    const pairs: number[] = [];
    for (let first = true; ; first = false) {
      const c = this.peek();
      if (c === undefined) throw this.fail(`missing closing ] for the class at offset ${open}`);
      if (c === C.rbr && !first) {
        this.pos++;
        break;
      }
      if (c === C.lbr && this.peek(1) === C.colon) {
        let end = this.pos + 2;
        while (end + 1 < this.cps.length && !(this.cps[end] === C.colon && this.cps[end + 1] === C.rbr)) end++;
        if (end + 1 < this.cps.length) {
          let name = this.text(this.pos + 2, end);
          const negate = name.startsWith('^');
          if (negate) name = name.slice(1);
          if (!POSIX_CLASSES[name]) throw this.fail(`invalid character class range [:${this.text(this.pos + 2, end)}:]`);
          this.pos = end + 2;
          pairs.push(...item(POSIX_CLASSES[name], negate, flags.i));
          continue;
        }
      }
      const cls = this.classEscape(flags);
      if (cls) {
        pairs.push(...cls);
        continue;
      }
      const lo = this.classChar(open);
      let hi = lo;
      if (this.peek() === C.minus && this.peek(1) !== undefined && this.peek(1) !== C.rbr) {
        this.pos++;
        hi = this.classChar(open);
        if (hi < lo) throw this.fail(`invalid character class range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
      }
      pairs.push(...flags.i ? foldRanges([lo, hi]) : [lo, hi]);
    }
    const ranges = cleanRanges(pairs);
    return negated ? negateRanges(ranges) : ranges;
  }

  private classChar(open: number): number {
    const c = this.peek();
    if (c === undefined) throw this.fail(`missing closing ] for the class at offset ${open}`);
    if (c === C.bs) return this.escape();
    this.pos++;
    return c;
  }
}

/** A class item: folded first, then negated (Go folds the group, then negates it). */
function item(ranges: Ranges, negate: boolean, fold: boolean): Ranges {
  const folded = fold ? foldRanges(ranges) : ranges;
  return negate ? negateRanges(folded) : folded;
}

/** Go's repeatIsValid: nested counted repeats may not multiply beyond `n` copies. */
function repeatIsValid(node: Node, n: number): boolean {
  let budget = n;
  if (node.t === 'repeat' && node.counted) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > budget) return false;
    if (m > 0) budget = Math.floor(budget / m);
  }
  const children = node.t === 'repeat' ? [node.node] : node.t === 'cat' || node.t === 'alt' ? node.items : [];
  return children.every(child => repeatIsValid(child, budget));
}

// ========================================================================================= RE2 → JavaScript

function codePointEscape(c: number): string {
  return isAsciiAlnum(c) ? String.fromCodePoint(c) : `\\u{${c.toString(16)}}`;
}

function emitSet(ranges: Ranges): string {
  if (ranges.length === 2 && ranges[0] === ranges[1]) return codePointEscape(ranges[0]);
  if (ranges.length === 2 && ranges[0] === 0 && ranges[1] === MAX_RUNE) return '[^]';
  let body = '';
  for (let i = 0; i < ranges.length; i += 2) {
    body += ranges[i] === ranges[i + 1] ? codePointEscape(ranges[i]) : `${codePointEscape(ranges[i])}-${codePointEscape(ranges[i + 1])}`;
  }
  return `[${body}]`;
}

const ASSERTIONS_JS: Record<AssertKind, string> = {
  // the RegExp has no 'm' flag, so ^ and $ are the ends of the text; RE2's (?m) lines end at \n only
  bot: '^', eot: '$', bol: '(?<![^\\n])', eol: '(?![^\\n])', wordb: '\\b', nwordb: '\\B',
};

function emit(node: Node): string {
  switch (node.t) {
    case 'set': return emitSet(node.ranges);
    case 'assert': return ASSERTIONS_JS[node.kind];
    case 'cat': return node.items.map(emit).join('');
    case 'alt': return `(?:${node.items.map(emit).join('|')})`;
    case 'repeat': {
      const q = node.min === 0 && node.max === -1 ? '*' : node.min === 1 && node.max === -1 ? '+' : node.min === 0 && node.max === 1 ? '?'
        : node.max === -1 ? `{${node.min},}` : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`;
      return `(?:${emit(node.node)})${q}${node.greedy ? '' : '?'}`;
    }
  }
}

// ============================================================================ RE2 automaton (linear matching)

export type NState =
  | { kind: 'char'; ranges: Ranges; out: number }
  | { kind: 'split'; outs: number[] }
  | { kind: 'assert'; assert: AssertKind; out: number }
  | { kind: 'match' };

export interface Nfa {
  readonly states: NState[];
  readonly start: number;
}

/** A pattern whose automaton exceeds the budget of this module; callers fall back to sampling. */
export class TooLarge extends Error {}

const MAX_NFA = 20_000;

/** Thompson's construction; state 0 is the match. */
export function buildNfa(root: Node): Nfa {
  const states: NState[] = [{ kind: 'match' }];
  const add = (s: NState) => {
    if (states.length >= MAX_NFA) throw new TooLarge();
    states.push(s);
    return states.length - 1;
  };
  const compile = (node: Node, next: number): number => {
    switch (node.t) {
      case 'set': return add({ kind: 'char', ranges: node.ranges, out: next });
      case 'assert': return add({ kind: 'assert', assert: node.kind, out: next });
      case 'cat': return node.items.reduceRight((id, child) => compile(child, id), next);
      case 'alt': return add({ kind: 'split', outs: node.items.map(child => compile(child, next)) });
      case 'repeat': {
        let id = next;
        if (node.max < 0) {
          const loop = add({ kind: 'split', outs: [] });
          (states[loop] as { outs: number[] }).outs.push(compile(node.node, loop), next);
          id = loop;
        } else {
          for (let k = 0; k < node.max - node.min; k++) id = add({ kind: 'split', outs: [compile(node.node, id), next] });
        }
        for (let k = 0; k < node.min; k++) id = compile(node.node, id);
        return id;
      }
    }
  };
  const start = compile(root, 0);
  return { states, start };
}

/** What the assertions see between two characters. */
export interface Context {
  readonly atStart: boolean;
  readonly atEnd: boolean;
  readonly prevWord: boolean;
  readonly nextWord: boolean;
  readonly prevNewline: boolean;
  readonly nextNewline: boolean;
}

function assertHolds(kind: AssertKind, ctx: Context): boolean {
  switch (kind) {
    case 'bot': return ctx.atStart;
    case 'eot': return ctx.atEnd;
    case 'bol': return ctx.atStart || ctx.prevNewline;
    case 'eol': return ctx.atEnd || ctx.nextNewline;
    case 'wordb': return ctx.prevWord !== ctx.nextWord;
    case 'nwordb': return ctx.prevWord === ctx.nextWord;
  }
}

/** The char states reached from `ids` through splits and assertions that hold, whether `match` is, and the work done. */
export function closure(states: NState[], ids: number[], ctx: Context): { chars: number[]; matched: boolean; visited: number } {
  const seen = new Set<number>();
  const chars: number[] = [];
  let matched = false;
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const s = states[id];
    if (s.kind === 'match') matched = true;
    else if (s.kind === 'char') chars.push(id);
    else if (s.kind === 'split') stack.push(...s.outs);
    else if (assertHolds(s.assert, ctx)) stack.push(s.out);
  }
  return { chars, matched, visited: seen.size };
}

/** RE2's \b word characters: ASCII letters, digits and '_'. */
const isWordChar = (c: number | undefined) => c !== undefined && (isAsciiAlnum(c) || c === 0x5f);

/**
 * Go's MatchString by simulating the automaton over the text (no backtracking): time linear in the text times
 * the automaton, whatever the pattern, as RE2 guarantees.
 */
function nfaSearch(nfa: Nfa, text: string): boolean {
  const cps = Array.from(text, c => c.codePointAt(0)!);
  let pending: number[] = [];
  for (let pos = 0; pos <= cps.length; pos++) {
    const prev = cps[pos - 1];
    const next = cps[pos];
    const { chars, matched } = closure(nfa.states, [...pending, nfa.start], {
      atStart: pos === 0,
      atEnd: pos === cps.length,
      prevWord: isWordChar(prev),
      nextWord: isWordChar(next),
      prevNewline: prev === 10,
      nextNewline: next === 10,
    });
    if (matched) return true;
    if (next === undefined) break;
    pending = [...new Set(chars.flatMap(id => {
      const state = nfa.states[id] as { ranges: Ranges; out: number };
      return rangesHas(state.ranges, next) ? [state.out] : [];
    }))];
  }
  return false;
}

export interface Compiled {
  readonly node?: Node;
  readonly regex?: RegExp;
  readonly problem?: string;
  /** The automaton, built on first match; null when it is too large (then the RegExp matches). */
  nfa?: Nfa | null;
}

const COMPILED = new Map<string, Compiled>();
export const CACHE_LIMIT = 10_000;

export function compileRe2(pattern: string): Compiled {
  let compiled = COMPILED.get(pattern);
  if (compiled === undefined) {
    try {
      const node = new Re2Parser(pattern).parse();
      compiled = { node, regex: new RegExp(emit(node), 'u') };
    } catch (e) {
      compiled = { problem: (e as Error).message };
    }
    if (COMPILED.size >= CACHE_LIMIT) COMPILED.clear();
    COMPILED.set(pattern, compiled);
  }
  return compiled;
}

/** A linear-time matcher of a valid compiled pattern. */
export function matcherOf(compiled: Compiled): (text: string) => boolean {
  if (compiled.nfa === undefined) {
    try {
      compiled.nfa = buildNfa(compiled.node!);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      compiled.nfa = null;
    }
  }
  const nfa = compiled.nfa;
  return nfa === null ? text => compiled.regex!.test(text) : text => nfaSearch(nfa, text);
}

/**
 * Why Go's `regexp.Compile` would reject `pattern` (lookaround, backreferences, `\Z`, bad syntax), or undefined
 * when it is valid RE2.
 */
export function re2Problem(pattern: string): string | undefined {
  return compileRe2(pattern).problem;
}

/**
 * A Go RE2 pattern as a JavaScript RegExp (flag `u`) with the same matches: a leading or inline `(?i)`,
 * `(?m)`, `(?s)`, `(?U)` and `(?flags:...)` groups, `\A`, `\z`, `(?P<name>...)`, POSIX classes, `\pL` and
 * `\p{Greek}` are translated; `.` `\s` `\d` `\w` keep RE2's narrower meaning. Throws an Error naming what Go
 * would reject (lookaround, backreferences, `\Z`, possessive repeats, invalid syntax). JavaScript backtracks:
 * to match text you do not control, prefer `re2Matches`, which runs in linear time as RE2 does.
 */
export function re2ToRegExp(pattern: string): RegExp {
  const compiled = compileRe2(pattern);
  if (compiled.problem !== undefined) throw new ValidationError(compiled.problem);
  return compiled.regex!;
}

/**
 * Go's `regexp.MatchString(pattern, text)`: true when the pattern matches anywhere in `text` (unanchored); false
 * for a pattern Go rejects. Linear in the text, like RE2.
 */
export function re2Matches(pattern: string, text: string): boolean {
  const compiled = compileRe2(pattern);
  return compiled.problem === undefined && matcherOf(compiled)(text);
}
