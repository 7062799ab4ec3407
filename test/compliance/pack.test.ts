import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { goodPod, podWith } from './fixtures';
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
    expect(() => Testing.synth(chart)).toThrow(/\[team\/bad\] ZT-IMG1: image has no tag or the mutable tag latest: container app: image nginx:latest uses the latest tag/);
  });

  test('fails synth for Included YAML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-include-'));
    const file = path.join(dir, 'store.yaml');
    fs.writeFileSync(file, 'apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: shared\nspec:\n  provider:\n    fake:\n      data: []\n');
    const chart = Testing.chart();
    new Include(chart, 'upstream', { url: file });
    CompliancePack.applyTo(chart);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/upstream\/[^\]]+\] ZT-ESO1: .*\n.*ZT-ESO2: .*spec.provider.fake/);
  });

  test('warnings are reported without failing', () => {
    const chart = readThroughClusterStore();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const pack = CompliancePack.applyTo(chart);
    Testing.synth(chart);
    Testing.synth(chart);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/\[test\/es\] ZT-ESO4: reads or pushes through a ClusterSecretStore: .*scoped by conditions\) \(warning\)/);
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
    expect(() => Testing.synth(chart)).toThrow(/\[test\/outside\] ZT-ESO1/);
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

  test('an acknowledgement annotation on raw YAML counts', () => {
    const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 's', annotations: { [Compliance.ANNOTATION]: '{"ZT-ESO1":"reviewed by security, ticket 42","ZT-ESO2":"short"}' } }, spec: { provider: { vault: { auth: { tokenSecretRef: { name: 't' } } } } } };
    const report = new CompliancePack().evaluateManifests([store]);
    expect(report.acknowledged.map(f => f.ruleId)).toEqual(['ZT-ESO1']);
    expect(report.errors.map(f => f.ruleId)).toEqual(['ZT-ESO2']);
  });

  test('a malformed acknowledgement annotation acknowledges nothing', () => {
    for (const value of ['not json', '["ZT-ESO1"]']) {
      const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 's', annotations: { [Compliance.ANNOTATION]: value } }, spec: { provider: VAULT } };
      expect(new CompliancePack().evaluateManifests([store]).errors.map(f => f.ruleId)).toEqual(['ZT-ESO1']);
    }
  });

  test('fails with a reason shorter than 10 characters', () => {
    expect(() => Compliance.of(Testing.chart()).acknowledge({ id: 'ZT-ESO1', reason: 'because' })).toThrow(/'reason' \("because"\) must be at least 10 characters/);
  });

  test('fails with an unknown rule id', () => {
    expect(() => Compliance.of(Testing.chart()).acknowledge({ id: 'ZT-FOO9', reason: 'a long enough reason' })).toThrow(/'id' \("ZT-FOO9"\) names no compliance rule; use one of ZT-POD1/);
  });

  test('fails when the rule is already acknowledged on the construct', () => {
    const chart = Testing.chart();
    Compliance.of(chart).acknowledge({ id: 'ZT-ESO1', reason: 'a long enough reason' });
    expect(() => Compliance.of(chart).acknowledge({ id: 'ZT-ESO1', reason: 'another long reason' })).toThrow(/'id' \(ZT-ESO1\) is already acknowledged on test/);
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
        { ruleId: 'ZT-ESO1', level: ComplianceLevel.ERROR, resource: 'ClusterSecretStore shared', message: expect.any(String), detail: 'spec.conditions does not select namespaces on every entry' },
        { ruleId: 'ZT-IMG2', level: ComplianceLevel.WARNING, resource: 'Pod team/bad', message: expect.any(String), detail: 'container app: image registry.example.com/app:1.2.3 has no digest' },
      ],
    });
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
