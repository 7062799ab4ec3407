import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../common/errors';
import { isDnsSubdomain } from '../common/names';
import { reasonProblem } from '../common/reason';
import { requireProps } from '../common/required-props';
import { IResource, Resource, ResourceProps } from '../common/resource';
import { sortedBy } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';

/** OpenShift reads the issuer CA and the OIDC client secrets from this namespace only. */
const OPENSHIFT_CONFIG = 'openshift-config';
const SINGLETON_NAME = 'cluster';
const MAX_AUDIENCES = 10;
const MAX_EXTRA_MAPPINGS = 32;
const MAX_OIDC_CLIENTS = 20;
const MAX_USER_VALIDATION_RULES = 64;
const EXTRA_KEY_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+;=:]+$/;
const RESERVED_EXTRA_DOMAINS: Array<[string, string]> = [['kubernetes.io', 'Kubernetes'], ['k8s.io', 'Kubernetes'], ['openshift.io', 'OpenShift']];

function checkLength(scope: IConstruct | undefined, prop: string, value: string | undefined, min: number, max: number): void {
  if (typeof value !== 'string') {
    throw new ValidationError(`'${prop}' is required; set it to a string of ${min} to ${max} characters`, scope);
  }
  if (value.length < min || value.length > max) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}) must have ${min} to ${max} characters, has ${value.length}`, scope);
  }
}

function checkUnique(scope: IConstruct, prop: string, values: string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new ValidationError(`'${prop}' lists ${JSON.stringify(v)} twice; each entry must be unique`, scope);
    seen.add(v);
  }
}

function checkReason(scope: IConstruct | undefined, prop: string, reason: string, risk: string, example: string): void {
  if (reasonProblem(reason) !== undefined) {
    throw new ValidationError(`'${prop}' without prefix needs a written reason (at least 10 visible characters, two different words), got ${JSON.stringify(reason)}: ${reasonProblem(reason)}; ${risk}; e.g. ${example}`, scope);
  }
}

/** A `system:` prefix would map token claims onto Kubernetes' own users and groups (`system:masters`). */
function checkNotSystemPrefix(scope: IConstruct | undefined, prop: string, prefix: string): void {
  if (prefix.toLowerCase().startsWith('system:')) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(prefix)}) must not start with "system:": tokens would become Kubernetes system users or groups such as system:masters; use e.g. "oidc:"`, scope);
  }
}

/** A configured reference must name something, and OpenShift only looks in openshift-config. */
function checkOpenShiftConfigRef(scope: IConstruct, prop: string, ref: { readonly name: string }, kind: string): void {
  if (!ref.name || !isDnsSubdomain(ref.name)) {
    throw new ValidationError(`'${prop}' must name a ${kind} (a DNS-1123 subdomain), got ${JSON.stringify(ref.name)}; e.g. ${kind}.from${kind}Name(scope, 'Ref', 'oidc-ca')`, scope);
  }
  const namespace = (ref as any).metadata?.namespace;
  if (namespace !== undefined && namespace !== OPENSHIFT_CONFIG) {
    throw new ValidationError(`'${prop}' (${kind} ${namespace}/${ref.name}) must live in namespace "${OPENSHIFT_CONFIG}": OpenShift reads it only from there`, scope);
  }
}

/**
 * An https URL as the CRD's rules require: parseable, https, no query, no fragment, no user info.
 *
 * @param fragmentRule `nonEmpty` for the issuer (a bare '#' is tolerated upstream), `any` for the discovery URL
 */
