import { ManifestIndex, perEvaluation } from '../../src/compliance/manifest';
import { RbacModel } from '../../src/compliance/rbac/model';

describe('perEvaluation', () => {
  test('builds once per list of manifests, and again for another list with the same content', () => {
    let builds = 0;
    const count = perEvaluation(manifests => {
      builds++;
      return manifests.length;
    });
    const one = [{ kind: 'A' }];
    const other = [{ kind: 'A' }];
    expect([count(one), count(one), count(other), count(one)]).toEqual([1, 1, 1, 1]);
    expect(builds).toBe(2);
  });

  test('remembers a built value that is undefined or false', () => {
    let builds = 0;
    const nothing = perEvaluation(() => {
      builds++;
      return undefined;
    });
    const list: any[] = [];
    nothing(list);
    nothing(list);
    expect(builds).toBe(1);
  });

  test('a list changed after its first use is not built again: the pack never changes a list while it evaluates', () => {
    const list: any[] = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a', namespace: 'n' } }];
    const index = ManifestIndex.of(list);
    list.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b', namespace: 'n' } });
    expect(ManifestIndex.of(list)).toBe(index);
    expect(index.ofKind('', 'Secret')).toHaveLength(1);
    expect(RbacModel.of(list)).toBe(RbacModel.of(list));
    expect(RbacModel.of([])).not.toBe(RbacModel.of([]));
  });
});
