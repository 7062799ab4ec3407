import { Case } from './case';
import { goodPod, goodTask, podWith } from '../fixtures';


const secret = (labels: any, stringData: any) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'argocd', labels }, stringData });
const store = (kind: string, spec: any) => ({ apiVersion: 'external-secrets.io/v1', kind, metadata: { name: 'store', ...kind === 'SecretStore' ? { namespace: 'team' } : {} }, spec });
const vault = { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'eso' } } } } };
const externalSecret = (spec: any) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'argocd' }, spec });
const github = { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'GithubAccessToken', metadata: { name: 'gh', namespace: 'argocd' }, spec: { appID: '1', installID: '2', auth: { privateKey: { secretRef: { name: 'pem', key: 'key' } } } } };
const tokenFrom = { dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'GithubAccessToken', name: 'gh' } } }] };
const ns = (name: string, labels?: any) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...labels ? { labels } : {} } });
const udn = (namespace: string) => ({ apiVersion: 'k8s.ovn.org/v1', kind: 'UserDefinedNetwork', metadata: { name: 'net', namespace }, spec: { topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: '10.0.0.0/16' }] } } });
const denyAll = (namespace: string, policyTypes = ['Ingress', 'Egress']) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace }, spec: { podSelector: {}, policyTypes } });
const oidc = (provider: any) => ({ apiVersion: 'config.openshift.io/v1', kind: 'Authentication', metadata: { name: 'cluster' }, spec: { type: 'OIDC', oidcProviders: [{ name: 'spire', ...provider }] } });
const goodProvider = {
  issuer: { issuerURL: 'https://oidc.example.com', audiences: ['openshift-spoke'] },
  claimMappings: { username: { claim: 'sub', prefixPolicy: 'Prefix', prefix: { prefixString: 'spiffe:' } }, groups: { claim: 'groups', prefix: 'spiffe:' } },
};

const argoApp = (project?: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'app', namespace: 'argocd' }, spec: { ...project !== undefined ? { project } : {}, source: { repoURL: 'https://git.example.com/r', path: '.' }, destination: { name: 'in-cluster', namespace: 'team' } } });
const appSet = (project: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'set', namespace: 'argocd' }, spec: { generators: [{ list: { elements: [] } }], template: { metadata: { name: '{{name}}' }, spec: { project, source: { repoURL: 'https://git.example.com/r', path: '.' }, destination: { name: 'in-cluster', namespace: 'team' } } } } });
const appProject = (spec: any) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team', namespace: 'argocd' }, spec });

