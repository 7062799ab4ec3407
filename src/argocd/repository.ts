import { ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AppProject, IAppProject } from './app-project';
import { INSECURE_TLS_REASON_ANNOTATION } from './cluster';
import { argoCdNamespaceOf, checkArgoCdNamespace, keepGeneratedName, SECRET_TYPE_LABEL, validateRepoUrl } from './private';
import type { ArgoCdRepoCredentialsProps } from './repo-credentials';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateSecretKey } from '../common/names';
import { validateReason } from '../common/reason';
import { shownUrl } from '../common/redact';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';
import { DataFromSource, RemoteRef, REMOTE_REF_REQUIRED, renderRemoteRef } from '../external-secrets/data-source';
import { ExternalSecret } from '../external-secrets/external-secret';
import { RefreshPolicy } from '../external-secrets/refresh-policy';
import { ISecretStore } from '../external-secrets/secret-store-ref';
import { CreationPolicy, TargetLifecycle } from '../external-secrets/target-lifecycle';
import { SecretTemplate, SecretType, TemplateValue } from '../external-secrets/template';

/** The `type` key of a repository or credential template. */
export enum RepositoryType {
  /** A Git repository (what Argo CD assumes when `type` is empty). */
  GIT = 'git',
  /** A Helm chart repository (`name` is then required). */
  HELM = 'helm',
  /** An OCI registry holding manifests or charts (`oci://` URLs). */
  OCI = 'oci',
}

/** Options of `CredentialSource.fromDataSource()`. */
export interface CredentialDataSourceOptions {
  /**
   * The store the ExternalSecret reads through; required for store sources (`extract`, `find`).
   *
   * @default - none, for a generator source (`DataFromSource.generator()`)
   */
  readonly store?: ISecretStore;
  /**
   * A `dataFrom` source, e.g. `DataFromSource.extract({ key: 'github/argocd' })` or
   * `DataFromSource.generator(githubAccessToken)`.
   */
  readonly source: DataFromSource;
  /** The key of the source's output that holds the value, e.g. `token`. */
  readonly key: string;
}

/**
 * Where ESO reads one sensitive value of an Argo CD Secret: a remote value through a store, or a named
 * output key of a `dataFrom` source. Values themselves are never accepted.
 */
export class CredentialSource {
  /** One value of the secret manager, read through `store`. */
  public static fromStore(store: ISecretStore, ref: RemoteRef): CredentialSource {
    requireProps(ref, 'RemoteRef', REMOTE_REF_REQUIRED);
    renderRemoteRef(ref);
    return new CredentialSource(store, ref, undefined, undefined);
  }

  /**
   * One output key of a `dataFrom` source (all keys of a structured remote secret, or a generator's output
   * such as a GitHub token). Several credential values may share the same source object; it is read once.
   */
  public static fromDataSource(options: CredentialDataSourceOptions): CredentialSource {
    requireProps(options, 'CredentialDataSourceOptions', ['source', 'key']);
    validateSecretKey(undefined, 'key', options.key);
    const generator = options.source._generator();
    if (generator === undefined && options.store === undefined) {
      throw new ValidationError('\'store\' is required for a store data source (extract or find); pass the SecretStore it reads through');
    }
    if (generator !== undefined && options.store !== undefined) {
      throw new ValidationError(`'store' is set for a generator source (${generator.kind} '${generator.name}'), which reads no store; remove it`);
    }
    if (generator !== undefined && !generator.outputKeys.includes(options.key)) {
      throw new ValidationError(`'key' (${options.key}) is not an output of ${generator.kind} '${generator.name}' (outputs: ${generator.outputKeys.join(', ')}); use one of them or rename with a Rewrite`);
    }
    return new CredentialSource(options.store, undefined, options.source, options.key);
  }

  /**
   * The store the ExternalSecret reads through.
   *
   * @default - none, for a generator source
   */
  public readonly store?: ISecretStore;
  /** @internal */
  public readonly _ref?: RemoteRef;
  /** @internal */
  public readonly _source?: DataFromSource;
  /** @internal */
  public readonly _key?: string;

  private constructor(store: ISecretStore | undefined, ref: RemoteRef | undefined, source: DataFromSource | undefined, key: string | undefined) {
    this.store = store;
    this._ref = ref;
    this._source = source;
    this._key = key;
  }
}

/** Options of `RepositoryCredentials.usernamePassword()`. */
export interface UsernamePasswordCredentialsOptions {
  /**
   * The user name, written into the template as text. Refused when it holds a credential (a token given as the
   * user name would be committed to Git); give `usernameFrom` for a user name that is itself secret.
   *
   * @default - give `usernameFrom` instead
   */
  readonly username?: string;
  /**
   * The user name, read from the secret manager.
   *
   * @default - give `username` instead
   */
  readonly usernameFrom?: CredentialSource;
  /** Where the password (or access token) is read. */
  readonly password: CredentialSource;
}

