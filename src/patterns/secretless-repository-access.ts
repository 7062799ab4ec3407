import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ArgoCdRepoCredentials, ArgoCdRepository, CredentialSource, IAppProject, RepositoryCredentials } from '../argocd';
import { DEFAULT_ARGOCD_NAMESPACE } from '../argocd/private';
import { durationMillis } from '../common/duration';
import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { sortedStrings } from '../common/sort';
import { DataFromSource, ExternalSecret, ISecretStore, RefreshPolicy, RemoteRef } from '../external-secrets';
import { GithubAccessToken } from '../generators';
import { describeDuration } from '../generators/generator';

const PRIVATE_KEY_KEY = 'private-key';
/** GitHub installation access tokens expire one hour after they are issued. */
const TOKEN_LIFETIME = Duration.minutes(60);
/** Asking GitHub for a token more often than this only spends the installation's API rate limit. */
const MIN_REFRESH = Duration.minutes(1);
const DIGITS = /^[1-9][0-9]*$/;
/** A GitHub user or organization login: letters, digits and single inner hyphens, at most 39 characters. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Where the generated installation token is written for Argo CD. */
export enum GithubTokenPlacement {
  /**
   * Into each repository's own Secret (`secret-type: repository`): per repository one generator, one
   * ExternalSecret and so one token, scoped to that repository only. A leaked token opens one repository.
   */
  REPOSITORY = 'repository',
  /**
   * Into one credential template (`secret-type: repo-creds`) for the owner's URL prefix, e.g.
   * `https://github.com/my-org/`; the project-scoped repository Secrets then hold no credential and inherit
   * the template's. One generator, one ExternalSecret and one token for all repositories: Argo CD hands the
   * template's single credential to every repository under the prefix, so that token must be scoped to every
   * listed repository (never to the rest of the installation). Fewer token requests, a wider token.
   */
  CREDENTIAL_TEMPLATE = 'repo-creds',
}

/** One private repository Argo CD clones with the generated token. */
export interface SecretlessRepository {
  /**
   * The repository's https URL under the owner, e.g. `https://github.com/my-org/app-config`; its last path
   * segment is the repository the token is scoped to.
   */
  readonly url: string;
  /**
   * The one project whose Applications may use the repository.
   *
   * @default - the pattern's `project`
   */
  readonly project?: IAppProject;
  /**
   * Make this repository usable by every project: the written reason why (it acknowledges ZT-ARGO2).
   *
   * @default - only its project
   */
  readonly allowAllProjects?: string;
  /**
   * The name of the repository's Secret (and, when it holds the token, of its ExternalSecret and of the
   * generator issuing its token).
   *
   * @default - `<name>-<repository>`, e.g. `github-my-org-app-config`
   */
  readonly secretName?: string;
}

