/**
 * What a namespace pattern admits among all valid namespace names: the share of names of each length, examples of
 * names nobody listed, and the system namespaces it reaches.
 */

import { Ranges, rangesHas } from './charsets';
import { buildNfa, CACHE_LIMIT, closure, Compiled, compileRe2, Context, matcherOf, Nfa, NState, re2Problem, TooLarge } from './re2';
import { ValidationError } from '../errors';

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

/** Whether `name` is a system namespace: a well-known one, one of `extra`, or a member of a reserved family. */
export function isSystemNamespace(name: string, extra: readonly string[] = []): boolean {
  return SYSTEM_NAMESPACES.includes(name) || extra.includes(name) || /^(kube|openshift)-./.test(name) || /.-system$/.test(name);
}

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
export function prng(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

export function randomLabel(next: () => number, length: number): string {
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

export function reachOf(pattern: string, compiled: Compiled, extraSystem: readonly string[]): NamespaceReach {
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
  if (compiled.problem !== undefined) throw new ValidationError(compiled.problem);
  return reachOf(pattern, compiled, extraSystem);
}

/** A few system names, for messages. */
export function describeSystem(names: readonly string[]): string {
  const list = names.slice(0, 4);
  return `${list.join(', ')}${names.length > list.length ? ', ...' : ''}`;
}

/** Why a pattern's reach is too wide: every namespace or names nobody listed, with examples. */
export function unscopedText(reach: NamespaceReach, what = 'namespace'): string {
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
