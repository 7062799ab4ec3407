import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { goodPod, podWith } from './fixtures';
import { ValidationError } from '../../src/common/errors';
import { Compliance, ComplianceLevel, CompliancePack } from '../../src/compliance';
import { expectConformant } from '../conformance/harness';

const VAULT = { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso' } } } } };

/** A namespace with its default-deny policy, a service account and a hardened pod: compliant and conformant. */
function compliantChart(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'team');
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
  new ApiObject(chart, 'deny', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'team' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  new ApiObject(chart, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'team' }, automountServiceAccountToken: false });
  const { apiVersion, kind, metadata, spec } = goodPod();
  new ApiObject(chart, 'pod', { apiVersion, kind, metadata, spec });
  return chart;
}

/** An unscoped ClusterSecretStore: valid against the CRD, but ZT-ESO1 rejects it. */
function unscopedStore(scope: Construct, id = 'store'): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: id }, spec: { provider: VAULT } });
}

/** A scoped ClusterSecretStore and an ExternalSecret reading through it: only the ZT-ESO4 warning. */
function readThroughClusterStore(): Chart {
  const chart = Testing.chart();
  new ApiObject(chart, 'store', {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'shared' },
    spec: { provider: VAULT, conditions: [{ namespaces: ['team'] }] },
  });
  new ApiObject(chart, 'es', {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'db', namespace: 'team' },
    spec: {
      refreshInterval: '1h0m0s',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' },
      target: { name: 'db', creationPolicy: 'Owner' },
      data: [{ secretKey: 'password', remoteRef: { key: 'team/db', property: 'password' } }],
    },
  });
  return chart;
}

describe('CompliancePack.applyTo', () => {
  test('a compliant chart synthesizes', () => {
    const chart = compliantChart();
    CompliancePack.applyTo(chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('fails synth on an error, naming the object path, rule and finding', () => {
    const chart = compliantChart();
    const { apiVersion, kind, metadata, spec } = podWith(c => { c.image = 'nginx:latest'; });
    new ApiObject(chart, 'bad', { apiVersion, kind, metadata, spec });
    CompliancePack.applyTo(chart, { logWarnings: false });
    expect(() => Testing.synth(chart)).toThrow(/ZT-IMG1: image has no tag or the mutable tag latest\n {6}object: Pod team\/bad \[team\/bad\]\n {6}field: {2}container app: image nginx:latest uses the latest tag\n/);
  });

  test('fails synth for Included YAML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-include-'));
    const file = path.join(dir, 'store.yaml');
    fs.writeFileSync(file, 'apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: shared\nspec:\n  provider:\n    fake:\n      data: []\n');
    const chart = Testing.chart();
    new Include(chart, 'upstream', { url: file });
    CompliancePack.applyTo(chart);
    expect(() => Testing.synth(chart)).toThrow(/ZT-ESO1: .*\n {6}object: ClusterSecretStore shared \[test\/upstream\/[^\]]+\]\n[\s\S]*ZT-ESO2: [\s\S]*field: .*spec.provider.fake/);
  });

  test('warnings are reported without failing', () => {
    const chart = readThroughClusterStore();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const pack = CompliancePack.applyTo(chart);
    Testing.synth(chart);
    Testing.synth(chart);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/\[test\/es\] ZT-ESO4: reads or pushes through a ClusterSecretStore: .*scoped by conditions\) \(ExternalSecret team\/db; fix: .*\) \(warning\)/);
    expect(pack.evaluate(chart).warnings.map(f => f.ruleId)).toEqual(['ZT-ESO4']);
    warn.mockRestore();
    expectConformant(chart);
  });

  test('fails on warnings with failOnWarnings', () => {
    const chart = readThroughClusterStore();
    CompliancePack.applyTo(chart, { failOnWarnings: true, logWarnings: false });
    expect(() => Testing.synth(chart)).toThrow(/ZT-ESO4/);
  });

  test('excludeRules skips a rule', () => {
    const chart = Testing.chart();
    unscopedStore(chart);
    CompliancePack.applyTo(chart, { excludeRules: ['ZT-ESO1'] });
    Testing.synth(chart);
    expectConformant(chart);
  });

  test('fails with an unknown rule in excludeRules', () => {
    expect(() => new CompliancePack({ excludeRules: ['ZT-NOPE1'] })).toThrow(/'excludeRules' \(ZT-NOPE1\) names no compliance rule/);
  });

  test('applied to the app, relates objects across charts', () => {
    const app = Testing.app();
    const ns = new Chart(app, 'namespaces');
    new ApiObject(ns, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    const policies = new Chart(app, 'policies');
    new ApiObject(policies, 'deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'team' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    const pack = CompliancePack.applyTo(app);
    expect(pack.evaluate(app).findings).toEqual([]);
    expect(pack.evaluate(ns).findings.map(f => f.ruleId)).toEqual(['ZT-NET2']);
    app.synthYaml();
    expectConformant(app);
  });
});

