import { ApiObject, App, Chart } from 'cdk8s';
import { byId, REPO, tenant } from './fixtures';
import { ValidationError } from '../../src/common/errors';
import { ClusterTarget, GitOpsRepository, OverlayOperation, OverlayPatch } from '../../src/gitops';
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
        OverlayOperation.test('/spec/refreshInterval', '1h0m0s'),
        OverlayOperation.replace('/spec/refreshInterval', '15m0s'),
        OverlayOperation.add('/spec/data/-', { secretKey: 'user', remoteRef: { key: 'team-a/db', property: 'user' } }),
        OverlayOperation.remove('/spec/dataFrom/0'),
        OverlayOperation.add('/metadata/labels', { tier: 'db' })),
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
    [{ kind: 'externalSecret', name: 'db' }, [OverlayOperation.remove('/spec')], /'target.kind' \("externalSecret"\) must be a kind such as "ExternalSecret"/],
    [{ kind: 'ExternalSecret', name: 'Db' }, [OverlayOperation.remove('/spec')], /target.name/],
    [{ kind: 'ExternalSecret', name: 'db', namespace: 'Team' }, [OverlayOperation.remove('/spec')], /target.namespace/],
    [{ kind: 'ExternalSecret', name: 'db', apiVersion: 'external-secrets.io' }, [OverlayOperation.remove('/spec')], /'target.apiVersion' \("external-secrets.io"\) must be an apiVersion such as "external-secrets.io\/v1" or "v1"/],
    [ES, [], /the patch of ExternalSecret db has no operations; give at least one, e.g. OverlayOperation.replace\('\/spec\/refreshInterval', '15m0s'\)/],
  ])('fails at construction: %j', (target, ops, error) => {
    expect(() => OverlayPatch.json(target, ...ops)).toThrow(error);
  });

  test('fails: a target that matches nothing, or more than one object', () => {
    expect(() => staging([OverlayPatch.json({ kind: 'ExternalSecret', name: 'nope' }, OverlayOperation.remove('/spec'))]).objects())
      .toThrow('environments/staging: the patch targets ExternalSecret nope, which is not among the objects the overlay inherits; check the target\'s kind, name and namespace');
    expect(() => staging([OverlayPatch.json({ ...ES, apiVersion: 'external-secrets.io/v1beta1' }, OverlayOperation.remove('/spec'))]).objects())
      .toThrow(/the patch targets ExternalSecret db \(external-secrets.io\/v1beta1\), which is not among the objects/);
    const twice = () => {
      const app = new App();
      const a = tenant(app, 'team-a');
      const b = tenant(app, 'team-b');
      const repo = new GitOpsRepository({ repoUrl: REPO, base: [a.namespaces, a.chart, b.namespaces, b.chart] });
      repo.addEnvironment('staging', { patches: [OverlayPatch.json(ES, OverlayOperation.remove('/spec/dataFrom'))] });
      repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
      return repo.renderedObjects('east', 'staging');
    };
    expect(twice).toThrow('environments/staging: the patch targets ExternalSecret db, which matches external-secrets.io/ExternalSecret team-a/db and external-secrets.io/ExternalSecret team-b/db; give target.namespace or target.apiVersion');
  });

  const what = 'environments/staging: patching external-secrets.io/ExternalSecret team-a/db';
  test.each([
    [OverlayOperation.test('/spec/refreshInterval', '2h0m0s'), `${what}: test /spec/refreshInterval expected "2h0m0s", found "1h0m0s"; the overlay was made for another version of the object`],
    [OverlayOperation.test('/spec/missing', 'x'), `${what}: test /spec/missing expected "x", found undefined; the overlay was made for another version of the object`],
    [OverlayOperation.remove('/spec/missing'), `${what}: remove /spec/missing: the path does not exist`],
    [OverlayOperation.replace('/spec/missing', 'x'), `${what}: replace /spec/missing: the path does not exist (use add)`],
    [OverlayOperation.add('/spec/missing/deeper', 'x'), `${what}: add /spec/missing/deeper: the path does not exist`],
    [OverlayOperation.replace('/spec/data/5/secretKey', 'x'), `${what}: /spec/data/5/secretKey: "5" is not an index of the array (length 1)`],
    [OverlayOperation.add('/spec/data/2', {}), `${what}: /spec/data/2: "2" is not an index of the array (length 1)`],
    [OverlayOperation.remove(''), `${what}: remove of the whole object is not supported`],
    [OverlayOperation.add('spec', {}), `${what}: path "spec" must be a JSON pointer starting with '/'`],
    [OverlayOperation.move('/spec/refreshInterval', '/spec/other'), `${what}: operation "move" is not supported in overlays; use add, remove, replace or test`],
  ])('fails: an operation that cannot apply (%#)', (op, message) => {
    expect(() => staging([OverlayPatch.json(ES, op)]).objects()).toThrow(message);
  });
});

describe('OverlayOperation', () => {
  test('writes each operation as RFC 6902 does, fields in the standard order', () => {
    const { repo } = staging([OverlayPatch.json(ES,
      OverlayOperation.test('/spec/refreshInterval', '1h0m0s'),
      OverlayOperation.replace('/spec/refreshInterval', '15m0s'),
      OverlayOperation.add('/metadata/labels', { tier: 'db' }),
      OverlayOperation.remove('/spec/dataFrom/0'))]);
    const kustomization = repo.files()['environments/staging/kustomization.yaml'];
    expect(kustomization).toContain([
      '      - op: test',
      '        path: /spec/refreshInterval',
      '        value: 1h0m0s',
      '      - op: replace',
      '        path: /spec/refreshInterval',
      '        value: 15m0s',
      '      - op: add',
      '        path: /metadata/labels',
      '        value:',
      '          tier: db',
      '      - op: remove',
      '        path: /spec/dataFrom/0',
    ].join('\n'));
    expect(OverlayOperation.copy('/a', '/b')).toMatchObject({ op: 'copy', from: '/a', path: '/b' });
    expect(OverlayOperation.move('/a', '/b')).toMatchObject({ op: 'move', from: '/a', path: '/b' });
  });

  test('the value is copied when the patch is made', () => {
    const value = { tier: 'db' };
    const { objects } = staging([OverlayPatch.json(ES, OverlayOperation.add('/metadata/labels', value))]);
    value.tier = 'changed';
    expect(objects()['ExternalSecret team-a/db'].metadata.labels).toEqual({ tier: 'db' });
  });
});

describe('errors of the GitOps repository are ValidationErrors without a construct path (it is not a construct)', () => {
  test.each([
    ['OverlayPatch.json', () => OverlayPatch.json({ kind: 'externalSecret', name: 'db' }, OverlayOperation.remove('/spec'))],
    ['OverlayPatch.prefixRemoteKeys', () => OverlayPatch.prefixRemoteKeys({ prefix: '' })],
    ['GitOpsRepository', () => new GitOpsRepository({ repoUrl: REPO, targetRevision: 'a b' })],
    ['GitOpsRepository.addEnvironment', () => new GitOpsRepository({ repoUrl: REPO }).addEnvironment('base')],
    ['overlay expansion', () => staging([OverlayPatch.json({ kind: 'ExternalSecret', name: 'nope' }, OverlayOperation.remove('/spec'))]).objects()],
  ])('%s', (_what, make) => {
    expect(make).toThrow(ValidationError);
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).constructPath).toBeUndefined();
  });
});