function checkHttpsUrl(scope: IConstruct, prop: string, value: string, fragmentRule: 'nonEmpty' | 'any'): void {
  const shown = JSON.stringify(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`'${prop}' (${shown}) must be a valid URL; e.g. "https://oidc.example.com"`, scope);
  }
  if (/\s/.test(value) || !url.host) {
    throw new ValidationError(`'${prop}' (${shown}) must be a valid URL; e.g. "https://oidc.example.com"`, scope);
  }
  if (url.protocol !== 'https:') {
    throw new ValidationError(`'${prop}' (${shown}) must use the https scheme; e.g. "https://${url.host}${url.pathname === '/' ? '' : url.pathname}"`, scope);
  }
  if (url.search.length > 1) {
    throw new ValidationError(`'${prop}' (${shown}) must not have a query; remove "${url.search}"`, scope);
  }
  if (fragmentRule === 'nonEmpty' ? /#.+$/.test(value) : value.includes('#')) {
    throw new ValidationError(`'${prop}' (${shown}) must not have a fragment; remove everything from '#'`, scope);
  }
  if (value.includes('@')) {
    throw new ValidationError(`'${prop}' (${shown}) must not have user info; remove the part before '@'`, scope);
  }
}

/** The URL without trailing slashes, as the CRD compares issuer and discovery URLs. */
function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Options of a claim-based username mapping. */
export interface UsernameClaimOptions {
  /**
   * The prefix put in front of every user name from this provider, e.g. `corp-sso:`.
   *
   * @default - the provider name followed by ':' (e.g. `myoidc:`)
   */
  readonly prefix?: string;
}

/**
 * How the user name is taken from the token. A claim-based mapping is prefixed by default, so that a token's
 * `sub` can never equal a user name from another identity source (such as `kube:admin` or a local user).
 */
export class UsernameMapping {
  /**
   * The user name is a claim, with a prefix (the provider name and ':' unless given).
   *
   * @param claim the claim, e.g. `sub` or `email`
   */
  public static fromClaim(claim: string, options: UsernameClaimOptions = {}): UsernameMapping {
    checkLength(undefined, 'usernameMapping.claim', claim, 1, 256);
    if (options.prefix !== undefined && options.prefix.length === 0) {
      throw new ValidationError('\'usernameMapping.prefix\' ("") must not be empty; omit it to derive "<provider name>:" or use UsernameMapping.fromClaimWithoutPrefix(claim, reason) to opt out');
    }
    if (options.prefix !== undefined) checkNotSystemPrefix(undefined, 'usernameMapping.prefix', options.prefix);
    return new UsernameMapping(claim, undefined, 'Prefix', options.prefix);
  }

  /**
   * The user name is the claim as is, with no prefix (`prefixPolicy: NoPrefix`). A token whose claim equals
   * an existing user name (a local user, `kube:admin`, another provider's users) then acts as that user, so
   * this needs a written reason.
   *
   * @param reason why collisions with other user names cannot happen or are acceptable
   */
  public static fromClaimWithoutPrefix(claim: string, reason: string): UsernameMapping {
    checkLength(undefined, 'usernameMapping.claim', claim, 1, 256);
    checkReason(undefined, 'usernameMapping', reason, 'unprefixed user names can collide with existing users', 'UsernameMapping.fromClaimWithoutPrefix(\'sub\', \'the issuer only signs SPIFFE IDs, which cannot collide with local users\')');
    const mapping = new UsernameMapping(claim, undefined, 'NoPrefix', undefined);
    mapping._withoutPrefixReason = reason.trim();
    return mapping;
  }

  /**
   * The user name is the result of a CEL expression over the claims, e.g. `"spiffe:" + claims.sub`. The
   * expression alone decides the name, so include a prefix in it; OpenShift adds none.
   */
  public static fromExpression(expression: string): UsernameMapping {
    checkLength(undefined, 'usernameMapping.expression', expression, 1, 1024);
    return new UsernameMapping(undefined, expression, undefined, undefined);
  }

  /** The reason given to `fromClaimWithoutPrefix`. @internal */
  public _withoutPrefixReason?: string;

  private constructor(
    private readonly claim: string | undefined,
    private readonly expression: string | undefined,
    private readonly prefixPolicy: string | undefined,
    private readonly prefix: string | undefined,
  ) {}

