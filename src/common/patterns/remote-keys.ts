/** Remote keys as the secret manager's client reads them, and key prefixes matched on a path boundary. */

/** How a provider's client reads a remote key. */
export interface RemoteKeyOptions {
  /**
   * The provider key of the store's `spec.provider` (`vault`, `aws`, `gcpsm`, `azurekv`, ...).
   *
   * @default - unknown: the key is read as a name, not a path
   */
  readonly provider?: string;
  /** Vault: the store's `path` (KV mount); ESO strips it (and `data/` for v2) from keys that start with it. */
  readonly vaultMount?: string;
  /** Vault: the KV version, `v1` or `v2` (the default). */
  readonly vaultVersion?: string;
}

/** A remote key as the provider reads it. */
export interface NormalizedKey {
  /** The key the provider reads. */
  readonly key: string;
  /** Why the key is refused regardless of the prefix (a `..` segment a name-based provider would not resolve). */
  readonly problem?: string;
  /** Whether the provider's client rewrote the key (so a finding should show both). */
  readonly rewritten: boolean;
}

/** Providers whose client treats the key as a URL path and cleans it (Go's path.Join). */
const PATH_CLEANING_PROVIDERS = new Set(['vault']);

function percentDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Go's path.Clean for a relative path: no empty or '.' segments, '..' removes the previous one or stays in front. */
function cleanPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/**
 * A remote key as the store's provider reads it. Vault: ESO drops a leading `<mount>/` (and `data/` on KV v2),
 * and the Vault client joins the path with Go's path.Join, which resolves `.` and `..`, collapses `//` and drops
 * a leading '/': `team-a/../team-b/db` reads `team-b/db`. Other providers take the key as a name: it is kept, but
 * a `..` segment (also percent-encoded) is refused as an attempt to leave the prefix.
 */
export function normalizeRemoteKey(key: string, options: RemoteKeyOptions = {}): NormalizedKey {
  if (!PATH_CLEANING_PROVIDERS.has(options.provider ?? '')) {
    const dots = key.split(/[/\\]/).some(s => percentDecoded(s) === '..');
    return { key, rewritten: false, problem: dots ? 'has a \'..\' segment, which this provider does not resolve: refused as an attempt to leave the prefix' : undefined };
  }
  let out = key;
  const mount = options.vaultMount?.replace(/^\/+|\/+$/g, '');
  if (mount) {
    if (out.startsWith(`${mount}/`)) {
      out = out.slice(mount.length + 1);
      if ((options.vaultVersion ?? 'v2') === 'v2' && out.startsWith('data/')) out = out.slice('data/'.length);
    }
  }
  const directory = /\/$/.test(out);
  let cleaned = cleanPath(out);
  if (directory && cleaned !== '' && cleaned !== '..' && !cleaned.endsWith('/..')) cleaned += '/';
  const climbs = cleaned === '..' || cleaned.startsWith('../');
  return {
    key: cleaned,
    rewritten: cleaned !== key,
    problem: climbs ? `climbs above the store's path (${cleaned} after Vault's client cleans it)` : undefined,
  };
}

/**
 * Whether `key` lies under `prefix` on a boundary: a prefix ending in '/', '-', '_', '.' or ':' is a boundary
 * itself (plain prefix match); otherwise the key is the prefix or continues with '/' (`team-a` admits `team-a`
 * and `team-a/x`, not `team-admin/x`).
 */
export function isWithinKeyPrefix(key: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (/[/\-_.:]$/.test(prefix)) return key.startsWith(prefix);
  return key === prefix || key.startsWith(`${prefix}/`);
}

/**
 * Why a remote key read or written through a store falls outside the store's key prefix (both read as the
 * provider reads them, see `normalizeRemoteKey`), or undefined when it stays inside.
 */
export function remoteKeyProblem(key: string, prefix: string, options: RemoteKeyOptions = {}): string | undefined {
  const normalized = normalizeRemoteKey(key, options);
  if (normalized.problem !== undefined) return normalized.problem;
  const bound = normalizeRemoteKey(prefix, options).key;
  if (isWithinKeyPrefix(normalized.key, bound)) return undefined;
  if (normalized.rewritten) return `reads ${normalized.key || '(the store\'s root)'} once Vault's client cleans the path, which is not under ${prefix}`;
  if (normalized.key.startsWith(bound)) {
    const segment = normalized.key.split('/')[bound.split('/').length - 1];
    return `is not under ${prefix}: it continues the prefix's last segment (${segment}) instead of starting with ${bound}/`;
  }
  return `does not start with ${prefix}`;
}
