import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { FakeStore, templateWith, tenantChart } from './support';
import { ValidationError } from '../../src/common/errors';
import {
  DataFromSource, ExternalSecret, Rewrite, SecretTemplate, SecretType, TemplateFrom, TemplateMergePolicy, TemplateScope, TemplateTarget,
  TemplateValue,
} from '../../src/external-secrets';
import { parseGoTemplate, TEMPLATE_FUNCTIONS } from '../../src/external-secrets/template-parser';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

function build(template: SecretTemplate, keys: string[], secretType?: SecretType) {
  const chart = tenantChart();
  const es = new ExternalSecret(chart, 'es', { metadata: { name: 'es' }, store: new FakeStore(chart, 'store'), template, secretType });
  keys.forEach(k => es.addData(k, { key: 'team-a/app', property: k }));
  return { chart, es };
}

function templateOf(chart: any): any {
  return Testing.synth(chart)[0].spec.target.template;
}

describe('SecretTemplate', () => {
  test('renders typed references with index so dashed and dotted keys work', () => {
    const template = templateWith({
      url: TemplateValue.concat(TemplateValue.literal('postgres://'), TemplateValue.ref('db-user'), TemplateValue.literal('@'), TemplateValue.ref('db.host')),
      literal: TemplateValue.literal('a {{ b'),
      brace: TemplateValue.concat(TemplateValue.literal('{'), TemplateValue.ref('team'), TemplateValue.literal('}')),
      json: TemplateValue.raw('{{ .password | toJson }}'),
    }, { labels: { 'argocd.argoproj.io/secret-type': 'repository' }, annotations: { 'example.com/owner': 'team-a' } });
    template.addTemplateFrom(TemplateFrom.configMap('templates', [{ key: 'config.yaml' }, { key: 'extra', templateAs: TemplateScope.KEYS_AND_VALUES }]));
    template.addTemplateFrom(TemplateFrom.secret('label-templates', [{ key: 'labels' }], { target: TemplateTarget.LABELS }));
    template.addTemplateFrom(TemplateFrom.literal('team: {{ .team }}', { target: TemplateTarget.ANNOTATIONS }));
    template.addLabel('app', 'db');
    template.addAnnotation('example.com/rotated', 'weekly');
    const { chart } = build(template, ['db-user', 'db.host', 'password', 'team']);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(templateOf(chart)).toEqual({
      engineVersion: 'v2',
      mergePolicy: 'Replace',
      metadata: {
        labels: { 'app': 'db', 'argocd.argoproj.io/secret-type': 'repository' },
        annotations: { 'example.com/owner': 'team-a', 'example.com/rotated': 'weekly' },
      },
      data: {
        brace: '{{ "{" }}{{ index . "team" }}}',
        json: '{{ .password | toJson }}',
        literal: 'a {{ "{{" }} b',
        url: 'postgres://{{ index . "db-user" }}@{{ index . "db.host" }}',
      },
      templateFrom: [
        { configMap: { name: 'templates', items: [{ key: 'config.yaml', templateAs: 'Values' }, { key: 'extra', templateAs: 'KeysAndValues' }] }, target: 'Data' },
        { secret: { name: 'label-templates', items: [{ key: 'labels', templateAs: 'Values' }] }, target: 'Labels' },
        { literal: 'team: {{ .team }}', target: 'Annotations' },
      ],
    });
    const obj = Testing.synth(chart)[0];
    expectDefaultsEmitted(obj);
    expectConformant(chart);
  });

  test('always emits template metadata, even without data', () => {
    const { chart } = build(new SecretTemplate({ mergePolicy: TemplateMergePolicy.MERGE }), ['a']);
    expect(templateOf(chart)).toEqual({ engineVersion: 'v2', mergePolicy: 'Merge', metadata: { labels: {}, annotations: {} } });
    expectConformant(chart);
  });

  test('builds dockerconfigjson, TLS and basic-auth Secrets', () => {
    const docker = build(SecretTemplate.dockerConfigJson({ registry: 'ghcr.io', usernameKey: 'user', passwordKey: 'registry-token' }), ['user', 'registry-token']);
    const dockerTemplate = templateOf(docker.chart);
    expect(dockerTemplate.type).toBe('kubernetes.io/dockerconfigjson');
    expect(dockerTemplate.data['.dockerconfigjson']).toBe(
      '{"auths":{"ghcr.io":{"username":{{ (index . "user") | toJson }},"password":{{ (index . "registry-token") | toJson }},'
      + '"auth":{{ printf "%s:%s" (index . "user") (index . "registry-token") | b64enc | toJson }}}}}');
    expectConformant(docker.chart);

    const tls = build(SecretTemplate.tls({ certificateKey: 'cert-pem', privateKeyKey: 'key-pem' }, { type: SecretType.TLS }), ['cert-pem', 'key-pem']);
    expect(templateOf(tls.chart)).toMatchObject({ type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ index . "cert-pem" }}', 'tls.key': '{{ index . "key-pem" }}' } });
    expectConformant(tls.chart);

    const basic = build(SecretTemplate.basicAuth({ usernameKey: 'u', passwordKey: 'p' }), ['u', 'p'], SecretType.BASIC_AUTH);
    expect(templateOf(basic.chart)).toMatchObject({ type: 'kubernetes.io/basic-auth', data: { username: '{{ index . "u" }}', password: '{{ index . "p" }}' } });
    expectConformant(basic.chart);
  });

  test('skips the key check when dataFrom makes the key set unknown', () => {
    const chart = tenantChart();
    new ExternalSecret(chart, 'es', { store: new FakeStore(chart, 'store'), template: templateWith({ x: TemplateValue.ref('anything') }) })
      .addDataFrom(DataFromSource.extract({ key: 'team-a/app' }));
    expect(templateOf(chart).data).toEqual({ x: '{{ index . "anything" }}' });
    expectConformant(chart);
  });

  test('accepts control structures, variables, comments and ESO functions', () => {
    const source = '{{- /* config */ -}}{{ $u := index . "db-user" }}{{ if .enabled }}{{ range $k, $v := .items }}{{ $k }}={{ $v | quote }}{{ end }}{{ else }}off{{ end }}'
      + '{{ with .cert }}{{ . | filterPEM "CERTIFICATE" }}{{ $.password }}{{ end }}{{ pkcs12key .p12 }}{{ `raw` | upper }}{{ printf "%d" 3 }}';
    expect(parseGoTemplate('t', source)).toEqual({
      keys: ['db-user', 'enabled', 'items', 'cert', 'password', 'p12'],
      functions: ['index', 'quote', 'filterPEM', 'pkcs12key', 'upper', 'printf'],
    });
  });

  test('reads escaped string literals as keys', () => {
    expect(parseGoTemplate('t', '{{ index . "a\\n\\t\\r\\"b" }}{{ index $ "c" }}{{ printf "%s\\x" .d }}').keys).toEqual(['a\n\t\r"b', 'c', 'd']);
  });

  test('does not read fields of values or of a rebound dot as root keys', () => {
    expect(parseGoTemplate('t', '{{ (index . "cfg").host }}{{ if .a }}{{ else with .b }}{{ .inner }}{{ end }}{{ .after }}').keys)
      .toEqual(['cfg', 'a', 'b', 'after']);
  });

  test('fails on an unknown key reference naming the key', () => {
    const { chart } = build(templateWith({ url: TemplateValue.ref('db-hots') }), ['db-host']);
    expect(() => Testing.synth(chart)).toThrow(/template data 'url' references key\(s\) 'db-hots' that no data entry provides \(known: 'db-host'\)/);
    // rendered for the ExternalSecret: the error names it (cdk8s wraps errors thrown at synthesis)
    expect(() => Testing.synth(chart)).toThrow(/ValidationError: tenant\/es: template data 'url'/);
    const raw = build(templateWith({ x: TemplateValue.raw('{{ .missing }}') }), ['a']);
    expect(() => Testing.synth(raw.chart)).toThrow(/references key\(s\) 'missing'/);
  });

  test('fails on an unknown function naming it', () => {
    const { chart } = build(templateWith({ x: TemplateValue.raw('{{ .a | env }}') }), ['a']);
    expect(() => Testing.synth(chart)).toThrow(/template data 'x': unknown function 'env'/);
    expect(() => parseGoTemplate('t', '{{ lookup "v1" "Secret" }}')).toThrow(/unknown function 'lookup'/);
  });

  test('fails on malformed templates', () => {
    expect(() => parseGoTemplate('t', '{{ .a ')).toThrow(/t: unclosed action at offset 0/);
    expect(() => parseGoTemplate('t', '{{ if .a }}x')).toThrow(/1 block\(s\) not closed/);
    expect(() => parseGoTemplate('t', '{{ end }}')).toThrow(/closes no block/);
    expect(() => parseGoTemplate('t', '{{ }}')).toThrow(/empty action/);
    expect(() => parseGoTemplate('t', '{{ "abc }}')).toThrow(/unterminated string/);
    expect(() => parseGoTemplate('t', '{{ `abc }}')).toThrow(/unterminated raw string/);
    expect(() => parseGoTemplate('t', '{{ .a # }}')).toThrow(/unexpected character '#'/);
    expect(() => parseGoTemplate('t', '{{/* x }}')).toThrow(/unterminated comment/);
  });

  test('fails on invalid keys, duplicate keys, labels and items', () => {
    expect(() => TemplateValue.ref('bad key')).toThrow(/'template key reference' \("bad key"\)/);
    const template = templateWith({ a: TemplateValue.literal('x') });
    expect(() => template.addData('a', TemplateValue.literal('y'))).toThrow(ValidationError);
    expect(() => template.addData('a', TemplateValue.literal('y'))).toThrow(/^template data key 'a' is already set/);
    expect(() => template.addData('no/slash', TemplateValue.literal('y'))).toThrow(/'template data key'/);
    expect(() => new SecretTemplate({ labels: { 'bad key': 'x' } })).toThrow(/template labels/);
    expect(() => template.addLabel('ok', 'bad value!')).toThrow(/template labels/);
    expect(() => new SecretTemplate({ labels: { 'app.kubernetes.io/instance': 'x' } })).toThrow(/'template metadata' must not carry Argo CD's tracking label 'app.kubernetes.io\/instance'/);
    expect(() => template.addAnnotation('argocd.argoproj.io/tracking-id', 'x')).toThrow(/tracking annotation 'argocd.argoproj.io\/tracking-id'/);
    expect(() => template.addLabel('argocd.argoproj.io/instance', 'x')).toThrow(/tracking label/);
    expect(() => TemplateFrom.literal('{{ .a | nope }}')).toThrow(/templateFrom literal: unknown function 'nope'/);
    expect(() => Rewrite.transform('{{ .value | shout }}')).toThrow(/rewrite template: unknown function 'shout'/);
    expect(() => TemplateFrom.configMap('c', [])).toThrow(/templateFrom 'items' must name at least one key/);
    expect(() => SecretTemplate.dockerConfigJson({ registry: 'https://x y', usernameKey: 'u', passwordKey: 'p' })).toThrow(/'registry'/);
    expect(() => SecretTemplate.tls({ certificateKey: 'c', privateKeyKey: 'k' }, { type: SecretType.OPAQUE })).toThrow(/'type' \(Opaque\) conflicts with this template/);
  });

  test('property: any allowed secret key renders to a template referencing exactly that key', () => {
    const keyArb = fc.stringMatching(/^[-._a-zA-Z0-9]{1,60}$/).filter(k => k !== '.' && !k.startsWith('..'));
    fc.assert(fc.property(keyArb, key => {
      const parsed = parseGoTemplate('t', TemplateValue.ref(key).template);
      expect(parsed).toEqual({ keys: [key], functions: ['index'] });
    }));
  });

  test('property: literals never introduce key references or functions', () => {
    fc.assert(fc.property(fc.string(), text => {
      const parsed = parseGoTemplate('t', TemplateValue.literal(text.replace(/}}/g, '} }')).template);
      expect(parsed.keys).toEqual([]);
      expect(parsed.functions).toEqual([]);
    }));
  });

  test('property: concatenations reference exactly their keys, in order', () => {
    const keyArb = fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/).filter(k => k !== '.' && !k.startsWith('..'));
    fc.assert(fc.property(fc.uniqueArray(keyArb, { minLength: 1, maxLength: 5 }), fc.string({ maxLength: 10 }), (keys, sep) => {
      const parts = keys.flatMap(k => [TemplateValue.ref(k), TemplateValue.literal(sep.replace(/}}/g, ''))]);
      expect(parseGoTemplate('t', TemplateValue.concat(...parts).template).keys).toEqual(keys);
    }));
  });

  test('knows the ESO and sprig functions but not env', () => {
    for (const f of ['pkcs12key', 'filterPEM', 'toJson', 'toYaml', 'b64enc', 'index', 'htpasswd']) expect(TEMPLATE_FUNCTIONS.has(f)).toBe(true);
    for (const f of ['env', 'expandenv', 'lookup', 'include']) expect(TEMPLATE_FUNCTIONS.has(f)).toBe(false);
  });
});
