import { asArray } from '../manifest';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { eachOidcProvider } from './oidc-helpers';

export const idOidcAudiences: RuleDefinition = {
  id: 'ZT-ID2',
  level: ComplianceLevel.ERROR,
  message: 'OIDC provider accepts tokens without an audience restriction',
  explanation: 'Without audiences a token minted for any other service of the same issuer is accepted by the '
    + 'cluster. List the audience the cluster expects (e.g. openshift-spoke).',
  fix: 'list the audiences the cluster expects in issuer.audiences',
  anchors: ['openshift/api config/v1 Authentication issuer.audiences (1-10)', 'SPIFFE JWT-SVID audience'],
  kinds: ['config.openshift.io/Authentication'],
  check: manifest => eachOidcProvider(manifest, p =>
    asArray(p.issuer?.audiences).filter(a => typeof a === 'string' && a !== '').length === 0 ? ['issuer.audiences is empty'] : []),
};
