import { isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

// provider fields holding the address ESO sends its credentials to
const SERVER_FIELDS = ['server', 'url', 'serviceUrl', 'host'];

function plainHttp(value: any, path: string): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = `${path}.${key}`;
    if (SERVER_FIELDS.includes(key) && typeof child === 'string' && /^http:\/\//i.test(child)) return [`${here} is ${child}`];
    return plainHttp(child, here);
  });
}

export const esoProviderTls: RuleDefinition = {
  id: 'ZT-ESO6',
  level: ComplianceLevel.ERROR,
  message: 'secret store or generator talks to its provider over plain http',
  explanation: 'ESO sends its credentials (a service account token, a signed JWT) and receives secrets over this '
    + 'connection; over http anyone on the path reads both. Use the provider\'s https endpoint with its CA (caBundle '
    + 'or caProvider).',
  fix: 'use the provider\'s https endpoint with its CA (caBundle or caProvider)',
  anchors: ['ESO security guide: protect the connection to the provider', 'S2: VaultDynamicSecret against http://vault'],
  kinds: ['generators.external-secrets.io/VaultDynamicSecret', 'generators.external-secrets.io/Webhook', 'generators.external-secrets.io/Grafana', 'external-secrets.io/SecretStore', 'external-secrets.io/ClusterSecretStore'],
  check: manifest => {
    const generator = isKind(manifest, 'generators.external-secrets.io', 'VaultDynamicSecret', 'Webhook', 'Grafana');
    if (!generator && !isKind(manifest, 'external-secrets.io', 'SecretStore', 'ClusterSecretStore')) return NOT_APPLICABLE;
    return outcome(plainHttp(generator ? manifest.spec : manifest.spec?.provider, generator ? 'spec' : 'spec.provider'));
  },
};
