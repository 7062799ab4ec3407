import { remoteKeyProblem, RemoteKeyOptions } from '../../common/patterns';
import { KEY_PREFIX_ANNOTATION } from '../annotations';
import { asArray, isKind, isObject, ManifestIndex, perEvaluation, refOf } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const ESO = 'external-secrets.io';

/** One remote key (or search path) read or written through a store; `key` is undefined when the field is unset. */
interface KeyUse {
  readonly where: string;
  readonly key: unknown;
  readonly storeRef: any;
}

function externalSecretUses(spec: any, path: string): KeyUse[] {
  const fallback = spec.secretStoreRef;
  // entries drawn from a generator reach no store
  const storeOf = (entry: any) => entry?.sourceRef?.generatorRef ? undefined : entry?.sourceRef?.storeRef ?? fallback;
  return [
    ...asArray(spec.data).map((d, i) => ({ where: `${path}.data[${i}].remoteRef.key`, key: d?.remoteRef?.key, storeRef: storeOf(d) })),
    ...asArray(spec.dataFrom).flatMap((d, i) => [
      ...d?.extract ? [{ where: `${path}.dataFrom[${i}].extract.key`, key: d.extract.key, storeRef: storeOf(d) }] : [],
      ...d?.find ? [{ where: `${path}.dataFrom[${i}].find.path`, key: d.find.path, storeRef: storeOf(d) }] : [],
    ]),
  ].filter(u => u.storeRef !== undefined);
}

function pushSecretUses(spec: any): KeyUse[] {
  return asArray(spec.secretStoreRefs).flatMap(storeRef => asArray(spec.data).map((d, i) => ({
    where: `spec.data[${i}].match.remoteRef.remoteKey`, key: d?.match?.remoteRef?.remoteKey, storeRef,
  })));
}

function prefixOf(store: any): string | undefined {
  const prefix = store?.metadata?.annotations?.[KEY_PREFIX_ANNOTATION];
  return typeof prefix === 'string' && prefix.length > 0 ? prefix : undefined;
}

/** How the store's provider reads keys: Vault's client cleans paths, other providers take names. */
function keyOptions(store: any): RemoteKeyOptions {
  const provider = store?.spec?.provider;
  if (!isObject(provider)) return {};
  const name = Object.keys(provider).find(k => isObject(provider[k]));
  if (name !== 'vault') return { provider: name };
  const vault = provider.vault;
  return {
    provider: name,
    vaultMount: typeof vault.path === 'string' ? vault.path : undefined,
    vaultVersion: typeof vault.version === 'string' ? vault.version : undefined,
  };
}

/** A prefixed store a reference resolves to, and the group of stores that judge a key the same way. */
interface PrefixedStore {
  /** `SecretStore team-a/vault`, as findings name it. */
  readonly ref: string;
  readonly prefix: string;
  readonly group: number;
}

/**
 * The stores with a key prefix a reference resolves to, in output order, and their distinct (prefix, key options):
 * a key is judged once per group, and findings are written only for the stores of groups that refuse it.
 */
interface PrefixedStores {
  readonly stores: readonly PrefixedStore[];
  readonly groups: readonly { readonly prefix: string; readonly options: RemoteKeyOptions; readonly members: number[] }[];
}

function prefixedStores(stores: any[]): PrefixedStores {
  const out: PrefixedStore[] = [];
  const groups: { prefix: string; options: RemoteKeyOptions; members: number[] }[] = [];
  const byKey = new Map<string, number>();
  for (const store of stores) {
    const prefix = prefixOf(store);
    if (prefix === undefined) continue;
    const options = keyOptions(store);
    const key = JSON.stringify([prefix, options.provider, options.vaultMount, options.vaultVersion]);
    let group = byKey.get(key);
    if (group === undefined) {
      group = groups.push({ prefix, options, members: [] }) - 1;
      byKey.set(key, group);
    }
    groups[group].members.push(out.length);
    out.push({ ref: refOf(store), prefix, group });
  }
  return { stores: out, groups };
}

/** Stores by `kind\nname` over every namespace, per evaluation. */
const everywhere = perEvaluation(() => new Map<string, PrefixedStores>());

/**
 * The prefixed stores a reference resolves to in the output. A SecretStore is looked up in `namespaces`; undefined
 * means any namespace (a ClusterExternalSecret selecting namespaces by label). A reference that resolves to every
 * store of its name (that, or a ClusterSecretStore) is worked out once per kind and name: in a fleet each tenant
 * has a store of that name, and each tenant's ClusterExternalSecret would otherwise go through all of them.
 */
