import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { chart, everyProvider } from './fixtures';
import { expectConformant } from '../conformance/harness';

describe('escape hatches: ApiObject.of(construct) is its main object', () => {
  test.each(['vault', 'aws', 'azure', 'gcp'] as const)('SecretProviderClass (%s): the class itself, patchable', (key) => {
    const c = chart();
    const spc = everyProvider(c)[key];
    const object = ApiObject.of(spc);
    expect([object.kind, object.apiVersion, object.name, object.metadata.namespace]).toEqual(['SecretProviderClass', 'secrets-store.csi.x-k8s.io/v1', spc.name, 'ci-cd']);
    object.addJsonPatch(JsonPatch.add('/spec/parameters/extra', 'value'));
    const manifest = Testing.synth(c).find((m: any) => m.metadata.name === spc.name);
    expect(manifest.spec.parameters.extra).toBe('value');
    expect(manifest.spec.provider).toBe(key);
    expectConformant(c);
  });
});
