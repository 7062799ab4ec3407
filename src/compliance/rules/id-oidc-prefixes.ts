import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { eachOidcProvider } from './oidc-helpers';

export const idOidcPrefixes: RuleDefinition = {
  id: 'ZT-ID3',
  level: ComplianceLevel.ERROR,
  message: 'OIDC usernames or groups are taken without a prefix',
  explanation: 'Without a prefix a token whose sub or groups claim equals an existing user or group (kube:admin, '
    + 'system:...) acts as that identity. Set claimMappings.username.prefixPolicy: Prefix with a prefix, and '
    + 'claimMappings.groups.prefix.',
  fix: 'set claimMappings.username.prefixPolicy: Prefix with a prefix, and claimMappings.groups.prefix',
  anchors: ['openshift/api config/v1 Authentication claimMappings', 'S5: usernames without a prefix'],
  kinds: ['config.openshift.io/Authentication'],
  check: manifest => eachOidcProvider(manifest, p => {
    const mappings = p.claimMappings ?? {};
    const findings: string[] = [];
    if (mappings.username?.prefixPolicy === 'NoPrefix') findings.push('claimMappings.username.prefixPolicy is NoPrefix');
    if (mappings.groups?.claim && !mappings.groups.prefix) findings.push(`claimMappings.groups (claim ${mappings.groups.claim}) has no prefix`);
    return findings;
  }),
};
