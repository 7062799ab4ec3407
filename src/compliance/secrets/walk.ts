/**
 * Walking a manifest or a parsed JSON document: every string value with the kind of key holding it, and every
 * map key. Paths are built only when a finding needs one (a fleet has hundreds of thousands of nodes, almost
 * none with a finding).
 */
import { KeyKind, keyKind } from './key-values';

/** A node's place: its parent and its key (an array index, a map key, or a masked key's position). */
export interface PathNode {
  readonly up: PathNode | undefined;
  readonly key: string | number;
  /** The key is itself a credential: written `[key <n>]` with its position `n` in the map. */
  readonly masked?: number;
}

// maps whose keys are data, written in brackets even when they are identifiers: data["db"]
const MAP_FIELDS = new Set(['data', 'stringData', 'binaryData', 'annotations', 'labels', 'matchLabels', 'nodeSelector', 'env', 'auths']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The JSON path of a node: `spec.template.data["db"]`, `spec.steps[0].env[1].value`, `data[key 2]`. */
export function pathText(node: PathNode | undefined): string {
  const parts: string[] = [];
  for (let n = node; n; n = n.up) parts.push(segment(n));
  let out = '';
  for (let i = parts.length - 1; i >= 0; i--) out += out === '' && parts[i].startsWith('.') ? parts[i].slice(1) : parts[i];
  return out;
}

function segment(n: PathNode): string {
  if (n.masked !== undefined) return `[key ${n.masked}]`;
  if (typeof n.key === 'number') return `[${n.key}]`;
  const parent = n.up?.key;
  if (IDENTIFIER.test(n.key) && !(typeof parent === 'string' && n.up?.masked === undefined && MAP_FIELDS.has(parent))) return `.${n.key}`;
  return `[${JSON.stringify(n.key)}]`;
}

/** Whether `node` is `<top>["key"]` directly under the top-level field `top` of the walked object. */
export function isTopLevelEntry(node: PathNode | undefined, top: string): boolean {
  return node !== undefined && typeof node.key === 'string' && node.masked === undefined
    && node.up !== undefined && node.up.key === top && node.up.up === undefined;
}

const kinds = new Map<string, KeyKind>();

/** `keyKind(key)`, memoized (keys repeat across a fleet). */
function kindOf(key: string): KeyKind {
  let kind = kinds.get(key);
  if (kind === undefined) {
    kind = keyKind(key);
    if (kinds.size < 10_000) kinds.set(key, kind);
  }
  return kind;
}

/**
 * Calls `visit` for every string value (with the kind of key holding it) and every map key of `node` at least
 * `minLength` characters long.
 * `visit` returns true for a key that is itself a credential: its children are then located as `[key <n>]`.
 * Values of an Argo CD cluster config's `execProviderConfig.env` and the `value` of a name/value pair (container
 * env, Tekton params) take their kind from the env name.
 */
export function walk(
  node: unknown,
  visit: (value: string, at: PathNode | undefined, kind: KeyKind, isKey: boolean) => boolean | void,
  at?: PathNode,
  kind: KeyKind = '',
  minLength = 0,
): void {
  if (typeof node === 'string') {
    if (node.length >= minLength) visit(node, at, kind, false);
  } else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const v = node[i];
      // strings shorter than `minLength` are not visited: no path node is made for them (most of a fleet's strings)
      if (typeof v === 'string' ? v.length >= minLength : v !== null && typeof v === 'object') {
        walk(v, visit, { up: at, key: i }, kind === 'exec env' ? '' : kind, minLength);
      }
    }
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    const pairName = typeof obj.name === 'string' && typeof obj.value === 'string' ? obj.name : undefined;
    const execEnv = kind === 'exec env' || (at?.key === 'env' && at.up?.key === 'execProviderConfig');
    let i = 0;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const v = obj[k];
      const masked = k.length >= minLength && visit(k, { up: at, key: k, masked: i }, '', true) === true;
      if (typeof v === 'string' ? v.length >= minLength : v !== null && typeof v === 'object') {
        let childKind = kindOf(k);
        if (childKind === '' && k === 'value' && pairName !== undefined) childKind = kindOf(pairName);
        if (childKind === '' && execEnv) childKind = 'exec env';
        walk(v, visit, masked ? { up: at, key: k, masked: i } : { up: at, key: k }, childKind, minLength);
      }
      i++;
    }
  }
}
