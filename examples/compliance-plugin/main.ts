// The compliance pack twice over: at synthesis (CompliancePack.applyTo fails `app.synth()` on unacknowledged
// errors) and afterwards on the written YAML, through the cdk8s-cli validation plugin that cdk8s.yaml wires.
// One finding is acknowledged on purpose: the `reporter` Deployment reads one ConfigMap through the API, so it
// keeps its service account token (ZT-SA2). `annotateAcknowledgements` writes that acknowledgement into the
// manifest, which is how the plugin, reading YAML only, knows about it.
import { ApiObject, App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Compliance, CompliancePack, ExternalSecret, ReferentServiceAccount, SecretStore, SecretStoreProvider,
  Synthesis, VaultAuth,
} from 'cdk8s-zero-trust';

const NAMESPACE = 'team-a';
const IMAGE = 'registry.example.com/team-a/reporter:1.4.2@sha256:4f1d6e0c8a9b2d3e5f7a1c0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e';

class Reporter extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    // no chart-wide namespace: cdk8s would stamp it on the Namespace object too, which is cluster-scoped
    super(scope, id, { ...props, disableResourceNameHashes: true });

    new ApiObject(this, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    new ApiObject(this, 'default-deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: NAMESPACE },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new ApiObject(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'reporter', namespace: NAMESPACE },
      automountServiceAccountToken: false,
    });

    // ESO reads only under apps/team-a/; the store records the prefix, so ZT-ESO7 also checks raw ExternalSecrets
    const store = new SecretStore(this, 'vault', {
      metadata: { name: 'vault', namespace: NAMESPACE },
      keyPrefix: 'apps/team-a/',
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com:8200',
        path: 'secret',
        auth: VaultAuth.kubernetes({ role: 'team-a-reader', serviceAccount: ReferentServiceAccount.fromName(this, 'vault-reader', 'vault-reader') }),
      }),
    });
    new ExternalSecret(this, 'db-credentials', { metadata: { name: 'db-credentials', namespace: NAMESPACE }, store })
      .addData('password', { key: 'apps/team-a/db', property: 'password' });

    // the only API access the token gives: reading the reporter's own ConfigMap
    new ApiObject(this, 'role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reporter', namespace: NAMESPACE },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['reporter-settings'], verbs: ['get'] }],
    });
    new ApiObject(this, 'role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reporter', namespace: NAMESPACE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reporter' },
      subjects: [{ kind: 'ServiceAccount', name: 'reporter', namespace: NAMESPACE }],
    });

    const deployment = new ApiObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'reporter', namespace: NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'reporter' } },
        template: {
          metadata: { labels: { app: 'reporter' } },
          spec: {
            serviceAccountName: 'reporter',
            automountServiceAccountToken: true,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'reporter',
              image: IMAGE,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
              volumeMounts: [{ name: 'db-credentials', mountPath: '/var/run/secrets/db', readOnly: true }],
            }],
            volumes: [{ name: 'db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o440 } }],
          },
        },
      },
    });
    Compliance.of(deployment).acknowledge({
      id: 'ZT-SA2',
      reason: 'reads its settings from ConfigMap reporter-settings through the API; the Role grants only get on it',
    });
  }
}

const app = new App();
new Reporter(app, 'compliance-plugin');
CompliancePack.applyTo(app, { annotateAcknowledgements: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
