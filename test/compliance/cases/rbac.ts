import { Case } from './case';

const RBAC = 'rbac.authorization.k8s.io';
const V1 = `${RBAC}/v1`;

export const role = (kind: string, rules: any[], name = 'r', extra: any = {}) => ({
  apiVersion: V1, kind, metadata: { name, ...kind === 'Role' ? { namespace: 'team' } : {}, ...extra.metadata }, rules, ...extra.body,
});
export const clusterRole = (name: string, rules: any[], labels?: Record<string, string>, aggregationRule?: any) => ({
  apiVersion: V1, kind: 'ClusterRole', metadata: { name, ...labels ? { labels } : {} }, ...rules.length > 0 || !aggregationRule ? { rules } : {}, ...aggregationRule ? { aggregationRule } : {},
});
export const binding = (roleRef: any, subjects: any[], name = 'b') => ({ apiVersion: V1, kind: 'ClusterRoleBinding', metadata: { name }, roleRef, subjects });
export const roleBinding = (namespace: string | undefined, roleRef: any, subjects: any[], name = 'b') => ({
  apiVersion: V1, kind: 'RoleBinding', metadata: { name, ...namespace ? { namespace } : {} }, roleRef, subjects,
});
export const clusterRoleRef = (name: string) => ({ apiGroup: RBAC, kind: 'ClusterRole', name });
export const roleRef = (name: string) => ({ apiGroup: RBAC, kind: 'Role', name });
export const group = (name: string) => ({ apiGroup: RBAC, kind: 'Group', name });
export const user = (name: string) => ({ apiGroup: RBAC, kind: 'User', name });
export const serviceAccount = (namespace: string, name: string) => ({ kind: 'ServiceAccount', name, namespace });
const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]) =>
  ({ apiGroups, resources, verbs, ...resourceNames ? { resourceNames } : {} });

const AGG_VIEW = { [`${RBAC}/aggregate-to-view`]: 'true' };
const AGG_EDIT = { [`${RBAC}/aggregate-to-edit`]: 'true' };
const viewOf = (namespace: string, subjects: any[]) => roleBinding(namespace, clusterRoleRef('view'), subjects);
const editOf = (namespace: string, subjects: any[]) => roleBinding(namespace, clusterRoleRef('edit'), subjects);
const spiffe = 'spiffe:spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server';

