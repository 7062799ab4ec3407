/** Readers over resolved manifests shared by the rules. Manifests are plain JSON, possibly malformed. */

export type Obj = { [key: string]: any };

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The API group of a manifest, '' for the core group. */
export function groupOf(manifest: any): string {
  const apiVersion = manifest?.apiVersion;
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether the manifest is one of up to three kinds in `group` (any version). The kind is compared first: rules ask
 * this of every manifest (named parameters rather than a rest array, which every call would allocate).
 */
export function isKind(manifest: any, group: string, kind: string, other?: string, third?: string): boolean {
  const actual = manifest?.kind;
  return typeof actual === 'string' && (actual === kind || actual === other || actual === third) && groupOf(manifest) === group;
}

/**
 * `group/Kind` of a manifest (`/Secret` for the core group), the key rules declare their kinds by and the index
 * groups by; undefined when the manifest has no string kind.
 */
export function kindKeyOf(manifest: any): string | undefined {
  const kind = manifest?.kind;
  return typeof kind === 'string' ? `${groupOf(manifest)}/${kind}` : undefined;
}

/** `Kind namespace/name` (or `Kind name`), how reports name an object. */
export function refOf(manifest: any): string {
  const ns = manifest?.metadata?.namespace;
  return `${manifest?.kind} ${ns ? `${ns}/` : ''}${manifest?.metadata?.name}`;
}

const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration string (`1h`, `30m`, `1h0m0s`, `0`), or undefined when it does not parse. */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '0') return 0;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== value) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * GO_UNITS[p[2]], 0);
}

/** The string values of a Secret (stringData wins over data, which is base64). */
export function secretValues(secret: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(isObject(secret?.data) ? secret.data : {})) {
    out[key] = typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : textOf(value);
  }
  for (const [key, value] of Object.entries(isObject(secret?.stringData) ? secret.stringData : {})) {
    out[key] = textOf(value);
  }
  return out;
}

/**
 * A malformed value as text, the way it would be written: `String()` throws on an object whose `toString` is not a
 * function (`{ "toString": false }` is valid JSON in a raw object), and a malformed manifest must not crash a rule.
 */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** The Argo CD secret type (`cluster`, `repository`, `repo-creds`) of a v1 Secret, if labelled. */
export function argoSecretType(manifest: any): string | undefined {
  if (!isKind(manifest, '', 'Secret')) return undefined;
  return manifest?.metadata?.labels?.[ARGOCD_SECRET_TYPE_LABEL];
}

