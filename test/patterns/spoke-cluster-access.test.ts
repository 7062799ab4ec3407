import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  Application, ApplicationDestination, ApplicationSource, ArgoCdInstance, INSECURE_TLS_REASON_ANNOTATION,
} from '../../src/argocd';
import { CompliancePack } from '../../src/compliance';
import { LabelSelectorOperator, SpiffeId } from '../../src/identity';
import { SpokeClusterAccess, SpokeClusterAccessProps } from '../../src/patterns';
import { ImageReference } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';
import { describeWithShared, SCENARIOS_DIR } from '../conformance/shared';

// A syntactically valid PEM block; the library only checks the PEM framing, never parses the certificate
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';
const TRUST_DOMAIN = 'apps.example.com';
const ARGOCD_NS = 'ztwim-gitops';
const SERVER = `spiffe://${TRUST_DOMAIN}/ns/${ARGOCD_NS}/sa/argocd-server`;
const CONTROLLER = `spiffe://${TRUST_DOMAIN}/ns/${ARGOCD_NS}/sa/argocd-application-controller`;
const REPO = 'https://github.com/redhat-developer/redhat-helm-charts';
const SECRET_KEYS = /^(bearerToken|password|username|keyData|certData|token)$/i;

type Overrides = Partial<Omit<SpokeClusterAccessProps, 'spoke' | 'argoCd'>> & {
  spoke?: Partial<SpokeClusterAccessProps['spoke']>;
  argoCd?: Partial<SpokeClusterAccessProps['argoCd']>;
};

function build(overrides: Overrides = {}) {
  const app = Testing.app();
  const management = new Chart(app, 'management');
  const spoke = new Chart(app, 'spoke');
  const { spoke: spokeOverrides, argoCd: argoCdOverrides, ...rest } = overrides;
  const access = new SpokeClusterAccess(app, 'spoke-cluster', {
    managementScope: management,
    spokeScope: spoke,
    argoCd: { trustDomain: TRUST_DOMAIN, namespace: ARGOCD_NS, ...argoCdOverrides },
    spoke: {
      name: 'spoke-cluster',
      server: 'https://api.spoke.example.com:6443',
      caCertificate: CA,
      oidcIssuerUrl: 'https://spire-spiffe-oidc-discovery-provider.apps.example.com',
      audience: 'openshift-spoke',
      namespaces: ['gitops-helm-quarkus', 'team-b'],
      ...spokeOverrides,
    },
    sourceRepos: [REPO],
    ...rest,
  });
  return { app, management, spoke, access };
}

function objects(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter(o => o.kind === kind);
}

function clusterSecret(chart: Chart): any {
  return objects(chart, 'Secret')[0];
}

/** Every key of a JSON value, at any depth. */
function allKeys(value: any): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}