/** Props of `SecretlessRepositoryAccess`. */
export interface SecretlessRepositoryAccessProps {
  /**
   * The store the GitHub App's private key is read through; it must serve the Argo CD namespace (a
   * SecretStore there, or a ClusterSecretStore whose conditions select it).
   */
  readonly store: ISecretStore;
  /** Where the App's PEM private key lives in the secret manager, e.g. `{ key: 'github/argocd-app', property: 'private-key' }`. */
  readonly privateKey: RemoteRef;
  /** The GitHub App's numeric ID, e.g. `"123456"`. */
  readonly appId: string;
  /** The numeric ID of the App's installation in the owner's account, e.g. `"7890123"`. */
  readonly installationId: string;
  /** The GitHub organization or user owning the repositories, e.g. `my-org`. */
  readonly owner: string;
  /**
   * The repositories Argo CD clones. Each repository's token is scoped to exactly that repository (with the
   * credential template, the one token to exactly these).
   */
  readonly repositories: SecretlessRepository[];
  /**
   * The project of every repository that names none.
   *
   * @default - none; then each repository needs its own `project` (or `allowAllProjects`)
   */
  readonly project?: IAppProject;
  /**
   * Where the token is written for Argo CD.
   *
   * @default GithubTokenPlacement.REPOSITORY
   */
  readonly tokenPlacement?: GithubTokenPlacement;
  /**
   * The token's permissions (levels `read`, `write`, `admin`); a level above `read` needs
   * `acknowledgeWritePermissions`.
   *
   * @default { contents: 'read' } - what cloning and fetching need
   */
  readonly permissions?: { [permission: string]: string };
  /**
   * The written reason why the token may write (`write` or `admin` in `permissions`); it acknowledges ZT-ESO8 on
   * the generator. Argo CD only reads, so this is rarely right.
   *
   * @default - every permission must be `read`
   */
  readonly acknowledgeWritePermissions?: string;
  /**
   * How often ESO asks GitHub for a new token: at least one minute and below the 60-minute lifetime.
   *
   * @default Duration.minutes(30) - half the lifetime, so a failed renewal is retried before the token expires
   */
  readonly tokenRefreshInterval?: Duration;
  /**
   * How often ESO re-reads the private key, so a rotated key reaches the generator; at least one minute.
   *
   * @default Duration.hours(1)
   */
  readonly privateKeyRefreshInterval?: Duration;
  /**
   * The GitHub Enterprise Server API base URL, e.g. `https://ghe.example.com/api/v3`. Repository URLs must then
   * be on its host (`ghe.example.com`, also for an `api.` host).
   *
   * @default - github.com
   */
  readonly enterpriseBaseUrl?: string;
  /**
   * The namespace Argo CD runs in; every object is created there.
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * The base of the objects' names: `<name>-app-key` (the private key), `<name>-<repository>` (repositories and,
   * with per-repository placement, their generators), `<name>` (the generator of the credential template) and
   * `<name>-creds` (the credential template).
   *
   * @default - `github-<owner>`, lowercased
   */
  readonly name?: string;
}

/** A repository URL taken apart. */
interface ParsedRepository {
  readonly url: string;
  readonly repository: string;
}

/**
 * Secretless Git access for Argo CD with short-lived GitHub App tokens (scenario S1), least privilege
 * throughout:
 *
 * - an ExternalSecret brings the App's private key from the secret manager into the Argo CD namespace only,
 *   re-read hourly so a rotated key takes effect (never immutable, never a plain Secret in Git);
 * - `GithubAccessToken` generators there sign token requests with it, `contents: read` by default: one per
 *   repository, scoped to that repository alone, or, with `GithubTokenPlacement.CREDENTIAL_TEMPLATE`, one
 *   scoped to the listed repositories;
 * - project-scoped `ArgoCdRepository` Secrets (or one `ArgoCdRepoCredentials` template for the owner) get the
 *   token as password with user name `x-access-token`, renewed every 30 minutes, well within the token's
 *   60-minute lifetime.
 *
 * The tokens' repositories are derived from the repository URLs, which must be under `owner` on github.com
 * (or the Enterprise host); a validation re-reads the rendered generators at synthesis and reports any drift.
 *
 * Escape hatches: `ApiObject.of(access)` is the private key's ExternalSecret (also `privateKeySecret`), the one
 * object every placement has once; `generators`, `repositories` and `credentialTemplate` reach the others.
 */
export class SecretlessRepositoryAccess extends Construct {
  /** The ExternalSecret bringing the App's private key into the Argo CD namespace. */
  public readonly privateKeySecret: ExternalSecret;
  /** The credential template holding the token, with `GithubTokenPlacement.CREDENTIAL_TEMPLATE`. */
  public readonly credentialTemplate?: ArgoCdRepoCredentials;
  /** The namespace Argo CD runs in, where every object lives. */
  public readonly argoCdNamespace: string;
  /** Where the token is written. */
  public readonly tokenPlacement: GithubTokenPlacement;
  private readonly repositoryList: ArgoCdRepository[];
  private readonly repositoryNameList: string[];
  private readonly generatorList: GithubAccessToken[];

