/**
 * One App with at least one of every public construct class, one chart per domain, given names, labels and keys
 * whose order differs between code-unit order and common locales' collation (`aa`/`z` in Danish, `i`/`y` in
 * Lithuanian, upper and lower case), so that anything sorted by locale would show. Used by the locale test (same
 * bytes under every locale) and by test/every-construct.test.ts (every class present, every object conformant).
 */
import { App, Chart, Duration, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GENERATOR_FIXTURES } from './generators/fixtures';
import {
  AppProject, Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ArgoCdCluster, ArgoCdInstance,
  ArgoCdRepoCredentials, ArgoCdRepository, ArgoCdRole, ArgoCdSso, ClusterAuth, ClusterTls, CredentialSource, RepositoryCredentials,
} from '../src/argocd';
import { LabelSelectorOperator } from '../src/common';
import {
  ClusterExternalSecret, ClusterPushSecret, ClusterSecretStore, EsoTokenRequestAccess, ExternalSecret, NamespaceCondition, PushSecret,
  PushSecretSource, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth,
} from '../src/external-secrets';
import {
  ArgoCdNamespaceAccess, ClusterSpiffeId, OpenShiftAuthentication, SpiffeAccess, SpiffeId, UsernameMapping, WorkloadIdentityManager,
} from '../src/identity';
import {
  ClusterUserDefinedNetwork, DefaultDenyNetworkPolicy, IsolatedNamespace, Layer3Subnet, NetworkPeer, NetworkPort, NetworkRole, NetworkTopology,
  UserDefinedNetwork,
} from '../src/network';
import { OperatorPackage, OperatorSubscription } from '../src/operators';
import { CertificatePush, DynamicDatabaseCredentials, GithubTokenPlacement, SecretlessRepositoryAccess, SpokeClusterAccess } from '../src/patterns';
import {
  CsiAwsObjectType, CsiAzureAuth, CsiAzureObjectType, CsiGcpAuth, CsiSecretProvider, CsiVaultObjects, SecretProviderClass,
} from '../src/secrets-store-csi';
import { ImageReference, Pipeline, PipelineRun, Task, TaskRun, WorkspaceBinding } from '../src/tekton';
import {
  DatabasePlugin, DatabaseSecretEngineConfig, DatabaseSecretEngineRole, KubernetesAuthEngineRole, SecretEngineMount, SecretEngineType,
  VaultCapability, VaultPolicy, VaultPolicyTemplate,
} from '../src/vault';

const SERVER = 'https://api.spoke.example.com:6443';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';
const ALPINE = ImageReference.digest('docker.io/library/alpine', `sha256:${'b'.repeat(64)}`, { tag: '3.20' });
const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', `sha256:${'a'.repeat(64)}`, { tag: '11.3.0' });
const REASON = 'the platform team serves every namespace from it';

/** Labels whose keys sort differently by code unit (`Zeta` < `aa` < `ab` < `i` < `y` < `z`) and by locale. */
const LABELS = { z: 'last', aa: 'after-z-in-danish', y: 'like-i-in-lithuanian', i: 'dotted', Zeta: 'upper', ab: 'second' };

function vault(role: string, account: kplus.IServiceAccount): SecretStoreProvider {
  return SecretStoreProvider.vault({
    server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role, serviceAccount: account, audiences: ['vault'] }),
  });
}

function externalSecrets(app: App): void {
  const c = new Chart(app, 'eso', { namespace: 'team-aa', labels: LABELS });
  const store = new SecretStore(c, 'store', { metadata: { name: 'vault', labels: LABELS }, provider: vault('reader', ReferentServiceAccount.fromName(c, 'reader', 'eso-reader')) });
  const shared = new ClusterSecretStore(c, 'cluster-store', {
    metadata: { name: 'shared' },
    provider: vault('tenant', ReferentServiceAccount.fromName(c, 'tenant', 'tenant-reader')),
    conditions: [NamespaceCondition.names(['team-z', 'team-aa', 'team-ab', 'team-y', 'team-i'])],
  });
  const db = new ExternalSecret(c, 'db', { metadata: { name: 'db' }, store });
  for (const key of ['z', 'aa', 'y', 'i', 'Zeta', 'ab']) db.addData(key, { key: `team-aa/db-${key.toLowerCase()}`, property: key });
  const ca = new ClusterExternalSecret(c, 'ca', { metadata: { name: 'ca' }, store: shared, namespaceSelectors: [{ matchLabels: LABELS }] });
  ca.addData('ca.crt', { key: 'shared/ca' });
  const push = new PushSecret(c, 'push', { metadata: { name: 'push-cert' }, source: PushSecretSource.secretName('cert'), stores: [store] });
  push.addKey('tls.crt', { remoteKey: 'team-aa/cert' });
  const clusterPush = new ClusterPushSecret(c, 'cluster-push', {
    metadata: { name: 'push-ca' }, source: PushSecretSource.secretName('ca'), stores: [shared], allowAllNamespaces: REASON,
  });
  clusterPush.addKey('ca.crt', { remoteKey: 'shared/ca' });
}

