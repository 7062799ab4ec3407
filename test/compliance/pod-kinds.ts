/**
 * Hardened objects of every kind `podsOf` reads beyond core workloads (Argo Rollouts and Workflows, Knative, KEDA,
 * Tekton StepActions and runs of referenced tasks, core PodTemplates), each built around the hardened pod of
 * `fixtures.ts`; `patch` changes the object before it is returned.
 */
import { goodContainer, goodPod, IMAGE } from './fixtures';

type Patch = (o: any) => void;

function build(o: any, patch: Patch): any {
  patch(o);
  return o;
}

const meta = (name: string, namespace = 'team') => ({ name, namespace });
const podSpec = () => goodPod().spec;

export function podTemplateObject(patch: Patch = () => {}): any {
  return build({ apiVersion: 'v1', kind: 'PodTemplate', metadata: meta('tpl'), template: { metadata: { labels: { app: 'x' } }, spec: podSpec() } }, patch);
}

export function rollout(patch: Patch = () => {}): any {
  return build({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: meta('web'),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec() },
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: { duration: '1m' } }] } },
    },
  }, patch);
}

export function knativeService(patch: Patch = () => {}): any {
  return build({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: meta('hello'),
    spec: { template: { metadata: { annotations: { 'autoscaling.knative.dev/max-scale': '3' } }, spec: podSpec() } },
  }, patch);
}

export function knativeRevision(patch: Patch = () => {}): any {
  return build({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: meta('hello-00001'), spec: podSpec() }, patch);
}

export function scaledJob(patch: Patch = () => {}): any {
  return build({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    metadata: meta('consumer'),
    spec: {
      jobTargetRef: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } },
      triggers: [{ type: 'rabbitmq', metadata: { queueName: 'jobs', mode: 'QueueLength', value: '5' } }],
    },
  }, patch);
}

/** An Argo Workflow with one container template, hardened at workflow level. */
export function workflow(patch: Patch = () => {}, kind = 'Workflow'): any {
  const spec = {
    entrypoint: 'main',
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    executor: { serviceAccountName: 'argo-executor' },
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    templates: [{ name: 'main', container: { ...goodContainer('main'), command: ['/app'] } }],
  };
  return build({
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    metadata: kind === 'ClusterWorkflowTemplate' ? { name: 'wf' } : meta('wf'),
    spec: kind === 'CronWorkflow' ? { schedules: ['0 * * * *'], workflowSpec: spec } : spec,
  }, patch);
}

/** A Tekton StepAction that sets its whole securityContext. */
export function stepAction(patch: Patch = () => {}): any {
  const { name: _n, resources: _r, ...container } = goodContainer();
  return build({
    apiVersion: 'tekton.dev/v1beta1',
    kind: 'StepAction',
    metadata: meta('git-clone', 'ci'),
    spec: { ...container, image: IMAGE, script: '#!/bin/sh\ngit clone "$URL" /workspace/src', params: [{ name: 'URL', type: 'string' }] },
  }, patch);
}

/** The pod template this library's runs carry. */
export const RUN_POD_TEMPLATE = { securityContext: { fsGroup: 65532, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } };

/** A TaskRun of a referenced Task, with this library's pod template. */
export function taskRunOfRef(patch: Patch = () => {}): any {
  return build({
    apiVersion: 'tekton.dev/v1',
    kind: 'TaskRun',
    metadata: meta('migrate-run', 'ci'),
    spec: { serviceAccountName: 'ci', taskRef: { kind: 'Task', name: 'migrate' }, podTemplate: JSON.parse(JSON.stringify(RUN_POD_TEMPLATE)) },
  }, patch);
}

/** A PipelineRun of a referenced Pipeline, with this library's pod template. */
export function pipelineRunOfRef(patch: Patch = () => {}): any {
  return build({
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: meta('release-run', 'ci'),
    spec: { pipelineRef: { name: 'release' }, taskRunTemplate: { serviceAccountName: 'ci', podTemplate: JSON.parse(JSON.stringify(RUN_POD_TEMPLATE)) } },
  }, patch);
}