/** Options of `RepositoryCredentials.githubApp()`. */
export interface GithubAppCredentialsOptions {
  /** The GitHub App's numeric ID (`githubAppID`). */
  readonly appId: number;
  /**
   * The numeric installation ID (`githubAppInstallationID`).
   *
   * @default - Argo CD discovers the installation of the repository's organization
   */
  readonly installationId?: number;
  /** Where the App's PEM private key is read (`githubAppPrivateKey`). */
  readonly privateKey: CredentialSource;
  /**
   * The GitHub Enterprise API base URL, e.g. `https://ghe.example.com/api/v3` (`githubAppEnterpriseBaseUrl`).
   *
   * @default - github.com
   */
  readonly enterpriseBaseUrl?: string;
}

/** Options of `RepositoryCredentials.azureServicePrincipal()`. */
export interface AzureServicePrincipalCredentialsOptions {
  /** The Entra ID application (client) ID, a GUID. */
  readonly clientId: string;
  /** The Entra ID tenant ID, a GUID. */
  readonly tenantId: string;
  /** Where the client secret is read (`azureServicePrincipalClientSecret`). */
  readonly clientSecret: CredentialSource;
  /**
   * The Active Directory endpoint of a sovereign cloud, https.
   *
   * @default - Argo CD's default, the public cloud
   */
  readonly activeDirectoryEndpoint?: string;
}

/** The Argo CD Secret a set of keys is written into; only the Azure spellings differ between them. */
export enum ArgoCdRepositorySecretKind {
  /** `argocd.argoproj.io/secret-type: repository`. */
  REPOSITORY = 'repository',
  /** `argocd.argoproj.io/secret-type: repo-creds`. */
  REPO_CREDS = 'repo-creds',
}

/** Which URLs a credential method works with. */
enum Transport {
  ANY = 'any',
  NOT_SSH = 'https or oci',
  HTTPS_GIT = 'https git',
  SSH_GIT = 'ssh git',
}

/** One key of the rendered Secret: fixed text, or a value ESO fetches. */
export interface SecretEntry {
  readonly key: string;
  readonly text?: string;
  readonly source?: CredentialSource;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * How Argo CD authenticates to a repository, or to every repository under a URL prefix. Sensitive parts
 * are `CredentialSource`s: ESO fetches them, the synthesized output only references them.
 */
export class RepositoryCredentials {
  /** No credentials: a public repository, or one that takes its credentials from a matching repo-creds template. */
  public static none(): RepositoryCredentials {
    return new RepositoryCredentials('none', Transport.ANY, () => []);
  }

  /** HTTPS basic authentication (Git, Helm or an OCI registry). */
  public static usernamePassword(options: UsernamePasswordCredentialsOptions): RepositoryCredentials {
    requireProps(options, 'UsernamePasswordCredentialsOptions', ['password']);
    refuseCredential(undefined, 'username', options.username);
    if ((options.username === undefined) === (options.usernameFrom === undefined)) {
      throw new ValidationError('\'username\' and \'usernameFrom\' are exclusive and one is required; give the user name as text or where to read it');
    }
    if (options.username !== undefined && (options.username.trim() === '' || /[\s:]/.test(options.username))) {
      throw new ValidationError(`'username' (${JSON.stringify(options.username)}) must be a non-empty user name without whitespace or ':'`);
    }
    return new RepositoryCredentials('usernamePassword', Transport.NOT_SSH, () => [
      { key: 'username', text: options.username, source: options.usernameFrom },
      { key: 'password', source: options.password },
    ]);
  }

  /**
   * An access token (a GitHub App installation token, a fine-grained PAT, a GitLab or Quay token) used as the
   * password with user name `x-access-token`, which GitHub requires for installation tokens and Argo CD
   * itself uses for them.
   */
  public static token(token: CredentialSource): RepositoryCredentials {
    return new RepositoryCredentials('token', Transport.NOT_SSH, () => [
      { key: 'username', text: 'x-access-token' },
      { key: 'password', source: token },
    ]);
  }

