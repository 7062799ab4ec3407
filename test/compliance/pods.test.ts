import * as fc from 'fast-check';
import { goodContainer, goodPod, goodTask, IMAGE } from './fixtures';
import { parseGoDuration } from '../../src/compliance/manifest';
import { podsOf } from '../../src/compliance/pods';
import { imageTag } from '../../src/compliance/rules/image-pinned';

const template = (spec: any) => ({ metadata: { labels: { app: 'x' } }, spec });

describe('podsOf', () => {
  test('reads pod templates of workloads', () => {
    const spec = goodPod().spec;
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template(spec) } };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: template(spec) } } } };
    expect(podsOf(deployment)[0].spec).toBe(spec);
    expect(podsOf(cronJob)[0].containers.map(c => c.where)).toEqual(['container app']);
  });

  test('lists init, regular and ephemeral containers', () => {
    const pod = goodPod('p', s => {
      s.initContainers = [goodContainer('init')];
      s.ephemeralContainers = [goodContainer('debug')];
    });
    expect(podsOf(pod)[0].containers.map(c => c.where)).toEqual(['initContainer init', 'container app', 'ephemeralContainer debug']);
  });

  test('merges Tekton steps with the stepTemplate; sidecars get no template', () => {
    const task = goodTask(s => {
      s.stepTemplate.env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
      s.steps[0].env = [{ name: 'B', value: 'step' }];
      s.steps[0].securityContext = { runAsUser: 2000 };
      s.sidecars = [{ name: 'proxy', image: IMAGE }];
    });
    const [pod] = podsOf(task);
    const [step, sidecar] = pod.containers;
    expect(step.where).toBe('step migrate');
    expect(step.container.env).toEqual([{ name: 'B', value: 'step' }, { name: 'A', value: '1' }]);
    expect(step.container.securityContext).toMatchObject({ runAsUser: 2000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(step.container.resources).toEqual(task.spec.stepTemplate.computeResources);
    expect(step.container.script).toBeDefined();
    expect(sidecar).toEqual({ where: 'sidecar proxy', container: { name: 'proxy', image: IMAGE } });
    expect(pod.tekton).toBe(true);
  });

  test('one pod per inline pipeline task, with the run pod template; custom and referenced tasks run none', () => {
    const taskSpec = goodTask().spec;
    const run = {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'r' },
      spec: {
        taskRunTemplate: { podTemplate: { securityContext: { runAsNonRoot: true } } },
        pipelineSpec: {
          tasks: [{ name: 'a', taskSpec }, { name: 'b', taskRef: { name: 'elsewhere' } }, { name: 'c', taskSpec: { apiVersion: 'x/v1', kind: 'Custom' } }],
          finally: [{ name: 'z', taskSpec }],
        },
      },
    };
    const pods = podsOf(run);
    expect(pods.map(p => p.containers[0].where)).toEqual(['task a: step migrate', 'task z: step migrate']);
    expect(pods[0].spec.securityContext).toEqual({ runAsNonRoot: true });
    const taskRun = { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 't' }, spec: { taskSpec, podTemplate: { hostNetwork: true } } };
    expect(podsOf(taskRun)[0].spec.hostNetwork).toBe(true);
  });

  test('other kinds run no pod', () => {
    expect(podsOf({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual([]);
    expect(podsOf({ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', spec: { taskRef: { name: 'x' } } })).toEqual([]);
    expect(podsOf(null)).toEqual([]);
  });
});

describe('parseGoDuration', () => {
  test('parses Go durations', () => {
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('1h0m0s')).toBe(3_600_000);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('0')).toBe(0);
  });

  test('rejects what Go rejects', () => {
    for (const bad of ['', '1', '1d', 'h', '1h x', ' 1h', 3600, undefined]) expect(parseGoDuration(bad)).toBeUndefined();
  });

  test('round-trips any h/m/s combination', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(59), fc.nat(59), (h, m, s) => {
      expect(parseGoDuration(`${h}h${m}m${s}s`)).toBe(((h * 60 + m) * 60 + s) * 1000);
    }));
  });

  test('never throws', () => {
    fc.assert(fc.property(fc.string(), s => {
      const ms = parseGoDuration(s);
      expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true);
    }));
  });
});

describe('imageTag', () => {
  const segment = fc.stringMatching(/^[a-z0-9]{1,10}$/);
  const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);

  test('finds the tag after a registry port and a path', () => {
    fc.assert(fc.property(segment, fc.integer({ min: 1, max: 65535 }), segment, tag, (host, port, repo, t) => {
      expect(imageTag(`${host}.example.com:${port}/${repo}:${t}`)).toBe(t);
      expect(imageTag(`${host}.example.com:${port}/${repo}`)).toBeUndefined();
      expect(imageTag(`${repo}:${t}@sha256:${'0'.repeat(64)}`)).toBe(t);
    }));
  });
});
