import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { AppProject, ArgoCdRepository, CredentialSource, RepositoryCredentials } from '../../src/argocd';
import {
  ClusterExternalSecret, ClusterSecretStore, DataFromSource, ExternalSecret, NamespaceCondition, PushSecret, PushSecretSource, RefreshPolicy,
  ReferentServiceAccount, SecretStore, SecretStoreProvider, SecretTemplate, VaultAuth,
} from '../../src/external-secrets';
import { GithubAccessToken } from '../../src/generators';
import { SecretFlow } from '../../src/gitops/secret-flow';
import { ImageReference, Task } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';
import { expectValid } from '../tekton/util';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function vaultStore(scope: Construct, namespace: string, role: string): SecretStore {
  return new SecretStore(scope, `vault-${namespace}`, {
    metadata: { name: 'vault', namespace },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.example.com',
      path: 'secret',
      auth: VaultAuth.kubernetes({ role, serviceAccount: ReferentServiceAccount.fromName(scope, `sa-${namespace}`, `${namespace}-eso`) }),
    }),
  });
}

/** S1: the GitHub App PEM from Vault signs token requests; the token becomes Argo CD's repository Secret. */
function argoCdChart(app: App): Chart {
  const chart = new Chart(app, 'argocd', { namespace: 'argocd', disableResourceNameHashes: true });
  const store = vaultStore(chart, 'argocd', 'argocd');
  const pem = new ExternalSecret(chart, 'pem', { metadata: { name: 'github-app-pem' }, store });
  pem.addData('key', { key: 'github/argocd-app', property: 'private-key' });
  const token = new GithubAccessToken(chart, 'token', {
    metadata: { name: 'argocd-github' },
    appId: '123456',
    installId: '7890123',
    repositories: ['app-config'],
    privateKey: { secret: pem.secret, key: 'key' },
  });
  const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
  new ArgoCdRepository(chart, 'repo', {
    metadata: { name: 'app-config' },
    url: 'https://github.com/my-org/app-config',
    project,
    credentials: RepositoryCredentials.token(CredentialSource.fromDataSource({ source: DataFromSource.generator(token), key: 'token' })),
  });
  return chart;
}

/** S2: a Flyway Task mounts the database credentials an ExternalSecret writes. */
function ciChart(app: App): Chart {
  const chart = new Chart(app, 'ci', { namespace: 'ci-cd', disableResourceNameHashes: true });
  const store = vaultStore(chart, 'ci-cd', 'pipeline');
  const db = new ExternalSecret(chart, 'db', { metadata: { name: 'db-credentials' }, store, refresh: RefreshPolicy.periodic(Duration.minutes(10)) });
  db.addData('username', { key: 'database/creds/migrate', property: 'username' });
  db.addData('password', { key: 'database/creds/migrate', property: 'password' });
  const task = new Task(chart, 'flyway', {
    metadata: { name: 'flyway-migration' },
    runAsUser: 1000,
    steps: [{ name: 'migrate', image: ImageReference.digest('docker.io/flyway/flyway', DIGEST), script: 'flyway migrate' }],
  });
  task.mountCredentials(db.secret, '/etc/db-credentials');
  return chart;
}

/** A cdk8s-plus Deployment reading a Secret through a volume, and a PushSecret sending cert-manager's certificate out. */
function appChart(app: App): Chart {
  const chart = new Chart(app, 'app', { namespace: 'my-app', disableResourceNameHashes: true });
  const store = vaultStore(chart, 'my-app', 'my-app');
  const settings = new ExternalSecret(chart, 'settings', { metadata: { name: 'settings' }, store, targetName: 'app-settings' });
  settings.addData('api-key', { key: 'my-app/api-key' });
  const deployment = new kplus.Deployment(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{
      image: `registry.example.com/web@${DIGEST}`,
      securityContext: { user: 1000, group: 1000, capabilities: { drop: [kplus.Capability.ALL] } },
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });
  settings.mountReadOnly(deployment.containers[0], '/etc/settings');
  new PushSecret(chart, 'push', {
    metadata: { name: 'push-cert' },
    source: PushSecretSource.secretName('wildcard-tls'),
    stores: [store],
  }).addKey('tls.crt', { remoteKey: 'infra/tls/wildcard', property: 'certificate' });
  return chart;
}

function fixture(): { app: App; charts: Chart[] } {
  const app = Testing.app();
  return { app, charts: [argoCdChart(app), ciChart(app), appChart(app)] };
}

interface ParsedNode {
  readonly shape: string;
  readonly lines: string[];
}

interface Parsed {
  readonly nodes: Map<string, ParsedNode>;
  /** `Kind name -> Kind name: label` (with ` (dashed)` for references to objects not in the output). */
  readonly edges: string[];
  readonly classes: Map<string, string[]>;
}

