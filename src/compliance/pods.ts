import { asArray, groupOf, isObject, kindKeyOf, Obj } from './manifest';
import { NOT_APPLICABLE, outcome, RuleOutcome } from './rule-definition';

/** One container of a pod as a rule sees it: `where` names it in findings (`container app`, `step migrate`). */
export interface ContainerView {
  readonly where: string;
  readonly container: Obj;
}

/**
 * A pod an object makes Kubernetes, Tekton, Argo, Knative or KEDA run. `spec` carries the pod-level fields
 * (securityContext, host namespaces, volumes, service account); `where` prefixes findings when an object runs
 * several pods.
 */
export interface PodView {
  readonly where: string;
  readonly spec: Obj;
  readonly containers: ContainerView[];
  /** The pod's metadata as the object sets it (pod template metadata): annotations such as AppArmor's. */
  readonly metadata: Obj;
  /**
   * The service account and token settings come from the run, not from this object (Tekton Tasks, Pipelines,
   * StepActions and runs, whose SA rule ZT-SA1 reads itself; Argo WorkflowTemplates, which a Workflow submits).
   */
  readonly identityFromRun: boolean;
  /**
   * The object defines only part of the pod: a Tekton StepAction (merged into a step and the stepTemplate of the
   * Task that references it), or a run's pod template whose steps come from a referenced Task. What it leaves
   * unset is decided, and judged, where the rest is defined; rules judge only what it sets.
   */
  readonly partial: boolean;
}

interface PodOptions {
  readonly where?: string;
  readonly metadata?: Obj;
  readonly identityFromRun?: boolean;
}

/** The pods of one object; `spec` is the object's spec, or {} when it has none. */
type Extractor = (manifest: Obj, spec: Obj) => PodView[];

/** An extractor that finds no pod when the object has no spec. */
const withSpec = (extract: Extractor): Extractor => m => isObject(m.spec) ? extract(m, m.spec) : [];

/** A pod template (`{ metadata, spec }`) as the pod it stamps out. */
const fromTemplate = (get: (m: Obj) => any): Extractor => m => {
  const t = get(m);
  return isObject(t) && isObject(t.spec) ? [corePod(t.spec, { metadata: t.metadata })] : [];
};
const specTemplate = fromTemplate(m => m.spec?.template);

/**
 * How each kind that runs pods (`group/Kind`, '' for the core group) yields them. Every pod rule reads pods
 * through this table, so a kind added here is judged by all of them.
 */
const EXTRACTORS: Record<string, Extractor> = {
  '/Pod': withSpec((m, spec) => [corePod(spec, { metadata: m.metadata })]),
  '/PodTemplate': fromTemplate(m => m.template),
  '/ReplicationController': specTemplate,
  'apps/Deployment': specTemplate,
  'apps/StatefulSet': specTemplate,
  'apps/DaemonSet': specTemplate,
  'apps/ReplicaSet': specTemplate,
  // removed in Kubernetes 1.16, still read in case a cluster serves them
  'extensions/Deployment': specTemplate,
  'extensions/DaemonSet': specTemplate,
  'extensions/ReplicaSet': specTemplate,
  'batch/Job': specTemplate,
  'batch/CronJob': fromTemplate(m => m.spec?.jobTemplate?.spec?.template),
  'apps.openshift.io/DeploymentConfig': specTemplate,
  'tekton.dev/Task': withSpec((_m, spec) => [taskPod('', spec, {})]),
  'tekton.dev/ClusterTask': withSpec((_m, spec) => [taskPod('', spec, {})]),
  'tekton.dev/TaskRun': withSpec((_m, spec) => taskRunPods(spec)),
  'tekton.dev/Pipeline': withSpec((_m, spec) => pipelinePods(spec, {})),
  'tekton.dev/PipelineRun': withSpec((_m, spec) => pipelineRunPods(spec)),
  'tekton.dev/StepAction': withSpec((m, spec) => [stepActionPod(m, spec)]),
  // Argo Rollouts: spec.workloadRef instead points at a Deployment, which is judged as itself
  'argoproj.io/Rollout': specTemplate,
  'argoproj.io/Workflow': withSpec((_m, spec) => workflowPods(spec, false)),
  'argoproj.io/WorkflowTemplate': withSpec((_m, spec) => workflowPods(spec, true)),
  'argoproj.io/ClusterWorkflowTemplate': withSpec((_m, spec) => workflowPods(spec, true)),
  'argoproj.io/CronWorkflow': (_m, spec) => isObject(spec.workflowSpec) ? workflowPods(spec.workflowSpec, false) : [],
  'serving.knative.dev/Service': specTemplate,
  'serving.knative.dev/Configuration': specTemplate,
  'serving.knative.dev/Revision': withSpec((m, spec) => [corePod(spec, { metadata: m.metadata })]),
  'keda.sh/ScaledJob': fromTemplate(m => m.spec?.jobTargetRef?.template),
  'argoproj.io/ArgoCD': withSpec((_m, spec) => argoCdOperandPods(spec)),
};