  /** A GitHub App: Argo CD exchanges the App's private key for installation tokens itself. */
  public static githubApp(options: GithubAppCredentialsOptions): RepositoryCredentials {
    requireProps(options, 'GithubAppCredentialsOptions', ['appId', 'privateKey']);
    const appId = positiveId('appId', options.appId);
    const installationId = options.installationId === undefined ? undefined : positiveId('installationId', options.installationId);
    refuseCredential(undefined, 'enterpriseBaseUrl', options.enterpriseBaseUrl);
    if (options.enterpriseBaseUrl !== undefined) httpsUrl('enterpriseBaseUrl', options.enterpriseBaseUrl, 'https://ghe.example.com/api/v3');
    return new RepositoryCredentials('githubApp', Transport.HTTPS_GIT, () => [
      { key: 'githubAppID', text: appId },
      ...(installationId !== undefined ? [{ key: 'githubAppInstallationID', text: installationId }] : []),
      { key: 'githubAppPrivateKey', source: options.privateKey },
      ...(options.enterpriseBaseUrl !== undefined ? [{ key: 'githubAppEnterpriseBaseUrl', text: options.enterpriseBaseUrl }] : []),
    ], options.enterpriseBaseUrl === undefined);
  }

  /** An SSH private key for an ssh Git URL; the host key must be in `argocd-ssh-known-hosts-cm`. */
  public static sshPrivateKey(privateKey: CredentialSource): RepositoryCredentials {
    return new RepositoryCredentials('sshPrivateKey', Transport.SSH_GIT, () => [{ key: 'sshPrivateKey', source: privateKey }]);
  }

  /** A Google Cloud service account key (JSON) for Google Cloud Source repositories. */
  public static gcpServiceAccountKey(key: CredentialSource): RepositoryCredentials {
    return new RepositoryCredentials('gcpServiceAccountKey', Transport.HTTPS_GIT, () => [{ key: 'gcpServiceAccountKey', source: key }]);
  }

  /**
   * An Azure service principal (Azure DevOps or Azure Container Registry). The client and tenant ID keys are
   * spelled `...ClientId`/`...TenantId` in repository Secrets and `...ClientID`/`...TenantID` in repo-creds;
   * the right spelling is chosen for the Secret the credentials end up in.
   */
  public static azureServicePrincipal(options: AzureServicePrincipalCredentialsOptions): RepositoryCredentials {
    requireProps(options, 'AzureServicePrincipalCredentialsOptions', ['clientId', 'tenantId', 'clientSecret']);
    if (!GUID.test(options.clientId)) {
      throw new ValidationError(`'clientId' (${JSON.stringify(options.clientId)}) must be the application (client) ID, a GUID such as "00000000-0000-0000-0000-000000000000"`);
    }
    if (!GUID.test(options.tenantId)) {
      throw new ValidationError(`'tenantId' (${JSON.stringify(options.tenantId)}) must be the tenant ID, a GUID such as "00000000-0000-0000-0000-000000000000"`);
    }
    refuseCredential(undefined, 'activeDirectoryEndpoint', options.activeDirectoryEndpoint);
    if (options.activeDirectoryEndpoint !== undefined) httpsUrl('activeDirectoryEndpoint', options.activeDirectoryEndpoint, 'https://login.microsoftonline.us');
    return new RepositoryCredentials('azureServicePrincipal', Transport.NOT_SSH, kind => {
      const id = kind === ArgoCdRepositorySecretKind.REPO_CREDS ? 'ID' : 'Id';
      return [
        { key: `azureServicePrincipalClient${id}`, text: options.clientId.toLowerCase() },
        { key: 'azureServicePrincipalClientSecret', source: options.clientSecret },
        { key: `azureServicePrincipalTenant${id}`, text: options.tenantId.toLowerCase() },
        ...(options.activeDirectoryEndpoint !== undefined ? [{ key: 'azureActiveDirectoryEndpoint', text: options.activeDirectoryEndpoint }] : []),
      ];
    });
  }

  /** Azure workload identity of the repo-server: no secret at all (`useAzureWorkloadIdentity: "true"`). */
  public static azureWorkloadIdentity(): RepositoryCredentials {
    return new RepositoryCredentials('azureWorkloadIdentity', Transport.NOT_SSH, () => [{ key: 'useAzureWorkloadIdentity', text: 'true' }]);
  }

  /** The method's name, e.g. `githubApp`. */
  public readonly method: string;
  private readonly transport: Transport;
  private readonly render: (kind: ArgoCdRepositorySecretKind) => SecretEntry[];
  private readonly githubDotCom: boolean;

  private constructor(method: string, transport: Transport, render: (kind: ArgoCdRepositorySecretKind) => SecretEntry[], githubDotCom = false) {
    this.method = method;
    this.transport = transport;
    this.render = render;
    this.githubDotCom = githubDotCom;
  }