const SHAPES: [string, string, string][] = [
  ['cylinder', '[(', ')]'], ['hexagon', '{{', '}}'], ['stadium', '([', '])'], ['parallelogram', '[/', '/]'], ['circle', '((', '))'],
  ['asymmetric', '>', ']'], ['rectangle', '[', ']'],
];

function decode(text: string): string {
  return text.replace(/#quot;/g, '"').replace(/#amp;/g, '&').replace(/#lt;/g, '<').replace(/#gt;/g, '>').replace(/#124;/g, '|').replace(/#96;/g, '`').replace(/#35;/g, '#');
}

/** A strict reader of the subset of Mermaid flowchart syntax SecretFlow writes: every line must parse. */
function parseMermaid(text: string): Parsed {
  const lines = text.split('\n');
  expect(lines[0]).toBe('flowchart LR');
  expect(lines[lines.length - 1]).toBe('');
  const nodes = new Map<string, ParsedNode>();
  const raw: { from: string; to: string; label: string; dashed: boolean }[] = [];
  const classes = new Map<string, string[]>();
  for (const line of lines.slice(1, -1)) {
    const node = /^ {2}([A-Za-z][A-Za-z0-9_]*)(.)/.exec(line);
    const edge = /^ {2}([A-Za-z][A-Za-z0-9_]*) (-->|-\.->)(?:\|"([^"|]*)"\|)? ([A-Za-z][A-Za-z0-9_]*)$/.exec(line);
    const classDef = /^ {2}classDef ([A-Za-z]+) [a-z-]+:[^ ]+(?:,[a-z-]+:[^,]+)*$/.exec(line);
    const cls = /^ {2}class ([A-Za-z0-9_,]+) ([A-Za-z]+)$/.exec(line);
    if (edge) {
      raw.push({ from: edge[1], to: edge[4], label: decode(edge[3] ?? ''), dashed: edge[2] === '-.->' });
    } else if (classDef) {
      // styles are checked by the snapshot
    } else if (cls) {
      classes.set(cls[2], cls[1].split(','));
    } else if (node) {
      const body = line.slice(2 + node[1].length);
      const shape = SHAPES.find(([, open, close]) => body.startsWith(`${open}"`) && body.endsWith(`"${close}`));
      if (!shape) throw new Error(`unparsed node line: ${line}`);
      const label = body.slice(shape[1].length + 1, body.length - shape[2].length - 1);
      expect(label).not.toMatch(/"/);
      expect(nodes.has(node[1])).toBe(false);
      nodes.set(node[1], { shape: shape[0], lines: label.split('<br/>').map(decode) });
    } else {
      throw new Error(`unparsed line: ${line}`);
    }
  }
  const name = (id: string) => {
    const n = nodes.get(id);
    if (!n) throw new Error(`edge to undeclared node ${id}`);
    return n.lines[0] === 'Argo CD' ? 'Argo CD' : `${n.lines[0]} ${n.lines[1]}`;
  };
  const edges = raw.map(e => `${name(e.from)} -> ${name(e.to)}${e.label ? `: ${e.label}` : ''}${e.dashed ? ' (dashed)' : ''}`);
  for (const ids of classes.values()) for (const id of ids) expect(nodes.has(id)).toBe(true);
  return { nodes, edges, classes };
}

function nodeByName(parsed: Parsed, kind: string, name: string): [string, ParsedNode] {
  const found = [...parsed.nodes.entries()].find(([, n]) => n.lines[0] === kind && n.lines[1] === name);
  if (!found) throw new Error(`no node ${kind} ${name}`);
  return found;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('SecretFlow of library constructs', () => {
  test('namespaces, conformant input, and the Markdown document (snapshot)', () => {
    const { app, charts } = fixture();
    const flow = SecretFlow.fromScope(app);
    expect(flow.namespaces).toEqual(['argocd', 'ci-cd', 'my-app']);
    expect(flow.toMarkdown()).toMatchSnapshot();
    const [argocd, ci, web] = charts;
    expectConformant(argocd);
    // the Task and the Deployment drop ALL capabilities, which only the drop-cap-net-raw quirk flags
    expectValid(ci);
    const quirks = expectConformant(web).flatMap(r => r.findings.filter(f => f.severity === 'quirk').map(f => f.message));
    for (const q of quirks) expect(q).toMatch(/drop-cap-net-raw/);
  });

  test('S1: Vault → ExternalSecret → PEM Secret → GithubAccessToken → ExternalSecret → repository Secret → Argo CD', () => {
    const parsed = parseMermaid(SecretFlow.fromScope(fixture().app).toMermaid('argocd'));
    expect(parsed.edges).toEqual([
      'ExternalSecret app-config -> Secret app-config',
      'ExternalSecret github-app-pem -> Secret github-app-pem',
      'GithubAccessToken argocd-github -> ExternalSecret app-config: generates',
      'Secret app-config -> Argo CD: repository',
      'Secret github-app-pem -> GithubAccessToken argocd-github: auth.privateKey.secretRef: key',
      'SecretStore vault -> ExternalSecret github-app-pem: github/argocd-app (private-key)',
    ]);
    expect(nodeByName(parsed, 'Secret', 'app-config')[1].lines).toEqual(['Secret', 'app-config', 'Argo CD repository']);
    expect(nodeByName(parsed, 'SecretStore', 'vault')[1]).toEqual({ shape: 'cylinder', lines: ['SecretStore', 'vault', 'provider vault'] });
    expect(nodeByName(parsed, 'GithubAccessToken', 'argocd-github')[1].shape).toBe('hexagon');
    expect(nodeByName(parsed, 'ExternalSecret', 'app-config')[1].shape).toBe('stadium');
    expect(parsed.classes.get('external')).toBeUndefined();
  });

  test('S2: the Task mounting the ExternalSecret target with mountCredentials is its consumer', () => {
    const parsed = parseMermaid(SecretFlow.fromScope(fixture().app).toMermaid('ci-cd'));
    expect(parsed.edges).toEqual([
      'ExternalSecret db-credentials -> Secret db-credentials',
      'Secret db-credentials -> Task flyway-migration: volume at /etc/db-credentials',
      'SecretStore vault -> ExternalSecret db-credentials: database/creds/migrate (password, username)',
    ]);
    expect(nodeByName(parsed, 'Task', 'flyway-migration')[1].shape).toBe('parallelogram');
  });

  test('a Deployment volume consumes a Secret; a PushSecret sends a Secret produced elsewhere (dashed) to the store', () => {
    const parsed = parseMermaid(SecretFlow.fromScope(fixture().app).toMermaid('my-app'));
    expect(parsed.edges).toEqual([
      'ExternalSecret settings -> Secret app-settings',
      'PushSecret push-cert -> SecretStore vault: infra/tls/wildcard (certificate)',
      'Secret app-settings -> Deployment web: volume at /etc/settings',
      'Secret wildcard-tls -> PushSecret push-cert: pushes (dashed)',
      'SecretStore vault -> ExternalSecret settings: my-app/api-key',
    ]);
    const [id, node] = nodeByName(parsed, 'Secret', 'wildcard-tls');
    expect(node.lines).toEqual(['Secret', 'wildcard-tls', 'not in this output']);
    expect(parsed.classes.get('external')).toEqual([id]);
    expect(nodeByName(parsed, 'PushSecret', 'push-cert')[1].shape).toBe('asymmetric');
  });

  test('the table says where each credential comes from and who consumes it', () => {
    const md = SecretFlow.fromScope(fixture().app).toMarkdown();
    expect(md).toContain('| Secret `app-config` (Argo CD repository) | ExternalSecret `app-config` ← GithubAccessToken `argocd-github` (generates) | Argo CD (repository) |');
    expect(md).toContain('| Secret `github-app-pem` | ExternalSecret `github-app-pem` ← SecretStore `vault` (github/argocd-app (private-key)) | GithubAccessToken `argocd-github` (auth.privateKey.secretRef: key) |');
    expect(md).toContain('| Secret `wildcard-tls` (not in this output) | not in this output: created elsewhere | PushSecret `push-cert` (pushes) → SecretStore `vault` (infra/tls/wildcard (certificate)) |');
    expect(md).toContain('| Secret `db-credentials` | ExternalSecret `db-credentials` ← SecretStore `vault` (database/creds/migrate (password, username)) | Task `flyway-migration` (volume at /etc/db-credentials) |');
    expect(md.match(/^## /gm)).toHaveLength(3);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(3);
  });

  test('deterministic: the same manifests in any order give the same text; fromScope equals fromManifests', () => {
    const { app, charts } = fixture();
    const manifests = charts.flatMap(c => Testing.synth(c));
    const expected = SecretFlow.fromManifests(manifests).toMarkdown();
    expect(SecretFlow.fromScope(app).toMarkdown()).toBe(expected);
    expect(SecretFlow.fromManifests(manifests).toMarkdown()).toBe(expected);
    for (const seed of [1, 2, 3, 42]) expect(SecretFlow.fromManifests(shuffle(manifests, seed)).toMarkdown()).toBe(expected);
    fc.assert(fc.property(fc.shuffledSubarray(manifests, { minLength: manifests.length }), shuffled => {
      expect(SecretFlow.fromManifests(shuffled).toMarkdown()).toBe(expected);
    }), { numRuns: 25 });
  });

  test('fromScope takes only the objects below the scope', () => {
    const { charts } = fixture();
    expect(SecretFlow.fromScope(charts[1]).namespaces).toEqual(['ci-cd']);
  });
});

/** The S3 shared certificate: a Vault ClusterSecretStore scoped by label and a ClusterExternalSecret fanning out. */
function sharedTls(): App {
  const app = Testing.app();
  const namespaces = new Chart(app, 'namespaces', { disableResourceNameHashes: true });
  new kplus.Namespace(namespaces, 'my-app', { metadata: { name: 'my-app', labels: { 'needs-tls': 'true' } } });
  new kplus.Namespace(namespaces, 'shop', { metadata: { name: 'shop', labels: { 'needs-tls': 'true' } } });
  new kplus.Namespace(namespaces, 'internal', { metadata: { name: 'internal' } });
  const chart = new Chart(app, 'shared-tls', { disableResourceNameHashes: true });
  const reader = kplus.ServiceAccount.fromServiceAccountName(chart, 'reader', 'vault-tls-reader', { namespaceName: 'external-secrets' });
  const store = new ClusterSecretStore(chart, 'vault-backend', {
    metadata: { name: 'vault-backend' },
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'shared-tls', serviceAccount: reader, audiences: ['vault'] }) }),
    conditions: [NamespaceCondition.selector({ matchLabels: { 'needs-tls': 'true' } })],
  });
  const cert = new ClusterExternalSecret(chart, 'cert', {
    metadata: { name: 'shared-tls-cert' },
    store,
    namespaceSelectors: [{ matchLabels: { 'needs-tls': 'true' } }],
    targetName: 'tls-cert',
    template: SecretTemplate.tls({ certificateKey: 'certificate', privateKeyKey: 'private-key' }),
  });
  cert.addData('certificate', { key: 'shared/tls/wildcard', property: 'certificate' });
  cert.addData('private-key', { key: 'shared/tls/wildcard', property: 'private_key' });
  return app;
}