/** Kinds that run pods (in some API group); anything else has none, which most manifests learn here. */
const POD_KINDS = new Set(Object.keys(EXTRACTORS).map(k => k.slice(k.indexOf('/') + 1)));

/** The kinds `podsOf` reads, as `group/Kind` (`/Pod` for the core group): the only kinds the pod rules judge. */
export const POD_KIND_KEYS: readonly string[] = Object.keys(EXTRACTORS);

const NO_PODS: PodView[] = [];

/**
 * The pods of each manifest, computed once: every pod rule asks for them, and merging a Task's steps with its
 * stepTemplate is not cheap. Rules only read the views and never change manifests.
 */
const PODS = new WeakMap<object, PodView[]>();

/** The pods of an object: a Pod, a workload's pod template, one pod per Tekton task or Argo template, ... */
export function podsOf(manifest: any): PodView[] {
  if (!isObject(manifest) || !POD_KINDS.has(manifest.kind)) return NO_PODS;
  const extract = EXTRACTORS[kindKeyOf(manifest)!];
  if (extract === undefined) return NO_PODS;
  let pods = PODS.get(manifest);
  if (pods === undefined) {
    pods = extract(manifest, objectOr(manifest.spec));
    PODS.set(manifest, pods);
  }
  return pods;
}

/** Whether the pod rules read objects of this kind (`podsOf` knows how it runs pods). */
export function isPodKind(manifest: any): boolean {
  return isObject(manifest) && POD_KINDS.has(manifest.kind) && kindKeyOf(manifest)! in EXTRACTORS;
}

function podView(spec: Obj, containers: ContainerView[], options: PodOptions & { partial?: boolean }): PodView {
  return {
    where: options.where ?? '',
    spec,
    containers,
    metadata: isObject(options.metadata) ? options.metadata : {},
    identityFromRun: options.identityFromRun ?? false,
    partial: options.partial ?? false,
  };
}

function corePod(spec: Obj, options: PodOptions = {}): PodView {
  return podView(spec, [
    ...views('initContainer', spec.initContainers),
    ...views('container', spec.containers),
    ...views('ephemeralContainer', spec.ephemeralContainers),
  ], options);
}

// the components of an Argo CD operand whose pods take user-defined init containers, sidecars and volumes
const ARGOCD_COMPONENTS: ReadonlyArray<readonly [string, (spec: Obj) => unknown]> = [
  ['controller', spec => spec.controller],
  ['server', spec => spec.server],
  ['repo', spec => spec.repo],
  ['applicationSet', spec => spec.applicationSet],
  ['sso.dex', spec => spec.sso?.dex],
];

/**
 * The parts of the Argo CD operator's pods an `ArgoCD` operand defines: each component's init containers,
 * sidecars and volumes. The operator writes the rest of the pod (its containers, service account, pod security
 * context), so the pods are partial: rules judge what the operand sets (an image by tag, a privileged sidecar, a
 * hostPath volume), not what the operator decides.
 */