function generators(app: App): void {
  const c = new Chart(app, 'generators', { namespace: 'team-z' });
  // each in its own scope: the fixtures add the service accounts and Secrets they reference beside the generator
  for (const fixture of GENERATOR_FIXTURES) fixture.make(new Construct(c, fixture.cls), 'generator', { metadata: { labels: LABELS } });
}

function argoCd(app: App): void {
  const c = new Chart(app, 'argocd', { namespace: 'argocd' });
  const store = new SecretStore(c, 'vault', {
    metadata: { name: 'vault' }, provider: vault('argocd', ReferentServiceAccount.fromName(c, 'vault-sa', 'argocd-eso')),
  });
  const token = RepositoryCredentials.token(CredentialSource.fromStore(store, { key: 'git/bot' }));
  const project = new AppProject(c, 'project', {
    metadata: { name: 'team-aa', labels: LABELS },
    sourceRepos: ['https://github.com/my-org/z-*', 'https://github.com/my-org/aa-*', 'https://github.com/my-org/Zeta'],
    destinations: ['team-z', 'team-aa', 'team-y', 'team-i'].map(namespace => ({ server: SERVER, namespace })),
  });
  new ArgoCdCluster(c, 'cluster', {
    metadata: { name: 'spoke' },
    clusterName: 'spoke',
    server: SERVER,
    auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
    tls: ClusterTls.verify(CA),
    namespaces: ['team-z', 'team-aa', 'team-y', 'team-i'],
  });
  const source = ApplicationSource.git({ repoUrl: 'https://github.com/my-org/aa-config', path: 'team-aa' });
  new Application(c, 'application', { metadata: { name: 'team-aa' }, project, source, destination: ApplicationDestination.server(SERVER, 'team-aa') });
  new ApplicationSet(c, 'application-set', {
    metadata: { name: 'teams' },
    generators: [ApplicationSetGenerator.list([{ env: 'z' }, { env: 'aa' }, { env: 'i' }])],
    template: { name: 'team-aa-{{.env}}', project, source, destination: ApplicationDestination.server(SERVER, 'team-aa') },
  });
  new ArgoCdRepository(c, 'plain-repository', { metadata: { name: 'public-repo' }, url: 'https://github.com/my-org/z-public', project, credentials: RepositoryCredentials.none() });
  new ArgoCdRepository(c, 'repository', { metadata: { name: 'aa-config' }, url: 'https://github.com/my-org/aa-config', project, credentials: token });
  new ArgoCdRepoCredentials(c, 'template', { metadata: { name: 'my-org-creds' }, url: 'https://github.com/my-org', credentials: token });
  const instance = new ArgoCdInstance(c, 'instance', {
    metadata: { name: 'gitops', labels: LABELS },
    sso: ArgoCdSso.openShiftOAuth({ requiredGroups: ['team-z', 'team-aa'] }),
    spiffe: { execPluginImage: ImageReference.digest('quay.io/my-org/spiffe-exec-auth', `sha256:${'c'.repeat(64)}`, { tag: '0.0.7' }) },
  });
  instance.rbac.addPolicy('p, role:team-aa-deployer, applications, sync, team-aa/*, allow');
  instance.rbac.grant('team-aa', ArgoCdRole.custom('team-aa-deployer'));
  instance.rbac.grant('team-z', ArgoCdRole.READONLY);
}