describe('SecretFlow of cluster-scoped objects', () => {
  test('a ClusterExternalSecret reaches each selected namespace of the output, and its fan-out is shown cluster-wide', () => {
    const app = sharedTls();
    const flow = SecretFlow.fromScope(app);
    expect(flow.namespaces).toEqual(['my-app', 'shop', SecretFlow.CLUSTER_SCOPE]);
    for (const ns of ['my-app', 'shop']) {
      expect(parseMermaid(flow.toMermaid(ns)).edges).toEqual([
        'ClusterExternalSecret shared-tls-cert -> Secret tls-cert',
        'ClusterSecretStore vault-backend -> ClusterExternalSecret shared-tls-cert: shared/tls/wildcard (certificate, private_key)',
      ]);
    }
    const cluster = parseMermaid(flow.toMermaid(SecretFlow.CLUSTER_SCOPE));
    expect(cluster.edges).toEqual([
      'ClusterExternalSecret shared-tls-cert -> Secret tls-cert',
      'ClusterSecretStore vault-backend -> ClusterExternalSecret shared-tls-cert: shared/tls/wildcard (certificate, private_key)',
    ]);
    expect(nodeByName(cluster, 'Secret', 'tls-cert')[1].lines).toEqual(['Secret', 'tls-cert', 'each namespace labelled needs-tls=true (here: my-app, shop)', 'kubernetes.io/tls']);
    expect(nodeByName(cluster, 'ClusterExternalSecret', 'shared-tls-cert')[1].shape).toBe('stadium');
    expect(flow.toMarkdown()).toContain('## Cluster-scoped objects and fan-out');
    for (const c of app.charts) expectConformant(c);
  });

  test('referent credentials of a ClusterSecretStore resolve in each consuming namespace only; explicit ones everywhere', () => {
    const css = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws' },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { secretRef: { accessKeyIDSecretRef: { name: 'aws-keys', key: 'id' }, secretAccessKeySecretRef: { name: 'aws-keys', key: 'secret' } } } } } },
    };
    const shared = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'vault' },
      spec: { provider: { vault: { server: 'https://vault.example.com', auth: { tokenSecretRef: { name: 'vault-token', key: 'token', namespace: 'eso' } } } } },
    };
    const es = (namespace: string, store: string) => ({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'app', namespace },
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: store }, data: [{ secretKey: 'k', remoteRef: { key: `${namespace}/app` } }] },
    });
    const generator = {
      apiVersion: 'generators.external-secrets.io/v1alpha1',
      kind: 'ClusterGenerator',
      metadata: { name: 'gh' },
      spec: { kind: 'GithubAccessToken', generator: { githubAccessTokenSpec: { appID: '1', installID: '2', auth: { privateKey: { secretRef: { name: 'pem', key: 'key' } } } } } },
    };
    const fromGenerator = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'token', namespace: 'c' },
      spec: { dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', name: 'gh' } } }] },
    };
    expect(parseMermaid(SecretFlow.fromManifests([generator, fromGenerator]).toMermaid('c')).edges).toEqual([
      'ClusterGenerator gh -> ExternalSecret token: generates',
      'ExternalSecret token -> Secret token',
      'Secret pem -> ClusterGenerator gh: githubAccessTokenSpec.auth.privateKey.secretRef: key (referent) (dashed)',
    ]);
    const flow = SecretFlow.fromManifests([css, shared, es('a', 'aws'), es('b', 'aws'), es('b', 'vault')]);
    expect(flow.namespaces).toEqual(['a', 'b', 'eso']);
    expect(parseMermaid(flow.toMermaid('a')).edges).toEqual([
      'ClusterSecretStore aws -> ExternalSecret app: a/app',
      'ExternalSecret app -> Secret app',
      'Secret aws-keys -> ClusterSecretStore aws: aws.auth.secretRef.accessKeyIDSecretRef: id (referent) (dashed)',
      'Secret aws-keys -> ClusterSecretStore aws: aws.auth.secretRef.secretAccessKeySecretRef: secret (referent) (dashed)',
    ]);
    const b = parseMermaid(flow.toMermaid('b'));
    expect(b.edges).toContain('Secret eso/vault-token -> ClusterSecretStore vault: vault.auth.tokenSecretRef: token (dashed)');
    expect(b.edges.filter(e => e.startsWith('Secret aws-keys'))).toHaveLength(2);
    expect(parseMermaid(flow.toMermaid('eso')).edges).toEqual(['Secret vault-token -> ClusterSecretStore vault: vault.auth.tokenSecretRef: token (dashed)']);
  });

  test('unused cluster stores and generators, and a ClusterPushSecret, are listed cluster-wide', () => {
    const flow = SecretFlow.fromManifests([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { push: 'yes' } } },
      { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'idle' }, spec: { provider: { fake: { data: [] } } } },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', metadata: { name: 'pw' }, spec: { kind: 'Password', generator: { passwordSpec: { length: 24 } } } },
      {
        apiVersion: 'external-secrets.io/v1alpha1',
        kind: 'ClusterPushSecret',
        metadata: { name: 'backup' },
        spec: {
          namespaceSelectors: [{ matchLabels: { push: 'yes' } }],
          pushSecretSpec: { secretStoreRefs: [{ kind: 'ClusterSecretStore', name: 'idle' }], selector: { secret: { name: 'app-tls' } }, data: [{ match: { secretKey: 'tls.key', remoteRef: { remoteKey: 'backup/tls' } } }] },
        },
      },
    ]);
    expect(flow.namespaces).toEqual(['team', SecretFlow.CLUSTER_SCOPE]);
    expect(parseMermaid(flow.toMermaid('team')).edges).toEqual([
      'ClusterPushSecret backup -> ClusterSecretStore idle: backup/tls',
      'Secret app-tls -> ClusterPushSecret backup: pushes (dashed)',
    ]);
    const cluster = parseMermaid(flow.toMermaid(SecretFlow.CLUSTER_SCOPE));
    expect(cluster.edges).toEqual(['ClusterPushSecret backup -> ClusterSecretStore idle: backup/tls', 'Secret app-tls -> ClusterPushSecret backup: pushes']);
    expect(nodeByName(cluster, 'ClusterGenerator', 'pw')[1].lines).toEqual(['ClusterGenerator', 'pw', 'Password']);
  });
});