function resolve(ref: any, namespaces: (string | undefined)[] | undefined, manifests: any[]): PrefixedStores {
  const kind = ref?.kind ?? 'SecretStore';
  // a PushSecret may select stores by label instead of naming them
  if (typeof ref?.name !== 'string') return prefixedStores([]);
  const index = ManifestIndex.of(manifests);
  // by namespace and name: a fleet has a store of the same name in every tenant's namespace
  if (kind !== 'ClusterSecretStore' && namespaces !== undefined) return prefixedStores(namespaces.flatMap(ns => index.namedIn(ESO, kind, ns, ref.name)));
  const byName = everywhere(manifests);
  const key = `${kind}\n${ref.name}`;
  let stores = byName.get(key);
  if (stores === undefined) byName.set(key, stores = prefixedStores(index.named(ESO, kind, ref.name)));
  return stores;
}

/** The findings of one key use against the stores it reaches, in store order (one per store that refuses the key). */
function useFindings(use: KeyUse, resolved: PrefixedStores): string[] {
  const bound = (store: PrefixedStore) => `the key prefix of ${store.ref}`;
  if (typeof use.key !== 'string') {
    return resolved.stores.map(store => `${use.where} is unset: only keys under ${store.prefix} are allowed (${bound(store)})`);
  }
  const key = use.key;
  const problems = resolved.groups.map(g => remoteKeyProblem(key, g.prefix, g.options));
  // the stores of refusing groups only, back in output order
  const refusing = resolved.groups.flatMap((g, i) => (problems[i] === undefined ? [] : g.members));
  if (refusing.length === 0) return [];
  return refusing.sort((a, b) => a - b).map(i => {
    const store = resolved.stores[i];
    return `${use.where} ${key} ${problems[store.group]} (${bound(store)})`;
  });
}

export const esoKeyPrefix: RuleDefinition = {
  id: 'ZT-ESO7',
  level: ComplianceLevel.ERROR,
  message: 'remote key outside the key prefix of its store',
  explanation: 'ESO cannot limit which keys a store reads, so a store restricted to one tenant\'s path (keyPrefix, '
    + `recorded in the ${KEY_PREFIX_ANNOTATION} annotation) relies on every ExternalSecret, ClusterExternalSecret and `
    + 'PushSecret keeping to it. Start each remoteRef.key, extract.key, find.path and remoteKey with the prefix; a '
    + 'find without a path searches the whole store. Keys are read as the provider reads them: Vault\'s client cleans '
    + 'the path (team-a/../team-b/db reads team-b/db, //, ./ and a leading / vanish), other providers take names and '
    + 'a .. segment is refused; a prefix ending in a letter or digit must be followed by / (team-a admits team-a/x, '
    + 'not team-admin/x).',
  fix: 'keep every remote key under the store\'s key prefix (prefix/..., no .. segments)',
  anchors: ['ESO security guide: restrict which keys a store can reach', 'Kyverno add-external-secret-prefix', 'S3: remote keys carry the tenant prefix'],
  beyondAnchors: 'Compares the key the provider\'s client actually reads (Vault cleans .. and //) with the prefix on a '
    + 'path boundary, where a plain prefix match (Kyverno\'s) admits team-a/../team-b and team-admin.',
  kinds: ['external-secrets.io/ExternalSecret', 'external-secrets.io/ClusterExternalSecret', 'external-secrets.io/PushSecret'],
  check: (manifest, manifests) => {
    const spec = manifest?.spec ?? {};
    const namespace = manifest?.metadata?.namespace;
    let uses: KeyUse[];
    let namespaces: (string | undefined)[] | undefined = [namespace];
    if (isKind(manifest, ESO, 'ExternalSecret')) {
      uses = externalSecretUses(spec, 'spec');
    } else if (isKind(manifest, ESO, 'ClusterExternalSecret')) {
      uses = externalSecretUses(spec.externalSecretSpec ?? {}, 'spec.externalSecretSpec');
      const listed = asArray(spec.namespaces).filter(n => typeof n === 'string');
      namespaces = listed.length > 0 && spec.namespaceSelector === undefined && asArray(spec.namespaceSelectors).length === 0 ? listed : undefined;
    } else if (isKind(manifest, ESO, 'PushSecret')) {
      uses = pushSecretUses(spec);
    } else {
      return NOT_APPLICABLE;
    }
    let applicable = false;
    const findings = uses.flatMap(use => {
      const resolved = resolve(use.storeRef, namespaces, manifests);
      if (resolved.stores.length > 0) applicable = true;
      return useFindings(use, resolved);
    });
    return applicable ? outcome([...new Set(findings)]) : NOT_APPLICABLE;
  },
};
