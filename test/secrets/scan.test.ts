import * as zlib from 'zlib';
import { ALNUM, B64URL, certificate, mixed, pem, pkcs1, Rng } from './corpus';
import { clearScanCache, credentialProblem, SCAN_LIMITS, scanManifest, scanText } from '../../src/compliance/secrets';
import { sha256 } from '../../src/compliance/secrets/finding';

const r = new Rng(99);
const join = (...p: string[]) => p.join('');
const ghToken = () => join('gh', 'p_', r.string(ALNUM, 36));
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const PRIVATE_KEY = ['PRIVATE', 'KEY'].join(' ');

describe('scanText', () => {
  test('a finding: type, detector, location, decodings, fingerprint, redacted, line', () => {
    const token = ghToken();
    const findings = scanText(`# config\nenv: prod\ntoken: ${b64(token)}\n`, 'apps/a/config.yaml');
    expect(findings).toEqual([{
      type: 'GitHub token',
      detector: 'secretlint:github',
      location: 'apps/a/config.yaml',
      decodings: ['base64'],
      fingerprint: sha256(`\napps/a/config.yaml\n${sha256(token)}`).slice(0, 16),
      redacted: 'GitHub token ghp_… (40 chars)',
      line: 3,
    }]);
  });

  test('the fingerprint covers the value and its location: another value, place or scope has another one', () => {
    const token = ghToken();
    const [a] = scanText(token, 'a');
    expect(scanText(token, 'a')[0].fingerprint).toBe(a.fingerprint);
    expect(scanText(token, 'b')[0].fingerprint).not.toBe(a.fingerprint);
    expect(scanText(token, 'a', { scope: 'v1 ConfigMap team-b/c' })[0].fingerprint).not.toBe(a.fingerprint);
    expect(scanText(ghToken(), 'a')[0].fingerprint).not.toBe(a.fingerprint);
    // the same value encoded differently is the same value
    expect(scanText(b64(b64(token)), 'a')[0].fingerprint).toBe(a.fingerprint);
  });

  test('a value under a credential-named key is judged by its shape when the key is given', () => {
    const pw = mixed(r, ALNUM, 20);
    expect(scanText(pw, 'x')).toEqual([]);
    expect(scanText(pw, 'x', { key: 'password' }).map(f => f.type)).toEqual(['password']);
    expect(scanText('{{ .password }}', 'x', { key: 'password' })).toEqual([]);
  });

  test('several credentials in one text are each found, on their lines', () => {
    const text = [`a: ${ghToken()}`, `b: redis://:${mixed(r, ALNUM, 20)}@cache:6379`, `c: ${join('AI', 'za', r.string(B64URL, 35))}`].join('\n');
    expect(scanText(text, 'f').map(f => [f.line, f.type])).toEqual([[1, 'GitHub token'], [2, 'URL password'], [3, 'Google API key']]);
  });

  test('results are the same from the cache and after clearing it (pure and deterministic)', () => {
    const text = `x=${b64(zlib.gzipSync(`token: ${ghToken()}`))}`;
    const first = scanText(text, 'f');
    const cached = scanText(text, 'f');
    clearScanCache();
    expect(scanText(text, 'f')).toEqual(first);
    expect(cached).toEqual(first);
    expect(first[0].decodings).toEqual(['base64', 'gzip']);
  });

  test('no finding shows a value: only the type, a public prefix or two characters at each end, the length', () => {
    const pw = mixed(r, ALNUM, 30);
    const texts = [`password: ${pw}`, `redis://:${pw}@h:1`, `Password=${pw};`, pem(`RSA ${PRIVATE_KEY}`, pkcs1(r))];
    for (const text of texts) {
      const json = JSON.stringify(scanText(text, 'f'));
      expect(json).not.toContain(pw.slice(2, 10));
      expect(json).not.toContain('MII');
    }
  });
});

