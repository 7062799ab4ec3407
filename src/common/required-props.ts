import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * `props` when it is an object holding every prop its type declares without `?`; otherwise a `ValidationError`
 * naming what is missing. TypeScript and the jsii languages refuse such a call before it runs, plain JavaScript does
 * not: without this check the construct would fail further on with a `TypeError` that names neither the prop nor the
 * fix, or, where a missing value reads as a default, write YAML nobody asked for.
 *
 * Call it before anything reads `props`.
 *
 * @param props what the caller passed
 * @param type the props type, as API.md names it (e.g. `IsolatedNamespaceProps`)
 * @param required the props `type` declares without `?`, in its order (test/common/required-props.test.ts holds
 *   every list to the type)
 * @param scope the construct being built or changed, if there is one; in a constructor before `super()` (which may read
 *   `props`), its parent scope, with `id`
 * @param id the id of the construct a constructor is about to create under `scope`, so the message names its path
 */
export function requireProps<T extends object>(
  props: T | undefined, type: string, required: readonly (keyof T & string)[], scope?: IConstruct, id?: string): T {
  if (id !== undefined && scope !== undefined) scope = pathOnly(scope.node.path === '' ? id : `${scope.node.path}/${id}`);
  if (props === undefined || props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new ValidationError(`the props (${kindOf(props)}) must be an object of type ${type}, with ${names(required)}; see ${type} in API.md`, scope);
  }
  const missing = required.filter(p => props[p] === undefined || props[p] === null);
  if (missing.length > 0) {
    const one = missing.length === 1;
    throw new ValidationError(`${names(missing)} ${one ? 'is' : 'are'} required in ${type} and ${one ? 'was' : 'were'} not given (${missing.map(p => kindOf(props[p])).join(', ')}); set ${one ? 'it' : 'them'} as ${type} in API.md describes`, scope);
  }
  return props;
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
function names(props: readonly string[]): string {
  const quoted = props.map(p => `'${p}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** What was passed instead, without printing a value (it could be a credential). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return value === undefined ? 'undefined' : `a ${typeof value}`;
}

/** A stand-in naming the path of a construct not created yet: an error message reads nothing else of its scope. */
function pathOnly(path: string): IConstruct {
  return { node: { path } } as IConstruct;
}
