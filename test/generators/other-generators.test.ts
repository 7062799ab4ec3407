import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf, tenantChart } from './support';
import { CaProvider, DataFromSource, ExternalSecret } from '../../src/external-secrets';
import { BeyondtrustWorkloadCredentials, BeyondtrustWorkloadCredentialsOptions, WebhookGenerator, WebhookGeneratorOptions } from '../../src/generators';

describe('WebhookGenerator', () => {
  function options(chart: any, overrides: Partial<WebhookGeneratorOptions> = {}): WebhookGeneratorOptions {
    return {
      url: 'https://tokens.example.com/issue?team={{ .team }}',
      method: 'post',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer {{ .auth.token }}' },
      body: '{"audience": "app"}',
      resultJsonPath: '$.token',
      secrets: [{ name: 'auth', secret: { secret: kplus.Secret.fromSecretName(chart, 'issuer', 'issuer-token'), key: 'token' } }],
      timeout: Duration.seconds(10),
      maxLifetime: Duration.minutes(20),
      ...overrides,
    };
  }

  test('renders the request, sorted headers and secret references', () => {
    const chart = tenantChart();
    const hook = new WebhookGenerator(chart, 'hook', { metadata: { name: 'issuer' }, ...options(chart) });
    new ExternalSecret(chart, 'es', { metadata: { name: 'token' } }).addDataFrom(DataFromSource.generator(hook));
    expectGoodChart(chart);
    expect(objectOf(chart, 'Webhook').spec).toEqual({
      url: 'https://tokens.example.com/issue?team={{ .team }}',
      method: 'POST',
      headers: { 'Authorization': 'Bearer {{ .auth.token }}', 'Content-Type': 'application/json' },
      body: '{"audience": "app"}',
      timeout: '10s',
      result: { jsonPath: '$.token' },
      secrets: [{ name: 'auth', secretRef: { name: 'issuer-token', key: 'token' } }],
    });
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('10m0s');
  });

  test('a value webhook is fetched once; CA from a ConfigMap', () => {
    const chart = tenantChart();
    const hook = new WebhookGenerator(chart, 'hook', {
      metadata: { name: 'id' },
      url: 'https://ids.example.com/new',
      rotating: false,
      caProvider: CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'kube-root-ca.crt'), 'ca.crt'),
    });
    new ExternalSecret(chart, 'es', { metadata: { name: 'id' } }).addDataFrom(DataFromSource.generator(hook));
    expectGoodChart(chart);
    expect(objectOf(chart, 'Webhook').spec).toEqual({ url: 'https://ids.example.com/new', result: {}, caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } });
    expect(objectOf(chart, 'ExternalSecret').spec.refreshPolicy).toBe('CreatedOnce');
  });

  test.each([
    [{ url: 'ftp://x' }, /'url' \("ftp:\/\/x"\) must start with https:\/\/<host>/],
    [{ url: 'http://tokens.example.com' }, /'acknowledgePlainHttp' is required/],
    [{ url: 'https://user:pw@tokens.example.com' }, /must not embed credentials/],
    [{ url: 'https://tokens.example.com/{{ .x' }, /url/],
    [{ method: 'TRACE' }, /'method' \("TRACE"\) must be one of GET, POST, PUT, PATCH/],
    [{ resultJsonPath: 'token' }, /'resultJsonPath' \("token"\) must be a JSONPath starting with '\$'/],
    [{ secrets: [] as any[], timeout: Duration.millis(10) }, /'timeout' \(10ms\) must be at least 1s/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new WebhookGenerator(chart, 'hook', options(chart, overrides))).toThrow(error);
  });

  test('fails on duplicate or bad secret names', () => {
    const chart = tenantChart();
    const secret = { secret: kplus.Secret.fromSecretName(chart, 's', 'issuer-token'), key: 'token' };
    expect(() => new WebhookGenerator(chart, 'a', options(chart, { secrets: [{ name: 'a', secret }, { name: 'a', secret }] }))).toThrow(/'secrets' names "a" twice/);
    expect(() => new WebhookGenerator(tenantChart(), 'b', options(tenantChart(), { secrets: [{ name: 'a-b', secret }] }))).toThrow(/'secrets.name' \("a-b"\) must be a template identifier/);
  });
});

describe('BeyondtrustWorkloadCredentials', () => {
  function options(chart: any, overrides: Partial<BeyondtrustWorkloadCredentialsOptions> = {}): BeyondtrustWorkloadCredentialsOptions {
    return {
      apiUrl: 'https://bt.example.com/api',
      siteId: 'site-1',
      acknowledgeStaticCredentials: 'BeyondTrust only offers API keys',
      apiKey: { secret: kplus.Secret.fromSecretName(chart, 'key', 'bt-api'), key: 'apikey' },
      maxLifetime: Duration.hours(1),
      ...overrides,
    };
  }

  test('renders the provider with the API key reference', () => {
    const chart = tenantChart();
    const gen = new BeyondtrustWorkloadCredentials(chart, 'bt', { metadata: { name: 'bt' }, ...options(chart, { folderPath: 'apps/db', outputKeys: ['username', 'password'] }) });
    new ExternalSecret(chart, 'es', { metadata: { name: 'db' } }).addDataFrom(DataFromSource.generator(gen));
    expectGoodChart(chart);
    expect(objectOf(chart, 'BeyondtrustWorkloadCredentialsDynamicSecret').spec).toEqual({
      provider: { server: { apiUrl: 'https://bt.example.com/api', siteId: 'site-1' }, auth: { apikey: { token: { name: 'bt-api', key: 'apikey' } } }, folderPath: 'apps/db' },
    });
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('30m0s');
    expect(gen.outputKeys).toEqual(['username', 'password']);
  });

  test.each([
    [{ acknowledgeStaticCredentials: 'none' }, /'acknowledgeStaticCredentials' \("none"\) is not a written reason/],
    [{ siteId: '' }, /'siteId' must not be empty/],
    [{ apiUrl: 'http://bt.example.com' }, /'apiUrl' .* must use https/],
    [{ outputKeys: ['a/b'] }, /'outputKeys' \("a\/b"\) must be a Secret key/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new BeyondtrustWorkloadCredentials(chart, 'bt', options(chart, overrides))).toThrow(error);
  });
});
