/**
 * The Azure Key Vault provider of the Secrets Store CSI driver (`provider: azure`).
 *
 * Parameter names as the provider parses them: Azure/secrets-store-csi-driver-provider-azure
 * `pkg/provider/types/types.go` and `parameters.go` (`keyvaultName`, `tenantID` (read before the older
 * `tenantId`), `cloudName`, `clientID` for workload identity, `usePodIdentity`, `useVMManagedIdentity`,
 * `userAssignedIdentityID`, `objects` as a YAML `array` of YAML strings, each `objectName`, `objectType`
 * `secret`|`key`|`cert`, `objectAlias`, `objectVersion`), `pkg/auth/auth.go` (service principal credentials read
 * from the `nodePublishSecretRef` Secret's keys `clientid` and `clientsecret`), and
 * https://azure.github.io/secrets-store-csi-driver-provider-azure/docs/configurations/identity-access-modes/workload-identity-mode/.
 */
import { Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { compact, CsiProviderDefinition, refuseDuplicateFiles, requireObjects, requireText, validateFileName } from './private/common';
import { requireReason } from '../external-secrets/providers/common';

/** The Azure cloud the Key Vault is in (`cloudName`). */
export enum CsiAzureCloud {
  /** Azure public cloud. */
  PUBLIC = 'AzurePublicCloud',
  /** Azure Government. */
  US_GOVERNMENT = 'AzureUSGovernmentCloud',
  /** Azure China. */
  CHINA = 'AzureChinaCloud',
  /** Azure Stack Hub (needs the provider's cloud environment file). */
  STACK = 'AzureStackCloud',
}

/** The kind of Key Vault object (`objectType`). */
export enum CsiAzureObjectType {
  /** A secret. */
  SECRET = 'secret',
  /** A key (its public part is written). */
  KEY = 'key',
  /** A certificate. */
  CERTIFICATE = 'cert',
}

/** One Key Vault object the provider writes to a file. */
export interface CsiAzureObject {
  /** The object's name in the Key Vault, e.g. `db-password`. */
  readonly objectName: string;
  /** Its kind. */
  readonly objectType: CsiAzureObjectType;
  /**
   * The file it is written to.
   *
   * @default - `objectName`
   */
  readonly objectAlias?: string;
  /**
   * A version to pin.
   *
   * @default - the latest version
   */
  readonly objectVersion?: string;
}

/** Options of `CsiAzureAuth.vmManagedIdentity()`. */
export interface CsiAzureVmManagedIdentityOptions {
  /**
   * Why the node's managed identity is used (at least 10 characters): every pod on the node, in every
   * namespace, can read what it can read.
   */
  readonly acknowledgeNodeIdentity: string;
  /**
   * The client ID of a user-assigned identity of the node pool.
   *
   * @default - the system-assigned identity
   */
  readonly userAssignedIdentityId?: string;
}

/** Options of `CsiAzureAuth.servicePrincipal()`. */
export interface CsiAzureServicePrincipalOptions {
  /**
   * The Secret (in the pod's namespace, labelled `secrets-store.csi.k8s.io/used: "true"`) whose keys `clientid`
   * and `clientsecret` hold the service principal's credentials; it is passed as the volume's
   * `nodePublishSecretRef`.
   */
  readonly credentials: kplus.ISecret;
  /** Why a client secret is used instead of workload identity (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
}

/** How the provider authenticates to Key Vault. */
export class CsiAzureAuth {
  /**
   * Microsoft Entra Workload ID (recommended): the pod's service account token is exchanged for the identity
   * `clientId` (an app registration or user-assigned managed identity federated with the account). The driver
   * must request tokens for `api://AzureADTokenExchange` (its `tokenRequests`).
   *
   * @param clientId the identity's client ID (a GUID)
   */
  public static workloadIdentity(clientId: string): CsiAzureAuth {
    checkGuid('auth.clientId', clientId);
    return new CsiAzureAuth({ usePodIdentity: 'false', clientID: clientId });
  }

  /** The node pool's managed identity, shared by every pod on the node; needs a written reason. */
  public static vmManagedIdentity(options: CsiAzureVmManagedIdentityOptions): CsiAzureAuth {
    requireProps(options, 'CsiAzureVmManagedIdentityOptions', ['acknowledgeNodeIdentity']);
    requireReason(undefined, 'auth.acknowledgeNodeIdentity', options.acknowledgeNodeIdentity,
      'the node\'s managed identity (every pod on the node shares it)', 'use CsiAzureAuth.workloadIdentity()');
    if (options.userAssignedIdentityId !== undefined) checkGuid('auth.userAssignedIdentityId', options.userAssignedIdentityId);
    return new CsiAzureAuth({
      useVMManagedIdentity: 'true',
      ...options.userAssignedIdentityId !== undefined ? { userAssignedIdentityID: options.userAssignedIdentityId } : {},
    });
  }

  /** A service principal whose client secret sits in a Kubernetes Secret (static credentials). */
  public static servicePrincipal(options: CsiAzureServicePrincipalOptions): CsiAzureAuth {
    requireProps(options, 'CsiAzureServicePrincipalOptions', ['credentials', 'acknowledgeStaticCredentials']);
    requireReason(undefined, 'auth.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials, 'an Azure client secret in a Secret',
      'use CsiAzureAuth.workloadIdentity()');
    return new CsiAzureAuth({}, options.credentials);
  }

  private constructor(
    /** The auth parameters. @internal */
    public readonly _parameters: { [key: string]: string },
    /** The Secret passed through `nodePublishSecretRef`. @internal */
    public readonly _nodePublishSecret?: kplus.ISecret) {}
}

/** Props of `CsiSecretProvider.azure()`. */
export interface CsiAzureProviderProps {
  /** The Key Vault's name (not its URL), e.g. `team-a-kv`. */
  readonly keyVaultName: string;
  /** The Microsoft Entra tenant of the Key Vault (a GUID). */
  readonly tenantId: string;
  /** How the provider authenticates. */
  readonly auth: CsiAzureAuth;
  /** What to read. */
  readonly objects: CsiAzureObject[];
  /**
   * The cloud.
   *
   * @default CsiAzureCloud.PUBLIC
   */
  readonly cloud?: CsiAzureCloud;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Key Vault names: 3 to 24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen
const KEY_VAULT_NAME = /^(?=.{3,24}$)[A-Za-z](-?[A-Za-z0-9])*$/;
const OBJECT_NAME = /^[A-Za-z0-9-]{1,127}$/;

function checkGuid(prop: string, value: string): void {
  if (typeof value !== 'string' || !GUID.test(value)) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) must be a GUID; e.g. "00000000-0000-0000-0000-000000000000"`);
  }
}

/** The validated `provider: azure` definition. */
export function azureCsiProvider(props: CsiAzureProviderProps): CsiProviderDefinition {
  if (!KEY_VAULT_NAME.test(props.keyVaultName)) {
    throw new ValidationError(`'keyVaultName' (${JSON.stringify(props.keyVaultName)}) is not a Key Vault name: 3 to 24 letters, digits and single hyphens, starting with a letter; e.g. "team-a-kv" (the name, not the URL)`);
  }
  checkGuid('tenantId', props.tenantId);
  requireObjects(undefined, 'objects', props.objects);
  const objects = props.objects.map((o, i) => azureObject(`objects[${i}]`, o));
  const fileNames = props.objects.map(o => o.objectAlias ?? o.objectName);
  refuseDuplicateFiles(undefined, 'objects', fileNames);
  return {
    provider: 'azure',
    fileNames,
    nodePublishSecret: props.auth._nodePublishSecret,
    parameters: {
      keyvaultName: props.keyVaultName,
      tenantID: props.tenantId,
      cloudName: props.cloud ?? CsiAzureCloud.PUBLIC,
      ...props.auth._parameters,
      // the provider reads a YAML object whose `array` lists each object as a YAML string of its own
      objects: Yaml.stringify({ array: objects.map(o => Yaml.stringify(compact(o))) }),
    },
  };
}

function azureObject(prop: string, o: CsiAzureObject): { [key: string]: unknown } {
  requireProps(o, 'CsiAzureObject', ['objectName', 'objectType']);
  requireText(undefined, `${prop}.objectName`, o.objectName);
  if (!OBJECT_NAME.test(o.objectName)) {
    throw new ValidationError(`'${prop}.objectName' (${JSON.stringify(o.objectName)}) is not a Key Vault object name: 1 to 127 letters, digits and hyphens; e.g. "db-password"`);
  }
  if (o.objectAlias !== undefined) validateFileName(undefined, `${prop}.objectAlias`, o.objectAlias);
  if (o.objectVersion !== undefined) requireText(undefined, `${prop}.objectVersion`, o.objectVersion);
  return { objectName: o.objectName, objectType: o.objectType, objectAlias: o.objectAlias, objectVersion: o.objectVersion };
}
