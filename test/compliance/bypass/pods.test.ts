/**
 * Bypass corpus, pods of every kind: each attempt hides a pod-rule violation in a kind the pod rules learned to
 * read through `podsOf` (PodTemplate, Tekton runs of referenced tasks and StepActions, Argo Rollouts and
 * Workflows, Knative, KEDA), or behind a route (Include, nested Lists, a JSON patch after construction, a second
 * chart, after applyTo). Legitimate configurations of kinds with a CRD in ../shared go through the corpus (and
 * conformance); those of kinds without one (Argo, Knative, KEDA, StepAction) are checked with the pack alone below.
 */
import { Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { asList, Attempt, bypassCorpus, include, Legitimate, NAMESPACE, patch, raw, Route, secondChart } from './corpus';
import { CompliancePack } from '../../../src/compliance';
import { ImageReference, Pipeline, PipelineRun, Task, TaskRun } from '../../../src/tekton';
import { goodContainer, goodPod, goodTask, IMAGE } from '../fixtures';
import { knativeRevision, knativeService, pipelineRunOfRef, podTemplateObject, rollout, scaledJob, stepAction, taskRunOfRef, workflow } from '../pod-kinds';

const IMG = ImageReference.digest('registry.example.com/tools/migrate', `sha256:${'c'.repeat(64)}`, { tag: '1.0.0' });
const inNamespace = (o: any) => ({ ...o, metadata: { ...o.metadata, namespace: NAMESPACE } });
const secretEnv = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];

/** A hardened cdk8s-plus Deployment (non-root, read-only root filesystem, no token). */
function plusDeployment(chart: Chart): kplus.Deployment {
  return new kplus.Deployment(chart, 'web', {
    automountServiceAccountToken: false,
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'web-sa', 'web'),
    containers: [{
      image: IMAGE,
      portNumber: 8080,
      securityContext: { user: 1000, group: 1000, capabilities: { drop: [kplus.Capability.ALL] } },
      resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
    }],
  });
}

/** This library's TaskRun of a referenced Task, with its hardened pod template. */
function libraryTaskRun(chart: Chart): TaskRun {
  return new TaskRun(chart, 'run', {
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'ci-sa', 'ci'),
    task: Task.fromTaskName(chart, 'task', 'migrate'),
    fsGroup: 65532,
  });
}

function libraryPipelineRun(chart: Chart): PipelineRun {
  return new PipelineRun(chart, 'prun', {
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'ci-sa', 'ci'),
    pipeline: Pipeline.fromPipelineName(chart, 'pipeline', 'release'),
  });
}

function libraryTask(chart: Chart): Task {
  return new Task(chart, 'task', { steps: [{ name: 'migrate', image: IMG, script: 'migrate up' }] });
}

