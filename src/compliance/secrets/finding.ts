import * as crypto from 'crypto';

/**
 * One credential found by the scanner. It never carries the value: `redacted` shows the type, the length and at
 * most a public vendor prefix (`ghp_…`) or the first and last two characters of a long value.
 */
export interface CredentialFinding {
  /** What was found, e.g. `GitHub token`, `private key`, `password`. */
  readonly type: string;
  /** The detector: `secretlint:<rule>` for a rule of secretlint's recommended preset, `zt:<name>` for ours. */
  readonly detector: string;
  /**
   * Where: the location given to `scanText`, or the JSON path of the string in a manifest
   * (`spec.template.data["db"]`); a value found inside a JSON document held by the string adds the path in the
   * document after `#` (`stringData["config"]#tlsClientConfig.keyData`).
   */
  readonly location: string;
  /** The decodings applied before the value was found, outermost first, e.g. `['base64', 'gzip']`. */
  readonly decodings: string[];
  /**
   * 16 hex digits of SHA-256 over the scope, the location and the value's own SHA-256 (a private key's whole
   * block, canonicalized): what an acknowledgement names. Another value, or the same value elsewhere, has another
   * fingerprint.
   */
  readonly fingerprint: string;
  /** The finding in words without the value: type, public prefix or first and last two characters, length. */
  readonly redacted: string;
  /**
   * The 1-based line of the text where the value (or the encoded run holding it) starts.
   *
   * @default - not given for values in manifests
   */
  readonly line?: number;
}

/**
 * A detection inside one scanned text, before it has a location: what the cache keeps. `start`/`end` are in the
 * scanned text (for a decoded value, the range of the outermost encoded run); `digest` is the SHA-256 of the
 * value (never the value).
 */
export interface Hit {
  readonly type: string;
  readonly detector: string;
  readonly start: number;
  readonly end: number;
  readonly digest: string;
  readonly redacted: string;
  readonly decodings: readonly string[];
  /** The path inside a JSON document held by the text, when the value was found by walking it. */
  readonly inner?: string;
  /** Specificity: a format detector (0) wins over a key-name check (1) when both find the same value. */
  readonly rank: number;
}

/** SHA-256 hex of text or bytes. */
export function sha256(value: string | Uint8Array): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/**
 * The canonical form of a PEM block for its digest: only the base64 body (headers, armour lines, whitespace and
 * JSON/escaped line breaks dropped), so the same key in YAML, JSON or a shell line has one fingerprint.
 */
export function canonicalPem(block: string): string {
  const lines = block.replace(/\\r\\n|\\n|\\r/g, '\n').split(/\r?\n/);
  return lines
    .filter(l => !/-----(BEGIN|END) /.test(l) && !/^[\w-]+:/.test(l.trim()))
    .join('')
    .replace(/[^A-Za-z0-9+/=]/g, '');
}

/** Characters of a value a finding may show: the vendor prefix, or the first and last two of a long value. */
export function redact(type: string, value: string, prefix?: string): string {
  const length = [...value].length;
  if (prefix !== undefined && prefix.length > 0 && value.startsWith(prefix) && prefix.length < length) {
    return `${type} ${prefix}… (${length} chars)`;
  }
  if (length >= 20) {
    const chars = [...value];
    return `${type} ${chars.slice(0, 2).join('')}…${chars.slice(-2).join('')} (${length} chars)`;
  }
  return `${type} (${length} chars)`;
}

/** A finding for binary material (a DER or PKCS#12 key): the type, its structure and size only. */
export function redactBytes(type: string, structure: string, bytes: Uint8Array): string {
  return structure === type ? `${type} (${bytes.length} bytes)` : `${type} (${structure}, ${bytes.length} bytes)`;
}

/** The fingerprint of a value's digest at a location (see `CredentialFinding.fingerprint`). */
export function fingerprint(scope: string, location: string, digest: string): string {
  return sha256(`${scope}\n${location}\n${digest}`).slice(0, 16);
}
