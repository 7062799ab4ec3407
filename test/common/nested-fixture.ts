/**
 * One App whose calls hold the structs nested inside props that test/every-construct.ts leaves out: static
 * credentials of the secret stores and generators, label selector expressions, Argo CD project roles and resource
 * lists, Tekton params, results and sidecars, EVPN VRFs, OIDC mappings and clients, and more. Every call is valid and
 * passes the nested struct in the props of its entry point (never through an `add...()` method afterwards), so that
 * test/common/nested-required-props.test.ts can remove each nested required prop from a valid call; one chart per
 * domain, as in every-construct.ts.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AppProject, Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ArgoCdInstance,
  ProjectRoleAction, ProjectRoleResource,
} from '../../src/argocd';
import { LabelSelectorOperator, LabelSelectorRequirement } from '../../src/common';
import {
  AzureKeyVaultAuth, ClusterExternalSecret, ClusterPushSecret, ClusterSecretStore, EsoTokenRequestAccess, NamespaceCondition, PushSecretSource,
  ReferentServiceAccount, SecretKeyReference, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import {
  AcrAccessToken, AcrAuth, BeyondtrustWorkloadCredentials, ClusterGenerator, EcrAuthorizationToken, GeneratorSpec, GitlabDeployToken, Mfa,
  StsSessionToken, VaultDynamicSecret, WebhookGenerator,
} from '../../src/generators';
import {
  ArgoCdNamespaceAccess, ClusterSpiffeId, OpenShiftAuthentication, SpiffeId, UsernameMapping,
} from '../../src/identity';
import {
  ClusterUserDefinedNetwork, DefaultDenyNetworkPolicy, NetworkPeer, NetworkPort, NetworkRole, NetworkTopology, NetworkTransport,
} from '../../src/network';
import { CsiAwsObjectType, CsiSecretProvider, SecretProviderClass } from '../../src/secrets-store-csi';
import { ImageReference, ParamType, ParamValue, Pipeline, Task, TaskSpec } from '../../src/tekton';
import { DatabaseSecretEngineRole } from '../../src/vault';

const SERVER = 'https://api.spoke.example.com:6443';
const ALPINE = ImageReference.digest('docker.io/library/alpine', `sha256:${'b'.repeat(64)}`, { tag: '3.20' });
const REPO = 'https://github.com/my-org/aa-config';
/** The written reason static credentials need (at least 10 characters, two words). */
const STATIC = 'the cluster runs on premises without workload identity federation';
const TENANT = '11111111-2222-3333-4444-555555555555';

/** A requirement that selects by one label's values (In): it restricts, so no selector here admits every namespace. */
const isIn = (key: string, ...values: string[]): LabelSelectorRequirement => ({ key, operator: LabelSelectorOperator.IN, values });

/** `key` of the Secret `name`, imported by name: it carries no namespace, so any store or generator may reference it. */
const ref = (scope: Construct, name: string, key: string): SecretKeyReference =>
  ({ secret: kplus.Secret.fromSecretName(scope, `${name}-${key}`, name), key });

/** AWS access keys with a session token, all three keys of one Secret. */
const awsKeys = (scope: Construct, name: string) => ({
  accessKeyId: ref(scope, name, 'access-key-id'),
  secretAccessKey: ref(scope, name, 'secret-access-key'),
  sessionToken: ref(scope, name, 'session-token'),
});

/** Vault stores with each static auth method: cert, AppRole and token. */
function vaultStaticAuth(app: App): void {
  const c = new Chart(app, 'nested-eso-vault', { namespace: 'team-aa' });
  const auths = {
    cert: VaultAuth.cert({
      clientCertificate: ref(c, 'vault-client', 'tls.crt'), privateKey: ref(c, 'vault-client', 'tls.key'), vaultRole: 'eso', acknowledgeStaticCredentials: STATIC,
    }),
    approle: VaultAuth.appRole({ roleId: 'eso-reader', secretId: ref(c, 'vault-approle', 'secret-id'), acknowledgeStaticCredentials: STATIC }),
    token: VaultAuth.token({ tokenSecret: ref(c, 'vault-token', 'token'), acknowledgeStaticCredentials: STATIC }),
  };
  for (const [name, auth] of Object.entries(auths)) {
    new SecretStore(c, name, {
      metadata: { name: `vault-${name}` },
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret', auth }),
    });
  }
}

