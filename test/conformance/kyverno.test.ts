import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateKyverno, KyvernoFinding, KyvernoPolicy, loadKyvernoPolicies, podsOf } from './kyverno';

const POLICY_DIR = path.resolve(__dirname, '../../../shared/policies/kyverno');
const POLICIES_AVAILABLE = fs.existsSync(POLICY_DIR);
const SKIP_REASON = `skipped: ${POLICY_DIR} is missing (the upstream Kyverno policies live in ../shared beside the project)`;

const DIGEST_IMAGE = `registry.example.com/app@sha256:${'a'.repeat(64)}`;
const HARDENED_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
const RESOURCES = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
const CREDS_VOLUME = { name: 'creds', secret: { secretName: 'app-creds' } };
const CREDS_MOUNT = { name: 'creds', mountPath: '/var/run/secrets/app', readOnly: true };

const hardenedPodSpec = () => ({
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{
    name: 'app',
    image: DIGEST_IMAGE,
    securityContext: HARDENED_SECURITY_CONTEXT,
    resources: RESOURCES,
    volumeMounts: [CREDS_MOUNT],
    env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
  }],
  volumes: [CREDS_VOLUME],
});
const pod = (spec: object, name = 'app') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'apps' }, spec });

const badPod = pod({
  hostNetwork: true,
  containers: [{
    name: 'web',
    image: 'nginx:latest',
    env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    envFrom: [{ secretRef: { name: 'db' } }],
    volumeMounts: [{ name: 'host', mountPath: '/host' }],
  }],
  volumes: [{ name: 'host', hostPath: { path: '/' } }],
}, 'bad');

/** A Tekton v1 Task whose steps leave securityContext and resources to the stepTemplate. */
const task = (steps: object[], extra: object = {}) => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'Task',
  metadata: { name: 'build', namespace: 'ci' },
  spec: {
    stepTemplate: { securityContext: HARDENED_SECURITY_CONTEXT, computeResources: RESOURCES, volumeMounts: [CREDS_MOUNT] },
    steps,
    volumes: [CREDS_VOLUME],
    ...extra,
  },
});

const NET_RAW_QUIRK = 'drop-cap-net-raw/require-drop-cap-net-raw (quirk)';
/** `policy/rule`, marked when it is a quirk: enough to compare against expectations. */
const summary = (findings: KyvernoFinding[]) => findings.map(f => `${f.policy}/${f.rule}${f.quirk ? ' (quirk)' : ''}`);
const policyNames = (findings: KyvernoFinding[]) => [...new Set(findings.map(f => f.policy))].sort();

