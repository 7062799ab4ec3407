import { Case } from './case';
import { KEY_PREFIX_ANNOTATION } from '../../../src/compliance/annotations';

/** Cases of the rules that judge patterns by what they match (issue #12, part 4): ESO1, ESO7, ARGO4, ARGO6, ARGO7. */

const ESO = 'external-secrets.io/v1';
const vault = { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso' } } } } };
const aws = { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { jwt: { serviceAccountRef: { name: 'eso' } } } } };
const clusterStore = (conditions?: any[]) => ({ apiVersion: ESO, kind: 'ClusterSecretStore', metadata: { name: 'store' }, spec: { provider: vault, ...conditions ? { conditions } : {} } });
const prefixed = (kind: string, name: string, prefix?: string, provider: any = vault) => ({
  apiVersion: ESO, kind, metadata: { name, ...kind === 'SecretStore' ? { namespace: 'team' } : {}, ...prefix ? { annotations: { [KEY_PREFIX_ANNOTATION]: prefix } } : {} }, spec: { provider },
});
const teamSecret = (spec: any) => ({ apiVersion: ESO, kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'team' }, spec });
const fromStore = (name: string, kind = 'SecretStore') => ({ secretStoreRef: { kind, name } });
const read = (store: string, key: string) => teamSecret({ ...fromStore(store), data: [{ secretKey: 'pw', remoteRef: { key } }] });
const pushSecret = (storeNames: string[], remoteKeys: string[]) => ({
  apiVersion: 'external-secrets.io/v1alpha1',
  kind: 'PushSecret',
  metadata: { name: 'push', namespace: 'team' },
  spec: { secretStoreRefs: storeNames.map(name => ({ kind: 'SecretStore', name })), selector: { secret: { name: 'src' } }, data: remoteKeys.map(remoteKey => ({ match: { secretKey: 'k', remoteRef: { remoteKey } } })) },
});
const argoApp = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'app', namespace: 'argocd' }, spec: { project: 'team', source: { repoURL: 'https://git.example.com/r', path: '.' }, destination: { name: 'in-cluster', namespace: 'team' } } };
const appProject = (spec: any) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team', namespace: 'argocd' }, spec });
const SERVER = 'https://api.spoke.example.com:6443';
const destinations = (...namespaces: string[]) => appProject({ destinations: namespaces.map(namespace => ({ server: SERVER, namespace })) });
const clusters = (...entries: any[]) => appProject({ destinations: entries.map(e => ({ namespace: 'team-a', ...e })) });

