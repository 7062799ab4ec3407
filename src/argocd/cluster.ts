import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IAppProject } from './app-project';
import { argoCdMetadata, argoCdNamespaceOf, checkArgoCdNamespace, SECRET_TYPE_LABEL, validateHttpsServer } from './private';
import { EXEC_PLUGIN_COMMAND, SPIFFE_ENDPOINT_SOCKET } from './spiffe-exec';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn, refuseCredentialWords } from '../common/literals';
import { validateDnsLabel } from '../common/names';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource } from '../common/resource';
import { sortedRecord, sortedStrings } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';
import { execEnvCredentialReason } from '../compliance/rules/secret-data';

/** The Kubernetes client authentication API the exec plugin speaks. */
export enum ExecCredentialApiVersion {
  /** `client.authentication.k8s.io/v1beta1`, what Argo CD's built-in and the SPIFFE plugins emit. */
  V1BETA1 = 'client.authentication.k8s.io/v1beta1',
  /** `client.authentication.k8s.io/v1`. */
  V1 = 'client.authentication.k8s.io/v1',
}

/** A command Argo CD runs to get a short-lived credential for the cluster (`execProviderConfig`). */
export interface ExecProviderOptions {
  /**
   * The command; it must exist in the Argo CD image (or a mounted volume). Refused when it holds a credential
   * (it would be committed to Git).
   */
  readonly command: string;
  /**
   * Arguments. Refused when one holds a credential (it would be committed to Git); an argument after a bare
   * flag is judged by the flag's name (`--token`, `<value>`). Let the plugin obtain its credential itself.
   *
   * @default - none
   */
  readonly args?: string[];
  /**
   * Environment variables. Names that suggest a secret value (token, password, secret, key) are rejected:
   * the exec plugin must obtain its credential itself. A value is refused when it holds a credential, judged by
   * its name and, as Argo CD's cluster Secret is read by the compliance pack, by its shape whatever the name: it
   * would be committed to Git.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * The ExecCredential API version.
   *
   * @default ExecCredentialApiVersion.V1BETA1
   */
  readonly apiVersion?: ExecCredentialApiVersion;
  /**
   * A message shown when the command is missing. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - none
   */
  readonly installHint?: string;
}

/** Options of `ClusterAuth.spiffeJwt`. */
export interface SpiffeJwtExecOptions {
  /** The audience of the JWT-SVID; must equal the spoke Authentication's audience, e.g. `openshift-spoke`. */
  readonly audience: string;
  /**
   * The SPIFFE Workload API socket. `ArgoCdInstance.spiffeJwtAuth()` uses the default, where the instance mounts it.
   *
   * @default 'unix:///run/spire/sockets/spire-agent.sock'
   */
  readonly endpointSocket?: string;
  /**
   * The plugin binary in the Argo CD pods. `ArgoCdInstance.spiffeJwtAuth()` uses the default, where the instance
   * copies it.
   *
   * @default '/binaries/k8s-spiffe-workload-jwt-exec-auth'
   */
  readonly command?: string;
}

/** Options of `ClusterAuth.aws`. */
export interface AwsClusterAuthOptions {
  /** The EKS cluster name. */
  readonly clusterName: string;
  /**
   * An IAM role to assume (an `arn:aws:iam::` ARN).
   *
   * @default - the Argo CD pod's own workload identity
   */
  readonly roleArn?: string;
}

/**
 * How Argo CD authenticates to a cluster. Only short-lived, workload-identity based methods are offered:
 * a static bearer token or password cannot be expressed.
 */
export class ClusterAuth {
  /** The SPIFFE JWT exec plugin: a JWT-SVID from the local SPIRE agent, audience-bound to the spoke cluster. */
  public static spiffeJwt(options: SpiffeJwtExecOptions): ClusterAuth {
    requireProps(options, 'SpiffeJwtExecOptions', ['audience']);
    if (options.audience.trim() === '' || /\s/.test(options.audience)) {
      throw new ValidationError(`'audience' (${JSON.stringify(options.audience)}) must be the spoke's OIDC audience without whitespace; e.g. "openshift-spoke"`);
    }
    const socket = options.endpointSocket ?? SPIFFE_ENDPOINT_SOCKET;
    if (!/^(unix:\/\/\/\S+|tcp:\/\/\S+)$/.test(socket)) {
      throw new ValidationError(`'endpointSocket' (${JSON.stringify(socket)}) must be a unix:/// or tcp:// address; e.g. "unix:///run/spire/sockets/spire-agent.sock"`);
    }
    const exec = ClusterAuth.exec({
      command: options.command ?? EXEC_PLUGIN_COMMAND,
      apiVersion: ExecCredentialApiVersion.V1BETA1,
      env: { SPIFFE_ENDPOINT_SOCKET: socket, SPIFFE_JWT_AUDIENCE: options.audience, EXEC_CREDENTIAL_VERSION: 'v1beta1' },
    });
    return new ClusterAuth(exec._config, options.audience);
  }

