import * as path from 'path';
import * as fc from 'fast-check';
import {
  argoGlobMatches, clusterPatternProblem, globToRe2, isSystemNamespace, isWithinKeyPrefix, namespaceCorpus, namespaceGlobReach,
  namespaceRegexProblems, namespaceRegexReach, normalizeGitUrl, normalizeRemoteKey, projectNamespaceProblem, re2Matches,
  re2Problem, re2ToRegExp, remoteKeyProblem, sourceRepoProblem, UNSCOPED_SHARE,
} from '../../src/common/patterns';
import { matches as oracleMatches } from '../conformance/cel/regex';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('Go RE2 to JavaScript', () => {
  test.each([
    // [pattern, text, matches]
    ['(?i)^team-a$', 'TEAM-A', true],
    ['(?i:team)-a', 'TeAm-a', true],
    ['(?i:team)-a', 'team-A', false],
    ['team(?i)-A', 'team-a', true],
    ['(?i)team(?-i)-A', 'TEAM-a', false],
    ['(a(?i)b)c', 'aBc', true],
    ['(a(?i)b)c', 'aBC', false],
    ['(?i)x|y', 'Y', true],
    ['(?i)\u03c3', '\u03a3', true],
    ['(?i)\u03c3', '\u03c2', true],
    ['(?i)k', '\u212a', true],
    ['(?i)s', '\u017f', true],
    ['(?i)[^k]', '\u212a', false],
    ['(?i)\\w', '\u017f', true],
    ['(?i)i', '\u0131', false],
    ['(?s)^a.b$', 'a\nb', true],
    ['^a.b$', 'a\nb', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^b$', 'a\nb\nc', false],
    ['(?m)^b$', 'a\rb', false],
    ['\\Ateam\\z', 'team', true],
    ['team$', 'team\n', false],
    ['(?P<team>a+)-(?<env>b)', 'aa-b', true],
    ['^[[:alpha:]]+$', 'Team', true],
    ['^[[:^digit:]]+$', 'abc', true],
    ['^[[:^digit:]]+$', 'a1', false],
    ['^[[:word:]-]+$', 'team_a-1', true],
    ['^\\pL+$', 'équipe', true],
    ['^\\PL+$', '123', true],
    ['^\\p{Greek}+$', '\u03b1\u03b2', true],
    ['^\\p{^Greek}+$', 'ab', true],
    ['^\\pN$', '7', true],
    ['^\\s$', '\u000b', false],
    ['^\\s$', '\t', true],
    ['^\\d$', '\u0663', false],
    ['^\\w$', '\u00e9', false],
    ['\\bteam\\b', 'x-team-y', true],
    ['\\bteam\\b', 'xteam', false],
    ['^[]a]+$', ']a', true],
    ['^[^]a]$', 'b', true],
    ['^[a-]+$', 'a-', true],
    ['^[\\d-z]+$', '1-z', true],
    ['^\\Q.*\\E$', '.*', true],
    ['^\\Q.*\\E$', 'ab', false],
    ['^\\x41\\x{42}\\101\\0$', 'ABA\u0000', true],
    ['^a{2}$', 'aa', true],
    ['^a{,2}$', 'a{,2}', true],
    ['^a{$', 'a{', true],
    ['^\\-\\_\\ $', '-_ ', true],
    ['^(?U)a+$', 'aaa', true],
    ['^*a', 'a', true],
    ['(?)a', 'a', true],
    ['x*', '', true],
  ])('%s on %j is %s', (pattern, text, expected) => {
    expect(re2Matches(pattern, text)).toBe(expected);
    expect(re2ToRegExp(pattern).test(text)).toBe(expected);
  });

  test('(?U) swaps greediness', () => {
    expect(re2ToRegExp('a+').exec('aaa')?.[0]).toBe('aaa');
    expect(re2ToRegExp('(?U)a+').exec('aaa')?.[0]).toBe('a');
    expect(re2ToRegExp('(?U)a+?').exec('aaa')?.[0]).toBe('aaa');
  });

  test.each([
    ['a(?=b)', /lookahead/],
    ['a(?!b)', /lookahead/],
    ['(?<=a)b', /lookbehind/],
    ['(?<!a)b', /lookbehind/],
    ['(a)\\1', /backreference \\1/],
    ['\\8', /backreference/],
    ['(?<n>a)\\k<n>', /backreference \\k/],
    ['(?P<n>a)(?P=n)', /backreference \(\?P=name\)/],
    ['a**', /nested repetition/],
    ['a*+', /nested repetition/],
    ['a{2}{3}', /nested repetition/],
    ['x{1001}', /invalid repeat count/],
    ['x{3,2}', /invalid repeat count/],
    ['(a{500}){3}', /multiply beyond 1000/],
    ['*a', /missing argument/],
    ['a|*', /missing argument/],
    ['\\Z', /\\Z/],
    ['\\C', /\\C/],
    ['\\u0041', /\\u/],
    ['\\q', /invalid escape \\q/],
    ['(?#comment)', /comments/],
    ['(?>a)', /atomic/],
    ['(?i-)a', /invalid or unsupported Perl syntax/],
    ['(?-)a', /invalid or unsupported Perl syntax/],
    ['(?x)a', /invalid or unsupported Perl syntax/],
    ['(?P<a-b>x)', /invalid named capture/],
    ['(a', /missing closing \)/],
    ['a)', /unexpected \)/],
    ['[a', /missing closing \]/],
    ['[z-a]', /invalid character class range z-a/],
    ['[[:foo:]]', /invalid character class range \[:foo:\]/],
    ['\\p{Klingon}', /unknown Unicode category or script/],
    ['\\x{110000}', /beyond U\+10FFFF/],
    ['a\\', /trailing backslash/],
  ])('rejects %s', (pattern, message) => {
    expect(re2Problem(pattern)).toMatch(message);
    expect(() => re2ToRegExp(pattern)).toThrow(message);
    expect(re2Matches(pattern, 'a')).toBe(false);
  });

  // RE2 patterns made of what the conformance oracle also translates: leading flags only, no quantified anchors
  const atom = fc.constantFrom('a', 'b', 'A', '-', '\\.', '.', '\u00e9', '\u03c3', '[ab]', '[^a]', '[a-c]', '[]a]', '[[:alpha:]]', '[[:^digit:]]',
    '[\\d-]', '\\d', '\\w', '\\W', '\\s', '\\pL', '\\PL', '\\p{Greek}', '[[:upper:]]');
  const anchor = fc.constantFrom('^', '$', '\\A', '\\z', '\\b', '\\B');
  const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?');
  const { alternation } = fc.letrec<{ alternation: string; concat: string; item: string }>(tie => ({
    item: fc.oneof(
      { maxDepth: 3 },
      { weight: 5, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => a + q) },
      { weight: 2, arbitrary: anchor },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('(', '(?:'), tie('alternation'), quantifier).map(([open, body, q]) => `${open}${body})${q}`) },
    ),
    concat: fc.array(tie('item'), { minLength: 0, maxLength: 4 }).map(items => items.join('')),
    alternation: fc.array(tie('concat'), { minLength: 1, maxLength: 3 }).map(branches => branches.join('|')),
  }));
  const pattern = fc.tuple(fc.constantFrom('', '', '(?i)', '(?s)', '(?m)', '(?is)', '(?U)'), alternation).map(([flags, body]) => flags + body);
  const text = fc.array(fc.constantFrom('a', 'b', 'A', 'B', '-', '.', '\n', '\u00e9', '\u00c9', '1', ' ', '\u03b1', '\u03a3', '\u03c3', '\u03c2'), { maxLength: 8 }).map(a => a.join(''));

  test('property: matches the conformance oracle on every pattern both translate', () => {
    fc.assert(fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), (p, texts) => {
      expect(re2Problem(p)).toBeUndefined();
      for (const t of texts) expect([p, t, re2Matches(p, t)]).toEqual([p, t, oracleMatches(t, p)]);
    }), { numRuns: 400 });
  });

  test('property: an inline (?i:...) group folds case like JavaScript /iu on its part only', () => {
    const word = fc.array(fc.constantFrom('a', 'B', 'k', 'S', '\u03c3', '\u00e9', '-'), { minLength: 1, maxLength: 4 }).map(a => a.join(''));
    const esc = (s: string) => s.replace(/[-.]/g, '\\$&');
    const jsLiteral = (s: string) => s.replace(/-/g, '\\x2d');
    fc.assert(fc.property(word, word, text, (inner, outer, t) => {
      const expected = new RegExp(`(?:${[...inner].map(c => `[${jsLiteral(c.toLowerCase() + c.toUpperCase())}${c === 'k' || c === 'K' ? '\u212a' : ''}${c === 's' || c === 'S' ? '\u017f' : ''}${c === '\u03c3' ? '\u03a3\u03c2' : ''}]`).join('')})${jsLiteral(outer)}`, 'u');
      expect(re2Matches(`(?i:${esc(inner)})${esc(outer)}`, t)).toBe(expected.test(t));
    }), { numRuns: 300 });
  });
});

