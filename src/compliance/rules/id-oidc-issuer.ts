import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { eachOidcProvider } from './oidc-helpers';

function issuerProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'issuer.issuerURL is unset';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `issuer.issuerURL ${value} is not a URL`;
  }
  if (url.protocol !== 'https:') return `issuer.issuerURL ${value} is not https`;
  if (url.search || url.hash || url.username || url.password) return `issuer.issuerURL ${value} has a query, fragment or user info`;
  return undefined;
}

export const idOidcIssuer: RuleDefinition = {
  id: 'ZT-ID1',
  level: ComplianceLevel.ERROR,
  message: 'OIDC issuer URL is not plain https',
  explanation: 'The API server fetches signing keys from the issuer: over http anyone on the path can swap them '
    + 'and mint tokens. Use an https issuer URL without query, fragment or user info.',
  fix: 'use an https issuer URL without query, fragment or user info',
  anchors: ['openshift/api config/v1 Authentication issuerURL validation', 'Kubernetes structured authentication: issuer.url must be https'],
  kinds: ['config.openshift.io/Authentication'],
  check: manifest => eachOidcProvider(manifest, p => {
    const problem = issuerProblem(p.issuer?.issuerURL);
    return problem ? [problem] : [];
  }),
};
