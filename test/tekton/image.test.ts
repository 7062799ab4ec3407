import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { expectTektonLintClean } from './tekton-lint';
import { chart, DIGEST, expectValid } from './util';
import { ImageReference, Task } from '../../src/tekton';
import { checkObject } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';

describe('ImageReference', () => {
  test('digest, with and without a tag', () => {
    expect(ImageReference.digest('ghcr.io/org/tool', DIGEST).image).toBe(`ghcr.io/org/tool@${DIGEST}`);
    const tagged = ImageReference.digest('registry.example.com:5000/org/tool', DIGEST, { tag: '1.2.3' });
    expect(tagged.image).toBe(`registry.example.com:5000/org/tool:1.2.3@${DIGEST}`);
    expect(tagged.pinnedByDigest).toBe(true);
    expect(`${tagged}`).toBe(tagged.image);
  });

  test('tag', () => {
    const ref = ImageReference.tag('docker.io/flyway/flyway', '11.3.0');
    expect(ref.image).toBe('docker.io/flyway/flyway:11.3.0');
    expect(ref.pinnedByDigest).toBe(false);
    expect(ref.imageDigest).toBeUndefined();
  });

  test('parse', () => {
    expect(ImageReference.parse('flyway/flyway:11.3.0').imageTag).toBe('11.3.0');
    const withPort = ImageReference.parse(`localhost:5000/tool@${DIGEST}`);
    expect(withPort.repository).toBe('localhost:5000/tool');
    expect(withPort.imageTag).toBeUndefined();
    expect(withPort.imageDigest).toBe(DIGEST);
    expect(ImageReference.parse(`a/b:1@${DIGEST}`).image).toBe(`a/b:1@${DIGEST}`);
  });

  test('fails on latest, in every form', () => {
    expect(() => ImageReference.tag('flyway/flyway', 'latest')).toThrow(/'tag' \("latest"\) of flyway\/flyway is mutable/);
    expect(() => ImageReference.parse('flyway/flyway:latest')).toThrow(/is mutable/);
    expect(() => ImageReference.parse('flyway/flyway:LATEST')).toThrow(/is mutable/);
    expect(() => ImageReference.digest('flyway/flyway', DIGEST, { tag: 'latest' })).toThrow(/is mutable/);
  });

  test('fails on an image without tag or digest', () => {
    expect(() => ImageReference.parse('flyway/flyway')).toThrow(/'image' \("flyway\/flyway"\) has neither tag nor digest/);
    expect(() => ImageReference.parse('localhost:5000/tool')).toThrow(/neither tag nor digest/);
  });

  test('fails on a malformed digest, tag or repository', () => {
    expect(() => ImageReference.digest('a/b', 'sha256:abc')).toThrow(/'digest' \("sha256:abc"\) must be an image digest/);
    expect(() => ImageReference.digest('a/b', `md5:${'a'.repeat(32)}`)).toThrow(/must be an image digest/);
    expect(() => ImageReference.tag('a/b', '-x')).toThrow(/'tag' \("-x"\) of a\/b must be 1 to 128/);
    expect(() => ImageReference.tag('Flyway/Flyway', '1')).toThrow(/'repository' \("Flyway\/Flyway"\) must be a registry and repository/);
    expect(() => ImageReference.tag('$(params.image)', '1')).toThrow(/without tag, digest or substitutions/);
    expect(() => ImageReference.parse('a/b:1:2')).toThrow(/'repository'/);
  });

  test('parse round-trips every reference it builds (property)', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8})?$/);
    const repository = fc.tuple(fc.option(fc.constantFrom('ghcr.io', 'localhost:5000', 'registry.example.com'), { nil: undefined }), fc.array(component, { minLength: 1, maxLength: 3 }))
      .map(([host, parts]) => [host, ...parts].filter(Boolean).join('/'));
    const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/).filter(t => t.toLowerCase() !== 'latest');
    const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map(h => `sha256:${h}`);
    fc.assert(fc.property(repository, fc.option(tag, { nil: undefined }), fc.option(digest, { nil: undefined }), (repo, t, d) => {
      if (t === undefined && d === undefined) {
        expect(() => ImageReference.parse(repo)).toThrow(/neither tag nor digest/);
        return;
      }
      const built = d !== undefined ? ImageReference.digest(repo, d, { tag: t }) : ImageReference.tag(repo, t!);
      const parsed = ImageReference.parse(built.image);
      expect([parsed.repository, parsed.imageTag, parsed.imageDigest]).toEqual([repo, t, d]);
    }));
  });

  test('requireDigest rejects a tag-only image', () => {
    const c = chart();
    expect(() => new Task(c, 'task', {
      requireDigest: true,
      steps: [{ name: 'run', image: ImageReference.tag('docker.io/library/alpine', '3.20'), script: 'true' }],
    })).toThrow(/step 'run' image 'docker.io\/library\/alpine:3.20' is pinned by tag only but this Task sets requireDigest/);
  });

  test('requireDigest accepts digests', () => {
    const c = chart();
    new Task(c, 'task', {
      requireDigest: true,
      steps: [{ name: 'run', image: ImageReference.digest('docker.io/library/alpine', DIGEST), script: 'true' }],
    });
    expectValid(c);
  });

  testWithShared('a tag-only image passes tekton-lint but require-image-checksum flags it', () => {
    const c = chart();
    new Task(c, 'task', { steps: [{ name: 'run', image: ImageReference.tag('docker.io/library/alpine', '3.20'), script: 'true' }] });
    expectTektonLintClean(c);
    const [task] = Testing.synth(c);
    const errors = checkObject(task).findings.filter(f => f.severity === 'error').map(f => f.message);
    expect(errors).toEqual([expect.stringMatching(/^require-image-checksum\//)]);
  });
});