/** Cases of the first 42 rules (the later ones are in one file per family). */
export const FIRST_CASES: Record<string, Case> = {
  'ZT-IMG1': {
    compliant: [goodPod(), podWith(c => { c.image = 'registry:5000/app:1.2'; })],
    nonCompliant: [
      { manifest: podWith(c => { c.image = 'flyway/flyway:latest'; }), finding: /uses the latest tag/ },
      { manifest: podWith(c => { c.image = 'registry:5000/app'; }), finding: /has no tag/ },
    ],
  },
  'ZT-IMG2': {
    compliant: [goodPod()],
    nonCompliant: [{ manifest: podWith(c => { c.image = 'app:1.2.3'; }), finding: /image app:1.2.3 has no digest/ }],
  },
  'ZT-SEC1': {
    compliant: [goodPod(), podWith(c => { c.env = [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]; })],
    nonCompliant: [
      { manifest: podWith(c => { c.env = [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }]; }), finding: /env PW from secret db/ },
      { manifest: goodTask(s => { s.stepTemplate.envFrom = [{ secretRef: { name: 'db' } }]; }), finding: /step migrate: envFrom secret db/ },
    ],
  },
  'ZT-SEC2': {
    compliant: [podWith(c => { c.env = [{ name: 'TOKEN_FILE', value: '/var/run/secrets/token' }, { name: 'LOG_LEVEL', value: 'debug' }]; })],
    nonCompliant: [{ manifest: podWith(c => { c.env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; }), finding: /literal value in DB_PASSWORD/ }],
  },
  'ZT-SEC3': {
    compliant: [goodPod('m', s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db' } }]; s.containers[0].volumeMounts = [{ name: 'creds', mountPath: '/creds', readOnly: true }]; })],
    nonCompliant: [{
      manifest: goodTask(s => { s.volumes = [{ name: 'creds', projected: { sources: [{ secret: { name: 'db' } }] } }]; s.stepTemplate.volumeMounts = [{ name: 'creds', mountPath: '/creds' }]; }),
      finding: /step migrate: mount creds at \/creds/,
    }],
  },
  'ZT-SEC4': {
    compliant: [
      secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'spoke', server: 'https://api.example.com:6443', config: JSON.stringify({ execProviderConfig: { command: 'x', env: { SPIFFE_JWT_AUDIENCE: 'openshift-spoke', MODE: 'fast' } }, tlsClientConfig: { caData: 'Y2E=' } }) }),
      secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', type: 'git', project: 'team-a', username: 'x-access-token', name: 'config repo', proxy: 'http://proxy:3128', insecure: 'false' }),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'empty', namespace: 'x' }, type: 'Opaque' },
    ],
    nonCompliant: [
      { manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'x' }, data: { password: 'aHVudGVyMg==' } }, finding: /secret data in password/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 's', config: '{"bearerToken":"t"}' }), finding: /config.bearerToken/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 's', config: 'token=abc' }), finding: /config \(not JSON\)/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', password: 'ghs_x' }), finding: /secret data in password/ },
      // the plain keys must look like what they name: a token under username, a password in proxy or url, text in name
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', username: 'gHs5aQ9xT2mK8pL4vR7nB3cD' }), finding: /secret data in username/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', proxy: 'http://bot:hunter2hunter2@proxy:3128' }), finding: /secret data in proxy/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repo-creds' }, { url: 'https://bot:hunter2@git.example.com/', name: 'ok' }), finding: /secret data in url/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', name: '-----BEGIN PRIVATE KEY-----\nMIIE' }), finding: /secret data in name/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', insecure: 'yes-hunter2' }), finding: /secret data in insecure/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 'https://api.example.com', config: JSON.stringify({ execProviderConfig: { command: 'x', env: { API_TOKEN: 't0k3n', MODE: 'fast' } } }) }), finding: /config.execProviderConfig.env.API_TOKEN/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 'https://api.example.com', config: JSON.stringify({ execProviderConfig: { command: 'x', env: { OPTS: 'aZ3kQ9mX2pL7vR4nB8cD1eF6' } } }) }), finding: /config.execProviderConfig.env.OPTS/ },
    ],
  },
  'ZT-SEC5': {
    compliant: [goodPod('m', s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db', defaultMode: 0o400 } }, { name: 'p', projected: { defaultMode: 0o440, sources: [{ secret: { name: 'db' } }] } }]; })],
    nonCompliant: [
      { manifest: goodTask(s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db' } }]; }), finding: /volume creds defaultMode 0644 \(default\) exceeds 0440/ },
      { manifest: goodPod('m', s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db', defaultMode: 0o600 } }]; }), finding: /volume creds defaultMode 0600 exceeds/ },
    ],
  },
  'ZT-ESO2': {
    compliant: [store('SecretStore', { provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { jwt: { serviceAccountRef: { name: 'eso' } } } } } })],
    nonCompliant: [
      { manifest: store('SecretStore', { provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { secretRef: { accessKeyIDSecretRef: { name: 'a', key: 'k' } } } } } }), finding: /spec.provider.aws.auth.secretRef/ },
      { manifest: store('ClusterSecretStore', { provider: { vault: { server: 'https://v', auth: { tokenSecretRef: { name: 't', key: 'k' } } } } }), finding: /tokenSecretRef/ },
    ],
  },
  'ZT-ESO3': {
    compliant: [
      externalSecret({ refreshInterval: '30m', ...tokenFrom }),
      externalSecret({ refreshInterval: '6h', dataFrom: [{ sourceRef: { generatorRef: { kind: 'ClusterGenerator', name: 'ecr' } } }] }),
    ],
    others: [github, { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'STSSessionToken', metadata: { name: 'sts', namespace: 'argocd' }, spec: { region: 'us-east-1', requestParameters: { sessionDuration: 900 } } }, { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', metadata: { name: 'ecr' }, spec: { kind: 'ECRAuthorizationToken', generator: { ecrAuthorizationTokenSpec: { region: 'us-east-1' } } } }],
    nonCompliant: [
      { manifest: externalSecret({ refreshInterval: '1h0m0s', ...tokenFrom }), finding: /GithubAccessToken gh \(lifetime 1h\): refreshInterval 1h0m0s is not below the lifetime/ },
      { manifest: externalSecret(tokenFrom), finding: /1h \(default\)/ },
      { manifest: externalSecret({ refreshPolicy: 'CreatedOnce', ...tokenFrom }), finding: /never renews it/ },
      { manifest: externalSecret({ refreshInterval: '0', ...tokenFrom }), finding: /refreshInterval 0 never renews it/ },
      { manifest: externalSecret({ refreshInterval: 'soon', ...tokenFrom }), finding: /refreshInterval "soon" does not parse/ },
      {
        manifest: externalSecret({ refreshInterval: '20m', dataFrom: [{ sourceRef: { generatorRef: { kind: 'STSSessionToken', name: 'sts' } } }] }),
        finding: /STSSessionToken sts \(lifetime 15m\): refreshInterval 20m is not below the lifetime/,
      },
    ],
  },
  'ZT-ESO4': {
    compliant: [externalSecret({ secretStoreRef: { kind: 'SecretStore', name: 'store' } })],
    others: [store('ClusterSecretStore', { provider: vault })],
    nonCompliant: [{
      manifest: { apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', metadata: { name: 'c' }, spec: { externalSecretSpec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'store' } } } },
      finding: /spec.externalSecretSpec.secretStoreRef: ClusterSecretStore store \(unscoped: no conditions\)/,
    }],
  },
  'ZT-ESO5': {
    compliant: [github],
    nonCompliant: [
      { manifest: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Fake', metadata: { name: 'f', namespace: 'x' }, spec: { data: { k: 'v' } } }, finding: /kind Fake/ },
      { manifest: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'ClusterGenerator', metadata: { name: 'f' }, spec: { kind: 'Fake', generator: { fakeSpec: {} } } }, finding: /ClusterGenerator of kind Fake/ },
    ],
  },
  'ZT-ESO6': {
    compliant: [store('ClusterSecretStore', { provider: vault })],
    nonCompliant: [
      { manifest: store('SecretStore', { provider: { vault: { ...vault.vault, server: 'http://vault.vault.svc:8200' } } }), finding: /spec.provider.vault.server is http:\/\/vault.vault.svc:8200/ },
      {
        manifest: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'VaultDynamicSecret', metadata: { name: 'd', namespace: 'ci' }, spec: { path: 'database/creds/r', provider: { server: 'http://vault:8200' } } },
        finding: /spec.provider.server is http:\/\/vault:8200/,
      },
    ],
  },
  'ZT-NET1': {
    compliant: [udn('isolated')],
    others: [ns('isolated', { 'k8s.ovn.org/primary-user-defined-network': '' }), ns('plain'), ns('ci-plain', { tier: 'ci' })],
    nonCompliant: [
      { manifest: udn('plain'), finding: /namespace plain has no label/ },
      { manifest: udn('elsewhere'), finding: /namespace elsewhere is not in the output/ },
      {
        manifest: { apiVersion: 'k8s.ovn.org/v1', kind: 'ClusterUserDefinedNetwork', metadata: { name: 'c' }, spec: { namespaceSelector: { matchLabels: { tier: 'ci' } }, network: { topology: 'Layer2', layer2: { role: 'Primary', subnets: ['10.1.0.0/16'] } } } },
        finding: /namespace ci-plain has no label/,
      },
    ],
  },
  'ZT-NET2': {
    compliant: [ns('isolated')],
    others: [denyAll('isolated'), denyAll('half', ['Ingress'])],
    nonCompliant: [
      { manifest: ns('half'), finding: /no default-deny for Egress/ },
      { manifest: ns('open'), finding: /no default-deny for Ingress, Egress/ },
    ],
  },
  'ZT-ID1': {
    compliant: [oidc(goodProvider)],
    nonCompliant: [
      { manifest: oidc({ ...goodProvider, issuer: { ...goodProvider.issuer, issuerURL: 'http://oidc.example.com' } }), finding: /oidcProviders spire: issuer.issuerURL http:\/\/oidc.example.com is not https/ },
      { manifest: oidc({ ...goodProvider, issuer: { ...goodProvider.issuer, issuerURL: 'https://oidc.example.com?x=1' } }), finding: /query, fragment or user info/ },
      { manifest: oidc({ ...goodProvider, issuer: { ...goodProvider.issuer, issuerURL: 'not a url' } }), finding: /issuer.issuerURL not a url is not a URL/ },
    ],
  },
  'ZT-ID2': {
    compliant: [oidc(goodProvider)],
    nonCompliant: [{ manifest: oidc({ ...goodProvider, issuer: { issuerURL: 'https://oidc.example.com', audiences: [] } }), finding: /issuer.audiences is empty/ }],
  },
  'ZT-ID3': {
    compliant: [oidc(goodProvider)],
    nonCompliant: [
      { manifest: oidc({ ...goodProvider, claimMappings: { username: { claim: 'sub', prefixPolicy: 'NoPrefix' } } }), finding: /prefixPolicy is NoPrefix/ },
      { manifest: oidc({ ...goodProvider, claimMappings: { ...goodProvider.claimMappings, groups: { claim: 'groups' } } }), finding: /groups \(claim groups\) has no prefix/ },
    ],
  },
  'ZT-ARGO1': {
    compliant: [secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 's', config: '{"tlsClientConfig":{"insecure":false}}' })],
    nonCompliant: [{ manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 's', config: '{"tlsClientConfig":{"insecure":true}}' }), finding: /insecure is true/ }],
  },
  'ZT-ARGO2': {
    compliant: [secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', project: 'team' })],
    nonCompliant: [{ manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r' }), finding: /no project key/ }],
  },
  'ZT-ARGO3': {
    compliant: [argoApp('team'), appSet('team'), appSet('{{.project}}')],
    nonCompliant: [
      { manifest: argoApp('default'), finding: /^spec.project is default$/ },
      { manifest: argoApp(), finding: /^spec.project is unset \(default\)$/ },
      { manifest: appSet('default'), finding: /^spec.template.spec.project is default$/ },
    ],
    notApplicable: [appProject({ sourceRepos: ['*'] })],
  },
  'ZT-ARGO5': {
    compliant: [appProject({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }, { group: '*', kind: 'Namespace' }] }), appProject({})],
    nonCompliant: [
      { manifest: appProject({ clusterResourceWhitelist: [{ group: '*', kind: '*' }] }), finding: /^spec.clusterResourceWhitelist\[0\] is group "\*" kind "\*"$/ },
      { manifest: appProject({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }, { group: 'rbac.authorization.k8s.io', kind: 'Cluster*' }] }), finding: /clusterResourceWhitelist\[1\] is group "rbac.authorization.k8s.io" kind "Cluster\*"/ },
    ],
    notApplicable: [argoApp('default')],
  },
};
