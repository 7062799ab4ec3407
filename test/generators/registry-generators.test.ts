import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf, tenantChart } from './support';
import { AzureEnvironment, DataFromSource, ExternalSecret, SecretTemplate } from '../../src/external-secrets';
import { AcrAccessToken, AcrAuth, CloudsmithAccessToken, Mfa, MfaAlgorithm, QuayAccessToken } from '../../src/generators';

const TENANT = '11111111-2222-3333-4444-555555555555';

describe('QuayAccessToken', () => {
  test('robot federation with a service account, declared lifetime', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'quay-pull' } });
    const quay = new QuayAccessToken(chart, 'quay', {
      metadata: { name: 'quay' }, robotAccount: 'my-org+ci', serviceAccount: sa, audiences: ['quay'], maxLifetime: Duration.hours(1), url: 'https://quay.example.com',
    });
    new ExternalSecret(chart, 'pull', {
      metadata: { name: 'quay-pull' },
      // Quay's generator outputs the registry host and a ready `auth` value, not a user name and password
      template: SecretTemplate.dockerConfigJson({ registryKey: 'registry', authKey: 'auth' }),
    }).addDataFrom(DataFromSource.generator(quay));
    expectGoodChart(chart);
    expect(objectOf(chart, 'ExternalSecret').spec.target.template.data['.dockerconfigjson'])
      .toBe('{"auths":{ {{ (index . "registry") | trimPrefix "https://" | toJson }}:{"auth":{{ (index . "auth") | toJson }}}}}');
    expect(objectOf(chart, 'QuayAccessToken').spec).toEqual({
      robotAccount: 'my-org+ci', serviceAccountRef: { name: 'quay-pull', audiences: ['quay'] }, url: 'https://quay.example.com',
    });
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('30m0s');
    expect(quay.outputKeys).toEqual(['registry', 'auth', 'expiry']);
  });

  test.each([
    [{ robotAccount: 'ci' }, /'robotAccount' \("ci"\) must be "<namespace>\+<robot>"/],
    [{ maxLifetime: Duration.seconds(0) }, /'maxLifetime' \(0s\) must be positive/],
    [{ url: 'quay.example.com' }, /'url' \("quay.example.com"\)/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'quay-pull' } });
    expect(() => new QuayAccessToken(chart, 'quay', { robotAccount: 'my-org+ci', serviceAccount: sa, maxLifetime: Duration.hours(1), ...overrides })).toThrow(error);
  });
});

describe('CloudsmithAccessToken', () => {
  test('OIDC federation with a service account', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'cloudsmith' } });
    new CloudsmithAccessToken(chart, 'cs', {
      metadata: { name: 'cloudsmith' }, orgSlug: 'my-org', serviceSlug: 'ci-service', serviceAccount: sa, maxLifetime: Duration.minutes(90), apiUrl: 'https://api.cloudsmith.io',
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'CloudsmithAccessToken').spec).toEqual({
      orgSlug: 'my-org', serviceSlug: 'ci-service', serviceAccountRef: { name: 'cloudsmith' }, apiUrl: 'https://api.cloudsmith.io',
    });
  });

  test('fails on a bad slug', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'cloudsmith' } });
    expect(() => new CloudsmithAccessToken(chart, 'cs', { orgSlug: 'My Org', serviceSlug: 'ci', serviceAccount: sa, maxLifetime: Duration.hours(1) }))
      .toThrow(/'orgSlug' \("My Org"\) must be a Cloudsmith slug/);
  });
});

