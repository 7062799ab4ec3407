import { IConstruct } from 'constructs';
import { ValidationError } from '../../common/errors';
import { refuseCredential } from '../../common/literals';
import { ParamSpec, ParamType, ParamValue, ResultSpec, TaskWorkspaceProps } from '../params';

// pkg/apis/pipeline/v1/task_validation.go: string/array names may contain dots, object names and keys may not.
const STRING_OR_ARRAY_NAME = /^[_a-zA-Z][_a-zA-Z0-9.-]*$/;
const OBJECT_NAME = /^[_a-zA-Z][_a-zA-Z0-9-]*$/;
// result_validation.go: a result name is a label-like name.
const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** `$(params.x)`, `$(params.x[*])`, `$(params.x[0])`, `$(params.obj.key)`. */
const PARAM_REFERENCE = /\$\(params\.([_a-zA-Z0-9.-]+?)(\[\*\]|\[\d+\])?\)/g;
/** `$(tasks.<task>.results.<result>...)` and `$(tasks.<task>.status)`. */
const TASK_REFERENCE = /\$\(tasks\.([a-z0-9-]+)\.(results\.([A-Za-z0-9_.-]+?)(\[\*\]|\[\d+\])?|status|reason)\)/g;

/** The props `ParamSpec` declares without `?`, for `requireProps` in every `addParam()`. */
export const PARAM_SPEC_REQUIRED: readonly (keyof ParamSpec & string)[] = ['name'];
/** The props `ResultSpec` declares without `?`, for `requireProps` in every `addResult()` of a Task. */
export const RESULT_SPEC_REQUIRED: readonly (keyof ResultSpec & string)[] = ['name'];
/** The props `TaskWorkspaceProps` declares without `?`, for `requireProps` in every `addWorkspace()` of a Task. */
export const TASK_WORKSPACE_REQUIRED: readonly (keyof TaskWorkspaceProps & string)[] = ['name'];

/**
 * Refuses a param value (a default, a pipeline task's value, a run's value) that holds a credential. A string
 * and each string of an array are judged by the param's name (`db-password`), a string of an array also by a bare
 * flag before it (`--password`); each entry of an object by its own key and by the param's name.
 */
export function refuseParamCredential(scope: IConstruct | undefined, prop: string, name: string, value: ParamValue | undefined): void {
  if (value === undefined) return;
  const v = value._render();
  if (typeof v === 'string') {
    refuseCredential(scope, prop, v, name);
  } else if (Array.isArray(v)) {
    v.forEach((s, i) => {
      refuseCredential(scope, `${prop}[${i}]`, s, name);
      // an array param is often a command line: a word after a bare flag is judged by the flag (`--password`, `<value>`)
      const flag = i > 0 ? /^--?([A-Za-z][A-Za-z0-9_-]*)$/.exec(v[i - 1]) : null;
      if (flag) refuseCredential(scope, `${prop}[${i}]`, s, flag[1]);
    });
  } else {
    refuseCredential(scope, prop, v);
    for (const [key, s] of Object.entries(v)) refuseCredential(scope, `${prop}${propertyAccess(key)}`, s, name);
  }
}

/** Refuses every param value of a map (`params` of a pipeline task or a run), each judged by its name. */
export function refuseParamCredentials(scope: IConstruct | undefined, prop: string, params: { [name: string]: ParamValue } | undefined): void {
  for (const [name, value] of Object.entries(params ?? {})) refuseParamCredential(scope, `${prop}[${JSON.stringify(name)}]`, name, value);
}

