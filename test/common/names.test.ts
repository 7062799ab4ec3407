import * as fc from 'fast-check';
import {
  isDnsLabel, isDnsSubdomain, validateAnnotationKey, validateAnnotations, validateDnsLabel, validateDnsSubdomain,
  validateLabelKey, validateLabels, validateLabelValue,
} from '../../src/common/names';

const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const inner = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split(''));
/** Generates valid DNS-1123 labels (1 to 63 characters). */
const dnsLabel = fc.tuple(alnum, fc.array(inner, { maxLength: 61 }), alnum, fc.boolean())
  .map(([a, mid, z, single]) => (single ? a : a + mid.join('') + z));

describe('DNS-1123 names', () => {
  test('property: generated labels are accepted as labels and subdomains', () => {
    fc.assert(fc.property(dnsLabel, label => {
      expect(validateDnsLabel(undefined, 'name', label)).toBe(label);
      expect(isDnsSubdomain(label)).toBe(true);
    }));
  });

  test('property: labels joined by dots are subdomains but not labels', () => {
    fc.assert(fc.property(fc.array(dnsLabel, { minLength: 2, maxLength: 3 }), labels => {
      const name = labels.join('.');
      expect(isDnsLabel(name)).toBe(false);
      expect(isDnsSubdomain(name)).toBe(name.length <= 253);
    }));
  });

  test('property: any uppercase letter, underscore or edge dash makes a name invalid', () => {
    fc.assert(fc.property(dnsLabel, fc.constantFrom('A', '_', ' ', '/'), fc.nat(), (label, bad, at) => {
      const i = at % (label.length + 1);
      const name = label.slice(0, i) + bad + label.slice(i);
      expect(isDnsSubdomain(name)).toBe(false);
    }));
    expect(isDnsLabel('-a')).toBe(false);
    expect(isDnsLabel('a-')).toBe(false);
  });

  test('length limits: 63 for labels, 253 for subdomains', () => {
    expect(isDnsLabel('a'.repeat(63))).toBe(true);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
    const long = Array(4).fill('a'.repeat(63)).join('.');
    expect(long.length).toBe(255);
    expect(isDnsSubdomain(long)).toBe(false);
  });

  test('fails with the prop, the value and a suggestion', () => {
    expect(() => validateDnsLabel(undefined, 'metadata.namespace', 'Team_A')).toThrow(
      '\'metadata.namespace\' ("Team_A") must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters; e.g. "team-a"');
    expect(() => validateDnsSubdomain(undefined, 'metadata.name', 'My.App!')).toThrow(/'metadata.name' \("My.App!"\) must be a DNS-1123 subdomain.*e\.g\. "my\.app"/);
  });
});

describe('labels and annotations', () => {
  test('accepts prefixed and plain keys and empty values', () => {
    expect(() => validateLabels(undefined, 'metadata.labels', {
      'app.kubernetes.io/name': 'x', 'argocd.argoproj.io/secret-type': 'repository', 'plain': '', 'a_b.c-d': 'v_1.2-3',
    })).not.toThrow();
    expect(() => validateAnnotations(undefined, 'metadata.annotations', { 'Example.com/Owner': 'anything at all: even spaces' })).not.toThrow();
  });

  test.each([
    ['a/b/c', /at most one '\/' is allowed/],
    ['Bad_Prefix/x', /the prefix "Bad_Prefix" must be a DNS-1123 subdomain/],
    ['example.com/', /the name part must have 1 to 63 characters/],
    ['-x', /the name part must consist of letters/],
    ['x'.repeat(64), /the name part must have 1 to 63 characters/],
  ])('fails on label key %s', (key, message) => {
    expect(() => validateLabelKey(undefined, 'metadata.labels', key)).toThrow(message);
  });

  test('fails on label values that are too long or badly formed', () => {
    expect(() => validateLabelValue(undefined, 'metadata.labels', 'k', 'x'.repeat(64))).toThrow(/'metadata.labels' label "k" has an invalid value/);
    expect(() => validateLabelValue(undefined, 'metadata.labels', 'k', 'has space')).toThrow(/invalid value "has space"/);
  });

  test('fails on bad annotation keys and oversized annotations', () => {
    expect(() => validateAnnotationKey(undefined, 'metadata.annotations', 'a b')).toThrow(/annotation key "a b" is invalid/);
    expect(() => validateAnnotations(undefined, 'metadata.annotations', { big: 'x'.repeat(256 * 1024) })).toThrow(/annotations total 262147 bytes; the API server allows at most 262144/);
  });

  test('property: values of letters, digits and separators inside are valid label values', () => {
    fc.assert(fc.property(dnsLabel, label => {
      expect(validateLabelValue(undefined, 'labels', 'k', label.toUpperCase().replace(/-/g, '_'))).toBeDefined();
    }));
  });
});
