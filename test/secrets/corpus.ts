/**
 * A deterministic corpus of fake credentials in their real formats, the encodings they hide behind, benign
 * look-alikes, and placements in manifests. Every value is built at run time by a seeded generator from
 * fragments: nothing in this file is a credential, and no literal here has the full shape of one (so secret
 * scanning of the repository has nothing to flag). Reusable by placement tests (Secret data, ConfigMaps,
 * annotations, env, Tekton scripts, Helm values, included YAML, overlay patches).
 */
import * as zlib from 'zlib';

/** Park-Miller "minimal standard" generator: a small seeded PRNG, enough for test data (exact in doubles). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
    for (let i = 0; i < 3; i++) this.next();
  }

  public next(): number {
    this.state = (this.state * 48271) % 2147483647;
    return (this.state - 1) / 2147483646;
  }

  public int(n: number): number {
    return Math.floor(this.next() * n);
  }

  public pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  public string(alphabet: string, length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  public bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = LOWER.toUpperCase();
export const DIGITS = '0123456789';
export const ALNUM = LOWER + UPPER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64URL = ALNUM + '-_';
export const B64 = ALNUM + '+/';

/** Random text from `alphabet` that has at least one lower case letter, one upper case letter and one digit. */
export function mixed(rng: Rng, alphabet: string, length: number): string {
  for (;;) {
    const s = rng.string(alphabet, length);
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

/** A password: letters, digits and a few symbols, 16 to 24 characters. */
export function password(rng: Rng): string {
  const body = mixed(rng, ALNUM, 14 + rng.int(8));
  return body + rng.pick(['!', '#', '%', '^', '*']) + rng.pick(DIGITS.split(''));
}

// ---- DER, enough to build fake key structures (random numbers, real shapes) ----

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 + bytes.length, ...bytes]);
}

export function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

export const seq = (...c: Buffer[]) => der(0x30, ...c);
export const octets = (b: Buffer) => der(0x04, b);
export const oid = (hex: string) => der(0x06, Buffer.from(hex, 'hex'));
export const nul = () => Buffer.from([0x05, 0x00]);
export const bits = (b: Buffer) => der(0x03, Buffer.from([0]), b);
export const small = (n: number) => der(0x02, Buffer.from([n]));

/** A positive INTEGER of `n` random bytes, the top bit set (as a key's modulus). */
export function bigInt(rng: Rng, n: number): Buffer {
  const b = rng.bytes(n);
  if (b[0] < 0x80) b[0] += 0x80;
  return der(0x02, Buffer.concat([Buffer.from([0]), b]));
}

export const OID_RSA = '2a864886f70d010101';
export const OID_SHA256_RSA = '2a864886f70d01010b';
export const OID_EC = '2a8648ce3d0201';
export const OID_P256 = '2a8648ce3d030107';

/** Fake PKCS#1 RSAPrivateKey (9 integers). */
export function pkcs1(rng: Rng): Buffer {
  return seq(small(0), bigInt(rng, 256), der(0x02, Buffer.from([1, 0, 1])), bigInt(rng, 256),
    bigInt(rng, 128), bigInt(rng, 128), bigInt(rng, 128), bigInt(rng, 128), bigInt(rng, 128));
}

/** Fake PKCS#8 PrivateKeyInfo around a fake RSA key. */
export function pkcs8(rng: Rng): Buffer {
  return seq(small(0), seq(oid(OID_RSA), nul()), octets(pkcs1(rng)));
}

/** Fake SEC1 ECPrivateKey (P-256). */
export function sec1(rng: Rng): Buffer {
  return seq(small(1), octets(rng.bytes(32)), der(0xa0, oid(OID_P256)), der(0xa1, bits(Buffer.concat([Buffer.from([4]), rng.bytes(64)]))));
}

