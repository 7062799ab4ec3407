import * as crypto from 'crypto';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CATEGORY_ORDER, Category, FlowEdge, FlowNode, isExternal, SecretGraph } from './private/secret-graph';
import { ValidationError } from '../common/errors';
import { compareCodeUnits, sortedBy } from '../common/sort';
import { appendTo } from '../compliance/manifest';

/** Mermaid shape (open, close) per category, so a diagram reads without a legend. */
const SHAPES: Record<Category, [string, string]> = {
  store: ['[(', ')]'],
  generator: ['{{', '}}'],
  externalSecret: ['([', '])'],
  secret: ['[', ']'],
  pushSecret: ['>', ']'],
  workload: ['[/', '/]'],
  argocd: ['((', '))'],
};

const CLASS_STYLES: Record<Category | 'external', string> = {
  store: 'fill:#e3f2fd,stroke:#1565c0',
  generator: 'fill:#fff8e1,stroke:#f9a825',
  externalSecret: 'fill:#e8f5e9,stroke:#2e7d32',
  secret: 'fill:#fce4ec,stroke:#c2185b',
  pushSecret: 'fill:#f3e5f5,stroke:#6a1b9a',
  workload: 'fill:#eceff1,stroke:#455a64',
  argocd: 'fill:#fbe9e7,stroke:#d84315',
  external: 'fill:#ffffff,stroke-dasharray:5 5',
};

const ID_PREFIXES: Record<string, string> = {
  SecretStore: 'store',
  ClusterSecretStore: 'cstore',
  ClusterGenerator: 'cgen',
  ExternalSecret: 'es',
  ClusterExternalSecret: 'ces',
  PushSecret: 'push',
  ClusterPushSecret: 'cpush',
};

/** One diagram: the nodes and edges shown for a namespace (or for the cluster-scoped remainder). */
interface View {
  readonly namespace?: string;
  readonly nodes: FlowNode[];
  readonly edges: FlowEdge[];
}

/**
 * The lookups a view makes, so that drawing every namespace costs the edges each one touches rather than a scan of
 * every edge per namespace (quadratic in a fleet).
 */
interface EdgeIndex {
  /** Each edge's position in the graph, to keep graph order. */
  readonly order: Map<FlowEdge, number>;
  /** The edges with an end in a namespace, by namespace. */
  readonly touching: Map<string, FlowEdge[]>;
  /** The edges into a node, by node key. */
  readonly into: Map<string, FlowEdge[]>;
  /** The edges from a node to a cluster-scoped node, by node key. */
  readonly outToCluster: Map<string, FlowEdge[]>;
  /** The nodes of a namespace that are not fan-out placeholders. */
  readonly nodesIn: Map<string, FlowNode[]>;
}

/**
 * Mermaid text inside a quoted label: entity codes for the characters that would end the label, start an
 * entity or be read as HTML or Markdown; line breaks become spaces.
 */
function escapeLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;')
    .replace(/[\r\n]+/g, ' ');
}

/** A Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** An object name as inline code (names are DNS names; anything else is made harmless). */
function code(text: string): string {
  return `\`${text.replace(/`/g, '\'')}\``;
}

function compareNodes(a: FlowNode, b: FlowNode): number {
  return CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || compareCodeUnits(a.key, b.key);
}

/**
 * Where every credential of a set of manifests comes from and what consumes it, drawn per namespace as a
 * Mermaid flowchart: secret stores (and cluster stores they use), ESO generators, ExternalSecrets and
 * ClusterExternalSecrets, the Secrets they write (Argo CD's declarative Secrets marked), and the consumers:
 * pods of workloads and Tekton objects (secret volumes, env, envFrom, image pull secrets, run workspaces),
 * service accounts, Ingress TLS, generators and stores that authenticate with a Secret, Argo CD, and
 * PushSecrets (Secret → PushSecret → store). Objects referenced but not in the manifests (a Secret
 * cert-manager writes, a store defined elsewhere) are drawn dashed and marked "not in this output".
 *
 * The output is deterministic: node ids derive from kind, namespace and name, and nodes and edges are sorted,
 * so the same manifests in any order give the same text. Only names, keys and paths appear, never values.
 * Namespaced objects without `metadata.namespace` are shown in `default`, where kubectl would create them.
 */
