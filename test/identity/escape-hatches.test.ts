import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  ArgoCdNamespaceAccess, ClusterSpiffeId, OpenShiftAuthentication, SpiffeAccess, SpiffeId, UsernameMapping,
} from '../../src/identity';
import { expectConformant } from '../conformance/harness';

const SERVER = SpiffeId.forServiceAccount('apps.example.com', 'ztwim-gitops', 'openshift-gitops-argocd-server');
const READ_DEPLOYMENTS = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] };
const kindAndName = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.name}`;

function spoke(chart: Chart = Testing.chart()) {
  const authentication = new OpenShiftAuthentication(chart, 'Auth', {
    oidcProvider: { name: 'ztwim', issuerUrl: 'https://oidc.apps.example.com', audiences: ['openshift-spoke'], usernameMapping: UsernameMapping.fromClaim('sub') },
  });
  return { chart, authentication };
}

describe('escape hatches: ApiObject.of(construct) is the main object, named properties reach the others', () => {
  test('OpenShiftAuthentication', () => {
    const { chart, authentication } = spoke();
    expect(kindAndName(ApiObject.of(authentication))).toBe('Authentication -/cluster');
    expectConformant(chart);
  });

  test('ClusterSpiffeId', () => {
    const chart = Testing.chart();
    const id = new ClusterSpiffeId(chart, 'Id', { metadata: { name: 'argocd' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argocd' } } });
    expect(kindAndName(ApiObject.of(id))).toBe('ClusterSPIFFEID -/argocd');
    expectConformant(chart);
  });

  test('SpiffeAccess: the binding; role', () => {
    const { chart, authentication } = spoke();
    const access = new SpiffeAccess(chart, 'Deployer', { authentication, subjects: [SERVER], namespace: 'shop', name: 'deployer', rules: [READ_DEPLOYMENTS] });
    expect(kindAndName(ApiObject.of(access))).toBe('RoleBinding shop/deployer');
    expect(ApiObject.of(access.binding)).toBe(ApiObject.of(access));
    expect(kindAndName(ApiObject.of(access.role!))).toBe('Role shop/deployer');
    expectConformant(chart);
  });

  test('SpiffeAccess binding an existing ClusterRole cluster-wide: the ClusterRoleBinding, no role', () => {
    const { chart, authentication } = spoke(new Chart(Testing.app(), 'c', { namespace: 'elsewhere' }));
    const access = new SpiffeAccess(chart, 'Viewer', { authentication, subjects: [SERVER], clusterRole: 'basic-user', name: 'viewer' });
    expect(kindAndName(ApiObject.of(access))).toBe('ClusterRoleBinding elsewhere/viewer');
    expect(access.role).toBeUndefined();
    // the chart's namespace is dropped from the cluster-scoped binding when it is written
    expect(Testing.synth(chart).find(o => o.kind === 'ClusterRoleBinding').metadata.namespace).toBeUndefined();
    expectConformant(chart);
  });

  test('ArgoCdNamespaceAccess owns no object of its own: accesses and accessFor() reach each namespace', () => {
    const { chart, authentication } = spoke();
    const access = new ArgoCdNamespaceAccess(chart, 'ArgoCd', { authentication, subjects: [SERVER], namespaces: ['shop', 'cart'] });
    expect(() => ApiObject.of(access)).toThrow(/cannot find a \(direct or indirect\) child of type ApiObject/);
    expect(access.accesses.map(a => kindAndName(ApiObject.of(a)))).toEqual(['RoleBinding cart/argocd-manager', 'RoleBinding shop/argocd-manager']);
    expect(kindAndName(ApiObject.of(access.accessFor('shop').role!))).toBe('Role shop/argocd-manager');
    expect(access.accesses).not.toBe(access.accesses);
    expectConformant(chart);
  });
});