describe('AcrAccessToken', () => {
  test('workload identity and a repository scope by default', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'acr-pull' } });
    const acr = new AcrAccessToken(chart, 'acr', {
      metadata: { name: 'acr' }, registry: 'myregistry.azurecr.io', tenantId: TENANT, scope: 'repository:app:pull', auth: AcrAuth.workloadIdentity(sa),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'ACRAccessToken').spec).toEqual({
      registry: 'myregistry.azurecr.io',
      tenantId: TENANT,
      scope: 'repository:app:pull',
      environmentType: 'PublicCloud',
      auth: { workloadIdentity: { serviceAccountRef: { name: 'acr-pull' } } },
    });
    expect(acr.maxLifetime?.toMinutes()).toBe(75);
  });

  test('registry-wide tokens and managed identity are opt-ins', () => {
    const chart = tenantChart();
    const acr = new AcrAccessToken(chart, 'acr', {
      metadata: { name: 'acr' },
      registry: 'myregistry.azurecr.cn',
      tenantId: TENANT,
      allowRegistryWideToken: true,
      environment: AzureEnvironment.CHINA_CLOUD,
      auth: AcrAuth.managedIdentity('client-id-1'),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'ACRAccessToken').spec.auth).toEqual({ managedIdentity: { identityId: 'client-id-1' } });
    expect(acr.maxLifetime?.toHours()).toBe(3);
  });

  test('service principal with a written reason', () => {
    const chart = tenantChart();
    const secret = kplus.Secret.fromSecretName(chart, 'sp', 'acr-sp');
    new AcrAccessToken(chart, 'acr', {
      metadata: { name: 'acr' },
      registry: 'myregistry.azurecr.io',
      tenantId: TENANT,
      scope: 'repository:app:pull,push',
      auth: AcrAuth.servicePrincipal({ clientId: { secret, key: 'id' }, clientSecret: { secret, key: 'secret' }, acknowledgeStaticCredentials: 'cluster outside Azure without federation' }),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'ACRAccessToken').spec.auth).toEqual({
      servicePrincipal: { secretRef: { clientId: { name: 'acr-sp', key: 'id' }, clientSecret: { name: 'acr-sp', key: 'secret' } } },
    });
  });

  test.each([
    [{ registry: 'https://myregistry.azurecr.io' }, /'registry' .* must be a registry host name/],
    [{ tenantId: 'contoso' }, /'tenantId' \("contoso"\) must be a tenant GUID/],
    [{ scope: undefined }, /'scope' is not set: the token would cover the whole registry/],
    [{ allowRegistryWideToken: true }, /'allowRegistryWideToken' and 'scope' are both set/],
    [{ scope: 'registry:catalog:*' }, /'scope' \("registry:catalog:\*"\) must be "repository:<name>:<actions>"/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new AcrAccessToken(chart, 'acr', {
      registry: 'myregistry.azurecr.io', tenantId: TENANT, scope: 'repository:app:pull', auth: AcrAuth.managedIdentity(), ...overrides,
    })).toThrow(error);
  });

  test('fails on a service principal without a reason', () => {
    const secret = kplus.Secret.fromSecretName(tenantChart(), 'sp', 'acr-sp');
    expect(() => AcrAuth.servicePrincipal({ clientId: { secret, key: 'id' }, clientSecret: { secret, key: 'secret' }, acknowledgeStaticCredentials: 'no' }))
      .toThrow(/'auth.servicePrincipal.acknowledgeStaticCredentials' \("no"\) is not a written reason/);
  });
});

describe('Mfa', () => {
  test('TOTP defaults; the refresh stays within one period', () => {
    const chart = tenantChart();
    const mfa = new Mfa(chart, 'mfa', { metadata: { name: 'totp' }, seed: { secret: kplus.Secret.fromSecretName(chart, 'seed', 'totp-seed'), key: 'seed' } });
    new ExternalSecret(chart, 'code', { metadata: { name: 'code' } }).addDataFrom(DataFromSource.generator(mfa));
    expectGoodChart(chart);
    expect(objectOf(chart, 'MFA').spec).toEqual({ secret: { name: 'totp-seed', key: 'seed' }, algorithm: 'sha1', length: 6, timePeriod: 30 });
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('15s');
  });

  test('renders every option', () => {
    const chart = tenantChart();
    new Mfa(chart, 'mfa', {
      metadata: { name: 'totp' },
      seed: { secret: kplus.Secret.fromSecretName(chart, 'seed', 'totp-seed'), key: 'seed' },
      algorithm: MfaAlgorithm.SHA256,
      length: 8,
      timePeriod: Duration.seconds(60),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'MFA').spec).toEqual({ secret: { name: 'totp-seed', key: 'seed' }, algorithm: 'sha256', length: 8, timePeriod: 60 });
  });

  test.each([
    [{ length: 7 }, /'length' \(7\) must be 6 or 8 digits/],
    [{ timePeriod: Duration.seconds(5) }, /'timePeriod' \(5s\) must be a whole number of seconds from 15 to 300/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new Mfa(chart, 'mfa', { seed: { secret: kplus.Secret.fromSecretName(chart, 'seed', 'totp-seed'), key: 'seed' }, ...overrides })).toThrow(error);
  });
});