const attempts: Attempt[] = [
  // raw objects of the kinds podsOf learned
  { name: 'hostPath volume in a core PodTemplate', route: Route.RAW, caughtBy: 'ZT-POD6', build: c => raw(c, inNamespace(podTemplateObject(o => { o.template.spec.volumes = [{ name: 'root', hostPath: { path: '/' } }]; }))) },
  { name: 'privileged container in a core PodTemplate', route: Route.AFTER_APPLY, caughtBy: 'ZT-POD2', build: c => raw(c, inNamespace(podTemplateObject(o => { o.template.spec.containers[0].securityContext.privileged = true; }))) },
  { name: 'hostNetwork in the podTemplate of a TaskRun of a referenced Task', route: Route.RAW, caughtBy: 'ZT-POD7', build: c => raw(c, inNamespace(taskRunOfRef(o => { o.spec.podTemplate.hostNetwork = true; }))) },
  { name: 'Secret in env for every step through a TaskRun podTemplate', route: Route.RAW, caughtBy: 'ZT-SEC1', build: c => raw(c, inNamespace(taskRunOfRef(o => { o.spec.podTemplate.env = secretEnv; }))) },
  { name: 'unsafe sysctl in a TaskRun podTemplate', route: Route.RAW, caughtBy: 'ZT-POD10', build: c => raw(c, inNamespace(taskRunOfRef(o => { o.spec.podTemplate.securityContext.sysctls = [{ name: 'kernel.core_pattern', value: '|/tmp/x' }]; }))) },
  { name: 'hostNetwork for one task through PipelineRun taskRunSpecs', route: Route.RAW, caughtBy: 'ZT-POD7', build: c => raw(c, inNamespace(pipelineRunOfRef(o => { o.spec.taskRunSpecs = [{ pipelineTaskName: 'build', podTemplate: { hostNetwork: true } }]; }))) },
  { name: 'hostPath in a v1beta1 PipelineRun spec.podTemplate', route: Route.RAW, caughtBy: 'ZT-POD6', build: c => raw(c, inNamespace({ apiVersion: 'tekton.dev/v1beta1', kind: 'PipelineRun', metadata: { name: 'old' }, spec: { pipelineRef: { name: 'release' }, serviceAccountName: 'ci', podTemplate: { volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }] } } })) },
  { name: 'the default service account for one task through PipelineRun taskRunSpecs', route: Route.RAW, caughtBy: 'ZT-SA1', build: c => raw(c, inNamespace(pipelineRunOfRef(o => { o.spec.taskRunSpecs = [{ pipelineTaskName: 'deploy', serviceAccountName: 'default' }]; }))) },
  { name: 'privileged StepAction', route: Route.RAW, caughtBy: 'ZT-POD2', build: c => raw(c, inNamespace(stepAction(o => { o.spec.securityContext.privileged = true; }))) },
  { name: 'StepAction running as root', route: Route.RAW, caughtBy: 'ZT-POD4', build: c => raw(c, inNamespace(stepAction(o => { o.spec.securityContext.runAsUser = 0; }))) },
  { name: 'privileged step in a v1beta1 ClusterTask', route: Route.RAW, caughtBy: 'ZT-POD2', build: c => raw(new Chart(c.node.root as any, 'cluster'), { ...goodTask(s => { s.steps[0].securityContext = { privileged: true }; }), apiVersion: 'tekton.dev/v1beta1', kind: 'ClusterTask', metadata: { name: 'clustertask' } }) },
  {
    name: 'inline Pipeline task dressed up as a custom task with only a kind',
    route: Route.RAW,
    caughtBy: 'ZT-POD2',
    build: c => raw(c, { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'sneaky' }, spec: { tasks: [{ name: 'a', taskSpec: { ...goodTask(s => { s.steps[0].securityContext = { privileged: true }; }).spec, kind: 'Wait' } }] } }),
  },
  { name: 'Argo Rollout sharing the host PID namespace', route: Route.RAW, caughtBy: 'ZT-POD7', build: c => raw(c, inNamespace(rollout(o => { o.spec.template.spec.hostPID = true; }))) },
  { name: 'Argo Workflow template container running as root', route: Route.RAW, caughtBy: 'ZT-POD4', build: c => raw(c, inNamespace(workflow(o => { o.spec.templates[0].container.securityContext.runAsUser = 0; }))) },
  { name: 'Argo Workflow templateDefaults making every container privileged', route: Route.RAW, caughtBy: 'ZT-POD2', build: c => raw(c, inNamespace(workflow(o => { o.spec.templateDefaults = { container: { securityContext: { privileged: true } } }; }))) },
  { name: 'Argo Workflow referencing a WorkflowTemplate with hostNetwork', route: Route.RAW, caughtBy: 'ZT-POD7', build: c => raw(c, inNamespace(workflow(o => { delete o.spec.templates; o.spec.workflowTemplateRef = { name: 'shared' }; o.spec.hostNetwork = true; }))) },
  { name: 'Argo Workflow template on the default service account', route: Route.RAW, caughtBy: 'ZT-SA1', build: c => raw(c, inNamespace(workflow(o => { o.spec.templates[0].serviceAccountName = 'default'; }))) },
  { name: 'Argo containerSet container without allowPrivilegeEscalation: false', route: Route.RAW, caughtBy: 'ZT-POD1', build: c => raw(c, inNamespace(workflow(o => { o.spec.templates = [{ name: 'set', containerSet: { containers: [{ ...goodContainer('a'), securityContext: { runAsNonRoot: true } }] } }]; }))) },
  { name: 'Argo CronWorkflow script with a privileged container', route: Route.RAW, caughtBy: 'ZT-POD2', build: c => raw(c, inNamespace(workflow(o => { o.spec.workflowSpec.templates = [{ name: 'main', script: { ...goodContainer('main'), securityContext: { privileged: true }, source: 'id' } }]; }, 'CronWorkflow'))) },
  { name: 'Argo WorkflowTemplate sidecar mounting the Docker socket', route: Route.RAW, caughtBy: 'ZT-POD6', build: c => raw(c, inNamespace(workflow(o => { o.spec.templates[0].volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }]; }, 'WorkflowTemplate'))) },
  { name: 'Knative Service reading a Secret into env', route: Route.RAW, caughtBy: 'ZT-SEC1', build: c => raw(c, inNamespace(knativeService(o => { o.spec.template.spec.containers[0].env = secretEnv; }))) },
  { name: 'Knative Revision sharing the host IPC namespace', route: Route.RAW, caughtBy: 'ZT-POD7', build: c => raw(c, inNamespace(knativeRevision(o => { o.spec.hostIPC = true; }))) },
  { name: 'Knative Configuration on the default service account', route: Route.RAW, caughtBy: 'ZT-SA1', build: c => raw(c, inNamespace({ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'cfg' }, spec: { template: { spec: goodPod('x', s => delete s.serviceAccountName).spec } } })) },
  { name: 'KEDA ScaledJob with an image on :latest', route: Route.RAW, caughtBy: 'ZT-IMG1', build: c => raw(c, inNamespace(scaledJob(o => { o.spec.jobTargetRef.template.spec.containers[0].image = 'busybox:latest'; }))) },
  { name: 'hostNetwork in an extensions/v1beta1 DaemonSet', route: Route.RAW, caughtBy: 'ZT-POD7', build: c => raw(c, inNamespace({ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name: 'old' }, spec: { template: { spec: goodPod('x', s => { s.hostNetwork = true; }).spec } } })) },
  {
    name: 'unconfined AppArmor annotation on a CronJob\'s pod template',
    route: Route.RAW,
    caughtBy: 'ZT-POD10',
    build: c => raw(c, inNamespace({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }, spec: goodPod().spec } } } } })),
  },
  // Include and lists
  { name: 'privileged Rollout from included YAML', route: Route.INCLUDE, caughtBy: 'ZT-POD2', build: c => include(c, [inNamespace(rollout(o => { o.spec.template.spec.containers[0].securityContext.privileged = true; }))]) },
  { name: 'Workflow on the host network from included YAML', route: Route.INCLUDE, caughtBy: 'ZT-POD7', build: c => include(c, [inNamespace(workflow(o => { o.spec.hostNetwork = true; }))]) },
  {
    name: 'Deployment sharing the host PID namespace in a List inside a List',
    route: Route.LIST,
    caughtBy: 'ZT-POD7',
    build: c => asList(c, [{ apiVersion: 'v1', kind: 'List', items: [inNamespace({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deep' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: goodPod('x', s => { s.hostPID = true; }).spec } } })] }]),
  },
  { name: 'KEDA ScaledJob with an untagged image in a List', route: Route.LIST, caughtBy: 'ZT-IMG1', build: c => asList(c, [inNamespace(scaledJob(o => { o.spec.jobTargetRef.template.spec.containers[0].image = 'registry.example.com/worker'; }))]) },
  { name: 'TaskRun podTemplate hostPath in a <Kind>List', route: Route.LIST, caughtBy: 'ZT-POD6', build: c => raw(c, { apiVersion: 'tekton.dev/v1', kind: 'TaskRunList', metadata: {}, items: [inNamespace(taskRunOfRef(o => { o.spec.podTemplate.volumes = [{ name: 'root', hostPath: { path: '/' } }]; }))] }, 'runs') },
  // JSON patches after construction
  { name: 'hardened cdk8s-plus Deployment patched onto the host network', route: Route.JSON_PATCH, caughtBy: 'ZT-POD7', build: c => patch(plusDeployment(c), JsonPatch.add('/spec/template/spec/hostNetwork', true)) },
  {
    // cdk8s-plus's generated L1 maps its camelCase hostIpc to hostIPC after the patches (a patch of hostIPC is dropped)
    name: 'cdk8s-plus CronJob patched into the host IPC namespace through the L1 spelling hostIpc',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-POD7',
    build: c => patch(new kplus.CronJob(c, 'cron', { schedule: Cron.hourly(), automountServiceAccountToken: false, containers: [{ image: IMAGE, securityContext: { user: 1000 } }] }), JsonPatch.add('/spec/jobTemplate/spec/template/spec/hostIpc', true)),
  },
  {
    name: 'raw hardened CronJob patched into the host IPC namespace',
    route: Route.JSON_PATCH,
    caughtBy: 'ZT-POD7',
    build: c => patch(raw(c, { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: goodPod().spec } } } } }), JsonPatch.add('/spec/jobTemplate/spec/template/spec/hostIPC', true)),
  },
  { name: 'this library\'s TaskRun patched onto the host network', route: Route.JSON_PATCH, caughtBy: 'ZT-POD7', build: c => patch(libraryTaskRun(c), JsonPatch.add('/spec/podTemplate/hostNetwork', true)) },
  { name: 'this library\'s TaskRun patched to mount the node\'s root', route: Route.JSON_PATCH, caughtBy: 'ZT-POD6', build: c => patch(libraryTaskRun(c), JsonPatch.add('/spec/podTemplate/volumes', [{ name: 'root', hostPath: { path: '/' } }])) },
  { name: 'this library\'s PipelineRun patched to run every step as root', route: Route.JSON_PATCH, caughtBy: 'ZT-POD4', build: c => patch(libraryPipelineRun(c), JsonPatch.add('/spec/taskRunTemplate/podTemplate/securityContext/runAsUser', 0)) },
  { name: 'this library\'s PipelineRun patched with an Unconfined seccomp profile for one task', route: Route.JSON_PATCH, caughtBy: 'ZT-POD5', build: c => patch(libraryPipelineRun(c), JsonPatch.add('/spec/taskRunSpecs', [{ pipelineTaskName: 'build', podTemplate: { securityContext: { seccompProfile: { type: 'Unconfined' } } } }])) },
  { name: 'this library\'s Task patched to a privileged step', route: Route.JSON_PATCH, caughtBy: 'ZT-POD2', build: c => patch(libraryTask(c), JsonPatch.replace('/spec/steps/0/securityContext/privileged', true)) },
  // a stepTemplate privileged: true would lose to the step's explicit false; an added capability merges into every step
  { name: 'this library\'s Task patched with a stepTemplate adding SYS_ADMIN', route: Route.JSON_PATCH, caughtBy: 'ZT-POD3', build: c => patch(libraryTask(c), JsonPatch.add('/spec/stepTemplate', { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } })) },
  // second chart and after applyTo
  { name: 'Knative Service on the host network in a second chart', route: Route.SECOND_CHART, caughtBy: 'ZT-POD7', build: c => raw(secondChart(c), knativeService(o => { o.spec.template.spec.hostNetwork = true; delete o.metadata.namespace; })) },
  { name: 'StepAction with a :latest image in a second chart', route: Route.SECOND_CHART, caughtBy: 'ZT-IMG1', build: c => raw(secondChart(c), stepAction(o => { o.spec.image = 'alpine/git:latest'; delete o.metadata.namespace; })) },
  { name: 'Workflow with a writable root filesystem added after applyTo', route: Route.AFTER_APPLY, caughtBy: 'ZT-POD8', build: c => raw(c, inNamespace(workflow(o => { o.spec.templates[0].container.securityContext.readOnlyRootFilesystem = false; }))) },
  // constructs
  {
    name: 'this library\'s TaskRun of a referenced Task on the default service account',
    route: Route.CONSTRUCT,
    caughtBy: /default/,
    build: c => new TaskRun(c, 'run', { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'd', 'default'), task: Task.fromTaskName(c, 't', 'migrate') }),
  },
  { name: 'cdk8s-plus Deployment with a privileged container', route: Route.CDK8S_PLUS, caughtBy: 'ZT-POD2', build: c => new kplus.Deployment(c, 'priv', { containers: [{ image: IMAGE, securityContext: { privileged: true, user: 1000 } }] }) },
];

