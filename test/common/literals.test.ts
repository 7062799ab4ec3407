import { Testing } from 'cdk8s';
import { refuseCredential, refuseCredentialsIn } from '../../src/common/literals';
import { validateReason } from '../../src/common/reason';
import { Compliance } from '../../src/compliance';
import { githubToken, PASSWORD } from '../literal-credentials';

// fake credentials are assembled at run time so no literal token is committed
const ghp = githubToken();
const password = PASSWORD;

describe('refuseCredential', () => {
  test('a token in free text is refused, naming the prop and the kind, never the value', () => {
    expect(() => refuseCredential(undefined, 'steps[0].script', `#!/bin/sh\ncurl -H "Authorization: token ${ghp}" https://api.github.com\n`))
      .toThrow(/^'steps\[0\]\.script' holds a credential: GitHub token ghp_… \(40 chars\) on line 2; .*keep it in the secret manager/);
    try {
      refuseCredential(undefined, 'script', ghp);
    } catch (e) {
      expect((e as Error).message).not.toContain(ghp.slice(4, 20));
    }
  });

  test('the key names the value: a random string is a password under a password-named prop or key only', () => {
    expect(() => refuseCredential(undefined, 'params["DB_PASSWORD"]', password)).toThrow(/'params\["DB_PASSWORD"\]' holds a credential: password/);
    expect(() => refuseCredential(undefined, 'value', password, 'apiKey')).toThrow(/holds a credential: API key/);
    expect(() => refuseCredential(undefined, 'params["greeting"]', password)).not.toThrow();
    expect(() => refuseCredential(undefined, 'metadata.password', 'team-a/db')).not.toThrow();
  });

  test('encoded values are decoded first', () => {
    expect(() => refuseCredential(undefined, 'body', Buffer.from(`token=${ghp}`).toString('base64'))).toThrow(/after base64 decoding/);
    expect(() => refuseCredential(undefined, 'url', `https://example.com/hook?token=${encodeURIComponent(ghp)}`)).toThrow(/GitHub token/);
  });

  test('JSON values: every string and key is checked, with its path', () => {
    expect(() => refuseCredential(undefined, 'values', { image: { tag: '1.2.3' }, auth: { password } })).toThrow(/'values' holds a credential: password .* at values\.auth\.password;/);
    expect(() => refuseCredential(undefined, 'elements', [{ cluster: 'east' }, { token: ghp }])).toThrow(/at elements\[1\]\.token;/);
    expect(() => refuseCredential(undefined, 'values', { image: { repository: 'registry.example.com/app', tag: 'sha256-abc' }, replicas: 3 })).not.toThrow();
  });

  test('placeholders, references and names pass', () => {
    for (const v of ['{{ .password }}', '$(params.token)', '${DB_PASSWORD}', 'secret/data/team-a/db', 'tenant-001-db', '', undefined, 42, null]) {
      expect(() => refuseCredential(undefined, 'password', v)).not.toThrow();
    }
  });

  test('refuseCredentialsIn names each entry by its key and judges it by that key', () => {
    expect(() => refuseCredentialsIn(undefined, 'headers', { 'Content-Type': 'application/json', 'Authorization': `Bearer ${ghp}` }))
      .toThrow(/^'headers\["Authorization"\]' holds a credential/);
    expect(() => refuseCredentialsIn(undefined, 'env', { API_TOKEN: password })).toThrow(/'env\["API_TOKEN"\]' holds a credential: token/);
    expect(() => refuseCredentialsIn(undefined, 'env', { LOG_LEVEL: 'debug' })).not.toThrow();
    expect(() => refuseCredentialsIn(undefined, 'env', undefined)).not.toThrow();
  });
});

describe('written reasons', () => {
  test('a reason is written into annotations and reports, so one carrying a credential is refused without quoting it', () => {
    expect(() => validateReason(undefined, 'acknowledgeInsecure', `temporary, the old token ${ghp} is revoked`, 'why'))
      .toThrow(/^'acknowledgeInsecure' holds a credential: GitHub token ghp_…/);
    const chart = Testing.chart();
    let message = '';
    try {
      Compliance.of(chart).acknowledge({ id: 'ZT-SA2', reason: `reads one ConfigMap; password ${password} rotates weekly` });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^test: 'reason' holds a credential/);
    expect(message).not.toContain(password);
    expect(validateReason(undefined, 'reason', 'the spoke CA rotates weekly and is pinned', 'why')).toBe('the spoke CA rotates weekly and is pinned');
  });
});
