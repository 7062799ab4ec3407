import { argoClusterConfig, argoSecretType, isKind, secretValues } from '../manifest';
import { COMPLIANT, ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

// keys of Argo CD declarative Secrets that hold locations and settings, never credentials
const ARGO_PLAIN_KEYS: Record<string, string[]> = {
  'cluster': ['name', 'server', 'namespaces', 'clusterResources', 'project', 'config'],
  'repository': ['url', 'type', 'name', 'project', 'username', 'proxy', 'noProxy', 'enableOCI', 'enableLfs', 'insecure',
    'forceHttpBasicAuth', 'githubAppID', 'githubAppInstallationID', 'githubAppEnterpriseBaseUrl', 'useAzureWorkloadIdentity'],
  'repo-creds': [],
};
ARGO_PLAIN_KEYS['repo-creds'] = ARGO_PLAIN_KEYS.repository;

// cluster config fields that are credentials
const CLUSTER_CONFIG_SECRETS = ['bearerToken', 'password'];
const TLS_SECRETS = ['keyData'];

/**
 * The keys of a v1 Secret's `data`/`stringData` that may hold credentials, sorted: every key, except the
 * location and setting keys of Argo CD declarative Secrets; for an Argo CD cluster Secret, the credential fields
 * of its `config` JSON (`config.bearerToken`, ...) or `config (not JSON)`. Shared with the GitOps secret guard.
 */
export function sensitiveSecretKeys(secret: any): string[] {
  const keys = Object.keys(secretValues(secret)).sort();
  const argoType = argoSecretType(secret);
  const plain = argoType !== undefined ? ARGO_PLAIN_KEYS[argoType] : undefined;
  if (!plain) return keys;
  const out = keys.filter(k => !plain.includes(k));
  if (argoType === 'cluster' && keys.includes('config')) {
    const config = argoClusterConfig(secret);
    if (config === undefined) return [...out, 'config (not JSON)'];
    out.push(...CLUSTER_CONFIG_SECRETS.filter(f => config[f] !== undefined).map(f => `config.${f}`));
    out.push(...TLS_SECRETS.filter(f => config.tlsClientConfig?.[f] !== undefined).map(f => `config.tlsClientConfig.${f}`));
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
  check: manifest => {
    if (!isKind(manifest, '', 'Secret')) return NOT_APPLICABLE;
    const keys = sensitiveSecretKeys(manifest);
    return keys.length === 0 ? COMPLIANT : outcome([`secret data in ${keys.join(', ')}`]);
  },
};
