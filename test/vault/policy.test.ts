import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { ciChart, objectsOf } from './fixtures';
import { ALLOWED_PATH_KEYS, checkPolicyHcl } from './hcl-checker';
import { ValidationError } from '../../src/common/errors';
import { DatabaseSecretEngineRole, VaultCapability, VaultPolicy } from '../../src/vault';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

describe('VaultPolicy', () => {
  test('renders HCL from typed rules, sorted and deterministic', () => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth, policyName: 'ci-migrate' });
    policy.addPath('secret/data/ci/+/config', [VaultCapability.READ]);
    policy.addPath('database/creds/ci-migrate', [VaultCapability.READ]);
    policy.addPath('secret/metadata/ci/*', [VaultCapability.LIST, VaultCapability.READ]);

    expect(policy.toHcl()).toBe([
      'path "database/creds/ci-migrate" {',
      '  capabilities = ["read"]',
      '}',
      '',
      'path "secret/data/ci/+/config" {',
      '  capabilities = ["read"]',
      '}',
      '',
      'path "secret/metadata/ci/*" {',
      '  capabilities = ["read", "list"]',
      '}',
      '',
    ].join('\n'));
    expect(policy.paths).toEqual(['database/creds/ci-migrate', 'secret/data/ci/+/config', 'secret/metadata/ci/*']);
    expect(policy.capabilitiesOf('secret/metadata/ci/*')).toEqual([VaultCapability.READ, VaultCapability.LIST]);
    expect(policy.capabilitiesOf('not/there')).toEqual([]);

    const [obj] = objectsOf(chart, 'Policy');
    expect(obj.apiVersion).toBe('redhatcop.redhat.io/v1alpha1');
    expect(obj.spec).toEqual({
      authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
      name: 'ci-migrate',
      type: 'acl',
      policy: policy.toHcl(),
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    // every field the CRD would default is already set, so the live object equals the manifest
    expectDefaultsEmitted(obj);
    expectConformant(chart);
  });

  test('the same rules added in another order render the same policy', () => {
    const render = (paths: string[]) => {
      const { chart, auth } = ciChart();
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
      paths.forEach(p => policy.addPath(p, [VaultCapability.LIST, VaultCapability.READ]));
      expectConformant(chart);
      return policy.toHcl();
    };
    expect(render(['b/x', 'a/y', 'B/z'])).toBe(render(['B/z', 'b/x', 'a/y']));
  });

  test('defaults the Vault name to metadata.name and emits the operator authentication in full', () => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', {
      authentication: { ...auth, mountPath: 'k8s/ops', vaultNamespace: 'teams/ci' },
      metadata: { name: 'ci-reader' },
    });
    policy.addPath('kv/data/ci', [VaultCapability.READ]);
    expect(policy.policyName).toBe('ci-reader');
    const [obj] = objectsOf(chart, 'Policy');
    expect(obj.spec.name).toBe('ci-reader');
    expect(obj.spec.authentication).toEqual({ path: 'k8s/ops', role: 'vault-admin', serviceAccount: { name: 'vault-config' }, namespace: 'teams/ci' });
    expectConformant(chart);
  });

  test('addPath after construction still reaches the manifest', () => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
    policy.addPath('a/b', [VaultCapability.READ]);
    const before = objectsOf(chart, 'Policy')[0].spec.policy;
    policy.addPath('c/d', [VaultCapability.DENY]);
    expect(objectsOf(chart, 'Policy')[0].spec.policy).toBe(`${before}\npath "c/d" {\n  capabilities = ["deny"]\n}\n`);
    expectConformant(chart);
  });

  test('fromPolicyName references an existing policy', () => {
    const { chart } = ciChart();
    const imported = VaultPolicy.fromPolicyName(chart, 'imported', 'platform-readers');
    expect(imported.policyName).toBe('platform-readers');
    expect([imported.name, imported.kind, imported.apiVersion, imported.namespace]).toEqual(['platform-readers', 'Policy', 'redhatcop.redhat.io/v1alpha1', undefined]);
    expect(Testing.synth(chart).some(o => o.kind === 'Policy')).toBe(false);
    expectConformant(chart);
  });

  test('grants from a database role merge and record the lease', () => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
    const role = DatabaseSecretEngineRole.fromRoleName(chart, 'db', 'ci-migrate');
    role.grantRead(policy);
    role.grantRead(policy);
    expect(policy.paths).toEqual(['database/creds/ci-migrate']);
    expect(policy.leaseGrants).toEqual([]);
    expectConformant(chart);
  });

  test('fails when a path was added with addPath and a grant targets it', () => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
    policy.addPath('database/creds/ci-migrate', [VaultCapability.READ]);
    const role = DatabaseSecretEngineRole.fromRoleName(chart, 'db', 'ci-migrate');
    expect(() => role.grantRead(policy)).toThrow(/'path' \("database\/creds\/ci-migrate"\) was added to policy .* with addPath\(\)/);
  });

  describe('HCL parse check', () => {
    test('only allowed keys appear in the rendered HCL', () => {
      const { chart, auth } = ciChart();
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
      policy.addPath('database/creds/ci-migrate', [VaultCapability.READ]);
      policy.addPath('sys/leases/revoke', [VaultCapability.UPDATE, VaultCapability.SUDO]);
      const check = checkPolicyHcl(objectsOf(chart, 'Policy')[0].spec.policy);
      expect(check.errors).toEqual([]);
      expect(check.paths).toEqual([
        { path: 'database/creds/ci-migrate', keys: ['capabilities'], capabilities: ['read'] },
        { path: 'sys/leases/revoke', keys: ['capabilities'], capabilities: ['update', 'sudo'] },
      ]);
      expectConformant(chart);
    });

    test('the checker rejects the reference mistake: ttl and max_ttl inside a path block', () => {
      const mistaken = [
        'path "database/creds/pipeline-migration-role" {',
        '  capabilities = ["read"]',
        '  ttl = "15m"',
        '  max_ttl = "15m"',
        '}',
      ].join('\n');
      expect(checkPolicyHcl(mistaken).errors).toEqual([
        'invalid key "ttl" in path "database/creds/pipeline-migration-role"',
        'invalid key "max_ttl" in path "database/creds/pipeline-migration-role"',
      ]);
      expect(ALLOWED_PATH_KEYS).not.toContain('ttl');
    });

    test('the mistake cannot be expressed: a TTL smuggled through a path or a capability is rejected', () => {
      const { chart, auth } = ciChart();
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
      expect(() => policy.addPath('database/creds/x" {\n  ttl = "15m"\n}\npath "y', [VaultCapability.READ])).toThrow(/'path' .* is not a valid Vault policy path/);
      expect(() => policy.addPath('database/creds/x', ['read"]\n  ttl = ["15m' as VaultCapability])).toThrow(/'capabilities' of path "database\/creds\/x" contains/);
      expect(() => policy.addPath('database/creds/x', ['ttl' as VaultCapability])).toThrow(/allowed: create, read, update, patch, delete, list, sudo, deny/);
      expect(Object.getOwnPropertyNames(VaultPolicy.prototype).filter(n => /ttl/i.test(n))).toEqual([]);
    });

    test('property: every accepted path and capability set renders HCL with only capabilities', () => {
      const segment = fc.stringMatching(/^[A-Za-z0-9_.@:=~-]{1,12}$/).filter(s => s !== '.' && s !== '..');
      // the first segment names the mount: '+' there, or a '*' that ends it, would span mounts (sys/ included)
      const path = fc.tuple(segment, fc.array(fc.oneof(segment, fc.constant('+')), { maxLength: 4 }), fc.boolean())
        .map(([mount, segments, glob]) => `${[mount, ...segments].join('/')}${glob ? (segments.length > 0 ? '*' : '/*') : ''}`);
      const caps = fc.subarray(Object.values(VaultCapability).filter(c => c !== VaultCapability.DENY), { minLength: 1 });
      fc.assert(fc.property(fc.uniqueArray(path, { minLength: 1, maxLength: 4 }), caps, (paths, capabilities) => {
        const chart = Testing.chart();
        const account = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'vault-config');
        const policy = new VaultPolicy(chart, 'policy', { authentication: { role: 'admin', serviceAccount: account } });
        paths.forEach(p => policy.addPath(p, capabilities));
        const check = checkPolicyHcl(policy.toHcl());
        expect(check.errors).toEqual([]);
        expect(check.paths.map(p => p.path)).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        check.paths.forEach(p => expect(p.keys).toEqual(['capabilities']));
      }), { numRuns: 200 });
    });

    test('property: a glob anywhere but at the end is rejected', () => {
      const { chart, auth } = ciChart();
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
      fc.assert(fc.property(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z/]{1,8}$/), (head, tail) => {
        expect(() => policy.addPath(`${head}*${tail}`, [VaultCapability.READ])).toThrow(/'\*' is only allowed as the last character/);
      }));
    });
  });

  describe('errors', () => {
    test('errors are ValidationErrors that start with the construct path', () => {
      const { chart, auth } = ciChart();
      const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
      const attempt = () => policy.addPath('/secret', [VaultCapability.READ]);
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow(/^ci\/policy: 'path' \("\/secret"\) is not a valid Vault policy path/);
      expect(() => VaultPolicy.fromPolicyName(chart, 'x', 'Bad')).toThrow(/^'policyName' \("Bad"\) must be a DNS-1123 label/);
    });

    test('fails when two policies write the same Vault policy', () => {
      const { chart, auth } = ciChart();
      new VaultPolicy(chart, 'a', { authentication: auth, policyName: 'ci' });
      expect(() => new VaultPolicy(chart, 'b', { authentication: auth, policyName: 'ci' }))
        .toThrow(/'policyName' \("ci"\) is already written to Vault at sys\/policies\/acl\/ci by ci\/a; two objects would overwrite each other/);
      const other = new VaultPolicy(chart, 'c', { authentication: { ...auth, vaultNamespace: 'teams' }, policyName: 'ci' });
      other.addPath('a/b', [VaultCapability.READ]);
      expect(other.policyName).toBe('ci');
    });

    const policy = () => {
      const { chart, auth } = ciChart();
      return new VaultPolicy(chart, 'policy', { authentication: auth });
    };

    test.each([
      ['', /it is empty/],
      ['/database/creds/x', /must not start with '\/'/],
      ['*', /a bare '\*' grants every path/],
      ['secret/*/config', /'\*' is only allowed as the last character/],
      ['secret/a+b', /'\+' must be a whole segment/],
      ['secret//x', /empty segment/],
      ['secret/../sys', /relative segment/],
      ['secret/{{identity.entity.metadata}}', /the template "{{identity.entity.metadata}}" is not a policy parameter Vault resolves/],
      ['secret/{{identity.entity.id}}*', /its '\*' extends the templated segment/],
      ['secret/a b', /may only contain letters, digits/],
    ])('fails on the path %p', (path, message) => {
      expect(() => policy().addPath(path, [VaultCapability.READ])).toThrow(message);
    });

    test('fails on a path added twice', () => {
      const p = policy();
      p.addPath('a/b', [VaultCapability.READ]);
      expect(() => p.addPath('a/b', [VaultCapability.LIST])).toThrow(/'path' \("a\/b"\) is already in policy .* with \["read"\]; list all capabilities in one addPath\(\) call/);
    });

    test('fails on empty, duplicate and deny-mixed capabilities', () => {
      const p = policy();
      expect(() => p.addPath('a/b', [])).toThrow(/'capabilities' of path "a\/b" is empty/);
      expect(() => p.addPath('a/b', [VaultCapability.READ, VaultCapability.READ])).toThrow(/lists "read" twice/);
      expect(() => p.addPath('a/b', [VaultCapability.DENY, VaultCapability.READ])).toThrow(/combines "deny" with \["read", "deny"\]/);
    });

    test('fails on an invalid or built-in policy name', () => {
      const { chart, auth } = ciChart();
      expect(() => new VaultPolicy(chart, 'a', { authentication: auth, policyName: 'CI_Migrate' })).toThrow(/'policyName' \("CI_Migrate"\) must be a DNS-1123 label/);
      expect(() => new VaultPolicy(chart, 'b', { authentication: auth, policyName: 'root' })).toThrow(/'policyName' \("root"\) is a built-in Vault policy/);
      expect(() => new VaultPolicy(chart, 'c', { authentication: auth, policyName: 'default' })).toThrow(/'policyName' \("default"\) is a built-in Vault policy/);
      expect(() => VaultPolicy.fromPolicyName(chart, 'd', 'Bad Name')).toThrow(/'policyName' \("Bad Name"\) must be a DNS-1123 label/);
    });

    test('fails at synthesis when the policy has no paths', () => {
      const p = policy();
      expect(() => Testing.synth(p.node.scope as any)).toThrow(/VaultPolicy ".*" has no paths and would grant nothing; add one with addPath\(\)/);
    });
  });

  describe('operator authentication errors', () => {
    test('fails on the default service account', () => {
      const { chart } = ciChart();
      const account = kplus.ServiceAccount.fromServiceAccountName(chart, 'default-sa', 'default');
      expect(() => new VaultPolicy(chart, 'p', { authentication: { role: 'vault-admin', serviceAccount: account } }))
        .toThrow(/'authentication.serviceAccount' \("default"\) must be a dedicated service account/);
    });

    test('fails on a service account in another namespace', () => {
      const { chart } = ciChart();
      const other = new kplus.ServiceAccount(chart, 'other', { metadata: { name: 'vault-config', namespace: 'vault' } });
      expect(() => new VaultPolicy(chart, 'p', { authentication: { role: 'vault-admin', serviceAccount: other } }))
        .toThrow(/'authentication.serviceAccount' \(vault\/vault-config\) must be in the CR's namespace "ci-cd"/);
    });

    test('fails on a bad role, mount path or Vault namespace', () => {
      const { chart, auth } = ciChart();
      expect(() => new VaultPolicy(chart, 'a', { authentication: { ...auth, role: 'vault admin' } })).toThrow(/'authentication.role' \("vault admin"\) must be a Vault role name/);
      expect(() => new VaultPolicy(chart, 'b', { authentication: { ...auth, mountPath: '/kubernetes/' } })).toThrow(/'authentication.mountPath' \("\/kubernetes\/"\) must be a Vault mount path/);
      expect(() => new VaultPolicy(chart, 'c', { authentication: { ...auth, vaultNamespace: 'teams//ci' } })).toThrow(/'authentication.vaultNamespace' \("teams\/\/ci"\) must be a Vault namespace path/);
    });
  });
});
