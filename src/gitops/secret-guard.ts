import * as crypto from 'crypto';
import { ValidationError } from '../common/errors';
import { MIN_REASON_LENGTH, reasonProblem } from '../common/reason';
import { sortedBy } from '../common/sort';
import { appendTo, isKind, isObject, refOf } from '../compliance/manifest';
import { itemsOf } from '../compliance/pack';
import { sensitiveSecretKeys } from '../compliance/rules/secret-data';
import { CredentialFinding, detectorCatalog, scanManifest, scanText } from '../compliance/secrets';

/** The rule id of plain v1 Secrets with data: the compliance rule that defines it. */
const SECRET_DATA_RULE = 'ZT-SEC4';
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

/** A structural ZT-SEC4 finding has no value to hash: the object and its keys name it. */
function fingerprintOf(path: string, ruleId: string, value: string): string {
  return crypto.createHash('sha256').update(`${path}\n${ruleId}\n${value}`).digest('hex').slice(0, 16);
}

/** A scanner finding as the guard reports it: redacted, with the decodings that revealed it. */
function guardFinding(f: CredentialFinding, path: string, resource?: string): GuardFinding {
  return {
    ruleId: f.detector,
    message: `${f.redacted}${f.decodings.length > 0 ? ` (${f.decodings.join(' → ')})` : ''}`,
    path,
    ...f.line !== undefined && resource === undefined ? { line: f.line } : {},
    ...resource !== undefined ? { resource, field: f.location } : {},
    fingerprint: f.fingerprint,
  };
}

function sortFindings(findings: GuardFinding[]): GuardFinding[] {
  const key = (f: GuardFinding) => [f.path, String(f.line ?? 0).padStart(9, '0'), f.resource ?? '', f.field ?? '', f.ruleId, f.fingerprint].join('\u0000');
  return sortedBy(findings, key);
}

/**
 * The pre-commit protection of S4, built into the GitOps repository writer: it refuses to write any v1 Secret
 * carrying data (rule ZT-SEC4 of the compliance pack: Argo CD's location and setting keys and exec-credential
 * cluster Secrets are fine) and any file holding a credential, found by the same scanner as the compliance pack's
 * ZT-SEC6: secretlint's recommended rules plus this library's detectors for Kubernetes shapes (`SecretGuard.rules`
 * lists them), after unwrapping base64 (nested, wrapped), hex, gzip/zlib, UTF-16, URL and JSON escapes. Public
 * certificates, ESO template placeholders such as `{{ .token }}` and CA bundles do not match.
 *
 * Findings name what was found and where, never the value: its type, length and at most a public prefix. A value
 * that matches a pattern but is not a credential can be acknowledged by its fingerprint (a hash of the value and
 * where it is, so the acknowledgement covers that value only) with a written reason.
 */
export class SecretGuard {
  /** The guard's rules: ZT-SEC4 for v1 Secrets, then the scanner's detectors. */
  public static get rules(): GuardRule[] {
    return [
      { id: SECRET_DATA_RULE, description: 'v1 Secret with data or stringData keys that may hold credentials (compliance rule ZT-SEC4)' },
      ...detectorCatalog().map(d => ({ id: d.id, description: d.description })),
    ];
  }

  /**
   * The findings in one resolved manifest (or, for a `kind: List`, in each of its items): ZT-SEC4 for a v1
   * Secret with data, and credentials in any string (a Secret's `data` values decoded from base64 first).
   *
   * @param manifest the manifest, plain JSON (anything else has no findings)
   * @param path the file the manifest is written to; findings name the object (`Kind namespace/name`) without it
   */
  public static findingsInManifest(manifest: any, path?: string): GuardFinding[] {
    if (!isObject(manifest)) return [];
    const out: GuardFinding[] = structuralFindings(manifest, path);
    for (const item of itemsOf(manifest).filter(isObject)) {
      const resource = refOf(item);
      const where = path ?? resource;
      out.push(...scanManifest(item, { scope: `${where}\n${resource}` }).map(f => guardFinding(f, where, resource)));
    }
    return sortFindings(dedupe(out));
  }

