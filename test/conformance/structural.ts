import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types';
import { Schema } from './crds';
import { compileRe2, matcherOf } from '../../src/common/patterns/re2';

/**
 * What the API server does with a custom resource on create, before CEL: prune nulls, apply schema defaults,
 * reject unknown fields (kubectl's default `--validate=strict`), validate against the OpenAPI schema and
 * check `x-kubernetes-list-type` uniqueness. Errors are worded as the API server words them, so upstream test
 * cases that expect an error substring can be compared with ours.
 */

/** A path into an object, rendered the Kubernetes way: `spec.items[0].name`, `spec.labels[key]`. */
export type FieldPath = string;

export function childPath(parent: FieldPath, key: string): FieldPath {
  return parent ? `${parent}.${key}` : key;
}

export function indexPath(parent: FieldPath, index: number | string): FieldPath {
  return `${parent}[${index}]`;
}

/**
 * Removes nulls the schema does not allow and applies `default`s, recursively, the way the API server's
 * structural defaulting does (k8s.io/apiextensions-apiserver pkg/apiserver/schema/defaulting): a default is
 * applied when the field is absent or a non-nullable null, then the walk continues into the result.
 * Returns a new value; the input is not changed.
 */
export function applyDefaults(value: any, schema: Schema | undefined): any {
  if (!schema) return clone(value);
  if (Array.isArray(value)) {
    return value.map(item => applyDefaults(item, schema.items));
  }
  if (!isObject(value)) return value;
  const out: { [key: string]: any } = {};
  for (const [key, v] of Object.entries(value)) {
    const prop = propertySchema(schema, key);
    if (v === null && prop && !prop.nullable && prop.default === undefined) continue; // pruned
    out[key] = v;
  }
  for (const [key, prop] of Object.entries<Schema>(schema.properties ?? {})) {
    if (prop.default !== undefined && (!(key in out) || (out[key] === null && !prop.nullable))) {
      out[key] = clone(prop.default);
    }
  }
  for (const key of Object.keys(out)) {
    out[key] = applyDefaults(out[key], propertySchema(schema, key));
  }
  return out;
}

/** Fields the schema does not declare (pruned by the API server; an error under strict field validation). */
export function unknownFields(value: any, schema: Schema, path: FieldPath): string[] {
  if (Array.isArray(value)) {
    return schema.items ? value.flatMap((item, i) => unknownFields(item, schema.items, indexPath(path, i))) : [];
  }
  if (!isObject(value)) return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (schema.properties && key in schema.properties) {
      out.push(...unknownFields(v, schema.properties[key], childPath(path, key)));
    } else if (isObject(schema.additionalProperties)) {
      out.push(...unknownFields(v, schema.additionalProperties, indexPath(path, key)));
    } else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true) {
      out.push(`unknown field "${childPath(path, key)}"`);
    }
  }
  return out;
}

/** `x-kubernetes-list-type: set | map` uniqueness, reported as the API server does (`Duplicate value`). */
export function listTypeErrors(value: any, schema: Schema | undefined, path: FieldPath): string[] {
  if (!schema) return [];
  const out: string[] = [];
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set' || listType === 'map') {
      const keys: string[] = listType === 'map' ? schema['x-kubernetes-list-map-keys'] ?? [] : [];
      const seen = new Set<string>();
      value.forEach((item, i) => {
        const identity = listType === 'set' ? item : Object.fromEntries(keys.filter(k => isObject(item) && k in item).map(k => [k, item[k]]));
        const id = canonicalJson(identity);
        if (seen.has(id)) out.push(`${indexPath(path, i)}: Duplicate value: ${goValue(identity)}`);
        seen.add(id);
      });
    }
    value.forEach((item, i) => out.push(...listTypeErrors(item, schema.items, indexPath(path, i))));
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const prop = schema.properties?.[key];
      if (prop) out.push(...listTypeErrors(v, prop, childPath(path, key)));
      else if (isObject(schema.additionalProperties)) out.push(...listTypeErrors(v, schema.additionalProperties, indexPath(path, key)));
    }
  }
  return out;
}

