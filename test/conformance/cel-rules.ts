import { compileCel } from './cel';
import { Schema } from './crds';
import { childPath, indexPath, isObject, propertySchema } from './structural';

/**
 * Evaluates every `x-kubernetes-validations` rule of a CRD schema on an object, as the API server does on
 * create: a rule runs where its schema node has a value, with `self` bound to that value typed by the schema
 * (integers as CEL ints). Transition rules (those using `oldSelf`) only run on update, so they are skipped.
 */
export function celRuleErrors(value: any, schema: Schema | undefined, path = ''): string[] {
  if (!schema || value === undefined || value === null) return [];
  const out: string[] = [];
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(rule.rule)) continue;
    const at = `${path}${rule.fieldPath ?? ''}`;
    const prefix = `${at ? `${at}: ` : ''}Invalid value: "${schema.type ?? 'object'}": `;
    let result: unknown;
    try {
      result = compileCel(rule.rule)({ self: toCelValue(value, schema) });
    } catch (e: any) {
      out.push(`${prefix}rule evaluation error: ${rule.rule}: ${firstLine(e)}`);
      continue;
    }
    if (result !== true) out.push(`${prefix}${rule.message ?? `failed rule: ${rule.rule}`}`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...celRuleErrors(item, schema.items, indexPath(path, i))));
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const declared = schema.properties && key in schema.properties;
      out.push(...celRuleErrors(v, propertySchema(schema, key), declared ? childPath(path, key) : indexPath(path, key)));
    }
  }
  return out;
}

/**
 * JSON to CEL values: CEL keeps int and double apart (cel-js uses BigInt for int), so integers become
 * BigInt where the schema says integer (or int-or-string) and in untyped (preserve-unknown) subtrees, where
 * the API server also decodes JSON integers as int.
 */
export function toCelValue(value: any, schema: Schema | undefined): any {
  if (Array.isArray(value)) return value.map(item => toCelValue(item, schema?.items));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCelValue(v, propertySchema(schema, k))]));
  }
  if (typeof value === 'number' && Number.isInteger(value) && schema?.type !== 'number') return BigInt(value);
  return value;
}

function firstLine(e: any): string {
  return String(e?.message ?? e).split('\n')[0];
}
