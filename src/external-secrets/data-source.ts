import { IConstruct } from 'constructs';
import { parseGoTemplate } from './template-parser';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import type { IGenerator } from '../generators/generator';

/** How ESO converts remote key names and values before writing them. */
export enum ConversionStrategy {
  /** Keep names and values as they are. */
  DEFAULT = 'Default',
  /** Replace characters not allowed in Secret keys with their Unicode code (`_U0020_`). */
  UNICODE = 'Unicode',
}

/** How ESO decodes fetched values. */
export enum DecodingStrategy {
  /** Keep values as they are (the default). */
  NONE = 'None',
  /** Decode base64 when the value is valid base64. */
  AUTO = 'Auto',
  /** Decode standard base64. */
  BASE64 = 'Base64',
  /** Decode URL-safe base64. */
  BASE64URL = 'Base64URL',
}

/** Whether the remote secret's metadata (e.g. tags) is fetched instead of its value. */
export enum MetadataPolicy {
  /** Fetch the value (the default). */
  NONE = 'None',
  /** Fetch the metadata. */
  FETCH = 'Fetch',
}

/** What happens when a fetched value contains a NUL byte. */
export enum NullBytePolicy {
  /** Keep the value (the default). */
  IGNORE = 'Ignore',
  /** Fail the sync. */
  FAIL = 'Fail',
}

/** A value in the external store (`remoteRef` / `extract`). */
export interface RemoteRef {
  /** The remote key (path) of the secret; must start with the store's `keyPrefix` when it has one. */
  readonly key: string;
  /**
   * A property of a structured (JSON) secret, e.g. `password`.
   *
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * A version of the secret.
   *
   * @default - the current version
   */
  readonly version?: string;
  /** @default ConversionStrategy.DEFAULT */
  readonly conversionStrategy?: ConversionStrategy;
  /** @default DecodingStrategy.NONE */
  readonly decodingStrategy?: DecodingStrategy;
  /** @default MetadataPolicy.NONE */
  readonly metadataPolicy?: MetadataPolicy;
  /** @default NullBytePolicy.IGNORE */
  readonly nullBytePolicy?: NullBytePolicy;
}

/**
 * What `RemoteRef` declares without '?' (and so `ExtractOptions`), checked by `DataFromSource.extract()` and by
 * the `addData()` of ExternalSecret and ClusterExternalSecret.
 */
export const REMOTE_REF_REQUIRED: readonly (keyof RemoteRef & string)[] = ['key'];

/**
 * Renders a `remoteRef`/`extract` with the strategies ESO would otherwise fill in.
 *
 * @param scope the object the reference is rendered for, if any (last: static factories call this without one)
 */
export function renderRemoteRef(ref: RemoteRef, scope?: IConstruct): any {
  if (ref.key.trim() === '') throw new ValidationError('\'key\' must not be empty; name the remote secret, e.g. \'team-a/db\'', scope);
  return {
    key: ref.key,
    ...(ref.property !== undefined ? { property: ref.property } : {}),
    ...(ref.version !== undefined ? { version: ref.version } : {}),
    conversionStrategy: ref.conversionStrategy ?? ConversionStrategy.DEFAULT,
    decodingStrategy: ref.decodingStrategy ?? DecodingStrategy.NONE,
    metadataPolicy: ref.metadataPolicy ?? MetadataPolicy.NONE,
    nullBytePolicy: ref.nullBytePolicy ?? NullBytePolicy.IGNORE,
  };
}

/** `rewrite[].merge.strategy`. */
export enum RewriteMergeStrategy {
  /** Merge the keys of the fetched data (the default). */
  EXTRACT = 'Extract',
  /** Parse each value as JSON and merge the objects. */
  JSON = 'JSON',
}

/** `rewrite[].merge.conflictPolicy`. */
export enum RewriteConflictPolicy {
  /** Fail on a key present twice (the default). */
  ERROR = 'Error',
  /** The later key wins. */
  IGNORE = 'Ignore',
}

/** `rewrite[].merge.priorityPolicy`. */
export enum RewritePriorityPolicy {
  /** Every key named in `priority` must exist (the default). */
  STRICT = 'Strict',
  /** Keys in `priority` may be missing. */
  IGNORE_NOT_FOUND = 'IgnoreNotFound',
}

/** Options of `Rewrite.merge()`. */
export interface RewriteMergeOptions {
  /**
   * The key the merged result is written to.
   *
   * @default "" - merged into the top level
   */
  readonly into?: string;
  /**
   * Keys merged last, so they win conflicts.
   *
   * @default - none
   */
  readonly priority?: string[];
  /** @default RewriteMergeStrategy.EXTRACT */
  readonly strategy?: RewriteMergeStrategy;
  /** @default RewriteConflictPolicy.ERROR */
  readonly conflictPolicy?: RewriteConflictPolicy;
  /** @default RewritePriorityPolicy.STRICT */
  readonly priorityPolicy?: RewritePriorityPolicy;
}

/** A `dataFrom[].rewrite[]` step applied to the fetched key names. */
export class Rewrite {
  /** Replace `source` (a RE2 regular expression) with `target` in every key name. */
  public static regexp(source: string, target: string): Rewrite {
    checkRegexp('rewrite regexp source', source);
    return new Rewrite({ regexp: { source, target } });
  }

  /** Rename every key with a Go template (`{{ .value }}` is the key name). */
  public static transform(template: string): Rewrite {
    if (template.trim() === '') throw new ValidationError('rewrite \'template\' must not be empty; e.g. \'{{ .value | lower }}\'');
    parseGoTemplate('rewrite template', template);
    return new Rewrite({ transform: { template } });
  }