function argoCdOperandPods(spec: Obj): PodView[] {
  return ARGOCD_COMPONENTS.flatMap(([name, get]) => {
    const component = get(spec);
    if (!isObject(component)) return [];
    const containers = [...views(`${name} initContainer`, component.initContainers), ...views(`${name} sidecar`, component.sidecarContainers)];
    if (containers.length === 0 && asArray(component.volumes).length === 0) return [];
    const podSpec = component.volumes === undefined ? {} : { volumes: component.volumes };
    return [podView(podSpec, containers, { where: `${name} `, identityFromRun: true, partial: true })];
  });
}

function views(label: string, list: unknown): ContainerView[] {
  return asArray(list).map(c => ({ where: `${label} ${c?.name}`, container: isObject(c) ? c : {} }));
}

// ---------------------------------------------------------------------------------------------------------
// Tekton

/** A TaskRun's pod: the inline task's, or (taskRef) its pod template's settings without the Task's steps. */
function taskRunPods(spec: Obj): PodView[] {
  const podTemplate = isObject(spec.podTemplate) ? spec.podTemplate : {};
  if (isObject(spec.taskSpec)) return [taskPod('', spec.taskSpec, podTemplate)];
  return isObject(spec.taskRef) && isCustom(spec.taskRef) ? [] : [runTemplatePod('', podTemplate)];
}

/**
 * A PipelineRun's pods: with an inline pipeline, one per task (the run's pod template merged with the task's
 * taskRunSpecs entry); with a pipelineRef the tasks are unknown, so one pod per pod template of the run.
 */
function pipelineRunPods(spec: Obj): PodView[] {
  // v1: taskRunTemplate.podTemplate, taskRunSpecs[].podTemplate; v1beta1: podTemplate, taskRunSpecs[].taskPodTemplate
  const base = objectOr(spec.taskRunTemplate?.podTemplate ?? spec.podTemplate);
  const perTask = asArray(spec.taskRunSpecs).filter(isObject).map(s => ({
    task: s.pipelineTaskName, podTemplate: objectOr(s.podTemplate ?? s.taskPodTemplate),
  }));
  const podTemplateOf = (task: unknown): Obj => perTask.filter(t => t.task === task)
    .reduce((merged, t) => mergePodTemplates(merged, t.podTemplate), base);
  if (isObject(spec.pipelineSpec)) return pipelinePods(spec.pipelineSpec, base, podTemplateOf, true);
  return [
    runTemplatePod('every task: ', base),
    ...perTask.filter(t => Object.keys(t.podTemplate).length > 0)
      .map(t => runTemplatePod(`task ${t.task}: `, mergePodTemplates(base, t.podTemplate))),
  ];
}

function pipelinePods(pipelineSpec: Obj, base: Obj, podTemplateOf: (task: unknown) => Obj = () => base, run = false, prefix = '', depth = 0): PodView[] {
  return [...asArray(pipelineSpec.tasks), ...asArray(pipelineSpec.finally)].filter(isObject).flatMap(t => {
    const where = `${prefix}task ${t.name}: `;
    // a custom task's controller runs no pod of Tekton's
    if (isObject(t.taskSpec)) return isCustom(t.taskSpec) ? [] : [taskPod(where, t.taskSpec, podTemplateOf(t.name))];
    // pipelines in pipelines (alpha): the inner pipeline's tasks run pods of their own
    if (isObject(t.pipelineSpec) && depth < 5) return pipelinePods(t.pipelineSpec, base, () => base, run, where, depth + 1);
    // a referenced Task is judged as itself; a run still decides its pod's settings
    return run && isObject(t.taskRef) && !isCustom(t.taskRef) ? [runTemplatePod(where, podTemplateOf(t.name))] : [];
  });
}

/** Tekton's IsCustomTask: a reference or embedded spec with both apiVersion and kind goes to a custom task controller. */
function isCustom(o: Obj): boolean {
  return typeof o.apiVersion === 'string' && o.apiVersion !== '' && typeof o.kind === 'string' && o.kind !== '';
}

function objectOr(value: unknown): Obj {
  return isObject(value) ? value : {};
}

