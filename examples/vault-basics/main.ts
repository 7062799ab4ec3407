// A team namespace whose database password comes from Vault through External Secrets: the password is
// referenced here, never written down. ESO authenticates to Vault as the namespace's own service account
// (Kubernetes auth), so no Vault token is stored anywhere, and ESO may mint tokens for that account only.
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CompliancePack, EsoTokenRequestAccess, ExternalSecret, RefreshPolicy, SecretStore, SecretStoreProvider,
  Synthesis, VaultAuth,
} from 'cdk8s-zero-trust';

class TeamSecrets extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    // no chart-wide namespace: cdk8s would stamp it on the Namespace object too, which is cluster-scoped
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const namespace = 'team-a';

    new kplus.Namespace(this, 'namespace', { metadata: { name: namespace } });
    new kplus.NetworkPolicy(this, 'default-deny-all', {
      metadata: { name: 'default-deny-all', namespace },
      selector: kplus.Pods.all(this, 'all-pods'),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const reader = new kplus.ServiceAccount(this, 'vault-reader', {
      metadata: { name: 'vault-reader', namespace },
      automountToken: false,
    });

    const store = new SecretStore(this, 'store', {
      metadata: { name: 'vault', namespace },
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com:8200',
        path: 'secret',
        auth: VaultAuth.kubernetes({ role: 'team-a-reader', serviceAccount: reader, audiences: ['vault'] }),
      }),
      keyPrefix: 'team-a/',
    });

    new ExternalSecret(this, 'db-credentials', {
      metadata: { name: 'db-credentials', namespace },
      store,
      refresh: RefreshPolicy.periodic(Duration.minutes(15)),
    }).addData('password', { key: 'team-a/db', property: 'password' });

    new EsoTokenRequestAccess(this, 'eso-token-request');
  }
}

const app = new App();
new TeamSecrets(app, 'vault-basics');
CompliancePack.applyTo(app, { failOnWarnings: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
