import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { formatGoDuration } from '../../src/common/duration';
import { FakeGenerator, Password, SshKey, Uuid } from '../../src/generators';
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