  /**
   * The prefix user names from this mapping get, or undefined when a CEL expression decides the whole name.
   *
   * @internal
   */
  public _effectivePrefix(providerName: string): string | undefined {
    if (this.expression !== undefined) return undefined;
    if (this.prefixPolicy === 'NoPrefix') return '';
    return this.prefix ?? `${providerName}:`;
  }

  /** @internal */
  public _render(providerName: string): any {
    const prefix = this._effectivePrefix(providerName);
    return {
      claim: this.claim,
      expression: this.expression,
      prefixPolicy: this.prefixPolicy,
      prefix: this.prefixPolicy === 'Prefix' ? { prefixString: prefix } : undefined,
    };
  }
}

/** Options of a claim-based groups mapping. */
export interface GroupsClaimOptions {
  /**
   * The prefix put in front of every group name from this provider, e.g. `corp-sso:`.
   *
   * @default - the provider name followed by ':' (e.g. `myoidc:`)
   */
  readonly prefix?: string;
}

/**
 * How group names are taken from the token. A claim-based mapping is prefixed by default: unprefixed, a token
 * claiming the group `system:masters` or `cluster-admins` would get that group's rights.
 */
export class GroupsMapping {
  /** Groups from a claim (a string or a list of strings), with a prefix (the provider name and ':' unless given). */
  public static fromClaim(claim: string, options: GroupsClaimOptions = {}): GroupsMapping {
    checkLength(undefined, 'groupsMapping.claim', claim, 1, 256);
    if (options.prefix !== undefined) {
      if (options.prefix.length === 0) {
        throw new ValidationError('\'groupsMapping.prefix\' ("") must not be empty; omit it to derive "<provider name>:" or use GroupsMapping.fromClaimWithoutPrefix(claim, reason) to opt out');
      }
      checkNotSystemPrefix(undefined, 'groupsMapping.prefix', options.prefix);
    }
    return new GroupsMapping(claim, undefined, true, options.prefix);
  }

  /**
   * Groups from a claim as they are, with no prefix: the token's issuer then decides membership of every
   * group on the cluster, so this needs a written reason.
   *
   * @param reason why the issuer may assert any group name
   */
  public static fromClaimWithoutPrefix(claim: string, reason: string): GroupsMapping {
    checkLength(undefined, 'groupsMapping.claim', claim, 1, 256);
    checkReason(undefined, 'groupsMapping', reason, 'unprefixed group names let the issuer grant any group, including system:masters', 'GroupsMapping.fromClaimWithoutPrefix(\'groups\', \'the issuer is our own Keycloak and only emits team-* groups\')');
    const mapping = new GroupsMapping(claim, undefined, false, undefined);
    mapping._withoutPrefixReason = reason.trim();
    return mapping;
  }

  /** Groups from a CEL expression over the claims; the expression includes any prefix. */
  public static fromExpression(expression: string): GroupsMapping {
    checkLength(undefined, 'groupsMapping.expression', expression, 1, 1024);
    return new GroupsMapping(undefined, expression, false, undefined);
  }

  /** The reason given to `fromClaimWithoutPrefix`. @internal */
  public _withoutPrefixReason?: string;

  private constructor(
    private readonly claim: string | undefined,
    private readonly expression: string | undefined,
    private readonly prefixed: boolean,
    private readonly prefix: string | undefined,
  ) {}

  /** @internal */
  public _render(providerName: string): any {
    return {
      claim: this.claim,
      expression: this.expression,
      prefix: this.prefixed ? this.prefix ?? `${providerName}:` : undefined,
    };
  }
}

/** How the user's UID is taken from the token. */
export class UidMapping {
  /** The UID is a claim, e.g. `sub`. */
  public static fromClaim(claim: string): UidMapping {
    checkLength(undefined, 'uidMapping.claim', claim, 1, 256);
    return new UidMapping({ claim });
  }

  /** The UID is a CEL expression over the claims. */
  public static fromExpression(expression: string): UidMapping {
    checkLength(undefined, 'uidMapping.expression', expression, 1, 1024);
    return new UidMapping({ expression });
  }

