import { ApiObject, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { capabilitiesFor, kubernetesLogin, pathMatches, renderTemplatedPath, resolveAccessors, rulesFor, TestIdentity } from './acl-evaluator';
import { ciChart, objectsOf } from './fixtures';
import { checkPolicyHcl } from './hcl-checker';
import { objectsOf as objectsOfFiles, synthExample } from '../../examples/examples';
import { ValidationError } from '../../src/common/errors';
import { CompliancePack } from '../../src/compliance';
import { VaultCapability, VaultPolicy, VaultPolicyTemplate } from '../../src/vault';
import { expectConformant } from '../conformance/harness';

const NS = VaultPolicyTemplate.kubernetesNamespace();
const ACCESSOR = 'auth_kubernetes_1a2b3c4d';
/** What the operator learns from sys/auth: the Kubernetes auth mount and a second one. */
const ACCESSORS = { 'kubernetes': ACCESSOR, 'k8s/other': 'auth_kubernetes_99999999' };

/** The tenant policy of examples/vault-tenants: each namespace reads its own KV subtree and its own database role. */
function tenantPolicy() {
  const { chart, auth } = ciChart();
  const policy = new VaultPolicy(chart, 'tenants', { authentication: auth, policyName: 'tenant-secrets' });
  policy.addPath(`secret/data/tenants/${NS}/*`, [VaultCapability.READ]);
  policy.addPath(`secret/metadata/tenants/${NS}/*`, [VaultCapability.READ, VaultCapability.LIST]);
  policy.addPath(`database/creds/${NS}`, [VaultCapability.READ]);
  return { chart, policy };
}

describe('VaultPolicyTemplate', () => {
  test('spells each parameter Vault resolves in ACL paths', () => {
    expect([
      VaultPolicyTemplate.entityId(),
      VaultPolicyTemplate.entityName(),
      VaultPolicyTemplate.entityMetadata('team'),
      VaultPolicyTemplate.aliasId(ACCESSOR),
      VaultPolicyTemplate.aliasName(ACCESSOR),
      VaultPolicyTemplate.aliasMetadata(ACCESSOR, 'service_account_namespace'),
      VaultPolicyTemplate.aliasCustomMetadata(ACCESSOR, 'cost-center'),
      VaultPolicyTemplate.groupNameById('4f6c2a10-0000-4000-8000-000000000001'),
      VaultPolicyTemplate.groupIdByName('platform'),
      VaultPolicyTemplate.groupMetadataById('4f6c2a10-0000-4000-8000-000000000001', 'tier'),
      VaultPolicyTemplate.groupMetadataByName('platform', 'tier'),
      VaultPolicyTemplate.accessorOf('k8s/ops'),
      VaultPolicyTemplate.kubernetesNamespace(),
      VaultPolicyTemplate.kubernetesNamespace('k8s/ops'),
      VaultPolicyTemplate.kubernetesServiceAccountName(),
    ]).toEqual([
      '{{identity.entity.id}}',
      '{{identity.entity.name}}',
      '{{identity.entity.metadata.team}}',
      '{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.id}}',
      '{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.name}}',
      '{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.metadata.service_account_namespace}}',
      '{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.custom_metadata.cost-center}}',
      '{{identity.groups.ids.4f6c2a10-0000-4000-8000-000000000001.name}}',
      '{{identity.groups.names.platform.id}}',
      '{{identity.groups.ids.4f6c2a10-0000-4000-8000-000000000001.metadata.tier}}',
      '{{identity.groups.names.platform.metadata.tier}}',
      '${auth/k8s/ops/@accessor}',
      '{{identity.entity.aliases.${auth/kubernetes/@accessor}.metadata.service_account_namespace}}',
      '{{identity.entity.aliases.${auth/k8s/ops/@accessor}.metadata.service_account_namespace}}',
      '{{identity.entity.aliases.${auth/kubernetes/@accessor}.metadata.service_account_name}}',
    ]);
  });

  test.each([
    [() => VaultPolicyTemplate.aliasMetadata('kubernetes', 'x'), /selects the alias by "kubernetes", which is not a mount accessor: write the accessor Vault gave the auth mount/],
    [() => VaultPolicyTemplate.aliasName('auth_kubernetes_xyz'), /not a mount accessor/],
    [() => VaultPolicyTemplate.entityMetadata('a/b'), /reads the metadata key "a\/b", which may only contain letters, digits and _ \. -/],
    [() => VaultPolicyTemplate.entityMetadata('a}}b'), /reads the metadata key "a}}b"/],
    [() => VaultPolicyTemplate.entityMetadata('with space'), /contains whitespace other than spaces around the parameter/],
    [() => VaultPolicyTemplate.groupIdByName('a.b'), /'groupName' \("a.b"\) may only contain letters, digits, '_' and '-': Vault splits the template on '\.'/],
    [() => VaultPolicyTemplate.groupNameById('x y'), /'groupId' \("x y"\) may only contain/],
    [() => VaultPolicyTemplate.groupMetadataById('a.b', 'k'), /'groupId' \("a.b"\)/],
    [() => VaultPolicyTemplate.groupMetadataByName('a/b', 'k'), /'groupName' \("a\/b"\)/],
    [() => VaultPolicyTemplate.accessorOf('/kubernetes/'), /'mountPath' \("\/kubernetes\/"\) must be a Vault mount path/],
    [() => VaultPolicyTemplate.kubernetesNamespace('a//b'), /'mountPath' \("a\/\/b"\) must be a Vault mount path/],
  ])('refuses bad input %#', (make, message) => {
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(message);
  });
});

describe('VaultPolicy.addPath with ACL templates', () => {
  test('renders templated paths as written, with the operator\'s accessor placeholder (snapshot)', () => {
    const { chart, policy } = tenantPolicy();
    expect(policy.paths).toEqual([`database/creds/${NS}`, `secret/data/tenants/${NS}/*`, `secret/metadata/tenants/${NS}/*`]);
    const [obj] = objectsOf(chart, 'Policy');
    expect(obj.spec.policy).toBe(policy.toHcl());
    expect(obj.spec.policy).toContain('path "secret/data/tenants/{{identity.entity.aliases.${auth/kubernetes/@accessor}.metadata.service_account_namespace}}/*" {');
    expect(checkPolicyHcl(obj.spec.policy).errors).toEqual([]);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test.each([
    'secret/data/{{identity.entity.id}}',
    'secret/data/{{ identity.entity.name }}/*',
    'secret/data/{{identity.entity.metadata.team}}/+/config',
    'secret/data/team-{{identity.entity.metadata.team}}/*',
    'secret/data/{{identity.entity.metadata.team}}-ro/*',
    'secret/data/{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.metadata.service_account_namespace}}/{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.metadata.service_account_name}}/*',
    'secret/data/{{identity.entity.aliases.auth_oidc_0badc0de.custom_metadata.team.name}}/x',
    'secret/data/{{identity.groups.ids.4f6c2a10-0000-4000-8000-000000000001.name}}/*',
    'secret/data/{{identity.groups.names.platform.metadata.tier}}/*',
    'auth/userpass/users/{{identity.entity.aliases.auth_userpass_6e8f1a2b.name}}/password',
  ])('accepts %p', path => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'p', { authentication: auth });
    policy.addPath(path, [VaultCapability.READ]);
    expect(policy.paths).toEqual([path]);
    expectConformant(chart);
  });

  test.each([
    [`${NS}/data/*`, /its first segment is a template, so the identity would choose the mount/],
    [`secret/data/tenants/${NS}*`, /its '\*' extends the templated segment, so identity "a" also matches "ab…"/],
    [`secret/data/tenants/team-${NS}-*`, /its '\*' extends the templated segment/],
    [`secret/data/+/${NS}/*`, /it has a '\+' segment before the template, so the identity's value matches under every sibling/],
    [`secret/data/${NS}-${VaultPolicyTemplate.entityId()}/*`, /its segment "{{…}}-{{…}}" holds two templates/],
    ['secret/data/{{identity.entity.metadata}}/x', /the template "{{identity.entity.metadata}}" is not a policy parameter Vault resolves; use one of identity.entity.id/],
    ['secret/data/{{identity.groups.names}}/x', /not a policy parameter Vault resolves/],
    ['secret/data/{{time.now}}/x', /"{{time.now}}" is not a policy parameter/],
    ['secret/data/{{identity.entity.aliases.auth_kubernetes_1a2b3c4d}}/x', /not a policy parameter/],
    ['secret/data/{{identity.entity.aliases.auth_kubernetes_1a2b3c4d.uid}}/x', /not a policy parameter/],
    ['secret/data/{{identity.entity.aliases.kubernetes.metadata.service_account_namespace}}/x', /selects the alias by "kubernetes", which is not a mount accessor/],
    ['secret/data/{{identity.groups.ids.a/b.name}}/x', /names the group "a\/b"/],
    ['secret/data/{{identity.entity.id}/x', /unbalanced template braces/],
    ['secret/data/identity.entity.id}}/x', /'}}' without a '{{' before it/],
    ['secret/data/{{{{identity.entity.id}}}}/x', /unbalanced template braces/],
    ['secret/data/{{identity.entity.id}}}/x', /a single '{' or '}' outside a template/],
    ['secret/data/{x}/y', /a single '{' or '}' outside a template/],
    ['secret/data/{{\tidentity.entity.id}}/x', /contains whitespace other than spaces/],
    ['secret/data/{{identity.entity.id}}+/x', /'\+' must be a whole segment .* not part of "{{…}}\+"/],
    ['secret/data/{{identity.entity.id}}/a b', /the segment "a b" may only contain letters/],
    ['secret/data/{{identity.entity.id}}/\u0000', /NUL character/],
    ['secret/data/x" {\n  capabilities = ["sudo"]\n}\npath "{{identity.entity.id}}', /'path' .* is not a valid Vault policy path/],
  ])('refuses %p', (path, message) => {
    const { chart, auth } = ciChart();
    const policy = new VaultPolicy(chart, 'p', { authentication: auth });
    const attempt = () => policy.addPath(path, [VaultCapability.READ]);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^ci\/p: 'path' .* is not a valid Vault policy path: /);
    expect(attempt).toThrow(message);
  });
});

describe('a templated tenant policy grants exactly the tenant\'s path', () => {
  const hcl = () => tenantPolicy().policy.toHcl();
  const tenantA = kubernetesLogin(ACCESSOR, 'tenant-a');
  const tenantB = kubernetesLogin(ACCESSOR, 'tenant-b');

  test('the operator resolves the placeholder, Vault the template: each tenant gets its own subtree', () => {
    expect(rulesFor(hcl(), tenantA, ACCESSORS)).toEqual([
      { path: 'database/creds/tenant-a', capabilities: ['read'] },
      { path: 'secret/data/tenants/tenant-a/*', capabilities: ['read'] },
      { path: 'secret/metadata/tenants/tenant-a/*', capabilities: ['read', 'list'] },
    ]);
    expect(rulesFor(hcl(), tenantB, ACCESSORS).map(r => r.path)).toEqual(['database/creds/tenant-b', 'secret/data/tenants/tenant-b/*', 'secret/metadata/tenants/tenant-b/*']);
  });

  test.each([
    ['secret/data/tenants/tenant-a/app', ['read']],
    ['secret/data/tenants/tenant-a/app/nested/deeper', ['read']],
    ['secret/metadata/tenants/tenant-a/app', ['list', 'read']],
    ['database/creds/tenant-a', ['read']],
    // the other tenant, and names that only start like tenant-a
    ['secret/data/tenants/tenant-b/app', []],
    ['secret/metadata/tenants/tenant-b/app', []],
    ['database/creds/tenant-b', []],
    ['secret/data/tenants/tenant-ab/app', []],
    ['secret/data/tenants/tenant-a-evil/app', []],
    ['database/creds/tenant-a-evil', []],
    // the subtree's own node, its parent and everything else
    ['secret/data/tenants/tenant-a', []],
    ['secret/data/tenants/', []],
    ['secret/data/tenants', []],
    ['secret/data/platform/root', []],
    ['sys/policies/acl/tenant-secrets', []],
  ])('tenant-a on %p: %p', (path, capabilities) => {
    expect(capabilitiesFor(hcl(), tenantA, ACCESSORS, path)).toEqual(capabilities);
  });

  test('identities the template does not resolve for get nothing (Vault drops the path)', () => {
    const elsewhere = kubernetesLogin('auth_kubernetes_99999999', 'tenant-a');
    const noEntity: TestIdentity = {};
    const noMetadata: TestIdentity = { entity: { id: 'e', name: 'n', aliases: [{ accessor: ACCESSOR, id: 'a', name: 'n' }] } };
    for (const identity of [elsewhere, noEntity, noMetadata]) {
      expect(rulesFor(hcl(), identity, ACCESSORS)).toEqual([]);
      expect(capabilitiesFor(hcl(), identity, ACCESSORS, 'secret/data/tenants/tenant-a/app')).toEqual([]);
    }
    // a value with a glob character is refused by Vault, so it cannot widen the path either
    expect(rulesFor(hcl(), kubernetesLogin(ACCESSOR, '*'), ACCESSORS)).toEqual([]);
    // without the operator resolving the placeholder, nothing matches: the policy fails closed
    expect(rulesFor(hcl(), tenantA, {})).toEqual([]);
  });

  test('property: for any two namespaces, each reads its own subtree and nothing of the other\'s', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
    const tail = fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 3 }).map(s => s.join('/'));
    // b often extends a (tenant-a / tenant-a-x), the case a glob next to the template would let through
    const pair = fc.tuple(label, fc.oneof(label, fc.tuple(label, fc.stringMatching(/^[-a-z0-9]{0,5}[a-z0-9]$/)).map(([x, y]) => `${x}${y}`)));
    const text = hcl();
    fc.assert(fc.property(pair, tail, ([a, b], rest) => {
      fc.pre(a !== b);
      const identity = kubernetesLogin(ACCESSOR, a);
      expect(capabilitiesFor(text, identity, ACCESSORS, `secret/data/tenants/${a}/${rest}`)).toEqual(['read']);
      expect(capabilitiesFor(text, identity, ACCESSORS, `secret/data/tenants/${b}/${rest}`)).toEqual([]);
      expect(capabilitiesFor(text, identity, ACCESSORS, `secret/metadata/tenants/${b}/${rest}`)).toEqual([]);
      expect(capabilitiesFor(text, identity, ACCESSORS, `database/creds/${b}`)).toEqual([]);
    }), { numRuns: 300 });
  });

  test('the refused form would leak: with a glob next to the template, "team" reads "team-b"', () => {
    const leaky = `path "secret/data/tenants/${NS}*" {\n  capabilities = ["read"]\n}\n`;
    const team = kubernetesLogin(ACCESSOR, 'team');
    expect(capabilitiesFor(leaky, team, ACCESSORS, 'secret/data/tenants/team-b/app')).toEqual(['read']);
    const { chart, auth } = ciChart();
    expect(() => new VaultPolicy(chart, 'p', { authentication: auth }).addPath(`secret/data/tenants/${NS}*`, [VaultCapability.READ])).toThrow(/extends the templated segment/);
  });
});