describe('what a namespace regex admits', () => {
  test.each([
    // the brief's unscoped examples
    '^.*$', '.*', '^.+$', '^[a-z0-9-]+$', '^(team-a|.*)$', '^team-a$|', '(?i)^.*', '^[^q]*$', '.',
    // and more spellings of "everything"
    '', '^', '$', 'x*', '[[:alnum:]]', '\\w', '-', '^.{1,40}$', '^(?s:.)+$', '(?m)^.*$', '\\pL|\\pN', '^ab.*$', '^[a-z]{2}-.*$',
  ])('%j is unscoped', pattern => {
    const reach = namespaceRegexReach(pattern);
    expect(reach.unscoped).toBe(true);
    expect(reach.share).toBeGreaterThanOrEqual(UNSCOPED_SHARE);
    expect(reach.example).toMatch(DNS_LABEL);
    expect(re2Matches(pattern, reach.example!)).toBe(true);
    expect(namespaceRegexProblems(pattern)[0]).toMatch(/^matches (every namespace|namespaces nobody listed) \(e\.g\. /);
  });

  test.each([
    '^team-[a-z]+$', '^ci-.*$', '^team-a$', '^(?:team-a|team-b)$', '\\Ateam-a\\z', '(?m)^team-a$', '^team-a-\\d{2}$', '^(?i)team-a$',
    '^kube-.*$', '^[a-z]+-prod$', '^$',
  ])('%j is scoped and anchored', pattern => {
    const reach = namespaceRegexReach(pattern);
    expect(reach.unscoped).toBe(false);
    expect(reach.anchoredStart && reach.anchoredEnd).toBe(true);
    expect(namespaceRegexProblems(pattern)).toEqual([]);
  });

  test.each([
    ['team-a', 'at either end', 'x-team-a-x'],
    ['^team-a', 'at the end ($)', 'team-a-x'],
    ['team-a$', 'at the start (^)', 'x-team-a'],
    ['\\bteam-a\\b', 'at either end', 'x-team-a-x'],
    ['^team-a$|^team-b', 'at the end ($)', 'team-b-x'],
  ])('%j is not anchored %s', (pattern, ends, longer) => {
    expect(namespaceRegexProblems(pattern)).toEqual([`is not anchored ${ends}: it is matched anywhere in the name, so it also admits ${longer}; anchor it as ^(?:...)$`]);
  });

  test('shares are exact', () => {
    expect(namespaceRegexReach('^[a-z]$').share).toBeCloseTo(26 / 36, 12);
    expect(namespaceRegexReach('^a').share).toBeCloseTo(1 / 36, 12);
    expect(namespaceRegexReach('^ab').share).toBeCloseTo(1 / (36 * 36), 12);
    expect(namespaceRegexReach('^a$|^b$').share).toBeCloseTo(2 / 36, 12);
    expect(namespaceRegexReach('^ci-').share).toBeCloseTo(1 / (36 * 37 * 37), 12);
    expect(namespaceRegexReach('^\\p{Greek}+$').share).toBe(0);
    // the threshold lies between two and three fixed characters
    expect(1 / (36 * 36)).toBeGreaterThan(UNSCOPED_SHARE);
    expect(1 / (36 * 37 * 37)).toBeLessThan(UNSCOPED_SHARE);
  });

  test('system namespaces, families included', () => {
    expect(namespaceRegexReach('^kube-.*$').system).toEqual(['kube-system', 'kube-public', 'kube-node-lease', 'kube-*']);
    expect(namespaceRegexReach('-system$').system).toEqual(['kube-system', '*-system']);
    expect(namespaceRegexReach('^openshift(-.*)?$').system).toEqual(['openshift', 'openshift-gitops', 'openshift-config', 'openshift-operators', 'openshift-*']);
    expect(namespaceRegexReach('^team-a-.*$').system).toEqual([]);
    expect(namespaceRegexReach('^gitops$', ['gitops']).system).toEqual(['gitops']);
    expect(isSystemNamespace('cert-manager-system')).toBe(true);
    expect(isSystemNamespace('team-a')).toBe(false);
  });

  test('invalid RE2 is reported, not judged', () => {
    expect(namespaceRegexProblems('^(?!kube).*$')).toEqual(['is not valid Go RE2 (lookahead (?!, which RE2 does not support)']);
    expect(() => namespaceRegexReach('(')).toThrow(/missing closing \)/);
  });

  test('the corpus is fixed, made of valid namespace names of every length', () => {
    const corpus = namespaceCorpus();
    expect(corpus).toHaveLength(1000);
    expect(corpus.every(n => DNS_LABEL.test(n) && n.length <= 63)).toBe(true);
    expect(new Set(corpus.map(n => n.length)).size).toBeGreaterThan(55);
    expect(namespaceCorpus()).toBe(corpus);
  });

  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
  const nsPattern = fc.tuple(
    fc.constantFrom('', '^', '\\A', '\\b'),
    fc.array(fc.constantFrom('a', 'b', '-', 'team', '[a-c]', '[^a]', '.', '\\d', '\\w', '(?:a|b)', '(x|)', 'a*', '.*', '[[:alpha:]]+', '.?', '(?i:T)'), { minLength: 0, maxLength: 4 }),
    fc.constantFrom('', '$', '\\z', '\\b'),
  ).map(([start, items, end]) => start + items.join('') + end);

  test('property: a name the pattern matches means a share above 0, and the example is a name it matches', () => {
    fc.assert(fc.property(nsPattern, fc.array(label, { maxLength: 10 }), (p, names) => {
      const reach = namespaceRegexReach(p);
      if (names.some(n => re2Matches(p, n))) expect(reach.share).toBeGreaterThan(0);
      if (reach.share === 0) expect(reach.example).toBeUndefined();
      if (reach.example !== undefined) {
        expect(reach.example).toMatch(DNS_LABEL);
        expect(re2Matches(p, reach.example)).toBe(true);
      }
      // a pattern that matches a fair part of the made-up corpus is unscoped
      const hits = namespaceCorpus().filter(n => re2Matches(p, n)).length;
      if (hits >= 10) expect(reach.unscoped).toBe(true);
      if (reach.share < 1e-6) expect(hits).toBe(0);
    }), { numRuns: 200 });
  });
});

