import { createKubernetesCelEnvironment } from './environment';
import { compileRE2, find, findAll, matches } from './regex';

const env = createKubernetesCelEnvironment();
const r = String.raw;

// A subset of findTests in Go's src/regexp/find_test.go, checked with FindAllString semantics (pattern, text, max, matches).
describe('Go regexp find tests', () => {
  const punctuation = r`!"#$%&'()*+,-./:;<=>?@[\]^_{|}~`;
  test.each<[string, string, number, string[]]>([
    ['', '', -1, ['']],
    ['^abcdefg', 'abcdefg', -1, ['abcdefg']],
    ['a+', 'baaab', -1, ['aaa']],
    ['a', 'bababaab', -1, ['a', 'a', 'a', 'a']],
    ['a', 'bababaab', 0, []],
    ['a', 'bababaab', 2, ['a', 'a']],
    ['a', 'bababaab', 5, ['a', 'a', 'a', 'a']],
    ['abcd..', 'abcdef', -1, ['abcdef']],
    ['.*', 'abcdef', -1, ['abcdef']],
    ['^', 'abcde', -1, ['']],
    ['$', 'abcde', -1, ['']],
    ['^abcd$', 'abcde', -1, []],
    ['a*', 'baaab', -1, ['', 'aaa', '']],
    [r`[a\-\]z]+`, 'az]-bcz', -1, ['az]-', 'z']],
    [r`[^\n]+`, 'abcd\n', -1, ['abcd']],
    ['[日本語]+', '日本語日本語', -1, ['日本語日本語']],
    ['日本語+', '日本語語語語', -1, ['日本語語語語']],
    [r`\a\f\n\r\t\v`, '\x07\f\n\r\t\v', -1, ['\x07\f\n\r\t\v']],
    [r`[\a\f\n\r\t\v]+`, '\x07\f\n\r\t\v', -1, ['\x07\f\n\r\t\v']],
    ['/$', '/abc/', -1, ['/']],
    ['/$', '/abc', -1, []],
    ['.', 'abc', -1, ['a', 'b', 'c']],
    ['ab*', 'abbaab', -1, ['abb', 'a', 'ab']],
    ['zx+', 'zzx', -1, ['zx']],
    ['(aa)*$', 'a', -1, ['']],
    ['(?:A|(?:A|a))', 'a', -1, ['a']],
    ['(a){0}', '', -1, ['']],
    ['(?-s)(?:(?:^).)', '\n', -1, []],
    ['(?s)(?:(?:^).)', '\n', -1, ['\n']],
    ['(?:(?:^).)', '\n', -1, []],
    [r`\b`, 'xx yy', -1, ['', '', '', '']],
    [r`\B`, 'xx yy', -1, ['', '']],
    ['0A|0[aA]', '0a', -1, ['0a']],
    ['[a-c]*', '\u65e5', -1, ['', '']],
    ['[^\u65e5]', 'abc\u65e5def', -1, ['a', 'b', 'c', 'd', 'e', 'f']],
    [r`[^\S\s]`, 'abcd', -1, []],
    [r`[^\S[:space:]]`, 'abcd', -1, []],
    [r`[^\D\d]`, 'abcd', -1, []],
    [r`[^\D[:digit:]]`, 'abcd', -1, []],
    [r`(?i)\W`, 'x', -1, []],
    [r`(?i)\W`, 'k', -1, []],
    [r`(?i)\W`, 's', -1, []],
    [[...punctuation].map(c => `\\${c}`).join(''), punctuation, -1, [punctuation]],
    [`[${[...punctuation].map(c => `\\${c}`).join('')}]+`, punctuation, -1, [punctuation]],
    ['\\`', '`', -1, ['`']],
    ['[\\`]+', '`', -1, ['`']],
  ])('%j in %j (max %d)', (pattern, text, max, expected) => {
    expect(findAll(text, pattern, max)).toEqual(expected);
  });
});

