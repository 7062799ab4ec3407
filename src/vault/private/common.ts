import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { durationMillis, formatGoDuration } from '../../common/duration';
import { ValidationError } from '../../common/errors';
import { validateDnsLabel } from '../../common/names';
import { validateReason } from '../../common/reason';
import { Compliance } from '../../compliance/acknowledgement';

/** API version of every vault-config-operator kind this library synthesizes. */
export const VAULT_CONFIG_API_VERSION = 'redhatcop.redhat.io/v1alpha1';

const MOUNT_SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * A Vault mount path such as `kubernetes` or `teams/ci/database`: segments of letters, digits, '_', '.'
 * and '-' joined by '/'. Leading and trailing slashes are rejected instead of trimmed so the path a role
 * renders and the path a policy grants are spelled the same way.
 */
export function validateMountPath(scope: IConstruct | undefined, prop: string, path: string): string {
  const segments = path.split('/');
  if (path.length === 0 || segments.some(s => !MOUNT_SEGMENT.test(s) || s === '.' || s === '..')) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(path)}) must be a Vault mount path: segments of letters, digits, '_', '.' or '-' joined by '/', without leading or trailing '/'; e.g. "database" or "teams/ci/database"`, scope);
  }
  return path;
}

/**
 * A name of an object inside Vault (policy, role). The operator's CRDs pattern-check it as a DNS-1123
 * label, and the same name is spelled into paths such as `database/creds/<role>`.
 */
export function validateVaultName(scope: IConstruct | undefined, prop: string, name: string): string {
  return validateDnsLabel(scope, prop, name);
}

/**
 * A Vault TTL in whole seconds: Vault stores TTLs as seconds and truncates anything finer, which would
 * make the rendered value and the effective one differ.
 */
export function ttlSeconds(scope: IConstruct, prop: string, ttl: Duration): number {
  const ms = durationMillis(scope, prop, ttl, { min: Duration.seconds(1) });
  if (ms % 1000 !== 0) {
    throw new ValidationError(`'${prop}' (${formatGoDuration(ms)}) must be a whole number of seconds: Vault truncates TTLs to seconds; use e.g. Duration.seconds(${Math.ceil(ms / 1000)})`, scope);
  }
  return ms / 1000;
}

/** Rejects empty lists, blank entries and duplicates in a list the CRD declares as a set. */
export function validateStatementSet(scope: IConstruct, prop: string, statements: string[], required: boolean): string[] {
  if (required && statements.length === 0) {
    throw new ValidationError(`'${prop}' is empty; list at least one statement, e.g. CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`, scope);
  }
  const seen = new Set<string>();
  statements.forEach((statement, i) => {
    if (statement.trim().length === 0) {
      throw new ValidationError(`'${prop}[${i}]' is blank; remove it or write the statement`, scope);
    }
    if (seen.has(statement)) {
      throw new ValidationError(`'${prop}[${i}]' (${JSON.stringify(statement)}) is listed twice; the CRD declares a set, so list each statement once`, scope);
    }
    seen.add(statement);
  });
  return [...statements];
}

/** Lifetimes above this (one day) need a written reason: ZT-VAULT2 judges them on the rendered role. */
export const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/** The rule that judges Vault lifetimes on the rendered output. */
export const LIFETIME_RULE = 'ZT-VAULT2';

/**
 * Records the opt-in `prop` for lifetimes of more than a day as an acknowledgement of ZT-VAULT2 on `construct`.
 * Called at construction, so the acknowledgement exists before any validation (the compliance pack's included).
 */
export function acknowledgeLongLifetimes(construct: IConstruct, prop: string, reason: string | undefined): void {
  if (reason !== undefined) Compliance.of(construct)._acknowledgeOptIn(prop, LIFETIME_RULE, reason, 'why the lifetime is longer than a day');
}

/**
 * Checks lifetimes (in seconds) against one day: longer ones need the opt-in `prop` (its `reason`), and the
 * opt-in without a long lifetime is refused.
 *
 * @returns an error message, or undefined (validations collect messages; constructors throw them)
 */
export function longLifetimeProblem(construct: IConstruct, prop: string, lifetimes: [string, number][],
  reason: string | undefined): string | undefined {
  const long = lifetimes.filter(([, s]) => s > MAX_LIFETIME_SECONDS).map(([p, s]) => `'${p}' (${formatGoDuration(s * 1000)})`);
  if (long.length > 0 && reason === undefined) {
    return `${long.join(' and ')} of ${construct.node.path} is more than a day: a leaked token or credential stays usable that long; keep it to the job's duration, or set ${prop} to the reason`;
  }
  if (long.length === 0 && reason !== undefined) return `'${prop}' is set but no lifetime of ${construct.node.path} is longer than a day; remove it`;
  return undefined;
}

/** Requires a written reason for an opt-in that weakens a default. */
export function requireReason(scope: IConstruct, prop: string, reason: string): string {
  return validateReason(scope, prop, reason, 'why the broader binding is needed');
}

const VAULT_IDENTIFIER = /^[A-Za-z0-9_.-]+$/;

/** A name Vault puts in a path without further rules, such as a database connection name. */
export function validateVaultIdentifier(scope: IConstruct, prop: string, value: string): string {
  if (!VAULT_IDENTIFIER.test(value) || value === '.' || value === '..') {
    throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) must be a Vault object name: letters, digits, '_', '.' or '-'; e.g. "ci-postgres"`, scope);
  }
  return value;
}

const claims = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `construct` writes `vaultPath` (in Vault namespace `vaultNamespace`) and throws if another
 * construct of the same app already does: the operator would apply both and each reconcile would overwrite
 * the other.
 */
export function claimVaultPath(construct: IConstruct, prop: string, value: string, vaultPath: string, vaultNamespace: string | undefined): void {
  const root = construct.node.root;
  let paths = claims.get(root);
  if (!paths) {
    paths = new Map();
    claims.set(root, paths);
  }
  const key = `${vaultNamespace ?? ''}|${vaultPath}`;
  const owner = paths.get(key);
  if (owner !== undefined) {
    throw new ValidationError(`'${prop}' ("${value}") is already written to Vault at ${vaultPath} by ${owner}; two objects would overwrite each other on every reconcile; choose another name`, construct);
  }
  paths.set(key, construct.node.path);
}