describe('passwords without a key-value separator', () => {
  const pw = mixed(new Rng(77), ALNUM + '#!%', 16);

  test.each([
    ['a .netrc line', `machine git.example.com login bot password ${pw}`],
    ['a sentence', `the bot logs in; password ${pw} rotates weekly`],
    ['curl -u', `curl -fsS -u admin:${pw} https://nexus.example.com/repository`],
    ['curl --user, quoted', `curl --user "admin:${pw}" https://nexus.example.com`],
  ])('%s: found, never shown', (_name, text) => {
    const findings = scanText(text, 'x');
    expect(findings.map(f => f.type)).toEqual(['password']);
    expect(JSON.stringify(findings)).not.toContain(pw.slice(2, -2));
  });

  test.each([
    'the password rotates weekly', 'token expires after one hour', 'set -u\nid -u root',
    'curl -u admin:$(cat /etc/creds/password) https://x', 'curl -u "$USER:$PASS" https://x', 'password policy: length=20',
    'curl -u "{{ .username }}:{{ .password }}" https://x',
  ])('%s: not a finding', text => expect(scanText(text, 'x')).toEqual([]));
});

describe('bounds', () => {
  test('a gzip bomb stops at the byte bound and says so', () => {
    const bomb = b64(zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a')));
    const findings = scanText(`payload=${bomb}`, 'bomb');
    expect(findings.map(f => f.detector)).toEqual(['zt:scan-budget']);
    expect(findings[0].type).toBe('unscanned content');
  });

  test('encodings nested deeper than the depth bound are reported as unscanned', () => {
    let text = ghToken();
    for (let i = 0; i < SCAN_LIMITS.maxDepth + 2; i++) text = b64(text);
    expect(scanText(text, 'deep').map(f => f.detector)).toEqual(['zt:scan-budget']);
    let found = ghToken();
    for (let i = 0; i < 6; i++) found = b64(found);
    expect(scanText(found, 'deep').map(f => f.decodings.length)).toEqual([6]);
  });

  test('a text longer than the scanned length is reported as unscanned past it', () => {
    const text = 'a'.repeat(SCAN_LIMITS.maxTextLength + 10);
    expect(scanText(text, 'big').map(f => f.detector)).toEqual(['zt:scan-budget']);
  });

  test('an object that decoded more than the object bound: later strings are scanned without decoding, and it says so', () => {
    const filler = b64(Buffer.alloc(900 * 1024, 'filler text line\n'));
    const data: Record<string, string> = {};
    for (let i = 0; i < 12; i++) data[`part-${String(i).padStart(2, '0')}`] = filler + String(i).repeat(4);
    data['zz-last'] = `note=${b64(ghToken())}`;
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'a' }, data };
    const findings = scanManifest(manifest);
    expect(findings.map(f => f.detector)).toEqual(['zt:scan-budget']);
    expect(findings[0].location).toMatch(/^data\["part-\d\d"\]$/);
    // the same from the cache
    expect(scanManifest(manifest)).toEqual(findings);
  });
});

