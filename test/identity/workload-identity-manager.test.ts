import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CompliancePack } from '../../src/compliance';
import {
  SpiffeIdTemplate, SpireKeyType, WorkloadIdentityManager, WorkloadIdentityManagerProps,
} from '../../src/identity';
import { SpokeClusterAccess, SpokeClusterAccessProps } from '../../src/patterns';
import { checkObject, errorsOf, expectConformant } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';
import { validationError } from '../validation-error';

const APPS = 'apps.mgmt.example.com';
const ISSUER = `https://spire-spiffe-oidc-discovery-provider.${APPS}`;
const KINDS = ['SpiffeCSIDriver', 'SpireAgent', 'SpireOIDCDiscoveryProvider', 'SpireServer', 'ZeroTrustWorkloadIdentityManager'];
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';
const REASON = 'the batch jobs run offline for two days and cannot renew';

function manager(props: Partial<WorkloadIdentityManagerProps> = {}, chart: Chart = Testing.chart()) {
  const ztwim = new WorkloadIdentityManager(chart, 'Ztwim', { trustDomain: APPS, clusterName: 'mgmt', ...props });
  return { chart, ztwim };
}

const byKind = (chart: Chart, kind: string) => Testing.synth(chart).find(o => o.kind === kind);
const kindAndName = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.name}`;
/** Errors the harness reports for a chart expected not to conform (so it bypasses expectConformant). */
const chartErrors = (chart: Chart) => errorsOf(Testing.synth(chart).map(m => checkObject(m)));

describe('WorkloadIdentityManager', () => {
  test('the five ZTWIM objects, all named cluster, with least-privilege defaults (snapshot)', () => {
    const { chart, ztwim } = manager();
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(manifests.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual(KINDS.map(k => `${k}/cluster`));
    expect(manifests.every(o => o.apiVersion === 'operator.openshift.io/v1alpha1')).toBe(true);
    expect(byKind(chart, 'ZeroTrustWorkloadIdentityManager').spec).toEqual({ trustDomain: APPS, clusterName: 'mgmt', bundleConfigMap: 'spire-bundle' });
    // the issuer is derived once from the apps domain and written to both objects that read it
    expect(ztwim.jwtIssuer).toBe(ISSUER);
    expect(byKind(chart, 'SpireServer').spec.jwtIssuer).toBe(ISSUER);
    expect(byKind(chart, 'SpireOIDCDiscoveryProvider').spec.jwtIssuer).toBe(ISSUER);
    expect(byKind(chart, 'SpireServer').spec).toMatchObject({ caValidity: '24h0m0s', defaultX509Validity: '1h0m0s', defaultJWTValidity: '5m0s' });
    // the CSI driver and the socket directory agree between the objects that name them
    expect(byKind(chart, 'SpiffeCSIDriver').spec.agentSocketPath).toBe(byKind(chart, 'SpireAgent').spec.socketPath);
    expect(byKind(chart, 'SpireOIDCDiscoveryProvider').spec.csiDriverName).toBe(ztwim.csiDriverName);
    for (const kind of KINDS.filter(k => k !== 'ZeroTrustWorkloadIdentityManager')) {
      expect(Object.keys(byKind(chart, kind).spec.resources).sort()).toEqual(['limits', 'requests']);
      expect(Object.keys(byKind(chart, kind).spec.resources.limits).sort()).toEqual(['cpu', 'memory']);
    }
    expectConformant(chart);
  });

  test('every option rendered; cluster-scoped objects drop the chart namespace (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'zero-trust-workload-identity-manager' });
    manager({
      jwtIssuer: 'https://oidc.mgmt.example.com',
      server: {
        caSubject: { commonName: 'Mgmt SPIRE CA', organization: 'Example Corp', country: 'DE' },
        caKeyType: SpireKeyType.EC_P384,
        jwtKeyType: SpireKeyType.RSA_4096,
        caValidity: Duration.hours(48),
        x509SvidValidity: Duration.minutes(30),
        jwtSvidValidity: Duration.minutes(2),
        storageSize: Size.gibibytes(2),
        storageClass: 'gp3-csi',
        resources: {
          cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.units(1) },
          memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
        },
      },
      agent: { resources: { memory: { request: Size.mebibytes(96), limit: Size.mebibytes(384) } } },
      csiDriver: { resources: { cpu: { request: kplus.Cpu.millis(20), limit: kplus.Cpu.millis(200) } } },
      oidcDiscoveryProvider: { replicas: 2, managedRoute: false },
    }, chart);
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(manifests.every(o => o.metadata.namespace === undefined)).toBe(true);
    expect(byKind(chart, 'SpireServer').spec).toMatchObject({
      jwtIssuer: 'https://oidc.mgmt.example.com',
      caKeyType: 'ec-p384',
      jwtKeyType: 'rsa-4096',
      caValidity: '48h0m0s',
      persistence: { size: '2Gi', storageClass: 'gp3-csi' },
      resources: { limits: { cpu: '1', memory: '1024Mi' }, requests: { cpu: '200m', memory: '256Mi' } },
    });
    expect(byKind(chart, 'SpireOIDCDiscoveryProvider').spec).toMatchObject({ jwtIssuer: 'https://oidc.mgmt.example.com', replicaCount: 2, managedRoute: 'false' });
    // unset parts of a component's resources keep the component's defaults
    expect(byKind(chart, 'SpireAgent').spec.resources).toEqual({ limits: { cpu: '250m', memory: '384Mi' }, requests: { cpu: '50m', memory: '96Mi' } });
    expectConformant(chart);
  });

  test('escape hatches: ApiObject.of(manager) is the ZeroTrustWorkloadIdentityManager, properties reach the others', () => {
    const { chart, ztwim } = manager();
    expect(kindAndName(ApiObject.of(ztwim))).toBe('ZeroTrustWorkloadIdentityManager -/cluster');
    expect(kindAndName(ApiObject.of(ztwim.server))).toBe('SpireServer -/cluster');
    expect(kindAndName(ApiObject.of(ztwim.agent))).toBe('SpireAgent -/cluster');
    expect(kindAndName(ApiObject.of(ztwim.csiDriver))).toBe('SpiffeCSIDriver -/cluster');
    expect(kindAndName(ApiObject.of(ztwim.oidcDiscoveryProvider))).toBe('SpireOIDCDiscoveryProvider -/cluster');
    const registration = ztwim.addClusterSpiffeId('ArgoCd', { metadata: { name: 'argocd' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argocd' } } });
    expect(ztwim.clusterSpiffeIds.map(r => kindAndName(ApiObject.of(r)))).toEqual(['ClusterSPIFFEID -/argocd']);
    expect(ztwim.clusterSpiffeIds[0]).toBe(registration);
    expect(ztwim.clusterSpiffeIds).not.toBe(ztwim.clusterSpiffeIds);
    // an escape hatch still reaches the spec, e.g. the server's log level
    ApiObject.of(ztwim.server).addJsonPatch(JsonPatch.replace('/spec/logLevel', 'debug'));
    expect(byKind(chart, 'SpireServer').spec.logLevel).toBe('debug');
    expectConformant(chart);
  });

  describe('trust domain and issuer flow by construction', () => {
    test('spiffeIdFor() and addClusterSpiffeId() use the trust domain', () => {
      const { chart, ztwim } = manager();
      expect(ztwim.spiffeIdFor('argocd', 'argocd-server').toString()).toBe(`spiffe://${APPS}/ns/argocd/sa/argocd-server`);
      ztwim.addClusterSpiffeId('Literal', {
        metadata: { name: 'literal' },
        spiffeIdTemplate: SpiffeIdTemplate.custom(`spiffe://${APPS}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`),
        podSelector: { matchLabels: { app: 'web' } },
      });
      ztwim.addClusterSpiffeId('Templated', { metadata: { name: 'templated' }, podSelector: { matchLabels: { app: 'api' } }, federatesWith: ['partner.example.org'] });
      expect(Testing.synth(chart).filter(o => o.kind === 'ClusterSPIFFEID').map(o => o.spec.spiffeIDTemplate)).toEqual([
        `spiffe://${APPS}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`,
        'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      ]);
      expectConformant(chart);
    });

    test('a ClusterSPIFFEID in another trust domain, or federating with its own, fails', () => {
      const { ztwim } = manager();
      const other = validationError(() => ztwim.addClusterSpiffeId('Other', {
        spiffeIdTemplate: SpiffeIdTemplate.custom('spiffe://apps.other.example.com/ns/{{ .PodMeta.Namespace }}'),
        podSelector: { matchLabels: { app: 'web' } },
      }), 'test/Ztwim');
      expect(other.message).toMatch(/names trust domain "apps.other.example.com", but SPIRE on this cluster issues identities in "apps.mgmt.example.com" only; start the template with "spiffe:\/\/\{\{ .TrustDomain \}\}\/"/);
      expect(() => ztwim.addClusterSpiffeId('Label', {
        spiffeIdTemplate: SpiffeIdTemplate.custom('spiffe://{{ index .PodMeta.Labels "td" }}/app'),
        podSelector: { matchLabels: { app: 'web' } },
      })).toThrow(/names trust domain "\{\{ index .PodMeta.Labels \\"td\\" \}\}"/);
      expect(() => ztwim.addClusterSpiffeId('Self', { podSelector: { matchLabels: { app: 'web' } }, federatesWith: [APPS] }))
        .toThrow(/'federatesWith' lists "apps.mgmt.example.com", the cluster's own trust domain/);
      expect(ztwim.clusterSpiffeIds).toEqual([]);
    });

    test('fromWorkloadIdentityManagerAttributes: the same derivation and checks for a manager written elsewhere', () => {
      const chart = Testing.chart();
      const imported = WorkloadIdentityManager.fromWorkloadIdentityManagerAttributes(chart, 'Mgmt', { trustDomain: APPS });
      expect([imported.name, imported.kind, imported.apiVersion, imported.jwtIssuer, imported.csiDriverName])
        .toEqual(['cluster', 'ZeroTrustWorkloadIdentityManager', 'operator.openshift.io/v1alpha1', ISSUER, 'csi.spiffe.io']);
      expect(imported.spiffeIdFor('shop', 'api').toString()).toBe(`spiffe://${APPS}/ns/shop/sa/api`);
      const given = WorkloadIdentityManager.fromWorkloadIdentityManagerAttributes(chart, 'Given', { trustDomain: APPS, jwtIssuer: 'https://oidc.mgmt.example.com' });
      expect(given.jwtIssuer).toBe('https://oidc.mgmt.example.com');
      imported.addClusterSpiffeId('Web', { metadata: { name: 'web' }, podSelector: { matchLabels: { app: 'web' } } });
      expect(Testing.synth(chart).map(o => o.kind)).toEqual(['ClusterSPIFFEID']);
      expect(() => imported.addClusterSpiffeId('Self', { podSelector: { matchLabels: { app: 'web' } }, federatesWith: [APPS] })).toThrow(/own trust domain/);
      validationError(() => WorkloadIdentityManager.fromWorkloadIdentityManagerAttributes(chart, 'Bad', { trustDomain: 'Apps.Example.com' }), 'test/Bad');
      expect(() => WorkloadIdentityManager.fromWorkloadIdentityManagerAttributes(chart, 'Http', { trustDomain: APPS, jwtIssuer: 'http://oidc.example.com' })).toThrow(/must use https/);
      expectConformant(chart);
    });
  });

  describe('the spoke trusts the manager\'s issuer, through SpokeClusterAccess', () => {
    function fleet(overrides: { argoCd?: Partial<SpokeClusterAccessProps['argoCd']>; spoke?: Partial<SpokeClusterAccessProps['spoke']>; withManager?: boolean } = {}) {
      const app = Testing.app();
      const management = new Chart(app, 'management');
      const spokeChart = new Chart(app, 'spoke');
      const ztwim = new WorkloadIdentityManager(management, 'Ztwim', { trustDomain: APPS, clusterName: 'mgmt' });
      const access = new SpokeClusterAccess(app, 'spoke-cluster', {
        managementScope: management,
        spokeScope: spokeChart,
        workloadIdentity: overrides.withManager === false ? undefined : ztwim,
        argoCd: { namespace: 'ztwim-gitops', ...overrides.argoCd },
        spoke: { name: 'spoke-cluster', server: 'https://api.spoke.example.com:6443', caCertificate: CA, audience: 'openshift-spoke', namespaces: ['web'], ...overrides.spoke },
        argoCdSpiffeIds: {},
      });
      return { app, management, spokeChart, ztwim, access };
    }

    test('the spoke\'s issuer and the RoleBinding subjects come from the manager', () => {
      const { management, spokeChart, ztwim, access } = fleet();
      const auth = byKind(spokeChart, 'Authentication');
      expect(auth.spec.oidcProviders[0].issuer.issuerURL).toBe(ztwim.jwtIssuer);
      expect([access.trustDomain, access.issuerUrl]).toEqual([APPS, ISSUER]);
      expect(byKind(spokeChart, 'RoleBinding').subjects.map((s: any) => s.name).sort()).toEqual([
        `spire:spiffe://${APPS}/ns/ztwim-gitops/sa/argocd-application-controller`,
        `spire:spiffe://${APPS}/ns/ztwim-gitops/sa/argocd-server`,
      ]);
      expect(Testing.synth(management).map(o => o.kind).sort()).toEqual(['AppProject', 'ClusterSPIFFEID', 'Secret', ...KINDS].sort());
      expectConformant(management);
      expectConformant(spokeChart);
    });

    test('the old props may repeat the manager\'s values', () => {
      const { spokeChart } = fleet({ argoCd: { trustDomain: APPS }, spoke: { oidcIssuerUrl: ISSUER } });
      expect(byKind(spokeChart, 'Authentication').spec.oidcProviders[0].issuer.issuerURL).toBe(ISSUER);
    });

    test('a trust domain or issuer that contradicts the manager fails, naming both values', () => {
      const td = validationError(() => fleet({ argoCd: { trustDomain: 'apps.other.example.com' } }), 'spoke-cluster');
      expect(td.message).toBe('spoke-cluster: \'argoCd.trustDomain\' ("apps.other.example.com") differs from the trust domain of \'workloadIdentity\' ("apps.mgmt.example.com"): the spoke would grant SPIFFE IDs SPIRE never issues; remove argoCd.trustDomain, it comes from workloadIdentity');
      const issuer = validationError(() => fleet({ spoke: { oidcIssuerUrl: `${ISSUER}/` } }), 'spoke-cluster');
      expect(issuer.message).toBe(`spoke-cluster: 'spoke.oidcIssuerUrl' ("${ISSUER}/") differs from the JWT issuer of 'workloadIdentity' ("${ISSUER}"): the spoke would refuse every JWT-SVID, whose iss is the latter; remove spoke.oidcIssuerUrl, it comes from workloadIdentity`);
    });

    test('without a manager, both props are required', () => {
      expect(() => fleet({ withManager: false })).toThrow(/'argoCd.trustDomain' and 'spoke.oidcIssuerUrl' are missing: .* pass workloadIdentity/);
      expect(() => fleet({ withManager: false, argoCd: { trustDomain: APPS } })).toThrow(/'spoke.oidcIssuerUrl' is missing/);
      const { spokeChart } = fleet({ withManager: false, argoCd: { trustDomain: APPS }, spoke: { oidcIssuerUrl: ISSUER } });
      expect(byKind(spokeChart, 'Authentication').spec.oidcProviders[0].issuer.issuerURL).toBe(ISSUER);
    });

    test('a patch that splits the issuer fails at synthesis, on either cluster', () => {
      const spokeSide = fleet();
      ApiObject.of(spokeSide.access.authentication).addJsonPatch(JsonPatch.replace('/spec/oidcProviders/0/issuer/issuerURL', 'https://oidc.other.example.com'));
      expect(() => spokeSide.app.synth()).toThrow(/the spoke's Authentication trusts issuer "https:\/\/oidc.other.example.com" but the management cluster's JWT-SVIDs are issued by "https:\/\/spire-spiffe-oidc-discovery-provider.apps.mgmt.example.com"/);
      const managementSide = fleet();
      ApiObject.of(managementSide.ztwim.server).addJsonPatch(JsonPatch.replace('/spec/jwtIssuer', 'https://oidc.other.example.com'));
      expect(() => Testing.synth(managementSide.management)).toThrow(/the SpireServer's jwtIssuer is "https:\/\/oidc.other.example.com" but trusting clusters expect/);
    });
  });

  describe('the CRDs\' rules, checked at construction', () => {
    test.each([
      ['Apps.Example.com', /the trust domain may only contain lowercase letters/],
      ['apps_example.com', /must be a DNS name/],
      ['.apps.example.com', /must be a DNS name/],
      ['apps..example.com', /must be a DNS name/],
      ['', /must not be empty/],
    ])('trustDomain %j fails', (trustDomain, message) => {
      const error = validationError(() => manager({ trustDomain }), 'test/Ztwim');
      expect(error.message).toMatch(/'trustDomain' \(".*"\) is not a valid trust domain: .*; use the cluster's apps domain, e\.g\. "apps\.mgmt\.example\.com"/);
      expect(error.message).toMatch(message);
    });

    test.each([
      ['oidc.example.com', /must be an http\(s\) URL without whitespace, query or fragment, as the SpireServer CRD's pattern \^\(\?i\)https\?:\/\/\[\^\\s\?#\]\+\$ requires/],
      ['https://oidc.example.com?tenant=a', /without whitespace, query or fragment/],
      ['https://oidc.example.com#keys', /without whitespace, query or fragment/],
      ['https://oidc.example.com/a b', /without whitespace, query or fragment/],
      ['ftp://oidc.example.com', /must be an http\(s\) URL/],
      ['http://oidc.example.com', /'jwtIssuer' \("http:\/\/oidc.example.com"\) must use https: .* e\.g\. "https:\/\/spire-spiffe-oidc-discovery-provider\.apps\.mgmt\.example\.com"/],
      ['https://admin@oidc.example.com', /must not have user info/],
      [`https://oidc.example.com/${'a'.repeat(500)}`, /'jwtIssuer' has 525 characters; the CRD allows at most 512/],
    ])('jwtIssuer %j fails', (jwtIssuer, message) => {
      expect(validationError(() => manager({ jwtIssuer }), 'test/Ztwim').message).toMatch(message);
    });

    test('a mixed-case https issuer is what the CRD\'s (?i) pattern accepts, and the harness agrees', () => {
      const { chart } = manager({ jwtIssuer: 'HTTPS://OIDC.Mgmt.Example.com' });
      expect(byKind(chart, 'SpireServer').spec.jwtIssuer).toBe('HTTPS://OIDC.Mgmt.Example.com');
      expectConformant(chart);
    });

    testWithShared('the harness reads the jwtIssuer pattern as Go does: an issuer that is no URL fails the CRD', () => {
      const { chart } = manager();
      // edited after synthesis: the construct itself never writes such an issuer
      const manifests = Testing.synth(chart).map(o => (o.spec.jwtIssuer ? { ...o, spec: { ...o.spec, jwtIssuer: 'oidc.example.com' } } : o));
      expect(errorsOf(manifests.map(m => checkObject(m)))).toEqual(['SpireServer', 'SpireOIDCDiscoveryProvider'].map(kind =>
        `${kind} cluster: [schema] spec.jwtIssuer: Invalid value: "oidc.example.com": spec.jwtIssuer in body should match '^(?i)https?://[^\\s?#]+$'`));
    });

    test('clusterName must be a DNS subdomain of at most 63 characters', () => {
      expect(() => manager({ clusterName: 'Mgmt' })).toThrow(/'clusterName' \("Mgmt"\) must be a DNS-1123 subdomain/);
      expect(() => manager({ clusterName: `${'a'.repeat(32)}.${'b'.repeat(32)}` })).toThrow(/'clusterName' .* has 65 characters; the CRD allows at most 63/);
    });

    test('SVID lifetimes: shorter than the CA, more than a day only with a reason', () => {
      expect(() => manager({ server: { x509SvidValidity: Duration.hours(24) } })).toThrow(/'server.x509SvidValidity' \(24h0m0s\) must be shorter than 'server.caValidity' \(24h0m0s\): no SVID outlives the CA/);
      expect(() => manager({ server: { caValidity: Duration.minutes(4), x509SvidValidity: Duration.minutes(3) } })).toThrow(/'server.jwtSvidValidity' \(5m0s\) must be shorter than 'server.caValidity' \(4m0s\)/);
      expect(() => manager({ server: { caValidity: Duration.days(7), jwtSvidValidity: Duration.hours(25) } }))
        .toThrow(/'server.jwtSvidValidity' is more than a day: a stolen SVID stays valid that long, .*, or set server.acknowledgeLongLivedSvids to the reason/);
      expect(() => manager({ server: { acknowledgeLongLivedSvids: REASON } })).toThrow(/'server.acknowledgeLongLivedSvids' is set but no SVID lifetime is longer than a day; remove it/);
      expect(() => manager({ server: { caValidity: Duration.days(7), x509SvidValidity: Duration.days(2), acknowledgeLongLivedSvids: 'ok' } })).toThrow(/is not a written reason/);
    });

    test('a long-lived SVID with a reason acknowledges ZT-ID4 on the SpireServer, and the report shows it', () => {
      const { chart, ztwim } = manager({
        server: { caValidity: Duration.days(7), x509SvidValidity: Duration.days(2), acknowledgeLongLivedSvids: REASON },
      });
      expect(byKind(chart, 'SpireServer').spec.defaultX509Validity).toBe('48h0m0s');
      const report = new CompliancePack().evaluate(chart);
      expect(report.errors).toEqual([]);
      expect(report.acknowledgements.map(a => [a.ruleId, a.source])).toEqual([['ZT-ID4', 'opt-in server.acknowledgeLongLivedSvids']]);
      // on the SpireServer only: ClusterSPIFFEIDs the manager adds are still judged by ZT-ID4
      expect(report.acknowledgements[0].madeOn).toBe(ztwim.server.node.path);
      expectConformant(chart);
    });

    test('CA subject, key type, storage and replicas within the CRD\'s bounds', () => {
      expect(() => manager({ server: { caSubject: { country: 'de' } } })).toThrow(/'server.caSubject.country' \("de"\) must be an ISO 3166 two-letter country code in capitals; e\.g\. "DE"/);
      expect(() => manager({ server: { caSubject: { commonName: 'x'.repeat(256) } } })).toThrow(/'server.caSubject.commonName' .* must have 1 to 255 characters, has 256/);
      expect(() => manager({ server: { caSubject: { organization: ' ' } } })).toThrow(/'server.caSubject.organization' \(" "\) must have 1 to 64 characters/);
      expect(() => manager({ server: { caKeyType: 'rsa-1024' as SpireKeyType } })).toThrow(/'server.caKeyType' \("rsa-1024"\) is not a key type SPIRE supports; use one of rsa-2048, rsa-4096, ec-p256, ec-p384/);
      expect(() => manager({ server: { jwtKeyType: 'ed25519' as SpireKeyType } })).toThrow(/'server.jwtKeyType' \("ed25519"\)/);
      expect(() => manager({ server: { storageSize: Size.mebibytes(512) } })).toThrow(/'server.storageSize' \(0.5Gi\) must be a whole number of gibibytes, at least 1/);
      expect(() => manager({ server: { storageClass: 'Fast SSD' } })).toThrow(/'server.storageClass' \("Fast SSD"\) must be a DNS-1123 subdomain/);
      for (const replicas of [0, 6, 1.5]) {
        expect(() => manager({ oidcDiscoveryProvider: { replicas } })).toThrow(new RegExp(`'oidcDiscoveryProvider.replicas' \\(${replicas}\\) must be a whole number from 1 to 5`));
      }
    });

    test('resources: a request above its limit fails, naming the component', () => {
      expect(() => manager({ server: { resources: { cpu: { request: kplus.Cpu.millis(600) } } } })).toThrow(/server CPU request 600m is above its limit 500m/);
      expect(() => manager({ oidcDiscoveryProvider: { resources: { memory: { request: Size.mebibytes(256) } } } })).toThrow(/oidcDiscoveryProvider memory request 256Mi is above its limit 128Mi/);
    });

    test('a credential in a literal is refused without showing it', () => {
      const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
      const error = validationError(() => manager({ server: { caSubject: { organization: token } } }), 'test/Ztwim');
      expect(error.message).toMatch(/server\.caSubject\.organization/);
      expect(error.message).not.toContain(token);
      const password = validationError(() => manager({ jwtIssuer: 'https://argocd:hunter2hunter2@oidc.example.com' }), 'test/Ztwim');
      expect(password.message).toMatch(/jwtIssuer/);
      expect(password.message).not.toContain('hunter2hunter2');
    });

    testWithShared('one manager per chart: the operator runs one instance, every object named cluster', () => {
      const { chart } = manager();
      expect(() => new WorkloadIdentityManager(chart, 'Second', { trustDomain: APPS, clusterName: 'mgmt' }))
        .toThrow(/chart "test" already holds a WorkloadIdentityManager \(test\/Ztwim\); the operator runs one instance per cluster/);
      // another cluster's chart may hold its own
      const app = new App();
      manager({}, new Chart(app, 'a'));
      manager({ trustDomain: 'apps.other.example.com', clusterName: 'other' }, new Chart(app, 'b'));
      expect(chartErrors(new Chart(app, 'empty'))).toEqual([]);
    });
  });
});
