import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { tektonLint } from './tekton-lint';
import { ALPINE, chart, expectValid, FLYWAY } from './util';
import { ImageReference, OnError, ParamType, ParamValue, Task, TaskSpec } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';
import { testWithShared } from '../conformance/shared';

/** Scenario S2: the Flyway migration, done right. */
function flywayTask() {
  const c = chart();
  const task = new Task(c, 'flyway', {
    metadata: { name: 'flyway-migration' },
    description: 'Runs Flyway migrations with short-lived database credentials',
    runAsUser: 1000,
    params: [{ name: 'db-url', description: 'JDBC URL of the database' }],
    steps: [{
      name: 'migrate',
      image: FLYWAY,
      workingDir: '/workspace',
      script: [
        'export FLYWAY_USER="$(cat /etc/db-credentials/username)"',
        'export FLYWAY_PASSWORD="$(cat /etc/db-credentials/password)"',
        'flyway -url="$(params.db-url)" migrate',
      ].join('\n'),
      timeout: Duration.minutes(15),
    }],
  });
  task.mountCredentials(kplus.Secret.fromSecretName(c, 'db', 'db-dynamic-secret'), '/etc/db-credentials');
  return { c, task };
}

describe('Task', () => {
  test('S2 flyway task snapshot', () => {
    const { c } = flywayTask();
    expectValid(c);
    expect(Testing.synth(c)).toMatchSnapshot();
  });

  test('every step is hardened, with resources, a hashbang and read-only credentials', () => {
    const { c } = flywayTask();
    const [task] = Testing.synth(c);
    expect(task.apiVersion).toBe('tekton.dev/v1');
    const step = task.spec.steps[0];
    expect(step.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(step.computeResources).toEqual({ limits: { cpu: '1000m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(step.script.startsWith('#!/bin/sh\nset -e\n')).toBe(true);
    expect(step.timeout).toBe('15m0s');
    expect(step.env).toBeUndefined();
    expect(step.volumeMounts).toEqual([
      { name: 'writable-tmp', mountPath: '/tmp' },
      { name: 'credentials-db-dynamic-secret', mountPath: '/etc/db-credentials', readOnly: true },
    ]);
    expect(task.spec.volumes).toEqual([
      { name: 'writable-tmp', emptyDir: {} },
      { name: 'credentials-db-dynamic-secret', secret: { secretName: 'db-dynamic-secret', defaultMode: 0o440 } },
    ]);
    expect(task.spec.params).toEqual([{ name: 'db-url', type: 'string', description: 'JDBC URL of the database' }]);
  });

  test('the full feature set: params, results, workspaces, sidecars, step template, items, overrides', () => {
    const c = chart();
    const task = new Task(c, 'build', {
      metadata: { name: 'build' },
      displayName: 'Build',
      writablePaths: ['/tmp', '/home/app/.cache'],
      defaultResources: { memory: { limit: Size.gibibytes(1) } },
      runAsUser: 1000,
      runAsGroup: 3000,
      params: [
        { name: 'flags', type: ParamType.ARRAY, default: ParamValue.array(['-v']) },
        { name: 'mode', allowedValues: ['fast', 'safe'], default: ParamValue.string('safe') },
      ],
      results: [{ name: 'digest', description: 'image digest' }],
      workspaces: [
        { name: 'source', description: 'sources' },
        { name: 'cache', readOnly: false, optional: true, mountPath: '/cache' },
      ],
      stepTemplate: { env: { HOME: kplus.EnvValue.fromValue('/home/app') }, workingDir: '$(workspaces.source.path)' },
      steps: [
        { name: 'compile', image: ALPINE, command: ['make'], args: ['$(params.flags[*])', 'MODE=$(params.mode)'], onError: OnError.CONTINUE },
      ],
    });
    task.addStep({
      name: 'report',
      image: ALPINE,
      script: '#!/bin/bash\necho -n sha > $(results.digest.path)',
      resources: { cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.units(2) } },
      runAsUser: 2000,
      env: { MODE: kplus.EnvValue.fromValue('$(params.mode)') },
      envFromConfigMaps: [kplus.ConfigMap.fromConfigMapName(c, 'cm', 'build-settings')],
    });
    task.addSidecar({ name: 'registry', image: ALPINE, command: ['registry', 'serve'] });
    task.mountCredentials(kplus.Secret.fromSecretName(c, 'push', 'registry-push'), '/etc/registry', {
      items: { '.dockerconfigjson': 'config.json' },
      defaultMode: 0o400,
      steps: ['report'],
    });
    expectValid(c);
    const spec = Testing.synth(c)[0].spec;
    expect(spec).toMatchSnapshot();
    expect(spec.steps[0].volumeMounts.map((m: any) => m.name)).toEqual(['writable-tmp', 'writable-home-app-cache']);
    expect(spec.steps[1].volumeMounts.map((m: any) => m.name)).toContain('credentials-registry-push');
    expect(spec.sidecars[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.sidecars[0].volumeMounts.map((m: any) => m.name)).not.toContain('credentials-registry-push');
    expect(spec.steps[1].computeResources).toEqual({ limits: { cpu: '2', memory: '1024Mi' }, requests: { cpu: '50m', memory: '128Mi' } });
    expect(spec.steps[1].securityContext.runAsUser).toBe(2000);
    expect(spec.steps[1].script).toBe('#!/bin/bash\necho -n sha > $(results.digest.path)');
    expect(spec.workspaces).toEqual([
      { name: 'source', description: 'sources', readOnly: true },
      { name: 'cache', mountPath: '/cache', readOnly: false, optional: true },
    ]);
    expect(spec.params[1].enum).toEqual(['fast', 'safe']);
  });

  test('object params: conformant, but tekton-lint 1.1.0 does not know them', () => {
    const c = chart();
    new Task(c, 'obj', {
      params: [{ name: 'target', type: ParamType.OBJECT, properties: ['os', 'arch'], default: ParamValue.object({ os: 'linux', arch: 'amd64' }) }],
      steps: [{ name: 'run', image: ALPINE, args: ['$(params.target.os)'] }],
    });
    expectConformant(c);
    const spec = Testing.synth(c)[0].spec;
    expect(spec.params[0]).toEqual({ name: 'target', type: 'object', default: { arch: 'amd64', os: 'linux' }, properties: { arch: { type: 'string' }, os: { type: 'string' } } });
    // The linter predates object params (Tekton beta): it reports the type and the key reference, nothing else.
    expect(tektonLint(c).filter(p => p.level === 'error').map(p => p.rule).sort()).toEqual(['no-invalid-param-type', 'no-undefined-param']);
  });

  test('steps added after construction still render', () => {
    const c = chart();
    const task = new Task(c, 'late', { writablePaths: [] });
    task.addParam({ name: 'msg' });
    task.addResult({ name: 'out' });
    task.addWorkspace({ name: 'data' });
    task.addStep({ name: 'echo', image: ALPINE, script: 'echo "$(params.msg)" > $(results.out.path); ls $(workspaces.data.path)' });
    expectValid(c);
    const spec = Testing.synth(c)[0].spec;
    expect(spec.steps[0].volumeMounts).toBeUndefined();
    expect(spec.volumes).toBeUndefined();
  });

  test('writable paths get distinct volume names', () => {
    const c = chart();
    new Task(c, 'w', { writablePaths: ['/var/a.b', '/var/a-b', '/home/App/.Cache'], steps: [{ name: 'run', image: ALPINE, script: 'true' }] });
    expectValid(c);
    expect(Testing.synth(c)[0].spec.volumes.map((v: any) => v.name)).toEqual(['writable-var-a-b', 'writable-var-a-b-2', 'writable-home-app-cache']);
  });

  testWithShared('an acknowledged secret env var renders', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 's', 'legacy');
    new Task(c, 'legacy', {
      steps: [{
        name: 'run',
        image: ALPINE,
        script: 'legacy-tool',
        env: { API_KEY: kplus.EnvValue.fromSecretValue({ secret, key: 'api-key' }) },
        acknowledgeSecretEnv: 'legacy-tool reads only its environment; the key is rotated by redeploying',
      }],
    });
    // Kyverno's disallow-secrets-from-env-vars still reports it: acknowledged, not hidden.
    expect(() => expectValid(c)).toThrow(/secrets-not-from-env-vars/);
    expect(Testing.synth(c)[0].spec.steps[0].env).toEqual([{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'legacy', key: 'api-key' } } }]);
  });

  test('Task.fromTaskName', () => {
    const c = chart();
    const imported = Task.fromTaskName(c, 'git-clone', 'git-clone');
    expect([imported.name, imported.kind, imported.apiVersion]).toEqual(['git-clone', 'Task', 'tekton.dev/v1']);
    expect(() => Task.fromTaskName(c, 'bad', 'Git_Clone')).toThrow(/Task name "Git_Clone" must be a DNS-1123 subdomain of at most 63/);
  });

  test('TaskSpec getters return copies', () => {
    const spec = new TaskSpec({ params: [{ name: 'a' }], steps: [{ name: 's', image: ALPINE, script: 'true' }] });
    spec.paramSpecs.push({ name: 'b' });
    expect(spec.paramSpecs.map(p => p.name)).toEqual(['a']);
    expect(spec.stepNames).toEqual(['s']);
  });

  test('tekton-lint without our hashbang default would warn', () => {
    const c = chart();
    new Task(c, 't', { steps: [{ name: 's', image: ALPINE, script: 'true' }] });
    const manifests = Testing.synth(c);
    manifests[0].spec.steps[0].script = 'true';
    expect(tektonLint(manifests).map(p => p.rule)).toContain('no-missing-hashbang');
  });
});

