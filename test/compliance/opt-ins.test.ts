import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AppProject, Application, ApplicationDestination, ApplicationSource, ArgoCdCluster, ArgoCdRepository, ClusterAuth, ClusterTls,
  RepositoryCredentials,
} from '../../src/argocd';
import { CompliancePack } from '../../src/compliance';
import {
  ClusterExternalSecret, ClusterSecretStore, PushSecret, PushSecretSource, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import { GithubAccessToken } from '../../src/generators';
import { ClusterSpiffeId, OpenShiftAuthentication, UsernameMapping } from '../../src/identity';
import { IsolatedNamespace, Layer3Subnet, NetworkRole, NetworkTopology, PodSecurityLevel } from '../../src/network';
import {
  DatabasePlugin, DatabaseSecretEngineConfig, DatabaseSecretEngineRole, KubernetesAuthEngineRole, SecretEngineMount, SecretEngineType,
  VaultAliasNameSource, VaultPolicy,
} from '../../src/vault';
import { expectConformant } from '../conformance/harness';

/**
 * Every opt-in that widens a default: without it the constructor refuses, with a reason that does not read as words
 * it refuses too, and with a written reason the rendered object breaks the opt-in's rule (so a patch or a raw copy
 * of it would be caught) while the opt-in acknowledges exactly that rule, on that object, in the report.
 */
interface OptInCase {
  /** The prop, as the report names its source (`opt-in <prop>`). */
  readonly prop: string;
  /** The rule the rendered object breaks and the opt-in acknowledges. */
  readonly rule: string;
  /** Builds the construct in `chart` with `reason` as the opt-in, or without the opt-in when undefined. */
  readonly build: (chart: Chart, reason: string | undefined) => void;
  /** The construct-time error without the opt-in. */
  readonly refused: RegExp;
}

const REASON = 'the platform team reviewed this exception in ticket 4711';
const CREATE = 'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';';

const vaultOperator = (chart: Chart) => ({
  role: 'vault-admin',
  serviceAccount: (chart.node.tryFindChild('operator') as kplus.IServiceAccount | undefined) ?? kplus.ServiceAccount.fromServiceAccountName(chart, 'operator', 'vault-config'),
});
const pipeline = (chart: Chart) => kplus.ServiceAccount.fromServiceAccountName(chart, 'pipeline', 'pipeline-sa', { namespaceName: 'team-a' });
const k8sAuth = (chart: Chart) => VaultAuth.kubernetes({ role: 'eso', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'eso', 'eso-reader', { namespaceName: 'team-a' }), audiences: ['vault'] });
const githubKey = (chart: Chart) => ({ secret: kplus.Secret.fromSecretName(chart, 'pem', 'github-app-pem'), key: 'key' });
const ns = (chart: Chart) => new Chart(chart.node.root as any, `cluster-${chart.node.root.node.children.length}`);

