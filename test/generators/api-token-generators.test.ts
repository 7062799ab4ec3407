import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectGoodChart, objectOf, tenantChart } from './support';
import { DataFromSource, ExternalSecret } from '../../src/external-secrets';
import { GitlabDeployToken, GitlabDeployTokenOptions, GitlabDeployTokenScope, Grafana, GrafanaAuth, GrafanaRole } from '../../src/generators';

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
  function options(chart: any, overrides: Partial<GitlabDeployTokenOptions> = {}): GitlabDeployTokenOptions {
    return {
      tokenName: 'argocd',
      projectId: 'platform/app-config',
      acknowledgeStaticCredentials: REASON,
      apiToken: { secret: kplus.Secret.fromSecretName(chart, 'api', 'gitlab-api'), key: 'token' },
      ...overrides,
    };
  }

  test('read_repository on one project by default', () => {
    const chart = tenantChart();
    const gen = new GitlabDeployToken(chart, 'g', { metadata: { name: 'gitlab' }, ...options(chart) });
    expectGoodChart(chart);
    expect(objectOf(chart, 'GitlabDeployToken').spec).toEqual({
      name: 'argocd', projectID: 'platform/app-config', scopes: ['read_repository'], auth: { token: { secretRef: { name: 'gitlab-api', key: 'token' } } },
    });
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

  test.each([
    [{ groupId: '42' }, /exactly one of 'projectId' and 'groupId' must be set/],
    [{ projectId: undefined }, /exactly one of 'projectId' and 'groupId' must be set/],
    [{ scopes: [] }, /'scopes' is empty/],
    [{ scopes: [GitlabDeployTokenScope.READ_REGISTRY, GitlabDeployTokenScope.READ_REGISTRY] }, /'scopes' lists read_registry twice/],
    [{ projectId: undefined, groupId: '1', scopes: [GitlabDeployTokenScope.READ_VIRTUAL_REGISTRY] }, /'scopes' \(read_virtual_registry\) is only available on project deploy tokens/],
    [{ acknowledgeStaticCredentials: 'x' }, /'acknowledgeStaticCredentials' \("x"\) is not a written reason/],
    [{ tokenName: ' ' }, /'tokenName' must not be empty/],
  ])('fails on bad options %p', (overrides, error) => {
    const chart = tenantChart();
    expect(() => new GitlabDeployToken(chart, 'g', options(chart, overrides as any))).toThrow(error);
  });
});
