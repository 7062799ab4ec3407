/**
 * The Kubernetes CEL IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go and cidr.go, values as in
 * k8s.io/apiserver/pkg/cel/ip.go and cidr.go). Parsing is a port of Go's net/netip (ParseAddr, ParsePrefix),
 * whose strictness is what Kubernetes accepts, plus Kubernetes' own rejection of zones and IPv4-mapped IPv6.
 */
import type { CelLibrary } from './environment';

const quote = (s: string) => JSON.stringify(s);

/** An IP address like netip.Addr without zone: 4 bytes (IPv4) or 16 bytes (IPv6). Equality is family and bytes. */
export class IP {
  constructor(readonly bytes: readonly number[]) {}

  get family(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }

  equals(other: IP): boolean {
    return this.bytes.length === other.bytes.length && this.bytes.every((b, i) => b === other.bytes[i]);
  }

  isUnspecified(): boolean {
    return this.bytes.every(b => b === 0);
  }

  isLoopback(): boolean {
    const b = this.bytes;
    return b.length === 4 ? b[0] === 127 : b.every((x, i) => x === (i === 15 ? 1 : 0));
  }

  isMulticast(): boolean {
    return this.bytes.length === 4 ? Math.floor(this.bytes[0] / 16) === 0xe : this.bytes[0] === 0xff;
  }

  /** 224.0.0.0/24, or IPv6 multicast with link-local scope (ff02::/16 and flag variants, mask ff0f). */
  isLinkLocalMulticast(): boolean {
    const b = this.bytes;
    return b.length === 4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && b[1] % 16 === 2;
  }

  /** 169.254.0.0/16 or fe80::/10. */
  isLinkLocalUnicast(): boolean {
    const b = this.bytes;
    return b.length === 4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && Math.floor(b[1] / 64) === 2;
  }

  /** As Go: anything but unspecified, broadcast, loopback, multicast and link-local unicast (private ranges count). */
  isGlobalUnicast(): boolean {
    const broadcast = this.bytes.length === 4 && this.bytes.every(b => b === 255);
    return !broadcast && !this.isUnspecified() && !this.isLoopback() && !this.isMulticast() && !this.isLinkLocalUnicast();
  }

  /** Go's Addr.String(): dotted decimal, or RFC 5952 (lower-case hex, longest run of 2+ zero groups as ::). */
  toString(): string {
    const b = this.bytes;
    if (b.length === 4) return b.join('.');
    const groups = Array.from({ length: 8 }, (_, i) => b[2 * i] * 256 + b[2 * i + 1]);
    let [start, end] = [-1, -1];
    for (let i = 0; i < 8; i++) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i >= 2 && j - i > end - start) [start, end] = [i, j];
    }
    const hex = (gs: number[]) => gs.map(g => g.toString(16)).join(':');
    return start < 0 ? hex(groups) : `${hex(groups.slice(0, start))}::${hex(groups.slice(end))}`;
  }
}

/** A network like netip.Prefix: the address is kept as written (not masked); equality compares both. */
export class CIDR {
  constructor(readonly ip: IP, readonly bits: number) {}

  masked(): CIDR {
    return new CIDR(mask(this.ip, this.bits), this.bits);
  }

  /** netip.Prefix.Contains: an address of the other family is never contained. */
  containsIP(ip: IP): boolean {
    return ip.family === this.ip.family && mask(ip, this.bits).equals(mask(this.ip, this.bits));
  }

  /**
   * Same family, prefix at most as long, and the other network's address inside this one. This is cidr.go after
   * kubernetes/kubernetes#130450; before it, the other address was compared unmasked, rejecting
   * cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16').
   */
  containsCIDR(other: CIDR): boolean {
    return this.bits <= other.bits && this.containsIP(other.ip);
  }

  equals(other: CIDR): boolean {
    return this.bits === other.bits && this.ip.equals(other.ip);
  }

  toString(): string {
    return `${this.ip}/${this.bits}`;
  }
}

function mask(ip: IP, bits: number): IP {
  return new IP(ip.bytes.map((b, i) => {
    const hostBits = 8 - Math.min(8, Math.max(0, bits - 8 * i));
    return b - (b % 2 ** hostBits);
  }));
}

function addrError(input: string, msg: string, at = ''): Error {
  return new Error(`ParseAddr(${quote(input)}): ${msg}${at ? ` (at ${quote(at)})` : ''}`);
}

/** Go's netip.ParseAddr, returning the zone separately. */
export function parseAddr(s: string): { ip: IP; zone: string } {
  for (const c of s) {
    if (c === '.') return { ip: new IP(parseIPv4(s, s)), zone: '' };
    if (c === ':') return parseIPv6(s);
    if (c === '%') throw addrError(s, 'missing IPv6 address');
  }
  throw addrError(s, 'unable to parse IP');
}

/** parseIPv4Fields: exactly four decimal octets, each 0-255 without leading zeros. */
function parseIPv4(input: string, s: string): number[] {
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) throw addrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) throw addrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') throw addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (fields.length === 3) throw addrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digits = 0;
    } else {
      throw addrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (fields.length < 3) throw addrError(input, 'IPv4 address too short');
  return [...fields, val];
}