/** The parsed `config` of an Argo CD cluster Secret; undefined when absent or not JSON. */
export function argoClusterConfig(manifest: any): Obj | undefined {
  const raw = secretValues(manifest).config;
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lookups over the manifests of one evaluation, by kind, kind and namespace, or kind and name. Rules that relate
 * objects (a Namespace and its NetworkPolicies, an ExternalSecret and its store) would otherwise scan every
 * manifest for every manifest: quadratic, minutes for a fleet of a thousand tenants. Built once per list (the
 * pack hands every rule the same list, and rules never change it).
 */
export class ManifestIndex {
  /** The index of `manifests`, built on first use. */
  public static of(manifests: any[]): ManifestIndex {
    return ManifestIndex.built(manifests);
  }

  private static readonly built = perEvaluation(manifests => new ManifestIndex(manifests));

  private readonly kinds = new Map<string, any[]>();
  /**
   * By kind, then namespace ('' for none) or name: the keys are the manifests' own strings, and a key that holds one
   * manifest holds it alone, without a list. A fleet has almost as many (kind, namespace) pairs as objects (27,005
   * for the 48,001 objects of 3,000 tenants): a key string and a list for each object and pair took 22 MB there,
   * this takes 3 MB. By namespace and name is looked up in the namespace's list (see `namedIn`).
   */
  private readonly namespaced = new Map<string, Map<string, Entry>>();
  private readonly byName = new Map<string, Map<string, Entry>>();
  private byLabel?: Map<string, any[]>;

  private constructor(manifests: any[]) {
    for (const m of manifests) {
      if (!isObject(m) || typeof m.kind !== 'string') continue;
      const kind = kindKeyOf(m)!;
      appendTo(this.kinds, kind, m);
      addEntry(this.namespaced, kind, namespaceOf(m), m);
      if (typeof m.metadata?.name === 'string') addEntry(this.byName, kind, m.metadata.name, m);
    }
  }

  /** Every manifest of `kind` in `group` ('' for the core group). */
  public ofKind(group: string, kind: string): any[] {
    return this.kinds.get(`${group}/${kind}`) ?? [];
  }

  /** The manifests of `kind` in `namespace` (undefined: those without one). */
  public inNamespace(group: string, kind: string, namespace: string | undefined): any[] {
    return listOf(this.namespaced.get(`${group}/${kind}`)?.get(namespace ?? ''));
  }

  /** The manifests of `kind` named `name` in `namespace` (undefined: those without one). */
  public namedIn(group: string, kind: string, namespace: string | undefined, name: unknown): any[] {
    if (typeof name !== 'string') return [];
    const inNamespace = listOf(this.namespaced.get(`${group}/${kind}`)?.get(namespace ?? ''));
    // a namespace's objects of one kind are few, except in a shared namespace: there, by name, built on first use
    // (a list that long is the index's own, so the by-name map lives as long as the index)
    if (inNamespace.length <= SCAN_UP_TO) return inNamespace.filter(m => m.metadata?.name === name);
    let byName = NAMES_IN_NAMESPACE.get(inNamespace);
    if (byName === undefined) {
      byName = new Map();
      for (const m of inNamespace) if (typeof m.metadata?.name === 'string') addToEntry(byName, m.metadata.name, m);
      NAMES_IN_NAMESPACE.set(inNamespace, byName);
    }
    return listOf(byName.get(name));
  }

  /** The manifests of `kind` named `name`, in any namespace. */
  public named(group: string, kind: string, name: unknown): any[] {
    return typeof name === 'string' ? listOf(this.byName.get(`${group}/${kind}`)?.get(name)) : [];
  }

  /**
   * The manifests of `kind`, in any namespace, that a label selector with these `matchLabels` may select, in output
   * order: those carrying its rarest required label. A superset of the selection (the caller still matches the
   * whole selector), so that selecting costs the candidates, not a scan of the kind; every manifest of `kind` when
   * `matchLabels` requires no string value, where only a scan can tell.
   */
  public selectable(group: string, kind: string, matchLabels: unknown): any[] {
    return this.candidates(group, kind, matchLabels, ANY_NAMESPACE) ?? this.ofKind(group, kind);
  }

  /** `selectable()` in `namespace` (undefined: the manifests without one). */
  public selectableIn(group: string, kind: string, namespace: string | undefined, matchLabels: unknown): any[] {
    return this.candidates(group, kind, matchLabels, `${namespace ?? ''}`) ?? this.inNamespace(group, kind, namespace);
  }

  private candidates(group: string, kind: string, matchLabels: unknown, scope: string): any[] | undefined {
    const entries = isObject(matchLabels) ? Object.entries(matchLabels) : [];
    if (entries.length === 0 || entries.some(([, value]) => typeof value !== 'string')) return undefined;
    const labelled = this.labelIndex();
    return shortest(entries.map(([key, value]) => labelled.get(`${group}/${kind}\n${scope}\n${key}\n${value}`) ?? []));
  }

  /** Manifests by kind, namespace (and ANY_NAMESPACE), label key and string value; built on first use. */
  private labelIndex(): Map<string, any[]> {
    if (this.byLabel === undefined) {
      this.byLabel = new Map();
      for (const [kind, list] of this.kinds) {
        for (const m of list) {
          // any labels value that has entries (a malformed string or list too): a rule reading labels[key] sees them
          const labels = m.metadata?.labels;
          if (labels === undefined || labels === null) continue;
          for (const [key, value] of Object.entries(labels)) {
            if (typeof value !== 'string') continue;
            appendTo(this.byLabel, `${kind}\n${namespaceOf(m)}\n${key}\n${value}`, m);
            appendTo(this.byLabel, `${kind}\n${ANY_NAMESPACE}\n${key}\n${value}`, m);
          }
        }
      }
    }
    return this.byLabel;
  }
}

/** One manifest, or the list of several (a manifest is never an array), in output order. */
type Entry = any;

/** Namespace lists up to this long are scanned for a name rather than indexed. */
const SCAN_UP_TO = 16;

/** The by-name index of a long namespace list, built on first lookup and dropped with the list. */
const NAMES_IN_NAMESPACE = new WeakMap<any[], Map<string, Entry>>();

/** A manifest's namespace as the index keys it: '' for none (a name never is ''). */
function namespaceOf(m: any): string {
  const namespace = m.metadata?.namespace;
  return namespace === undefined || namespace === null ? '' : `${namespace}`;
}

function addEntry(index: Map<string, Map<string, Entry>>, kind: string, key: string, m: any): void {
  let entries = index.get(kind);
  if (entries === undefined) index.set(kind, entries = new Map());
  addToEntry(entries, key, m);
}

function addToEntry(entries: Map<string, Entry>, key: string, m: any): void {
  const entry = entries.get(key);
  if (entry === undefined) entries.set(key, m);
  else if (Array.isArray(entry)) entry.push(m);
  else entries.set(key, [entry, m]);
}

/** The manifests of an entry as a list. */
function listOf(entry: Entry | undefined): any[] {
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
}

/** The namespace part of a label index key for lookups over every namespace (no namespace name has a NUL). */
const ANY_NAMESPACE = '\u0000any';

/**
 * `build`, computed once per list of manifests: the pack hands every rule the same list for one evaluation, so what a
 * rule derives from the whole list (an index, a model) lives as long as the evaluation and no longer.
 */
export function perEvaluation<T>(build: (manifests: any[]) => T): (manifests: any[]) => T {
  const built = new WeakMap<any[], T>();
  return manifests => {
    if (built.has(manifests)) return built.get(manifests) as T;
    const value = build(manifests);
    built.set(manifests, value);
    return value;
  };
}

/** Adds `value` to the list under `key`, starting the list on first use. */
export function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The shortest of non-empty `lists` (the first of equals): the fewest candidates an index lookup leaves to match. */
export function shortest<T>(lists: T[][]): T[] {
  return lists.reduce((a, b) => (b.length < a.length ? b : a));
}
