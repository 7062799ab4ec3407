import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ciChart } from './fixtures';
import { checkPolicyHcl } from './hcl-checker';
import { DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultPolicy } from '../../src/vault';
import { expectConformant } from '../conformance/harness';
import { describeWithShared, SCENARIOS_DIR } from '../conformance/shared';

/**
 * The Vault side of scenario S2, composed the way the DynamicDatabaseCredentials pattern will: one task
 * timeout drives the database lease and the login token, and every name the ESO generator needs comes
 * from the constructs, not from repeated string literals.
 */
describeWithShared('S2: Vault as code for the reference VaultDynamicSecret', () => {
  const reference = () => YAML.parse(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '001-vault-dynamic-secret.yaml'), 'utf8'));

  test('the generated Vault objects serve exactly the path, mount and role the generator uses', () => {
    const { chart, auth, pipeline } = ciChart();
    const taskTimeout = Duration.minutes(15);
    const db = DatabaseSecretEngineRole.forTaskTimeout(chart, 'db', taskTimeout, {
      authentication: auth,
      roleName: 'pipeline-migration-role',
      dbName: 'ci-postgres',
      creationStatements: [
        'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';',
        'GRANT USAGE, CREATE ON SCHEMA flyway TO "{{name}}";',
      ],
      revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'],
    });
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'pipeline-migration' });
    db.grantRead(policy);
    const login = new KubernetesAuthEngineRole(chart, 'login', {
      authentication: auth,
      roleName: 'pipeline-role',
      serviceAccounts: [pipeline],
      audience: 'vault',
      policies: [policy],
    });

    const generator = reference().spec;
    expect(db.credsPath).toBe(generator.path);
    expect(login.roleName).toBe(generator.provider.auth.kubernetes.role);
    expect(login.mountPath).toBe(generator.provider.auth.kubernetes.mountPath);
    expect(pipeline.name).toBe(generator.provider.auth.kubernetes.serviceAccountRef.name);
    // the reference requests a token without an audience; the role requires "vault", so the generator must ask for it
    expect(generator.provider.auth.kubernetes.serviceAccountRef.audiences).toBeUndefined();
    expect(login.audience).toBe('vault');

    const objects = Testing.synth(chart);
    const spec = (kind: string) => objects.find(o => o.kind === kind).spec;
    expect([spec('DatabaseSecretEngineRole').defaultTTL, spec('DatabaseSecretEngineRole').maxTTL]).toEqual(['15m0s', '15m0s']);
    expect([spec('KubernetesAuthEngineRole').tokenTTL, spec('KubernetesAuthEngineRole').tokenMaxTTL]).toEqual([900, 900]);
    expect(spec('KubernetesAuthEngineRole').policies).toEqual([policy.policyName]);
    // the reference's mistake, ttl inside the policy, is gone: the policy only grants read on the creds path
    expect(checkPolicyHcl(spec('Policy').policy)).toEqual({
      paths: [{ path: 'database/creds/pipeline-migration-role', keys: ['capabilities'], capabilities: ['read'] }],
      errors: [],
    });
    expect(objects).toMatchSnapshot();
    expectConformant(chart);
  });
});
