/**
 * RE2 (Go regexp) patterns as JavaScript regexes, for CEL `matches` and the Kubernetes regex library
 * (k8s.io/apiserver/pkg/cel/library/regex.go: find, findAll). Both engines return the leftmost-first match, so
 * translating the syntax is enough: POSIX classes, \A \z \Q...\E, leading (?flags), and the spots where JS reads
 * the same text differently (RE2's `.` and `\s` are narrower; a `{` that is no repeat count is a literal).
 * The output uses the `u` flag, so it works on code points as RE2 does.
 */
import type { CelLibrary } from './environment';

/** Go regexp/syntax perl_groups.go, as inclusive code point ranges. */
const POSIX: Record<string, number[]> = {
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
/** RE2's \s is [\t\n\f\r ]; JS's also matches \v and Unicode spaces. */
const PERL_SPACE = [0x9, 0xa, 0xc, 0xd, 0x20, 0x20];
const JS_SYNTAX = '^$\\.*+?()[]{}|/';

const codePoint = (c: number) => `\\u{${c.toString(16)}}`;

/** Class body for the ranges, or for their complement over all code points. */
function classBody(ranges: number[], negate: boolean): string {
  let pairs = ranges;
  if (negate) {
    pairs = [];
    let next = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      if (ranges[i] > next) pairs.push(next, ranges[i] - 1);
      next = ranges[i + 1] + 1;
    }
    if (next <= 0x10ffff) pairs.push(next, 0x10ffff);
  }
  let body = '';
  for (let i = 0; i < pairs.length; i += 2) {
    body += pairs[i] === pairs[i + 1] ? codePoint(pairs[i]) : `${codePoint(pairs[i])}-${codePoint(pairs[i + 1])}`;
  }
  return body;
}

