/**
 * Private keys without PEM armour, recognized by their structure once decoded (after base64 or hex): DER
 * PKCS#1 RSA, DSA, SEC1 EC, PKCS#8 (plain and encrypted) keys, PKCS#12 key stores, and the binary body of an
 * OpenSSH private key (`openssh-key-v1`). Certificates, public keys (SubjectPublicKeyInfo, PKCS#1 public) and
 * OpenSSH public key blobs have other structures and do not match. The DER reader is bounded: it reads at most
 * a few TLV headers and never follows lengths past the buffer.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const OID = 0x06;

interface Tlv {
  readonly tag: number;
  /** Start of the content. */
  readonly start: number;
  /** End of the content (exclusive). */
  readonly end: number;
}

/** One DER TLV at `offset`, within `limit`; undefined when malformed. */
function tlv(bytes: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset];
  // high-tag-number form is never used by these structures
  if (tag % 32 === 0x1f) return undefined;
  let length = bytes[offset + 1];
  let start = offset + 2;
  if (length >= 0x80) {
    const n = length - 0x80;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[start + i];
    start += n;
    // DER: the shortest length form
    if (length < 0x80) return undefined;
  }
  const end = start + length;
  if (end > limit) return undefined;
  return { tag, start, end };
}

/** The TLVs directly inside a constructed value (at most `max`), or undefined when they do not tile it. */
function children(bytes: Uint8Array, parent: Tlv, max: number): Tlv[] | undefined {
  const out: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end && out.length < max) {
    const child = tlv(bytes, at, parent.end);
    if (!child) return undefined;
    out.push(child);
    at = child.end;
  }
  return out;
}

function isSmallInteger(bytes: Uint8Array, t: Tlv, value: number): boolean {
  return t.tag === INTEGER && t.end - t.start === 1 && bytes[t.start] === value;
}

function oidOf(bytes: Uint8Array, t: Tlv): string {
  return Buffer.from(bytes.subarray(t.start, t.end)).toString('hex');
}

// OIDs (DER content, hex)
const OID_PKCS7_DATA = '2a864886f70d010701';
const OID_PKCS7_ENCRYPTED_DATA = '2a864886f70d010706';
const OID_PBES2 = '2a864886f70d01050d';
const OID_PBE_PREFIXES = ['2a864886f70d010c01', '2a864886f70d0105']; // PKCS#12 PBE, PKCS#5 PBES1

const OPENSSH_MAGIC = new TextEncoder().encode('openssh-key-v1\0');

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** What kind of private key material `bytes` is, or undefined. */
export function privateKeyStructure(bytes: Uint8Array): string | undefined {
  if (bytes.length < 16) return undefined;
  if (startsWith(bytes, OPENSSH_MAGIC)) return 'OpenSSH private key';
  if (bytes[0] !== SEQUENCE) return undefined;
  const outer = tlv(bytes, 0, bytes.length);
  // the structure fills the buffer exactly: random bytes and truncated data do not
  if (!outer || outer.end !== bytes.length) return undefined;
  const items = children(bytes, outer, 12);
  if (!items || items.length < 2) return undefined;
  const [first, second, third] = items;

  // PKCS#12 PFX: SEQUENCE { INTEGER 3, ContentInfo SEQUENCE { OID data|encryptedData, [0] ... }, MacData? }
  if (isSmallInteger(bytes, first, 3) && second.tag === SEQUENCE) {
    const info = children(bytes, second, 2);
    if (info && info[0]?.tag === OID && [OID_PKCS7_DATA, OID_PKCS7_ENCRYPTED_DATA].includes(oidOf(bytes, info[0]))) return 'PKCS#12 key store';
  }
  // PKCS#1 RSAPrivateKey: SEQUENCE { INTEGER 0, n, e, d, p, q, dp, dq, qinv } (9 integers, or more for multi-prime)
  // DSA (OpenSSL): SEQUENCE { INTEGER 0, p, q, g, y, x } (6 integers)
  if (isSmallInteger(bytes, first, 0) && items.every(i => i.tag === INTEGER) && (items.length === 9 || items.length === 6 || items.length === 10)) {
    return items.length === 6 ? 'DSA private key' : 'RSA private key';
  }
  // PKCS#8 PrivateKeyInfo / OneAsymmetricKey: SEQUENCE { INTEGER 0|1, AlgorithmIdentifier SEQUENCE { OID, ... }, OCTET STRING, ... }
  if ((isSmallInteger(bytes, first, 0) || isSmallInteger(bytes, first, 1)) && second.tag === SEQUENCE && third?.tag === OCTET_STRING) {
    const alg = children(bytes, second, 2);
    if (alg && alg[0]?.tag === OID) return 'PKCS#8 private key';
  }
  // SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (the key, 20 to 66 bytes), [0] params?, [1] public key? }
  if (isSmallInteger(bytes, first, 1) && second.tag === OCTET_STRING && second.end - second.start >= 20 && second.end - second.start <= 66
    && items.slice(2).every(i => i.tag === 0xa0 || i.tag === 0xa1)) {
    return 'EC private key';
  }
  // EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier SEQUENCE { OID PBES2 or PBE, ... }, OCTET STRING }
  if (items.length === 2 && first.tag === SEQUENCE && second.tag === OCTET_STRING) {
    const alg = children(bytes, first, 2);
    if (alg && alg[0]?.tag === OID) {
      const oid = oidOf(bytes, alg[0]);
      if (oid === OID_PBES2 || OID_PBE_PREFIXES.some(p => oid.startsWith(p))) return 'encrypted PKCS#8 private key';
    }
  }
  return undefined;
}
