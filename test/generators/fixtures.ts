import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { VaultAuth } from '../../src/external-secrets';
import {
  AcrAccessToken, AcrAuth, BeyondtrustWorkloadCredentials, CloudsmithAccessToken, ClusterGenerator, EcrAuthorizationToken, FakeGenerator,
  GcrAccessToken, GithubAccessToken, GitlabDeployToken, Grafana, GrafanaAuth, IGenerator, Mfa, Password, QuayAccessToken, SshKey,
  StsSessionToken, Uuid, VaultDynamicSecret, WebhookGenerator,
} from '../../src/generators';

const REASON = 'the vendor offers no workload identity for this API';

/** One public generator construct class: how to build it with good props, and with props one of its own checks refuses. */
export interface GeneratorFixture {
  /** The construct class. */
  readonly cls: string;
  /** The kind it writes. */
  readonly kind: string;
  /** Builds the construct under `scope` as `id`, with `overrides` spread over good props. */
  readonly make: (scope: Construct, id: string, overrides?: any) => IGenerator;
  /** Props the construct's own checks refuse, and the message they give (after the construct path). */
  readonly bad: { readonly overrides: any; readonly message: RegExp };
}

const sa = (scope: Construct, name: string, namespace?: string) => new kplus.ServiceAccount(scope, `${name}-sa`, { metadata: { name, namespace } });
const secretRef = (scope: Construct, name: string, key: string) => ({ secret: kplus.Secret.fromSecretName(scope, `${name}-secret`, name), key });