describe('podsOf', () => {
  test('a Pod is its own pod; workloads give their pod template; other objects none', () => {
    const spec = hardenedPodSpec();
    expect(podsOf(pod(spec))).toEqual([{ name: 'Pod/app', pod: pod(spec) }]);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec } } };
    expect(podsOf(deployment)).toEqual([{
      name: 'Deployment/web',
      pod: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'web' }, name: 'web', namespace: 'apps' }, spec },
    }]);
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { jobTemplate: { spec: { template: { spec } } } } };
    expect(podsOf(cronJob).map(p => p.pod.spec)).toEqual([spec]);
    expect(podsOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} })).toEqual([]);
    // Same kind name, other group: not a workload we know how to expand.
    expect(podsOf({ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec } } })).toEqual([]);
  });

  test('Tekton Task: steps merged with the stepTemplate as Tekton does, sidecars left alone', () => {
    const [{ name, pod: taskPod }] = podsOf(task(
      [
        { name: 'compile', image: DIGEST_IMAGE, script: 'make' },
        { image: DIGEST_IMAGE, securityContext: { runAsUser: 1000, capabilities: { drop: ['NET_RAW'] } }, computeResources: { limits: { memory: '1Gi' } } },
      ],
      { sidecars: [{ name: 'db', image: DIGEST_IMAGE }] },
    ));
    expect(name).toBe('Task/build');
    expect(taskPod.spec.volumes).toEqual([CREDS_VOLUME]);
    expect(taskPod.spec.containers).toEqual([
      { name: 'step-compile', image: DIGEST_IMAGE, securityContext: HARDENED_SECURITY_CONTEXT, resources: RESOURCES, volumeMounts: [CREDS_MOUNT] },
      {
        name: 'step-unnamed-1',
        image: DIGEST_IMAGE,
        // Maps merge key by key; the capabilities.drop list is the step's.
        securityContext: { ...HARDENED_SECURITY_CONTEXT, runAsUser: 1000, capabilities: { drop: ['NET_RAW'] } },
        resources: { requests: RESOURCES.requests, limits: { cpu: '500m', memory: '1Gi' } },
        volumeMounts: [CREDS_MOUNT],
      },
      { name: 'sidecar-db', image: DIGEST_IMAGE },
    ]);
  });

  test('env merges by name in the order of Tekton\'s own merge_test (merge-env-by-step)', () => {
    const secret = { secretKeyRef: { name: 'A_NAME', key: 'A_KEY' } };
    const [{ pod: taskPod }] = podsOf({
      apiVersion: 'tekton.dev/v1',
      kind: 'Task',
      metadata: { name: 't' },
      spec: {
        stepTemplate: { env: [{ name: 'KEEP_THIS', value: 'A_VALUE' }, { name: 'SOME_KEY_1', valueFrom: secret }, { name: 'SOME_KEY_2', value: 'VALUE_2' }] },
        steps: [{ name: 's', image: 'x', env: [{ name: 'NEW_KEY', value: 'A_VALUE' }, { name: 'SOME_KEY_1', value: 'VALUE_1' }, { name: 'SOME_KEY_2', valueFrom: secret }] }],
      },
    });
    expect(taskPod.spec.containers[0].env).toEqual([
      { name: 'NEW_KEY', value: 'A_VALUE' },
      { name: 'KEEP_THIS', value: 'A_VALUE' },
      { name: 'SOME_KEY_1', value: 'VALUE_1' },
      { name: 'SOME_KEY_2', valueFrom: secret },
    ]);
  });

  test('TaskRun takes the podTemplate; Pipeline and PipelineRun give one pod per inline task', () => {
    const taskSpec = task([{ name: 's', image: DIGEST_IMAGE }]).spec;
    const taskRun = {
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: { name: 'run-1', namespace: 'ci' },
      spec: { taskSpec, podTemplate: { securityContext: { runAsNonRoot: true }, volumes: [{ name: 'cache', emptyDir: {} }] } },
    };
    const [{ pod: runPod }] = podsOf(taskRun);
    expect(runPod.spec.securityContext).toEqual({ runAsNonRoot: true });
    expect(runPod.spec.volumes).toEqual([CREDS_VOLUME, { name: 'cache', emptyDir: {} }]);

    const pipelineSpec = {
      tasks: [{ name: 'build', taskSpec }, { name: 'deploy', taskRef: { name: 'deploy' } }, { name: 'wait', taskSpec: { apiVersion: 'example.dev/v1', kind: 'Wait', spec: {} } }],
      finally: [{ name: 'notify', taskSpec }],
    };
    expect(podsOf({ apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, spec: pipelineSpec }).map(p => p.name))
      .toEqual(['Pipeline/p/build', 'Pipeline/p/notify']);
    const run = podsOf({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'pr' },
      spec: {
        pipelineSpec,
        taskRunTemplate: { podTemplate: { hostNetwork: true } },
        taskRunSpecs: [{ pipelineTaskName: 'notify', podTemplate: { hostNetwork: false } }],
      },
    });
    expect(run.map(p => [p.name, p.pod.spec.hostNetwork])).toEqual([['PipelineRun/pr/build', true], ['PipelineRun/pr/notify', false]]);
  });
});

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

/** A directory holding one ClusterPolicy `p` with one rule `r` matching Pods, extended by `rule`. */
const policyDir = (rule: object) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyverno-'));
  tempDirs.push(dir);
  const policy = { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, ...rule }] } };
  fs.writeFileSync(path.join(dir, 'p.yaml'), JSON.stringify(policy));
  return dir;
};