describe('Compliance.of(...).acknowledge', () => {
  test('acknowledges a finding on the object and keeps it in the report', () => {
    const chart = Testing.chart();
    const store = unscopedStore(chart);
    Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'shared read-only CA bundle store' });
    const pack = CompliancePack.applyTo(chart);
    Testing.synth(chart);
    expectConformant(chart);
    const report = pack.evaluate(chart);
    expect(report.errors).toEqual([]);
    expect(report.acknowledged).toEqual([expect.objectContaining({
      ruleId: 'ZT-ESO1', path: 'test/store', resource: 'ClusterSecretStore store', acknowledgedReason: 'shared read-only CA bundle store',
    })]);
  });

  test('applies to children, not to siblings', () => {
    const chart = Testing.chart();
    const group = new Construct(chart, 'group');
    unscopedStore(group, 'inside');
    unscopedStore(chart, 'outside');
    Compliance.of(group).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns these stores' });
    CompliancePack.applyTo(chart);
    expect(() => Testing.synth(chart)).toThrow(/ZT-ESO1: .*\n {6}object: .*\[test\/outside\]/);
    expect(() => Testing.synth(chart)).not.toThrow(/test\/group\/inside/);
  });

  test('on the app applies everywhere; the nearest reason wins', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const near = unscopedStore(chart, 'near');
    unscopedStore(chart, 'far');
    Compliance.of(app).acknowledge({ id: 'ZT-ESO1', reason: 'app-wide exception for the demo' });
    Compliance.of(near).acknowledge({ id: 'ZT-ESO1', reason: 'this one has its own reason' });
    const report = CompliancePack.applyTo(app).evaluate(app);
    expect(report.acknowledged.map(f => [f.path, f.acknowledgedReason])).toEqual([
      ['c/near', 'this one has its own reason'],
      ['c/far', 'app-wide exception for the demo'],
    ]);
    expect(Compliance.of(near).acknowledgements).toEqual([{ id: 'ZT-ESO1', reason: 'this one has its own reason' }]);
  });

  test('only acknowledges the named rule', () => {
    const chart = Testing.chart();
    const store = unscopedStore(chart);
    Compliance.of(store).acknowledge({ id: 'ZT-ESO2', reason: 'not the rule that fires here' });
    CompliancePack.applyTo(chart);
    expect(() => Testing.synth(chart)).toThrow(/ZT-ESO1/);
  });

  test('writes acknowledged findings into an annotation when asked', () => {
    const chart = Testing.chart();
    const store = unscopedStore(chart);
    Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns this store' });
    CompliancePack.applyTo(chart, { annotateAcknowledgements: true });
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata.annotations).toEqual({ [Compliance.ANNOTATION]: '{"ZT-ESO1":"platform team owns this store"}' });
    expectConformant(chart);
  });

  test('does not annotate by default', () => {
    const chart = Testing.chart();
    const store = unscopedStore(chart);
    Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns this store' });
    CompliancePack.applyTo(chart);
    expect(Testing.synth(chart)[0].metadata.annotations).toBeUndefined();
    expectConformant(chart);
  });

  test('an acknowledgement annotation on plain manifests counts only when trusted', () => {
    const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 's', annotations: { [Compliance.ANNOTATION]: '{"ZT-ESO1":"reviewed by security, ticket 42","ZT-ESO2":"short"}' } }, spec: { provider: { vault: { auth: { tokenSecretRef: { name: 't' } } } } } };
    const untrusted = new CompliancePack().evaluateManifests([store]);
    expect(untrusted.acknowledged).toEqual([]);
    expect(untrusted.errors.map(f => f.ruleId)).toEqual(['ZT-ESO1', 'ZT-ESO2', 'ZT-ACK1']);
    expect(untrusted.errors[2].detail).toBe(`metadata.annotations["${Compliance.ANNOTATION}"] acknowledges ZT-ESO1, ZT-ESO2 (ZT-ESO2: it has 5 visible characters, fewer than 10)`);
    const trusted = new CompliancePack().evaluateManifests([store], { trustAnnotations: true });
    expect(trusted.acknowledged.map(f => f.ruleId)).toEqual(['ZT-ESO1']);
    // the entry whose reason is not a written reason is a finding of its own, and acknowledges nothing
    expect(trusted.errors.map(f => `${f.ruleId} ${f.detail}`)).toEqual(['ZT-ESO2 spec.provider.vault.auth.tokenSecretRef', 'ZT-ACK1 acknowledgement annotation entry ZT-ESO2: it has 5 visible characters, fewer than 10']);
    expect(trusted.acknowledgements).toEqual([{ ruleId: 'ZT-ESO1', reason: 'reviewed by security, ticket 42', source: `annotation ${Compliance.ANNOTATION}`, madeOn: 'ClusterSecretStore s', covers: ['ClusterSecretStore s'] }]);
  });

  test('a trusted annotation cannot acknowledge ZT-ACK1 or unknown rules', () => {
    const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 's', annotations: { [Compliance.ANNOTATION]: '{"ZT-ACK1":"the vendor wrote it, trust it","ZT-NOPE9":"a rule that does not exist"}' } }, spec: { provider: VAULT, conditions: [{ namespaces: ['team'] }] } };
    const report = new CompliancePack().evaluateManifests([store], { trustAnnotations: true });
    expect(report.errors.map(f => f.detail)).toEqual([
      'acknowledgement annotation entry ZT-ACK1: cannot be acknowledged by annotation',
      'acknowledgement annotation entry ZT-NOPE9: names no compliance rule',
    ]);
  });

  test('a malformed acknowledgement annotation acknowledges nothing', () => {
    for (const value of ['not json', '["ZT-ESO1"]']) {
      const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 's', annotations: { [Compliance.ANNOTATION]: value } }, spec: { provider: VAULT } };
      expect(new CompliancePack().evaluateManifests([store], { trustAnnotations: true }).errors.map(f => f.ruleId)).toEqual(['ZT-ESO1', 'ZT-ACK1']);
    }
  });

  test('an annotation written on an object in the App is a finding and acknowledges nothing', () => {
    for (const route of ['metadata', 'patch', 'include'] as const) {
      const chart = Testing.chart();
      const annotation = { [Compliance.ANNOTATION]: '{"ZT-ESO1":"the vendor reviewed this store"}' };
      if (route === 'include') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-ack-'));
        const file = path.join(dir, 'store.yaml');
        fs.writeFileSync(file, `apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: shared\n  annotations:\n    ${Compliance.ANNOTATION}: '{"ZT-ESO1":"the vendor reviewed this store"}'\nspec:\n  provider:\n    vault: { server: 'https://vault.example.com', path: secret, version: v2, auth: { kubernetes: { mountPath: kubernetes, role: eso, serviceAccountRef: { name: eso } } } }\n`);
        new Include(chart, 'vendor', { url: file });
      } else {
        const store = unscopedStore(chart);
        if (route === 'metadata') Object.entries(annotation).forEach(([k, v]) => store.metadata.addAnnotation(k, v));
        else store.addJsonPatch(JsonPatch.add('/metadata/annotations', annotation));
      }
      CompliancePack.applyTo(chart, { annotateAcknowledgements: true });
      expect(() => Testing.synth(chart)).toThrow(/ZT-ESO1: [\s\S]*ZT-ACK1: manifest acknowledges findings in an annotation the pack does not trust\n.*\n {6}field: {2}metadata.annotations\["zero-trust.cdk8s.io\/acknowledged"\] acknowledges ZT-ESO1/);
    }
  });

  test('trustAnnotatedAcknowledgements honours annotations under the named construct paths only', () => {
    const app = Testing.app();
    const vendor = new Chart(app, 'vendor');
    const annotated = (scope: Construct, id: string) => {
      const store = unscopedStore(scope, id);
      store.metadata.addAnnotation(Compliance.ANNOTATION, '{"ZT-ESO1":"the vendor chart scopes it by policy"}');
    };
    annotated(vendor, 'trusted');
    annotated(new Chart(app, 'team'), 'untrusted');
    const report = new CompliancePack({ trustAnnotatedAcknowledgements: ['vendor'] }).evaluate(app);
    expect(report.acknowledged.map(f => f.path)).toEqual(['vendor/trusted']);
    expect(report.errors.map(f => `${f.path} ${f.ruleId}`)).toEqual(['team/untrusted ZT-ESO1', 'team/untrusted ZT-ACK1']);
    expect(report.acknowledgements).toEqual([expect.objectContaining({ ruleId: 'ZT-ESO1', madeOn: 'vendor/trusted', covers: ['ClusterSecretStore trusted'] })]);
  });

  test('trustAnnotatedAcknowledgements entries must be construct paths that exist', () => {
    expect(() => new CompliancePack({ trustAnnotatedAcknowledgements: ['/vendor'] })).toThrow(/'trustAnnotatedAcknowledgements\[0\]' \("\/vendor"\) must be a construct path/);
    const chart = compliantChart();
    expect(() => new CompliancePack({ trustAnnotatedAcknowledgements: ['vendr'] }).evaluate(chart)).toThrow(/entries "vendr" match no object under team; name construct paths such as "team\/ns"/);
  });

  test('the pack\'s own annotations are not findings when it validates again', () => {
    const chart = Testing.chart();
    const store = unscopedStore(chart);
    Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns this store' });
    const pack = CompliancePack.applyTo(chart, { annotateAcknowledgements: true });
    Testing.synth(chart);
    Testing.synth(chart);
    expect(pack.evaluate(chart).errors).toEqual([]);
  });

  test.each([
    ['ten times the same letter', 'xxxxxxxxxx', /it repeats one character/],
    ['zero-width spaces', '\u200b'.repeat(10), /invisible or control character U\+200B/],
    ['Hangul fillers', '\u3164'.repeat(10), /invisible or control character U\+3164/],
    ['a filler inside words', 'platform\u3164team owns it', /U\+3164/],
    ['braille blanks', 'owned by\u2800\u2800\u2800\u2800 the team', /U\+2800/],
    ['one word repeated', 'ok ok ok ok ok', /two different words/],
    ['padding of one letter per word', 'aaaaa bbbbb', /two different words/],
    ['three characters', 'n/a', /fewer than 10/],
    ['spaces', ' '.repeat(12), /fewer than 10/],
  ])('refuses a reason of %s', (_what, reason, problem) => {
    expect(() => Compliance.of(Testing.chart()).acknowledge({ id: 'ZT-ESO1', reason })).toThrow(problem);
  });

  test('fails with a reason shorter than 10 characters', () => {
    expect(() => Compliance.of(Testing.chart()).acknowledge({ id: 'ZT-ESO1', reason: 'because' })).toThrow(/'reason' \("because"\) is not a written reason: it has 7 visible characters, fewer than 10; say in words why ZT-ESO1 is acceptable here/);
  });

  test('fails with an unknown rule id', () => {
    expect(() => Compliance.of(Testing.chart()).acknowledge({ id: 'ZT-FOO9', reason: 'a long enough reason' })).toThrow(/'id' \("ZT-FOO9"\) names no compliance rule; use one of ZT-POD1/);
  });

  test('fails when the rule is already acknowledged on the construct', () => {
    const chart = Testing.chart();
    Compliance.of(chart).acknowledge({ id: 'ZT-ESO1', reason: 'a long enough reason' });
    expect(() => Compliance.of(chart).acknowledge({ id: 'ZT-ESO1', reason: 'another long reason' })).toThrow(/^test: 'id' \(ZT-ESO1\) is already acknowledged on this construct; give one reason per rule$/);
  });

  test('errors are ValidationErrors: with the construct path where a construct is at hand, else without', () => {
    const chart = Testing.chart();
    const acknowledge = () => Compliance.of(chart).acknowledge({ id: 'ZT-ESO1', reason: 'a long enough reason', appliesTo: ['not-a-fingerprint'] });
    expect(acknowledge).toThrow(ValidationError);
    expect(acknowledge).toThrow(/^test: 'appliesTo' \(\["not-a-fingerprint"\]\) must list finding fingerprints/);
    expect(() => Compliance.of(chart).acknowledge({ id: 'ZT-FOO9', reason: 'a long enough reason' })).toThrow(/^test: 'id' \("ZT-FOO9"\)/);
    expect(() => Compliance.of(chart).acknowledge({ id: 'ZT-ESO2', reason: 'why' })).toThrow(/^test: 'reason' \("why"\)/);
    const pack = () => new CompliancePack({ excludeRules: ['ZT-FOO9'] });
    expect(pack).toThrow(ValidationError);
    expect(pack).toThrow(/^'excludeRules' \(ZT-FOO9\) names no compliance rule/);
    const evaluate = () => new CompliancePack({ trustAnnotatedAcknowledgements: ['vendor/eso'] }).evaluate(chart);
    expect(evaluate).toThrow(ValidationError);
    expect(evaluate).toThrow(/^test: 'trustAnnotatedAcknowledgements' entries "vendor\/eso" match no object under test/);
  });
});