  private constructor(private readonly rendered: { claim?: string; expression?: string }) {}

  /** @internal */
  public _render(): any {
    return { ...this.rendered };
  }
}

/** An extra attribute of the user, computed from the claims. */
export interface ExtraClaimMapping {
  /** A domain-prefixed path such as `example.com/team`; `kubernetes.io`, `k8s.io`, `openshift.io` and their subdomains are reserved. */
  readonly key: string;
  /** CEL expression producing a string or list of strings, e.g. `claims.team`. */
  readonly valueExpression: string;
}

/** A rule every token must pass before its claims are mapped. */
export class ClaimValidationRule {
  /** The token must carry `claim` with exactly `requiredValue`. */
  public static requiredClaim(claim: string, requiredValue: string): ClaimValidationRule {
    checkLength(undefined, 'claimValidationRules.requiredClaim.claim', claim, 1, Number.MAX_SAFE_INTEGER);
    checkLength(undefined, 'claimValidationRules.requiredClaim.requiredValue', requiredValue, 1, Number.MAX_SAFE_INTEGER);
    return new ClaimValidationRule({ type: 'RequiredClaim', requiredClaim: { claim, requiredValue } });
  }

  /**
   * A CEL expression over `claims` that must be true.
   *
   * @param message shown when the rule fails
   */
  public static cel(expression: string, message: string): ClaimValidationRule {
    checkLength(undefined, 'claimValidationRules.cel.expression', expression, 1, 1024);
    checkLength(undefined, 'claimValidationRules.cel.message', message, 1, 256);
    return new ClaimValidationRule({ type: 'CEL', cel: { expression, message } });
  }

  private constructor(private readonly rendered: any) {}

  /** @internal */
  public _render(): any {
    return JSON.parse(JSON.stringify(this.rendered));
  }
}

/** A CEL rule over the mapped `user` that must be true. */
export interface UserValidationRule {
  /** CEL expression over `user`, e.g. `!user.username.startsWith('system:')`. */
  readonly expression: string;
  /** Shown when the rule fails. */
  readonly message: string;
}

/** A platform component (console, CLI) that signs users in through this provider. */
export interface OidcClient {
  /** The component's name, e.g. `console` or `cli`. */
  readonly componentName: string;
  /** The component's namespace, e.g. `openshift-console`. */
  readonly componentNamespace: string;
  /** The client ID registered at the provider. */
  readonly clientId: string;
  /**
   * The Secret in `openshift-config` whose `clientSecret` key holds the client secret.
   *
   * @default - a public client without a secret
   */
  readonly clientSecret?: kplus.ISecret;
  /**
   * Scopes requested in addition to `openid`.
   *
   * @default - none
   */
  readonly extraScopes?: string[];
}

/** The one external OIDC provider the cluster trusts. */
export interface OidcProviderProps {
  /** The provider's name; the default username prefix is derived from it (`<name>:`). */
  readonly name: string;
  /** The issuer URL: https, with no query, fragment or user info; equal to the tokens' `iss`. */
  readonly issuerUrl: string;
  /** The audiences a token must be issued for (1 to 10, unique); at least one must match `aud`. */
  readonly audiences: string[];
  /**
   * ConfigMap in `openshift-config` whose `ca-bundle.crt` key holds the CA of the issuer's TLS certificate.
   *
   * @default - the system trust store
   */
  readonly issuerCertificateAuthority?: kplus.IConfigMap;
  /**
   * Where to fetch the discovery document when it is not at `<issuerUrl>/.well-known/openid-configuration`;
   * must differ from the issuer URL.
   *
   * @default - derived from the issuer URL
   */
  readonly discoveryUrl?: string;
  /** How user names are derived from the token. */
  readonly usernameMapping: UsernameMapping;
  /**
   * How group names are derived from the token.
   *
   * @default - users get no groups from the token
   */
  readonly groupsMapping?: GroupsMapping;
  /**
   * How the user's UID is derived.
   *
   * @default - OpenShift's default (the `sub` claim)
   */
  readonly uidMapping?: UidMapping;
  /**
   * Extra user attributes (at most 32, unique keys); more with `addExtraMapping()`.
   *
   * @default - none
   */
  readonly extraMappings?: ExtraClaimMapping[];
  /**
   * Rules tokens must pass; more with `addClaimValidationRule()`.
   *
   * @default - none beyond issuer, audience and expiry
   */
  readonly claimValidationRules?: ClaimValidationRule[];
  /**
   * Rules the mapped user must pass (at most 64, unique expressions); more with `addUserValidationRule()`.
   *
   * @default - none
   */
  readonly userValidationRules?: UserValidationRule[];
  /**
   * Platform components that sign users in (at most 20); more with `addOidcClient()`.
   *
   * @default - none
   */
  readonly oidcClients?: OidcClient[];
}

