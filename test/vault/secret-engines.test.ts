import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ciChart, objectsOf } from './fixtures';
import { ValidationError } from '../../src/common/errors';
import { Compliance, CompliancePack } from '../../src/compliance';
import {
  DatabasePasswordAuthentication, DatabasePlugin, DatabaseSecretEngineConfig, DatabaseSecretEngineConfigProps, DatabaseSecretEngineRole,
  SecretEngineMount, SecretEngineType, VaultOperatorAuthentication,
} from '../../src/vault';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

const PG_URL = 'postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-full';
const STATEMENTS = ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'];

function role(chart: Chart, auth: VaultOperatorAuthentication, name: string, options: { mountPath?: string; dbName?: string; ttl?: Duration } = {}) {
  return DatabaseSecretEngineRole.forTaskTimeout(chart, name, options.ttl ?? Duration.minutes(15), {
    authentication: auth, roleName: name, dbName: options.dbName ?? 'app-postgres', creationStatements: STATEMENTS, mountPath: options.mountPath,
  });
}

/** A mount, a connection allowing one role, and that role. */
function engine(overrides: Partial<DatabaseSecretEngineConfigProps> = {}) {
  const { chart, auth } = ciChart();
  const mount = new SecretEngineMount(chart, 'mount', { authentication: auth, type: SecretEngineType.DATABASE });
  const migrate = role(chart, auth, 'ci-migrate');
  const config = new DatabaseSecretEngineConfig(chart, 'config', {
    authentication: auth,
    mount,
    plugin: DatabasePlugin.POSTGRESQL,
    connectionUrl: PG_URL,
    rootCredentials: { secret: kplus.Secret.fromSecretName(chart, 'root', 'postgres-root') },
    allowedRoles: [migrate],
    dbName: 'app-postgres',
    ...overrides,
  });
  return { chart, auth, mount, config, migrate };
}