/** Fake EncryptedPrivateKeyInfo (PBES2). */
export function encryptedPkcs8(rng: Rng): Buffer {
  const kdf = seq(oid('2a864886f70d01050c'), seq(octets(rng.bytes(8)), der(0x02, Buffer.from([0x08, 0x00]))));
  const cipher = seq(oid('608648016503040102'), octets(rng.bytes(16)));
  return seq(seq(oid('2a864886f70d01050d'), seq(kdf, cipher)), octets(rng.bytes(640)));
}

/** Fake PKCS#12 PFX (version 3, data content, MAC). */
export function pkcs12(rng: Rng): Buffer {
  return seq(small(3), seq(oid('2a864886f70d010701'), der(0xa0, octets(rng.bytes(900)))),
    seq(seq(seq(oid('608648016503040201'), nul()), octets(rng.bytes(32))), octets(rng.bytes(8)), der(0x02, Buffer.from([0x08, 0x00]))));
}

/** Fake SubjectPublicKeyInfo (RSA): public. */
export function spki(rng: Rng): Buffer {
  return seq(seq(oid(OID_RSA), nul()), bits(seq(bigInt(rng, 256), der(0x02, Buffer.from([1, 0, 1])))));
}

/** Fake X.509 certificate: public. */
export function certificate(rng: Rng): Buffer {
  const name = seq(der(0x31, seq(oid('550403'), der(0x0c, Buffer.from('cluster-ca')))));
  const validity = seq(der(0x17, Buffer.from('250101000000Z')), der(0x17, Buffer.from('350101000000Z')));
  const tbs = seq(der(0xa0, small(2)), bigInt(rng, 16), seq(oid(OID_SHA256_RSA), nul()), name, validity, name, spki(rng));
  return seq(tbs, seq(oid(OID_SHA256_RSA), nul()), bits(rng.bytes(256)));
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
const sshString = (b: Buffer | string) => Buffer.concat([u32(Buffer.byteLength(b)), Buffer.from(b)]);

/** Fake OpenSSH public key blob (ssh-ed25519). */
export function sshPublicBlob(rng: Rng): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(rng.bytes(32))]);
}

/** Fake `openssh-key-v1` private key body (unencrypted ed25519). */
export function opensshBody(rng: Rng): Buffer {
  const pub = sshPublicBlob(rng);
  const check = rng.bytes(4);
  const priv = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub.subarray(pub.length - 32)), sshString(rng.bytes(64)), sshString('deploy@ci'), Buffer.from([1, 2, 3])]);
  return Buffer.concat([Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), u32(1), sshString(pub), sshString(priv)]);
}

/** Wraps text at `width` columns. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\n');
}

/** A PEM block: the label is joined from parts so no literal armour line sits in the source. */
export function pem(label: string, body: Buffer): string {
  const dash = '-'.repeat(5);
  return `${dash}BEGIN ${label}${dash}\n${wrap(body.toString('base64'), 64)}\n${dash}END ${label}${dash}\n`;
}

const PRIVATE_KEY = ['PRIVATE', 'KEY'].join(' ');