  /** Any exec credential plugin. */
  public static exec(options: ExecProviderOptions): ClusterAuth {
    requireProps(options, 'ExecProviderOptions', ['command']);
    // literals first: the messages below quote the command
    refuseCredential(undefined, 'command', options.command);
    refuseCredentialWords(undefined, 'args', options.args);
    refuseCredentialsIn(undefined, 'env', options.env);
    refuseCredential(undefined, 'installHint', options.installHint);
    if (options.command.trim() === '' || /\s/.test(options.command)) {
      throw new ValidationError(`'command' (${JSON.stringify(options.command)}) must be one executable path without whitespace; pass arguments in args`);
    }
    const env = options.env ?? {};
    for (const name of Object.keys(env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ValidationError(`'env' name ${JSON.stringify(name)} must be a valid environment variable name`);
      }
      // what ZT-SEC4 flags in the cluster Secret: a credential-like name, or a value shaped like a token
      const reason = execEnvCredentialReason(name, env[name]);
      if (reason === 'name') {
        throw new ValidationError(`'env' name ${JSON.stringify(name)} suggests a secret value, which would sit in Git; let the exec plugin obtain its credential from the workload identity`);
      }
      if (reason === 'value') {
        throw new ValidationError(`'env[${JSON.stringify(name)}]' holds a credential: a value shaped like a token (${String(env[name]).length} chars), which would sit in Git; let the exec plugin obtain its credential from the workload identity, and pass only settings (a socket path, a region, an audience)`);
      }
    }
    const apiVersion = options.apiVersion ?? ExecCredentialApiVersion.V1BETA1;
    // the config is a JSON text: its key order is written as is
    const envSorted = sortedRecord(env);
    return new ClusterAuth({
      execProviderConfig: {
        command: options.command,
        args: options.args && options.args.length > 0 ? [...options.args] : undefined,
        env: Object.keys(envSorted).length > 0 ? envSorted : undefined,
        apiVersion,
        installHint: options.installHint,
      },
    });
  }

  /** Argo CD's built-in AWS IAM authentication for EKS (`awsAuthConfig`). */
  public static aws(options: AwsClusterAuthOptions): ClusterAuth {
    requireProps(options, 'AwsClusterAuthOptions', ['clusterName']);
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(options.clusterName)) {
      throw new ValidationError(`'clusterName' (${JSON.stringify(options.clusterName)}) must be an EKS cluster name: letters, digits, '-' and '_', at most 100 characters`);
    }
    if (options.roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(options.roleArn)) {
      throw new ValidationError(`'roleArn' (${JSON.stringify(options.roleArn)}) must be an IAM role ARN; e.g. "arn:aws:iam::123456789012:role/argocd"`);
    }
    return new ClusterAuth({ awsAuthConfig: { clusterName: options.clusterName, roleARN: options.roleArn } });
  }

  /** The audience the credential is bound to, when the method declares one. */
  public readonly audience?: string;
  /** @internal */
  public readonly _config: any;

  private constructor(config: any, audience?: string) {
    this._config = config;
    this.audience = audience;
  }
}

/** How Argo CD verifies the cluster's API server certificate. */
export class ClusterTls {
  /**
   * Verify against a CA: `caCertificate` is the PEM text of the public CA certificate(s) (never a key).
   */
  public static verify(caCertificate: string, serverName?: string): ClusterTls {
    const pem = caCertificate.trim();
    if (/PRIVATE KEY/.test(pem)) {
      throw new ValidationError('\'caCertificate\' contains a private key; give only the public CA certificate (-----BEGIN CERTIFICATE-----)');
    }
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0 || pem.replace(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g, '').trim() !== '') {
      throw new ValidationError('\'caCertificate\' must be PEM text made only of -----BEGIN CERTIFICATE----- blocks (the API server\'s CA bundle)');
    }
    if (serverName !== undefined && !/^[A-Za-z0-9.-]+$/.test(serverName)) {
      throw new ValidationError(`'serverName' (${JSON.stringify(serverName)}) must be a host name; e.g. "api.spoke.example.com"`);
    }
    return new ClusterTls({ insecure: false, serverName, caData: Buffer.from(`${pem}\n`).toString('base64') }, undefined);
  }

  /**
   * Skip certificate verification (`insecure: true`); `reason` says why, lands in an annotation and acknowledges
   * ZT-ARGO1 on the cluster Secret.
   */
  public static insecure(reason: string): ClusterTls {
    return new ClusterTls({ insecure: true }, validateReason(undefined, 'reason', reason, 'why TLS verification is disabled (prefer ClusterTls.verify(caCertificate))'));
  }

  /** Why verification is off, for an insecure configuration. */
  public readonly insecureReason?: string;
  /** @internal */
  public readonly _config: any;

  private constructor(config: any, insecureReason?: string) {
    this._config = config;
    this.insecureReason = insecureReason;
  }
}