/** Cloud stores with static credentials: AWS (both services), GCP, Azure and IBM. */
function cloudStaticAuth(app: App): void {
  const c = new Chart(app, 'nested-eso-cloud', { namespace: 'team-aa' });
  new SecretStore(c, 'aws-sm', {
    metadata: { name: 'aws-sm' },
    provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', staticCredentials: awsKeys(c, 'aws-sm-keys'), acknowledgeStaticCredentials: STATIC }),
  });
  new SecretStore(c, 'aws-ps', {
    metadata: { name: 'aws-ps' },
    provider: SecretStoreProvider.awsParameterStore({ region: 'eu-west-1', staticCredentials: awsKeys(c, 'aws-ps-keys'), acknowledgeStaticCredentials: STATIC }),
  });
  new SecretStore(c, 'gcp', {
    metadata: { name: 'gcp' },
    provider: SecretStoreProvider.gcpSecretManager({ projectId: 'acme-secrets', serviceAccountKey: ref(c, 'gcp-key', 'key.json'), acknowledgeStaticCredentials: STATIC }),
  });
  new SecretStore(c, 'azure', {
    metadata: { name: 'azure' },
    provider: SecretStoreProvider.azureKeyVault({
      vaultUrl: 'https://acme.vault.azure.net',
      tenantId: TENANT,
      auth: AzureKeyVaultAuth.servicePrincipal({
        clientId: ref(c, 'azure-sp', 'client-id'), clientSecret: ref(c, 'azure-sp', 'client-secret'), acknowledgeStaticCredentials: STATIC,
      }),
    }),
  });
  new SecretStore(c, 'ibm', {
    metadata: { name: 'ibm' },
    provider: SecretStoreProvider.ibmSecretsManager({
      serviceUrl: 'https://0000-1111.eu-de.secrets-manager.appdomain.cloud', apiKeySecret: ref(c, 'ibm-key', 'apikey'), acknowledgeStaticCredentials: STATIC,
    }),
  });
}

/** A ClusterSecretStore with a label-selector condition, and the cluster kinds selecting namespaces by expression. */
function clusterSelectors(app: App): void {
  const c = new Chart(app, 'nested-eso-cluster');
  const shared = new ClusterSecretStore(c, 'store', {
    metadata: { name: 'tenants' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.example.com',
      path: 'secret',
      auth: VaultAuth.kubernetes({ role: 'tenant', serviceAccount: ReferentServiceAccount.fromName(c, 'tenant', 'tenant-reader'), audiences: ['vault'] }),
    }),
    conditions: [NamespaceCondition.selector({ matchExpressions: [isIn('tenant', 'team-aa', 'team-z')] })],
  });
  const ca = new ClusterExternalSecret(c, 'ca', {
    metadata: { name: 'ca' }, store: shared, namespaceSelectors: [{ matchExpressions: [isIn('tenant', 'team-aa', 'team-z')] }],
  });
  ca.addData('ca.crt', { key: 'shared/ca' });
  const push = new ClusterPushSecret(c, 'push', {
    metadata: { name: 'push-ca' }, source: PushSecretSource.secretName('ca'), stores: [shared], namespaceSelectors: [{ matchExpressions: [isIn('tenant', 'team-aa')] }],
  });
  push.addKey('ca.crt', { remoteKey: 'shared/ca-copy' });
}

