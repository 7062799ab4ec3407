import { Duration, Testing } from 'cdk8s';
import { ciChart, objectsOf } from './fixtures';
import { ValidationError } from '../../src/common/errors';
import { DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultCapability, VaultPolicy } from '../../src/vault';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

const CREATE = 'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';';
const GRANT = 'GRANT ALL ON SCHEMA flyway TO "{{name}}";';
const DROP = 'DROP ROLE IF EXISTS "{{name}}";';

describe('DatabaseSecretEngineRole', () => {
  test('renders the role with TTLs in Go duration form and every statement', () => {
    const { chart, auth } = ciChart();
    const role = new DatabaseSecretEngineRole(chart, 'role', {
      authentication: auth,
      roleName: 'ci-migrate',
      dbName: 'ci-postgres',
      defaultTTL: Duration.minutes(15),
      maxTTL: Duration.hours(1),
      creationStatements: [CREATE, GRANT],
      revocationStatements: [DROP],
    });
    expect(role.credsPath).toBe('database/creds/ci-migrate');
    expect(role.defaultTTL.toSeconds()).toBe(900);
    expect(role.maxTTL.toSeconds()).toBe(3600);
    const [obj] = objectsOf(chart, 'DatabaseSecretEngineRole');
    expect(obj.apiVersion).toBe('redhatcop.redhat.io/v1alpha1');
    expect(obj.spec).toEqual({
      authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
      path: 'database',
      name: 'ci-migrate',
      dBName: 'ci-postgres',
      defaultTTL: '15m0s',
      maxTTL: '1h0m0s',
      creationStatements: [CREATE, GRANT],
      revocationStatements: [DROP],
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    // every field the CRD would default is already set, so the live object equals the manifest
    expectDefaultsEmitted(obj);
    expectConformant(chart);
  });

  test('forTaskTimeout sets defaultTTL and maxTTL to the timeout; maxTTL defaults to defaultTTL', () => {
    const { chart, auth } = ciChart();
    const role = DatabaseSecretEngineRole.forTaskTimeout(chart, 'role', Duration.minutes(15), {
      authentication: auth,
      dbName: 'ci-postgres',
      creationStatements: [CREATE],
      mountPath: 'teams/ci/database',
      metadata: { name: 'flyway' },
    });
    const plain = new DatabaseSecretEngineRole(chart, 'plain', {
      authentication: auth, dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.minutes(5),
    });
    expect(role.roleName).toBe('flyway');
    expect(role.credsPath).toBe('teams/ci/database/creds/flyway');
    const [forTimeout, withDefault] = objectsOf(chart, 'DatabaseSecretEngineRole').map(o => o.spec);
    expect([forTimeout.defaultTTL, forTimeout.maxTTL, forTimeout.path]).toEqual(['15m0s', '15m0s', 'teams/ci/database']);
    expect([withDefault.defaultTTL, withDefault.maxTTL, withDefault.revocationStatements]).toEqual(['5m0s', '5m0s', undefined]);
    expect(plain.roleName).toBe(withDefault.name);
    expectConformant(chart);
  });

  test('grantRead adds read on the creds path and records the lease', () => {
    const { chart, auth } = ciChart();
    const role = DatabaseSecretEngineRole.forTaskTimeout(chart, 'role', Duration.minutes(15), {
      authentication: auth, roleName: 'ci-migrate', dbName: 'ci-postgres', creationStatements: [CREATE],
    });
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
    role.grantRead(policy);
    expect(policy.toHcl()).toBe('path "database/creds/ci-migrate" {\n  capabilities = ["read"]\n}\n');
    expect(policy.capabilitiesOf(role.credsPath)).toEqual([VaultCapability.READ]);
    expect(policy.leaseGrants.map(l => [l.path, l.ttl.toSeconds()])).toEqual([['database/creds/ci-migrate', 900]]);
    expectConformant(chart);
  });

  test('fromRoleName references an existing role', () => {
    const { chart } = ciChart();
    const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'role', { roleName: 'reporting', mountPath: 'db/prod' });
    expect([role.roleName, role.mountPath, role.credsPath]).toEqual(['reporting', 'db/prod', 'db/prod/creds/reporting']);
    expect([role.name, role.kind, role.namespace]).toEqual(['reporting', 'DatabaseSecretEngineRole', undefined]);
    expect(DatabaseSecretEngineRole.fromRoleName(chart, 'other', 'x').mountPath).toBe('database');
    // imported by name, its lease is unknown; a role defined here leases for its defaultTTL
    expect(role.leaseTtl).toBeUndefined();
    expectConformant(chart);
  });

  test('an imported role with its TTLs: the lease is the default TTL capped by the max, and grants carry it', () => {
    const { chart, auth, pipeline } = ciChart();
    const both = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'both', { roleName: 'both', defaultTTL: Duration.minutes(15), maxTTL: Duration.hours(1) });
    const maxOnly = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'max', { roleName: 'max-only', maxTTL: Duration.minutes(20) });
    const defined = new DatabaseSecretEngineRole(chart, 'defined', { authentication: auth, dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.minutes(5), maxTTL: Duration.hours(1) });
    expect([both.leaseTtl?.toSeconds(), maxOnly.leaseTtl?.toSeconds(), defined.leaseTtl?.toSeconds()]).toEqual([900, 1200, 300]);
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'reader' });
    both.grantRead(policy);
    expect(policy.leaseGrants.map(l => [l.path, l.ttl.toSeconds()])).toEqual([['database/creds/both', 900]]);
    // a login token shorter than the imported lease would revoke the credential early
    new KubernetesAuthEngineRole(chart, 'login', { authentication: auth, roleName: 'reader', serviceAccounts: [pipeline], audience: 'vault', policies: [policy], tokenTTL: Duration.minutes(10) });
    expect(() => Testing.synth(chart)).toThrow(/'tokenTTL' \(10m0s\) of role "reader" is shorter than the 15m0s lease of "database\/creds\/both"/);
  });

  test('an imported role\'s TTLs are checked', () => {
    const { chart } = ciChart();
    expect(() => DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'a', { roleName: 'a', defaultTTL: Duration.hours(2), maxTTL: Duration.hours(1) }))
      .toThrow(/^ci\/a: 'defaultTTL' \(2h0m0s\) must not exceed 'maxTTL' \(1h0m0s\): Vault caps every lease at maxTTL; give the values the role has in Vault/);
    expect(() => DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'b', { roleName: 'b', defaultTTL: Duration.millis(1500) }))
      .toThrow(/'defaultTTL' \(1.5s\) must be a whole number of seconds/);
    expect(() => DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'c', { roleName: 'c', maxTTL: Duration.seconds(0) }))
      .toThrow(/'maxTTL' \(0s\) must be positive/);
  });

  describe('errors', () => {
    const props = (auth: any) => ({ authentication: auth, dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.minutes(15) });

    test('errors are ValidationErrors that start with the construct path', () => {
      const attempt = () => {
        const { chart, auth } = ciChart();
        return new DatabaseSecretEngineRole(chart, 'role', { ...props(auth), creationStatements: [] });
      };
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow(/^ci\/role: 'creationStatements' is empty/);
    });

    test('fails when two roles write the same Vault role', () => {
      const { chart, auth } = ciChart();
      new DatabaseSecretEngineRole(chart, 'a', { ...props(auth), roleName: 'ci' });
      new DatabaseSecretEngineRole(chart, 'b', { ...props(auth), roleName: 'ci', mountPath: 'db2' });
      expect(() => new DatabaseSecretEngineRole(chart, 'c', { ...props(auth), roleName: 'ci' }))
        .toThrow(/'roleName' \("ci"\) is already written to Vault at database\/roles\/ci by ci\/a/);
    });

    test('fails when defaultTTL exceeds maxTTL', () => {
      const { chart, auth } = ciChart();
      expect(() => new DatabaseSecretEngineRole(chart, 'r', { ...props(auth), maxTTL: Duration.minutes(10) }))
        .toThrow(/'defaultTTL' \(15m0s\) must not exceed 'maxTTL' \(10m0s\): Vault caps every lease at maxTTL/);
    });

    test('fails on TTLs that are not whole positive seconds', () => {
      const { chart, auth } = ciChart();
      expect(() => new DatabaseSecretEngineRole(chart, 'a', { ...props(auth), defaultTTL: Duration.millis(1500) }))
        .toThrow(/'defaultTTL' \(1.5s\) must be a whole number of seconds: Vault truncates TTLs to seconds; use e.g. Duration.seconds\(2\)/);
      expect(() => new DatabaseSecretEngineRole(chart, 'b', { ...props(auth), defaultTTL: Duration.seconds(0) }))
        .toThrow(/'defaultTTL' \(0s\) must be positive/);
      expect(() => new DatabaseSecretEngineRole(chart, 'c', { ...props(auth), maxTTL: Duration.millis(500) }))
        .toThrow(/'maxTTL' \(500ms\) must be at least 1s/);
    });

    test('fails on empty, blank or duplicate statements', () => {
      const { chart, auth } = ciChart();
      expect(() => new DatabaseSecretEngineRole(chart, 'a', { ...props(auth), creationStatements: [] })).toThrow(/'creationStatements' is empty/);
      expect(() => new DatabaseSecretEngineRole(chart, 'b', { ...props(auth), creationStatements: [CREATE, ' '] })).toThrow(/'creationStatements\[1\]' is blank/);
      expect(() => new DatabaseSecretEngineRole(chart, 'c', { ...props(auth), creationStatements: [CREATE, CREATE] })).toThrow(/'creationStatements\[1\]' .* is listed twice; the CRD declares a set/);
      expect(() => new DatabaseSecretEngineRole(chart, 'd', { ...props(auth), revocationStatements: [] })).toThrow(/'revocationStatements' is empty/);
    });

    test('fails on bad names and mount paths', () => {
      const { chart, auth } = ciChart();
      expect(() => new DatabaseSecretEngineRole(chart, 'a', { ...props(auth), roleName: 'CI' })).toThrow(/'roleName' \("CI"\) must be a DNS-1123 label/);
      expect(() => new DatabaseSecretEngineRole(chart, 'b', { ...props(auth), dbName: 'ci/postgres' })).toThrow(/'dbName' \("ci\/postgres"\) must be a Vault object name/);
      expect(() => new DatabaseSecretEngineRole(chart, 'c', { ...props(auth), mountPath: 'database/' })).toThrow(/'mountPath' \("database\/"\) must be a Vault mount path/);
      expect(() => new DatabaseSecretEngineRole(chart, 'd', { ...props(auth), mountPath: 'a/../b' })).toThrow(/'mountPath' \("a\/..\/b"\) must be a Vault mount path/);
      expect(() => DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'e', { roleName: 'ok', mountPath: '' })).toThrow(/'mountPath' \(""\) must be a Vault mount path/);
      expect(() => DatabaseSecretEngineRole.fromRoleName(chart, 'f', 'Not_OK')).toThrow(/'roleName' \("Not_OK"\) must be a DNS-1123 label/);
    });
  });
});