describe('the evaluator follows Vault\'s matching', () => {
  test.each([
    ['secret/data/a', 'secret/data/a', true],
    ['secret/data/a', 'secret/data/a/b', false],
    ['secret/data/a*', 'secret/data/ab', true],
    ['secret/data/a/*', 'secret/data/a/b/c', true],
    ['secret/data/a/*', 'secret/data/a', false],
    ['secret/data/+/config', 'secret/data/x/config', true],
    ['secret/data/+/config', 'secret/data/x/y/config', false],
    ['secret/data/+/config', 'secret/data//config', false],
    ['secret/data/+/c*', 'secret/data/x/conf/y', true],
    ['secret/data/+/*', 'secret/data/x', false],
  ])('%p on %p: %p', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });

  test('resolves every template kind for an identity', () => {
    const identity: TestIdentity = {
      entity: {
        id: 'e1',
        name: 'alice',
        metadata: { team: 'blue' },
        aliases: [{ accessor: ACCESSOR, id: 'a1', name: 'uid-1', metadata: { service_account_namespace: 'ns' }, customMetadata: { cc: '42' } }],
      },
      groups: [{ id: 'g1', name: 'platform', metadata: { tier: 'gold' } }],
    };
    const render = (p: string) => renderTemplatedPath(p, identity);
    expect(['{{identity.entity.id}}', '{{identity.entity.name}}', '{{identity.entity.metadata.team}}', `{{identity.entity.aliases.${ACCESSOR}.id}}`,
      `{{identity.entity.aliases.${ACCESSOR}.name}}`, `{{identity.entity.aliases.${ACCESSOR}.custom_metadata.cc}}`, '{{identity.groups.ids.g1.name}}',
      '{{identity.groups.names.platform.id}}', '{{identity.groups.names.platform.metadata.tier}}', '{{identity.groups.ids.g2.name}}',
      '{{identity.entity.metadata.missing}}', `{{identity.entity.aliases.${ACCESSOR}.other}}`].map(t => render(`x/${t}`)))
      .toEqual(['x/e1', 'x/alice', 'x/blue', 'x/a1', 'x/uid-1', 'x/42', 'x/platform', 'x/g1', 'x/gold', undefined, undefined, undefined]);
    expect(resolveAccessors('a ${auth/kubernetes/@accessor} ${auth/kubernetes/@accessor}', ACCESSORS)).toBe(`a ${ACCESSOR} ${ACCESSOR}`);
  });
});

