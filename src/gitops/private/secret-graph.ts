import { sortedBy } from '../../common/sort';
import { appendTo, ARGOCD_SECRET_TYPE_LABEL, asArray, groupOf, isKind, isObject, Obj, shortest } from '../../compliance/manifest';
import { podsOf } from '../../compliance/pods';
import { sensitiveSecretKeys } from '../../compliance/rules/secret-data';

/**
 * The credential graph behind `SecretFlow`: every object of the output that produces, transports or consumes a
 * credential, and an edge for each hop in the direction the value travels (store → ExternalSecret → Secret →
 * consumer; Secret → PushSecret → store). Manifests are plain JSON and may be malformed: anything unreadable is
 * skipped, never thrown on.
 */

const ESO = 'external-secrets.io';
const GENERATORS = 'generators.external-secrets.io';
/** Kinds of the generators group that are not generators an ExternalSecret reads. */
const NOT_GENERATORS = ['ClusterGenerator', 'GeneratorState'];
/** The namespace kubectl and Argo CD fall back to for a namespaced object without one. */
const DEFAULT_NAMESPACE = 'default';

/** What a node is; decides its shape, its class and its column in the diagram. */
export type Category = 'store' | 'generator' | 'externalSecret' | 'secret' | 'pushSecret' | 'workload' | 'argocd';

/** The order categories are listed in (sources first). */
export const CATEGORY_ORDER: Category[] = ['store', 'generator', 'externalSecret', 'secret', 'pushSecret', 'workload', 'argocd'];

export interface FlowNode {
  readonly key: string;
  readonly category: Category;
  /** The kind shown, e.g. `SecretStore`, `GithubAccessToken`, `Deployment`. */
  readonly kind: string;
  /** Undefined for cluster-scoped objects and for fan-out placeholders. */
  readonly namespace?: string;
  readonly name: string;
  /** The object itself is in the output. */
  present: boolean;
  /** Something in the output creates it (an ExternalSecret's target, a service account token). */
  produced: boolean;
  /** Short facts shown under the name, e.g. `Argo CD repository`. */
  readonly notes: Set<string>;
  /** A placeholder for "the Secret in every namespace a cluster-scoped object selects". */
  readonly fanOut: boolean;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Shown only in this namespace's view (referent authentication resolves per consuming namespace). */
  readonly onlyIn?: string;
}

/** A reference to a Secret found inside a store or generator spec. */
interface SecretRef {
  readonly name: string;
  readonly namespace?: string;
  /** Where in the spec, e.g. `auth.privateKey.secretRef: key`. */
  readonly label: string;
}

