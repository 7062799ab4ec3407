/** Lifetimes as the upstream controllers read them: Go duration strings and Vault's TTL fields. */

export const SECOND_MS = 1000;
export const DAY_MS = 24 * 3_600_000;
/** Vault's system default and maximum TTL when neither the role nor the mount sets one (32 days). */
export const VAULT_SYSTEM_TTL_MS = 768 * 3_600_000;

const GO_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/**
 * Milliseconds of a Go duration string as `time.ParseDuration` reads it (`1h`, `1h30m`, `1.5h`, `.5h`, `-1h`, `0`),
 * or undefined when Go would reject it (a bare number other than 0, `1d`, spaces).
 */
export function parseGoDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^[-+]?0$/.test(value)) return 0;
  if (!GO_DURATION.test(value)) return undefined;
  const sign = value.startsWith('-') ? -1 : 1;
  let ms = 0;
  for (const part of value.matchAll(GO_PART)) ms += Number(part[1]) * GO_UNIT_MS[part[2]];
  return sign * ms;
}

/**
 * Milliseconds of a Vault TTL field as Vault's `parseutil.ParseDurationSecond` reads it: a number of seconds, an
 * integer string of seconds, `<n>d` days, or a Go duration string. `null` means unset (absent, empty or zero: Vault
 * then falls back to the mount's or the system's TTL); undefined means it does not parse.
 */
export function parseVaultTtlMs(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  let ms: number | undefined;
  if (typeof value === 'number') {
    ms = Number.isFinite(value) && value >= 0 ? value * SECOND_MS : undefined;
  } else if (typeof value !== 'string') {
    ms = undefined;
  } else if (/^\d+$/.test(value)) {
    ms = Number(value) * SECOND_MS;
  } else if (/^\d+d$/.test(value)) {
    ms = Number(value.slice(0, -1)) * DAY_MS;
  } else {
    ms = parseGoDurationMs(value);
    if (ms !== undefined && ms < 0) ms = undefined;
  }
  if (ms === undefined) return undefined;
  return ms === 0 ? null : ms;
}

/** A lifetime for findings: `36h`, `90m`, `45s`, falling back to milliseconds. */
export function formatLifetime(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