describe('the compliance pack reads templated paths', () => {
  test('no finding on the templated tenant policy', () => {
    const { chart } = tenantPolicy();
    const report = new CompliancePack().evaluate(chart);
    expect([...report.errors, ...report.warnings]).toEqual([]);
  });

  test('ZT-VAULT5 still flags a template combined with a broad glob, whatever wrote the Policy', () => {
    const { chart } = ciChart();
    const raw = (name: string, path: string) => new ApiObject(chart, name, {
      apiVersion: 'redhatcop.redhat.io/v1alpha1',
      kind: 'Policy',
      metadata: { name },
      spec: {
        authentication: { path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'vault-config' } },
        name,
        type: 'acl',
        policy: `path "${path}" {\n  capabilities = ["read"]\n}\n`,
      },
    });
    raw('leaky-glob', `secret/data/tenants/${NS}*`);
    raw('leaky-plus', `secret/+/tenants/${NS}/*`);
    raw('leaky-mount', `${NS}/*`);
    raw('resolved', `secret/data/tenants/{{identity.entity.aliases.${ACCESSOR}.metadata.service_account_namespace}}/*`);
    const findings = new CompliancePack().evaluate(chart).errors.filter(f => f.ruleId === 'ZT-VAULT5');
    const details = findings.map(f => `${f.resource} ${f.detail}`).join('\n');
    expect(findings).toHaveLength(3);
    expect(details).toMatch(/extends the templated segment/);
    expect(details).toMatch(/'\+' segment before the template/);
    expect(details).toMatch(/first segment is a template/);
    expect(details).not.toMatch(/resolved/);
    expectConformant(chart);
  });
});

