import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { validateDnsSubdomain } from '../../common/names';
import type { VaultOperatorAuthentication } from '../authentication';
import { validateMountPath } from './common';
import { ValidationError } from '../../common/errors';
import { requireProps } from '../../common/required-props';

const VAULT_ROLE = /^[A-Za-z0-9_.-]+$/;
const VAULT_NAMESPACE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/**
 * Checks `authentication` against the CR's namespace and renders it with every CRD default spelled out.
 *
 * @param scope the CR the authentication is rendered for
 * @param namespace the CR's namespace, if known
 */
export function renderAuthentication(scope: IConstruct, auth: VaultOperatorAuthentication, namespace: string | undefined): any {
  requireProps(auth, 'VaultOperatorAuthentication', ['role', 'serviceAccount'], scope);
  if (!VAULT_ROLE.test(auth.role)) {
    throw new ValidationError(`'authentication.role' (${JSON.stringify(auth.role)}) must be a Vault role name: letters, digits, '_', '.' or '-'; e.g. "vault-admin"`, scope);
  }
  const account = auth.serviceAccount;
  validateDnsSubdomain(scope, 'authentication.serviceAccount', account.name);
  if (account.name === 'default') {
    throw new ValidationError('\'authentication.serviceAccount\' ("default") must be a dedicated service account: every pod that names none runs as "default" and would inherit the operator\'s Vault rights; create one, e.g. "vault-config"', scope);
  }
  // an imported account carries cdk8s-plus's placeholder namespace "default"; only the name reaches the CR
  const accountNamespace = account instanceof kplus.ServiceAccount ? account.metadata.namespace : undefined;
  if (namespace !== undefined && accountNamespace !== undefined && accountNamespace !== namespace) {
    throw new ValidationError(`'authentication.serviceAccount' (${accountNamespace}/${account.name}) must be in the CR's namespace "${namespace}": the operator reads the token of that name in the CR's namespace; create the account in "${namespace}" or move the CR`, scope);
  }
  const mountPath = validateMountPath(scope, 'authentication.mountPath', auth.mountPath ?? 'kubernetes');
  if (auth.vaultNamespace !== undefined && !VAULT_NAMESPACE.test(auth.vaultNamespace)) {
    throw new ValidationError(`'authentication.vaultNamespace' (${JSON.stringify(auth.vaultNamespace)}) must be a Vault namespace path: letters, digits, '_' or '-' segments joined by '/'; e.g. "teams/ci"`, scope);
  }
  return {
    path: mountPath,
    role: auth.role,
    serviceAccount: { name: account.name },
    namespace: auth.vaultNamespace,
  };
}
