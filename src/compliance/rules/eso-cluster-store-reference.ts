import { asArray, isKind, ManifestIndex } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { storeScopeProblems } from './eso-cluster-store-conditions';

const ESO = 'external-secrets.io';

/** The store references of an ExternalSecret, ClusterExternalSecret or PushSecret, with where they are. */
function storeRefs(manifest: any): { where: string; ref: any }[] | undefined {
  const spec = manifest.spec ?? {};
  if (isKind(manifest, ESO, 'ExternalSecret')) return externalSecretRefs(spec, 'spec');
  if (isKind(manifest, ESO, 'ClusterExternalSecret')) return externalSecretRefs(spec.externalSecretSpec ?? {}, 'spec.externalSecretSpec');
  if (isKind(manifest, ESO, 'PushSecret')) return asArray(spec.secretStoreRefs).map((ref, i) => ({ where: `spec.secretStoreRefs[${i}]`, ref }));
  return undefined;
}

function externalSecretRefs(spec: any, path: string): { where: string; ref: any }[] {
  return [
    ...spec.secretStoreRef ? [{ where: `${path}.secretStoreRef`, ref: spec.secretStoreRef }] : [],
    ...asArray(spec.data).flatMap((d, i) => d?.sourceRef?.storeRef ? [{ where: `${path}.data[${i}].sourceRef.storeRef`, ref: d.sourceRef.storeRef }] : []),
    ...asArray(spec.dataFrom).flatMap((d, i) => d?.sourceRef?.storeRef ? [{ where: `${path}.dataFrom[${i}].sourceRef.storeRef`, ref: d.sourceRef.storeRef }] : []),
  ];
}

export const esoClusterStoreReference: RuleDefinition = {
  id: 'ZT-ESO4',
  level: ComplianceLevel.WARNING,
  message: 'reads or pushes through a ClusterSecretStore',
  explanation: 'A ClusterSecretStore is shared by many namespaces, so a mistake in one reaches all. Prefer a '
    + 'namespaced SecretStore; when the cluster store is intended, scope it with conditions (ZT-ESO1).',
  fix: 'use a namespaced SecretStore, or scope the ClusterSecretStore with conditions',
  anchors: ['ESO security guide: restrict (Cluster)SecretStore references', 'S3: ClusterExternalSecret through an unscoped store'],
  kinds: ['external-secrets.io/ExternalSecret', 'external-secrets.io/ClusterExternalSecret', 'external-secrets.io/PushSecret'],
  check: (manifest, manifests) => {
    const refs = storeRefs(manifest);
    if (refs === undefined) return NOT_APPLICABLE;
    return outcome(refs.filter(r => r.ref?.kind === 'ClusterSecretStore').map(({ where, ref }) => {
      const store = ManifestIndex.of(manifests).named(ESO, 'ClusterSecretStore', ref.name)[0];
      const problems = store === undefined ? [] : storeScopeProblems(store);
      const scope = store === undefined ? 'not in this output' : problems.length === 0 ? 'scoped by conditions'
        : Array.isArray(store.spec?.conditions) && store.spec.conditions.length > 0 ? 'unscoped: its conditions admit namespaces nobody listed' : 'unscoped: no conditions';
      return `${where}: ClusterSecretStore ${ref.name} (${scope})`;
    }));
  },
};
