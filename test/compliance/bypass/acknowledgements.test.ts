/**
 * Bypass corpus: silencing findings without an acknowledgement a reviewer can trust (an annotation written on
 * any manifest, a reason that does not read as words, a broadening opt-in without one), and names the API
 * server refuses (a chart namespace that is not a DNS-1123 label).
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { asList, Attempt, bypassCorpus, clusterChart, include, Legitimate, NAMESPACE, patch, raw, Route, secondChart } from './corpus';
import { AppProject } from '../../../src/argocd';
import { Compliance } from '../../../src/compliance';
import { ClusterSecretStore, NamespaceCondition, SecretStoreProvider, VaultAuth } from '../../../src/external-secrets';
import { Password } from '../../../src/generators';
import { goodPod } from '../fixtures';

const ANNOTATION = Compliance.ANNOTATION;
const VAULT = { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso', namespace: 'external-secrets' } } } } };
const REASON = 'the platform team scopes this store by admission policy';

/** An unscoped ClusterSecretStore (ZT-ESO1) carrying `annotations`. */
const unscopedStore = (name: string, annotations?: Record<string, string>) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name, ...annotations ? { annotations } : {} },
  spec: { provider: VAULT },
});
const acknowledging = (ids: Record<string, string>) => ({ [ANNOTATION]: JSON.stringify(ids) });
/** A hardened pod that mounts its service account token (ZT-SA2), with `annotations`. */
const tokenPod = (annotations: Record<string, string>) => {
  const pod = goodPod('reporter', spec => { spec.automountServiceAccountToken = true; });
  return { ...pod, metadata: { ...pod.metadata, namespace: NAMESPACE, annotations } };
};
const vaultProvider = (chart: Chart) => SecretStoreProvider.vault({
  server: 'https://vault.example.com',
  path: 'secret',
  auth: VaultAuth.kubernetes({ role: 'eso', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'eso', 'eso', { namespaceName: 'external-secrets' }), audiences: ['vault'] }),
});

const annotationAttempts: Attempt[] = [
  { name: 'raw object acknowledging its own finding', route: Route.RAW, caughtBy: 'ZT-ACK1', build: c => raw(clusterChart(c), unscopedStore('shared', acknowledging({ 'ZT-ESO1': REASON }))) },
  { name: 'raw object: the unacknowledged finding still fails', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), unscopedStore('shared', acknowledging({ 'ZT-ESO1': REASON }))) },
  { name: 'included third-party YAML acknowledging itself', route: Route.INCLUDE, caughtBy: 'ZT-ACK1', build: c => include(clusterChart(c), [unscopedStore('vendor', acknowledging({ 'ZT-ESO1': REASON }))]) },
  { name: 'included YAML: its finding still fails', route: Route.INCLUDE, caughtBy: 'ZT-ESO1', build: c => include(clusterChart(c), [unscopedStore('vendor', acknowledging({ 'ZT-ESO1': REASON }))]) },
  { name: 'item of a kind: List acknowledging itself', route: Route.LIST, caughtBy: 'ZT-ACK1', build: c => asList(clusterChart(c), [unscopedStore('listed', acknowledging({ 'ZT-ESO1': REASON }))]) },
  { name: 'item of a List in a List', route: Route.LIST, caughtBy: 'ZT-ESO1', build: c => asList(clusterChart(c), [{ apiVersion: 'v1', kind: 'List', items: [unscopedStore('deep', acknowledging({ 'ZT-ESO1': REASON }))] }]) },
  { name: 'second chart with an annotated object', route: Route.SECOND_CHART, caughtBy: 'ZT-ACK1', build: c => raw(secondChart(c, undefined as any), unscopedStore('second', acknowledging({ 'ZT-ESO1': REASON }))) },
  { name: 'annotated object added after applyTo', route: Route.AFTER_APPLY, caughtBy: 'ZT-ACK1', build: c => raw(clusterChart(c), unscopedStore('late', acknowledging({ 'ZT-ESO1': REASON }))) },
  {
    name: 'a JSON patch adds the annotation to a construct\'s object',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-ACK1',
    build: c => {
      const project = new AppProject(c, 'p', { sourceRepos: ['https://github.com/my-org/app'] });
      patch(project, JsonPatch.replace('/spec/sourceRepos', ['*']), JsonPatch.add('/metadata/annotations', acknowledging({ 'ZT-ARGO4': REASON })));
    },
  },
  {
    name: 'a JSON patch widens a project and annotates it: the widening still fails',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-ARGO4',
    build: c => {
      const project = new AppProject(c, 'p', { sourceRepos: ['https://github.com/my-org/app'] });
      patch(project, JsonPatch.replace('/spec/sourceRepos', ['*']), JsonPatch.add('/metadata/annotations', acknowledging({ 'ZT-ARGO4': REASON })));
    },
  },
  {
    name: 'cdk8s-plus Deployment annotated to keep its token',
    route: Route.CDK8S_PLUS,
    caughtBy: 'ZT-ACK1',
    build: c => {
      const deployment = new kplus.Deployment(c, 'd', { containers: [{ image: 'registry.example.com/app:1.2.3' }] });
      deployment.metadata.addAnnotation(ANNOTATION, JSON.stringify({ 'ZT-SA2': 'reads one ConfigMap through the API' }));
    },
  },
  { name: 'an annotation that acknowledges ZT-ACK1 itself', route: Route.RAW, caughtBy: 'ZT-ACK1', build: c => raw(c, tokenPod(acknowledging({ 'ZT-ACK1': REASON, 'ZT-SA2': REASON }))) },
  { name: 'an annotation that is not JSON', route: Route.RAW, caughtBy: 'ZT-ACK1', build: c => raw(c, tokenPod({ [ANNOTATION]: 'ZT-SA2: reads one ConfigMap through the API' })) },
  { name: 'the annotation key in other case acknowledges nothing', route: Route.RAW, caughtBy: 'ZT-SA2', build: c => raw(c, tokenPod({ [ANNOTATION.replace('compliance', 'Compliance')]: JSON.stringify({ 'ZT-SA2': REASON }) })) },
  { name: 'an annotation with a padded reason', route: Route.RAW, caughtBy: 'ZT-SA2', build: c => raw(c, tokenPod(acknowledging({ 'ZT-SA2': 'x'.repeat(12) }))) },
];

