/**
 * The HashiCorp Vault provider of the Secrets Store CSI driver (`provider: vault`).
 *
 * Parameter names as the provider parses them: hashicorp/vault-csi-provider `internal/config/config.go`
 * (`parseParameters`: `roleName`, `vaultAddress`, `vaultNamespace`, `vaultCACertPath`, `vaultCADirectory`,
 * `vaultTLSServerName`, `vaultKubernetesMountPath`, `audience`, `objects`; each object `objectName`, `secretPath`,
 * `secretKey`, `method`, `secretArgs`, `encoding`), and https://developer.hashicorp.com/vault/docs/platform/k8s/csi/configurations.
 * The provider always logs in with the pod's own service account (Kubernetes auth), so there is no static
 * credential to configure; `vaultSkipTLSVerify` is deliberately not offered.
 */
import { ValidationError } from '../common/errors';
import { CsiProviderDefinition, literalMap, refuseDuplicateFiles, requireObjects, requireText, validateFileName, yamlList } from './private/common';
import { requireProps } from '../common/required-props';
import { API_SERVER_AUDIENCE } from '../compliance/rules/vault-audience';
import { validateUrl } from '../external-secrets/providers/common';
import type { IDatabaseSecretEngineRole, IKubernetesAuthEngineRole } from '../vault';

/** The HTTP method the provider uses to read a Vault path. */
export enum CsiVaultMethod {
  /** Read (`GET`): KV secrets, database and cloud credentials. */
  GET = 'GET',
  /** Write (`POST`), for endpoints that issue on write, e.g. `pki/issue/<role>`; `secretArgs` is the body. */
  POST = 'POST',
  /** Write (`PUT`), as `POST`. */
  PUT = 'PUT',
}

/** How the provider decodes the value of `secretKey` before writing the file. */
export enum CsiVaultEncoding {
  /** Written as is. */
  UTF8 = 'utf-8',
  /** The value is base64 and written decoded (binary files). */
  BASE64 = 'base64',
  /** The value is hex and written decoded. */
  HEX = 'hex',
}

/** One Vault read whose result the provider writes to a file in the pod's volume. */
export interface CsiVaultObject {
  /** The file, relative to the mount path (the provider's `objectName`), e.g. `db-password`. */
  readonly objectName: string;
  /**
   * The Vault API path without `/v1/`, e.g. `secret/data/app/db` (KV v2), `database/creds/ci-migrate`;
   * a query such as `?version=2` is passed on.
   */
  readonly secretPath: string;
  /**
   * The key of the response's data to write (for KV v2 the provider looks inside `data.data`), e.g. `password`.
   *
   * @default - the whole response as JSON (lease ID and metadata included)
   */
  readonly secretKey?: string;
  /**
   * The HTTP method.
   *
   * @default CsiVaultMethod.GET
   */
  readonly method?: CsiVaultMethod;
  /**
   * The request body of a `POST` or `PUT` (e.g. `{ common_name: 'app.example.com', ttl: '1h' }` for PKI).
   * Refused when it holds a credential (it is written to Git).
   *
   * @default - no body
   */
  readonly secretArgs?: { [key: string]: string };
  /**
   * How the value of `secretKey` is decoded.
   *
   * @default CsiVaultEncoding.UTF8
   */
  readonly encoding?: CsiVaultEncoding;
}

/** Options of `CsiVaultObjects.databaseCredentials()`. */
export interface CsiDatabaseCredentialsOptions {
  /**
   * The file the user name is written to.
   *
   * @default 'username'
   */
  readonly usernameFile?: string;
  /**
   * The file the password is written to.
   *
   * @default 'password'
   */
  readonly passwordFile?: string;
}

/** Ready-made `CsiVaultObject` lists for common Vault secrets engines. */
export class CsiVaultObjects {
  /**
   * The user name and password of one credential of a database secrets engine role: two reads of
   * `role.credsPath` (`<mount>/creds/<role>`) that the provider answers from one Vault response per mount
   * (vault-csi-provider caches responses by path and method for the duration of a mount request), so the two
   * files always belong to the same database user, minted when the pod starts.
   */
  public static databaseCredentials(role: IDatabaseSecretEngineRole, options: CsiDatabaseCredentialsOptions = {}): CsiVaultObject[] {
    const usernameFile = validateFileName(undefined, 'usernameFile', options.usernameFile ?? 'username');
    const passwordFile = validateFileName(undefined, 'passwordFile', options.passwordFile ?? 'password');
    if (usernameFile === passwordFile) {
      throw new ValidationError(`'usernameFile' and 'passwordFile' are both "${usernameFile}"; give the password its own file, e.g. "password"`);
    }
    return [
      { objectName: usernameFile, secretPath: role.credsPath, secretKey: 'username' },
      { objectName: passwordFile, secretPath: role.credsPath, secretKey: 'password' },
    ];
  }

  private constructor() {}
}

