import { Chart, Testing } from 'cdk8s';
import { FakeStore, clusterStore, templateWith, tenantChart } from './support';
import {
  ClusterExternalSecret, ClusterPushSecret, ExternalSecret, PushSecret, PushSecretSource, SecretStoreProvider, SecretTemplate, TemplateFrom,
  TemplateTarget, TemplateValue,
} from '../../src/external-secrets';
import { b64, expectRefused, githubToken, PASSWORD } from '../literal-credentials';

const ghp = githubToken();
const password = PASSWORD;

/** Every refusal here is the credential scanner's: besides `prop`, its message says the prop holds credentials. */
function expectScannerRefused(fn: () => unknown, prop: RegExp, secret: string): string {
  return expectRefused(fn, prop, /holds (a credential|\d+ credentials)/, secret);
}

describe('template literals refuse credentials', () => {
  test('TemplateValue.literal: a token, a URL password and base64 of a token are refused, naming the factory', () => {
    expectScannerRefused(() => TemplateValue.literal(ghp), /^'TemplateValue\.literal\(text\)' holds a credential: GitHub token/, ghp);
    expectScannerRefused(() => TemplateValue.literal(`postgres://app:${password}@db:5432/app`), /'TemplateValue\.literal\(text\)'.*URL password/, password);
    expectScannerRefused(() => TemplateValue.literal(b64(`token=${ghp}`)), /'TemplateValue\.literal\(text\)'.*after base64 decoding/, ghp);
  });

  test('TemplateValue.raw and TemplateFrom.literal: a credential in the template text is refused', () => {
    expectScannerRefused(() => TemplateValue.raw(`Bearer ${ghp}`), /^'TemplateValue\.raw\(goTemplate\)' holds a credential/, ghp);
    expectScannerRefused(() => TemplateValue.raw(`{"auths":{"ghcr.io":{"auth":"${b64(`bot:${ghp}`)}"}}}`), /'TemplateValue\.raw\(goTemplate\)'/, ghp);
    expectScannerRefused(() => TemplateFrom.literal(`password: ${password}\n`), /^'TemplateFrom\.literal\(template\)' holds a credential: password/, password);
    expectScannerRefused(() => TemplateFrom.literal(`token: ${b64(ghp)}\n`, { target: TemplateTarget.ANNOTATIONS }), /'TemplateFrom\.literal\(template\)'/, ghp);
  });

  test('addData judges the fixed text by the key it fills', () => {
    // a random string is a password only where a password-named key holds it
    expect(() => new SecretTemplate().addData('greeting', TemplateValue.literal(password))).not.toThrow();
    expectScannerRefused(() => new SecretTemplate().addData('password', TemplateValue.literal(password)), /^'addData\("password"\)' holds a credential: password/, password);
    expectScannerRefused(() => new SecretTemplate().addData('DB_PASSWORD', TemplateValue.literal(password)), /'addData\("DB_PASSWORD"\)'/, password);
  });

  test('target labels and annotations: props and addLabel/addAnnotation refuse a credential, naming the key', () => {
    expectScannerRefused(() => new SecretTemplate({ annotations: { 'example.com/auth': `Bearer ${ghp}` } }), /^'annotations\["example\.com\/auth"\]' holds a credential/, ghp);
    expectScannerRefused(() => new SecretTemplate({ labels: { build: ghp } }), /^'labels\["build"\]' holds a credential/, ghp);
    expectScannerRefused(() => new SecretTemplate().addAnnotation('example.com/config', b64(`api_key=${ghp}`)), /^'addAnnotation\["example\.com\/config"\]'.*after base64 decoding/, ghp);
    expectScannerRefused(() => new SecretTemplate().addLabel('token', ghp), /^'addLabel\["token"\]' holds a credential/, ghp);
  });

  test('what people really write in templates passes', () => {
    const chart = tenantChart();
    const template = templateWith({
      'url': TemplateValue.concat(TemplateValue.literal('postgres://app:'), TemplateValue.ref('password'), TemplateValue.literal('@db:5432/app?sslmode=require')),
      'dsn': TemplateValue.raw('postgres://{{ .username }}:{{ .password | urlquery }}@db:5432/app'),
      'password': TemplateValue.raw('{{ .password | b64dec }}'),
      'config.json': TemplateValue.raw('{"user": {{ .username | toJson }}, "password": {{ .password | toJson }}}'),
      'image': TemplateValue.literal('registry.example.com/app@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
      'greeting': TemplateValue.literal(b64('hello, world')),
    }, {
      labels: { 'argocd.argoproj.io/secret-type': 'repository', 'app': 'db' },
      annotations: { 'example.com/owner': 'team-a', 'example.com/uid': '3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'example.com/source': 'secret/data/team-a/db' },
    });
    template.addTemplateFrom(TemplateFrom.literal('app.kubernetes.io/version: {{ .version }}\nteam: payments\n', { target: TemplateTarget.LABELS }));
    template.addLabel('tier', 'backend');
    template.addAnnotation('example.com/rotated', 'weekly');
    const es = new ExternalSecret(chart, 'es', { metadata: { name: 'db' }, store: new FakeStore(chart, 'store'), template });
    ['username', 'password', 'version'].forEach(k => es.addData(k, { key: 'team-a/db', property: k }));
    expect(() => Testing.synth(chart)).not.toThrow();
    // the docker config template builds its JSON from references only
    expect(() => SecretTemplate.dockerConfigJson({ registry: 'ghcr.io', usernameKey: 'user', passwordKey: 'pass' })).not.toThrow();
    expect(() => SecretTemplate.basicAuth({ usernameKey: 'username', passwordKey: 'password' })).not.toThrow();
  });
});

describe('PushSecret and cluster kinds refuse credentials in their literals', () => {
  test('a PushSecret template is the same SecretTemplate: its literals are refused', () => {
    expectScannerRefused(() => new PushSecret(tenantChart(), 'push', {
      source: PushSecretSource.secretName('db'),
      stores: [new FakeStore(tenantChart(), 'store')],
      template: templateWith({ config: TemplateValue.literal(`token: ${ghp}`) }),
    }), /'TemplateValue\.literal\(text\)'/, ghp);
  });

  test('PushSecret metadata: a credential at any depth is refused with its path; tags pass', () => {
    const chart = tenantChart();
    const push = new PushSecret(chart, 'push', { source: PushSecretSource.secretName('db'), stores: [new FakeStore(chart, 'store', { keyPrefix: 'team-a/' })] });
    const metadata = (tags: any) => ({ apiVersion: 'kubernetes.external-secrets.io/v1alpha1', kind: 'PushSecretMetadata', spec: { tags } });
    expectScannerRefused(() => push.addKey('db', { remoteKey: 'team-a/db', metadata: metadata({ owner: 'team-a', apiToken: ghp }) }),
      /^tenant\/push: 'data\["db"\]\.metadata' holds a credential: .* at data\["db"\]\.metadata\.spec\.tags\.apiToken/, ghp);
    expectScannerRefused(() => push.addKey('db2', { remoteKey: 'team-a/db2', metadata: metadata({ note: b64(`password=${password}`) }) }), /'data\["db2"\]\.metadata'.*after base64 decoding/, password);
    expect(() => push.addKey('db3', { remoteKey: 'team-a/db3', metadata: metadata({ 'owner': 'team-a', 'cost-center': '4711' }) })).not.toThrow();
  });

  test('ClusterExternalSecret and ClusterPushSecret child labels and annotations refuse a credential', () => {
    const chart = new Chart(Testing.app(), 'platform');
    expectScannerRefused(() => new ClusterExternalSecret(chart, 'es', {
      store: clusterStore(chart),
      namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
      externalSecretAnnotations: { 'example.com/auth': `token ${ghp}` },
    }), /^platform\/es: 'externalSecretAnnotations\["example\.com\/auth"\]' holds a credential/, ghp);
    const chart2 = new Chart(Testing.app(), 'platform');
    expectScannerRefused(() => new ClusterPushSecret(chart2, 'push', {
      source: PushSecretSource.secretName('ca'),
      stores: [clusterStore(chart2)],
      namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
      pushSecretLabels: { token: ghp },
    }), /^platform\/push: 'pushSecretLabels\["token"\]' holds a credential/, ghp);
    const chart3 = new Chart(Testing.app(), 'platform');
    expect(() => new ClusterExternalSecret(chart3, 'es', {
      store: clusterStore(chart3),
      namespaceSelectors: [{ matchLabels: { tenant: 'true' } }],
      externalSecretLabels: { app: 'registry' },
      externalSecretAnnotations: { 'example.com/owner': 'platform' },
    })).not.toThrow();
  });
});

describe('SecretStoreProvider.custom refuses credentials in its spec', () => {
  test('a webhook provider header, a fake provider value, a URL query token and base64 are refused with their path', () => {
    expectScannerRefused(() => SecretStoreProvider.custom('webhook', {
      url: 'https://secrets.example.com/api/{{ .remoteRef.key }}',
      headers: { 'Content-Type': 'application/json', 'Authorization': `Bearer ${ghp}` },
      result: { jsonPath: '$.value' },
    }), /^'spec' holds a credential: GitHub token .* at spec\.headers\.Authorization/, ghp);
    expectScannerRefused(() => SecretStoreProvider.custom('fake', { data: [{ key: 'db', value: b64(`password=${password}`) }] }), /'spec'.*after base64 decoding at spec\.data\[0\]\.value/, password);
    expectScannerRefused(() => SecretStoreProvider.custom('webhook', { url: `https://secrets.example.com/api?access_token=${ghp}` }), /at spec\.url/, ghp);
    expectScannerRefused(() => SecretStoreProvider.custom('doppler', { auth: { secretRef: { dopplerToken: { name: 'doppler', key: 'token' } } }, token: password }), /at spec\.token/, password);
  });

  test('ordinary provider specs pass: references, templates, names', () => {
    expect(() => SecretStoreProvider.custom('webhook', {
      url: 'https://secrets.example.com/api/{{ .remoteRef.key }}?version={{ .remoteRef.version }}',
      method: 'GET',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer {{ print .auth.token }}' },
      secrets: [{ name: 'auth', secretRef: { name: 'webhook-credentials' } }],
      result: { jsonPath: '$.value' },
    })).not.toThrow();
    expect(() => SecretStoreProvider.custom('doppler', { auth: { secretRef: { dopplerToken: { name: 'doppler-token', key: 'token' } } }, project: 'app', config: 'prd' })).not.toThrow();
    expect(() => SecretStoreProvider.custom('onepassword', { connectHost: 'https://op.example.com', vaults: { prod: 1 }, auth: { secretRef: { connectTokenSecretRef: { name: 'op', key: 'token' } } } })).not.toThrow();
    expect(() => SecretStoreProvider.custom('fake', { data: [{ key: 'greeting', value: 'hello' }, { key: 'id', value: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }] })).not.toThrow();
  });
});
