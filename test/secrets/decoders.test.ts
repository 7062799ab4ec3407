import * as zlib from 'zlib';
import { certificate, encryptedPkcs8, opensshBody, pkcs1, pkcs12, pkcs8, Rng, sec1, seq, small, spki, sshPublicBlob, wrap } from './corpus';
import { privateKeyStructure } from '../../src/compliance/secrets/binary-keys';
import {
  base64Alphabet, base64Runs, Budget, decodeBase64, decodeEscapes, decodeHex, decodePercent, escapeRuns, hexRuns, inflate,
  isGzip, isZlib, percentRuns, utf16Of, utf8Of,
} from '../../src/compliance/secrets/decoders';

const r = new Rng(11);
const text = 'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: not-a-real-one\n';
const b64 = Buffer.from(text).toString('base64');

describe('base64 runs', () => {
  test('finds a run after = and : (property and env lines)', () => {
    expect(base64Runs(`SETTINGS=${b64}`).map(run => run.payload)).toEqual([b64]);
    expect(base64Runs(`settings:${b64}`).map(run => run.payload)).toEqual([b64]);
  });

  test.each([64, 76])('joins a run wrapped at %i columns, indented or not, with real or escaped line breaks', width => {
    const wrapped = wrap(b64, width);
    expect(base64Runs(wrapped).map(run => run.payload)).toEqual([b64]);
    expect(base64Runs(`data: |\n${wrapped.split('\n').map(l => `    ${l}`).join('\n')}\nnext: 1`).map(run => run.payload)).toEqual([b64]);
    expect(base64Runs(`"${wrapped.replace(/\n/g, '\\n')}"`).map(run => run.payload)).toEqual([b64]);
  });

  test('does not join a following line that is not base64 or is longer', () => {
    const line = b64.slice(0, 64);
    expect(base64Runs(`${line}\nkind: Secret`).map(run => run.payload)).toEqual([line]);
    expect(base64Runs(`${line}\n${b64.slice(0, 70)}`).map(run => run.payload)).toEqual([line, b64.slice(0, 70)]);
  });

  test('a word line after a whole block (a heredoc\'s EOF, fi, done) is not taken as its last line', () => {
    for (const block of [b64, b64.slice(0, 52), Buffer.from(text).toString('base64url'), b64.slice(0, 50)]) {
      for (const word of ['EOF', 'END', 'fi', 'done', 'b']) {
        const payloads = base64Runs(`cat <<'EOF'\n${block}\n${word}\n./run`).map(run => run.payload);
        expect([block, word, payloads.includes(block)]).toEqual([block, word, true]);
      }
    }
  });

  test('skips names, words, paths and mixed alphabets', () => {
    expect(base64Runs('external-secrets-operator kubernetes.io/docs/concepts/overview additionalproperties')).toEqual([]);
    expect(base64Runs('io/docs/concepts-and_more/x+y')).toEqual([]);
  });

  test('decodes canonical base64 and base64url only', () => {
    expect(base64Alphabet('ab+/')).toBe('base64');
    expect(base64Alphabet('ab-_')).toBe('base64url');
    expect(base64Alphabet('a+b-')).toBeUndefined();
    expect(Buffer.from(decodeBase64(b64)!).toString()).toBe(text);
    expect(Buffer.from(decodeBase64(Buffer.from(text).toString('base64url'))!).toString()).toBe(text);
    expect(decodeBase64('abcde')).toBeUndefined(); // 5 characters: not base64
    expect(decodeBase64('QQ==QQ==')).toBeUndefined(); // padding inside
    expect(decodeBase64('QR==')).toBeUndefined(); // stray bits: not canonical
  });
});