/**
 * The pod of a run whose steps are defined elsewhere: the pod template's pod-level settings (Tekton's
 * pod.Template: securityContext, volumes, hostNetwork, hostUsers, automountServiceAccountToken, ...; it has no
 * hostPID or hostIPC, which the API server prunes and the pack still reports when written) and one partial
 * container standing for every step: it carries the env Tekton appends to each step, and lets the container
 * rules judge the pod-level values every step inherits (runAsUser 0, an Unconfined seccomp profile).
 */
function runTemplatePod(where: string, podTemplate: Obj): PodView {
  const env = asArray(podTemplate.env);
  return podView(podTemplate, [{ where: `${where}every step`, container: env.length > 0 ? { env } : {} }], { where, identityFromRun: true, partial: true });
}

/** Tekton's MergePodTemplateWithDefault: the task's fields win, env and volumes merge by name, hostNetwork sticks. */
function mergePodTemplates(base: Obj, override: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  for (const key of ['env', 'volumes']) {
    const merged = mergeByName(asArray(base[key]), asArray(override[key]));
    if (merged.length > 0) out[key] = merged;
  }
  if (base.hostNetwork === true) out.hostNetwork = true;
  return out;
}

function mergeByName(base: any[], overrides: any[]): any[] {
  return [...overrides, ...base.filter(b => !overrides.some(o => o?.name === b?.name))];
}

/**
 * The pod Tekton builds for a task: every step merged with the stepTemplate (sidecars get no template), the
 * pod template's env appended to every step, the task's volumes plus the pod template's, and the pod
 * template's pod-level settings.
 */
function taskPod(where: string, taskSpec: Obj, podTemplate: Obj): PodView {
  const stepTemplate = isObject(taskSpec.stepTemplate) ? toContainer(taskSpec.stepTemplate) : undefined;
  const templateEnv = asArray(podTemplate.env);
  const steps = asArray(taskSpec.steps).map((step, i) => {
    const merged = stepTemplate ? mergeStep(stepTemplate, toContainer(step ?? {})) : toContainer(step ?? {});
    return {
      where: `${where}step ${step?.name ?? `#${i}`}`,
      container: templateEnv.length > 0 ? { ...merged, env: [...asArray(merged.env), ...templateEnv] } : merged,
    };
  });
  const sidecars = asArray(taskSpec.sidecars).map(s => ({ where: `${where}sidecar ${s?.name}`, container: toContainer(s ?? {}) }));
  const spec = { ...podTemplate, volumes: [...asArray(taskSpec.volumes), ...asArray(podTemplate.volumes)] };
  return podView(spec, [...steps, ...sidecars], { where, identityFromRun: true });
}

/** A StepAction is one step of some Task's pod: judged for what it sets, the rest comes from that Task. */
function stepActionPod(manifest: Obj, spec: Obj): PodView {
  const { params: _p, results: _r, description: _d, ...step } = spec;
  return podView({}, [{ where: `step action ${manifest.metadata?.name}`, container: toContainer(step) }], { identityFromRun: true, partial: true });
}

/** A Tekton step as the container it becomes: v1 names resources `computeResources` (v1beta1 `resources`). */
function toContainer(step: Obj): Obj {
  const { computeResources, ...rest } = step;
  return computeResources !== undefined ? { ...rest, resources: computeResources } : rest;
}

// corev1.Container lists that strategic merge patches merge by key; every other list is replaced whole
const MERGE_KEYS: Record<string, string> = { env: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath', ports: 'containerPort' };

/** A strategic merge patch of one container onto another (Tekton's MergeStepsWithStepTemplate). */
function mergeStep(base: Obj, step: Obj): Obj {
  return mergeByKeys(base, step, MERGE_KEYS);
}

function mergeByKeys(base: Obj, patch: Obj, keys: Record<string, string>): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null) continue;
    const mergeKey = keys[key];
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

// ---------------------------------------------------------------------------------------------------------
// Argo Workflows

