import { App } from 'cdk8s';
import { byId, REPO, tenant } from './fixtures';
import { ClusterTarget, GitOpsRepository, OverlayOperation, OverlayPatch } from '../../src/gitops';
import { expectRefused, githubToken, PASSWORD } from '../literal-credentials';

const GHP = githubToken(21);
const ES = { kind: 'ExternalSecret', name: 'db' };

describe('OverlayPatch literals that would commit a credential are refused where the patch is written', () => {
  test('a string value is judged by the last key of its path', () => {
    expectRefused(() => OverlayPatch.json(ES, OverlayOperation.add('/spec/target/template/data/password', PASSWORD)),
      'operations[0].value', /password \(16 chars\)/, PASSWORD);
    expectRefused(() => OverlayPatch.json(ES, OverlayOperation.replace('/spec/refreshInterval', '15m0s'), OverlayOperation.replace('/metadata/annotations/example.com~1api-token', PASSWORD)),
      'operations[1].value', /token \(16 chars\)/, PASSWORD);
    // an array index says nothing, the key before it does
    expectRefused(() => OverlayPatch.json(ES, OverlayOperation.add('/spec/tokens/-', PASSWORD)), 'operations[0].value', /token \(16 chars\)/, PASSWORD);
  });

  test('object and array values: every string and key, with its path', () => {
    expectRefused(() => OverlayPatch.json(ES, OverlayOperation.add('/metadata/annotations', { 'example.com/owner': 'team-a', 'example.com/token': GHP })),
      'operations[0].value', /GitHub token ghp_… \(40 chars\) at operations\[0\]\.value\["example.com\/token"\]/, GHP);
    expectRefused(() => OverlayPatch.json({ kind: 'Deployment', name: 'app' }, OverlayOperation.add('/spec/template/spec/containers/0/env/-', { name: 'DB_PASSWORD', value: PASSWORD })),
      'operations[0].value', /password \(16 chars\) at operations\[0\]\.value\.value/, PASSWORD);
    expectRefused(() => OverlayPatch.json({ kind: 'Deployment', name: 'app' }, OverlayOperation.replace('/spec/template/spec/containers/0/args', ['--verbose', `--token=${GHP}`])),
      'operations[0].value', /GitHub token .* at operations\[0\]\.value\[1\]/, GHP);
  });

  test('encoded values are decoded: base64, and a URL-encoded token in a query', () => {
    const b64 = Buffer.from(`token=${GHP}`).toString('base64');
    expectRefused(() => OverlayPatch.json({ kind: 'ConfigMap', name: 'settings' }, OverlayOperation.replace('/data/settings', b64)), 'operations[0].value', /after base64 decoding/, b64);
    expectRefused(() => OverlayPatch.json({ kind: 'ConfigMap', name: 'settings' }, OverlayOperation.add('/data/webhook', `https://hooks.example.com/x?token=${encodeURIComponent(GHP)}`)),
      'operations[0].value', /GitHub token/, GHP);
    // a test operation's value lands in the kustomization as well
    expectRefused(() => OverlayPatch.json(ES, OverlayOperation.test('/spec/data/0/remoteRef/key', GHP)), 'operations[0].value', /GitHub token/, GHP);
  });

  test('the value checked is the value written: changing it afterwards does not reach the overlay', () => {
    const value: { [key: string]: string } = { 'example.com/owner': 'team-a' };
    const patch = OverlayPatch.json(ES, OverlayOperation.add('/metadata/annotations', value), OverlayOperation.add('/metadata/annotations/example.com~1note', 'reviewed'));
    value['example.com/token'] = GHP;
    const app = new App();
    const t = tenant(app, 'team-a');
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart] });
    repo.addEnvironment('staging', { patches: [patch] });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    expect(JSON.stringify(repo.files())).not.toContain(GHP);
  });

  test('prefixRemoteKeys: the prefix', () => {
    expectRefused(() => OverlayPatch.prefixRemoteKeys({ prefix: `${GHP}/` }), 'prefix', /GitHub token/, GHP);
  });
});

describe('OverlayPatch values people really write pass', () => {
  test('references, durations, names, digests, Vault paths and placeholders', () => {
    const patches = [
      OverlayPatch.json(ES,
        OverlayOperation.replace('/spec/refreshInterval', '15m0s'),
        OverlayOperation.add('/metadata/annotations', {
          'example.com/token-secret': 'team-a-api-token',
          'example.com/password-template': '{{ .password }}',
          'example.com/vault-path': 'secret/data/team-a/db',
          'example.com/image': `registry.example.com/app@sha256:${'4f2504e0'.repeat(8)}`,
          'example.com/request-id': '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        }),
        OverlayOperation.add('/metadata/annotations/example.com~1api-token', '${API_TOKEN}'),
      ),
      OverlayPatch.prefixRemoteKeys({ prefix: 'staging/' }),
    ];
    const app = new App();
    const t = tenant(app, 'team-a');
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [t.namespaces, t.chart] });
    repo.addEnvironment('staging', { patches });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    const objects = byId(repo.renderedObjects('east', 'staging'));
    expect(objects['ExternalSecret team-a/db'].metadata.annotations['example.com/token-secret']).toBe('team-a-api-token');
  });
});