/** Namespaced generators with static credentials or Secret references in their props. */
function generators(app: App): void {
  const c = new Chart(app, 'nested-generators', { namespace: 'team-z' });
  new EcrAuthorizationToken(c, 'ecr', {
    metadata: { name: 'ecr' }, region: 'eu-central-1', staticCredentials: awsKeys(c, 'ecr-keys'), acknowledgeStaticCredentials: STATIC,
  });
  new StsSessionToken(c, 'sts', {
    metadata: { name: 'sts' },
    region: 'eu-central-1',
    sessionDuration: Duration.hours(1),
    staticCredentials: awsKeys(c, 'sts-keys'),
    acknowledgeStaticCredentials: STATIC,
  });
  new AcrAccessToken(c, 'acr', {
    metadata: { name: 'acr' },
    registry: 'myregistry.azurecr.io',
    tenantId: TENANT,
    scope: 'repository:app:pull',
    auth: AcrAuth.servicePrincipal({ clientId: ref(c, 'acr-sp', 'client-id'), clientSecret: ref(c, 'acr-sp', 'client-secret'), acknowledgeStaticCredentials: STATIC }),
  });
  new WebhookGenerator(c, 'webhook', {
    metadata: { name: 'issuer' },
    url: 'https://tokens.example.com/issue',
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer {{ .auth.token }}' },
    body: '{"audience": "app"}',
    resultJsonPath: '$.token',
    secrets: [{ name: 'auth', secret: ref(c, 'issuer-token', 'token') }],
    maxLifetime: Duration.minutes(20),
  });
}

/** Cluster generators, one per generator spec whose props hold a nested struct. */
function clusterGenerators(app: App): void {
  const c = new Chart(app, 'nested-cluster-generators');
  const specs: { [name: string]: GeneratorSpec } = {
    'vault-db': VaultDynamicSecret.spec({
      path: 'database/creds/app',
      maxLifetime: Duration.hours(1),
      provider: { server: 'https://vault.example.com', auth: VaultAuth.kubernetes({ role: 'db', serviceAccount: ReferentServiceAccount.fromName(c, 'vault-sa', 'app') }) },
    }),
    'ecr': EcrAuthorizationToken.spec({ region: 'eu-central-1', staticCredentials: awsKeys(c, 'ecr-keys'), acknowledgeStaticCredentials: STATIC }),
    'sts': StsSessionToken.spec({ region: 'eu-central-1', sessionDuration: Duration.hours(1), staticCredentials: awsKeys(c, 'sts-keys'), acknowledgeStaticCredentials: STATIC }),
    'totp': Mfa.spec({ seed: ref(c, 'totp-seed', 'seed') }),
    'gitlab': GitlabDeployToken.spec({ tokenName: 'argocd', projectId: 'platform/app-config', apiToken: ref(c, 'gitlab-api', 'token'), acknowledgeStaticCredentials: STATIC }),
    'issuer': WebhookGenerator.spec({
      url: 'https://tokens.example.com/issue',
      headers: { Authorization: 'Bearer {{ .auth.token }}' },
      resultJsonPath: '$.token',
      secrets: [{ name: 'auth', secret: ref(c, 'issuer-token', 'token') }],
      maxLifetime: Duration.minutes(20),
    }),
    'beyondtrust': BeyondtrustWorkloadCredentials.spec({
      apiUrl: 'https://bt.example.com/api', siteId: 'site-1', apiKey: ref(c, 'bt-api', 'apikey'), acknowledgeStaticCredentials: STATIC, maxLifetime: Duration.hours(1),
    }),
  };
  for (const [name, spec] of Object.entries(specs)) new ClusterGenerator(c, name, { metadata: { name }, spec });
}