/** Every public generator construct class of src/generators. */
export const GENERATOR_FIXTURES: GeneratorFixture[] = [
  {
    cls: 'AcrAccessToken',
    kind: 'ACRAccessToken',
    make: (s, id, o) => new AcrAccessToken(s, id, { registry: 'myregistry.azurecr.io', tenantId: '11111111-2222-3333-4444-555555555555', scope: 'repository:app:pull', auth: AcrAuth.workloadIdentity(sa(s, 'acr')), ...o }),
    bad: { overrides: { registry: 'localhost' }, message: /'registry' \("localhost"\) must be a registry host name/ },
  },
  {
    cls: 'BeyondtrustWorkloadCredentials',
    kind: 'BeyondtrustWorkloadCredentialsDynamicSecret',
    make: (s, id, o) => new BeyondtrustWorkloadCredentials(s, id, { apiUrl: 'https://bt.example.com/api', siteId: 'site-1', apiKey: secretRef(s, 'bt-api', 'apikey'), acknowledgeStaticCredentials: REASON, maxLifetime: Duration.hours(1), ...o }),
    bad: { overrides: { outputKeys: ['a b'] }, message: /'outputKeys' \("a b"\) must be a Secret key/ },
  },
  {
    cls: 'CloudsmithAccessToken',
    kind: 'CloudsmithAccessToken',
    make: (s, id, o) => new CloudsmithAccessToken(s, id, { orgSlug: 'my-org', serviceSlug: 'ci', serviceAccount: sa(s, 'cloudsmith'), maxLifetime: Duration.hours(1), ...o }),
    bad: { overrides: { orgSlug: 'My Org' }, message: /'orgSlug' \("My Org"\) must be a Cloudsmith slug/ },
  },
  {
    cls: 'EcrAuthorizationToken',
    kind: 'ECRAuthorizationToken',
    make: (s, id, o) => new EcrAuthorizationToken(s, id, { region: 'eu-central-1', serviceAccount: sa(s, 'ecr', o?.saNamespace), metadata: o?.metadata }),
    bad: { overrides: { saNamespace: 'team-b' }, message: /'serviceAccount.namespace' references namespace "team-b", but the generator lives in namespace team-a/ },
  },
  {
    cls: 'FakeGenerator',
    kind: 'Fake',
    make: (s, id, o) => new FakeGenerator(s, id, { data: { username: 'demo' }, ...o }),
    bad: { overrides: { data: {} }, message: /'data' is empty/ },
  },
  {
    cls: 'GcrAccessToken',
    kind: 'GCRAccessToken',
    make: (s, id, o) => new GcrAccessToken(s, id, { projectId: 'my-project-123', clusterLocation: 'eu', clusterName: 'prod', serviceAccount: sa(s, 'gcr'), ...o }),
    bad: { overrides: { projectId: 'X' }, message: /'projectId' \("X"\) is not a Google Cloud project ID/ },
  },
  {
    cls: 'GithubAccessToken',
    kind: 'GithubAccessToken',
    make: (s, id, o) => new GithubAccessToken(s, id, { appId: '123456', installId: '7890123', privateKey: secretRef(s, 'github-app-pem', 'key'), repositories: ['app-config'], ...o }),
    bad: { overrides: { repositories: [] }, message: /'repositories' is empty: the token would reach every repository/ },
  },
  {
    cls: 'GitlabDeployToken',
    kind: 'GitlabDeployToken',
    make: (s, id, o) => new GitlabDeployToken(s, id, { tokenName: 'argocd', projectId: 'platform/app-config', apiToken: secretRef(s, 'gitlab-api', 'token'), acknowledgeStaticCredentials: REASON, ...o }),
    bad: { overrides: { groupId: '42' }, message: /exactly one of 'projectId' and 'groupId' must be set/ },
  },
  {
    cls: 'Grafana',
    kind: 'Grafana',
    make: (s, id, o) => new Grafana(s, id, { url: 'https://grafana.example.com', serviceAccountName: 'reader', auth: GrafanaAuth.token(secretRef(s, 'grafana-admin', 'token'), REASON), tokenLifetime: Duration.hours(2), ...o }),
    bad: { overrides: { tokenLifetime: Duration.millis(2500) }, message: /'tokenLifetime' \(2500ms\) must be a whole number of seconds/ },
  },
  {
    cls: 'Mfa',
    kind: 'MFA',
    make: (s, id, o) => new Mfa(s, id, { seed: secretRef(s, 'totp-seed', 'seed'), ...o }),
    bad: { overrides: { length: 7 }, message: /'length' \(7\) must be 6 or 8 digits/ },
  },
  {
    cls: 'Password',
    kind: 'Password',
    make: (s, id, o) => new Password(s, id, { ...o }),
    bad: { overrides: { length: 8 }, message: /'length' \(8\) must be at least 12/ },
  },
  {
    cls: 'QuayAccessToken',
    kind: 'QuayAccessToken',
    make: (s, id, o) => new QuayAccessToken(s, id, { robotAccount: 'my-org+ci', serviceAccount: sa(s, 'quay'), maxLifetime: Duration.hours(1), ...o }),
    bad: { overrides: { robotAccount: 'ci' }, message: /'robotAccount' \("ci"\) must be "<namespace>\+<robot>"/ },
  },
  {
    cls: 'SshKey',
    kind: 'SSHKey',
    make: (s, id, o) => new SshKey(s, id, { ...o }),
    bad: { overrides: { keySize: 256 }, message: /'keySize' \(256\) cannot be set for ed25519 keys/ },
  },
  {
    cls: 'StsSessionToken',
    kind: 'STSSessionToken',
    make: (s, id, o) => new StsSessionToken(s, id, { region: 'eu-central-1', serviceAccount: sa(s, 'sts'), sessionDuration: Duration.hours(1), ...o }),
    bad: { overrides: { sessionDuration: Duration.millis(3_600_500) }, message: /'sessionDuration' \(3600500ms\) must be a whole number of seconds/ },
  },
  {
    cls: 'Uuid',
    kind: 'UUID',
    make: (s, id, o) => new Uuid(s, id, { ...o }),
    bad: { overrides: { metadata: { name: 'Bad_Name' } }, message: /'metadata.name' \("Bad_Name"\) must be a DNS-1123 subdomain/ },
  },
  {
    cls: 'VaultDynamicSecret',
    kind: 'VaultDynamicSecret',
    make: (s, id, o) => new VaultDynamicSecret(s, id, {
      path: 'database/creds/app',
      maxLifetime: Duration.hours(1),
      provider: { server: 'https://vault.example.com', auth: VaultAuth.kubernetes({ role: 'db', serviceAccount: sa(s, 'vault') }) },
      ...o,
    }),
    bad: { overrides: { path: 'v1/database/creds/app' }, message: /'path' \(v1\/database\/creds\/app\) must not start with 'v1\/'/ },
  },
  {
    cls: 'WebhookGenerator',
    kind: 'Webhook',
    make: (s, id, o) => new WebhookGenerator(s, id, { url: 'https://tokens.example.com/issue', ...o }),
    bad: { overrides: { method: 'TRACE' }, message: /'method' \("TRACE"\) must be one of GET, POST, PUT, PATCH/ },
  },
  {
    cls: 'ClusterGenerator',
    kind: 'ClusterGenerator',
    make: (s, id, o) => new ClusterGenerator(s, id, {
      spec: GithubAccessToken.spec({ appId: '1', installId: '2', privateKey: { ...secretRef(s, 'github-app-pem', 'key'), namespace: o?.keyNamespace }, repositories: ['app'] }),
      metadata: o?.metadata,
    }),
    bad: { overrides: { keyNamespace: 'argocd' }, message: /'privateKey.namespace' references namespace "argocd", but a ClusterGenerator resolves references in the namespace of each ExternalSecret/ },
  },
];
