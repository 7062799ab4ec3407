import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { VAULT_CONFIG } from './vault-auth-binding';
import { parsePolicyPaths, PolicyPathBlock } from './vault-hcl';
import { vaultPolicyPathProblem } from '../../vault/private/policy-path';

/** The capabilities `VaultPolicy` renders (`VaultCapability`), in Vault's order. */
const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'];
/** The legacy `policy = "..."` shorthand, as Vault expands it. */
const LEGACY: Record<string, string[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};
const BUILT_IN = ['root', 'default'];

function blockProblems(block: PolicyPathBlock): string[] {
  const where = `path ${JSON.stringify(block.path)}`;
  const problems: string[] = [];
  const pathProblem = vaultPolicyPathProblem(block.path);
  if (pathProblem !== undefined) problems.push(`${where}: ${pathProblem}`);
  const capabilities: unknown[] = [...block.capabilities ?? []];
  if (block.legacy !== undefined) {
    const expanded = typeof block.legacy === 'string' ? LEGACY[block.legacy] : undefined;
    if (expanded === undefined) problems.push(`${where}: policy = ${JSON.stringify(block.legacy)} is not deny, read, write or sudo`);
    else capabilities.push(...expanded.filter(c => !capabilities.includes(c)));
  }
  if (capabilities.length === 0) problems.push(`${where}: capabilities is empty`);
  const seen = new Set<unknown>();
  for (const capability of capabilities) {
    if (typeof capability !== 'string' || !CAPABILITIES.includes(capability)) {
      problems.push(`${where}: capability ${JSON.stringify(capability)} is not one of ${CAPABILITIES.join(', ')}`);
    } else if (seen.has(capability)) {
      problems.push(`${where}: capability "${capability}" is listed twice`);
    }
    seen.add(capability);
  }
  if (seen.has('deny') && seen.size > 1) problems.push(`${where}: "deny" is combined with other capabilities, which it overrides`);
  return problems;
}

export const vaultPolicyPaths: RuleDefinition = {
  id: 'ZT-VAULT5',
  level: ComplianceLevel.ERROR,
  message: 'Vault policy grants a path VaultPolicy refuses',
  explanation: 'VaultPolicy refuses paths that grant more than they name: a bare "*" (every path in Vault), "*" '
    + 'anywhere but at the end, "+" inside a segment, empty or relative (. ..) segments, a leading "/", characters '
    + 'outside letters, digits and _ . @ : = ~ -; a wildcard first segment ("+/..." or "s*") spans mounts, sys/ '
    + 'included. ACL templates ({{identity.entity.aliases.<accessor>.metadata.<key>}} and the other parameters Vault '
    + 'resolves, one per segment) are read as the identity\'s value, and refused where they widen the grant: in the '
    + 'first segment (the identity picks the mount), in the segment a "*" extends ("tenants/{{...}}*" lets tenant a '
    + 'read tenant ab), after a "+" segment, or with unbalanced braces or unknown parameters. It also refuses empty, unknown or repeated capabilities, "deny" mixed with others, a path listed '
    + 'twice, and managing the built-in root or default policy. The rule parses the Policy\'s HCL or JSON as Vault '
    + 'does and applies the same checks; a policy it cannot parse is reported.',
  fix: 'name each path exactly (e.g. database/creds/ci-migrate or secret/data/ci/*) with the capabilities it needs',
  anchors: ['Vault ACL policy syntax (path globs *, +; capabilities)', 'vault-config-operator Policy',
    'VaultPolicy.addPath refusals'],
  beyondAnchors: 'Vault accepts "*" and "+/*", which grant every path; this rule refuses them on any Policy, whatever '
    + 'wrote the HCL.',
  kinds: ['redhatcop.redhat.io/Policy'],
  check: manifest => {
    if (!isKind(manifest, VAULT_CONFIG, 'Policy')) return NOT_APPLICABLE;
    const spec = manifest.spec ?? {};
    const findings: string[] = [];
    const name = spec.name ?? manifest.metadata?.name;
    if (BUILT_IN.includes(name)) findings.push(`spec.name ${name} is a built-in Vault policy: changing it changes every token that carries it`);
    const text = spec.policy;
    if (typeof text !== 'string' || text.trim() === '') return outcome([...findings, 'spec.policy is empty: the policy grants nothing']);
    let blocks: PolicyPathBlock[];
    try {
      blocks = parsePolicyPaths(text);
    } catch (e) {
      return outcome([...findings, `spec.policy does not parse (${(e as Error).message}), so its grants cannot be checked`]);
    }
    if (blocks.length === 0) findings.push('spec.policy has no path blocks: the policy grants nothing');
    const seen = new Set<string>();
    for (const block of blocks) {
      if (seen.has(block.path)) findings.push(`path ${JSON.stringify(block.path)} is listed twice; Vault merges the blocks`);
      seen.add(block.path);
      findings.push(...blockProblems(block));
    }
    return outcome(findings.map(f => f.startsWith('spec.') ? f : `spec.policy ${f}`));
  },
};
