import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { byId, REPO, tenant } from './fixtures';
import { ClusterTarget, GitOpsRepository, OverlayPatch } from '../../src/gitops';
import { expectConformant } from '../conformance/harness';

/** A repository of one tenant (plus `extra` charts in base) whose staging environment applies `patches`. */
function staging(patches: OverlayPatch[], extra: (app: App) => Chart[] = () => []): { objects: () => Record<string, any>; repo: GitOpsRepository } {
  const app = new App();
  const t = tenant(app, 'team-a');
  const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart, ...extra(app)] });
  repo.addEnvironment('staging', { patches });
  repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
  return { repo, objects: () => byId(repo.renderedObjects('east', 'staging')) };
}

const ES = { kind: 'ExternalSecret', name: 'db' };

describe('OverlayPatch.prefixRemoteKeys', () => {
  test('with stores, keys read through other stores stay as they are', () => {
    const app = new App();
    const t = tenant(app, 'team-a');
    new ApiObject(t.chart, 'shared-read', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'shared-read' },
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' }, data: [{ secretKey: 'ca', remoteRef: { key: 'shared/ca' } }] },
    });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart] });
    repo.addEnvironment('staging', { patches: [OverlayPatch.prefixRemoteKeys({ prefix: 'staging/', stores: [t.store] })] });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    const objects = byId(repo.renderedObjects('east', 'staging'));
    expect(objects['ExternalSecret team-a/db'].spec.data[0].remoteRef.key).toBe('staging/team-a/db');
    expect(objects['SecretStore team-a/vault'].metadata.annotations['zero-trust.cdk8s.io/key-prefix']).toBe('staging/team-a/');
    expect(objects['PushSecret team-a/push-cert'].spec.data[0].match.remoteRef.remoteKey).toBe('staging/team-a/certs/app');
    expect(objects['ExternalSecret team-a/shared-read'].spec.data[0].remoteRef.key).toBe('shared/ca');
  });

  test('prefixes ClusterExternalSecret and ClusterPushSecret keys', () => {
    const { objects } = staging([OverlayPatch.prefixRemoteKeys({ prefix: 'staging/' })], app => {
      const cluster = new Chart(app, 'cluster-wide', { disableResourceNameHashes: true });
      new ApiObject(cluster, 'ces', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterExternalSecret',
        metadata: { name: 'tls' },
        spec: { namespaces: ['team-a'], externalSecretSpec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' }, dataFrom: [{ extract: { key: 'shared/tls' } }] } },
      });
      new ApiObject(cluster, 'cps', {
        apiVersion: 'external-secrets.io/v1alpha1',
        kind: 'ClusterPushSecret',
        metadata: { name: 'push' },
        spec: { pushSecretSpec: { secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'shared' }], selector: { secret: { name: 'x' } }, data: [{ match: { secretKey: 'k', remoteRef: { remoteKey: 'shared/x' } } }] } },
      });
      return [cluster];
    });
    const all = objects();
    expect(all['ClusterExternalSecret /tls'].spec.externalSecretSpec.dataFrom[0].extract.key).toBe('staging/shared/tls');
    expect(all['ClusterPushSecret /push'].spec.pushSecretSpec.data[0].match.remoteRef.remoteKey).toBe('staging/shared/x');
  });

  test.each([
    [{ prefix: '' }, /'prefix' \(""\) must be a non-empty key prefix/],
    [{ prefix: 'has space/' }, /'prefix' \("has space\/"\) must be a non-empty key prefix without whitespace, templates or a leading '\/'; e.g. "staging\/"/],
    [{ prefix: '/staging/' }, /'prefix' \("\/staging\/"\)/],
    [{ prefix: '{{ .env }}/' }, /'prefix' \("\{\{ .env \}\}\/"\)/],
    [{ prefix: 'staging/', stores: [] }, /'stores' is empty, so no key would be prefixed; omit it to prefix the keys of every store/],
  ])('fails: %j', (options, error) => {
    expect(() => OverlayPatch.prefixRemoteKeys(options)).toThrow(error);
  });

  test('fails: nothing to prefix, or a PushSecret writing inside and outside the given stores', () => {
    const app = new App();
    const ns = new Chart(app, 'plain', { namespace: 'team-a' });
    new ApiObject(ns, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    const empty = new GitOpsRepository({ repoUrl: REPO, base: [ns] });
    empty.addEnvironment('staging', { patches: [OverlayPatch.prefixRemoteKeys({ prefix: 'staging/' })] });
    empty.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => empty.renderedObjects('east', 'staging'))
      .toThrow('environments/staging: prefixRemoteKeys ("staging/") found no remote key to prefix in the objects it inherits; remove it, or check \'stores\'');

    const mixedApp = new App();
    const t = tenant(mixedApp, 'team-a');
    new ApiObject(t.chart, 'push-both', {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'PushSecret',
      metadata: { name: 'push-both' },
      spec: { secretStoreRefs: [{ kind: 'SecretStore', name: 'vault' }, { kind: 'ClusterSecretStore', name: 'shared' }], selector: { secret: { name: 'x' } }, data: [{ match: { secretKey: 'k', remoteRef: { remoteKey: 'team-a/x' } } }] },
    });
    const mixed = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart] });
    mixed.addEnvironment('staging', { patches: [OverlayPatch.prefixRemoteKeys({ prefix: 'staging/', stores: [t.store] })] });
    mixed.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(() => mixed.renderedObjects('east', 'staging'))
      .toThrow('external-secrets.io/PushSecret team-a/push-both writes to stores inside and outside \'stores\', and one remoteKey cannot be prefixed for some stores only; split it into one PushSecret per store');
  });
});