const legitimate: Legitimate[] = [
  { name: 'hardened core PodTemplate', build: c => raw(c, inNamespace(podTemplateObject())) },
  { name: 'this library\'s TaskRun of a referenced Task (benign pod template)', build: c => libraryTaskRun(c) },
  { name: 'this library\'s PipelineRun of a referenced Pipeline', build: c => libraryPipelineRun(c) },
  {
    name: 'TaskRun of a referenced Task with a benign pod template (emptyDir, plain env, node selector)',
    build: c => raw(c, inNamespace(taskRunOfRef(o => {
      o.spec.podTemplate.volumes = [{ name: 'cache', emptyDir: {} }];
      o.spec.podTemplate.env = [{ name: 'LOG_LEVEL', value: 'info' }];
      o.spec.podTemplate.nodeSelector = { 'kubernetes.io/os': 'linux' };
    }))),
  },
  {
    name: 'PipelineRun with a hardened per-task pod template',
    build: c => raw(c, inNamespace(pipelineRunOfRef(o => { o.spec.taskRunSpecs = [{ pipelineTaskName: 'build', serviceAccountName: 'builder', podTemplate: { securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } } } }]; }))),
  },
];

bypassCorpus('pods of every kind', attempts, legitimate);

/**
 * Legitimate configurations of kinds without a CRD in ../shared (the conformance harness would report them as
 * unknown kinds): the pack alone must find no error and no ZT-POD11 warning.
 */
