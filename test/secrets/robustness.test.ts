import * as fc from 'fast-check';
import { clearScanCache, scanManifest, scanText } from '../../src/compliance/secrets';

const MB = 1024 * 1024;
const DASHES = '-'.repeat(5);
const PRIVATE_KEY = ['PRIVATE', 'KEY'].join(' ');
const b64 = (s: string) => Buffer.from(s).toString('base64');

// inputs shaped to make a careless scanner quadratic: each is scanned in bounded time
const PATHOLOGICAL: [string, () => string][] = [
  ['PEM BEGIN lines and one END', () => `${`${DASHES}BEGIN ${PRIVATE_KEY}${DASHES}\n`.repeat(MB / 28)}${DASHES}END ${PRIVATE_KEY}${DASHES}`],
  ['one long word and a URL escape at the end', () => `${'a'.repeat(MB)}%41`],
  ['one long word and a \\u escape at the end', () => `${'a'.repeat(MB)}\\u0041`],
  ['unbalanced JSON starts', () => '{"a'.repeat(MB / 3)],
  ['JWK kty fields without braces', () => '"kty":"RSA","d":"x",'.repeat(MB / 20)],
  ['key=value pairs', () => 'password=password='.repeat(MB / 18)],
  ['flags', () => '--token --token '.repeat(MB / 16)],
  ['URLs with colons', () => 'x://a:b:c:d@'.repeat(MB / 12)],
  ['one base64 run', () => 'QUJD'.repeat(MB / 4)],
  ['base64 lines of 76', () => `${'QUJD'.repeat(19)}\n`.repeat(MB / 77)],
  ['hex', () => '41'.repeat(MB / 2)],
  ['JWT-shaped runs', () => 'eyJhbGciOi.eyJzdWIiOi.'.repeat(MB / 22)],
  ['quotes', () => '"ab\\n'.repeat(MB / 5)],
  ['nested base64 of text with base64', () => { let t = 'x'.repeat(1000); for (let i = 0; i < 6; i++) t = b64(t); return t; }],
];

describe('robustness', () => {
  test.each(PATHOLOGICAL)('%s: about 1 MiB scanned in bounded time', (_name, build) => {
    const text = build();
    clearScanCache();
    // CPU time, not wall-clock: the bound is about the scanner's work, and other processes on a shared runner must
    // not make it fail (a quadratic path on 1 MiB takes minutes, far above the bound either way)
    const start = process.cpuUsage();
    scanText(text, 'p');
    const used = process.cpuUsage(start);
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
  });

  test('any text: no exception, the same findings twice, fingerprints of 16 hex digits', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), text => {
      const a = scanText(text, 'x');
      expect(scanText(text, 'x')).toEqual(a);
      for (const f of a) {
        expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        expect(f.location.startsWith('x')).toBe(true);
      }
    }), { numRuns: 300 });
  });

  test('any base64 of any text: no exception', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), text => {
      scanText(`data=${b64(text)}`, 'x');
    }), { numRuns: 200 });
  });

  test('any JSON value as a manifest: no exception, locations are paths', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), value => {
      for (const f of scanManifest(value)) expect(typeof f.location).toBe('string');
    }), { numRuns: 200 });
  });
});
