import { isObject } from './structural';

/**
 * ObjectMeta checks the API server applies to every object on create (k8s.io/apimachinery
 * pkg/api/validation/objectmeta.go and pkg/util/validation). Written from the Kubernetes rules, independently
 * of the library's own validators, so the harness stays an oracle for them.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOTAL_ANNOTATION_BYTES = 256 * 1024;

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** How a kind's `metadata.name` is validated. */
export type NameRule = 'dns-subdomain' | 'dns-label' | 'dns-1035-label' | 'path-segment';

/** Name rules of the core kinds we emit; custom resources use DNS subdomains. */
export const CORE_NAME_RULES: { [kind: string]: NameRule } = {
  Namespace: 'dns-label',
  Service: 'dns-1035-label',
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

export function metadataErrors(metadata: any, opts: { namespaced: boolean; nameRule: NameRule }): string[] {
  if (!isObject(metadata)) return ['metadata: Required value'];
  const out: string[] = [];
  for (const key of Object.keys(metadata)) {
    if (!OBJECT_META_FIELDS.has(key)) out.push(`unknown field "metadata.${key}"`);
  }
  if (metadata.name === undefined && metadata.generateName === undefined) {
    out.push('metadata.name: Required value: name or generateName is required');
  } else if (metadata.name !== undefined) {
    out.push(...nameErrors('metadata.name', metadata.name, opts.nameRule));
  }
  if (metadata.namespace !== undefined) {
    if (!opts.namespaced) {
      out.push('metadata.namespace: Forbidden: not allowed on this type');
    } else {
      out.push(...nameErrors('metadata.namespace', metadata.namespace, 'dns-label'));
    }
  }
  for (const [key, value] of Object.entries<any>(metadata.labels ?? {})) {
    out.push(...qualifiedNameErrors('metadata.labels', key));
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      out.push(`metadata.labels: Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)`);
    }
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries<any>(metadata.annotations ?? {})) {
    out.push(...qualifiedNameErrors('metadata.annotations', key.toLowerCase()));
    if (typeof value !== 'string') out.push(`metadata.annotations[${key}]: Invalid value: must be a string`);
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) {
    out.push(`metadata.annotations: Too long: must have at most ${TOTAL_ANNOTATION_BYTES} bytes`);
  }
  return out;
}

export function nameErrors(path: string, name: any, rule: NameRule): string[] {
  const invalid = (why: string) => [`${path}: Invalid value: ${JSON.stringify(name)}: ${why}`];
  if (typeof name !== 'string' || name === '') return invalid('must be a non-empty string');
  switch (rule) {
    case 'dns-label':
      return name.length <= 63 && DNS1123_LABEL.test(name) ? [] : invalid('a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (at most 63 characters)');
    case 'dns-1035-label':
      return name.length <= 63 && DNS1035_LABEL.test(name) ? [] : invalid('a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (at most 63 characters)');
    case 'path-segment':
      return name === '.' || name === '..' || /[/%]/.test(name) ? invalid('may not be \'.\' or \'..\' and may not contain \'/\' or \'%\'') : [];
    default:
      return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? [] : invalid('a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (at most 253 characters)');
  }
}

function qualifiedNameErrors(path: string, key: string): string[] {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const ok = parts.length <= 2
    && name.length <= 63 && QUALIFIED_NAME_PART.test(name)
    && (prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)));
  return ok ? [] : [`${path}: Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'`];
}
