/**
 * Sets of Unicode code points as sorted ranges, with the case folding and the character classes Go's RE2 knows
 * (POSIX, Perl and Unicode tables), for the RE2 parser in `re2.ts`.
 */

export const MAX_RUNE = 0x10ffff;

/** Sorted, merged, inclusive code point ranges `[lo0, hi0, lo1, hi1, ...]`. */
export type Ranges = number[];

export function cleanRanges(pairs: number[]): Ranges {
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

export function negateRanges(ranges: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > next) out.push(next, ranges[i] - 1);
    next = ranges[i + 1] + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

export function rangesHas(ranges: Ranges, c: number): boolean {
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
export function foldRanges(ranges: Ranges): Ranges {
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
export const POSIX_CLASSES: Record<string, Ranges> = {
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
export const PERL_CLASSES: Record<string, Ranges> = {
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
export function unicodeTable(name: string): Ranges | undefined {
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
