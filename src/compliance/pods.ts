import { asArray, groupOf, isObject, Obj } from './manifest';
import { NOT_APPLICABLE, outcome, RuleOutcome } from './rule-definition';

/** One container of a pod as a rule sees it: `where` names it in findings (`container app`, `step migrate`). */
export interface ContainerView {
  readonly where: string;
  readonly container: Obj;
}

/**
 * A pod an object makes Kubernetes or Tekton run. `spec` carries the pod-level fields (securityContext, host
 * namespaces, volumes, service account); `where` prefixes findings when an object runs several pods.
 */
export interface PodView {
  readonly where: string;
  readonly spec: Obj;
  readonly containers: ContainerView[];
  /** Tekton pods: service account and token settings come from the run, not from the Task. */
  readonly tekton: boolean;
}

const WORKLOAD_TEMPLATES: Record<string, string[]> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  '/ReplicationController': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  'apps.openshift.io/DeploymentConfig': ['spec', 'template'],
};

/** Kinds that run pods (in some API group); anything else has none, which most manifests learn here. */
const POD_KINDS = new Set(['Pod', ...Object.keys(WORKLOAD_TEMPLATES).map(k => k.split('/')[1]), 'Task', 'TaskRun', 'Pipeline', 'PipelineRun']);

/**
 * The pods of each manifest, computed once: every pod rule asks for them, and merging a Task's steps with its
 * stepTemplate is not cheap. Rules only read the views and never change manifests.
 */
const PODS = new WeakMap<object, PodView[]>();

/** The pods of an object: a Pod, a workload's pod template, or one pod per inline Tekton task. */
export function podsOf(manifest: any): PodView[] {
  if (!isObject(manifest) || !POD_KINDS.has(manifest.kind)) return [];
  let pods = PODS.get(manifest);
  if (pods === undefined) {
    pods = computePods(manifest);
    PODS.set(manifest, pods);
  }
  return pods;
}

function computePods(manifest: any): PodView[] {
  const group = groupOf(manifest);
  const kind = manifest?.kind;
  if (group === '' && kind === 'Pod') return isObject(manifest.spec) ? [corePod('', manifest.spec)] : [];
  const path = WORKLOAD_TEMPLATES[`${group}/${kind}`];
  if (path) {
    const template = path.reduce((o: any, key) => o?.[key], manifest);
    return isObject(template?.spec) ? [corePod('', template.spec)] : [];
  }
  if (group !== 'tekton.dev' || !isObject(manifest.spec)) return [];
  const spec = manifest.spec;
  switch (kind) {
    case 'Task':
      return [taskPod('', spec, {})];
    case 'TaskRun':
      return isObject(spec.taskSpec) ? [taskPod('', spec.taskSpec, spec.podTemplate ?? {})] : [];
    case 'Pipeline':
      return pipelinePods(spec, {});
    case 'PipelineRun':
      return pipelinePods(spec.pipelineSpec ?? {}, spec.taskRunTemplate?.podTemplate ?? spec.podTemplate ?? {});
    default:
      return [];
  }
}

function corePod(where: string, spec: Obj): PodView {
  const containers = [
    ...asArray(spec.initContainers).map(c => ({ where: `initContainer ${c?.name}`, container: c ?? {} })),
    ...asArray(spec.containers).map(c => ({ where: `container ${c?.name}`, container: c ?? {} })),
    ...asArray(spec.ephemeralContainers).map(c => ({ where: `ephemeralContainer ${c?.name}`, container: c ?? {} })),
  ];
  return { where, spec, containers, tekton: false };
}

function pipelinePods(pipelineSpec: Obj, podTemplate: Obj): PodView[] {
  return [...asArray(pipelineSpec.tasks), ...asArray(pipelineSpec.finally)]
    // an embedded spec with apiVersion/kind is a custom task: its controller runs no pod
    .filter(t => isObject(t?.taskSpec) && !t.taskSpec.apiVersion && !t.taskSpec.kind)
    .map(t => taskPod(`task ${t.name}: `, t.taskSpec, podTemplate));
}

/**
 * The pod Tekton builds for a task: every step merged with the stepTemplate (sidecars get no template), the
 * task's volumes plus the pod template's, and the pod template's pod-level settings.
 */
function taskPod(where: string, taskSpec: Obj, podTemplate: Obj): PodView {
  const template = isObject(taskSpec.stepTemplate) ? toContainer(taskSpec.stepTemplate) : undefined;
  const steps = asArray(taskSpec.steps).map((step, i) => ({
    where: `${where}step ${step?.name ?? `#${i}`}`,
    container: template ? mergeStep(template, toContainer(step ?? {})) : toContainer(step ?? {}),
  }));
  const sidecars = asArray(taskSpec.sidecars).map(s => ({ where: `${where}sidecar ${s?.name}`, container: toContainer(s ?? {}) }));
  return {
    where,
    spec: { ...podTemplate, volumes: [...asArray(taskSpec.volumes), ...asArray(podTemplate.volumes)] },
    containers: [...steps, ...sidecars],
    tekton: true,
  };
}

/** A Tekton step as the container it becomes: v1 names resources `computeResources` (v1beta1 `resources`). */
function toContainer(step: Obj): Obj {
  const { computeResources, ...rest } = step;
  return computeResources !== undefined ? { ...rest, resources: computeResources } : rest;
}

// corev1.Container lists that strategic merge patches merge by key; every other list is replaced whole
const MERGE_KEYS: Record<string, string> = { env: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath', ports: 'containerPort' };

/** Tekton's MergeStepsWithStepTemplate: the step is strategic-merge-patched onto the template. */
function mergeStep(template: Obj, step: Obj): Obj {
  const out: Obj = { ...template };
  for (const [key, value] of Object.entries(step)) {
    if (value === undefined || value === null) continue;
    const mergeKey = MERGE_KEYS[key];
    out[key] = mergeKey && Array.isArray(out[key]) && Array.isArray(value)
      ? [...value, ...out[key].filter((t: Obj) => !value.some((v: Obj) => v?.[mergeKey] === t?.[mergeKey]))]
      : deepMerge(out[key], value);
  }
  return out;
}

function deepMerge(base: any, patch: any): any {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && value !== null) out[key] = deepMerge(out[key], value);
  }
  return out;
}

/** Runs `check` on every container of every pod; not applicable when the object runs no pod. */
export function eachContainer(manifest: any, check: (c: Obj, pod: PodView) => string | undefined): string[] | undefined {
  const pods = podsOf(manifest);
  if (pods.length === 0) return undefined;
  return pods.flatMap(pod => pod.containers.flatMap(({ where, container }) => {
    const problem = check(container, pod);
    return problem ? [`${where}: ${problem}`] : [];
  }));
}

/** A container rule's outcome: not applicable without pods, else one finding per failing container. */
export function containerOutcome(manifest: any, check: (c: Obj, pod: PodView) => string | undefined): RuleOutcome {
  const findings = eachContainer(manifest, check);
  return findings === undefined ? NOT_APPLICABLE : outcome(findings);
}

/** Windows pods are exempt from the Linux-only PSS controls (PSA 1.25+). */
export function isWindows(pod: PodView): boolean {
  return pod.spec.os?.name === 'windows';
}
