import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { _objectRenderEnabled, renderApiObject } from '../../src/common/object-render';
import { Rng } from '../secrets/corpus';

// The one-pass render must give exactly what ApiObject.toJson() gives (values, key order, which lazy values are
// produced and in which order, errors), or hand the object to toJson(). These tests compare the two on generated
// objects built on the edges of cdk8s's resolve() and sanitizeValue(), and count the hand-overs, so that a render
// that always hands over fails too.

/** A value's full shape, key order and undefined entries included (JSON.stringify would hide both). */
function shape(value: any): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${Array.from({ length: value.length }, (_, i) => (i in value ? shape(value[i]) : '<hole>')).join(',')}]`;
  return `{${Object.keys(value).map(k => `${JSON.stringify(k)}:${shape(value[k])}`).join(',')}}`;
}

/** Calls of toJson() made by the one-pass render (its hand-overs), counted around `fn`. */
function handOvers(fn: () => void): number {
  const spy = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/** A token in the style of cdk8s: an object whose resolve() gives the value. */
class Token {
  public constructor(private readonly produced: any) {}
  public resolve(): any {
    return this.produced;
  }
}

/** A number-or-string union as `cdk8s import` generates them (IntOrString, Quantity). */
class Union {
  public constructor(public readonly value: number | string) {}
}

const KEYS = ['a', 'b', 'B', 'z', 'name', '10', '9', '0', '_x', 'é', 'a-b', 'a.b', 'value', 'resolve', 'spec'];

/** Values from a seeded generator: plain data wrapped, at random, in lazy values, tokens and unions. */
function valueGenerator(rng: Rng, produced: string[]) {
  let lazyId = 0;
  const wrap = (v: any): any => {
    const roll = rng.int(10);
    if (roll === 0) {
      const id = `lazy${lazyId++}`;
      return Lazy.any({ produce: () => { produced.push(id); return v; } });
    }
    if (roll === 1) return new Token(v);
    return v;
  };
  const value = (depth: number): any => {
    const roll = rng.int(depth > 3 ? 8 : 12);
    switch (roll) {
      case 0: return wrap(undefined);
      case 1: return wrap(null);
      case 2: return wrap(rng.int(100) - 50);
      case 3: return wrap(rng.pick([true, false, 0, -0, 1.5, '', 'x', 'null']));
      case 4: return wrap(new Union(rng.pick([8080, '50%', '1Gi'])));
      case 5: case 6: case 7: return wrap(rng.string('abcxyz-', 1 + rng.int(6)));
      case 8: case 9: return wrap(Array.from({ length: rng.int(4) }, () => value(depth + 1)));
      default: {
        const map: any = {};
        for (let i = rng.int(5); i > 0; i--) map[rng.pick(KEYS)] = value(depth + 1);
        return wrap(map);
      }
    }
  };
  return value;
}

function generatedObjects(seed: number, produced: string[]): ApiObject[] {
  const rng = new Rng(seed);
  const value = valueGenerator(rng, produced);
  const chart = new Chart(new App(), 'c', rng.int(2) === 0 ? { namespace: 'ns' } : {});
  return Array.from({ length: 4 }, (_, i) => {
    const metadata: any = {};
    if (rng.int(2) === 0) metadata.name = `o${i}`;
    if (rng.int(2) === 0) metadata.labels = { b: 'x', a: rng.int(3) === 0 ? Lazy.any({ produce: () => 'lazy' }) : 'y' };
    if (rng.int(3) === 0) metadata.annotations = {};
    if (rng.int(3) === 0) metadata.finalizers = rng.int(2) === 0 ? [] : ['f'];
    if (rng.int(4) === 0) metadata.generateName = 'gen-';
    if (rng.int(4) === 0) metadata.extra = { empty: {}, list: [], kept: [null] };
    const props: any = { apiVersion: rng.pick(['v1', 'x.io/v1']), kind: 'Probe', metadata };
    for (let k = rng.int(4); k > 0; k--) props[rng.pick(['spec', 'data', 'rules', 'zeta', 'Alpha'])] = value(0);
    const object = new ApiObject(chart, `o${i}`, props);
    if (rng.int(5) === 0) object.addJsonPatch(JsonPatch.add('/added', { z: 1, a: 2 }));
    return object;
  });
}

/** Renders `object` both ways, from the same state, and returns the two shapes and the lazy values produced. */
interface BothWays {
  readonly ours: string;
  readonly theirs: string;
  readonly producedOurs: string[];
  readonly producedTheirs: string[];
  /** toJson() calls the one-pass render made */
  readonly handOvers: number;
}

function bothWays(build: (produced: string[]) => ApiObject[]): BothWays[] {
  const producedOurs: string[] = [];
  const producedTheirs: string[] = [];
  const ours = build(producedOurs);
  const theirs = build(producedTheirs);
  return ours.map((o, i) => {
    const start = [producedOurs.length, producedTheirs.length];
    let a = '';
    const handedOver = handOvers(() => { a = shape(renderApiObject(o)); });
    const b = shape(theirs[i].toJson());
    return { ours: a, theirs: b, producedOurs: producedOurs.slice(start[0]), producedTheirs: producedTheirs.slice(start[1]), handOvers: handedOver };
  });
}

describe('renderApiObject', () => {
  test('its self-check passes with the installed cdk8s', () => {
    expect(_objectRenderEnabled()).toBe(true);
  });

  test('gives toJson()\'s value, key order and lazy production order on 2,000 generated objects', () => {
    let handedOver = 0;
    let lazies = 0;
    for (let seed = 1; seed <= 500; seed++) {
      for (const r of bothWays(produced => generatedObjects(seed, produced))) {
        if (r.ours !== r.theirs) throw new Error(`seed ${seed}:\n ours   ${r.ours}\n theirs ${r.theirs}`);
        expect(r.producedOurs).toEqual(r.producedTheirs);
        handedOver += r.handOvers;
        lazies += r.producedOurs.length;
      }
    }
    // the generator reaches lazy values often enough for their order to be tested
    expect(lazies).toBeGreaterThan(500);
    // every generated value is plain data or a token: none needs toJson()
    expect(handedOver).toBe(0);
  });

  test('keeps the props\' key order when CDK8S_DISABLE_SORT is set', () => {
    const before = process.env.CDK8S_DISABLE_SORT;
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      for (let seed = 1; seed <= 100; seed++) {
        for (const r of bothWays(produced => generatedObjects(seed, produced))) expect(r.ours).toBe(r.theirs);
      }
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
  });

  test('renders a plain object without toJson() and drops nulls, empty metadata lists and maps', () => {
    const chart = Testing.chart();
    const o = new ApiObject(chart, 'o', {
      apiVersion: 'v1',
      kind: 'Probe',
      metadata: { name: 'o', annotations: {}, finalizers: [] },
      spec: { b: null, a: [null, 1], c: {} },
    });
    let result: any;
    expect(handOvers(() => { result = renderApiObject(o); })).toBe(0);
    expect(shape(result)).toBe('{"apiVersion":"v1","kind":"Probe","metadata":{"name":"o"},"spec":{"a":[undefined,1],"c":{}}}');
  });

  test('sorts maps of many keys (past the insertion sort) as sanitizeValue() does', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${(i * 7919) % 40}-${'zyx'[i % 3]}`);
    for (const order of [keys, [...keys].sort(), [...keys].sort().reverse()]) {
      const spec: any = {};
      for (const k of order) spec[k] = k.endsWith('x') ? null : { [k]: k };
      const build = () => new ApiObject(Testing.chart(), 'o', { apiVersion: 'v1', kind: 'Probe', spec });
      expect(shape(renderApiObject(build()))).toBe(shape(build().toJson()));
    }
  });

  describe('hands over to toJson() where cdk8s decides', () => {
    const cases: Array<[string, () => any]> = [
      ['a class instance that is not a token', () => ({ when: new Map() })],
      ['a Date', () => ({ when: new Date(0) })],
      ['an object without a prototype', () => ({ bare: Object.create(null) })],
      ['an own __proto__ key', () => JSON.parse('{"__proto__": {"x": 1}, "y": 2}')],
      ['a value whose constructor key is not Object', () => ({ odd: { constructor: 'x' } })],
    ];
    test.each(cases)('%s: same result or same error', (_name, spec) => {
      const render = (fn: () => any): string => {
        try {
          return shape(fn());
        } catch (error) {
          return `error: ${(error as Error).message}`;
        }
      };
      const a = new ApiObject(Testing.chart(), 'o', { apiVersion: 'v1', kind: 'Probe', spec: spec() });
      const b = new ApiObject(Testing.chart(), 'o', { apiVersion: 'v1', kind: 'Probe', spec: spec() });
      let ours = '';
      expect(handOvers(() => { ours = render(() => renderApiObject(a)); })).toBe(1);
      expect(ours).toBe(render(() => b.toJson()));
    });

    test('an error thrown by a lazy value: toJson()\'s wrapped error', () => {
      const failing = () => new ApiObject(Testing.chart(), 'o', {
        apiVersion: 'v1', kind: 'Probe', spec: Lazy.any({ produce: () => { throw new Error('spec is wrong'); } }),
      });
      const expected = (() => { try { failing().toJson(); } catch (e) { return (e as Error).message; } return ''; })();
      expect(expected).toMatch(/Failed serializing construct at path .*spec is wrong/);
      expect(() => renderApiObject(failing())).toThrow(expected);
    });

    test('an App with a custom resolver', () => {
      const seen: string[] = [];
      const resolver: IResolver = { resolve: (context: ResolutionContext) => { if (context.value === 'x') { seen.push(context.key.join('.')); context.replaceValue('X'); } } };
      const chart = new Chart(new App({ resolvers: [resolver] }), 'c');
      const o = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'Probe', spec: { a: 'x' } });
      let result: any;
      expect(handOvers(() => { result = renderApiObject(o); })).toBe(1);
      expect(result.spec).toEqual({ a: 'X' });
      expect(seen).toEqual(['spec.a']);
    });

    test('a class that overrides toJson() (generated by cdk8s import)', () => {
      const sa = new kplus.ServiceAccount(Testing.chart(), 'sa', { automountToken: false });
      const object = ApiObject.of(sa);
      expect(object.toJson).not.toBe(ApiObject.prototype.toJson);
      expect(renderApiObject(object)).toEqual(object.toJson());
    });
  });
});
