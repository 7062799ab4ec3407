import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectTektonLintClean } from './tekton-lint';
import { ALPINE, chart, expectValid, FLYWAY, serviceAccount } from './util';
import { ParamType, ParamValue, Pipeline, PipelineRun, Task, TaskRun, TaskSpec, WorkspaceBinding } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';

function migrateTask(c: ReturnType<typeof chart>) {
  return new Task(c, 'migrate', {
    metadata: { name: 'migrate' },
    runAsUser: 1000,
    params: [{ name: 'db-url' }, { name: 'dry-run', default: ParamValue.string('false') }],
    workspaces: [{ name: 'db-credentials', mountPath: '/etc/db' }, { name: 'scratch', readOnly: false, optional: true }],
    steps: [{ name: 'migrate', image: FLYWAY, script: 'flyway -url="$(params.db-url)" -dryRunOutput="$(params.dry-run)" -user="$(cat $(workspaces.db-credentials.path)/username)" migrate' }],
  });
}

describe('TaskRun', () => {
  test('snapshot: a Task run with a read-only secret workspace and an explicit service account', () => {
    const c = chart();
    const task = migrateTask(c);
    new TaskRun(c, 'run', {
      metadata: { name: 'migrate-once' },
      task,
      serviceAccount: serviceAccount(c, 'db-migrator'),
      params: { 'db-url': ParamValue.string('jdbc:postgresql://db:5432/app') },
      workspaces: {
        'db-credentials': WorkspaceBinding.secret(kplus.Secret.fromSecretName(c, 's', 'db-dynamic-secret'), { items: { username: 'username', password: 'password' } }),
        'scratch': WorkspaceBinding.emptyDir(),
      },
      timeout: Duration.minutes(15),
      fsGroup: 65532,
    });
    expectValid(c);
    const run = Testing.synth(c)[1];
    expect(run).toMatchSnapshot();
    expect(run.spec.serviceAccountName).toBe('db-migrator');
    expect(run.spec.timeout).toBe('15m0s');
    expect(run.spec.workspaces[0].secret).toEqual({ secretName: 'db-dynamic-secret', defaultMode: 0o440, items: [{ key: 'password', path: 'password' }, { key: 'username', path: 'username' }] });
    expect(run.spec.podTemplate.securityContext).toEqual({ fsGroup: 65532, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('an inline taskSpec is hardened and checked by the Kyverno policies; the default timeout is explicit', () => {
    const c = chart();
    new TaskRun(c, 'run', {
      serviceAccount: serviceAccount(c),
      taskSpec: new TaskSpec({ steps: [{ name: 'hello', image: ALPINE, script: 'echo hello' }] }),
      workspaces: {},
    });
    expectValid(c);
    const run = Testing.synth(c)[0];
    expect(run.spec.timeout).toBe('1h0m0s');
    expect(run.spec.taskSpec.steps[0].securityContext.allowPrivilegeEscalation).toBe(false);
  });

  test('a run of an imported task passes what it is given', () => {
    const c = chart();
    new TaskRun(c, 'run', {
      serviceAccount: serviceAccount(c),
      task: Task.fromTaskName(c, 't', 'hello'),
      params: { anything: ParamValue.string('x') },
      workspaces: { cm: WorkspaceBinding.configMap(kplus.ConfigMap.fromConfigMapName(c, 'cm', 'settings')) },
    });
    expectConformant(c);
    const cluster = chart();
    new Task(cluster, 'hello', { metadata: { name: 'hello' }, params: [{ name: 'anything' }], workspaces: [{ name: 'cm' }], steps: [{ name: 'hello', image: ALPINE, script: 'echo "$(params.anything)"' }] });
    expectValid(cluster);
    expectTektonLintClean([...Testing.synth(c), ...Testing.synth(cluster)]);
    expect(Testing.synth(c)[0].spec.workspaces).toEqual([{ name: 'cm', configMap: { name: 'settings' } }]);
  });
});

describe('PipelineRun', () => {
  test('snapshot: runs a pipeline with timeouts, params and a PVC workspace', () => {
    const c = chart();
    const task = migrateTask(c);
    const pipeline = new Pipeline(c, 'p', {
      metadata: { name: 'migrate-db' },
      params: [{ name: 'url' }, { name: 'modes', type: ParamType.ARRAY, default: ParamValue.array(['a']) }],
      workspaces: [{ name: 'creds' }, { name: 'cache', optional: true }],
    });
    pipeline.addTask('migrate', { task, params: { 'db-url': ParamValue.string('$(params.url)') }, workspaces: { 'db-credentials': 'creds', 'scratch': 'cache' } });
    new PipelineRun(c, 'run', {
      metadata: { name: 'migrate-db-run' },
      pipeline,
      serviceAccount: serviceAccount(c, 'db-migrator'),
      params: { url: ParamValue.string('jdbc:postgresql://db:5432/app'), modes: ParamValue.array(['x', 'y']) },
      workspaces: {
        creds: WorkspaceBinding.secret(kplus.Secret.fromSecretName(c, 's', 'db-dynamic-secret')),
        cache: WorkspaceBinding.persistentVolumeClaim(kplus.PersistentVolumeClaim.fromClaimName(c, 'pvc', 'cache')),
      },
      timeout: Duration.minutes(30),
      tasksTimeout: Duration.minutes(20),
    });
    expectValid(c);
    const run = Testing.synth(c)[2];
    expect(run).toMatchSnapshot();
    expect(run.spec.taskRunTemplate.serviceAccountName).toBe('db-migrator');
    expect(run.spec.timeouts).toEqual({ pipeline: '30m0s', tasks: '20m0s' });
    expect(run.spec.pipelineRef).toEqual({ name: 'migrate-db' });
  });

  test('defaults: one hour, explicit', () => {
    const c = chart();
    new PipelineRun(c, 'run', { pipeline: Pipeline.fromPipelineName(c, 'p', 'deploy'), serviceAccount: serviceAccount(c) });
    expectConformant(c);
    expect(Testing.synth(c)[0].spec.timeouts).toEqual({ pipeline: '1h0m0s' });
  });
});

describe('run errors', () => {
  test('fails on the default service account', () => {
    const c = chart();
    const sa = serviceAccount(c, 'default');
    expect(() => new TaskRun(c, 'tr', { serviceAccount: sa, task: Task.fromTaskName(c, 't', 'x') }))
      .toThrow(/TaskRun 'serviceAccount' is the namespace's 'default' service account, which every pod shares; create a dedicated ServiceAccount/);
    expect(() => new PipelineRun(c, 'pr', { serviceAccount: sa, pipeline: Pipeline.fromPipelineName(c, 'p', 'x') })).toThrow(/PipelineRun 'serviceAccount' is the namespace's 'default'/);
  });

  test('fails on a Secret bound to a writable workspace', () => {
    const c = chart();
    const task = migrateTask(c);
    const secret = kplus.Secret.fromSecretName(c, 's', 'db');
    expect(() => new TaskRun(c, 'tr', {
      serviceAccount: serviceAccount(c),
      task,
      params: { 'db-url': ParamValue.string('x') },
      workspaces: { 'db-credentials': WorkspaceBinding.secret(secret), 'scratch': WorkspaceBinding.secret(secret) },
    })).toThrow(/TaskRun binds a Secret to workspace 'scratch', which the task declares writable/);
    const pipeline = new Pipeline(c, 'p', { workspaces: [{ name: 'a' }, { name: 'b' }] });
    pipeline.addTask('m', { task, params: { 'db-url': ParamValue.string('x') }, workspaces: { 'db-credentials': 'a', 'scratch': 'b' } });
    expect(() => new PipelineRun(c, 'pr', {
      serviceAccount: serviceAccount(c),
      pipeline,
      workspaces: { a: WorkspaceBinding.secret(secret), b: WorkspaceBinding.secret(secret) },
    })).toThrow(/PipelineRun binds a Secret to workspace 'b', which task workspace\(s\) m\/scratch declare writable/);
    expect(() => WorkspaceBinding.secret(secret, { defaultMode: 0o444 })).toThrow(/'defaultMode' \(0o444\) may only grant read to owner and group/);
    expect(() => WorkspaceBinding.secret(secret, { items: { pw: '/etc/pw' } })).toThrow(/item 'pw' path "\/etc\/pw" must be a relative path/);
  });

  test('fails on params and workspaces that do not match the task or pipeline', () => {
    const c = chart();
    const task = migrateTask(c);
    const sa = serviceAccount(c);
    const creds = WorkspaceBinding.emptyDir();
    expect(() => new TaskRun(c, 'a', { serviceAccount: sa, task, workspaces: { 'db-credentials': creds } })).toThrow(/TaskRun does not pass required param\(s\) db-url/);
    expect(() => new TaskRun(c, 'b', { serviceAccount: sa, task, params: { 'db-url': ParamValue.array([]) }, workspaces: { 'db-credentials': creds } })).toThrow(/TaskRun param 'db-url' is string but the value is array/);
    expect(() => new TaskRun(c, 'c', { serviceAccount: sa, task, params: { 'db-url': ParamValue.string('x'), 'x': ParamValue.string('') }, workspaces: { 'db-credentials': creds } })).toThrow(/TaskRun passes param 'x', which is not declared/);
    expect(() => new TaskRun(c, 'd', { serviceAccount: sa, task, params: { 'db-url': ParamValue.string('x') } })).toThrow(/TaskRun does not bind required workspace\(s\) db-credentials/);
    expect(() => new TaskRun(c, 'e', { serviceAccount: sa, task, params: { 'db-url': ParamValue.string('x') }, workspaces: { 'db-credentials': creds, 'nope': creds } })).toThrow(/TaskRun binds workspace 'nope', which the task does not declare/);
    expect(() => new TaskRun(c, 'f', { serviceAccount: sa })).toThrow(/TaskRun needs exactly one of 'task'/);
    const objectSpec = new TaskSpec({ params: [{ name: 'o', type: ParamType.OBJECT, properties: ['a'] }], steps: [{ name: 's', image: ALPINE, args: ['$(params.o.a)'] }] });
    expect(() => new TaskRun(c, 'o', { serviceAccount: sa, taskSpec: objectSpec, params: { o: ParamValue.object({}) } })).toThrow(/TaskRun param 'o' must give exactly the keys a; missing: a/);
    expect(() => new TaskRun(c, 'g', { serviceAccount: sa, taskSpec: new TaskSpec() })).toThrow(/TaskRun taskSpec: a Task needs at least one step/);
    expect(() => new TaskRun(c, 'h', { serviceAccount: sa, task: Task.fromTaskName(c, 'x', 'x'), fsGroup: 0 })).toThrow(/'fsGroup' \(0\) must be a non-zero group id/);
    const pipeline = new Pipeline(c, 'p', { params: [{ name: 'url' }], workspaces: [{ name: 'ws' }] });
    pipeline.addTask('m', { task, params: { 'db-url': ParamValue.string('$(params.url)') }, workspaces: { 'db-credentials': 'ws' } });
    expect(() => new PipelineRun(c, 'p1', { serviceAccount: sa, pipeline, workspaces: { ws: creds } })).toThrow(/PipelineRun does not pass required param\(s\) url/);
    expect(() => new PipelineRun(c, 'p2', { serviceAccount: sa, pipeline, params: { url: ParamValue.string('') } })).toThrow(/PipelineRun does not bind required workspace\(s\) ws/);
    expect(() => new PipelineRun(c, 'p3', { serviceAccount: sa, pipeline, params: { url: ParamValue.string('') }, workspaces: { ws: creds, x: creds } })).toThrow(/PipelineRun binds workspace 'x', which the pipeline does not declare/);
    expect(() => new PipelineRun(c, 'p4', { serviceAccount: sa, pipeline, params: { url: ParamValue.string('') }, workspaces: { ws: creds }, timeout: Duration.minutes(10), tasksTimeout: Duration.minutes(20) }))
      .toThrow(/'tasksTimeout' \(20m0s\) must be at most 10m0s/);
  });
});
