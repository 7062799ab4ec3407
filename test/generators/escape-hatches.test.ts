import { ApiObject, Testing } from 'cdk8s';
import { GENERATOR_FIXTURES } from './fixtures';
import { tenantChart } from './support';
import { Generator } from '../../src/generators';
import { expectConformant } from '../conformance/harness';

describe('escape hatches: ApiObject.of() reaches the main object of every generator construct', () => {
  test('the fixtures cover every generator construct class', () => {
    expect(GENERATOR_FIXTURES.map(f => f.cls).sort()).toEqual([
      'AcrAccessToken', 'BeyondtrustWorkloadCredentials', 'CloudsmithAccessToken', 'ClusterGenerator', 'EcrAuthorizationToken',
      'FakeGenerator', 'GcrAccessToken', 'GithubAccessToken', 'GitlabDeployToken', 'Grafana', 'Mfa', 'Password', 'QuayAccessToken',
      'SshKey', 'StsSessionToken', 'Uuid', 'VaultDynamicSecret', 'WebhookGenerator',
    ]);
  });

  test.each(GENERATOR_FIXTURES.map(f => [f.cls, f] as const))('%s', (_cls, fixture) => {
    const chart = tenantChart();
    const generator = fixture.make(chart, 'gen', { metadata: { name: 'my-generator' } });
    const main = ApiObject.of(generator);
    expect(main.node.id).toBe('Resource');
    expect(main.node.scope).toBe(generator);
    expect([main.apiVersion, main.kind, main.name]).toEqual(['generators.external-secrets.io/v1alpha1', fixture.kind, 'my-generator']);
    expect([generator.kind, generator.name]).toEqual([fixture.kind, 'my-generator']);
    // a patch through the escape hatch reaches the manifest
    main.metadata.addLabel('team', 'a');
    const rendered = Testing.synth(chart).find((o: any) => o.kind === fixture.kind);
    expect(rendered.metadata.labels).toEqual({ team: 'a' });
    expectConformant(chart);
  });

  test('an imported generator is a reference: it owns no object and writes nothing', () => {
    const chart = tenantChart();
    const imported = Generator.fromGeneratorAttributes(chart, 'gen', { kind: 'Password', name: 'pw', outputKeys: ['password'], rotating: false });
    expect(() => ApiObject.of(imported)).toThrow(/cannot find a \(direct or indirect\) child of type ApiObject for construct tenant\/gen/);
    expect(Testing.synth(chart)).toEqual([]);
  });
});
