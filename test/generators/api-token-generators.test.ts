import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf, tenantChart } from './support';
import { DataFromSource, ExternalSecret } from '../../src/external-secrets';
import { ClusterGenerator, GitlabDeployToken, GitlabDeployTokenOptions, GitlabDeployTokenScope, Grafana, GrafanaAuth, GrafanaRole } from '../../src/generators';
import { expectConformant } from '../conformance/harness';
import { githubToken } from '../literal-credentials';

const REASON = 'GitLab offers no workload identity for its API';

describe('Grafana', () => {
  test('Viewer role by default; the refresh stays within the token lifetime', () => {
    const chart = tenantChart();
    const admin = kplus.Secret.fromSecretName(chart, 'admin', 'grafana-admin');
    const gen = new Grafana(chart, 'g', {
      metadata: { name: 'grafana' },
      url: 'https://grafana.example.com',
      serviceAccountName: 'dashboards-reader',
      auth: GrafanaAuth.token({ secret: admin, key: 'token' }, 'Grafana has no federation for its admin API'),
      tokenLifetime: Duration.hours(2),
    });
    new ExternalSecret(chart, 'es', { metadata: { name: 'grafana-token' } }).addDataFrom(DataFromSource.generator(gen));
    expectGoodChart(chart);
    expect(objectOf(chart, 'Grafana').spec).toEqual({
      url: 'https://grafana.example.com',
      auth: { token: { name: 'grafana-admin', key: 'token' } },
      serviceAccount: { name: 'dashboards-reader', role: 'Viewer', secondsToLive: 7200 },
    });
    expect(objectOf(chart, 'ExternalSecret').spec.refreshInterval).toBe('1h0m0s');
    expect(gen.outputKeys).toEqual(['login', 'token']);
  });

  test('basic auth and another role', () => {
    const chart = tenantChart();
    new Grafana(chart, 'g', {
      metadata: { name: 'grafana' },
      url: 'https://grafana.example.com',
      serviceAccountName: 'editor',
      serviceAccountRole: GrafanaRole.EDITOR,
      auth: GrafanaAuth.basic('admin', { secret: kplus.Secret.fromSecretName(chart, 'pw', 'grafana-admin'), key: 'password' }, 'bootstrap of a fresh Grafana'),
      tokenLifetime: Duration.minutes(30),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'Grafana').spec.auth).toEqual({ basic: { username: 'admin', password: { name: 'grafana-admin', key: 'password' } } });
    expect(objectOf(chart, 'Grafana').spec.serviceAccount.role).toBe('Editor');
  });

  test('fails on static credentials without a reason', () => {
    const secret = kplus.Secret.fromSecretName(tenantChart(), 's', 'grafana-admin');
    expect(() => GrafanaAuth.token({ secret, key: 'token' }, 'short')).toThrow(/'auth.token reason' \("short"\) is not a written reason/);
  });

  test.each([
    [{ url: 'grafana' }, /'url' \("grafana"\) is not a valid URL/],
    [{ serviceAccountName: '' }, /'serviceAccountName' must not be empty/],
    [{ tokenLifetime: Duration.millis(2500) }, /'tokenLifetime' \(2500ms\) must be a whole number of seconds/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    const auth = GrafanaAuth.token({ secret: kplus.Secret.fromSecretName(chart, 'a', 'grafana-admin'), key: 'token' }, 'no federation available');
    expect(() => new Grafana(chart, 'g', { url: 'https://grafana.example.com', serviceAccountName: 'x', auth, tokenLifetime: Duration.hours(1), ...overrides })).toThrow(error);
  });
});

describe('GitlabDeployToken', () => {
  /** The synthesis clock of these tests: 15 January 2025, 10:30 UTC. */
  const NOW = Date.parse('2025-01-15T10:30:00Z');
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  function options(chart: any, overrides: Partial<GitlabDeployTokenOptions> = {}): GitlabDeployTokenOptions {
    return {
      tokenName: 'argocd',
      projectId: 'platform/app-config',
      acknowledgeStaticCredentials: REASON,
      apiToken: { secret: kplus.Secret.fromSecretName(chart, 'api', 'gitlab-api'), key: 'token' },
      ...overrides,
    };
  }

  function expiryOf(overrides: Partial<GitlabDeployTokenOptions>): string {
    const chart = tenantChart();
    const gen = new GitlabDeployToken(chart, 'g', { metadata: { name: 'gitlab' }, ...options(chart, overrides) });
    expect(objectOf(chart, 'GitlabDeployToken').spec.expiresAt).toBe(gen.expiresAt);
    expectConformant(chart);
    return gen.expiresAt;
  }
  test('SOURCE_DATE_EPOCH pins the default expiry, so a reproducible build writes the same bytes on any day', () => {
    const previous = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = String(Date.parse('2026-01-01T12:00:00Z') / 1000);
      expect(expiryOf({})).toBe('2026-04-02T00:00:00Z');
      jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-06-30T23:59:59Z'));
      expect(expiryOf({})).toBe('2026-04-02T00:00:00Z');
      process.env.SOURCE_DATE_EPOCH = 'yesterday';
      expect(() => expiryOf({})).toThrow(/SOURCE_DATE_EPOCH \("yesterday"\) must be whole seconds since 1970/);
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
  });


  test('read_repository on one project by default, expiring at the midnight UTC following 90 days after synthesis', () => {
    const chart = tenantChart();
    const gen = new GitlabDeployToken(chart, 'g', { metadata: { name: 'gitlab' }, ...options(chart) });
    expectGoodChart(chart);
    expect(objectOf(chart, 'GitlabDeployToken').spec).toEqual({
      name: 'argocd',
      projectID: 'platform/app-config',
      scopes: ['read_repository'],
      auth: { token: { secretRef: { name: 'gitlab-api', key: 'token' } } },
      expiresAt: '2025-04-16T00:00:00Z',
    });
    expect(gen.expiresAt).toBe('2025-04-16T00:00:00Z');
    expect(gen.outputKeys).toEqual(['username', 'token']);
    expect(gen.rotating).toBe(true);
  });

  test('a group token with registry scopes on a self-hosted GitLab', () => {
    const chart = tenantChart();
    new GitlabDeployToken(chart, 'g', {
      metadata: { name: 'gitlab' },
      ...options(chart, { projectId: undefined, groupId: '42', scopes: [GitlabDeployTokenScope.READ_REGISTRY, GitlabDeployTokenScope.READ_PACKAGE_REGISTRY], url: 'https://gitlab.example.com' }),
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'GitlabDeployToken').spec).toMatchObject({ groupID: '42', scopes: ['read_package_registry', 'read_registry'], url: 'https://gitlab.example.com' });
  });

  test('validFor: from one to 365 days; every synthesis of one UTC day writes the same date', () => {
    expect(expiryOf({ validFor: Duration.days(1) })).toBe('2025-01-17T00:00:00Z');
    expect(expiryOf({ validFor: Duration.days(30) })).toBe('2025-02-15T00:00:00Z');
    expect(expiryOf({ validFor: Duration.days(365) })).toBe('2026-01-16T00:00:00Z');
    for (const time of ['2025-01-15T00:00:00Z', '2025-01-15T00:00:01Z', '2025-01-15T23:59:59Z']) {
      jest.spyOn(Date, 'now').mockReturnValue(Date.parse(time));
      expect(expiryOf({})).toBe('2025-04-16T00:00:00Z');
    }
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-01-16T00:00:01Z'));
    expect(expiryOf({})).toBe('2025-04-17T00:00:00Z');
  });

  test('expiresAt: a date (midnight UTC) or an RFC 3339 date-time, written in UTC to the second', () => {
    expect(expiryOf({ expiresAt: '2025-03-31' })).toBe('2025-03-31T00:00:00Z');
    expect(expiryOf({ expiresAt: '2025-03-31T18:00:00+02:00' })).toBe('2025-03-31T16:00:00Z');
    expect(expiryOf({ expiresAt: '2025-03-31T18:00:00.750Z' })).toBe('2025-03-31T18:00:00Z');
    expect(expiryOf({ expiresAt: '2025-01-16T10:30:01Z' })).toBe('2025-01-16T10:30:01Z');
    expect(expiryOf({ expiresAt: '2026-01-15T10:30:00Z' })).toBe('2026-01-15T10:30:00Z');
  });

  test('in a ClusterGenerator, through spec()', () => {
    const chart = tenantChart();
    new ClusterGenerator(chart, 'cg', {
      metadata: { name: 'gitlab' },
      spec: GitlabDeployToken.spec({ ...options(chart), apiToken: { secret: kplus.Secret.fromSecretName(chart, 'api2', 'gitlab-api'), key: 'token' }, expiresAt: '2025-02-01' }),
    });
    expect(objectOf(chart, 'ClusterGenerator').spec.generator.gitlabDeployTokenSpec.expiresAt).toBe('2025-02-01T00:00:00Z');
    expectConformant(chart);
  });

  test.each([
    [{ groupId: '42' }, /exactly one of 'projectId' and 'groupId' must be set/],
    [{ projectId: undefined }, /exactly one of 'projectId' and 'groupId' must be set/],
    [{ scopes: [] }, /'scopes' is empty/],
    [{ scopes: [GitlabDeployTokenScope.READ_REGISTRY, GitlabDeployTokenScope.READ_REGISTRY] }, /'scopes' lists read_registry twice/],
    [{ projectId: undefined, groupId: '1', scopes: [GitlabDeployTokenScope.READ_VIRTUAL_REGISTRY] }, /'scopes' \(read_virtual_registry\) is only available on project deploy tokens/],
    [{ acknowledgeStaticCredentials: 'x' }, /'acknowledgeStaticCredentials' \("x"\) is not a written reason/],
    [{ tokenName: ' ' }, /'tokenName' must not be empty/],
    [{ expiresAt: '2025-03-31', validFor: Duration.days(30) }, /'expiresAt' and 'validFor' are both set; keep one/],
    [{ validFor: Duration.hours(23) }, /'validFor' \(23h0m0s\) must be at least 24h0m0s/],
    [{ validFor: Duration.days(366) }, /'validFor' \(8784h0m0s\) must be at most 8760h0m0s/],
    [{ expiresAt: 'next spring' }, /'expiresAt' \("next spring"\) must be an RFC 3339 date-time or a date; e.g. "2026-03-31T00:00:00Z" or "2026-03-31"/],
    [{ expiresAt: '2025-02-30' }, /'expiresAt' \("2025-02-30"\) must be an RFC 3339 date-time or a date/],
    [{ expiresAt: '2025-03-31T24:00:00Z' }, /'expiresAt' \("2025-03-31T24:00:00Z"\) must be an RFC 3339/],
    [{ expiresAt: '2025-03-31T10:00:00' }, /'expiresAt' \("2025-03-31T10:00:00"\) must be an RFC 3339/],
    [{ expiresAt: '2025-01-15' }, /'expiresAt' \(2025-01-15T00:00:00Z\) is not after this synthesis \(2025-01-15T10:30:00Z\): GitLab would issue tokens that are already expired/],
    [{ expiresAt: '2025-01-16T10:30:00Z' }, /'expiresAt' \(2025-01-16T10:30:00Z\) is less than a day after this synthesis \(2025-01-15T10:30:00Z\): GitLab would issue tokens that are about to expire/],
    [{ expiresAt: '2026-01-15T10:30:01Z' }, /'expiresAt' \(2026-01-15T10:30:01Z\) is more than 365 days after this synthesis \(2025-01-15T10:30:00Z\); a leaked token would stay valid that long/],
    [{ expiresAt: githubToken() }, /'expiresAt'.*GitHub/i],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new GitlabDeployToken(chart, 'g', options(chart, overrides as any))).toThrow(error);
  });

  test('spec() reports the same errors without a construct path', () => {
    expect(() => GitlabDeployToken.spec({ ...options(tenantChart()), validFor: Duration.days(400) })).toThrow(/^'validFor' \(9600h0m0s\) must be at most 8760h0m0s/);
  });
});
