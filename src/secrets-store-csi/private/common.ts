/**
 * Helpers shared by the Secrets Store CSI providers: file names, the YAML strings the provider plugins parse,
 * and the CSI volume every pod mounting a SecretProviderClass gets.
 */
import { Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from '../../common/errors';
import { refuseCredential } from '../../common/literals';
import { shown } from '../../common/redact';
import { compareCodeUnits } from '../../common/sort';

/** The driver's name, as its `CSIDriver` object registers it. */
export const CSI_DRIVER = 'secrets-store.csi.k8s.io';
/** The API group and version of `SecretProviderClass` (the CRD's storage version). */
export const CSI_API_VERSION = 'secrets-store.csi.x-k8s.io/v1';

/** A validated provider configuration: what `spec.provider` and `spec.parameters` hold, and the files it writes. */
export interface CsiProviderDefinition {
  /** `spec.provider`: the name the provider plugin registered with the driver. */
  readonly provider: string;
  /** `spec.parameters`: every value a string, as the CRD requires. */
  readonly parameters: { [key: string]: string };
  /** The files the provider writes, relative to the mount path, in the order given. */
  readonly fileNames: string[];
  /** The Secret the volume hands the provider through `nodePublishSecretRef` (static credentials). */
  readonly nodePublishSecret?: kplus.ISecret;
}

// one path segment of a file the provider writes: no '.', '..', spaces or shell-special characters
const FILE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * A path relative to the mount, where a provider writes one object: segments of letters, digits, '.', '_' and
 * '-' joined by '/', none of them '.' or '..' (the driver refuses paths that leave the mount).
 */
export function validateFileName(scope: IConstruct | undefined, prop: string, value: string): string {
  refuseCredential(scope, prop, value);
  if (typeof value !== 'string' || value.length === 0 || value.length > 253
    || !value.split('/').every(segment => FILE_SEGMENT.test(segment))) {
    throw new ValidationError(`'${prop}' (${shown(value)}) must be a relative file path: segments of letters, digits, '.', '_' or '-' `
      + 'joined by \'/\', not starting with \'.\' or \'-\', at most 253 characters; e.g. "db-password"', scope);
  }
  return value;
}

/** Refuses a second object written to the same file. */
export function refuseDuplicateFiles(scope: IConstruct | undefined, prop: string, fileNames: string[]): void {
  const seen = new Set<string>();
  for (const name of fileNames) {
    if (seen.has(name)) throw new ValidationError(`'${prop}' writes the file "${name}" twice; give each object its own file name (objectName or alias)`, scope);
    seen.add(name);
  }
}

/** A non-empty literal that ends up in the manifest, checked for credentials first. */
export function requireText(scope: IConstruct | undefined, prop: string, value: string): string {
  refuseCredential(scope, prop, value);
  if (typeof value !== 'string' || value.trim().length === 0) throw new ValidationError(`'${prop}' must not be empty`, scope);
  if (value !== value.trim()) throw new ValidationError(`'${prop}' (${shown(value)}) has leading or trailing whitespace; remove it`, scope);
  return value;
}

/** Refuses an empty list of objects: a provider with nothing to mount fails every pod. */
export function requireObjects(scope: IConstruct | undefined, prop: string, objects: unknown[] | undefined): void {
  if (objects === undefined || objects.length === 0) {
    throw new ValidationError(`'${prop}' is empty; list at least one object to mount (the provider refuses a mount with none)`, scope);
  }
}

/** `value` without its undefined fields, so the YAML a provider parses has no `null`s. */
export function compact(value: { [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out;
}

/** The YAML text of a list, as the provider plugins read their `objects`/`secrets` parameter. */
export function yamlList(items: { [key: string]: unknown }[]): string {
  return Yaml.stringify(items.map(compact));
}

/** A map of literals (request arguments), each checked for credentials, with sorted keys. */
export function literalMap(scope: IConstruct | undefined, prop: string,
  map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  if (map === undefined) return undefined;
  const keys = Object.keys(map).sort(compareCodeUnits);
  if (keys.length === 0) throw new ValidationError(`'${prop}' is empty; omit it`, scope);
  const out: { [key: string]: string } = {};
  for (const key of keys) {
    refuseCredential(scope, `${prop}[${JSON.stringify(key)}]`, map[key], key);
    if (key.trim().length === 0) throw new ValidationError(`'${prop}' has an empty key`, scope);
    out[key] = map[key];
  }
  return out;
}

/** The `csi` volume source for a SecretProviderClass: read-only, as the driver requires. */
export function csiVolumeSource(secretProviderClass: string, nodePublishSecret?: kplus.ISecret): any {
  return {
    driver: CSI_DRIVER,
    readOnly: true,
    volumeAttributes: { secretProviderClass },
    nodePublishSecretRef: nodePublishSecret ? { name: nodePublishSecret.name } : undefined,
  };
}

/** A volume name for a SecretProviderClass: a DNS label derived from its name. */
export function csiVolumeName(secretProviderClass: string): string {
  return `secrets-store-${secretProviderClass}`.replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}