const CASES: OptInCase[] = [
  {
    prop: 'allowAllSourceRepos',
    rule: 'ZT-ARGO4',
    refused: /'sourceRepos' \("\*"\) allows every repository/,
    build: (chart, reason) => new AppProject(chart, 'p', reason === undefined ? { sourceRepos: ['*'] } : { allowAllSourceRepos: reason }),
  },
  {
    prop: 'allowAllClusterResources',
    rule: 'ZT-ARGO5',
    refused: /uses a wildcard; name each cluster-scoped kind/,
    build: (chart, reason) => new AppProject(chart, 'p', reason === undefined ? { clusterResourceAllowList: [{ group: '*', kind: '*' }] } : { allowAllClusterResources: reason }),
  },
  {
    prop: 'destinations[].allowAllNamespaces',
    rule: 'ZT-ARGO6',
    refused: /allows every namespace/,
    build: (chart, reason) => new AppProject(chart, 'p', { destinations: [{ clusterName: 'in-cluster', namespace: '*', allowAllNamespaces: reason }] }),
  },
  {
    prop: 'destinations[].allowAllClusters',
    rule: 'ZT-ARGO7',
    refused: /allows every cluster/,
    build: (chart, reason) => new AppProject(chart, 'p', { destinations: [{ clusterName: '*', namespace: 'team-a', allowAllClusters: reason }] }),
  },
  {
    prop: 'AppProject.fromDefaultProject',
    rule: 'ZT-ARGO3',
    refused: /refers to the built-in project/,
    build: (chart, reason) => new Application(chart, 'app', {
      project: reason === undefined ? AppProject.fromAppProjectName(chart, 'default', 'default') : AppProject.fromDefaultProject(chart, 'default', { reason }),
      source: ApplicationSource.git({ repoUrl: 'https://github.com/my-org/app-config', path: 'deploy' }),
      destination: ApplicationDestination.inCluster('team-a'),
    }),
  },
  {
    prop: 'ClusterTls.insecure',
    rule: 'ZT-ARGO1',
    refused: /is not a written reason/,
    build: (chart, reason) => new ArgoCdCluster(chart, 'spoke', {
      clusterName: 'spoke',
      server: 'https://api.spoke.example.com:6443',
      auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
      tls: reason === undefined ? ClusterTls.insecure('') : ClusterTls.insecure(reason),
      namespaces: ['team-a'],
    }),
  },
  {
    prop: 'allowAllProjects',
    rule: 'ZT-ARGO2',
    refused: /'project' is missing/,
    build: (chart, reason) => new ArgoCdRepository(chart, 'repo', { url: 'https://github.com/my-org/public-charts', credentials: RepositoryCredentials.none(), allowAllProjects: reason }),
  },
  {
    prop: 'allowAllNamespaces',
    rule: 'ZT-ESO1',
    refused: /has no 'conditions' and every namespace could use it/,
    build: (chart, reason) => new ClusterSecretStore(ns(chart), 'store', {
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: k8sAuth(chart) }), allowAllNamespaces: reason,
    }),
  },
  {
    prop: 'auth.token.acknowledgeStaticCredentials',
    rule: 'ZT-ESO2',
    refused: /'acknowledgeStaticCredentials' is required in VaultTokenAuthOptions/,
    build: (chart, reason) => new SecretStore(chart, 'store', {
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com',
        path: 'secret',
        auth: VaultAuth.token({ tokenSecret: { secret: kplus.Secret.fromSecretName(chart, 't', 'vault-token'), key: 'token' }, acknowledgeStaticCredentials: reason as string }),
      }),
    }),
  },
  {
    prop: 'acknowledgePlainHttp',
    rule: 'ZT-ESO6',
    refused: /'acknowledgePlainHttp' is required for a plain http 'server' \(http:\/\/vault.vault.svc:8200\): write why it is needed .*, or use the https endpoint, e.g. "https:\/\/vault.vault.svc:8200"/,
    build: (chart, reason) => new SecretStore(chart, 'store', {
      provider: SecretStoreProvider.vault({ server: 'http://vault.vault.svc:8200', path: 'secret', auth: k8sAuth(chart), acknowledgePlainHttp: reason }),
    }),
  },
  {
    prop: 'allowAllNamespaces',
    rule: 'ZT-ESO10',
    refused: /'namespaceSelectors' is empty and would select every namespace/,
    build: (chart, reason) => new ClusterExternalSecret(ns(chart), 'ces', {
      store: ClusterSecretStore.fromClusterSecretStoreName(chart, 'shared', 'shared'), allowAllNamespaces: reason,
    }).addData('ca.crt', { key: 'shared/ca', property: 'ca.crt' }),
  },
  {
    prop: 'allowAllRepositories',
    rule: 'ZT-ESO8',
    refused: /'repositories' is empty/,
    build: (chart, reason) => new GithubAccessToken(chart, 'gh', { appId: '1', installId: '2', privateKey: githubKey(chart), allowAllRepositories: reason }),
  },
  {
    prop: 'acknowledgeWritePermissions',
    rule: 'ZT-ESO8',
    refused: /'permissions' grants contents: write/,
    build: (chart, reason) => new GithubAccessToken(chart, 'gh', { appId: '1', installId: '2', privateKey: githubKey(chart), repositories: ['app'], permissions: { contents: 'write' }, acknowledgeWritePermissions: reason }),
  },
  {
    prop: 'allowAllPermissions',
    rule: 'ZT-ESO8',
    refused: /'permissions' is empty/,
    build: (chart, reason) => new GithubAccessToken(chart, 'gh', { appId: '1', installId: '2', privateKey: githubKey(chart), repositories: ['app'], ...reason === undefined ? { permissions: {} } : { allowAllPermissions: reason } }),
  },
  {
    prop: 'acknowledgePrivateKeyPush',
    rule: 'ZT-ESO9',
    refused: /'secretKey' \(tls.key\) is a private key, pushed to the shared store/,
    build: (chart, reason) => new PushSecret(chart, 'push', {
      source: PushSecretSource.secretName('team-a-tls'), stores: [ClusterSecretStore.fromClusterSecretStoreName(chart, 'shared', 'shared')], acknowledgePrivateKeyPush: reason,
    }).addKey('tls.key', { remoteKey: 'team-a/tls-key' }),
  },
  {
    prop: 'acknowledgePrivileged',
    rule: 'ZT-POD12',
    refused: /'podSecurity' \(privileged\)/,
    build: (chart, reason) => new IsolatedNamespace(ns(chart), 'ns', {
      name: 'node-agents',
      network: NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] }),
      podSecurity: PodSecurityLevel.PRIVILEGED,
      acknowledgePrivileged: reason,
    }),
  },
  {
    prop: 'acknowledgeLongLivedSvids',
    rule: 'ZT-ID4',
    refused: /'jwtTtl 2d0h0m0s' is more than a day|more than a day/,
    build: (chart, reason) => new ClusterSpiffeId(ns(chart), 'id', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argocd' } }, jwtTtl: Duration.days(2), acknowledgeLongLivedSvids: reason }),
  },
  {
    prop: 'UsernameMapping.fromClaimWithoutPrefix',
    rule: 'ZT-ID3',
    refused: /without prefix needs a written reason/,
    build: (chart, reason) => new OpenShiftAuthentication(ns(chart), 'auth', {
      oidcProvider: { name: 'spire', issuerUrl: 'https://oidc.example.com', audiences: ['openshift-spoke'], usernameMapping: UsernameMapping.fromClaimWithoutPrefix('sub', reason as string) },
    }),
  },
  {
    prop: 'allowAnyNamespace',
    rule: 'ZT-VAULT1',
    refused: /'serviceAccounts' is empty|is not a written reason/,
    build: (chart, reason) => {
      const policy = new VaultPolicy(chart, 'policy', { authentication: vaultOperator(chart) });
      policy.addPath('secret/data/team-a/*', ['read' as any]);
      new KubernetesAuthEngineRole(chart, 'role', { authentication: vaultOperator(chart), serviceAccounts: [pipeline(chart)], audience: 'vault', policies: [policy], allowAnyNamespace: reason ?? '' });
    },
  },
  {
    prop: 'acknowledgeAliasByName',
    rule: 'ZT-VAULT3',
    refused: /'aliasNameSource' \(serviceaccount_name\)/,
    build: (chart, reason) => {
      const policy = new VaultPolicy(chart, 'policy', { authentication: vaultOperator(chart) });
      policy.addPath('secret/data/team-a/*', ['read' as any]);
      new KubernetesAuthEngineRole(chart, 'role', { authentication: vaultOperator(chart), serviceAccounts: [pipeline(chart)], audience: 'vault', policies: [policy], aliasNameSource: VaultAliasNameSource.SERVICE_ACCOUNT_NAME, acknowledgeAliasByName: reason });
    },
  },
  {
    prop: 'acknowledgeLongLivedCredentials',
    rule: 'ZT-VAULT2',
    refused: /'defaultTTL' \(48h0m0s\) and 'maxTTL' \(48h0m0s\) of .* is more than a day/,
    build: (chart, reason) => new DatabaseSecretEngineRole(chart, 'db', { authentication: vaultOperator(chart), dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.hours(48), acknowledgeLongLivedCredentials: reason }),
  },
  {
    prop: 'acknowledgeLongLivedCredentials',
    rule: 'ZT-VAULT2',
    refused: /'maxLeaseTTL' \(168h0m0s\) of .* is more than a day/,
    build: (chart, reason) => new SecretEngineMount(chart, 'pki', { authentication: vaultOperator(chart), type: SecretEngineType.PKI, maxLeaseTTL: Duration.days(7), acknowledgeLongLivedCredentials: reason }),
  },
  {
    prop: 'acknowledgeUnverifiedTls',
    rule: 'ZT-VAULT8',
    refused: /'connectionUrl' .* does not verify the database server: its sslmode=require does not check/,
    build: (chart, reason) => new DatabaseSecretEngineConfig(chart, 'pg', {
      authentication: vaultOperator(chart),
      mount: SecretEngineMount.fromMountPath(chart, 'mount', 'database'),
      plugin: DatabasePlugin.POSTGRESQL,
      connectionUrl: 'postgresql://{{username}}:{{password}}@10.0.0.5:5432/app?sslmode=require',
      rootCredentials: { secret: kplus.Secret.fromSecretName(chart, 'root', 'pg-root') },
      allowedRoles: [DatabaseSecretEngineRole.fromRoleName(chart, 'role', 'ci-migrate')],
      acknowledgeUnverifiedTls: reason,
    }),
  },
];