/**
 * An Argo CD cluster, defined in this app: its `cluster` Secret (`name`, `namespace`: the Argo CD namespace) and
 * what Argo CD reads from it.
 */
export interface IArgoCdCluster extends INamespacedResource {
  /** The name Applications use in `destination.name`. */
  readonly clusterName: string;
  /** The API server URL, without a trailing slash. */
  readonly server: string;
  /**
   * The namespaces Argo CD may manage on the cluster.
   *
   * @default - every namespace
   */
  readonly namespaces?: string[];
  /**
   * Whether Argo CD may manage cluster-scoped objects there (`clusterResources`).
   *
   * @default - true without `namespaces`, false with them
   */
  readonly clusterResources?: boolean;
  /**
   * The project the cluster is scoped to.
   *
   * @default - usable by every project whose destinations allow it
   */
  readonly project?: IAppProject;
}

/** Props of `ArgoCdCluster`. */
export interface ArgoCdClusterProps {
  /**
   * The Secret's metadata; labels and annotations are merged with Argo CD's. A label or annotation value is
   * refused when it holds a credential, judged also by its key (it would be committed to Git).
   *
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The namespace Argo CD runs in; the Secret is created there.
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /** The cluster's name in Argo CD (`destination.name`). */
  readonly clusterName: string;
  /** The API server URL, https. */
  readonly server: string;
  /** How Argo CD authenticates: an exec plugin or IAM, never a static token. */
  readonly auth: ClusterAuth;
  /** TLS verification of the API server. */
  readonly tls: ClusterTls;
  /**
   * The only namespaces Argo CD may manage there (one watch each). Required unless `allowAllNamespaces`.
   *
   * @default - none; give namespaces or set allowAllNamespaces
   */
  readonly namespaces?: string[];
  /**
   * Manage every namespace of the cluster (and its cluster-scoped objects): the written reason why.
   *
   * @default - only `namespaces`
   */
  readonly allowAllNamespaces?: string;
  /**
   * With `namespaces`, also manage cluster-scoped objects (`clusterResources: "true"`).
   *
   * @default false
   */
  readonly clusterResources?: boolean;
  /**
   * Scope the cluster to one project: only its Applications may use it.
   *
   * @default - not project-scoped
   */
  readonly project?: IAppProject;
}

/** What `ArgoCdClusterProps` declares without '?'. */
const ARGOCD_CLUSTER_REQUIRED: readonly (keyof ArgoCdClusterProps & string)[] = ['clusterName', 'server', 'auth', 'tls'];

/** Carries the written reason for an insecure TLS configuration, so reviews and the compliance pack see it. */
export const INSECURE_TLS_REASON_ANNOTATION = 'zero-trust.cdk8s.io/insecure-tls-reason';

/**
 * An Argo CD cluster Secret (`argocd.argoproj.io/secret-type: cluster`) that authenticates with exec or IAM
 * credentials. It holds no secret material, so it is emitted as a plain v1 Secret with `stringData`;
 * `ApiObject.of(cluster)` is that Secret.
 */
// not cdk8s-plus-28's Secret: it always writes `immutable: false`, which cluster Secrets have never carried
export class ArgoCdCluster extends Resource implements IArgoCdCluster {
  public readonly clusterName: string;
  public readonly server: string;
  public readonly namespaces?: string[];
  public readonly clusterResources?: boolean;
  public readonly project?: IAppProject;
  /** The audience the credential is bound to, when the auth method declares one. */
  public readonly audience?: string;
  private readonly stringData: { [key: string]: string };

  public constructor(scope: Construct, id: string, props: ArgoCdClusterProps) {
    super(scope, id, { apiVersion: 'v1', kind: 'Secret', namespaced: true, bodyFields: ['type', 'stringData'] },
      { metadata: argoCdMetadata(requireProps(props, 'ArgoCdClusterProps', ARGOCD_CLUSTER_REQUIRED, scope, id).argoCdNamespace, props.metadata) });
    checkArgoCdNamespace(this, 'cluster Secret', props.argoCdNamespace, props.metadata);
    this.checkSecretTypeLabel(props.metadata);
    this.clusterName = this.validateClusterName(props.clusterName);
    this.server = validateHttpsServer(this, 'server', props.server);
    this.namespaces = this.managedNamespaces(props);
    this.clusterResources = this.namespaces === undefined || props.clusterResources === true;
    this.project = this.checkProject(props.project);
    this.audience = props.auth.audience;
    this.recordInsecureTls(props.tls);
    this.stringData = this.renderStringData(props);
  }

