import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compileCel } from './cel';

/**
 * Evaluates the `validate.cel` rules of upstream Kyverno ClusterPolicies (../shared/policies/kyverno) offline, the
 * way Kyverno's CEL handler does on admission: Pod rules run on the Pod(s) an object makes Kubernetes or Tekton
 * run (our stand-in for Kyverno's auto-generated controller rules), other rules run on matching objects directly.
 */

export interface KyvernoPolicy {
  /** metadata.name: what Kyverno reports. It is not always the file name (drop-cap-net-raw is in require-drop-cap-net-raw.yaml). */
  readonly name: string;
  readonly file: string;
  readonly rules: KyvernoRule[];
}

export interface KyvernoRule {
  readonly name: string;
  readonly match: ResourceFilters;
  readonly exclude?: ResourceFilters;
  /** CEL preconditions (Kubernetes matchConditions): the rule applies only when all hold. */
  readonly celPreconditions: NamedExpression[];
  /** validate.cel.variables, in order: each may use the ones before it as `variables.<name>`. */
  readonly variables: NamedExpression[];
  readonly expressions: CelValidation[];
  /** validate.message: Kyverno uses it for expressions without a message of their own. */
  readonly message?: string;
}

/** match/exclude: `any` holds when one filter matches, `all` when every filter does. */
export interface ResourceFilters {
  readonly any?: ResourceFilter[];
  readonly all?: ResourceFilter[];
}

export interface ResourceFilter {
  readonly kinds: string[];
  readonly operations?: string[];
}

export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

export interface CelValidation {
  readonly expression: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

export interface KyvernoFinding {
  policy: string;
  rule: string;
  message: string;
  /** Set when the failure comes from a known quirk of the upstream policy (PROVENANCE.md), not from the object. */
  quirk?: string;
}

type Obj = { [key: string]: any };

/** Kyverno evaluates with the Kubernetes CEL libraries, as the API server does: the same environment as CRD rules. */
const compile = compileCel;

// ---------------------------------------------------------------------------------------------------------------
// Loading

/**
 * Parses every ClusterPolicy in `dir`. Only the shapes we evaluate faithfully are accepted; anything else (JMESPath
 * preconditions, context, pattern/deny/foreach validation, mutate/generate, namespace or name filters, …) throws,
 * so a new upstream policy is never silently ignored. Every CEL expression is compiled here, for the same reason.
 */
export function loadKyvernoPolicies(dir: string): KyvernoPolicy[] {
  return fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort().flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).flatMap(doc => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const policy = doc.toJS();
      return policy == null ? [] : [parsePolicy(policy, file)];
    }));
}

type Fail = (what: string) => never;