export class SecretFlow {
  /**
   * The pseudo-namespace of the cluster-scoped remainder: the fan-out of ClusterExternalSecrets and
   * ClusterPushSecrets to the namespaces they select, and cluster-scoped stores and generators no namespace
   * of the output uses. Listed last in `namespaces` when there is such a remainder.
   */
  public static readonly CLUSTER_SCOPE = '(cluster)';

  /**
   * The flow of resolved manifests, as `chart.toJson()` or `Testing.synth()` return them (plain JSON objects;
   * malformed entries are skipped).
   */
  public static fromManifests(manifests: any[]): SecretFlow {
    return new SecretFlow(manifests);
  }

  /**
   * The flow of every API object at or below `scope` (an App, a Chart or any construct), each resolved with
   * `ApiObject.toJson()`, which is what `chart.toJson()` returns per object. No validation runs.
   */
  public static fromScope(scope: IConstruct): SecretFlow {
    return new SecretFlow(scope.node.findAll().filter(c => ApiObject.isApiObject(c)).map(c => (c as ApiObject).toJson()));
  }

  private readonly graph: SecretGraph;
  private readonly ids = new Map<string, string>();
  private readonly views = new Map<string, View>();
  private index?: EdgeIndex;

  private constructor(manifests: any[]) {
    this.graph = new SecretGraph(manifests);
    this.assignIds();
    const namespaces = [...new Set([...this.graph.nodes.values()].map(n => n.namespace).filter((n): n is string => n !== undefined))].sort();
    for (const namespace of namespaces) this.views.set(namespace, this.view(namespace));
    const shown = new Set([...this.views.values()].flatMap(v => v.nodes.map(n => n.key)));
    const remainder = [...this.graph.nodes.values()].filter(n => n.namespace === undefined && (n.fanOut || !shown.has(n.key)));
    if (remainder.length > 0) this.views.set(SecretFlow.CLUSTER_SCOPE, this.view(undefined, remainder));
  }

  /** The namespaces with a diagram, sorted, then `SecretFlow.CLUSTER_SCOPE` if there is a cluster-scoped remainder. */
  public get namespaces(): string[] {
    return [...this.views.keys()];
  }

  /**
   * The Mermaid `flowchart LR` of one namespace (or of `SecretFlow.CLUSTER_SCOPE`).
   *
   * @throws when the namespace has no diagram
   */
  public toMermaid(namespace: string): string {
    return this.mermaid(this.viewOf(namespace));
  }

  /**
   * A Markdown document with a section per namespace: the Mermaid diagram in a fenced `mermaid` block and a
   * table listing, for each Secret, where its value comes from and who consumes it.
   */
  public toMarkdown(): string {
    const out = [
      '# Secret flow',
      '',
      'Where each credential of this output comes from and what consumes it, per namespace. Arrows follow the value:',
      'secret store or generator → ExternalSecret → Secret → consumer, and Secret → PushSecret → store. Dashed nodes',
      'and arrows are objects referenced here but defined elsewhere. Only names, keys and paths are shown, never values.',
    ];
    if (this.views.size === 0) out.push('', 'No credential flows through this output.');
    for (const [namespace, view] of this.views) {
      const title = namespace === SecretFlow.CLUSTER_SCOPE ? 'Cluster-scoped objects and fan-out' : `Namespace ${code(namespace)}`;
      out.push('', `## ${title}`, '', '```mermaid', this.mermaid(view).trimEnd(), '```', '');
      const rows = this.credentialRows(view);
      if (rows.length === 0) {
        out.push('No Secret here; the objects above read or write Secrets of other namespaces.');
        continue;
      }
      out.push('| Credential | Comes from | Consumed by |', '| --- | --- | --- |');
      out.push(...rows.map(r => `| ${r.map(cell).join(' | ')} |`));
    }
    return out.join('\n') + '\n';
  }

  private viewOf(namespace: string): View {
    const view = this.views.get(namespace);
    if (view === undefined) {
      const known = this.namespaces;
      throw new ValidationError(`no secret flow for namespace '${namespace}'; the flow has ${known.length > 0 ? known.join(', ') : 'no namespace (no credential in the manifests)'}`);
    }
    return view;
  }