/** Props of `CsiSecretProvider.vault()`. */
export interface CsiVaultProviderProps {
  /**
   * The Vault Kubernetes auth role the pod's service account logs in with: its `roleName`, `mountPath` and
   * `audience` become `roleName`, `vaultKubernetesMountPath` and `audience`. The pod must run as a service
   * account the role binds. A role managed elsewhere comes in through
   * `KubernetesAuthEngineRole.fromKubernetesAuthEngineRoleAttributes()`.
   */
  readonly role: IKubernetesAuthEngineRole;
  /** What to read, one file each; see `CsiVaultObjects` for database credentials. */
  readonly objects: CsiVaultObject[];
  /**
   * Vault's address as the provider reaches it; https unless `acknowledgePlainHttp`.
   *
   * @default - the address the provider was installed with (`-vault-addr`, or the Helm chart's Vault Agent
   *   sidecar, which HashiCorp recommends)
   */
  readonly address?: string;
  /**
   * Why the provider reaches Vault over plain http (at least 10 characters), e.g. a proxy on the node.
   *
   * @default - `address` must use https
   */
  readonly acknowledgePlainHttp?: string;
  /**
   * The Vault Enterprise namespace.
   *
   * @default - the provider's default (the root namespace unless installed otherwise)
   */
  readonly vaultNamespace?: string;
  /**
   * A CA certificate file (PEM) on the provider's pod that Vault's certificate chains to.
   *
   * @default - the provider's system trust store
   */
  readonly caCertPath?: string;
  /**
   * The server name (SNI) to verify Vault's certificate against.
   *
   * @default - the host of the address
   */
  readonly tlsServerName?: string;
}

const SECRET_PATH = /^[A-Za-z0-9_.@:+=,~-]+(\/[A-Za-z0-9_.@:+=,~-]+)*(\?[A-Za-z0-9_.=&%-]+)?$/;

/** The validated `provider: vault` definition. */
export function vaultCsiProvider(props: CsiVaultProviderProps): CsiProviderDefinition {
  if (props.address !== undefined) {
    validateUrl(undefined, 'address', props.address, 'acknowledgePlainHttp', props.acknowledgePlainHttp);
  } else if (props.acknowledgePlainHttp !== undefined) {
    throw new ValidationError('\'acknowledgePlainHttp\' is set but \'address\' is not; remove it, or give the http address it is for');
  }
  if (API_SERVER_AUDIENCE.test(props.role.audience)) {
    throw new ValidationError(`'role.audience' (${JSON.stringify(props.role.audience)}) is the API server's audience: any token a pod holds would log in to Vault; give the role an audience only Vault uses, e.g. "vault"`);
  }
  if (props.vaultNamespace !== undefined) requireText(undefined, 'vaultNamespace', props.vaultNamespace);
  if (props.caCertPath !== undefined && !requireText(undefined, 'caCertPath', props.caCertPath).startsWith('/')) {
    throw new ValidationError(`'caCertPath' (${JSON.stringify(props.caCertPath)}) must be an absolute path on the provider's pod; e.g. "/vault/tls/ca.crt"`);
  }
  if (props.tlsServerName !== undefined) requireText(undefined, 'tlsServerName', props.tlsServerName);
  requireObjects(undefined, 'objects', props.objects);
  const objects = props.objects.map((o, i) => vaultObject(`objects[${i}]`, o));
  const fileNames = props.objects.map(o => o.objectName);
  refuseDuplicateFiles(undefined, 'objects', fileNames);
  return {
    provider: 'vault',
    fileNames,
    parameters: {
      roleName: props.role.roleName,
      vaultKubernetesMountPath: props.role.mountPath,
      audience: props.role.audience,
      ...props.address !== undefined ? { vaultAddress: props.address } : {},
      ...props.vaultNamespace !== undefined ? { vaultNamespace: props.vaultNamespace } : {},
      ...props.caCertPath !== undefined ? { vaultCACertPath: props.caCertPath } : {},
      ...props.tlsServerName !== undefined ? { vaultTLSServerName: props.tlsServerName } : {},
      objects: yamlList(objects),
    },
  };
}

function vaultObject(prop: string, o: CsiVaultObject): { [key: string]: unknown } {
  requireProps(o, 'CsiVaultObject', ['objectName', 'secretPath']);
  validateFileName(undefined, `${prop}.objectName`, o.objectName);
  requireText(undefined, `${prop}.secretPath`, o.secretPath);
  if (!SECRET_PATH.test(o.secretPath) || o.secretPath.split(/[/?]/).some(s => s === '.' || s === '..')) {
    throw new ValidationError(`'${prop}.secretPath' (${JSON.stringify(o.secretPath)}) must be a Vault API path without '/v1/', leading or trailing '/' or '..' segments; e.g. "secret/data/app/db" or "database/creds/ci-migrate"`);
  }
  if (o.secretPath.startsWith('v1/')) {
    throw new ValidationError(`'${prop}.secretPath' (${JSON.stringify(o.secretPath)}) starts with 'v1/'; the provider adds it, so write "${o.secretPath.slice(3)}"`);
  }
  if (o.secretKey !== undefined) requireText(undefined, `${prop}.secretKey`, o.secretKey);
  const method = o.method ?? CsiVaultMethod.GET;
  if (o.secretArgs !== undefined && method === CsiVaultMethod.GET) {
    throw new ValidationError(`'${prop}.secretArgs' is a request body, which a GET does not send; set 'method' to CsiVaultMethod.POST (e.g. for pki/issue) or remove secretArgs`);
  }
  if (o.encoding !== undefined && o.secretKey === undefined) {
    throw new ValidationError(`'${prop}.encoding' decodes the value of 'secretKey', which is not set; name the key or remove encoding`);
  }
  return {
    objectName: o.objectName,
    secretPath: o.secretPath,
    secretKey: o.secretKey,
    method: o.method,
    secretArgs: literalMap(undefined, `${prop}.secretArgs`, o.secretArgs),
    encoding: o.encoding,
  };
}