describe('RE2 to JavaScript translation', () => {
  // Go regexp/syntax perl_groups.go: every POSIX class, with a character inside and one outside it.
  test.each([
    ['alnum', 'a', '_'], ['alpha', 'Z', '1'], ['ascii', '\x7f', 'é'], ['blank', '\t', '\n'],
    ['cntrl', '\x1f', ' '], ['digit', '5', 'a'], ['graph', '~', ' '], ['lower', 'q', 'Q'],
    ['print', ' ', '\x7f'], ['punct', '[', 'a'], ['space', '\v', 'a'], ['upper', 'Q', 'q'],
    ['word', '_', '-'], ['xdigit', 'F', 'g'],
  ])('[[:%s:]] matches %j, not %j; [[:^%s:]] the reverse', (name, inside, outside) => {
    expect([matches(inside, `^[[:${name}:]]$`), matches(outside, `^[[:${name}:]]$`)]).toEqual([true, false]);
    expect([matches(inside, `^[[:^${name}:]]$`), matches(outside, `^[[:^${name}:]]$`)]).toEqual([false, true]);
  });

  test.each([
    // POSIX classes inside larger brackets, negated brackets, and a `-` right after a class (a literal in RE2).
    ['^[^[:space:]x]+$', 'abc', true],
    ['^[^[:space:]x]+$', 'axc', false],
    ['^[^[:space:]x]+$', 'a c', false],
    ['^[[:digit:]a-f]+$', '09af', true],
    ['^[[:alpha:]-]+$', 'a-b', true],
    [r`^[\d-]+$`, '1-2', true],
    // The OpenShift rules' patterns.
    ['^[[:print:]]+$', 'x', true],
    ['^[[:print:]]+$', 'tab\there', false],
    [r`^[!#-[\]-~]+$`, 'abc!~', true],
    [r`^[!#-[\]-~]+$`, 'a"b', false],
    // RE2's \s is [\t\n\f\r ] and `.` excludes only \n; JS's are wider and narrower.
    [r`\s`, '\v', false],
    [r`\s`, '\u00a0', false],
    [r`^\S$`, '\u00a0', true],
    ['^a.b$', 'a\rb', true],
    ['^a.b$', 'a\nb', false],
    ['^.$', '😀', true],
    // \A and \z; `$` without (?m) is the end of text, not before a final newline.
    [r`\Aabc\z`, 'abc', true],
    [r`\Aabc\z`, 'abc\n', false],
    ['abc$', 'abc\n', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['(?m)^b$', 'a\rb\rc', false],
    // \Q...\E quotes, to the end when \E is missing.
    [r`^\Qa.b*c\E$`, 'a.b*c', true],
    [r`^\Qa.b*c\E$`, 'aXbbc', false],
    [r`\Q(a`, 'x(a', true],
    // Leading flags.
    ['(?i)abc', 'xABC', true],
    ['(?i)(?-i)abc', 'ABC', false],
    ['(?s)a.b', 'a\nb', true],
    ['(?is)A.B', 'a\nb', true],
    // A `{` that is no repeat count, and `}` and `]`, are literals.
    ['^a{,2}$', 'a{,2}', true],
    ['^{}]$', '{}]', true],
    ['^x{2}$', 'xx', true],
    ['^x{2,}$', 'xxx', true],
    ['^x{1,2}$', 'xxx', false],
    // Unicode classes, hex and octal escapes, named groups.
    [r`^\pL+$`, 'héllo', true],
    [r`^\p{Greek}+$`, 'αβγ', true],
    [r`^\p{^Greek}+$`, 'abc', true],
    [r`^\PN$`, '1', false],
    [r`^\x41\x{263a}\101\0$`, 'A☺A\0', true],
    ['^(?P<first>a)(?<second>b)$', 'ab', true],
  ])('%j on %j: %s', (pattern, text, expected) => {
    expect(matches(text, pattern)).toBe(expected);
  });

  test('(?U) swaps greedy and lazy quantifiers', () => {
    expect([find('aaa', '(?U)a+'), find('aaa', '(?U)a+?'), find('aaa', 'a+?')]).toEqual(['a', 'aaa', 'a']);
  });

  test.each([
    ['(?=a)', 'invalid or unsupported Perl syntax'],
    ['(?<=a)b', 'invalid or unsupported Perl syntax'],
    ['(a)\\1', 'invalid escape sequence \\1'],
    ['a(?i)b', 'flags are only supported at the start'],
    ['a(?i:b)', 'flags are only supported at the start'],
    ['[[:foo:]]', 'invalid character class range [:foo:]'],
    ['[a', 'missing closing ]'],
    ['a{1001}', 'invalid repeat count'],
    [r`\q`, 'invalid escape sequence \\q'],
    [r`\x{110000}`, 'invalid escape sequence \\x'],
    [r`\xg0`, 'invalid escape sequence \\x'],
    [r`[\b]`, 'invalid escape sequence \\b'],
    ['a\\', 'trailing backslash'],
    ['a**', 'Illegal regex'],
    ['(a', 'Illegal regex'],
  ])('rejects %j', (pattern, message) => {
    expect(() => compileRE2(pattern)).toThrow(message);
  });

  test('compiles each pattern once', () => {
    expect(compileRE2('^[[:alpha:]]+$')).toBe(compileRE2('^[[:alpha:]]+$'));
  });
});

// k8s.io/apiserver/pkg/cel/library/regex.go and the Kubernetes CEL docs (kubernetes/website, validating-admission-policy /
// cel.md): "abc 123".find('[0-9]+'). The regex.go doc comment writes [0-9]* in its examples; Go's FindString and
// FindAllString then return the empty match at the start, and empty matches between the numbers, as asserted below.
describe('regex library in CEL', () => {
  test.each([
    ["'abc 123'.find('[0-9]+')", '123'],
    ["'abc 123'.find('xyz')", ''],
    ["'abc 123'.find('[0-9]*')", ''],
    ["'123 abc 456'.findAll('[0-9]+')", ['123', '456']],
    ["'123 abc 456'.findAll('[0-9]+', 1)", ['123']],
    ["'123 abc 456'.findAll('[0-9]+', 0)", []],
    ["'123 abc 456'.findAll('xyz')", []],
    ["'123 abc 456'.findAll('[0-9]*')", ['123', '', '', '', '', '456']],
    ["'1, 2, 3, 4'.findAll('[0-9]+').map(x, int(x)) == [1, 2, 3, 4]", true],
    ["'x'.matches('^[[:print:]]+$')", true],
    ["'abc'.matches('b')", true],
    ["'abc'.matches('^b')", false],
    ["matches('abc', 'c$')", true],
    ["dyn('abc').matches(dyn('a'))", true],
  ])('%s', (expression, expected) => {
    expect(env.evaluate(expression)).toEqual(expected);
  });

  test.each([
    ["'abc'.find('[')", 'Illegal regex'],
    ["'abc'.matches('(?=a)')", 'Illegal regex'],
    ["dyn(1).matches('a')", "no matching overload for 'matches'"],
  ])('%s is an evaluation error', (expression, message) => {
    expect(() => env.evaluate(expression)).toThrow(expect.objectContaining({ name: 'EvaluationError', message: expect.stringContaining(message) }));
  });

  test('matches() on a non-string does not type-check', () => {
    expect(env.check("1.matches('a')").valid).toBe(false);
    expect(env.check("'a'.matches(1)").valid).toBe(false);
  });
});
