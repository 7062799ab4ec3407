import { asArray, groupOf, isKind, isObject, ManifestIndex, perEvaluation } from '../manifest';

const ESO = 'external-secrets.io';
const GENERATORS = 'generators.external-secrets.io';
const CERT_MANAGER = 'cert-manager.io';

/** Extensions of files that hold a private key or a key store (PKCS#12, JKS, PKCS#8, PuTTY). */
const KEY_STORE_EXTENSION = /\.(p12|pfx|jks|keystore|p8|pk8|ppk)$/;
const PUBLIC = /pub(lic)?([._-]?key)?([._-]|$)|\.pub$/;
/** `<purpose>-key`, `<purpose>_key`, `<purpose>.key`, `<purpose>key` for purposes whose keys are asymmetric. */
const PURPOSE_KEY = /(^|[._-])(tls|ssl|ssh|ca|server|client|peer|node|rsa|dsa|ec|ecdsa|ed25519|x509|cert|cosign|gpg|pgp|signing)[._-]?key$/;

/**
 * Whether a Secret key name says it holds private key material: `tls.key`, `ssh-privatekey`, `id_rsa`, `*.key`,
 * `*private*key*`, `privkey.pem`, `key.pem`, `tls-key`, PKCS#12 and Java key stores. Certificates (`tls.crt`,
 * `ca.crt`) and public keys (`*.pub`, `publicKey`) are not. Case-insensitive.
 */