/** Props of `OpenShiftAuthentication`. */
export interface OpenShiftAuthenticationProps extends ResourceProps {
  /** The external OIDC provider (OpenShift allows exactly one). */
  readonly oidcProvider: OidcProviderProps;
}

/** The cluster's authentication configuration, as other constructs need it. */
export interface IOpenShiftAuthentication extends IResource {
  /**
   * The prefix OpenShift puts in front of user names from the provider (`''` with no prefix).
   *
   * @returns undefined when a CEL expression computes the whole user name
   */
  readonly usernamePrefix?: string;
  /** The audiences accepted tokens must carry. */
  readonly audiences: string[];
  /**
   * The user name OpenShift gives a token whose username claim is `subject`.
   *
   * @throws when a CEL expression computes user names
   */
  usernameFor(subject: string): string;
}

/** Attributes of an Authentication configured elsewhere (e.g. by the cluster's installer). */
export interface OpenShiftAuthenticationAttributes {
  /** The username prefix its provider applies (`''` for `NoPrefix`). */
  readonly usernamePrefix: string;
  /** The audiences it accepts. */
  readonly audiences: string[];
}

function usernameWithPrefix(scope: IConstruct, prefix: string | undefined, subject: string): string {
  if (prefix === undefined) {
    throw new ValidationError(`cannot derive the user name of ${JSON.stringify(subject)}: the provider maps user names with a CEL expression; use UsernameMapping.fromClaim() so user names are predictable`, scope);
  }
  return `${prefix}${subject}`;
}

class ImportedAuthentication extends Construct implements IOpenShiftAuthentication {
  public readonly name = SINGLETON_NAME;
  public readonly apiVersion = 'config.openshift.io/v1';
  public readonly kind = 'Authentication';
  public readonly usernamePrefix: string;
  private readonly audienceList: string[];

  constructor(scope: Construct, id: string, attrs: OpenShiftAuthenticationAttributes) {
    super(scope, id);
    this.usernamePrefix = attrs.usernamePrefix;
    this.audienceList = [...attrs.audiences];
  }

  public get audiences(): string[] {
    return [...this.audienceList];
  }

  public usernameFor(subject: string): string {
    return usernameWithPrefix(this, this.usernamePrefix, subject);
  }
}

/**
 * OpenShift's cluster authentication (`config.openshift.io/v1` `Authentication`, the singleton `cluster`) with
 * an external OIDC provider (`type: OIDC`). Validated as the CRD's rules do, so an invalid configuration fails
 * at synthesis instead of being rejected by the API server (or worse, locking users out).
 *
 * User names are prefixed by default (`<provider name>:`), so tokens cannot impersonate existing users; RBAC
 * subjects are built with `usernameFor()`.
 */
export class OpenShiftAuthentication extends Resource implements IOpenShiftAuthentication {
  /** Refers to the Authentication of a cluster configured elsewhere, for its username prefix and audiences. */
  public static fromOpenShiftAuthenticationAttributes(
    scope: Construct, id: string, attrs: OpenShiftAuthenticationAttributes,
  ): IOpenShiftAuthentication {
    requireProps(attrs, 'OpenShiftAuthenticationAttributes', ['usernamePrefix', 'audiences'], scope, id);
    return new ImportedAuthentication(scope, id, attrs);
  }

