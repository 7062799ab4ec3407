import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Errors } from '../../src';
import { ValidationError } from '../../src/common/errors';
import { validateDnsLabel } from '../../src/common/names';
import { compareCodeUnits, sortedBy, sortedRecord, sortedStrings, sortedUnique } from '../../src/common/sort';

describe('ValidationError', () => {
  test('starts its message with the path of the construct the check ran for, and keeps the path', () => {
    const chart = Testing.chart();
    const tenant = new Construct(new Construct(chart, 'tenant-042'), 'Store');
    const error = new ValidationError("'name' (\"A\") must be lowercase", tenant);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.constructPath).toBe('test/tenant-042/Store');
    expect(error.message).toBe("test/tenant-042/Store: 'name' (\"A\") must be lowercase");
  });

  test('without a construct the message is unchanged and there is no path', () => {
    const error = new ValidationError('bad');
    expect(error.message).toBe('bad');
    expect(error.constructPath).toBeUndefined();
  });

  test('the App itself (empty path) is named, so no message starts with ": "', () => {
    expect(new ValidationError('bad', new App()).message).toBe('(app): bad');
  });

  test('the shared validators carry the scope they are given', () => {
    const chart = new Chart(new App(), 'fleet');
    expect(() => validateDnsLabel(chart, 'namespace', 'Team_A')).toThrow(/^fleet: 'namespace' \("Team_A"\) must be a DNS-1123 label/);
    expect(() => validateDnsLabel(chart, 'namespace', 'Team_A')).toThrow(ValidationError);
    expect(() => validateDnsLabel(undefined, 'namespace', 'Team_A')).toThrow(/^'namespace'/);
  });
});

describe('code-unit ordering', () => {
  test('orders by UTF-16 code unit, not by any locale (Danish "aa" would sort after "z")', () => {
    expect(sortedStrings(['z', 'aa', 'B', 'a', 'ı', 'i'])).toEqual(['B', 'a', 'aa', 'i', 'z', 'ı']);
    expect(['b', 'a', 'b'].sort(compareCodeUnits)).toEqual(['a', 'b', 'b']);
    expect(compareCodeUnits('a', 'a')).toBe(0);
  });

  test('helpers copy and do not mutate their input', () => {
    const input = ['c', 'a', 'c'];
    expect(sortedUnique(input)).toEqual(['a', 'c']);
    expect(input).toEqual(['c', 'a', 'c']);
    expect(sortedBy([{ k: 'y' }, { k: 'x' }], o => o.k)).toEqual([{ k: 'x' }, { k: 'y' }]);
    expect(Object.keys(sortedRecord({ zeta: 1, Alpha: 2, alpha: 3 }))).toEqual(['Alpha', 'alpha', 'zeta']);
  });
});

describe('Errors (what other languages use)', () => {
  test('recognizes validation errors and reads their path', () => {
    const chart = Testing.chart();
    let caught: unknown;
    try {
      validateDnsLabel(chart, 'namespace', 'Bad');
    } catch (e) {
      caught = e;
    }
    expect(Errors.isValidationError(caught)).toBe(true);
    expect(Errors.constructPathOf(caught)).toBe('test');
    expect(Errors.isValidationError(new Error('x'))).toBe(false);
    expect(Errors.constructPathOf(new Error('x'))).toBeUndefined();
    expect(Errors.constructPathOf(new ValidationError('no scope'))).toBeUndefined();
  });
});