function tekton(app: App): void {
  const c = new Chart(app, 'tekton', { namespace: 'ci-cd' });
  const account = new kplus.ServiceAccount(c, 'runner', { metadata: { name: 'pipeline-runner' }, automountToken: false });
  const task = new Task(c, 'task', {
    metadata: { name: 'build', labels: LABELS },
    workspaces: [{ name: 'src' }],
    steps: [{ name: 'run', image: ALPINE, script: 'echo ok' }],
  });
  const pipeline = new Pipeline(c, 'pipeline', { metadata: { name: 'ci' }, workspaces: [{ name: 'src' }] });
  pipeline.addTask('build', { task, workspaces: { src: 'src' } });
  new TaskRun(c, 'task-run', { metadata: { name: 'build-once' }, task, serviceAccount: account, workspaces: { src: WorkspaceBinding.emptyDir() } });
  new PipelineRun(c, 'pipeline-run', { metadata: { name: 'ci-once' }, pipeline, serviceAccount: account, workspaces: { src: WorkspaceBinding.emptyDir() } });
}

function network(app: App): void {
  const c = new Chart(app, 'network');
  const primary = () => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
  new UserDefinedNetwork(c, 'udn', { metadata: { name: 'primary', namespace: 'team-y' }, topology: primary() });
  new ClusterUserDefinedNetwork(c, 'cudn', {
    metadata: { name: 'shared' }, namespaceNames: ['team-z', 'team-aa', 'team-i'], namespaceSelector: { matchLabels: LABELS }, topology: primary(),
  });
  const ns = new IsolatedNamespace(c, 'ns', { name: 'team-i', network: primary() });
  ns.allowEgressTo(NetworkPeer.pods({ namespace: 'vault', podSelector: { matchLabels: LABELS } }), [NetworkPort.tcp(8200)]);
  ns.allowDns();
  const deny = new DefaultDenyNetworkPolicy(c, 'deny', { namespace: 'team-aa', dns: {} });
  deny.allowIngressFrom(NetworkPeer.pods({ namespaceSelector: { matchLabels: LABELS } }), [NetworkPort.tcp(8080)]);
}

function identity(app: App): void {
  const c = new Chart(app, 'identity');
  const authentication = new OpenShiftAuthentication(c, 'auth', {
    oidcProvider: { name: 'ztwim', issuerUrl: 'https://oidc.apps.example.com', audiences: ['openshift-spoke'], usernameMapping: UsernameMapping.fromClaim('sub') },
  });
  const server = SpiffeId.forServiceAccount('apps.example.com', 'ztwim-gitops', 'openshift-gitops-argocd-server');
  new ClusterSpiffeId(c, 'id', { metadata: { name: 'argocd' }, namespaceSelector: { matchLabels: LABELS } });
  new SpiffeAccess(c, 'deployer', {
    authentication,
    subjects: [server],
    namespace: 'team-aa',
    name: 'deployer',
    rules: [{ apiGroups: ['apps'], resources: ['statefulsets', 'deployments', 'Zeta'], verbs: ['watch', 'get', 'list'] }],
  });
  new ArgoCdNamespaceAccess(c, 'argocd', { authentication, subjects: [server], namespaces: ['team-z', 'team-aa', 'team-y', 'team-i'] });
}

