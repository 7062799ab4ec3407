import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { VAULT_CONFIG } from './vault-auth-binding';

export const vaultAliasName: RuleDefinition = {
  id: 'ZT-VAULT3',
  level: ComplianceLevel.ERROR,
  message: 'Vault Kubernetes auth role names identities after the service account name',
  explanation: 'With aliasNameSource serviceaccount_name, Vault\'s entity alias is "<namespace>/<name>": whoever '
    + 'deletes and re-creates the account (or creates it before its owner) inherits its Vault identity, its entity '
    + 'policies and group memberships. Keep the default serviceaccount_uid, which changes with each account.',
  fix: 'remove aliasNameSource or set it to serviceaccount_uid',
  anchors: ['Vault Kubernetes auth alias_name_source (serviceaccount_uid recommended)', 'vault-config-operator KubernetesAuthEngineRole aliasNameSource'],
  beyondAnchors: 'Vault only advises against serviceaccount_name in its documentation and the operator accepts it; here it '
    + 'fails synthesis unless the role gives its written reason.',
  kinds: ['redhatcop.redhat.io/KubernetesAuthEngineRole'],
  check: manifest => {
    if (!isKind(manifest, VAULT_CONFIG, 'KubernetesAuthEngineRole')) return NOT_APPLICABLE;
    const source = manifest.spec?.aliasNameSource;
    return outcome(source === 'serviceaccount_name'
      ? ['spec.aliasNameSource is serviceaccount_name: re-creating the account (same namespace and name) inherits its Vault identity']
      : []);
  },
};
