import { ApiObject, Duration } from 'cdk8s';
import { ciChart } from './fixtures';
import { DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultCapability, VaultPolicy } from '../../src/vault';
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
});
