import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import {
  ArgoCdNamespaceAccess, ClusterSpiffeId, GroupsMapping, OpenShiftAuthentication, SpiffeAccess, SpiffeId, UsernameMapping,
} from '../../src/identity';
import { expectConformant } from '../conformance/harness';
import { describeWithShared, SCENARIOS_DIR } from '../conformance/shared';

/**
 * Scenario S5's identity half (the spoke's Authentication and RBAC, the management cluster's SPIFFE
 * identities) built with the least-privilege fixes, compared with the reference YAML it replaces.
 */
const TRUST_DOMAIN = 'apps.example.com';
const ARGOCD_NS = 'ztwim-gitops';
const SERVER = SpiffeId.forServiceAccount(TRUST_DOMAIN, ARGOCD_NS, 'openshift-gitops-argocd-server');
const CONTROLLER = SpiffeId.forServiceAccount(TRUST_DOMAIN, ARGOCD_NS, 'openshift-gitops-argocd-application-controller');

function build() {
  const app = Testing.app();
  const management = new Chart(app, 'management');
  new ClusterSpiffeId(management, 'ArgoCd', {
    metadata: { name: 'ztwim-gitops-argocd' },
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ARGOCD_NS } },
    jwtTtl: Duration.minutes(5),
  });
  const spoke = new Chart(app, 'spoke');
  const authentication = new OpenShiftAuthentication(spoke, 'Authentication', {
    oidcProvider: {
      name: 'ztwim-oidc-server',
      issuerUrl: 'https://spire-spiffe-oidc-discovery-provider.apps.example.com',
      audiences: ['openshift-spoke'],
      usernameMapping: UsernameMapping.fromClaim('sub'),
      groupsMapping: GroupsMapping.fromClaim('groups'),
      oidcClients: [{ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli' }],
    },
  });
  new ArgoCdNamespaceAccess(spoke, 'ArgoCd', { authentication, subjects: [SERVER, CONTROLLER], namespaces: ['gitops-helm-quarkus'] });
  return { app, management, spoke, authentication };
}

describe('S5 identity with least privilege', () => {
  test('management identities and spoke access (snapshot)', () => {
    const { app, management, spoke } = build();
    expect({ management: Testing.synth(management), spoke: Testing.synth(spoke) }).toMatchSnapshot();
    expectConformant(app);
  });

  test('user names carry the provider prefix, so a token sub cannot equal an existing user', () => {
    const { spoke, authentication } = build();
    const binding = Testing.synth(spoke).find(m => m.kind === 'RoleBinding');
    expect(binding.subjects.map((s: any) => s.name)).toEqual([
      `ztwim-oidc-server:${CONTROLLER}`,
      `ztwim-oidc-server:${SERVER}`,
    ]);
    expect(authentication.usernamePrefix).toBe('ztwim-oidc-server:');
    expectConformant(spoke);
  });
});

describeWithShared('S5 reference YAML, expressed with our API', () => {
  const reference = YAML.parseAllDocuments(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '004-auth-rbac-cluster.yaml'), 'utf8')).map(d => d.toJSON());
  const refAuth = reference.find(o => o.kind === 'Authentication');
  const refBinding = reference.find(o => o.kind === 'ClusterRoleBinding');

  test('fails on the reference binding: cluster-admin for the SPIFFE users', () => {
    const { spoke, authentication } = build();
    expect(refBinding.roleRef.name).toBe('cluster-admin');
    expect(() => new SpiffeAccess(spoke, 'Ref', {
      authentication,
      subjects: refBinding.subjects.map((s: any) => SpiffeId.parse(s.name)),
      clusterRole: refBinding.roleRef.name,
    })).toThrow(/roleRef is ClusterRole cluster-admin \(ZT-RBAC1\)/);
  });

  test('fails on the reference Authentication: NoPrefix without a reason and an unnamed CA ConfigMap', () => {
    const u = refAuth.spec.oidcProviders[0].claimMappings.username;
    expect(u.prefixPolicy).toBe('NoPrefix');
    expect(() => UsernameMapping.fromClaimWithoutPrefix(u.claim, '')).toThrow(/needs a written reason/);
    const chart = Testing.chart();
    const p = refAuth.spec.oidcProviders[0];
    expect(() => new OpenShiftAuthentication(chart, 'Ref', {
      oidcProvider: {
        name: p.name,
        issuerUrl: p.issuer.issuerURL,
        audiences: p.issuer.audiences,
        issuerCertificateAuthority: kplus.ConfigMap.fromConfigMapName(chart, 'Ca', p.issuer.issuerCertificateAuthority.name),
        usernameMapping: UsernameMapping.fromClaim(u.claim),
      },
    })).toThrow(/must name a ConfigMap/);
  });
});
