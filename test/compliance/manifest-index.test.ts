import * as fc from 'fast-check';
import { ManifestIndex } from '../../src/compliance/manifest';

// The index answers what a scan of every manifest answers, in output order. The manifests come from few kinds,
// namespaces and names, so that lists of one, a few and more than the index scans (a shared namespace) all occur,
// with duplicate names, objects without a namespace or name, and malformed fields.
const kinds: Array<[string, string]> = [['', 'Secret'], ['', 'ConfigMap'], ['apps', 'Secret'], ['x.io', 'Thing']];
const namespace = fc.oneof(fc.constantFrom('a', 'b', 'shared', ''), fc.constant(undefined), fc.constant(null), fc.constant(7));
const name = fc.oneof(fc.constantFrom('n0', 'n1', 'n2', 'n3'), fc.string({ maxLength: 2 }), fc.constant(undefined), fc.constant(3));
const manifest = fc.record({
  kind: fc.constantFrom(...kinds),
  namespace,
  name,
}).map(({ kind: [group, kind], namespace: ns, name: n }) => ({
  apiVersion: group === '' ? 'v1' : `${group}/v1`,
  kind,
  metadata: { ...ns !== undefined ? { namespace: ns } : {}, ...n !== undefined ? { name: n } : {} },
}));
const shared = (count: number) => Array.from({ length: count }, (_, i) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'shared', name: `n${i % 5}` },
}));

function groupOf(m: any): string {
  return m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
}

function scan(list: any[], group: string, kind: string, where: (m: any) => boolean): any[] {
  return list.filter(m => m.kind === kind && groupOf(m) === group && where(m));
}

const namespaceKey = (m: any) => `${m.metadata?.namespace ?? ''}`;

describe('ManifestIndex', () => {
  test('answers as a scan does, in output order', () => {
    fc.assert(fc.property(fc.array(manifest, { maxLength: 80 }), fc.nat({ max: 60 }), (drawn, extra) => {
      const list = [...drawn, ...shared(extra)];
      const index = ManifestIndex.of(list);
      for (const [group, kind] of kinds) {
        expect(index.ofKind(group, kind)).toEqual(scan(list, group, kind, () => true));
        for (const ns of ['a', 'b', 'shared', '7', undefined]) {
          expect(index.inNamespace(group, kind, ns)).toEqual(scan(list, group, kind, m => namespaceKey(m) === (ns ?? '')));
          for (const n of ['n0', 'n1', 'n4', '', 3]) {
            const expected = scan(list, group, kind, m => namespaceKey(m) === (ns ?? '') && typeof m.metadata.name === 'string' && m.metadata.name === n);
            expect(index.namedIn(group, kind, ns, n)).toEqual(expected);
          }
        }
        for (const n of ['n0', 'n2', '', 3, undefined]) {
          expect(index.named(group, kind, n)).toEqual(scan(list, group, kind, m => typeof m.metadata.name === 'string' && m.metadata.name === n));
        }
      }
    }), { seed: 18, numRuns: 300 });
  });

  test('a shared namespace past the scan limit is looked up by name, and gives the same objects in order', () => {
    const list = shared(40);
    const index = ManifestIndex.of(list);
    const found = index.namedIn('', 'Secret', 'shared', 'n3');
    expect(found).toEqual(list.filter(m => m.metadata.name === 'n3'));
    expect(found).toHaveLength(8);
    expect(found.every(m => list.includes(m))).toBe(true);
    // a second lookup reuses the by-name index and answers the same
    expect(index.namedIn('', 'Secret', 'shared', 'n3')).toEqual(found);
    expect(index.namedIn('', 'Secret', 'shared', 'missing')).toEqual([]);
  });
});