  public constructor(scope: Construct, id: string, props: SecretlessRepositoryAccessProps) {
    super(scope, id);
    requireProps(props, 'SecretlessRepositoryAccessProps', ['store', 'privateKey', 'appId', 'installationId', 'owner', 'repositories'], this);
    const namespace = validateDnsLabel(this, 'argoCdNamespace', props.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE);
    this.argoCdNamespace = namespace;
    this.tokenPlacement = props.tokenPlacement ?? GithubTokenPlacement.REPOSITORY;
    this.checkInstallation(props);
    const host = gitHost(this, props.enterpriseBaseUrl);
    const name = this.baseName(props);
    this.checkRefreshIntervals(props);
    const parsed = this.parseRepositories(props, host);
    const secretNames = this.repositorySecretNames(props, parsed, name);
    this.checkStore(props.store, namespace);

    // store data only, re-read periodically: a rotated key must replace the old one, so never immutable
    this.privateKeySecret = new ExternalSecret(this, 'PrivateKey', {
      metadata: { name: `${name}-app-key`, namespace },
      store: props.store,
      refresh: RefreshPolicy.periodic(props.privateKeyRefreshInterval ?? Duration.hours(1)),
    });
    this.privateKeySecret.addData(PRIVATE_KEY_KEY, props.privateKey);
    this.node.defaultChild = this.privateKeySecret;

    this.repositoryNameList = parsed.map(p => p.repository);
    this.generatorList = this.tokenPlacement === GithubTokenPlacement.REPOSITORY
      ? this.repositoryNameList.map((repository, i) => this.createGenerator(props, `Token${i}`, secretNames[i], [repository]))
      : [this.createGenerator(props, 'Token', name, this.repositoryNameList)];
    this.credentialTemplate = this.tokenPlacement === GithubTokenPlacement.REPOSITORY ? undefined : this.createCredentialTemplate(props, name, host);
    this.repositoryList = this.createRepositories(props, parsed, secretNames);
    this.node.addValidation({ validate: () => this.crossCheck() });
  }

  /** The App and installation IDs and the owner, as GitHub shows them. */
  private checkInstallation(props: SecretlessRepositoryAccessProps): void {
    if (!DIGITS.test(props.appId)) {
      throw new ValidationError(`'appId' (${JSON.stringify(props.appId)}) must be the GitHub App's numeric ID, as its settings page shows it; e.g. "123456"`, this);
    }
    if (!DIGITS.test(props.installationId)) {
      throw new ValidationError(`'installationId' (${JSON.stringify(props.installationId)}) must be the installation's numeric ID, the number at the end of its settings URL; e.g. "7890123"`, this);
    }
    if (!OWNER.test(props.owner)) {
      throw new ValidationError(`'owner' (${JSON.stringify(props.owner)}) must be a GitHub organization or user name: up to 39 letters, digits and single inner hyphens; e.g. "my-org"`, this);
    }
  }

  /** `name`, or `github-<owner>`: a DNS subdomain leaving room for the objects' suffixes. */
  private baseName(props: SecretlessRepositoryAccessProps): string {
    const name = props.name ?? `github-${props.owner.toLowerCase()}`;
    validateDnsSubdomain(this, 'name', name);
    if (name.length > 240) {
      throw new ValidationError(`'name' (${name.length} characters) leaves no room for the suffixes of the object names; use at most 240 characters`, this);
    }
    return name;
  }

