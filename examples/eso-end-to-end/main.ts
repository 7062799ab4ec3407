// Scenario S3 (../../../shared/scenarios/reference-yaml/002-eso.yaml) with this library: External Secrets
// installed by Argo CD, an AWS Secrets Manager store per namespace, a Vault ClusterSecretStore for the shared
// TLS certificate, ExternalSecrets with every lifecycle and refresh policy, a ClusterExternalSecret, a
// PushSecret, and the RBAC that lets ESO mint tokens only for the stores' own service accounts. README.md
// lists what changed against the reference YAML and why.
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Application, ApplicationDestination, ApplicationSource, AppProject, ClusterExternalSecret,
  ClusterSecretStore, Compliance, CompliancePack, EsoTokenRequestAccess, ExternalSecret, NamespaceCondition,
  PushSecret, PushSecretSource, RefreshPolicy, SecretStore, SecretStoreProvider, SecretTemplate, SyncOption,
  Synthesis, TargetLifecycle, TemplateValue, VaultAuth,
} from 'cdk8s-zero-trust';

/** Where ESO runs; the chart's controller service account has the same name (release `external-secrets`). */
const ESO_NAMESPACE = 'external-secrets';
/** The label a namespace carries to receive the shared wildcard certificate. */
const NEEDS_TLS = { 'needs-tls': 'true' };
/** The control plane's address range: the API server calls ESO's webhook and ESO calls the API server. */
const CONTROL_PLANE_CIDR = '10.0.0.0/24';
/** Pod Security Admission labels: every namespace here runs only restricted pods. */
const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** Props of a chart that owns one namespace's objects. */
interface NamespacedChartProps extends ChartProps {
  readonly namespace: string;
}

/** Props of the application chart, instantiated once per environment instead of patched by overlays. */
interface MyAppProps extends NamespacedChartProps {
  /** The environment's path in AWS Secrets Manager (`prod`, `staging`); the store can read nothing else. */
  readonly environment: string;
}

/** Denies all traffic to and from the namespace's pods; further policies allow what each workload needs. */
function denyAllTraffic(scope: Construct): kplus.NetworkPolicy {
  return new kplus.NetworkPolicy(scope, 'default-deny-all', {
    metadata: { name: 'default-deny-all' },
    selector: kplus.Pods.all(scope, 'all-pods'),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
}

/** The namespaces this app owns. cert-manager's namespace belongs to the cert-manager installation. */
class Namespaces extends Chart {
  constructor(scope: Construct, id: string) {
    // no chart-wide namespace: cdk8s would stamp it on the cluster-scoped Namespace objects
    super(scope, id, { disableResourceNameHashes: true });
    new kplus.Namespace(this, 'external-secrets', { metadata: { name: ESO_NAMESPACE, labels: RESTRICTED } });
    new kplus.Namespace(this, 'my-app', { metadata: { name: 'my-app', labels: { ...RESTRICTED, ...NEEDS_TLS } } });
  }
}

/** ESO itself, as an Argo CD Application confined to a project that can install nothing else. */
class EsoInstall extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'argocd', disableResourceNameHashes: true });
    const chartRepo = 'https://charts.external-secrets.io';
    const project = new AppProject(this, 'project', {
      metadata: { name: 'external-secrets' },
      description: 'The External Secrets Operator: its Helm chart, into its own namespace only',
      sourceRepos: [chartRepo],
      // ESO's own namespace is a system namespace for the compliance pack (ZT-ARGO6): installing ESO there is this project's purpose
      destinations: [{
        server: 'https://kubernetes.default.svc',
        namespace: ESO_NAMESPACE,
        acknowledgeSystemNamespaces: 'this project installs the External Secrets Operator, and only its chart, into its own namespace',
      }],
      // exactly the cluster-scoped kinds the chart renders; the namespace itself is created by this app
      clusterResourceAllowList: [
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      ],
    });
    new Application(this, 'application', {
      metadata: { name: 'external-secrets' },
      project,
      source: ApplicationSource.helm({
        repoUrl: chartRepo,
        chart: 'external-secrets',
        // the release whose CRDs this library's output is checked against
        targetRevision: '2.9.0',
        releaseName: 'external-secrets',
        values: {
          installCRDs: true,
          // ESO may mint tokens only for the stores' service accounts (EsoTokenRequestAccess below)
          rbac: { serviceAccountTokenCreate: false },
          // kinds this app does not use are neither installed nor reconciled
          crds: { createClusterGenerator: false, createClusterPushSecret: false },
          processClusterGenerator: false,
          processClusterPushSecret: false,
        },
      }),
      destination: ApplicationDestination.inCluster(ESO_NAMESPACE),
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // ESO's CRDs are too large for the last-applied annotation of client-side apply
        syncOptions: [SyncOption.SERVER_SIDE_APPLY],
      },
    });
  }
}