export const RBAC_CASES: Record<string, Case> = {
  'ZT-RBAC1': {
    compliant: [
      binding(clusterRoleRef('view'), []),
      binding(clusterRoleRef('admin'), [group('platform')]),
      binding(clusterRoleRef('elsewhere'), [group('platform')]),
      binding(clusterRoleRef('reader'), [group('platform')]),
    ],
    others: [
      clusterRole('god', [rule(['*'], ['*'], ['*'])]),
      clusterRole('spelled', [rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate'], ['*'], ['*'])]),
      clusterRole('everything', [], undefined, { clusterRoleSelectors: [{}] }),
      clusterRole('defaults', [], undefined, { clusterRoleSelectors: [{ matchLabels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }] }),
      clusterRole('reader', [rule(['get'], ['*'], ['*'])]),
      role('Role', [rule(['*'], ['*'], ['*'])], 'ns-god'),
    ],
    nonCompliant: [
      { manifest: binding(clusterRoleRef('cluster-admin'), []), finding: /^roleRef is ClusterRole cluster-admin$/ },
      { manifest: roleBinding('team', clusterRoleRef('cluster-admin'), [group('devs')]), finding: /cluster-admin/ },
      { manifest: binding(clusterRoleRef('god'), [group('devs')]), finding: /^roleRef ClusterRole god grants every verb on every resource \(rules\[0\]\): cluster-admin by another name$/ },
      { manifest: binding(clusterRoleRef('spelled'), [group('devs')]), finding: /ClusterRole spelled grants every verb/ },
      { manifest: binding(clusterRoleRef('everything'), [group('devs')]), finding: /^roleRef ClusterRole everything grants every verb on every resource \(ClusterRole \S+ rules\[0\] \(aggregated\)\)/ },
      { manifest: binding(clusterRoleRef('defaults'), [group('devs')]), finding: /ClusterRole defaults grants every verb .*cluster-admin rules\[0\]/ },
      { manifest: roleBinding('team', roleRef('ns-god'), [group('devs')]), finding: /^roleRef Role team\/ns-god grants every verb on every resource in namespace team \(rules\[0\]\)/ },
    ],
    notApplicable: [clusterRole('god', [rule(['*'], ['*'], ['*'])])],
  },
  'ZT-RBAC2': {
    compliant: [
      role('Role', [rule(['get'], ['apps'], ['deployments'])]),
      clusterRole('agg', [], undefined, { clusterRoleSelectors: [{ matchLabels: AGG_VIEW }] }),
    ],
    others: [clusterRole('wild', [rule(['get'], ['example.com'], ['*'])], { 'example.com/aggregate': 'true' })],
    nonCompliant: [
      { manifest: role('ClusterRole', [rule(['get'], ['*'], ['*'])]), finding: /^rules\[0\]: \* in apiGroups, resources$/ },
      { manifest: role('Role', [rule(['get'], [''], ['*/exec'])]), finding: /rules\[0\]: \* in resources/ },
      { manifest: role('ClusterRole', [{ nonResourceURLs: ['/metrics*'], verbs: ['get'] }]), finding: /rules\[0\]: \* in nonResourceURLs/ },
      {
        manifest: clusterRole('agg', [], undefined, { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate': 'true' } }] }),
        finding: /^ClusterRole wild rules\[0\] \(aggregated\): \* in resources$/,
      },
      { manifest: clusterRole('all', [], undefined, { clusterRoleSelectors: [{}] }), finding: /ClusterRole cluster-admin rules\[0\] \(aggregated\): \* in apiGroups, resources, verbs/ },
    ],
  },
  'ZT-RBAC3': {
    compliant: [
      role('Role', [rule(['get'], [''], ['secrets'], ['db'])]),
      role('Role', [rule(['get', 'list', 'watch'], ['apps'], ['*'])]),
      role('Role', [rule(['create', 'update'], [''], ['secrets'])]),
      roleBinding('team', clusterRoleRef('unknown'), [group('devs')]),
      roleBinding('team', roleRef('secret-lister'), [group('devs')]),
    ],
    others: [
      clusterRole('leaky-view', [rule(['list'], [''], ['secrets'])], { ...AGG_VIEW }),
      role('Role', [rule(['list'], [''], ['secrets'])], 'secret-lister'),
    ],
    nonCompliant: [
      { manifest: role('Role', [rule(['get', 'list'], [''], ['secrets'])]), finding: /^rules\[0\]: get, list on secrets without resourceNames$/ },
      { manifest: role('Role', [rule(['get', 'watch'], [''], ['secrets'], ['db'])]), finding: /^rules\[0\]: watch on secrets$/ },
      { manifest: role('Role', [rule(['*'], [''], ['secrets'])]), finding: /rules\[0\]: get, list, watch on secrets without resourceNames/ },
      { manifest: role('ClusterRole', [rule(['list'], ['*'], ['*'])]), finding: /rules\[0\]: list on secrets without resourceNames/ },
      { manifest: role('Role', [rule(['list'], [''], ['secrets'], [''])]), finding: /rules\[0\]: list on secrets/ },
      { manifest: editOf('team', [group('devs')]), finding: /^subject Group devs gets get, list, watch on secrets through ClusterRole edit \(aggregated from ClusterRole system:aggregate-to-edit\), which grants reading Secrets$/ },
      { manifest: roleBinding('team', clusterRoleRef('admin'), [user('alice')]), finding: /subject User alice gets get, list, watch on secrets through ClusterRole admin \(aggregated from ClusterRole system:aggregate-to-edit\)/ },
      { manifest: binding(clusterRoleRef('view'), [group('system:authenticated')]), finding: /^subject Group system:authenticated gets list on secrets through ClusterRole view \(aggregated from ClusterRole leaky-view\)/ },
      { manifest: clusterRole('my-admin', [], undefined, { clusterRoleSelectors: [{ matchLabels: AGG_EDIT }] }), finding: /^ClusterRole system:aggregate-to-edit rules\[0\] \(aggregated\): get, list, watch on secrets without resourceNames$/ },
      {
        manifest: clusterRole('exists', [], undefined, { clusterRoleSelectors: [{ matchExpressions: [{ key: `${RBAC}/aggregate-to-admin`, operator: 'Exists' }] }] }),
        finding: /system:aggregate-to-edit rules\[0\] \(aggregated\): get, list, watch on secrets/,
      },
      { manifest: editOf('team', []), finding: /^its subjects \(none yet\) get get, list, watch on secrets through ClusterRole edit/ },
    ],
  },
  'ZT-RBAC4': {
    compliant: [role('Role', [rule(['get'], [''], ['pods'])]), viewOf('team', [group('devs')]), role('ClusterRole', [rule(['*'], ['apps'], ['*'])])],
    nonCompliant: [
      { manifest: role('ClusterRole', [rule(['impersonate'], [''], ['users'])]), finding: /^rules\[0\]: impersonate on users grants privilege escalation$/ },
      { manifest: role('ClusterRole', [rule(['bind'], [RBAC], ['clusterroles'], ['view'])]), finding: /rules\[0\]: bind on clusterroles.rbac.authorization.k8s.io/ },
      { manifest: role('ClusterRole', [rule(['*'], [RBAC], ['*'])]), finding: /rules\[0\]: escalate, bind on clusterroles.rbac.authorization.k8s.io, roles.rbac.authorization.k8s.io/ },
      { manifest: role('ClusterRole', [rule(['impersonate'], ['user.openshift.io'], ['systemusers'])]), finding: /^rules\[0\]: verbs impersonate$/ },
      { manifest: editOf('team', [group('devs')]), finding: /subject Group devs gets impersonate on serviceaccounts through ClusterRole edit/ },
    ],
  },
  'ZT-RBAC5': {
    compliant: [binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'team' }])],
    nonCompliant: [{ manifest: binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'system:unauthenticated' }]), finding: /subject Group system:unauthenticated/ }],
  },
  'ZT-RBAC6': {
    compliant: [
      roleBinding('ztwim-gitops', roleRef('deployer'), [user('spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server')]),
      roleBinding('team', roleRef('deployer'), [user('spiffe:spiffe://apps.example.com/ns/team/sa/deployer'), { kind: 'ServiceAccount', name: 'x', namespace: 'other' }]),
      roleBinding('team', roleRef('deployer'), [user('spiffe://apps.example.com/region/eu/payments'), { kind: 'Group', name: 'spiffe://apps.example.com/ns/other/sa/x' }]),
    ],
    nonCompliant: [
      { manifest: roleBinding('team', roleRef('deployer'), [user('spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server')]), finding: /^subject User spiffe:\/\/apps.example.com\/ns\/ztwim-gitops\/sa\/argocd-server belongs to namespace ztwim-gitops, bound in team$/ },
      { manifest: roleBinding('team', roleRef('deployer'), [user('spiffe:spiffe://td/ns/other/sa/app')]), finding: /belongs to namespace other, bound in team/ },
    ],
    notApplicable: [
      binding({ kind: 'ClusterRole', name: 'view' }, [user('spiffe://apps.example.com/ns/ztwim-gitops/sa/argocd-server')]),
      roleBinding(undefined, roleRef('deployer'), [user('spiffe://apps.example.com/ns/other/sa/app')]),
    ],
  },
  'ZT-RBAC7': {
    compliant: [
      // a deployer's Role in the namespace it manages (ArgoCdNamespaceAccess)
      role('Role', [rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['apps'], ['deployments', 'statefulsets'])]),
      role('ClusterRole', [rule(['get', 'list', 'watch'], [''], ['pods']), rule(['create'], ['apps'], ['deployments/scale'])]),
      role('ClusterRole', [rule(['create'], [''], ['pods'], ['named'])]),
      editOf('team', [group('devs')]),
      binding(clusterRoleRef('view'), [group('devs')]),
    ],
    nonCompliant: [
      { manifest: role('ClusterRole', [rule(['get'], [''], ['pods']), rule(['create'], [''], ['pods'])]), finding: /^rules\[1\]: create on pods grants workload creation$/ },
      { manifest: role('ClusterRole', [rule(['patch'], ['apps'], ['deployments'], ['web'])]), finding: /rules\[0\]: patch on deployments.apps grants workload creation/ },
      { manifest: role('ClusterRole', [rule(['create'], ['apps.openshift.io'], ['deploymentconfigs'])]), finding: /create on deploymentconfigs.apps.openshift.io/ },
      { manifest: role('ClusterRole', [rule(['create'], ['*'], ['jobs', 'cronjobs'])]), finding: /create on cronjobs.batch, jobs.batch/ },
      { manifest: binding(clusterRoleRef('edit'), [group('devs')]), finding: /^subject Group devs gets create, update, patch on pods, replicationcontrollers, daemonsets.apps, deployments.apps, replicasets.apps, statefulsets.apps, cronjobs.batch, jobs.batch through ClusterRole edit \(aggregated from ClusterRole system:aggregate-to-edit\), which grants workload creation$/ },
    ],
  },
  'ZT-RBAC8': {
    compliant: [
      role('Role', [rule(['get', 'list'], [''], ['pods', 'pods/log'])]),
      role('Role', [rule(['get'], [''], ['pods/*'])]),
      role('Role', [rule(['get'], [''], ['nodes/proxy'])]),
      viewOf('team', [group('devs')]),
      roleBinding('team', clusterRoleRef('node-proxy'), [group('devs')]),
    ],
    others: [clusterRole('node-proxy', [rule(['get'], [''], ['nodes/proxy'])])],
    nonCompliant: [
      { manifest: role('Role', [rule(['get'], [''], ['pods/exec'])]), finding: /^rules\[0\]: get on pods\/exec grants access into running pods or the kubelet API$/ },
      { manifest: role('Role', [rule(['create'], [''], ['*/exec', '*/attach'])]), finding: /create on pods\/exec, pods\/attach/ },
      { manifest: role('Role', [rule(['patch'], [''], ['pods/ephemeralcontainers'], ['web-0'])]), finding: /patch on pods\/ephemeralcontainers/ },
      { manifest: role('ClusterRole', [rule(['get'], [''], ['nodes/proxy'])]), finding: /get on nodes\/proxy/ },
      { manifest: role('ClusterRole', [rule(['*'], [''], ['pods/portforward'])]), finding: /get, create on pods\/portforward/ },
      { manifest: editOf('team', [group('devs')]), finding: /subject Group devs gets get, create on pods\/exec, pods\/attach, pods\/portforward through ClusterRole edit/ },
    ],
  },
  'ZT-RBAC9': {
    compliant: [
      role('Role', [rule(['create'], [''], ['serviceaccounts/token'], ['vault-reader'])]),
      role('Role', [rule(['create', 'get'], [''], ['serviceaccounts'])]),
      role('Role', [rule(['create'], [''], ['serviceaccounts/*'])]),
      viewOf('team', [group('devs')]),
    ],
    nonCompliant: [
      { manifest: role('Role', [rule(['create'], [''], ['serviceaccounts/token'])]), finding: /^rules\[0\]: create on serviceaccounts\/token grants tokens of every service account in scope$/ },
      { manifest: role('ClusterRole', [rule(['create'], [''], ['*/token'])]), finding: /create on serviceaccounts\/token/ },
      { manifest: editOf('team', [serviceAccount('ci', 'deployer')]), finding: /subject ServiceAccount ci\/deployer gets create on serviceaccounts\/token through ClusterRole edit/ },
    ],
  },
  'ZT-RBAC10': {
    compliant: [
      role('ClusterRole', [rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests'])]),
      role('ClusterRole', [rule(['sign'], ['certificates.k8s.io'], ['signers'], ['issuers.cert-manager.io/*'])]),
      role('Role', [rule(['update'], ['certificates.k8s.io'], ['certificatesigningrequests/approval'])]),
    ],
    nonCompliant: [
      { manifest: role('ClusterRole', [rule(['update'], ['certificates.k8s.io'], ['certificatesigningrequests/approval'])]), finding: /^rules\[0\]: update on certificatesigningrequests\/approval.certificates.k8s.io grants certificate approval or signing$/ },
      { manifest: role('ClusterRole', [rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client'])]), finding: /approve on signers.certificates.k8s.io/ },
      { manifest: role('ClusterRole', [rule(['patch'], ['certificates.k8s.io'], ['*/status'])]), finding: /patch on certificatesigningrequests\/status/ },
    ],
  },
  'ZT-RBAC11': {
    compliant: [
      role('ClusterRole', [rule(['get', 'list', 'watch'], ['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'])]),
      role('Role', [rule(['create'], ['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'])]),
    ],
    nonCompliant: [
      { manifest: role('ClusterRole', [rule(['delete'], ['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['kyverno-resource-validating-webhook-cfg'])]), finding: /^rules\[0\]: delete on validatingwebhookconfigurations.admissionregistration.k8s.io grants control over admission$/ },
      { manifest: role('ClusterRole', [rule(['create'], ['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingadmissionpolicybindings'])]), finding: /create on mutatingwebhookconfigurations.admissionregistration.k8s.io, validatingadmissionpolicybindings/ },
    ],
  },
  'ZT-RBAC12': {
    compliant: [role('ClusterRole', [rule(['get', 'list'], [''], ['persistentvolumes'])]), role('Role', [rule(['create'], [''], ['persistentvolumeclaims'])])],
    nonCompliant: [{ manifest: role('ClusterRole', [rule(['create'], [''], ['persistentvolumes'])]), finding: /^rules\[0\]: create on persistentvolumes grants host filesystem access through hostPath volumes$/ }],
  },
  'ZT-RBAC13': {
    compliant: [role('Role', [rule(['get', 'list', 'watch'], [''], ['namespaces'])]), viewOf('team', [group('devs')]), editOf('team', [group('devs')])],
    nonCompliant: [
      { manifest: role('Role', [rule(['patch'], [''], ['namespaces'])]), finding: /^rules\[0\]: patch on namespaces grants changing namespace labels/ },
      { manifest: role('ClusterRole', [rule(['update'], ['*'], ['namespaces'], ['team'])]), finding: /update on namespaces/ },
    ],
  },
  'ZT-RBAC14': {
    compliant: [viewOf('team', [group('devs'), serviceAccount('team', 'app'), user('system:authenticated')]), viewOf('team', [group('system:serviceaccounts:team:x')])],
    nonCompliant: [
      { manifest: binding(clusterRoleRef('view'), [group('system:authenticated')]), finding: /^subject Group system:authenticated \(every authenticated user and service account\) is bound to ClusterRole view$/ },
      { manifest: viewOf('team', [group('system:serviceaccounts')]), finding: /Group system:serviceaccounts \(every service account of every namespace\)/ },
      { manifest: viewOf('team', [group('system:serviceaccounts:team')]), finding: /Group system:serviceaccounts:team \(every service account of namespace team\)/ },
      { manifest: viewOf('team', [group('system:authenticated:oauth')]), finding: /system:authenticated:oauth/ },
    ],
  },
  'ZT-RBAC15': {
    compliant: [
      binding(clusterRoleRef('node-reader'), [serviceAccount('monitoring', 'exporter')]),
      binding(clusterRoleRef('view'), [group('auditors'), user('alice')]),
      binding(clusterRoleRef('cluster-admin'), [serviceAccount('team', 'app')]),
      binding(clusterRoleRef('defined-elsewhere'), [serviceAccount('team', 'app')]),
      binding(clusterRoleRef('crd-reader'), [user(spiffe)]),
    ],
    notApplicable: [viewOf('team', [serviceAccount('team', 'app')]), clusterRole('cm-reader', [rule(['get'], [''], ['configmaps'])])],
    others: [
      clusterRole('node-reader', [rule(['get', 'list', 'watch'], [''], ['nodes', 'namespaces']), { nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
      clusterRole('crd-reader', [rule(['get'], ['example.com'], ['widgets'])]),
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'widgets', kind: 'Widget' } } },
      clusterRole('cm-reader', [rule(['get', 'list'], [''], ['configmaps'])]),
    ],
    nonCompliant: [
      { manifest: binding(clusterRoleRef('view'), [serviceAccount('team', 'app')]), finding: /^subject ServiceAccount team\/app works in namespace team but gets get, list, watch on configmaps, .* in every namespace through ClusterRole view$/ },
      { manifest: binding(clusterRoleRef('cm-reader'), [user('system:serviceaccount:team:app')]), finding: /^subject User system:serviceaccount:team:app works in namespace team but gets get, list on configmaps \(rules\[0\]\) in every namespace through ClusterRole cm-reader$/ },
      { manifest: binding(clusterRoleRef('cm-reader'), [user(spiffe)]), finding: /subject User spiffe:spiffe:\/\/apps.example.com\/ns\/ztwim-gitops\/sa\/argocd-server works in namespace ztwim-gitops/ },
    ],
  },
};
