import * as fc from 'fast-check';
import { SpiffeId } from '../../src/identity';

const trustDomain = fc.stringMatching(/^[a-z0-9._-]{1,40}$/);
const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/).filter(s => s !== '.' && s !== '..');
const segments = fc.array(segment, { maxLength: 6 });

describe('SpiffeId', () => {
  test('parses and formats a service-account ID', () => {
    const id = SpiffeId.parse('spiffe://apps.example.com/ns/ztwim-gitops/sa/openshift-gitops-argocd-server');
    expect(id.trustDomain).toBe('apps.example.com');
    expect(id.path).toBe('/ns/ztwim-gitops/sa/openshift-gitops-argocd-server');
    expect(id.pathSegments).toEqual(['ns', 'ztwim-gitops', 'sa', 'openshift-gitops-argocd-server']);
    expect(id.namespace).toBe('ztwim-gitops');
    expect(id.toString()).toBe('spiffe://apps.example.com/ns/ztwim-gitops/sa/openshift-gitops-argocd-server');
  });

  test('forServiceAccount builds spiffe://td/ns/<ns>/sa/<sa>', () => {
    const id = SpiffeId.forServiceAccount('example.org', 'argocd', 'argocd-application-controller');
    expect(id.toString()).toBe('spiffe://example.org/ns/argocd/sa/argocd-application-controller');
    expect(id.isSameAs(SpiffeId.parse(id.toString()))).toBe(true);
    expect(id.isSameAs(SpiffeId.of('example.org', 'ns', 'argocd'))).toBe(false);
  });

  test('the trust domain ID has an empty path and no namespace', () => {
    const id = SpiffeId.parse('spiffe://example.org');
    expect(id.path).toBe('');
    expect(id.pathSegments).toEqual([]);
    expect(id.namespace).toBeUndefined();
    expect(SpiffeId.of('example.org', 'workload').namespace).toBeUndefined();
  });

  test('pathSegments returns a copy', () => {
    const id = SpiffeId.of('td', 'a');
    id.pathSegments.push('b');
    expect(id.toString()).toBe('spiffe://td/a');
  });

  test('property: format then parse round-trips', () => {
    fc.assert(fc.property(trustDomain, segments, (td, segs) => {
      const id = SpiffeId.of(td, ...segs);
      const parsed = SpiffeId.parse(id.toString());
      return parsed.toString() === id.toString() && parsed.trustDomain === td && parsed.pathSegments.join('/') === segs.join('/');
    }));
  });

  test('property: parse then format is the identity on valid IDs', () => {
    const valid = fc.tuple(trustDomain, segments).map(([td, segs]) => `spiffe://${td}${segs.map(s => `/${s}`).join('')}`);
    fc.assert(fc.property(valid, s => SpiffeId.parse(s).toString() === s));
  });

  describe('fails', () => {
    test.each([
      ['http://example.org/a', /must start with "spiffe:\/\/"/],
      ['SPIFFE://example.org/a', /must start with "spiffe:\/\/"/],
      ['spiffe://', /the trust domain must not be empty/],
      ['spiffe:///a', /the trust domain must not be empty/],
      ['spiffe://Example.org/a', /lowercase letters/],
      ['spiffe://example.org:8080/a', /lowercase letters/],
      ['spiffe://user@example.org/a', /lowercase letters/],
      ['spiffe://example.org/', /must not be empty/],
      ['spiffe://example.org/a/', /no trailing/],
      ['spiffe://example.org//a', /must not be empty/],
      ['spiffe://example.org/a/./b', /must not be '\.' or '\.\.'/],
      ['spiffe://example.org/a/..', /must not be '\.' or '\.\.'/],
      ['spiffe://example.org/a?b=c', /path segment "a\?b=c"/],
      ['spiffe://example.org/a#b', /path segment "a#b"/],
      ['spiffe://example.org/a%20b', /path segment "a%20b"/],
      [`spiffe://${'a'.repeat(256)}/x`, /at most 255 characters/],
    ])('fails to parse %j', (input, error) => {
      expect(() => SpiffeId.parse(input)).toThrow(error);
    });

    test('fails on IDs over 2048 bytes', () => {
      expect(() => SpiffeId.of('td', ...Array.from({ length: 120 }, () => 'x'.repeat(20)))).toThrow(/at most 2048/);
    });

    test('fails on invalid service account coordinates', () => {
      expect(() => SpiffeId.forServiceAccount('td', 'Bad_NS', 'sa')).toThrow(/'namespace'/);
      expect(() => SpiffeId.forServiceAccount('td', 'ns', 'SA')).toThrow(/'serviceAccount'/);
      expect(() => SpiffeId.forServiceAccount('TD', 'ns', 'sa')).toThrow(/lowercase letters/);
    });

    test('fails (property) on any trust domain with a character outside [a-z0-9._-]', () => {
      const bad = fc.tuple(trustDomain, fc.string({ minLength: 1, maxLength: 1 }).filter(c => !/^[a-z0-9._-]$/.test(c) && c !== '/'), trustDomain)
        .map(([a, c, b]) => `${a}${c}${b}`);
      fc.assert(fc.property(bad, td => {
        expect(() => SpiffeId.parse(`spiffe://${td}/x`)).toThrow();
      }));
    });

    test('fails (property) on any path segment with a character outside [A-Za-z0-9._-]', () => {
      const bad = fc.tuple(segment, fc.string({ minLength: 1, maxLength: 1 }).filter(c => !/^[A-Za-z0-9._-]$/.test(c) && c !== '/'), segment)
        .map(([a, c, b]) => `${a}${c}${b}`);
      fc.assert(fc.property(trustDomain, bad, (td, seg) => {
        expect(() => SpiffeId.parse(`spiffe://${td}/ok/${seg}`)).toThrow(/path segment/);
      }));
    });

    test('fails (property) on empty, dot and dot-dot segments anywhere', () => {
      const badSegment = fc.constantFrom('', '.', '..');
      fc.assert(fc.property(trustDomain, segments, badSegment, segments, (td, before, bad, after) => {
        expect(() => SpiffeId.of(td, ...before, bad, ...after)).toThrow(/SPIFFE ID/);
      }));
    });
  });
});