describe('SpokeClusterAccess', () => {
  test('S5 with least privilege: spoke Authentication and RBAC, management cluster Secret, project and Application (snapshot)', () => {
    const { management, spoke, access } = build({ argoCdSpiffeIds: {} });
    new Application(management, 'app', {
      metadata: { name: 'gitops-helm-quarkus' },
      argoCdNamespace: ARGOCD_NS,
      project: access.project,
      source: ApplicationSource.helm({ repoUrl: REPO, path: 'alpha/quarkus-chart', parameters: { 'image.name': 'quay.io/ablock/gitops-helm-quarkus' } }),
      destination: ApplicationDestination.cluster(access.cluster, 'gitops-helm-quarkus'),
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    expect({ management: Testing.synth(management), spoke: Testing.synth(spoke) }).toMatchSnapshot();
    expect(Testing.synth(management).map(o => o.kind).sort()).toEqual(['AppProject', 'Application', 'ClusterSPIFFEID', 'Secret']);
    expect(Testing.synth(spoke).map(o => o.kind).sort()).toEqual(['Authentication', 'Role', 'Role', 'RoleBinding', 'RoleBinding']);
    expectConformant(management);
    expectConformant(spoke);
  });

  test('the exec plugin requests JWT-SVIDs for exactly the audience the spoke accepts', () => {
    const { management, spoke, access } = build();
    const config = JSON.parse(clusterSecret(management).stringData.config);
    const [auth] = objects(spoke, 'Authentication');
    expect(auth.spec.oidcProviders[0].issuer.audiences).toEqual(['openshift-spoke']);
    expect(config.execProviderConfig.env.SPIFFE_JWT_AUDIENCE).toBe('openshift-spoke');
    expect(config.execProviderConfig.env.EXEC_CREDENTIAL_VERSION).toBe('v1beta1');
    expect([access.audience, access.cluster.audience, ...access.authentication.audiences]).toEqual(['openshift-spoke', 'openshift-spoke', 'openshift-spoke']);
    expectConformant(management);
    expectConformant(spoke);
  });

  test('audience and user names agree on both sides for any audience and prefix', () => {
    const audience = fc.stringMatching(/^[a-z0-9][a-z0-9.:/-]{0,30}$/);
    const prefix = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}:$/).filter(p => !p.startsWith('system:'));
    fc.assert(fc.property(audience, prefix, (aud, pre) => {
      const { management, spoke, access } = build({ spoke: { audience: aud, usernamePrefix: pre } });
      const config = JSON.parse(clusterSecret(management).stringData.config);
      expect(config.execProviderConfig.env.SPIFFE_JWT_AUDIENCE).toBe(aud);
      expect(objects(spoke, 'Authentication')[0].spec.oidcProviders[0].issuer.audiences).toEqual([aud]);
      for (const binding of objects(spoke, 'RoleBinding')) {
        expect(binding.subjects.map((s: any) => s.name)).toEqual([`${pre}${CONTROLLER}`, `${pre}${SERVER}`]);
      }
      expect(access.usernames).toEqual([`${pre}${CONTROLLER}`, `${pre}${SERVER}`]);
    }), { numRuns: 25 });
    expectConformant(build({ spoke: { audience: 'spoke-b.example.com', usernamePrefix: 'spiffe:' } }).app);
  });

  test('RBAC subjects carry the provider prefix (derived from the provider name by default)', () => {
    const { spoke, access } = build({ spoke: { oidcProviderName: 'ztwim-oidc-server' } });
    const [auth] = objects(spoke, 'Authentication');
    expect(auth.spec.oidcProviders[0].claimMappings.username).toEqual({ claim: 'sub', prefixPolicy: 'Prefix', prefix: { prefixString: 'ztwim-oidc-server:' } });
    const bindings = objects(spoke, 'RoleBinding');
    expect(bindings).toHaveLength(2);
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `ztwim-oidc-server:${CONTROLLER}` },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `ztwim-oidc-server:${SERVER}` },
      ]);
    }
    expect(access.authentication.usernamePrefix).toBe('ztwim-oidc-server:');
    expect(build().access.usernames).toEqual([`spire:${CONTROLLER}`, `spire:${SERVER}`]);
    expectConformant(spoke);
  });

  test('grants namespaced Roles only: no cluster-admin, no ClusterRole, no wildcard, no secrets', () => {
    const { spoke, access } = build();
    const synthesized = Testing.synth(spoke);
    expect(synthesized.filter(o => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
    const bindings = objects(spoke, 'RoleBinding');
    expect(bindings.map(b => [b.metadata.namespace, b.roleRef])).toEqual([
      ['gitops-helm-quarkus', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'argocd-manager' }],
      ['team-b', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'argocd-manager' }],
    ]);
    for (const role of objects(spoke, 'Role')) {
      for (const rule of role.rules) {
        expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
        expect(rule.resources).not.toContain('secrets');
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['escalate']));
      }
    }
    expect(access.namespaces).toEqual(['gitops-helm-quarkus', 'team-b']);
    expectConformant(spoke);
  });

  test('verifies the spoke API server certificate: insecure is false and the CA is given', () => {
    const { management } = build();
    const secret = clusterSecret(management);
    const tls = JSON.parse(secret.stringData.config).tlsClientConfig;
    expect(tls).toEqual({ insecure: false, caData: Buffer.from(`${CA}\n`).toString('base64') });
    expect(secret.metadata.annotations?.[INSECURE_TLS_REASON_ANNOTATION]).toBeUndefined();
    expectConformant(management);
  });

  test('the cluster Secret holds no secret material and is scoped to the namespaces and the project', () => {
    const { management } = build();
    const secret = clusterSecret(management);
    expect(secret.data).toBeUndefined();
    expect(Object.keys(secret.stringData)).toEqual(['clusterResources', 'config', 'name', 'namespaces', 'project', 'server']);
    expect(secret.stringData).toMatchObject({ name: 'spoke-cluster', namespaces: 'gitops-helm-quarkus,team-b', clusterResources: 'false', project: 'spoke-cluster' });
    const config = JSON.parse(secret.stringData.config);
    expect(allKeys(config).filter(k => SECRET_KEYS.test(k))).toEqual([]);
    expect(Object.keys(config.execProviderConfig.env).sort()).toEqual(['EXEC_CREDENTIAL_VERSION', 'SPIFFE_ENDPOINT_SOCKET', 'SPIFFE_JWT_AUDIENCE']);
    expect(JSON.stringify(secret)).not.toMatch(/PRIVATE KEY/);
    expect(secret.metadata).toMatchObject({ name: 'spoke-cluster', namespace: ARGOCD_NS, labels: { 'argocd.argoproj.io/secret-type': 'cluster' } });
    expectConformant(management);
  });

  test('the AppProject allows exactly that cluster and those namespaces, and no cluster-scoped kind', () => {
    const { management, access } = build();
    const [project] = objects(management, 'AppProject');
    expect(project.metadata).toMatchObject({ name: 'spoke-cluster', namespace: ARGOCD_NS });
    expect(project.spec.destinations).toEqual([
      { namespace: 'gitops-helm-quarkus', server: 'https://api.spoke.example.com:6443' },
      { namespace: 'team-b', server: 'https://api.spoke.example.com:6443' },
    ]);
    expect(project.spec.clusterResourceWhitelist).toBeUndefined();
    expect(project.spec.sourceRepos).toEqual([REPO]);
    expect(access.project.permitsDestination({ clusterName: 'spoke-cluster', server: 'https://api.spoke.example.com:6443', namespace: 'team-b' })).toBe(true);
    expect(access.project.permitsDestination({ server: 'https://api.spoke.example.com:6443', namespace: 'kube-system' })).toBe(false);
    expect(access.project.permitsDestination({ server: 'https://kubernetes.default.svc', namespace: 'team-b' })).toBe(false);
    expect(access.project.permitsClusterResource('', 'Namespace')).toBe(false);
    expectConformant(management);
  });

  test('derives the SPIFFE IDs from the trust domain and service accounts (upstream Argo CD names by default)', () => {
    const { access } = build({ argoCd: { namespace: undefined } });
    expect(access.serverSpiffeId.toString()).toBe(`spiffe://${TRUST_DOMAIN}/ns/argocd/sa/argocd-server`);
    expect(access.applicationControllerSpiffeId.toString()).toBe(`spiffe://${TRUST_DOMAIN}/ns/argocd/sa/argocd-application-controller`);
    expect(access.cluster.namespace).toBe('argocd');
    const custom = build({ argoCd: { serverServiceAccount: 'openshift-gitops-argocd-server', applicationControllerServiceAccount: 'openshift-gitops-argocd-application-controller' } });
    expect(custom.access.usernames).toEqual([
      `spire:spiffe://${TRUST_DOMAIN}/ns/${ARGOCD_NS}/sa/openshift-gitops-argocd-application-controller`,
      `spire:spiffe://${TRUST_DOMAIN}/ns/${ARGOCD_NS}/sa/openshift-gitops-argocd-server`,
    ]);
    expectConformant(custom.app);
  });

  test('registers the Argo CD pods with SPIRE only when asked, with a short JWT lifetime', () => {
    const plain = build();
    expect(plain.access.clusterSpiffeId).toBeUndefined();
    expect(objects(plain.management, 'ClusterSPIFFEID')).toEqual([]);
    const { management, access } = build({
      argoCdSpiffeIds: {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: LabelSelectorOperator.IN, values: ['argocd-server', 'argocd-application-controller'] }] },
        jwtTtl: Duration.minutes(2),
      },
    });
    expect(access.clusterSpiffeId).toBeDefined();
    const [id] = objects(management, 'ClusterSPIFFEID');
    expect(id.metadata).toEqual({ name: `${ARGOCD_NS}-argocd` });
    expect(id.spec).toMatchObject({
      jwtTtl: '2m0s',
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ARGOCD_NS } },
      podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['argocd-server', 'argocd-application-controller'] }] },
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    });
    expectConformant(management);
    expectConformant(plain.management);
  });

  test('passes groups, the issuer CA, OIDC clients and additional rules through to the spoke', () => {
    const { spoke } = build({
      spoke: {
        groupsClaim: 'groups',
        oidcClients: [{ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli' }],
        additionalRules: [{ apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
      },
    });
    const provider = objects(spoke, 'Authentication')[0].spec.oidcProviders[0];
    expect(provider.claimMappings.groups).toEqual({ claim: 'groups', prefix: 'spire:' });
    expect(provider.oidcClients).toEqual([{ clientID: 'openshift-cli', componentName: 'cli', componentNamespace: 'openshift-console' }]);
    for (const role of objects(spoke, 'Role')) {
      expect(role.rules).toContainEqual({ apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] });
    }
    expectConformant(spoke);
  });

  test('a system namespace needs an acknowledgement with a reason', () => {
    const { spoke } = build({ spoke: { namespaces: ['openshift-monitoring'], acknowledgeSystemNamespaces: 'the platform team deploys its monitoring stack with Argo CD' } });
    expect(objects(spoke, 'RoleBinding').map(b => b.metadata.namespace)).toEqual(['openshift-monitoring']);
    expectConformant(spoke);
  });

  test('the compliance pack finds nothing unacknowledged; the cross-namespace SPIFFE binding is acknowledged with its reason', () => {
    const { app, management, spoke } = build({ argoCdSpiffeIds: {}, spoke: { groupsClaim: 'groups' } });
    const report = new CompliancePack().evaluate(app);
    expect([...report.errors, ...report.warnings]).toEqual([]);
    expect([...new Set(report.acknowledged.map(f => f.ruleId))]).toEqual(['ZT-RBAC6']);
    expect(report.acknowledged.every(f => /deploys to these spoke namespaces by design/.test(f.acknowledgedReason!))).toBe(true);
    CompliancePack.applyTo(app, { failOnWarnings: true });
    expect(() => app.synth()).not.toThrow();
    expectConformant(management);
    expectConformant(spoke);
  });

  test('the compliance pack applied to the app passes for every spoke of a management cluster', () => {
    const app = Testing.app();
    const management = new Chart(app, 'management');
    for (const name of ['spoke-a', 'spoke-b']) {
      const spoke = new Chart(app, name);
      new SpokeClusterAccess(app, `${name}-access`, {
        managementScope: management,
        spokeScope: spoke,
        argoCd: { trustDomain: TRUST_DOMAIN },
        spoke: { name, server: `https://api.${name}.example.com:6443`, caCertificate: CA, oidcIssuerUrl: 'https://oidc.apps.example.com', audience: name, namespaces: ['web'] },
      });
    }
    CompliancePack.applyTo(app, { failOnWarnings: true });
    expect(() => app.synth()).not.toThrow();
    expect(objects(management, 'Secret').map(s => JSON.parse(s.stringData.config).execProviderConfig.env.SPIFFE_JWT_AUDIENCE)).toEqual(['spoke-a', 'spoke-b']);
    expectConformant(app);
  });
});

describeWithShared('S5 reference YAML versus the pattern', () => {
  test('the compliance pack flags cluster-admin, insecure TLS and unprefixed names in the reference, and nothing in the pattern', () => {
    const reference = YAML.parseAllDocuments(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '004-auth-rbac-cluster.yaml'), 'utf8')).map(d => d.toJSON());
    const flagged = new Set(new CompliancePack().evaluateManifests(reference).errors.map(f => f.ruleId));
    expect([...flagged]).toEqual(expect.arrayContaining(['ZT-ARGO1', 'ZT-ID3', 'ZT-RBAC1']));
    const { app } = build({ spoke: { groupsClaim: 'groups', oidcProviderName: 'ztwim-oidc-server' } });
    const ours = new CompliancePack().evaluate(app);
    expect([...ours.errors, ...ours.warnings]).toEqual([]);
    expectConformant(app);
  });
});

