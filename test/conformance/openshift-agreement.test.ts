import { checkObject, recordFigure } from './harness';
import { openShiftCreateCases } from './openshift-cases';
import { describeWithShared } from './shared';

/**
 * Proves the harness on openshift/api's own test cases for the Authentication CRD: every `onCreate` case
 * (an `initial` object, plus `expectedError` when the API server must reject it) goes through the harness,
 * and we count the cases where our verdict, and for rejections the error text, agree with upstream.
 */
interface Case {
  readonly file: string;
  readonly name: string;
  readonly initial: any;
  readonly expected?: any;
  readonly expectedError?: string;
  readonly featureSet: string;
}

/** ExternalOIDCExternalClaimsSourcing is only enabled in the TechPreview/DevPreview/Custom feature sets. */
function featureSetFor(gates: string[]): string {
  return gates.includes('ExternalOIDCExternalClaimsSourcing') ? 'TechPreviewNoUpgrade' : 'Default';
}

function onCreateCases(): Case[] {
  return openShiftCreateCases().map(c => ({
    file: c.file,
    name: c.name,
    // the upstream runner names the singleton; so do we
    initial: withName(c.initial),
    expected: c.expected ? withName(c.expected) : undefined,
    expectedError: c.expectedError,
    featureSet: featureSetFor(c.featureGates),
  }));
}

function withName(obj: any): any {
  return { ...obj, metadata: { name: 'cluster', ...obj.metadata } };
}

describeWithShared('harness agreement with openshift/api Authentication test cases', () => {
  const cases = onCreateCases();
  const outcomes = cases.map(c => {
    const report = checkObject(c.initial, { featureSet: c.featureSet });
    const errors = report.findings.filter(f => f.severity === 'error').map(f => f.message);
    const agrees = c.expectedError
      ? errors.some(e => e.includes(c.expectedError!))
      : errors.length === 0;
    return { c, errors, agrees, defaulted: report.defaulted };
  });

  test('at least 95% of the onCreate cases agree (verdict and error text)', () => {
    const agreed = outcomes.filter(o => o.agrees).length;
    const pct = (100 * agreed) / outcomes.length;
    const figure = `${pct.toFixed(1)}% (${agreed}/${outcomes.length} onCreate cases)`;
    recordFigure('openshift/api Authentication onCreate agreement', figure);
    // eslint-disable-next-line no-console
    console.log(`harness agreement with openshift/api onCreate cases: ${figure}\n${outcomes.filter(o => !o.agrees)
      .map(o => `  disagrees: ${o.c.file} "${o.c.name}": expected ${o.c.expectedError ? `error "${o.c.expectedError}"` : 'success'}, got ${o.errors.length ? o.errors.join('; ') : 'success'}`).join('\n')}`);
    expect(outcomes.length).toBeGreaterThan(100);
    expect(pct).toBeGreaterThanOrEqual(95);
  });

  test('accepted cases default to exactly the object upstream expects', () => {
    const accepted = outcomes.filter(o => o.c.expected && o.errors.length === 0);
    const mismatched = accepted.filter(o => JSON.stringify(o.defaulted) !== JSON.stringify(o.c.expected)
      && !isDeepStrictEqual(o.defaulted, o.c.expected));
    recordFigure('openshift/api accepted cases defaulted as expected', `${accepted.length - mismatched.length}/${accepted.length}`);
    expect(mismatched.map(o => o.c.name)).toEqual([]);
  });
});

function isDeepStrictEqual(a: any, b: any): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('util').isDeepStrictEqual(a, b);
}