  /**
   * The keys for a Secret of `kind`, after checking that the method fits the URL and repository type.
   *
   * @internal
   */
  public _entries(scope: IConstruct, kind: ArgoCdRepositorySecretKind, url: string, type: RepositoryType): SecretEntry[] {
    const ssh = isSshUrl(url);
    const fits = this.transport === Transport.ANY
      || (this.transport === Transport.NOT_SSH && !ssh)
      || (this.transport === Transport.SSH_GIT && ssh && type === RepositoryType.GIT)
      || (this.transport === Transport.HTTPS_GIT && url.startsWith('https://') && type === RepositoryType.GIT);
    if (!fits) {
      throw new ValidationError(`'credentials' (${this.method}) work only with ${this.transport} URLs, not ${shownUrl(url)} of type ${type}; use ${ssh ? 'RepositoryCredentials.sshPrivateKey()' : 'an https URL'} or other credentials`, scope);
    }
    if (this.githubDotCom && !/^https:\/\/github\.com(\/|$)/i.test(url)) {
      throw new ValidationError(`'url' (${shownUrl(url)}) is not on github.com, so Argo CD would ask api.github.com for the App's tokens; set 'enterpriseBaseUrl', e.g. "https://ghe.example.com/api/v3"`, scope);
    }
    return this.render(kind);
  }