describe('bypass corpus: pods of every kind, legitimate configurations of kinds without a CRD in ../shared', () => {
  const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'team' }, automountServiceAccountToken: false };
  const configurations: [string, any][] = [
    ['hardened Argo Rollout', rollout()],
    ['hardened Knative Service', knativeService()],
    ['hardened Argo Workflow', workflow()],
    ['hardened Argo CronWorkflow', workflow(() => {}, 'CronWorkflow')],
    ['Argo WorkflowTemplate hardened through templateDefaults', workflow(o => {
      o.spec.templateDefaults = { container: { securityContext: goodContainer().securityContext, resources: goodContainer().resources } };
      o.spec.templates = [{ name: 'main', container: { name: 'main', image: IMAGE, command: ['/app'] } }];
    }, 'WorkflowTemplate')],
    ['hardened KEDA ScaledJob', scaledJob()],
    ['hardened Tekton StepAction', stepAction()],
    ['StepAction leaving its securityContext to the referencing Task\'s stepTemplate', stepAction(o => delete o.spec.securityContext)],
  ];

  test.each(configurations)('accepts %s', (_name, manifest) => {
    const report = new CompliancePack().evaluateManifests([manifest, sa]);
    expect(report.errors.map(f => `${f.ruleId}: ${f.detail}`)).toEqual([]);
    expect(report.warnings.filter(f => f.ruleId === 'ZT-POD11')).toEqual([]);
  });

  // not run through expectConformant: the harness's Kyverno adapter cannot evaluate a step without an image (a ref)
  test('a Task that references the StepAction with a hardened stepTemplate passes the pack', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'tenant', { namespace: NAMESPACE });
    raw(chart, inNamespace(goodTask(s => { s.steps = [{ name: 'clone', ref: { name: 'git-clone' } }]; })));
    const report = new CompliancePack().evaluate(app);
    expect(report.errors.map(f => `${f.ruleId}: ${f.detail}`)).toEqual([]);
    expect(Testing.synth(chart)[0].spec.steps[0].ref).toEqual({ name: 'git-clone' });
  });
});