function parseIPv6(input: string): { ip: IP; zone: string } {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    [s, zone] = [s.slice(0, pct), s.slice(pct + 1)];
    if (!zone) throw addrError(input, 'zone must be a non-empty string');
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (!s) return { ip: new IP(ip), zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length && /[0-9a-fA-F]/.test(s[off]); off++) {
      acc = acc * 16 + parseInt(s[off], 16);
      if (off > 3) throw addrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) throw addrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) throw addrError(input, 'each colon-separated field must have at least one digit', s);
    if (s[off] === '.') {
      if (ellipsis < 0 && i !== 12) throw addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) throw addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      ip.splice(i, 4, ...parseIPv4(input, s));
      s = '';
      i += 4;
      break;
    }
    ip[i] = Math.floor(acc / 256);
    ip[i + 1] = acc % 256;
    i += 2;
    s = s.slice(off);
    if (!s) break;
    if (s[0] !== ':') throw addrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw addrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw addrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (!s) break;
    }
  }
  if (s) throw addrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) throw addrError(input, 'address string too short');
    ip.copyWithin(ellipsis + 16 - i, ellipsis, i).fill(0, ellipsis, ellipsis + 16 - i);
  } else if (ellipsis >= 0) {
    throw addrError(input, 'the :: must expand to at least one field of zeros');
  }
  return { ip: new IP(ip), zone };
}

/** ::ffff:0:0/96 (netip's Is4In6). */
const isIPv4Mapped = ({ bytes }: IP) => bytes.length === 16 && bytes.slice(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;

/** parseIPAddr of ip.go: netip.ParseAddr, then no zone and no IPv4-mapped IPv6 address. */
export function parseIP(raw: string): IP {
  let addr;
  try {
    addr = parseAddr(raw);
  } catch (e) {
    throw new Error(`IP Address ${quote(raw)} parse error during conversion from string: ${(e as Error).message}`);
  }
  if (addr.zone) throw new Error(`IP address ${quote(raw)} with zone value is not allowed`);
  if (isIPv4Mapped(addr.ip)) throw new Error(`IPv4-mapped IPv6 address ${quote(raw)} is not allowed`);
  return addr.ip;
}

/**
 * parseCIDR of cidr.go: netip.ParsePrefix (Go 1.22+: bits are `0` or start with 1-9, see golang/go#63850) and no
 * IPv4-mapped IPv6 address. Host bits may be set: cidr('192.168.0.1/24') is valid and differs from its masked().
 */
export function parseCIDR(raw: string): CIDR {
  const fail = (msg: string) => new Error(`network address parse error during conversion from string: netip.ParsePrefix(${quote(raw)}): ${msg}`);
  const slash = raw.lastIndexOf('/');
  if (slash < 0) throw fail("no '/'");
  let addr;
  try {
    addr = parseAddr(raw.slice(0, slash));
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (addr.zone) throw fail('IPv6 zones cannot be present in a prefix');
  const bits = raw.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bits)) throw fail(`bad bits after slash: ${quote(bits)}`);
  if (Number(bits) > addr.ip.bytes.length * 8) throw fail('prefix length out of range');
  if (isIPv4Mapped(addr.ip)) throw new Error(`IPv4-mapped IPv6 address ${quote(raw)} is not allowed`);
  return new CIDR(addr.ip, Number(bits));
}

/** cidr(): stringToCIDR wraps parseCIDR's error once more, as Kubernetes does. */
function cidr(raw: string): CIDR {
  try {
    return parseCIDR(raw);
  } catch (e) {
    throw new Error(`network address parse error during conversion from string: ${(e as Error).message}`);
  }
}

const succeeds = (parse: () => unknown) => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

/** Receiver of `ip.isCanonical(...)`: CEL sees `ip` as a namespace constant, as cel-js does for `cel.bind`. */
class IPNamespace {}

export const ipCidrLibrary: CelLibrary = {
  types: { 'net.IP': IP, 'net.CIDR': CIDR, 'kubernetes.IPNamespace': IPNamespace },
  constants: { ip: ['kubernetes.IPNamespace', new IPNamespace()] },
  functions: {
    'isIP(string): bool': (s: string) => succeeds(() => parseIP(s)),
    'ip(string): net.IP': parseIP,
    'kubernetes.IPNamespace.isCanonical(string): bool': (_: IPNamespace, s: string) => parseIP(s).toString() === s,
    'net.IP.family(): int': (ip: IP) => BigInt(ip.family),
    'net.IP.isUnspecified(): bool': (ip: IP) => ip.isUnspecified(),
    'net.IP.isLoopback(): bool': (ip: IP) => ip.isLoopback(),
    'net.IP.isLinkLocalMulticast(): bool': (ip: IP) => ip.isLinkLocalMulticast(),
    'net.IP.isLinkLocalUnicast(): bool': (ip: IP) => ip.isLinkLocalUnicast(),
    'net.IP.isGlobalUnicast(): bool': (ip: IP) => ip.isGlobalUnicast(),
    'string(net.IP): string': String,
    'isCIDR(string): bool': (s: string) => succeeds(() => parseCIDR(s)),
    'cidr(string): net.CIDR': cidr,
    'net.CIDR.containsIP(string): bool': (c: CIDR, s: string) => c.containsIP(parseIP(s)),
    'net.CIDR.containsIP(net.IP): bool': (c: CIDR, ip: IP) => c.containsIP(ip),
    'net.CIDR.containsCIDR(string): bool': (c: CIDR, s: string) => c.containsCIDR(cidr(s)),
    'net.CIDR.containsCIDR(net.CIDR): bool': (c: CIDR, other: CIDR) => c.containsCIDR(other),
    'net.CIDR.ip(): net.IP': (c: CIDR) => c.ip,
    'net.CIDR.masked(): net.CIDR': (c: CIDR) => c.masked(),
    'net.CIDR.prefixLength(): int': (c: CIDR) => BigInt(c.bits),
    'string(net.CIDR): string': String,
  },
  operators: {
    'net.IP == net.IP': (a: IP, b: IP) => a.equals(b),
    'net.CIDR == net.CIDR': (a: CIDR, b: CIDR) => a.equals(b),
  },
};