  /** @internal */
  public get _basicAuth(): boolean {
    return this.method === 'usernamePassword' || this.method === 'token';
  }
}

/** Settings shared by repositories and credential templates. */
export interface RepositorySecretOptions {
  /**
   * The ExternalSecret's metadata (or the Secret's, when no key is sensitive and a plain Secret is emitted).
   * The `argocd.argoproj.io/secret-type` label is set on the generated Secret and must not be given here. A
   * label or annotation value is refused when it holds a credential, judged also by its key (it would be
   * committed to Git).
   *
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The namespace Argo CD runs in; everything is created there.
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * The repository type.
   *
   * @default RepositoryType.GIT
   */
  readonly type?: RepositoryType;
  /** How Argo CD authenticates. */
  readonly credentials: RepositoryCredentials;
  /**
   * A Helm repository stored in an OCI registry (`enableOCI: "true"`); only with `RepositoryType.HELM`.
   *
   * @default false
   */
  readonly enableOci?: boolean;
  /**
   * Send basic authentication without waiting for a challenge (`forceHttpBasicAuth: "true"`); only with
   * username/password or token credentials.
   *
   * @default false
   */
  readonly forceHttpBasicAuth?: boolean;
  /**
   * An http(s) proxy URL, without user info. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - none (the repo-server's environment applies)
   */
  readonly proxy?: string;
  /**
   * Hosts, domains or CIDRs reached without the proxy.
   *
   * @default - none
   */
  readonly noProxy?: string[];
  /**
   * Skip TLS verification and SSH host key checking (`insecure: "true"`). The value is the written reason,
   * kept in the `zero-trust.cdk8s.io/insecure-tls-reason` annotation. Repositories only: Argo CD does not
   * read it from repo-creds.
   *
   * @default - verified
   */
  readonly acknowledgeInsecure?: string;
  /**
   * When ESO re-reads the sensitive values; for a generator, below its lifetime.
   *
   * @default - the ExternalSecret default: periodic, hourly for store data and at half the lifetime of a
   * rotating generator's output (30 minutes for a GitHub installation token)
   */
  readonly refresh?: RefreshPolicy;
  /**
   * How ESO creates and deletes the Secret; merging into an existing Secret is refused.
   *
   * @default TargetLifecycle.owned()
   */
  readonly lifecycle?: TargetLifecycle;
}

/**
 * What `ArgoCdRepositoryProps` and `ArgoCdRepoCredentialsProps` declare without '?': each declares `url` and
 * inherits `credentials`.
 */
export const REPOSITORY_SECRET_REQUIRED: readonly (keyof ArgoCdRepositoryProps & keyof ArgoCdRepoCredentialsProps & string)[] = ['url', 'credentials'];

/** Props of `ArgoCdRepository`. */
export interface ArgoCdRepositoryProps extends RepositorySecretOptions {
  /**
   * The repository URL: https, ssh (`git@host:path` or `ssh://`), `oci://`, or a registry path for Helm OCI.
   * Refused when it holds a credential, e.g. a token in its query (it would be committed to Git).
   */
  readonly url: string;
  /**
   * The display name (`name`); required for Helm repositories. Refused when it holds a credential (it would be
   * committed to Git).
   *
   * @default - none
   */
  readonly name?: string;
  /**
   * The one project whose Applications may use the repository (`project`). Its `sourceRepos` must permit
   * the URL (checked at synth for projects defined in this app).
   *
   * @default - none; then `allowAllProjects` must be given
   */
  readonly project?: IAppProject;
  /**
   * Make the repository (and its credentials) usable by every project: the written reason why (it acknowledges
   * ZT-ARGO2 on the repository).
   *
   * @default - only `project`
   */
  readonly allowAllProjects?: string;
}

/**
 * An Argo CD repository or credential template defined in this app: the Secret Argo CD reads (`name`, and
 * `namespace`, the Argo CD namespace), produced by an ExternalSecret when a key is sensitive.
 */
export interface IArgoCdRepositorySecret extends INamespacedResource {
  /** The URL (a prefix for credential templates). */
  readonly url: string;
}

/** An Argo CD repository defined in this app. */
export interface IArgoCdRepository extends IArgoCdRepositorySecret {
  /**
   * The project the repository is scoped to.
   *
   * @default - every project
   */
  readonly project?: IAppProject;
}

/** What `buildArgoCdSecret` needs besides the shared options. */
export interface ArgoCdSecretRequest {
  readonly kind: ArgoCdRepositorySecretKind;
  readonly url: string;
  /** The Argo CD namespace, checked. */
  readonly namespace: string;
  readonly options: RepositorySecretOptions;
  /** Keys only one of the two kinds has (`name`, `project`). */
  readonly extraEntries: SecretEntry[];
}

/** What `buildArgoCdSecret` produced. */
export interface ArgoCdSecretResult {
  /** The name of the Secret Argo CD reads. */
  readonly name: string;
  /** The ExternalSecret producing it, when any key is sensitive. */
  readonly externalSecret?: ExternalSecret;
}

/** The options of `buildArgoCdSecret`'s request, checked. */
interface CheckedSecretOptions {
  readonly metadata: ApiObjectMetadata;
  readonly type: RepositoryType;
  readonly insecureReason?: string;
  readonly lifecycle: TargetLifecycle;
}

/**
 * Builds the Secret Argo CD reads, under construct id `Resource`: through an ExternalSecret whose template
 * carries the secret-type label when any key is sensitive, else as a plain Secret holding only settings.
 */
export function buildArgoCdSecret(scope: Construct, request: ArgoCdSecretRequest): ArgoCdSecretResult {
  const checked = checkSecretOptions(scope, request);
  const entries = secretEntries(scope, request, checked);
  const annotations: { [key: string]: string } = checked.insecureReason !== undefined
    ? { [INSECURE_TLS_REASON_ANNOTATION]: checked.insecureReason }
    : {};
  const metadata = { ...checked.metadata, annotations: { ...checked.metadata.annotations, ...annotations } };
  if (entries.every(e => e.source === undefined)) {
    const { refresh, lifecycle } = request.options;
    if (refresh !== undefined || lifecycle !== undefined) {
      throw new ValidationError('\'refresh\' and \'lifecycle\' apply to the ExternalSecret, but these credentials hold nothing sensitive and a plain Secret is emitted; remove them', scope);
    }
    const stringData = Object.fromEntries(entries.map(e => [e.key, e.text!]));
    const secret = new ArgoCdSettingsSecret(scope, { ...metadata, labels: { ...metadata.labels, [SECRET_TYPE_LABEL]: request.kind } }, stringData);
    return { name: secret.name };
  }
  const template = new SecretTemplate({ type: SecretType.OPAQUE, labels: { [SECRET_TYPE_LABEL]: request.kind }, annotations });
  const externalSecret = new ExternalSecret(scope, 'Resource', {
    metadata,
    store: credentialStore(scope, request.namespace, entries),
    refresh: request.options.refresh,
    lifecycle: checked.lifecycle,
    template,
  });
  addCredentialData(scope, externalSecret, template, entries);
  return { name: externalSecret.targetName, externalSecret };
}

/** Checks the metadata and settings shared by repositories and templates (the Resource checks the rest). */
function checkSecretOptions(scope: Construct, request: ArgoCdSecretRequest): CheckedSecretOptions {
  const { kind, options } = request;
  const metadata = { ...options.metadata, namespace: request.namespace };
  if (metadata.name === 'argocd-secret') {
    throw new ValidationError('\'metadata.name\' ("argocd-secret") is Argo CD\'s own settings Secret, which an owned ExternalSecret would replace; choose another name', scope);
  }
  if (metadata.labels?.[SECRET_TYPE_LABEL] !== undefined) {
    throw new ValidationError(`'metadata.labels' sets ${SECRET_TYPE_LABEL}; the construct sets it to "${kind}" on the Secret Argo CD reads (not on the ExternalSecret), remove the label`, scope);
  }
  const type = options.type ?? RepositoryType.GIT;
  if (options.enableOci && type !== RepositoryType.HELM) {
    throw new ValidationError(`'enableOci' only applies to Helm repositories (type ${type}); use type RepositoryType.HELM, or RepositoryType.OCI with an oci:// URL`, scope);
  }
  if (options.forceHttpBasicAuth && !options.credentials._basicAuth) {
    throw new ValidationError(`'forceHttpBasicAuth' needs username/password or token credentials, not ${options.credentials.method}; remove it`, scope);
  }
  const insecureReason = options.acknowledgeInsecure === undefined
    ? undefined
    : validateReason(scope, 'acknowledgeInsecure', options.acknowledgeInsecure, 'why TLS verification is skipped (remove it to verify the server)');
  const lifecycle = options.lifecycle ?? TargetLifecycle.owned();
  if (lifecycle.creationPolicy !== CreationPolicy.OWNER && lifecycle.creationPolicy !== CreationPolicy.ORPHAN) {
    throw new ValidationError(`'lifecycle' (creationPolicy ${lifecycle.creationPolicy}) would not create the labelled Secret itself; use TargetLifecycle.owned() or orphan()`, scope);
  }
  return { metadata, type, insecureReason, lifecycle };
}

/** Every key of the Secret Argo CD reads, in the order Argo CD documents them. */
function secretEntries(scope: Construct, request: ArgoCdSecretRequest, checked: CheckedSecretOptions): SecretEntry[] {
  const { kind, url, options } = request;
  return [
    { key: 'url', text: url },
    { key: 'type', text: checked.type },
    ...request.extraEntries,
    ...options.credentials._entries(scope, kind, url, checked.type),
    ...(options.enableOci ? [{ key: 'enableOCI', text: 'true' }] : []),
    ...(options.forceHttpBasicAuth ? [{ key: 'forceHttpBasicAuth', text: 'true' }] : []),
    ...(checked.insecureReason !== undefined ? [{ key: 'insecure', text: 'true' }] : []),
    ...proxyEntries(scope, options.proxy, options.noProxy),
  ];
}

/** The one store the sensitive values are read through, usable from the Argo CD namespace; none for a generator. */
function credentialStore(scope: Construct, namespace: string, entries: SecretEntry[]): ISecretStore | undefined {
  const sensitive = entries.filter(e => e.source !== undefined);
  const stores = [...new Set(sensitive.flatMap(e => (e.source!.store ? [e.source!.store] : [])))];
  if (stores.length > 1) {
    throw new ValidationError(`'credentials' read through stores ${stores.map(s => `'${s.name}'`).join(' and ')}; one ExternalSecret reads through one store, so read every value through the same store`, scope);
  }
  const generated = sensitive.filter(e => e.source!._source?._generator() !== undefined);
  if (generated.length > 0 && generated.length < sensitive.length) {
    const other = sensitive.find(e => !generated.includes(e))!;
    throw new ValidationError(`'credentials' mix generator output ('${generated[0].key}') with store data ('${other.key}'), which would share one refresh policy; give '${other.key}' as text, or read everything from the store`, scope);
  }
  const store = stores.length > 0 ? stores[0] : undefined;
  if (store !== undefined && store.allowsNamespace(namespace) === false) {
    throw new ValidationError(`'credentials' are read through ${store.storeKind} '${store.name}', which an ExternalSecret in the Argo CD namespace ${JSON.stringify(namespace)} cannot use; use a SecretStore in ${JSON.stringify(namespace)} or a ClusterSecretStore whose conditions select it`, scope);
  }
  return store;
}

/** Settings become template literals; sensitive values are fetched (`data`, `dataFrom`) and referenced. */
function addCredentialData(scope: Construct, externalSecret: ExternalSecret, template: SecretTemplate, entries: SecretEntry[]): void {
  const dataKeys = new Set(entries.filter(e => e.source?._ref !== undefined).map(e => e.key));
  const sources: DataFromSource[] = [];
  for (const entry of entries) {
    const source = entry.source;
    if (source === undefined) {
      template.addData(entry.key, TemplateValue.literal(entry.text!));
    } else if (source._ref !== undefined) {
      externalSecret.addData(entry.key, source._ref);
      template.addData(entry.key, TemplateValue.ref(entry.key));
    } else {
      if (dataKeys.has(source._key!)) {
        throw new ValidationError(`'key' (${source._key}) of the data source feeding '${entry.key}' is also the key fetched for '${source._key}', and ESO would overwrite one with the other; rename it with a Rewrite on the data source`, scope);
      }
      if (!sources.includes(source._source!)) {
        sources.push(source._source!);
        externalSecret.addDataFrom(source._source!);
      }
      template.addData(entry.key, TemplateValue.ref(source._key!));
    }
  }
}

/**
 * The plain Secret of a repository or template without sensitive values, at `<owner>/Resource`. Earlier versions
 * wrote it as a bare ApiObject at that path; its name stays the one cdk8s generated for it there.
 */
// not cdk8s-plus-28's Secret: it always writes `immutable: false`, which these Secrets have never carried
class ArgoCdSettingsSecret extends Resource {
  private readonly stringData: { [key: string]: string };

