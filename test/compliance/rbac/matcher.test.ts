import { grantExtent, grantsEverything, nonResourceURLMatches, resourceMatches, ruleAllows, ruleAllowsUrl } from '../../../src/compliance/rbac/matcher';
import { policyRule, rule } from '../../../src/compliance/rbac/policy-rule';
import { isClusterScoped, namespacedResources } from '../../../src/compliance/rbac/scope';

const request = (verb: string, group: string, resource: string, name = '') => ({ verb, group, resource, name });

describe('ResourceMatches', () => {
  test.each([
    // [rule resources, requested combined resource, subresource, matches]
    [['*'], 'pods', '', true],
    [['*'], 'pods/exec', 'exec', true],
    [['pods'], 'pods/exec', 'exec', false],
    [['pods/exec'], 'pods/exec', 'exec', true],
    [['*/exec'], 'pods/exec', 'exec', true],
    [['*/exec'], 'nodes/exec', 'exec', true],
    [['*/exec'], 'pods', '', false],
    [['*/exec'], 'pods/execute', 'execute', false],
    [['*/xexec'], 'pods/exec', 'exec', false],
    // pods/* is no wildcard: it is a resource named "pods/*"
    [['pods/*'], 'pods/exec', 'exec', false],
    [['pods/*'], 'pods', '', false],
    // case-sensitive
    [['Pods'], 'pods', '', false],
    [['PODS/EXEC'], 'pods/exec', 'exec', false],
  ])('%j matches %s: %s', (resources, combined, sub, expected) => {
    expect(resourceMatches(rule(['get'], [''], resources as string[]), combined as string, sub as string)).toBe(expected);
  });
});

describe('RuleAllows', () => {
  test('verbs, groups and names are exact, * matches all', () => {
    const r = rule(['get', 'list'], ['', 'apps'], ['deployments', 'pods']);
    expect(ruleAllows(r, request('get', 'apps', 'deployments', 'web'))).toBe(true);
    expect(ruleAllows(r, request('GET', 'apps', 'deployments'))).toBe(false);
    expect(ruleAllows(r, request('get', 'extensions', 'deployments'))).toBe(false);
    expect(ruleAllows(r, request('create', '', 'pods'))).toBe(false);
    expect(ruleAllows(rule(['*'], ['*'], ['*']), request('escalate', RBAC, 'clusterroles'))).toBe(true);
  });

  test('resourceNames narrow, and a create on a collection has no name', () => {
    const named = rule(['get', 'list', 'create'], [''], ['secrets'], ['db']);
    expect(ruleAllows(named, request('get', '', 'secrets', 'db'))).toBe(true);
    expect(ruleAllows(named, request('get', '', 'secrets', 'other'))).toBe(false);
    expect(ruleAllows(named, request('list', '', 'secrets'))).toBe(false);
    expect(ruleAllows(named, request('create', '', 'secrets'))).toBe(false);
    // resourceNames [""] matches the nameless requests
    expect(ruleAllows(rule(['list'], [''], ['secrets'], ['']), request('list', '', 'secrets'))).toBe(true);
  });

  test('non-resource URLs match exactly or by a trailing *', () => {
    const r = policyRule({ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*', '/api*'] });
    expect(nonResourceURLMatches(r, '/healthz')).toBe(true);
    expect(nonResourceURLMatches(r, '/healthz/etcd')).toBe(false);
    expect(nonResourceURLMatches(r, '/metrics/cadvisor')).toBe(true);
    expect(nonResourceURLMatches(r, '/metrics')).toBe(false);
    expect(nonResourceURLMatches(r, '/apis/apps')).toBe(true);
    expect(ruleAllowsUrl(r, 'post', '/healthz')).toBe(false);
    expect(ruleAllowsUrl(policyRule({ verbs: ['*'], nonResourceURLs: ['*'] }), 'post', '/anything')).toBe(true);
  });
});

const RBAC = 'rbac.authorization.k8s.io';

describe('grantExtent', () => {
  test.each([
    [rule(['get'], [''], ['secrets']), 'get', 'secrets', 'every'],
    [rule(['get'], [''], ['secrets'], ['db']), 'get', 'secrets', 'some'],
    [rule(['list'], [''], ['secrets'], ['db']), 'list', 'secrets', 'some'],
    [rule(['create'], [''], ['pods'], ['web']), 'create', 'pods', 'none'],
    [rule(['deletecollection'], [''], ['pods'], ['web']), 'deletecollection', 'pods', 'none'],
    [rule(['create'], [''], ['serviceaccounts/token'], ['vault-reader']), 'create', 'serviceaccounts/token', 'some'],
    [rule(['create'], [''], ['serviceaccounts/*']), 'create', 'serviceaccounts/token', 'none'],
    [rule(['*'], [''], ['*/token']), 'create', 'serviceaccounts/token', 'every'],
    [rule(['get'], [''], ['pods']), 'get', 'pods/exec', 'none'],
  ])('%j: %s %s is %s', (r, verb, resource, extent) => {
    expect(grantExtent(r, verb, '', resource)).toBe(extent);
  });
});

test('grantsEverything: * or every verb spelled out, on every group and resource, without names', () => {
  expect(grantsEverything(rule(['*'], ['*'], ['*']))).toBe(true);
  expect(grantsEverything(rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate'], ['*'], ['*']))).toBe(true);
  expect(grantsEverything(rule(['*'], ['*'], ['*'], ['one']))).toBe(false);
  expect(grantsEverything(rule(['*'], ['', 'apps'], ['*']))).toBe(false);
  expect(grantsEverything(rule(['get', 'list', 'watch'], ['*'], ['*']))).toBe(false);
});

test('malformed rules grant nothing', () => {
  expect(policyRule({ verbs: 'get', apiGroups: [''], resources: ['pods'] }).verbs).toEqual([]);
  expect(policyRule(null)).toEqual({ apiGroups: [], resources: [], verbs: [], resourceNames: [], nonResourceURLs: [] });
  expect(policyRule({ verbs: ['get', 1, null], apiGroups: [''], resources: ['pods'] }).verbs).toEqual(['get']);
});

describe('scope', () => {
  test('known cluster-scoped resources and groups', () => {
    expect(isClusterScoped('', 'nodes/proxy')).toBe(true);
    expect(isClusterScoped('', 'pods')).toBe(false);
    expect(isClusterScoped('admissionregistration.k8s.io', 'anything')).toBe(true);
    expect(isClusterScoped('*', 'namespaces')).toBe(true);
    expect(isClusterScoped('example.com', 'widgets')).toBe(false);
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'widgets' } } };
    expect(isClusterScoped('example.com', 'widgets', [crd])).toBe(true);
  });

  test('namespacedResources', () => {
    expect(namespacedResources(rule(['get'], ['', 'apps'], ['nodes', 'pods', 'deployments']))).toEqual(['pods', 'deployments', 'nodes.apps', 'pods.apps', 'deployments.apps']);
    expect(namespacedResources(rule(['get'], [''], ['nodes', 'namespaces', 'persistentvolumes']))).toEqual([]);
    expect(namespacedResources(rule(['get'], ['apiextensions.k8s.io'], ['*']))).toEqual([]);
    expect(namespacedResources(rule(['get'], ['*'], ['*/status']))).toEqual(['*/status.*']);
    expect(namespacedResources(rule([], [''], ['pods']))).toEqual([]);
  });
});
