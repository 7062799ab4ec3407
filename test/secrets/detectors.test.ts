import {
  ALNUM, B64, B64URL, DIGITS, encryptedPkcs8, HEX, jwt, LOWER, mixed, pem, pkcs8, Rng, sshPublicBlob, UPPER,
} from './corpus';
import { DETECTORS } from '../../src/compliance/secrets/detectors';
import { runPreset } from '../../src/compliance/secrets/preset';
import { scanText } from '../../src/compliance/secrets/scan';

const r = new Rng(42);
const join = (...p: string[]) => p.join('');
const PRIVATE_KEY = ['PRIVATE', 'KEY'].join(' ');

/** Per detector: texts it finds (each also checked to be missed by the preset: the reason it exists) and texts it does not. */
const CASES: Record<string, { found: string[]; notFound: string[] }> = {
  'zt:google-api-key': {
    found: [join('key=AI', 'za', r.string(ALNUM + '_-', 35))],
    notFound: [join('AI', 'za', r.string(ALNUM, 20)), join('xAI', 'za', r.string(ALNUM, 35))],
  },
  'zt:gitlab-token': {
    found: [join('gl', 'dt-', r.string(ALNUM, 20)), join('gl', 'rt-', r.string(ALNUM, 24)), join('gl', 'cbt-', r.string(ALNUM, 30))],
    notFound: [join('gl', 'dt-', r.string(ALNUM, 8)), 'global-settings-for-the-cluster'],
  },
  'zt:slack-token': {
    found: [join('xo', 'xs-', r.string(DIGITS, 12), '-', r.string(ALNUM, 40)), join('xo', 'xe-1-', r.string(ALNUM, 30))],
    notFound: ['xoxe-short'],
  },
  'zt:slack-webhook': {
    found: [join('https://hooks.', 'slack.com/workflows/', r.string(ALNUM, 40))],
    notFound: ['https://hooks.slack.com/workflows/'],
  },
  'zt:jwt': {
    found: [jwt(r, { alg: 'RS256' }, { sub: 'system:serviceaccount:a:b', aud: ['https://kubernetes.default.svc'] })],
    notFound: [
      jwt(r, { alg: 'HS256', typ: 'JWT' }, { sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 43),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`,
      `eyJ${r.string(B64URL, 20)}.eyJ${r.string(B64URL, 20)}.${r.string(B64URL, 43)}`, // header and payload are not JSON
    ],
  },
  'zt:openshift-token': {
    found: [join('sha', '256~', r.string(B64URL, 43))],
    notFound: ['sha256~short', `sha256:${r.string(HEX, 64)}`],
  },
  'zt:vault-legacy-token': {
    found: [join('token: s', '.', mixed(r, ALNUM, 24)), join('b.', 'AAAAAQ', r.string(B64URL, 120))],
    notFound: ['s.abcdefghijklmnopqrstuvwx', 'values.abcdefghijklmnopqrstuvwxyz', 'a.s.AbCdEfGhIjKlMnOpQrStUvW1'],
  },
  'zt:docker-hub-token': {
    found: [join('dckr', '_oat_', r.string(ALNUM, 32)), join('dckr', '_pat_', r.string(ALNUM, 36))],
    notFound: ['dckr_oat_short'],
  },
  'zt:npmrc-auth-token': {
    found: [`//registry.npmjs.org/:_authToken=${[r.string(HEX, 8), r.string(HEX, 4), r.string(HEX, 4), r.string(HEX, 4), r.string(HEX, 12)].join('-')}`,
      `@corp:registry=https://npm.corp.example/\n//npm.corp.example/:_authToken=${mixed(r, ALNUM, 40)}`],
    notFound: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '_authToken=<token>'],
  },
  'zt:azure-ad-client-secret': {
    found: [join('clientSecret: ', r.string(ALNUM, 3), '8', 'Q~', r.string(ALNUM + '_-.~', 34))],
    notFound: ['Q~ in a sentence', join('abc8', 'Q~', 'short')],
  },
  'zt:azure-storage-key': {
    found: [`DefaultEndpointsProtocol=https;AccountName=x;${'Account'}Key=${r.string(B64, 86)}==;EndpointSuffix=core.windows.net`,
      `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;${'SharedAccess'}Key=${r.string(B64, 43)}=`],
    notFound: ['AccountKey=', 'SharedAccessKeyName=RootManageSharedAccessKey'],
  },
  'zt:azure-sas-token': {
    found: [`https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=${encodeURIComponent(r.string(B64, 43) + '=')}`],
    notFound: [`https://example.com/?sig=${r.string(ALNUM, 30)}`],
  },
  'zt:connection-string-password': {
    found: [`Server=tcp:db,1433;Database=app;User Id=app;Password=${mixed(r, ALNUM, 16)};`, `Driver={ODBC};Uid=app;Pwd={${mixed(r, ALNUM, 12)};x};`,
      `jdbc:oracle:thin:app/${mixed(r, ALNUM, 14)}@db.internal:1521/ORCL`],
    notFound: ['Password=;', 'Password=${DB_PASSWORD};', 'Password={{ .password }};', 'Password=********;', 'password = category'],
  },
  'zt:url-password': {
    found: [`redis://:${mixed(r, ALNUM, 20)}@redis:6379`, `amqp://app:${mixed(r, ALNUM, 20)}%21@mq:5672/`, `smtp://mailer:${mixed(r, ALNUM, 16)}@smtp.example.com:587`],
    notFound: ['https://user:pass@example.com', 'redis://:${REDIS_PASSWORD}@redis:6379', 'https://x-access-token:TOKEN@github.com/o/r.git',
      'postgres://{{ .username }}:{{ .password }}@db:5432/app', 'https://example.com/a@b', 'amqp://app:***@mq/'],
  },
  'zt:private-key-pem': {
    found: [pem(`ENCRYPTED ${PRIVATE_KEY}`, encryptedPkcs8(r)),
      ['-----BEGIN RSA ', PRIVATE_KEY, '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,', r.string(HEX.toUpperCase(), 32), '\n\n', r.string(B64, 64), '\n', r.string(B64, 64), '\n-----END RSA ', PRIVATE_KEY, '-----'].join('')],
    notFound: [['-----BEGIN ', PRIVATE_KEY, '-----\n...\n-----END ', PRIVATE_KEY, '-----'].join(''), ['-----BEGIN ', PRIVATE_KEY, '-----'].join('')],
  },
  'zt:putty-private-key': {
    found: [['PuTTY-User-Key-File-2: ssh-rsa', 'Encryption: none', 'Comment: k', 'Public-Lines: 1', sshPublicBlob(r).toString('base64'), 'Private-Lines: 2', r.string(B64, 64), r.string(B64, 20), 'Private-MAC: ' + r.string(HEX, 40)].join('\n')],
    notFound: ['PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 0\n'],
  },
  'zt:jwk-private-key': {
    found: [JSON.stringify({ kty: 'RSA', n: r.string(B64URL, 342), e: 'AQAB', d: r.string(B64URL, 342) }), JSON.stringify({ kty: 'oct', k: r.string(B64URL, 43) })],
    notFound: [JSON.stringify({ kty: 'RSA', n: r.string(B64URL, 342), e: 'AQAB' }), JSON.stringify({ kty: 'EC', crv: 'P-256', x: r.string(B64URL, 43), y: r.string(B64URL, 43) })],
  },
};