/** The template types whose nodes run a pod (data, http and plugin run in the shared agent pod). */
const WORKFLOW_POD_TYPES = ['container', 'script', 'containerSet', 'resource'];
const WORKFLOW_TEMPLATE_TYPES = [...WORKFLOW_POD_TYPES, 'steps', 'dag', 'suspend', 'data', 'http', 'plugin'];
// Template lists that Argo's strategic merge of templateDefaults merges by name
const TEMPLATE_MERGE_KEYS: Record<string, string> = { volumes: 'name', initContainers: 'name', sidecars: 'name' };

/**
 * One pod per template that runs one, as Argo's controller builds it: the template's securityContext, service
 * account and token setting, else the workflow's; the workflow's hostNetwork; the workflow's and the template's
 * volumes; init containers, the main container (container, script or containerSet) and sidecars. With a
 * workflowTemplateRef (or no templates) the templates live elsewhere: one pod carries the workflow's settings.
 */
function workflowPods(wf: Obj, identityFromRun: boolean): PodView[] {
  const defaults = isObject(wf.templateDefaults) ? wf.templateDefaults : undefined;
  const templates = asArray(wf.templates).filter(isObject);
  const pods = templates.flatMap(t => {
    const type = WORKFLOW_POD_TYPES.find(k => isObject(t[k]));
    if (type === undefined) return [];
    return [workflowPod(wf, defaults ? withTemplateDefaults(defaults, t, type) : t, identityFromRun)];
  });
  if (isObject(wf.workflowTemplateRef) || templates.length === 0) {
    pods.push(podView(workflowPodSpec(wf, {}), [{ where: 'every template: every container', container: {} }],
      { where: 'every template: ', metadata: wf.podMetadata, identityFromRun, partial: true }));
  }
  return pods;
}

function workflowPod(wf: Obj, t: Obj, identityFromRun: boolean): PodView {
  const main = t.container ?? (isObject(t.script) ? withoutKey(t.script, 'source') : undefined);
  const where = `template ${t.name}: `;
  const containers = [
    ...views(`${where}initContainer`, t.initContainers),
    ...isObject(main) ? [{ where: `${where}container ${main.name ?? 'main'}`, container: main }] : [],
    ...views(`${where}container`, t.containerSet?.containers),
    ...views(`${where}sidecar`, t.sidecars),
  ];
  const metadata = { ...objectOr(wf.podMetadata), annotations: { ...objectOr(wf.podMetadata?.annotations), ...objectOr(t.metadata?.annotations) } };
  return podView(workflowPodSpec(wf, t), containers, { where, metadata, identityFromRun });
}

function workflowPodSpec(wf: Obj, t: Obj): Obj {
  const spec: Obj = {
    hostNetwork: wf.hostNetwork,
    securityContext: t.securityContext ?? wf.securityContext,
    serviceAccountName: t.serviceAccountName || wf.serviceAccountName,
    automountServiceAccountToken: t.automountServiceAccountToken ?? wf.automountServiceAccountToken,
    volumes: [...asArray(wf.volumes), ...asArray(t.volumes)],
    hostAliases: [...asArray(wf.hostAliases), ...asArray(t.hostAliases)],
  };
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
}

/** Argo's mergedTemplateDefaultsInto: defaults of other template types dropped, the template patched onto the rest. */
function withTemplateDefaults(defaults: Obj, t: Obj, type: string): Obj {
  const applicable = Object.fromEntries(Object.entries(defaults).filter(([k]) => !WORKFLOW_TEMPLATE_TYPES.includes(k) || k === type));
  const merged = mergeByKeys(applicable, t, TEMPLATE_MERGE_KEYS);
  // the main container is patched as a container (env, volumeMounts, ports merge by key)
  if (isObject(applicable[type]) && isObject(t[type]) && (type === 'container' || type === 'script')) {
    merged[type] = mergeStep(applicable[type], t[type]);
  }
  return merged;
}

function withoutKey(o: Obj, key: string): Obj {
  const { [key]: _omitted, ...rest } = o;
  return rest;
}

const WORKFLOW_KINDS = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

/**
 * Pod spec patches of an Argo workflow (`podSpecPatch`, a JSON or YAML string Argo merges into the pod after
 * building it): the pod rules cannot read them, so rule ZT-POD11 reports where they are.
 */