describe('param references (property)', () => {
  test('a script is accepted exactly when every $(params.x) it uses is declared', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}(\.[a-z0-9]{1,3})?$/);
    fc.assert(fc.property(fc.uniqueArray(name, { maxLength: 4 }), fc.array(name, { maxLength: 4 }), fc.constantFrom('', '[*]', '[0]'), (declared, used, suffix) => {
      const script = used.map(u => `echo "$(params.${u}${suffix})"`).join('\n') || 'true';
      const build = () => new TaskSpec({ params: declared.map(n => ({ name: n })), steps: [{ name: 's', image: ALPINE, script }] });
      if (used.every(u => declared.includes(u))) {
        expect(build).not.toThrow();
      } else {
        expect(build).toThrow(/but no such param is declared/);
      }
    }));
  });
});

describe('Task errors', () => {
  const step = { name: 'run', image: ALPINE, script: 'true' };

  test('fails on a step reading a secret through env, explaining why', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 's', 'db');
    expect(() => new Task(c, 't', { steps: [{ ...step, env: { PW: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } }] }))
      .toThrow(/step 'run' reads secret 'db' key 'password' into env var 'PW': an env var is fixed when the pod starts, so a rotated or revoked credential goes stale.*kubectl describe.*mountCredentials/);
  });

  test('fails on envFrom a secret', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 's', 'db');
    expect(() => new Task(c, 't', { steps: [{ ...step, envFromSecrets: [secret] }] })).toThrow(/step 'run' loads secret 'db' with envFrom: an env var is fixed/);
  });

  test('fails on a blank acknowledgement', () => {
    const c = chart();
    expect(() => new Task(c, 't', { steps: [{ ...step, acknowledgeSecretEnv: 'ok' }] })).toThrow(/'acknowledgeSecretEnv' \("ok"\) is not a written reason/);
  });

  test('fails on secret env vars in the step template', () => {
    const c = chart();
    const secret = kplus.Secret.fromSecretName(c, 's', 'db');
    expect(() => new Task(c, 't', { stepTemplate: { env: { PW: kplus.EnvValue.fromSecretValue({ secret, key: 'pw' }) } }, steps: [step] }))
      .toThrow(/stepTemplate reads secret 'db'/);
  });

  test('fails on duplicate or invalid step names', () => {
    const c = chart();
    expect(() => new Task(c, 't1', { steps: [step, step] })).toThrow(/step 'run' is defined twice/);
    expect(() => new Task(c, 't2', { steps: [{ ...step, name: 'Run' }] })).toThrow(/'step 'Run' name' \("Run"\) must be a DNS-1123 label/);
    expect(() => new Task(c, 't3', { steps: [step], sidecars: [{ ...step, name: 'tekton-log-results' }] })).toThrow(/sidecar 'tekton-log-results' uses a name Tekton reserves/);
  });

  test('fails on script with command, an empty script, a relative workingDir', () => {
    const c = chart();
    expect(() => new Task(c, 't1', { steps: [{ ...step, command: ['sh'] }] })).toThrow(/sets both 'script' and 'command'/);
    expect(() => new Task(c, 't2', { steps: [{ ...step, script: '  ' }] })).toThrow(/step 'run' 'script' is empty/);
    expect(() => new Task(c, 't3', { steps: [{ ...step, workingDir: 'src' }] })).toThrow(/'workingDir' \("src"\) must be an absolute path/);
  });

  test('fails on undeclared params, results and workspaces', () => {
    const c = chart();
    expect(() => new Task(c, 't1', { steps: [{ ...step, script: 'echo $(params.nope)' }] }))
      .toThrow(/step 'run' script refers to \$\(params.nope\) but no such param is declared \(declared: none\); declare it first/);
    expect(() => new Task(c, 't2', { params: [{ name: 'o', type: ParamType.OBJECT, properties: ['a'] }], steps: [{ ...step, args: ['$(params.o.b)'] }] }))
      .toThrow(/step 'run' args refers to \$\(params.o.b\)/);
    expect(() => new Task(c, 't3', { steps: [{ ...step, script: 'echo > $(results.x.path)' }] })).toThrow(/writes \$\(results.x.path\) but no result 'x' is declared/);
    expect(() => new Task(c, 't4', { steps: [{ ...step, script: 'ls $(workspaces.src.path)' }] })).toThrow(/no workspace 'src' is declared/);
    expect(() => new Task(c, 't5', { stepTemplate: { workingDir: '$(params.dir)' }, steps: [step] })).toThrow(/stepTemplate workingDir refers to \$\(params.dir\)/);
  });

  test('fails on bad param and result declarations', () => {
    const c = chart();
    const make = (id: string, props: any) => () => new Task(c, id, { ...props, steps: [step] });
    expect(make('p1', { params: [{ name: '1x' }] })).toThrow(/task param name "1x" is invalid/);
    expect(make('p2', { params: [{ name: 'a' }, { name: 'a' }] })).toThrow(/param 'a' is declared twice/);
    expect(make('p3', { params: [{ name: 'a', type: ParamType.ARRAY, default: ParamValue.string('x') }] })).toThrow(/param 'a' has type array but its default is string/);
    expect(make('p4', { params: [{ name: 'o', type: ParamType.OBJECT }] })).toThrow(/object param 'o' needs 'properties'/);
    expect(make('p5', { params: [{ name: 'o', type: ParamType.OBJECT, properties: ['a.b'] }] })).toThrow(/key "a.b" is invalid/);
    expect(make('p6', { params: [{ name: 'o', type: ParamType.OBJECT, properties: ['a'], default: ParamValue.object({ b: '1' }) }] })).toThrow(/default has keys b not declared/);
    expect(make('p7', { params: [{ name: 's', properties: ['a'] }] })).toThrow(/'properties' is only for ParamType.OBJECT/);
    expect(make('p8', { params: [{ name: 's', allowedValues: [] }] })).toThrow(/'allowedValues' needs a string param/);
    expect(make('p9', { params: [{ name: 's', allowedValues: ['a'], default: ParamValue.string('b') }] })).toThrow(/default "b" is not one of its allowedValues/);
    expect(make('r1', { results: [{ name: '-r' }] })).toThrow(/task result name "-r" is invalid/);
    expect(make('r2', { results: [{ name: 'r' }, { name: 'r' }] })).toThrow(/result 'r' is declared twice/);
    expect(make('r3', { results: [{ name: 'r', type: ParamType.OBJECT }] })).toThrow(/object result 'r' needs 'properties'/);
    expect(make('r4', { results: [{ name: 'r', properties: ['a'] }] })).toThrow(/result 'r' is string: 'properties'/);
  });

  test('fails on bad workspaces and mount paths', () => {
    const c = chart();
    const make = (id: string, props: any) => () => new Task(c, id, { ...props, steps: [step] });
    expect(make('w1', { workspaces: [{ name: 'a' }, { name: 'a' }] })).toThrow(/workspace 'a' is declared twice/);
    expect(make('w2', { workspaces: [{ name: 'a', mountPath: '/tmp/a' }] })).toThrow(/workspace 'a' mountPath \("\/tmp\/a"\) overlaps \/tmp/);
    expect(make('w3', { writablePaths: ['tmp'] })).toThrow(/'writablePaths' entry "tmp" \("tmp"\) must be an absolute path/);
    expect(make('w4', { writablePaths: ['/tekton/results'] })).toThrow(/is under \/tekton\//);
    expect(make('w5', { writablePaths: ['/workspace/x'] })).toThrow(/is under \/workspace, which Tekton already provides/);
    expect(make('w6', { writablePaths: ['/tmp', '/tmp/'] })).toThrow(/overlaps \/tmp/);
  });

  test('fails on bad credential mounts', () => {
    const c = chart();
    const task = new Task(c, 't', { steps: [step] });
    const secret = kplus.Secret.fromSecretName(c, 's', 'db');
    expect(() => task.mountCredentials(secret, '/etc/db', { defaultMode: 0o644 })).toThrow(/'defaultMode' \(0o644\) may only grant read to owner and group/);
    expect(() => task.mountCredentials(secret, '/etc/db', { items: {} })).toThrow(/'items' is empty/);
    expect(() => task.mountCredentials(secret, '/etc/db', { items: { pw: '../pw' } })).toThrow(/item 'pw' path "..\/pw" must be a relative path/);
    expect(() => task.mountCredentials(secret, '/etc/db', { steps: ['nope'] })).toThrow(/'steps' names 'nope', which is not a step \(steps: run\)/);
    expect(() => task.mountCredentials(secret, '/tmp/db')).toThrow(/overlaps \/tmp/);
    task.mountCredentials(secret, '/etc/db');
    expect(() => task.mountCredentials(secret, '/etc/db2')).toThrow(/secret 'db' is already mounted/);
  });

  test('fails on bad ids and resources', () => {
    const c = chart();
    expect(() => new Task(c, 'u1', { runAsUser: 0, steps: [step] })).toThrow(/'runAsUser' \(0\) must be a non-zero user id/);
    expect(() => new Task(c, 'u2', { steps: [{ ...step, runAsGroup: -1 }] })).toThrow(/'runAsGroup' \(-1\) must be a group id/);
    expect(() => new Task(c, 'c1', { steps: [{ ...step, resources: { cpu: { request: kplus.Cpu.units(2) } } }] })).toThrow(/step 'run' CPU request 2 is above its limit 1000m/);
    expect(() => new Task(c, 'm1', { defaultResources: { memory: { request: Size.gibibytes(1) } }, steps: [step] })).toThrow(/memory request 1024Mi is above its limit 512Mi/);
    expect(() => new Task(c, 'm2', { steps: [{ ...step, resources: { memory: { limit: Size.kibibytes(1) } } }] })).toThrow(/memory \(0.0009765625Mi\) must be a positive whole number of mebibytes/);
    expect(() => new Task(c, 'e1', { steps: [{ ...step, resources: { ephemeralStorage: { limit: Size.gibibytes(1) } } }] })).toThrow(/'resources.ephemeralStorage' is not supported/);
    expect(() => new Task(c, 'env', { steps: [{ ...step, env: { '1X': kplus.EnvValue.fromValue('a') } }] })).toThrow(/env var name "1X" is invalid/);
    expect(() => new Task(c, 'to', { steps: [{ ...step, timeout: Duration.seconds(0) }] })).toThrow(/'step 'run' timeout' \(0s\) must be positive/);
  });

  test('fails to synthesize a Task without steps', () => {
    const c = chart();
    new Task(c, 'empty');
    expect(() => Testing.synth(c)).toThrow(/a Task needs at least one step/);
    const app = c.node.scope as any;
    expect(() => app.synth()).toThrow(/a Task needs at least one step/);
  });

  test('fails on a Task name too long for Tekton', () => {
    const c = chart();
    expect(() => new Task(c, 't', { metadata: { name: 'a'.repeat(64) }, steps: [step] })).toThrow(/Task name "a{64}" must be a DNS-1123 subdomain of at most 63 characters/);
  });

  test('fails on a digest-less image in a requireDigest task added later', () => {
    const c = chart();
    const task = new Task(c, 't', { requireDigest: true, steps: [step] });
    expect(() => task.addSidecar({ name: 'side', image: ImageReference.tag('docker.io/library/redis', '7.4') })).toThrow(/sidecar 'side' image 'docker.io\/library\/redis:7.4' is pinned by tag only/);
  });
});