describe('examples/vault-tenants: every tenant reads exactly its own paths', () => {
  const objects = objectsOfFiles(synthExample('vault-tenants'));
  const hcl = objects.find(o => o.kind === 'Policy').spec.policy;
  const store = objects.find(o => o.kind === 'ClusterSecretStore').spec.provider.vault;
  /** The Vault request paths each tenant's objects make: KV v2 reads through the store, generator reads. */
  const requests = (namespace: string) => [
    ...objects.filter(o => o.kind === 'ExternalSecret' && o.metadata.namespace === namespace && o.spec.secretStoreRef)
      .flatMap(o => o.spec.data.map((d: any) => `${store.path}/data/${d.remoteRef.key}`)),
    ...objects.filter(o => o.kind === 'VaultDynamicSecret' && o.metadata.namespace === namespace).map(o => o.spec.path),
  ];
  const tenants = objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name);

  test('the example has two tenants, each with a KV read and a database user', () => {
    expect(tenants).toEqual(['team-a', 'team-b']);
    expect(requests('team-a')).toEqual(['secret/data/tenants/team-a/app', 'database/creds/team-a']);
  });

  test.each([['team-a', 'team-b'], ['team-b', 'team-a']])('%s may make its own requests and none of %s\'s', (own, other) => {
    const identity = kubernetesLogin(ACCESSOR, own);
    for (const path of requests(own)) expect(capabilitiesFor(hcl, identity, ACCESSORS, path)).toEqual(['read']);
    for (const path of requests(other)) expect(capabilitiesFor(hcl, identity, ACCESSORS, path)).toEqual([]);
  });
});
