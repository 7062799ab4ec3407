import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ALPINE, chart, FLYWAY, serviceAccount } from './util';
import { ParamType, ParamValue, Pipeline, PipelineRun, Task, TaskRun, TaskSpec, WhenExpression, WorkspaceBinding } from '../../src/tekton';
import { expectRefused, githubToken, PASSWORD } from '../literal-credentials';

const GHP = githubToken(7);
/** base64 of a `.dockerconfigjson` whose `auth` is base64 of `user:password`. */
const DOCKER_CONFIG = Buffer.from(JSON.stringify({
  auths: { 'registry.example.com': { auth: Buffer.from(`bot:${PASSWORD}`).toString('base64') } },
})).toString('base64');

const step = (extra: object) => ({ name: 'run', image: ALPINE, ...extra });
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The refusal of `prop` by the construct at `path` (a ValidationError's message starts with the path). */
const at = (path: string, prop: string) => new RegExp(`^${escaped(path)}: '${escaped(prop)}' holds (a credential|\\d+ credentials): `);

describe('Tekton literals that would commit a credential are refused', () => {
  test('step script: a token in a curl header or an export, on the line it is on', () => {
    expectRefused(() => new Task(chart(), 't', {
      steps: [step({ script: `#!/bin/sh\ncurl -fsS -H "Authorization: Bearer ${GHP}" https://api.github.com/user\n` })],
    }), at('test/t', 'steps[0].script'), /GitHub token ghp_… \(40 chars\) on line 2/, GHP);
    const task = new Task(chart(), 't', { steps: [step({ name: 'first', script: 'echo ok' })] });
    expectRefused(() => task.addStep(step({ script: `export GITHUB_TOKEN=${GHP}\ngit push` })), at('test/t', 'steps[1].script'), /GitHub token/, GHP);
  });

  test('step script: a base64-encoded token is decoded first', () => {
    const encoded = Buffer.from(`token=${GHP}`).toString('base64');
    expectRefused(() => new Task(chart(), 't', { steps: [step({ script: `echo ${encoded} | base64 -d > /tmp/creds` })] }),
      at('test/t', 'steps[0].script'), /after base64 decoding/, encoded);
  });

  test('args and command: each word, and a word after a bare flag judged by the flag', () => {
    expectRefused(() => new Task(chart(), 't', { steps: [step({ args: ['login', '--password', PASSWORD] })] }),
      at('test/t', 'steps[0].args[2]'), /password \(16 chars\)/, PASSWORD);
    expectRefused(() => new Task(chart(), 't', { steps: [step({ args: [`--token=${GHP}`] })] }), at('test/t', 'steps[0].args[0]'), /GitHub token/, GHP);
    expectRefused(() => new Task(chart(), 't', { steps: [step({ command: ['sh', '-c', `curl -H "Authorization: token ${GHP}" https://x`] })] }),
      at('test/t', 'steps[0].command[2]'), /GitHub token/, GHP);
  });

  test('env values are judged by the variable name; encoded values are decoded', () => {
    expectRefused(() => new Task(chart(), 't', { steps: [step({ script: 'migrate', env: { DB_PASSWORD: kplus.EnvValue.fromValue(PASSWORD) } })] }),
      at('test/t', 'steps[0].env["DB_PASSWORD"]'), /password \(16 chars\)/, PASSWORD);
    const b64 = Buffer.from(GHP).toString('base64');
    expectRefused(() => new Task(chart(), 't', { steps: [step({ script: 'run', env: { SETTINGS: kplus.EnvValue.fromValue(b64) } })] }),
      at('test/t', 'steps[0].env["SETTINGS"]'), /GitHub token .*after base64 decoding/, b64);
  });

  test('sidecars, the step template and the working directory are checked too', () => {
    expectRefused(() => new Task(chart(), 't', {
      steps: [step({ script: 'echo ok' })],
      sidecars: [{ name: 'proxy', image: ALPINE, env: { API_TOKEN: kplus.EnvValue.fromValue(PASSWORD) } }],
    }), at('test/t', 'sidecars[0].env["API_TOKEN"]'), /token \(16 chars\)/, PASSWORD);
    expectRefused(() => new Task(chart(), 't', {
      stepTemplate: { env: { REGISTRY_AUTH: kplus.EnvValue.fromValue(GHP) } },
      steps: [step({ script: 'echo ok' })],
    }), at('test/t', 'stepTemplate.env["REGISTRY_AUTH"]'), /GitHub token/, GHP);
    expectRefused(() => new Task(chart(), 't', { stepTemplate: { workingDir: `/workspace/${GHP}` }, steps: [step({ script: 'echo ok' })] }),
      at('test/t', 'stepTemplate.workingDir'), /GitHub token/, GHP);
    // refused before the path check, whose message would quote it
    expectRefused(() => new Task(chart(), 't', { steps: [step({ script: 'echo ok', workingDir: `src/${GHP}` })] }), at('test/t', 'steps[0].workingDir'), /GitHub token/, GHP);
  });

  test('param defaults: string, array and object values, judged by the param name; base64 of a .dockerconfigjson', () => {
    expectRefused(() => new Task(chart(), 't', { params: [{ name: 'db-password', default: ParamValue.string(PASSWORD) }] }),
      at('test/t', 'params["db-password"].default'), /password \(16 chars\)/, PASSWORD);
    expectRefused(() => new Task(chart(), 't', { params: [{ name: 'flags', default: ParamValue.array(['--verbose', `--token=${GHP}`]) }] }),
      at('test/t', 'params["flags"].default[1]'), /GitHub token/, GHP);
    expectRefused(() => new Task(chart(), 't', { params: [{ name: 'tokens', default: ParamValue.array([PASSWORD]) }] }),
      at('test/t', 'params["tokens"].default[0]'), /token \(16 chars\)/, PASSWORD);
    expectRefused(() => new Task(chart(), 't', {
      params: [{ name: 'db', type: ParamType.OBJECT, properties: ['user', 'password'], default: ParamValue.object({ user: 'app', password: PASSWORD }) }],
    }), at('test/t', 'params["db"].default'), /password \(16 chars\) at params\["db"\]\.default\.password/, PASSWORD);
    expectRefused(() => new Task(chart(), 't', { params: [{ name: 'docker-config', default: ParamValue.string(DOCKER_CONFIG) }] }),
      at('test/t', 'params["docker-config"].default'), /registry credential .*after base64 → json decoding/, DOCKER_CONFIG);
    const task = new Task(chart(), 't', { steps: [step({ script: 'echo ok' })] });
    expectRefused(() => task.addParam({ name: 'mode', allowedValues: ['read', GHP] }), at('test/t', 'params["mode"].allowedValues[1]'), /GitHub token/, GHP);
    expectRefused(() => task.addParam({ name: 'note', description: `use ${GHP} for now` }), at('test/t', 'params["note"].description'), /GitHub token/, GHP);
  });

  test('descriptions of tasks, results and workspaces', () => {
    expectRefused(() => new TaskSpec({ description: `pushes with ${GHP}` }), 'description', /GitHub token/, GHP);
    expectRefused(() => new TaskSpec({ results: [{ name: 'digest', description: GHP }] }), 'results["digest"].description', /GitHub token/, GHP);
    expectRefused(() => new TaskSpec({ workspaces: [{ name: 'src', description: GHP }] }), 'workspaces["src"].description', /GitHub token/, GHP);
  });

  test('pipeline: param defaults, task params, when values, results and descriptions', () => {
    expectRefused(() => new Pipeline(chart(), 'p', { params: [{ name: 'registry-password', default: ParamValue.string(PASSWORD) }] }),
      at('test/p', 'params["registry-password"].default'), /password/, PASSWORD);
    expectRefused(() => new Pipeline(chart(), 'p', { description: `token ${GHP}` }), at('test/p', 'description'), /GitHub token/, GHP);

    const c = chart();
    const pipeline = new Pipeline(c, 'p', { params: [{ name: 'api-token' }] });
    const spec = new TaskSpec({ params: [{ name: 'token' }, { name: 'flags', type: ParamType.ARRAY }], steps: [step({ script: 'echo $(params.token)' })] });
    expectRefused(() => pipeline.addTask('build', { taskSpec: spec, params: { token: ParamValue.string(PASSWORD), flags: ParamValue.array([]) } }),
      at('test/p', 'tasks["build"].params["token"]'), /token \(16 chars\)/, PASSWORD);
    expectRefused(() => pipeline.addTask('build', { taskSpec: spec, params: { token: ParamValue.string('$(params.api-token)'), flags: ParamValue.array(['--token', PASSWORD]) } }),
      at('test/p', 'tasks["build"].params["flags"][1]'), /token/, PASSWORD);
    pipeline.addTask('build', { taskSpec: spec, params: { token: ParamValue.string('$(params.api-token)'), flags: ParamValue.array([]) } });
    expectRefused(() => pipeline.addFinally('notify', { taskSpec: spec, params: { token: ParamValue.string(GHP), flags: ParamValue.array([]) } }),
      at('test/p', 'finally["notify"].params["token"]'), /GitHub token/, GHP);
    // a value compared with a param is judged by the param's name
    expectRefused(() => WhenExpression.in('$(params.api-token)', [PASSWORD]), 'when.values[0]', /token \(16 chars\)/, PASSWORD);
    expectRefused(() => pipeline.addResult({ name: 'url', value: `https://x.example.com/?access_token=${GHP}` }), at('test/p', 'results["url"].value'), /GitHub token/, GHP);
  });

  test('run params of TaskRun and PipelineRun, judged by the param name', () => {
    const c = chart();
    const task = new Task(c, 'task', { params: [{ name: 'registry-password' }], steps: [step({ script: 'echo ok' })] });
    expectRefused(() => new TaskRun(c, 'run', { task, serviceAccount: serviceAccount(c), params: { 'registry-password': ParamValue.string(PASSWORD) } }),
      at('test/run', 'params["registry-password"]'), /password \(16 chars\)/, PASSWORD);
    // a referenced (imported) Task is not checked for its params, its values still are
    const imported = Task.fromTaskName(c, 'imported', 'build');
    const b64 = Buffer.from(GHP).toString('base64');
    expectRefused(() => new TaskRun(c, 'run2', { task: imported, serviceAccount: serviceAccount(c), params: { config: ParamValue.string(b64) } }),
      at('test/run2', 'params["config"]'), /GitHub token .*after base64 decoding/, b64);
    const pipeline = Pipeline.fromPipelineName(c, 'pl', 'deploy');
    expectRefused(() => new PipelineRun(c, 'prun', { pipeline, serviceAccount: serviceAccount(c), params: { docker: ParamValue.object({ auth: DOCKER_CONFIG }) } }),
      at('test/prun', 'params["docker"]'), /registry credential/, DOCKER_CONFIG);
  });
});

describe('Tekton literals people really write pass', () => {
  test('scripts, args, env, params and runs with placeholders, paths, digests and UUIDs', () => {
    const c = chart();
    const task = new Task(c, 'flyway', {
      description: 'Runs Flyway migrations with short-lived database credentials',
      runAsUser: 1000,
      params: [
        { name: 'db-url', description: 'JDBC URL of the database', default: ParamValue.string('jdbc:postgresql://db.team-a.svc:5432/app') },
        { name: 'db-password-path', default: ParamValue.string('/etc/db-credentials/password') },
        { name: 'vault-path', default: ParamValue.string('secret/data/team-a/db') },
        { name: 'image-digest', default: ParamValue.string(`sha256:${'4f2504e0'.repeat(8)}`) },
        { name: 'flags', type: ParamType.ARRAY, default: ParamValue.array(['--password-file', '/etc/db-credentials/password', '--verbose']) },
        { name: 'conn', type: ParamType.OBJECT, properties: ['user', 'passwordFile'], default: ParamValue.object({ user: 'app', passwordFile: '/etc/db/password' }) },
        { name: 'token', description: 'the API token, mounted from a Secret' },
        { name: 'mode', allowedValues: ['migrate', 'validate'], default: ParamValue.string('migrate') },
      ],
      workspaces: [{ name: 'source', description: 'the checked-out repository' }],
      stepTemplate: { env: { VAULT_ADDR: kplus.EnvValue.fromValue('https://vault.example.com:8200') } },
      steps: [{
        name: 'migrate',
        image: FLYWAY,
        workingDir: '$(workspaces.source.path)',
        env: {
          DB_PASSWORD_FILE: kplus.EnvValue.fromValue('/etc/db-credentials/password'),
          API_TOKEN: kplus.EnvValue.fromValue('$(params.token)'),
          CLIENT_ID: kplus.EnvValue.fromValue('3f2504e0-4f89-11d3-9a0c-0305e82c3301'),
          GIT_SECRET_NAME: kplus.EnvValue.fromValue('git-credentials'),
        },
        script: [
          'export FLYWAY_USER="$(cat /etc/db-credentials/username)"',
          'export FLYWAY_PASSWORD="$(cat /etc/db-credentials/password)"',
          'export PGPASSWORD="${DB_PASSWORD}"',
          'flyway -url="$(params.db-url)" -password="$FLYWAY_PASSWORD" $(params.mode)',
          'echo "$(params.conn.user)"',
        ].join('\n'),
        timeout: Duration.minutes(15),
      }, {
        name: 'push',
        image: ALPINE,
        command: ['sh', '-c', 'cat /etc/registry/password | docker login --password-stdin -u bot registry.example.com'],
      }, {
        name: 'tag',
        image: ALPINE,
        args: ['--image', `registry.example.com/app@sha256:${'4f2504e0'.repeat(8)}`, '--token-file', '/var/run/secrets/tokens/api', '--password', '$(params.token)'],
      }],
    });
    task.mountCredentials(kplus.Secret.fromSecretName(c, 'db', 'db-dynamic-secret'), '/etc/db-credentials');

    const pipeline = new Pipeline(c, 'p', {
      description: 'Migrates the database; credentials come from Vault',
      params: [{ name: 'api-token', description: 'a Vault path', default: ParamValue.string('secret/data/ci/api') }],
      workspaces: [{ name: 'src' }],
    });
    pipeline.addTask('migrate', {
      task,
      params: { 'db-url': ParamValue.string('jdbc:postgresql://db:5432/app'), 'token': ParamValue.string('$(params.api-token)') },
      workspaces: { source: 'src' },
      when: [WhenExpression.in('$(params.api-token)', ['secret/data/ci/api', 'secret/data/ci/other'])],
      displayName: 'Migrate the database',
    });
    new PipelineRun(c, 'run', {
      pipeline,
      serviceAccount: serviceAccount(c),
      params: { 'api-token': ParamValue.string('secret/data/ci/api') },
      workspaces: { src: WorkspaceBinding.emptyDir() },
    });
    new TaskRun(c, 'taskrun', {
      task,
      serviceAccount: serviceAccount(c),
      params: { 'token': ParamValue.string('{{ .token }}'), 'db-url': ParamValue.string('jdbc:postgresql://db:5432/app') },
      workspaces: { source: WorkspaceBinding.emptyDir() },
    });
    expect(task.spec.paramSpecs).toHaveLength(8);
  });
});
