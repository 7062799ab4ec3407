import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { LabelSelectorOperator } from '../../src/common';
import { ValidationError } from '../../src/common/errors';
import { ClusterSpiffeId, SpiffeIdTemplate } from '../../src/identity';
import { expectConformant } from '../conformance/harness';

const ARGOCD_NS = { matchLabels: { 'kubernetes.io/metadata.name': 'ztwim-gitops' } };

describe('ClusterSpiffeId', () => {
  test('Argo CD identities with the service-account template (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ignored' });
    new ClusterSpiffeId(chart, 'ArgoCd', {
      metadata: { name: 'argocd' },
      namespaceSelector: ARGOCD_NS,
      podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: LabelSelectorOperator.IN, values: ['argocd-server', 'argocd-application-controller'] }] },
      jwtTtl: Duration.minutes(5),
      ttl: Duration.hours(1),
    });
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(manifests[0].metadata.namespace).toBeUndefined();
    expect(manifests[0].spec.spiffeIDTemplate).toBe('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
    expect(manifests[0].spec.jwtTtl).toBe('5m0s');
    expect(manifests[0].spec.ttl).toBe('1h0m0s');
    expectConformant(chart);
  });

  test('every option rendered (snapshot)', () => {
    const chart = Testing.chart();
    new ClusterSpiffeId(chart, 'Web', {
      spiffeIdTemplate: SpiffeIdTemplate.custom('spiffe://{{ .TrustDomain }}/cluster/{{ .ClusterName }}/app/{{ index .PodMeta.Labels "app" }}'),
      podSelector: { matchLabels: { tier: 'web', app: 'shop' }, matchExpressions: [{ key: 'canary', operator: LabelSelectorOperator.DOES_NOT_EXIST }] },
      dnsNameTemplates: ['{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc'],
      autoPopulateDnsNames: true,
      federatesWith: ['partner.example.org', 'another.example.org'],
      workloadSelectorTemplates: ['k8s:sa:{{ .PodSpec.ServiceAccountName }}'],
      hint: 'web',
      className: 'zero-trust',
      fallback: true,
    });
    const [obj] = Testing.synth(chart);
    expect(obj).toMatchSnapshot();
    expect(Object.keys(obj.spec.podSelector.matchLabels)).toEqual(['app', 'tier']);
    expect(obj.spec.federatesWith).toEqual(['another.example.org', 'partner.example.org']);
    expectConformant(chart);
  });

  test('selecting every pod is an explicit opt-in', () => {
    const chart = Testing.chart();
    new ClusterSpiffeId(chart, 'All', { allowAllPods: 'every workload of this cluster needs an identity' });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.podSelector).toBeUndefined();
    expect(obj.spec.namespaceSelector).toBeUndefined();
    expectConformant(chart);
  });

  test('property: any template whose fixed parts form a SPIFFE ID is accepted', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,10}$/);
    const field = fc.constantFrom('.PodMeta.Namespace', '.PodSpec.ServiceAccountName', '.ClusterName', '.PodMeta.Name');
    const part = fc.oneof(segment, field.map(f => `{{ ${f} }}`));
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), parts => {
      const t = `spiffe://{{ .TrustDomain }}/${parts.join('/')}`;
      return SpiffeIdTemplate.custom(t).template === t;
    }));
  });

  describe('fails', () => {
    test('fails when nothing is selected without allowAllPods', () => {
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X')).toThrow(/issues an identity to every pod on the cluster/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { podSelector: {}, namespaceSelector: { matchLabels: {} } })).toThrow(/allowAllPods/);
    });

    test('fails when allowAllPods contradicts a selector', () => {
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { allowAllPods: 'every workload of this cluster needs an identity', namespaceSelector: ARGOCD_NS })).toThrow(/'allowAllPods' contradicts/);
    });

    test('fails on invalid selectors', () => {
      const c = () => Testing.chart();
      expect(() => new ClusterSpiffeId(c(), 'X', { podSelector: { matchLabels: { 'bad key!': 'x' } } })).toThrow(/podSelector.matchLabels/);
      expect(() => new ClusterSpiffeId(c(), 'X', { podSelector: { matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.IN }] } })).toThrow(/needs at least one value/);
      expect(() => new ClusterSpiffeId(c(), 'X', { podSelector: { matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] } })).toThrow(/must not have values/);
      expect(() => new ClusterSpiffeId(c(), 'X', { namespaceSelector: { matchExpressions: [{ key: '-a', operator: LabelSelectorOperator.NOT_IN, values: ['x'] }] } })).toThrow(/namespaceSelector.matchExpressions\[0\].key/);
    });

    test.each([
      ['', /must not be empty/],
      ['spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }', /unbalanced/],
      ['spiffe://{{ }}/x', /empty \{\{ \}\} action/],
      ['https://{{ .TrustDomain }}/x', /does not yield a valid SPIFFE ID/],
      ['spiffe://{{ .TrustDomain }}/a//b', /does not yield a valid SPIFFE ID/],
      ['spiffe://{{ .TrustDomain }}/a/', /does not yield a valid SPIFFE ID/],
    ])('fails on SPIFFE ID template %j', (template, error) => {
      expect(() => SpiffeIdTemplate.custom(template)).toThrow(error);
    });

    test('fails on invalid DNS name and workload selector templates', () => {
      const base = { namespaceSelector: ARGOCD_NS };
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, dnsNameTemplates: ['{{ .PodMeta.Name }}_x'] })).toThrow(/must yield a DNS name/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, dnsNameTemplates: ['{{ .PodMeta.Name }'] })).toThrow(/unbalanced/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, workloadSelectorTemplates: ['novalue'] })).toThrow(/"<type>:<value>"/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, dnsNameTemplates: ['a.svc', 'a.svc'] })).toThrow(/lists "a.svc" twice/);
    });

    test('fails on invalid federated trust domains, empty hint or className, bad TTLs', () => {
      const base = { namespaceSelector: ARGOCD_NS };
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, federatesWith: ['Partner.org'] })).toThrow(/'federatesWith\[0\]'/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, hint: '' })).toThrow(/'hint' must not be empty/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, className: '' })).toThrow(/'className' must not be empty/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, ttl: Duration.seconds(0) })).toThrow(/'ttl'/);
      expect(() => new ClusterSpiffeId(Testing.chart(), 'X', { ...base, jwtTtl: Duration.millis(1.5) })).toThrow(/'jwtTtl'/);
    });
  });
  test('errors are ValidationErrors that start with the construct path; SpiffeIdTemplate throws them without a path', () => {
    const attempt = () => new ClusterSpiffeId(Testing.chart(), 'Everything', {});
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^test\/Everything: 'podSelector' and 'namespaceSelector' are both empty/);
    expect(() => SpiffeIdTemplate.custom('')).toThrow(ValidationError);
    expect(() => SpiffeIdTemplate.custom('')).toThrow(/^'spiffeIdTemplate' must not be empty/);
  });
});