describe('our detectors', () => {
  test('every detector has cases', () => {
    expect(Object.keys(CASES).sort()).toEqual(DETECTORS.map(d => d.id).sort());
  });

  describe.each(DETECTORS.map(d => [d.id, d] as const))('%s', (id, detector) => {
    test.each(CASES[id].found.map((t, i) => [i, t]))('finds case %i, which the preset misses', (_i, text) => {
      expect(detector.needle.test(text)).toBe(true);
      expect(detector.find(text).length).toBeGreaterThan(0);
      expect(scanText(text, 'case').map(f => f.detector)).toContain(id);
      // why the detector exists: secretlint's recommended preset does not report it
      expect(runPreset(text)).toEqual([]);
    });
    test.each(CASES[id].notFound.map((t, i) => [i, t]))('does not find look-alike %i', (_i, text) => {
      expect(detector.needle.test(text) ? detector.find(text) : []).toEqual([]);
    });
  });

  test('a value the preset reports is reported once, by the preset', () => {
    const url = `https://deploy:${mixed(r, ALNUM, 20)}@git.example.com/org/repo.git`;
    expect(scanText(url, 'u').map(f => f.detector)).toEqual(['secretlint:basicauth']);
    const pat = join('dckr', '_pat_', r.string(ALNUM, 27));
    expect(scanText(pat, 'u').map(f => f.detector)).toEqual(['secretlint:docker']);
  });

  test('a PEM key the preset reads is reported by the preset, with the whole block fingerprinted', () => {
    const block = pem(PRIVATE_KEY, pkcs8(r));
    const [finding] = scanText(block, 'k');
    expect(finding.detector).toBe('secretlint:privatekey');
    // the same key with another body is another value: the fingerprint is not the header's
    const other = scanText(pem(PRIVATE_KEY, pkcs8(r)), 'k')[0];
    expect(other.fingerprint).not.toBe(finding.fingerprint);
    // the same key written with \n escapes (JSON) has the same fingerprint
    expect(scanText(block.replace(/\n/g, '\\n'), 'k')[0].fingerprint).toBe(finding.fingerprint);
  });

  test('documentation examples and masked values are not found', () => {
    const docId = join('AK', 'IA', 'IOSFODNN7', 'EXAMPLE');
    expect(scanText(`aws_access_key_id=${docId}`, 'x')).toEqual([]);
    expect(scanText(join('gh', 'p_', 'x'.repeat(36)), 'x')).toEqual([]);
    expect(scanText(`token: ${join('gh', 'p_', '*'.repeat(36))}`, 'x')).toEqual([]);
    expect(scanText(`${UPPER}${LOWER}${DIGITS}`, 'x')).toEqual([]);
  });
});