const reasonAttempts: Attempt[] = [
  ...[
    ['ten times the same letter', 'xxxxxxxxxx'],
    ['ten zero-width spaces', '\u200b'.repeat(10)],
    ['ten Hangul fillers', '\u3164'.repeat(10)],
    ['Hangul half-width fillers', '\uffa0'.repeat(12)],
    ['braille blanks between words', 'ok\u2800\u2800\u2800\u2800\u2800\u2800 fine'],
    ['zero-width joiners inside words', 'platform\u200dteam owns this'],
    ['one word repeated', 'approved approved approved'],
    ['two-letter padding words', 'aaaaa bbbbb ccccc'],
    ['three characters', 'n/a'],
    ['a right-to-left override', 'platform team \u202eowns this'],
  ].map(([what, reason]): Attempt => ({
    name: `Compliance.acknowledge with ${what}`,
    route: Route.CONSTRUCT,
    caughtBy: /is not a written reason/,
    build: c => Compliance.of(raw(clusterChart(c), unscopedStore('s'))).acknowledge({ id: 'ZT-ESO1', reason }),
  })),
  { name: 'AppProject.fromDefaultProject with a three-letter reason', route: Route.CONSTRUCT, caughtBy: /'reason' \("yes"\) is not a written reason/, build: c => AppProject.fromDefaultProject(c, 'default', { reason: 'yes' }) },
  { name: 'allowAllSourceRepos with padding', route: Route.CONSTRUCT, caughtBy: /'allowAllSourceRepos' .* is not a written reason/, build: c => new AppProject(c, 'p', { allowAllSourceRepos: '..........' }) },
  { name: 'allowAllNamespaces on a ClusterSecretStore with zero-width spaces', route: Route.CONSTRUCT, caughtBy: /'allowAllNamespaces' .* is not a written reason/, build: c => new ClusterSecretStore(clusterChart(c), 's', { provider: vaultProvider(c), allowAllNamespaces: '\u200b'.repeat(20) }) },
];

const metadataAttempts: Attempt[] = [
  { name: 'raw object in a chart whose namespace has capitals', route: Route.RAW, caughtBy: 'ZT-META1', build: c => raw(new Chart(c.node.root as any, 'bad', { namespace: 'Team-A' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } }) },
  { name: 'cdk8s-plus ConfigMap in a chart with an underscore namespace', route: Route.CDK8S_PLUS, caughtBy: 'ZT-META1', build: c => new kplus.ConfigMap(new Chart(c.node.root as any, 'bad', { namespace: 'team_a' }), 'cm', { data: { a: 'b' } }) },
  { name: 'this library\'s construct in a chart with a 64-character namespace', route: Route.CONSTRUCT, caughtBy: /namespace of chart "bad"/, build: c => new Password(new Chart(c.node.root as any, 'bad', { namespace: 'a'.repeat(64) }), 'p') },
  { name: 'included YAML with a namespace of capitals', route: Route.INCLUDE, caughtBy: 'ZT-META1', build: c => include(c, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'Team-B' }, data: {} }]) },
  { name: 'a List item named ..', route: Route.LIST, caughtBy: 'ZT-META1', build: c => asList(c, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '..', namespace: NAMESPACE }, data: {} }]) },
  { name: 'a JSON patch sets an invalid namespace', route: Route.JSON_PATCH, caughtBy: 'ZT-META1', build: c => new ApiObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }).addJsonPatch(JsonPatch.replace('/metadata/namespace', 'Team.A')) },
];

const legitimate: Legitimate[] = [
  {
    name: 'a raw object acknowledged in code with a written reason',
    build: c => Compliance.of(raw(clusterChart(c), unscopedStore('shared'))).acknowledge({ id: 'ZT-ESO1', reason: REASON }),
  },
  {
    name: 'a ClusterSecretStore scoped to the team',
    build: c => new ClusterSecretStore(clusterChart(c), 's', { provider: vaultProvider(c), conditions: [NamespaceCondition.names([NAMESPACE])] }),
  },
  {
    name: 'an opt-in with a written reason in another script',
    build: c => new AppProject(c, 'p', { allowAllSourceRepos: 'die Plattform prüft jedes Repository, das sie ausrollt' }),
  },
  {
    name: 'a reason in Japanese',
    build: c => Compliance.of(raw(clusterChart(c), unscopedStore('jp'))).acknowledge({ id: 'ZT-ESO1', reason: 'プラットフォームチームが管理する、共有の読み取り専用ストア' }),
  },
  {
    name: 'objects in a lowercase chart namespace',
    build: c => new kplus.ConfigMap(c, 'cm', { data: { a: 'b' } }),
  },
];

bypassCorpus('acknowledgements and names', [...annotationAttempts, ...reasonAttempts, ...metadataAttempts], legitimate);
