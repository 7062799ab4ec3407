import { Duration, Testing } from 'cdk8s';
import { expectTektonLintClean, tektonLint } from './tekton-lint';
import { ALPINE, chart, expectValid, FLYWAY } from './util';
import { ParamType, ParamValue, Pipeline, Task, TaskSpec, WhenExpression } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';

function tasks(c: ReturnType<typeof chart>) {
  const build = new Task(c, 'build', {
    metadata: { name: 'build' },
    params: [{ name: 'revision' }, { name: 'flags', type: ParamType.ARRAY, default: ParamValue.array([]) }],
    results: [{ name: 'digest' }],
    workspaces: [{ name: 'source' }, { name: 'output', readOnly: false }],
    steps: [{ name: 'build', image: ALPINE, script: 'make $(params.revision) $(params.flags[*]) > $(results.digest.path)' }],
  });
  const migrate = new Task(c, 'migrate', {
    metadata: { name: 'migrate' },
    params: [{ name: 'image-digest' }],
    steps: [{ name: 'migrate', image: FLYWAY, runAsUser: 1000, script: 'flyway migrate # $(params.image-digest)' }],
  });
  return { build, migrate };
}

describe('Pipeline', () => {
  test('snapshot: params, workspaces, runAfter, when, results, finally with inline taskSpec', () => {
    const c = chart();
    const { build, migrate } = tasks(c);
    const pipeline = new Pipeline(c, 'pipeline', {
      metadata: { name: 'deploy' },
      description: 'Build, then migrate the database',
      params: [{ name: 'revision' }, { name: 'environment', default: ParamValue.string('dev') }],
      workspaces: [{ name: 'shared' }, { name: 'scratch', optional: true }],
    });
    const b = pipeline.addTask('build', {
      task: build,
      params: { revision: ParamValue.string('$(params.revision)'), flags: ParamValue.array(['-j4']) },
      workspaces: { source: 'shared', output: 'shared' },
      timeout: Duration.minutes(10),
      retries: 1,
    });
    pipeline.addTask('migrate', {
      task: migrate,
      params: { 'image-digest': ParamValue.string(b.result('digest')) },
      runAfter: [b],
      when: [WhenExpression.in('$(params.environment)', ['dev', 'prod']), WhenExpression.notIn(b.result('digest'), [''])],
      displayName: 'Migrate',
    });
    pipeline.addResult({ name: 'digest', value: b.result('digest'), description: 'what was built' });
    pipeline.addFinally('report', {
      taskSpec: new TaskSpec({
        params: [{ name: 'status' }],
        steps: [{ name: 'report', image: ALPINE, script: 'echo "build: $(params.status)"' }],
      }),
      params: { status: ParamValue.string(b.status) },
    });
    expectValid(c);
    const [, , p] = Testing.synth(c);
    expect(p).toMatchSnapshot();
    expect(p.spec.tasks[0].taskRef).toEqual({ kind: 'Task', name: 'build' });
    expect(p.spec.tasks[0].timeout).toBe('10m0s');
    expect(p.spec.tasks[1].runAfter).toEqual(['build']);
    expect(p.spec.tasks[1].when).toEqual([
      { input: '$(params.environment)', operator: 'in', values: ['dev', 'prod'] },
      { input: '$(tasks.build.results.digest)', operator: 'notin', values: [''] },
    ]);
    // The inline spec is hardened like a standalone Task: the CRD does not check it, the harness and we do.
    const inline = p.spec.finally[0].taskSpec;
    expect(inline.steps[0].securityContext.runAsNonRoot).toBe(true);
    expect(inline.steps[0].computeResources.limits).toEqual({ cpu: '1000m', memory: '512Mi' });
    expect(pipeline.paramSpecs.map(x => x.name)).toEqual(['revision', 'environment']);
    expect(pipeline.workspaceSpecs.map(x => x.name)).toEqual(['shared', 'scratch']);
  });

  test('a pipeline referencing imported tasks lints with those tasks present', () => {
    const c = chart();
    const clone = Task.fromTaskName(c, 'clone', 'git-clone');
    const pipeline = new Pipeline(c, 'p', { metadata: { name: 'clone-only' } });
    pipeline.addTask('clone', { task: clone, params: { url: ParamValue.string('https://example.com/repo.git') } });
    expect(Testing.synth(c)[0].spec.tasks[0]).toEqual({ name: 'clone', taskRef: { kind: 'Task', name: 'git-clone' }, params: [{ name: 'url', value: 'https://example.com/repo.git' }] });
    // tekton-lint resolves taskRefs among the linted files: lint with the Task the cluster has.
    const cluster = chart();
    new Task(cluster, 'git-clone', { metadata: { name: 'git-clone' }, params: [{ name: 'url' }], steps: [{ name: 'clone', image: ALPINE, script: 'git clone "$(params.url)"' }] });
    expect(tektonLint(c).map(x => x.rule)).toContain('no-missing-resource');
    expectTektonLintClean([...Testing.synth(c), ...Testing.synth(cluster)]);
    expectConformant(c);
    expectConformant(cluster);
  });

  test('object params pass through to an inline task (conformant; tekton-lint 1.1.0 predates object params)', () => {
    const c = chart();
    const p = new Pipeline(c, 'p', { metadata: { name: 'objects' }, params: [{ name: 'region' }] });
    p.addTask('deploy', {
      taskSpec: new TaskSpec({
        params: [{ name: 'target', type: ParamType.OBJECT, properties: ['region', 'zone'] }],
        steps: [{ name: 'deploy', image: ALPINE, script: 'deploy "$(params.target.region)" "$(params.target.zone)"' }],
      }),
      params: { target: ParamValue.object({ zone: 'a', region: '$(params.region)' }) },
    });
    expectConformant(c);
    expect(Testing.synth(c)[0].spec.tasks[0].params).toEqual([{ name: 'target', value: { region: '$(params.region)', zone: 'a' } }]);
    expect(() => p.addTask('bad', {
      taskSpec: new TaskSpec({ params: [{ name: 'target', type: ParamType.OBJECT, properties: ['region'] }], steps: [{ name: 's', image: ALPINE, script: 'true' }] }),
      params: { target: ParamValue.object({ region: '$(params.nope)' }) },
    })).toThrow(/pipeline task 'bad' param 'target' refers to \$\(params.nope\)/);
    const spec = new TaskSpec({ params: [{ name: 'target', type: ParamType.OBJECT, properties: ['region', 'zone'] }], steps: [{ name: 's', image: ALPINE, script: 'true' }] });
    expect(() => p.addTask('bad', { taskSpec: spec, params: { target: ParamValue.object({ region: 'x', extra: 'y' }) } }))
      .toThrow(/pipeline task 'bad' param 'target' must give exactly the keys region, zone; missing: zone; not declared: extra/);
  });

  test('Pipeline.fromPipelineName', () => {
    const c = chart();
    const p = Pipeline.fromPipelineName(c, 'p', 'deploy');
    expect([p.name, p.kind, p.apiVersion]).toEqual(['deploy', 'Pipeline', 'tekton.dev/v1']);
  });
});

