import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { committedOutput, EXAMPLES_DIR, exampleNames, objectsOf, synthExample } from '../../examples/examples';
import * as library from '../../src';
import { Compliance, CompliancePack, IValidationContext, ValidationViolation } from '../../src/compliance';
import { expectConformant } from '../conformance/harness';

/**
 * examples/compliance-plugin: its cdk8s.yaml names a validation plugin that cdk8s-cli can load from this package,
 * and the plugin, run the way cdk8s-cli runs it on the synthesized YAML, passes it.
 */
const EXAMPLE = 'compliance-plugin';
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
const CONFIG = YAML.parse(fs.readFileSync(path.join(EXAMPLES_DIR, EXAMPLE, 'cdk8s.yaml'), 'utf8'));
const VALIDATION = CONFIG.validations[0];

/** What cdk8s-cli's ValidationContext gives a plugin, recording what the plugin reports. */
function fakeContext(manifests: string[]) {
  const violations: ValidationViolation[] = [];
  const logs: string[] = [];
  let status: string | undefined;
  const context: IValidationContext = {
    manifests,
    report: {
      addViolation: v => {
        if (status !== undefined) throw new Error('Violations cannot be added to report after its submitted');
        violations.push(v);
      },
      submit: s => { status = s; },
    },
    logger: { log: m => logs.push(m) },
  };
  return { context, violations, logs, status: () => status };
}

/** cdk8s-cli's plugin loading: the named export of the package, instantiated with the `properties`. */
function loadPlugin(): { validate(context: IValidationContext): Promise<void> } {
  const clazz = (library as any)[VALIDATION.class];
  return new clazz(VALIDATION.properties ?? {});
}

function writeFiles(files: Map<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-plugin-example-'));
  return [...files].map(([name, text]) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
}

const files = synthExample(EXAMPLE);

test('cdk8s.yaml names an exported validation class of this package, at its version', () => {
  expect(CONFIG.validations).toHaveLength(1);
  // the installed copy, by a ./ path: cdk8s-cli loads it as is, where a bare name would be fetched from the registry
  expect(VALIDATION.package).toBe(`./node_modules/${PACKAGE_JSON.name}`);
  expect(VALIDATION.version).toBe(PACKAGE_JSON.version);
  expect(typeof (library as any)[VALIDATION.class]).toBe('function');
  expect(typeof loadPlugin().validate).toBe('function');
});

test('the plugin passes the synthesized example, honouring the acknowledged finding', async () => {
  expectConformant(objectsOf(files));
  const { context, violations, logs, status } = fakeContext(writeFiles(files));
  await loadPlugin().validate(context);
  expect(violations).toEqual([]);
  expect(status()).toBe('success');
  expect(logs).toEqual(['cdk8s-zero-trust compliance: 0 unacknowledged finding(s) in 1 manifest file(s)']);
});

test('the acknowledgement is what keeps the plugin quiet: without it ZT-SA2 fails the report', async () => {
  const stripped = new Map([...files].map(([name, text]) => [name, YAML.parseAllDocuments(text).map(doc => {
    const manifest = doc.toJS();
    if (manifest.metadata?.annotations) delete manifest.metadata.annotations[Compliance.ANNOTATION];
    return YAML.stringify(manifest);
  }).join('---\n')]));
  const { context, violations, status } = fakeContext(writeFiles(stripped));
  await loadPlugin().validate(context);
  expect(status()).toBe('failure');
  expect(violations).toEqual([{
    ruleName: 'ZT-SA2',
    recommendation: 'pod mounts a service account token it did not ask for',
    fix: expect.stringMatching(/^set automountServiceAccountToken: false on the pod or its ServiceAccount\. /),
    violatingResources: [{
      resourceName: 'reporter',
      manifestPath: context.manifests[0],
      locations: ['Deployment team-a/reporter: automountServiceAccountToken is true'],
    }],
  }]);
});

test('without trusting annotations the plugin reports the annotation itself (ZT-ACK1) and the finding', async () => {
  const { context, violations, status } = fakeContext(writeFiles(files));
  await new (library as any)[VALIDATION.class]({ ...VALIDATION.properties, trustAnnotatedAcknowledgements: false }).validate(context);
  expect(status()).toBe('failure');
  expect(violations.map((v: ValidationViolation) => v.ruleName)).toEqual(['ZT-SA2', 'ZT-ACK1']);
});

/**
 * The plugin sees the App's output as files, the App's pack sees it whole; both must judge the same objects the
 * same way. Each example's committed output, several files for most, gives the same unacknowledged findings to
 * the plugin as to the pack over all its objects at once (a plugin that checked file by file would miss a store's
 * ExternalSecrets in another chart, or a Namespace's default-deny policy).
 */
describe.each(exampleNames())('%s: the plugin finds what the pack finds over the whole output', name => {
  test('same unacknowledged findings', async () => {
    const output = new Map([...committedOutput(name)].filter(([file]) => file.endsWith('.yaml') && path.posix.basename(file) !== 'kustomization.yaml'));
    const { context, violations } = fakeContext(writeFiles(output));
    await new (library as any)[VALIDATION.class]({ trustAnnotatedAcknowledgements: true }).validate(context);
    const byPlugin = violations.flatMap(v => v.violatingResources.flatMap(r => r.locations!.map(l => `${v.ruleName.replace(/ \(warning\)$/, '')} ${l}`)));
    const byPack = new CompliancePack().evaluateManifests(objectsOf(output), { trustAnnotations: true }).findings
      .filter(f => f.acknowledgedReason === undefined).map(f => `${f.ruleId} ${f.resource}: ${f.detail}`);
    expect(byPlugin.sort()).toEqual(byPack.sort());
    expect(output.size).toBeGreaterThan(0);
  });
});
