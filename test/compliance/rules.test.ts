import { goodPod, goodTask, IMAGE, podWith } from './fixtures';
import { RuleCompliance } from '../../src/compliance';
import { KEY_PREFIX_ANNOTATION } from '../../src/compliance/annotations';
import { ALL_RULES } from '../../src/compliance/rules';

/**
 * Each rule on at least one compliant and one non-compliant object. `others` are the rest of the output the
 * rule may look at (cross-object rules); `finding` must match one of the non-compliant findings.
 */
interface Case {
  readonly compliant: any[];
  readonly nonCompliant: { manifest: any; finding: RegExp }[];
  readonly others?: any[];
  /** Objects of a kind the rule reads on which it still has nothing to judge (beyond the generic ConfigMap). */
  readonly notApplicable?: any[];
}

const rbac = (kind: string, rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'r', namespace: 'team' }, rules });
const binding = (roleRef: any, subjects: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef, subjects });
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

const PREFIX = KEY_PREFIX_ANNOTATION;
const prefixed = (kind: string, name: string, prefix?: string) => ({
  apiVersion: 'external-secrets.io/v1', kind, metadata: { name, ...kind === 'SecretStore' ? { namespace: 'team' } : {}, ...prefix ? { annotations: { [PREFIX]: prefix } } : {} }, spec: { provider: vault },
});
const teamSecret = (spec: any) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'team' }, spec });
const fromStore = (name: string, kind = 'SecretStore') => ({ secretStoreRef: { kind, name } });
const pushSecret = (storeNames: string[], remoteKeys: string[]) => ({
  apiVersion: 'external-secrets.io/v1alpha1',
  kind: 'PushSecret',
  metadata: { name: 'push', namespace: 'team' },
  spec: { secretStoreRefs: storeNames.map(name => ({ kind: 'SecretStore', name })), selector: { secret: { name: 'src' } }, data: remoteKeys.map(remoteKey => ({ match: { secretKey: 'k', remoteRef: { remoteKey } } })) },
});
const argoApp = (project?: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'app', namespace: 'argocd' }, spec: { ...project !== undefined ? { project } : {}, source: { repoURL: 'https://git.example.com/r', path: '.' }, destination: { name: 'in-cluster', namespace: 'team' } } });
const appSet = (project: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'set', namespace: 'argocd' }, spec: { generators: [{ list: { elements: [] } }], template: { metadata: { name: '{{name}}' }, spec: { project, source: { repoURL: 'https://git.example.com/r', path: '.' }, destination: { name: 'in-cluster', namespace: 'team' } } } } });
const appProject = (spec: any) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team', namespace: 'argocd' }, spec });
const roleBinding = (namespace: string | undefined, subjects: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', ...namespace ? { namespace } : {} }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' }, subjects });
const spiffeUser = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });

