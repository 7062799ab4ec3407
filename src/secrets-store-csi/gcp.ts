/**
 * The Google Secret Manager provider of the Secrets Store CSI driver (`provider: gcp`).
 *
 * Parameter names as the provider parses them: GoogleCloudPlatform/secrets-store-csi-driver-provider-gcp
 * `config/config.go` (`secrets`, a YAML list of `resourceName`, `path` (the newer name of `fileName`),
 * `extractJSONKey`; `auth` `pod-adc`|`provider-adc`, or a `nodePublishSecretRef` Secret with the key
 * `key.json`), resource names as `util/constants.go` matches them, and `docs/authentication.md`.
 */
import * as kplus from 'cdk8s-plus-28';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { CsiProviderDefinition, refuseDuplicateFiles, requireObjects, requireText, validateFileName, yamlList } from './private/common';
import { requireReason } from '../external-secrets/providers/common';

/** One Secret Manager secret version (or Parameter Manager version) the provider writes to a file. */
export interface CsiGcpSecret {
  /**
   * The version's resource name: `projects/<project>/secrets/<secret>/versions/<version|latest>`, or the
   * regional `projects/<project>/locations/<location>/secrets/<secret>/versions/<version>`, or a Parameter
   * Manager `projects/<project>/locations/<location>/parameters/<parameter>/versions/<version>`.
   */
  readonly resourceName: string;
  /** The file it is written to, relative to the mount path. */
  readonly path: string;
  /**
   * A top-level key of a JSON value to write instead of the whole value.
   *
   * @default - the whole value
   */
  readonly extractJsonKey?: string;
}

/** Options of `CsiGcpAuth.serviceAccountKey()`. */
export interface CsiGcpServiceAccountKeyOptions {
  /**
   * The Secret (in the pod's namespace, labelled `secrets-store.csi.k8s.io/used: "true"`) whose key
   * `key.json` holds a Google service account key; it is passed as the volume's `nodePublishSecretRef`
   * (the provider must run with `ALLOW_NODE_PUBLISH_SECRET`).
   */
  readonly key: kplus.ISecret;
  /** Why a service account key is used instead of workload identity (at least 10 characters). */
  readonly acknowledgeStaticCredentials: string;
}

/** How the provider authenticates to Google Cloud. */
export class CsiGcpAuth {
  /**
   * The pod's Kubernetes service account through GKE Workload Identity (`auth: pod-adc`, recommended): IAM
   * grants access to the account's principal, so each pod reads only what its own account may.
   */
  public static podWorkloadIdentity(): CsiGcpAuth {
    return new CsiGcpAuth('pod-adc');
  }

  /**
   * The provider's own credentials (`auth: provider-adc`), shared by every pod of every namespace; needs a
   * written reason (the provider's documentation advises against it in production).
   */
  public static providerIdentity(acknowledgeSharedIdentity: string): CsiGcpAuth {
    requireReason(undefined, 'acknowledgeSharedIdentity', acknowledgeSharedIdentity,
      'the provider\'s own identity (every pod of every namespace shares it)', 'use CsiGcpAuth.podWorkloadIdentity()');
    return new CsiGcpAuth('provider-adc');
  }

  /** A service account key in a Kubernetes Secret (static credentials). */
  public static serviceAccountKey(options: CsiGcpServiceAccountKeyOptions): CsiGcpAuth {
    requireProps(options, 'CsiGcpServiceAccountKeyOptions', ['key', 'acknowledgeStaticCredentials']);
    requireReason(undefined, 'auth.acknowledgeStaticCredentials', options.acknowledgeStaticCredentials,
      'a Google service account key in a Secret', 'use CsiGcpAuth.podWorkloadIdentity()');
    return new CsiGcpAuth(undefined, options.key);
  }

  private constructor(
    /** The `auth` parameter; none with a key, which the provider refuses to combine with one. @internal */
    public readonly _auth?: string,
    /** The Secret passed through `nodePublishSecretRef`. @internal */
    public readonly _nodePublishSecret?: kplus.ISecret) {}
}

/** Props of `CsiSecretProvider.gcp()`. */
export interface CsiGcpProviderProps {
  /** What to read. */
  readonly secrets: CsiGcpSecret[];
  /**
   * How the provider authenticates.
   *
   * @default CsiGcpAuth.podWorkloadIdentity()
   */
  readonly auth?: CsiGcpAuth;
}

const RESOURCE_NAME = new RegExp('^projects/[a-z0-9-]+/(locations/[a-z0-9-]+/)?(secrets|parameters)/[A-Za-z0-9_-]+/versions/([1-9][0-9]*|latest|[A-Za-z0-9_-]+)$');

/** The validated `provider: gcp` definition. */
export function gcpCsiProvider(props: CsiGcpProviderProps): CsiProviderDefinition {
  const auth = props.auth ?? CsiGcpAuth.podWorkloadIdentity();
  requireObjects(undefined, 'secrets', props.secrets);
  const secrets = props.secrets.map((s, i) => {
    const prop = `secrets[${i}]`;
    requireText(undefined, `${prop}.resourceName`, s.resourceName);
    if (!RESOURCE_NAME.test(s.resourceName)) {
      throw new ValidationError(`'${prop}.resourceName' (${JSON.stringify(s.resourceName)}) is not a secret or parameter version; use e.g. "projects/my-project/secrets/db-password/versions/latest"`);
    }
    if (/\/parameters\//.test(s.resourceName) && !/\/locations\//.test(s.resourceName)) {
      throw new ValidationError(`'${prop}.resourceName' (${JSON.stringify(s.resourceName)}) names a parameter without a location; use "projects/<project>/locations/global/parameters/<parameter>/versions/<version>"`);
    }
    validateFileName(undefined, `${prop}.path`, s.path);
    if (s.extractJsonKey !== undefined) requireText(undefined, `${prop}.extractJsonKey`, s.extractJsonKey);
    return { resourceName: s.resourceName, path: s.path, extractJSONKey: s.extractJsonKey };
  });
  const fileNames = props.secrets.map(s => s.path);
  refuseDuplicateFiles(undefined, 'secrets', fileNames);
  return {
    provider: 'gcp',
    fileNames,
    nodePublishSecret: auth._nodePublishSecret,
    parameters: {
      ...auth._auth !== undefined ? { auth: auth._auth } : {},
      secrets: yamlList(secrets),
    },
  };
}