/** A project with roles and resource lists, an instance with exclusions, an Application and ApplicationSet ignoring differences. */
function argoCd(app: App): void {
  const c = new Chart(app, 'nested-argocd', { namespace: 'argocd' });
  const project = new AppProject(c, 'project', {
    metadata: { name: 'team-aa' },
    sourceRepos: [REPO],
    destinations: [{ server: SERVER, namespace: 'team-aa' }],
    clusterResourceAllowList: [{ group: '', kind: 'Namespace' }],
    namespaceResourceAllowList: [{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'ConfigMap' }, { group: '', kind: 'Service' }],
    namespaceResourceDenyList: [{ group: '', kind: 'ResourceQuota' }],
    roles: [{
      name: 'deployer',
      description: 'syncs the team\'s applications',
      policies: [{ resource: ProjectRoleResource.APPLICATIONS, action: ProjectRoleAction.SYNC, objects: 'team-aa-*' }],
      groups: ['team-aa'],
    }],
  });
  new ArgoCdInstance(c, 'instance', {
    metadata: { name: 'gitops' },
    resourceExclusions: [{ apiGroups: ['batch'], kinds: ['Job'], clusters: [SERVER] }],
  });
  const source = ApplicationSource.git({ repoUrl: REPO, path: 'team-aa' });
  const ignoreReplicas = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
  new Application(c, 'application', {
    metadata: { name: 'team-aa' }, project, source, destination: ApplicationDestination.server(SERVER, 'team-aa'), ignoreDifferences: ignoreReplicas,
  });
  new ApplicationSet(c, 'application-set', {
    metadata: { name: 'team-aa-prod' },
    generators: [ApplicationSetGenerator.clusters({ matchExpressions: [isIn('env', 'prod')] })],
    template: {
      name: '{{.name}}-team-aa', project, source, destination: ApplicationDestination.server('{{.server}}', 'team-aa'), ignoreDifferences: ignoreReplicas,
    },
  });
}

/** A Task and an inline TaskSpec with params, results, workspaces, steps and sidecars, in a Pipeline with params. */
function tekton(app: App): void {
  const c = new Chart(app, 'nested-tekton', { namespace: 'ci-cd' });
  const spec = () => ({
    params: [
      { name: 'mode', allowedValues: ['fast', 'safe'], default: ParamValue.string('safe') },
      { name: 'flags', type: ParamType.ARRAY, default: ParamValue.array(['-v']) },
    ],
    results: [{ name: 'digest', description: 'the image digest' }],
    workspaces: [{ name: 'src', description: 'the sources' }],
    steps: [{ name: 'build', image: ALPINE, command: ['make'], args: ['$(params.flags[*])', 'MODE=$(params.mode)'] }],
    sidecars: [{ name: 'registry', image: ALPINE, command: ['registry', 'serve'] }],
  });
  const task = new Task(c, 'task', {
    metadata: { name: 'build' },
    ...spec(),
    steps: [...spec().steps, { name: 'report', image: ALPINE, script: 'echo -n sha > $(results.digest.path)' }],
  });
  const pipeline = new Pipeline(c, 'pipeline', {
    metadata: { name: 'ci' },
    params: [{ name: 'mode', type: ParamType.STRING, description: 'how to build', default: ParamValue.string('fast') }],
    workspaces: [{ name: 'src' }],
  });
  const build = pipeline.addTask('build', { task, params: { mode: ParamValue.string('$(params.mode)') }, workspaces: { src: 'src' } });
  pipeline.addTask('inline', { taskSpec: new TaskSpec(spec()), workspaces: { src: 'src' }, runAfter: [build] });
}

/** An EVPN network with both VRFs selecting namespaces by expression, and a default deny with expression selectors. */
function network(app: App): void {
  const c = new Chart(app, 'nested-network');
  new ClusterUserDefinedNetwork(c, 'evpn', {
    metadata: { name: 'evpn' },
    namespaceSelector: { matchExpressions: [isIn('tenant', 'team-aa', 'team-z')] },
    topology: NetworkTopology.layer2({ role: NetworkRole.PRIMARY, subnets: ['10.100.0.0/16'] }),
    transport: NetworkTransport.evpn({ vtep: 'evpn-vtep', macVrf: { vni: 100, routeTarget: '65000:100' }, ipVrf: { vni: 200, routeTarget: '65000:200' } }),
  });
  const deny = new DefaultDenyNetworkPolicy(c, 'deny', { namespace: 'team-aa', dns: { podSelector: { matchExpressions: [isIn('k8s-app', 'kube-dns')] } } });
  deny.allowIngressFrom(NetworkPeer.pods({
    namespaceSelector: { matchExpressions: [isIn('tenant', 'team-aa')] },
    podSelector: { matchExpressions: [isIn('app.kubernetes.io/name', 'frontend')] },
  }), [NetworkPort.tcp(8080)]);
}

