/**
 * Required props one level down or deeper (`spoke.oidcClients[0].clientId`, `authentication.role`) must be refused
 * as the top-level ones are: a ValidationError naming the prop, at construct time, never a TypeError and never YAML.
 * A struct inside props can only be reached with valid props around it, so the valid calls come from fixtures (the
 * every-construct fixture, and test/common/nested-fixture.ts for structs it leaves out): their constructors and
 * static factories are watched while they are built, then a fixture is built again once per required prop of each
 * nested struct a call holds, with that prop removed from that call (in its real context: a generator spec, for one,
 * is checked where the fixture places it).
 */
import { EntryPoint, entryPoints, NestedSite } from './entry-points';
import { nestedFixtureApp } from './nested-fixture';
import { ValidationError } from '../../src/common/errors';
import { everyConstructApp } from '../every-construct';
import { thrown } from '../validation-error';

/** Entry points and cases the fixture reached when this test was written. */
const MIN_ENTRY_POINTS = 58;
const MIN_CASES = 217;

interface Recorded {
  readonly entry: EntryPoint;
  /** Which call of this entry point it was, in the order the fixture makes them. */
  readonly nth: number;
  readonly props: unknown;
}

/** One call changed: `prop` removed from the struct at `path` in the props of the `nth` call of `entry`. */
interface Mutation {
  readonly entry: EntryPoint;
  readonly nth: number;
  readonly path: readonly (string | number)[];
  readonly prop: string;
}

/** A fixture: builds one App of valid calls. */
type Fixture = () => unknown;

const FIXTURES: readonly (readonly [string, Fixture])[] = [['every-construct', everyConstructApp], ['nested-fixture', nestedFixtureApp]];

/**
 * Builds a fixture with the entry points watched: each call is recorded, and the call `mutation` names gets its own
 * props (this build's, so the constructs they hold are this build's too) with the prop removed.
 */
function buildFixture(fixture: Fixture, entries: readonly EntryPoint[], mutation?: Mutation): Recorded[] {
  const calls: Recorded[] = [];
  const counts = new Map<EntryPoint, number>();
  const undo: (() => void)[] = [];
  const patch = (target: any, key: string, value: unknown) => {
    const before = Object.getOwnPropertyDescriptor(target, key)!;
    Object.defineProperty(target, key, { ...before, value });
    undo.push(() => Object.defineProperty(target, key, before));
  };
  const seen = (entry: EntryPoint, args: unknown[]): unknown[] => {
    const nth = counts.get(entry) ?? 0;
    counts.set(entry, nth + 1);
    calls.push({ entry, nth, props: args[entry.propsAt] });
    if (mutation?.entry !== entry || mutation.nth !== nth) return args;
    return args.map((a, i) => (i === entry.propsAt ? without(a, mutation.path, mutation.prop) : a));
  };
  try {
    for (const entry of entries) {
      // the class's own module: the package's index and every other module read the class from there on each use
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(entry.file);
      const cls = module[entry.className];
      if (entry.member === 'new') {
        patch(module, entry.className, new Proxy(cls, {
          construct: (target, args, newTarget) => Reflect.construct(target, seen(entry, args), newTarget),
        }));
      } else if (Object.prototype.hasOwnProperty.call(cls, entry.member)) {
        const original = cls[entry.member];
        patch(cls, entry.member, function (this: unknown, ...args: unknown[]) {
          return original.apply(this, seen(entry, args));
        });
      }
    }
    fixture();
  } finally {
    undo.reverse().forEach(u => u());
  }
  return calls;
}

/** The value at `path`, or undefined where the props do not reach that far. */
function at(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<any>((v, key) => (v === undefined || v === null ? undefined : v[key]), value);
}

/** A copy of `value` along `path` (everything else shared) with `prop` removed from the struct at its end. */
function without(value: any, path: readonly (string | number)[], prop: string): any {
  if (path.length === 0) {
    const { [prop]: _removed, ...rest } = value;
    return rest;
  }
  const [head, ...tail] = path;
  const copy = Array.isArray(value) ? [...value] : { ...value };
  (copy as any)[head] = without(value[head], tail, prop);
  return copy;
}

const label = (e: EntryPoint) => `${e.className}${e.member === 'new' ? '' : `.${e.member}`}`;
const pathText = (path: readonly (string | number)[]) => path.map(k => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1);

const ENTRIES = entryPoints().filter(e => e.nested.length > 0 && (e.member === 'new' || e.isStatic));
const CALLS = FIXTURES.map(([name, fixture]) => [name, fixture, buildFixture(fixture, ENTRIES)] as const);

interface Case {
  readonly name: string;
  readonly fixture: Fixture;
  readonly call: Recorded;
  readonly site: NestedSite;
  readonly prop: string;
}

/** Every (entry point, nested struct, required prop) the fixtures reach, from the first call that reaches it. */
function cases(): Case[] {
  const found = new Map<string, Case>();
  for (const [fixtureName, fixture, calls] of CALLS) {
    for (const call of calls) {
      for (const site of call.entry.nested.filter(s => at(call.props, s.path) !== undefined)) {
        for (const prop of site.required) {
          const name = `${label(call.entry)} ${pathText(site.path)}.${prop} (${fixtureName})`;
          const key = name.slice(0, name.lastIndexOf(' ('));
          if (![...found.keys()].some(k => k.startsWith(`${key} (`))) found.set(name, { name, fixture, call, site, prop });
        }
      }
    }
  }
  return [...found.values()];
}

const CASES = cases();

describe('nested required props from plain JavaScript', () => {
  test('the fixture builds with the entry points watched, and reaches nested structs of many', () => {
    for (const [, , calls] of CALLS) expect(calls.length).toBeGreaterThan(40);
    // what the fixture reached when this test was written: fewer means the watch or the fixture lost calls
    expect(new Set(CASES.map(c => label(c.call.entry))).size).toBeGreaterThanOrEqual(MIN_ENTRY_POINTS);
    expect(CASES.length).toBeGreaterThanOrEqual(MIN_CASES);
  });

  test.each(CASES.map(c => [c.name, c] as const))('without %s: a ValidationError naming it', (_name, c) => {
    const error = thrown(() => buildFixture(c.fixture, ENTRIES, { entry: c.call.entry, nth: c.call.nth, path: c.site.path, prop: c.prop }));
    expect(error).toBeInstanceOf(ValidationError);
    // the prop quoted alone ('key') or at the end of its path ('auth.token.key', 'rules[0].verbs')
    expect((error as Error).message).toMatch(new RegExp(`['.\\]]${c.prop}'`));
  });
});
