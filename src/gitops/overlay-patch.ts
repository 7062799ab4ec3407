import { cloneJson, KustomizePatch, objectId, pointerToken, versionOf } from './private/manifests';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { KEY_PREFIX_ANNOTATION } from '../compliance/annotations';
import { groupOf } from '../compliance/manifest';
import { ISecretStore } from '../external-secrets/secret-store-ref';

/** The one object a `OverlayPatch.json()` patch changes. */
export interface OverlayPatchTarget {
  /** The object's kind, e.g. `ExternalSecret`. */
  readonly kind: string;
  /** The object's `metadata.name`. */
  readonly name: string;
  /**
   * The object's namespace; needed when objects of the same kind and name exist in several namespaces.
   *
   * @default - the only object of that kind and name
   */
  readonly namespace?: string;
  /**
   * The object's apiVersion, e.g. `external-secrets.io/v1`; needed when two API groups have a kind of that name.
   *
   * @default - any apiVersion
   */
  readonly apiVersion?: string;
}

/** Options of `OverlayPatch.prefixRemoteKeys()`. */
export interface RemoteKeyPrefixOptions {
  /**
   * The text put in front of every remote key, e.g. `staging/`: `team-a/db` becomes `staging/team-a/db`.
   * Refused when it holds a credential (it would be committed to Git).
   */
  readonly prefix: string;
  /**
   * Prefix only the keys read or written through these stores.
   *
   * @default - keys of every store
   */
  readonly stores?: ISecretStore[];
}

/**
 * One RFC 6902 operation of an `OverlayPatch.json()` patch, written into the overlay's kustomization as given.
 * The factories mirror cdk8s's `JsonPatch`, whose operation is internal to cdk8s; overlays apply `add`,
 * `remove`, `replace` and `test` (a `copy` or `move` fails the build, as kustomize's result would be hard to
 * review).
 */
export class OverlayOperation {
  /**
   * Adds a value to an object or inserts it into an array (before the index; `-` appends).
   *
   * @example OverlayOperation.add('/metadata/labels', { tier: 'db' })
   */
  public static add(path: string, value: any): OverlayOperation {
    return new OverlayOperation('add', path, undefined, value);
  }

  /**
   * Removes a value from an object or array.
   *
   * @example OverlayOperation.remove('/spec/dataFrom/0')
   */
  public static remove(path: string): OverlayOperation {
    return new OverlayOperation('remove', path);
  }

  /**
   * Replaces a value that exists.
   *
   * @example OverlayOperation.replace('/spec/refreshInterval', '15m0s')
   */
  public static replace(path: string, value: any): OverlayOperation {
    return new OverlayOperation('replace', path, undefined, value);
  }

  /**
   * Copies a value from one location to another.
   *
   * @example OverlayOperation.copy('/spec/data/0', '/spec/data/-')
   */
  public static copy(from: string, path: string): OverlayOperation {
    return new OverlayOperation('copy', path, from);
  }

  /**
   * Moves a value from one location to another.
   *
   * @example OverlayOperation.move('/spec/data', '/spec/items')
   */
  public static move(from: string, path: string): OverlayOperation {
    return new OverlayOperation('move', path, from);
  }

  /**
   * Tests that the value at `path` is `value`; if not, the overlay fails to build.
   *
   * @example OverlayOperation.test('/spec/refreshInterval', '1h0m0s')
   */
  public static test(path: string, value: any): OverlayOperation {
    return new OverlayOperation('test', path, undefined, value);
  }

  /** The operation: `add`, `remove`, `replace`, `copy`, `move` or `test`. */
  public readonly op: string;
  /** The JSON pointer the operation applies to. */
  public readonly path: string;
  /**
   * The JSON pointer a `copy` or `move` reads from.
   *
   * @default - none (other operations)
   */
  public readonly from?: string;
  /**
   * The value of an `add`, `replace` or `test`.
   *
   * @default - none (other operations)
   */
  public readonly value?: any;

