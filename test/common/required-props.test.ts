/**
 * Plain JavaScript reaches every public constructor and method without a compiler: a call that leaves out a prop
 * its type declares without `?` (or the whole props object) must fail with a ValidationError naming that prop,
 * never a TypeError from deep inside, and never synthesize. The entry points and their required props are read from
 * the source with the TypeScript checker (inherited props included), so a new construct, factory or prop is held to
 * this without anyone listing it here.
 */
import { App, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { EntryPoint, entryPoints } from './entry-points';
import * as zt from '../../src';
import { ValidationError } from '../../src/common/errors';
import { requireProps } from '../../src/common/required-props';
import { thrown, validationError } from '../validation-error';

/**
 * A value for a required prop that the check must not read: any use of it (a property, a coercion to text) throws an
 * error that is not a ValidationError, so only a check made before the props are used passes.
 */
const UNTOUCHABLE = new Proxy({}, {
  get: (_t, key) => {
    throw new Error(`a placeholder prop was read (${String(key)}) before the required props were checked`);
  },
  has: () => {
    throw new Error('a placeholder prop was inspected before the required props were checked');
  },
});

/** Calls the entry point with `props` in its props position; other parameters get a plain value. */
function call(entry: EntryPoint, props: unknown): void {
  const args = entry.params.map((p, i) => {
    if (i === entry.propsAt) return props;
    if (p.name === 'scope') return Testing.chart();
    return p.isString ? 'placeholder' : undefined;
  });
  const cls = (zt as any)[entry.className];
  if (entry.member === 'new') {
    new cls(...args);
  } else if (entry.isStatic) {
    cls[entry.member](...args);
  } else {
    // the method on an object of the class that has nothing else: the check must come before anything it reads
    const self = Object.create(cls.prototype);
    // a construct's check names its path; any other class has none to name
    if (cls.prototype instanceof Construct) Object.defineProperty(self, 'node', { value: { path: `test/${entry.className}` } });
    cls.prototype[entry.member].apply(self, args);
  }
}

const ENTRY_POINTS = entryPoints().filter(e => e.required.length > 0);
const label = (e: EntryPoint) => `${e.className}${e.member === 'new' ? '' : `${e.isStatic ? '.' : '#'}${e.member}`}(${e.params.map(p => p.name).join(', ')})`;

describe('required props from plain JavaScript', () => {
  test('the source has entry points with required props (the reader found them)', () => {
    expect(ENTRY_POINTS.length).toBeGreaterThan(100);
    expect(ENTRY_POINTS.map(label)).toEqual(expect.arrayContaining([
      'IsolatedNamespace(scope, id, props)', 'VaultAuth.kubernetes(options)', 'ExternalSecret#addData(secretKey, remoteRef)',
    ]));
  });

  describe.each(ENTRY_POINTS.map(e => [label(e), e] as const))('%s', (_label, entry) => {
    test.each(entry.required.map(p => [p]))('without \'%s\': a ValidationError naming it', prop => {
      const props = Object.fromEntries(entry.required.filter(r => r !== prop).map(r => [r, UNTOUCHABLE]));
      const error = thrown(() => call(entry, props));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(`'${prop}'`);
      expect((error as Error).message).toContain(entry.propsType);
      // a constructor or factory given a scope and an id names the path of the construct it was to create
      if (entry.params.some(p => p.name === 'scope') && entry.params.some(p => p.name === 'id')) {
        expect((error as ValidationError).constructPath).toBe('test/placeholder');
      }
    });

    test('null for a required prop counts as missing', () => {
      const props = Object.fromEntries(entry.required.map((r, i) => [r, i === 0 ? null : UNTOUCHABLE]));
      const error = thrown(() => call(entry, props));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(`'${entry.required[0]}'`);
    });

    if (!entry.propsOptional) {
      test.each([['undefined', undefined], ['null', null], ['a string', 'name'], ['an array', []]])('props %s: a ValidationError', (_what, props) => {
        const error = thrown(() => call(entry, props));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as Error).message).toContain(entry.propsType);
      });
    }
  });
});

describe('requireProps', () => {
  interface Shape { readonly a?: unknown; readonly b?: unknown; readonly c?: unknown }
  const REQUIRED: readonly (keyof Shape & string)[] = ['a', 'b', 'c'];

  test('returns the props when every required prop is given, falsy values included', () => {
    const props = { a: 0, b: false, c: '' };
    expect(requireProps<Shape>(props, 'Shape', REQUIRED)).toBe(props);
  });

  test('names each missing prop, what was there instead, and where the fix is described', () => {
    const error = validationError(() => requireProps<Shape>({ a: 1, b: null }, 'Shape', REQUIRED), undefined);
    expect(error.message).toBe("'b' and 'c' are required in Shape and were not given (null, undefined); set them as Shape in API.md describes");
    const one = validationError(() => requireProps<Shape>({ a: 1, b: 2 }, 'Shape', REQUIRED), undefined);
    expect(one.message).toBe("'c' is required in Shape and was not given (undefined); set it as Shape in API.md describes");
  });

  test.each([
    ['undefined', undefined, 'undefined'], ['null', null, 'null'], ['a string', 'secret-value', 'a string'],
    ['an array', [1], 'an array'], ['a number', 42, 'a number'],
  ])('props %s: says what came instead, never the value itself', (_what, props, shownAs) => {
    const error = validationError(() => requireProps<Shape>(props as any, 'Shape', REQUIRED), undefined);
    expect(error.message).toBe(`the props (${shownAs}) must be an object of type Shape, with 'a', 'b' and 'c'; see Shape in API.md`);
    expect(error.message).not.toContain('secret-value');
  });

  test('a constructor before super() names the path its construct would have', () => {
    const chart = Testing.chart();
    validationError(() => requireProps<Shape>({}, 'Shape', REQUIRED, chart, 'store'), 'test/store');
    validationError(() => requireProps<Shape>({}, 'Shape', REQUIRED, chart), 'test');
  });

  test('under the App (empty path) the path is the id alone', () => {
    validationError(() => requireProps<Shape>({}, 'Shape', REQUIRED, new App(), 'charts'), 'charts');
  });
});