  public readonly usernamePrefix?: string;
  /** The provider's name. */
  public readonly providerName: string;
  /** The issuer URL. */
  public readonly issuerUrl: string;
  private readonly provider: OidcProviderProps;
  private readonly audienceList: string[];
  private readonly extraMappings: ExtraClaimMapping[] = [];
  private readonly claimRules: ClaimValidationRule[] = [];
  private readonly userRules: UserValidationRule[] = [];
  private readonly clients: OidcClient[] = [];

  public constructor(scope: Construct, id: string, props: OpenShiftAuthenticationProps) {
    super(scope, id, { apiVersion: 'config.openshift.io/v1', kind: 'Authentication', namespaced: false }, {
      metadata: { ...requireProps(props, 'OpenShiftAuthenticationProps', ['oidcProvider'], scope, id).metadata, name: SINGLETON_NAME },
    });
    const name = props.metadata?.name;
    if (name !== undefined && name !== SINGLETON_NAME) {
      throw new ValidationError(`'metadata.name' (${JSON.stringify(name)}) must be "${SINGLETON_NAME}": OpenShift only reads the Authentication named "${SINGLETON_NAME}"; omit the name`, this);
    }
    const others = Chart.of(this).node.findAll().filter(c => c !== this && c instanceof OpenShiftAuthentication);
    if (others.length > 0) {
      throw new ValidationError(`only one OpenShiftAuthentication per chart: ${others[0].node.path} already configures the "${SINGLETON_NAME}" singleton`, this);
    }

    const p = props.oidcProvider;
    checkLength(this, 'oidcProvider.name', p.name, 1, 253);
    checkLength(this, 'oidcProvider.issuerUrl', p.issuerUrl, 1, 512);
    checkHttpsUrl(this, 'oidcProvider.issuerUrl', p.issuerUrl, 'nonEmpty');
    if (p.discoveryUrl !== undefined) {
      checkLength(this, 'oidcProvider.discoveryUrl', p.discoveryUrl, 1, 2048);
      checkHttpsUrl(this, 'oidcProvider.discoveryUrl', p.discoveryUrl, 'any');
      if (withoutTrailingSlashes(p.discoveryUrl) === withoutTrailingSlashes(p.issuerUrl)) {
        throw new ValidationError(`'oidcProvider.discoveryUrl' (${JSON.stringify(p.discoveryUrl)}) must differ from the issuer URL; omit it to use the issuer's well-known discovery document`, this);
      }
    }
    if (!Array.isArray(p.audiences) || p.audiences.length < 1 || p.audiences.length > MAX_AUDIENCES) {
      throw new ValidationError(`'oidcProvider.audiences' (${JSON.stringify(p.audiences)}) must list 1 to ${MAX_AUDIENCES} audiences; e.g. ['openshift-spoke']`, this);
    }
    p.audiences.forEach((a, i) => checkLength(this, `oidcProvider.audiences[${i}]`, a, 1, Number.MAX_SAFE_INTEGER));
    checkUnique(this, 'oidcProvider.audiences', p.audiences);
    if (p.issuerCertificateAuthority) checkOpenShiftConfigRef(this, 'oidcProvider.issuerCertificateAuthority', p.issuerCertificateAuthority, 'ConfigMap');
    if (!(p.usernameMapping instanceof UsernameMapping)) {
      throw new ValidationError('\'oidcProvider.usernameMapping\' is required; e.g. UsernameMapping.fromClaim(\'sub\')', this);
    }
    if (p.userValidationRules !== undefined && p.userValidationRules.length === 0) {
      throw new ValidationError('\'oidcProvider.userValidationRules\' must not be an empty list; omit it or add a rule', this);
    }

    this.provider = p;
    this.providerName = p.name;
    this.issuerUrl = p.issuerUrl;
    this.audienceList = [...p.audiences];
    this.usernamePrefix = p.usernameMapping._effectivePrefix(p.name);
    // the pack's ZT-ID3 judges the rendered claim mappings; the opt-ins acknowledge it with their reasons
    for (const [prop, reason] of [['UsernameMapping.fromClaimWithoutPrefix', p.usernameMapping._withoutPrefixReason], ['GroupsMapping.fromClaimWithoutPrefix', p.groupsMapping?._withoutPrefixReason]]) {
      if (reason !== undefined) Compliance.of(this)._acknowledgeOptIn(prop!, 'ZT-ID3', reason, 'why names are taken without a prefix');
    }
    (p.extraMappings ?? []).forEach(m => this.addExtraMapping(m));
    (p.claimValidationRules ?? []).forEach(r => this.addClaimValidationRule(r));
    (p.userValidationRules ?? []).forEach(r => this.addUserValidationRule(r));
    (p.oidcClients ?? []).forEach(c => this.addOidcClient(c));
  }

