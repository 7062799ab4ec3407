import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { tenantChart } from './support';
import { ReferentServiceAccount, VaultAuth } from '../../src/external-secrets';
import { FakeGenerator, SshKey, VaultDynamicSecret, VaultDynamicSecretOptions, WebhookGenerator, WebhookGeneratorOptions } from '../../src/generators';
import { b64, errorOf, expectRefused, githubToken, PASSWORD } from '../literal-credentials';

const ghp = githubToken();
const password = PASSWORD;

describe('WebhookGenerator refuses credentials in its literals', () => {
  const webhook = (overrides: Partial<WebhookGeneratorOptions>): WebhookGeneratorOptions => ({ url: 'https://tokens.example.com/issue', ...overrides });

  test('headers: a bearer token, an API key under its header name and base64 basic auth are refused, naming the header', () => {
    expectRefused(() => WebhookGenerator.spec(webhook({ headers: { 'Content-Type': 'application/json', 'Authorization': `Bearer ${ghp}` } })),
      /^'headers\["Authorization"\]' holds a credential: GitHub token/, ghp);
    expectRefused(() => WebhookGenerator.spec(webhook({ headers: { 'X-Api-Key': password } })), /^'headers\["X-Api-Key"\]' holds a credential: API key/, password);
    expectRefused(() => WebhookGenerator.spec(webhook({ headers: { Authorization: `Basic ${b64(`bot:${ghp}`)}` } })), /'headers\["Authorization"\]'.*base64/, ghp);
  });

  test('body: a credential in JSON or base64 is refused', () => {
    expectRefused(() => WebhookGenerator.spec(webhook({ body: `{"client_id": "ci", "client_secret": "${password}"}` })), /^'body' holds a credential: secret/, password);
    expectRefused(() => WebhookGenerator.spec(webhook({ body: b64(`token=${ghp}`) })), /^'body' holds a credential.*after base64 decoding/, ghp);
  });

  test('url: a token in the query (plain or URL-encoded) and user:password@ are refused, without echoing the value', () => {
    expectRefused(() => WebhookGenerator.spec(webhook({ url: `https://tokens.example.com/issue?access_token=${ghp}` })), /^'url' holds a credential/, ghp);
    expectRefused(() => WebhookGenerator.spec(webhook({ url: `https://tokens.example.com/issue?token=${encodeURIComponent(b64(ghp))}` })), /^'url' holds a credential/, ghp);
    expectRefused(() => WebhookGenerator.spec(webhook({ url: `https://bot:${encodeURIComponent(password)}@tokens.example.com/issue` })), /^'url'/, encodeURIComponent(password));
    expectRefused(() => WebhookGenerator.spec(webhook({ url: `https://bot:${password}@tokens.example.com/issue` })), /^'url'/, password);
    // a password the scanner cannot judge is still refused by the URL check, masked
    const message = errorOf(() => WebhookGenerator.spec(webhook({ url: 'http://bot:pw1@tokens.example.com/issue' })));
    expect(message).toMatch(/'url' \("http:\/\/bot:\*\*\*@tokens\.example\.com\/issue"\) must not embed credentials/);
    expect(message).not.toContain('pw1');
    // an address in the query is not user info
    expect(() => WebhookGenerator.spec(webhook({ url: 'https://tokens.example.com?owner=ci@example.com' }))).not.toThrow();
    expect(() => WebhookGenerator.spec(webhook({ url: 'https://tokens.example.com:8443?owner=ci@example.com' }))).not.toThrow();
  });

  test('templates, ordinary headers and query strings pass', () => {
    const chart = tenantChart();
    expect(() => new WebhookGenerator(chart, 'hook', {
      metadata: { name: 'issuer' },
      url: 'https://tokens.example.com/v1/{{ .team }}/issue?audience=ci&ttl=600',
      method: 'post',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer {{ .auth.token }}', 'X-Request-Id': '3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
      body: '{"role": "ci", "jwt": "{{ .sa.token }}", "password": {{ .auth.password | toJson }}}',
      secrets: [{ name: 'auth', secret: { secret: kplus.Secret.fromSecretName(chart, 'issuer', 'issuer-token'), key: 'token' } }],
    })).not.toThrow();
  });
});

describe('VaultDynamicSecret refuses credentials in its parameters', () => {
  const vault = (parameters: { [key: string]: any }): VaultDynamicSecretOptions => ({
    path: 'pki/issue/app',
    method: 'POST',
    parameters,
    maxLifetime: Duration.hours(1),
    provider: { server: 'https://vault.example.com', auth: VaultAuth.kubernetes({ role: 'pki', serviceAccount: ReferentServiceAccount.fromName(tenantChart(), 'sa', 'app') }) },
  });

  test('a password under its key, a token nested deeper and a base64 token are refused, naming the parameter', () => {
    expectRefused(() => VaultDynamicSecret.spec(vault({ username: 'app', password })), /^'parameters\["password"\]' holds a credential: password/, password);
    expectRefused(() => VaultDynamicSecret.spec(vault({ config: { headers: { token: ghp } } })), /^'parameters\["config"\]' holds a credential: .* at parameters\["config"\]\.headers\.token/, ghp);
    expectRefused(() => VaultDynamicSecret.spec(vault({ note: b64(`api_key=${ghp}`) })), /'parameters\["note"\]'.*after base64 decoding/, ghp);
  });

  test('PKI and cloud parameters pass', () => {
    expect(() => VaultDynamicSecret.spec(vault({ common_name: 'app.example.com', alt_names: 'a.example.com,b.example.com', ttl: '24h', ip_sans: ['10.0.0.1'] }))).not.toThrow();
    expect(() => VaultDynamicSecret.spec(vault({ role_arn: 'arn:aws:iam::123456789012:role/ci', ttl: '15m' }))).not.toThrow();
    expect(() => VaultDynamicSecret.spec(vault({ csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIICvDCCAaQCAQAwdzELMAkGA1UEBhMCVVMxDTALBgNVBAgMBFV0YWgxDzANBgNV\n-----END CERTIFICATE REQUEST-----\n' }))).not.toThrow();
  });
});

describe('FakeGenerator and SshKey refuse credentials', () => {
  test('FakeGenerator data: a credential is refused, judged by its key; demo values pass', () => {
    expectRefused(() => FakeGenerator.spec({ data: { username: 'demo', password } }), /^'data\["password"\]' holds a credential: password/, password);
    expectRefused(() => FakeGenerator.spec({ data: { config: b64(`token: ${ghp}`) } }), /'data\["config"\]'.*after base64 decoding/, ghp);
    expect(() => FakeGenerator.spec({ data: { username: 'demo', endpoint: 'https://example.com', id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } })).not.toThrow();
  });

  test('SshKey comment: a token is refused; an address passes', () => {
    expectRefused(() => SshKey.spec({ comment: `deploy ${ghp}` }), /^'comment' holds a credential: GitHub token/, ghp);
    expect(() => SshKey.spec({ comment: 'deploy@team-a' })).not.toThrow();
  });
});
