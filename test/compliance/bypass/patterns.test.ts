/**
 * Bypass corpus, patterns judged by what they match (issue #12, part 4): ClusterSecretStore conditions that mean
 * "every namespace" without spelling it (ZT-ESO1), remote keys that leave the key prefix once the provider reads
 * them (ZT-ESO7), AppProject source repositories beyond one owner (ZT-ARGO4), destinations and source namespaces
 * reaching every or system namespaces (ZT-ARGO6) and every cluster (ZT-ARGO7), through every route. Legitimate
 * configurations are the scoped patterns teams write, and must pass.
 */
import { App, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { asList, Attempt, bypassCorpus, clusterChart, include, Legitimate, NAMESPACE, patch, raw, Route, secondChart } from './corpus';
import { AppProject } from '../../../src/argocd';
import { LabelSelectorOperator } from '../../../src/common';
import { KEY_PREFIX_ANNOTATION } from '../../../src/compliance/annotations';
import {
  ClusterSecretStore, DataFromSource, ExternalSecret, NamespaceCondition, PushSecret, PushSecretSource, ReferentServiceAccount,
  SecretStore, SecretStoreProvider, VaultAuth,
} from '../../../src/external-secrets';

const ESO = 'external-secrets.io/v1';
const ARGO = 'argoproj.io/v1alpha1';
const SERVER = 'https://api.spoke.example.com:6443';
const PREFIX = 'apps/team-a/';

function vaultProvider(scope: Construct, id: string, referent: boolean): SecretStoreProvider {
  const serviceAccount = referent ? ReferentServiceAccount.fromName(scope, id, 'eso-shared')
    : new kplus.ServiceAccount(scope, id, { metadata: { name: 'eso-reader' }, automountToken: false });
  return SecretStoreProvider.vault({
    server: 'https://vault.vault.svc:8200',
    path: 'secret',
    auth: VaultAuth.kubernetes({ role: 'team-a-reader', serviceAccount, audiences: ['vault'] }),
  });
}

/** The team's Vault SecretStore, restricted to `keyPrefix`. */
function teamStore(chart: Chart, keyPrefix = PREFIX): SecretStore {
  return new SecretStore(chart, 'store', { metadata: { name: 'vault' }, provider: vaultProvider(chart, 'reader', false), keyPrefix });
}

/** A shared ClusterSecretStore built with this library's construct. */
function sharedStore(chart: Chart, conditions: NamespaceCondition[] = [NamespaceCondition.names([NAMESPACE])]): ClusterSecretStore {
  const at = clusterChart(chart);
  return new ClusterSecretStore(at, 'shared', { metadata: { name: 'shared-vault' }, provider: vaultProvider(at, 'sa', true), conditions });
}

/** A raw ClusterSecretStore with `conditions` (omitted when undefined). */
const storeRaw = (conditions?: any[]) => ({
  apiVersion: ESO,
  kind: 'ClusterSecretStore',
  metadata: { name: 'shared-vault' },
  spec: {
    provider: { vault: { server: 'https://vault.vault.svc:8200', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'shared', serviceAccountRef: { name: 'eso-shared', namespace: 'external-secrets', audiences: ['vault'] } } } } },
    ...conditions ? { conditions } : {},
  },
});
const regexes = (...namespaceRegexes: string[]) => storeRaw([{ namespaceRegexes }]);

/** A raw ExternalSecret of the team reading `key` through the team's store. */
const readRaw = (key: string, name = 'db') => ({
  apiVersion: ESO,
  kind: 'ExternalSecret',
  metadata: { name, namespace: NAMESPACE },
  spec: { secretStoreRef: { kind: 'SecretStore', name: 'vault' }, target: { name }, data: [{ secretKey: 'password', remoteRef: { key } }] },
});

/** A raw PushSecret of the team writing `remoteKey` through the team's store. */
const pushRaw = (remoteKey: string) => ({
  apiVersion: 'external-secrets.io/v1alpha1',
  kind: 'PushSecret',
  metadata: { name: 'push', namespace: NAMESPACE },
  spec: { secretStoreRefs: [{ kind: 'SecretStore', name: 'vault' }], selector: { secret: { name: 'generated' } }, data: [{ match: { secretKey: 'value', remoteRef: { remoteKey } } }] },
});