  /** Both refresh intervals at least a minute, and the token's below its lifetime. */
  private checkRefreshIntervals(props: SecretlessRepositoryAccessProps): void {
    const tokenRefresh = checkInterval(this, 'tokenRefreshInterval', props.tokenRefreshInterval);
    if (tokenRefresh !== undefined && tokenRefresh >= TOKEN_LIFETIME.toMilliseconds()) {
      throw new ValidationError(`'tokenRefreshInterval' (${describeDuration(props.tokenRefreshInterval!)}) must be below the ${describeDuration(TOKEN_LIFETIME)} lifetime of GitHub installation tokens, or Argo CD would clone with an expired token; use e.g. Duration.minutes(30), or omit it`, this);
    }
    checkInterval(this, 'privateKeyRefreshInterval', props.privateKeyRefreshInterval);
  }

  /** The repository URLs taken apart: at least one, each once, each with a project or the reason for none. */
  private parseRepositories(props: SecretlessRepositoryAccessProps, host: string): ParsedRepository[] {
    if (!Array.isArray(props.repositories) || props.repositories.length === 0) {
      throw new ValidationError(`'repositories' is empty: the token would be scoped to nothing; list the repositories Argo CD clones, e.g. [{ url: 'https://${host}/${props.owner}/app-config' }]`, this);
    }
    const parsed = props.repositories.map((r, i) => parseRepositoryUrl(this, `repositories[${i}].url`, r.url, host, props.owner));
    const seen = new Map<string, number>();
    parsed.forEach((p, i) => {
      const key = p.repository.toLowerCase();
      if (seen.has(key)) {
        throw new ValidationError(`'repositories[${i}].url' (${JSON.stringify(props.repositories[i].url)}) is the same repository as repositories[${seen.get(key)}] (GitHub names are case-insensitive); list each repository once`, this);
      }
      seen.set(key, i);
    });
    props.repositories.forEach((r, i) => {
      if (r.project !== undefined && r.allowAllProjects !== undefined) {
        throw new ValidationError(`'repositories[${i}]' sets both 'project' and 'allowAllProjects'; keep the project (least privilege) or remove it`, this);
      }
      if (r.project === undefined && props.project === undefined && r.allowAllProjects === undefined) {
        throw new ValidationError(`'repositories[${i}].project' is missing for ${JSON.stringify(r.url)} and the pattern has no 'project': the repository would be usable by every project; set either, or allowAllProjects to the reason`, this);
      }
    });
    return parsed;
  }

  /** The name of each repository's Secret, given or derived, each used once. */
  private repositorySecretNames(props: SecretlessRepositoryAccessProps, parsed: ParsedRepository[], name: string): string[] {
    const secretNames = props.repositories.map((r, i) => r.secretName ?? `${name}-${dnsPart(parsed[i].repository)}`);
    secretNames.forEach((n, i) => {
      validateDnsSubdomain(this, `repositories[${i}].secretName`, n);
      const first = secretNames.indexOf(n);
      if (first !== i) {
        throw new ValidationError(`'repositories[${i}]' and 'repositories[${first}]' would both use the Secret name ${JSON.stringify(n)}; give one of them a 'secretName'`, this);
      }
    });
    return secretNames;
  }

  /** The store must serve the Argo CD namespace, where the private key lands. */
  private checkStore(store: ISecretStore, namespace: string): void {
    if (store.allowsNamespace(namespace) === false) {
      throw new ValidationError(`'store' (${store.storeKind} '${store.name}'${store.namespace ? ` in namespace ${JSON.stringify(store.namespace)}` : ''}) cannot serve the Argo CD namespace ${JSON.stringify(namespace)}, where the private key must land; use a SecretStore in ${JSON.stringify(namespace)} or a ClusterSecretStore whose conditions select it`, this);
    }
  }

  /** A generator signing with the App's key, scoped to `repositories`. */
  private createGenerator(props: SecretlessRepositoryAccessProps, id: string, name: string, repositories: string[]): GithubAccessToken {
    return new GithubAccessToken(this, id, {
      metadata: { name, namespace: this.argoCdNamespace },
      appId: props.appId,
      installId: props.installationId,
      privateKey: { secret: this.privateKeySecret.secret, key: PRIVATE_KEY_KEY, namespace: this.argoCdNamespace },
      repositories,
      permissions: props.permissions,
      acknowledgeWritePermissions: props.acknowledgeWritePermissions,
      url: props.enterpriseBaseUrl,
    });
  }