function parsePolicy(doc: any, file: string): KyvernoPolicy {
  const fail: Fail = what => {
    throw new Error(`Unsupported Kyverno policy shape in ${file} (${doc?.metadata?.name}): ${what}; extend test/conformance/kyverno.ts to evaluate it`);
  };
  // A namespaced Policy would apply only in its namespace, which we do not model.
  if (!/^kyverno\.io\//.test(doc?.apiVersion) || doc.kind !== 'ClusterPolicy') fail(`${doc?.apiVersion} ${doc?.kind}, expected a kyverno.io ClusterPolicy`);
  if ((doc.spec?.applyRules ?? 'All') !== 'All') fail(`spec.applyRules: ${doc.spec.applyRules}`);
  if (!Array.isArray(doc.spec?.rules)) fail('spec.rules is not a list');
  return { name: doc.metadata.name, file, rules: doc.spec.rules.map((r: any, i: number) => parseRule(r, `spec.rules[${i}]`, fail)) };
}

function parseRule(rule: any, at: string, fail: Fail): KyvernoRule {
  only(rule, ['name', 'match', 'exclude', 'celPreconditions', 'validate', 'skipBackgroundRequests', 'reportProperties'], at, fail);
  only(rule.validate, ['message', 'cel', 'failureAction', 'failureActionOverrides', 'allowExistingViolations'], `${at}.validate`, fail);
  const celSpec = rule.validate?.cel;
  if (!isObject(celSpec)) fail(`${at}.validate has no cel`);
  only(celSpec, ['expressions', 'variables', 'auditAnnotations'], `${at}.validate.cel`, fail);

  const named = (list: any, where: string): NamedExpression[] => listOf(list, where, fail).map((v, i) => {
    only(v, ['name', 'expression'], `${where}[${i}]`, fail);
    return { name: v.name, expression: checked(v.expression, `${where}[${i}].expression`, fail) };
  });
  const expressions = listOf(celSpec.expressions, `${at}.validate.cel.expressions`, fail).map((e, i) => {
    const where = `${at}.validate.cel.expressions[${i}]`;
    only(e, ['expression', 'message', 'messageExpression', 'reason'], where, fail);
    if (e.messageExpression !== undefined) checked(e.messageExpression, `${where}.messageExpression`, fail);
    return { expression: checked(e.expression, `${where}.expression`, fail), message: e.message, messageExpression: e.messageExpression };
  });
  if (expressions.length === 0) fail(`${at}.validate.cel.expressions is empty`);
  return {
    name: rule.name,
    match: parseFilters(rule.match, `${at}.match`, fail),
    exclude: rule.exclude === undefined ? undefined : parseFilters(rule.exclude, `${at}.exclude`, fail),
    celPreconditions: named(rule.celPreconditions ?? [], `${at}.celPreconditions`),
    variables: named(celSpec.variables ?? [], `${at}.validate.cel.variables`),
    expressions,
    message: rule.validate.message,
  };
}

function parseFilters(block: any, at: string, fail: Fail): ResourceFilters {
  if (!isObject(block)) fail(`${at} is missing`);
  only(block, ['any', 'all', 'resources'], at, fail);
  const filter = (f: any, where: string): ResourceFilter => {
    only(f, ['resources'], where, fail);
    only(f.resources, ['kinds', 'operations'], `${where}.resources`, fail);
    const kinds = f.resources?.kinds;
    // Plain kind names only: group/version/Kind, wildcards and subresources would need more matching logic.
    if (!Array.isArray(kinds) || !kinds.every(k => /^[A-Z][A-Za-z0-9]*$/.test(k))) fail(`${where}.resources.kinds ${JSON.stringify(kinds)}`);
    return { kinds, operations: f.resources.operations };
  };
  const filters = (list: any, where: string) => list === undefined ? undefined : listOf(list, where, fail).map((f, i) => filter(f, `${where}[${i}]`));
  // The legacy form (match.resources without any/all) is a single filter.
  if (block.resources !== undefined) return { all: [filter({ resources: block.resources }, at)] };
  const result = { any: filters(block.any, `${at}.any`), all: filters(block.all, `${at}.all`) };
  if (!result.any && !result.all) fail(`${at} has neither any nor all`);
  return result;
}

function only(value: any, keys: string[], at: string, fail: Fail): void {
  if (value === undefined) return;
  if (!isObject(value)) fail(`${at} is not a map`);
  const extra = Object.keys(value).filter(k => !keys.includes(k));
  if (extra.length > 0) fail(`${at}.${extra.join(`, ${at}.`)}`);
}

function listOf(value: any, at: string, fail: Fail): any[] {
  if (!Array.isArray(value)) fail(`${at} is not a list`);
  return value;
}

function checked(expression: any, at: string, fail: Fail): string {
  if (typeof expression !== 'string') fail(`${at} is not a string`);
  try {
    compile(expression);
  } catch (e) {
    fail(`${at} does not compile: ${firstLine(e)}`);
  }
  return expression;
}

// ---------------------------------------------------------------------------------------------------------------
// Pods an object makes run

const WORKLOAD_TEMPLATES: Record<string, string[]> = {
  '/ReplicationController': ['spec', 'template'],
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * The Pod(s) Kubernetes or Tekton would run for an object, for evaluation: a Pod itself, the pod template of a
 * workload, and for Tekton one Pod per inline task (steps merged with the stepTemplate, then sidecars). Tasks
 * referenced by name (taskRef) cannot be resolved offline and custom tasks run no Pod: they give nothing.
 */
export function podsOf(object: any): { name: string; pod: any }[] {
  const [group] = splitApiVersion(object?.apiVersion);
  const kind = object?.kind;
  const name = `${kind}/${object?.metadata?.name}`;
  if (group === '' && kind === 'Pod') return [{ name, pod: object }];
  const templatePath = WORKLOAD_TEMPLATES[`${group}/${kind}`];
  if (templatePath) {
    const template = templatePath.reduce((o, key) => o?.[key], object);
    return isObject(template?.spec) ? [{ name, pod: podOf(object, template.metadata, template.spec) }] : [];
  }
  if (group !== 'tekton.dev' || !isObject(object.spec)) return [];
  const spec = object.spec;
  switch (kind) {
    case 'Task':
      return [{ name, pod: taskPod(object, spec, {}) }];
    case 'TaskRun':
      return isObject(spec.taskSpec) ? [{ name, pod: taskPod(object, spec.taskSpec, spec.podTemplate ?? {}) }] : [];
    case 'Pipeline':
      return pipelinePods(object, name, spec, () => ({}));
    case 'PipelineRun': {
      // v1 keeps the pod template in taskRunTemplate (v1beta1: spec.podTemplate); taskRunSpecs override per task.
      const defaults = spec.taskRunTemplate?.podTemplate ?? spec.podTemplate ?? {};
      const perTask = (task: string) => (spec.taskRunSpecs ?? []).find((s: any) => s.pipelineTaskName === task);
      return pipelinePods(object, name, spec.pipelineSpec ?? {}, task => {
        const own = perTask(task);
        return { ...defaults, ...(own?.podTemplate ?? own?.taskPodTemplate) };
      });
    }
    default:
      return [];
  }
}

function pipelinePods(owner: any, name: string, pipelineSpec: any, podTemplate: (task: string) => Obj): { name: string; pod: any }[] {
  return [...pipelineSpec.tasks ?? [], ...pipelineSpec.finally ?? []]
    // An embedded spec with apiVersion/kind is a custom task, run by its own controller without a Pod.
    .filter((t: any) => isObject(t.taskSpec) && !t.taskSpec.apiVersion && !t.taskSpec.kind)
    .map((t: any) => ({ name: `${name}/${t.name}`, pod: taskPod(owner, t.taskSpec, podTemplate(t.name)) }));
}

/**
 * The Pod Tekton's MakePod (pkg/pod/pod.go) builds for a TaskSpec, reduced to what policies read: steps merged
 * with the stepTemplate and named step-<name> (step-unnamed-<i>), then sidecars as sidecar-<name> (Tekton does not
 * apply the stepTemplate to sidecars); task volumes plus the pod template's; the pod template's securityContext and
 * hostNetwork. Tekton's own init containers and /tekton volumes are left out: they are not the author's.
 */
function taskPod(owner: any, taskSpec: Obj, podTemplate: Obj): any {
  const steps = mergeStepsWithStepTemplate(taskSpec.stepTemplate, taskSpec.steps ?? [])
    .map((c, i) => ({ ...c, name: `step-${c.name || `unnamed-${i}`}` }));
  const sidecars = (taskSpec.sidecars ?? []).map((s: any) => ({ ...toContainer(s), name: `sidecar-${s.name}` }));
  const volumes = [...taskSpec.volumes ?? [], ...podTemplate.volumes ?? []];
  return podOf(owner, taskSpec.metadata, {
    containers: [...steps, ...sidecars],
    volumes: volumes.length > 0 ? volumes : undefined,
    securityContext: podTemplate.securityContext,
    hostNetwork: podTemplate.hostNetwork,
  });
}

function podOf(owner: any, metadata: Obj | undefined, spec: Obj): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...metadata, name: metadata?.name ?? owner.metadata?.name, namespace: owner.metadata?.namespace },
    spec,
  };
}

