/**
 * Patterns judged by what they match, not by how they are spelled. Shared by the compliance rules and the
 * constructors, so that both reach the same verdict:
 *
 * - Go RE2 (what ESO's `regexp.MatchString` reads in ClusterSecretStore `namespaceRegexes`) parsed the way Go's
 *   `regexp/syntax` does with its Perl flags, translated to a JavaScript `RegExp`, and turned into an automaton
 *   over the namespace alphabet to measure which share of all namespace names a pattern admits;
 * - the globs Argo CD matches with `github.com/gobwas/glob` (destinations, source namespaces, source repositories)
 *   and its repository URL normalization;
 * - remote keys as the secret manager's client reads them (Vault's client cleans the path) and the key prefix
 *   matched on a path boundary.
 *
 * Everything here is pure and deterministic (no locale, no clock, seeded pseudo-random probes).
 */

// ============================================================================================== code point sets

const MAX_RUNE = 0x10ffff;

/** Sorted, merged, inclusive code point ranges `[lo0, hi0, lo1, hi1, ...]`. */
type Ranges = number[];

function cleanRanges(pairs: number[]): Ranges {
  const items: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) items.push([pairs[i], pairs[i + 1]]);
  items.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [lo, hi] of items) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

function negateRanges(ranges: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > next) out.push(next, ranges[i] - 1);
    next = ranges[i + 1] + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

function rangesHas(ranges: Ranges, c: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (c < ranges[2 * mid]) hi = mid - 1;
    else if (c > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Simple case folding orbits (what RE2's `(?i)` and JavaScript's `/iu` compare): code points joined with their
 * single code point upper and lower case. U+0130 and U+0131 have no simple folding and stay alone.
 */
let foldOrbits: { keys: number[]; orbit: Map<number, number[]> } | undefined;

function orbits(): { keys: number[]; orbit: Map<number, number[]> } {
  if (foldOrbits) return foldOrbits;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: number, b: number) => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (let c = 0; c < 0x20000; c++) {
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x130 || c === 0x131) continue;
    const s = String.fromCodePoint(c);
    for (const t of [s.toLowerCase(), s.toUpperCase()]) {
      const cps = Array.from(t);
      if (t === s || cps.length !== 1) continue;
      const d = cps[0].codePointAt(0)!;
      if (d !== 0x130 && d !== 0x131) union(c, d);
    }
  }
  const groups = new Map<number, number[]>();
  for (const c of parent.keys()) {
    const r = find(c);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(c);
  }
  const orbit = new Map<number, number[]>();
  for (const members of groups.values()) {
    members.sort((a, b) => a - b);
    for (const c of members) orbit.set(c, members);
  }
  foldOrbits = { keys: [...orbit.keys()].sort((a, b) => a - b), orbit };
  return foldOrbits;
}

/** The ranges closed under simple case folding. */
function foldRanges(ranges: Ranges): Ranges {
  const { keys, orbit } = orbits();
  const extra: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    // first orbit key >= lo
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (keys[mid] < ranges[i]) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < keys.length && keys[k] <= ranges[i + 1]; k++) {
      for (const m of orbit.get(keys[k])!) extra.push(m, m);
    }
  }
  return extra.length === 0 ? ranges : cleanRanges([...ranges, ...extra]);
}

/** Go regexp/syntax perl_groups.go POSIX classes. */
const POSIX_CLASSES: Record<string, Ranges> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x0, 0x7f],
  blank: [0x9, 0x9, 0x20, 0x20],
  cntrl: [0x0, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x9, 0xd, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** RE2's Perl classes are ASCII only (`\s` is `[\t\n\f\r ]`, narrower than JavaScript's). */
const PERL_CLASSES: Record<string, Ranges> = {
  d: [0x30, 0x39],
  s: [0x9, 0xa, 0xc, 0xd, 0x20, 0x20],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};

/** Go's unicode.Categories. `C` there is Cc, Cf, Co and Cs (JavaScript's `\p{C}` also has unassigned code points). */
const GO_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

const unicodeTables = new Map<string, Ranges | undefined>();

/** The code points of a Unicode category or script as Go names them (`Any`, `Lu`, `Greek`), or undefined. */
function unicodeTable(name: string): Ranges | undefined {
  if (unicodeTables.has(name)) return unicodeTables.get(name);
  let table: Ranges | undefined;
  if (name === 'Any') {
    table = [0, MAX_RUNE];
  } else if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    let test: RegExp | undefined;
    try {
      test = name === 'C' ? /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u
        : new RegExp(GO_CATEGORIES.has(name) ? `\\p{${name}}` : `\\p{Script=${name}}`, 'u');
    } catch {
      test = undefined;
    }
    if (test) {
      const pairs: number[] = [];
      let start = -1;
      for (let c = 0; c <= MAX_RUNE + 1; c++) {
        const inside = c <= MAX_RUNE && !(c >= 0xd800 && c <= 0xdfff) && test.test(String.fromCodePoint(c));
        if (inside && start < 0) start = c;
        if (!inside && start >= 0) {
          pairs.push(start, c - 1);
          start = -1;
        }
      }
      table = pairs;
    }
  }
  unicodeTables.set(name, table);
  return table;
}