const meta = (name: string, namespace = 'team') => ({ name, namespace });

describe('SecretFlow readers', () => {
  test('pods, workloads, Tekton runs, service accounts and Ingresses: every way of reading a Secret', () => {
    const container = {
      name: 'app',
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'PLAIN', value: 'x' }],
      envFrom: [{ secretRef: { name: 'settings' } }, { configMapRef: { name: 'cm' } }],
      volumeMounts: [{ name: 'certs', mountPath: '/etc/certs' }, { name: 'certs', mountPath: '/etc/also' }],
    };
    const podSpec = {
      containers: [container],
      imagePullSecrets: [{ name: 'registry' }],
      volumes: [{ name: 'certs', projected: { sources: [{ secret: { name: 'tls' } }, { configMap: { name: 'ca' } }] } }, { name: 'unused', secret: { secretName: 'spare' } }],
    };
    const flow = SecretFlow.fromManifests([
      { apiVersion: 'v1', kind: 'Pod', metadata: meta('pod'), spec: podSpec },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('nightly'), spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'settings' } }] }] } } } } } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('builder'), imagePullSecrets: [{ name: 'registry' }], secrets: [{ name: 'git-ssh' }] },
      { apiVersion: 'v1', kind: 'Secret', metadata: { ...meta('builder-token'), annotations: { 'kubernetes.io/service-account.name': 'builder' } }, type: 'kubernetes.io/service-account-token' },
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        metadata: meta('run'),
        spec: { taskRef: { name: 'build' }, workspaces: [{ name: 'ssh', secret: { secretName: 'git-ssh' } }], podTemplate: { imagePullSecrets: [{ name: 'registry' }] } },
      },
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: meta('release'),
        spec: { pipelineRef: { name: 'release' }, workspaces: [{ name: 'creds', projected: { sources: [{ secret: { name: 'sign-key' } }] } }], taskRunTemplate: { podTemplate: { imagePullSecrets: [{ name: 'registry' }] } } },
      },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('web'), spec: { tls: [{ hosts: ['a.example.com'], secretName: 'tls' }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm'), data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { ...meta('spoke'), labels: { 'argocd.argoproj.io/secret-type': 'cluster' } }, stringData: { name: 'spoke', server: 'https://api.example.com:6443' } },
    ]);
    const parsed = parseMermaid(flow.toMermaid('team'));
    expect(parsed.edges).toEqual([
      'Secret db -> Pod pod: env DB_PASSWORD (dashed)',
      'Secret git-ssh -> ServiceAccount builder: mountable secret (dashed)',
      'Secret git-ssh -> TaskRun run: workspace ssh (dashed)',
      'Secret registry -> PipelineRun release: imagePullSecrets (dashed)',
      'Secret registry -> Pod pod: imagePullSecrets (dashed)',
      'Secret registry -> ServiceAccount builder: imagePullSecrets (dashed)',
      'Secret registry -> TaskRun run: imagePullSecrets (dashed)',
      'Secret settings -> CronJob nightly: envFrom (dashed)',
      'Secret settings -> Pod pod: envFrom (dashed)',
      'Secret sign-key -> PipelineRun release: workspace creds (dashed)',
      'Secret spare -> Pod pod: volume unused (not mounted) (dashed)',
      'Secret spoke -> Argo CD: cluster',
      'Secret tls -> Ingress web: TLS (dashed)',
      'Secret tls -> Pod pod: volume at /etc/also, /etc/certs (dashed)',
      'ServiceAccount builder -> Secret builder-token: long-lived token',
    ]);
    expect(nodeByName(parsed, 'Secret', 'builder-token')[1].lines).toEqual(['Secret', 'builder-token', 'kubernetes.io/service-account-token']);
    expect(flow.toMarkdown()).toContain('| Secret `builder-token` (kubernetes.io/service-account-token) | v1 Secret in this output; ServiceAccount `builder` (long-lived token) | nothing in this output |');
  });

  test('ExternalSecret variants: sourceRef stores and generators, find, templateFrom, target manifests and creation policies', () => {
    const es = (name: string, spec: any) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: meta(name), spec });
    const flow = SecretFlow.fromManifests([
      es('merge', { secretStoreRef: { name: 'vault' }, target: { name: 'helm-owned', creationPolicy: 'Merge' }, data: [{ secretKey: 'a', remoteRef: { key: 'k' } }, { secretKey: 'b', sourceRef: { storeRef: { name: 'aws', kind: 'SecretStore' } }, remoteRef: { key: 'other', property: 'p' } }] }),
      es('none', { secretStoreRef: { name: 'vault' }, target: { creationPolicy: 'None' }, dataFrom: [{ extract: { key: 'whole' } }] }),
      es('orphan', { secretStoreRef: { name: 'vault', kind: 'SecretStore' }, target: { creationPolicy: 'Orphan' }, dataFrom: [{ find: { path: 'team/', name: { regexp: '^db-' } } }, { find: {} }] }),
      es('config', { target: { name: 'cfg', manifest: { apiVersion: 'v1', kind: 'ConfigMap' }, template: { templateFrom: [{ secret: { name: 'tmpl' } }] } }, dataFrom: [{ sourceRef: { generatorRef: { kind: 'ClusterGenerator', name: 'pw' } } }, { sourceRef: { generatorRef: { kind: 'Password', name: 'local' } } }] }),
      { apiVersion: 'v1', kind: 'Secret', metadata: meta('helm-owned'), type: 'Opaque', stringData: { existing: 'x' } },
    ]);
    expect(parseMermaid(flow.toMermaid('team')).edges).toEqual([
      'ClusterGenerator pw -> ExternalSecret config: generates (dashed)',
      'ExternalSecret config -> ConfigMap cfg',
      'ExternalSecret merge -> Secret helm-owned: merges into',
      'ExternalSecret orphan -> Secret orphan: creates (orphan)',
      'Password local -> ExternalSecret config: generates (dashed)',
      'Secret tmpl -> ExternalSecret config: templateFrom (dashed)',
      'SecretStore aws -> ExternalSecret merge: other (p) (dashed)',
      'SecretStore vault -> ExternalSecret merge: k (dashed)',
      'SecretStore vault -> ExternalSecret none: whole (dashed)',
      'SecretStore vault -> ExternalSecret orphan: find all, find path team/, name ~ ^db- (dashed)',
    ]);
    const parsed = parseMermaid(flow.toMermaid('team'));
    expect(nodeByName(parsed, 'ExternalSecret', 'none')[1].lines).toEqual(['ExternalSecret', 'none', 'creationPolicy None: writes no Secret']);
    expect(nodeByName(parsed, 'Secret', 'helm-owned')[1].lines).toEqual(['Secret', 'helm-owned', 'holds secret data']);
    expect(nodeByName(parsed, 'ConfigMap', 'cfg')[1].shape).toBe('rectangle');
  });

  test('PushSecrets from a label selector or a generator, to stores by name, by labels and through dataTo', () => {
    const flow = SecretFlow.fromManifests([
      {
        apiVersion: 'external-secrets.io/v1alpha1',
        kind: 'PushSecret',
        metadata: meta('by-label'),
        spec: { secretStoreRefs: [{ labelSelector: { matchLabels: { tier: 'backup' } } }], selector: { secret: { selector: { matchLabels: { push: 'true' } } } }, dataTo: [{ storeRef: { name: 'aws' }, remoteKey: 'bundle' }] },
      },
      {
        apiVersion: 'external-secrets.io/v1alpha1',
        kind: 'PushSecret',
        metadata: meta('generated'),
        spec: { secretStoreRefs: [{ name: 'vault', kind: 'ClusterSecretStore' }], selector: { generatorRef: { kind: 'Password', name: 'pw' } }, data: [{ match: { remoteRef: { remoteKey: 'team/pw' } } }] },
      },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', metadata: meta('pw'), spec: { length: 24, noUpper: false, allowRepeat: false } },
    ]);
    expect(parseMermaid(flow.toMermaid('team')).edges).toEqual([
      'Password pw -> PushSecret generated: generates',
      'PushSecret by-label -> SecretStore aws: bundle (dashed)',
      'PushSecret by-label -> SecretStore labels tier=backup (dashed)',
      'PushSecret generated -> ClusterSecretStore vault: team/pw (dashed)',
      'Secret labels push=true -> PushSecret by-label: pushes (dashed)',
    ]);
  });

  test('stores and generators that authenticate with Secrets: static keys, selectors anywhere, CA bundles skipped', () => {
    const flow = SecretFlow.fromManifests([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: meta('aws'),
        spec: { provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { secretRef: { accessKeyIDSecretRef: { name: 'aws-keys', key: 'id' }, secretAccessKeySecretRef: { name: 'aws-keys', key: 'secret' } } } } } },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: meta('vault'),
        spec: { provider: { vault: { server: 'https://v', caProvider: { type: 'Secret', name: 'ca', key: 'ca.crt' }, auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'eso' } } } } } },
      },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Grafana', metadata: meta('grafana'), spec: { url: 'https://g', auth: { basic: { username: 'admin', password: { name: 'grafana-admin', key: 'password' } } } } },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Webhook', metadata: meta('hook'), spec: { url: 'https://w', secrets: [{ name: 'auth', secretRef: { name: 'hook-creds', key: 'token' } }] } },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'GeneratorState', metadata: meta('state'), spec: {} },
    ]);
    expect(parseMermaid(flow.toMermaid('team')).edges).toEqual([
      'Secret aws-keys -> SecretStore aws: aws.auth.secretRef.accessKeyIDSecretRef: id (dashed)',
      'Secret aws-keys -> SecretStore aws: aws.auth.secretRef.secretAccessKeySecretRef: secret (dashed)',
      'Secret grafana-admin -> Grafana grafana: auth.basic.password: password (dashed)',
      'Secret hook-creds -> Webhook hook: secrets[0].secretRef: token (dashed)',
    ]);
    const parsed = parseMermaid(flow.toMermaid('team'));
    expect(nodeByName(parsed, 'SecretStore', 'vault')[1].lines).toEqual(['SecretStore', 'vault', 'provider vault']);
    expect([...parsed.nodes.values()].some(n => n.lines[0] === 'GeneratorState')).toBe(false);
  });

  test('objects without a namespace are shown in default; names of other namespaces are qualified', () => {
    const flow = SecretFlow.fromManifests([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' }, type: 'Opaque' },
      { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'x' }, spec: { provider: { vault: { auth: { tokenSecretRef: { name: 't', key: 'k', namespace: 'vault' } } } } } },
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'e' }, spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'x' }, dataFrom: [{ extract: { key: 'a' } }] } },
      { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'k8s', namespace: 'quiet' }, spec: { provider: { kubernetes: { auth: { serviceAccount: { name: 'reader' } } } } } },
    ]);
    expect(flow.namespaces).toEqual(['default', 'quiet', 'vault']);
    const parsed = parseMermaid(flow.toMermaid('default'));
    expect(parsed.edges).toContain('Secret vault/t -> ClusterSecretStore x: vault.auth.tokenSecretRef: k (dashed)');
    expect(nodeByName(parsed, 'Secret', 'plain')[1].lines).toEqual(['Secret', 'plain']);
    expect(flow.toMarkdown()).toContain('| Secret `plain` | v1 Secret in this output | nothing in this output |');
    expect(flow.toMarkdown()).toContain('No Secret here; the objects above read or write Secrets of other namespaces.');
  });
});