describe('other decoders', () => {
  test('hex runs in one case, of at least 16 bytes', () => {
    const hex = Buffer.from(text).toString('hex');
    expect(hexRuns(`blob ${hex} end`).map(run => run.payload)).toEqual([hex]);
    expect(Buffer.from(decodeHex(hex)).toString()).toBe(text);
    expect(hexRuns('deadbeef')).toEqual([]);
    expect(hexRuns(`${'aB'.repeat(20)}`)).toEqual([]);
  });

  test('URL encoding, as runs', () => {
    const encoded = encodeURIComponent('redis://:pa$$@host/0');
    expect(percentRuns(`url=${encoded} next`).map(run => run.payload)).toEqual([encoded]);
    expect(decodePercent(encoded)).toBe('redis://:pa$$@host/0');
    expect(decodePercent('100%zz')).toBe('100%zz');
    expect(decodePercent('%E2%82%AC')).toBe('€');
  });

  test('JSON escapes: \\u words and escaped string literals', () => {
    expect(decodeEscapes('ghp\\u005fabc\\n\\"x\\"\\ud83d\\ude00')).toBe('ghp_abc\n"x"😀');
    expect(escapeRuns('token: ghp\\u005fabcdef next').map(run => run.payload)).toEqual(['ghp\\u005fabcdef']);
    expect(escapeRuns('{"config": "line one\\nline two"}').map(run => run.payload)).toEqual(['line one\\nline two']);
    expect(escapeRuns('{"plain": "no escapes here"}')).toEqual([]);
  });

  test('gzip and zlib, bounded by the budget (maxOutputLength)', () => {
    const gz = zlib.gzipSync(text);
    const zz = zlib.deflateSync(text);
    expect(isGzip(gz)).toBe(true);
    expect(isZlib(zz)).toBe(true);
    expect(isZlib(Buffer.from(text))).toBe(false);
    expect(Buffer.from(inflate(gz, 'gzip', new Budget(1024 * 1024, 10))!).toString()).toBe(text);
    expect(Buffer.from(inflate(zz, 'zlib', new Budget(1024 * 1024, 10))!).toString()).toBe(text);
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const budget = new Budget(1024 * 1024, 10);
    expect(inflate(bomb, 'gzip', budget)).toBeUndefined();
    expect(budget.exhausted).toBe(true);
    expect(budget.used).toBe(0);
  });

  test('UTF-16 by BOM or by zero bytes, both byte orders', () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    expect(utf16Of(le)).toEqual({ text, encoding: 'utf-16le' });
    expect(utf16Of(be)).toEqual({ text, encoding: 'utf-16be' });
    expect(utf16Of(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({ text, encoding: 'utf-16le' });
    expect(utf16Of(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ text, encoding: 'utf-16be' });
    expect(utf16Of(Buffer.from(text))).toBeUndefined();
  });

  test('UTF-8 text only: binary data and control characters are not text', () => {
    expect(utf8Of(Buffer.from(text))).toBe(text);
    expect(utf8Of(r.bytes(64))).toBeUndefined();
    expect(utf8Of(Buffer.from('a\u0001b'))).toBeUndefined();
  });
});

describe('private key structures without PEM armour', () => {
  test.each([
    ['RSA private key', () => pkcs1(r)],
    ['PKCS#8 private key', () => pkcs8(r)],
    ['EC private key', () => sec1(r)],
    ['encrypted PKCS#8 private key', () => encryptedPkcs8(r)],
    ['PKCS#12 key store', () => pkcs12(r)],
    ['OpenSSH private key', () => opensshBody(r)],
    ['DSA private key', () => seq(small(0), small(5), small(7), small(9), small(11), small(13))],
  ])('%s', (structure, build) => {
    expect(privateKeyStructure(build())).toBe(structure);
  });

  test.each([
    ['a certificate', () => certificate(r)],
    ['a public key (SubjectPublicKeyInfo)', () => spki(r)],
    ['an OpenSSH public key blob', () => sshPublicBlob(r)],
    ['random bytes', () => r.bytes(600)],
    ['a truncated key', () => pkcs8(r).subarray(0, 300)],
    ['a key with trailing bytes', () => Buffer.concat([pkcs8(r), Buffer.from([0])])],
    ['text', () => Buffer.from(text)],
  ])('not %s', (_name, build) => {
    expect(privateKeyStructure(build())).toBeUndefined();
  });
});