export function podSpecPatchesOf(manifest: any): string[] {
  if (!isObject(manifest) || !WORKFLOW_KINDS.has(manifest.kind) || groupOf(manifest) !== 'argoproj.io') return [];
  const cron = manifest.kind === 'CronWorkflow';
  const wf = cron ? manifest.spec?.workflowSpec : manifest.spec;
  if (!isObject(wf)) return [];
  const prefix = cron ? 'spec.workflowSpec' : 'spec';
  const paths: string[] = [];
  const note = (path: string, value: unknown) => {
    if (typeof value === 'string' && value.trim() !== '') paths.push(path);
  };
  note(`${prefix}.podSpecPatch`, wf.podSpecPatch);
  note(`${prefix}.templateDefaults.podSpecPatch`, wf.templateDefaults?.podSpecPatch);
  note(`${prefix}.artifactGC.podSpecPatch`, wf.artifactGC?.podSpecPatch);
  asArray(wf.templates).forEach((t, i) => note(`${prefix}.templates[${i}].podSpecPatch`, t?.podSpecPatch));
  return paths;
}

// ---------------------------------------------------------------------------------------------------------
// Kinds the pack does not read

/** API groups none of whose kinds runs a pod (or whose pod kinds are all in EXTRACTORS). */
const POD_LESS_GROUPS = new Set([
  '', 'apps', 'batch', 'extensions', 'autoscaling', 'policy', 'rbac.authorization.k8s.io', 'networking.k8s.io',
  'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'certificates.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io',
  'apiregistration.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'authentication.k8s.io',
  'authorization.k8s.io', 'gateway.networking.k8s.io', 'policy.networking.k8s.io', 'snapshot.storage.k8s.io',
  'external-secrets.io', 'generators.external-secrets.io', 'redhatcop.redhat.io', 'k8s.ovn.org', 'k8s.cni.cncf.io',
  'config.openshift.io', 'route.openshift.io', 'security.openshift.io', 'user.openshift.io', 'project.openshift.io',
  'apps.openshift.io', 'image.openshift.io', 'quota.openshift.io', 'spire.spiffe.io', 'secrets-store.csi.x-k8s.io',
  'config.stackrox.io', 'kargo.akuity.io', 'cert-manager.io', 'serving.knative.dev', 'resolution.tekton.dev',
  // policy engines hold pod patterns, not pods
  'kyverno.io', 'policies.kyverno.io', 'wgpolicyk8s.io', 'templates.gatekeeper.sh', 'constraints.gatekeeper.sh',
]);

/** Kinds that run no pod in groups that also hold pod kinds (or operator kinds that only configure one). */
const POD_LESS_KINDS = new Set([
  'argoproj.io/Application', 'argoproj.io/ApplicationSet', 'argoproj.io/AppProject',
  'argoproj.io/WorkflowTaskSet', 'argoproj.io/WorkflowTaskResult', 'argoproj.io/WorkflowArtifactGCTask',
  'argoproj.io/WorkflowEventBinding',
  'tekton.dev/CustomRun', 'tekton.dev/Run', 'tekton.dev/VerificationPolicy',
  'keda.sh/ScaledObject', 'keda.sh/TriggerAuthentication', 'keda.sh/ClusterTriggerAuthentication',
  'operators.coreos.com/Subscription', 'operators.coreos.com/OperatorGroup',
  'operator.openshift.io/SpireServer', 'operator.openshift.io/SpireAgent', 'operator.openshift.io/SpiffeCSIDriver',
  'operator.openshift.io/SpireOIDCDiscoveryProvider', 'operator.openshift.io/ZeroTrustWorkloadIdentityManager',
]);

/**
 * Whether an apiVersion belongs to a pod-less group, remembered per apiVersion: this runs for every manifest, and
 * slicing out the group and hashing it each time costs more than the lookup of a string V8 has hashed before.
 */
const POD_LESS_API_VERSIONS = new Map<string, boolean>();

