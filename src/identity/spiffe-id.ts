import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';

const SCHEME = 'spiffe://';
const TRUST_DOMAIN_CHARS = /^[a-z0-9._-]+$/;
const PATH_SEGMENT_CHARS = /^[A-Za-z0-9._-]+$/;
/** The SPIFFE ID spec bounds the whole URI (2048 bytes) and the trust domain (255 characters). */
const MAX_ID_LENGTH = 2048;
const MAX_TRUST_DOMAIN_LENGTH = 255;

/** Why a trust domain is invalid, or undefined when it is valid. */
export function trustDomainProblem(trustDomain: string): string | undefined {
  if (trustDomain.length === 0) return 'the trust domain must not be empty';
  if (trustDomain.length > MAX_TRUST_DOMAIN_LENGTH) return `the trust domain must have at most ${MAX_TRUST_DOMAIN_LENGTH} characters`;
  if (!TRUST_DOMAIN_CHARS.test(trustDomain)) return 'the trust domain may only contain lowercase letters, digits, \'.\', \'-\' and \'_\'';
  return undefined;
}

/** Why a path segment is invalid, or undefined when it is valid. */
function segmentProblem(segment: string): string | undefined {
  if (segment.length === 0) return 'path segments must not be empty (no \'//\' and no trailing \'/\')';
  if (segment === '.' || segment === '..') return 'path segments must not be \'.\' or \'..\'';
  if (!PATH_SEGMENT_CHARS.test(segment)) return `path segment ${JSON.stringify(segment)} may only contain letters, digits, '.', '-' and '_'`;
  return undefined;
}

/**
 * A SPIFFE ID, `spiffe://<trust-domain>/<path>`, as the SPIFFE ID specification defines it: a lowercase trust
 * domain of `[a-z0-9._-]`, path segments of `[A-Za-z0-9._-]` that are neither empty nor `.`/`..`, no trailing
 * slash, no query, fragment, port or user info, at most 2048 bytes.
 *
 * Instances are immutable and always valid: every factory validates its input.
 */
export class SpiffeId {
  /**
   * Parses a SPIFFE ID such as `spiffe://example.org/ns/prod/sa/api`.
   *
   * @throws when the string is not a valid SPIFFE ID (the message says which rule is broken)
   */
  public static parse(id: string): SpiffeId {
    if (!id.startsWith(SCHEME)) {
      throw new ValidationError(`SPIFFE ID ${JSON.stringify(id)} must start with "${SCHEME}" (lowercase scheme); e.g. "spiffe://example.org/ns/default/sa/app"`);
    }
    const rest = id.slice(SCHEME.length);
    const slash = rest.indexOf('/');
    const trustDomain = slash === -1 ? rest : rest.slice(0, slash);
    const segments = slash === -1 ? [] : rest.slice(slash + 1).split('/');
    return SpiffeId.of(trustDomain, ...segments);
  }

  /**
   * A SPIFFE ID from a trust domain and path segments (each segment without '/').
   *
   * @example SpiffeId.of('example.org', 'ns', 'prod', 'sa', 'api')
   */
  public static of(trustDomain: string, ...segments: string[]): SpiffeId {
    const shown = `${SCHEME}${trustDomain}${segments.map(s => `/${s}`).join('')}`;
    const problem = trustDomainProblem(trustDomain) ?? segments.map(segmentProblem).find(p => p !== undefined);
    if (problem) {
      throw new ValidationError(`SPIFFE ID ${JSON.stringify(shown)} is invalid: ${problem}; e.g. "spiffe://example.org/ns/default/sa/app"`);
    }
    if (Buffer.byteLength(shown) > MAX_ID_LENGTH) {
      throw new ValidationError(`SPIFFE ID "${shown.slice(0, 40)}..." has ${Buffer.byteLength(shown)} bytes; the SPIFFE ID spec allows at most ${MAX_ID_LENGTH}`);
    }
    return new SpiffeId(trustDomain, segments);
  }

  /**
   * The SPIFFE ID SPIRE issues to a Kubernetes service account by convention:
   * `spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>`.
   */
  public static forServiceAccount(trustDomain: string, namespace: string, serviceAccount: string): SpiffeId {
    validateDnsLabel(undefined, 'namespace', namespace);
    validateDnsSubdomain(undefined, 'serviceAccount', serviceAccount);
    return SpiffeId.of(trustDomain, 'ns', namespace, 'sa', serviceAccount);
  }

  /** The trust domain, e.g. `example.org`. */
  public readonly trustDomain: string;
  /** The path with its leading '/', e.g. `/ns/prod/sa/api`; empty for the trust domain's own ID. */
  public readonly path: string;
  private readonly segments: string[];

  private constructor(trustDomain: string, segments: string[]) {
    this.trustDomain = trustDomain;
    this.segments = [...segments];
    this.path = segments.map(s => `/${s}`).join('');
  }

  /** The path segments, e.g. `['ns', 'prod', 'sa', 'api']` (a copy). */
  public get pathSegments(): string[] {
    return [...this.segments];
  }

  /**
   * The namespace of a service-account ID (`/ns/<namespace>/sa/<name>`).
   *
   * @returns undefined when the path does not follow that convention
   */
  public get namespace(): string | undefined {
    const s = this.segments;
    return s.length === 4 && s[0] === 'ns' && s[2] === 'sa' ? s[1] : undefined;
  }

  /** Whether both IDs are the same (SPIFFE IDs compare as strings). */
  public isSameAs(other: SpiffeId): boolean {
    return this.toString() === other.toString();
  }

  /** The URI form, `spiffe://<trust-domain><path>`. */
  public toString(): string {
    return `${SCHEME}${this.trustDomain}${this.path}`;
  }
}