/**
 * The API server reads every `pattern` of a CRD schema with Go's `regexp` (RE2), not with JavaScript's syntax:
 * a leading `(?i)` is a flag there (JavaScript rejects it), `\s` and `.` are narrower, `\z` is the end of text.
 * ajv takes the engine from here, so each pattern is parsed by our RE2 parser and matched unanchored in linear
 * time, as `regexp.MatchString` does. A pattern Go cannot compile fails loudly: the API server would refuse the
 * CRD itself.
 */
export const goRegExp: RegExpEngine = Object.assign((pattern: string): RegExpLike => {
  const compiled = compileRe2(pattern);
  if (compiled.problem !== undefined) {
    throw new Error(`CRD pattern ${JSON.stringify(pattern)} is not valid Go RE2, so the API server would refuse the CRD: ${compiled.problem}`);
  }
  const matcher: RegExpLike & { toString(): string } = {
    test: matcherOf(compiled),
    // ajv caches compiled patterns by their text form: each pattern needs its own
    toString: () => `re2:${pattern}`,
  };
  return matcher;
}, { code: 'goRegExp' });

const ajv = new Ajv({
  allErrors: true,
  strict: false,
  code: { regExp: goRegExp },
  // kube-openapi checks only string formats; integer formats (int32, int64) are informational
  formats: {
    'byte': { type: 'string', validate: (s: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) },
    'date-time': { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) && !isNaN(Date.parse(s)) },
    'duration': { type: 'string', validate: isOpenApiDuration },
    'int32': { type: 'number', validate: () => true },
    'int64': { type: 'number', validate: () => true },
  },
});
const compiled = new WeakMap<Schema, ValidateFunction>();

/** Go's `time.ParseDuration` syntax: signed, one or more decimal numbers with a unit each, or a bare `0`. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;
/** kube-openapi's fallback units: a short name matched exactly, the long name (last) also as a prefix (`hours`). */
const DURATION_UNITS = [['ns', 'nano'], ['us', '\u00b5s', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week']];

/**
 * The `duration` string format as kube-openapi's strfmt checks it: Go's `time.ParseDuration`, or else text with
 * at least one `<digits> <unit>` whose unit it knows (`3 days`, `1 week`).
 */
function isOpenApiDuration(s: string): boolean {
  if (GO_DURATION.test(s)) return true;
  return [...s.matchAll(/(\d+)\s*([A-Za-z\u00b5]+)/g)].some(([, , unit]) => {
    const u = unit.trim().toLowerCase();
    return DURATION_UNITS.some(variants => variants.some((v, i) => u === v || (i === variants.length - 1 && u.startsWith(v))));
  });
}

/** OpenAPI v3 validation with ajv, on an object whose defaults were already applied. */
export function schemaErrors(value: any, schema: Schema): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema));
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).flatMap(e => describeAjvError(e, value, schema));
}

/** The structural schema as plain JSON Schema: Kubernetes extensions become the keywords ajv knows. */
function toJsonSchema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'default') continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries<Schema>(v).map(([pk, pv]) => [pk, toJsonSchema(pv)]));
    } else if (k === 'items' || (k === 'additionalProperties' && isObject(v))) {
      out[k] = toJsonSchema(v);
    } else if (k === 'anyOf' && schema['x-kubernetes-int-or-string']) {
      // structural int-or-string: `anyOf: [{type: integer}, {type: string}]`, expressed as a type union below
    } else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') {
      out[k] = (v as Schema[]).map(toJsonSchema);
    } else if (k === 'not') {
      out[k] = toJsonSchema(v);
    } else {
      out[k] = v;
    }
  }
  if (schema['x-kubernetes-int-or-string']) out.type = ['integer', 'string'];
  if (schema.nullable && out.type) out.type = [...[out.type].flat(), 'null'];
  return out;
}

