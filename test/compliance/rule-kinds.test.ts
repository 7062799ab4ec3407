// The kinds a rule declares (RuleDefinition.kinds) decide which manifests the pack hands it. A declaration that
// leaves out a kind the check judges would hide its findings there; these tests make every declaration earn its
// place: the check must say NOT_APPLICABLE on every other kind, and the pack must still find every non-compliant case.
import { RULE_CASES } from './cases';
import { buildFleet } from '../../examples/multi-tenant-fleet/fleet';
import { redactCredentials } from '../../src/common/redact';
import { Synthesis } from '../../src/common/synthesis';
import { CompliancePack, RuleCompliance } from '../../src/compliance';
import { kindKeyOf, refOf } from '../../src/compliance/manifest';
import { itemsOf } from '../../src/compliance/pack';
import { ALL_RULES } from '../../src/compliance/rules';

const DECLARED = ALL_RULES.filter(r => r.kinds !== undefined);

/** Every manifest of the rule cases (compliant, non-compliant, context, not applicable) and of a two-tenant fleet. */
function corpus(): any[] {
  const out: any[] = [];
  for (const c of Object.values(RULE_CASES)) {
    out.push(...c.compliant, ...c.nonCompliant.map(n => n.manifest), ...c.others ?? [], ...c.notApplicable ?? []);
  }
  for (const chart of Synthesis.appManifests(buildFleet({ tenants: 2, compliance: false }).app)) out.push(...chart.manifests);
  return out.filter(m => typeof m === 'object' && m !== null && !Array.isArray(m));
}

const CORPUS = corpus();

/**
 * The kinds to move manifests into: every kind some rule declares or some manifest has, and a few nobody does. A rule
 * whose check reads a kind has a case of that kind, so its kind is here even when the declaration forgot it.
 */
const KINDS = [...new Set([
  ...DECLARED.flatMap(r => r.kinds!),
  ...CORPUS.map(kindKeyOf).filter((k): k is string => k !== undefined),
  '/ConfigMap', 'example.com/Widget', 'apps/Deployment',
])].sort();

/** `manifest` as an object of another kind, everything else kept. */
function asKind(manifest: any, key: string): any {
  const slash = key.indexOf('/');
  const group = key.slice(0, slash);
  return { ...manifest, apiVersion: group === '' ? 'v1' : `${group}/v1`, kind: key.slice(slash + 1) };
}

test('most rules declare their kinds, and every declared kind is written group/Kind', () => {
  // the pod rules, the store and generator rules, RBAC, Vault, Argo CD: all but the rules that read any object
  expect(DECLARED.length).toBeGreaterThanOrEqual(60);
  for (const rule of DECLARED) {
    expect(rule.kinds!.length).toBeGreaterThan(0);
    for (const key of rule.kinds!) expect(key).toMatch(/^([a-z0-9.-]*)\/[A-Z][A-Za-z0-9]*$/);
  }
});

test('the corpus is large: hundreds of manifests, dozens of kinds', () => {
  expect(CORPUS.length).toBeGreaterThan(300);
  expect(KINDS.length).toBeGreaterThan(40);
});

describe.each(DECLARED.map(r => [r.id, r] as const))('%s', (_id, rule) => {
  test('not applicable to every manifest moved into a kind it does not declare', () => {
    const others = KINDS.filter(k => !rule.kinds!.includes(k));
    const judged: string[] = [];
    for (const manifest of CORPUS) {
      for (const key of others) {
        const moved = asKind(manifest, key);
        let verdict: string;
        try {
          verdict = rule.check(moved, [moved, ...CORPUS]).compliance;
        } catch (error) {
          verdict = `threw ${error}`;
        }
        if (verdict !== RuleCompliance.NOT_APPLICABLE) judged.push(`${key} (${verdict})`);
      }
    }
    // a kind here is one the check judges: add it to the rule's kinds
    expect([...new Set(judged)]).toEqual([]);
  });

  test('the pack still reports every non-compliant case', () => {
    const c = RULE_CASES[rule.id];
    for (const { manifest, finding } of c.nonCompliant) {
      const report = new CompliancePack().evaluateManifests([manifest, ...c.others ?? []]);
      const details = report.findings.filter(f => f.ruleId === rule.id).map(f => f.detail);
      const kind = kindKeyOf(manifest);
      expect({ kind, details }).toEqual({ kind, details: expect.arrayContaining([expect.stringMatching(finding)]) });
    }
  });
});

