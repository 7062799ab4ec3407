import { isDnsSubdomain } from '../../common/names';
import { argoClusterConfig, argoSecretType, isKind, secretValues } from '../manifest';
import { COMPLIANT, ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { scanText } from '../secrets';
import { credentialCategory, isPrivateKeyField } from '../secrets/credential-keys';

// Keys of Argo CD declarative Secrets that hold locations and settings, never credentials, each with the shape
// its value must have: a value of another shape (a token under `username`, a password in `proxy`) is secret data.
const BOOLEAN = /^(true|false)$/;
const DIGITS = /^[0-9]{1,20}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._@:/-]{0,252}$/;
/** A URL (or git/ssh address) without a password in it. */
const urlWithoutPassword = (v: string) => !/\s/.test(v) && !/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(v) && v.length <= 2048;
const PLAIN_REPOSITORY_KEYS: Record<string, (value: string) => boolean> = {
  url: urlWithoutPassword,
  type: v => /^(git|helm|oci)$/.test(v),
  // a display name; a token-shaped one (20+ characters mixing cases and digits, no separators) is not
  name: v => NAME.test(v) && !looksLikeToken(v),
  project: isDnsSubdomain,
  // a user name is short and plain; a token passed as user name (GitHub's x-access-token pattern reversed) is not
  username: v => /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/.test(v) && !looksLikeToken(v),
  proxy: urlWithoutPassword,
  noProxy: v => /^[A-Za-z0-9.*,:/ -]{0,2048}$/.test(v),
  enableOCI: v => BOOLEAN.test(v),
  enableLfs: v => BOOLEAN.test(v),
  insecure: v => BOOLEAN.test(v),
  forceHttpBasicAuth: v => BOOLEAN.test(v),
  useAzureWorkloadIdentity: v => BOOLEAN.test(v),
  githubAppID: v => DIGITS.test(v),
  githubAppInstallationID: v => DIGITS.test(v),
  githubAppEnterpriseBaseUrl: urlWithoutPassword,
};
const PLAIN_CLUSTER_KEYS: Record<string, (value: string) => boolean> = {
  name: v => NAME.test(v),
  server: urlWithoutPassword,
  namespaces: v => /^[a-z0-9,*-]{0,4096}$/.test(v),
  clusterResources: v => BOOLEAN.test(v),
  project: isDnsSubdomain,
  // the credential fields inside config are judged one by one below
  config: () => true,
};
const PLAIN_KEYS: Record<string, Record<string, (value: string) => boolean>> = {
  'cluster': PLAIN_CLUSTER_KEYS,
  'repository': PLAIN_REPOSITORY_KEYS,
  'repo-creds': PLAIN_REPOSITORY_KEYS,
};

/** A long run of letters and digits mixing cases and digits: the shape of a token, not of a user name. */
function looksLikeToken(value: string): boolean {
  return value.length >= 20 && !/[ ._@:/-]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value);
}

/** The credential scanner finds something in a value of the right shape (a token that also passes as a name). */
function holdsCredential(key: string, value: string): boolean {
  return scanText(value, key, { key }).length > 0;
}

// cluster config fields that are credentials
const CLUSTER_CONFIG_SECRETS = ['bearerToken', 'password'];
const TLS_SECRETS = ['keyData'];
// exec plugin environment variables that carry configuration, never a credential (ArgoCdCluster's SPIFFE plugin)
const EXEC_ENV_PLAIN = /^(EXEC_CREDENTIAL_VERSION|SPIFFE_ENDPOINT_SOCKET|SPIFFE_JWT_AUDIENCE|AWS_REGION|AWS_ROLE_ARN|AZURE_CLIENT_ID|AZURE_TENANT_ID|KUBECONFIG|HOME|PATH)$/;

/**
 * Why an exec plugin's environment variable in an Argo CD cluster Secret may carry a credential, or undefined:
 * `name` when it is named like one, `value` when its value is not a string, is shaped like a token or is
 * recognized by the credential scanner. Plugin settings known to be plain never do. `ClusterAuth.exec` refuses
 * what this rule would flag.
 */
export function execEnvCredentialReason(name: string, value: unknown): 'name' | 'value' | undefined {
  if (EXEC_ENV_PLAIN.test(name)) return undefined;
  if (credentialCategory(name) !== undefined || isPrivateKeyField(name)) return 'name';
  return typeof value !== 'string' || looksLikeToken(value) || holdsCredential(name, value) ? 'value' : undefined;
}

/**
 * The keys of a v1 Secret's `data`/`stringData` that may hold credentials, sorted: every key, except the
 * location and setting keys of Argo CD declarative Secrets whose values have the shape of what they name (a
 * URL without password, a project name, a short user name, `true`/`false`, digits); for an Argo CD cluster
 * Secret, the credential fields of its `config` JSON (`config.bearerToken`, ..., `execProviderConfig.env` values
 * named like credentials or shaped like tokens) or `config (not JSON)`. Shared with the GitOps secret guard.
 */
export function sensitiveSecretKeys(secret: any): string[] {
  const values = secretValues(secret);
  const keys = Object.keys(values).sort();
  const argoType = argoSecretType(secret);
  const plain = argoType !== undefined ? PLAIN_KEYS[argoType] : undefined;
  if (!plain) return keys;
  const out = keys.filter(k => !Object.prototype.hasOwnProperty.call(plain, k) || !plain[k](values[k]) || holdsCredential(k, values[k]));
  if (argoType === 'cluster' && keys.includes('config')) {
    const config = argoClusterConfig(secret);
    if (config === undefined) return [...out, 'config (not JSON)'];
    out.push(...CLUSTER_CONFIG_SECRETS.filter(f => config[f] !== undefined).map(f => `config.${f}`));
    out.push(...TLS_SECRETS.filter(f => config.tlsClientConfig?.[f] !== undefined).map(f => `config.tlsClientConfig.${f}`));
    const env = config.execProviderConfig?.env;
    if (env !== null && typeof env === 'object') {
      out.push(...Object.keys(env).sort()
        .filter(name => execEnvCredentialReason(name, env[name]) !== undefined)
        .map(name => `config.execProviderConfig.env.${name}`));
    }
  }
  return out;
}

export const secretData: RuleDefinition = {
  id: 'ZT-SEC4',
  level: ComplianceLevel.ERROR,
  message: 'v1 Secret with secret data in the output',
  explanation: 'Everything synthesized ends up in Git. Secrets must come from the secret manager through an '
    + 'ExternalSecret; the only Secrets the output may hold carry no credential (e.g. an Argo CD cluster Secret '
    + 'with exec credentials, or a repository Secret whose token an ExternalSecret merges in).',
  fix: 'remove the Secret and produce it from the secret manager with an ExternalSecret',
  anchors: ['S4: references, not encrypted secrets', 'ESO security guide: keep secret values out of Git'],
  kinds: ['/Secret'],
  check: manifest => {
    if (!isKind(manifest, '', 'Secret')) return NOT_APPLICABLE;
    const keys = sensitiveSecretKeys(manifest);
    return keys.length === 0 ? COMPLIANT : outcome([`secret data in ${keys.join(', ')}`]);
  },
};