function vaultAsCode(app: App): void {
  const c = new Chart(app, 'vault', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(c, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const pipelineAccount = new kplus.ServiceAccount(c, 'pipeline', { metadata: { name: 'pipeline-sa' }, automountToken: false });
  const authentication = { role: 'vault-admin', serviceAccount: operator };
  const policy = new VaultPolicy(c, 'policy', { metadata: { name: 'ci-reader' }, authentication });
  for (const path of ['secret/data/z/*', 'secret/data/aa/*', 'secret/data/i/*']) policy.addPath(path, [VaultCapability.READ, VaultCapability.LIST]);
  new KubernetesAuthEngineRole(c, 'role', { metadata: { name: 'pipeline' }, authentication, audience: 'vault', serviceAccounts: [pipelineAccount], policies: [policy] });
  const dbRole = new DatabaseSecretEngineRole(c, 'db-role', {
    metadata: { name: 'ci-migrate' },
    authentication,
    dbName: 'ci-postgres',
    defaultTTL: Duration.minutes(15),
    creationStatements: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'],
  });
  policy.addPath(`secret/data/tenants/${VaultPolicyTemplate.kubernetesNamespace()}/*`, [VaultCapability.READ]);
  const mount = new SecretEngineMount(c, 'db-mount', { metadata: { name: 'database' }, authentication, type: SecretEngineType.DATABASE });
  new DatabaseSecretEngineConfig(c, 'db-config', {
    metadata: { name: 'ci-postgres' },
    authentication,
    mount,
    plugin: DatabasePlugin.POSTGRESQL,
    connectionUrl: 'postgresql://{{username}}:{{password}}@db.example.com:5432/ci?sslmode=verify-full',
    rootCredentials: { secret: kplus.Secret.fromSecretName(c, 'db-root', 'ci-postgres-root') },
    allowedRoles: [dbRole],
  });
}

function secretsStoreCsi(app: App): void {
  const c = new Chart(app, 'secrets-store-csi', { namespace: 'team-y' });
  const role = KubernetesAuthEngineRole.fromKubernetesAuthEngineRoleAttributes(c, 'role', { roleName: 'team-y-ci', audience: 'vault' });
  const dbRole = DatabaseSecretEngineRole.fromRoleName(c, 'db-role', 'team-y-migrate');
  const db = new SecretProviderClass(c, 'vault', {
    metadata: { name: 'db', labels: LABELS },
    provider: CsiSecretProvider.vault({ role, objects: CsiVaultObjects.databaseCredentials(dbRole) }),
  });
  const aws = new SecretProviderClass(c, 'aws', {
    metadata: { name: 'aws' },
    provider: CsiSecretProvider.aws({
      region: 'eu-central-1',
      objects: ['z', 'aa', 'i'].map(name => ({ objectName: `team-y/${name}`, objectType: CsiAwsObjectType.SECRETS_MANAGER })),
    }),
  });
  new SecretProviderClass(c, 'azure', {
    metadata: { name: 'azure' },
    provider: CsiSecretProvider.azure({
      keyVaultName: 'team-y-kv',
      tenantId: '00000000-0000-0000-0000-000000000000',
      auth: CsiAzureAuth.workloadIdentity('11111111-1111-1111-1111-111111111111'),
      objects: ['z', 'aa', 'y'].map(objectName => ({ objectName, objectType: CsiAzureObjectType.SECRET })),
    }),
  });
  new SecretProviderClass(c, 'gcp', {
    metadata: { name: 'gcp' },
    provider: CsiSecretProvider.gcp({
      auth: CsiGcpAuth.podWorkloadIdentity(),
      secrets: ['z', 'aa', 'i'].map(name => ({ resourceName: `projects/team-y/secrets/${name}/versions/latest`, path: name })),
    }),
  });
  const task = new Task(c, 'task', { metadata: { name: 'migrate' }, runAsUser: 1000, steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }] });
  task.mountCsiSecrets(db, '/mnt/db');
  const account = new kplus.ServiceAccount(c, 'app-sa', { metadata: { name: 'app' }, automountToken: false });
  const deployment = new kplus.Deployment(c, 'app', {
    metadata: { name: 'app' },
    serviceAccount: account,
    containers: [{
      name: 'main',
      image: `registry.example.com/app@sha256:${'d'.repeat(64)}`,
      securityContext: {
        user: 1000,
        group: 1000,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    }],
  });
  aws.mountReadOnly(deployment.containers[0], '/mnt/aws');
}

function patterns(app: App): void {
  const ci = new Chart(app, 'patterns-ci', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(ci, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const task = new Task(ci, 'task', { metadata: { name: 'flyway-migration' }, runAsUser: 1000, steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }] });
  new DynamicDatabaseCredentials(ci, 'db', {
    task,
    taskTimeout: Duration.minutes(15),
    vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
    database: { dbName: 'ci-postgres', creationStatements: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';'] },
  });
  const certs = new SecretStore(ci, 'certs', { metadata: { name: 'vault-certs' }, provider: vault('ci-cd-cert-publisher', ReferentServiceAccount.fromName(ci, 'certs-sa', 'cert-publisher-eso')) });
  new CertificatePush(ci, 'cert', {
    metadata: { name: 'push-generated-cert' },
    certificate: kplus.Secret.fromSecretName(ci, 'cert-secret', 'generated-mtls-cert'),
    store: certs,
    remoteKey: 'imported-certs/app-cert',
    property: 'certificate',
  });

  const argo = new Chart(app, 'patterns-argocd', { namespace: 'argocd' });
  const project = new AppProject(argo, 'project', { metadata: { name: 'team-aa' }, sourceRepos: ['https://github.com/my-org/*'] });
  new SecretlessRepositoryAccess(argo, 'access', {
    store: new SecretStore(argo, 'vault', { metadata: { name: 'vault' }, provider: vault('argocd', ReferentServiceAccount.fromName(argo, 'vault-sa', 'argocd-eso')) }),
    privateKey: { key: 'github/argocd-app', property: 'private-key' },
    appId: '123456',
    installationId: '7890123',
    owner: 'my-org',
    repositories: ['z-config', 'aa-config', 'Zeta', 'i-config'].map(name => ({ url: `https://github.com/my-org/${name}` })),
    project,
    tokenPlacement: GithubTokenPlacement.REPOSITORY,
  });

  // the management cluster's identity manager: the spoke's issuer and Argo CD's trust domain come from it
  const management = new Chart(app, 'patterns-management');
  const workloadIdentity = new WorkloadIdentityManager(management, 'ztwim', { trustDomain: 'apps.example.com', clusterName: 'management' });
  new SpokeClusterAccess(app, 'spoke-cluster', {
    managementScope: management,
    spokeScope: new Chart(app, 'patterns-spoke'),
    workloadIdentity,
    argoCd: { namespace: 'ztwim-gitops' },
    spoke: {
      name: 'spoke-cluster',
      server: SERVER,
      caCertificate: CA,
      audience: 'openshift-spoke',
      namespaces: ['team-z', 'team-aa', 'team-y', 'team-i'],
      oidcClients: [{ componentName: 'console', componentNamespace: 'openshift-console', clientId: 'openshift-console' }],
      additionalRules: [{ apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'list', 'watch'] }],
    },
    sourceRepos: ['https://github.com/my-org/z-charts', 'https://github.com/my-org/aa-charts'],
    // by expression, so that the nested required-props test reaches a selector requirement here too
    argoCdSpiffeIds: {
      podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: LabelSelectorOperator.IN, values: ['argocd-server', 'argocd-application-controller'] }] },
    },
  });
}

