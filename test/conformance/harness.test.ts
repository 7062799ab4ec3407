import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkObject, errorsOf, manifestsOf } from './harness';
import { describeWithShared } from './shared';

/** The harness must catch each class of problem it claims to check, and pass a clean object. */
describeWithShared('conformance harness', () => {
  const store = (spec: any, apiVersion = 'external-secrets.io/v1') => ({
    apiVersion, kind: 'SecretStore', metadata: { name: 'vault', namespace: 'team-a' }, spec,
  });
  const vault = { provider: { vault: { server: 'https://vault.example.com', auth: { kubernetes: { role: 'r' } } } } };
  const findings = (obj: any) => checkObject(obj).findings.map(f => `${f.severity} [${f.source}] ${f.message}`);

  test('a valid object with required-but-defaulted fields omitted conforms, and its defaults are reported', () => {
    const report = checkObject(store(vault));
    expect(report.findings).toEqual([]);
    // the API server fills in mountPath (required, defaulted) and the KV version
    expect(report.defaulted.spec.provider.vault).toMatchObject({ version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes' } } });
  });

  test('an apiVersion the CRD lists but does not serve', () => {
    expect(findings(store(vault, 'external-secrets.io/v1beta1'))).toEqual([
      'error [api-version] external-secrets.io/v1beta1 SecretStore is not served (served: external-secrets.io/v1)',
    ]);
  });

  test('a served version that is not the storage version is a warning', () => {
    const task = { apiVersion: 'tekton.dev/v1beta1', kind: 'Task', metadata: { name: 't' }, spec: {} };
    expect(findings(task)).toEqual(['warning [api-version] tekton.dev/v1beta1 is served but not the storage version (tekton.dev/v1)']);
  });

  test('unknown fields, schema violations, CEL rules and metadata rules', () => {
    const bad = store({ provider: { vault: { ...vault.provider.vault, version: 'v3', sever: 'typo' } }, retrySettings: { maxRetries: 'x' } });
    bad.metadata.namespace = 'Team_A';
    expect(findings(bad)).toEqual([
      'error [unknown-field] unknown field "spec.provider.vault.sever"',
      expect.stringMatching(/^error \[metadata\] metadata.namespace: Invalid value: "Team_A": a lowercase RFC 1123 label/),
      'error [schema] spec.provider.vault.version: Unsupported value: "v3": supported values: "v1", "v2"',
      'error [schema] spec.retrySettings.maxRetries: Invalid value: "x": spec.retrySettings.maxRetries in body must be of type integer: "string"',
    ]);
    const twoProviders = store({ provider: { ...vault.provider, fake: { data: [] } } });
    expect(findings(twoProviders)).toEqual([
      'error [schema] spec.provider: Too many: 2: must have at most 1 items',
    ]);
  });

  test('a cluster-scoped object carrying a namespace', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', namespace: 'a' } };
    expect(findings(ns)).toEqual(['error [metadata] metadata.namespace: Forbidden: not allowed on this type']);
  });

  test('core kinds go through kubernetes-models', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' }, automountServiceAccountToken: 'no' };
    expect(findings(sa)).toEqual(['error [core] automountServiceAccountToken: must be boolean']);
  });

  test('kinds nobody serves', () => {
    expect(findings({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'error [api-version] unknown kind Widget in example.com/v1: neither a core kind nor defined by a CRD in ../shared/crds',
    ]);
  });

  // charts checked here on purpose fail, so they bypass expectConformant (which records what conforms)
  const chartErrors = (chart: Chart) => errorsOf(manifestsOf(chart).map(m => checkObject(m)));

  test('pods are judged by the Kyverno policies', () => {
    const chart = Testing.chart();
    new kplus.Pod(chart, 'p', { containers: [{ image: 'nginx:latest', securityContext: { ensureNonRoot: false } }] });
    expect(chartErrors(chart)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Pod test-p-\w+: \[kyverno\] disallow-latest-tag\/require-and-validate-image-tag: Using a mutable image tag/),
      expect.stringMatching(/^Pod test-p-\w+: \[kyverno\] require-run-as-nonroot\/run-as-non-root: Running as root is not allowed/),
    ]));
  });

  test('a cdk8s-plus Namespace in a chart with a namespace is caught (cdk8s stamps the namespace on it)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'team-a' });
    new kplus.Namespace(chart, 'ns', { metadata: { name: 'team-a' } });
    expect(chartErrors(chart)).toEqual(['Namespace team-a/team-a: [metadata] metadata.namespace: Forbidden: not allowed on this type']);
  });
});
