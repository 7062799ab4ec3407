import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { tenantChart } from './support';
import { formatGoDuration } from '../../src/common/duration';
import { ValidationError } from '../../src/common/errors';
import { FakeGenerator, Generator, Password, SshKey, Uuid } from '../../src/generators';
import { GENERATOR_KINDS, GeneratorSpec, goDurationMillis, halfLifetime } from '../../src/generators/generator';

describe('generator helpers', () => {
  test('goDurationMillis inverts the Go duration rendering', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 * 3_600_000 }), ms => goDurationMillis(formatGoDuration(ms)) === ms));
  });

  test('fails on a string that is not a Go duration', () => {
    expect(() => goDurationMillis('1d')).toThrow(/'refreshInterval' \("1d"\) is not a Go duration/);
    expect(() => goDurationMillis('')).toThrow(/is not a Go duration/);
  });

  test('halfLifetime rounds down to whole seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 200_000 }), s => {
      const half = halfLifetime(Duration.seconds(s)).toSeconds();
      return half === Math.floor(s / 2) && half * 2 <= s;
    }));
  });

  test('every spec maps to the ClusterGenerator key of its kind', () => {
    const keys = [Password.spec(), SshKey.spec(), Uuid.spec(), FakeGenerator.spec({ data: { a: 'b' } })].map(s => s.clusterGeneratorKey);
    expect(keys).toEqual(['passwordSpec', 'sshKeySpec', 'uuidSpec', 'fakeSpec']);
  });

  test('the ClusterGenerator key of every kind matches the CRD', () => {
    const expected = [
      'acrAccessTokenSpec', 'beyondtrustWorkloadCredentialsDynamicSecretSpec', 'cloudsmithAccessTokenSpec', 'ecrAuthorizationTokenSpec',
      'fakeSpec', 'gcrAccessTokenSpec', 'githubAccessTokenSpec', 'gitlabDeployTokenSpec', 'grafanaSpec', 'mfaSpec', 'passwordSpec',
      'quayAccessTokenSpec', 'sshKeySpec', 'stsSessionTokenSpec', 'uuidSpec', 'vaultDynamicSecretSpec', 'webhookSpec',
    ];
    const keys = GENERATOR_KINDS.filter(k => k !== 'ClusterGenerator')
      .map(kind => GeneratorSpec._of({ kind, outputKeys: [], rotating: false }, () => ({})).clusterGeneratorKey);
    expect(keys.sort()).toEqual(expected.sort());
  });
});

/** A kind class that hands its base a spec the way each generator's constructor does, or gets it wrong. */
class TestGenerator extends Generator {
  public constructor(scope: Construct, id: string, kind: string, specs: GeneratorSpec[]) {
    super(scope, id, kind);
    specs.forEach(s => this._useSpec(s));
  }
}

describe('Generator base', () => {
  test('takes exactly one spec of its own kind', () => {
    const chart = tenantChart();
    expect(new TestGenerator(chart, 'ok', 'Password', [Password.spec()]).outputKeys).toEqual(['password']);
    expect(() => new TestGenerator(chart, 'twice', 'Password', [Password.spec(), Password.spec()]))
      .toThrow(/^tenant\/twice: the Password generator already has its spec; set it once$/);
    expect(() => new TestGenerator(chart, 'other', 'Password', [Uuid.spec()]))
      .toThrow(/^tenant\/other: a Password generator cannot take a UUID spec; use Password.spec\(\)$/);
  });

  test('fails at use when a kind class never hands over its spec', () => {
    const gen = new TestGenerator(tenantChart(), 'none', 'Password', []);
    expect(() => gen.outputKeys).toThrow(ValidationError);
    expect(() => gen.rotating).toThrow(/^tenant\/none: the Password generator has no spec: its constructor must call _useSpec\(\)$/);
  });

  test('outputKeys is a copy', () => {
    const pw = new Password(tenantChart(), 'pw');
    pw.outputKeys.push('x');
    expect(pw.outputKeys).toEqual(['password']);
  });
});