describe('opt-ins take a written reason and acknowledge their rule on the rendered object', () => {
  const chartOf = () => new Chart(Testing.app(), 'tenant', { namespace: 'team-a' });

  test.each(CASES.map(c => [`${c.prop} (${c.rule})`, c] as const))('%s', (_name, c) => {
    expect(() => c.build(chartOf(), undefined)).toThrow(c.refused);
    for (const bad of ['xxxxxxxxxx', '\u200b'.repeat(12), 'ok ok ok ok ok', 'tbd']) {
      expect(() => c.build(chartOf(), bad)).toThrow(/is not a written reason|needs a written reason/);
    }
    const chart = chartOf();
    c.build(chart, REASON);
    const report = new CompliancePack().evaluate(chart.node.root);
    // the rendered object breaks the rule (a raw copy or a patch would be refused), and the opt-in covers it
    const findings = report.findings.filter(f => f.ruleId === c.rule);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every(f => f.acknowledgedReason === REASON)).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.acknowledgements).toEqual(expect.arrayContaining([expect.objectContaining({
      ruleId: c.rule, reason: REASON, source: `opt-in ${c.prop}`, covers: expect.arrayContaining([findings[0].resource]),
    })]));
    expectConformant(chart.node.root as any);
  });

  test('the opt-in covers its own object only: a sibling with the same setting is still refused', () => {
    const chart = chartOf();
    new AppProject(chart, 'p', { allowAllSourceRepos: REASON });
    const copy = Testing.synth(chart)[0];
    new ApiObject(chart, 'copy', { ...copy, metadata: { ...copy.metadata, name: 'copy' } });
    const report = new CompliancePack().evaluate(chart);
    expect(report.errors.map(f => `${f.ruleId} ${f.resource}`)).toEqual(['ZT-ARGO4 AppProject argocd/copy']);
  });

  test('a long-lived Vault token role needs its opt-in at synthesis, when the TTL is derived from the leases', () => {
    const chart = chartOf();
    const auth = vaultOperator(chart);
    const policy = new VaultPolicy(chart, 'policy', { authentication: auth });
    const db = new DatabaseSecretEngineRole(chart, 'db', { authentication: auth, dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.hours(30), acknowledgeLongLivedCredentials: REASON });
    db.grantRead(policy);
    new KubernetesAuthEngineRole(chart, 'role', { authentication: auth, serviceAccounts: [pipeline(chart)], audience: 'vault', policies: [policy] });
    expect(() => Testing.synth(chart)).toThrow(/'tokenTTL' \(30h0m0s\) and 'tokenMaxTTL' \(30h0m0s\) of .* is more than a day/);

    const ok = chartOf();
    const okAuth = vaultOperator(ok);
    const okPolicy = new VaultPolicy(ok, 'policy', { authentication: okAuth });
    new DatabaseSecretEngineRole(ok, 'db', { authentication: okAuth, dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.hours(30), acknowledgeLongLivedCredentials: REASON }).grantRead(okPolicy);
    new KubernetesAuthEngineRole(ok, 'role', { authentication: okAuth, serviceAccounts: [pipeline(ok)], audience: 'vault', policies: [okPolicy], acknowledgeLongLivedTokens: REASON });
    CompliancePack.applyTo(ok.node.root);
    Testing.synth(ok);
    expect(new CompliancePack().evaluate(ok).acknowledgements.filter(a => a.ruleId === 'ZT-VAULT2').map(a => a.source).sort())
      .toEqual(['opt-in acknowledgeLongLivedCredentials', 'opt-in acknowledgeLongLivedTokens']);
  });

  test('an opt-in that widens nothing is refused', () => {
    expect(() => new AppProject(chartOf(), 'p', { destinations: [{ clusterName: 'in-cluster', namespace: 'team-a', allowAllNamespaces: REASON }] }))
      .toThrow(/sets allowAllNamespaces but names namespace "team-a"; remove allowAllNamespaces/);
    expect(() => new IsolatedNamespace(chartOf(), 'ns', { name: 'x', network: NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] }), acknowledgePrivileged: REASON }))
      .toThrow(/'acknowledgePrivileged' is set but 'podSecurity' is restricted; remove it/);
    expect(() => new ClusterSpiffeId(chartOf(), 'id', { namespaceSelector: { matchLabels: { a: 'b' } }, jwtTtl: Duration.minutes(5), acknowledgeLongLivedSvids: REASON }))
      .toThrow(/'acknowledgeLongLivedSvids' is set but no lifetime is longer than a day; remove it/);
    expect(() => new DatabaseSecretEngineRole(chartOf(), 'db', { authentication: vaultOperator(chartOf()), dbName: 'ci-postgres', creationStatements: [CREATE], defaultTTL: Duration.minutes(15), acknowledgeLongLivedCredentials: REASON }))
      .toThrow(/'acknowledgeLongLivedCredentials' is set but no lifetime of .* is longer than a day; remove it/);
  });
});
