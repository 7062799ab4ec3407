import * as fc from 'fast-check';
import { Cidr, IpAddress } from '../../src/network/cidr';
import { parseCIDR, parseIP } from '../conformance/cel/ip-cidr';

const accepts = (parse: () => unknown) => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

/** Text that looks like an address: mostly well-formed, with the mistakes people make. */
const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('256', '01', '00', '', 'x', '-1'));
const ipv4Text = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(octet, octet, octet, octet).map(o => o.join('.')) },
  { weight: 1, arbitrary: fc.array(octet, { minLength: 1, maxLength: 6 }).map(o => o.join('.')) },
);
const group = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 0xffff }).map(n => n.toString(16)) },
  { weight: 1, arbitrary: fc.constantFrom('', 'g', '12345', '0000', 'FFFF', 'ffff', '1.2.3.4', '00000') },
);
const ipv6Text = fc.tuple(fc.array(group, { maxLength: 9 }), fc.boolean(), fc.array(group, { maxLength: 8 }), fc.boolean())
  .map(([head, ellipsis, tail, zone]) => `${head.join(':')}${ellipsis ? '::' : (tail.length > 0 && head.length > 0 ? ':' : '')}${tail.join(':')}${zone ? '%eth0' : ''}`);
const addressText = fc.oneof(ipv4Text, ipv6Text, fc.constantFrom('::ffff:10.0.0.1', '::ffff:a00:1', '::', '::1', '1::', 'fe80::1%eth0'));
const prefixText = fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), fc.constantFrom('', '01', '-1', 'x', '24 '));

describe('IpAddress and Cidr', () => {
  test('parse addresses and networks of both families', () => {
    expect(IpAddress.parse('ip', '10.0.0.1').family).toBe(4);
    expect(IpAddress.parse('ip', 'fd00::1').family).toBe(6);
    expect(IpAddress.parse('ip', '2001:DB8:0:0:0:0:0:1').toString()).toBe('2001:db8::1');
    expect(IpAddress.parse('ip', '::1.2.3.4').toString()).toBe('::102:304');
    const net = Cidr.parse('cidr', '10.0.0.0/16');
    expect([net.family, net.prefixLength, net.maxPrefixLength, net.isMasked]).toEqual([4, 16, 32, true]);
    expect(net.containsCidr(Cidr.parse('c', '10.0.128.0/24'))).toBe(true);
    expect(net.containsCidr(Cidr.parse('c', '10.1.0.0/24'))).toBe(false);
    expect(net.containsCidr(Cidr.parse('c', '10.0.0.0/8'))).toBe(false);
    expect(net.overlaps(Cidr.parse('c', '10.0.0.0/8'))).toBe(true);
    expect(net.containsIp(IpAddress.parse('ip', 'fd00::1'))).toBe(false);
    expect(Cidr.parse('cidr', 'fd00:10::5/64').masked().toString()).toBe('fd00:10::/64');
    expect(Cidr.parse('cidr', '10.0.0.7/16').isMasked).toBe(false);
  });

  test.each([
    ['10.0.0.1', 'an IPv4 address has four dot-separated fields', '10.0.1'],
    ['10.0.0.01', 'must be a decimal number without leading zeros', '10.0.0.01'],
    ['10.0.0.256', 'exceeds 255', '10.0.0.256'],
    ['fd00::1', 'zones are not allowed', 'fe80::1%eth0'],
    ['fd00::1', "'::' may appear only once", '1::2::3'],
    ['fd00::1', 'IPv4-mapped IPv6 addresses are not allowed', '::ffff:10.0.0.1'],
    ['fd00::1', 'must have 1 to 4 hexadecimal digits', '1:2:3:4:5:6:7:12345'],
    ['fd00::1', 'has eight groups', '1:2:3:4:5:6:7'],
    ['fd00::1', "'::' must stand for at least one group of zeros", '1:2:3:4::5:6:7:8'],
    ['fd00::1', 'embedded IPv4 address must end the address', '1.2.3.4::'],
    ['fd00::1', 'the embedded IPv4 address is invalid: the field 256 exceeds 255', '::1.2.3.256'],
  ])('fails to parse an invalid address (%#)', (_, message, value) => {
    expect(() => IpAddress.parse('defaultGatewayIps[0]', value)).toThrow(`'defaultGatewayIps[0]' (${JSON.stringify(value)}) is not a valid IP address`);
    expect(() => IpAddress.parse('x', value)).toThrow(message);
  });

  test.each([
    ["a '/' and a prefix length are missing", '10.0.0.0'],
    ['the prefix length "016" must be a number without leading zeros', '10.0.0.0/016'],
    ['the prefix length 33 exceeds 32', '10.0.0.0/33'],
    ['the prefix length 129 exceeds 128', 'fd00::/129'],
    ['IPv4-mapped IPv6 addresses are not allowed', '::ffff:10.0.0.0/104'],
  ])('fails to parse an invalid CIDR: %s', (message, value) => {
    expect(() => Cidr.parse('subnets[0]', value)).toThrow(`'subnets[0]' (${JSON.stringify(value)}) is not a valid CIDR: ${message}`);
  });

  test('property: accepts exactly the addresses the Kubernetes CEL isIP accepts', () => {
    fc.assert(fc.property(addressText, text => {
      expect(IpAddress.isValid(text)).toBe(accepts(() => parseIP(text)));
      if (IpAddress.isValid(text)) expect(IpAddress.parse('ip', text).toString()).toBe(parseIP(text).toString());
    }), { numRuns: 5000 });
  });

  test('property: accepts exactly the networks the Kubernetes CEL isCIDR accepts, with the same containment', () => {
    fc.assert(fc.property(addressText, prefixText, addressText, prefixText, (a, p, b, q) => {
      const [x, y] = [`${a}/${p}`, `${b}/${q}`];
      expect(Cidr.isValid(x)).toBe(accepts(() => parseCIDR(x)));
      if (Cidr.isValid(x) && Cidr.isValid(y)) {
        expect(Cidr.parse('x', x).containsCidr(Cidr.parse('y', y))).toBe(parseCIDR(x).containsCIDR(parseCIDR(y)));
        expect(Cidr.parse('x', x).isMasked).toBe(parseCIDR(x).equals(parseCIDR(x).masked()));
      }
    }), { numRuns: 5000 });
  });
});