  public constructor(owner: Construct, metadata: ApiObjectMetadata, stringData: { [key: string]: string }) {
    super(owner, 'Resource', { apiVersion: 'v1', kind: 'Secret', namespaced: true, bodyFields: ['type', 'stringData'] },
      { metadata: keepGeneratedName(owner, 'Resource', 'Secret', metadata) });
    this.stringData = stringData;
  }

  /** @internal */
  public _renderBody(): { [field: string]: any } {
    return { type: 'Opaque', stringData: { ...this.stringData } };
  }
}

/**
 * An Argo CD repository (`argocd.argoproj.io/secret-type: repository`). When its credentials hold a
 * sensitive value, an ExternalSecret in the Argo CD namespace produces the Secret: settings are template
 * literals, sensitive keys come from the secret manager or a generator, and the label sits in the
 * template's metadata, on the Secret Argo CD reads. Without sensitive values a plain Secret is emitted.
 * `ApiObject.of(repository)` is the ExternalSecret, or the plain Secret.
 */
export class ArgoCdRepository extends Construct implements IArgoCdRepository {
  public readonly url: string;
  /** The name of the Secret Argo CD reads. */
  public readonly name: string;
  /** The Argo CD namespace, where the Secret (and its ExternalSecret) live; always set. */
  public readonly namespace?: string;
  /** `v1`: the Secret Argo CD reads. */
  public readonly apiVersion: string = 'v1';
  /** `Secret`: the Secret Argo CD reads. */
  public readonly kind: string = 'Secret';
  public readonly project?: IAppProject;
  /** The repository type. */
  public readonly type: RepositoryType;
  /** The ExternalSecret producing the Secret, when any key is sensitive. */
  public readonly externalSecret?: ExternalSecret;

