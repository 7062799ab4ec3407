import { KEY_PREFIX_ANNOTATION } from '../annotations';
import { asArray, isKind, ManifestIndex, refOf } from '../manifest';
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
  return ManifestIndex.of(manifests).named(ESO, kind, ref.name)
    .filter(m => kind === 'ClusterSecretStore' || namespaces === undefined || namespaces.includes(m.metadata?.namespace));
}

function prefixOf(store: any): string | undefined {
  const prefix = store?.metadata?.annotations?.[KEY_PREFIX_ANNOTATION];
  return typeof prefix === 'string' && prefix.length > 0 ? prefix : undefined;
}

export const esoKeyPrefix: RuleDefinition = {
  id: 'ZT-ESO7',
  level: ComplianceLevel.ERROR,
  message: 'remote key outside the key prefix of its store',
  explanation: 'ESO cannot limit which keys a store reads, so a store restricted to one tenant\'s path (keyPrefix, '
    + `recorded in the ${KEY_PREFIX_ANNOTATION} annotation) relies on every ExternalSecret, ClusterExternalSecret and `
    + 'PushSecret keeping to it. Start each remoteRef.key, extract.key, find.path and remoteKey with the prefix; a '
    + 'find without a path searches the whole store.',
  anchors: ['ESO security guide: restrict which keys a store can reach', 'Kyverno add-external-secret-prefix', 'S3: remote keys carry the tenant prefix'],
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
      return use.key.startsWith(prefix) ? [] : [`${use.where} ${use.key} does not start with ${prefix} (${bound})`];
    }));
    return applicable ? outcome([...new Set(findings)]) : NOT_APPLICABLE;
  },
};