  /** Merge the fetched values into one map. */
  public static merge(options: RewriteMergeOptions = {}): Rewrite {
    return new Rewrite({
      merge: {
        into: options.into ?? '',
        ...(options.priority?.length ? { priority: options.priority } : {}),
        strategy: options.strategy ?? RewriteMergeStrategy.EXTRACT,
        conflictPolicy: options.conflictPolicy ?? RewriteConflictPolicy.ERROR,
        priorityPolicy: options.priorityPolicy ?? RewritePriorityPolicy.STRICT,
      },
    });
  }

  private constructor(private readonly rendered: any) {}

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

/** Options of `DataFromSource.extract()`. */
export interface ExtractOptions extends RemoteRef {
  /**
   * Renames applied to the extracted keys, in order.
   *
   * @default - none
   */
  readonly rewrites?: Rewrite[];
}

/** Options of `DataFromSource.find()`. */
export interface FindOptions {
  /**
   * Search only under this remote path; must start with the store's `keyPrefix` when it has one.
   *
   * @default - the whole store (not allowed when the store enforces a key prefix)
   */
  readonly path?: string;
  /**
   * A RE2 regular expression remote secret names must match.
   *
   * @default - names are not filtered (then `tags` is required)
   */
  readonly nameRegexp?: string;
  /**
   * Tags remote secrets must carry.
   *
   * @default - tags are not filtered (then `nameRegexp` is required)
   */
  readonly tags?: { [key: string]: string };
  /** @default ConversionStrategy.DEFAULT */
  readonly conversionStrategy?: ConversionStrategy;
  /** @default DecodingStrategy.NONE */
  readonly decodingStrategy?: DecodingStrategy;
  /** @default NullBytePolicy.IGNORE */
  readonly nullBytePolicy?: NullBytePolicy;
  /**
   * Renames applied to the found keys, in order.
   *
   * @default - none
   */
  readonly rewrites?: Rewrite[];
}

/** A remote key a source reads, for the store's key prefix check. */
export interface RemoteKeyUse {
  /** Which field the key is in, e.g. `extract.key`. */
  readonly field: string;
  /**
   * The key or path.
   *
   * @default - the whole store
   */
  readonly key?: string;
}

/**
 * A `dataFrom[]` entry: a source whose keys are only known when ESO fetches them (a store's extract or
 * find, or a generator).
 */
export abstract class DataFromSource {
  /** All keys of one structured remote secret. */
  public static extract(options: ExtractOptions): DataFromSource {
    requireProps(options, 'ExtractOptions', REMOTE_REF_REQUIRED);
    const extract = renderRemoteRef(options);
    return new RenderedDataFrom({ extract, ...rewrites(options.rewrites) }, [{ field: 'dataFrom[].extract.key', key: options.key }]);
  }

  /** Every remote secret whose name or tags match. */
  public static find(options: FindOptions): DataFromSource {
    if (options.nameRegexp === undefined && (options.tags === undefined || Object.keys(options.tags).length === 0)) {
      throw new ValidationError('\'find\' needs \'nameRegexp\' or \'tags\': without a filter it would copy every secret under the path; e.g. nameRegexp: \'^db-\'');
    }
    if (options.nameRegexp !== undefined) checkRegexp('find nameRegexp', options.nameRegexp);
    const find = {
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.nameRegexp !== undefined ? { name: { regexp: options.nameRegexp } } : {}),
      ...(options.tags !== undefined && Object.keys(options.tags).length > 0 ? { tags: options.tags } : {}),
      conversionStrategy: options.conversionStrategy ?? ConversionStrategy.DEFAULT,
      decodingStrategy: options.decodingStrategy ?? DecodingStrategy.NONE,
      nullBytePolicy: options.nullBytePolicy ?? NullBytePolicy.IGNORE,
    };
    return new RenderedDataFrom({ find, ...rewrites(options.rewrites) }, [{ field: 'dataFrom[].find.path', key: options.path }]);
  }

  /**
   * The keys a generator produces (`sourceRef.generatorRef`). The ExternalSecret then refreshes within the
   * generator's lifetime, and a value generator's output is generated once and kept.
   */
  public static generator(generator: IGenerator, options: GeneratorSourceOptions = {}): DataFromSource {
    const generatorRef = { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: generator.kind, name: generator.name };
    return new RenderedDataFrom({ sourceRef: { generatorRef }, ...rewrites(options.rewrites) }, [], generator);
  }

  /**
   * The remote keys this source reads, checked against the store's key prefix.
   *
   * @internal
   */
  public abstract _remoteKeys(): RemoteKeyUse[];

  /** @internal */
  public abstract _render(): any;

  /**
   * The generator this source reads, if any.
   *
   * @internal
   */
  public _generator(): IGenerator | undefined {
    return undefined;
  }
}

/** Options of `DataFromSource.generator()`. */
export interface GeneratorSourceOptions {
  /**
   * Renames applied to the generated keys, in order.
   *
   * @default - none
   */
  readonly rewrites?: Rewrite[];
}

class RenderedDataFrom extends DataFromSource {
  public constructor(private readonly rendered: any, private readonly keys: RemoteKeyUse[], private readonly generatorSource?: IGenerator) {
    super();
  }

  public _generator(): IGenerator | undefined {
    return this.generatorSource;
  }

  public _remoteKeys(): RemoteKeyUse[] {
    return this.keys;
  }

  public _render(): any {
    return this.rendered;
  }
}

function rewrites(list: Rewrite[] | undefined): any {
  return list && list.length > 0 ? { rewrite: list.map(r => r._render()) } : {};
}

function checkRegexp(prop: string, source: string): void {
  try {
    new RegExp(source);
  } catch (e) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(source)}) is not a valid regular expression: ${(e as Error).message}`);
  }
}