  public constructor(scope: Construct, id: string, props: ArgoCdRepositoryProps) {
    super(scope, id);
    requireProps(props, 'ArgoCdRepositoryProps', REPOSITORY_SECRET_REQUIRED, this);
    this.type = props.type ?? RepositoryType.GIT;
    refuseCredential(this, 'name', props.name);
    this.url = validateUrlForType(this, 'url', props.url, this.type, props.enableOci ?? false);
    this.checkDisplayName(props.name);
    const namespace = checkArgoCdNamespace(this, 'repository Secret', props.argoCdNamespace, props.metadata);
    this.namespace = namespace;
    this.project = this.checkProjectScope(props);
    const result = buildArgoCdSecret(this, {
      kind: ArgoCdRepositorySecretKind.REPOSITORY,
      url: this.url,
      namespace,
      options: props,
      extraEntries: [
        ...(props.name !== undefined ? [{ key: 'name', text: props.name }] : []),
        ...(props.project !== undefined ? [{ key: 'project', text: props.project.name }] : []),
      ],
    });
    this.name = result.name;
    this.externalSecret = result.externalSecret;
    this.checkSourceReposAtSynth();
  }

  /** `name` is the repository's display name (Helm needs one). */
  private checkDisplayName(name: string | undefined): void {
    if (name !== undefined && (name.trim() !== name || name === '' || /[\r\n]/.test(name))) {
      throw new ValidationError(`'name' (${JSON.stringify(name)}) must be a non-empty single-line name without surrounding whitespace; e.g. "bitnami"`, this);
    }
    if (this.type === RepositoryType.HELM && name === undefined) {
      throw new ValidationError('\'name\' is required for Helm repositories: Argo CD needs it to add the repository to Helm; e.g. name: "bitnami"', this);
    }
  }

  /** One project in the Argo CD namespace, or every project for a written reason (ZT-ARGO2). */
  private checkProjectScope(props: ArgoCdRepositoryProps): IAppProject | undefined {
    const { project, allowAllProjects } = props;
    if (project !== undefined && allowAllProjects !== undefined) {
      throw new ValidationError('\'project\' and \'allowAllProjects\' are exclusive; keep the project (least privilege) or remove it', this);
    }
    if (project === undefined && allowAllProjects === undefined) {
      throw new ValidationError('\'project\' is missing: the repository and its credentials would be usable by every project; set project, or allowAllProjects to the reason', this);
    }
    if (allowAllProjects !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('allowAllProjects', 'ZT-ARGO2', allowAllProjects, 'why every project may use the repository and its credentials');
    }
    if (project !== undefined && argoCdNamespaceOf(project) !== this.namespace) {
      throw new ValidationError(`'project' (${project.name}) lives in namespace ${JSON.stringify(argoCdNamespaceOf(project))}, the repository in ${JSON.stringify(this.namespace)}; both must be in the Argo CD namespace`, this);
    }
    return project;
  }

