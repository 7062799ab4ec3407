import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ciChart, objectsOf } from './fixtures';
import { ValidationError } from '../../src/common/errors';
import {
  DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultAliasNameSource, VaultCapability, VaultPolicy, VaultTokenType,
} from '../../src/vault';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

const CREATE = 'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';';

describe('KubernetesAuthEngineRole', () => {
  test('binds exactly one account, one namespace and one policy with short tokens by default', () => {
    const { chart, auth, pipeline } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
    policy.addPath('database/creds/ci-migrate', [VaultCapability.READ]);
    const role = new KubernetesAuthEngineRole(chart, 'role', {
      authentication: auth,
      roleName: 'pipeline',
      serviceAccounts: [pipeline],
      audience: 'vault',
      policies: [policy],
    });
    expect([role.roleName, role.mountPath, role.audience]).toEqual(['pipeline', 'kubernetes', 'vault']);
    expect(role.boundServiceAccountNames).toEqual(['pipeline-sa']);
    expect(role.boundServiceAccountNamespaces).toEqual(['ci-cd']);
    expect([role.tokenTTL.toSeconds(), role.tokenMaxTTL.toSeconds()]).toEqual([900, 900]);
    const [obj] = objectsOf(chart, 'KubernetesAuthEngineRole');
    expect(obj.apiVersion).toBe('redhatcop.redhat.io/v1alpha1');
    expect(obj.spec).toEqual({
      authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
      path: 'kubernetes',
      name: 'pipeline',
      targetServiceAccounts: ['pipeline-sa'],
      targetNamespaces: { targetNamespaces: ['ci-cd'] },
      audience: 'vault',
      aliasNameSource: 'serviceaccount_uid',
      policies: ['ci-migrate'],
      tokenTTL: 900,
      tokenMaxTTL: 900,
      tokenNoDefaultPolicy: true,
      tokenType: 'default',
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    // every field the CRD would default is already set, so the live object equals the manifest
    expectDefaultsEmitted(obj);
    expectConformant(chart);
  });

  test('both sides agree: the token TTL follows the lease granted through the policy', () => {
    const { chart, auth, pipeline } = ciChart();
    const db = DatabaseSecretEngineRole.forTaskTimeout(chart, 'db', Duration.minutes(20), {
      authentication: auth, roleName: 'ci-migrate', dbName: 'ci-postgres', creationStatements: [CREATE],
    });
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
    const role = new KubernetesAuthEngineRole(chart, 'role', { authentication: auth, serviceAccounts: [pipeline], audience: 'vault' });
    role.addPolicy(policy);
    db.grantRead(policy);

    expect(role.tokenTTL.toSeconds()).toBe(1200);
    const specs = Testing.synth(chart).filter(o => o.apiVersion === 'redhatcop.redhat.io/v1alpha1').map(o => [o.kind, o.spec]);
    expect(specs.map(([kind]) => kind)).toEqual(['DatabaseSecretEngineRole', 'Policy', 'KubernetesAuthEngineRole']);
    const auth_ = specs[2][1];
    expect([auth_.tokenTTL, auth_.tokenMaxTTL, auth_.policies]).toEqual([1200, 1200, ['ci-migrate']]);
    expect(specs[1][1].policy).toBe(`path "${db.credsPath}" {\n  capabilities = ["read"]\n}\n`);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('renders explicit options, sorted policies and imported policies', () => {
    const { chart, auth } = ciChart();
    const a = kplus.ServiceAccount.fromServiceAccountName(chart, 'a', 'migrate', { namespaceName: 'ci-cd' });
    const b = kplus.ServiceAccount.fromServiceAccountName(chart, 'b', 'deploy', { namespaceName: 'ci-cd' });
    const role = new KubernetesAuthEngineRole(chart, 'role', {
      authentication: auth,
      serviceAccounts: [a, b],
      audience: 'https://vault.example.com',
      tokenTTL: Duration.minutes(5),
      tokenMaxTTL: Duration.minutes(30),
      tokenNoDefaultPolicy: false,
      tokenType: VaultTokenType.BATCH,
      aliasNameSource: VaultAliasNameSource.SERVICE_ACCOUNT_NAME,
      acknowledgeAliasByName: 'the accounts are re-created by the pipeline operator on every release',
      mountPath: 'k8s/ci',
      policies: [VaultPolicy.fromPolicyName(chart, 'z', 'zeta')],
    });
    role.addPolicy(VaultPolicy.fromPolicyName(chart, 'y', 'alpha'));
    const { spec } = objectsOf(chart, 'KubernetesAuthEngineRole')[0];
    expect(spec.targetServiceAccounts).toEqual(['deploy', 'migrate']);
    expect(spec.policies).toEqual(['alpha', 'zeta']);
    expect([spec.tokenTTL, spec.tokenMaxTTL, spec.tokenNoDefaultPolicy, spec.tokenType, spec.aliasNameSource, spec.path])
      .toEqual([300, 1800, false, 'batch', 'serviceaccount_name', 'k8s/ci']);
    expectConformant(chart);
  });

  test('the same name in several namespaces is an exact binding', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'vault', { namespace: 'vault-config' });
    const operator = new kplus.ServiceAccount(chart, 'op', { metadata: { name: 'vault-config' } });
    const dev = kplus.ServiceAccount.fromServiceAccountName(chart, 'dev', 'pipeline', { namespaceName: 'ci-dev' });
    const prod = kplus.ServiceAccount.fromServiceAccountName(chart, 'prod', 'pipeline', { namespaceName: 'ci-prod' });
    const role = new KubernetesAuthEngineRole(chart, 'role', {
      authentication: { role: 'vault-admin', serviceAccount: operator },
      serviceAccounts: [prod, dev],
      audience: 'vault',
      policies: [VaultPolicy.fromPolicyName(chart, 'p', 'ci')],
    });
    expect(role.boundServiceAccountNamespaces).toEqual(['ci-dev', 'ci-prod']);
    expectConformant(chart);
  });

  test('wildcards only with a stated reason', () => {
    const { chart, auth, pipeline } = ciChart();
    const anyName = new KubernetesAuthEngineRole(chart, 'any-name', {
      authentication: auth,
      allowAnyServiceAccountName: 'every pipeline account in ci-cd runs the same migration',
      boundNamespaces: ['ci-cd'],
      audience: 'vault',
      policies: [VaultPolicy.fromPolicyName(chart, 'p', 'ci')],
    });
    const anyNamespace = new KubernetesAuthEngineRole(chart, 'any-ns', {
      authentication: auth,
      serviceAccounts: [pipeline],
      allowAnyNamespace: 'preview namespaces are created per pull request',
      audience: 'vault',
      policies: [VaultPolicy.fromPolicyName(chart, 'q', 'ci')],
    });
    expect([anyName.boundServiceAccountNames, anyName.boundServiceAccountNamespaces]).toEqual([['*'], ['ci-cd']]);
    expect([anyNamespace.boundServiceAccountNames, anyNamespace.boundServiceAccountNamespaces]).toEqual([['pipeline-sa'], ['*']]);
    expectConformant(chart);
  });

  test('fromKubernetesAuthEngineRoleAttributes references an existing role', () => {
    const { chart } = ciChart();
    const role = KubernetesAuthEngineRole.fromKubernetesAuthEngineRoleAttributes(chart, 'role', { roleName: 'pipeline', audience: 'vault', mountPath: 'k8s/ci' });
    expect([role.roleName, role.audience, role.mountPath]).toEqual(['pipeline', 'vault', 'k8s/ci']);
    expect([role.name, role.kind, role.apiVersion, role.namespace]).toEqual(['pipeline', 'KubernetesAuthEngineRole', 'redhatcop.redhat.io/v1alpha1', undefined]);
    expect(KubernetesAuthEngineRole.fromKubernetesAuthEngineRoleAttributes(chart, 'other', { roleName: 'x', audience: 'vault' }).mountPath).toBe('kubernetes');
    expectConformant(chart);
  });

  describe('errors', () => {
    test('fails on a bad imported role', () => {
      const { chart } = ciChart();
      const from = (id: string, roleName: string, audience: string, mountPath?: string) =>
        () => KubernetesAuthEngineRole.fromKubernetesAuthEngineRoleAttributes(chart, id, { roleName, audience, mountPath });
      expect(from('a', 'Pipeline', 'vault')).toThrow(/^'roleName' \("Pipeline"\) must be a DNS-1123 label/);
      expect(from('b', 'pipeline', 'a b')).toThrow(/^'audience' \("a b"\) must be a non-empty audience/);
      expect(from('c', 'pipeline', 'vault', '/k8s')).toThrow(/^'mountPath' \("\/k8s"\) must be a Vault mount path/);
    });

    const base = (auth: any) => ({ authentication: auth, audience: 'vault' });

    test('errors are ValidationErrors that start with the construct path', () => {
      const attempt = () => {
        const { chart, auth } = ciChart();
        return new KubernetesAuthEngineRole(chart, 'role', { ...base(auth), serviceAccounts: [] });
      };
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow(/^ci\/role: 'serviceAccounts' is empty/);
      const { chart, auth, pipeline } = ciChart();
      const role = new KubernetesAuthEngineRole(chart, 'ok', { ...base(auth), serviceAccounts: [pipeline] });
      const policy = VaultPolicy.fromPolicyName(chart, 'p', 'ci');
      role.addPolicy(policy);
      expect(() => role.addPolicy(policy)).toThrow(/^ci\/ok: 'policies' already contains "ci"/);
    });

    test('fails when two roles write the same Vault role', () => {
      const { chart, auth, pipeline } = ciChart();
      new KubernetesAuthEngineRole(chart, 'a', { ...base(auth), roleName: 'pipeline', serviceAccounts: [pipeline] });
      expect(() => new KubernetesAuthEngineRole(chart, 'b', { ...base(auth), roleName: 'pipeline', serviceAccounts: [pipeline] }))
        .toThrow(/'roleName' \("pipeline"\) is already written to Vault at auth\/kubernetes\/role\/pipeline by ci\/a/);
    });

    test('fails when account names and namespaces would combine into unlisted accounts', () => {
      const { chart, auth } = ciChart();
      const a = kplus.ServiceAccount.fromServiceAccountName(chart, 'a', 'migrate', { namespaceName: 'ci-dev' });
      const b = kplus.ServiceAccount.fromServiceAccountName(chart, 'b', 'deploy', { namespaceName: 'ci-prod' });
      expect(() => new KubernetesAuthEngineRole(chart, 'r', { ...base(auth), serviceAccounts: [a, b] }))
        .toThrow(/Vault matches them independently, so the role would also admit ci-dev\/deploy, ci-prod\/migrate; create one role per namespace/);
    });

    test('fails on missing, duplicate or namespace-less accounts', () => {
      const { chart, auth, pipeline } = ciChart();
      expect(() => new KubernetesAuthEngineRole(chart, 'a', { ...base(auth) })).toThrow(/'serviceAccounts' is empty/);
      expect(() => new KubernetesAuthEngineRole(chart, 'b', { ...base(auth), serviceAccounts: [pipeline, pipeline] }))
        .toThrow(/'serviceAccounts\[1\]' \(ci-cd\/pipeline-sa\) is listed twice/);
      const bare = new kplus.ServiceAccount(Testing.chart(), 'bare', { metadata: { name: 'bare' } });
      expect(() => new KubernetesAuthEngineRole(chart, 'c', { ...base(auth), serviceAccounts: [bare] }))
        .toThrow(/'serviceAccounts\[0\]' \(bare\) has no namespace/);
    });

    test('fails on wildcard misuse', () => {
      const { chart, auth, pipeline } = ciChart();
      const reason = 'a reason that is long enough';
      expect(() => new KubernetesAuthEngineRole(chart, 'a', { ...base(auth), allowAnyServiceAccountName: 'because', boundNamespaces: ['ci-cd'] }))
        .toThrow(/'allowAnyServiceAccountName' \("because"\) is not a written reason/);
      expect(() => new KubernetesAuthEngineRole(chart, 'b', { ...base(auth), serviceAccounts: [pipeline], allowAnyNamespace: '' }))
        .toThrow(/'allowAnyNamespace' \(""\) is not a written reason/);
      expect(() => new KubernetesAuthEngineRole(chart, 'c', { ...base(auth), serviceAccounts: [pipeline], allowAnyServiceAccountName: reason }))
        .toThrow(/'serviceAccounts' cannot be combined with 'allowAnyServiceAccountName'/);
      expect(() => new KubernetesAuthEngineRole(chart, 'd', { ...base(auth), serviceAccounts: [pipeline], boundNamespaces: ['ci-cd'] }))
        .toThrow(/'boundNamespaces' is only used with 'allowAnyServiceAccountName'/);
      expect(() => new KubernetesAuthEngineRole(chart, 'e', { ...base(auth), allowAnyServiceAccountName: reason, allowAnyNamespace: reason, boundNamespaces: ['x'] }))
        .toThrow(/'boundNamespaces' cannot be combined with 'allowAnyNamespace'/);
      expect(() => new KubernetesAuthEngineRole(chart, 'f', { ...base(auth), allowAnyServiceAccountName: reason }))
        .toThrow(/'boundNamespaces' is empty; with 'allowAnyServiceAccountName' list the namespaces/);
      expect(() => new KubernetesAuthEngineRole(chart, 'g', { ...base(auth), allowAnyServiceAccountName: reason, boundNamespaces: ['ci-cd', 'ci-cd'] }))
        .toThrow(/'boundNamespaces' \(\["ci-cd","ci-cd"\]\) lists a namespace twice/);
      expect(() => new KubernetesAuthEngineRole(chart, 'h', { ...base(auth), allowAnyServiceAccountName: reason, boundNamespaces: ['CI'] }))
        .toThrow(/'boundNamespaces\[0\]' \("CI"\) must be a DNS-1123 label/);
    });

    test('fails on a bad audience, role name or mount path', () => {
      const { chart, auth, pipeline } = ciChart();
      expect(() => new KubernetesAuthEngineRole(chart, 'a', { authentication: auth, serviceAccounts: [pipeline], audience: '' }))
        .toThrow(/'audience' \(""\) must be a non-empty audience without spaces/);
      expect(() => new KubernetesAuthEngineRole(chart, 'b', { ...base(auth), serviceAccounts: [pipeline], roleName: 'Pipeline' }))
        .toThrow(/'roleName' \("Pipeline"\) must be a DNS-1123 label/);
      expect(() => new KubernetesAuthEngineRole(chart, 'c', { ...base(auth), serviceAccounts: [pipeline], mountPath: 'a b' }))
        .toThrow(/'mountPath' \("a b"\) must be a Vault mount path/);
    });

    test('fails on token TTLs out of order or not whole seconds', () => {
      const { chart, auth, pipeline } = ciChart();
      expect(() => new KubernetesAuthEngineRole(chart, 'a', { ...base(auth), serviceAccounts: [pipeline], tokenTTL: Duration.hours(1), tokenMaxTTL: Duration.minutes(30) }))
        .toThrow(/'tokenTTL' \(1h0m0s\) must not exceed 'tokenMaxTTL' \(30m0s\)/);
      expect(() => new KubernetesAuthEngineRole(chart, 'b', { ...base(auth), serviceAccounts: [pipeline], tokenTTL: Duration.millis(2500) }))
        .toThrow(/'tokenTTL' \(2.5s\) must be a whole number of seconds/);
      expect(() => new KubernetesAuthEngineRole(chart, 'c', { ...base(auth), serviceAccounts: [pipeline], tokenMaxTTL: Duration.seconds(0) }))
        .toThrow(/'tokenMaxTTL' \(0s\) must be positive/);
    });

    test('fails on a policy added twice', () => {
      const { chart, auth, pipeline } = ciChart();
      const role = new KubernetesAuthEngineRole(chart, 'r', { ...base(auth), serviceAccounts: [pipeline], policies: [VaultPolicy.fromPolicyName(chart, 'p', 'ci')] });
      expect(() => role.addPolicy(VaultPolicy.fromPolicyName(chart, 'q', 'ci'))).toThrow(/'policies' already contains "ci"/);
    });

    test('fails at synthesis without policies', () => {
      const { chart, auth, pipeline } = ciChart();
      new KubernetesAuthEngineRole(chart, 'r', { ...base(auth), roleName: 'pipeline', serviceAccounts: [pipeline] });
      expect(() => Testing.synth(chart)).toThrow(/KubernetesAuthEngineRole "pipeline" has no policies/);
    });

    test('fails at synthesis when tokens would expire before the credentials they obtained', () => {
      const { chart, auth, pipeline } = ciChart();
      const db = DatabaseSecretEngineRole.forTaskTimeout(chart, 'db', Duration.minutes(30), {
        authentication: auth, roleName: 'ci-migrate', dbName: 'ci-postgres', creationStatements: [CREATE],
      });
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
      db.grantRead(policy);
      new KubernetesAuthEngineRole(chart, 'r', { ...base(auth), roleName: 'pipeline', serviceAccounts: [pipeline], tokenTTL: Duration.minutes(10), policies: [policy] });
      expect(() => Testing.synth(chart)).toThrow(/'tokenTTL' \(10m0s\) of role "pipeline" is shorter than the 30m0s lease of "database\/creds\/ci-migrate" granted by policy "ci-migrate": Vault revokes a token's leases when the token expires/);
    });

    test('fails at synthesis when the derived token TTL exceeds an explicit tokenMaxTTL', () => {
      const { chart, auth, pipeline } = ciChart();
      const db = DatabaseSecretEngineRole.forTaskTimeout(chart, 'db', Duration.hours(1), {
        authentication: auth, roleName: 'ci-migrate', dbName: 'ci-postgres', creationStatements: [CREATE],
      });
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
      db.grantRead(policy);
      new KubernetesAuthEngineRole(chart, 'r', { ...base(auth), roleName: 'pipeline', serviceAccounts: [pipeline], tokenMaxTTL: Duration.minutes(20), policies: [policy] });
      expect(() => Testing.synth(chart)).toThrow(/'tokenMaxTTL' \(20m0s\) of role "pipeline" is below its token TTL 1h0m0s \(derived from the leases its policies grant\)/);
    });
  });
});