/** A construct-built ExternalSecret reading `key` through the team's store. */
function read(chart: Chart, key: string, store: SecretStore = teamStore(chart)): ExternalSecret {
  const es = new ExternalSecret(chart, `es-${key.replace(/[^a-z0-9]/g, '')}`, { metadata: { name: 'db' }, store });
  es.addData('password', { key });
  return es;
}

const projectRaw = (spec: any, name = 'team-a') => ({ apiVersion: ARGO, kind: 'AppProject', metadata: { name, namespace: 'argocd' }, spec });
const repos = (...sourceRepos: string[]) => projectRaw({ sourceRepos, destinations: [{ server: SERVER, namespace: 'team-a' }] });
const dests = (...destinations: any[]) => projectRaw({ sourceRepos: ['https://github.com/my-org/team-a-config'], destinations });

/** A construct-built AppProject of the team. */
function project(chart: Chart, props: any = {}): AppProject {
  return new AppProject(chart, 'project', {
    metadata: { name: 'team-a' },
    sourceRepos: ['https://github.com/my-org/team-a-config'],
    destinations: [{ server: SERVER, namespace: 'team-a' }],
    ...props,
  });
}

const attempts: Attempt[] = [
  // ZT-ESO1: conditions that admit every namespace
  { name: 'namespace regex ^.*$', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('^.*$')) },
  { name: 'regex with an alternative that matches everything', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('^(team-a|.*)$')) },
  { name: 'regex with an empty alternative', route: Route.INCLUDE, caughtBy: 'ZT-ESO1', build: c => include(clusterChart(c), [regexes('^team-a$|')]) },
  { name: 'case-insensitive flag group before .*', route: Route.LIST, caughtBy: 'ZT-ESO1', build: c => asList(clusterChart(c), [regexes('(?i)^.*')]) },
  { name: 'negated class that excludes one letter', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('^team-a$', '^[^q]*$')) },
  { name: 'a single dot (matched anywhere)', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('.')) },
  { name: 'the whole DNS alphabet', route: Route.SECOND_CHART, caughtBy: 'ZT-ESO1', build: c => raw(new Chart(c.node.root as App, 'platform'), regexes('^[a-z0-9-]+$')) },
  { name: 'POSIX class [[:alnum:]] with -', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('^[[:alnum:]-]+$')) },
  { name: 'unanchored team-a (admits x-team-a-x)', route: Route.AFTER_APPLY, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('team-a')) },
  { name: 'prefix of two characters', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('^te.*$')) },
  { name: 'lookahead Go rejects', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), regexes('^(?!kube-).*$')) },
  { name: 'no conditions at all', route: Route.INCLUDE, caughtBy: 'ZT-ESO1', build: c => include(clusterChart(c), [storeRaw()]) },
  { name: 'empty namespaceSelector {}', route: Route.RAW, caughtBy: 'ZT-ESO1', build: c => raw(clusterChart(c), storeRaw([{ namespaces: [NAMESPACE] }, { namespaceSelector: {} }])) },
  { name: 'selector that only excludes (NotIn, DoesNotExist)', route: Route.INCLUDE, caughtBy: 'ZT-ESO1', build: c => include(clusterChart(c), [storeRaw([{ namespaceSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['prod'] }, { key: 'legacy', operator: 'DoesNotExist' }] } }])]) },
  { name: 'Exists on kubernetes.io/metadata.name', route: Route.LIST, caughtBy: 'ZT-ESO1', build: c => asList(clusterChart(c), [storeRaw([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }])]) },
  { name: 'construct regexes ^(team-a|.*)$ (anchored by spelling)', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO1', build: c => sharedStore(c, [NamespaceCondition.regexes(['^(team-a|.*)$'])]) },
  { name: 'construct regexes ^.*$', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO1', build: c => sharedStore(c, [NamespaceCondition.regexes(['^.*$'])]) },
  { name: 'construct selector of a NotIn expression', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO1', build: c => sharedStore(c, [NamespaceCondition.selector({ matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['prod'] }] })]) },
  { name: 'regex added to the construct by json-patch', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO1', build: c => patch(sharedStore(c), JsonPatch.add('/spec/conditions/0/namespaceRegexes', ['.*'])) },
  { name: 'conditions removed by json-patch', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO1', build: c => patch(sharedStore(c), JsonPatch.remove('/spec/conditions')) },

  // ZT-ESO7: keys that leave the prefix once the provider reads them
  { name: 'construct key with .. back out of the prefix', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO7', build: c => read(c, 'apps/team-a/../team-b/db') },
  { name: 'construct key continuing the prefix segment (team-admin)', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO7', build: c => read(c, 'apps/team-admin/db', teamStore(c, 'apps/team-a')) },
  { name: 'construct PushSecret climbing above the mount', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO7', build: c => new PushSecret(c, 'push', { source: PushSecretSource.secretName('generated'), stores: [teamStore(c)] }).addKey('value', { remoteKey: 'apps/team-a/../../../sys/policy/x' }) },
  { name: 'construct find.path with ..', route: Route.CONSTRUCT, caughtBy: 'ZT-ESO7', build: c => new ExternalSecret(c, 'all', { metadata: { name: 'all' }, store: teamStore(c) }).addDataFrom(DataFromSource.find({ path: 'apps/team-a/..', nameRegexp: '.*' })) },
  { name: 'raw key with // and ..', route: Route.RAW, caughtBy: 'ZT-ESO7', build: c => { teamStore(c); raw(c, readRaw('apps/team-a//../team-b/db')); } },
  { name: 'key patched to .. after construction', route: Route.JSON_PATCH, caughtBy: 'ZT-ESO7', build: c => patch(read(c, 'apps/team-a/db'), JsonPatch.replace('/spec/data/0/remoteRef/key', 'apps/team-a/./../team-b/db')) },
  { name: 'included PushSecret with .. ', route: Route.INCLUDE, caughtBy: 'ZT-ESO7', build: c => { teamStore(c); include(c, [pushRaw('apps/team-a/x/../../team-b/x')]); } },
  { name: 'listed ExternalSecret with .. in extract', route: Route.LIST, caughtBy: 'ZT-ESO7', build: c => { teamStore(c); asList(c, [{ ...readRaw('apps/team-a/db'), spec: { secretStoreRef: { kind: 'SecretStore', name: 'vault' }, target: { name: 'db' }, dataFrom: [{ extract: { key: 'apps/team-a/../../kv/other' } }] } }]); } },
  { name: 'ExternalSecret in a second chart using the store', route: Route.SECOND_CHART, caughtBy: 'ZT-ESO7', build: c => { teamStore(c); raw(secondChart(c), readRaw('/apps/team-a/../team-b/db')); } },
  { name: 'ExternalSecret added after the pack', route: Route.AFTER_APPLY, caughtBy: 'ZT-ESO7', build: c => { teamStore(c); raw(c, readRaw('apps/team-a/../team-b/db'), 'late'); } },
  {
    name: '.. in a name-based (AWS) store',
    route: Route.RAW,
    caughtBy: 'ZT-ESO7',
    build: c => {
      raw(c, { apiVersion: ESO, kind: 'SecretStore', metadata: { name: 'vault', namespace: NAMESPACE, annotations: { [KEY_PREFIX_ANNOTATION]: 'team-a-' } }, spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'eso-reader', audiences: ['sts.amazonaws.com'] } } } } } } });
      raw(c, readRaw('team-a-x/../team-b-db'));
    },
  },

  // ZT-ARGO4: source repositories beyond one owner
  { name: 'construct sourceRepos https://github.com/*', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO4', build: c => project(c, { sourceRepos: ['https://github.com/*'] }) },
  { name: 'construct sourceRepos owner prefix my-org*', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO4', build: c => project(c, { sourceRepos: ['https://github.com/my-org*'] }) },
  { name: 'construct deny entry next to the team glob', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO4', build: c => project(c, { sourceRepos: ['https://github.com/my-org/team-a-*', '!https://github.com/my-org/team-a-secrets'] }) },
  { name: 'host wildcard in front', route: Route.RAW, caughtBy: 'ZT-ARGO4', build: c => raw(c, repos('*github.com/my-org/*')) },
  { name: 'scp-style git@github.com:*', route: Route.INCLUDE, caughtBy: 'ZT-ARGO4', build: c => include(c, [repos('git@github.com:*')]) },
  { name: 'subdomain wildcard', route: Route.LIST, caughtBy: 'ZT-ARGO4', build: c => asList(c, [repos('https://*.example.com/team-a/app')]) },
  { name: '** patched into the construct', route: Route.JSON_PATCH, caughtBy: 'ZT-ARGO4', build: c => patch(project(c), JsonPatch.add('/spec/sourceRepos/-', '**')) },
  { name: '* in a second chart', route: Route.SECOND_CHART, caughtBy: 'ZT-ARGO4', build: c => raw(secondChart(c, 'argocd'), repos('*')) },
  { name: 'upper-case host glob after the pack', route: Route.AFTER_APPLY, caughtBy: 'ZT-ARGO4', build: c => raw(c, repos('HTTPS://GITHUB.COM/*')) },

  // ZT-ARGO6: every or system namespaces
  { name: 'construct destination kube-system', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO6', build: c => project(c, { destinations: [{ server: SERVER, namespace: 'kube-system' }] }) },
  { name: 'construct destination *-system', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO6', build: c => project(c, { destinations: [{ server: SERVER, namespace: '*-system' }] }) },
  { name: 'construct destination ?* (every namespace, not spelled *)', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO6', build: c => project(c, { destinations: [{ server: SERVER, namespace: '?*' }] }) },
  { name: 'construct destination argocd (the project\'s own namespace)', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO6', build: c => project(c, { destinations: [{ server: SERVER, namespace: 'argocd' }] }) },
  { name: 'construct deny destination !kube-system (admits the rest)', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO6', build: c => project(c, { destinations: [{ server: SERVER, namespace: 'team-a' }, { server: SERVER, namespace: '!kube-system' }] }) },
  { name: 'construct source namespace kube-*', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO6', build: c => project(c).addSourceNamespace('kube-*') },
  { name: 'raw deny namespace entry', route: Route.RAW, caughtBy: 'ZT-ARGO6', build: c => raw(c, dests({ server: SERVER, namespace: 'team-a-*' }, { server: SERVER, namespace: '!team-a-secrets' })) },
  { name: 'included sourceNamespaces *', route: Route.INCLUDE, caughtBy: 'ZT-ARGO6', build: c => include(c, [projectRaw({ sourceNamespaces: ['team-a', '*'] })]) },
  { name: 'listed sourceNamespaces regex /.*/', route: Route.LIST, caughtBy: 'ZT-ARGO6', build: c => asList(c, [projectRaw({ sourceNamespaces: ['/.*/'] })]) },
  { name: 'destination patched to openshift-*', route: Route.JSON_PATCH, caughtBy: 'ZT-ARGO6', build: c => patch(project(c), JsonPatch.replace('/spec/destinations/0/namespace', 'openshift-*')) },
  { name: 'destination default in a second chart', route: Route.SECOND_CHART, caughtBy: 'ZT-ARGO6', build: c => raw(secondChart(c, 'argocd'), dests({ name: 'in-cluster', namespace: 'default' })) },
  { name: 'destination t* after the pack', route: Route.AFTER_APPLY, caughtBy: 'ZT-ARGO6', build: c => raw(c, dests({ server: SERVER, namespace: 't*' })) },

  // ZT-ARGO7: every cluster
  { name: 'construct server https://*', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO7', build: c => project(c, { destinations: [{ server: 'https://*', namespace: 'team-a' }] }) },
  { name: 'construct cluster name p*', route: Route.CONSTRUCT, caughtBy: 'ZT-ARGO7', build: c => project(c, { destinations: [{ clusterName: 'p*', namespace: 'team-a' }] }) },
  { name: 'raw deny server (admits every other cluster)', route: Route.RAW, caughtBy: 'ZT-ARGO7', build: c => raw(c, dests({ server: '!https://prod.example.com:6443', namespace: 'team-a' })) },
  { name: 'included cluster name *', route: Route.INCLUDE, caughtBy: 'ZT-ARGO7', build: c => include(c, [dests({ name: '*', namespace: 'team-a' })]) },
  { name: 'listed server https://*:6443', route: Route.LIST, caughtBy: 'ZT-ARGO7', build: c => asList(c, [dests({ server: 'https://*:6443', namespace: 'team-a' })]) },
  { name: 'server patched to *', route: Route.JSON_PATCH, caughtBy: 'ZT-ARGO7', build: c => patch(project(c), JsonPatch.replace('/spec/destinations/0/server', '*')) },
  { name: 'server https://api.* after the pack', route: Route.AFTER_APPLY, caughtBy: 'ZT-ARGO7', build: c => raw(c, dests({ server: 'https://api.*', namespace: 'team-a' })) },
];

const legitimate: Legitimate[] = [
  { name: 'ClusterSecretStore for named namespaces', build: c => sharedStore(c, [NamespaceCondition.names([NAMESPACE, 'team-b'])]) },
  { name: 'ClusterSecretStore with an anchored team regex', build: c => sharedStore(c, [NamespaceCondition.regexes(['^team-a-[a-z0-9-]+$', '^(?:team-b|team-c)$'])]) },
  { name: 'ClusterSecretStore selecting a tenant label', build: c => sharedStore(c, [NamespaceCondition.selector({ matchLabels: { tenant: 'team-a' } })]) },
  { name: 'ClusterSecretStore selecting with In and NotIn', build: c => sharedStore(c, [NamespaceCondition.selector({ matchExpressions: [{ key: 'tenant', operator: LabelSelectorOperator.IN, values: ['team-a', 'team-b'] }, { key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['prod'] }] })]) },
  { name: 'raw ClusterSecretStore with \\A...\\z and (?m) anchors', build: c => raw(clusterChart(c), regexes('\\Ateam-a-[0-9]{1,3}\\z', '(?m)^ci-.*$')) },
  {
    name: 'ExternalSecret reading under the prefix (key, extract, find)',
    build: c => {
      const store = teamStore(c);
      read(c, 'apps/team-a/db', store).addDataFrom(DataFromSource.extract({ key: 'apps/team-a/config' }));
      new ExternalSecret(c, 'all', { metadata: { name: 'all' }, store }).addDataFrom(DataFromSource.find({ path: 'apps/team-a/', nameRegexp: '.*' }));
    },
  },
  { name: 'raw ExternalSecret with a path that stays inside after cleaning', build: c => { teamStore(c); raw(c, readRaw('apps/team-a/x/../db')); } },
  { name: 'prefix without trailing slash admits its subpaths', build: c => read(c, 'apps/team-a/db', teamStore(c, 'apps/team-a')) },
  { name: 'PushSecret under the prefix', build: c => new PushSecret(c, 'push', { source: PushSecretSource.secretName('generated'), stores: [teamStore(c)] }).addKey('value', { remoteKey: 'apps/team-a/out' }) },
  { name: 'AppProject with repositories of one owner', build: c => project(c, { sourceRepos: ['https://github.com/my-org/app-*', 'https://github.com/my-org/team-a-config.git', 'git@github.com:my-org/team-a-*'] }) },
  { name: 'AppProject with team-a-* destinations on named clusters', build: c => project(c, { destinations: [{ server: SERVER, namespace: 'team-a-*' }, { clusterName: 'in-cluster', namespace: 'team-a' }] }) },
  { name: 'AppProject with team source namespaces', build: c => project(c, { sourceNamespaces: ['team-a-apps', 'team-a-*'] }) },
  { name: 'AppProject with a server glob inside one domain', build: c => project(c, { destinations: [{ server: 'https://*.team-a.example.com:6443', namespace: 'team-a' }, { clusterName: 'team-a-*', namespace: 'team-a-web' }] }) },
];

bypassCorpus('patterns', attempts, legitimate);
