import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { DAY_MS, formatLifetime, parseVaultTtlMs, VAULT_SYSTEM_TTL_MS } from './duration-helpers';
import { VAULT_CONFIG } from './vault-auth-binding';

type Ttl = { ms: number | null; problem?: string };

function ttl(spec: any, field: string): Ttl {
  const ms = parseVaultTtlMs(spec[field]);
  if (ms === undefined) return { ms: null, problem: `spec.${field} ${JSON.stringify(spec[field])} does not parse as a Vault TTL` };
  return { ms };
}

/**
 * Problems of one TTL: above a day, or unset (Vault then uses the mount's, by default the system's 768h). `cap` is a
 * hard cap that bounds it anyway (the auth role's tokenExplicitMaxTTL).
 */
function lifetimeProblems(field: string, value: Ttl, cap: number | null): string[] {
  if (value.problem) return [value.problem];
  const capped = cap !== null && cap <= DAY_MS;
  if (value.ms === null) {
    return capped ? [] : [`spec.${field} is unset (or 0): Vault uses the mount's default, ${formatLifetime(VAULT_SYSTEM_TTL_MS)} unless tuned`];
  }
  if (value.ms > DAY_MS && !capped) return [`spec.${field} is ${formatLifetime(value.ms)}, more than a day`];
  return [];
}

function authRoleProblems(spec: any): string[] {
  const explicit = ttl(spec, 'tokenExplicitMaxTTL');
  const period = ttl(spec, 'tokenPeriod');
  const tokenTtl = ttl(spec, 'tokenTTL');
  const maxTtl = ttl(spec, 'tokenMaxTTL');
  const problems = [explicit, period].flatMap(t => t.problem ? [t.problem] : []);
  const cap = explicit.ms;
  if (period.ms !== null && !(cap !== null && cap <= DAY_MS)) {
    problems.push(`spec.tokenPeriod is ${formatLifetime(period.ms)}: periodic tokens are renewed without limit unless tokenExplicitMaxTTL caps them at a day or less`);
  }
  if (explicit.ms !== null && explicit.ms > DAY_MS) {
    problems.push(`spec.tokenExplicitMaxTTL is ${formatLifetime(explicit.ms)}, more than a day`);
  }
  problems.push(...lifetimeProblems('tokenTTL', tokenTtl, cap), ...lifetimeProblems('tokenMaxTTL', maxTtl, cap));
  if (tokenTtl.ms !== null && maxTtl.ms !== null && tokenTtl.ms > maxTtl.ms) {
    problems.push(`spec.tokenTTL ${formatLifetime(tokenTtl.ms)} is above spec.tokenMaxTTL ${formatLifetime(maxTtl.ms)}`);
  }
  return problems;
}

function databaseRoleProblems(spec: any): string[] {
  const defaultTtl = ttl(spec, 'defaultTTL');
  const maxTtl = ttl(spec, 'maxTTL');
  const problems = [...lifetimeProblems('defaultTTL', defaultTtl, null), ...lifetimeProblems('maxTTL', maxTtl, null)];
  if (defaultTtl.ms !== null && maxTtl.ms !== null && defaultTtl.ms > maxTtl.ms) {
    problems.push(`spec.defaultTTL ${formatLifetime(defaultTtl.ms)} is above spec.maxTTL ${formatLifetime(maxTtl.ms)}`);
  }
  return problems;
}

/** A mount's lease lifetimes, except for KV, whose secrets have no lease. */
function mountProblems(spec: any): string[] {
  if (spec.type === 'kv' || spec.type === 'generic') return [];
  const config = spec.config ?? {};
  const problems: string[] = [];
  for (const field of ['defaultLeaseTTL', 'maxLeaseTTL']) {
    const found = lifetimeProblems(field, ttl(config, field), null);
    problems.push(...found.map(p => p.replace(`spec.${field}`, `spec.config.${field}`).replace('the mount\'s default', 'the system default')));
  }
  return problems;
}

export const vaultLifetimes: RuleDefinition = {
  id: 'ZT-VAULT2',
  level: ComplianceLevel.ERROR,
  message: 'Vault token or lease lives longer than a day',
  explanation: 'A KubernetesAuthEngineRole\'s tokenTTL and tokenMaxTTL (seconds) bound a login token and, because '
    + 'revoking a token revokes its leases, every credential it obtained; a DatabaseSecretEngineRole\'s defaultTTL and '
    + 'maxTTL ("1h" or seconds) bound each database user. Unset or 0 means the mount\'s default, 768h on a stock Vault. '
    + 'A periodic token (tokenPeriod) is renewable forever. Keep each at a day or less, as short as the job that uses '
    + 'it, with the TTL not above the max TTL; tokenExplicitMaxTTL of a day or less caps the auth role\'s tokens. A '
    + 'SecretEngineMount\'s config.defaultLeaseTTL and config.maxLeaseTTL bound every lease of the engine (KV has none).',
  fix: 'set the TTL and max TTL to a day or less (e.g. tokenTTL 900, defaultTTL 15m)',
  anchors: ['Vault token TTLs and periodic tokens', 'Vault database secrets engine default_ttl, max_ttl',
    'Vault mount tuning default_lease_ttl, max_lease_ttl',
    'S2: credentials live as long as the task'],
  beyondAnchors: 'Vault and the operator accept any TTL and fall back to 768h when unset; this rule reads both TTL '
    + 'spellings and the periodic and explicit-max caps.',
  kinds: ['redhatcop.redhat.io/KubernetesAuthEngineRole', 'redhatcop.redhat.io/DatabaseSecretEngineRole', 'redhatcop.redhat.io/SecretEngineMount'],
  check: manifest => {
    if (isKind(manifest, VAULT_CONFIG, 'KubernetesAuthEngineRole')) return outcome(authRoleProblems(manifest.spec ?? {}));
    if (isKind(manifest, VAULT_CONFIG, 'DatabaseSecretEngineRole')) return outcome(databaseRoleProblems(manifest.spec ?? {}));
    if (isKind(manifest, VAULT_CONFIG, 'SecretEngineMount')) return outcome(mountProblems(manifest.spec ?? {}));
    return NOT_APPLICABLE;
  },
};
