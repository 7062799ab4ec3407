/**
 * Decoding before matching: finding encoded runs in a text and turning them into bytes or text. Every decoder is
 * bounded by the caller's budget (`Budget`): bytes decoded (gzip and zlib output included, through Node's
 * `maxOutputLength`), runs tried, and depth.
 */
import * as zlib from 'zlib';

/** The bounds of one scan. See `SCAN_LIMITS` in `engine.ts` for the values and why. */
export class Budget {
  public bytesLeft: number;
  public runsLeft: number;
  /** Whether a bound stopped a decoding that had more to do. */
  public exhausted = false;
  /** Bytes decoded so far (what the object budget is charged). */
  public used = 0;
  public runsTaken = 0;

  constructor(bytes: number, runs: number) {
    this.bytesLeft = bytes;
    this.runsLeft = runs;
  }

  /** Takes one run; false (and `exhausted`) when none is left. */
  public takeRun(): boolean {
    if (this.runsLeft <= 0) {
      this.exhausted = true;
      return false;
    }
    this.runsLeft--;
    this.runsTaken++;
    return true;
  }

  /** Charges `n` decoded bytes; false (and `exhausted`) when they do not fit. */
  public charge(n: number): boolean {
    if (n > this.bytesLeft) {
      this.exhausted = true;
      return false;
    }
    this.bytesLeft -= n;
    this.used += n;
    return true;
  }
}

/** An encoded run of a text: its range and the payload to decode. */
export interface Run {
  readonly start: number;
  readonly end: number;
  readonly payload: string;
}

const B64_CHAR = /[A-Za-z0-9+/_-]/;
// a run starts after anything that is not a base64 character ('=' included: `KEY=<base64>`)
// `+`, never `{16,}`: V8 runs out of regex stack on a counted repetition over millions of characters
const B64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]+={0,2}/g;
const MIN_RUN = 16;
const B64_CHUNK = /[ \t]*([A-Za-z0-9+/_-]+={0,2})/y;
const BREAK = /\r?\n|\\r\\n|\\n/y;

/**
 * Base64 and base64url runs of at least 16 characters, joined across line breaks when wrapped (every line but
 * the last of one length of at least 40 characters, e.g. 64 for PEM, 76 for MIME; breaks may be real or `\n`
 * escapes, the next line may be indented). Runs that cannot be base64 of anything are skipped: fewer than two of
 * lower case, upper case and digits, or both alphabets (`+/` and `-_`): names, words, paths.
 */