/** `.key` for an identifier, `["key"]` otherwise. */
function propertyAccess(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Checks a declaration and renders it with the type the defaulting webhook would write. */
export function renderParamSpec(scope: IConstruct | undefined, where: string, p: ParamSpec): any {
  // literals first: later messages quote the default and the allowed values
  const prop = `params[${JSON.stringify(p.name)}]`;
  refuseCredential(scope, `${prop}.description`, p.description);
  refuseParamCredential(scope, `${prop}.default`, p.name, p.default);
  (p.allowedValues ?? []).forEach((v, i) => refuseCredential(scope, `${prop}.allowedValues[${i}]`, v, p.name));
  const type = p.type ?? p.default?.type ?? ParamType.STRING;
  const nameRule = type === ParamType.OBJECT ? OBJECT_NAME : STRING_OR_ARRAY_NAME;
  if (!nameRule.test(p.name)) {
    throw new ValidationError(`${where} param name ${JSON.stringify(p.name)} is invalid: use letters, digits, '_' and '-'${type === ParamType.OBJECT ? '' : ' and \'.\''}, starting with a letter or '_'; e.g. "db-url"`, scope);
  }
  if (p.default !== undefined && p.default.type !== type) {
    throw new ValidationError(`${where} param '${p.name}' has type ${type} but its default is ${p.default.type}; use ParamValue.${type}()`, scope);
  }
  if (type === ParamType.OBJECT) {
    if (!p.properties || p.properties.length === 0) {
      throw new ValidationError(`${where} object param '${p.name}' needs 'properties' (its keys); e.g. properties: ['url', 'user']`, scope);
    }
    for (const key of p.properties) {
      if (!OBJECT_NAME.test(key)) throw new ValidationError(`${where} object param '${p.name}' key ${JSON.stringify(key)} is invalid: use letters, digits, '_' and '-', starting with a letter or '_'`, scope);
    }
    const unknown = (p.default?.keys ?? []).filter(k => !p.properties!.includes(k));
    if (unknown.length > 0) throw new ValidationError(`${where} object param '${p.name}' default has keys ${unknown.join(', ')} not declared in 'properties' (${p.properties.join(', ')})`, scope);
  } else if (p.properties !== undefined) {
    throw new ValidationError(`${where} param '${p.name}' is ${type}: 'properties' is only for ParamType.OBJECT`, scope);
  }
  if (p.allowedValues !== undefined) {
    if (type !== ParamType.STRING || p.allowedValues.length === 0) {
      throw new ValidationError(`${where} param '${p.name}' 'allowedValues' needs a string param and at least one value`, scope);
    }
    const d = p.default?._render();
    if (d !== undefined && !p.allowedValues.includes(d)) {
      throw new ValidationError(`${where} param '${p.name}' default ${JSON.stringify(d)} is not one of its allowedValues (${p.allowedValues.join(', ')})`, scope);
    }
  }
  return {
    name: p.name,
    type,
    description: p.description,
    default: p.default?._render(),
    properties: p.properties ? Object.fromEntries(p.properties.map(k => [k, { type: 'string' }])) : undefined,
    enum: p.allowedValues ? [...p.allowedValues] : undefined,
  };
}

export function renderResultSpec(scope: IConstruct | undefined, where: string, r: ResultSpec): any {
  refuseCredential(scope, `results[${JSON.stringify(r.name)}].description`, r.description);
  if (!RESULT_NAME.test(r.name)) {
    throw new ValidationError(`${where} result name ${JSON.stringify(r.name)} is invalid: use letters, digits, '_', '-' and '.', starting and ending with a letter or digit; e.g. "image-digest"`, scope);
  }
  const type = r.type ?? ParamType.STRING;
  if (type === ParamType.OBJECT && (!r.properties || r.properties.length === 0)) {
    throw new ValidationError(`${where} object result '${r.name}' needs 'properties' (its keys)`, scope);
  }
  if (type !== ParamType.OBJECT && r.properties !== undefined) {
    throw new ValidationError(`${where} result '${r.name}' is ${type}: 'properties' is only for ParamType.OBJECT`, scope);
  }
  return {
    name: r.name,
    type,
    description: r.description,
    properties: r.properties ? Object.fromEntries(r.properties.map(k => [k, { type: 'string' }])) : undefined,
  };
}

/**
 * Throws when a string refers to `$(params.x)` that is not declared, or uses an array param where only a
 * whole-array expansion (`[*]`) or an index makes sense, or an object key that is not declared.
 */
export function checkParamReferences(scope: IConstruct | undefined, where: string, text: string | undefined, params: ParamSpec[]): void {
  if (!text) return;
  for (const match of text.matchAll(PARAM_REFERENCE)) {
    const [ref, name] = match;
    if (params.some(p => p.name === name)) continue;
    const dot = name.indexOf('.');
    const owner = dot > 0 ? params.find(p => p.name === name.slice(0, dot)) : undefined;
    if (owner && (owner.type ?? owner.default?.type) === ParamType.OBJECT && (owner.properties ?? []).includes(name.slice(dot + 1))) continue;
    const declared = params.map(p => p.name).join(', ') || 'none';
    throw new ValidationError(`${where} refers to ${ref} but no such param is declared (declared: ${declared}); declare it first with 'params' or addParam()`, scope);
  }
}

/** The `$(tasks.<name>...)` references in a string. */
export function taskReferences(text: string): { ref: string; task: string; result?: string; status: boolean }[] {
  return [...text.matchAll(TASK_REFERENCE)].map(m => ({ ref: m[0], task: m[1], result: m[3], status: m[2] === 'status' || m[2] === 'reason' }));
}

/** An object value must give exactly the keys its param declares (Tekton rejects missing keys, ignores none). */
export function checkObjectKeys(scope: IConstruct | undefined, where: string, name: string, value: ParamValue, declared: ParamSpec): void {
  if (value.type !== ParamType.OBJECT) return;
  const keys = declared.properties ?? [];
  const missing = keys.filter(k => !value.keys.includes(k));
  const extra = value.keys.filter(k => !keys.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new ValidationError(`${where} param '${name}' must give exactly the keys ${keys.join(', ')}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; not declared: ${extra.join(', ')}` : ''}`, scope);
  }
}