describe('Pipeline errors', () => {
  const inline = () => new TaskSpec({ params: [{ name: 'x', default: ParamValue.string('1') }], results: [{ name: 'r' }], steps: [{ name: 's', image: ALPINE, script: 'true' }] });

  test('fails on duplicate, invalid or ambiguous tasks', () => {
    const p = new Pipeline(chart(), 'p');
    p.addTask('a', { taskSpec: inline() });
    expect(() => p.addTask('a', { taskSpec: inline() })).toThrow(/pipeline task 'a' is added twice/);
    expect(() => p.addFinally('a', { taskSpec: inline() })).toThrow(/finally task 'a' is added twice/);
    expect(() => p.addTask('B', { taskSpec: inline() })).toThrow(/must be a DNS-1123 label/);
    expect(() => p.addTask('c', {})).toThrow(/needs exactly one of 'task' \(a reference\) and 'taskSpec' \(inline\)/);
    expect(() => p.addTask('d', { taskSpec: new TaskSpec() })).toThrow(/pipeline task 'd' taskSpec: a Task needs at least one step/);
    expect(() => p.addTask('e', { taskSpec: inline(), retries: -1 })).toThrow(/'retries' \(-1\) must be a whole number/);
    expect(() => p.addTask('f', { taskSpec: inline(), timeout: Duration.seconds(0) })).toThrow(/timeout' \(0s\) must be positive/);
  });

  test('fails on bad runAfter', () => {
    const c = chart();
    const p = new Pipeline(c, 'p');
    const other = new Pipeline(c, 'q').addTask('x', { taskSpec: inline() });
    expect(() => p.addTask('a', { taskSpec: inline(), runAfter: [other] })).toThrow(/'runAfter' names 'x', which is not a \(non-finally\) task of this pipeline/);
    const a = p.addTask('a', { taskSpec: inline() });
    expect(() => p.addFinally('z', { taskSpec: inline(), runAfter: [a] })).toThrow(/finally task 'z' cannot set 'runAfter'/);
    const fin = p.addFinally('fin', { taskSpec: inline() });
    expect(() => p.addTask('b', { taskSpec: inline(), runAfter: [fin] })).toThrow(/'runAfter' names 'fin'/);
  });

  test('fails on params the task does not declare, wrong types, missing required params', () => {
    const c = chart();
    const { build } = tasks(c);
    const p = new Pipeline(c, 'p', { params: [{ name: 'rev' }], workspaces: [{ name: 'ws' }] });
    const ws = { source: 'ws', output: 'ws' };
    expect(() => p.addTask('a', { task: build, workspaces: ws, params: { revision: ParamValue.string('1'), nope: ParamValue.string('x') } }))
      .toThrow(/pipeline task 'a' passes param 'nope', which its task does not declare \(declared: revision, flags\)/);
    expect(() => p.addTask('a', { task: build, workspaces: ws, params: { revision: ParamValue.array(['1']) } })).toThrow(/param 'revision' is string but the value is array/);
    expect(() => p.addTask('a', { task: build, workspaces: ws })).toThrow(/does not pass required param\(s\) revision/);
    expect(() => p.addTask('a', { task: build, workspaces: ws, params: { revision: ParamValue.string('$(params.revision)') } }))
      .toThrow(/param 'revision' refers to \$\(params.revision\) but no such param is declared \(declared: rev\)/);
  });

  test('fails on workspace bindings', () => {
    const c = chart();
    const { build } = tasks(c);
    const p = new Pipeline(c, 'p', { workspaces: [{ name: 'ws' }] });
    const params = { revision: ParamValue.string('1') };
    expect(() => p.addTask('a', { task: build, params, workspaces: { source: 'nope', output: 'ws' } })).toThrow(/binds workspace 'source' to 'nope', which the pipeline does not declare \(declared: ws\)/);
    expect(() => p.addTask('a', { task: build, params, workspaces: { source: 'ws', output: 'ws', extra: 'ws' } })).toThrow(/binds workspace 'extra', which its task does not declare/);
    expect(() => p.addTask('a', { task: build, params, workspaces: { source: 'ws' } })).toThrow(/does not bind required workspace\(s\) output/);
    expect(() => p.addWorkspace({ name: 'ws' })).toThrow(/pipeline workspace 'ws' is declared twice/);
    expect(() => p.addParam({ name: 'x' }) ?? p.addParam({ name: 'x' })).toThrow(/pipeline param 'x' is declared twice/);
  });

  test('fails on bad task references and when expressions', () => {
    const p = new Pipeline(chart(), 'p');
    const a = p.addTask('a', { taskSpec: inline() });
    expect(() => a.result('nope')).toThrow(/pipeline task 'a' has no result 'nope' \(results: r\)/);
    expect(() => p.addTask('b', { taskSpec: inline(), params: { x: ParamValue.string('$(tasks.later.results.r)') } })).toThrow(/refers to \$\(tasks.later.results.r\) but 'later' is not an earlier/);
    expect(() => p.addTask('b', { taskSpec: inline(), params: { x: ParamValue.string(a.status) } })).toThrow(/task status is only available to finally tasks/);
    expect(() => p.addTask('b', { taskSpec: inline(), when: [WhenExpression.in('$(params.env)', ['x'])] })).toThrow(/pipeline task 'b' when refers to \$\(params.env\)/);
    expect(() => p.addTask('b', { taskSpec: inline(), params: { x: ParamValue.string('$(tasks.a.results.zz)') } })).toThrow(/has no result 'zz'/);
    expect(() => WhenExpression.in('', ['x'])).toThrow(/when expression 'input' is empty/);
    expect(() => WhenExpression.notIn('$(params.env)', [])).toThrow(/has no values/);
    expect(() => p.addResult({ name: 'r', value: 'constant' })).toThrow(/pipeline result 'r' value "constant" must refer to a task result/);
    p.addResult({ name: 'r', value: a.result('r') });
    expect(() => p.addResult({ name: 'r', value: a.result('r') })).toThrow(/pipeline result 'r' is declared twice/);
  });

  test('fails to synthesize a Pipeline without tasks', () => {
    const c = chart();
    new Pipeline(c, 'p');
    expect(() => Testing.synth(c)).toThrow(/a Pipeline needs at least one task/);
  });
});
