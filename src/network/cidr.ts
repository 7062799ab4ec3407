import { ValidationError } from '../common/errors';

/**
 * A small IPv4/IPv6 address and CIDR parser, strict in the way Kubernetes' CEL `isIP`/`isCIDR` are (Go's
 * net/netip): dotted-quad IPv4 without leading zeros, RFC 4291 IPv6 text (with an optional embedded IPv4
 * tail), no zones, no IPv4-mapped IPv6 addresses, prefix lengths without leading zeros. The OVN-Kubernetes
 * CRDs validate every subnet this way, so parsing here lets a construct fail at construct time with the
 * same verdict as the API server, and name the prop instead of a CEL rule.
 */

/** An IP address: 4 bytes (IPv4) or 16 bytes (IPv6). */
export class IpAddress {
  /** Parses an address; throws an error that names `prop`. */
  public static parse(prop: string, value: string): IpAddress {
    const problem = addressProblem(value);
    if (typeof problem === 'string') {
      throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) is not a valid IP address: ${problem}; use e.g. 10.0.0.1 or fd00::1`);
    }
    return problem;
  }

  /** Whether `value` parses as an address. */
  public static isValid(value: string): boolean {
    return typeof addressProblem(value) !== 'string';
  }

  public constructor(public readonly bytes: readonly number[]) {}

  /** 4 or 6. */
  public get family(): number {
    return this.bytes.length === 4 ? 4 : 6;
  }

  public equals(other: IpAddress): boolean {
    return this.bytes.length === other.bytes.length && this.bytes.every((b, i) => b === other.bytes[i]);
  }

  /** The address with every bit after the first `bits` cleared. */
  public masked(bits: number): IpAddress {
    return new IpAddress(this.bytes.map((b, i) => {
      const hostBits = 8 - Math.min(8, Math.max(0, bits - 8 * i));
      return b - (b % 2 ** hostBits);
    }));
  }

  /** Dotted decimal, or RFC 5952 for IPv6 (lower-case hex, the longest run of zero groups as `::`). */
  public toString(): string {
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

/** A network in CIDR notation, e.g. `10.0.0.0/16` or `fd00:10::/64`. */
export class Cidr {
  /** Parses a CIDR; throws an error that names `prop`. */
  public static parse(prop: string, value: string): Cidr {
    const parsed = cidrProblem(value);
    if (typeof parsed === 'string') {
      throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) is not a valid CIDR: ${parsed}; use e.g. 10.0.0.0/16 or fd00:10::/64`);
    }
    return parsed;
  }

  /** Whether `value` parses as a CIDR. */
  public static isValid(value: string): boolean {
    return typeof cidrProblem(value) !== 'string';
  }

  public constructor(public readonly address: IpAddress, public readonly prefixLength: number) {}

  /** 4 or 6. */
  public get family(): number {
    return this.address.family;
  }

  /** Address bits of the family: 32 or 128. */
  public get maxPrefixLength(): number {
    return this.address.bytes.length * 8;
  }

  /** The network address (host bits cleared), e.g. `10.0.0.0/16` for `10.0.0.7/16`. */
  public masked(): Cidr {
    return new Cidr(this.address.masked(this.prefixLength), this.prefixLength);
  }

  /** Whether no host bits are set. */
  public get isMasked(): boolean {
    return this.address.equals(this.address.masked(this.prefixLength));
  }

  public containsIp(ip: IpAddress): boolean {
    return ip.family === this.family && ip.masked(this.prefixLength).equals(this.address.masked(this.prefixLength));
  }

  /** Whether `other` lies inside this network (same family, prefix at least as long). */
  public containsCidr(other: Cidr): boolean {
    return this.prefixLength <= other.prefixLength && this.containsIp(other.address);
  }

  public equals(other: Cidr): boolean {
    return this.prefixLength === other.prefixLength && this.address.equals(other.address);
  }

  public overlaps(other: Cidr): boolean {
    return this.containsCidr(other) || other.containsCidr(this);
  }

  public toString(): string {
    return `${this.address}/${this.prefixLength}`;
  }
}

/** IP families of a list of CIDRs or addresses, as words for messages. */
export function familyName(family: number): string {
  return family === 4 ? 'IPv4' : 'IPv6';
}

function cidrProblem(value: string): Cidr | string {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return "a '/' and a prefix length are missing";
  const address = addressProblem(value.slice(0, slash));
  if (typeof address === 'string') return address;
  const bits = value.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return `the prefix length ${JSON.stringify(bits)} must be a number without leading zeros`;
  const max = address.bytes.length * 8;
  if (Number(bits) > max) return `the prefix length ${bits} exceeds ${max}`;
  return new Cidr(address, Number(bits));
}

function addressProblem(value: string): IpAddress | string {
  if (value.includes('%')) return 'zones are not allowed';
  const parsed = value.includes(':') ? parseIpv6(value) : parseIpv4(value);
  if (typeof parsed === 'string') return parsed;
  const ipv4Mapped = parsed.length === 16 && parsed.slice(0, 10).every(b => b === 0) && parsed[10] === 0xff && parsed[11] === 0xff;
  if (ipv4Mapped) return 'IPv4-mapped IPv6 addresses are not allowed; write the IPv4 address itself';
  return new IpAddress(parsed);
}

function parseIpv4(value: string): number[] | string {
  const fields = value.split('.');
  if (fields.length !== 4) return 'an IPv4 address has four dot-separated fields';
  const bytes: number[] = [];
  for (const field of fields) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(field)) return `the field ${JSON.stringify(field)} must be a decimal number without leading zeros`;
    if (Number(field) > 255) return `the field ${field} exceeds 255`;
    bytes.push(Number(field));
  }
  return bytes;
}

function parseIpv6(value: string): number[] | string {
  const halves = value.split('::');
  if (halves.length > 2) return "'::' may appear only once";
  const groupsOf = (text: string): number[] | string => {
    if (text === '') return [];
    const parts = text.split(':');
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (typeof v4 === 'string') return `the embedded IPv4 address is invalid: ${v4}`;
        out.push(v4[0] * 256 + v4[1], v4[2] * 256 + v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return `the group ${JSON.stringify(part)} must have 1 to 4 hexadecimal digits`;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  if (typeof head === 'string') return head;
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (typeof tail === 'string') return tail;
  if (halves.length === 2 && halves[0].includes('.')) return 'an embedded IPv4 address must end the address';
  let groups: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return "'::' must stand for at least one group of zeros";
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return 'an IPv6 address without \'::\' has eight groups';
    groups = head;
  }
  return groups.flatMap(g => [Math.floor(g / 256), g % 256]);
}