/** A JWT with the given payload and a random signature of the length of an RS256 one. */
export function jwt(rng: Rng, header: object, payload: object, signatureLength = 342): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.${rng.string(B64URL, signatureLength)}`;
}

// ---- credential types ----

/** One credential type: its name, how to build its carrier text (the credential in its natural context). */
export interface CredentialType {
  readonly name: string;
  /** The carrier text and the secret inside it (the part that must never show in a finding). */
  readonly build: (rng: Rng) => { readonly text: string; readonly secret: string };
}

const token = (text: string, secret = text) => ({ text, secret });
const join = (...parts: string[]) => parts.join('');

export const CREDENTIAL_TYPES: CredentialType[] = [
  { name: 'AWS access key ID', build: r => token(join('AK', 'IA', r.string(UPPER + DIGITS, 16))) },
  { name: 'AWS secret access key', build: r => { const s = r.string(B64, 40); return token(`aws_secret_access_key = ${s}`, s); } },
  { name: 'GitHub classic token', build: r => token(join('gh', 'p_', r.string(ALNUM, 36))) },
  { name: 'GitHub fine-grained token', build: r => token(join('github', '_pat_', r.string(ALNUM, 22), '_', r.string(ALNUM, 59))) },
  { name: 'GitLab personal token', build: r => token(join('gl', 'pat-', r.string(ALNUM, 20))) },
  { name: 'GitLab deploy token', build: r => token(join('gl', 'dt-', r.string(ALNUM, 20))) },
  { name: 'Slack bot token', build: r => token(join('xo', 'xb-', r.string(DIGITS, 11), '-', r.string(DIGITS, 13), '-', r.string(ALNUM, 24))) },
  { name: 'Slack webhook URL', build: r => { const s = join('T', r.string(UPPER + DIGITS, 8), '/B', r.string(UPPER + DIGITS, 10), '/', r.string(ALNUM, 24)); return token(join('https://hooks.', 'slack.com/services/', s), s); } },
  { name: 'Google API key', build: r => token(join('AI', 'za', r.string(B64URL.replace('-', ''), 35))) },
  { name: 'npm token', build: r => token(join('np', 'm_', r.string(ALNUM, 36))) },
  { name: 'Stripe secret key', build: r => token(join('sk', '_live_', r.string(ALNUM, 40))) },
  { name: 'SendGrid API key', build: r => token(join('S', 'G.', r.string(ALNUM, 22), '.', r.string(ALNUM, 43))) },
  { name: 'OpenAI API key', build: r => token(join('sk', '-proj-', r.string(ALNUM, 74), 'T3Blbk', 'FJ', r.string(ALNUM, 74))) },
  { name: 'Hugging Face token', build: r => token(join('h', 'f_', r.string(LOWER + UPPER, 34))) },
  { name: 'Databricks token', build: r => token(join('da', 'pi', r.string(HEX, 32))) },
  { name: 'Grafana service account token', build: r => token(join('gl', 'sa_', r.string(ALNUM, 32), '_', r.string(HEX, 8))) },
  { name: 'Docker Hub token', build: r => token(join('dckr', '_pat_', r.string(ALNUM, 27))) },
  { name: 'Azure AD client secret', build: r => token(join(r.string(ALNUM, 3), r.pick(DIGITS.split('')), 'Q', '~', r.string(ALNUM + '_-', 34))) },
  {
    name: 'Azure storage connection string',
    build: r => { const key = r.string(B64, 86) + '=='; return token(`DefaultEndpointsProtocol=https;AccountName=fleet${r.string(LOWER, 6)};Account${'Key'}=${key};EndpointSuffix=core.windows.net`, key); },
  },
  { name: 'Vault token (hvs.)', build: r => token(join('hv', 's.', 'CAESI', r.string(B64URL, 86))) },
  { name: 'Vault legacy token (s.)', build: r => { const s = join('s', '.', mixed(r, ALNUM, 24)); return token(`VAULT_TOKEN=${s}`, s); } },
  {
    name: 'Kubernetes service account JWT',
    build: r => token(jwt(r, { alg: 'RS256', kid: r.string(B64URL, 43) }, { iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:team-a:deployer', exp: 1900000000 })),
  },
  { name: 'OpenShift token', build: r => token(join('sha', '256~', r.string(B64URL, 43))) },
  { name: 'Redis URL password (empty user)', build: r => { const pw = mixed(r, ALNUM, 20); return token(`redis://:${pw}@redis-master.cache.svc:6379/0`, pw); } },
  { name: 'PostgreSQL URL password', build: r => { const pw = mixed(r, ALNUM, 18); return token(`postgresql://app_user:${pw}@db.internal:5432/app`, pw); } },
  { name: 'AMQP URL password', build: r => { const pw = password(r); return token(`amqp://orders:${encodeURIComponent(pw)}@rabbitmq.messaging.svc:5672/orders`, encodeURIComponent(pw)); } },
  { name: 'ADO.NET connection string password', build: r => { const pw = password(r); return token(`Server=tcp:sql.internal,1433;Database=app;User Id=app;Password=${pw};Encrypt=true`, pw); } },
  { name: 'JDBC URL password', build: r => { const pw = mixed(r, ALNUM, 16); return token(`jdbc:sqlserver://sql.internal:1433;databaseName=app;user=app;password=${pw}`, pw); } },
  { name: 'RSA private key (PKCS#1 PEM)', build: r => { const k = pkcs1(r); return token(pem(`RSA ${PRIVATE_KEY}`, k), k.toString('base64').slice(40, 200)); } },
  { name: 'private key (PKCS#8 PEM)', build: r => { const k = pkcs8(r); return token(pem(PRIVATE_KEY, k), k.toString('base64').slice(40, 200)); } },
  { name: 'EC private key (SEC1 PEM)', build: r => { const k = sec1(r); return token(pem(`EC ${PRIVATE_KEY}`, k), k.toString('base64').slice(20, 120)); } },
  { name: 'encrypted private key (PEM)', build: r => { const k = encryptedPkcs8(r); return token(pem(`ENCRYPTED ${PRIVATE_KEY}`, k), k.toString('base64').slice(40, 200)); } },
  { name: 'OpenSSH private key body (no armour)', build: r => { const b = opensshBody(r).toString('base64'); return token(wrap(b, 70), b.slice(40, 120)); } },
  {
    name: 'PuTTY private key',
    build: r => {
      const pub = wrap(sshPublicBlob(r).toString('base64'), 64).split('\n');
      const priv = r.bytes(36).toString('base64');
      const text = ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: none', 'Comment: deploy-key', `Public-Lines: ${pub.length}`, ...pub,
        'Private-Lines: 1', priv, `Private-MAC: ${r.string(HEX, 64)}`, ''].join('\n');
      return token(text, priv);
    },
  },
  {
    name: 'JWK private key',
    build: r => { const d = r.string(B64URL, 43); return token(JSON.stringify({ kty: 'EC', crv: 'P-256', x: r.string(B64URL, 43), y: r.string(B64URL, 43), d, kid: 'signing-1' }), d); },
  },
  { name: 'PKCS#12 key store (base64)', build: r => { const b = pkcs12(r).toString('base64'); return token(b, b.slice(60, 200)); } },
  { name: 'DER private key (base64, no armour)', build: r => { const b = pkcs8(r).toString('base64'); return token(b, b.slice(60, 200)); } },
  {
    name: 'kubeconfig client-key-data',
    build: r => {
      const keyData = Buffer.from(pem(`RSA ${PRIVATE_KEY}`, pkcs1(r))).toString('base64');
      return token(['apiVersion: v1', 'kind: Config', 'users:', '- name: admin', '  user:', `    client-certificate-data: ${certificate(r).toString('base64')}`,
        `    client-key-data: ${keyData}`, ''].join('\n'), keyData.slice(100, 200));
    },
  },
  {
    name: 'kubeconfig static token',
    build: r => { const t = mixed(r, ALNUM, 32); return token(['apiVersion: v1', 'kind: Config', 'users:', '- name: ci', '  user:', `    token: ${t}`, ''].join('\n'), t); },
  },
  {
    name: 'Argo CD cluster bearerToken',
    build: r => { const t = mixed(r, ALNUM, 40); return token(JSON.stringify({ bearerToken: t, tlsClientConfig: { insecure: false, caData: certificate(r).toString('base64') } }), t); },
  },
  {
    name: 'Argo CD cluster exec env value',
    build: r => { const v = mixed(r, ALNUM + '+/', 44); return token(JSON.stringify({ execProviderConfig: { command: 'argocd-k8s-auth', args: ['aws'], env: { AWS_REGION: 'eu-west-1', EXEC_ARG: v }, apiVersion: 'client.authentication.k8s.io/v1beta1' } }), v); },
  },
  {
    name: '.dockerconfigjson auth',
    build: r => { const pw = mixed(r, ALNUM, 24); const auth = Buffer.from(`robot$ci:${pw}`).toString('base64'); return token(JSON.stringify({ auths: { 'registry.example.com': { auth } } }), auth); },
  },
  { name: 'password in an env file', build: r => { const pw = password(r); return token(`DB_HOST=db.internal\nDB_PASSWORD=${pw}\n`, pw); } },
  { name: 'API key under apiKey', build: r => { const k = mixed(r, ALNUM, 32); return token(`monitoring:\n  apiKey: ${k}\n`, k); } },
  { name: 'client secret in properties', build: r => { const s = mixed(r, ALNUM + '-._~', 40); return token(`spring.security.oauth2.client.registration.app.client-secret=${s}\n`, s); } },
];