  private constructor(op: string, path: string, from?: string, value?: any) {
    this.op = op;
    this.path = path;
    this.from = from;
    this.value = value;
  }
}

/** The RFC 6902 form of an operation, its fields in the order the standard writes them. */
function operationJson(operation: OverlayOperation): any {
  const { op, path, from, value } = operation;
  switch (op) {
    case 'copy':
    case 'move': return { op, from, path };
    case 'remove': return { op, path };
    default: return { op, path, value };
  }
}

/**
 * A change an environment or cluster overlay makes to the objects it inherits. Overlays are kustomize
 * `patches` (RFC 6902, each targeting exactly one object), so a reviewer sees in Git what differs between
 * environments, and `kubectl kustomize` renders the same objects the repository checks.
 */
export abstract class OverlayPatch {
  /**
   * Puts `prefix` in front of every remote key the inherited ExternalSecrets, ClusterExternalSecrets,
   * PushSecrets and ClusterPushSecrets read or write (`remoteRef.key`, `dataFrom[].extract.key`,
   * `dataFrom[].find.path`, `remoteRef.remoteKey`), and of the key prefix a store enforces, so promotion
   * across environments reads `staging/...` in staging and `production/...` in production (scenario S3). Each
   * replacement is preceded by a `test` of the value it replaces, so an overlay generated against another
   * base fails to build instead of patching the wrong key.
   */
  public static prefixRemoteKeys(options: RemoteKeyPrefixOptions): OverlayPatch {
    requireProps(options, 'RemoteKeyPrefixOptions', ['prefix']);
    const prefix = options.prefix;
    refuseCredential(undefined, 'prefix', prefix);
    if (prefix === '' || /\s/.test(prefix) || prefix.startsWith('/') || prefix.includes('{{')) {
      throw new ValidationError(`'prefix' (${JSON.stringify(prefix)}) must be a non-empty key prefix without whitespace, templates or a leading '/'; e.g. "staging/"`);
    }
    if (options.stores !== undefined && options.stores.length === 0) {
      throw new ValidationError('\'stores\' is empty, so no key would be prefixed; omit it to prefix the keys of every store');
    }
    return new RemoteKeyPrefixPatch(prefix, options.stores);
  }

  /**
   * Applies RFC 6902 operations (`OverlayOperation.replace(...)` and friends) to one inherited object. The `value` of
   * an operation (`add`, `replace`, `test`) is refused when it holds a credential, judged also by the last key of
   * its path (`/stringData/password`): the overlay would be committed to Git. Patch in a reference to the secret
   * (an ExternalSecret's remote key, a Secret's name) instead.
   */
  public static json(target: OverlayPatchTarget, ...operations: OverlayOperation[]): OverlayPatch {
    requireProps(target, 'OverlayPatchTarget', ['kind', 'name']);
    // a copy: the value checked here is the value written, whatever the caller changes later
    const rendered = operations.map(o => cloneJson(operationJson(o)));
    rendered.forEach((o, i) => refuseOperationValue(`operations[${i}].value`, o));
    if (!/^[A-Z][A-Za-z0-9]*$/.test(target.kind)) {
      throw new ValidationError(`'target.kind' (${JSON.stringify(target.kind)}) must be a kind such as "ExternalSecret"`);
    }
    validateDnsSubdomain(undefined, 'target.name', target.name);
    if (target.namespace !== undefined) validateDnsLabel(undefined, 'target.namespace', target.namespace);
    if (target.apiVersion !== undefined && !/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(target.apiVersion)) {
      throw new ValidationError(`'target.apiVersion' (${JSON.stringify(target.apiVersion)}) must be an apiVersion such as "external-secrets.io/v1" or "v1"`);
    }
    if (operations.length === 0) {
      throw new ValidationError(`the patch of ${target.kind} ${target.name} has no operations; give at least one, e.g. OverlayOperation.replace('/spec/refreshInterval', '15m0s')`);
    }
    return new JsonOverlayPatch(target, rendered);
  }