/** An Authentication with extra mappings, user rules and OIDC clients; SPIFFE IDs and Argo CD access by expression and extra rule. */
function identity(app: App): void {
  const c = new Chart(app, 'nested-identity');
  const authentication = new OpenShiftAuthentication(c, 'auth', {
    oidcProvider: {
      name: 'ztwim',
      issuerUrl: 'https://oidc.apps.example.com',
      audiences: ['openshift-spoke'],
      usernameMapping: UsernameMapping.fromClaim('sub'),
      extraMappings: [{ key: 'example.com/team', valueExpression: 'claims.team' }],
      userValidationRules: [{ expression: '!user.username.startsWith("system:")', message: 'no system users' }],
      oidcClients: [{ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli' }],
    },
  });
  new ClusterSpiffeId(c, 'id', {
    metadata: { name: 'argocd' },
    namespaceSelector: { matchExpressions: [isIn('kubernetes.io/metadata.name', 'argocd')] },
    podSelector: { matchExpressions: [isIn('app.kubernetes.io/name', 'argocd-server', 'argocd-application-controller')] },
  });
  new ArgoCdNamespaceAccess(c, 'argocd', {
    authentication,
    subjects: [SpiffeId.forServiceAccount('apps.example.com', 'ztwim-gitops', 'openshift-gitops-argocd-server')],
    namespaces: ['team-aa', 'team-z'],
    additionalRules: [{ apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['get', 'list', 'watch'] }],
  });
}

/** A database role for a task's timeout, and a SecretProviderClass with JMESPath objects synced into a Secret. */
function vaultAndCsi(app: App): void {
  const c = new Chart(app, 'nested-vault-csi', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(c, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  DatabaseSecretEngineRole.forTaskTimeout(c, 'db-role', Duration.minutes(15), {
    metadata: { name: 'ci-migrate' },
    authentication: { role: 'vault-admin', serviceAccount: operator },
    dbName: 'ci-postgres',
    creationStatements: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'],
  });
  new SecretProviderClass(c, 'aws', {
    metadata: { name: 'aws-db' },
    provider: CsiSecretProvider.aws({
      region: 'eu-central-1',
      objects: [{
        objectName: 'ci-cd/db',
        objectType: CsiAwsObjectType.SECRETS_MANAGER,
        jmesPath: [{ path: 'username', objectAlias: 'db-username' }, { path: 'password', objectAlias: 'db-password' }],
      }],
    }),
    syncedSecrets: [{ secretName: 'db-env', data: { DB_USER: 'db-username' } }],
    acknowledgeSyncToSecret: 'the legacy image reads its database user only from environment variables',
  });
}

/** The App: one chart per domain. */
export function nestedFixtureApp(): App {
  const app = new App({ outdir: '/nonexistent-nested-fixture' });
  const domains = [
    vaultStaticAuth, cloudStaticAuth, clusterSelectors, generators, clusterGenerators, argoCd, tekton, network, identity, vaultAndCsi,
  ];
  for (const build of domains) build(app);
  // last: it grants ESO token requests for the service accounts of every store created before it; the cluster store
  // selects its namespaces by label, so the namespaces of its ExternalSecrets are named here
  new EsoTokenRequestAccess(new Chart(app, 'nested-eso-access'), 'access', { referentNamespaces: ['team-aa', 'team-z'] });
  return app;
}