test('the pack calls a rule only on the kinds it declares, and a rule without kinds on every manifest', () => {
  const declared = ALL_RULES.find(r => r.id === 'ZT-VAULT5')!;
  const everyKind = ALL_RULES.find(r => r.kinds === undefined)!;
  const seen = new Map<string, string[]>([[declared.id, []], [everyKind.id, []]]);
  const spies = [declared, everyKind].map(rule => {
    const original = rule.check;
    (rule as any).check = (manifest: any, manifests: any[]) => {
      seen.get(rule.id)!.push(kindKeyOf(manifest) ?? '(none)');
      return original(manifest, manifests);
    };
    return () => { (rule as any).check = original; };
  });
  try {
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } },
      { apiVersion: 'redhatcop.redhat.io/v1alpha1', kind: 'Policy', metadata: { name: 'p', namespace: 'a' }, spec: { policy: 'path "secret/data/a" { capabilities = ["read"] }' } },
      { apiVersion: 'example.com/v1', kind: 'Policy', metadata: { name: 'q', namespace: 'a' } },
      { kind: 7, metadata: { name: 'odd' } },
    ];
    new CompliancePack().evaluateManifests(manifests);
    expect(declared.kinds).toEqual(['redhatcop.redhat.io/Policy']);
    expect(seen.get(declared.id)).toEqual(['redhatcop.redhat.io/Policy']);
    expect(seen.get(everyKind.id)).toEqual(['/ConfigMap', 'redhatcop.redhat.io/Policy', 'example.com/Policy', '(none)']);
  } finally {
    spies.forEach(restore => restore());
  }
});

test('the pack reports what every rule on every manifest reports, in the same order', () => {
  // the reference: each rule asked about each object, as the pack did before rules declared kinds (ZT-ACK1, which
  // the pack answers from the annotation's trust, is left out of both)
  const manifests = CORPUS.flatMap(itemsOf);
  const reference: string[] = [];
  for (const manifest of manifests) {
    for (const rule of ALL_RULES) {
      if (rule.id === 'ZT-ACK1') continue;
      let details: readonly string[];
      try {
        const result = rule.check(manifest, manifests);
        details = result.compliance === RuleCompliance.NON_COMPLIANT ? result.findings : [];
      } catch (error) {
        details = [`rule failed to evaluate: ${error instanceof Error ? error.message : String(error)}`];
      }
      for (const detail of details) reference.push(`${rule.id} ${refOf(manifest)}: ${redactCredentials(detail)}`);
    }
  }
  const reported = new CompliancePack().evaluateManifests(CORPUS).findings
    .filter(f => f.ruleId !== 'ZT-ACK1')
    .map(f => `${f.ruleId} ${f.resource}: ${f.detail}`);
  expect(reference.length).toBeGreaterThan(600);
  expect(reported).toEqual(reference);
});

test('excluded rules stay excluded on every kind', () => {
  const policy = { apiVersion: 'redhatcop.redhat.io/v1alpha1', kind: 'Policy', metadata: { name: 'p', namespace: 'a' }, spec: { policy: '' } };
  expect(new CompliancePack().evaluateManifests([policy]).findings.map(f => f.ruleId)).toContain('ZT-VAULT5');
  expect(new CompliancePack({ excludeRules: ['ZT-VAULT5'] }).evaluateManifests([policy]).findings.map(f => f.ruleId)).not.toContain('ZT-VAULT5');
});
