import { ValidationError } from '../common/errors';

/**
 * Registry host (with optional port) followed by lowercase path components, as the OCI distribution spec and
 * docker/distribution's reference grammar allow. `$(params.x)` and other substitutions never match, so an
 * image cannot be chosen at run time and escape pinning.
 */
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${HOST}?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const EXAMPLE_DIGEST = 'sha256:<64 hex digits>';

/** Options of `ImageReference.digest()`. */
export interface DigestImageOptions {
  /**
   * A tag kept next to the digest for readers (`repo:tag@sha256:...`); the runtime pulls by digest.
   *
   * @default - no tag
   */
  readonly tag?: string;
}

/**
 * A container image pinned to an immutable digest or, at least, to an explicit tag other than `latest`.
 * A missing tag or `latest` lets the image change under a Task without any change in Git, so both are
 * rejected; prefer `ImageReference.digest()`.
 */
export class ImageReference {
  /**
   * An image pinned by digest, e.g. `ImageReference.digest('docker.io/flyway/flyway', 'sha256:...')`.
   *
   * @param repository registry and repository, without tag or digest
   * @param digest `sha256:` followed by 64 lowercase hex digits (or `sha512:` and 128)
   */
  public static digest(repository: string, digest: string, options: DigestImageOptions = {}): ImageReference {
    validateRepository(repository);
    if (!DIGEST.test(digest)) {
      throw new ValidationError(`'digest' (${JSON.stringify(digest)}) must be an image digest such as ${EXAMPLE_DIGEST}; read it with e.g. 'crane digest ${repository}:<tag>'`);
    }
    if (options.tag !== undefined) validateTag(repository, options.tag);
    return new ImageReference(repository, options.tag, digest);
  }

  /**
   * An image pinned by tag only. Tags are mutable: the Kyverno policy `require-image-checksum` flags it and a
   * Task with `requireDigest: true` rejects it.
   *
   * @param repository registry and repository, without tag or digest
   * @param tag an explicit tag, never `latest`
   */
  public static tag(repository: string, tag: string): ImageReference {
    validateRepository(repository);
    validateTag(repository, tag);
    return new ImageReference(repository, tag, undefined);
  }

  /**
   * Parses `repository:tag`, `repository@digest` or `repository:tag@digest`.
   */
  public static parse(reference: string): ImageReference {
    const at = reference.indexOf('@');
    const name = at >= 0 ? reference.slice(0, at) : reference;
    const digest = at >= 0 ? reference.slice(at + 1) : undefined;
    const colon = name.lastIndexOf(':');
    const hasTag = colon > name.lastIndexOf('/');
    const repository = hasTag ? name.slice(0, colon) : name;
    const tag = hasTag ? name.slice(colon + 1) : undefined;
    if (digest !== undefined) return ImageReference.digest(repository, digest, { tag });
    if (tag === undefined) {
      throw new ValidationError(`'image' (${JSON.stringify(reference)}) has neither tag nor digest, so it means ':latest' and can change without a change in Git; pin it, e.g. "${repository}@${EXAMPLE_DIGEST}" or "${repository}:1.2.3"`);
    }
    return ImageReference.tag(repository, tag);
  }

  /** Registry and repository, e.g. `docker.io/flyway/flyway`. */
  public readonly repository: string;
  /**
   * The tag.
   *
   * @default - none (pinned by digest only)
   */
  public readonly imageTag?: string;
  /**
   * The digest.
   *
   * @default - none (pinned by tag only)
   */
  public readonly imageDigest?: string;

  private constructor(repository: string, tag: string | undefined, digest: string | undefined) {
    this.repository = repository;
    this.imageTag = tag;
    this.imageDigest = digest;
  }

  /** Whether the image is pinned by an immutable digest. */
  public get pinnedByDigest(): boolean {
    return this.imageDigest !== undefined;
  }

  /** The reference as a container's `image` field. */
  public get image(): string {
    return `${this.repository}${this.imageTag !== undefined ? `:${this.imageTag}` : ''}${this.imageDigest !== undefined ? `@${this.imageDigest}` : ''}`;
  }

  public toString(): string {
    return this.image;
  }
}

function validateRepository(repository: string): void {
  if (!REPOSITORY.test(repository) || repository.length > 255) {
    throw new ValidationError(`'repository' (${JSON.stringify(repository)}) must be a registry and repository without tag, digest or substitutions, in lowercase path components; e.g. "ghcr.io/org/tool"`);
  }
}

function validateTag(repository: string, tag: string): void {
  if (tag.toLowerCase() === 'latest') {
    throw new ValidationError(`'tag' ("${tag}") of ${repository} is mutable and changes without a change in Git; pin a version or a digest, e.g. ImageReference.digest('${repository}', '${EXAMPLE_DIGEST}')`);
  }
  if (!TAG.test(tag)) {
    throw new ValidationError(`'tag' (${JSON.stringify(tag)}) of ${repository} must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'; e.g. "1.2.3"`);
  }
}
