import * as crypto from 'crypto';
import { MIN_REASON_LENGTH, reasonProblem } from '../common/reason';
import { isKind, isObject, refOf } from '../compliance/manifest';
import { base64Runs, decodeBase64Text, detect, DETECTORS } from './private/detectors';
import { sensitiveSecretKeys } from '../compliance/rules/secret-data';

/** The rule id of plain v1 Secrets with data: the compliance rule that defines it. */
const SECRET_DATA_RULE = 'ZT-SEC4';
/** Encoded content is decoded this many levels deep (a kubeconfig in a Secret holds base64 keys again). */
const MAX_DECODE_DEPTH = 3;
const FIX = 'keep each value in the secret manager and reference it through an ExternalSecret (or a generator for '
  + 'short-lived tokens); a finding that is not a credential can be acknowledged with its fingerprint and a reason '
  + `in SecretGuardOptions.acknowledgements (${SECRET_DATA_RULE} cannot be acknowledged)`;

/** One rule of the secret guard. */
export interface GuardRule {
  /** The rule id, e.g. `github-token`, or `ZT-SEC4` for v1 Secrets with data. */
  readonly id: string;
  /** What it finds and which upstream scanner rule it follows. */
  readonly description: string;
}

/** One credential (or credential-looking value) the guard found. Never carries the value itself. */
export interface GuardFinding {
  /** The rule id, e.g. `private-key`. */
  readonly ruleId: string;
  /** What was found, showing at most the value's public prefix, e.g. `GitHub token ghp_…`. */
  readonly message: string;
  /** The file, or the object (`Kind namespace/name`) when a manifest was checked outside a file. */
  readonly path: string;
  /**
   * The 1-based line in the file.
   *
   * @default - unknown: the finding comes from a manifest, not from the file's text
   */
  readonly line?: number;
  /**
   * The object, `Kind namespace/name`.
   *
   * @default - unknown: the finding comes from the file's text
   */
  readonly resource?: string;
  /**
   * The field of the object, e.g. `data["tls.key"]`.
   *
   * @default - unknown: the finding comes from the file's text
   */
  readonly field?: string;
  /** A hash of path, rule and value (16 hex digits): what an acknowledgement names. */
  readonly fingerprint: string;
  /**
   * Why the finding was accepted.
   *
   * @default - not acknowledged
   */
  readonly acknowledgedReason?: string;
}

/** A file about to be written, with the manifests it holds. */
export interface GuardedFile {
  /** The path in the repository, e.g. `apps/argocd/secrets.yaml`. */
  readonly path: string;
  /** The file's full text, exactly as it will be written. */
  readonly text: string;
  /**
   * The manifests rendered into the file, for the structural check (v1 Secrets with data) and for decoding
   * Secret `data` values that a YAML writer may have folded across lines.
   *
   * @default - the text is scanned only
   */
  readonly manifests?: any[];
}

/** An accepted finding: a value that matches a credential pattern but is not a credential. */
export interface SecretGuardAcknowledgement {
  /** The finding's fingerprint, as printed by `SecretGuard.assertClean()`. */
  readonly fingerprint: string;
  /** Why the value is not a credential, for reviewers (at least 10 characters). */
  readonly reason: string;
}

/** Options of `SecretGuard.findings()` and `SecretGuard.assertClean()`. */
export interface SecretGuardOptions {
  /**
   * Findings accepted by fingerprint, each with a reason. Every acknowledgement must match a finding, so a
   * stale one cannot hide a later credential of the same rule.
   *
   * @default - none: every finding refuses the write
   */
  readonly acknowledgements?: SecretGuardAcknowledgement[];
}

interface Located {
  readonly ruleId: string;
  readonly message: string;
  readonly index: number;
  readonly secret: string;
}

function fingerprintOf(path: string, ruleId: string, value: string): string {
  return crypto.createHash('sha256').update(`${path}\n${ruleId}\n${value}`).digest('hex').slice(0, 16);
}

function encodedSuffix(depth: number): string {
  return depth === 0 ? '' : depth === 1 ? ' (base64-encoded)' : ` (base64-encoded ${depth} times)`;
}

/** Detector matches in `text` and, recursively, in the text its base64 runs decode to. */
function scan(text: string, depth = 0, at = 0): Located[] {
  // decoded matches are located at the start of the outermost encoded run
  const direct = detect(text).map(m => ({
    ruleId: m.ruleId, message: m.description + encodedSuffix(depth), index: depth === 0 ? m.index : at, secret: m.secret,
  }));
  if (depth >= MAX_DECODE_DEPTH) return direct;
  return [...direct, ...base64Runs(text).flatMap(run => scan(run.decoded, depth + 1, depth === 0 ? run.index : at))];
}

function fieldPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Every string of a manifest with its field path (map keys are names, not values, and are not scanned). */
function strings(value: unknown, path = ''): { field: string; value: string }[] {
  if (typeof value === 'string') return [{ field: path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, fieldPath(path, i)));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => strings(v, fieldPath(path, k)));
  return [];
}

function sortFindings(findings: GuardFinding[]): GuardFinding[] {
  const key = (f: GuardFinding) => [f.path, String(f.line ?? 0).padStart(9, '0'), f.resource ?? '', f.field ?? '', f.ruleId, f.fingerprint].join('\u0000');
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The pre-commit protection of S4, built into the GitOps repository writer: it refuses to write any v1 Secret
 * carrying data (rule ZT-SEC4 of the compliance pack: Argo CD's location and setting keys and exec-credential
 * cluster Secrets are fine) and any file whose text contains a credential: PEM private keys, AWS keys, GitHub,
 * GitLab, Slack, Google, Vault and OpenShift tokens, JWTs and URLs with passwords (`SecretGuard.rules` lists
 * them). Base64 content (Secret `data`, kubeconfigs, `caData`) is decoded and scanned as well; public
 * certificates, ESO template placeholders such as `{{ .token }}` and CA bundles do not match.
 *
 * Findings name what was found and where, never the value beyond its public prefix. A value that matches a
 * pattern but is not a credential can be acknowledged by fingerprint with a written reason.
 */
export class SecretGuard {
  /** The guard's rules: ZT-SEC4 for v1 Secrets, then the content detectors. */
  public static get rules(): GuardRule[] {
    return [
      { id: SECRET_DATA_RULE, description: 'v1 Secret with data or stringData keys that may hold credentials (compliance rule ZT-SEC4)' },
      ...DETECTORS.map(d => ({ id: d.id, description: d.description })),
    ];
  }

  /**
   * The findings in one resolved manifest: ZT-SEC4 for a v1 Secret with data, and credentials in any string
   * value (a Secret's `data` values decoded from base64 first).
   *
   * @param manifest the manifest, plain JSON (anything else has no findings)
   * @param path the file the manifest is written to; findings name the object (`Kind namespace/name`) without it
   */
  public static findingsInManifest(manifest: any, path?: string): GuardFinding[] {
    if (!isObject(manifest)) return [];
    const resource = refOf(manifest);
    const where = path ?? resource;
    const out: GuardFinding[] = [];
    const secret = isKind(manifest, '', 'Secret');
    if (secret) {
      const keys = sensitiveSecretKeys(manifest);
      if (keys.length > 0) {
        out.push({
          ruleId: SECRET_DATA_RULE,
          message: `v1 Secret with secret data in ${keys.join(', ')}: base64 is an encoding, not encryption`,
          path: where,
          resource,
          field: manifest.stringData !== undefined && manifest.data === undefined ? 'stringData' : 'data',
          fingerprint: fingerprintOf(where, SECRET_DATA_RULE, `${resource}\n${keys.join('\n')}`),
        });
      }
    }
    for (const { field, value } of strings(manifest)) {
      // a Secret's data is base64 as a whole; anything that is not text is scanned as it is
      const decoded = secret && /^data[.[]/.test(field) ? decodeBase64Text(value) : undefined;
      const located = decoded !== undefined ? scan(decoded, 1) : scan(value);
      for (const l of located) {
        out.push({ ruleId: l.ruleId, message: l.message, path: where, resource, field, fingerprint: fingerprintOf(where, l.ruleId, l.secret) });
      }
    }
    return sortFindings(dedupe(out));
  }

  /**
   * The credentials in a file's text, each with its line; base64 runs are decoded and scanned too.
   *
   * @param path the file's path in the repository
   * @param text the file's full text
   */
  public static findingsInText(path: string, text: string): GuardFinding[] {
    if (typeof text !== 'string') throw new Error(`'text' of ${path} must be a string, got ${typeof text}`);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const lineOf = (index: number) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (lineStarts[mid] <= index) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    };
    return sortFindings(dedupe(scan(text).map(l => ({
      ruleId: l.ruleId, message: l.message, path, line: lineOf(l.index), fingerprint: fingerprintOf(path, l.ruleId, l.secret),
    }))));
  }

  /**
   * Every finding in `files` (text and manifests), acknowledged ones with their reason, ordered by path and
   * line. The same value found in a file's text and in its manifests is reported once.
   *
   * @throws when a path is empty or repeated, or an acknowledgement is invalid, names a ZT-SEC4 finding or
   * matches no finding
   */
  public static findings(files: GuardedFile[], options: SecretGuardOptions = {}): GuardFinding[] {
    const seen = new Set<string>();
    const all: GuardFinding[] = [];
    files.forEach((file, i) => {
      if (typeof file?.path !== 'string' || file.path.trim() === '') {
        throw new Error(`'files[${i}].path' (${JSON.stringify(file?.path)}) must be a non-empty path, e.g. 'apps/argocd/secrets.yaml'`);
      }
      if (seen.has(file.path)) throw new Error(`'files[${i}].path' (${file.path}) is given twice; pass each file once`);
      seen.add(file.path);
      all.push(...SecretGuard.findingsInText(file.path, file.text));
      for (const manifest of file.manifests ?? []) all.push(...SecretGuard.findingsInManifest(manifest, file.path));
    });
    const findings = sortFindings(dedupe(all));
    const reasons = SecretGuard.acknowledged(findings, options.acknowledgements ?? []);
    return findings.map(f => reasons.has(f.fingerprint) ? { ...f, acknowledgedReason: reasons.get(f.fingerprint) } : f);
  }

  /**
   * Refuses to write `files` when they hold a credential: throws one error listing every unacknowledged finding
   * (what, where, its fingerprint) and how to fix it.
   *
   * @returns the acknowledged findings, for the repository's review notes
   * @throws when any finding is not acknowledged, or as `findings()` does
   */
  public static assertClean(files: GuardedFile[], options: SecretGuardOptions = {}): GuardFinding[] {
    const findings = SecretGuard.findings(files, options);
    const refused = findings.filter(f => f.acknowledgedReason === undefined);
    if (refused.length > 0) {
      const paths = new Set(refused.map(f => f.path));
      const lines = refused.map(f => {
        const where = [f.line !== undefined ? `${f.path}:${f.line}` : f.path, f.resource, f.field].filter(Boolean).join(' ');
        return `  ${where}: [${f.ruleId}] ${f.message} (fingerprint ${f.fingerprint})`;
      });
      throw new Error([
        `refusing to write ${paths.size} file${paths.size === 1 ? '' : 's'} holding credentials (${refused.length} finding${refused.length === 1 ? '' : 's'}):`,
        ...lines,
        `fix: ${FIX}`,
      ].join('\n'));
    }
    return findings.filter(f => f.acknowledgedReason !== undefined);
  }

  /** Validates acknowledgements against the findings; the reasons by fingerprint. */
  private static acknowledged(findings: GuardFinding[], acknowledgements: SecretGuardAcknowledgement[]): Map<string, string> {
    const reasons = new Map<string, string>();
    acknowledgements.forEach((a, i) => {
      const where = `'acknowledgements[${i}]'`;
      if (typeof a?.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(a.fingerprint)) {
        throw new Error(`${where}.fingerprint (${JSON.stringify(a?.fingerprint)}) must be the 16 hex digits a finding prints, e.g. '0f3a9c2e7b1d4e5f'`);
      }
      const problem = reasonProblem(a.reason);
      if (problem !== undefined) {
        throw new Error(`${where}.reason (${JSON.stringify(a.reason)}) is not a written reason: ${problem}; say in words why the value is not a credential (at least ${MIN_REASON_LENGTH} visible characters)`);
      }
      if (reasons.has(a.fingerprint)) throw new Error(`${where} repeats fingerprint ${a.fingerprint}; give one reason per finding`);
      const matched = findings.filter(f => f.fingerprint === a.fingerprint);
      if (matched.length === 0) {
        throw new Error(`${where} (fingerprint ${a.fingerprint}) matches no finding; remove it, or the value it accepted has changed`);
      }
      if (matched.some(f => f.ruleId === SECRET_DATA_RULE)) {
        throw new Error(`${where} (fingerprint ${a.fingerprint}) names a ${SECRET_DATA_RULE} finding, which cannot be acknowledged: a v1 Secret with data would put its values in Git; ${FIX.split(';')[0]}`);
      }
      reasons.set(a.fingerprint, a.reason.trim());
    });
    return reasons;
  }
}

/**
 * One finding per path and fingerprint: the same value seen in a file's text (which knows the line) and in its
 * manifest (which knows the object and field) is merged into one.
 */
function dedupe(findings: GuardFinding[]): GuardFinding[] {
  const merged = new Map<string, GuardFinding>();
  for (const f of findings) {
    const key = `${f.path}\u0000${f.fingerprint}`;
    const current = merged.get(key);
    merged.set(key, current === undefined ? f : {
      ...current,
      line: current.line ?? f.line,
      resource: current.resource ?? f.resource,
      field: current.field ?? f.field,
    });
  }
  return [...merged.values()].map(f => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as unknown as GuardFinding);
}
