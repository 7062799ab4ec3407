import { Case } from './case';
import { goodContainer, goodPod, goodTask, IMAGE, podWith } from '../fixtures';
import { knativeRevision, knativeService, pipelineRunOfRef, podTemplateObject, rollout, scaledJob, stepAction, taskRunOfRef, workflow } from '../pod-kinds';

const cronJob = (annotations: any) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'c', namespace: 'team' },
  spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { metadata: { annotations }, spec: goodPod().spec } } } },
});
const firstContainer = (o: any) => o.spec.templates[0].container;
const prometheus = (containers: any[]) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'monitoring' }, spec: { replicas: 2, containers } });
const argoAppWithValues = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'app', namespace: 'argocd' },
  spec: {
    project: 'team',
    source: { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.0.0', helm: { valuesObject: { spec: { containers: [{ name: 'x', image: 'nginx:latest', securityContext: { privileged: true } }] } } } },
    destination: { name: 'in-cluster', namespace: 'team' },
  },
};

/** The pod rules (ZT-POD1..11) and the service-account rules, which read the same pods. */
export const POD_CASES: Record<string, Case> = {
  'ZT-POD1': {
    compliant: [
      goodPod(), goodTask(), goodPod('win', s => { s.os = { name: 'windows' }; delete s.containers[0].securityContext.allowPrivilegeEscalation; }),
      // a StepAction leaves unset what the referencing Task's stepTemplate sets; a run of a referenced Task has no steps here
      stepAction(o => delete o.spec.securityContext.allowPrivilegeEscalation), taskRunOfRef(), pipelineRunOfRef(), rollout(), workflow(),
    ],
    nonCompliant: [
      { manifest: podWith(c => delete c.securityContext.allowPrivilegeEscalation), finding: /container app: allowPrivilegeEscalation is "unset"/ },
      { manifest: goodTask(s => { s.steps[0].securityContext = { allowPrivilegeEscalation: true }; }), finding: /step migrate: allowPrivilegeEscalation is true/ },
      { manifest: stepAction(o => { o.spec.securityContext.allowPrivilegeEscalation = true; }), finding: /^step action git-clone: allowPrivilegeEscalation is true$/ },
      { manifest: workflow(o => delete firstContainer(o).securityContext), finding: /^template main: container main: allowPrivilegeEscalation is "unset"$/ },
    ],
  },
  'ZT-POD2': {
    compliant: [goodPod(), stepAction(), knativeService()],
    nonCompliant: [
      { manifest: podWith(c => { c.securityContext.privileged = true; }), finding: /privileged is true/ },
      { manifest: stepAction(o => { o.spec.securityContext.privileged = true; }), finding: /^step action git-clone: privileged is true$/ },
      { manifest: workflow(o => { o.spec.templates[0].initContainers = [{ ...goodContainer('init'), securityContext: { privileged: true } }]; }), finding: /^template main: initContainer init: privileged is true$/ },
    ],
  },
  'ZT-POD3': {
    compliant: [goodPod(), podWith(c => { c.securityContext.capabilities.add = ['NET_BIND_SERVICE']; }), stepAction(o => delete o.spec.securityContext.capabilities)],
    nonCompliant: [
      { manifest: podWith(c => { c.securityContext.capabilities = { drop: ['NET_RAW'] }; }), finding: /drop does not include ALL/ },
      { manifest: podWith(c => { c.securityContext.capabilities.add = ['SYS_ADMIN']; }), finding: /add has SYS_ADMIN/ },
      { manifest: stepAction(o => { o.spec.securityContext.capabilities = { add: ['SYS_ADMIN'] }; }), finding: /^step action git-clone: capabilities.add has SYS_ADMIN$/ },
      { manifest: workflow(o => { o.spec.templates = [{ name: 'set', containerSet: { containers: [{ ...goodContainer('a'), securityContext: {} }] } }]; }), finding: /^template set: container a: capabilities.drop does not include ALL$/ },
    ],
  },
  'ZT-POD4': {
    compliant: [
      goodPod(), podWith(c => delete c.securityContext.runAsNonRoot), goodPod('userns', s => { s.hostUsers = false; s.containers[0].securityContext.runAsUser = 0; }),
      stepAction(o => delete o.spec.securityContext.runAsNonRoot), taskRunOfRef(o => delete o.spec.podTemplate),
      workflow(o => delete firstContainer(o).securityContext.runAsNonRoot),
    ],
    nonCompliant: [
      { manifest: goodPod('x', s => { delete s.securityContext.runAsNonRoot; delete s.containers[0].securityContext.runAsNonRoot; }), finding: /runAsNonRoot is not true/ },
      { manifest: podWith(c => { c.securityContext.runAsUser = 0; }), finding: /runAsUser is 0/ },
      { manifest: workflow(o => { firstContainer(o).securityContext.runAsUser = 0; }), finding: /^template main: container main: runAsUser is 0$/ },
      { manifest: taskRunOfRef(o => { o.spec.podTemplate.securityContext.runAsUser = 0; }), finding: /^every step: runAsUser is 0$/ },
      { manifest: stepAction(o => { o.spec.securityContext.runAsNonRoot = false; }), finding: /^step action git-clone: runAsNonRoot is not true$/ },
    ],
  },
  'ZT-POD5': {
    compliant: [goodPod(), podWith(c => { c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; }), stepAction(o => delete o.spec.securityContext.seccompProfile), pipelineRunOfRef()],
    nonCompliant: [
      { manifest: goodPod('x', s => { delete s.securityContext.seccompProfile; delete s.containers[0].securityContext.seccompProfile; }), finding: /seccompProfile.type is unset/ },
      { manifest: podWith(c => { c.securityContext.seccompProfile = { type: 'Unconfined' }; }), finding: /is Unconfined/ },
      { manifest: pipelineRunOfRef(o => { o.spec.taskRunTemplate.podTemplate.securityContext.seccompProfile.type = 'Unconfined'; }), finding: /^every task: every step: pod seccompProfile.type is Unconfined$/ },
    ],
  },
  'ZT-POD6': {
    compliant: [goodPod('v', s => { s.volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'img', image: { reference: IMAGE } }]; }), podTemplateObject(), taskRunOfRef()],
    nonCompliant: [
      { manifest: goodPod('v', s => { s.volumes = [{ name: 'root', hostPath: { path: '/' } }]; }), finding: /volume root: hostPath/ },
      { manifest: podTemplateObject(o => { o.template.spec.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]; }), finding: /^volume docker: hostPath$/ },
      { manifest: taskRunOfRef(o => { o.spec.podTemplate.volumes = [{ name: 'root', hostPath: { path: '/' } }]; }), finding: /^volume root: hostPath$/ },
      { manifest: workflow(o => { o.spec.volumes = [{ name: 'nfs', nfs: { server: 'nfs', path: '/' } }]; }), finding: /^template main: volume nfs: nfs$/ },
    ],
  },
  'ZT-POD7': {
    compliant: [
      goodPod(), podWith(c => { c.ports = [{ containerPort: 8080 }]; }), taskRunOfRef(), rollout(), knativeService(),
      workflow(o => { o.spec.hostNetwork = false; }),
    ],
    nonCompliant: [
      { manifest: goodPod('h', s => { s.hostNetwork = true; }), finding: /hostNetwork is true/ },
      { manifest: podWith(c => { c.ports = [{ containerPort: 80, hostPort: 80 }]; }), finding: /hostPort 80/ },
      { manifest: taskRunOfRef(o => { o.spec.podTemplate.hostNetwork = true; }), finding: /^hostNetwork is true$/ },
      {
        manifest: pipelineRunOfRef(o => { o.spec.taskRunSpecs = [{ pipelineTaskName: 'build', podTemplate: { hostNetwork: true } }]; }),
        finding: /^task build: hostNetwork is true$/,
      },
      { manifest: rollout(o => { o.spec.template.spec.hostPID = true; }), finding: /^hostPID is true$/ },
      { manifest: knativeRevision(o => { o.spec.hostIPC = true; }), finding: /^hostIPC is true$/ },
      { manifest: workflow(o => { o.spec.hostNetwork = true; }), finding: /^template main: hostNetwork is true$/ },
      { manifest: workflow(o => { o.spec.templates = []; o.spec.workflowTemplateRef = { name: 'shared' }; o.spec.hostNetwork = true; }), finding: /^every template: hostNetwork is true$/ },
    ],
  },
  'ZT-POD8': {
    compliant: [goodPod(), goodTask(), knativeService(), stepAction(o => delete o.spec.securityContext.readOnlyRootFilesystem)],
    nonCompliant: [
      { manifest: podWith(c => { c.securityContext.readOnlyRootFilesystem = false; }), finding: /readOnlyRootFilesystem is not true/ },
      { manifest: knativeService(o => { o.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false; }), finding: /^container app: readOnlyRootFilesystem is not true$/ },
      { manifest: stepAction(o => { o.spec.securityContext.readOnlyRootFilesystem = false; }), finding: /^step action git-clone: readOnlyRootFilesystem is not true$/ },
    ],
  },
  'ZT-POD9': {
    compliant: [goodPod(), goodTask(), stepAction(), scaledJob(), taskRunOfRef()],
    nonCompliant: [
      { manifest: podWith(c => delete c.resources.limits), finding: /no limits.memory/ },
      { manifest: goodTask(s => delete s.stepTemplate.computeResources), finding: /step migrate: no requests.cpu, requests.memory, limits.memory/ },
      { manifest: scaledJob(o => delete o.spec.jobTargetRef.template.spec.containers[0].resources), finding: /^container app: no requests.cpu, requests.memory, limits.memory$/ },
    ],
  },
  'ZT-POD10': {
    compliant: [goodPod('b', s => {
      s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }];
      s.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c1' };
      s.containers[0].securityContext.appArmorProfile = { type: 'RuntimeDefault' };
      s.containers[0].readinessProbe = { httpGet: { path: '/ready', port: 8080 } };
    }), cronJob({ 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }), taskRunOfRef()],
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
      // the CronJob's pod template sits under jobTemplate, not spec.template
      { manifest: cronJob({ 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }), finding: /^annotation container.apparmor.security.beta.kubernetes.io\/app: unconfined$/ },
      { manifest: taskRunOfRef(o => { o.spec.podTemplate.securityContext.sysctls = [{ name: 'kernel.core_pattern', value: '|/x' }]; }), finding: /^sysctl kernel.core_pattern$/ },
    ],
  },
  'ZT-POD11': {
    compliant: [prometheus([]), { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 's', namespace: 'team' }, spec: { endpoints: [{ port: 'web' }] } }],
    nonCompliant: [
      { manifest: prometheus([{ name: 'sidecar', image: IMAGE }]), finding: /^spec.containers: pod template in monitoring.coreos.com\/Prometheus, a kind the pod rules do not read$/ },
      {
        manifest: { apiVersion: 'template.openshift.io/v1', kind: 'Template', metadata: { name: 't', namespace: 'team' }, objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx' }] } } } }] },
        finding: /^objects\[0\].spec.template.spec.containers: pod template in template.openshift.io\/Template/,
      },
      { manifest: { ...rollout(), apiVersion: 'apps.example.com/v1', kind: 'Deployment' }, finding: /^spec.template.spec.containers: pod template in apps.example.com\/Deployment/ },
      { manifest: workflow(o => { o.spec.templates[0].podSpecPatch = '{"hostPID": true}'; }), finding: /^spec.templates\[0\].podSpecPatch: pod spec patch the pod rules cannot judge$/ },
      { manifest: workflow(o => { o.spec.workflowSpec.podSpecPatch = 'hostIPC: true'; }, 'CronWorkflow'), finding: /^spec.workflowSpec.podSpecPatch: pod spec patch/ },
      {
        manifest: { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't', namespace: 'team' }, spec: { items: Array.from({ length: 6000 }, (_, i) => ({ i })) } },
        finding: /^spec.items\[\d+\]: example.com\/Thing is too deep or too large to search for pod templates from here on$/,
      },
    ],
    notApplicable: [goodPod(), rollout(), workflow(), stepAction(), argoAppWithValues, { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'e', namespace: 'team' }, spec: {} }],
  },
  'ZT-SA1': {
    compliant: [
      goodPod(), { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'r', namespace: 'ci' }, spec: { taskRunTemplate: { serviceAccountName: 'pipeline' } } },
      workflow(), workflow(o => { delete o.spec.serviceAccountName; o.spec.templates[0].serviceAccountName = 'main'; }), knativeService(), scaledJob(), rollout(),
    ],
    nonCompliant: [
      { manifest: goodPod('d', s => delete s.serviceAccountName), finding: /unset \(default\)/ },
      { manifest: { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 'r', namespace: 'ci' }, spec: { serviceAccountName: 'default' } }, finding: /service account is default/ },
      { manifest: pipelineRunOfRef(o => { o.spec.taskRunSpecs = [{ pipelineTaskName: 'deploy', serviceAccountName: 'default' }]; }), finding: /^taskRunSpecs\[0\] \(task deploy\): service account is default$/ },
      { manifest: workflow(o => { o.spec.templates.push({ name: 'other', serviceAccountName: 'default', container: goodContainer('x') }); }), finding: /^template other: service account is default$/ },
      { manifest: knativeService(o => delete o.spec.template.spec.serviceAccountName), finding: /^service account is unset \(default\)$/ },
    ],
    // the run that submits a WorkflowTemplate, or references a StepAction's Task, decides the service account
    notApplicable: [workflow(o => delete o.spec.serviceAccountName, 'WorkflowTemplate'), stepAction()],
  },
  'ZT-SA2': {
    compliant: [goodPod(), goodPod('sa', s => delete s.automountServiceAccountToken), workflow(), scaledJob()],
    others: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'team' }, automountServiceAccountToken: false }],
    nonCompliant: [
      { manifest: goodPod('t', s => { s.automountServiceAccountToken = true; }), finding: /automountServiceAccountToken is true/ },
      { manifest: goodPod('u', s => { delete s.automountServiceAccountToken; s.serviceAccountName = 'other'; }), finding: /service account other does not disable it/ },
      { manifest: workflow(o => { o.spec.templates[0].automountServiceAccountToken = true; }), finding: /^template main: automountServiceAccountToken is true$/ },
    ],
  },
};
