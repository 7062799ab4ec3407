/**
 * The scanning pipeline of one string: detectors on the text, values by their keys, JSON documents inside it,
 * then encoded runs decoded and scanned again (recursively, within bounds). Results are cached per distinct
 * string: a fleet repeats the same strings thousands of times.
 */
import { privateKeyStructure } from './binary-keys';
import {
  base64Alphabet, base64Runs, Budget, decodeBase64, decodeEscapes, decodeHex, decodePercent, escapeRuns, hexRuns,
  inflate, isGzip, isZlib, percentRuns, Run, utf16Of, utf8Of,
} from './decoders';
import { DETECTORS, isExampleValue, isPasswordValue } from './detectors';
import { canonicalPem, Hit, redact, redactBytes, sha256 } from './finding';
import { KEY_KIND_FINDING, KeyKind, keyKind, keyValues, valueIsCredential } from './key-values';
import { PRESET_TYPES, runPreset } from './preset';
import { pathText, walk } from './walk';
import { compareCodeUnits } from '../../common/sort';

/**
 * The bounds of a scan.
 *
 * Per string: nested decodings at most `maxDepth` deep (base64 four times inside gzip inside base64 is 6);
 * at most `stringBytes` decoded bytes, plus `bytesPerChar` per character of the text (gzip and zlib output
 * included: inflation stops at what is left, through Node's `maxOutputLength`); at most `stringRuns` decoded runs
 * scanned again (as text or compressed data), plus one per `runsPerChars` characters; attempts are bounded by the
 * text itself (a run has at least 16 characters). Texts longer than `maxTextLength` are scanned in their first
 * `maxTextLength` characters. JSON documents inside a text: at most 16, from at most 64 starts.
 *
 * Per object (`scanManifest`): once `objectBytes` bytes were decoded, the remaining strings are scanned without
 * decoding. The cost of a string counts whether or not its result comes from the cache, so findings do not
 * depend on what was scanned before.
 *
 * A bound that stops a scan with work left adds an `unscanned content` finding (`zt:scan-budget`): nothing is
 * skipped silently. A Kubernetes object is at most about 1.5 MiB (etcd's request limit), so real objects stay far
 * within these bounds; they keep a crafted one (a gzip bomb, base64 nested a thousand times) from making
 * synthesis slow. The same finding stands for a text on which a pattern ran out of regex stack (a preset rule's
 * repeated group over megabytes): the scan fails closed, never with an exception.
 */
export const SCAN_LIMITS = {
  maxDepth: 8,
  stringBytes: 1024 * 1024,
  /** Bytes allowed on top of `stringBytes`: this many per character of the text (a large file decodes more). */
  bytesPerChar: 2,
  stringRuns: 256,
  /** Runs allowed on top of `stringRuns`: one per this many characters of the text (a large file has more). */
  runsPerChars: 256,
  objectBytes: 8 * 1024 * 1024,
  maxTextLength: 16 * 1024 * 1024,
  /** Texts shorter than this hold no credential any detector or key check would report. */
  minLength: 8,
  /** Distinct strings kept in the cache (the oldest evicted first). */
  cacheEntries: 50_000,
  /** Strings at least this long are cached under their SHA-256 rather than kept as keys. */
  cacheHashFrom: 1024,
} as const;

/** The result of scanning one string, as cached. */
export interface StringScan {
  readonly hits: readonly Hit[];
  /** Bytes decoded (charged to the object's budget whether or not the result came from the cache). */
  readonly cost: number;
}

interface Ctx {
  readonly depth: number;
  readonly budget: Budget;
  readonly decode: boolean;
}