describe('SpokeClusterAccess cross-check at synthesis', () => {
  test('fails when the cluster Secret requests another audience than the spoke accepts', () => {
    const { management, access } = build();
    const config = JSON.parse(clusterSecret(management).stringData.config);
    config.execProviderConfig.env.SPIFFE_JWT_AUDIENCE = 'vault';
    ApiObject.of(access.cluster).addJsonPatch(JsonPatch.replace('/stringData/config', JSON.stringify(config)));
    expect(() => Testing.synth(management)).toThrow(/requests JWT-SVIDs for audience "vault" but the spoke's Authentication accepts \["openshift-spoke"\]/);
  });

  test('fails when the cluster Secret config is not JSON', () => {
    const { management, access } = build();
    ApiObject.of(access.cluster).addJsonPatch(JsonPatch.replace('/stringData/config', 'not json'));
    expect(() => Testing.synth(management)).toThrow(/requests JWT-SVIDs for audience undefined .* does not verify the spoke API server's certificate/s);
  });

  test('fails when the cluster Secret turns TLS verification off', () => {
    const { management, access } = build();
    const config = JSON.parse(clusterSecret(management).stringData.config);
    config.tlsClientConfig = { insecure: true };
    ApiObject.of(access.cluster).addJsonPatch(JsonPatch.replace('/stringData/config', JSON.stringify(config)));
    expect(() => Testing.synth(management)).toThrow(/does not verify the spoke API server's certificate/);
  });

  test('fails when a RoleBinding binds another identity than Argo CD', () => {
    const { spoke, access } = build();
    access.rbac.accessFor('team-b').addSubject(SpiffeId.parse('spiffe://apps.example.com/ns/team-b/sa/intruder'));
    expect(() => Testing.synth(spoke)).toThrow(/RoleBinding in "team-b" binds .*intruder.*expected the Argo CD user names/);
  });

  test('fails when the cluster Secret scopes other namespaces than the spoke grants', () => {
    const { management, access } = build();
    ApiObject.of(access.cluster).addJsonPatch(JsonPatch.replace('/stringData/namespaces', 'gitops-helm-quarkus,team-b,kube-system'));
    expect(() => Testing.synth(management)).toThrow(/scopes Argo CD to .*kube-system.* both must list the same namespaces/);
  });
});

describe('SpokeClusterAccess errors', () => {
  test('fails when both scopes are in the same chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'one');
    expect(() => new SpokeClusterAccess(app, 'x', {
      managementScope: chart,
      spokeScope: chart,
      argoCd: { trustDomain: TRUST_DOMAIN },
      spoke: { name: 's', server: 'https://api.s.example.com:6443', caCertificate: CA, oidcIssuerUrl: 'https://oidc.example.com', audience: 's', namespaces: ['web'] },
    })).toThrow(/'managementScope' and 'spokeScope' are both in chart "one"/);
  });

  test('fails on a spoke name that is not a DNS label', () => {
    expect(() => build({ spoke: { name: 'Spoke Cluster' } })).toThrow(/spoke\.name/);
  });

  test('fails without namespaces', () => {
    expect(() => build({ spoke: { namespaces: [] } })).toThrow(/'spoke.namespaces' must list at least one namespace/);
  });

  test('fails on a duplicate namespace', () => {
    expect(() => build({ spoke: { namespaces: ['web', 'web'] } })).toThrow(/lists "web" twice/);
  });

  test('fails on system namespaces without an acknowledgement', () => {
    for (const ns of ['default', 'kube-system', 'openshift-config', 'openshift']) {
      expect(() => build({ spoke: { namespaces: ['web', ns] } })).toThrow(new RegExp(`'spoke.namespaces' lists "${ns}", whose objects configure the spoke itself`));
    }
  });

  test('fails on a too short system namespace acknowledgement', () => {
    expect(() => build({ spoke: { namespaces: ['kube-system'], acknowledgeSystemNamespaces: 'ok' } })).toThrow(/'spoke.acknowledgeSystemNamespaces' \("ok"\) is not a written reason/);
  });

  test('fails on an acknowledgement without a system namespace', () => {
    expect(() => build({ spoke: { acknowledgeSystemNamespaces: 'we deploy operators there' } })).toThrow(/no namespace is a system namespace; remove the acknowledgement/);
  });

  test('fails when the server and the controller share a service account', () => {
    expect(() => build({ argoCd: { serverServiceAccount: 'argocd', applicationControllerServiceAccount: 'argocd' } })).toThrow(/are the same .* give each component its own service account/);
  });

  test('fails on an invalid trust domain', () => {
    expect(() => build({ argoCd: { trustDomain: 'Apps.Example.com' } })).toThrow(/trust domain may only contain lowercase/);
  });

  test('fails on an http issuer or server, or a CA with a private key', () => {
    expect(() => build({ spoke: { oidcIssuerUrl: 'http://oidc.example.com' } })).toThrow(/'oidcProvider.issuerUrl' .* must use the https scheme/);
    expect(() => build({ spoke: { server: 'http://api.spoke.example.com:6443' } })).toThrow(/server/);
    expect(() => build({ spoke: { caCertificate: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' } })).toThrow(/contains a private key/);
  });

  test('fails on an empty or system username prefix', () => {
    expect(() => build({ spoke: { usernamePrefix: '' } })).toThrow(/'usernameMapping.prefix' \(""\) must not be empty/);
    expect(() => build({ spoke: { usernamePrefix: 'system:' } })).toThrow(/must not start with "system:"/);
  });

  test('fails on an audience with whitespace', () => {
    expect(() => build({ spoke: { audience: 'openshift spoke' } })).toThrow(/'audience' \("openshift spoke"\) must be the spoke's OIDC audience without whitespace/);
  });

  test('fails when an Application deploys to a namespace outside the spoke access', () => {
    const { management, access } = build();
    expect(() => new Application(management, 'app', {
      argoCdNamespace: ARGOCD_NS,
      project: access.project,
      source: ApplicationSource.git({ repoUrl: REPO, path: '.' }),
      destination: ApplicationDestination.cluster(access.cluster, 'kube-system'),
    })).toThrow(/is not one of the namespaces Argo CD may manage on cluster "spoke-cluster"/);
  });

  test('fails when an App holds two accesses with the same id in one management chart', () => {
    const app = new App();
    const management = new Chart(app, 'management');
    const props = (spoke: Chart): SpokeClusterAccessProps => ({
      managementScope: management,
      spokeScope: spoke,
      argoCd: { trustDomain: TRUST_DOMAIN },
      spoke: { name: 'spoke', server: 'https://api.s.example.com:6443', caCertificate: CA, oidcIssuerUrl: 'https://oidc.example.com', audience: 's', namespaces: ['web'] },
    });
    new SpokeClusterAccess(new Chart(app, 'a'), 'access', props(new Chart(app, 'spoke-a')));
    expect(() => new SpokeClusterAccess(new Chart(app, 'b'), 'access', props(new Chart(app, 'spoke-b')))).toThrow(/already a Construct with name 'access'/);
  });
});

describe('SpokeClusterAccess with the management ArgoCdInstance', () => {
  const PLUGIN = ImageReference.digest('registry.example.com/spiffe/jwt-exec-auth', `sha256:${'c'.repeat(64)}`, { tag: '0.1.0' });

  function withInstance(spiffe: boolean, argoCd: Partial<SpokeClusterAccessProps['argoCd']> = {}) {
    const app = Testing.app();
    const management = new Chart(app, 'management');
    const instance = new ArgoCdInstance(management, 'argocd', {
      metadata: { name: 'openshift-gitops', namespace: 'ztwim-gitops' },
      ...(spiffe ? { spiffe: { execPluginImage: PLUGIN, execPluginPath: '/ko-app/k8s-spiffe-workload-jwt-exec-auth' } } : {}),
    });
    const access = () => new SpokeClusterAccess(app, 'spoke-cluster', {
      managementScope: management,
      spokeScope: new Chart(app, 'spoke'),
      argoCd: { trustDomain: TRUST_DOMAIN, instance, ...argoCd },
      spoke: {
        name: 'spoke-cluster',
        server: 'https://api.spoke.example.com:6443',
        caCertificate: CA,
        oidcIssuerUrl: 'https://spire-spiffe-oidc-discovery-provider.apps.example.com',
        audience: 'openshift-spoke',
        namespaces: ['team-b'],
      },
      sourceRepos: [REPO],
    });
    return { management, instance, access };
  }

  test('namespace, service accounts and the exec plugin come from the instance', () => {
    const { management, instance, access } = withInstance(true);
    const spoke = access();
    expect(spoke.serverSpiffeId.toString()).toBe(`spiffe://${TRUST_DOMAIN}/ns/ztwim-gitops/sa/openshift-gitops-argocd-server`);
    expect(spoke.applicationControllerSpiffeId.toString()).toBe(`spiffe://${TRUST_DOMAIN}/ns/ztwim-gitops/sa/openshift-gitops-argocd-application-controller`);
    const config = JSON.parse(clusterSecret(management).stringData.config);
    expect(config.execProviderConfig.command).toBe('/binaries/k8s-spiffe-workload-jwt-exec-auth');
    expect(config.execProviderConfig.env).toMatchObject({ SPIFFE_ENDPOINT_SOCKET: 'unix:///run/spire/sockets/spire-agent.sock', SPIFFE_JWT_AUDIENCE: 'openshift-spoke' });
    expect(instance.spiffeEnabled).toBe(true);
    expect(clusterSecret(management).metadata.namespace).toBe('ztwim-gitops');
    expectConformant(management);
  });

  test('an instance without the SPIFFE option is refused: Argo CD would have no socket and no plugin', () => {
    expect(withInstance(false).access).toThrow(/^spoke-cluster: 'argoCd.instance' \(management\/argocd\) has no 'spiffe' option/);
  });

  test.each([
    ['namespace', 'argocd'],
    ['serverServiceAccount', 'argocd-server'],
    ['applicationControllerServiceAccount', 'argocd-application-controller'],
  ])('an explicit %s that differs from the instance is refused', (key, value) => {
    expect(withInstance(true, { [key]: value }).access).toThrow(new RegExp(`'argoCd.${key}' \\("${value}"\\) differs from what 'argoCd.instance' runs with`));
  });

  test('explicit values equal to the instance\'s are accepted', () => {
    expect(withInstance(true, { namespace: 'ztwim-gitops', serverServiceAccount: 'openshift-gitops-argocd-server' }).access).not.toThrow();
  });
});
