import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  DataFromSource, ExternalSecret, PushSecret, PushSecretSource, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import { Password } from '../../src/generators';
import { AppOfApps, ClusterTarget, GitOpsRepository, GitOpsRepositoryProps, OverlayPatch } from '../../src/gitops';

export const REPO = 'https://github.com/my-org/fleet-config';

/** One tenant: a Namespace (in a chart without namespace: it is cluster-scoped) and its ESO objects. */
export interface Tenant {
  readonly namespaces: Chart;
  readonly chart: Chart;
  readonly store: SecretStore;
}

export function tenant(app: App, name: string): Tenant {
  const namespaces = new Chart(app, `${name}-namespace`, { disableResourceNameHashes: true });
  new kplus.Namespace(namespaces, 'namespace', { metadata: { name } });
  const chart = new Chart(app, name, { namespace: name, disableResourceNameHashes: true });
  new kplus.NetworkPolicy(chart, 'default-deny', {
    metadata: { name: 'default-deny-all' },
    selector: kplus.Pods.all(chart, 'all-pods'),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const reader = new kplus.ServiceAccount(chart, 'reader', { metadata: { name: 'vault-reader' }, automountToken: false });
  const store = new SecretStore(chart, 'store', {
    metadata: { name: 'vault' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.example.com',
      path: 'secret',
      auth: VaultAuth.kubernetes({ role: name, serviceAccount: reader, audiences: ['vault'] }),
    }),
    keyPrefix: `${name}/`,
  });
  const db = new ExternalSecret(chart, 'db', { metadata: { name: 'db' }, store });
  db.addData('password', { key: `${name}/db`, property: 'password' });
  db.addDataFrom(DataFromSource.extract({ key: `${name}/db-settings` }));
  // generator output reads no store: the prefix overlay must leave it alone
  const password = new Password(chart, 'password', { metadata: { name: 'session-key' } });
  new ExternalSecret(chart, 'session', { metadata: { name: 'session' } }).addDataFrom(DataFromSource.generator(password));
  new PushSecret(chart, 'push', { metadata: { name: 'push-cert' }, source: PushSecretSource.secretName('app-tls'), stores: [store] })
    .addKey('tls.crt', { remoteKey: `${name}/certs/app` });
  return { namespaces, chart, store };
}

export interface Fleet {
  readonly app: App;
  readonly repo: GitOpsRepository;
  readonly tenants: Tenant[];
}

/** Two tenants in base; staging and production prefix remote keys; clusters east (both) and west (production). */
export function fleet(props: Partial<GitOpsRepositoryProps> = {}, appOfApps: AppOfApps = AppOfApps.applications()): Fleet {
  const app = new App();
  const tenants = ['team-a', 'team-b'].map(n => tenant(app, n));
  const repo = new GitOpsRepository({
    repoUrl: REPO,
    targetRevision: 'main',
    appOfApps,
    base: tenants.flatMap(t => [t.namespaces, t.chart]),
    ...props,
  });
  repo.addEnvironment('staging', { patches: [OverlayPatch.prefixRemoteKeys({ prefix: 'staging/' })], labels: { 'example.com/environment': 'staging' } });
  repo.addEnvironment('production', { patches: [OverlayPatch.prefixRemoteKeys({ prefix: 'production/' })] });
  repo.addCluster('east', { target: ClusterTarget.server('https://api.east.example.com:6443'), environments: ['staging', 'production'] });
  repo.addCluster('west', { target: ClusterTarget.server('https://api.west.example.com:6443'), environments: ['production'] });
  return { app, repo, tenants };
}

/** The objects of a multi-document YAML file. */
export function parseYaml(text: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml');
  return YAML.parseAllDocuments(text).map((d: any) => d.toJS()).filter(Boolean);
}

/** Objects keyed by `Kind namespace/name`, for comparisons that ignore order. */
export function byId(objects: any[]): Record<string, any> {
  return Object.fromEntries(objects.map(o => [`${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, o]));
}