describe('evaluation semantics (synthetic policy)', () => {
  const messages = (rule: object, object: any = pod(hardenedPodSpec())) =>
    evaluateKyverno(object, loadKyvernoPolicies(policyDir(rule))).map(f => f.message);

  test('variables are lazy, evaluated in order, and fail only the expressions that use them', () => {
    const cel = {
      variables: [
        { name: 'broken', expression: 'object.spec.nope' },
        { name: 'user', expression: 'object.spec.securityContext.runAsUser' },
        { name: 'tooEarly', expression: 'variables.later' },
        { name: 'later', expression: 'true' },
      ],
      expressions: [
        { expression: 'type(variables.user) == int && variables.user == 10001', message: 'JSON integers are CEL ints' },
        { expression: 'variables.broken == 1', message: 'uses broken' },
        { expression: 'variables.tooEarly', message: 'uses a later variable' },
      ],
    };
    expect(messages({ validate: { cel } })).toEqual([
      expect.stringMatching(/^evaluation error .*; expression's message: uses broken$/),
      expect.stringMatching(/^evaluation error .*; expression's message: uses a later variable$/),
    ]);
  });

  test('messageExpression, then message, then validate.message, then the expression', () => {
    const cel = {
      expressions: [
        { expression: 'false', messageExpression: "'pod ' + object.metadata.name", message: 'static' },
        { expression: 'false', message: 'static' },
        { expression: 'false' },
      ],
    };
    expect(messages({ validate: { message: 'rule message', cel } })).toEqual(['pod app', 'static', 'rule message']);
    expect(messages({ validate: { cel: { expressions: [{ expression: ' 1 == 2 ' }] } } })).toEqual(['failed expression: 1 == 2']);
  });

  test('CEL preconditions, exclude and operations decide whether the rule applies', () => {
    const failing = { validate: { cel: { expressions: [{ expression: 'request.operation != "CREATE"', message: 'x' }] } } };
    expect(messages(failing)).toEqual(['x']);
    expect(messages({ ...failing, celPreconditions: [{ name: 'never', expression: 'object.metadata.name == "other"' }] })).toEqual([]);
    expect(messages({ ...failing, exclude: { any: [{ resources: { kinds: ['Pod'] } }] } })).toEqual([]);
    expect(messages({ ...failing, match: { any: [{ resources: { kinds: ['Pod'], operations: ['UPDATE'] } }] } })).toEqual([]);
  });
});

describe('loadKyvernoPolicies on unsupported shapes', () => {
  const write = policyDir;

  test.each([
    ['a pattern validation', { validate: { pattern: { spec: {} } } }, /spec\.rules\[0\]\.validate\.pattern/],
    ['JMESPath preconditions', { preconditions: { all: [] }, validate: { cel: { expressions: [{ expression: 'true' }] } } }, /spec\.rules\[0\]\.preconditions/],
    ['a mutate rule', { mutate: {} }, /spec\.rules\[0\]\.mutate/],
    ['CEL that does not compile', { validate: { cel: { expressions: [{ expression: 'object.spec.(' }] } } }, /does not compile/],
  ])('%s throws', (_what, rule, error) => {
    expect(() => loadKyvernoPolicies(write(rule))).toThrow(error);
  });

  test('namespace filters in match throw', () => {
    const dir = write({ validate: { cel: { expressions: [{ expression: 'true' }] } } });
    const file = path.join(dir, 'p.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"kinds":["Pod"]', '"kinds":["Pod"],"namespaces":["prod"]'));
    expect(() => loadKyvernoPolicies(dir)).toThrow(/resources\.namespaces/);
  });
});

if (!POLICIES_AVAILABLE) {
  // eslint-disable-next-line no-console
  console.warn(SKIP_REASON);
}

(POLICIES_AVAILABLE ? describe : describe.skip)(`upstream Kyverno CEL policies${POLICIES_AVAILABLE ? '' : ` (${SKIP_REASON})`}`, () => {
  let policies: KyvernoPolicy[];
  beforeAll(() => {
    policies = loadKyvernoPolicies(POLICY_DIR);
  });
  const evaluate = (object: any) => evaluateKyverno(object, policies);

  test('all 30 policies load, each rule matching Pods or RBAC kinds', () => {
    expect(policies).toHaveLength(30);
    const kinds = new Set(policies.flatMap(p => p.rules.flatMap(r => r.match.any!.flatMap(f => f.kinds))));
    expect([...kinds].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Pod', 'Role', 'RoleBinding']);
  });

  test('a hardened Pod fails only the NET_RAW quirk', () => {
    expect(summary(evaluate(pod(hardenedPodSpec())))).toEqual([NET_RAW_QUIRK]);
  });

  test('a bad Pod fails the expected policies', () => {
    const findings = evaluate(badPod);
    expect(policyNames(findings)).toEqual([
      'disallow-capabilities-strict',
      'disallow-host-namespaces',
      'disallow-host-path',
      'disallow-latest-tag',
      'disallow-privilege-escalation',
      'drop-all-capabilities',
      'drop-cap-net-raw',
      'require-image-checksum',
      'require-requests-limits',
      'require-ro-rootfs',
      'require-run-as-nonroot',
      'restrict-volume-types',
      'secrets-not-from-env-vars',
    ]);
    // It drops nothing, so NET_RAW is a real finding here, not the quirk.
    expect(findings.filter(f => f.quirk)).toEqual([]);
    // `nginx:latest` has a tag, so only the second disallow-latest-tag expression fails.
    expect(findings.filter(f => f.policy === 'disallow-latest-tag').map(f => f.message)).toEqual(["Using a mutable image tag e.g. 'latest' is not allowed."]);
  });

  test('a secret in an env var is a finding by evaluation error (the documented quirk), envFrom by false', () => {
    const spec = hardenedPodSpec();
    spec.containers[0].env.push({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } } as any);
    const findings = evaluate(pod(spec)).filter(f => f.policy === 'secrets-not-from-env-vars');
    expect(findings).toEqual([{
      policy: 'secrets-not-from-env-vars',
      rule: 'secrets-not-from-env-vars',
      message: expect.stringMatching(/^evaluation error .*; expression's message: Secrets must be mounted as volumes, not as environment variables\.$/),
    }]);
    expect(summary(evaluate(badPod)).filter(s => s.startsWith('secrets-not-from-env-vars'))).toHaveLength(2);
  });

  test('the NET_RAW quirk is marked only when every failing container drops ALL', () => {
    const spec = hardenedPodSpec();
    spec.containers.push({ ...spec.containers[0], name: 'other', securityContext: { ...HARDENED_SECURITY_CONTEXT, capabilities: { drop: ['SYS_ADMIN'] } } });
    expect(evaluate(pod(spec)).filter(f => f.policy === 'drop-cap-net-raw')).toEqual([expect.not.objectContaining({ quirk: expect.anything() })]);
    spec.containers[1].securityContext = { ...HARDENED_SECURITY_CONTEXT, capabilities: { drop: ['ALL', 'NET_RAW'] } };
    expect(summary(evaluate(pod(spec)))).toEqual([NET_RAW_QUIRK]);
    // Naming NET_RAW explicitly next to ALL satisfies both drop policies.
    spec.containers[0].securityContext = spec.containers[1].securityContext;
    expect(evaluate(pod(spec))).toEqual([]);
  });

  test('a Deployment of the hardened pod is judged like the Pod', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' }, spec: { template: { spec: hardenedPodSpec() } } };
    expect(summary(evaluate(deployment))).toEqual([NET_RAW_QUIRK]);
  });

  test('a Tekton Task whose stepTemplate carries the securityContext and resources is judged like the hardened Pod', () => {
    const steps = [{ name: 'compile', image: DIGEST_IMAGE, script: 'make' }, { name: 'test', image: DIGEST_IMAGE, securityContext: { runAsUser: 1000 } }];
    expect(summary(evaluate(task(steps)))).toEqual([NET_RAW_QUIRK]);
  });

  test('a Task step with :latest is caught, and so is a sidecar (the stepTemplate does not apply to it)', () => {
    const latest = evaluate(task([{ name: 'migrate', image: 'flyway/flyway:latest' }]));
    expect(latest).toContainEqual({ policy: 'disallow-latest-tag', rule: 'require-and-validate-image-tag', message: "Using a mutable image tag e.g. 'latest' is not allowed." });
    expect(policyNames(latest)).toEqual(['disallow-latest-tag', 'drop-cap-net-raw', 'require-image-checksum']);

    const sidecar = evaluate(task([{ name: 's', image: DIGEST_IMAGE }], { sidecars: [{ name: 'db', image: DIGEST_IMAGE }] }));
    expect(policyNames(sidecar)).toEqual(expect.arrayContaining(['disallow-privilege-escalation', 'require-run-as-nonroot', 'require-requests-limits']));
  });

  test('in a Pipeline, findings name the task pod they come from', () => {
    const good = task([{ name: 's', image: DIGEST_IMAGE }]).spec;
    const bad = task([{ name: 's', image: 'alpine:latest' }]).spec;
    const pipeline = { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, spec: { tasks: [{ name: 'build', taskSpec: good }], finally: [{ name: 'cleanup', taskSpec: bad }] } };
    const findings = evaluate(pipeline).filter(f => !f.quirk);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every(f => f.message.startsWith('Pipeline/p/cleanup: '))).toBe(true);
  });

  test('RBAC: a ClusterRoleBinding to cluster-admin and a Role with * verbs and secrets get/list are caught', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'deployer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'spiffe://example.org/ns/ci/sa/deployer' }],
    };
    expect(summary(evaluate(binding))).toEqual(['restrict-binding-clusteradmin/clusteradmin-bindings']);

    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'too-much', namespace: 'ci' },
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ],
    };
    expect(summary(evaluate(role)).sort()).toEqual([
      'restrict-escalation-verbs-roles/escalate',
      'restrict-secret-role-verbs/secret-verbs',
      'restrict-wildcard-resources/wildcard-resources',
      'restrict-wildcard-verbs/wildcard-verbs',
    ]);

    const leastPrivilege = { ...role, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] };
    expect(evaluate(leastPrivilege)).toEqual([]);
    // Served objects always carry `rules` (null when empty), so an aggregated ClusterRole without rules passes.
    expect(evaluate({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [] } })).toEqual([]);
  });

  test('objects that run no pod and match no policy give no findings', () => {
    expect(evaluate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } })).toEqual([]);
  });
});