  public get audiences(): string[] {
    return [...this.audienceList];
  }

  public usernameFor(subject: string): string {
    return usernameWithPrefix(this, this.usernamePrefix, subject);
  }

  /** Adds an extra user attribute mapping. */
  public addExtraMapping(mapping: ExtraClaimMapping): void {
    requireProps(mapping, 'ExtraClaimMapping', ['key', 'valueExpression'], this);
    const prop = `oidcProvider.extraMappings[${mapping?.key === undefined ? this.extraMappings.length : JSON.stringify(mapping.key)}]`;
    checkLength(this, `${prop}.key`, mapping.key, 1, 510);
    checkLength(this, `${prop}.valueExpression`, mapping.valueExpression, 1, 1024);
    const problem = extraKeyProblem(mapping.key);
    if (problem) {
      throw new ValidationError(`'${prop}.key' (${JSON.stringify(mapping.key)}) is invalid: ${problem}; use a domain you own, e.g. "example.com/team"`, this);
    }
    if (this.extraMappings.some(m => m.key === mapping.key)) {
      throw new ValidationError(`'${prop}' is already mapped; each extra key may be mapped once`, this);
    }
    if (this.extraMappings.length >= MAX_EXTRA_MAPPINGS) {
      throw new ValidationError(`'oidcProvider.extraMappings' allows at most ${MAX_EXTRA_MAPPINGS} mappings`, this);
    }
    this.extraMappings.push({ key: mapping.key, valueExpression: mapping.valueExpression });
  }

  /** Adds a rule every token must pass. */
  public addClaimValidationRule(rule: ClaimValidationRule): void {
    if (!(rule instanceof ClaimValidationRule)) {
      throw new ValidationError('\'claimValidationRules\' entries must be created with ClaimValidationRule.requiredClaim() or ClaimValidationRule.cel()', this);
    }
    this.claimRules.push(rule);
  }

  /** Adds a rule the mapped user must pass. */
  public addUserValidationRule(rule: UserValidationRule): void {
    requireProps(rule, 'UserValidationRule', ['expression', 'message'], this);
    const prop = `oidcProvider.userValidationRules[${this.userRules.length}]`;
    checkLength(this, `${prop}.expression`, rule.expression, 1, 1024);
    checkLength(this, `${prop}.message`, rule.message, 1, 256);
    if (this.userRules.some(r => r.expression === rule.expression)) {
      throw new ValidationError(`'${prop}.expression' (${JSON.stringify(rule.expression)}) is already a rule; each expression may appear once`, this);
    }
    if (this.userRules.length >= MAX_USER_VALIDATION_RULES) {
      throw new ValidationError(`'oidcProvider.userValidationRules' allows at most ${MAX_USER_VALIDATION_RULES} rules`, this);
    }
    this.userRules.push({ expression: rule.expression, message: rule.message });
  }