describe('Argo CD globs', () => {
  test.each([
    ['team-a-*', 'team-a-web', undefined, true],
    ['team-a-*', 'team-b-web', undefined, false],
    ['team-?', 'team-a', undefined, true],
    ['team-{a,b}', 'team-b', undefined, true],
    ['team-{a,b{1,2}}', 'team-b2', undefined, true],
    ['team-[ab]', 'team-c', undefined, false],
    ['team-[!ab]', 'team-c', undefined, true],
    ['team-[a-c]', 'team-b', undefined, true],
    ['\\*', '*', undefined, true],
    ['\\*', 'a', undefined, false],
    ['a.b', 'axb', undefined, false],
    ['*', 'anything/at/all', '/', true],
    ['https://github.com/*', 'https://github.com/org/repo', '/', false],
    ['https://github.com/*/*', 'https://github.com/org/repo', '/', true],
    ['https://gitlab.com/group/**', 'https://gitlab.com/group/sub/repo', '/', true],
    ['https://github.com/my-org/?', 'https://github.com/my-org//', '/', false],
    ['https://github.com/*', 'https://github.com/org/repo', undefined, true],
    ['[a', 'a', undefined, false],
  ])('%s on %s (separator %s) is %s', (glob, value, separator, expected) => {
    expect(argoGlobMatches(glob, value, separator)).toBe(expected);
  });

  test.each(['[a', 'a{b', 'a\\', '[]', '[z-a]'])('%s does not compile', glob => {
    expect(() => globToRe2(glob)).toThrow(/glob/);
  });

  test('property: * and ? globs match like their naive regex, with and without the / separator', () => {
    const glob = fc.array(fc.constantFrom('a', 'b', '-', '/', '*', '?', '**'), { maxLength: 6 }).map(a => a.join(''));
    const value = fc.array(fc.constantFrom('a', 'b', '-', '/'), { maxLength: 8 }).map(a => a.join(''));
    const naive = (g: string, sep: boolean) => new RegExp(`^${g.split(/(\*\*+|\*|\?)/).map(part =>
      /^\*\*+$/.test(part) ? '.*' : part === '*' ? (sep ? '[^/]*' : '.*') : part === '?' ? (sep ? '[^/]' : '.') : part.replace(/[-/]/g, '\\$&')).join('')}$`);
    fc.assert(fc.property(glob, value, (g, v) => {
      expect(argoGlobMatches(g, v)).toBe(g === '*' || naive(g, false).test(v));
      expect(argoGlobMatches(g, v, '/')).toBe(g === '*' || naive(g, true).test(v));
    }), { numRuns: 500 });
  });

  test.each([
    ['*', 'every namespace'], ['*?', 'every namespace'], ['?*', 'every namespace'], ['t*', 'namespaces nobody listed'], ['[!a]*', 'namespaces nobody listed'],
  ])('namespace glob %s matches %s', (glob, what) => {
    const reach = namespaceGlobReach(glob);
    expect(reach.unscoped).toBe(true);
    expect(projectNamespaceProblem(glob, 'argocd', 'destination')).toMatch(new RegExp(`^matches ${what}`));
  });

  test.each([
    ['kube-system', 'reaches the system namespace kube-system'],
    ['*-system', 'reaches system namespaces kube-system, *-system'],
    ['kube-*', 'reaches system namespaces kube-system, kube-public, kube-node-lease, kube-*'],
    ['openshift-*', 'reaches system namespaces openshift-gitops, openshift-config, openshift-operators, openshift-*'],
    ['default', 'reaches the system namespace default'],
    ['argocd', 'reaches the Argo CD namespace argocd, where Argo CD keeps its projects and credentials'],
    ['argo*', 'reaches system namespaces argocd'],
    ['external-secrets', 'reaches the system namespace external-secrets'],
    ['!team-b', 'is a deny entry, and Argo CD counts a deny entry that does not match as a match: it admits every namespace but team-b'],
    ['team-a', undefined],
    ['team-a-*', undefined],
    ['team-{a,b}-*', undefined],
    ['team-a-system', 'reaches the system namespace team-a-system'],
  ])('destination namespace %s: %s', (glob, problem) => {
    expect(projectNamespaceProblem(glob, 'argocd', 'destination')).toBe(problem);
  });

  test('source namespaces: the Argo CD namespace is always allowed, ! is a literal, /regex/ is matched anywhere', () => {
    expect(projectNamespaceProblem('argocd', 'argocd', 'source')).toBeUndefined();
    expect(projectNamespaceProblem('argo*', 'argocd', 'source')).toBeUndefined();
    expect(projectNamespaceProblem('!kube-system', 'argocd', 'source')).toBeUndefined();
    expect(projectNamespaceProblem('kube-system', 'argocd', 'source')).toBe('lets Applications in the system namespace kube-system use the project');
    expect(projectNamespaceProblem('/^team-a-[a-z]+$/', 'argocd', 'source')).toBeUndefined();
    expect(projectNamespaceProblem('/team-a/', 'argocd', 'source')).toMatch(/^is not anchored at either end/);
    expect(projectNamespaceProblem('/^kube-.*$/', 'argocd', 'source')).toBe('lets Applications in system namespaces kube-system, kube-public, kube-node-lease, kube-* use the project');
    expect(projectNamespaceProblem('/^(?<!x)a$/', 'argocd', 'source')).toMatch(/cannot judge \(lookbehind/);
  });

  test.each([
    ['https://github.com/my-org/repo', 'https://github.com/my-org/repo'],
    ['  HTTPS://GitHub.com/My-Org/Repo.git ', 'https://github.com/my-org/repo'],
    ['git@github.com:my-org/repo.git', 'git@github.com/my-org/repo'],
    ['ssh://git@github.com/my-org/repo', 'git@github.com/my-org/repo'],
    ['git@github.com:*', 'git@github.com/*'],
  ])('normalizeGitUrl(%j) is %s', (url, normalized) => {
    expect(normalizeGitUrl(url)).toBe(normalized);
  });

  test.each([
    ['*', 'is * (every repository)'],
    ['**', 'is * (every repository)'],
    ['https://github.com/*', 'is a glob whose fixed part "https://github.com/" stops before the owner: it reaches repositories of every owner on github.com'],
    ['https://github.com/my-org*', 'is a glob whose fixed part "https://github.com/my-org" stops before the owner: it reaches repositories of every owner on github.com'],
    ['*github.com/my-org/*', 'is a glob whose fixed part "" does not name the host: it reaches repositories on any server'],
    ['git@github.com:*', 'is a glob whose fixed part "git@github.com/" stops before the owner: it reaches repositories of every owner on github.com'],
    ['https://*.example.com/team-a/app', 'is a glob whose fixed part "https://" does not name the host: it reaches repositories on any server'],
    ['https://github.com/my-or?/app', 'is a glob whose fixed part "https://github.com/my-or" stops before the owner: it reaches repositories of every owner on github.com'],
    ['!https://github.com/my-org/secrets', 'is a deny entry, and Argo CD counts a deny entry that does not match a repository as a match: the project accepts every repository but https://github.com/my-org/secrets'],
    ['https://github.com/my-org/team-a-*', undefined],
    ['https://GITHUB.com/my-org/app-config.git', undefined],
    ['git@github.com:my-org/*', undefined],
    ['https://gitlab.com/group/**', undefined],
    ['https://github.com/my-org/{api,web}', undefined],
  ])('sourceRepos %s: %s', (entry, problem) => {
    expect(sourceRepoProblem(entry)).toBe(problem);
  });

  test.each([
    ['*', 'server', 'is * (every cluster)'],
    ['https://*', 'server', /^matches any cluster's server \(e\.g\. https:\/\//],
    ['https://*:6443', 'server', /^matches any cluster's server/],
    ['https://api.*', 'server', /^matches any cluster's server/],
    ['http*', 'server', /^matches any cluster's server/],
    ['!https://prod.example.com', 'server', /^is a deny entry/],
    ['https://*.team-a.example.com:6443', 'server', undefined],
    ['https://kubernetes.default.svc', 'server', undefined],
    ['*', 'name', 'is * (every cluster)'],
    ['p*', 'name', /^matches cluster names nobody listed/],
    ['team-a-*', 'name', undefined],
    ['in-cluster', 'name', undefined],
  ] as const)('destination %s %s: %s', (value, field, problem) => {
    const actual = clusterPatternProblem(value, field);
    if (problem === undefined || typeof problem === 'string') expect(actual).toBe(problem);
    else expect(actual).toMatch(problem);
  });
});

describe('remote keys', () => {
  test.each([
    ['team-a/../team-b/db', { provider: 'vault' }, 'team-b/db'],
    ['/team-a//x/./db', { provider: 'vault' }, 'team-a/x/db'],
    ['team-a/x/', { provider: 'vault' }, 'team-a/x/'],
    ['../../sys/policy', { provider: 'vault' }, '../../sys/policy'],
    ['secret/data/team-a/db', { provider: 'vault', vaultMount: 'secret' }, 'team-a/db'],
    ['secret/data/team-a/db', { provider: 'vault', vaultMount: 'secret', vaultVersion: 'v1' }, 'data/team-a/db'],
    ['secret/data/team-a/db', { provider: 'vault' }, 'secret/data/team-a/db'],
    ['team-a/../team-b', { provider: 'aws' }, 'team-a/../team-b'],
  ])('normalizeRemoteKey(%j, %j) reads %s', (key, options, read) => {
    expect(normalizeRemoteKey(key, options).key).toBe(read);
  });

  test.each([
    ['team-a', 'team-a', true], ['team-a/x', 'team-a', true], ['team-admin/x', 'team-a', false], ['team-a-x', 'team-a', false],
    ['team-a/x', 'team-a/', true], ['team-a', 'team-a/', false], ['team-a-x', 'team-a-', true], ['team-a_x', 'team-a_', true], ['x', '', true],
  ])('isWithinKeyPrefix(%j, %j) is %s', (key, prefix, within) => {
    expect(isWithinKeyPrefix(key, prefix)).toBe(within);
  });

  test.each([
    ['team-a/../team-b/db', 'team-a/', { provider: 'vault' }, 'reads team-b/db once Vault\'s client cleans the path, which is not under team-a/'],
    ['team-a/../../x', 'team-a/', { provider: 'vault' }, 'climbs above the store\'s path (../x after Vault\'s client cleans it)'],
    ['team-admin/db', 'team-a', { provider: 'vault' }, 'is not under team-a: it continues the prefix\'s last segment (team-admin) instead of starting with team-a/'],
    ['apps/team-admin/db', 'apps/team-a', {}, 'is not under apps/team-a: it continues the prefix\'s last segment (team-admin) instead of starting with apps/team-a/'],
    ['team-b/db', 'team-a/', {}, 'does not start with team-a/'],
    ['team-a-x/../team-b', 'team-a-', { provider: 'aws' }, 'has a \'..\' segment, which this provider does not resolve: refused as an attempt to leave the prefix'],
    ['team-a-x/%2e%2E/team-b', 'team-a-', { provider: 'gcpsm' }, /has a '\.\.' segment/],
    ['team-a/x/../db', 'team-a/', { provider: 'vault' }, undefined],
    ['/team-a//db', 'team-a/', { provider: 'vault' }, undefined],
    ['secret/team-a/db', 'team-a/', { provider: 'vault', vaultMount: 'secret' }, undefined],
    ['team-a-db', 'team-a-', { provider: 'aws' }, undefined],
  ] as const)('remoteKeyProblem(%j, %j, %j)', (key, prefix, options, problem) => {
    const actual = remoteKeyProblem(key, prefix, options);
    if (problem === undefined || typeof problem === 'string') expect(actual).toBe(problem);
    else expect(actual).toMatch(problem);
  });

  // Vault's client joins the request path with Go's path.Join; Node's posix join resolves '.', '..' and '//' the
  // same way (it keeps a trailing '/', which this library also keeps to tell a directory from a secret).
  const segment = fc.constantFrom('apps', 'team-a', 'team-ab', 'team-b', '..', '.', '', 'x');
  const vaultKey = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 7 }), fc.boolean())
    .map(([lead, parts, trail]) => `${lead ? '/' : ''}${parts.join('/')}${trail ? '/' : ''}`);

  test('property: a Vault key is under the prefix exactly when the cleaned request path is', () => {
    const base = '/v1/secret/data';
    fc.assert(fc.property(vaultKey, fc.constantFrom('apps/team-a/', 'apps/team-a', 'team-a'), (key, prefix) => {
      const joined = path.posix.join(base, key);
      const bound = `${base}/${prefix.replace(/\/$/, '')}`;
      const inside = prefix.endsWith('/') ? joined.startsWith(`${bound}/`) : joined === bound || joined.startsWith(`${bound}/`);
      expect([key, prefix, remoteKeyProblem(key, prefix, { provider: 'vault' }) === undefined]).toEqual([key, prefix, inside]);
    }), { numRuns: 1000 });
  });

  test('property: normalizing is idempotent and leaves no empty, . or inner .. segment', () => {
    fc.assert(fc.property(vaultKey, key => {
      const once = normalizeRemoteKey(key, { provider: 'vault' }).key;
      expect(normalizeRemoteKey(once, { provider: 'vault' }).key).toBe(once);
      const segments = once.replace(/\/$/, '').split('/');
      const climbing = segments.findIndex(s => s !== '..');
      expect(segments.slice(climbing < 0 ? segments.length : climbing).every(s => s !== '..' && s !== '.')).toBe(true);
      expect(once).not.toMatch(/\/\/|^\//);
    }), { numRuns: 500 });
  });

  test('property: keys built under the prefix from plain segments stay inside for every provider', () => {
    const plain = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(plain, fc.constantFrom('vault', 'aws', 'gcpsm', undefined), (parts, provider) => {
      expect(remoteKeyProblem(`apps/team-a/${parts.join('/')}`, 'apps/team-a/', { provider })).toBeUndefined();
      expect(remoteKeyProblem(`apps/team-a/${parts.join('/')}`, 'apps/team-a', { provider })).toBeUndefined();
    }), { numRuns: 200 });
  });
});
