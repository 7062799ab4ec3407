import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { GENERATOR_FIXTURES } from './fixtures';
import { tenantChart } from './support';
import { ValidationError } from '../../src/common/errors';
import { VaultAuth } from '../../src/external-secrets';
import { VaultDynamicSecret } from '../../src/generators';

describe('every generator construct throws a ValidationError that starts with its path', () => {
  test.each(GENERATOR_FIXTURES.map(f => [f.cls, f] as const))('%s', (_cls, fixture) => {
    let error: unknown;
    try {
      fixture.make(tenantChart(), 'gen', fixture.bad.overrides);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).constructPath).toBe('tenant/gen');
    expect((error as ValidationError).message).toMatch(new RegExp(`^tenant/gen: ${fixture.bad.message.source}`));
  });
});

describe('references rendered through a provider carry the generator path', () => {
  test('a Vault service account in another namespace', () => {
    const chart = tenantChart();
    const account = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'db', namespace: 'team-b' } });
    expect(() => new VaultDynamicSecret(chart, 'gen', {
      path: 'database/creds/app',
      maxLifetime: Duration.hours(1),
      provider: { server: 'https://vault.example.com', auth: VaultAuth.kubernetes({ role: 'db', serviceAccount: account }) },
    })).toThrow(/^tenant\/gen: '.*' references namespace "team-b" but a SecretStore may only reference objects in its own namespace "team-a"/);
  });
});