  /**
   * Ids are `<prefix>_<namespace>_<kind>_<name>` with every run of other characters turned into `_`; when two
   * objects collapse to the same id, each gets a suffix hashed from its identity, so ids never depend on order.
   */
  private assignIds(): void {
    const byBase = new Map<string, FlowNode[]>();
    for (const node of this.graph.nodes.values()) {
      const prefix = node.fanOut ? 'fanout' : node.category === 'argocd' ? 'argocd'
        : ID_PREFIXES[node.kind] ?? (node.category === 'generator' ? 'gen' : node.category === 'workload' ? 'use' : node.kind === 'Secret' ? 'secret' : 'target');
      const withKind = ['gen', 'use', 'target'].includes(prefix);
      const parts = node.category === 'argocd' ? [prefix, node.namespace] : [prefix, node.namespace, withKind ? node.kind : undefined, node.name];
      const base = parts.filter((p): p is string => p !== undefined).join('_').replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '');
      byBase.set(base, [...byBase.get(base) ?? [], node]);
    }
    for (const [base, nodes] of byBase) {
      for (const node of nodes) {
        const suffix = nodes.length > 1 ? `_${crypto.createHash('sha256').update(node.key).digest('hex').slice(0, 8)}` : '';
        this.ids.set(node.key, base + suffix);
      }
    }
  }

  /**
   * A namespace's view: its objects and every edge touching them, then, through cluster-scoped objects only, their
   * sources (where a cluster store's credentials come from) and their cluster-scoped targets. Objects of other
   * namespaces appear only as the far end of an edge. The cluster view starts from `seeds` instead. Edges are
   * looked up in `EdgeIndex` (never a scan of every edge per namespace) and kept in graph order.
   */
  private view(namespace: string | undefined, seeds?: FlowNode[]): View {
    const index = this.edgeIndex();
    const nodes = new Map<string, FlowNode>();
    const edges = new Map<FlowEdge, true>();
    const get = (key: string) => this.graph.nodes.get(key)!;
    const visible = (n: FlowNode) => namespace === undefined || !n.fanOut;
    const shown = (e: FlowEdge) => (e.onlyIn === undefined || e.onlyIn === namespace) && visible(get(e.from)) && visible(get(e.to));
    const queue: FlowNode[] = [];
    const add = (n: FlowNode) => {
      if (nodes.has(n.key)) return;
      nodes.set(n.key, n);
      if (n.namespace === undefined) queue.push(n);
    };
    const take = (e: FlowEdge) => {
      edges.set(e, true);
      add(get(e.from));
      add(get(e.to));
    };
    (seeds ?? index.nodesIn.get(namespace!) ?? []).forEach(add);
    if (namespace !== undefined) (index.touching.get(namespace) ?? []).filter(shown).forEach(take);
    while (queue.length > 0) {
      const c = queue.shift()!;
      // the edges into c and those from c to cluster-scoped objects, in graph order
      const reached = [...new Set([...index.into.get(c.key) ?? [], ...index.outToCluster.get(c.key) ?? []])];
      reached.sort((a, b) => index.order.get(a)! - index.order.get(b)!).filter(shown).forEach(take);
    }
    return {
      namespace,
      nodes: [...nodes.values()].sort(compareNodes),
      edges: sortedBy(edges.keys(), e => [this.ids.get(e.from), this.ids.get(e.to), e.label].join('\u0000')),
    };
  }

  /** The graph's edges and nodes by what views ask of them, built on first use. */
  private edgeIndex(): EdgeIndex {
    if (this.index === undefined) {
      const index: EdgeIndex = { order: new Map(), touching: new Map(), into: new Map(), outToCluster: new Map(), nodesIn: new Map() };
      for (const node of this.graph.nodes.values()) {
        if (node.namespace !== undefined && !node.fanOut) appendTo(index.nodesIn, node.namespace, node);
      }
      for (const e of this.graph.edges.values()) {
        index.order.set(e, index.order.size);
        const from = this.graph.nodes.get(e.from)!;
        const to = this.graph.nodes.get(e.to)!;
        for (const ns of new Set([from.namespace, to.namespace])) if (ns !== undefined) appendTo(index.touching, ns, e);
        appendTo(index.into, e.to, e);
        if (to.namespace === undefined) appendTo(index.outToCluster, e.from, e);
      }
      this.index = index;
    }
    return this.index;
  }

  private displayName(node: FlowNode, view: View): string {
    return node.namespace !== undefined && node.namespace !== view.namespace ? `${node.namespace}/${node.name}` : node.name;
  }

  private mermaid(view: View): string {
    const lines = ['flowchart LR'];
    for (const node of view.nodes) {
      const [open, close] = SHAPES[node.category];
      const text = node.category === 'argocd'
        ? ['Argo CD']
        : [node.kind, this.displayName(node, view), ...[...node.notes].sort(), ...isExternal(node) ? ['not in this output'] : []];
      lines.push(`  ${this.ids.get(node.key)}${open}"${text.map(escapeLabel).join('<br/>')}"${close}`);
    }
    for (const edge of view.edges) {
      const dashed = isExternal(this.graph.nodes.get(edge.from)!) || isExternal(this.graph.nodes.get(edge.to)!);
      const label = edge.label ? `|"${escapeLabel(edge.label)}"|` : '';
      lines.push(`  ${this.ids.get(edge.from)} ${dashed ? '-.->' : '-->'}${label} ${this.ids.get(edge.to)}`);
    }
    const classes = new Map<string, string[]>();
    for (const node of view.nodes) {
      for (const c of [node.category, ...isExternal(node) ? ['external'] : []]) classes.set(c, [...classes.get(c) ?? [], this.ids.get(node.key)!]);
    }
    const used = (Object.keys(CLASS_STYLES) as (Category | 'external')[]).filter(c => classes.has(c));
    for (const c of used) lines.push(`  classDef ${c} ${CLASS_STYLES[c]}`);
    for (const c of used) lines.push(`  class ${classes.get(c)!.join(',')} ${c}`);
    return lines.join('\n') + '\n';
  }

  private describe(node: FlowNode, view: View): string {
    return node.category === 'argocd' ? 'Argo CD' : `${node.kind} ${code(this.displayName(node, view))}`;
  }

  private incoming(node: FlowNode, view: View): FlowEdge[] {
    return view.edges.filter(e => e.to === node.key);
  }

  private outgoing(node: FlowNode, view: View): FlowEdge[] {
    return view.edges.filter(e => e.from === node.key);
  }

  /** `Kind `name` (label)` of the far end of an edge. */
  private end(key: string, label: string, view: View): string {
    return `${this.describe(this.graph.nodes.get(key)!, view)}${label ? ` (${label})` : ''}`;
  }

  private credentialRows(view: View): string[][] {
    return view.nodes.filter(n => n.category === 'secret').map(node => {
      const notes = [...[...node.notes].sort(), ...isExternal(node) ? ['not in this output'] : []];
      const title = `${this.describe(node, view)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
      const from = this.incoming(node, view).map(e => {
        const producer = this.graph.nodes.get(e.from)!;
        const sources = producer.category === 'externalSecret'
          ? this.incoming(producer, view).map(s => this.end(s.from, s.label, view))
          : [];
        return `${this.end(e.from, e.label, view)}${sources.length > 0 ? ` ← ${sources.join('; ')}` : ''}`;
      });
      if (node.present) from.unshift('v1 Secret in this output');
      if (from.length === 0) from.push(node.fanOut ? 'created in each selected namespace' : 'not in this output: created elsewhere');
      const to = this.outgoing(node, view).map(e => {
        const consumer = this.graph.nodes.get(e.to)!;
        const onward = consumer.category === 'pushSecret' ? this.outgoing(consumer, view).map(s => this.end(s.to, s.label, view)) : [];
        return `${this.end(e.to, e.label, view)}${onward.length > 0 ? ` → ${onward.join('; ')}` : ''}`;
      });
      return [title, from.join('; '), to.length > 0 ? to.join('; ') : 'nothing in this output'];
    });
  }
}
