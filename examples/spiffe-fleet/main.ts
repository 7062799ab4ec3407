// Scenario S5, both sides, as one GitOps repository: the management cluster (OLM subscriptions for OpenShift
// GitOps and the zero trust workload identity manager, the SPIRE instance, the Argo CD operand with the SPIFFE
// exec plugin, and the cluster Secrets of two spokes) and, for each spoke, what it must trust before Argo CD can
// log in (its OIDC Authentication, the SPIFFE users' RBAC, the application namespace). The trust domain, the JWT
// issuer, Argo CD's namespace, its service accounts and the exec plugin's paths are each given once and flow into
// both sides, so a mismatch cannot be written (see README.md). `cdk8s synth` (or `npx projen examples`) writes
// the repository into dist/.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Yaml } from 'cdk8s';
import {
  Application, ApplicationDestination, ApplicationSource, ArgoCdInstance, ArgoCdRole, Compliance, CompliancePack,
  GitOpsRepository, ImageReference, IsolatedNamespace, Layer3Subnet, NetworkPeer, NetworkPort, NetworkRole,
  NetworkTopology, OperatorPackage, OperatorSubscription, SpokeClusterAccess, WorkloadIdentityManager,
} from 'cdk8s-zero-trust';

const APPS_DOMAIN = 'apps.hub.example.com';
const ARGOCD_NAMESPACE = 'ztwim-gitops';
const APP_NAMESPACE = 'gitops-helm-quarkus';
const CHARTS_REPO = 'https://github.com/redhat-developer/redhat-helm-charts';
const FLEET_REPO = 'https://github.com/my-org/spiffe-fleet';
const SPOKES = ['spoke-east', 'spoke-west'];
// an image holding the exec plugin and `cp`, pinned by digest: copied into an emptyDir at start, never downloaded
const EXEC_PLUGIN = ImageReference.digest('quay.io/my-org/k8s-spiffe-workload-jwt-exec-auth',
  'sha256:3c5b1f0e9d6a4b8c7e2f1a0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b', { tag: '0.0.7' });
const OPERATOR_EGRESS = 'operator pods reach the API server, OLM catalogs and their operands; the vendor does not publish '
  + 'the flows a default-deny policy would have to allow';

const app = new App();
// the pack checks every chart at synthesis and records acknowledgements on the objects, which the repository's
// own check of each folder then trusts
CompliancePack.applyTo(app, { annotateAcknowledgements: true });

// management cluster: operators, pinned and upgraded by a person (Manual install plans)
const operators = new Chart(app, 'operators', { disableResourceNameHashes: true });
const subscriptions = [
  new OperatorSubscription(operators, 'gitops', { operator: OperatorPackage.openShiftGitOps(), startingCsv: 'openshift-gitops-operator.v1.15.0' }),
  new OperatorSubscription(operators, 'ztwim', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager() }),
];
for (const s of subscriptions) Compliance.of(s).acknowledge({ id: 'ZT-NET2', reason: OPERATOR_EGRESS });

// management cluster: SPIRE, whose trust domain and JWT issuer the spokes take from here
const identity = new Chart(app, 'identity', { disableResourceNameHashes: true });
const workloadIdentity = new WorkloadIdentityManager(identity, 'ztwim', { trustDomain: APPS_DOMAIN, clusterName: 'hub' });

// management cluster: Argo CD, least privilege (no default role), the SPIFFE Workload API and exec plugin mounted
const controlPlane = new Chart(app, 'control-plane', { namespace: ARGOCD_NAMESPACE, disableResourceNameHashes: true });
const argoCd = new ArgoCdInstance(controlPlane, 'argocd', { metadata: { name: 'gitops' }, spiffe: { execPluginImage: EXEC_PLUGIN } });
argoCd.rbac.grant('platform-admins', ArgoCdRole.ADMIN);
argoCd.rbac.grant('developers', ArgoCdRole.READONLY);
// SPIRE issues JWT-SVIDs (five minutes) to the pods of Argo CD's namespace: the server and application controller
workloadIdentity.addClusterSpiffeId('argocd', {
  metadata: { name: `${ARGOCD_NAMESPACE}-argocd` },
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ARGOCD_NAMESPACE } },
  jwtTtl: Duration.minutes(5),
});

// each spoke: what it must trust before Argo CD can reach it (applied by its own admin, see README.md), and the
// management side's cluster Secret and project for it
const spokeCharts = new Map<string, Chart>();
const accesses = SPOKES.map(name => {
  const spoke = new Chart(app, name, { disableResourceNameHashes: true });
  spokeCharts.set(name, spoke);
  // the application's namespace on its own primary network, default-deny, open to the router and DNS only
  const namespace = new IsolatedNamespace(spoke, 'app-namespace', {
    name: APP_NAMESPACE,
    network: NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.100.0.0/16', 24)] }),
  });
  namespace.allowIngressFrom(NetworkPeer.namespace('openshift-ingress'), [NetworkPort.tcp(8080)]);
  namespace.allowDns({ namespace: 'openshift-dns', podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } }, port: 5353 });
  return new SpokeClusterAccess(app, `${name}-access`, {
    managementScope: controlPlane,
    spokeScope: spoke,
    workloadIdentity,
    argoCd: { instance: argoCd },
    spoke: {
      name,
      server: `https://api.${name}.example.com:6443`,
      caCertificate: fs.readFileSync(path.join(__dirname, 'spoke-api-ca.crt'), 'utf8'),
      audience: `openshift-${name}`,
      namespaces: [APP_NAMESPACE],
    },
    sourceRepos: [CHARTS_REPO],
  });
});

// the workload: a Helm chart deployed to both spokes, each through its own project
for (const access of accesses) {
  new Application(controlPlane, `quarkus-${access.cluster.clusterName}`, {
    metadata: { name: `gitops-helm-quarkus-${access.cluster.clusterName}` },
    argoCdNamespace: argoCd.namespace,
    project: access.project,
    source: ApplicationSource.helm({
      repoUrl: CHARTS_REPO,
      path: 'alpha/quarkus-chart',
      targetRevision: 'HEAD',
      parameters: { 'build.enabled': 'false', 'image.name': 'quay.io/ablock/gitops-helm-quarkus' },
    }),
    destination: ApplicationDestination.cluster(access.cluster, APP_NAMESPACE),
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  });
}

const outdir = process.env.CDK8S_OUTDIR ?? app.outdir;
const repo = new GitOpsRepository({
  repoUrl: FLEET_REPO,
  targetRevision: 'main',
  name: 'hub',
  argoCdNamespace: argoCd.namespace,
  management: [operators, identity, controlPlane],
  compliancePack: new CompliancePack(),
});
repo.synth(outdir);

// the spokes' bootstrap: Argo CD cannot create the trust it logs in with, so each spoke's admin applies its folder
// once (the pack applied to the App has checked these charts too)
for (const [name, chart] of spokeCharts) {
  const folder = path.join(outdir, 'spokes', name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'bootstrap.yaml'), Yaml.stringify(...chart.toJson()));
  fs.writeFileSync(path.join(folder, 'kustomization.yaml'), Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['bootstrap.yaml'] }));
}
