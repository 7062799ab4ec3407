import { expectConformant } from './conformance/harness';
import { committedOutput, exampleNames, objectsOf, synthExample } from '../examples/examples';

/** Every example synthesizes, its committed dist/ equals a fresh synth, and all its objects conform. */
describe.each(exampleNames())('example %s', name => {
  const fresh = synthExample(name);

  test('committed output equals a fresh synth (run `npx projen examples` after a change)', () => {
    expect([...committedOutput(name)]).toEqual([...fresh]);
  });

  test('synthesizes at least one object, and every object conforms', () => {
    const objects = objectsOf(fresh);
    expect(objects.length).toBeGreaterThan(0);
    expectConformant(objects);
  });
});