// Tekton Step/Sidecar fields that are not corev1.Container fields (ToK8sContainer leaves them out).
const TEKTON_ONLY = ['script', 'timeout', 'onError', 'stdoutConfig', 'stderrConfig', 'results', 'params', 'ref', 'when', 'workspaces', 'displayName'];

/** A Tekton v1 Step, StepTemplate or Sidecar as the container it becomes (v1 calls `resources` computeResources). */
function toContainer(step: Obj): Obj {
  const { computeResources, ...rest } = step;
  const container: Obj = Object.fromEntries(Object.entries(rest).filter(([k]) => !TEKTON_ONLY.includes(k)));
  if (computeResources !== undefined) container.resources = computeResources;
  return container;
}

// corev1.Container lists with patchStrategy=merge, by their patchMergeKey; every other list is replaced whole.
const MERGE_KEYS: Record<string, string> = { env: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath', ports: 'containerPort' };

/**
 * tektoncd/pipeline pkg/apis/pipeline/v1/merge.go MergeStepsWithStepTemplate: each step is strategic-merge-patched
 * onto the template as a corev1.Container. Step fields win; maps (securityContext, resources, …) merge key by key;
 * env/volumeMounts/volumeDevices merge by name/mountPath/devicePath; other lists (command, args, envFrom,
 * capabilities.drop) are the step's when it has them. Then amendConflictingContainerFields: an env var that ended
 * up with both value and valueFrom is replaced by the step's own.
 */
function mergeStepsWithStepTemplate(template: Obj | undefined, steps: Obj[]): Obj[] {
  if (!template) return steps.map(toContainer);
  const base = toContainer(template);
  return steps.map(step => {
    const own = toContainer(step);
    const merged = strategicMerge(base, own);
    if (Array.isArray(own.env) && own.env.length > 0 && Array.isArray(merged.env)) {
      merged.env = merged.env.map((e: Obj) => e.valueFrom && e.value ? own.env.find((s: Obj) => s.name === e.name) ?? e : e);
    }
    return merged;
  });
}

function strategicMerge(base: Obj, patch: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (omitted(value)) continue;
    out[key] = MERGE_KEYS[key] && Array.isArray(out[key]) && Array.isArray(value)
      ? mergeByKey(out[key], value, MERGE_KEYS[key])
      : deepMerge(out[key], value);
  }
  return out;
}

