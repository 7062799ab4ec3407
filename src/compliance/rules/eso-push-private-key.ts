import { KEY_PREFIX_ANNOTATION } from '../annotations';
import { asArray, isKind, isObject, ManifestIndex } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { generatorRefPrivateKeys, isPrivateKeyName, keyHolders, privateNamesMentioned } from './private-keys';
import { matchesSelector } from './selector-helpers';

const ESO = 'external-secrets.io';
/** Names that carry no key material: a regexp that matches one of them pushes whatever the Secret holds. */
const NEUTRAL_PROBES = ['username', 'password', 'token', 'config.json', 'DB_HOST', 'value'];
/** Private key names a regexp aimed at key material would match. */
const PRIVATE_PROBES = ['tls.key', 'ssh-privatekey', 'id_rsa', 'id_ed25519', 'privateKey', 'private_key', 'key.pem', 'ca.key', 'tls-combined.pem'];

/** What the source of a push holds: its private key names, and whether the rule knows its contents at all. */
interface Source {
  readonly keys: readonly string[];
  readonly known: boolean;
  readonly label: string;
}

function sourceOf(spec: any, namespace: string | undefined, manifests: any[]): Source {
  const selector = spec.selector ?? {};
  if (isObject(selector.generatorRef)) {
    const ref = selector.generatorRef;
    const keys = generatorRefPrivateKeys(ref, namespace, manifests);
    return { keys: keys ?? [], known: keys !== undefined, label: `generator ${ref.kind} ${ref.name}` };
  }
  const holders = keyHolders(manifests);
  const secret = selector.secret ?? {};
  if (typeof secret.name === 'string') {
    const found = namespace === undefined ? holders.byName.get(secret.name) : holders.byNamespacedName.get(`${namespace}\n${secret.name}`);
    return { keys: [...found ?? []], known: found !== undefined, label: `Secret ${secret.name}` };
  }
  if (isObject(secret.selector)) {
    // every Secret of the output the label selector picks, among those carrying its labels (not every Secret)
    const index = ManifestIndex.of(manifests);
    const matchLabels = secret.selector.matchLabels;
    const candidates = namespace === undefined
      ? index.selectable('', 'Secret', matchLabels) : index.selectableIn('', 'Secret', namespace, matchLabels);
    const picked = candidates.filter(s => matchesSelector(secret.selector, s.metadata?.labels));
    const keys = picked.flatMap(s => [...(namespace === undefined
      ? holders.byName.get(s.metadata?.name) : holders.byNamespacedName.get(`${namespace}\n${s.metadata?.name}`)) ?? []]);
    return { keys: [...new Set(keys)], known: picked.length > 0, label: 'the Secrets its label selector picks' };
  }
  return { keys: [], known: false, label: 'its source' };
}

/** Keys a PushSecret template fills with private key material (by key name or by what the value reads). */
function templatePrivateKeys(template: any): Map<string, string> {
  const out = new Map<string, string>();
  const data = isObject(template?.data) ? template.data : {};
  for (const [key, value] of Object.entries(data)) {
    const mentioned = privateNamesMentioned(value);
    if (isPrivateKeyName(key)) out.set(key, 'is a private key name');
    else if (mentioned.length > 0) out.set(key, `is templated from ${mentioned.join(', ')}`);
  }
  return out;
}

/** Why pushing to `ref` reaches a store other workloads share, or undefined when it is a tenant's own prefixed store. */
function sharedStore(ref: any, namespace: string | undefined, manifests: any[], nameFirst: boolean): string | undefined {
  if (!isObject(ref)) return undefined;
  const kind = ref.kind ?? 'SecretStore';
  const name = typeof ref.name === 'string' && ref.name !== '' ? ref.name : undefined;
  // secretStoreRefs use the label selector when one is set; a dataTo storeRef uses its name first
  if (isObject(ref.labelSelector) && !(nameFirst && name !== undefined)) return 'stores selected by label, whichever carry the labels now or later';
  if (name === undefined) return undefined;
  if (kind === 'ClusterSecretStore') return `ClusterSecretStore ${name}, which every namespace its conditions admit reads`;
  if (namespace === undefined) return `SecretStore ${name} in each selected namespace, whose key prefix the rule cannot see`;
  const stores = ManifestIndex.of(manifests).namedIn(ESO, 'SecretStore', namespace, ref.name);
  const prefixed = stores.length > 0 && stores.every(s => {
    const prefix = s.metadata?.annotations?.[KEY_PREFIX_ANNOTATION];
    return typeof prefix === 'string' && prefix.length > 0;
  });
  if (prefixed) return undefined;
  return stores.length === 0
    ? `SecretStore ${name}, not in the output, so nothing shows it is confined to a key prefix`
    : `SecretStore ${name} without a key prefix: its credentials reach the whole path other stores read`;
}

/** Compiles an RE2 regexp of `dataTo[].match.regexp` for JavaScript; undefined when it does not compile here. */
function compile(source: string): RegExp | undefined {
  let flags = '';
  let body = source;
  const inline = /^\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    if (inline[1].includes('m')) flags += 'm';
  }
  try {
    return new RegExp(body, flags);
  } catch {
    return undefined;
  }
}

