import * as fs from 'fs';
import * as path from 'path';
import { byId, parseYaml } from './fixtures';
import { kustomize } from './kubectl';
import { buildFleet, fleetRepository } from '../../examples/multi-tenant-fleet/fleet';
import { CompliancePack } from '../../src/compliance';
import { SecretGuard } from '../../src/gitops';
import { expectConformant } from '../conformance/harness';
import { expectTektonLintClean } from '../tekton/tekton-lint';

/**
 * The committed repository of examples/multi-tenant-fleet (test/examples.test.ts checks that it equals a fresh
 * synth): every folder builds with a real kustomize into exactly what the repository checked, conforms, and
 * carries no credential.
 */
const DIST = path.join(__dirname, '..', '..', 'examples', 'multi-tenant-fleet', 'dist');
const DEPLOYMENTS = [['east', 'dev'], ['east', 'staging'], ['west', 'staging'], ['west', 'production']];

describe('examples/multi-tenant-fleet repository', () => {
  const repo = fleetRepository(buildFleet({ tenants: 3, compliance: true }));

  test.each(DEPLOYMENTS)('clusters/%s/%s builds into what the repository checked, which conforms', (cluster, env) => {
    const built = parseYaml(kustomize(path.join(DIST, 'clusters', cluster, env)));
    expect(byId(built)).toEqual(byId(repo.renderedObjects(cluster, env)));
    expect(built.filter(o => o.kind === 'ExternalSecret' && o.metadata.name === 'app-settings').map(o => o.spec.data[0].remoteRef.key))
      .toEqual(['tenant-001', 'tenant-002', 'tenant-003'].map(t => `${env}/${t}/app`));
    expect(built.every(o => o.metadata.labels?.['example.com/environment'] === env)).toBe(true);
    expectConformant(built);
    // tekton-lint sees one namespace at a time: each tenant has its own Task flyway-migrate
    const tekton = built.filter(o => o.apiVersion === 'tekton.dev/v1');
    const namespaces = [...new Set(tekton.map(o => o.metadata.namespace))];
    expect(namespaces).toEqual(['tenant-001', 'tenant-002', 'tenant-003']);
    for (const namespace of namespaces) expectTektonLintClean(tekton.filter(o => o.metadata.namespace === namespace));
    expect(new CompliancePack().evaluateManifests(built).findings).toEqual([]);
  });

  test('the Argo CD objects build, and every file is clean of credentials', () => {
    expectConformant(parseYaml(kustomize(path.join(DIST, 'argocd'))));
    expectConformant(parseYaml(kustomize(path.join(DIST, 'bootstrap'))));
    const files = listFiles(DIST).map(file => ({ path: file, text: fs.readFileSync(path.join(DIST, file), 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(SecretGuard.findings(files.map(f => ({ ...f, manifests: f.path.endsWith('.yaml') ? parseYaml(f.text) : undefined })))).toEqual([]);
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}