// =============================================================================================== RE2 parsing

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
class Re2SyntaxError extends Error {}

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

type NState =
  | { kind: 'char'; ranges: Ranges; out: number }
  | { kind: 'split'; outs: number[] }
  | { kind: 'assert'; assert: AssertKind; out: number }
  | { kind: 'match' };

interface Nfa {
  readonly states: NState[];
  readonly start: number;
}

/** A pattern whose automaton exceeds the budget of this module; callers fall back to sampling. */
class TooLarge extends Error {}

const MAX_NFA = 20_000;

/** Thompson's construction; state 0 is the match. */
function buildNfa(root: Node): Nfa {
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
interface Context {
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
function closure(states: NState[], ids: number[], ctx: Context): { chars: number[]; matched: boolean; visited: number } {
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

interface Compiled {
  readonly node?: Node;
  readonly regex?: RegExp;
  readonly problem?: string;
  /** The automaton, built on first match; null when it is too large (then the RegExp matches). */
  nfa?: Nfa | null;
}

const COMPILED = new Map<string, Compiled>();
const CACHE_LIMIT = 10_000;

function compileRe2(pattern: string): Compiled {
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
function matcherOf(compiled: Compiled): (text: string) => boolean {
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
  if (compiled.problem !== undefined) throw new Error(compiled.problem);
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

// ======================================================================== what a pattern admits: namespaces

/**
 * Well-known system namespaces: the cluster's own, OpenShift's, and those of Argo CD and ESO. Patterns are also
 * checked against the reserved families `kube-*`, `openshift-*` and `*-system` (see `SYSTEM_FAMILIES`).
 */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'default', 'kube-system', 'kube-public', 'kube-node-lease', 'openshift', 'openshift-gitops', 'openshift-config',
  'openshift-operators', 'argocd', 'external-secrets',
];

/**
 * Namespace families reserved for the platform: `kube-` (Kubernetes), `openshift-` (OpenShift) and the `-system`
 * suffix controllers use. A pattern reaches a family when it admits the family's made-up members (`kube-` and
 * `openshift-` followed by, or `-system` preceded by, names nobody listed): `*-system` and `kube-*` do,
 * `team-a-*` does not (it admits `team-a-system`, which belongs to the team).
 */
export const SYSTEM_FAMILIES: readonly string[] = ['kube-*', 'openshift-*', '*-system'];

/** The namespace alphabet: DNS-1123 labels are lowercase letters, digits and '-' (not first or last). */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const ALNUM = 36;
const MAX_LABEL = 63;

/**
 * A pattern is unscoped when, for some name length, it admits at least this share of all valid namespace names
 * of that length: between a pattern that fixes two characters (1/1369 of the names) and one that fixes three
 * (1/50653), so `^ci-.*$` is scoped and `^ab.*$`, `^[a-z0-9-]+$` or `.` are not.
 */
export const UNSCOPED_SHARE = Math.pow(ALPHABET.length, -2.5);

/** What a namespace pattern admits. */
export interface NamespaceReach {
  /** The largest share, over name lengths 1 to 63, of valid namespace names the pattern admits (0 to 1). */
  readonly share: number;
  /**
   * Whether it admits names nobody listed: at least `UNSCOPED_SHARE` of the names of some length, counting only
   * lengths where that share is at least 20 names (`^ab$` or `^(?:a|b|c)$` list names, they do not pattern them).
   */
  readonly unscoped: boolean;
  /** A name it admits: a made-up one when unscoped, else the shortest (undefined when it admits none). */
  readonly example?: string;
  /** The system namespaces it admits: those of `SYSTEM_NAMESPACES` and `extraSystem`, then the `SYSTEM_FAMILIES` it reaches. */
  readonly system: string[];
  /**
   * For a regex: whether every match must start at the beginning of the name and end at its end (`^...$`,
   * `\A...\z`). ESO and Argo CD's regexes match substrings, so an unanchored pattern also admits longer names.
   */
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
  /** When not anchored: a name it admits that extends a match at the start (`x-...`) or the end (`...-x`). */
  readonly longer?: string;
}

/** Park and Miller's minimal standard generator (exact in doubles): seeded, so the probes are the same on every run. */
function prng(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

function randomLabel(next: () => number, length: number): string {
  let out = '';
  for (let k = 0; k < length; k++) {
    const edge = k === 0 || k === length - 1;
    out += ALPHABET[Math.floor(next() * (edge ? ALNUM : ALPHABET.length))];
  }
  return out;
}

let corpus: string[] | undefined;

/**
 * A fixed corpus of made-up namespace names (seeded, 1000 names of lengths 1 to 63): names nobody listed. Used
 * for examples and when a pattern's automaton is too large to count exactly.
 */
export function namespaceCorpus(): readonly string[] {
  if (!corpus) {
    const next = prng(0x5eed);
    corpus = Array.from({ length: 1000 }, () => randomLabel(next, 1 + Math.floor(next() * MAX_LABEL)));
  }
  return corpus;
}

// --- automaton over the namespace alphabet

const MAX_DFA = 4_000;
/** Closure steps one analysis may take before it falls back to the corpus. */
const MAX_WORK = 5_000_000;

const isWordIndex = (k: number) => k < ALNUM;

/** Once a match was found every continuation matches: the absorbing state of `LabelAutomaton`. */
const ACCEPT = -1;

/**
 * The subset automaton of a pattern searched at every position (Go's MatchString) over the namespace alphabet,
 * built lazily. A state is the set of pending NFA states after the last char, whether a char was read yet and
 * whether it was a word char (for `\b`).
 */
class LabelAutomaton {
  public readonly initial: number;
  private readonly states: NState[];
  private readonly start: number;
  private readonly dstates: { pending: number[]; atStart: boolean; prevWord: boolean }[] = [];
  private readonly index = new Map<string, number>();
  private readonly transitions = new Map<number, number>();
  private readonly finals = new Map<number, boolean>();
  private readonly masks = new Map<number, boolean[]>();
  private work = 0;

  public constructor(nfa: Nfa) {
    this.states = nfa.states;
    this.start = nfa.start;
    this.initial = this.intern([], true, false);
  }

  /** The state after reading alphabet letter `k` (ACCEPT when a match ended before it). */
  public step(d: number, k: number): number {
    if (d === ACCEPT) return ACCEPT;
    const key = d * ALPHABET.length + k;
    let to = this.transitions.get(key);
    if (to === undefined) {
      const s = this.dstates[d];
      const ctx = { atStart: s.atStart, atEnd: false, prevWord: s.prevWord, nextWord: isWordIndex(k) };
      const { chars, matched } = this.close([...s.pending, this.start], ctx);
      const next = chars.flatMap(id => this.mask(id)[k] ? [(this.states[id] as { out: number }).out] : []);
      to = matched ? ACCEPT : this.intern(next, false, isWordIndex(k));
      this.transitions.set(key, to);
    }
    return to;
  }

  /** Whether the text read so far matched, looking at the end of the text. */
  public final(d: number): boolean {
    if (d === ACCEPT) return true;
    let ok = this.finals.get(d);
    if (ok === undefined) {
      const s = this.dstates[d];
      ok = this.close([...s.pending, this.start], { atStart: s.atStart, atEnd: true, prevWord: s.prevWord, nextWord: false }).matched;
      this.finals.set(d, ok);
    }
    return ok;
  }

  /** Whether no match can start after the first char. */
  public anchoredStart(): boolean {
    return [false, true].every(prevWord => [false, true].every(nextWord => [false, true].every(atEnd => {
      const c = this.close([this.start], { atStart: false, atEnd, prevWord, nextWord: nextWord && !atEnd });
      return c.chars.length === 0 && !c.matched;
    })));
  }

  /** Whether no match can end before the last char. */
  public anchoredEnd(): boolean {
    const afterChars = this.states.flatMap(s => s.kind === 'char' ? [s.out] : []);
    return [false, true].every(prevWord => [false, true].every(nextWord =>
      !this.close([this.start], { atStart: true, atEnd: false, prevWord: false, nextWord }).matched
      && !this.close([this.start, ...afterChars], { atStart: false, atEnd: false, prevWord, nextWord }).matched));
  }

  /** Whether the automaton accepts a name (over the namespace alphabet). */
  public accepts(name: string): boolean {
    let d = this.initial;
    for (const c of name) {
      const k = ALPHABET.indexOf(c);
      if (k < 0) return false;
      d = this.step(d, k);
    }
    return this.final(d);
  }

  /** A closure on a name: no '\n', so lines are the whole name. Counts the work against the budget. */
  private close(ids: number[], ctx: Omit<Context, 'prevNewline' | 'nextNewline'>): { chars: number[]; matched: boolean } {
    const result = closure(this.states, ids, { ...ctx, prevNewline: false, nextNewline: false });
    this.work += result.visited;
    if (this.work > MAX_WORK) throw new TooLarge();
    return result;
  }

  /** Which alphabet letters a char state takes. */
  private mask(id: number): boolean[] {
    let mask = this.masks.get(id);
    if (mask === undefined) {
      const ranges = (this.states[id] as { ranges: Ranges }).ranges;
      mask = [...ALPHABET].map(c => rangesHas(ranges, c.codePointAt(0)!));
      this.masks.set(id, mask);
    }
    return mask;
  }

  private intern(pending: number[], atStart: boolean, prevWord: boolean): number {
    const sorted = [...new Set(pending)].sort((a, b) => a - b);
    const key = `${sorted.join(',')}|${atStart ? 1 : 0}${prevWord ? 1 : 0}`;
    let id = this.index.get(key);
    if (id === undefined) {
      if (this.dstates.length >= MAX_DFA) throw new TooLarge();
      id = this.dstates.length;
      this.dstates.push({ pending: sorted, atStart, prevWord });
      this.index.set(key, id);
    }
    return id;
  }
}

/**
 * The largest share over lengths 1..63 of DNS-1123 labels the automaton accepts, by dynamic programming over its
 * states: the first and last char are alphanumeric, the others any of the 37 letters.
 */
function labelShare(a: LabelAutomaton): { share: number; broad: number } {
  let dist = new Map<number, number>([[a.initial, 1]]);
  let share = 0;
  let broad = 0;
  for (let length = 1; length <= MAX_LABEL && broad < 1; length++) {
    let total = 0;
    for (const [d, p] of dist) {
      for (let k = 0; k < ALNUM; k++) if (a.final(a.step(d, k))) total += p / ALNUM;
    }
    share = Math.max(share, total);
    // a share of few names is a list, not a pattern: ^ab$ is 1 of the 1296 two-character names
    if (total * labelCount(length) >= MIN_ADMITTED) broad = Math.max(broad, total);
    const width = length === 1 ? ALNUM : ALPHABET.length;
    const next = new Map<number, number>();
    for (const [d, p] of dist) {
      for (let k = 0; k < width; k++) {
        const to = a.step(d, k);
        next.set(to, (next.get(to) ?? 0) + p / width);
      }
    }
    dist = next;
  }
  return { share: Math.min(1, share), broad: Math.min(1, broad) };
}

/** How many valid namespace names have `length` characters (alphanumeric at both ends, '-' allowed inside). */
function labelCount(length: number): number {
  return length === 1 ? ALNUM : ALNUM * ALNUM * Math.pow(ALPHABET.length, length - 2);
}

/** The fewest names of one length a pattern must admit for its share of that length to count. */
const MIN_ADMITTED = 20;

/**
 * The shortest label (alphabet order among equals) the automaton accepts after `prefix` (read to reach `from`),
 * or, with `before` set, the shortest prefix after which a match has already ended before reading that letter.
 */
function shortestLabel(a: LabelAutomaton, from = a.initial, prefix = '', before?: number): string | undefined {
  let frontier = new Map<number, string>([[from, prefix]]);
  for (let length = prefix.length + 1; length <= MAX_LABEL && frontier.size > 0; length++) {
    for (const [d, text] of frontier) {
      if (before !== undefined) {
        if (text !== '' && a.step(d, before) === ACCEPT) return text;
      } else {
        for (let k = 0; k < ALNUM; k++) if (a.final(a.step(d, k))) return text + ALPHABET[k];
      }
    }
    const extended = new Map<number, string>();
    for (const [d, text] of frontier) {
      for (let k = 0; k < (length === 1 ? ALNUM : ALPHABET.length); k++) {
        const to = a.step(d, k);
        if (!extended.has(to)) extended.set(to, text + ALPHABET[k]);
      }
    }
    frontier = extended;
  }
  return undefined;
}

let familyProbes: { family: string; names: string[] }[] | undefined;

/** Made-up members of each reserved family (seeded). */
function systemFamilyProbes(): { family: string; names: string[] }[] {
  if (!familyProbes) {
    const next = prng(0xfa11);
    const made = Array.from({ length: 24 }, () => randomLabel(next, 3 + Math.floor(next() * 10)));
    familyProbes = [
      { family: 'kube-*', names: made.map(m => `kube-${m}`) },
      { family: 'openshift-*', names: made.map(m => `openshift-${m}`) },
      { family: '*-system', names: made.map(m => `${m}-system`) },
    ];
  }
  return familyProbes;
}

const REACH = new Map<string, NamespaceReach>();

function reachOf(pattern: string, compiled: Compiled, extraSystem: readonly string[]): NamespaceReach {
  const cacheKey = `${pattern}\n${extraSystem.join(',')}`;
  const cached = REACH.get(cacheKey);
  if (cached) return cached;
  let reach: Omit<NamespaceReach, 'example' | 'unscoped'> & { shortest?: string; broad: number };
  let matches: (name: string) => boolean;
  const X = ALPHABET.indexOf('x');
  const DASH = ALPHABET.indexOf('-');
  const systemOf = () => [
    ...[...new Set([...SYSTEM_NAMESPACES, ...extraSystem])].filter(matches),
    ...systemFamilyProbes().filter(f => f.names.some(matches)).map(f => f.family),
  ];
  try {
    const automaton = new LabelAutomaton(buildNfa(compiled.node!));
    matches = name => automaton.accepts(name);
    const anchoredStart = automaton.anchoredStart();
    const anchoredEnd = automaton.anchoredEnd();
    // a name that shows the missing anchor: x-<name> (a match after the start), <name>-x (one before the end)
    const afterStart = anchoredStart ? undefined : shortestLabel(automaton, automaton.step(automaton.step(automaton.initial, X), DASH), 'x-');
    const beforeEnd = anchoredEnd ? undefined : shortestLabel(automaton, automaton.initial, '', DASH);
    const both = afterStart !== undefined && beforeEnd !== undefined && `${afterStart}-x`.length <= MAX_LABEL ? `${afterStart}-x` : undefined;
    const { share, broad } = labelShare(automaton);
    reach = {
      share,
      broad,
      anchoredStart,
      anchoredEnd,
      shortest: shortestLabel(automaton),
      system: systemOf(),
      longer: both !== undefined && matches(both) ? both : afterStart ?? (beforeEnd === undefined ? undefined : `${beforeEnd}-x`),
    };
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
    // too large to count exactly: the made-up corpus decides (any hit is unscoped, the share is its hit rate);
    // anchoring is assumed absent
    matches = matcherOf(compiled);
    const hits = namespaceCorpus().filter(matches);
    const share = hits.length === 0 ? 0 : Math.max(UNSCOPED_SHARE, hits.length / namespaceCorpus().length);
    reach = { share, broad: share, anchoredStart: false, anchoredEnd: false, shortest: hits[0], system: systemOf() };
  }
  const unscoped = reach.broad >= UNSCOPED_SHARE;
  // a readable made-up example: the first corpus name of 6 to 20 characters it admits, else any
  const hits = unscoped ? namespaceCorpus().filter(matches) : [];
  const result: NamespaceReach = {
    share: reach.share,
    unscoped,
    example: hits.find(n => n.length >= 6 && n.length <= 20) ?? hits[0] ?? reach.shortest,
    system: reach.system,
    anchoredStart: reach.anchoredStart,
    anchoredEnd: reach.anchoredEnd,
    longer: reach.longer,
  };
  if (REACH.size >= CACHE_LIMIT) REACH.clear();
  REACH.set(cacheKey, result);
  return result;
}

/**
 * What a Go RE2 pattern admits among namespace names when matched as ESO does (`regexp.MatchString`, so
 * anywhere in the name). Throws when the pattern is not valid RE2 (see `re2Problem`).
 *
 * @param extraSystem more names to count as system namespaces (e.g. the Argo CD namespace of a project)
 */
export function namespaceRegexReach(pattern: string, extraSystem: readonly string[] = []): NamespaceReach {
  const compiled = compileRe2(pattern);
  if (compiled.problem !== undefined) throw new Error(compiled.problem);
  return reachOf(pattern, compiled, extraSystem);
}

/** A few system names, for messages. */
export function describeSystem(names: readonly string[]): string {
  const list = names.slice(0, 4);
  return `${list.join(', ')}${names.length > list.length ? ', ...' : ''}`;
}

/** Why a pattern's reach is too wide: every namespace or names nobody listed, with examples. */
function unscopedText(reach: NamespaceReach, what = 'namespace'): string {
  const every = reach.share >= 0.999;
  const system = reach.system.length > 0 ? `, and system namespaces ${describeSystem(reach.system)}` : '';
  return `${every ? `matches every ${what}` : `matches ${what}s nobody listed`} (e.g. ${reach.example}${system})`;
}

/**
 * What is wrong with a namespace regex of a ClusterSecretStore condition (ESO matches it anywhere in the name):
 * not valid RE2, admitting names nobody listed, or not anchored at both ends. Empty when it is a scoped,
 * anchored pattern such as `^team-[a-z]+$` or `^(?:team-a|team-b)$`.
 */
export function namespaceRegexProblems(pattern: string): string[] {
  const problem = re2Problem(pattern);
  if (problem !== undefined) return [`is not valid Go RE2 (${problem})`];
  const reach = namespaceRegexReach(pattern);
  if (reach.unscoped) return [unscopedText(reach)];
  if (reach.example !== undefined && (!reach.anchoredStart || !reach.anchoredEnd)) {
    const longer = reach.longer;
    const ends = !reach.anchoredStart && !reach.anchoredEnd ? 'at either end' : !reach.anchoredStart ? 'at the start (^)' : 'at the end ($)';
    return [`is not anchored ${ends}: it is matched anywhere in the name, so it also admits ${longer ?? 'longer names'}; anchor it as ^(?:...)$`];
  }
  return [];
}

// ======================================================================================== Argo CD globs

/** Glob metacharacters of github.com/gobwas/glob. */
const GLOB_META = /[*?[{\\]/;

/** Whether a string uses glob syntax. */
export function isGlob(value: string): boolean {
  return GLOB_META.test(value);
}

function re2Literal(c: string): string {
  return /[\\.+*?()|[\]{}^$]/.test(c) ? `\\${c}` : c;
}

/**
 * A gobwas/glob pattern as an anchored RE2 pattern. Without a separator `*` and `**` cross everything and `?`
 * is any one character; with one (Argo CD passes '/' for source repositories) `*` and `?` stop at it and only
 * `**` crosses it. `[abc]`, `[!a-z]`, `{a,b}` and `\` escapes follow gobwas. Throws on a glob gobwas rejects.
 */
export function globToRe2(glob: string, separator?: string): string {
  const cps = Array.from(glob);
  let i = 0;
  const sep = separator === undefined ? undefined : `[^${re2Literal(separator)}]`;
  const parse = (inBraces: boolean): string => {
    let out = '';
    while (i < cps.length) {
      const c = cps[i];
      if (inBraces && (c === ',' || c === '}')) return out;
      i++;
      if (c === '\\') {
        if (i >= cps.length) throw new Error(`glob ${JSON.stringify(glob)} ends with a backslash`);
        out += re2Literal(cps[i++]);
      } else if (c === '*') {
        if (cps[i] === '*') {
          while (cps[i] === '*') i++;
          out += '.*';
        } else {
          out += sep ? `${sep}*` : '.*';
        }
      } else if (c === '?') {
        out += sep ?? '.';
      } else if (c === '[') {
        let body = '';
        let negate = false;
        if (cps[i] === '!') {
          negate = true;
          i++;
        }
        let count = 0;
        while (i < cps.length && cps[i] !== ']') {
          let lo = cps[i++];
          if (lo === '\\') {
            if (i >= cps.length) break;
            lo = cps[i++];
          }
          let hi = lo;
          if (cps[i] === '-' && i + 1 < cps.length && cps[i + 1] !== ']') {
            i++;
            hi = cps[i++];
            if (hi === '\\' && i < cps.length) hi = cps[i++];
            if (hi.codePointAt(0)! < lo.codePointAt(0)!) throw new Error(`glob ${JSON.stringify(glob)} has an inverted range ${lo}-${hi}`);
          }
          body += lo === hi ? `\\x{${lo.codePointAt(0)!.toString(16)}}` : `\\x{${lo.codePointAt(0)!.toString(16)}}-\\x{${hi.codePointAt(0)!.toString(16)}}`;
          count++;
        }
        if (i >= cps.length) throw new Error(`glob ${JSON.stringify(glob)} has an unclosed [`);
        if (count === 0) throw new Error(`glob ${JSON.stringify(glob)} has an empty class []`);
        i++;
        out += `[${negate ? '^' : ''}${body}]`;
      } else if (c === '{') {
        const alternatives = [parse(true)];
        while (cps[i] === ',') {
          i++;
          alternatives.push(parse(true));
        }
        if (cps[i] !== '}') throw new Error(`glob ${JSON.stringify(glob)} has an unclosed {`);
        i++;
        out += `(?:${alternatives.join('|')})`;
      } else {
        out += re2Literal(c);
      }
    }
    return out;
  };
  const body = parse(false);
  return `(?s)^(?:${body})$`;
}

/**
 * Argo CD's glob match (`util/glob.Match`, with `AppProject`'s shortcut that `*` matches everything): false when
 * the glob does not compile, as Argo CD logs and moves on.
 */
export function argoGlobMatches(glob: string, value: string, separator?: string): boolean {
  if (glob === '*') return true;
  try {
    return re2Matches(globToRe2(glob, separator), value);
  } catch {
    return false;
  }
}

/**
 * What an Argo CD namespace glob (destinations, source namespaces) admits among namespace names. Throws when
 * gobwas would reject the glob.
 */
export function namespaceGlobReach(glob: string, extraSystem: readonly string[] = []): NamespaceReach {
  const pattern = globToRe2(glob);
  const compiled = compileRe2(pattern);
  if (compiled.problem !== undefined) throw new Error(compiled.problem);
  return reachOf(pattern, compiled, extraSystem);
}

/**
 * Argo CD's `git.NormalizeGitURL`: trimmed and lowercased, `user@host:path` rewritten to `user@host/path`, a
 * `.git` suffix and an `ssh://` scheme dropped. Both a project's `sourceRepos` entries and an Application's
 * `repoURL` are compared in this form.
 */
export function normalizeGitUrl(url: string): string {
  let repo = url.trim().toLowerCase();
  if (/^(ssh:\/\/)?([^/:]*?)@[^@]+$/.test(repo) && !repo.startsWith('ssh://')) {
    repo = `ssh://${repo.replace(':', '/')}`;
  }
  if (repo.endsWith('.git')) repo = repo.slice(0, -4);
  return repo.startsWith('ssh://') ? repo.slice('ssh://'.length) : repo;
}

/**
 * Why a `sourceRepos` entry of an AppProject reaches repositories of other owners, or undefined. Argo CD matches
 * normalized URLs with '/' as glob separator, and counts a `!` entry that does not match as a match
 * (`AppProject.IsSourcePermitted`), so a deny entry admits every other repository.
 */
export function sourceRepoProblem(entry: string): string | undefined {
  if (entry.startsWith('!')) {
    return `is a deny entry, and Argo CD counts a deny entry that does not match a repository as a match: the project accepts every repository but ${entry.slice(1)}`;
  }
  const normalized = normalizeGitUrl(entry);
  if (!isGlob(normalized)) return undefined;
  if (/^\**$/.test(normalized)) return 'is * (every repository)';
  const fixed = normalized.slice(0, normalized.search(GLOB_META));
  // scheme://[user@]host/owner/ must be fixed (ssh URLs are normalized to user@host/owner/...)
  const rest = fixed.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^[^/@]*@/, '');
  const host = /^[^/]+\//.exec(rest);
  if (!host) return `is a glob whose fixed part ${JSON.stringify(fixed)} does not name the host: it reaches repositories on any server`;
  if (!/^[^/]+\/[^/]+\//.test(rest)) {
    return `is a glob whose fixed part ${JSON.stringify(fixed)} stops before the owner: it reaches repositories of every owner on ${host[0].slice(0, -1)}`;
  }
  return undefined;
}

/** Whether `name` is a system namespace: a well-known one, one of `extra`, or a member of a reserved family. */
export function isSystemNamespace(name: string, extra: readonly string[] = []): boolean {
  return SYSTEM_NAMESPACES.includes(name) || extra.includes(name) || /^(kube|openshift)-./.test(name) || /.-system$/.test(name);
}

/**
 * Why an AppProject namespace entry reaches too far, or undefined. `destination` entries (`spec.destinations[]
 * .namespace`, a glob) say where Applications deploy: every namespace, names nobody listed and system namespaces
 * (including the Argo CD namespace `argoCdNamespace`) are too far, and a `!` entry admits every other namespace
 * (Argo CD counts a deny entry that does not match as a match, argoproj/argo-cd#21264). `source` entries
 * (`spec.sourceNamespaces[]`, a glob or a `/regex/` matched anywhere in the name) say whose Applications may use
 * the project; the Argo CD namespace is always allowed there, so only other system namespaces count.
 */
export function projectNamespaceProblem(entry: string, argoCdNamespace: string, field: 'destination' | 'source'): string | undefined {
  const extra = field === 'destination' ? [argoCdNamespace] : [];
  const system = (names: string[]) => names.filter(n => field === 'destination' || n !== argoCdNamespace);
  const verb = field === 'destination' ? 'reaches' : 'lets Applications in';
  const tail = field === 'destination' ? '' : ' use the project';
  if (field === 'source' && entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) {
    const pattern = entry.slice(1, -1);
    const problem = re2Problem(pattern);
    if (problem !== undefined) return `is a regular expression this library cannot judge (${problem}); write a glob or an RE2 pattern`;
    const reach = namespaceRegexReach(pattern, extra);
    if (reach.unscoped) return unscopedText({ ...reach, system: system(reach.system) });
    const anchoring = namespaceRegexProblems(pattern);
    if (anchoring.length > 0) return anchoring[0];
    const reached = system(reach.system);
    return reached.length > 0 ? `${verb} system namespaces ${describeSystem(reached)}${tail}` : undefined;
  }
  if (entry.startsWith('!')) {
    return field === 'destination'
      ? `is a deny entry, and Argo CD counts a deny entry that does not match as a match: it admits every namespace but ${entry.slice(1)}`
      : undefined;
  }
  if (!isGlob(entry)) {
    if (!isSystemNamespace(entry, extra) || (field === 'source' && entry === argoCdNamespace)) return undefined;
    return entry === argoCdNamespace ? `${verb} the Argo CD namespace ${entry}, where Argo CD keeps its projects and credentials${tail}`
      : `${verb} the system namespace ${entry}${tail}`;
  }
  let reach: NamespaceReach;
  try {
    reach = namespaceGlobReach(entry, extra);
  } catch {
    // a glob gobwas rejects matches nothing in Argo CD
    return undefined;
  }
  if (reach.unscoped) return unscopedText({ ...reach, system: system(reach.system) });
  const reached = system(reach.system);
  return reached.length > 0 ? `${verb} system namespaces ${describeSystem(reached)}${tail}` : undefined;
}

const SERVER_HITS = new Map<string, string>();

/** Made-up API server URLs (seeded), for judging server globs by what they match. */
let serverProbes: string[] | undefined;

function clusterServerProbes(): string[] {
  if (!serverProbes) {
    const next = prng(0xc105);
    const label = () => randomLabel(next, 3 + Math.floor(next() * 8));
    const octet = () => String(Math.floor(next() * 256));
    serverProbes = [];
    for (let k = 0; k < 40; k++) {
      serverProbes.push(
        `https://${label()}`,
        `https://${label()}:6443`,
        `https://api.${label()}.${label()}.com:6443`,
        `https://${label()}.${label()}.${label()}`,
        `https://${octet()}.${octet()}.${octet()}.${octet()}:6443`,
        `https://${label()}.${label()}.io/k8s/clusters/c-${label()}`,
        `http://${label()}:8080`,
      );
    }
  }
  return serverProbes;
}

/**
 * Why an AppProject destination's `server` or `name` reaches every cluster, or undefined: `*`, a glob that
 * matches made-up servers or cluster names, or a deny entry (Argo CD counts a deny entry that does not match as
 * a match, so `!x` admits every cluster but x).
 */
export function clusterPatternProblem(value: string, field: 'server' | 'name'): string | undefined {
  if (value.startsWith('!')) {
    return `is a deny entry, and Argo CD counts a deny entry that does not match a cluster as a match: it admits every cluster but ${value.slice(1)}`;
  }
  if (!isGlob(value)) return undefined;
  if (/^\**$/.test(value)) return 'is * (every cluster)';
  if (field === 'server') {
    let hit = SERVER_HITS.get(value);
    if (hit === undefined) {
      hit = clusterServerProbes().find(p => argoGlobMatches(value, p)) ?? '';
      if (SERVER_HITS.size >= CACHE_LIMIT) SERVER_HITS.clear();
      SERVER_HITS.set(value, hit);
    }
    return hit === '' ? undefined : `matches any cluster's server (e.g. ${hit})`;
  }
  let reach: NamespaceReach;
  try {
    reach = namespaceGlobReach(value);
  } catch {
    return undefined;
  }
  return reach.unscoped ? `matches cluster names nobody listed (e.g. ${reach.example})` : undefined;
}

// =============================================================================================== remote keys

/** How a provider's client reads a remote key. */
export interface RemoteKeyOptions {
  /**
   * The provider key of the store's `spec.provider` (`vault`, `aws`, `gcpsm`, `azurekv`, ...).
   *
   * @default - unknown: the key is read as a name, not a path
   */
  readonly provider?: string;
  /** Vault: the store's `path` (KV mount); ESO strips it (and `data/` for v2) from keys that start with it. */
  readonly vaultMount?: string;
  /** Vault: the KV version, `v1` or `v2` (the default). */
  readonly vaultVersion?: string;
}

/** A remote key as the provider reads it. */
export interface NormalizedKey {
  /** The key the provider reads. */
  readonly key: string;
  /** Why the key is refused regardless of the prefix (a `..` segment a name-based provider would not resolve). */
  readonly problem?: string;
  /** Whether the provider's client rewrote the key (so a finding should show both). */
  readonly rewritten: boolean;
}

/** Providers whose client treats the key as a URL path and cleans it (Go's path.Join). */
const PATH_CLEANING_PROVIDERS = new Set(['vault']);

function percentDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Go's path.Clean for a relative path: no empty or '.' segments, '..' removes the previous one or stays in front. */
function cleanPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/**
 * A remote key as the store's provider reads it. Vault: ESO drops a leading `<mount>/` (and `data/` on KV v2),
 * and the Vault client joins the path with Go's path.Join, which resolves `.` and `..`, collapses `//` and drops
 * a leading '/': `team-a/../team-b/db` reads `team-b/db`. Other providers take the key as a name: it is kept, but
 * a `..` segment (also percent-encoded) is refused as an attempt to leave the prefix.
 */
export function normalizeRemoteKey(key: string, options: RemoteKeyOptions = {}): NormalizedKey {
  if (!PATH_CLEANING_PROVIDERS.has(options.provider ?? '')) {
    const dots = key.split(/[/\\]/).some(s => percentDecoded(s) === '..');
    return { key, rewritten: false, problem: dots ? 'has a \'..\' segment, which this provider does not resolve: refused as an attempt to leave the prefix' : undefined };
  }
  let out = key;
  const mount = options.vaultMount?.replace(/^\/+|\/+$/g, '');
  if (mount) {
    if (out.startsWith(`${mount}/`)) {
      out = out.slice(mount.length + 1);
      if ((options.vaultVersion ?? 'v2') === 'v2' && out.startsWith('data/')) out = out.slice('data/'.length);
    }
  }
  const directory = /\/$/.test(out);
  let cleaned = cleanPath(out);
  if (directory && cleaned !== '' && cleaned !== '..' && !cleaned.endsWith('/..')) cleaned += '/';
  const climbs = cleaned === '..' || cleaned.startsWith('../');
  return {
    key: cleaned,
    rewritten: cleaned !== key,
    problem: climbs ? `climbs above the store's path (${cleaned} after Vault's client cleans it)` : undefined,
  };
}

/**
 * Whether `key` lies under `prefix` on a boundary: a prefix ending in '/', '-', '_', '.' or ':' is a boundary
 * itself (plain prefix match); otherwise the key is the prefix or continues with '/' (`team-a` admits `team-a`
 * and `team-a/x`, not `team-admin/x`).
 */
export function isWithinKeyPrefix(key: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (/[/\-_.:]$/.test(prefix)) return key.startsWith(prefix);
  return key === prefix || key.startsWith(`${prefix}/`);
}

/**
 * Why a remote key read or written through a store falls outside the store's key prefix (both read as the
 * provider reads them, see `normalizeRemoteKey`), or undefined when it stays inside.
 */
export function remoteKeyProblem(key: string, prefix: string, options: RemoteKeyOptions = {}): string | undefined {
  const normalized = normalizeRemoteKey(key, options);
  if (normalized.problem !== undefined) return normalized.problem;
  const bound = normalizeRemoteKey(prefix, options).key;
  if (isWithinKeyPrefix(normalized.key, bound)) return undefined;
  if (normalized.rewritten) return `reads ${normalized.key || '(the store\'s root)'} once Vault's client cleans the path, which is not under ${prefix}`;
  if (normalized.key.startsWith(bound)) {
    const segment = normalized.key.split('/')[bound.split('/').length - 1];
    return `is not under ${prefix}: it continues the prefix's last segment (${segment}) instead of starting with ${bound}/`;
  }
  return `does not start with ${prefix}`;
}
