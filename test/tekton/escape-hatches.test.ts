import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ALPINE, chart, expectValid, serviceAccount } from './util';
import { ImageReference, ParamValue, Pipeline, PipelineRun, Task, TaskRun, TaskSpec, WhenExpression, WorkspaceBinding } from '../../src/tekton';
import { validationError } from '../validation-error';

const step = { name: 'run', image: ALPINE, script: 'echo ok' };

/** A chart with one of every Tekton construct, each given an explicit name. */
function everything() {
  const c = chart();
  const task = new Task(c, 'task', { metadata: { name: 'build' }, workspaces: [{ name: 'src' }], steps: [step] });
  const pipeline = new Pipeline(c, 'pipeline', { metadata: { name: 'ci' }, workspaces: [{ name: 'src' }] });
  pipeline.addTask('build', { task, workspaces: { src: 'src' } });
  const taskRun = new TaskRun(c, 'task-run', {
    metadata: { name: 'build-once' },
    task,
    serviceAccount: serviceAccount(c),
    workspaces: { src: WorkspaceBinding.emptyDir() },
  });
  const pipelineRun = new PipelineRun(c, 'pipeline-run', {
    metadata: { name: 'ci-once' },
    pipeline,
    serviceAccount: serviceAccount(c),
    workspaces: { src: WorkspaceBinding.emptyDir() },
  });
  return { c, task, pipeline, taskRun, pipelineRun };
}

describe('escape hatches: ApiObject.of(construct) is its main object', () => {
  test.each([
    ['task', 'Task', 'build'],
    ['pipeline', 'Pipeline', 'ci'],
    ['taskRun', 'TaskRun', 'build-once'],
    ['pipelineRun', 'PipelineRun', 'ci-once'],
  ] as const)('%s', (key, kind, name) => {
    const all = everything();
    const construct = all[key];
    const object = ApiObject.of(construct);
    expect(object.kind).toBe(kind);
    expect(object.name).toBe(name);
    expect(object.apiVersion).toBe('tekton.dev/v1');
    expect(construct.node.defaultChild).toBe(object);
    expect([construct.kind, construct.name, construct.namespace]).toEqual([kind, name, 'ci-cd']);
  });

  test('the chart they are built in is valid Tekton', () => {
    expectValid(everything().c);
  });

  test('a patch through the escape hatch reaches the synthesized object', () => {
    const { c, task, pipelineRun } = everything();
    ApiObject.of(task).addJsonPatch(JsonPatch.add('/metadata/labels', { 'app.kubernetes.io/part-of': 'ci' }));
    ApiObject.of(pipelineRun).addJsonPatch(JsonPatch.add('/spec/timeouts/finally', '10m0s'));
    const out = Testing.synth(c);
    expect(out.find(o => o.kind === 'Task').metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'ci' });
    expect(out.find(o => o.kind === 'PipelineRun').spec.timeouts.finally).toBe('10m0s');
  });

  test('imported Tasks and Pipelines write nothing', () => {
    const c = chart();
    const task = Task.fromTaskName(c, 'imported-task', 'git-clone');
    const pipeline = Pipeline.fromPipelineName(c, 'imported-pipeline', 'deploy');
    expect([task.kind, task.name, pipeline.kind, pipeline.name]).toEqual(['Task', 'git-clone', 'Pipeline', 'deploy']);
    expect(Testing.synth(c)).toEqual([]);
  });
});

describe('errors are ValidationErrors that say which construct', () => {
  test('Task: in the constructor, in add*() and in mountCredentials()', () => {
    const c = chart();
    validationError(() => new Task(c, 'bad', { steps: [{ ...step, runAsUser: 0 }] }), 'test/bad');
    const task = new Task(c, 'task', { steps: [step] });
    expect(validationError(() => task.addStep(step), 'test/task').message).toMatch(/^test\/task: step 'run' is defined twice/);
    validationError(() => task.spec.addParam({ name: '1st' }), 'test/task');
    validationError(() => task.mountCredentials(kplus.Secret.fromSecretName(c, 'db', 'db'), '/tekton/db'), 'test/task');
    validationError(() => Task.fromTaskName(c, 'imported', 'Git_Clone'), 'test/imported');
  });

  test('Pipeline: in add*() and in the PipelineTask handles it returns', () => {
    const c = chart();
    const pipeline = new Pipeline(c, 'pipeline');
    const build = pipeline.addTask('build', { taskSpec: new TaskSpec({ steps: [step] }) });
    expect(validationError(() => build.result('digest'), 'test/pipeline').message).toMatch(/^test\/pipeline: pipeline task 'build' has no result 'digest'/);
    validationError(() => pipeline.addTask('build', { taskSpec: new TaskSpec({ steps: [step] }) }), 'test/pipeline');
    validationError(() => pipeline.addTask('deploy', { taskSpec: new TaskSpec({ steps: [step] }), retries: -1 }), 'test/pipeline');
    validationError(() => Pipeline.fromPipelineName(c, 'imported', 'a'.repeat(64)), 'test/imported');
  });

  test('TaskRun and PipelineRun', () => {
    const c = chart();
    const task = new Task(c, 'task', { steps: [step] });
    validationError(() => new TaskRun(c, 'task-run', { task, serviceAccount: serviceAccount(c, 'default') }), 'test/task-run');
    validationError(() => new TaskRun(c, 'inline-run', { taskSpec: new TaskSpec(), serviceAccount: serviceAccount(c) }), 'test/inline-run');
    const pipeline = new Pipeline(c, 'pipeline', { params: [{ name: 'env' }] });
    validationError(() => new PipelineRun(c, 'pipeline-run', { pipeline, serviceAccount: serviceAccount(c) }), 'test/pipeline-run');
    validationError(() => new PipelineRun(c, 'fs-run', { pipeline, serviceAccount: serviceAccount(c), fsGroup: 0 }), 'test/fs-run');
  });

  test('values built outside any construct carry no path: the caller\'s line is on the stack', () => {
    validationError(() => new TaskSpec({ steps: [step, step] }), undefined);
    validationError(() => ImageReference.parse('alpine'), undefined);
    validationError(() => WhenExpression.in('$(params.env)', []), undefined);
    validationError(() => WorkspaceBinding.secret(kplus.Secret.fromSecretName(chart(), 'db', 'db'), { defaultMode: 0o644 }), undefined);
    validationError(() => new TaskSpec({ params: [{ name: 'p', default: ParamValue.array([]), properties: ['a'] }] }), undefined);
  });
});