  /** What the patch does, for the repository's README. */
  public abstract readonly description: string;

  /**
   * The kustomize patches this overlay makes to `objects`; throws when it matches nothing it should.
   *
   * @internal
   */
  public abstract _expand(objects: any[], overlay: string): KustomizePatch[];
}

class RemoteKeyPrefixPatch extends OverlayPatch {
  public readonly description: string;

  public constructor(private readonly prefix: string, private readonly stores: ISecretStore[] | undefined) {
    super();
    this.description = `remote keys prefixed with ${prefix}${stores ? ` (stores ${stores.map(s => `${s.storeKind} ${s.name}`).join(', ')})` : ''}`;
  }

  public _expand(objects: any[], overlay: string): KustomizePatch[] {
    const patches: KustomizePatch[] = [];
    for (const object of objects) {
      const operations = this.operations(object);
      if (operations.length > 0) patches.push(patchOf(object, operations));
    }
    if (patches.length === 0) {
      throw new ValidationError(`${overlay}: prefixRemoteKeys (${JSON.stringify(this.prefix)}) found no remote key to prefix in the objects it inherits; remove it, or check 'stores'`);
    }
    return patches;
  }

  private operations(object: any): any[] {
    const group = groupOf(object);
    const spec = object.spec ?? {};
    if (group === 'external-secrets.io') {
      switch (object.kind) {
        case 'ExternalSecret': return this.externalSecret(spec, '/spec', object.metadata?.namespace);
        case 'ClusterExternalSecret': return this.externalSecret(spec.externalSecretSpec ?? {}, '/spec/externalSecretSpec', undefined);
        case 'PushSecret': return this.pushSecret(spec, '/spec', object.metadata?.namespace, objectId(object));
        case 'ClusterPushSecret': return this.pushSecret(spec.pushSecretSpec ?? {}, '/spec/pushSecretSpec', undefined, objectId(object));
        case 'SecretStore':
        case 'ClusterSecretStore': return this.store(object);
      }
    }
    return [];
  }

  private selected(ref: any, namespace: string | undefined): boolean {
    if (ref === undefined) return false;
    if (this.stores === undefined) return true;
    const kind = ref.kind ?? 'SecretStore';
    return this.stores.some(s => s.name === ref.name && s.storeKind === kind
      && (kind === 'ClusterSecretStore' || namespace === undefined || s.namespace === undefined || s.namespace === namespace));
  }

  private externalSecret(spec: any, path: string, namespace: string | undefined): any[] {
    const ops: any[] = [];
    const storeOf = (entry: any) => (entry?.sourceRef?.generatorRef ? undefined : entry?.sourceRef?.storeRef ?? spec.secretStoreRef);
    (Array.isArray(spec.data) ? spec.data : []).forEach((entry: any, i: number) => {
      if (typeof entry?.remoteRef?.key === 'string' && this.selected(storeOf(entry), namespace)) {
        ops.push(...this.replace(`${path}/data/${i}/remoteRef/key`, entry.remoteRef.key));
      }
    });
    (Array.isArray(spec.dataFrom) ? spec.dataFrom : []).forEach((entry: any, i: number) => {
      if (!this.selected(storeOf(entry), namespace)) return;
      if (typeof entry?.extract?.key === 'string') ops.push(...this.replace(`${path}/dataFrom/${i}/extract/key`, entry.extract.key));
      if (typeof entry?.find?.path === 'string') ops.push(...this.replace(`${path}/dataFrom/${i}/find/path`, entry.find.path));
    });
    return ops;
  }

