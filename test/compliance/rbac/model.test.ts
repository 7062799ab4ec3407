import { rbacFindings } from '../../../src/compliance/rbac/assess';
import { BUILT_IN_CLUSTER_ROLES } from '../../../src/compliance/rbac/bootstrap-roles';
import { selectorMatches } from '../../../src/compliance/rbac/label-selector';
import { grantsEverything, ruleAllows } from '../../../src/compliance/rbac/matcher';
import { describeRole, RbacModel } from '../../../src/compliance/rbac/model';
import { binding, clusterRole, clusterRoleRef, group, role, roleBinding, roleRef } from '../cases/rbac';

const RBAC = 'rbac.authorization.k8s.io';
const AGG = (to: string) => ({ [`${RBAC}/aggregate-to-${to}`]: 'true' });

/** Whether the effective rules of `r` allow `verb` on `resource` of `group` for any name. */
function allows(model: RbacModel, r: any, verb: string, apiGroup: string, resource: string): boolean {
  return model.effectiveRules(r).some(s => ruleAllows(s.rule, { verb, group: apiGroup, resource, name: '' }));
}

describe('built-in ClusterRoles', () => {
  const model = RbacModel.of([]);
  const admin = model.clusterRole('admin')!;
  const edit = model.clusterRole('edit')!;
  const view = model.clusterRole('view')!;

  test('admin covers edit, which covers view, through aggregation labels', () => {
    // admin, edit and view hold no rules of their own
    const owners = (r: any) => [...new Set(model.effectiveRules(r).map(s => s.owner.name))];
    expect(owners(admin)).toEqual(['system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view']);
    expect(owners(edit)).toEqual(['system:aggregate-to-edit', 'system:aggregate-to-view']);
    expect(owners(view)).toEqual(['system:aggregate-to-view']);
  });

  test('view reads no Secret and execs nowhere; edit and admin read every Secret and exec', () => {
    expect(allows(model, view, 'get', '', 'secrets')).toBe(false);
    expect(allows(model, view, 'list', '', 'secrets')).toBe(false);
    expect(allows(model, view, 'get', '', 'pods/exec')).toBe(false);
    expect(allows(model, view, 'get', '', 'pods/log')).toBe(true);
    for (const r of [edit, admin]) {
      expect(allows(model, r, 'list', '', 'secrets')).toBe(true);
      expect(allows(model, r, 'get', '', 'pods/exec')).toBe(true);
      expect(allows(model, r, 'create', '', 'serviceaccounts/token')).toBe(true);
      expect(allows(model, r, 'impersonate', '', 'serviceaccounts')).toBe(true);
      expect(allows(model, r, 'create', 'apps', 'deployments')).toBe(true);
    }
    expect(allows(model, edit, 'create', RBAC, 'rolebindings')).toBe(false);
    expect(allows(model, admin, 'create', RBAC, 'rolebindings')).toBe(true);
    expect(allows(model, admin, 'patch', '', 'namespaces')).toBe(false);
  });

  test('only cluster-admin grants everything', () => {
    expect(BUILT_IN_CLUSTER_ROLES.filter(r => r.rules.some(grantsEverything)).map(r => r.name)).toEqual(['cluster-admin']);
    expect(model.allPowerful(admin)).toBeUndefined();
    expect(model.allPowerful(model.clusterRole('cluster-admin')!)).toBeDefined();
  });

  test('unknown names resolve to nothing', () => {
    expect(model.clusterRole('system:node')).toBeUndefined();
    expect(model.clusterRole(42)).toBeUndefined();
  });
});

