// Scenario S5: Argo CD on the management cluster deploys to a spoke cluster with SPIFFE identities, so no
// long-lived token exists anywhere. SPIRE issues JWT-SVIDs to the Argo CD server and application controller;
// the spoke trusts the SPIRE OIDC discovery provider for one audience. Compared with the reference YAML, the
// spoke grants namespaced Roles instead of cluster-admin, Argo CD verifies the spoke's API server certificate,
// and the spoke prefixes the SPIFFE user names (see README.md).
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  Application, ApplicationDestination, ApplicationSource, CompliancePack, SpokeClusterAccess, Synthesis,
} from 'cdk8s-zero-trust';

const ARGOCD_NAMESPACE = 'ztwim-gitops';
const APP_NAMESPACE = 'gitops-helm-quarkus';
const REPO = 'https://github.com/redhat-developer/redhat-helm-charts';

const app = new App();
// one chart per cluster: each file is applied to (or synced into) its own cluster
const management = new Chart(app, 'management', { disableResourceNameHashes: true });
const spoke = new Chart(app, 'spoke', { disableResourceNameHashes: true });

const access = new SpokeClusterAccess(app, 'spoke-cluster', {
  managementScope: management,
  spokeScope: spoke,
  argoCd: {
    trustDomain: 'apps.example.com',
    namespace: ARGOCD_NAMESPACE,
    serverServiceAccount: 'openshift-gitops-argocd-server',
    applicationControllerServiceAccount: 'openshift-gitops-argocd-application-controller',
  },
  spoke: {
    name: 'spoke-cluster',
    server: 'https://api.spoke.example.com:6443',
    // the public CA bundle of the spoke's API server, e.g. certificate-authority-data of its installer kubeconfig
    caCertificate: fs.readFileSync(path.join(__dirname, 'spoke-api-ca.crt'), 'utf8'),
    oidcIssuerUrl: 'https://spire-spiffe-oidc-discovery-provider.apps.example.com',
    audience: 'openshift-spoke',
    oidcProviderName: 'ztwim-oidc-server',
    groupsClaim: 'groups',
    oidcClients: [{ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli' }],
    namespaces: [APP_NAMESPACE],
  },
  sourceRepos: [REPO],
  argoCdSpiffeIds: {},
});

new Application(management, 'gitops-helm-quarkus', {
  metadata: { name: 'gitops-helm-quarkus' },
  argoCdNamespace: ARGOCD_NAMESPACE,
  project: access.project,
  source: ApplicationSource.helm({
    repoUrl: REPO,
    path: 'alpha/quarkus-chart',
    targetRevision: 'HEAD',
    parameters: { 'build.enabled': 'false', 'image.name': 'quay.io/ablock/gitops-helm-quarkus' },
  }),
  // the namespace exists on the spoke (its Role lives there); the project may not create Namespaces
  destination: ApplicationDestination.cluster(access.cluster, APP_NAMESPACE),
  syncPolicy: { automated: { prune: true, selfHeal: true } },
});

CompliancePack.applyTo(app);
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
