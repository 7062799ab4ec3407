import { RULE_CASES as CASES } from './cases';
import { RuleCompliance } from '../../src/compliance';
import { ALL_RULES } from '../../src/compliance/rules';

test('every rule has compliant and non-compliant cases', () => {
  expect(Object.keys(CASES).sort()).toEqual(ALL_RULES.map(r => r.id).sort());
});

describe.each(ALL_RULES.map(r => [r.id, r] as const))('%s', (id, rule) => {
  const c = CASES[id];
  const context = (manifest: any) => [manifest, ...c.others ?? []];

  // ZT-ACK1 has no compliant object: any annotation it reads is a finding, and the pack decides whether it counts
  if (c.compliant.length > 0) {
    test.each(c.compliant.map((m, i) => [i, m]))('compliant case %i', (_i, manifest) => {
      expect(rule.check(manifest, context(manifest))).toEqual({ compliance: RuleCompliance.COMPLIANT, findings: [] });
    });
  }

  test.each(c.nonCompliant.map((n, i) => [i, n]))('non-compliant case %i', (_i, { manifest, finding }) => {
    const result = rule.check(manifest, context(manifest));
    expect(result.compliance).toBe(RuleCompliance.NON_COMPLIANT);
    expect(result.findings).toEqual(expect.arrayContaining([expect.stringMatching(finding)]));
  });

  if (c.notApplicable !== undefined) {
    test.each(c.notApplicable.map((m, i) => [i, m]))('not applicable case %i', (_i, manifest) => {
      expect(rule.check(manifest, context(manifest))).toEqual({ compliance: RuleCompliance.NOT_APPLICABLE, findings: [] });
    });
  }

  test('not applicable to an unrelated kind', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' }, data: { a: 'b' } };
    // ZT-META1 judges the metadata of every object, ZT-SEC6 the strings of every object
    expect(rule.check(configMap, [configMap]).compliance).toBe(['ZT-META1', 'ZT-SEC6'].includes(id) ? RuleCompliance.COMPLIANT : RuleCompliance.NOT_APPLICABLE);
  });

  test('metadata is complete', () => {
    expect(rule.id).toMatch(/^ZT-[A-Z]+\d+$/);
    expect(rule.message.length).toBeGreaterThan(10);
    expect(rule.explanation.length).toBeGreaterThan(40);
    expect(rule.anchors.length).toBeGreaterThan(0);
    expect(rule.fix.length).toBeGreaterThan(10);
  });
});

test('rule ids are unique', () => {
  expect(new Set(ALL_RULES.map(r => r.id)).size).toBe(ALL_RULES.length);
});