describe('scanManifest', () => {
  test('locations are JSON paths; map entries in brackets', () => {
    const pw = mixed(r, ALNUM, 20);
    const es = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'team-a' },
      spec: { target: { template: { data: { db: `postgres://app:${pw}@db:5432/app`, user: '{{ .username }}' } } } },
    };
    expect(scanManifest(es).map(f => f.location)).toEqual(['spec.target.template.data["db"]']);
  });

  test('a Secret\'s data is decoded from base64 first, and judged by its key', () => {
    const pw = mixed(r, ALNUM, 20);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, data: { 'password': b64(pw), 'tls.crt': b64(pem('CERTIFICATE', certificate(r))), 'tls.key': b64(pem(`RSA ${PRIVATE_KEY}`, pkcs1(r))) } };
    expect(scanManifest(secret).map(f => [f.location, f.type, f.decodings.join('>')])).toEqual([
      ['data["password"]', 'password', 'base64'],
      ['data["tls.key"]', 'private key', 'base64'],
    ]);
  });

  test('env values take the env name as their key; exec plugin env values are judged by shape', () => {
    const pw = mixed(r, ALNUM, 20);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'a' },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'DB_PASSWORD', value: pw }] }] } } },
    };
    expect(scanManifest(deployment).map(f => f.location)).toEqual(['spec.template.spec.containers[0].env[1].value']);
    const config = JSON.stringify({ execProviderConfig: { command: 'x', env: { REGION: 'eu-west-1', BLOB: mixed(r, ALNUM, 40) } } });
    const cluster = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c', namespace: 'argocd' }, stringData: { config } };
    expect(scanManifest(cluster).map(f => [f.location, f.type, f.decodings.join('>')])).toEqual([['stringData["config"]#execProviderConfig.env["BLOB"]', 'exec plugin credential', 'json']]);
  });

  test('Argo CD cluster Secret config: bearerToken, password, tlsClientConfig.keyData', () => {
    const config = JSON.stringify({
      bearerToken: mixed(r, ALNUM, 40),
      password: `${mixed(r, ALNUM, 16)}!`,
      tlsClientConfig: { caData: b64(pem('CERTIFICATE', certificate(r))), keyData: b64(r.bytes(600)) },
    });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c', namespace: 'argocd' }, data: { config: b64(config) } };
    expect(scanManifest(secret).map(f => [f.location, f.type])).toEqual([
      ['data["config"]#bearerToken', 'token'],
      ['data["config"]#password', 'password'],
      ['data["config"]#tlsClientConfig.keyData', 'private key'],
    ]);
  });

  test('a map key that is a credential is found and never written in a location', () => {
    const token = ghToken();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: { [token]: 'x', other: { nested: ghToken() } } };
    const findings = scanManifest(cm);
    expect(findings.map(f => f.location)).toEqual(['data["other"].nested', 'data[key 0]']);
    expect(JSON.stringify(findings)).not.toContain(token.slice(4, 12));
    const nested = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: { [token]: { inner: ghToken() } } };
    expect(scanManifest(nested).map(f => f.location)).toEqual(['data[key 0]', 'data[key 0].inner']);
  });

  test('the scope defaults to the object, so the same value in two objects has two fingerprints', () => {
    const token = ghToken();
    const cm = (ns: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns }, data: { t: token } });
    expect(scanManifest(cm('a'))[0].fingerprint).not.toBe(scanManifest(cm('b'))[0].fingerprint);
    expect(scanManifest(cm('a'), { scope: 'x' })[0].fingerprint).toBe(scanManifest(cm('b'), { scope: 'x' })[0].fingerprint);
  });

  test('anything that is not an object has no findings', () => {
    expect(scanManifest(undefined)).toEqual([]);
    expect(scanManifest('text')).toEqual([]);
  });
});

describe('credentialProblem', () => {
  test('undefined for text without credentials', () => {
    expect(credentialProblem('script', '#!/bin/sh\necho "$(params.token)"')).toBeUndefined();
    expect(credentialProblem('script', 42)).toBeUndefined();
  });

  test('one line without the value: what, where, how to fix', () => {
    const token = ghToken();
    const problem = credentialProblem('script', `#!/bin/sh\ncurl -H "Authorization: token ${token}" https://api.github.com\n`)!;
    expect(problem).toMatch(/^'script' holds a credential: GitHub token ghp_… \(40 chars\) on line 2; .*ExternalSecret/);
    expect(problem).not.toContain(token.slice(4));
    expect(problem.includes('\n')).toBe(false);
  });

  test('the prop name is the key: a literal password is refused', () => {
    expect(credentialProblem('password', `${mixed(r, ALNUM, 16)}!`)).toMatch(/^'password' holds a credential: password \(17 chars\)/);
    expect(credentialProblem('password', '$(params.password)')).toBeUndefined();
  });
});