  /** @internal */
  public _renderBody(): { [field: string]: any } {
    return { type: 'Opaque', stringData: { ...this.stringData } };
  }

  private checkSecretTypeLabel(metadata: ApiObjectMetadata | undefined): void {
    const value = metadata?.labels?.[SECRET_TYPE_LABEL];
    if (value !== undefined && value !== 'cluster') {
      throw new ValidationError(`'metadata.labels' sets ${SECRET_TYPE_LABEL} to ${JSON.stringify(value)}; a cluster Secret needs "cluster", remove the label`, this);
    }
    this.metadata.addLabel(SECRET_TYPE_LABEL, 'cluster');
  }

  private validateClusterName(clusterName: string): string {
    if (clusterName.trim() !== clusterName || clusterName === '' || /[\s,]/.test(clusterName)) {
      throw new ValidationError(`'clusterName' (${JSON.stringify(clusterName)}) must be a non-empty name without whitespace or ','; e.g. "spoke-cluster"`, this);
    }
    return clusterName;
  }

  /** The sorted namespace list, or `undefined` when every namespace is managed (for the written reason). */
  private managedNamespaces(props: ArgoCdClusterProps): string[] | undefined {
    const { namespaces, allowAllNamespaces } = props;
    if (namespaces !== undefined && allowAllNamespaces !== undefined) {
      throw new ValidationError('\'namespaces\' and \'allowAllNamespaces\' are exclusive; keep the namespace list (least privilege) or remove it', this);
    }
    if (namespaces === undefined && allowAllNamespaces === undefined) {
      throw new ValidationError('\'namespaces\' is missing: Argo CD would manage every namespace of the cluster; list the namespaces, or set allowAllNamespaces to the reason', this);
    }
    if (allowAllNamespaces !== undefined) validateReason(this, 'allowAllNamespaces', allowAllNamespaces, 'why Argo CD manages every namespace of the cluster');
    if (namespaces !== undefined) {
      if (namespaces.length === 0) throw new ValidationError('\'namespaces\' is empty; list at least one namespace', this);
      namespaces.forEach(n => validateDnsLabel(this, 'namespaces', n));
      const dup = namespaces.find((n, i) => namespaces.indexOf(n) !== i);
      if (dup !== undefined) throw new ValidationError(`'namespaces' contains ${JSON.stringify(dup)} twice`, this);
    }
    if (props.clusterResources && namespaces === undefined) {
      throw new ValidationError('\'clusterResources\' only applies with \'namespaces\': without a namespace list Argo CD already manages cluster-scoped objects', this);
    }
    return namespaces === undefined ? undefined : sortedStrings(namespaces);
  }

  private checkProject(project: IAppProject | undefined): IAppProject | undefined {
    if (project !== undefined && argoCdNamespaceOf(project) !== argoCdNamespaceOf(this)) {
      throw new ValidationError(`'project' (${project.name}) lives in namespace ${JSON.stringify(argoCdNamespaceOf(project))}, the cluster Secret in ${JSON.stringify(argoCdNamespaceOf(this))}; both must be in the Argo CD namespace`, this);
    }
    return project;
  }

  /** An insecure TLS configuration acknowledges ZT-ARGO1 and keeps its reason in an annotation. */
  private recordInsecureTls(tls: ClusterTls): void {
    if (tls.insecureReason === undefined) return;
    Compliance.of(this)._acknowledgeOptIn('ClusterTls.insecure', 'ZT-ARGO1', tls.insecureReason, 'why TLS verification is disabled');
    this.metadata.addAnnotation(INSECURE_TLS_REASON_ANNOTATION, tls.insecureReason);
  }

  private renderStringData(props: ArgoCdClusterProps): { [key: string]: string } {
    const stringData: { [key: string]: string } = {
      config: JSON.stringify({ ...props.auth._config, tlsClientConfig: props.tls._config }),
      name: this.clusterName,
      server: this.server,
    };
    if (this.namespaces !== undefined) {
      stringData.namespaces = this.namespaces.join(',');
      stringData.clusterResources = String(props.clusterResources ?? false);
    }
    if (props.project !== undefined) stringData.project = props.project.name;
    return stringData;
  }
}