  private pushSecret(spec: any, path: string, namespace: string | undefined, id: string): any[] {
    const refs = Array.isArray(spec.secretStoreRefs) ? spec.secretStoreRefs : [];
    if (!refs.some((r: any) => this.selected(r, namespace))) return [];
    if (this.stores !== undefined && !refs.every((r: any) => this.selected(r, namespace))) {
      throw new ValidationError(`${id} writes to stores inside and outside 'stores', and one remoteKey cannot be prefixed for some stores only; split it into one PushSecret per store`);
    }
    const ops: any[] = [];
    (Array.isArray(spec.data) ? spec.data : []).forEach((entry: any, i: number) => {
      if (typeof entry?.match?.remoteRef?.remoteKey === 'string') {
        ops.push(...this.replace(`${path}/data/${i}/match/remoteRef/remoteKey`, entry.match.remoteRef.remoteKey));
      }
    });
    return ops;
  }

  private store(object: any): any[] {
    const current = object.metadata?.annotations?.[KEY_PREFIX_ANNOTATION];
    if (typeof current !== 'string') return [];
    if (!this.selected({ kind: object.kind, name: object.metadata?.name }, object.metadata?.namespace)) return [];
    return this.replace(`/metadata/annotations/${pointerToken(KEY_PREFIX_ANNOTATION)}`, current);
  }

  private replace(path: string, value: string): any[] {
    return [{ op: 'test', path, value }, { op: 'replace', path, value: `${this.prefix}${value}` }];
  }
}

class JsonOverlayPatch extends OverlayPatch {
  public readonly description: string;

  public constructor(private readonly target: OverlayPatchTarget, private readonly operations: any[]) {
    super();
    this.description = `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}: ${operations.map(o => `${o.op} ${o.path}`).join(', ')}`;
  }

  public _expand(objects: any[], overlay: string): KustomizePatch[] {
    const t = this.target;
    const matches = objects.filter(o => o.kind === t.kind && o.metadata?.name === t.name
      && (t.namespace === undefined || o.metadata?.namespace === t.namespace)
      && (t.apiVersion === undefined || o.apiVersion === t.apiVersion));
    const what = `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}${t.apiVersion ? ` (${t.apiVersion})` : ''}`;
    if (matches.length === 0) {
      throw new ValidationError(`${overlay}: the patch targets ${what}, which is not among the objects the overlay inherits; check the target's kind, name and namespace`);
    }
    if (matches.length > 1) {
      throw new ValidationError(`${overlay}: the patch targets ${what}, which matches ${matches.map(objectId).join(' and ')}; give target.namespace or target.apiVersion`);
    }
    return [patchOf(matches[0], cloneJson(this.operations))];
  }
}

/**
 * Refuses the value of a JSON patch operation that holds a credential: a string, and each string of an array, is
 * judged by the last token of the operation's path (`/stringData/password`, `/spec/tokens`); an object by its own
 * keys.
 */
function refuseOperationValue(prop: string, operation: any): void {
  if (operation === null || typeof operation !== 'object' || !('value' in operation)) return;
  const value = operation.value;
  const tokens = typeof operation.path === 'string' ? operation.path.split('/').map((t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
  // an array index (`/spec/args/0`, `/env/-`) says nothing: the key is the one before it
  const key: string | undefined = [...tokens].reverse().find((t: string) => !/^(\d+|-)$/.test(t));
  if (typeof value === 'string') {
    refuseCredential(undefined, prop, value, key);
  } else if (Array.isArray(value)) {
    refuseCredential(undefined, prop, value);
    value.forEach((v, i) => {
      if (typeof v === 'string') refuseCredential(undefined, `${prop}[${i}]`, v, key);
    });
  } else {
    refuseCredential(undefined, prop, value);
  }
}

function patchOf(object: any, operations: any[]): KustomizePatch {
  const namespace = object.metadata?.namespace;
  return {
    target: {
      group: groupOf(object), version: versionOf(object), kind: object.kind, name: object.metadata.name, ...(namespace ? { namespace } : {}),
    },
    operations,
    objectId: objectId(object),
  };
}
