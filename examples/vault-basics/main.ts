// A team namespace whose database password comes from Vault through External Secrets: the password is
// referenced here, never written down. ESO authenticates to Vault as the namespace's own service account
// (Kubernetes auth), so no Vault token is stored anywhere.
import { ApiObject, App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

class TeamSecrets extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    // no chart-wide namespace: cdk8s would stamp it on the Namespace object too, which is cluster-scoped
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const namespace = 'team-a';

    new kplus.Namespace(this, 'namespace', { metadata: { name: namespace } });
    const reader = new kplus.ServiceAccount(this, 'vault-reader', {
      metadata: { name: 'vault-reader', namespace },
      automountToken: false,
    });

    new ApiObject(this, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'vault', namespace },
      spec: {
        provider: {
          vault: {
            server: 'https://vault.example.com:8200',
            path: 'secret',
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: 'kubernetes',
                role: 'team-a-reader',
                serviceAccountRef: { name: reader.name, audiences: ['vault'] },
              },
            },
          },
        },
      },
    });

    new ApiObject(this, 'db-credentials', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db-credentials', namespace },
      spec: {
        refreshInterval: '15m0s',
        refreshPolicy: 'Periodic',
        secretStoreRef: { kind: 'SecretStore', name: 'vault' },
        target: { name: 'db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [{
          secretKey: 'password',
          remoteRef: { key: 'team-a/db', property: 'password', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' },
        }],
      },
    });
  }
}

const app = new App();
new TeamSecrets(app, 'vault-basics');
app.synth();