describe('aggregation', () => {
  test('a ClusterRole of the output labelled aggregate-to-edit extends edit, admin, and bindings to them', () => {
    const extra = clusterRole('widgets-edit', [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['create'] }], AGG('edit'));
    const model = RbacModel.of([extra]);
    for (const name of ['edit', 'admin']) {
      expect(allows(model, model.clusterRole(name)!, 'create', 'example.com', 'widgets')).toBe(true);
    }
    expect(allows(model, model.clusterRole('view')!, 'create', 'example.com', 'widgets')).toBe(false);
    // a model without it: the built-ins are shared, their expansion is not
    expect(allows(RbacModel.of([]), RbacModel.of([]).clusterRole('edit')!, 'create', 'example.com', 'widgets')).toBe(false);
  });

  test('an own ClusterRole that aggregates the built-in roles gets their rules, transitively', () => {
    const mine = clusterRole('mine', [], undefined, { clusterRoleSelectors: [{ matchLabels: AGG('admin') }] });
    const model = RbacModel.of([mine]);
    const r = model.roleOf(mine);
    expect(allows(model, r, 'list', '', 'secrets')).toBe(true);
    expect(allows(model, r, 'create', RBAC, 'roles')).toBe(true);
    expect(model.effectiveRules(r).find(s => s.rule.resources.includes('secrets'))!.owner.name).toBe('system:aggregate-to-edit');
  });

  test('an empty selector aggregates every ClusterRole, cluster-admin included; never itself', () => {
    const mine = clusterRole('all', [], undefined, { clusterRoleSelectors: [{}] });
    const model = RbacModel.of([mine]);
    expect(model.allPowerful(model.roleOf(mine))!.owner.name).toBe('cluster-admin');
    expect(model.effectiveRules(model.roleOf(mine)).filter(s => s.owner.name === 'all')).toEqual([]);
  });

  test('cycles end', () => {
    const a = clusterRole('a', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], { x: 'a' }, { clusterRoleSelectors: [{ matchLabels: { x: 'b' } }] });
    const b = clusterRole('b', [{ apiGroups: [''], resources: ['services'], verbs: ['get'] }], { x: 'b' }, { clusterRoleSelectors: [{ matchLabels: { x: 'a' } }] });
    const model = RbacModel.of([a, b]);
    expect(model.effectiveRules(model.roleOf(a)).map(s => `${s.owner.name} ${s.rule.resources}`)).toEqual(['a pods', 'b services']);
  });

  test('an output ClusterRole named like a built-in keeps the built-in rules and labels (the API server restores them)', () => {
    const edit = clusterRole('edit', [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }]);
    const model = RbacModel.of([edit]);
    const r = model.clusterRole('edit')!;
    expect(r.builtIn).toBe(false);
    expect(allows(model, r, 'get', 'example.com', 'widgets')).toBe(true);
    expect(allows(model, r, 'list', '', 'secrets')).toBe(true);
    expect(allows(model, model.clusterRole('admin')!, 'get', 'example.com', 'widgets')).toBe(true);
    const narrowed = clusterRole('cluster-admin', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    const m2 = RbacModel.of([narrowed]);
    expect(m2.allPowerful(m2.roleOf(narrowed))!.owner.builtIn).toBe(true);
  });

  test('unless autoupdate is "false": then the output replaces the built-in', () => {
    const edit = { ...clusterRole('edit', [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }]) };
    edit.metadata = { ...edit.metadata, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } } as any;
    const model = RbacModel.of([edit]);
    expect(allows(model, model.clusterRole('edit')!, 'list', '', 'secrets')).toBe(false);
    // admin no longer reaches the default edit rules: the replacement carries no aggregate-to-admin label
    expect(allows(model, model.clusterRole('admin')!, 'list', '', 'secrets')).toBe(false);
  });

  test('label selectors: matchLabels and matchExpressions', () => {
    const labels = { a: '1', b: '2' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '2' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['0', '1'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['1'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'Gt', values: ['1'] }] }, labels)).toBe(false);
  });
});

describe('roleRef resolution', () => {
  const own = role('Role', [], 'deployer');
  const ownCluster = clusterRole('reader', []);
  const manifests = [own, ownCluster];
  const model = RbacModel.of(manifests);

  test('a Role in the RoleBinding\'s namespace, a ClusterRole of the output, else a built-in', () => {
    expect(describeRole(model.resolve(roleBinding('team', roleRef('deployer'), []))!)).toBe('Role team/deployer');
    expect(model.resolve(roleBinding('other', roleRef('deployer'), []))).toBeUndefined();
    expect(model.resolve(binding(roleRef('deployer'), []))).toBeUndefined();
    expect(model.resolve(binding(clusterRoleRef('reader'), [group('g')]))!.builtIn).toBe(false);
    expect(model.resolve(binding(clusterRoleRef('view'), []))!.builtIn).toBe(true);
    expect(model.resolve(binding(clusterRoleRef('unknown'), []))).toBeUndefined();
    expect(model.resolve({ kind: 'RoleBinding' })).toBeUndefined();
  });

  test('the model and its expansions are cached per manifests array', () => {
    expect(RbacModel.of(manifests)).toBe(model);
    const r = model.roleOf(ownCluster);
    expect(model.effectiveRules(r)).toBe(model.effectiveRules(r));
    expect(RbacModel.of([...manifests])).not.toBe(model);
  });
});

describe('rbacFindings (for constructs)', () => {
  test('the pack\'s error findings on a set of RBAC objects, judged together', () => {
    const r = role('Role', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }], 'debug');
    expect(rbacFindings([r, roleBinding('team', roleRef('debug'), [group('devs')])])).toEqual([
      { ruleId: 'ZT-RBAC8', resource: 'Role team/debug', detail: 'rules[0]: get on pods/exec grants access into running pods or the kubelet API' },
    ]);
    expect(rbacFindings([binding(clusterRoleRef('view'), [group('system:authenticated')])]).map(f => f.ruleId)).toEqual(['ZT-RBAC14']);
    expect(rbacFindings([role('Role', [{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['a'], verbs: ['create'] }]), 'not an object'])).toEqual([]);
  });
});