export const PATTERNS_CASES: Record<string, Case> = {
  'ZT-ESO1': {
    compliant: [
      clusterStore([{ namespaces: ['team'] }]),
      clusterStore([{ namespaceRegexes: ['^team-[a-z]+$', '^(?:ci|cd)-.*$', '\\Ateam-a-[0-9]{1,3}\\z', '(?m)^team-b$'] }]),
      clusterStore([{ namespaceSelector: { matchLabels: { tenant: 'team-a' } } }, { namespaceSelector: { matchExpressions: [{ key: 'tenant', operator: 'In', values: ['a', 'b'] }, { key: 'tier', operator: 'NotIn', values: ['prod'] }] } }]),
      // a condition with nothing in it selects no namespace in ESO
      clusterStore([{ namespaces: ['team'] }, {}]),
    ],
    nonCompliant: [
      { manifest: clusterStore(), finding: /^spec.conditions is unset, so every namespace may use the store$/ },
      { manifest: clusterStore([]), finding: /spec.conditions is unset/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^.*$'] }]), finding: /^spec.conditions\[0\].namespaceRegexes\[0\] "\^\.\*\$" matches every namespace \(e.g. [a-z0-9-]+, and system namespaces default, kube-system/ },
      { manifest: clusterStore([{ namespaces: ['team'] }, { namespaceRegexes: ['^team-a$', '^(team-a|.*)$'] }]), finding: /^spec.conditions\[1\].namespaceRegexes\[1\] "\^\(team-a\|\.\*\)\$" matches every namespace/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^team-a$|'] }]), finding: /namespaceRegexes\[0\] "\^team-a\$\|" matches every namespace/ },
      { manifest: clusterStore([{ namespaceRegexes: ['(?i)^.*'] }]), finding: /matches every namespace/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^[^q]*$'] }]), finding: /"\^\[\^q\]\*\$" matches namespaces nobody listed/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^[a-z0-9-]+$'] }]), finding: /matches every namespace/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^ab.*$'] }]), finding: /matches namespaces nobody listed \(e.g. ab/ },
      { manifest: clusterStore([{ namespaceRegexes: ['team-a'] }]), finding: /"team-a" is not anchored at either end: it is matched anywhere in the name, so it also admits x-team-a-x/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^team-a'] }]), finding: /is not anchored at the end \(\$\).*admits team-a-x/ },
      { manifest: clusterStore([{ namespaceRegexes: ['^team-(?=a)'] }]), finding: /is not valid Go RE2 \(lookahead \(\?=, which RE2 does not support\)/ },
      { manifest: clusterStore([{ namespaceSelector: {} }]), finding: /^spec.conditions\[0\].namespaceSelector is empty \(\{\}\), which selects every namespace$/ },
      { manifest: clusterStore([{ namespaceSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['prod'] }, { key: 'legacy', operator: 'DoesNotExist' }] } }]), finding: /namespaceSelector only excludes \(NotIn tier, DoesNotExist legacy\)/ },
      { manifest: clusterStore([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }]), finding: /only excludes \(Exists kubernetes.io\/metadata.name\)/ },
    ],
    notApplicable: [prefixed('SecretStore', 'vault')],
  },
  'ZT-ESO7': {
    compliant: [
      teamSecret({ ...fromStore('vault'), data: [{ secretKey: 'pw', remoteRef: { key: 'apps/team/db' } }], dataFrom: [{ extract: { key: 'apps/team/cfg' } }, { find: { path: 'apps/team/', name: { regexp: '.*' } } }] }),
      teamSecret({ ...fromStore('vault'), data: [{ secretKey: 'pw', remoteRef: { key: 'apps/team/db' } }, { secretKey: 'x', remoteRef: { key: 'anything' }, sourceRef: { storeRef: { kind: 'SecretStore', name: 'open' } } }] }),
      pushSecret(['vault'], ['apps/team/out']),
      // Vault reads the cleaned path: the mount, data/, //, ./ and a leading / do not leave the prefix
      read('vault', 'secret/data/apps/team/db'),
      read('vault', '/apps/team//x/./db'),
      read('vault', 'apps/team/x/../db'),
      // a prefix without a trailing separator admits itself and what follows a '/'
      read('bare', 'team-a'),
      read('bare', 'team-a/db'),
      read('aws', 'team-a-db'),
    ],
    others: [
      prefixed('SecretStore', 'vault', 'apps/team/'), prefixed('SecretStore', 'open'), prefixed('ClusterSecretStore', 'shared', 'platform/'),
      prefixed('SecretStore', 'bare', 'team-a'), prefixed('SecretStore', 'aws', 'team-a-', aws),
    ],
    nonCompliant: [
      { manifest: read('vault', 'apps/other/db'), finding: /^spec.data\[0\].remoteRef.key apps\/other\/db does not start with apps\/team\/ \(the key prefix of SecretStore team\/vault\)$/ },
      { manifest: teamSecret({ ...fromStore('open'), dataFrom: [{ extract: { key: 'x' }, sourceRef: { storeRef: { kind: 'ClusterSecretStore', name: 'shared' } } }] }), finding: /dataFrom\[0\].extract.key x does not start with platform\/ \(the key prefix of ClusterSecretStore shared\)/ },
      { manifest: teamSecret({ ...fromStore('vault'), dataFrom: [{ find: { name: { regexp: '.*' } } }] }), finding: /spec.dataFrom\[0\].find.path is unset: only keys under apps\/team\/ are allowed/ },
      { manifest: pushSecret(['open', 'vault'], ['apps/team/ok', 'elsewhere/key']), finding: /spec.data\[1\].match.remoteRef.remoteKey elsewhere\/key does not start with apps\/team\// },
      {
        manifest: { apiVersion: ESO, kind: 'ClusterExternalSecret', metadata: { name: 'c' }, spec: { namespaces: ['team'], externalSecretSpec: { ...fromStore('vault'), data: [{ secretKey: 'k', remoteRef: { key: 'tls/cert' } }] } } },
        finding: /spec.externalSecretSpec.data\[0\].remoteRef.key tls\/cert does not start with apps\/team\//,
      },
      { manifest: read('vault', 'apps/team/../other/db'), finding: /^spec.data\[0\].remoteRef.key apps\/team\/..\/other\/db reads apps\/other\/db once Vault's client cleans the path, which is not under apps\/team\// },
      { manifest: read('vault', 'apps/team/../../../sys/policy'), finding: /climbs above the store's path/ },
      { manifest: pushSecret(['vault'], ['apps/team/x/../../other/out']), finding: /remoteKey apps\/team\/x\/..\/..\/other\/out reads apps\/other\/out/ },
      { manifest: read('bare', 'team-admin/db'), finding: /team-admin\/db is not under team-a: it continues the prefix's last segment \(team-admin\) instead of starting with team-a\// },
      { manifest: read('aws', 'team-a-x/../team-b-db'), finding: /has a '..' segment, which this provider does not resolve/ },
      { manifest: read('aws', 'team-a-x/%2E%2E/team-b-db'), finding: /has a '..' segment/ },
    ],
    notApplicable: [
      teamSecret({ ...fromStore('open'), data: [{ secretKey: 'x', remoteRef: { key: 'anything' } }] }),
      teamSecret({ ...fromStore('elsewhere'), data: [{ secretKey: 'x', remoteRef: { key: 'anything' } }] }),
      teamSecret({ ...fromStore('vault'), dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'pw' } } }] }),
      { ...read('vault', 'anything'), metadata: { name: 'es', namespace: 'other' } },
      prefixed('SecretStore', 'vault', 'apps/team/'),
    ],
  },
  'ZT-ARGO4': {
    compliant: [
      appProject({ sourceRepos: ['https://github.com/my-org/team-a-*', 'https://github.com/my-org/app-config.git', 'git@github.com:my-org/team-a-*', 'https://gitlab.com/group/sub/**'] }),
      appProject({ sourceRepos: ['https://GitHub.com/My-Org/team-a-{api,web}', 'ssh://git@github.com/my-org/ops.git', 'oci://registry.example.com/charts/team-a'] }),
      appProject({}),
    ],
    nonCompliant: [
      { manifest: appProject({ sourceRepos: ['https://git.example.com/r', '*'] }), finding: /^spec.sourceRepos\[1\] \* is \* \(every repository\)$/ },
      { manifest: appProject({ sourceRepos: ['https://github.com/*'] }), finding: /^spec.sourceRepos\[0\] https:\/\/github.com\/\* is a glob whose fixed part "https:\/\/github.com\/" stops before the owner: it reaches repositories of every owner on github.com$/ },
      { manifest: appProject({ sourceRepos: ['https://github.com/my-org*'] }), finding: /stops before the owner/ },
      { manifest: appProject({ sourceRepos: ['*github.com/my-org/*'] }), finding: /fixed part "" does not name the host/ },
      { manifest: appProject({ sourceRepos: ['git@github.com:*'] }), finding: /git@github.com:\* is a glob whose fixed part "git@github.com\/" stops before the owner/ },
      { manifest: appProject({ sourceRepos: ['https://*.example.com/team-a/app'] }), finding: /does not name the host/ },
      { manifest: appProject({ sourceRepos: ['**'] }), finding: /every repository/ },
      {
        manifest: appProject({ sourceRepos: ['https://github.com/my-org/team-a-*', '!https://github.com/my-org/team-a-secrets'] }),
        finding: /^spec.sourceRepos\[1\] !https:\/\/github.com\/my-org\/team-a-secrets is a deny entry, and Argo CD counts a deny entry that does not match a repository as a match/,
      },
    ],
    notApplicable: [argoApp],
  },
  'ZT-ARGO6': {
    compliant: [
      destinations('team-a', 'team-a-*', 'team-a-?', 'team-{a,b}-web'),
      appProject({ destinations: [{ name: 'in-cluster', namespace: 'team-b-*' }], sourceNamespaces: ['team-a-apps', 'team-a-*', 'argocd', '/^team-a-[a-z]+$/'] }),
      // an entry without server or name matches no cluster; a glob gobwas rejects matches nothing
      appProject({ destinations: [{ namespace: '*' }, { server: SERVER, namespace: 'team-[a' }] }),
      appProject({}),
    ],
    nonCompliant: [
      { manifest: destinations('team-a', '*'), finding: /^spec.destinations\[1\].namespace \* matches every namespace \(e.g. [a-z0-9-]+, and system namespaces default, kube-system, kube-public, kube-node-lease, ...\)$/ },
      { manifest: destinations('*?'), finding: /namespace \*\? matches every namespace/ },
      { manifest: destinations('?*'), finding: /matches every namespace/ },
      { manifest: destinations('t*'), finding: /namespace t\* matches namespaces nobody listed/ },
      { manifest: destinations('kube-system'), finding: /^spec.destinations\[0\].namespace kube-system reaches the system namespace kube-system$/ },
      { manifest: destinations('*-system'), finding: /namespace \*-system reaches system namespaces kube-system, \*-system/ },
      { manifest: destinations('kube-*'), finding: /reaches system namespaces kube-system, kube-public, kube-node-lease, kube-\*/ },
      { manifest: destinations('openshift-*'), finding: /reaches system namespaces openshift-gitops, openshift-config, openshift-operators, openshift-\*/ },
      { manifest: destinations('default'), finding: /reaches the system namespace default/ },
      { manifest: destinations('argocd'), finding: /reaches the Argo CD namespace argocd, where Argo CD keeps its projects and credentials/ },
      { manifest: destinations('external-secrets'), finding: /reaches the system namespace external-secrets/ },
      { manifest: destinations('gatekeeper-system'), finding: /reaches the system namespace gatekeeper-system/ },
      { manifest: destinations('team-a', '!team-b'), finding: /^spec.destinations\[1\].namespace !team-b is a deny entry, and Argo CD counts a deny entry that does not match as a match: it admits every namespace but team-b$/ },
      { manifest: { ...destinations('gitops-*'), metadata: { name: 'team', namespace: 'gitops-ctl' } }, finding: /reaches system namespaces gitops-ctl/ },
      { manifest: appProject({ destinations: [{ server: SERVER, namespace: 'team-a' }], sourceNamespaces: ['*'] }), finding: /^spec.sourceNamespaces\[0\] \* matches every namespace/ },
      { manifest: appProject({ sourceNamespaces: ['kube-*'] }), finding: /^spec.sourceNamespaces\[0\] kube-\* lets Applications in system namespaces kube-system, kube-public, kube-node-lease, kube-\* use the project$/ },
      { manifest: appProject({ sourceNamespaces: ['/.*/'] }), finding: /sourceNamespaces\[0\] \/\.\*\/ matches every namespace/ },
      { manifest: appProject({ sourceNamespaces: ['/team-a/'] }), finding: /\/team-a\/ is not anchored at either end/ },
      { manifest: appProject({ sourceNamespaces: ['/^(?!kube).*$/'] }), finding: /is a regular expression this library cannot judge \(lookahead/ },
    ],
    notApplicable: [argoApp],
  },
  'ZT-ARGO7': {
    compliant: [
      clusters({ server: SERVER }, { name: 'in-cluster' }, { server: 'https://*.team-a.example.com:6443' }, { name: 'team-a-*' }),
      clusters({ server: 'https://kubernetes.default.svc', name: 'in-cluster' }),
      appProject({}),
    ],
    nonCompliant: [
      { manifest: clusters({ server: '*' }), finding: /^spec.destinations\[0\].server \* is \* \(every cluster\)$/ },
      { manifest: clusters({ name: '*' }), finding: /^spec.destinations\[0\].name \* is \* \(every cluster\)$/ },
      { manifest: clusters({ server: SERVER }, { server: 'https://*' }), finding: /^spec.destinations\[1\].server https:\/\/\* matches any cluster's server \(e.g. https:\/\// },
      { manifest: clusters({ server: 'https://*:6443' }), finding: /matches any cluster's server/ },
      { manifest: clusters({ server: 'https://api.*' }), finding: /matches any cluster's server/ },
      { manifest: clusters({ name: 'p*' }), finding: /name p\* matches cluster names nobody listed/ },
      { manifest: clusters({ server: '!https://prod.example.com:6443' }), finding: /server !https:\/\/prod.example.com:6443 is a deny entry, and Argo CD counts a deny entry that does not match a cluster as a match: it admits every cluster but https:\/\/prod.example.com:6443/ },
    ],
    notApplicable: [argoApp],
  },
};