describe('ComplianceReport', () => {
  const manifests = [
    { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'shared' }, spec: { provider: VAULT } },
    podWith(c => { c.image = 'registry.example.com/app:1.2.3'; }),
  ];

  test('JSON lists counts and findings', () => {
    expect(new CompliancePack().evaluateManifests(manifests).toJson()).toEqual({
      summary: { errors: 1, warnings: 1, acknowledged: 0 },
      findings: [
        { ruleId: 'ZT-ESO1', level: ComplianceLevel.ERROR, resource: 'ClusterSecretStore shared', message: expect.any(String), detail: expect.stringMatching(/^spec.conditions/), fix: expect.stringMatching(/conditions/) },
        { ruleId: 'ZT-IMG2', level: ComplianceLevel.WARNING, resource: 'Pod team/bad', message: expect.any(String), detail: 'container app: image registry.example.com/app:1.2.3 has no digest', fix: expect.stringMatching(/digest/) },
      ],
      acknowledgements: [],
    });
  });

  test('lists every acknowledgement with what it covers, also when it covers nothing', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const stores = new Construct(chart, 'stores');
    unscopedStore(stores, 'a');
    unscopedStore(stores, 'b');
    Compliance.of(stores).acknowledge({ id: 'ZT-ESO1', reason: 'the platform team scopes these by policy' });
    Compliance.of(chart).acknowledge({ id: 'ZT-POD1', reason: 'no pod here, kept for the audit trail' });
    const report = new CompliancePack().evaluate(app);
    expect(report.acknowledgements).toEqual([
      { ruleId: 'ZT-POD1', reason: 'no pod here, kept for the audit trail', source: 'Compliance.acknowledge', madeOn: 'c', covers: [] },
      { ruleId: 'ZT-ESO1', reason: 'the platform team scopes these by policy', source: 'Compliance.acknowledge', madeOn: 'c/stores', covers: ['ClusterSecretStore a', 'ClusterSecretStore b'] },
    ]);
    expect(report.toText()).toMatch(/ack {5}ZT-ESO1 by Compliance.acknowledge on c\/stores: "the platform team scopes these by policy"; covers ClusterSecretStore a, ClusterSecretStore b\nack {5}ZT-POD1|ack {5}ZT-POD1 .*covers no finding/);
  });

  test('checks the items of kind: List objects, also nested, in the App and in plain manifests', () => {
    const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'listed' }, spec: { provider: VAULT } };
    const list = { apiVersion: 'v1', kind: 'List', metadata: {}, items: [{ apiVersion: 'v1', kind: 'List', items: [store] }, podWith(c => { c.image = 'nginx'; })] };
    const plain = new CompliancePack().evaluateManifests([list]);
    expect(plain.errors.map(f => `${f.ruleId} ${f.resource}`)).toEqual(['ZT-ESO1 ClusterSecretStore listed', 'ZT-IMG1 Pod team/bad']);
    const chart = Testing.chart();
    new ApiObject(chart, 'list', list as any);
    CompliancePack.applyTo(chart, { logWarnings: false });
    expect(() => Testing.synth(chart)).toThrow(/ZT-ESO1: .*\n {6}object: ClusterSecretStore listed \[test\/list\]\n.*\n {6}fix: /);
  });

  test('a failure prints one block per finding (rule, object, field, fix) under one line naming the pack', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    unscopedStore(chart, 'shared');
    unscopedStore(chart, 'other');
    CompliancePack.applyTo(app, { logWarnings: false });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const block = (name: string) => [
      '    ZT-ESO1: ClusterSecretStore is usable from namespaces nobody listed',
      `      object: ClusterSecretStore ${name} [test/${name}]`,
      expect.stringMatching(/^ {6}field: {2}spec.conditions is unset, /),
      expect.stringMatching(/^ {6}fix: {4}scope spec.conditions/),
    ];
    expect(message.split('\n')).toEqual([
      'Validation failed with the following errors:',
      '  [CompliancePack] 2 finding(s) fail synthesis',
      '',
      ...block('shared'),
      '',
      ...block('other'),
      '',
    ]);
    expect(message).not.toMatch(/\[\]/);
  });

  test('a pack applied twice to one scope holds its validation under a second name', () => {
    const chart = Testing.chart();
    unscopedStore(chart, 'shared');
    CompliancePack.applyTo(chart, { logWarnings: false });
    CompliancePack.applyTo(chart, { logWarnings: false, failOnWarnings: true });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/CompliancePack\] 1 finding[\s\S]*\[test\/CompliancePack2\] \d finding/);
  });

  test('a failing warning is marked in its block', () => {
    const chart = readThroughClusterStore();
    CompliancePack.applyTo(chart, { failOnWarnings: true, logWarnings: false });
    expect(() => Testing.synth(chart)).toThrow(/ {4}ZT-ESO4: reads or pushes through a ClusterSecretStore \(warning\)\n {6}object: ExternalSecret team\/db \[test\/es\]/);
  });

  test('text has one line per finding and the counts', () => {
    expect(new CompliancePack().evaluateManifests(manifests).toText()).toMatchSnapshot();
  });

  test('a rule that throws is a finding', () => {
    // a cyclic manifest makes the Secret reader throw; the engine reports it instead of crashing
    const secret: any = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'x' }, data: {} };
    Object.defineProperty(secret.data, 'k', { enumerable: true, get: () => { throw new Error('unreadable'); } });
    const report = new CompliancePack().evaluateManifests([secret]);
    expect(report.errors.map(f => `${f.ruleId} ${f.detail}`)).toContain('ZT-SEC4 rule failed to evaluate: unreadable');
  });

  test('lists every rule', () => {
    expect(CompliancePack.rules.map(r => r.id)).toContain('ZT-RBAC1');
    expect(CompliancePack.rules.length).toBeGreaterThanOrEqual(30);
  });
});