export function isExternal(node: FlowNode): boolean {
  return node.category !== 'argocd' && !node.present && !node.produced;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function labelsOf(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** Whether `labels` satisfy a Kubernetes label selector (an empty selector selects everything). */
export function selectorMatches(selector: Obj, labels: Record<string, string>): boolean {
  const matchLabels = labelsOf(selector.matchLabels);
  if (Object.entries(matchLabels).some(([k, v]) => labels[k] !== v)) return false;
  return asArray(selector.matchExpressions).every(e => {
    const key = str(e?.key);
    if (key === undefined) return false;
    const values = asArray(e.values).filter((v): v is string => typeof v === 'string');
    switch (e.operator) {
      case 'In': return labels[key] !== undefined && values.includes(labels[key]);
      case 'NotIn': return labels[key] === undefined || !values.includes(labels[key]);
      case 'Exists': return labels[key] !== undefined;
      case 'DoesNotExist': return labels[key] === undefined;
      default: return false;
    }
  });
}

/** A label selector as reviewers read it: `team=a, env in (prod,staging), !legacy`. */
export function selectorText(selector: Obj): string {
  const parts = sortedBy(Object.entries(labelsOf(selector.matchLabels)), ([k]) => k).map(([k, v]) => `${k}=${v}`);
  for (const e of asArray(selector.matchExpressions)) {
    const values = asArray(e?.values).filter(v => typeof v === 'string').join(',');
    switch (e?.operator) {
      case 'In': parts.push(`${e.key} in (${values})`); break;
      case 'NotIn': parts.push(`${e.key} notin (${values})`); break;
      case 'Exists': parts.push(String(e.key)); break;
      case 'DoesNotExist': parts.push(`!${e.key}`); break;
      default: parts.push(`${e?.key} ${e?.operator}`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : 'any labels';
}

// keys under which a store or generator names a Secret holding one of its own credentials
const SECRET_REF_KEY = /secretref$|secret$/i;
// references to other ESO objects or CA bundles (public certificates), not credential Secrets
const NOT_SECRET_REF_KEYS = /storeref$|generatorref$|^caprovider$|^cabundle$/i;

function isSelectorShape(value: Obj): boolean {
  return typeof value.name === 'string' && typeof value.key === 'string'
    && Object.keys(value).every(k => k === 'name' || k === 'key' || k === 'namespace');
}

/**
 * The Secrets a store provider or generator spec reads its own credentials from: objects under a key ending in
 * `secretRef`/`secret` that name a Secret, and `{name, key[, namespace]}` selectors anywhere (e.g. Grafana
 * `auth.basic.password`). CA bundle providers and references to stores and generators are skipped.
 */
export function secretRefsIn(value: unknown, path = '', named = false): SecretRef[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => secretRefsIn(item, `${path}[${i}]`));
  if (!isObject(value)) return [];
  const name = str(value.name);
  if (name !== undefined && (named || isSelectorShape(value))) {
    const key = str(value.key);
    return [{ name, namespace: str(value.namespace), label: `${path}${key ? `: ${key}` : ''}` }];
  }
  return Object.entries(value).flatMap(([key, child]) => NOT_SECRET_REF_KEYS.test(key)
    ? []
    : secretRefsIn(child, path ? `${path}.${key}` : key, SECRET_REF_KEY.test(key) && !Array.isArray(child)));
}

/** A remote value an ExternalSecret or PushSecret entry names: the key, the property within it, or a search. */
interface RemoteKey {
  readonly key: string;
  readonly property?: string;
}

function remoteKeyOf(entry: Obj): RemoteKey | undefined {
  for (const ref of [entry.remoteRef, entry.extract, entry.match?.remoteRef]) {
    const key = isObject(ref) ? str(ref.key) ?? str(ref.remoteKey) : undefined;
    if (key !== undefined) return { key, property: str(ref.property) };
  }
  if (isObject(entry.find)) {
    const f = entry.find;
    const what = [str(f.path) && `path ${f.path}`, str(f.name?.regexp) && `name ~ ${f.name.regexp}`, isObject(f.tags) && `tags ${selectorText({ matchLabels: f.tags })}`];
    const parts = what.filter((w): w is string => typeof w === 'string');
    return { key: `find ${parts.length > 0 ? parts.join(', ') : 'all'}` };
  }
  return undefined;
}

/** `db/creds (password, username), api-key`: keys sorted, the properties read of each in parentheses. */
function remoteKeysLabel(entries: Obj[]): string {
  const byKey = new Map<string, Set<string>>();
  for (const ref of entries.map(remoteKeyOf)) {
    if (ref === undefined) continue;
    const properties = byKey.get(ref.key) ?? new Set<string>();
    properties.add(ref.property ?? '');
    byKey.set(ref.key, properties);
  }
  return [...byKey.keys()].sort().map(key => {
    const properties = [...byKey.get(key)!].sort();
    const whole = properties[0] === '';
    const named = properties.filter(p => p !== '');
    return [whole ? key : undefined, named.length > 0 ? `${key} (${named.join(', ')})` : undefined].filter(Boolean).join(', ');
  }).join(', ');
}

// creationPolicy Owner, the default, needs no label
const CREATION_LABELS: Record<string, string> = { Orphan: 'creates (orphan)', Merge: 'merges into', CreateOrMerge: 'creates or merges' };

export class SecretGraph {
  public readonly nodes = new Map<string, FlowNode>();
  public readonly edges = new Map<string, FlowEdge>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  /** Namespace names by label `key\u0000value`, built on first use. */
  private namespacesByLabel?: Map<string, string[]>;
  /** Secret references without a namespace in cluster-scoped stores and generators, by node key. */
  private readonly referentRefs = new Map<string, SecretRef[]>();
  /** The namespace a ClusterExternalSecret or ClusterPushSecret is being expanded into. */
  private expanding?: string;

  public constructor(manifests: unknown[]) {
    const valid = (Array.isArray(manifests) ? manifests : [])
      .filter((m): m is Obj => isObject(m) && typeof m.kind === 'string' && isObject(m.metadata) && str(m.metadata.name) !== undefined);
    for (const m of valid.filter(x => isKind(x, '', 'Namespace'))) this.namespaceLabels.set(m.metadata.name, labelsOf(m.metadata.labels));
    // sources first, so referent references are known when the ExternalSecrets that resolve them are read
    for (const m of valid) this.readSource(m);
    for (const m of valid) this.readFlow(m);
    // a service account (or other workload) named by a token Secret is in the output even when it reads no Secret
    const objects = new Set(valid.map(m => `${m.kind}/${this.namespaceOf(m)}/${m.metadata.name}`));
    for (const node of this.nodes.values()) {
      if (node.category === 'workload' && objects.has(`${node.kind}/${node.namespace}/${node.name}`)) node.present = true;
    }
  }

  public node(category: Category, kind: string, namespace: string | undefined, name: string, fanOut = false): FlowNode {
    const key = [category, namespace ?? '', kind, name, fanOut ? 'fan-out' : ''].join('\u0000');
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { key, category, kind, namespace, name, present: false, produced: fanOut, notes: new Set(), fanOut };
      this.nodes.set(key, node);
    }
    return node;
  }

  private edge(from: FlowNode, to: FlowNode, label: string, onlyIn?: string): void {
    // while a cluster-scoped object is expanded into one namespace, its hops to that namespace's objects belong there
    if (onlyIn === undefined && this.expanding !== undefined && (from.namespace !== undefined || to.namespace !== undefined)) onlyIn = this.expanding;
    const key = [from.key, to.key, label, onlyIn ?? ''].join('\u0001');
    if (!this.edges.has(key)) this.edges.set(key, { from: from.key, to: to.key, label, onlyIn });
  }

  private secret(namespace: string | undefined, name: string): FlowNode {
    return this.node('secret', 'Secret', namespace, name);
  }

  private argoCd(namespace: string): FlowNode {
    return this.node('argocd', 'Argo CD', namespace, 'Argo CD');
  }

  private namespaceOf(m: Obj): string {
    return str(m.metadata.namespace) ?? DEFAULT_NAMESPACE;
  }

  /** Stores, generators and plain Secrets: the objects others reference. */
  private readSource(m: Obj): void {
    const name: string = m.metadata.name;
    const spec = isObject(m.spec) ? m.spec : {};
    if (isKind(m, ESO, 'SecretStore', 'ClusterSecretStore')) {
      const cluster = m.kind === 'ClusterSecretStore';
      const node = this.node('store', m.kind, cluster ? undefined : this.namespaceOf(m), name);
      node.present = true;
      const provider = isObject(spec.provider) ? Object.keys(spec.provider).sort()[0] : undefined;
      if (provider) node.notes.add(`provider ${provider}`);
      this.readSecretRefs(node, secretRefsIn(spec.provider), cluster);
    } else if (groupOf(m) === GENERATORS && !NOT_GENERATORS.includes(m.kind)) {
      const node = this.node('generator', m.kind, this.namespaceOf(m), name);
      node.present = true;
      this.readSecretRefs(node, secretRefsIn(spec), false);
    } else if (isKind(m, GENERATORS, 'ClusterGenerator')) {
      const node = this.node('generator', 'ClusterGenerator', undefined, name);
      node.present = true;
      if (str(spec.kind)) node.notes.add(spec.kind);
      this.readSecretRefs(node, secretRefsIn(spec.generator), true);
    } else if (isKind(m, '', 'Secret')) {
      const namespace = this.namespaceOf(m);
      const node = this.secret(namespace, name);
      node.present = true;
      if (str(m.type) && m.type !== 'Opaque') node.notes.add(m.type);
      if (sensitiveSecretKeys(m).length > 0) node.notes.add('holds secret data');
      this.readArgoCdLabel(node, namespace, m.metadata.labels);
      const account = str(m.metadata.annotations?.['kubernetes.io/service-account.name']);
      if (m.type === 'kubernetes.io/service-account-token' && account !== undefined) {
        node.produced = true;
        this.edge(this.node('workload', 'ServiceAccount', namespace, account), node, 'long-lived token');
      }
    }
  }

  private readSecretRefs(node: FlowNode, refs: SecretRef[], clusterScoped: boolean): void {
    for (const ref of refs) {
      if (!clusterScoped) {
        this.edge(this.secret(node.namespace, ref.name), node, ref.label);
      } else if (ref.namespace !== undefined) {
        this.edge(this.secret(ref.namespace, ref.name), node, ref.label);
      } else {
        // referent authentication: resolved in the namespace of each ExternalSecret that uses the store
        this.referentRefs.set(node.key, [...this.referentRefs.get(node.key) ?? [], ref]);
      }
    }
  }

  private readArgoCdLabel(node: FlowNode, namespace: string, labels: unknown): void {
    const type = str(isObject(labels) ? labels[ARGOCD_SECRET_TYPE_LABEL] : undefined);
    if (type === undefined) return;
    node.notes.add(`Argo CD ${type}`);
    this.edge(node, this.argoCd(namespace), type);
  }

  /** Everything that moves or consumes a credential. */
  private readFlow(m: Obj): void {
    const name: string = m.metadata.name;
    const spec = isObject(m.spec) ? m.spec : {};
    if (isKind(m, ESO, 'ExternalSecret')) {
      const node = this.node('externalSecret', 'ExternalSecret', this.namespaceOf(m), name);
      node.present = true;
      this.readExternalSecretSpec(spec, node, this.namespaceOf(m), name);
    } else if (isKind(m, ESO, 'ClusterExternalSecret')) {
      this.readClusterExternalSecret(m, spec);
    } else if (isKind(m, ESO, 'PushSecret')) {
      const node = this.node('pushSecret', 'PushSecret', this.namespaceOf(m), name);
      node.present = true;
      this.readPushSecretSpec(spec, node, this.namespaceOf(m));
    } else if (isKind(m, ESO, 'ClusterPushSecret')) {
      this.readClusterPushSecret(m, spec);
    } else {
      this.readConsumer(m, spec);
    }
  }

  /** Store or generator node an ExternalSecret or PushSecret reference points at (`namespace` undefined: fan-out view). */
  private storeFor(ref: unknown, namespace: string | undefined): FlowNode | undefined {
    if (!isObject(ref)) return undefined;
    const kind = ref.kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore';
    if (kind === 'SecretStore' && namespace === undefined) return undefined;
    const name = str(ref.name) ?? (isObject(ref.labelSelector) ? `labels ${selectorText(ref.labelSelector)}` : undefined);
    if (name === undefined) return undefined;
    return this.node('store', kind, kind === 'ClusterSecretStore' ? undefined : namespace, name);
  }

  private generatorFor(ref: unknown, namespace: string | undefined): FlowNode | undefined {
    if (!isObject(ref) || str(ref.kind) === undefined || str(ref.name) === undefined) return undefined;
    if (ref.kind === 'ClusterGenerator') return this.node('generator', 'ClusterGenerator', undefined, ref.name);
    return namespace === undefined ? undefined : this.node('generator', ref.kind, namespace, ref.name);
  }

  /** Draws a source edge, plus the referent Secrets a cluster-scoped source resolves in `namespace`. */
  private source(from: FlowNode | undefined, to: FlowNode, label: string, namespace: string | undefined): void {
    if (from === undefined) return;
    this.edge(from, to, label);
    if (namespace === undefined) return;
    for (const ref of this.referentRefs.get(from.key) ?? []) {
      this.edge(this.secret(namespace, ref.name), from, `${ref.label} (referent)`, namespace);
    }
  }

  /**
   * The sources and target of an ExternalSecret spec read in `namespace`; with `namespace` undefined (the
   * fan-out view of a ClusterExternalSecret) only cluster-scoped sources are drawn and `target` stands for the
   * Secret in every selected namespace.
   */
  private readExternalSecretSpec(spec: Obj, node: FlowNode, namespace: string | undefined, defaultTarget: string, target?: FlowNode): void {
    const data = asArray(spec.data).filter(isObject);
    const dataFrom = asArray(spec.dataFrom).filter(isObject);
    const viaDefault = [...data, ...dataFrom].filter(d => !isObject(d.sourceRef));
    if (isObject(spec.secretStoreRef)) {
      this.source(this.storeFor(spec.secretStoreRef, namespace), node, remoteKeysLabel(viaDefault), namespace);
    }
    for (const d of [...data, ...dataFrom].filter(x => isObject(x.sourceRef))) {
      if (isObject(d.sourceRef.storeRef)) this.source(this.storeFor(d.sourceRef.storeRef, namespace), node, remoteKeysLabel([d]), namespace);
    }
    // spec.data[].sourceRef.generatorRef exists in the schema but ESO does not implement it: only dataFrom reads generators
    for (const d of dataFrom.filter(x => isObject(x.sourceRef?.generatorRef))) {
      this.source(this.generatorFor(d.sourceRef.generatorRef, namespace), node, 'generates', namespace);
    }
    const template = isObject(spec.target?.template) ? spec.target.template : {};
    if (namespace !== undefined) {
      for (const t of asArray(template.templateFrom)) {
        const name = str(t?.secret?.name);
        if (name !== undefined) this.edge(this.secret(namespace, name), node, 'templateFrom');
      }
    }
    const targetSpec = isObject(spec.target) ? spec.target : {};
    const policy = str(targetSpec.creationPolicy) ?? 'Owner';
    if (policy === 'None') {
      node.notes.add('creationPolicy None: writes no Secret');
      return;
    }
    const manifestKind = str(targetSpec.manifest?.kind);
    const targetName = str(targetSpec.name) ?? defaultTarget;
    const out = target ?? (manifestKind !== undefined && manifestKind !== 'Secret'
      ? this.node('secret', manifestKind, namespace, targetName)
      : this.secret(namespace, targetName));
    out.produced = true;
    if (str(template.type) && template.type !== 'Opaque') out.notes.add(template.type);
    this.edge(node, out, CREATION_LABELS[policy] ?? '');
    if (namespace !== undefined) this.readArgoCdLabel(out, namespace, template.metadata?.labels);
    else if (str(template.metadata?.labels?.[ARGOCD_SECRET_TYPE_LABEL])) out.notes.add(`Argo CD ${template.metadata.labels[ARGOCD_SECRET_TYPE_LABEL]}`);
  }

  /** Namespaces a cluster-scoped object fans out to: listed ones and the Namespaces of the output it selects. */
  private selectedNamespaces(spec: Obj, selectors: Obj[]): string[] {
    const listed = asArray(spec.namespaces).filter((n): n is string => typeof n === 'string' && n.length > 0);
    const selected = selectors.flatMap(s => this.candidateNamespaces(s).filter(n => selectorMatches(s, this.namespaceLabels.get(n)!)));
    return [...new Set([...listed, ...selected])].sort();
  }

  /**
   * The Namespaces of the output a selector may select: those carrying its rarest matchLabels pair, or all of them
   * when it has none. A fleet has a cluster-scoped object per tenant, each selecting its own namespaces; a scan of
   * every namespace for each is quadratic.
   */
  private candidateNamespaces(selector: Obj): string[] {
    const pairs = Object.entries(labelsOf(selector.matchLabels));
    if (pairs.length === 0) return [...this.namespaceLabels.keys()];
    if (this.namespacesByLabel === undefined) {
      this.namespacesByLabel = new Map();
      for (const [namespace, labels] of this.namespaceLabels) {
        for (const [k, v] of Object.entries(labels)) appendTo(this.namespacesByLabel, `${k}\u0000${v}`, namespace);
      }
    }
    const byLabel = this.namespacesByLabel;
    return shortest(pairs.map(([k, v]) => byLabel.get(`${k}\u0000${v}`) ?? []));
  }

  private selectorsOf(spec: Obj): Obj[] {
    return [...asArray(spec.namespaceSelectors), ...isObject(spec.namespaceSelector) ? [spec.namespaceSelector] : []].filter(isObject);
  }

  private fanOutNote(selectors: Obj[], namespaces: string[]): string {
    const which = selectors.map(selectorText).join(' or ');
    return `each namespace labelled ${which}${namespaces.length > 0 ? ` (here: ${namespaces.join(', ')})` : ''}`;
  }

  private expand(namespace: string, read: () => void): void {
    this.expanding = namespace;
    try {
      read();
    } finally {
      this.expanding = undefined;
    }
  }

  private readClusterExternalSecret(m: Obj, spec: Obj): void {
    const node = this.node('externalSecret', 'ClusterExternalSecret', undefined, m.metadata.name);
    node.present = true;
    const esSpec = isObject(spec.externalSecretSpec) ? spec.externalSecretSpec : {};
    const esName = str(spec.externalSecretName) ?? m.metadata.name;
    const selectors = this.selectorsOf(spec);
    const namespaces = this.selectedNamespaces(spec, selectors);
    for (const namespace of namespaces) this.expand(namespace, () => this.readExternalSecretSpec(esSpec, node, namespace, esName));
    if (selectors.length > 0 || namespaces.length === 0) {
      const targetName = str(esSpec.target?.name) ?? esName;
      const fanOut = this.node('secret', 'Secret', undefined, targetName, true);
      fanOut.notes.add(selectors.length > 0 ? this.fanOutNote(selectors, namespaces) : 'no namespace selected');
      this.readExternalSecretSpec(esSpec, node, undefined, esName, fanOut);
    }
  }

  private readPushSecretSpec(spec: Obj, node: FlowNode, namespace: string | undefined, source?: FlowNode): void {
    const selector = isObject(spec.selector) ? spec.selector : {};
    if (source !== undefined) {
      this.edge(source, node, 'pushes');
    } else if (namespace !== undefined && str(selector.secret?.name)) {
      this.edge(this.secret(namespace, selector.secret.name), node, 'pushes');
    } else if (namespace !== undefined && isObject(selector.secret?.selector)) {
      this.edge(this.secret(namespace, `labels ${selectorText(selector.secret.selector)}`), node, 'pushes');
    }
    if (isObject(selector.generatorRef)) this.source(this.generatorFor(selector.generatorRef, namespace), node, 'generates', namespace);
    const keys = remoteKeysLabel(asArray(spec.data).filter(isObject));
    for (const ref of asArray(spec.secretStoreRefs)) {
      const store = this.storeFor(ref, namespace);
      if (store !== undefined) this.edge(node, store, keys);
    }
    for (const d of asArray(spec.dataTo)) {
      const store = this.storeFor(d?.storeRef, namespace);
      if (store !== undefined) this.edge(node, store, str(d.remoteKey) ?? 'dataTo');
    }
  }

  private readClusterPushSecret(m: Obj, spec: Obj): void {
    const node = this.node('pushSecret', 'ClusterPushSecret', undefined, m.metadata.name);
    node.present = true;
    const pushSpec = isObject(spec.pushSecretSpec) ? spec.pushSecretSpec : {};
    const selectors = this.selectorsOf(spec);
    const namespaces = this.selectedNamespaces(spec, selectors);
    for (const namespace of namespaces) this.expand(namespace, () => this.readPushSecretSpec(pushSpec, node, namespace));
    const sourceName = str(pushSpec.selector?.secret?.name);
    if (selectors.length > 0 && sourceName !== undefined) {
      const fanOut = this.node('secret', 'Secret', undefined, sourceName, true);
      fanOut.notes.add(this.fanOutNote(selectors, namespaces));
      this.readPushSecretSpec(pushSpec, node, undefined, fanOut);
    }
  }

  /** Workloads, Tekton objects, service accounts and Ingresses that read Secrets. */
  private readConsumer(m: Obj, spec: Obj): void {
    const namespace = this.namespaceOf(m);
    const uses: { secret: string; label: string }[] = [];
    for (const pod of podsOf(m)) {
      const prefix = pod.where;
      for (const volume of asArray(pod.spec.volumes).filter(isObject)) {
        const names = [str(volume.secret?.secretName), ...asArray(volume.projected?.sources).map(s => str(s?.secret?.name))];
        const paths = [...new Set(pod.containers.flatMap(c => asArray(c.container.volumeMounts)
          .filter(mount => mount?.name === volume.name && str(mount.mountPath)).map(mount => mount.mountPath as string)))].sort();
        const label = paths.length > 0 ? `${prefix}volume at ${paths.join(', ')}` : `${prefix}volume ${volume.name} (not mounted)`;
        for (const name of names) if (name !== undefined) uses.push({ secret: name, label });
      }
      for (const { container } of pod.containers) {
        for (const env of asArray(container.env)) {
          const name = str(env?.valueFrom?.secretKeyRef?.name);
          if (name !== undefined) uses.push({ secret: name, label: `${prefix}env ${env.name}` });
        }
        for (const envFrom of asArray(container.envFrom)) {
          const name = str(envFrom?.secretRef?.name);
          if (name !== undefined) uses.push({ secret: name, label: `${prefix}envFrom` });
        }
      }
      for (const pull of asArray(pod.spec.imagePullSecrets)) {
        const name = str(pull?.name);
        if (name !== undefined) uses.push({ secret: name, label: 'imagePullSecrets' });
      }
    }
    if (isKind(m, 'tekton.dev', 'TaskRun', 'PipelineRun')) {
      // runs bind workspaces and pull secrets even when the Task or Pipeline is referenced, not embedded
      for (const ws of asArray(spec.workspaces)) {
        for (const name of [str(ws?.secret?.secretName), ...asArray(ws?.projected?.sources).map(s => str(s?.secret?.name))]) {
          if (name !== undefined) uses.push({ secret: name, label: `workspace ${ws.name}` });
        }
      }
      for (const template of [spec.podTemplate, spec.taskRunTemplate?.podTemplate]) {
        for (const pull of asArray(template?.imagePullSecrets)) {
          if (str(pull?.name)) uses.push({ secret: pull.name, label: 'imagePullSecrets' });
        }
      }
    }
    if (isKind(m, '', 'ServiceAccount')) {
      for (const pull of asArray(m.imagePullSecrets)) if (str(pull?.name)) uses.push({ secret: pull.name, label: 'imagePullSecrets' });
      for (const s of asArray(m.secrets)) if (str(s?.name)) uses.push({ secret: s.name, label: 'mountable secret' });
    }
    if (isKind(m, 'networking.k8s.io', 'Ingress')) {
      for (const tls of asArray(spec.tls)) if (str(tls?.secretName)) uses.push({ secret: tls.secretName, label: 'TLS' });
    }
    if (uses.length === 0) return;
    const node = this.node('workload', m.kind, namespace, m.metadata.name);
    node.present = true;
    for (const use of uses) this.edge(this.secret(namespace, use.secret), node, use.label);
  }
}
