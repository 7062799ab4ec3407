import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { formatGoDuration, renderDuration } from '../../src/common/duration';

/** Go's time.ParseDuration, restricted to the units we emit: an independent oracle for the round trip. */
function parseGoDuration(s: string): number {
  const units: { [u: string]: number } = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (s === '0s') return 0;
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.map(p => p[0]).join('') !== s) throw new Error(`not a Go duration: ${s}`);
  return Math.round(parts.reduce((ms, [, n, u]) => ms + Number(n) * units[u], 0));
}

describe('renderDuration', () => {
  // expected strings are what Go's time.Duration.String() prints for the same durations
  test.each([
    [Duration.hours(1), '1h0m0s'],
    [Duration.minutes(15), '15m0s'],
    [Duration.minutes(90), '1h30m0s'],
    [Duration.seconds(90), '1m30s'],
    [Duration.seconds(30), '30s'],
    [Duration.millis(500), '500ms'],
    [Duration.millis(1500), '1.5s'],
    [Duration.millis(61_250), '1m1.25s'],
    [Duration.days(1), '24h0m0s'],
    [Duration.hours(12), '12h0m0s'],
  ])('%s renders as %s', (d, expected) => {
    expect(renderDuration(undefined, 'refreshInterval', d)).toBe(expected);
  });

  test('zero renders as 0s only where allowed', () => {
    expect(renderDuration(undefined, 'refreshInterval', Duration.seconds(0), { allowZero: true })).toBe('0s');
    expect(() => renderDuration(undefined, 'refreshInterval', Duration.seconds(0))).toThrow(/'refreshInterval' \(0s\) must be positive/);
  });

  test('fails on fractions of a millisecond', () => {
    expect(() => renderDuration(undefined, 'timeout', Duration.millis(0.5))).toThrow(/'timeout' \(0.5ms\) must be a whole number of milliseconds/);
  });

  test('fails outside the bounds, naming both', () => {
    expect(() => renderDuration(undefined, 'refreshInterval', Duration.hours(2), { max: Duration.hours(1) }))
      .toThrow("'refreshInterval' (2h0m0s) must be at most 1h0m0s");
    expect(() => renderDuration(undefined, 'refreshInterval', Duration.seconds(5), { min: Duration.seconds(10) }))
      .toThrow("'refreshInterval' (5s) must be at least 10s");
  });

  test('property: output is a Go duration that parses back to the same milliseconds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 * 24 * 3_600_000 }), ms => {
      const s = formatGoDuration(ms);
      expect(s).toMatch(/^((\d+h)?(\d+m)?\d+(\.\d+)?s|\d+ms)$/);
      expect(parseGoDuration(s)).toBe(ms);
    }));
  });

  test('property: hours and minutes are spelled out once the duration reaches them (Go style)', () => {
    fc.assert(fc.property(fc.integer({ min: 3_600_000, max: 100 * 3_600_000 }), ms => {
      expect(formatGoDuration(ms)).toMatch(/^\d+h\d+m\d+(\.\d+)?s$/);
    }));
  });
});
