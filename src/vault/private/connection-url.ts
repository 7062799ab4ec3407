/**
 * Checks of a database connection URL as Vault's database plugins read it, shared by `DatabaseSecretEngineConfig`
 * and the compliance pack (ZT-VAULT8), which reads manifests only.
 */

/** The plugins whose connection URL says whether TLS is verified, by plugin name. */
const TLS_CHECKS: Record<string, (params: Map<string, string>, url: string) => string | undefined> = {
  'postgresql-database-plugin': postgresTls,
  'mysql-database-plugin': mysqlTls,
  'mysql-aurora-database-plugin': mysqlTls,
  'mysql-rds-database-plugin': mysqlTls,
  'mysql-legacy-database-plugin': mysqlTls,
  'mssql-database-plugin': mssqlTls,
  'mongodb-database-plugin': mongoTls,
};

/** Whether the library can tell from the URL of `pluginName` if TLS is verified. */
export function judgesTls(pluginName: string): boolean {
  return Object.prototype.hasOwnProperty.call(TLS_CHECKS, pluginName);
}

/**
 * Why the connection URL of `pluginName` does not verify the database server's certificate and host name, or
 * undefined when it does (or when the plugin is one whose URL the library cannot judge).
 */
export function connectionTlsProblem(pluginName: string, url: string): string | undefined {
  const check = judgesTls(pluginName) ? TLS_CHECKS[pluginName] : undefined;
  return check?.(parameters(url), url);
}

/** The key=value parameters of a URL query, an ADO string (`;`) or a libpq DSN (spaces); keys in lower case. */
function parameters(url: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of url.matchAll(/(?:^|[?&;\s])([A-Za-z_]+)=([^&;\s]*)/g)) params.set(m[1].toLowerCase(), m[2]);
  return params;
}

function postgresTls(params: Map<string, string>): string | undefined {
  const mode = params.get('sslmode');
  if (mode === undefined) return 'it sets no sslmode, so the PostgreSQL driver falls back to prefer: TLS if offered, without checking the server; add sslmode=verify-full';
  if (mode !== 'verify-full') return `its sslmode=${mode} does not check the server's certificate and host name; use sslmode=verify-full`;
  return undefined;
}

function mysqlTls(params: Map<string, string>): string | undefined {
  const tls = params.get('tls');
  if (tls === undefined) return 'it sets no tls parameter, so the MySQL driver connects in plain text; add tls=true';
  if (['false', 'skip-verify', 'preferred'].includes(tls.toLowerCase())) return `its tls=${tls} does not verify the server; use tls=true`;
  return undefined;
}

function mssqlTls(params: Map<string, string>): string | undefined {
  const encrypt = params.get('encrypt')?.toLowerCase();
  if (encrypt !== 'true' && encrypt !== 'strict') {
    return `${encrypt === undefined ? 'it sets no encrypt parameter' : `its encrypt=${params.get('encrypt')}`}, so SQL Server traffic after login is not encrypted; add encrypt=true`;
  }
  if (params.get('trustservercertificate')?.toLowerCase() === 'true') return 'its TrustServerCertificate=true accepts any server certificate; remove it';
  return undefined;
}

function mongoTls(params: Map<string, string>, url: string): string | undefined {
  for (const key of ['tlsinsecure', 'tlsallowinvalidcertificates', 'tlsallowinvalidhostnames', 'sslallowinvalidcertificates', 'sslallowinvalidhostnames']) {
    if (params.get(key)?.toLowerCase() === 'true') return `its ${key}=true accepts a server it cannot verify; remove it`;
  }
  const tls = params.get('tls') ?? params.get('ssl');
  // mongodb+srv:// turns TLS on unless the URL turns it off
  const on = tls === undefined ? url.startsWith('mongodb+srv://') : tls.toLowerCase() === 'true';
  return on ? undefined : 'it does not turn TLS on, so MongoDB traffic is plain text; add tls=true';
}

const PLACEHOLDERS = ['{{username}}', '{{password}}'];

/**
 * Why a connection URL does not take the root credentials from Vault's placeholders: it must contain
 * `{{username}}` and `{{password}}` (which the plugin fills from the configured credentials) and no other `{{...}}`.
 */
export function connectionPlaceholderProblem(url: string): string | undefined {
  const missing = PLACEHOLDERS.filter(p => !url.includes(p));
  if (missing.length > 0) {
    return `lacks ${missing.join(' and ')}: the plugin fills them from the root credentials, so the URL itself holds none`;
  }
  const other = [...url.matchAll(/\{\{[^}]*\}\}/g)].map(m => m[0]).find(p => !PLACEHOLDERS.includes(p));
  if (other !== undefined) return `contains ${other}, which the plugin does not fill; only {{username}} and {{password}} are replaced`;
  return undefined;
}