const FORMAT = 0;
const BY_KEY = 1;
const BOUND = 2;

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Hits of the preset's rules and of our format detectors in `text` (ours give way to the preset's). */
function formatHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of runPreset(text)) {
    const value = text.slice(m.start, m.end);
    if (!presetValueAccepted(m.messageId, value)) continue;
    const type = PRESET_TYPES[m.messageId] ?? 'credential';
    const key = m.messageId === 'PrivateKey';
    hits.push({
      type,
      detector: `secretlint:${m.rule}`,
      start: m.start,
      end: m.end,
      digest: sha256(key ? canonicalPem(value) : value),
      redacted: key ? `${type} (${value.length} chars)` : redact(type, value, vendorPrefix(value)),
      decodings: [],
      rank: FORMAT,
    });
  }
  const preset = hits.slice();
  for (const d of DETECTORS) {
    if (!d.needle.test(text)) continue;
    for (const m of d.find(text)) {
      if (preset.some(p => overlaps(p, m))) continue;
      const value = text.slice(m.start, m.end);
      const type = m.type ?? d.type;
      hits.push({
        type,
        detector: d.id,
        start: m.start,
        end: m.end,
        digest: sha256(m.canonical ?? value),
        redacted: d.showEnds ? redact(type, value, m.prefix) : `${type} (${value.length} chars)`,
        decodings: [],
        rank: FORMAT,
      });
    }
  }
  return hits;
}

const URL_MESSAGES = new Set(['BasicAuth', 'MongoDBConnection', 'MySQLConnection', 'PostgreSQLConnection', 'PackageJSON_xOauthToken']);

/**
 * The allowlists our detectors apply, applied to the preset's reports too: documentation examples (`EXAMPLE`),
 * masked values, padding, and URL passwords that are stand-ins (`user:pass@`, `x-access-token:TOKEN@`).
 */
function presetValueAccepted(messageId: string, value: string): boolean {
  if (messageId === 'PrivateKey') return true;
  if (isExampleValue(value)) return false;
  if (!URL_MESSAGES.has(messageId)) return true;
  const password = messageId === 'PackageJSON_xOauthToken' ? value : /^[^:]*:\/\/[^:@/\s]*:(.*)@[^@]*$/.exec(value)?.[1];
  return password === undefined || isPasswordValue(password);
}

// public prefixes of the preset's token formats, shown in findings
const VENDOR_PREFIX = /^(?:gh[pousr]_|github_pat_|glpat-|glc_|glsa_|xox[bpaor]-|xapp-|npm_|sk_live_|sk_test_|rk_live_|rk_test_|SG\.|shp(?:pa|ca|at|ss)_|sk-ant-api0\d-|sk-(?:proj|svcacct|admin)-|sk-|gsk_|hf_|lin_api_|ntn_|ops_|hv[sbr]\.|v(?:cp|ci|ca|cr|ck)_|dapi|dckr_pat_|figd_|cf(?:k|ut|at)_|tskey-[a-z]+-|AKIA|ASIA|A3T|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)/;

function vendorPrefix(value: string): string | undefined {
  return VENDOR_PREFIX.exec(value)?.[0];
}

/** A hit for a value judged by its key. */
function keyHit(kind: Exclude<KeyKind, ''>, value: string, start: number, end: number, decodings: readonly string[] = []): Hit {
  const { type, detector } = KEY_KIND_FINDING[kind];
  const trimmed = value.trim();
  return {
    type,
    detector,
    start,
    end,
    digest: sha256(kind === 'private key' ? canonicalPem(trimmed) || trimmed : trimmed),
    redacted: kind === 'private key' ? `${type} (${trimmed.length} chars)` : redact(type, trimmed),
    decodings,
    rank: BY_KEY,
  };
}

/**
 * Keeps one hit per value (the one found with the fewest decodings, then the most specific), then drops a
 * key-name hit on a value a format detector found: at the same place, or as an encoded run inside the value
 * (`password: <base64 of a GitHub token>`).
 */