  /** A project defined in this app must permit the URL in its sourceRepos, checked once every repo is added. */
  private checkSourceReposAtSynth(): void {
    const project = this.project;
    if (!(project instanceof AppProject)) return;
    this.node.addValidation({
      validate: () => project.permitsSourceRepo(this.url) ? [] : [
        `repository ${JSON.stringify(this.url)} is scoped to project '${project.name}', whose sourceRepos do not permit it; add it with project.addSourceRepo(${JSON.stringify(this.url)})`,
      ],
    });
  }
}

/** Whether a URL is an ssh one (`ssh://` or scp-like `user@host:path`). */
export function isSshUrl(url: string): boolean {
  return url.startsWith('ssh://') || /^[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+:/.test(url);
}

/** Checks a repository URL (or URL prefix) against its type. */
export function validateUrlForType(scope: IConstruct, prop: string, url: string, type: RepositoryType, enableOci: boolean): string {
  refuseCredential(scope, prop, url);
  if (url.trim() !== url || url === '' || url.includes('{{')) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) must be a URL without surrounding whitespace or templates; e.g. "https://github.com/my-org/app-config"`, scope);
  }
  if (type === RepositoryType.HELM && enableOci && !url.includes('://')) {
    if (!/^[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._\-/]*)?$/.test(url)) {
      throw new ValidationError(`'${prop}' (${shownUrl(url)}) must be a registry path for a Helm OCI repository; e.g. "registry.example.com/charts"`, scope);
    }
    return url;
  }
  try {
    validateRepoUrl(undefined, url);
  } catch (e) {
    throw new ValidationError((e as Error).message.replace('\'repoUrl\'', `'${prop}'`), scope);
  }
  if (type === RepositoryType.OCI && !url.startsWith('oci://')) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) must start with oci:// for an OCI repository; e.g. "oci://registry.example.com/manifests"`, scope);
  }
  if (type !== RepositoryType.OCI && url.startsWith('oci://') && !(type === RepositoryType.HELM && enableOci)) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) is an oci:// URL; set type RepositoryType.OCI (or HELM with enableOci)`, scope);
  }
  if (type === RepositoryType.HELM && !enableOci && !url.startsWith('https://')) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) must be an https URL for a Helm repository; e.g. "https://charts.example.com"`, scope);
  }
  if (/^https:\/\/[^/]*@/.test(url)) {
    throw new ValidationError(`'${prop}' (${shownUrl(url)}) contains user info; give the user name through credentials instead`, scope);
  }
  return url;
}

function proxyEntries(scope: IConstruct, proxy: string | undefined, noProxy: string[] | undefined): SecretEntry[] {
  const out: SecretEntry[] = [];
  refuseCredential(scope, 'proxy', proxy);
  if (proxy !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(proxy);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol) || /\s/.test(proxy)) {
      throw new ValidationError(`'proxy' (${shownUrl(proxy)}) must be an http or https URL; e.g. "http://proxy.example.com:3128"`, scope);
    }
    if (parsed.username !== '' || parsed.password !== '') {
      throw new ValidationError(`'proxy' (${shownUrl(proxy)}) contains user info, which would be a credential in Git; use a proxy that authenticates the repo-server otherwise`, scope);
    }
    out.push({ key: 'proxy', text: proxy });
  }
  if (noProxy !== undefined) {
    if (noProxy.length === 0) throw new ValidationError('\'noProxy\' is empty; omit it or list hosts such as ".example.com"', scope);
    for (const host of noProxy) {
      if (host === '' || /[\s,]/.test(host)) {
        throw new ValidationError(`'noProxy' entry ${JSON.stringify(host)} must be a host, domain or CIDR without whitespace or ','; e.g. ".example.com"`, scope);
      }
    }
    out.push({ key: 'noProxy', text: noProxy.join(',') });
  }
  return out;
}

function positiveId(prop: string, value: number): string {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ValidationError(`'${prop}' (${value}) must be a positive whole number, as GitHub shows it; e.g. 123456`);
  }
  return String(value);
}

function httpsUrl(prop: string, value: string, example: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || /\s/.test(value)) {
    throw new ValidationError(`'${prop}' (${shownUrl(value)}) must be an https URL without user info; e.g. "${example}"`);
  }
}
