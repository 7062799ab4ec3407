// Image pull Secrets without a stored registry password: ESO generators exchange a service-account token for
// a short-lived registry token (ECR through IRSA, Quay through robot-account federation) and an ExternalSecret
// template writes it as a kubernetes.io/dockerconfigjson Secret, renewed well within the token's lifetime.
// README.md explains each choice.
import { ApiObject, App, Chart, ChartProps, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CompliancePack, DataFromSource, EcrAuthorizationToken, EsoTokenRequestAccess, ExternalSecret,
  QuayAccessToken, SecretTemplate, Synthesis,
} from 'cdk8s-zero-trust';

const NAMESPACE = 'team-a';

/** The pull Secrets of one team namespace, and the service account its workloads run as. */
class RegistryTokens extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: NAMESPACE, disableResourceNameHashes: true });

    // ECR: ESO exchanges this account's token for the IAM role (IRSA); the role may pull team-a's
    // repositories only, and the registry token carries exactly the role's permissions
    const ecrIdentity = new kplus.ServiceAccount(this, 'ecr-token', {
      metadata: {
        name: 'ecr-token',
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/team-a-ecr-pull' },
      },
      automountToken: false,
    });
    const ecr = new EcrAuthorizationToken(this, 'ecr', {
      metadata: { name: 'ecr' },
      region: 'eu-west-1',
      serviceAccount: ecrIdentity,
    });
    // ECR tokens live 12 hours; the default refresh is half of that (6h)
    new ExternalSecret(this, 'ecr-pull', {
      metadata: { name: 'ecr-pull' },
      template: SecretTemplate.dockerConfigJson({ registryKey: 'proxy_endpoint', usernameKey: 'username', passwordKey: 'password' }),
    }).addDataFrom(DataFromSource.generator(ecr));

    // Quay: the robot account my-org+team_a_pull trusts this account's tokens (robot federation), so no
    // robot password exists; the audience keeps the token useless against the cluster's API server
    const quayIdentity = new kplus.ServiceAccount(this, 'quay-token', {
      metadata: { name: 'quay-token' },
      automountToken: false,
    });
    const quay = new QuayAccessToken(this, 'quay', {
      metadata: { name: 'quay' },
      robotAccount: 'my-org+team_a_pull',
      serviceAccount: quayIdentity,
      audiences: ['quay.io'],
      // Quay's federated robot tokens live one hour; the default refresh is half of that (30m)
      maxLifetime: Duration.hours(1),
    });
    new ExternalSecret(this, 'quay-pull', {
      metadata: { name: 'quay-pull' },
      template: SecretTemplate.dockerConfigJson({ registryKey: 'registry', authKey: 'auth' }),
    }).addDataFrom(DataFromSource.generator(quay));

    // the team's workloads run as this account; the kubelet pulls with both Secrets
    const workload = new kplus.ServiceAccount(this, 'app', {
      metadata: { name: 'app' },
      automountToken: false,
    });
    // cdk8s-plus has no imagePullSecrets on ServiceAccount
    ApiObject.of(workload).addJsonPatch(JsonPatch.add('/imagePullSecrets', [{ name: 'ecr-pull' }, { name: 'quay-pull' }]));

    // ESO may mint tokens for the two generator accounts only (install ESO with rbac.serviceAccountTokenCreate: false)
    const tokenRequests = new EsoTokenRequestAccess(this, 'eso-token-request');
    tokenRequests.addServiceAccount(ecrIdentity);
    tokenRequests.addServiceAccount(quayIdentity);
  }
}

const app = new App();
new RegistryTokens(app, 'registry-tokens');
// warnings fail too: the output has no unacknowledged finding
CompliancePack.applyTo(app, { failOnWarnings: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