function dedupe(hits: Hit[]): Hit[] {
  const best = new Map<string, Hit>();
  const span = new Map<string, { start: number; end: number }>();
  for (const h of hits) {
    const prior = best.get(h.digest);
    if (!prior || better(h, prior)) best.set(h.digest, h);
    // the place is the most precise one any of the duplicates has (a JSON walk knows paths, not offsets)
    const s = span.get(h.digest);
    if (h.end > h.start && (!s || h.end - h.start < s.end - s.start)) span.set(h.digest, { start: h.start, end: h.end });
  }
  const unique = [...best.values()].map(h => {
    const s = span.get(h.digest);
    return s && (s.start !== h.start || s.end !== h.end) ? { ...h, ...s } : h;
  });
  const formats = unique.filter(h => h.rank === FORMAT && h.end > h.start);
  const kept = unique.filter(h => h.rank !== BY_KEY || h.decodings.length > 0 || !formats.some(f => f.decodings.length === 0
    ? overlaps(f, h)
    : f.start >= h.start && f.end <= h.end));
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || compareCodeUnits(a.detector, b.detector) || compareCodeUnits(a.digest, b.digest));
}

// parsing an embedded JSON document is a step that locates a value (its path) without hiding it
const encodings = (h: Hit) => h.decodings.filter(d => d !== 'json').length;

function better(a: Hit, b: Hit): boolean {
  if (encodings(a) !== encodings(b)) return encodings(a) < encodings(b);
  if ((a.inner === undefined) !== (b.inner === undefined)) return a.inner !== undefined;
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.start !== b.start) return a.start < b.start;
  return compareCodeUnits(a.detector, b.detector) < 0;
}

/** Hits found in a decoded payload, placed at the encoded run and with the decoding step in front. */
function placed(inner: readonly Hit[], run: { start: number; end: number }, steps: readonly string[]): Hit[] {
  return inner.map(h => ({ ...h, start: run.start, end: run.end, decodings: [...steps, ...h.decodings] }));
}

/** What decoded bytes hold: a key structure, compressed data, UTF-16 or UTF-8 text. */
function bytesHits(bytes: Uint8Array, ctx: Ctx): Hit[] {
  const structure = privateKeyStructure(bytes);
  if (structure) {
    const type = structure === 'PKCS#12 key store' ? 'PKCS#12 key store' : 'private key';
    const detector = structure === 'PKCS#12 key store' ? 'zt:pkcs12' : structure === 'OpenSSH private key' ? 'zt:openssh-private-key' : 'zt:der-private-key';
    return [{
      type, detector, start: 0, end: 0, digest: sha256(bytes), redacted: redactBytes(type, structure, bytes), decodings: [], rank: FORMAT,
    }];
  }
  if (ctx.depth >= SCAN_LIMITS.maxDepth) {
    ctx.budget.exhausted = true;
    return [];
  }
  const deeper: Ctx = { ...ctx, depth: ctx.depth + 1 };
  for (const kind of ['gzip', 'zlib'] as const) {
    if (kind === 'gzip' ? isGzip(bytes) : isZlib(bytes)) {
      const out = ctx.budget.takeRun() ? inflate(bytes, kind, ctx.budget) : undefined;
      if (out) return placed(bytesHits(out, deeper), { start: 0, end: 0 }, [kind]);
      if (kind === 'gzip') return [];
    }
  }
  const utf16 = utf16Of(bytes);
  if (utf16) return ctx.budget.takeRun() ? placed(textHits(utf16.text, deeper), { start: 0, end: 0 }, [utf16.encoding]) : [];
  const text = utf8Of(bytes);
  return text === undefined || !ctx.budget.takeRun() ? [] : textHits(text, deeper);
}

/** Decodes one run and scans what it holds. */
function runHits(run: Run, kind: 'base64' | 'hex' | 'url' | 'json-escape', ctx: Ctx): Hit[] {
  // a run counts against the budget when what it decodes to is scanned again (text, compressed data); attempts
  // are bounded by the text's length (a run has at least 16 characters) and decoded bytes by the byte bound
  if (kind === 'url' || kind === 'json-escape') {
    const decoded = kind === 'url' ? decodePercent(run.payload) : decodeEscapes(run.payload);
    if (decoded === run.payload || !ctx.budget.charge(decoded.length) || !ctx.budget.takeRun()) return [];
    if (ctx.depth >= SCAN_LIMITS.maxDepth) {
      ctx.budget.exhausted = true;
      return [];
    }
    return placed(textHits(decoded, { ...ctx, depth: ctx.depth + 1 }), run, [kind]);
  }
  const bytes = kind === 'hex' ? decodeHex(run.payload) : decodeBase64(run.payload);
  if (!bytes || !ctx.budget.charge(bytes.length)) return [];
  const step = kind === 'hex' ? 'hex' : base64Alphabet(run.payload)!;
  return placed(bytesHits(bytes, ctx), run, [step]);
}