/** Words an ajv error the way kube-openapi's validator does, with a Kubernetes field path. */
function describeAjvError(e: ErrorObject, root: any, schema: Schema): string[] {
  const { path, value } = resolvePointer(e.instancePath, root, schema);
  const inBody = `${path} in body`;
  const p = e.params as any;
  switch (e.keyword) {
    case 'required':
      return [`${childPath(path, p.missingProperty)}: Required value`];
    case 'type':
      return [`${path}: Invalid value: ${goValue(value)}: ${inBody} must be of type ${[p.type].flat().join('/')}: "${jsonType(value)}"`];
    case 'enum':
      return [`${path}: Unsupported value: ${goValue(value)}: supported values: ${p.allowedValues.map((v: any) => goValue(v)).join(', ')}`];
    case 'pattern':
      return [`${path}: Invalid value: ${goValue(value)}: ${inBody} should match '${p.pattern}'`];
    case 'format':
      return [`${path}: Invalid value: ${goValue(value)}: ${inBody} must be of type ${p.format}: ${goValue(value)}`];
    case 'minLength':
      return [`${path}: Invalid value: ${goValue(value)}: ${inBody} should be at least ${p.limit} chars long`];
    case 'maxLength':
      return [`${path}: Too long: may not be more than ${p.limit} bytes`];
    case 'minItems':
      return [`${path}: Invalid value: ${value.length}: ${inBody} should have at least ${p.limit} items`];
    case 'maxItems':
      return [`${path}: Too many: ${value.length}: must have at most ${p.limit} items`];
    case 'minProperties':
      return [`${path}: Invalid value: ${Object.keys(value).length}: ${inBody} should have at least ${p.limit} properties`];
    case 'maxProperties':
      return [`${path}: Too many: ${Object.keys(value).length}: must have at most ${p.limit} items`];
    case 'minimum':
      return [`${path}: Invalid value: ${value}: ${inBody} should be greater than or equal to ${p.limit}`];
    case 'maximum':
      return [`${path}: Invalid value: ${value}: ${inBody} should be less than or equal to ${p.limit}`];
    case 'exclusiveMinimum':
      return [`${path}: Invalid value: ${value}: ${inBody} should be greater than ${p.limit}`];
    case 'exclusiveMaximum':
      return [`${path}: Invalid value: ${value}: ${inBody} should be less than ${p.limit}`];
    default:
      return [`${path}: Invalid value: ${goValue(value)}: ${e.message ?? e.keyword}`];
  }
}

/** Turns ajv's JSON pointer into a Kubernetes field path (map keys in brackets, list indexes too). */
function resolvePointer(pointer: string, root: any, schema: Schema): { path: FieldPath; value: any } {
  let path = '';
  let value = root;
  let s: Schema | undefined = schema;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path = indexPath(path, seg);
      s = s?.items;
    } else if (s?.properties && seg in s.properties) {
      path = childPath(path, seg);
      s = s.properties[seg];
    } else {
      path = indexPath(path, seg);
      s = isObject(s?.additionalProperties) ? s!.additionalProperties : undefined;
    }
    value = value?.[seg];
  }
  return { path, value };
}

/** A value printed as Go's `%#v` would in an API server error (strings quoted, objects as maps). */
export function goValue(v: any): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
  if (isObject(v)) {
    return `map[string]interface {}{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${goValue(v[k])}`).join(', ')}}`;
  }
  return String(v);
}

/** The JSON type name the API server reports: string, integer, number, boolean, array, object, null. */
export function jsonType(v: any): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function propertySchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  if (schema.properties && key in schema.properties) return schema.properties[key];
  return isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

export function isObject(v: any): v is { [key: string]: any } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** JSON with sorted keys, for identity comparisons. */
export function canonicalJson(v: any): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