describe('SecretFlow output rules and errors', () => {
  test('ids are valid and stable, colliding names get hashed suffixes, labels are escaped', () => {
    const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns' } });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', env: [{ name: 'A "quoted" <b>|#1`', valueFrom: { secretKeyRef: { name: 'a.b', key: 'k' } } }] }] } };
    const flow = SecretFlow.fromManifests([secret('a-b'), secret('a.b'), secret('odd "name" #1'), pod]);
    const text = flow.toMermaid('ns');
    const parsed = parseMermaid(text);
    const ids = [...parsed.nodes.keys()];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(ids.filter(id => id.startsWith('secret_ns_a_b_'))).toHaveLength(2);
    expect(nodeByName(parsed, 'Secret', 'odd "name" #1')[0]).toBe('secret_ns_odd_name_1');
    expect(text).toContain('#quot;name#quot; #35;1');
    expect(parsed.edges).toEqual(['Secret a.b -> Pod p: env A "quoted" <b>|#1`']);
    expect(SecretFlow.fromManifests([pod, secret('a.b'), secret('a-b'), secret('odd "name" #1')]).toMermaid('ns')).toBe(text);
  });

  test('malformed manifests are skipped, never thrown on', () => {
    const junk = [undefined, null, 42, 'kind: Secret', [], {}, { kind: 'Secret' }, { kind: 'Secret', metadata: { name: 7 } }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ok', namespace: 'x' }, data: 'nope' }];
    expect(SecretFlow.fromManifests(junk).namespaces).toEqual(['x']);
    expect(SecretFlow.fromManifests(undefined as any).namespaces).toEqual([]);
    const kinds = [
      ['external-secrets.io/v1', 'ExternalSecret'], ['external-secrets.io/v1', 'ClusterExternalSecret'], ['external-secrets.io/v1', 'SecretStore'],
      ['external-secrets.io/v1', 'ClusterSecretStore'], ['external-secrets.io/v1alpha1', 'PushSecret'], ['external-secrets.io/v1alpha1', 'ClusterPushSecret'],
      ['generators.external-secrets.io/v1alpha1', 'GithubAccessToken'], ['generators.external-secrets.io/v1alpha1', 'ClusterGenerator'], ['v1', 'Secret'],
      ['v1', 'Pod'], ['apps/v1', 'Deployment'], ['tekton.dev/v1', 'TaskRun'], ['tekton.dev/v1', 'Pipeline'], ['v1', 'ServiceAccount'], ['networking.k8s.io/v1', 'Ingress'],
    ];
    const manifest = fc.tuple(fc.constantFrom(...kinds), fc.anything(), fc.anything(), fc.anything())
      .map(([[apiVersion, kind], spec, labels, extra]) => ({
        apiVersion, kind, metadata: { name: 'm', namespace: 'ns', labels }, spec, imagePullSecrets: extra, secrets: extra, data: extra,
      }));
    fc.assert(fc.property(fc.array(fc.oneof(manifest, fc.anything()), { maxLength: 8 }), manifests => {
      const flow = SecretFlow.fromManifests(manifests);
      for (const ns of flow.namespaces) parseMermaid(flow.toMermaid(ns));
      expect(typeof flow.toMarkdown()).toBe('string');
    }), { numRuns: 200 });
  });

  test('fails on a namespace without a diagram, naming the ones there are', () => {
    const flow = SecretFlow.fromScope(fixture().app);
    expect(() => flow.toMermaid('nope')).toThrow("no secret flow for namespace 'nope'; the flow has argocd, ci-cd, my-app");
    expect(() => SecretFlow.fromManifests([]).toMermaid('argocd')).toThrow(/the flow has no namespace \(no credential in the manifests\)/);
    expect(SecretFlow.fromManifests([]).toMarkdown()).toContain('No credential flows through this output.');
  });

  test('namespaces is a copy', () => {
    const flow = SecretFlow.fromScope(fixture().app);
    flow.namespaces.push('x');
    expect(flow.namespaces).toEqual(['argocd', 'ci-cd', 'my-app']);
  });
});