/** A JSON document inside a text: its range and the parsed value. */
interface JsonDocument {
  readonly start: number;
  readonly end: number;
  readonly value: unknown;
}

/** The end (exclusive) of the JSON object or array starting at `start`, by brackets outside strings. */
function jsonEnd(text: string, start: number, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return undefined;
}

const JSON_START = /[{[]\s*"/g;
const MAX_DOCUMENTS = 16;
// starts tried per text: each may read up to MAX_DOCUMENT_LENGTH characters
const MAX_DOCUMENT_ATTEMPTS = 64;
const MAX_DOCUMENT_LENGTH = 1024 * 1024;

/**
 * JSON objects and arrays in a text: the whole text, or documents embedded in it (at most 16, not nested, from
 * at most 64 starts).
 */
function jsonDocuments(text: string): JsonDocument[] {
  const out: JsonDocument[] = [];
  const t = text.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return [{ start: 0, end: text.length, value: JSON.parse(t) }];
    } catch {
      // not one document: look for documents inside
    }
  }
  JSON_START.lastIndex = 0;
  let attempts = 0;
  for (let m = JSON_START.exec(text); m !== null && out.length < MAX_DOCUMENTS && attempts++ < MAX_DOCUMENT_ATTEMPTS; m = JSON_START.exec(text)) {
    const end = jsonEnd(text, m.index, Math.min(text.length, m.index + MAX_DOCUMENT_LENGTH));
    if (end === undefined) continue;
    try {
      out.push({ start: m.index, end, value: JSON.parse(text.slice(m.index, end)) });
      JSON_START.lastIndex = end;
    } catch {
      // not JSON (a template, a shell brace group): go on after its opening bracket
    }
  }
  return out;
}

/** Hits in a parsed JSON document: every string scanned, values judged by their keys; `inner` is the path. */
function documentHits(doc: unknown, ctx: Ctx): Hit[] {
  const out: Hit[] = [];
  walk(doc, (value, at, kind, isKey) => {
    // a key that is a credential is found by the text scan of the document already: here it is only masked
    if (isKey) return value.length >= SCAN_LIMITS.minLength && scanString(value, '', 'full').hits.length > 0;
    const hits = valueHits(value, kind, ctx);
    if (hits.length === 0) return false;
    const path = pathText(at);
    for (const h of hits) {
      out.push({ ...h, inner: h.inner ? `${path}#${h.inner}` : path, decodings: ['json', ...h.decodings] });
    }
    return false;
  }, undefined, '', SCAN_LIMITS.minLength);
  return out;
}