function inPodLessGroup(apiVersion: unknown): boolean {
  if (typeof apiVersion !== 'string') return true;
  let podLess = POD_LESS_API_VERSIONS.get(apiVersion);
  if (podLess === undefined) {
    podLess = POD_LESS_GROUPS.has(groupOf({ apiVersion }));
    if (POD_LESS_API_VERSIONS.size < 1000) POD_LESS_API_VERSIONS.set(apiVersion, podLess);
  }
  return podLess;
}

/** How deep (objects and arrays) the walk of an unknown kind looks for pod templates, and how many nodes at most. */
const WALK_DEPTH = 12;
const WALK_NODES = 5000;

/** What the walk of an object of an unknown kind found. */
export interface UnreadPods {
  /** Field paths of pod-template-shaped fields (`spec.template.spec.containers`). */
  readonly templates: string[];
  /** Where the walk stopped without reading on (too deep, or too many fields), if it did. */
  readonly stoppedAt?: string;
}

/**
 * The pod-template-shaped fields (a `containers` array holding an object with an `image`) of an object whose
 * kind the pod rules do not read. Undefined, without a walk, for known pod kinds, kinds known to run no pod and
 * API groups that hold none. The walk skips metadata and status and is bounded in depth and size; where it
 * stops is reported, never skipped silently.
 */
export function unreadPodTemplates(manifest: any): UnreadPods | undefined {
  if (!isObject(manifest) || typeof manifest.kind !== 'string' || inPodLessGroup(manifest.apiVersion)) return undefined;
  const key = kindKeyOf(manifest)!;
  if (key in EXTRACTORS || POD_LESS_KINDS.has(key)) return undefined;
  const templates: string[] = [];
  let stoppedAt: string | undefined;
  let budget = WALK_NODES;
  const join = (path: string, field: string) => path === '' ? field : `${path}.${field}`;
  const walk = (value: object, path: string, depth: number): void => {
    if (stoppedAt !== undefined) return;
    if (depth > WALK_DEPTH || budget-- <= 0) {
      stoppedAt = path;
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (typeof v === 'object' && v !== null) walk(v, `${path}[${i}]`, depth + 1);
      });
      return;
    }
    const o = value as Obj;
    if (Array.isArray(o.containers) && o.containers.some(c => isObject(c) && typeof c.image === 'string')) {
      templates.push(join(path, 'containers'));
    }
    for (const [field, v] of Object.entries(o)) {
      if (typeof v === 'object' && v !== null && field !== 'containers') walk(v, join(path, field), depth + 1);
    }
  };
  for (const [field, v] of Object.entries(manifest)) {
    if (field !== 'metadata' && field !== 'status' && typeof v === 'object' && v !== null) walk(v, field, 1);
  }
  return stoppedAt === undefined ? { templates } : { templates, stoppedAt };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers of the container rules

/** Runs `check` on every container of every pod; not applicable when the object runs no pod. */
export function eachContainer(manifest: any, check: (c: Obj, pod: PodView) => string | undefined): string[] | undefined {
  const pods = podsOf(manifest);
  if (pods.length === 0) return undefined;
  return pods.flatMap(p => p.containers.flatMap(({ where, container }) => {
    const problem = check(container, p);
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

/**
 * Whether a rule that requires `value` to be set lets it be unset here: in a partial pod the setting comes from
 * where the rest of the pod is defined (the referencing Task's stepTemplate, the run's Task), judged there.
 */
export function unsetElsewhere(pod: PodView, value: unknown): boolean {
  return pod.partial && value === undefined;
}

/**
 * What the pod rules read beyond their anchors (kube-linter, ACS and the Kyverno policies judge core workloads):
 * the `beyondAnchors` of every rule that judges pods through `podsOf`.
 */
export const EVERY_POD = 'Reads every pod an object runs: Tekton steps merged with their stepTemplate, TaskRun and PipelineRun pod '
  + 'templates (also with taskRef/pipelineRef), StepActions, core PodTemplates, Argo Rollouts and Workflows, Knative '
  + 'Services and Revisions, KEDA ScaledJobs, the init containers, sidecars and volumes of Argo CD operands, and the items of kind: List, where '
  + 'the anchors read core workloads only.';
