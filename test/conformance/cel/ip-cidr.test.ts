import { createKubernetesCelEnvironment } from './environment';
import { CIDR, IP, parseCIDR, parseIP } from './ip-cidr';

const env = createKubernetesCelEnvironment();
const evaluate = (expression: string) => env.evaluate(expression);

// Cases from k8s.io/apiserver/pkg/cel/library/ip_test.go and the examples in ip.go's doc comment.
describe('IP library', () => {
  test.each([
    ['ip("192.168.0.1").family()', 4n],
    ['ip("2001:db8::68").family()', 6n],
    ['ip("127.0.0.1").family() == 4', true],
    ['isIP("192.168.0.1")', true],
    ['isIP("192.168.0.1.0")', false],
    ['isIP("2001:db8::68")', true],
    ['isIP("2001:db8:::68")', false],
    ['isIP("127.0.0.256")', false],
    ['isIP(":::1")', false],
    ['ip.isCanonical("127.0.0.1")', true],
    ['ip.isCanonical("2001:db8::68")', true],
    ['ip.isCanonical("2001:DB8::68")', false],
    ['ip.isCanonical("2001:db8::0:0:0:abcd")', false],
    ['ip("0.0.0.0").isUnspecified()', true],
    ['ip("127.0.0.1").isUnspecified()', false],
    ['ip("::").isUnspecified()', true],
    ['ip("::1").isUnspecified()', false],
    ['ip("127.0.0.1").isLoopback()', true],
    ['ip("1.2.3.4").isLoopback()', false],
    ['ip("::1").isLoopback()', true],
    ['ip("2001:db8::abcd").isLoopback()', false],
    ['ip("224.0.0.1").isLinkLocalMulticast()', true],
    ['ip("224.0.1.1").isLinkLocalMulticast()', false],
    ['ip("ff02::1").isLinkLocalMulticast()', true],
    ['ip("fd00::1").isLinkLocalMulticast()', false],
    ['ip("169.254.169.254").isLinkLocalUnicast()', true],
    ['ip("192.168.0.1").isLinkLocalUnicast()', false],
    ['ip("fe80::1").isLinkLocalUnicast()', true],
    ['ip("fd80::1").isLinkLocalUnicast()', false],
    ['ip("192.168.0.1").isGlobalUnicast()', true],
    ['ip("255.255.255.255").isGlobalUnicast()', false],
    ['ip("2001:db8::abcd").isGlobalUnicast()', true],
    ['ip("ff00::1").isGlobalUnicast()', false],
    ['string(ip("192.168.0.1"))', '192.168.0.1'],
    ['type(ip("192.168.0.1")) == type(ip("::1"))', true],
    // Equality is on the parsed address, so spelling does not matter but the family does.
    ['ip("2001:DB8::0:0:1") == ip("2001:db8::1")', true],
    ['ip("1.2.3.4") != ip("::1.2.3.4")', true],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  test.each([
    ['ip("192.168.0.1.0")', 'IP Address "192.168.0.1.0" parse error during conversion from string: ParseAddr("192.168.0.1.0"): IPv4 address too long'],
    ['ip("2001:db8:::68")', 'IP Address "2001:db8:::68" parse error during conversion from string: ParseAddr("2001:db8:::68"): each colon-separated field must have at least one digit (at ":68")'],
    ['ip("bad")', 'ParseAddr("bad"): unable to parse IP'],
    ['ip.isCanonical("127.0.0.1.0")', 'IPv4 address too long'],
    ['ip("fe80::1%eth0")', 'IP address "fe80::1%eth0" with zone value is not allowed'],
    ['ip("::ffff:1.2.3.4")', 'IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed'],
  ])('%s is an evaluation error', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(expect.objectContaining({ name: 'EvaluationError', message: expect.stringContaining(message) }));
  });

  test('isIP(cidr) does not type-check', () => {
    expect(env.check('isIP(cidr("192.168.0.0/24"))').valid).toBe(false);
  });

  // Go's net/netip ParseAddr (src/net/netip/netip.go), which ip.go relies on.
  test.each([
    ['01.2.3.4', 'IPv4 field has octet with leading zero'],
    ['1.2.3.04', 'IPv4 field has octet with leading zero'],
    ['1.2.3', 'IPv4 address too short'],
    ['1..2.3', 'IPv4 field must have at least one digit'],
    ['1.2.3.4 ', 'unexpected character'],
    ['', 'unable to parse IP'],
    ['%eth0', 'missing IPv6 address'],
    ['fe80::1%', 'zone must be a non-empty string'],
    ['2001:db8::00001', 'each group must have 4 or less digits'],
    ['1:2:3:4:5:6:7:8:9', 'trailing garbage after address'],
    ['1:2:3:4:5:6:7', 'address string too short'],
    ['1:2:3:4::5:6:7:8', 'the :: must expand to at least one field of zeros'],
    ['1::2::3', 'multiple :: in address'],
    ['1:2:3:4:1.2.3.4', 'embedded IPv4 address must replace the final 2 fields of the address'],
    ['::ffff:01.2.3.4', 'IPv4 field has octet with leading zero'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseIP(raw)).toThrow(message);
  });

  test.each([
    ['0.0.0.0', '0.0.0.0'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:3:0:0:4', '1::2:3:0:0:4'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['::1.2.3.4', '::102:304'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['::', '::'],
    ['ff02::', 'ff02::'],
  ])('formats %s as %s (RFC 5952, as Addr.String)', (raw, canonical) => {
    expect(parseIP(raw).toString()).toBe(canonical);
  });
});

// Cases from k8s.io/apiserver/pkg/cel/library/cidr_test.go and the examples in cidr.go's doc comment.
describe('CIDR library', () => {
  test.each([
    ['cidr("192.168.0.0/24").containsIP(ip("192.168.0.1"))', true],
    ['cidr("192.168.0.0/24").containsIP(ip("192.168.1.1"))', false],
    ['cidr("192.168.0.0/24").containsIP("192.168.0.1")', true],
    ['cidr("192.168.0.0/24").containsIP("192.168.1.1")', false],
    ['cidr("192.168.0.0/24").containsCIDR(cidr("192.168.0.0/25"))', true],
    ['cidr("192.168.0.0/24").containsCIDR(cidr("192.168.0.0/23"))', false],
    ['cidr("192.168.0.0/24").containsCIDR("192.168.0.0/25")', true],
    ['cidr("192.168.0.0/24").containsCIDR("192.168.0.0/23")', false],
    ['cidr("192.168.0.0/16").containsCIDR(cidr("192.168.10.0/24"))', true],
    ['cidr("192.168.1.0/24").containsCIDR(cidr("192.168.2.0/24"))', false],
    ['cidr("192.168.0.0/16").containsCIDR("192.168.10.0/24")', true],
    ['cidr("192.168.1.0/24").containsCIDR("192.168.2.0/24")', false],
    ['cidr("2001:db8::/32").containsIP(ip("2001:db8::1"))', true],
    ['cidr("2001:db8::/32").containsIP(ip("2001:dc8::1"))', false],
    ['cidr("2001:db8::/32").containsIP("2001:db8::1")', true],
    ['cidr("2001:db8::/32").containsCIDR(cidr("2001:db8::/33"))', true],
    ['cidr("2001:db8::/32").containsCIDR("2001:db8::/31")', false],
    ['cidr("192.168.0.0/24").ip() == ip("192.168.0.0")', true],
    ['cidr("192.168.0.1/24").ip() == ip("192.168.0.1")', true],
    ['cidr("192.168.0.1/24").ip().family()', 4n],
    ['cidr("::1/128").ip() == ip("::1")', true],
    ['cidr("::1/128").ip().family()', 6n],
    ['cidr("192.168.0.0/24").masked() == cidr("192.168.0.0/24")', true],
    ['cidr("192.168.0.1/24").masked() == cidr("192.168.0.0/24")', true],
    ['cidr("2001:db8:1::/32").masked() == cidr("2001:db8::/32")', true],
    ['cidr("192.168.0.0/24") == cidr("192.168.0.0/24").masked()', true],
    ['cidr("192.168.0.1/24") == cidr("192.168.0.1/24").masked()', false],
    ['cidr("192.168.0.0/16").prefixLength()', 16n],
    ['cidr("::1/128").prefixLength()', 128n],
    ['cidr("2001:db8::/32").prefixLength()', 32n],
    ['string(cidr("192.168.0.0/24"))', '192.168.0.0/24'],
    ['string(cidr("2001:DB8:0:0::/32").masked())', '2001:db8::/32'],
    ['isCIDR("192.168.0.0/16")', true],
    ['isCIDR("::1/128")', true],
    ['isCIDR("192.168.0.0/33")', false],
    ['isCIDR("::1/129")', false],
    // Addresses of one family are never inside a network of the other.
    ['cidr("0.0.0.0/0").containsIP("::1")', false],
    ['cidr("::/0").containsCIDR("10.0.0.0/8")', false],
    // kubernetes/kubernetes#130450: the contained network's address is masked before comparing.
    ['cidr("10.0.0.0/8").containsCIDR("10.1.0.0/16")', true],
    ['cidr("192.168.0.0/16").containsCIDR("192.168.0.1/32")', true],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  test.each([
    ['cidr("192.168.0.0/")', 'network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/"): bad bits after slash: ""'],
    ['cidr("2001:db8::/")', 'netip.ParsePrefix("2001:db8::/"): bad bits after slash: ""'],
    ['cidr("192.168.0.0/33")', 'prefix length out of range'],
    ['cidr("::ffff:1.2.3.0/120")', 'network address parse error during conversion from string: IPv4-mapped IPv6 address "::ffff:1.2.3.0/120" is not allowed'],
    ['cidr("192.168.0.0/24").containsIP("192.168.0.256")', 'IPv4 field has value >255'],
    ['cidr("192.168.0.0/24").containsCIDR("192.168.0.0")', "no '/'"],
  ])('%s is an evaluation error', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(expect.objectContaining({ name: 'EvaluationError', message: expect.stringContaining(message) }));
  });

  test('cidr(int) does not type-check', () => {
    expect(env.check('cidr(192168)').valid).toBe(false);
  });

  // Go's netip.ParsePrefix (src/net/netip/netip.go), with golang/go#63850 (no sign or leading zero in the bits).
  test.each([
    ['1.2.3.0/+24', 'bad bits after slash: "+24"'],
    ['1.2.3.0/024', 'bad bits after slash: "024"'],
    ['1.2.3.0/-1', 'bad bits after slash: "-1"'],
    ['1.2.3.0/2a', 'bad bits after slash: "2a"'],
    ['1.2.3.0', "no '/'"],
    ['fe80::%eth0/64', 'IPv6 zones cannot be present in a prefix'],
    ['01.2.3.0/24', 'IPv4 field has octet with leading zero'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseCIDR(raw)).toThrow(message);
  });

  test('keeps the address as written and compares it with the prefix length', () => {
    const unmasked = parseCIDR('10.1.2.3/0');
    expect(unmasked).toEqual(new CIDR(new IP([10, 1, 2, 3]), 0));
    expect(unmasked.masked().toString()).toBe('0.0.0.0/0');
    expect(unmasked.containsIP(parseIP('255.255.255.255'))).toBe(true);
    expect(parseCIDR('10.0.0.0/8').equals(parseCIDR('10.0.0.0/9'))).toBe(false);
    expect(parseCIDR('2001:db8::ff/121').masked().toString()).toBe('2001:db8::80/121');
  });
});