// ---- encodings ----

export interface Encoding {
  readonly name: string;
  readonly encode: (text: string) => string;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

export const ENCODINGS: Encoding[] = [
  { name: 'direct', encode: t => t },
  { name: 'base64', encode: t => b64(t) },
  { name: 'base64 wrapped 76', encode: t => wrap(b64(t), 76) },
  { name: 'base64 wrapped 64, indented', encode: t => `tls.bundle: |\n${wrap(b64(t), 64).split('\n').map(l => `    ${l}`).join('\n')}\n` },
  { name: 'base64 ×2', encode: t => b64(b64(t)) },
  { name: 'base64 ×4', encode: t => b64(b64(b64(b64(t)))) },
  { name: 'base64url', encode: t => Buffer.from(t).toString('base64url') },
  { name: 'hex', encode: t => Buffer.from(t).toString('hex') },
  { name: 'gzip+base64', encode: t => b64(zlib.gzipSync(t)) },
  { name: 'zlib+base64', encode: t => b64(zlib.deflateSync(t)) },
  { name: 'UTF-16LE+base64', encode: t => b64(Buffer.from(t, 'utf16le')) },
  { name: 'UTF-16BE with BOM+base64', encode: t => { const le = Buffer.from(`\ufeff${t}`, 'utf16le'); for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]]; return b64(le); } },
  { name: 'URL-encoded', encode: t => encodeURIComponent(t) },
  { name: 'JSON \\u-escaped', encode: t => t.replace(/[^A-Za-z0-9]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) },
  { name: 'KEY=<base64> line', encode: t => `APP_MODE=production\nAPP_SETTINGS=${b64(t)}\n` },
  { name: 'JSON in a string', encode: t => JSON.stringify({ kind: 'settings', values: { blob: t } }) },
  { name: 'YAML in a string', encode: t => `settings:\n  blob: |\n${t.split('\n').map(l => `    ${l}`).join('\n')}\n` },
];

