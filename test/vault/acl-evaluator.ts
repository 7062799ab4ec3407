/**
 * A small evaluator of Vault ACL policies for tests: it resolves vault-config-operator's accessor placeholders
 * (`${auth/<mount>/@accessor}`) the way the operator does before writing the policy, then each `{{...}}` template
 * for one identity the way Vault does per request (a path whose template has no value for the identity, or whose
 * value contains a glob character, is dropped), and matches concrete request paths against the resulting rules
 * with Vault's glob semantics: a trailing `*` is a prefix match, a `+` segment matches exactly one segment.
 *
 * `capabilitiesFor` returns the union of the capabilities of every matching block. Vault applies only the most
 * specific match, so the union can only over-state a grant: an empty result proves Vault grants nothing there.
 */
import { checkPolicyHcl } from './hcl-checker';

export interface TestAlias {
  /** The auth mount's accessor, e.g. `auth_kubernetes_1a2b3c4d`. */
  readonly accessor: string;
  readonly id: string;
  readonly name: string;
  readonly metadata?: Record<string, string>;
  readonly customMetadata?: Record<string, string>;
}

export interface TestGroup {
  readonly id: string;
  readonly name: string;
  readonly metadata?: Record<string, string>;
}

export interface TestIdentity {
  readonly entity?: { id: string; name: string; metadata?: Record<string, string>; aliases?: TestAlias[] };
  readonly groups?: TestGroup[];
}

/** A Kubernetes-auth login from service account `account` in `namespace`, through the mount with `accessor`. */
export function kubernetesLogin(accessor: string, namespace: string, account = 'eso-reader'): TestIdentity {
  return {
    entity: {
      id: `entity-${namespace}`,
      name: `entity_${namespace}`,
      aliases: [{
        accessor,
        id: `alias-${namespace}`,
        name: `uid-of-${namespace}-${account}`,
        metadata: { service_account_namespace: namespace, service_account_name: account, service_account_uid: `uid-of-${namespace}-${account}` },
      }],
    },
  };
}

/** What the operator sends to Vault: each `${auth/<mount>/@accessor}` replaced by that mount's accessor. */
export function resolveAccessors(hcl: string, accessors: Record<string, string>): string {
  let out = hcl;
  for (const [mount, accessor] of Object.entries(accessors)) out = out.split(`\${auth/${mount}/@accessor}`).join(accessor);
  return out;
}

function lookup(map: Record<string, string> | undefined, key: string): string | undefined {
  return map && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function aliasValue(alias: TestAlias, selector: string): string | undefined {
  if (selector === 'id') return alias.id;
  if (selector === 'name') return alias.name;
  if (selector.startsWith('metadata.')) return lookup(alias.metadata, selector.slice('metadata.'.length));
  if (selector.startsWith('custom_metadata.')) return lookup(alias.customMetadata, selector.slice('custom_metadata.'.length));
  return undefined;
}

/** The value of one template parameter for `identity`, or undefined where Vault finds none. */
function parameterValue(parameter: string, identity: TestIdentity): string | undefined {
  const entity = identity.entity;
  const e = /^identity\.entity\.(.*)$/.exec(parameter);
  if (e) {
    if (!entity) return undefined;
    const rest = e[1];
    if (rest === 'id') return entity.id;
    if (rest === 'name') return entity.name;
    if (rest.startsWith('metadata.')) return lookup(entity.metadata, rest.slice('metadata.'.length));
    const a = /^aliases\.([^.]+)\.(.*)$/.exec(rest);
    const alias = a ? (entity.aliases ?? []).find(x => x.accessor === a[1]) : undefined;
    return alias ? aliasValue(alias, a![2]) : undefined;
  }
  const g = /^identity\.groups\.(ids|names)\.([^.]+)\.(.*)$/.exec(parameter);
  if (!g) return undefined;
  const group = (identity.groups ?? []).find(x => (g[1] === 'ids' ? x.id : x.name) === g[2]);
  if (!group) return undefined;
  if (g[3] === 'id') return group.id;
  if (g[3] === 'name') return group.name;
  return g[3].startsWith('metadata.') ? lookup(group.metadata, g[3].slice('metadata.'.length)) : undefined;
}

/** A path with its templates filled in for `identity`, or undefined when Vault would drop it. */
export function renderTemplatedPath(path: string, identity: TestIdentity): string | undefined {
  let failed = false;
  const rendered = path.replace(/\{\{(.*?)\}\}/g, (_, inner: string) => {
    const value = parameterValue(inner.trim(), identity);
    if (value === undefined || value === '' || /[*+]/.test(value)) failed = true;
    return value ?? '';
  });
  return failed ? undefined : rendered;
}

/** Whether a concrete request path matches a policy path pattern, with Vault's `*` and `+`. */
export function pathMatches(pattern: string, path: string): boolean {
  const glob = pattern.endsWith('*');
  const body = glob ? pattern.slice(0, -1) : pattern;
  if (!body.split('/').includes('+')) return glob ? path.startsWith(body) : path === body;
  const want = body.split('/');
  const have = path.split('/');
  if (glob ? have.length < want.length : have.length !== want.length) return false;
  return want.every((segment, i) => {
    if (segment === '+') return have[i] !== '';
    if (glob && i === want.length - 1) return have[i].startsWith(segment);
    return have[i] === segment;
  });
}

/** The rules of a policy as Vault applies them to `identity` (after the operator resolved accessors). */
export function rulesFor(hcl: string, identity: TestIdentity, accessors: Record<string, string>): { path: string; capabilities: string[] }[] {
  const check = checkPolicyHcl(resolveAccessors(hcl, accessors));
  if (check.errors.length > 0) throw new Error(check.errors.join('; '));
  return check.paths.flatMap(p => {
    const path = renderTemplatedPath(p.path, identity);
    return path === undefined ? [] : [{ path, capabilities: p.capabilities ?? [] }];
  });
}

/** The capabilities the policy gives `identity` on `requestPath` (union of the matching blocks, see above). */
export function capabilitiesFor(hcl: string, identity: TestIdentity, accessors: Record<string, string>, requestPath: string): string[] {
  const caps = new Set<string>();
  for (const rule of rulesFor(hcl, identity, accessors)) {
    if (pathMatches(rule.path, requestPath)) rule.capabilities.forEach(c => caps.add(c));
  }
  return [...caps].sort();
}