/** Translates an RE2 pattern; throws SyntaxError for what RE2 rejects or JS cannot express (mid-pattern flags). */
export function translateRE2(pattern: string): RegExp {
  const flags = new Set<string>();
  let p = pattern;
  for (let m; (m = /^\(\?([imsU]*)(?:-([imsU]*))?\)/.exec(p)) && (m[1] || m[2]); p = p.slice(m[0].length)) {
    [...m[1]].forEach(f => flags.add(f));
    [...m[2] ?? ''].forEach(f => flags.delete(f));
  }
  let i = 0;
  const fail = (msg: string) => new SyntaxError(`${msg} in RE2 pattern ${JSON.stringify(pattern)}`);
  const literal = (c: string, inClass: boolean) => JS_SYNTAX.includes(c) || (inClass && c === '-') ? `\\${c}` : c;

  /** A quantifier, its laziness flipped under (?U). */
  const quantifier = (q: string) => {
    const lazy = p[i] === '?';
    if (lazy) i++;
    return lazy !== flags.has('U') ? `${q}?` : q;
  };

  const escape = (inClass: boolean): string => {
    const e = p[i++];
    if (e === undefined) throw fail('trailing backslash');
    if ('dDwWftnrv'.includes(e)) return `\\${e}`;
    if (e === 'a') return codePoint(7);
    if (e === 's' || e === 'S') return inClass ? classBody(PERL_SPACE, e === 'S') : `[${e === 'S' ? '^' : ''}${classBody(PERL_SPACE, false)}]`;
    if (e === 'p' || e === 'P') {
      const m = /^\{(\^?)(\w+)\}|^[A-Za-z]/.exec(p.slice(i));
      if (!m) throw fail(`invalid character class range \\${e}`);
      i += m[0].length;
      const name = m[2] ?? m[0];
      const negate = (e === 'P') !== (m[1] === '^');
      // Go accepts Unicode categories (L, Lu...) and script names; JS spells scripts Script=Greek.
      return `\\${negate ? 'P' : 'p'}{${name === 'Any' || /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`}}`;
    }
    if (e === 'x') {
      const m = /^\{([0-9A-Fa-f]+)\}|^[0-9A-Fa-f]{2}/.exec(p.slice(i));
      if (!m || parseInt(m[1] ?? m[0], 16) > 0x10ffff) throw fail('invalid escape sequence \\x');
      i += m[0].length;
      return codePoint(parseInt(m[1] ?? m[0], 16));
    }
    if (e >= '0' && e <= '7') {
      // Octal; a lone \1-\7 would be a backreference, which RE2 does not have.
      const digits = /^[0-7]{0,2}/.exec(p.slice(i))![0];
      if (e !== '0' && !digits) throw fail(`invalid escape sequence \\${e}`);
      i += digits.length;
      return codePoint(parseInt(e + digits, 8));
    }
    if (!inClass) {
      if (e === 'b' || e === 'B') return `\\${e}`;
      if (e === 'A') return '(?<![^])';
      if (e === 'z') return '(?![^])';
      if (e === 'Q') {
        const end = p.indexOf('\\E', i);
        const quoted = p.slice(i, end < 0 ? undefined : end);
        i = end < 0 ? p.length : end + 2;
        return [...quoted].map(c => literal(c, false)).join('');
      }
    }
    // Any other ASCII character but a letter or digit stands for itself.
    if (e < '\x80' && !/[0-9A-Za-z]/.test(e)) return literal(e, inClass);
    throw fail(`invalid escape sequence \\${e}`);
  };

  const charClass = (): string => {
    let out = '[';
    if (p[i] === '^') {
      out += '^';
      i++;
    }
    // `]` first is a literal; RE2 reads `-` after a class like \d or [:alpha:] as a literal, JS rejects it.
    for (let first = true, afterSet = false; ; first = false) {
      const c = p[i++];
      if (c === undefined) throw fail('missing closing ]');
      if (c === ']' && !first) return `${out}]`;
      const wasSet = afterSet;
      afterSet = false;
      const posix = c === '[' ? /^:(\^?)(\w+):\]/.exec(p.slice(i)) : null;
      if (posix) {
        if (!POSIX[posix[2]]) throw fail(`invalid character class range [:${posix[2]}:]`);
        i += posix[0].length;
        out += classBody(POSIX[posix[2]], posix[1] === '^');
        afterSet = true;
      } else if (c === '\\') {
        afterSet = 'dDwWsSpP'.includes(p[i]);
        out += escape(true);
      } else {
        out += c === '[' || c === ']' || (c === '-' && wasSet) ? `\\${c}` : c;
      }
    }
  };

  let out = '';
  while (i < p.length) {
    const c = p[i++];
    if (c === '\\') {
      out += escape(false);
    } else if (c === '[') {
      out += charClass();
    } else if (c === '.') {
      out += flags.has('s') ? '[^]' : '[^\\n]';
    } else if (c === '^' || c === '$') {
      // Under (?m) RE2 lines end at \n only; JS would also break at \r, \u2028 and \u2029.
      out += !flags.has('m') ? c : c === '^' ? '(?<![^\\n])' : '(?![^\\n])';
    } else if (c === '(') {
      const m = /^\?(?:P?<(\w+)>|:)/.exec(p.slice(i));
      if (m) {
        i += m[0].length;
        out += m[1] ? `(?<${m[1]}>` : '(?:';
      } else if (p[i] === '?') {
        throw fail(/^\?[imsU-]*[:)]/.test(p.slice(i)) ? 'flags are only supported at the start' : 'invalid or unsupported Perl syntax');
      } else {
        out += '(';
      }
    } else if ('*+?'.includes(c)) {
      out += quantifier(c);
    } else if (c === '{') {
      // A repeat count {n}, {n,} or {n,m} (each at most 1000); otherwise RE2 reads a literal brace.
      const m = /^(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m && (Number(m[1]) > 1000 || Number(m[3] || 0) > 1000)) throw fail('invalid repeat count');
      if (m) i += m[0].length;
      out += m ? quantifier(`{${m[0]}`) : '\\{';
    } else {
      out += c === '}' || c === ']' ? `\\${c}` : c;
    }
  }
  return new RegExp(out, `gu${flags.has('i') ? 'i' : ''}`);
}

const compiled = new Map<string, RegExp>();

/** The cached translation, with lastIndex reset; invalid patterns throw. */
export function compileRE2(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    try {
      re = translateRE2(pattern);
    } catch (e) {
      throw new Error(`Illegal regex: ${(e as Error).message}`);
    }
    compiled.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

/** CEL matches(): RE2 partial match, i.e. an unanchored search. */
export function matches(s: string, pattern: string): boolean {
  return compileRE2(pattern).test(s);
}

/** Go's Regexp.FindString: the leftmost match, '' when there is none. */
export function find(s: string, pattern: string): string {
  return compileRE2(pattern).exec(s)?.[0] ?? '';
}

/** Go's Regexp.FindAllString: successive matches, but no empty match right after the previous one; limit < 0 means all. */
export function findAll(s: string, pattern: string, limit = -1): string[] {
  const re = compileRE2(pattern);
  const out: string[] = [];
  for (let pos = 0, prevEnd = -1; (limit < 0 || out.length < limit) && pos <= s.length;) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    const accept = end !== pos || m.index !== prevEnd;
    pos = end === pos ? pos + ((s.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1) : end;
    prevEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}

export const regexLibrary: CelLibrary = {
  functions: {
    'matches(string, string): bool': matches,
    'string.find(string): string': find,
    'string.findAll(string): list<string>': (s: string, pattern: string) => findAll(s, pattern),
    'string.findAll(string, int): list<string>': (s: string, pattern: string, limit: bigint) => findAll(s, pattern, Number(limit)),
  },
};
