import { asArray, isKind, isObject, ManifestIndex } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { admitsEveryNamespace } from './selector-helpers';

export const VAULT_CONFIG = 'redhatcop.redhat.io';

function bound(value: unknown, what: 'name' | 'namespace'): string | undefined {
  if (typeof value !== 'string' || value === '') return `${JSON.stringify(value)} is not a ${what}`;
  if (value === '*') return `"*" binds every service account ${what === 'name' ? 'name in the bound namespaces' : 'namespace'}`;
  if (value.includes('*')) return `${JSON.stringify(value)} is a glob: Vault binds every ${what} it matches, including ones created later`;
  if (what === 'name' && value === 'default') return '"default" binds the account every pod that names none runs as';
  return undefined;
}

export const vaultAuthBinding: RuleDefinition = {
  id: 'ZT-VAULT1',
  level: ComplianceLevel.ERROR,
  message: 'Vault Kubernetes auth role binds any service account name or any namespace',
  explanation: 'A KubernetesAuthEngineRole logs in every service account whose name is in targetServiceAccounts and '
    + 'whose namespace is bound. "*" or a glob there, "*" in targetNamespaces, or a targetNamespaceSelector that '
    + 'selects every namespace lets any workload (or anyone who can create a service account) obtain the role\'s '
    + 'policies; targetServiceAccounts unset defaults to "default", the account of every pod that names none. Vault '
    + 'matches names and namespaces independently, so several names in several namespaces also bind every '
    + 'combination: the rule reports a combination for which the output holds no ServiceAccount, but it cannot see '
    + 'accounts created outside the output, nor which namespaces a label selector picks. Bind one account, or one role '
    + 'per namespace.',
  fix: 'list exact service account names and namespaces (one role per namespace when they differ)',
  anchors: ['Vault Kubernetes auth: bound_service_account_names, bound_service_account_namespaces',
    'vault-config-operator KubernetesAuthEngineRole targetServiceAccounts, targetNamespaces'],
  beyondAnchors: 'Vault accepts "*" and globs silently; this rule also reads the operator\'s targetNamespaceSelector, '
    + 'the CRD default ("default") and name-by-namespace combinations of the output.',
  kinds: ['redhatcop.redhat.io/KubernetesAuthEngineRole'],
  check: (manifest, manifests) => {
    if (!isKind(manifest, VAULT_CONFIG, 'KubernetesAuthEngineRole')) return NOT_APPLICABLE;
    const spec = manifest.spec ?? {};
    const findings: string[] = [];
    const names: unknown[] = spec.targetServiceAccounts === undefined ? ['default'] : asArray(spec.targetServiceAccounts);
    if (spec.targetServiceAccounts === undefined) {
      findings.push('spec.targetServiceAccounts is unset: the CRD defaults it to ["default"], the account every pod that names none runs as');
    } else if (!Array.isArray(spec.targetServiceAccounts)) {
      findings.push(`spec.targetServiceAccounts ${JSON.stringify(spec.targetServiceAccounts)} is not a list of names`);
    } else {
      names.forEach((name, i) => {
        const why = bound(name, 'name');
        if (why !== undefined) findings.push(`spec.targetServiceAccounts[${i}] ${why}`);
      });
    }
    const target = isObject(spec.targetNamespaces) ? spec.targetNamespaces : {};
    const namespaces = asArray(target.targetNamespaces);
    namespaces.forEach((ns, i) => {
      const why = bound(ns, 'namespace');
      if (why !== undefined) findings.push(`spec.targetNamespaces.targetNamespaces[${i}] ${why}`);
    });
    if (target.targetNamespaceSelector !== undefined) {
      const why = admitsEveryNamespace(target.targetNamespaceSelector);
      if (why !== undefined) findings.push(`spec.targetNamespaces.targetNamespaceSelector ${why}`);
    }
    // the cross product: only exact names in exact namespaces can be compared with the accounts of the output
    const exactNames = names.filter((n): n is string => typeof n === 'string' && bound(n, 'name') === undefined);
    const exactNamespaces = namespaces.filter((n): n is string => typeof n === 'string' && bound(n, 'namespace') === undefined);
    if (exactNames.length > 1 && exactNamespaces.length > 1) {
      const index = ManifestIndex.of(manifests);
      for (const ns of [...new Set(exactNamespaces)]) {
        for (const name of [...new Set(exactNames)]) {
          if (index.namedIn('', 'ServiceAccount', ns, name).length === 0) {
            findings.push(`binds ${ns}/${name} (Vault matches names and namespaces independently), and the output holds no such ServiceAccount`);
          }
        }
      }
    }
    return outcome(findings);
  },
};