function operators(app: App): void {
  const c = new Chart(app, 'operators', { namespace: 'team-z', labels: LABELS });
  new OperatorSubscription(c, 'gitops', { operator: OperatorPackage.openShiftGitOps(), startingCsv: 'openshift-gitops-operator.v1.15.0' });
  new OperatorSubscription(c, 'ztwim', { operator: OperatorPackage.zeroTrustWorkloadIdentityManager(), namespaceLabels: LABELS });
  new OperatorSubscription(c, 'eso', {
    operator: OperatorPackage.externalSecretsCommunity(),
    targetNamespaces: ['team-z', 'team-aa', 'team-y', 'team-i', 'external-secrets-operator'],
    env: { Z_LEVEL: 'info', AA_MODE: 'fast', i: 'dotted' },
  });
  new OperatorSubscription(c, 'pipelines', { operator: OperatorPackage.openShiftPipelines() });
}

/** The App: one chart per domain (and the patterns' charts). */
export function everyConstructApp(): App {
  const app = new App({ outdir: '/nonexistent-every-construct' });
  for (const build of [externalSecrets, generators, argoCd, tekton, network, identity, vaultAsCode, secretsStoreCsi, patterns, operators]) build(app);
  // last: it grants ESO token requests for the service accounts of every store created before it
  new EsoTokenRequestAccess(new Chart(app, 'eso-access'), 'access');
  return app;
}

/** Each chart's YAML (file name → text), as cdk8s writes it. */
export function synthEveryConstruct(): Map<string, string> {
  const files = new Map<string, string>();
  for (const chart of everyConstructApp().charts) files.set(`${chart.node.id}.k8s.yaml`, Yaml.stringify(...chart.toJson()));
  return files;
}