  /** The token of `generator` as repository credentials. */
  private token(generator: GithubAccessToken): RepositoryCredentials {
    return RepositoryCredentials.token(CredentialSource.fromDataSource({ source: DataFromSource.generator(generator), key: 'token' }));
  }

  private tokenRefresh(props: SecretlessRepositoryAccessProps): RefreshPolicy | undefined {
    return props.tokenRefreshInterval !== undefined ? RefreshPolicy.periodic(props.tokenRefreshInterval) : undefined;
  }

  /** `GithubTokenPlacement.CREDENTIAL_TEMPLATE`: one template holding the token for the owner's URL prefix. */
  private createCredentialTemplate(props: SecretlessRepositoryAccessProps, name: string, host: string): ArgoCdRepoCredentials {
    return new ArgoCdRepoCredentials(this, 'Credentials', {
      metadata: { name: `${name}-creds` },
      argoCdNamespace: this.argoCdNamespace,
      // Argo CD matches templates by plain string prefix and keeps a trailing '/', which stops this
      // template from also matching the repositories of an owner such as `my-org-other`
      url: `https://${host}/${props.owner}/`,
      credentials: this.token(this.generatorList[0]),
      refresh: this.tokenRefresh(props),
    });
  }

  /** The project-scoped repository Secrets, holding the token unless the credential template does. */
  private createRepositories(props: SecretlessRepositoryAccessProps, parsed: ParsedRepository[], secretNames: string[]): ArgoCdRepository[] {
    const perRepository = this.tokenPlacement === GithubTokenPlacement.REPOSITORY;
    return props.repositories.map((r, i) => new ArgoCdRepository(this, `Repository${i}`, {
      metadata: { name: secretNames[i] },
      argoCdNamespace: this.argoCdNamespace,
      url: parsed[i].url,
      project: r.allowAllProjects !== undefined ? undefined : r.project ?? props.project,
      allowAllProjects: r.allowAllProjects,
      credentials: perRepository ? this.token(this.generatorList[i]) : RepositoryCredentials.none(),
      refresh: perRepository ? this.tokenRefresh(props) : undefined,
    }));
  }

  /** The project-scoped repository Secrets, in the order given. */
  public get repositories(): ArgoCdRepository[] {
    return [...this.repositoryList];
  }

  /**
   * The generators issuing the tokens: with `GithubTokenPlacement.REPOSITORY` one per repository, in the order
   * of `repositories` and scoped to that repository alone; with `GithubTokenPlacement.CREDENTIAL_TEMPLATE` the
   * template's one generator, scoped to every listed repository.
   */
  public get generators(): GithubAccessToken[] {
    return [...this.generatorList];
  }

  /** The repositories the tokens are scoped to (names without the owner), in the order given. */
  public get repositoryNames(): string[] {
    return [...this.repositoryNameList];
  }

  /** Re-reads the rendered generators: each one's scope and key must still be what its repositories need. */
  private crossCheck(): string[] {
    const perRepository = this.tokenPlacement === GithubTokenPlacement.REPOSITORY;
    return this.generatorList.flatMap((generator, i) =>
      this.generatorProblems(generator, perRepository ? [this.repositoryNameList[i]] : this.repositoryNameList));
  }