export function isPrivateKeyName(name: unknown): boolean {
  if (typeof name !== 'string' || name === '') return false;
  // ESO's Unicode key conversion spells '.' as _U002e_; ReverseUnicode pushes it under the decoded name
  const n = name.replace(/_U([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).toLowerCase();
  if (/\.(crt|cer|csr|pub)$/.test(n)) return false;
  if (n.includes('private') && (n.includes('key') || /\.(pem|der|asc)$/.test(n))) return true;
  if (n.includes('privkey')) return true;
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?(\.pem)?$/.test(n)) return true;
  if (KEY_STORE_EXTENSION.test(n)) return true;
  if (PUBLIC.test(n)) return false;
  if (n.endsWith('.key') || n === 'key.pem' || /[._-]key\.(pem|der)$/.test(n) || n.endsWith('tls-combined.pem')) return true;
  return PURPOSE_KEY.test(n);
}

/** The key names a template (ESO `template.data` or a generator output) mentions that are private key names. */
export function privateNamesMentioned(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const tokens = [...text.matchAll(/"([^"]+)"|`([^`]+)`|\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)|([A-Za-z0-9_.-]+)/g)]
    .map(m => m[1] ?? m[2] ?? m[3] ?? m[4]);
  return [...new Set(tokens.filter(isPrivateKeyName))];
}

/** Keys of a v1 Secret, by its type and its data. */
function secretPrivateKeys(secret: any): string[] {
  const keys = [
    ...Object.keys(isObject(secret.data) ? secret.data : {}),
    ...Object.keys(isObject(secret.stringData) ? secret.stringData : {}),
  ].filter(isPrivateKeyName);
  if (secret.type === 'kubernetes.io/tls') keys.push('tls.key');
  if (secret.type === 'kubernetes.io/ssh-auth') keys.push('ssh-privatekey');
  return keys;
}

/** The private key names cert-manager writes into a Certificate's Secret. */
function certificatePrivateKeys(certificate: any): string[] {
  const formats = asArray(certificate.spec?.additionalOutputFormats).map(f => f?.type);
  return ['tls.key', ...formats.includes('CombinedPEM') ? ['tls-combined.pem'] : [], ...formats.includes('DER') ? ['key.der'] : []];
}

/** The private key names a generator's output holds, or undefined when the kind gives no key names (or is unknown). */
export function generatorPrivateKeys(kind: unknown, spec: any): string[] | undefined {
  switch (kind) {
    case 'SSHKey':
      return ['privateKey'];
    case 'VaultDynamicSecret':
      // PKI issue endpoints return the new certificate's private key
      return typeof spec?.path === 'string' ? (/(^|\/)issue\//.test(spec.path) ? ['private_key'] : []) : undefined;
    case 'Webhook':
    case 'Fake':
      return undefined;
    default:
      return typeof kind === 'string' ? [] : undefined;
  }
}

/** The kind and spec of a ClusterGenerator (its `spec.kind`, and the one `<kind>Spec` it carries). */
export function clusterGeneratorOf(generator: any): { kind: unknown; spec: any } {
  const kind = generator?.spec?.kind;
  const specs = isObject(generator?.spec?.generator) ? generator.spec.generator : {};
  const key = typeof kind === 'string' ? `${kind.charAt(0).toLowerCase()}${kind.slice(1)}Spec` : undefined;
  const exact = Object.keys(specs).find(k => k.toLowerCase() === key?.toLowerCase());
  return { kind, spec: exact !== undefined ? specs[exact] : undefined };
}

/** Answers for references that reach every generator of their kind and name, by `kind\nname`, per evaluation. */
const everyNamespace = perEvaluation(() => new Map<string, readonly string[] | undefined>());

/**
 * The private key names of the output of the generator `ref` points to from `namespace`, or undefined if unknown.
 * The list is shared (readonly): a reference that reaches every generator of its name (a ClusterGenerator,
 * or one from a cluster-scoped kind) is answered once per kind and name, since in a fleet each tenant has a
 * generator of that name and each tenant's ClusterExternalSecret would otherwise go through all of them.
 */
export function generatorRefPrivateKeys(ref: any, namespace: string | undefined, manifests: any[]): readonly string[] | undefined {
  if (!isObject(ref) || typeof ref.kind !== 'string') return undefined;
  const index = ManifestIndex.of(manifests);
  if (ref.kind !== 'ClusterGenerator' && namespace !== undefined) {
    return generatorsPrivateKeys(ref.kind, index.namedIn(GENERATORS, ref.kind, namespace, ref.name));
  }
  if (typeof ref.name !== 'string') return generatorsPrivateKeys(ref.kind, []);
  const answers = everyNamespace(manifests);
  const key = `${ref.kind}\n${ref.name}`;
  if (!answers.has(key)) answers.set(key, generatorsPrivateKeys(ref.kind, index.named(GENERATORS, ref.kind, ref.name)));
  return answers.get(key);
}

/** The private key names of the output of the generators `found` of `kind` (those a reference reaches). */
function generatorsPrivateKeys(kind: string, found: any[]): string[] | undefined {
  if (kind === 'ClusterGenerator') {
    if (found.length === 0) return undefined;
    const all = found.map(g => clusterGeneratorOf(g)).map(g => generatorPrivateKeys(g.kind, g.spec));
    return all.some(k => k === undefined) ? undefined : [...new Set(all.flat() as string[])];
  }
  if (kind === 'SSHKey') return ['privateKey'];
  if (found.length === 0) return kind === 'VaultDynamicSecret' ? undefined : generatorPrivateKeys(kind, undefined);
  const all = found.map(g => generatorPrivateKeys(kind, g.spec));
  return all.some(k => k === undefined) ? undefined : [...new Set(all.flat() as string[])];
}

/** The private key names an ExternalSecret writes into its target Secret. */
function externalSecretPrivateKeys(spec: any, namespace: string | undefined, manifests: any[]): string[] {
  const template = spec?.target?.template;
  const keys = [
    ...asArray(spec?.data).map(d => d?.secretKey).filter(isPrivateKeyName),
    ...Object.keys(isObject(template?.data) ? template.data : {}).filter(isPrivateKeyName),
    ...asArray(spec?.dataFrom).flatMap(d => generatorRefPrivateKeys(d?.sourceRef?.generatorRef, namespace, manifests) ?? []),
  ];
  if (template?.type === 'kubernetes.io/tls') keys.push('tls.key');
  if (template?.type === 'kubernetes.io/ssh-auth') keys.push('ssh-privatekey');
  return keys;
}

/**
 * Secrets of the output known to hold private key material: v1 Secrets, cert-manager Certificates' Secrets and
 * (Cluster)ExternalSecrets' targets, by namespace and name (`byName` for lookups from cluster-scoped kinds).
 */
export interface KeyHolders {
  /** `namespace\nname` to private key names. */
  readonly byNamespacedName: Map<string, Set<string>>;
  /** Secret name to private key names, over every namespace. */
  readonly byName: Map<string, Set<string>>;
}

/** The key holders of `manifests`, built once per list. */
export const keyHolders = perEvaluation((manifests): KeyHolders => {
  const built: KeyHolders = { byNamespacedName: new Map(), byName: new Map() };
  const add = (namespace: string | undefined, name: unknown, keys: string[]) => {
    if (typeof name !== 'string') return;
    for (const [map, key] of [[built.byName, name], ...namespace !== undefined ? [[built.byNamespacedName, `${namespace}\n${name}`]] : []] as [Map<string, Set<string>>, string][]) {
      let set = map.get(key);
      if (set === undefined) map.set(key, set = new Set());
      for (const k of keys) set.add(k);
    }
  };
  for (const m of manifests) {
    if (!isObject(m) || typeof m.kind !== 'string') continue;
    const namespace = typeof m.metadata?.namespace === 'string' ? m.metadata.namespace : undefined;
    if (isKind(m, '', 'Secret')) {
      add(namespace, m.metadata?.name, secretPrivateKeys(m));
    } else if (m.kind === 'Certificate' && groupOf(m) === CERT_MANAGER) {
      add(namespace, m.spec?.secretName, certificatePrivateKeys(m));
    } else if (isKind(m, ESO, 'ExternalSecret')) {
      add(namespace, m.spec?.target?.name ?? m.metadata?.name, externalSecretPrivateKeys(m.spec, namespace, manifests));
    } else if (isKind(m, ESO, 'ClusterExternalSecret')) {
      add(undefined, m.spec?.externalSecretSpec?.target?.name ?? m.spec?.externalSecretName ?? m.metadata?.name,
        externalSecretPrivateKeys(m.spec?.externalSecretSpec, undefined, manifests));
    }
  }
  return built;
});
