import { remoteKeyProblem, RemoteKeyOptions } from '../../common/patterns';
import { KEY_PREFIX_ANNOTATION } from '../annotations';
import { asArray, isKind, isObject, ManifestIndex, refOf } from '../manifest';
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

/**
 * The stores a reference resolves to in the output. A SecretStore is looked up in `namespaces`; undefined means
 * any namespace (a ClusterExternalSecret selecting namespaces by label).
 */
function resolve(ref: any, namespaces: (string | undefined)[] | undefined, manifests: any[]): any[] {
  const kind = ref?.kind ?? 'SecretStore';
  // a PushSecret may select stores by label instead of naming them
  if (typeof ref?.name !== 'string') return [];
  const index = ManifestIndex.of(manifests);
  // by namespace and name: a fleet has a store of the same name in every tenant's namespace
  if (kind === 'ClusterSecretStore' || namespaces === undefined) return index.named(ESO, kind, ref.name);
  return namespaces.flatMap(ns => index.namedIn(ESO, kind, ns, ref.name));
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
    const findings = uses.flatMap(use => resolve(use.storeRef, namespaces, manifests).flatMap(store => {
      const prefix = prefixOf(store);
      if (prefix === undefined) return [];
      applicable = true;
      const bound = `the key prefix of ${refOf(store)}`;
      if (typeof use.key !== 'string') return [`${use.where} is unset: only keys under ${prefix} are allowed (${bound})`];
      const problem = remoteKeyProblem(use.key, prefix, keyOptions(store));
      return problem === undefined ? [] : [`${use.where} ${use.key} ${problem} (${bound})`];
    }));
    return applicable ? outcome([...new Set(findings)]) : NOT_APPLICABLE;
  },
};