describe('OverlayPatch.json', () => {
  test('applies add (also to the end of a list), replace and remove to the one object it targets; the result conforms', () => {
    const { objects, repo } = staging([
      OverlayPatch.json({ ...ES, namespace: 'team-a', apiVersion: 'external-secrets.io/v1' },
        JsonPatch.test('/spec/refreshInterval', '1h0m0s'),
        JsonPatch.replace('/spec/refreshInterval', '15m0s'),
        JsonPatch.add('/spec/data/-', { secretKey: 'user', remoteRef: { key: 'team-a/db', property: 'user' } }),
        JsonPatch.remove('/spec/dataFrom/0'),
        JsonPatch.add('/metadata/labels', { tier: 'db' })),
    ]);
    const es = objects()['ExternalSecret team-a/db'];
    expect(es.spec.refreshInterval).toBe('15m0s');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['password', 'user']);
    expect(es.spec.dataFrom).toEqual([]);
    expect(es.metadata.labels).toEqual({ tier: 'db' });
    expect(objects()['ExternalSecret team-a/session'].spec.refreshInterval).toBe('1h0m0s');
    expectConformant(repo.renderedObjects('east', 'staging'));
  });

  test.each([
    [{ kind: 'externalSecret', name: 'db' }, [JsonPatch.remove('/spec')], /'target.kind' \("externalSecret"\) must be a kind such as "ExternalSecret"/],
    [{ kind: 'ExternalSecret', name: 'Db' }, [JsonPatch.remove('/spec')], /target.name/],
    [{ kind: 'ExternalSecret', name: 'db', namespace: 'Team' }, [JsonPatch.remove('/spec')], /target.namespace/],
    [{ kind: 'ExternalSecret', name: 'db', apiVersion: 'external-secrets.io' }, [JsonPatch.remove('/spec')], /'target.apiVersion' \("external-secrets.io"\) must be an apiVersion such as "external-secrets.io\/v1" or "v1"/],
    [ES, [], /the patch of ExternalSecret db has no operations; give at least one, e.g. JsonPatch.replace\('\/spec\/refreshInterval', '15m0s'\)/],
  ])('fails at construction: %j', (target, ops, error) => {
    expect(() => OverlayPatch.json(target, ...ops)).toThrow(error);
  });

  test('fails: a target that matches nothing, or more than one object', () => {
    expect(() => staging([OverlayPatch.json({ kind: 'ExternalSecret', name: 'nope' }, JsonPatch.remove('/spec'))]).objects())
      .toThrow('environments/staging: the patch targets ExternalSecret nope, which is not among the objects the overlay inherits; check the target\'s kind, name and namespace');
    expect(() => staging([OverlayPatch.json({ ...ES, apiVersion: 'external-secrets.io/v1beta1' }, JsonPatch.remove('/spec'))]).objects())
      .toThrow(/the patch targets ExternalSecret db \(external-secrets.io\/v1beta1\), which is not among the objects/);
    const twice = () => {
      const app = new App();
      const a = tenant(app, 'team-a');
      const b = tenant(app, 'team-b');
      const repo = new GitOpsRepository({ repoUrl: REPO, base: [a.namespaces, a.chart, b.namespaces, b.chart] });
      repo.addEnvironment('staging', { patches: [OverlayPatch.json(ES, JsonPatch.remove('/spec/dataFrom'))] });
      repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
      return repo.renderedObjects('east', 'staging');
    };
    expect(twice).toThrow('environments/staging: the patch targets ExternalSecret db, which matches external-secrets.io/ExternalSecret team-a/db and external-secrets.io/ExternalSecret team-b/db; give target.namespace or target.apiVersion');
  });

  const what = 'environments/staging: patching external-secrets.io/ExternalSecret team-a/db';
  test.each([
    [JsonPatch.test('/spec/refreshInterval', '2h0m0s'), `${what}: test /spec/refreshInterval expected "2h0m0s", found "1h0m0s"; the overlay was made for another version of the object`],
    [JsonPatch.test('/spec/missing', 'x'), `${what}: test /spec/missing expected "x", found undefined; the overlay was made for another version of the object`],
    [JsonPatch.remove('/spec/missing'), `${what}: remove /spec/missing: the path does not exist`],
    [JsonPatch.replace('/spec/missing', 'x'), `${what}: replace /spec/missing: the path does not exist (use add)`],
    [JsonPatch.add('/spec/missing/deeper', 'x'), `${what}: add /spec/missing/deeper: the path does not exist`],
    [JsonPatch.replace('/spec/data/5/secretKey', 'x'), `${what}: /spec/data/5/secretKey: "5" is not an index of the array (length 1)`],
    [JsonPatch.add('/spec/data/2', {}), `${what}: /spec/data/2: "2" is not an index of the array (length 1)`],
    [JsonPatch.remove(''), `${what}: remove of the whole object is not supported`],
    [JsonPatch.add('spec', {}), `${what}: path "spec" must be a JSON pointer starting with '/'`],
    [JsonPatch.move('/spec/refreshInterval', '/spec/other'), `${what}: operation "move" is not supported in overlays; use add, remove, replace or test`],
  ])('fails: an operation that cannot apply (%#)', (op, message) => {
    expect(() => staging([OverlayPatch.json(ES, op)]).objects()).toThrow(message);
  });
});