// ---- benign look-alikes ----

export interface Benign {
  readonly name: string;
  readonly text: string;
}

/** Values that look like credentials but are not: no finding expected. */
export function benignCorpus(seed = 7): Benign[] {
  const r = new Rng(seed);
  const hex = (n: number) => r.string(HEX, n);
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const cert = pem('CERTIFICATE', certificate(r));
  const awsDocId = join('AK', 'IA', 'IOSFODNN7', 'EXAMPLE');
  const awsDocSecret = join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY');
  const jwtIo = jwt(r, { alg: 'HS256', typ: 'JWT' }, { sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 43);
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"demo"}').toString('base64url')}.`;
  return [
    { name: 'image digest', text: `docker.io/flyway/flyway:11.3.0@sha256:${hex(64)}` },
    { name: 'sha256 sum line', text: `${hex(64)}  release-1.4.2-linux-amd64.tar.gz` },
    { name: 'sha1 revision', text: `revision: ${hex(40)}` },
    { name: 'sha512 checksum annotation', text: `checksum/config: ${hex(128)}` },
    { name: 'md5 under a hash key', text: `configHash: ${hex(32)}` },
    { name: 'UUID uid', text: `uid: ${uuid()}` },
    { name: 'UUID tenant and client IDs', text: `tenantId: ${uuid()}\nclientId: ${uuid()}` },
    { name: 'public certificate PEM', text: cert },
    { name: 'base64 CA bundle', text: `caBundle: ${b64(cert + pem('CERTIFICATE', certificate(r)))}` },
    { name: 'Argo CD config with caData only', text: JSON.stringify({ tlsClientConfig: { insecure: false, caData: b64(cert) } }) },
    { name: 'PEM public key', text: pem('PUBLIC KEY', spki(r)) },
    { name: 'ssh-rsa public key', text: `ssh-rsa ${b64(Buffer.concat([sshString('ssh-rsa'), sshString(Buffer.from([1, 0, 1])), sshString(r.bytes(257))]))} deploy@ci` },
    { name: 'ssh-ed25519 public key under publicKey', text: `publicKey: ssh-ed25519 ${b64(sshPublicBlob(r))}` },
    { name: 'public JWKS (no d)', text: JSON.stringify({ keys: [{ kty: 'RSA', n: r.string(B64URL, 342), e: 'AQAB', kid: 'k1', use: 'sig' }] }) },
    { name: 'Vault KV path', text: 'path: secret/data/team-a/db' },
    { name: 'Vault policy HCL', text: 'path "database/creds/tenant-001-migrate" {\n  capabilities = ["read"]\n}\n' },
    { name: 'base64 of ordinary text', text: b64('Hello from the platform team: this config map enables the new checkout flow for 10% of users.') },
    { name: 'base64 of a YAML config', text: b64('replicas: 3\nimage: nginx:1.27\nport: 8080\nlogLevel: info\n') },
    { name: 'gzip+base64 of ordinary text', text: b64(zlib.gzipSync('feature flags: checkout=on, search=off, banner=spring-sale')) },
    { name: 'hex of ordinary text', text: Buffer.from('just a hex encoded greeting for the logs').toString('hex') },
    { name: 'random binaryData (base64)', text: b64(r.bytes(600)) },
    { name: 'jwt.io example token in docs', text: `Example: Authorization: Bearer ${jwtIo}` },
    { name: 'unsigned JWT', text: `token: ${unsigned}` },
    { name: 'JWT with a placeholder signature', text: `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"system:serviceaccount:a:b"}').toString('base64url')}.<signature>` },
    { name: 'ESO template password', text: 'password: "{{ .password }}"' },
    { name: 'ESO template URL', text: 'url: "postgres://{{ .username }}:{{ .password }}@db.internal:5432/app"' },
    { name: 'Tekton params token flag', text: '#!/bin/sh\ngh auth login --with-token --token=$(params.token)\ncurl -H "Authorization: Bearer $(params.token)" https://api.github.com' },
    { name: 'shell reading a mounted password', text: '#!/bin/sh\nset -e\nflyway -user="$(cat /etc/db-credentials/username)" -password="$(cat /etc/db-credentials/password)" -url="$(params.db-url)" migrate' },
    { name: 'env reference in a URL', text: 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app' },
    { name: 'cron schedule', text: 'schedule: "*/15 2-5 * * 1-5"' },
    { name: 'semver', text: 'version: 1.24.3-rc.1+build.5' },
    { name: 'Kubernetes names', text: 'secretName: tenant-001-db-credentials\nserviceAccountName: external-secrets-operator-controller' },
    { name: 'secretKeyRef', text: 'valueFrom:\n  secretKeyRef:\n    name: db-credentials\n    key: password\n' },
    { name: 'ESO remoteRef key', text: 'remoteRef:\n  key: team-a/db\n  property: password\nsecretKey: password' },
    { name: 'credential-named references', text: 'passwordSecretRef: db-credentials\ntokenSecretRef: vault-token\nclientSecretName: oidc-client\nsecretStoreRef: vault-backend' },
    { name: 'AWS documentation example keys', text: `aws_access_key_id = ${awsDocId}\naws_secret_access_key = ${awsDocSecret}` },
    { name: 'masked password', text: 'password: ********\ntoken: "***"' },
    { name: 'placeholder token', text: 'token: <your-token-here>\napiKey: YOUR_API_KEY\npassword: changeme' },
    { name: 'URL without password', text: 'repoURL: https://github.com/example-org/fleet-config\nserver: https://vault.vault.svc:8200' },
    { name: 'git SSH URLs', text: 'git@github.com:example-org/fleet-config.git ssh://git@github.com/example-org/fleet.git' },
    { name: 'Helm existingSecret', text: 'auth:\n  existingSecret: postgresql-credentials\n  secretKeys:\n    adminPasswordKey: postgres-password' },
    { name: 'PGP public key block', text: pem('PGP PUBLIC KEY BLOCK', r.bytes(300)) },
    { name: 'docker config with a credential store', text: JSON.stringify({ credsStore: 'desktop', auths: { 'registry.example.com': {} } }) },
    { name: 'npmrc with an env token', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true' },
    { name: 'kubeconfig with an exec plugin', text: ['apiVersion: v1', 'kind: Config', 'users:', '- name: eks', '  user:', '    exec:', '      apiVersion: client.authentication.k8s.io/v1beta1', '      command: aws', '      args: ["eks", "get-token", "--cluster-name", "prod"]', ''].join('\n') },
    { name: 'Argo CD exec config without credentials', text: JSON.stringify({ execProviderConfig: { command: 'argocd-k8s-auth', args: ['aws', '--cluster-name', 'prod'], env: { AWS_REGION: 'eu-west-1', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/argocd' }, apiVersion: 'client.authentication.k8s.io/v1beta1' }, tlsClientConfig: { caData: b64(cert) } }) },
    { name: 'password policy', text: 'passwordPolicy: "length=20 upper=1 digits=2"\ntokenTTL: 15m\ntokenMaxTTL: 1h' },
    { name: 'SQL with template password', text: 'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';' },
    { name: 'OIDC issuer and JWKS URI', text: 'issuer: https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF\njwksUri: https://keys.example.com/.well-known/jwks.json' },
    { name: 'ESO generator password spec', text: 'spec:\n  length: 32\n  digits: 5\n  symbols: 5\n  noUpper: false\n  allowRepeat: true' },
    { name: 'base64 of a kubeconfig with exec', text: b64(['apiVersion: v1', 'kind: Config', 'users:', '- name: eks', '  user:', '    exec:', '      command: aws', ''].join('\n')) },
  ];
}

// ---- placements: where a credential lands in a manifest ----

export interface Placement {
  readonly name: string;
  readonly place: (text: string) => unknown;
}

/** Manifests holding a carrier text in the places credentials end up. */
export const PLACEMENTS: Placement[] = [
  { name: 'Secret data', place: t => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'team-a' }, data: { value: b64(t) } }) },
  { name: 'Secret stringData', place: t => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'team-a' }, stringData: { value: t } }) },
  { name: 'ConfigMap data', place: t => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team-a' }, data: { 'app.conf': t } }) },
  { name: 'ConfigMap binaryData', place: t => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team-a' }, binaryData: { blob: b64(t) } }) },
  { name: 'annotation', place: t => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'team-a', annotations: { 'example.com/config': t } } }) },
  {
    name: 'container env value',
    place: t => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'team-a' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'SETTINGS', value: t }] }] } } } }),
  },
  {
    name: 'Tekton step script',
    place: t => ({ apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 't', namespace: 'team-a' }, spec: { steps: [{ name: 'run', image: 'alpine:3', script: `#!/bin/sh\ncat <<'EOF' > /tmp/config\n${t}\nEOF\n` }] } }),
  },
  {
    name: 'Helm values (Argo CD Application)',
    place: t => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec: { source: { helm: { values: `app:\n  config: |\n${t.split('\n').map(l => `    ${l}`).join('\n')}\n` } } } }),
  },
  {
    name: 'included YAML (custom resource)',
    place: t => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team-a' }, spec: { settings: { raw: t } } }),
  },
  {
    name: 'overlay patch (Kustomization)',
    place: t => ({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', patches: [{ target: { kind: 'ConfigMap', name: 'c' }, patch: `- op: add\n  path: /data/extra\n  value: ${JSON.stringify(t)}\n` }] }),
  },
];
