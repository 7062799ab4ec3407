/**
 * A cel-js environment with the Kubernetes CEL libraries used by CRD `x-kubernetes-validations` rules:
 * IP/CIDR, URL, regex (find/findAll and RE2 `matches`), and the string extensions cel-js lacks.
 */
import type * as Cel from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };
import { ipCidrLibrary } from './ip-cidr';
import { matches, regexLibrary } from './regex';
import { urlLibrary } from './url';

// cel-js is ESM-only and jest runs CommonJS (transpiling cel-js), so the value comes from require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cel: typeof Cel = require('@marcbachmann/cel-js');

/** What a library adds to an environment. Handlers may throw any Error; it becomes a CEL evaluation error. */
export interface CelLibrary {
  /** CEL type name to the class of its values. */
  readonly types?: Record<string, new (...args: never[]) => unknown>;
  /** Name to [CEL type, value]. */
  readonly constants?: Record<string, [string, unknown]>;
  /** cel-js signatures, e.g. 'net.CIDR.containsIP(string): bool' (receiver first in the handler's arguments). */
  readonly functions: Record<string, (...args: any[]) => unknown>;
  readonly operators?: Record<string, (left: any, right: any) => boolean>;
}

/** cel-go's ext.Strings `replace`, i.e. Go's strings.Replace: at most `n` replacements (all when n < 0). */
function replace(s: string, from: string, to: string, n = -1): string {
  // An empty `from` matches before every code point and at the end.
  const parts = from ? s.split(from) : ['', ...s, ''];
  if (n < 0 || n >= parts.length - 1) return parts.join(to);
  return parts.slice(0, n + 1).join(to) + from + parts.slice(n + 1).join(from);
}

const stringsLibrary: CelLibrary = {
  functions: {
    'string.replace(string, string): string': (s: string, from: string, to: string) => replace(s, from, to),
    'string.replace(string, string, int): string': (s: string, from: string, to: string, n: bigint) => replace(s, from, to, Number(n)),
  },
};

function toEvaluationError(e: unknown): Error {
  return e instanceof cel.EvaluationError ? e : new cel.EvaluationError(e instanceof Error ? e.message : String(e));
}

/** Minimal views of the cel-js type checker and evaluator that a macro is handed. */
interface CheckedType { readonly kind: string; readonly type: string }
interface Checker {
  check(node: unknown, ctx: unknown): CheckedType;
  getType(name: string): CheckedType;
  createError(code: string, message: string, node: unknown): Error;
}
interface Evaluator { run(node: unknown, ctx: unknown): unknown }

/**
 * `<string>.matches(<string>)` with RE2 semantics. cel-js' own overload cannot be replaced (it rejects overlapping
 * signatures), but a macro named like the method is expanded at parse time in its place. The macro is declared
 * on a type parameter receiver only so that its signature does not overlap `string.matches(string)`.
 */
function matchesMacro({ ast, receiver, args }: { ast: unknown; receiver: unknown; args: unknown[] }) {
  return {
    async: false,
    typeCheck(checker: Checker, _: unknown, ctx: unknown) {
      for (const node of [receiver, args[0]]) {
        const type = checker.check(node, ctx);
        if (type.kind !== 'dyn' && type.type !== 'string') {
          throw checker.createError('no_matching_overload', `found no matching overload for 'matches' applied to '${type.type}'`, ast);
        }
      }
      return checker.getType('bool');
    },
    evaluate(ev: Evaluator, _: unknown, ctx: unknown) {
      const [s, pattern] = [ev.run(receiver, ctx), ev.run(args[0], ctx)];
      if (typeof s !== 'string' || typeof pattern !== 'string') throw new cel.EvaluationError("found no matching overload for 'matches'");
      try {
        return matches(s, pattern);
      } catch (e) {
        throw toEvaluationError(e);
      }
    },
  };
}

export function createKubernetesCelEnvironment(): Cel.Environment {
  const env = new cel.Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  for (const lib of [ipCidrLibrary, urlLibrary, regexLibrary, stringsLibrary]) {
    // `fields: {}` keeps the implementation's properties out of reach of CEL field access.
    for (const [name, ctor] of Object.entries(lib.types ?? {})) env.registerType(name, { ctor, fields: {} });
    for (const [name, [type, value]] of Object.entries(lib.constants ?? {})) env.registerConstant(name, type, value);
    for (const [signature, handler] of Object.entries(lib.functions)) {
      env.registerFunction(signature, (...args: unknown[]) => {
        try {
          return handler(...args);
        } catch (e) {
          throw toEvaluationError(e);
        }
      }, { async: false });
    }
    for (const [signature, handler] of Object.entries(lib.operators ?? {})) env.registerOperator(signature, handler);
  }
  env.registerFunction('T.matches(ast): bool', matchesMacro);
  return env;
}

let shared: Cel.Environment | undefined;
const programs = new Map<string, Cel.ParseResult>();

/** Parses once per expression text; call the result with the variables, e.g. `{ self }`. */
export function compileCel(expression: string): Cel.ParseResult {
  let program = programs.get(expression);
  if (!program) {
    shared ??= createKubernetesCelEnvironment();
    program = shared.parse(expression);
    programs.set(expression, program);
  }
  return program;
}