  private generatorProblems(generator: GithubAccessToken, repositories: string[]): string[] {
    const errors: string[] = [];
    const spec = ApiObject.of(generator).toJson().spec ?? {};
    const scoped: string[] = sortedStrings(spec.repositories ?? []);
    const expected = sortedStrings(repositories);
    if (JSON.stringify(scoped) !== JSON.stringify(expected)) {
      errors.push(`GithubAccessToken '${generator.name}' is scoped to ${spec.repositories === undefined ? 'every repository of the installation' : JSON.stringify(scoped)}, but the Argo CD ${expected.length === 1 ? 'repository it serves is' : 'repositories are'} ${JSON.stringify(expected)}; keep the token's repositories equal to the repository URLs`);
    }
    const keyRef = spec.auth?.privateKey?.secretRef;
    if (keyRef?.name !== this.privateKeySecret.targetName || keyRef?.key !== PRIVATE_KEY_KEY) {
      errors.push(`GithubAccessToken '${generator.name}' signs with ${JSON.stringify(keyRef)}, not the private key Secret ${JSON.stringify({ name: this.privateKeySecret.targetName, key: PRIVATE_KEY_KEY })} this pattern brings into ${this.argoCdNamespace}; keep the reference`);
    }
    return errors;
  }
}

/** The Git host of github.com or of a GitHub Enterprise Server API base URL. */
function gitHost(scope: IConstruct, enterpriseBaseUrl: string | undefined): string {
  if (enterpriseBaseUrl === undefined) return 'github.com';
  let url: URL | undefined;
  try {
    url = new URL(enterpriseBaseUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || /\s/.test(enterpriseBaseUrl)) {
    throw new ValidationError(`'enterpriseBaseUrl' (${JSON.stringify(enterpriseBaseUrl)}) must be the https API base URL of GitHub Enterprise Server, without user info, query or fragment; e.g. "https://ghe.example.com/api/v3"`, scope);
  }
  if (url.hostname === 'github.com' || url.hostname === 'api.github.com') {
    throw new ValidationError(`'enterpriseBaseUrl' (${JSON.stringify(enterpriseBaseUrl)}) is github.com's own API; omit it`, scope);
  }
  return url.host.replace(/^api\./, '');
}

/** `https://<host>/<owner>/<repository>[.git]`, returning the URL without a trailing slash and the repository name. */
function parseRepositoryUrl(scope: IConstruct, prop: string, url: string, host: string, owner: string): ParsedRepository {
  const example = `"https://${host}/${owner}/app-config"`;
  if (typeof url !== 'string' || !url.startsWith('https://')) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) must be an https URL: Argo CD sends the installation token as an https password (user name x-access-token), ssh cannot carry it; e.g. ${example}`, scope);
  }
  const m = /^https:\/\/([^/@\s?#]+)\/([^/\s?#]+)\/([^/\s?#]+?)(\.git)?\/?$/.exec(url);
  if (!m) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) must be a repository URL https://${host}/<owner>/<repository>, without user info, deeper paths, query or fragment; e.g. ${example}`, scope);
  }
  if (m[1].toLowerCase() !== host.toLowerCase()) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) is not on ${host}, where the App's tokens are valid; ${host === 'github.com' ? 'set \'enterpriseBaseUrl\' for GitHub Enterprise Server, or ' : ''}use a URL such as ${example}`, scope);
  }
  if (m[2].toLowerCase() !== owner.toLowerCase()) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) belongs to ${JSON.stringify(m[2])}, not to the owner ${JSON.stringify(owner)} whose installation issues the token; use a repository of ${owner}, or another SecretlessRepositoryAccess for ${m[2]}`, scope);
  }
  if (!REPOSITORY_NAME.test(m[3])) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) does not end in a GitHub repository name (1 to 100 letters, digits, '.', '_' or '-'); e.g. ${example}`, scope);
  }
  return { url: url.replace(/\/$/, ''), repository: m[3] };
}

/** A repository name as part of a DNS subdomain: lowercase, other characters runs replaced by '-'. */
function dnsPart(repository: string): string {
  return repository.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'repository';
}

/** Milliseconds of an optional refresh interval, at least one minute. */
function checkInterval(scope: IConstruct, prop: string, interval: Duration | undefined): number | undefined {
  return interval === undefined ? undefined : durationMillis(scope, prop, interval, { min: MIN_REFRESH });
}