/** The operator's namespace: the Vault store's service account and the operator's network boundary. */
class EsoSystem extends Chart {
  public readonly vaultReader: kplus.ServiceAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: ESO_NAMESPACE, disableResourceNameHashes: true });
    // a Vault role bound to this account alone, not to the controller's own identity
    this.vaultReader = new kplus.ServiceAccount(this, 'vault-tls-reader', {
      metadata: { name: 'vault-tls-reader' },
      automountToken: false,
    });

    denyAllTraffic(this);
    const allow = new kplus.NetworkPolicy(this, 'explicit-allow', {
      metadata: { name: 'explicit-allow' },
      selector: kplus.Pods.all(this, 'operator-pods'),
    });
    const controlPlane = kplus.NetworkPolicyIpBlock.ipv4(this, 'control-plane', CONTROL_PLANE_CIDR);
    allow.addIngressRule(controlPlane, [kplus.NetworkPolicyPort.tcp(10250)]);
    allow.addEgressRule(controlPlane, [kplus.NetworkPolicyPort.tcp(6443)]);
    const dns = kplus.Pods.select(this, 'cluster-dns', {
      labels: { 'k8s-app': 'kube-dns' },
      namespaces: kplus.Namespaces.select(this, 'kube-system', { names: ['kube-system'] }),
    });
    allow.addEgressRule(dns, [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)]);
    // AWS Secrets Manager and STS have no fixed addresses; Vault is reached on 443 as well
    allow.addEgressRule(kplus.NetworkPolicyIpBlock.anyIpv4(this, 'https-anywhere'), [kplus.NetworkPolicyPort.tcp(443)]);
  }
}

/** The application namespace: its own AWS store and the ExternalSecrets that read through it. */
class MyApp extends Chart {
  constructor(scope: Construct, id: string, props: MyAppProps) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    const env = props.environment;
    denyAllTraffic(this);

