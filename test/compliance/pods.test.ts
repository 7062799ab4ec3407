import * as fc from 'fast-check';
import { goodContainer, goodPod, goodTask, IMAGE } from './fixtures';
import { knativeRevision, knativeService, pipelineRunOfRef, podTemplateObject, rollout, RUN_POD_TEMPLATE, scaledJob, stepAction, taskRunOfRef, workflow } from './pod-kinds';
import { parseGoDuration } from '../../src/compliance/manifest';
import { isPodKind, podSpecPatchesOf, podsOf, unreadPodTemplates } from '../../src/compliance/pods';
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
    expect(pod.identityFromRun).toBe(true);
  });

  test('one pod per inline pipeline task, with the run pod template; custom tasks run none, referenced ones the run template', () => {
    const taskSpec = goodTask().spec;
    const run = {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'r' },
      spec: {
        taskRunTemplate: { podTemplate: { securityContext: { runAsNonRoot: true } } },
        pipelineSpec: {
          tasks: [
            { name: 'a', taskSpec }, { name: 'b', taskRef: { name: 'elsewhere' } }, { name: 'c', taskSpec: { apiVersion: 'x/v1', kind: 'Custom' } },
            { name: 'd', taskRef: { apiVersion: 'example.dev/v1', kind: 'Wait' } },
          ],
          finally: [{ name: 'z', taskSpec }],
        },
      },
    };
    const pods = podsOf(run);
    expect(pods.map(p => p.containers[0].where)).toEqual(['task a: step migrate', 'task b: every step', 'task z: step migrate']);
    expect(pods.map(p => p.partial)).toEqual([false, true, false]);
    expect(pods[0].spec.securityContext).toEqual({ runAsNonRoot: true });
    expect(pods[1].spec).toEqual({ securityContext: { runAsNonRoot: true } });
    const taskRun = { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 't' }, spec: { taskSpec, podTemplate: { hostNetwork: true } } };
    expect(podsOf(taskRun)[0].spec.hostNetwork).toBe(true);
    // a Pipeline without a run: referenced tasks are judged as themselves
    expect(podsOf({ apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, spec: run.spec.pipelineSpec }).map(p => p.where)).toEqual(['task a: ', 'task z: ']);
  });

  test('an embedded task spec with only a kind is no custom task (Tekton needs apiVersion and kind)', () => {
    const taskSpec = { ...goodTask().spec, kind: 'Looks-Custom' };
    const pipeline = { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, spec: { tasks: [{ name: 'a', taskSpec }] } };
    expect(podsOf(pipeline).map(p => p.containers[0].where)).toEqual(['task a: step migrate']);
  });

  test('pipelines in pipelines: the inner pipeline\'s inline tasks run pods', () => {
    const inner = { tasks: [{ name: 'build', taskSpec: goodTask().spec }] };
    const pipeline = { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, spec: { tasks: [{ name: 'outer', pipelineSpec: inner }] } };
    expect(podsOf(pipeline).map(p => p.containers[0].where)).toEqual(['task outer: task build: step migrate']);
  });

  test('a TaskRun of a referenced Task: its pod template, and one partial container for every step', () => {
    const env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'ci', key: 'token' } } }];
    const [pod] = podsOf(taskRunOfRef(o => { o.spec.podTemplate.hostNetwork = true; o.spec.podTemplate.env = env; }));
    expect(pod).toEqual({
      where: '',
      spec: { ...RUN_POD_TEMPLATE, hostNetwork: true, env },
      containers: [{ where: 'every step', container: { env } }],
      metadata: {},
      identityFromRun: true,
      partial: true,
    });
    expect(podsOf(taskRunOfRef(o => delete o.spec.podTemplate))[0].spec).toEqual({});
    // v1beta1 runs carry the pod template at spec.podTemplate too
    expect(podsOf({ ...taskRunOfRef(), apiVersion: 'tekton.dev/v1beta1' })[0].spec).toEqual(RUN_POD_TEMPLATE);
  });

  test('the pod template env reaches every step of an inline task, after the step\'s own', () => {
    const taskRun = { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 't' }, spec: { taskSpec: goodTask(s => { s.steps[0].env = [{ name: 'A', value: '1' }]; }).spec, podTemplate: { env: [{ name: 'B', value: '2' }] } } };
    expect(podsOf(taskRun)[0].containers[0].container.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  });

  test('a PipelineRun of a referenced Pipeline: the run template, and each taskRunSpecs entry merged over it', () => {
    const pods = podsOf(pipelineRunOfRef(o => {
      o.spec.taskRunTemplate.podTemplate.volumes = [{ name: 'cache', emptyDir: {} }, { name: 'tmp', emptyDir: {} }];
      o.spec.taskRunSpecs = [
        { pipelineTaskName: 'build', podTemplate: { hostNetwork: true, volumes: [{ name: 'cache', hostPath: { path: '/cache' } }] } },
        { pipelineTaskName: 'test', serviceAccountName: 'tester' },
      ];
    }));
    expect(pods.map(p => p.where)).toEqual(['every task: ', 'task build: ']);
    expect(pods[1].spec).toEqual({
      ...RUN_POD_TEMPLATE, hostNetwork: true, volumes: [{ name: 'cache', hostPath: { path: '/cache' } }, { name: 'tmp', emptyDir: {} }],
    });
    // a base hostNetwork sticks, as in Tekton's MergePodTemplateWithDefault
    const sticky = podsOf(pipelineRunOfRef(o => {
      o.spec.taskRunTemplate.podTemplate.hostNetwork = true;
      o.spec.taskRunSpecs = [{ pipelineTaskName: 'build', podTemplate: { hostNetwork: false, nodeSelector: { a: 'b' } } }];
    }));
    expect(sticky[1].spec.hostNetwork).toBe(true);
    // v1beta1: spec.podTemplate and taskRunSpecs[].taskPodTemplate
    const beta = podsOf({ apiVersion: 'tekton.dev/v1beta1', kind: 'PipelineRun', metadata: { name: 'r' }, spec: { pipelineRef: { name: 'p' }, podTemplate: { hostNetwork: true }, taskRunSpecs: [{ pipelineTaskName: 'x', taskPodTemplate: { volumes: [{ name: 'v', hostPath: { path: '/' } }] } }] } });
    expect(beta.map(p => p.spec)).toEqual([{ hostNetwork: true }, { hostNetwork: true, volumes: [{ name: 'v', hostPath: { path: '/' } }] }]);
  });

  test('a StepAction is one partial step', () => {
    const action = stepAction();
    const [pod] = podsOf(action);
    expect(pod.partial).toBe(true);
    expect(pod.identityFromRun).toBe(true);
    expect(pod.spec).toEqual({});
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].where).toBe('step action git-clone');
    const { image, script, securityContext } = action.spec;
    expect(pod.containers[0].container).toMatchObject({ image, script, securityContext });
    expect(pod.containers[0].container.params).toBeUndefined();
  });

  test('ClusterTask (v1beta1) is a Task', () => {
    expect(podsOf({ ...goodTask(), apiVersion: 'tekton.dev/v1beta1', kind: 'ClusterTask' })[0].containers[0].where).toBe('step migrate');
  });

  test('PodTemplate, Rollout, Knative, KEDA ScaledJob and the extensions group read their pod templates', () => {
    const spec = goodPod().spec;
    for (const o of [podTemplateObject(), rollout(), knativeService(), scaledJob()]) {
      const [pod] = podsOf(o);
      expect({ kind: o.kind, containers: pod.containers.map(c => c.where), sa: pod.spec.serviceAccountName }).toEqual({ kind: o.kind, containers: ['container app'], sa: 'app' });
    }
    expect(podsOf(knativeService())[0].metadata).toEqual({ annotations: { 'autoscaling.knative.dev/max-scale': '3' } });
    expect(podsOf(knativeRevision())[0].spec).toEqual(spec);
    expect(podsOf({ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'c' }, spec: { template: { spec } } })[0].spec).toBe(spec);
    expect(podsOf({ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec } } })[0].spec).toBe(spec);
    // a Rollout with a workloadRef runs the referenced Deployment's pods, judged as that Deployment
    expect(podsOf(rollout(o => { delete o.spec.template; o.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }; }))).toEqual([]);
    // KEDA's ScaledObject scales something else; a core Service runs nothing
    expect(podsOf({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 's' }, spec: { scaleTargetRef: { name: 'web' } } })).toEqual([]);
    expect(podsOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { template: { spec } } })).toEqual([]);
  });

  test('pods carry their template metadata (AppArmor annotations of a CronJob)', () => {
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { metadata: { annotations }, spec: goodPod().spec } } } } };
    expect(podsOf(cronJob)[0].metadata).toEqual({ annotations });
    expect(podsOf(goodPod())[0].metadata).toEqual({ name: 'app', namespace: 'team' });
  });

  describe('Argo Workflows', () => {
    test('one pod per container, script, containerSet and resource template; steps and dag run none', () => {
      const wf = workflow(o => {
        o.spec.templates.push(
          { name: 'steps', steps: [[{ name: 's', template: 'main' }]] },
          { name: 'py', script: { ...goodContainer('py'), source: 'print(1)' }, initContainers: [goodContainer('init')], sidecars: [goodContainer('proxy')] },
          { name: 'set', containerSet: { containers: [goodContainer('a'), goodContainer('b')] } },
          { name: 'apply', resource: { action: 'create', manifest: 'kind: ConfigMap' } },
          { name: 'dag', dag: { tasks: [] } },
        );
      });
      const pods = podsOf(wf);
      expect(pods.map(p => [p.where, ...p.containers.map(c => c.where)])).toEqual([
        ['template main: ', 'template main: container main'],
        ['template py: ', 'template py: initContainer init', 'template py: container py', 'template py: sidecar proxy'],
        ['template set: ', 'template set: container a', 'template set: container b'],
        ['template apply: '],
      ]);
      expect(pods[1].containers[2].container.source).toBeUndefined();
      expect(pods.every(p => p.identityFromRun === false && p.partial === false)).toBe(true);
    });

    test('pod-level settings: the template\'s, else the workflow\'s; hostNetwork and volumes of the workflow reach every template', () => {
      const wf = workflow(o => {
        o.spec.hostNetwork = true;
        o.spec.volumes = [{ name: 'shared', emptyDir: {} }];
        o.spec.podMetadata = { annotations: { a: '1' } };
        o.spec.templates[0].securityContext = { runAsUser: 0 };
        o.spec.templates[0].serviceAccountName = 'main-sa';
        o.spec.templates[0].volumes = [{ name: 'own', emptyDir: {} }];
        o.spec.templates[0].metadata = { annotations: { b: '2' } };
      });
      const [pod] = podsOf(wf);
      expect(pod.spec).toEqual({
        hostNetwork: true,
        securityContext: { runAsUser: 0 },
        serviceAccountName: 'main-sa',
        automountServiceAccountToken: false,
        volumes: [{ name: 'shared', emptyDir: {} }, { name: 'own', emptyDir: {} }],
      });
      expect(pod.metadata.annotations).toEqual({ a: '1', b: '2' });
    });

    test('templateDefaults: those of the template\'s type are merged under it (the container as a container)', () => {
      const wf = workflow(o => {
        o.spec.templateDefaults = { container: { securityContext: { privileged: true }, env: [{ name: 'A', value: '1' }] }, script: { securityContext: { runAsUser: 0 } }, sidecars: [goodContainer('mesh')] };
        o.spec.templates[0].container.env = [{ name: 'B', value: '2' }];
      });
      const [pod] = podsOf(wf);
      expect(pod.containers.map(c => c.where)).toEqual(['template main: container main', 'template main: sidecar mesh']);
      const main = pod.containers[0].container;
      expect(main.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: false });
      expect(main.env).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    });

    test('CronWorkflow reads spec.workflowSpec; WorkflowTemplates leave the identity to the submitting Workflow', () => {
      expect(podsOf(workflow(() => {}, 'CronWorkflow')).map(p => p.where)).toEqual(['template main: ']);
      expect(podsOf(workflow(() => {}, 'WorkflowTemplate'))[0].identityFromRun).toBe(true);
      expect(podsOf(workflow(() => {}, 'ClusterWorkflowTemplate'))[0].identityFromRun).toBe(true);
      expect(podsOf(workflow(() => {}, 'Workflow'))[0].identityFromRun).toBe(false);
    });

    test('a workflowTemplateRef: one partial pod with the workflow\'s settings', () => {
      const wf = workflow(o => { o.spec.templates = undefined; o.spec.workflowTemplateRef = { name: 'shared' }; o.spec.hostNetwork = true; });
      expect(podsOf(wf)).toEqual([{
        where: 'every template: ',
        spec: { hostNetwork: true, securityContext: wf.spec.securityContext, serviceAccountName: 'app', automountServiceAccountToken: false },
        containers: [{ where: 'every template: every container', container: {} }],
        metadata: {},
        identityFromRun: false,
        partial: true,
      }]);
    });

    test('podSpecPatch strings are listed for ZT-POD11', () => {
      const wf = workflow(o => {
        o.spec.podSpecPatch = '{"hostPID":true}';
        o.spec.templates[0].podSpecPatch = 'hostIPC: true';
        o.spec.artifactGC = { podSpecPatch: 'x' };
      });
      expect(podSpecPatchesOf(wf)).toEqual(['spec.podSpecPatch', 'spec.artifactGC.podSpecPatch', 'spec.templates[0].podSpecPatch']);
      expect(podSpecPatchesOf(workflow(o => { o.spec.workflowSpec.templateDefaults = { podSpecPatch: 'x' }; }, 'CronWorkflow'))).toEqual(['spec.workflowSpec.templateDefaults.podSpecPatch']);
      expect(podSpecPatchesOf(goodPod())).toEqual([]);
    });
  });

  test('other kinds run no pod', () => {
    expect(podsOf({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual([]);
    expect(podsOf({ apiVersion: 'tekton.dev/v1', kind: 'TaskRun' })).toEqual([]);
    expect(podsOf({ apiVersion: 'tekton.dev/v1', kind: 'CustomRun', spec: { customRef: { apiVersion: 'x/v1', kind: 'Wait' } } })).toEqual([]);
    expect(podsOf({ apiVersion: 'apps.example.com/v1', kind: 'Deployment', spec: { template: { spec: goodPod().spec } } })).toEqual([]);
    expect(podsOf(null)).toEqual([]);
    expect(isPodKind(rollout())).toBe(true);
    expect(isPodKind({ apiVersion: 'v1', kind: 'Service' })).toBe(false);
  });

  test('the pods of an object are computed once', () => {
    const o = workflow();
    expect(podsOf(o)).toBe(podsOf(o));
  });

  test('malformed objects never throw', () => {
    const kinds = ['Pod', 'PodTemplate', 'Deployment', 'CronJob', 'Task', 'TaskRun', 'Pipeline', 'PipelineRun', 'StepAction', 'Rollout', 'Workflow', 'CronWorkflow', 'Service', 'Revision', 'ScaledJob'];
    const groups = ['v1', 'apps/v1', 'batch/v1', 'tekton.dev/v1', 'argoproj.io/v1alpha1', 'serving.knative.dev/v1', 'keda.sh/v1alpha1'];
    fc.assert(fc.property(fc.constantFrom(...kinds), fc.constantFrom(...groups), fc.anything(), fc.anything(), (kind, apiVersion, spec, tpl) => {
      const o = { apiVersion, kind, spec, template: tpl };
      podsOf(o);
      unreadPodTemplates(o);
      podSpecPatchesOf(o);
    }));
  });
});

describe('unreadPodTemplates', () => {
  test('walks unknown kinds only, and names every pod template it finds', () => {
    const containers = [{ name: 'a', image: 'nginx' }];
    const csv = {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'ClusterServiceVersion',
      metadata: { name: 'op' },
      spec: { install: { strategy: 'deployment', spec: { deployments: [{ name: 'op', spec: { template: { spec: { containers, initContainers: containers } } } }] } } },
    };
    expect(unreadPodTemplates(csv)).toEqual({ templates: ['spec.install.spec.deployments[0].spec.template.spec.containers'] });
    expect(unreadPodTemplates({ apiVersion: 'example.com/v1', kind: 'Thing', spec: { a: { containers }, b: [{ containers }] } })).toEqual({ templates: ['spec.a.containers', 'spec.b[0].containers'] });
    // containers without images are overrides of someone else's pod, not a pod template
    expect(unreadPodTemplates({ apiVersion: 'example.com/v1', kind: 'Thing', spec: { containers: [{ name: 'a', resources: {} }] } })).toEqual({ templates: [] });
  });

  test('known pod kinds, kinds known to run none, and pod-less API groups are not walked', () => {
    const values = { spec: { containers: [{ name: 'x', image: 'nginx' }] } };
    expect(unreadPodTemplates(rollout())).toBeUndefined();
    expect(unreadPodTemplates({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec: { source: { helm: { valuesObject: values } } } })).toBeUndefined();
    expect(unreadPodTemplates({ apiVersion: 'v1', kind: 'ConfigMap', data: values })).toBeUndefined();
    expect(unreadPodTemplates({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', spec: values })).toBeUndefined();
    expect(unreadPodTemplates({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', spec: { rules: [{ validate: { pattern: values } }] } })).toBeUndefined();
  });

  test('the walk skips metadata and status, and says where it stopped when an object is too deep or too large', () => {
    const pod = { containers: [{ name: 'a', image: 'nginx' }] };
    let deep: any = pod;
    for (let i = 0; i < 11; i++) deep = { x: deep };
    expect(unreadPodTemplates({ apiVersion: 'example.com/v1', kind: 'Thing', spec: deep })).toEqual({ templates: [`spec${'.x'.repeat(11)}.containers`] });
    expect(unreadPodTemplates({ apiVersion: 'example.com/v1', kind: 'Thing', spec: { x: deep } })).toEqual({ templates: [], stoppedAt: `spec${'.x'.repeat(12)}` });
    expect(unreadPodTemplates({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { annotations: pod }, status: pod })).toEqual({ templates: [] });
    const wide = { apiVersion: 'example.com/v1', kind: 'Thing', spec: { items: Array.from({ length: 100_000 }, () => ({ a: 1 })), later: pod } };
    expect(unreadPodTemplates(wide)).toEqual({ templates: [], stoppedAt: 'spec.items[4998]' });
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
