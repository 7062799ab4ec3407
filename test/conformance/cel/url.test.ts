import { createKubernetesCelEnvironment } from './environment';
import { isURL, parseURL } from './url';

const env = createKubernetesCelEnvironment();
const evaluate = (expression: string) => env.evaluate(expression);

// The examples in k8s.io/apiserver/pkg/cel/library/urls.go's doc comment.
describe('URL library: Kubernetes examples', () => {
  test.each([
    ["isURL('https://user:pass@example.com:80/path?query=val#fragment')", true],
    ["isURL('/absolute-path')", true],
    ["isURL('https://a:b:c/')", false],
    ["isURL('../relative-path')", false],
    ["url('/path').getScheme()", ''],
    ["url('https://example.com/').getScheme()", 'https'],
    ["url('https://example.com:80/').getHost()", 'example.com:80'],
    ["url('https://example.com/').getHost()", 'example.com'],
    ["url('https://[::1]:80/').getHost()", '[::1]:80'],
    ["url('https://[::1]/').getHost()", '[::1]'],
    ["url('/path').getHost()", ''],
    ["url('https://example.com:80/').getHostname()", 'example.com'],
    ["url('https://127.0.0.1:80/').getHostname()", '127.0.0.1'],
    ["url('https://[::1]:80/').getHostname()", '::1'],
    ["url('/path').getHostname()", ''],
    ["url('https://example.com:80/').getPort()", '80'],
    ["url('https://example.com/').getPort()", ''],
    ["url('/path').getPort()", ''],
    ["url('https://example.com/path').getEscapedPath()", '/path'],
    ["url('https://example.com/path with spaces/').getEscapedPath()", '/path%20with%20spaces/'],
    ["url('https://example.com').getEscapedPath()", ''],
    ["url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}", true],
    ["url('https://example.com/path?key with spaces=value with spaces').getQuery() == {'key with spaces': ['value with spaces']}", true],
    ["url('https://example.com/path?').getQuery() == {}", true],
    ["url('https://example.com/path').getQuery() == {}", true],
    ["url('https://example.com/path').getQuery().size() == 0", true],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  test.each([
    ["url('https://a:b:c/')", 'URL parse error during conversion from string: parse "https://a:b:c/": invalid port ":c" after host'],
    ["url('../relative-path')", 'invalid URI for request'],
  ])('%s is an evaluation error', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(expect.objectContaining({ name: 'EvaluationError', message: expect.stringContaining(message) }));
  });
});

// Go's net/url (src/net/url/url.go): ParseRequestURI decides isURL, url.Parse shapes url()'s value.
describe('URL library: Go url.ParseRequestURI / url.Parse behaviour', () => {
  test.each([
    ['HTTPS://Example.com/A', 'https', 'Example.com', '/A'],
    ['https://user:p%40ss@example.com/', 'https', 'example.com', '/'],
    ['https://[fe80::1%25en0]:8443/x', 'https', '[fe80::1%en0]:8443', '/x'],
    ['https://example.com:/', 'https', 'example.com:', '/'],
    ['https://example.com/a%2Fb', 'https', 'example.com', '/a%2Fb'],
    ['https://example.com/a%41', 'https', 'example.com', '/a%41'],
    ['https://example.com/caf%C3%A9', 'https', 'example.com', '/caf%C3%A9'],
    ['https://example.com/café', 'https', 'example.com', '/caf%C3%A9'],
    ['https://example.com/p#frag/x', 'https', 'example.com', '/p'],
    ['mailto:someone@example.com', 'mailto', '', ''],
    ['*', '', '', '*'],
    // Without a scheme, ParseRequestURI takes //host as path, but url.Parse then reads the authority.
    ['//example.com/p', '', 'example.com', '/p'],
  ])('%s', (raw, scheme, host, escapedPath) => {
    expect(isURL(raw)).toBe(true);
    const u = parseURL(raw);
    expect([u.scheme, u.host, u.escapedPath]).toEqual([scheme, host, escapedPath]);
  });

  test('hostname and port', () => {
    expect([parseURL('https://[fe80::1%25en0]:8443/').hostname, parseURL('https://[fe80::1%25en0]:8443/').port]).toEqual(['fe80::1%en0', '8443']);
    expect([parseURL('https://example.com:/').hostname, parseURL('https://example.com:/').port]).toEqual(['example.com', '']);
  });

  test.each([
    ['', 'empty url'],
    ['example.com/path', 'invalid URI for request'],
    [':foo', 'missing protocol scheme'],
    ['https://exa mple.com/', 'invalid character " " in host name'],
    ['https://example.com:port/', 'invalid port ":port" after host'],
    ['https://[::1/', "missing ']' in host"],
    ['https://[::1]x/', 'invalid port "x" after host'],
    ['https://[1.2.3.4]/', 'invalid IP-literal'],
    ['https://[example.com]/', 'invalid host'],
    ['https://%41.example.com/', 'invalid URL escape "%41"'],
    ['https://us er@example.com/', 'invalid userinfo'],
    ['https://user:%zz@example.com/', 'invalid URL escape "%zz"'],
    ['https://example.com/%zz', 'invalid URL escape "%zz"'],
    ['https://example.com/\x7f', 'invalid control character'],
    ['/a\nb', 'invalid control character'],
  ])('rejects %j', (raw, message) => {
    expect(isURL(raw)).toBe(false);
    expect(() => parseURL(raw)).toThrow(message);
  });

  test('a fragment is query text to ParseRequestURI but is split off by url.Parse', () => {
    expect(isURL('https://example.com/p?q#%zz')).toBe(true);
    expect(() => parseURL('https://example.com/p?q#%zz')).toThrow('invalid URL escape "%zz"');
    expect([...parseURL('https://example.com/p?q=1#frag&r=2').query()]).toEqual([['q', ['1']]]);
  });

  test('query values are unescaped; pairs with a semicolon or a bad escape are dropped', () => {
    const query = parseURL('https://example.com/?a=1+2&b=%zz&c=%41&a&x=1;y=2&&=v').query();
    expect(Object.fromEntries(query)).toEqual({ 'a': ['1 2', ''], 'c': ['A'], '': ['v'] });
    expect(evaluate("url('/p?k=v').getQuery()['k'][0]")).toBe('v');
  });
});