/** Hits in a text: format detectors, key/value lines, a JSON document, then encoded runs. */
function textHits(text: string, ctx: Ctx): Hit[] {
  if (text.length < SCAN_LIMITS.minLength) return [];
  const hits = formatHits(text);
  for (const kv of keyValues(text)) {
    if (hits.some(h => h.rank === FORMAT && overlaps(h, kv))) continue;
    const value = text.slice(kv.start, kv.end);
    const kind = keyKind(kv.key);
    if (kind !== '' && valueIsCredential(kind, value)) hits.push(keyHit(kind, value, kv.start, kv.end));
  }
  if (ctx.decode && ctx.depth >= SCAN_LIMITS.maxDepth) {
    // as deep as decoding goes: encoded content left here is reported as unscanned
    const encoded = base64Runs(text).length + hexRuns(text).length + percentRuns(text).length + escapeRuns(text).length;
    if (encoded > 0) ctx.budget.exhausted = true;
  } else if (ctx.decode) {
    const documents: Run[] = [];
    if (text.includes('{"') || text.includes('["') || /[{[]\s+"/.test(text)) {
      for (const doc of jsonDocuments(text)) {
        if (typeof doc.value !== 'object' || doc.value === null || !ctx.budget.takeRun()) continue;
        documents.push({ start: doc.start, end: doc.end, payload: '' });
        for (const h of documentHits(doc.value, { ...ctx, depth: ctx.depth + 1 })) hits.push({ ...h, start: doc.start, end: doc.end });
      }
    }
    // an encoded run that is (part of) a value found as it is, is that value: base64 and hex runs are not decoded
    const direct = hits.filter(h => h.rank === FORMAT && h.end > h.start && h.decodings.length === 0);
    const free = (r: Run) => !direct.some(h => overlaps(h, r));
    const hexes = hexRuns(text).filter(free);
    const decodedHex = new Set<number>();
    for (const run of hexes) {
      const found = runHits(run, 'hex', ctx);
      if (found.length > 0) decodedHex.add(run.start);
      hits.push(...found);
    }
    for (const run of base64Runs(text).filter(free)) {
      // a hex run that held something is not base64 too
      if (decodedHex.has(run.start) && hexes.some(h => h.start === run.start && h.end === run.end)) continue;
      hits.push(...runHits(run, 'base64', ctx));
    }
    // escapes and URL encoding change how a value is written, not what it is: decoded values found as they are
    // have the same digest and are kept once
    if (text.includes('%')) for (const run of percentRuns(text)) hits.push(...runHits(run, 'url', ctx));
    // (inside a JSON document the walk has read the strings, escapes decoded)
    const outsideDocuments = (r: Run) => !documents.some(d => d.start <= r.start && r.end <= d.end);
    if (text.includes('\\')) for (const run of escapeRuns(text).filter(outsideDocuments)) hits.push(...runHits(run, 'json-escape', ctx));
  }
  return dedupe(hits);
}

/** Hits in one value held under a key of `kind` (`''` for none): the text's own hits, else the key's check. */
export function valueHits(value: string, kind: KeyKind, ctx: Ctx): Hit[] {
  const hits = textHits(value, ctx);
  if (kind !== '' && !hits.some(h => h.rank === FORMAT) && valueIsCredential(kind, value)) {
    hits.push(keyHit(kind, value, 0, value.length));
  }
  return dedupe(hits);
}

/** An `unscanned content` hit: a bound stopped the scan with work left. */
export function boundHit(what: string): Hit {
  return {
    type: 'unscanned content',
    detector: 'zt:scan-budget',
    start: 0,
    end: 0,
    digest: sha256(`scan-budget\n${what}`),
    redacted: `unscanned content: ${what}`,
    decodings: [],
    rank: BOUND,
  };
}

/** How a string is scanned: in full, without decoding (object budget spent), or as base64 Secret data. */
export type ScanMode = 'full' | 'direct' | 'base64-data';

// per mode and key kind, results by string (the string itself is the key: V8 keeps its hash); oldest evicted first
const cache = new Map<ScanMode, Map<KeyKind, Map<string, StringScan>>>();
let cached = 0;

/** Drops every cached result (tests measure cold scans with it). */
export function clearScanCache(): void {
  cache.clear();
  cached = 0;
}

/** How many distinct strings are cached. */
export function scanCacheSize(): number {
  return cached;
}

/**
 * The hits in one string held under a key of `kind`, cached per distinct (mode, kind, string).
 * `base64-data` decodes the whole string as base64 first (a Secret's `data`), falling back to the text.
 */
export function scanString(value: string, kind: KeyKind, mode: ScanMode): StringScan {
  if (value.length < SCAN_LIMITS.minLength && mode !== 'base64-data') {
    return kind !== '' && valueIsCredential(kind, value) ? { hits: [keyHit(kind, value, 0, value.length)], cost: 0 } : NOTHING;
  }
  if (kind === '' && mode !== 'base64-data' && value.length <= 253 && PLAIN_NAME.test(value)) return NOTHING;
  let byKind = cache.get(mode);
  if (!byKind) cache.set(mode, byKind = new Map());
  let bucket = byKind.get(kind);
  if (!bucket) byKind.set(kind, bucket = new Map());
  const id = value.length >= SCAN_LIMITS.cacheHashFrom ? `#${sha256(value)}` : value;
  const hit = bucket.get(id);
  if (hit) return hit;
  const result = scanGuarded(value, kind, mode);
  bucket.set(id, result);
  if (++cached > SCAN_LIMITS.cacheEntries) evictOldest();
  return result;
}

const NOTHING: StringScan = { hits: [], cost: 0 };

/**
 * Lower case words and numbers joined by `-`, `.` or `/` (`tenant-001-db`, `external-secrets.io`,
 * `secret/data/team-a`): most strings of a fleet. No token format is all lower case words and numbers, no key
 * judges them (the caller has no key), and base64 of anything holds upper case letters: nothing to find, so
 * they skip the cache as well.
 */
const PLAIN_NAME = /^(?:[a-z]{1,24}|[0-9]{1,20})(?:[-./](?:[a-z]{1,24}|[0-9]{1,20}))*$/;

function evictOldest(): void {
  for (const byKind of cache.values()) {
    for (const bucket of byKind.values()) {
      const first = bucket.keys().next();
      if (!first.done) {
        bucket.delete(first.value);
        cached--;
        return;
      }
    }
  }
}

/**
 * `scanUncached`, failing closed: a pattern that runs out of stack on a crafted input (a rule's repeated group
 * over megabytes) makes the string `unscanned content`, not a crashed synthesis.
 */
function scanGuarded(value: string, kind: KeyKind, mode: ScanMode): StringScan {
  try {
    return scanUncached(value, kind, mode);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { hits: [boundHit(`text of ${value.length} characters the pattern matching could not finish (${e.message})`)], cost: 0 };
  }
}

function scanUncached(value: string, kind: KeyKind, mode: ScanMode): StringScan {
  const budget = new Budget(
    SCAN_LIMITS.stringBytes + SCAN_LIMITS.bytesPerChar * value.length,
    SCAN_LIMITS.stringRuns + Math.floor(value.length / SCAN_LIMITS.runsPerChars),
  );
  const ctx: Ctx = { depth: 0, budget, decode: mode !== 'direct' };
  let text = value;
  const hits: Hit[] = [];
  if (text.length > SCAN_LIMITS.maxTextLength) {
    hits.push(boundHit(`text of ${text.length} characters, scanned in its first ${SCAN_LIMITS.maxTextLength}`));
    text = text.slice(0, SCAN_LIMITS.maxTextLength);
  }
  if (mode === 'base64-data') {
    const payload = text.replace(/\s+/g, '');
    const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(payload) && payload.length > 0 ? decodeBase64(payload) : undefined;
    if (bytes && budget.charge(bytes.length)) {
      const decoded = utf8Of(bytes);
      if (decoded !== undefined) {
        hits.push(...placed(valueHits(decoded, kind, ctx), { start: 0, end: text.length }, ['base64']));
      } else {
        hits.push(...placed(bytesHits(bytes, ctx), { start: 0, end: text.length }, ['base64']));
      }
    } else {
      hits.push(...valueHits(text, kind, ctx));
    }
  } else {
    hits.push(...valueHits(text, kind, ctx));
  }
  if (budget.exhausted) {
    hits.push(boundHit(`encoded content beyond the per-string bounds (depth ${SCAN_LIMITS.maxDepth}, ${budget.used + budget.bytesLeft} bytes decoded, ${budget.runsLeft + budget.runsTaken} runs)`));
  }
  return { hits: dedupe(hits), cost: budget.used };
}
