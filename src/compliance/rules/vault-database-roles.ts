import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { VAULT_CONFIG } from './vault-auth-binding';

function allowedRolesProblems(spec: any): string[] {
  const roles = spec.allowedRoles;
  if (roles === undefined) return ['spec.allowedRoles is unset: the CRD defaults it to ["*"], every role of the mount'];
  if (!Array.isArray(roles)) return [`spec.allowedRoles ${JSON.stringify(roles)} is not a list of role names`];
  if (roles.length === 0) return ['spec.allowedRoles is empty: no role can use the connection (list the roles that do)'];
  return roles.flatMap((role: unknown, i: number) => {
    if (typeof role !== 'string' || role === '') return [`spec.allowedRoles[${i}] ${JSON.stringify(role)} is not a role name`];
    if (role === '*') return [`spec.allowedRoles[${i}] "*" lets every role of the mount use the connection`];
    if (role.includes('*')) return [`spec.allowedRoles[${i}] ${JSON.stringify(role)} is a glob: every role it matches, including ones created later, can use the connection`];
    return [];
  });
}

export const vaultDatabaseRoles: RuleDefinition = {
  id: 'ZT-VAULT6',
  level: ComplianceLevel.ERROR,
  message: 'Vault database connection lets any role use it',
  explanation: 'A DatabaseSecretEngineConfig\'s allowedRoles names the roles that may create users through the '
    + 'connection\'s root account. "*" or a glob lets any role written to the mount, now or later, create users with '
    + 'whatever statements it likes on that database; left unset, the CRD defaults it to ["*"]. List the roles.',
  fix: 'list the roles that use the connection in allowedRoles (DatabaseSecretEngineConfig.addAllowedRole)',
  anchors: ['Vault database secrets engine allowed_roles', 'vault-config-operator DatabaseSecretEngineConfig allowedRoles'],
  beyondAnchors: 'The operator\'s CRD defaults allowedRoles to "*"; this rule refuses the default, "*" and globs.',
  kinds: ['redhatcop.redhat.io/DatabaseSecretEngineConfig'],
  check: manifest => {
    if (!isKind(manifest, VAULT_CONFIG, 'DatabaseSecretEngineConfig')) return NOT_APPLICABLE;
    return outcome(allowedRolesProblems(manifest.spec ?? {}));
  },
};
