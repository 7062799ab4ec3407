/**
 * The globs Argo CD matches with `github.com/gobwas/glob` (destinations, source namespaces, source repositories),
 * its repository URL normalization, and what AppProject entries reach.
 */

import { describeSystem, isSystemNamespace, NamespaceReach, namespaceRegexProblems, namespaceRegexReach, prng, randomLabel, reachOf, unscopedText } from './namespaces';
import { CACHE_LIMIT, compileRe2, re2Matches, re2Problem } from './re2';
import { ValidationError } from '../errors';

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
  return `(?s)^(?:${new GlobParser(glob, separator).parse(false)})$`;
}

/** A recursive-descent reader of one glob, one step per construct of gobwas's syntax. */
class GlobParser {
  private readonly cps: string[];
  private readonly sep: string | undefined;
  private i = 0;

  constructor(private readonly glob: string, separator: string | undefined) {
    this.cps = Array.from(glob);
    this.sep = separator === undefined ? undefined : `[^${re2Literal(separator)}]`;
  }

  /** The RE2 text up to the end, or, inside braces, up to the next `,` or `}`. */
  public parse(inBraces: boolean): string {
    let out = '';
    while (this.i < this.cps.length) {
      const c = this.cps[this.i];
      if (inBraces && (c === ',' || c === '}')) return out;
      this.i++;
      out += this.step(c);
    }
    return out;
  }

  private step(c: string): string {
    switch (c) {
      case '\\':
        if (this.i >= this.cps.length) throw this.error('ends with a backslash');
        return re2Literal(this.cps[this.i++]);
      case '*': return this.star();
      case '?': return this.sep ?? '.';
      case '[': return this.charClass();
      case '{': return this.alternatives();
      default: return re2Literal(c);
    }
  }

  private star(): string {
    if (this.cps[this.i] !== '*') return this.sep ? `${this.sep}*` : '.*';
    while (this.cps[this.i] === '*') this.i++;
    return '.*';
  }

  private charClass(): string {
    const negate = this.cps[this.i] === '!';
    if (negate) this.i++;
    let body = '';
    let count = 0;
    while (this.i < this.cps.length && this.cps[this.i] !== ']') {
      const range = this.range();
      if (range === undefined) break;
      body += range;
      count++;
    }
    if (this.i >= this.cps.length) throw this.error('has an unclosed [');
    if (count === 0) throw this.error('has an empty class []');
    this.i++;
    return `[${negate ? '^' : ''}${body}]`;
  }

  /** One member of a class, `a` or `a-z` (either end may be escaped), as RE2 code points; undefined at a dangling `\`. */
  private range(): string | undefined {
    const cps = this.cps;
    let lo = cps[this.i++];
    if (lo === '\\') {
      if (this.i >= cps.length) return undefined;
      lo = cps[this.i++];
    }
    let hi = lo;
    if (cps[this.i] === '-' && this.i + 1 < cps.length && cps[this.i + 1] !== ']') {
      this.i++;
      hi = cps[this.i++];
      if (hi === '\\' && this.i < cps.length) hi = cps[this.i++];
      if (hi.codePointAt(0)! < lo.codePointAt(0)!) throw this.error(`has an inverted range ${lo}-${hi}`);
    }
    const point = (x: string) => `\\x{${x.codePointAt(0)!.toString(16)}}`;
    return lo === hi ? point(lo) : `${point(lo)}-${point(hi)}`;
  }

  private alternatives(): string {
    const alternatives = [this.parse(true)];
    while (this.cps[this.i] === ',') {
      this.i++;
      alternatives.push(this.parse(true));
    }
    if (this.cps[this.i] !== '}') throw this.error('has an unclosed {');
    this.i++;
    return `(?:${alternatives.join('|')})`;
  }

  private error(problem: string): ValidationError {
    return new ValidationError(`glob ${JSON.stringify(this.glob)} ${problem}`);
  }
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
  if (compiled.problem !== undefined) throw new ValidationError(compiled.problem);
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