describe('SecretEngineMount', () => {
  test('mounts the database engine at its type name with leases capped at a day (snapshot)', () => {
    const { chart, auth } = ciChart();
    const mount = new SecretEngineMount(chart, 'mount', { authentication: auth, type: SecretEngineType.DATABASE, metadata: { name: 'database' } });
    expect([mount.mountPath, mount.engineType, mount.maxLeaseTTL.toSeconds(), mount.defaultLeaseTTL.toSeconds()]).toEqual(['database', 'database', 86400, 3600]);
    const [obj] = objectsOf(chart, 'SecretEngineMount');
    expect(obj.spec).toEqual({
      authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
      type: 'database',
      name: 'database',
      config: { defaultLeaseTTL: '1h0m0s', maxLeaseTTL: '24h0m0s', listingVisibility: 'hidden' },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    // every field the CRD would default is already set, so the live object equals the manifest
    expectDefaultsEmitted(obj);
    expectConformant(chart);
    expect(new CompliancePack().evaluate(chart).errors).toEqual([]);
  });

  test('a nested mount path splits into spec.path and spec.name; KV v2 carries its version option', () => {
    const { chart, auth } = ciChart();
    new SecretEngineMount(chart, 'kv', {
      authentication: auth,
      type: SecretEngineType.KV_V2,
      mountPath: 'teams/ci/secret',
      description: 'team secrets',
      maxLeaseTTL: Duration.minutes(30),
    });
    new SecretEngineMount(chart, 'pki', { authentication: { ...auth, vaultNamespace: 'teams' }, type: SecretEngineType.PKI, defaultLeaseTTL: Duration.minutes(5) });
    new SecretEngineMount(chart, 'transit', { authentication: auth, type: SecretEngineType.TRANSIT });
    new SecretEngineMount(chart, 'aws', { authentication: auth, type: SecretEngineType.custom('aws') });
    const [kv, pki, transit, aws] = objectsOf(chart, 'SecretEngineMount').map(o => o.spec);
    expect([kv.type, kv.path, kv.name, kv.options, kv.description, kv.config.maxLeaseTTL, kv.config.defaultLeaseTTL])
      .toEqual(['kv', 'teams/ci', 'secret', { version: '2' }, 'team secrets', '30m0s', '30m0s']);
    expect([pki.name, pki.config.defaultLeaseTTL, pki.authentication.namespace]).toEqual(['pki', '5m0s', 'teams']);
    expect([transit.name, aws.type, aws.name]).toEqual(['transit', 'aws', 'aws']);
    expectConformant(chart);
  });

  test('imports', () => {
    const { chart } = ciChart();
    const plain = SecretEngineMount.fromMountPath(chart, 'a', 'teams/db');
    const typed = SecretEngineMount.fromSecretEngineMountAttributes(chart, 'b', { mountPath: 'kv', engineType: SecretEngineType.KV_V2 });
    expect([plain.mountPath, plain.engineType, plain.name, plain.kind, plain.apiVersion, plain.namespace]).toEqual(['teams/db', undefined, 'teams/db', 'SecretEngineMount', 'redhatcop.redhat.io/v1alpha1', undefined]);
    expect(typed.engineType).toBe('kv');
    expect(() => SecretEngineMount.fromMountPath(chart, 'c', '/db')).toThrow(/^'mountPath' \("\/db"\) must be a Vault mount path/);
    expectConformant(chart);
  });

  test('a role whose maxTTL exceeds the mount\'s maxLeaseTTL fails synthesis (Vault would cut its leases short)', () => {
    const { chart, auth } = ciChart();
    new SecretEngineMount(chart, 'mount', { authentication: auth, type: SecretEngineType.DATABASE, maxLeaseTTL: Duration.hours(1) });
    role(chart, auth, 'short', { ttl: Duration.hours(1) });
    role(chart, auth, 'long', { ttl: Duration.hours(2) });
    role(chart, auth, 'elsewhere', { ttl: Duration.hours(2), mountPath: 'other-db' });
    role(chart, { ...auth, vaultNamespace: 'teams' }, 'other-namespace', { ttl: Duration.hours(2) });
    // another chart may go to another cluster, with its own Vault
    const other = new Chart(chart.node.scope as any, 'other', { namespace: 'ci-cd' });
    const account = kplus.ServiceAccount.fromServiceAccountName(other, 'op', 'vault-config');
    role(other, { role: 'vault-admin', serviceAccount: account }, 'other-chart', { ttl: Duration.hours(2) });
    expect(() => Testing.synth(chart)).toThrow(/DatabaseSecretEngineRole ci\/long has maxTTL 2h0m0s but its mount "database" \(ci\/mount\) caps every lease at maxLeaseTTL 1h0m0s: its credentials would expire before the time it promises/);
    expect(() => Testing.synth(chart)).not.toThrow(/(short|elsewhere|other-namespace|other-chart) has maxTTL/);
  });

  test('long lifetimes need a written reason, which acknowledges ZT-VAULT2', () => {
    const failing = ciChart();
    expect(() => new SecretEngineMount(failing.chart, 'a', { authentication: failing.auth, type: SecretEngineType.DATABASE, maxLeaseTTL: Duration.days(2) }))
      .toThrow(/'maxLeaseTTL' \(48h0m0s\) of ci\/a is more than a day: .* set acknowledgeLongLivedCredentials to the reason/);
    expect(() => new SecretEngineMount(failing.chart, 'c', { authentication: failing.auth, type: SecretEngineType.TRANSIT, acknowledgeLongLivedCredentials: 'no reason at all here' }))
      .toThrow(/'acknowledgeLongLivedCredentials' is set but no lifetime of ci\/c is longer than a day; remove it/);
    const { chart, auth } = ciChart();
    const mount = new SecretEngineMount(chart, 'b', {
      authentication: auth,
      type: SecretEngineType.PKI,
      mountPath: 'pki-long',
      maxLeaseTTL: Duration.days(7),
      defaultLeaseTTL: Duration.days(2),
      acknowledgeLongLivedCredentials: 'internal CA certificates are renewed weekly by the mesh',
    });
    expect(Compliance.of(mount).acknowledgementFor('ZT-VAULT2')?.reason).toBe('internal CA certificates are renewed weekly by the mesh');
    expectConformant(chart);
  });

  test.each([
    [{ mountPath: 'teams/ci/Database' }, /'mountPath' \("teams\/ci\/Database"\) must end in a DNS-1123 label .* vault-config-operator mounts at <spec.path>\/<spec.name>/],
    [{ mountPath: 'db/' }, /'mountPath' \("db\/"\) must be a Vault mount path/],
    [{ maxLeaseTTL: Duration.millis(1500) }, /'maxLeaseTTL' \(1.5s\) must be a whole number of seconds/],
    [{ defaultLeaseTTL: Duration.hours(2), maxLeaseTTL: Duration.hours(1) }, /'defaultLeaseTTL' \(2h0m0s\) must not exceed 'maxLeaseTTL' \(1h0m0s\)/],
  ])('refuses %p', (overrides, message) => {
    const attempt = () => {
      const { chart, auth } = ciChart();
      return new SecretEngineMount(chart, 'mount', { authentication: auth, type: SecretEngineType.DATABASE, ...overrides });
    };
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test('refuses a bad custom type, a second mount at the same path and a bad operator account', () => {
    expect(() => SecretEngineType.custom('my plugin')).toThrow(/^'SecretEngineType.custom' \("my plugin"\) must be a Vault secrets engine type/);
    const { chart, auth } = ciChart();
    new SecretEngineMount(chart, 'a', { authentication: auth, type: SecretEngineType.DATABASE });
    expect(() => new SecretEngineMount(chart, 'b', { authentication: auth, type: SecretEngineType.DATABASE }))
      .toThrow(/'mountPath' \("database"\) is already written to Vault at sys\/mounts\/database by ci\/a/);
    const account = kplus.ServiceAccount.fromServiceAccountName(chart, 'default-sa', 'default');
    expect(() => new SecretEngineMount(chart, 'c', { authentication: { role: 'x', serviceAccount: account }, type: SecretEngineType.PKI }))
      .toThrow(/'authentication.serviceAccount' \("default"\) must be a dedicated service account/);
  });
});

describe('DatabaseSecretEngineConfig', () => {
  test('root credentials by reference, root rotation on, allowed roles listed, TLS verified (snapshot)', () => {
    const { chart, config } = engine();
    expect([config.dbName, config.mountPath, config.plugin.pluginName, config.allowedRoles]).toEqual(['app-postgres', 'database', 'postgresql-database-plugin', ['ci-migrate']]);
    const [obj] = objectsOf(chart, 'DatabaseSecretEngineConfig');
    expect(obj.spec).toEqual({
      authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
      path: 'database',
      name: 'app-postgres',
      pluginName: 'postgresql-database-plugin',
      connectionURL: PG_URL,
      verifyConnection: true,
      allowedRoles: ['ci-migrate'],
      rootCredentials: { secret: { name: 'postgres-root' }, usernameKey: 'username', passwordKey: 'password' },
      rootPasswordRotation: { enable: true },
      passwordAuthentication: 'password',
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectDefaultsEmitted(obj);
    expectConformant(chart);
    const report = new CompliancePack().evaluate(chart);
    expect([...report.errors, ...report.warnings]).toEqual([]);
  });

  test('roles added later, a rotation period, keys, SCRAM and a password policy reach the manifest', () => {
    const { chart, auth, config } = engine({
      rootRotationPeriod: Duration.days(30),
      rootCredentials: { secret: kplus.Secret.fromSecretName(ciChart().chart, 'r', 'pg-admin'), usernameKey: 'user', passwordKey: 'pass' },
      passwordAuthentication: DatabasePasswordAuthentication.SCRAM_SHA_256,
      passwordPolicy: 'db-20-chars',
    });
    config.addAllowedRole(role(chart, auth, 'ci-report'));
    config.addAllowedRole(DatabaseSecretEngineRole.fromRoleName(chart, 'imported', 'analytics'));
    const spec = objectsOf(chart, 'DatabaseSecretEngineConfig')[0].spec;
    expect(spec.allowedRoles).toEqual(['analytics', 'ci-migrate', 'ci-report']);
    expect(spec.rootPasswordRotation).toEqual({ enable: true, rotationPeriod: '720h0m0s' });
    expect(spec.rootCredentials).toEqual({ secret: { name: 'pg-admin' }, usernameKey: 'user', passwordKey: 'pass' });
    expect([spec.passwordAuthentication, spec.passwordPolicy]).toEqual(['scram-sha-256', 'db-20-chars']);
    expectConformant(chart);
  });

  test.each([
    [DatabasePlugin.MYSQL, '{{username}}:{{password}}@tcp(db.example.com:3306)/?tls=true'],
    [DatabasePlugin.MSSQL, 'sqlserver://{{username}}:{{password}}@db.example.com:1433?encrypt=strict'],
    [DatabasePlugin.MONGODB, 'mongodb://{{username}}:{{password}}@db.example.com:27017/admin?tls=true'],
    [DatabasePlugin.custom('oracle-database-plugin'), '{{username}}/{{password}}@db.example.com:1521/XE'],
  ])('accepts %p with a verified URL', (plugin, connectionUrl) => {
    const { chart, config } = engine({ plugin, connectionUrl });
    expect(objectsOf(chart, 'DatabaseSecretEngineConfig')[0].spec.pluginName).toBe(config.plugin.pluginName);
    expectConformant(chart);
  });

  test('opt-outs need a written reason and acknowledge ZT-VAULT7 and ZT-VAULT8', () => {
    const { chart, config } = engine({
      connectionUrl: 'postgresql://{{username}}:{{password}}@10.0.0.5:5432/app?sslmode=require',
      acknowledgeUnverifiedTls: 'the database sits on the same node-local network segment',
      acknowledgeStaticRootPassword: 'the DBA team rotates this account with its own tooling',
    });
    expect(objectsOf(chart, 'DatabaseSecretEngineConfig')[0].spec.rootPasswordRotation).toBeUndefined();
    expect(Compliance.of(config).acknowledgementFor('ZT-VAULT7')?.reason).toBe('the DBA team rotates this account with its own tooling');
    expect(Compliance.of(config).acknowledgementFor('ZT-VAULT8')?.reason).toBe('the database sits on the same node-local network segment');
    const report = new CompliancePack().evaluate(chart);
    expect(report.errors).toEqual([]);
    expect(report.acknowledged.map(f => f.ruleId).sort()).toEqual(['ZT-VAULT7', 'ZT-VAULT8']);
    expectConformant(chart);
  });

  test('imports', () => {
    const { chart } = ciChart();
    const a = DatabaseSecretEngineConfig.fromDbName(chart, 'a', 'app-postgres');
    const b = DatabaseSecretEngineConfig.fromDatabaseSecretEngineConfigAttributes(chart, 'b', { dbName: 'pg', mountPath: 'teams/db' });
    expect([a.dbName, a.mountPath, a.name, a.kind, a.apiVersion, a.namespace]).toEqual(['app-postgres', 'database', 'app-postgres', 'DatabaseSecretEngineConfig', 'redhatcop.redhat.io/v1alpha1', undefined]);
    expect([b.dbName, b.mountPath]).toEqual(['pg', 'teams/db']);
    expect(() => DatabaseSecretEngineConfig.fromDbName(chart, 'c', 'Bad_Name')).toThrow(/^'dbName' \("Bad_Name"\) must be a DNS-1123 label/);
    expectConformant(chart);
  });

  describe('errors', () => {
    test.each([
      [{ connectionUrl: 'postgresql://{{username}}@db.example.com:5432/app?sslmode=verify-full' }, /'connectionUrl' \(.*\) lacks {{password}}: the plugin fills them from the root credentials/],
      [{ connectionUrl: 'postgresql://db.example.com:5432/app?sslmode=verify-full' }, /lacks {{username}} and {{password}}/],
      [{ connectionUrl: 'postgresql://{{name}}:{{password}}@{{username}}.db:5432/app?sslmode=verify-full' }, /contains {{name}}, which the plugin does not fill/],
      [{ connectionUrl: ' ' }, /'connectionUrl' \(" "\) must be one line naming the database/],
      [{ connectionUrl: `${PG_URL}\nx` }, /must be one line/],
      [{ connectionUrl: 'postgresql://{{username}}:{{password}}@db.example.com:5432/app' }, /does not verify the database server: it sets no sslmode, so the PostgreSQL driver falls back to prefer/],
      [{ connectionUrl: 'postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-ca' }, /sslmode=verify-ca does not check the server's certificate and host name; use sslmode=verify-full/],
      [{ plugin: DatabasePlugin.MYSQL, connectionUrl: '{{username}}:{{password}}@tcp(db:3306)/' }, /sets no tls parameter, so the MySQL driver connects in plain text/],
      [{ plugin: DatabasePlugin.MSSQL, connectionUrl: 'sqlserver://{{username}}:{{password}}@db:1433?encrypt=true&trustservercertificate=TRUE' }, /TrustServerCertificate=true accepts any server certificate/],
      [{ plugin: DatabasePlugin.MONGODB, connectionUrl: 'mongodb+srv://{{username}}:{{password}}@c.example.com/?tls=false' }, /does not turn TLS on/],
      [{ acknowledgeUnverifiedTls: 'nothing to acknowledge here' }, /'acknowledgeUnverifiedTls' is set but the connection URL verifies the server; remove it/],
      [{ acknowledgeUnverifiedTls: 'short' }, /'acknowledgeUnverifiedTls' \("short"\) is not a written reason/],
      [{ acknowledgeStaticRootPassword: 'the DBA team rotates it', rootRotationPeriod: Duration.days(1) }, /'rootRotationPeriod' is set together with acknowledgeStaticRootPassword/],
      [{ rootRotationPeriod: Duration.minutes(5) }, /'rootRotationPeriod' \(5m0s\) must be at least 1h0m0s/],
      [{ passwordPolicy: 'a b' }, /'passwordPolicy' \("a b"\) must be a Vault object name/],
      [{ dbName: 'App_PG' }, /'dbName' \("App_PG"\) must be a DNS-1123 label/],
    ])('refuses %p', (overrides, message) => {
      const attempt = () => engine(overrides as Partial<DatabaseSecretEngineConfigProps>);
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow(message);
    });

    test('refuses root credentials outside the CR\'s namespace and bad keys', () => {
      const { chart, auth } = ciChart();
      const mount = SecretEngineMount.fromMountPath(chart, 'mount', 'database');
      const base = { authentication: auth, mount, plugin: DatabasePlugin.POSTGRESQL, connectionUrl: PG_URL };
      const elsewhere = new kplus.Secret(chart, 'elsewhere', { metadata: { name: 'pg-root', namespace: 'databases' } });
      expect(() => new DatabaseSecretEngineConfig(chart, 'a', { ...base, rootCredentials: { secret: elsewhere } }))
        .toThrow(/'rootCredentials.secret' \(databases\/pg-root\) must be in the CR's namespace "ci-cd": the operator reads the Secret of that name in the CR's namespace/);
      const root = kplus.Secret.fromSecretName(chart, 'root', 'pg-root');
      expect(() => new DatabaseSecretEngineConfig(chart, 'b', { ...base, dbName: 'b', rootCredentials: { secret: root, passwordKey: '../x' } }))
        .toThrow(/'rootCredentials.passwordKey' \("..\/x"\) must be a Secret key/);
    });

    test('refuses a mount of another type, roles of another mount, duplicates and a second connection of the same name', () => {
      const { chart, auth, config } = engine();
      const kv = new SecretEngineMount(chart, 'kv', { authentication: auth, type: SecretEngineType.KV_V2 });
      const base = {
        authentication: auth,
        plugin: DatabasePlugin.POSTGRESQL,
        connectionUrl: PG_URL,
        rootCredentials: { secret: kplus.Secret.fromSecretName(chart, 'r2', 'postgres-root') },
      };
      expect(() => new DatabaseSecretEngineConfig(chart, 'x', { ...base, mount: kv }))
        .toThrow(/'mount' \(kv\) is a "kv" engine; a connection belongs to a "database" engine/);
      expect(() => config.addAllowedRole(DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'o', { roleName: 'other', mountPath: 'other-db' })))
        .toThrow(/'allowedRoles' role "other" is on mount "other-db", not on this connection's mount "database"/);
      expect(() => config.addAllowedRole(DatabaseSecretEngineRole.fromRoleName(chart, 'dup', 'ci-migrate'))).toThrow(/'allowedRoles' already lists role "ci-migrate"; add it once/);
      expect(() => new DatabaseSecretEngineConfig(chart, 'y', { ...base, mount: SecretEngineMount.fromMountPath(chart, 'm', 'database'), dbName: 'app-postgres' }))
        .toThrow(/'dbName' \("app-postgres"\) is already written to Vault at database\/config\/app-postgres by ci\/config/);
      expect(() => DatabasePlugin.custom('oracle plugin')).toThrow(/^'DatabasePlugin.custom' \("oracle plugin"\) must be a Vault plugin name/);
    });

    test('fails at synthesis without allowed roles, and when a role of the app uses the connection without being allowed', () => {
      const { chart, auth } = ciChart();
      const mount = new SecretEngineMount(chart, 'mount', { authentication: auth, type: SecretEngineType.DATABASE });
      new DatabaseSecretEngineConfig(chart, 'config', {
        authentication: auth,
        mount,
        plugin: DatabasePlugin.POSTGRESQL,
        connectionUrl: PG_URL,
        dbName: 'app-postgres',
        rootCredentials: { secret: kplus.Secret.fromSecretName(chart, 'root', 'postgres-root') },
      });
      role(chart, auth, 'forgotten');
      role(chart, auth, 'other-connection', { dbName: 'reporting' });
      expect(() => Testing.synth(chart)).toThrow(/DatabaseSecretEngineConfig "app-postgres" allows no role: add the roles that use it with addAllowedRole\(\) \(left empty, the CRD would default allowedRoles to \["\*"\]/);
      expect(() => Testing.synth(chart)).toThrow(/DatabaseSecretEngineRole ci\/forgotten \("forgotten"\) uses connection "app-postgres" but is not in its allowedRoles, so Vault refuses to issue its credentials/);
      expect(() => Testing.synth(chart)).not.toThrow(/other-connection/);
    });
  });
});
