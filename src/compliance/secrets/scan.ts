/**
 * The credential scanner's API: pure functions over text and manifests. Same input, same findings (the cache
 * only saves time). No function returns or prints a detected value: findings carry a redacted description and
 * a fingerprint.
 */
import { boundHit, scanString, SCAN_LIMITS, ScanMode } from './engine';
import { CredentialFinding, fingerprint, Hit } from './finding';
import { keyKind, KeyKind } from './key-values';
import { isTopLevelEntry, PathNode, pathText, walk } from './walk';
import { ValidationError } from '../../common/errors';
import { compareCodeUnits } from '../../common/sort';

/** Options of `scanText` and `scanManifest`. */
export interface ScanOptions {
  /**
   * What locations are relative to (a file path, an object `Kind namespace/name`): part of every fingerprint,
   * so the same value in two objects has two fingerprints.
   *
   * @default - `scanText`: none (the location is the whole address); `scanManifest`: the object's
   * `apiVersion Kind namespace/name`
   */
  readonly scope?: string;
  /**
   * The key that holds the text (`scanText` only): a value under a credential-named key (`password`, `apiKey`,
   * `client-key-data`, ...) is also judged by its shape.
   *
   * @default - none: only the text's own content counts
   */
  readonly key?: string;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function toFinding(hit: Hit, scope: string, location: string, line?: number): CredentialFinding {
  const at = hit.inner ? `${location}#${hit.inner}` : location;
  return {
    type: hit.type,
    detector: hit.detector,
    location: at,
    decodings: [...hit.decodings],
    fingerprint: fingerprint(scope, at, hit.digest),
    redacted: hit.redacted,
    ...line !== undefined ? { line } : {},
  };
}

function sorted(findings: CredentialFinding[]): CredentialFinding[] {
  return findings.sort((a, b) => compareCodeUnits(a.location, b.location) || (a.line ?? 0) - (b.line ?? 0) || compareCodeUnits(a.type, b.type)
    || compareCodeUnits(a.fingerprint, b.fingerprint));
}

/**
 * The credentials in a text (a file, a script, a template, a value), each with its line. Encoded content is
 * decoded and scanned as well (see `SCAN_LIMITS` for the bounds).
 *
 * @param text the text
 * @param location where the text is (a file path, a prop, a field): every finding's location
 */
export function scanText(text: string, location: string, options: ScanOptions = {}): CredentialFinding[] {
  if (typeof text !== 'string') throw new ValidationError(`scanText: 'text' at ${location} must be a string, got ${typeof text}`);
  const kind: KeyKind = options.key !== undefined ? keyKind(options.key) : '';
  const { hits } = scanString(text, kind, 'full');
  if (hits.length === 0) return [];
  const starts = lineStarts(text);
  return sorted(hits.map(h => toFinding(h, options.scope ?? '', location, lineOf(starts, h.start))));
}

/** `apiVersion Kind namespace/name` of a manifest. */
function refOf(manifest: any): string {
  const meta = manifest?.metadata ?? {};
  return `${manifest?.apiVersion ?? ''} ${manifest?.kind ?? ''} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? ''}`;
}

/** Whether the node is a value of a top-level map whose values are base64 by API (Secret data, binaryData). */
function base64Field(manifest: any, at: PathNode | undefined): boolean {
  if (manifest?.apiVersion !== 'v1') return false;
  if (manifest.kind === 'Secret') return isTopLevelEntry(at, 'data');
  if (manifest.kind === 'ConfigMap') return isTopLevelEntry(at, 'binaryData');
  return false;
}

/**
 * The credentials in a manifest: every string value and every map key, each located by its JSON path
 * (`spec.template.data["db"]`). A v1 Secret's `data` and a ConfigMap's `binaryData` are decoded from base64
 * first; values are judged by their keys too (`password`, `token`, `client-key-data`, a registry `auth`, the
 * name of an env var or Tekton param for its `value`, an Argo CD cluster's `execProviderConfig.env`). A map
 * key that is itself a credential is located as `[key <n>]`, never by its text.
 *
 * @param manifest the manifest, plain JSON (anything else has no findings)
 */
export function scanManifest(manifest: unknown, options: ScanOptions = {}): CredentialFinding[] {
  if (manifest === null || typeof manifest !== 'object') return [];
  const scope = options.scope ?? refOf(manifest);
  const out: CredentialFinding[] = [];
  let spent = 0;
  let starved: string | undefined;
  walk(manifest, (value, at, kind, isKey) => {
    let mode: ScanMode = !isKey && base64Field(manifest, at) ? 'base64-data' : 'full';
    if (spent >= SCAN_LIMITS.objectBytes && value.length >= SCAN_LIMITS.minLength) {
      mode = 'direct';
      starved ??= pathText(at);
    }
    const result = scanString(value, isKey ? '' : kind, mode);
    spent += result.cost;
    if (result.hits.length === 0) return false;
    const path = pathText(at);
    for (const h of result.hits) out.push(toFinding(h, scope, path));
    return isKey;
  }, undefined, '', SCAN_LIMITS.minLength);
  if (starved !== undefined) {
    out.push(toFinding(boundHit(`strings from ${starved} on scanned without decoding: the object decoded more than ${SCAN_LIMITS.objectBytes} bytes`), scope, starved));
  }
  return sorted(out);
}

/**
 * Why a literal value given to a construct is refused, in one line without the value, or undefined when it
 * holds no credential. For props that accept literal text (scripts, templates, URLs, annotations) and for props
 * that take free-form JSON (Helm values, generator elements, a custom provider's spec): every string and map key
 * in it is scanned, judged by its key as in a manifest.
 *
 * @param prop the prop's name, e.g. `steps[0].script`: the start of every location in the message
 * @param value the value given (anything that is not a string, array or plain object has no findings)
 * @param key the key that names the value, when it says what the value is (`password`, `Authorization`, an env
 * var's name); by default the last word of `prop`
 */
export function credentialProblem(prop: string, value: unknown, key?: string): string | undefined {
  let what: string[];
  if (typeof value === 'string') {
    const findings = scanText(value, prop, { key: key ?? lastWord(prop) });
    what = findings.map(f => `${f.redacted}${decodedBy(f)}${f.line !== undefined && f.line > 1 ? ` on line ${f.line}` : ''}`);
  } else if (value !== null && typeof value === 'object' && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    const findings = scanManifest(value, { scope: prop });
    what = findings.map(f => `${f.redacted}${decodedBy(f)} at ${joinPath(prop, f.location)}`);
  } else {
    return undefined;
  }
  if (what.length === 0) return undefined;
  return `'${prop}' holds ${what.length === 1 ? 'a credential' : `${what.length} credentials`}: ${what.join('; ')}; `
    + 'a literal credential ends up in Git and in every copy of the manifests: keep it in the secret manager and reference it '
    + '(an ExternalSecret, or a generator for short-lived tokens)';
}

function decodedBy(f: CredentialFinding): string {
  return f.decodings.length > 0 ? ` after ${f.decodings.join(' → ')} decoding` : '';
}

/** `steps[0].env["DB_PASSWORD"]` → `DB_PASSWORD`; `headers.Authorization` → `Authorization`. */
function lastWord(prop: string): string {
  const m = /(?:\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+))(?:\[\d+\])*$/.exec(prop);
  return m?.[1] ?? m?.[2] ?? prop;
}

function joinPath(prop: string, location: string): string {
  if (location === '') return prop;
  return location.startsWith('[') ? `${prop}${location}` : `${prop}.${location}`;
}