    // IRSA: ESO exchanges this account's token for the IAM role, so no access key exists anywhere
    const reader = new kplus.ServiceAccount(this, 'aws-secrets-reader', {
      metadata: {
        name: 'aws-secrets-reader',
        annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::111122223333:role/my-app-${env}-secrets-reader` },
      },
      automountToken: false,
    });
    const store = new SecretStore(this, 'aws-secrets', {
      metadata: { name: 'aws-secrets' },
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: reader }),
      keyPrefix: `${env}/`,
    });

    const dbCredentials = new ExternalSecret(this, 'db-credentials', {
      metadata: { name: 'my-app-db-credentials' },
      store,
      targetName: 'db-credentials',
      lifecycle: TargetLifecycle.owned(),
      refresh: RefreshPolicy.periodic(Duration.hours(1)),
    });
    dbCredentials.addData('username', { key: `${env}/my-app/database`, property: 'username' });
    dbCredentials.addData('password', { key: `${env}/my-app/database`, property: 'password' });

    const url = TemplateValue.concat(
      TemplateValue.literal('postgresql://'), TemplateValue.ref('username'),
      TemplateValue.literal(':'), TemplateValue.ref('password'),
      TemplateValue.literal('@'), TemplateValue.ref('host'),
      TemplateValue.literal(':5432/'), TemplateValue.ref('dbname'),
      TemplateValue.literal('?sslmode=require'),
    );
    const template = new SecretTemplate();
    template.addData('DATABASE_URL', url);
    const databaseUrl = new ExternalSecret(this, 'database-url', {
      metadata: { name: 'database-url' },
      store,
      targetName: 'database-config',
      refresh: RefreshPolicy.periodic(Duration.hours(1)),
      template,
    });
    for (const key of ['username', 'password', 'host', 'dbname']) {
      databaseUrl.addData(key, { key: `${env}/database`, property: key });
    }

    // the pull secret must outlive a re-created ExternalSecret, or running pods could not be rescheduled
    const registryCredentials = new ExternalSecret(this, 'registry-credentials', {
      metadata: { name: 'registry-credentials' },
      store,
      lifecycle: TargetLifecycle.orphan(),
      refresh: RefreshPolicy.createdOnce(),
      template: SecretTemplate.dockerConfigJson({ registry: 'registry.example.com', usernameKey: 'username', passwordKey: 'token' }),
    });
    registryCredentials.addData('username', { key: `${env}/my-app/registry`, property: 'username' });
    registryCredentials.addData('token', { key: `${env}/my-app/registry`, property: 'token' });

    // pinned to an AWS staging label moved only by a commit, so re-reading on a change of this object suffices
    new ExternalSecret(this, 'api-key', {
      metadata: { name: 'my-app-api-key' },
      store,
      targetName: 'my-app-settings',
      lifecycle: TargetLifecycle.mergeIntoExisting({
        acknowledgeMerge: "my-app's Helm chart owns the my-app-settings Secret and its non-secret keys; ESO adds only api-key",
      }),
      refresh: RefreshPolicy.onChange(),
    }).addData('api-key', { key: `${env}/my-app/api-key`, version: 'my-app-v3' });
  }
}

/** cert-manager's namespace: a store that can only write the certificate path, and the PushSecret. */
class CertManagerPush extends Chart {
  constructor(scope: Construct, id: string, props: NamespacedChartProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const pusher = new kplus.ServiceAccount(this, 'aws-secrets-pusher', {
      metadata: {
        name: 'aws-secrets-pusher',
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/wildcard-tls-pusher' },
      },
      automountToken: false,
    });
    const store = new SecretStore(this, 'aws-secrets', {
      metadata: { name: 'aws-secrets' },
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: pusher }),
      keyPrefix: 'infra/tls/',
    });
    const push = new PushSecret(this, 'push-generated-cert', {
      metadata: { name: 'push-generated-cert' },
      source: PushSecretSource.secretName('wildcard-tls'),
      stores: [store],
      refreshInterval: Duration.minutes(10),
    });
    push.addKey('tls.crt', { remoteKey: 'infra/tls/wildcard', property: 'certificate' });
    push.addKey('tls.key', { remoteKey: 'infra/tls/wildcard', property: 'private_key' });
  }
}

/** The shared wildcard certificate: a Vault store scoped to the labelled namespaces, and the fan-out. */
class SharedTls extends Chart {
  constructor(scope: Construct, id: string, vaultReader: kplus.IServiceAccount) {
    super(scope, id, { disableResourceNameHashes: true });
    const store = new ClusterSecretStore(this, 'vault-backend', {
      metadata: { name: 'vault-backend' },
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com',
        path: 'secret',
        auth: VaultAuth.kubernetes({ role: 'shared-tls-reader', serviceAccount: vaultReader, audiences: ['vault'] }),
      }),
      // the same label the ClusterExternalSecret selects: no other namespace can read through this store
      conditions: [NamespaceCondition.selector({ matchLabels: NEEDS_TLS })],
      keyPrefix: 'shared/tls/',
    });
    const fanOut = new ClusterExternalSecret(this, 'shared-tls-cert', {
      metadata: { name: 'shared-tls-cert' },
      store,
      namespaceSelectors: [{ matchLabels: NEEDS_TLS }],
      targetName: 'tls-cert',
      refresh: RefreshPolicy.periodic(Duration.hours(24)),
      template: SecretTemplate.tls({ certificateKey: 'certificate', privateKeyKey: 'private-key' }),
    });
    fanOut.addData('certificate', { key: 'shared/tls/wildcard', property: 'certificate' });
    fanOut.addData('private-key', { key: 'shared/tls/wildcard', property: 'private_key' });
    Compliance.of(fanOut).acknowledge({
      id: 'ZT-ESO4',
      reason: 'a ClusterExternalSecret can only read through a ClusterSecretStore; vault-backend is limited by conditions to the needs-tls namespaces and by keyPrefix to shared/tls/',
    });
  }
}

const app = new App();
new Namespaces(app, 'namespaces');
new EsoInstall(app, 'eso-install');
const system = new EsoSystem(app, 'eso-system');
new MyApp(app, 'my-app', { namespace: 'my-app', environment: 'prod' });
new CertManagerPush(app, 'cert-manager', { namespace: 'cert-manager' });
new SharedTls(app, 'shared-tls', system.vaultReader);
// created after every store, so it finds them all: one Role per namespace, limited to the stores' accounts
new EsoTokenRequestAccess(new Chart(app, 'eso-token-request', { disableResourceNameHashes: true }), 'access', {
  controllerNamespace: ESO_NAMESPACE,
});
// warnings fail too, so the output has no unacknowledged finding; acknowledgements are recorded on the objects
CompliancePack.applyTo(app, { failOnWarnings: true, annotateAcknowledgements: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
