import { isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { VAULT_CONFIG } from './vault-auth-binding';

export const vaultDatabaseRootRotation: RuleDefinition = {
  id: 'ZT-VAULT7',
  level: ComplianceLevel.ERROR,
  message: 'Vault database connection keeps a root password that people know',
  explanation: 'The root credentials of a DatabaseSecretEngineConfig come from a Secret (or Vault path) that someone '
    + 'wrote, so the password is known outside Vault and stays valid as long as nobody changes it. With '
    + 'rootPasswordRotation.enable the operator has Vault rotate it as soon as the connection is written: afterwards '
    + 'only Vault knows it, and the copy in the Secret is worthless.',
  fix: 'set spec.rootPasswordRotation.enable to true (DatabaseSecretEngineConfig does unless acknowledgeStaticRootPassword)',
  anchors: ['Vault database secrets engine rotate-root', 'vault-config-operator DatabaseSecretEngineConfig rootPasswordRotation'],
  beyondAnchors: 'Vault and the operator leave root rotation off by default; this rule requires it.',
  kinds: ['redhatcop.redhat.io/DatabaseSecretEngineConfig'],
  check: manifest => {
    if (!isKind(manifest, VAULT_CONFIG, 'DatabaseSecretEngineConfig')) return NOT_APPLICABLE;
    const rotation = manifest.spec?.rootPasswordRotation;
    if (isObject(rotation) && rotation.enable === true) return outcome([]);
    return outcome([`spec.rootPasswordRotation.enable is ${isObject(rotation) ? JSON.stringify(rotation.enable) : 'unset'}: the root password stays the one written into the credentials Secret`]);
  },
};