/** The private key names a `dataTo` regexp pushes, given the source's known private keys. */
function regexpPushes(regexp: unknown, source: Source, templated: Map<string, string>): string[] {
  const known = [...source.keys, ...templated.keys()];
  if (typeof regexp !== 'string' || regexp === '') return known;
  const re = compile(regexp);
  if (re === undefined) return known;
  const hits = known.filter(k => re.test(k));
  if (hits.length > 0 || source.known) return hits;
  // an unknown source: a regexp that picks key material but no ordinary key is aimed at private keys
  const aimed = PRIVATE_PROBES.filter(p => re.test(p));
  return aimed.length > 0 && !NEUTRAL_PROBES.some(p => re.test(p)) ? aimed : [];
}

function pushFindings(spec: any, path: string, namespace: string | undefined, manifests: any[]): string[] {
  const source = sourceOf(spec, namespace, manifests);
  const templated = templatePrivateKeys(spec.template);
  const whole = [...new Set([...source.keys, ...templated.keys()])];
  const findings: string[] = [];
  const report = (where: string, what: string, refs: any[], nameFirst = false) => {
    for (const ref of refs) {
      const shared = sharedStore(ref, namespace, manifests, nameFirst);
      if (shared !== undefined) findings.push(`${where} ${what}${what.endsWith(',') ? '' : ','} pushed to ${shared}`);
    }
  };
  const storeRefs = asArray(spec.secretStoreRefs);
  asArray(spec.data).forEach((d, i) => {
    const key = d?.match?.secretKey;
    if (typeof key === 'string' && key !== '') {
      const why = isPrivateKeyName(key) ? 'is private key material' : templated.has(key) ? `${templated.get(key)} (private key material)` : undefined;
      if (why !== undefined) report(`${path}.data[${i}].match.secretKey ${key}`, why, storeRefs);
    } else if (whole.length > 0) {
      report(`${path}.data[${i}] has no match.secretKey,`, `so it pushes the whole of ${source.label} (holding ${whole.join(', ')})`, storeRefs);
    }
  });
  asArray(spec.dataTo).forEach((d, i) => {
    const regexp = d?.match?.regexp;
    const pushed = regexpPushes(regexp, source, templated);
    if (pushed.length === 0) return;
    const selection = typeof regexp === 'string' && regexp !== '' ? `match.regexp ${JSON.stringify(regexp)} picks` : 'has no match.regexp, so it pushes every key, including';
    report(`${path}.dataTo[${i}]`, `${selection} ${pushed.join(', ')} of ${source.label},`, [d?.storeRef], true);
  });
  return findings;
}

export const esoPushPrivateKey: RuleDefinition = {
  id: 'ZT-ESO9',
  level: ComplianceLevel.ERROR,
  message: 'PushSecret pushes private key material to a shared store',
  explanation: 'A private key should never leave the cluster that generated it; pushed to a ClusterSecretStore, to '
    + 'stores picked by label, or to a store not confined to a key prefix, it becomes readable by every other workload '
    + 'of that store. The rule reads pushed keys by name (tls.key, ssh-privatekey, id_rsa, *.key, *private*key*, '
    + 'key.pem, key stores), template keys filled from such keys, whole-Secret pushes (data without match.secretKey, '
    + 'dataTo without or with a broad regexp) of a kubernetes.io/tls or ssh-auth Secret, a cert-manager Certificate\'s '
    + 'Secret or an ExternalSecret target holding keys, and pushes from an SSHKey or PKI-issuing VaultDynamicSecret '
    + 'generator. A whole-Secret push of a Secret defined outside the output cannot be judged. Push the certificate '
    + '(tls.crt) or the public key only, or push to a SecretStore of the namespace with a key prefix.',
  fix: 'push tls.crt or the public key only, or a namespaced SecretStore confined to a key prefix',
  anchors: ['ESO PushSecret guide (data[].match.secretKey, dataTo)', 'NIST SP 800-57: private keys stay with their owner',
    'CertificatePush pushes only tls.crt'],
  beyondAnchors: 'ESO pushes whatever it is told; this rule resolves what a whole-Secret or regexp push carries '
    + 'from the Secret, Certificate, ExternalSecret or generator in the output, and whether the store is shared.',
  kinds: ['external-secrets.io/PushSecret', 'external-secrets.io/ClusterPushSecret'],
  check: (manifest, manifests) => {
    if (isKind(manifest, ESO, 'PushSecret')) {
      return outcome(pushFindings(manifest.spec ?? {}, 'spec', manifest.metadata?.namespace ?? undefined, manifests));
    }
    if (isKind(manifest, ESO, 'ClusterPushSecret')) {
      return outcome(pushFindings(manifest.spec?.pushSecretSpec ?? {}, 'spec.pushSecretSpec', undefined, manifests));
    }
    return NOT_APPLICABLE;
  },
};
