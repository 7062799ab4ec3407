/**
 * Kubernetes name, label and annotation rules (k8s.io/apimachinery pkg/util/validation), checked when a
 * construct is created so bad input never yields YAML. Each function throws an error naming the prop, the
 * value, the rule and an example of a valid value.
 */
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { shown } from './redact';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** A suggestion derived from an invalid name: lowercased, invalid characters replaced by '-'. */
function suggestion(value: string, max: number, allowDots: boolean): string {
  const cleaned = value.toLowerCase()
    .replace(allowDots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, max)
    .replace(/[^a-z0-9]+$/, '');
  return cleaned || 'my-name';
}

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A DNS-1123 label (namespaces, most names inside specs): `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63. */
export function validateDnsLabel(scope: IConstruct | undefined, prop: string, value: string): string {
  if (!isDnsLabel(value)) {
    throw new ValidationError(`'${prop}' (${shown(value)}) must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters; e.g. "${suggestion(value, 63, false)}"`, scope);
  }
  return value;
}

/** A DNS-1123 subdomain (object names): labels joined by '.', at most 253 characters. */
export function validateDnsSubdomain(scope: IConstruct | undefined, prop: string, value: string): string {
  if (!isDnsSubdomain(value)) {
    throw new ValidationError(`'${prop}' (${shown(value)}) must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters; e.g. "${suggestion(value, 253, true)}"`, scope);
  }
  return value;
}

/** A qualified name (`[prefix/]name`), the form of label and annotation keys. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'at most one \'/\' is allowed';
  const name = parts[parts.length - 1];
  if (parts.length === 2 && !isDnsSubdomain(parts[0])) return `the prefix "${parts[0]}" must be a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63) return 'the name part must have 1 to 63 characters';
  if (!QUALIFIED_NAME.test(name)) return 'the name part must consist of letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';
  return undefined;
}

export function validateLabelKey(scope: IConstruct | undefined, prop: string, key: string): string {
  const problem = qualifiedNameProblem(key);
  if (problem) {
    throw new ValidationError(`'${prop}' label key ${shown(key)} is invalid: ${problem}; e.g. "app.kubernetes.io/name"`, scope);
  }
  return key;
}

export function validateLabelValue(scope: IConstruct | undefined, prop: string, key: string, value: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new ValidationError(`'${prop}' label ${shown(key)} has an invalid value ${shown(value)}: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or an empty string)`, scope);
  }
  return value;
}

export function validateLabels(scope: IConstruct | undefined, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    validateLabelKey(scope, prop, key);
    validateLabelValue(scope, prop, key, value);
  }
}

export function validateAnnotationKey(scope: IConstruct | undefined, prop: string, key: string): string {
  // the API server lowercases annotation keys before checking them
  const problem = qualifiedNameProblem(key.toLowerCase());
  if (problem) {
    throw new ValidationError(`'${prop}' annotation key ${shown(key)} is invalid: ${problem}; e.g. "example.com/owner"`, scope);
  }
  return key;
}

export function validateAnnotations(scope: IConstruct | undefined, prop: string, annotations: { [key: string]: string } | undefined): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    validateAnnotationKey(scope, prop, key);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    throw new ValidationError(`'${prop}' annotations total ${bytes} bytes; the API server allows at most ${MAX_ANNOTATIONS_BYTES}`, scope);
  }
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A key of a Secret's or ConfigMap's data (`IsConfigMapKey`): 1 to 253 letters, digits, '-', '_' or '.', and not
 * '.', '..' or starting with '..', since the key becomes a file name in a volume and must not leave it.
 */
export function validateSecretKey(scope: IConstruct | undefined, prop: string, key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 253 || !SECRET_KEY.test(key)) {
    throw new ValidationError(`'${prop}' (${shown(key)}) must be a Secret key: 1 to 253 letters, digits, '-', '_' or '.'; e.g. "db-password"`, scope);
  }
  if (key === '.' || key.startsWith('..')) {
    throw new ValidationError(`'${prop}' (${shown(key)}) must not be '.' or start with '..': a Secret key becomes a file name in the mounted volume; e.g. "db-password"`, scope);
  }
  return key;
}