  /**
   * The credentials in a file's text, each with its line; encoded content is decoded and scanned too.
   *
   * @param path the file's path in the repository
   * @param text the file's full text
   */
  public static findingsInText(path: string, text: string): GuardFinding[] {
    if (typeof text !== 'string') throw new ValidationError(`'text' of ${path} must be a string, got ${typeof text}`);
    return sortFindings(dedupe(scanText(text, path, { scope: path }).map(f => guardFinding(f, path))));
  }

  /**
   * Every finding in `files`, acknowledged ones with their reason, ordered by path and line: credentials in each
   * file's text (everything the file holds, overlay patches and labels included), and ZT-SEC4 on the manifests a
   * file comes with.
   *
   * @throws when a path is empty or repeated, or an acknowledgement is invalid, names a ZT-SEC4 finding or
   * matches no finding
   */
  public static findings(files: GuardedFile[], options: SecretGuardOptions = {}): GuardFinding[] {
    const seen = new Set<string>();
    const all: GuardFinding[] = [];
    files.forEach((file, i) => {
      if (typeof file?.path !== 'string' || file.path.trim() === '') {
        throw new ValidationError(`'files[${i}].path' (${JSON.stringify(file?.path)}) must be a non-empty path, e.g. 'apps/argocd/secrets.yaml'`);
      }
      if (seen.has(file.path)) throw new ValidationError(`'files[${i}].path' (${file.path}) is given twice; pass each file once`);
      seen.add(file.path);
      all.push(...SecretGuard.findingsInText(file.path, file.text));
      for (const manifest of file.manifests ?? []) all.push(...structuralFindings(manifest, file.path));
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
      throw new ValidationError([
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
    // the findings of each fingerprint, looked up per acknowledgement rather than scanned (a fleet acknowledges many)
    const byFingerprint = new Map<string, GuardFinding[]>();
    for (const f of findings) appendTo(byFingerprint, f.fingerprint, f);
    acknowledgements.forEach((a, i) => {
      const where = `'acknowledgements[${i}]'`;
      if (typeof a?.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(a.fingerprint)) {
        throw new ValidationError(`${where}.fingerprint (${JSON.stringify(a?.fingerprint)}) must be the 16 hex digits a finding prints, e.g. '0f3a9c2e7b1d4e5f'`);
      }
      const problem = reasonProblem(a.reason);
      if (problem !== undefined) {
        throw new ValidationError(`${where}.reason (${JSON.stringify(a.reason)}) is not a written reason: ${problem}; say in words why the value is not a credential (at least ${MIN_REASON_LENGTH} visible characters)`);
      }
      if (reasons.has(a.fingerprint)) throw new ValidationError(`${where} repeats fingerprint ${a.fingerprint}; give one reason per finding`);
      const matched = byFingerprint.get(a.fingerprint) ?? [];
      if (matched.length === 0) {
        throw new ValidationError(`${where} (fingerprint ${a.fingerprint}) matches no finding; remove it, or the value it accepted has changed`);
      }
      if (matched.some(f => f.ruleId === SECRET_DATA_RULE)) {
        throw new ValidationError(`${where} (fingerprint ${a.fingerprint}) names a ${SECRET_DATA_RULE} finding, which cannot be acknowledged: a v1 Secret with data would put its values in Git; ${FIX.split(';')[0]}`);
      }
      reasons.set(a.fingerprint, a.reason.trim());
    });
    return reasons;
  }
}

/** ZT-SEC4 on a manifest (each item of a `kind: List`): v1 Secrets with data that may hold credentials. */
function structuralFindings(manifest: any, path: string | undefined): GuardFinding[] {
  return itemsOf(manifest).filter(item => isKind(item, '', 'Secret')).flatMap(item => {
    const keys = sensitiveSecretKeys(item);
    if (keys.length === 0) return [];
    const resource = refOf(item);
    const where = path ?? resource;
    return [{
      ruleId: SECRET_DATA_RULE,
      message: `v1 Secret with secret data in ${keys.join(', ')}: base64 is an encoding, not encryption`,
      path: where,
      resource,
      field: item.stringData !== undefined && item.data === undefined ? 'stringData' : 'data',
      fingerprint: fingerprintOf(where, SECRET_DATA_RULE, `${resource}\n${keys.join('\n')}`),
    }];
  });
}

/** One finding per path and fingerprint (a value several detectors recognize is reported once). */
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