  /** Adds a platform component that signs users in through the provider. */
  public addOidcClient(client: OidcClient): void {
    requireProps(client, 'OidcClient', ['componentName', 'componentNamespace', 'clientId'], this);
    const prop = `oidcProvider.oidcClients[${this.clients.length}]`;
    checkLength(this, `${prop}.componentName`, client.componentName, 1, 256);
    checkLength(this, `${prop}.componentNamespace`, client.componentNamespace, 1, 63);
    checkLength(this, `${prop}.clientId`, client.clientId, 1, Number.MAX_SAFE_INTEGER);
    if (client.clientSecret) checkOpenShiftConfigRef(this, `${prop}.clientSecret`, client.clientSecret, 'Secret');
    if (client.extraScopes) {
      client.extraScopes.forEach((s, i) => checkLength(this, `${prop}.extraScopes[${i}]`, s, 1, Number.MAX_SAFE_INTEGER));
      checkUnique(this, `${prop}.extraScopes`, client.extraScopes);
    }
    if (this.clients.some(c => c.componentName === client.componentName && c.componentNamespace === client.componentNamespace)) {
      throw new ValidationError(`'${prop}' (${client.componentNamespace}/${client.componentName}) is already a client; each component may be listed once`, this);
    }
    if (this.clients.length >= MAX_OIDC_CLIENTS) {
      throw new ValidationError(`'oidcProvider.oidcClients' allows at most ${MAX_OIDC_CLIENTS} clients`, this);
    }
    this.clients.push({ ...client, extraScopes: client.extraScopes ? [...client.extraScopes] : undefined });
  }

  /** @internal */
  public _renderSpec(): any {
    const p = this.provider;
    return {
      type: 'OIDC',
      oidcProviders: [{
        name: p.name,
        issuer: {
          issuerURL: p.issuerUrl,
          audiences: [...this.audienceList],
          issuerCertificateAuthority: p.issuerCertificateAuthority ? { name: p.issuerCertificateAuthority.name } : undefined,
          discoveryURL: p.discoveryUrl,
        },
        claimMappings: {
          username: p.usernameMapping._render(p.name),
          groups: p.groupsMapping?._render(p.name),
          uid: p.uidMapping?._render(),
          extra: this.extraMappings.length ? this.extraMappings.map(m => ({ ...m })) : undefined,
        },
        claimValidationRules: this.claimRules.length ? this.claimRules.map(r => r._render()) : undefined,
        userValidationRules: this.userRules.length ? this.userRules.map(r => ({ ...r })) : undefined,
        oidcClients: this.clients.length ? sortedBy(this.clients, c => `${c.componentNamespace}/${c.componentName}`)
          .map(c => ({
            componentName: c.componentName,
            componentNamespace: c.componentNamespace,
            clientID: c.clientId,
            clientSecret: c.clientSecret ? { name: c.clientSecret.name } : undefined,
            extraScopes: c.extraScopes,
          })) : undefined,
      }],
    };
  }
}

/** Why an extra-mapping key is invalid (the CRD's rules), or undefined. */
function extraKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash === -1) return 'it must be a domain-prefixed path and contain \'/\'';
  const domain = key.slice(0, slash);
  const path = key.slice(slash + 1);
  if (domain.length > 253) return 'the domain must have at most 253 characters';
  if (!isDnsSubdomain(domain)) return `the domain ${JSON.stringify(domain)} must consist of lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`;
  for (const [reserved, owner] of RESERVED_EXTRA_DOMAINS) {
    if (domain === reserved || domain.endsWith(`.${reserved}`)) return `the domain ${JSON.stringify(domain)} is reserved for ${owner} use ('${reserved}' and '*.${reserved}')`;
  }
  if (!EXTRA_KEY_PATH.test(path)) return `the path ${JSON.stringify(path)} must not be empty and may only contain letters, digits, percent-encoded octets and '-._~!$&'()*+;=:/`;
  if (path.length > 256) return 'the path must have at most 256 characters';
  return undefined;
}