export function base64Runs(text: string): Run[] {
  const out: Run[] = [];
  B64_RUN.lastIndex = 0;
  for (let m = B64_RUN.exec(text); m !== null; m = B64_RUN.exec(text)) {
    if (m[0].length < MIN_RUN) continue;
    const start = m.index;
    let end = start + m[0].length;
    const pieces = [m[0]];
    const width = m[0].length;
    let endBeforeLast = end;
    // wrapped: join following lines of the same width, and a last shorter one
    if (width >= 40 && !m[0].endsWith('=')) {
      for (;;) {
        BREAK.lastIndex = end;
        const br = BREAK.exec(text);
        if (!br) break;
        B64_CHUNK.lastIndex = end + br[0].length;
        const chunk = B64_CHUNK.exec(text);
        if (!chunk) break;
        const after = B64_CHUNK.lastIndex;
        // the chunk must be a whole line
        if (after < text.length && B64_CHAR.test(text[after])) break;
        if (after < text.length && !/[\r\n"'\\\s,;}\]]/.test(text[after])) break;
        const line = chunk[1];
        if (line.length > width) break;
        // a shorter last line completes the block only when the block then has a whole number of base64 quanta
        // (or padding): a word after a run that was already whole (`EOF` closing a heredoc) is not part of it
        const joined = pieces.reduce((n, p) => n + p.length, 0);
        if (line.length < width && !line.endsWith('=') && joined % 4 === 0 && (joined + line.length) % 4 !== 0) break;
        pieces.push(line);
        endBeforeLast = end;
        end = after;
        if (line.length < width || line.endsWith('=')) break;
      }
      B64_RUN.lastIndex = end;
    }
    const candidates = [{ end, payload: pieces.join('') }];
    // a short unpadded last line may be a word after the block rather than its end: try the block without it too
    // (the same credential found both ways has one digest, so it is reported once)
    const last = pieces[pieces.length - 1];
    if (pieces.length > 1 && last.length < width && !last.endsWith('=')) {
      candidates.push({ end: endBeforeLast, payload: pieces.slice(0, -1).join('') });
    }
    for (const c of candidates) if (isBase64Like(c.payload)) out.push({ start, end: c.end, payload: c.payload });
  }
  return out;
}

/** Base64 of anything has two of lower case, upper case and digits; names, paths and URLs do not, or mix alphabets. */
function isBase64Like(payload: string): boolean {
  const classes = (/[a-z]/.test(payload) ? 1 : 0) + (/[A-Z]/.test(payload) ? 1 : 0) + (/[0-9]/.test(payload) ? 1 : 0);
  return classes >= 2 && base64Alphabet(payload) !== undefined;
}

/** Which alphabet a base64 payload uses. */
export function base64Alphabet(payload: string): 'base64' | 'base64url' | undefined {
  const url = /[-_]/.test(payload);
  const std = /[+/]/.test(payload);
  if (url && std) return undefined;
  return url ? 'base64url' : 'base64';
}

/** The bytes of a base64 or base64url payload, when it is canonical base64; undefined otherwise. */
export function decodeBase64(payload: string): Uint8Array | undefined {
  const alphabet = base64Alphabet(payload);
  if (!alphabet) return undefined;
  const body = payload.replace(/=+$/, '');
  if (body.length % 4 === 1 || body.includes('=')) return undefined;
  const bytes = Buffer.from(body, alphabet);
  // canonical: re-encoding gives the same text (no stray bits), so arbitrary words rarely pass
  if (bytes.toString(alphabet).replace(/=+$/, '') !== body) return undefined;
  return bytes;
}

// `+`, never `{32,}`: V8 runs out of regex stack on a counted repetition over millions of characters
const HEX_RUN = /(?<![A-Za-z0-9])[0-9a-fA-F]+(?![A-Za-z0-9])/g;

/** Hex runs of at least 32 digits (16 bytes), of even length and in one case. */
export function hexRuns(text: string): Run[] {
  const out: Run[] = [];
  HEX_RUN.lastIndex = 0;
  for (let m = HEX_RUN.exec(text); m !== null; m = HEX_RUN.exec(text)) {
    // odd lengths and mixed case are not hex output
    if (m[0].length < 32 || m[0].length % 2 === 1 || (/[a-f]/.test(m[0]) && /[A-F]/.test(m[0]))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, payload: m[0] });
  }
  return out;
}

export function decodeHex(payload: string): Uint8Array {
  return Buffer.from(payload, 'hex');
}

const URL_SAFE = /[A-Za-z0-9%._~+!*'()-]/;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/g;

/**
 * The runs around each `needle` match, grown over characters `inside` matches: linear in the text (a pattern with
 * a leading `*` would try every start). Overlapping runs are one.
 */
function grownRuns(text: string, needle: RegExp, inside: RegExp): Run[] {
  const out: Run[] = [];
  needle.lastIndex = 0;
  for (let m = needle.exec(text); m !== null; m = needle.exec(text)) {
    let start = m.index;
    let end = m.index + m[0].length;
    const last = out[out.length - 1];
    if (last && start < last.end) continue;
    while (start > 0 && inside.test(text[start - 1]) && !(last && start - 1 < last.end)) start--;
    while (end < text.length && inside.test(text[end])) end++;
    out.push({ start, end, payload: text.slice(start, end) });
    needle.lastIndex = end;
  }
  return out;
}

/** Runs holding URL (percent) escapes: decoded as a whole, so an encoded URL or PEM block becomes text again. */
export function percentRuns(text: string): Run[] {
  return grownRuns(text, PERCENT_ESCAPE, URL_SAFE);
}

/** The text of percent-encoded UTF-8 (invalid sequences stay as they are). */
export function decodePercent(payload: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(payload.slice(i + 1, i + 3))) {
      bytes.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      bytes.push(...Buffer.from(payload[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const UNICODE_ESCAPE = /\\u[0-9A-Fa-f]{4}/g;
const NOT_SPACE_OR_QUOTE = /[^\s"']/;
const ESCAPE_INSIDE = /\\[nrt"\\/]/;

/**
 * JSON string literals of at least 8 characters with escapes: their content ranges. Read character by
 * character (a regex with a repeated group overflows its stack on a megabyte literal), linear in the text.
 */
function escapedLiterals(text: string): Run[] {
  const out: Run[] = [];
  for (let i = text.indexOf('"'); i !== -1;) {
    let j = i + 1;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x5c) j++; // a backslash escapes the next character
      else if (c === 0x22 || c === 0x0a || c === 0x0d) break;
    }
    if (j < text.length && text.charCodeAt(j) === 0x22) {
      const content = text.slice(i + 1, j);
      if (content.length >= 8 && ESCAPE_INSIDE.test(content)) out.push({ start: i + 1, end: j, payload: content });
    }
    // an unterminated literal ends the search at its line: the quotes it escaped start nothing
    i = j >= text.length ? -1 : text.indexOf('"', j + 1);
  }
  return out;
}

/**
 * Runs holding JSON escapes: words with `\uXXXX` escapes, and JSON string literals with escapes (`"a\nb"`,
 * a YAML or PEM document inside a JSON string), whose content is decoded as a whole.
 */
export function escapeRuns(text: string): Run[] {
  const out: Run[] = text.includes('\\u') ? grownRuns(text, UNICODE_ESCAPE, NOT_SPACE_OR_QUOTE) : [];
  if (text.includes('"')) {
    for (const literal of escapedLiterals(text)) {
      if (out.some(r => r.start < literal.end + 1 && literal.start - 1 < r.end)) continue;
      out.push(literal);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const SIMPLE_ESCAPES: Record<string, string> = { 'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f', '"': '"', '\\': '\\', '/': '/', "'": "'" };

/** JSON string escapes decoded (`\uXXXX` with surrogate pairs, `\n`, `\"`, ...); unknown escapes stay. */
export function decodeEscapes(payload: string): string {
  return payload.replace(/\\(u[0-9A-Fa-f]{4}|.)/g, (all, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return SIMPLE_ESCAPES[e] ?? all;
  });
}

/** gzip: 1f 8b 08. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/** zlib: deflate method, window ≤ 32K, header checksum. */
export function isZlib(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && bytes[0] % 16 === 8 && bytes[0] < 0x80 && (bytes[0] * 256 + bytes[1]) % 31 === 0;
}

/**
 * Inflates gzip or zlib data within `budget` (the output never exceeds what is left); undefined when the data is
 * not valid or the bound was hit.
 */
export function inflate(bytes: Uint8Array, kind: 'gzip' | 'zlib', budget: Budget): Uint8Array | undefined {
  const limit = Math.max(1, Math.min(budget.bytesLeft, 0x7fffffff));
  let out: Buffer;
  try {
    out = kind === 'gzip' ? zlib.gunzipSync(bytes, { maxOutputLength: limit }) : zlib.inflateSync(bytes, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) budget.exhausted = true;
    return undefined;
  }
  return budget.charge(out.length) ? out : undefined;
}

/** UTF-16 text: by its byte order mark, or by zero bytes in every other position (mostly ASCII text). */
export function utf16Of(bytes: Uint8Array): { text: string; encoding: 'utf-16le' | 'utf-16be' } | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  let encoding: 'utf-16le' | 'utf-16be' | undefined;
  let body = bytes;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else if (bytes.length >= 8) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < bytes.length; i += 2) {
      if (bytes[i] === 0) evenZero++;
      if (bytes[i + 1] === 0) oddZero++;
    }
    const pairs = bytes.length / 2;
    if (oddZero >= pairs * 0.9 && evenZero === 0) encoding = 'utf-16le';
    else if (evenZero >= pairs * 0.9 && oddZero === 0) encoding = 'utf-16be';
  }
  if (!encoding) return undefined;
  const le = encoding === 'utf-16le' ? Buffer.from(body) : swap(body);
  const text = le.toString('utf16le');
  return isText(text) ? { text, encoding } : undefined;
}

function swap(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Text without control characters (tabs and line breaks apart) and without unpaired surrogates or U+FFFD. */
export function isText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text);
}

/** The UTF-8 text of `bytes` when they are text, undefined for binary data. */
export function utf8Of(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return undefined;
  }
  return isText(text) ? text : undefined;
}
