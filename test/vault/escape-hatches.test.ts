import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ciChart } from './fixtures';
import {
  DatabasePlugin, DatabaseSecretEngineConfig, DatabaseSecretEngineRole, KubernetesAuthEngineRole, SecretEngineMount, SecretEngineType,
  VaultCapability, VaultPolicy,
} from '../../src/vault';
import { expectConformant } from '../conformance/harness';

const kindAndName = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.name}`;

describe('escape hatches: ApiObject.of(construct) is the main object', () => {
  test('VaultPolicy', () => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', { metadata: { name: 'ci-reader' }, authentication: auth });
    policy.addPath('secret/data/ci/*', [VaultCapability.READ]);
    expect(kindAndName(ApiObject.of(policy))).toBe('Policy ci-cd/ci-reader');
    expectConformant(chart);
  });

  test('KubernetesAuthEngineRole', () => {
    const { chart, auth, pipeline } = ciChart();
    const policy = VaultPolicy.fromPolicyName(chart, 'policy', 'ci-reader');
    const role = new KubernetesAuthEngineRole(chart, 'role', {
      metadata: { name: 'pipeline' }, authentication: auth, audience: 'vault', serviceAccounts: [pipeline], policies: [policy],
    });
    expect(kindAndName(ApiObject.of(role))).toBe('KubernetesAuthEngineRole ci-cd/pipeline');
    expectConformant(chart);
  });

  test('DatabaseSecretEngineRole', () => {
    const { chart, auth } = ciChart();
    const role = new DatabaseSecretEngineRole(chart, 'role', {
      metadata: { name: 'ci-migrate' },
      authentication: auth,
      dbName: 'ci-postgres',
      defaultTTL: Duration.minutes(15),
      creationStatements: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'],
    });
    expect(kindAndName(ApiObject.of(role))).toBe('DatabaseSecretEngineRole ci-cd/ci-migrate');
    expectConformant(chart);
  });

  test('SecretEngineMount', () => {
    const { chart, auth } = ciChart();
    const mount = new SecretEngineMount(chart, 'mount', { metadata: { name: 'database' }, authentication: auth, type: SecretEngineType.DATABASE });
    expect(kindAndName(ApiObject.of(mount))).toBe('SecretEngineMount ci-cd/database');
    expectConformant(chart);
  });

  test('DatabaseSecretEngineConfig', () => {
    const { chart, auth } = ciChart();
    const config = new DatabaseSecretEngineConfig(chart, 'config', {
      metadata: { name: 'ci-postgres' },
      authentication: auth,
      mount: SecretEngineMount.fromMountPath(chart, 'mount', 'database'),
      plugin: DatabasePlugin.POSTGRESQL,
      connectionUrl: 'postgresql://{{username}}:{{password}}@db.example.com:5432/ci?sslmode=verify-full',
      rootCredentials: { secret: kplus.Secret.fromSecretName(chart, 'root', 'ci-postgres-root') },
      allowedRoles: [DatabaseSecretEngineRole.fromRoleName(chart, 'role', 'ci-migrate')],
    });
    expect(kindAndName(ApiObject.of(config))).toBe('DatabaseSecretEngineConfig ci-cd/ci-postgres');
    expectConformant(chart);
  });
});
