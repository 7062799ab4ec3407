import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppProject } from '../../src/argocd';
import { ValidationError } from '../../src/common/errors';
import { ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth } from '../../src/external-secrets';
import {
  CertificatePush, DynamicDatabaseCredentials, GithubTokenPlacement, SecretlessRepositoryAccess, SpokeClusterAccess,
} from '../../src/patterns';
import { ImageReference, Task } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';
const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', `sha256:${'a'.repeat(64)}`, { tag: '11.3.0' });
const kindAndName = (o: ApiObject) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.name}`;

function vaultStore(scope: Construct, id: string, name: string, role: string): SecretStore {
  const sa = ReferentServiceAccount.fromName(scope, `${id}-sa`, `${role}-eso`);
  return new SecretStore(scope, id, {
    metadata: { name },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role, serviceAccount: sa, audiences: ['vault'] }) }),
  });
}

function databaseCredentials(chart: Chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' })) {
  const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const task = new Task(chart, 'task', {
    metadata: { name: 'flyway-migration' },
    runAsUser: 1000,
    steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }],
  });
  const creds = new DynamicDatabaseCredentials(chart, 'db', {
    task,
    taskTimeout: Duration.minutes(15),
    vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
    database: { dbName: 'ci-postgres', creationStatements: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';'] },
  });
  return { chart, task, creds };
}

function secretlessAccess(placement: GithubTokenPlacement) {
  const chart = new Chart(Testing.app(), 'argocd', { namespace: 'argocd' });
  const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
  const access = new SecretlessRepositoryAccess(chart, 'access', {
    store: vaultStore(chart, 'vault', 'vault', 'argocd'),
    privateKey: { key: 'github/argocd-app', property: 'private-key' },
    appId: '123456',
    installationId: '7890123',
    owner: 'my-org',
    repositories: [{ url: 'https://github.com/my-org/app-config' }, { url: 'https://github.com/my-org/platform' }],
    project,
    tokenPlacement: placement,
  });
  return { chart, access };
}

function spokeAccess() {
  const app = Testing.app();
  const management = new Chart(app, 'management');
  const spoke = new Chart(app, 'spoke');
  const access = new SpokeClusterAccess(app, 'spoke-cluster', {
    managementScope: management,
    spokeScope: spoke,
    argoCd: { trustDomain: 'apps.example.com', namespace: 'ztwim-gitops' },
    spoke: {
      name: 'spoke-cluster',
      server: 'https://api.spoke.example.com:6443',
      caCertificate: CA,
      oidcIssuerUrl: 'https://spire-spiffe-oidc-discovery-provider.apps.example.com',
      audience: 'openshift-spoke',
      namespaces: ['gitops-helm-quarkus'],
    },
    sourceRepos: ['https://github.com/redhat-developer/redhat-helm-charts'],
    argoCdSpiffeIds: {},
  });
  return { app, management, spoke, access };
}

describe('escape hatches: ApiObject.of(pattern) is its main object, named properties reach the others', () => {
  test('DynamicDatabaseCredentials: the ExternalSecret; the roles, policy, generator, account and RBAC by name', () => {
    const { chart, creds } = databaseCredentials();
    expect(kindAndName(ApiObject.of(creds))).toBe('ExternalSecret ci-cd/flyway-migration');
    expect(ApiObject.of(creds)).toBe(ApiObject.of(creds.externalSecret!));
    expect(kindAndName(ApiObject.of(creds.generator!))).toBe('VaultDynamicSecret ci-cd/flyway-migration');
    expect(kindAndName(ApiObject.of(creds.databaseRole))).toBe('DatabaseSecretEngineRole ci-cd/flyway-migration');
    expect(kindAndName(ApiObject.of(creds.authRole))).toBe('KubernetesAuthEngineRole ci-cd/flyway-migration');
    expect(kindAndName(ApiObject.of(creds.policy))).toBe('Policy ci-cd/flyway-migration');
    expect(kindAndName(ApiObject.of(creds.serviceAccount as kplus.ServiceAccount))).toBe('ServiceAccount ci-cd/flyway-migration');
    expect(creds.tokenRequestAccess!.node.path).toBe('ci/db/TokenRequestAccess');
    // a patch through the escape hatch reaches the manifest
    ApiObject.of(creds).metadata.addLabel('team', 'a');
    const rendered = Testing.synth(chart).find(o => o.kind === 'ExternalSecret');
    expect(rendered.metadata.labels).toMatchObject({ team: 'a' });
    expectConformant(chart);
  });

  test('CertificatePush: the PushSecret', () => {
    const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
    const push = new CertificatePush(chart, 'cert', {
      metadata: { name: 'push-generated-cert' },
      certificate: kplus.Secret.fromSecretName(chart, 'cert-secret', 'generated-mtls-cert'),
      store: vaultStore(chart, 'certs', 'vault-certs', 'ci-cd-cert-publisher'),
      remoteKey: 'imported-certs/app-cert',
      property: 'certificate',
    });
    expect(kindAndName(ApiObject.of(push))).toBe('PushSecret ci-cd/push-generated-cert');
    expect(ApiObject.of(push)).toBe(ApiObject.of(push.pushSecret));
    expectConformant(chart);
  });

  test.each([GithubTokenPlacement.REPOSITORY, GithubTokenPlacement.CREDENTIAL_TEMPLATE])('SecretlessRepositoryAccess (%s): the private key\'s ExternalSecret; generators, repositories and template by name', placement => {
    const { chart, access } = secretlessAccess(placement);
    expect(kindAndName(ApiObject.of(access))).toBe('ExternalSecret argocd/github-my-org-app-key');
    expect(ApiObject.of(access)).toBe(ApiObject.of(access.privateKeySecret));
    expect(access.generators.map(g => kindAndName(ApiObject.of(g)))).toEqual(
      placement === GithubTokenPlacement.REPOSITORY
        ? ['GithubAccessToken argocd/github-my-org-app-config', 'GithubAccessToken argocd/github-my-org-platform']
        : ['GithubAccessToken argocd/github-my-org']);
    expect(access.repositories.map(r => kindAndName(ApiObject.of(r)))).toEqual(
      placement === GithubTokenPlacement.REPOSITORY
        ? ['ExternalSecret argocd/github-my-org-app-config', 'ExternalSecret argocd/github-my-org-platform']
        : ['Secret argocd/github-my-org-app-config', 'Secret argocd/github-my-org-platform']);
    if (placement === GithubTokenPlacement.REPOSITORY) {
      expect(access.credentialTemplate).toBeUndefined();
    } else {
      expect(kindAndName(ApiObject.of(access.credentialTemplate!))).toBe('ExternalSecret argocd/github-my-org-creds');
    }
    expectConformant(chart);
  });

  test('SpokeClusterAccess: the cluster Secret (in the management chart); the spoke objects by name', () => {
    const { management, spoke, access } = spokeAccess();
    expect(kindAndName(ApiObject.of(access))).toBe('Secret ztwim-gitops/spoke-cluster');
    expect(ApiObject.of(access)).toBe(ApiObject.of(access.cluster));
    expect(kindAndName(ApiObject.of(access.project))).toBe('AppProject ztwim-gitops/spoke-cluster');
    expect(kindAndName(ApiObject.of(access.authentication))).toBe('Authentication -/cluster');
    expect(kindAndName(ApiObject.of(access.rbac.accessFor('gitops-helm-quarkus').binding)).startsWith('RoleBinding gitops-helm-quarkus/')).toBe(true);
    expect(ApiObject.of(access.clusterSpiffeId!).kind).toBe('ClusterSPIFFEID');
    expectConformant(management);
    expectConformant(spoke);
  });
});

describe('errors are ValidationErrors that start with the path of the pattern', () => {
  test('DynamicDatabaseCredentials', () => {
    const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
    const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
    const task = new Task(chart, 'task', { metadata: { name: 'flyway-migration' }, steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }] });
    let n = 0;
    const make = () => new DynamicDatabaseCredentials(chart, `db${n++}`, {
      task,
      taskTimeout: Duration.millis(1500),
      vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
      database: { dbName: 'ci-postgres', creationStatements: ['CREATE ROLE "{{name}}";'] },
    });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(/^ci\/db1: 'taskTimeout' \(1\.5s\) must be a whole number of seconds/);
  });

  test('CertificatePush', () => {
    const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
    const store = vaultStore(chart, 'certs', 'vault-certs', 'ci-cd-cert-publisher');
    const certificate = kplus.Secret.fromSecretName(chart, 'cert-secret', 'generated-mtls-cert');
    let n = 0;
    const make = () => new CertificatePush(chart, `cert${n++}`, { certificate, store, remoteKey: 'imported-certs/app-cert' });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(/^ci\/cert1: 'property' is required for Vault store vault-certs/);
  });

  test('SecretlessRepositoryAccess, also from the URL checks', () => {
    const chart = new Chart(Testing.app(), 'argocd', { namespace: 'argocd' });
    const store = vaultStore(chart, 'vault', 'vault', 'argocd');
    const make = (id: string, url: string) => () => new SecretlessRepositoryAccess(chart, id, {
      store, privateKey: { key: 'github/argocd-app' }, appId: '123456', installationId: '7890123', owner: 'my-org', repositories: [{ url, allowAllProjects: 'every team deploys the shared configuration' }],
    });
    expect(make('a', 'git@github.com:my-org/app-config.git')).toThrow(ValidationError);
    expect(make('b', 'git@github.com:my-org/app-config.git')).toThrow(/^argocd\/b: 'repositories\[0\]\.url' \("git@github\.com:my-org\/app-config\.git"\) must be an https URL/);
  });

  test('SpokeClusterAccess', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'both');
    let n = 0;
    const make = () => new SpokeClusterAccess(app, `spoke${n++}`, {
      managementScope: chart,
      spokeScope: chart,
      argoCd: { trustDomain: 'apps.example.com' },
      spoke: { name: 'spoke', server: 'https://api.spoke.example.com:6443', caCertificate: CA, oidcIssuerUrl: 'https://oidc.example.com', audience: 'spoke', namespaces: ['team-a'] },
      sourceRepos: ['https://github.com/my-org/app-config'],
    });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(/^spoke1: 'managementScope' and 'spokeScope' are both in chart "both"/);
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).constructPath).toBe('spoke2');
  });
});