const CASES: Record<string, Case> = {
  'ZT-POD1': {
    compliant: [goodPod(), goodTask(), goodPod('win', s => { s.os = { name: 'windows' }; delete s.containers[0].securityContext.allowPrivilegeEscalation; })],
    nonCompliant: [
      { manifest: podWith(c => delete c.securityContext.allowPrivilegeEscalation), finding: /container app: allowPrivilegeEscalation is "unset"/ },
      { manifest: goodTask(s => { s.steps[0].securityContext = { allowPrivilegeEscalation: true }; }), finding: /step migrate: allowPrivilegeEscalation is true/ },
    ],
  },
  'ZT-POD2': {
    compliant: [goodPod()],
    nonCompliant: [{ manifest: podWith(c => { c.securityContext.privileged = true; }), finding: /privileged is true/ }],
  },
  'ZT-POD3': {
    compliant: [goodPod(), podWith(c => { c.securityContext.capabilities.add = ['NET_BIND_SERVICE']; })],
    nonCompliant: [
      { manifest: podWith(c => { c.securityContext.capabilities = { drop: ['NET_RAW'] }; }), finding: /drop does not include ALL/ },
      { manifest: podWith(c => { c.securityContext.capabilities.add = ['SYS_ADMIN']; }), finding: /add has SYS_ADMIN/ },
    ],
  },
  'ZT-POD4': {
    compliant: [goodPod(), podWith(c => delete c.securityContext.runAsNonRoot), goodPod('userns', s => { s.hostUsers = false; s.containers[0].securityContext.runAsUser = 0; })],
    nonCompliant: [
      { manifest: goodPod('x', s => { delete s.securityContext.runAsNonRoot; delete s.containers[0].securityContext.runAsNonRoot; }), finding: /runAsNonRoot is not true/ },
      { manifest: podWith(c => { c.securityContext.runAsUser = 0; }), finding: /runAsUser is 0/ },
    ],
  },
  'ZT-POD5': {
    compliant: [goodPod(), podWith(c => { c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; })],
    nonCompliant: [
      { manifest: goodPod('x', s => { delete s.securityContext.seccompProfile; delete s.containers[0].securityContext.seccompProfile; }), finding: /seccompProfile.type is unset/ },
      { manifest: podWith(c => { c.securityContext.seccompProfile = { type: 'Unconfined' }; }), finding: /is Unconfined/ },
    ],
  },
  'ZT-POD6': {
    compliant: [goodPod('v', s => { s.volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'img', image: { reference: IMAGE } }]; })],
    nonCompliant: [{ manifest: goodPod('v', s => { s.volumes = [{ name: 'root', hostPath: { path: '/' } }]; }), finding: /volume root: hostPath/ }],
  },
  'ZT-POD7': {
    compliant: [goodPod(), podWith(c => { c.ports = [{ containerPort: 8080 }]; })],
    nonCompliant: [
      { manifest: goodPod('h', s => { s.hostNetwork = true; }), finding: /hostNetwork is true/ },
      { manifest: podWith(c => { c.ports = [{ containerPort: 80, hostPort: 80 }]; }), finding: /hostPort 80/ },
    ],
  },
  'ZT-POD8': {
    compliant: [goodPod(), goodTask()],
    nonCompliant: [{ manifest: podWith(c => { c.securityContext.readOnlyRootFilesystem = false; }), finding: /readOnlyRootFilesystem is not true/ }],
  },
  'ZT-POD9': {
    compliant: [goodPod(), goodTask()],
    nonCompliant: [
      { manifest: podWith(c => delete c.resources.limits), finding: /no limits.memory/ },
      { manifest: goodTask(s => delete s.stepTemplate.computeResources), finding: /step migrate: no requests.cpu, requests.memory, limits.memory/ },
    ],
  },
  'ZT-POD10': {
    compliant: [goodPod('b', s => {
      s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }];
      s.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c1' };
      s.containers[0].securityContext.appArmorProfile = { type: 'RuntimeDefault' };
      s.containers[0].readinessProbe = { httpGet: { path: '/ready', port: 8080 } };
    })],
    nonCompliant: [
      { manifest: goodPod('b', s => { s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }), finding: /^sysctl kernel.msgmax$/ },
      { manifest: podWith(c => { c.securityContext.procMount = 'Unmasked'; }), finding: /container app: procMount Unmasked/ },
      { manifest: podWith(c => { c.securityContext.seLinuxOptions = { user: 'system_u' }; }), finding: /seLinuxOptions sets user or role/ },
      { manifest: podWith(c => { c.securityContext.seLinuxOptions = { type: 'spc_t' }; }), finding: /seLinuxOptions.type spc_t/ },
      { manifest: podWith(c => { c.securityContext.appArmorProfile = { type: 'Unconfined' }; }), finding: /appArmorProfile.type Unconfined/ },
      { manifest: goodPod('w', s => { s.securityContext.windowsOptions = { hostProcess: true }; }), finding: /windowsOptions.hostProcess is true/ },
      { manifest: podWith(c => { c.lifecycle = { preStop: { httpGet: { host: '10.0.0.1', port: 80 } } }; }), finding: /lifecycle.preStop sets a host/ },
      {
        manifest: { ...goodPod(), metadata: { name: 'a', namespace: 'team', annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } } },
        finding: /annotation container.apparmor.security.beta.kubernetes.io\/app: unconfined/,
      },
    ],
  },
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
      secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'spoke', server: 'https://api.example.com:6443', config: JSON.stringify({ execProviderConfig: { command: 'x' }, tlsClientConfig: { caData: 'Y2E=' } }) }),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'empty', namespace: 'x' }, type: 'Opaque' },
    ],
    nonCompliant: [
      { manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'x' }, data: { password: 'aHVudGVyMg==' } }, finding: /secret data in password/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 's', config: '{"bearerToken":"t"}' }), finding: /config.bearerToken/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'cluster' }, { name: 'c', server: 's', config: 'token=abc' }), finding: /config \(not JSON\)/ },
      { manifest: secret({ 'argocd.argoproj.io/secret-type': 'repository' }, { url: 'https://git.example.com/r', password: 'ghs_x' }), finding: /secret data in password/ },
    ],
  },
  'ZT-SEC5': {
    compliant: [goodPod('m', s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db', defaultMode: 0o400 } }, { name: 'p', projected: { defaultMode: 0o440, sources: [{ secret: { name: 'db' } }] } }]; })],
    nonCompliant: [
      { manifest: goodTask(s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db' } }]; }), finding: /volume creds defaultMode 0644 \(default\) exceeds 0440/ },
      { manifest: goodPod('m', s => { s.volumes = [{ name: 'creds', secret: { secretName: 'db', defaultMode: 0o600 } }]; }), finding: /volume creds defaultMode 0600 exceeds/ },
    ],
  },
  'ZT-SA1': {
    compliant: [goodPod(), { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'r', namespace: 'ci' }, spec: { taskRunTemplate: { serviceAccountName: 'pipeline' } } }],
    nonCompliant: [
      { manifest: goodPod('d', s => delete s.serviceAccountName), finding: /unset \(default\)/ },
      { manifest: { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 'r', namespace: 'ci' }, spec: { serviceAccountName: 'default' } }, finding: /service account is default/ },
    ],
  },
  'ZT-SA2': {
    compliant: [goodPod(), goodPod('sa', s => delete s.automountServiceAccountToken)],
    others: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'team' }, automountServiceAccountToken: false }],
    nonCompliant: [
      { manifest: goodPod('t', s => { s.automountServiceAccountToken = true; }), finding: /automountServiceAccountToken is true/ },
      { manifest: goodPod('u', s => { delete s.automountServiceAccountToken; s.serviceAccountName = 'other'; }), finding: /service account other does not disable it/ },
    ],
  },
  'ZT-RBAC1': {
    compliant: [binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, [])],
    nonCompliant: [{ manifest: binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, []), finding: /cluster-admin/ }],
  },
  'ZT-RBAC2': {
    compliant: [rbac('Role', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }])],
    nonCompliant: [{ manifest: rbac('ClusterRole', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }]), finding: /rules\[0\]: \* in apiGroups, resources/ }],
  },
  'ZT-RBAC3': {
    compliant: [rbac('Role', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db'], verbs: ['get'] }])],
    nonCompliant: [
      { manifest: rbac('Role', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]), finding: /get, list on secrets without resourceNames/ },
      { manifest: rbac('Role', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db'], verbs: ['get', 'watch'] }]), finding: /rules\[0\]: watch on secrets$/ },
    ],
  },
  'ZT-RBAC4': {
    compliant: [rbac('Role', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])],
    nonCompliant: [{ manifest: rbac('ClusterRole', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }]), finding: /verbs impersonate/ }],
  },
  'ZT-RBAC5': {
    compliant: [binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'team' }])],
    nonCompliant: [{ manifest: binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'system:unauthenticated' }]), finding: /subject Group system:unauthenticated/ }],
  },
  'ZT-RBAC6': {
    compliant: [
      roleBinding('ztwim-gitops', [spiffeUser('spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server')]),
      roleBinding('team', [spiffeUser('spiffe:spiffe://apps.example.com/ns/team/sa/deployer'), { kind: 'ServiceAccount', name: 'x', namespace: 'other' }]),
      roleBinding('team', [spiffeUser('spiffe://apps.example.com/region/eu/payments'), { kind: 'Group', name: 'spiffe://apps.example.com/ns/other/sa/x' }]),
    ],
    nonCompliant: [
      { manifest: roleBinding('team', [spiffeUser('spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server')]), finding: /^subject User spiffe:\/\/apps.example.com\/ns\/ztwim-gitops\/sa\/argocd-server belongs to namespace ztwim-gitops, bound in team$/ },
      { manifest: roleBinding('team', [spiffeUser('spiffe:spiffe://td/ns/other/sa/app')]), finding: /belongs to namespace other, bound in team/ },
    ],
    notApplicable: [
      binding({ kind: 'ClusterRole', name: 'view' }, [spiffeUser('spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server')]),
      roleBinding(undefined, [spiffeUser('spiffe://apps.example.com/ns/other/sa/app')]),
    ],
  },
  'ZT-ESO1': {
    compliant: [store('ClusterSecretStore', { provider: vault, conditions: [{ namespaces: ['team'] }] })],
    nonCompliant: [
      { manifest: store('ClusterSecretStore', { provider: vault }), finding: /conditions/ },
      { manifest: store('ClusterSecretStore', { provider: vault, conditions: [{ namespaces: ['team'] }, {}] }), finding: /every entry/ },
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
  'ZT-ESO7': {
    compliant: [
      teamSecret({ ...fromStore('vault'), data: [{ secretKey: 'pw', remoteRef: { key: 'apps/team/db' } }], dataFrom: [{ extract: { key: 'apps/team/cfg' } }, { find: { path: 'apps/team/', name: { regexp: '.*' } } }] }),
      teamSecret({ ...fromStore('vault'), data: [{ secretKey: 'pw', remoteRef: { key: 'apps/team/db' } }, { secretKey: 'x', remoteRef: { key: 'anything' }, sourceRef: { storeRef: { kind: 'SecretStore', name: 'open' } } }] }),
      pushSecret(['vault'], ['apps/team/out']),
    ],
    others: [prefixed('SecretStore', 'vault', 'apps/team/'), prefixed('SecretStore', 'open'), prefixed('ClusterSecretStore', 'shared', 'platform/')],
    nonCompliant: [
      { manifest: teamSecret({ ...fromStore('vault'), data: [{ secretKey: 'pw', remoteRef: { key: 'apps/other/db' } }] }), finding: /^spec.data\[0\].remoteRef.key apps\/other\/db does not start with apps\/team\/ \(the key prefix of SecretStore team\/vault\)$/ },
      { manifest: teamSecret({ ...fromStore('open'), dataFrom: [{ extract: { key: 'x' }, sourceRef: { storeRef: { kind: 'ClusterSecretStore', name: 'shared' } } }] }), finding: /dataFrom\[0\].extract.key x does not start with platform\/ \(the key prefix of ClusterSecretStore shared\)/ },
      { manifest: teamSecret({ ...fromStore('vault'), dataFrom: [{ find: { name: { regexp: '.*' } } }] }), finding: /spec.dataFrom\[0\].find.path is unset: only keys under apps\/team\/ are allowed/ },
      { manifest: pushSecret(['open', 'vault'], ['apps/team/ok', 'elsewhere/key']), finding: /spec.data\[1\].match.remoteRef.remoteKey elsewhere\/key does not start with apps\/team\// },
      {
        manifest: { apiVersion: 'external-secrets.io/v1', kind: 'ClusterExternalSecret', metadata: { name: 'c' }, spec: { namespaces: ['team'], externalSecretSpec: { ...fromStore('vault'), data: [{ secretKey: 'k', remoteRef: { key: 'tls/cert' } }] } } },
        finding: /spec.externalSecretSpec.data\[0\].remoteRef.key tls\/cert does not start with apps\/team\//,
      },
    ],
    notApplicable: [
      teamSecret({ ...fromStore('open'), data: [{ secretKey: 'x', remoteRef: { key: 'anything' } }] }),
      teamSecret({ ...fromStore('elsewhere'), data: [{ secretKey: 'x', remoteRef: { key: 'anything' } }] }),
      teamSecret({ ...fromStore('vault'), dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'pw' } } }] }),
      { ...teamSecret({ ...fromStore('vault'), data: [{ secretKey: 'x', remoteRef: { key: 'anything' } }] }), metadata: { name: 'es', namespace: 'other' } },
      prefixed('SecretStore', 'vault', 'apps/team/'),
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
  'ZT-ARGO4': {
    compliant: [appProject({ sourceRepos: ['https://github.com/my-org/team-a-*', '!https://github.com/my-org/team-a-secrets'] }), appProject({})],
    nonCompliant: [{ manifest: appProject({ sourceRepos: ['https://git.example.com/r', '*'] }), finding: /^spec.sourceRepos\[1\] is \*$/ }],
    notApplicable: [argoApp('default')],
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

test('every rule has compliant and non-compliant cases', () => {
  expect(Object.keys(CASES).sort()).toEqual(ALL_RULES.map(r => r.id).sort());
});

describe.each(ALL_RULES.map(r => [r.id, r] as const))('%s', (id, rule) => {
  const c = CASES[id];
  const context = (manifest: any) => [manifest, ...c.others ?? []];

  test.each(c.compliant.map((m, i) => [i, m]))('compliant case %i', (_i, manifest) => {
    expect(rule.check(manifest, context(manifest))).toEqual({ compliance: RuleCompliance.COMPLIANT, findings: [] });
  });

  test.each(c.nonCompliant.map((n, i) => [i, n]))('non-compliant case %i', (_i, { manifest, finding }) => {
    const result = rule.check(manifest, context(manifest));
    expect(result.compliance).toBe(RuleCompliance.NON_COMPLIANT);
    expect(result.findings).toEqual(expect.arrayContaining([expect.stringMatching(finding)]));
  });

  if (c.notApplicable !== undefined) {
    test.each(c.notApplicable.map((m, i) => [i, m]))('not applicable case %i', (_i, manifest) => {
      expect(rule.check(manifest, context(manifest))).toEqual({ compliance: RuleCompliance.NOT_APPLICABLE, findings: [] });
    });
  }

  test('not applicable to an unrelated kind', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' }, data: { a: 'b' } };
    expect(rule.check(configMap, [configMap]).compliance).toBe(RuleCompliance.NOT_APPLICABLE);
  });

  test('metadata is complete', () => {
    expect(rule.id).toMatch(/^ZT-[A-Z]+\d+$/);
    expect(rule.message.length).toBeGreaterThan(10);
    expect(rule.explanation.length).toBeGreaterThan(40);
    expect(rule.anchors.length).toBeGreaterThan(0);
  });
});

test('rule ids are unique', () => {
  expect(new Set(ALL_RULES.map(r => r.id)).size).toBe(ALL_RULES.length);
});