function deepMerge(base: any, patch: any): any {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (!omitted(value)) out[key] = deepMerge(out[key], value);
  }
  return out;
}

/** Go's json omitempty drops these from the step before the patch is made, so the template's value survives. */
function omitted(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * A patchStrategy=merge list: step items (merged into the template item with the same key) in the step's order,
 * with template-only items slotted in as apimachinery's strategicpatch mergeSortedSlice does: a template-only item
 * goes before the next step item only when both are in the template and it comes first there.
 */
function mergeByKey(base: Obj[], patch: Obj[], key: string): Obj[] {
  const indexInBase = (item: Obj) => base.findIndex(b => b[key] === item[key]);
  const fromPatch = patch.map(p => {
    const i = indexInBase(p);
    return i >= 0 ? deepMerge(base[i], p) : p;
  });
  const baseOnly = base.filter(b => !patch.some(p => p[key] === b[key]));
  const out: Obj[] = [];
  let i = 0;
  let j = 0;
  while (i < baseOnly.length || j < fromPatch.length) {
    const right = j < fromPatch.length ? indexInBase(fromPatch[j]) : -1;
    const takeBase = j >= fromPatch.length || (i < baseOnly.length && right >= 0 && indexInBase(baseOnly[i]) < right);
    out.push(takeBase ? baseOnly[i++] : fromPatch[j++]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

/**
 * Findings of the policies for one object: Pod rules on each Pod of `podsOf(object)`, and rules matching the
 * object's own kind (RBAC) on the object. Every expression that is not true is a finding, as is one that fails to
 * evaluate (Kyverno's failure policy is Fail, so an error denies). Kyverno itself stops at a rule's first failing
 * expression; we report each one. With several Pods, a message starts with the Pod's name.
 */
export function evaluateKyverno(object: any, policies: KyvernoPolicy[]): KyvernoFinding[] {
  const pods = podsOf(object);
  const targets = object?.kind === 'Pod' ? pods : [{ name: '', pod: object }, ...pods];
  const findings: KyvernoFinding[] = [];
  for (const target of targets) {
    const subject = asServed(target.pod);
    const prefix = pods.length > 1 && target.name ? `${target.name}: ` : '';
    let context: Obj | undefined;
    for (const policy of policies) {
      for (const rule of policy.rules) {
        if (!matches(rule.match, subject?.kind) || matches(rule.exclude, subject?.kind)) continue;
        context ??= celContext(subject);
        for (const f of evaluateRule(policy.name, rule, subject, context)) {
          findings.push({ policy: policy.name, rule: rule.name, ...f, message: prefix + f.message });
        }
      }
    }
  }
  return findings;
}

/** Role/ClusterRole `rules` has no omitempty, so the API server always sends it (null when empty); policies rely on that. */
function asServed(object: any): any {
  const rbac = splitApiVersion(object?.apiVersion)[0] === 'rbac.authorization.k8s.io' && ['Role', 'ClusterRole'].includes(object?.kind);
  return rbac && !('rules' in object) ? { ...object, rules: null } : object;
}

function matches(filters: ResourceFilters | undefined, kind: string | undefined): boolean {
  // We evaluate objects as they are created, so a filter limited to other operations does not apply.
  const one = (f: ResourceFilter) => kind !== undefined && f.kinds.includes(kind) && (!f.operations || f.operations.includes('CREATE'));
  return Boolean(filters?.any?.some(one) || (filters?.all?.length && filters.all.every(one)));
}

type Outcome = { value: unknown } | { error: unknown };

function attempt(fn: () => unknown): Outcome {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

function evaluateRule(policy: string, rule: KyvernoRule, object: any, base: Obj): { message: string; quirk?: string }[] {
  const context = { ...base, variables: lazyVariables(rule.variables, base) };
  for (const p of rule.celPreconditions) {
    const outcome = attempt(() => compile(p.expression)(context));
    if ('error' in outcome) return [{ message: `evaluation error in CEL precondition ${p.name} (Kyverno counts errors as failures): ${firstLine(outcome.error)}` }];
    if (outcome.value !== true) return [];
  }
  const findings: { message: string; quirk?: string }[] = [];
  for (const validation of rule.expressions) {
    const outcome = attempt(() => compile(validation.expression)(context));
    if ('error' in outcome) {
      findings.push({ message: `evaluation error (Kyverno counts errors as failures): ${firstLine(outcome.error)}; expression's message: ${messageOf(validation, rule, context)}` });
    } else if (outcome.value !== true) {
      const message = messageOf(validation, rule, context);
      const quirk = quirkOf(policy, rule.name, object);
      findings.push(quirk ? { message, quirk } : { message });
    }
  }
  return findings;
}

/** As Kubernetes' validator: messageExpression if it gives a non-empty string, else message, else the expression. */
function messageOf(validation: CelValidation, rule: KyvernoRule, context: Obj): string {
  if (validation.messageExpression) {
    const outcome = attempt(() => compile(validation.messageExpression!)(context));
    if ('value' in outcome && typeof outcome.value === 'string' && outcome.value.trim()) return outcome.value.trim();
  }
  return (validation.message ?? rule.message ?? '').trim() || `failed expression: ${validation.expression.trim()}`;
}

/** What Kubernetes CEL admission binds (Kyverno's validate.cel handler builds it the same way), for a CREATE. */
function celContext(object: any): Obj {
  const [group, version] = splitApiVersion(object?.apiVersion);
  const namespace = object?.metadata?.namespace;
  const kind = { group, version, kind: object?.kind };
  // Naive plural: right for the kinds the policies match (pods, roles, clusterrolebindings, …).
  const resource = { group, version, resource: `${String(object?.kind).toLowerCase()}s` };
  return toCel({
    object,
    oldObject: null,
    params: null,
    // Offline, Kyverno gives a Namespace object holding only the name.
    namespaceObject: namespace ? { metadata: { name: namespace } } : null,
    request: {
      kind,
      resource,
      requestKind: kind,
      requestResource: resource,
      name: object?.metadata?.name ?? '',
      namespace: namespace ?? '',
      operation: 'CREATE',
      userInfo: {},
      dryRun: false,
    },
  }) as Obj;
}

/**
 * `variables` as Kubernetes CEL composition provides it: a variable is evaluated on first use, at most once, and
 * sees only the variables declared before it; its error surfaces in the expression that uses it.
 */
function lazyVariables(variables: NamedExpression[], context: Obj): Obj {
  const all: Obj = {};
  for (const v of variables) {
    const earlier = Object.defineProperties({}, Object.getOwnPropertyDescriptors(all));
    let outcome: Outcome | undefined;
    Object.defineProperty(all, v.name, {
      enumerable: true,
      get: () => {
        outcome ??= attempt(() => compile(v.expression)({ ...context, variables: earlier }));
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      },
    });
  }
  return all;
}

/**
 * Quirks of the upstream policies (PROVENANCE.md) that fail an object meeting the policy's intent. Only
 * require-drop-cap-net-raw does: its CEL port wants NET_RAW itself in drop. It is a quirk only when every container
 * it fails drops ALL. (restrict-seccomp-strict passing an unset profile makes no finding; the error of
 * secrets-not-from-env-vars' first expression is a real violation, so neither is marked.)
 */
function quirkOf(policy: string, rule: string, pod: any): string | undefined {
  if (policy !== 'drop-cap-net-raw' || rule !== 'require-drop-cap-net-raw') return undefined;
  const drops = (c: any): string[] => (c?.securityContext?.capabilities?.drop ?? []).map((d: any) => String(d).toUpperCase());
  const containers = [...pod?.spec?.containers ?? [], ...pod?.spec?.initContainers ?? [], ...pod?.spec?.ephemeralContainers ?? []];
  const failing = containers.filter(c => !drops(c).some(d => d === 'NET_RAW' || d === 'CAP_NET_RAW'));
  return failing.length > 0 && failing.every(c => drops(c).includes('ALL'))
    ? 'the CEL port requires NET_RAW itself in capabilities.drop; dropping ALL (which includes NET_RAW) fails it'
    : undefined;
}

/** Plain JSON to CEL values: cel-js represents CEL int as BigInt, so integral numbers become BigInt. */
function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toCel(v)]));
  return value;
}

function splitApiVersion(apiVersion: unknown): [group: string, version: string] {
  if (typeof apiVersion !== 'string') return ['', ''];
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstLine(error: unknown): string {
  return String((error as any)?.message ?? error).split('\n')[0];
}
