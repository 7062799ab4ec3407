import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as ts from 'typescript';
import * as zt from '../../src';
import { CompliancePack, WorkloadHardening } from '../../src';
import { expectConformant } from '../conformance/harness';

const IMAGE = `registry.example.com/app@sha256:${'d'.repeat(64)}`;

const KINDS: Array<[string, (chart: Chart) => kplus.AbstractPod]> = [
  ['Deployment', chart => new kplus.Deployment(chart, 'w', { containers: [{ image: IMAGE }] })],
  ['StatefulSet', chart => new kplus.StatefulSet(chart, 'w', { containers: [{ image: IMAGE, portNumber: 8080 }] })],
  ['DaemonSet', chart => new kplus.DaemonSet(chart, 'w', { containers: [{ image: IMAGE }] })],
  ['Job', chart => new kplus.Job(chart, 'w', { containers: [{ image: IMAGE }] })],
  ['CronJob', chart => new kplus.CronJob(chart, 'w', { schedule: Cron.daily(), containers: [{ image: IMAGE }] })],
  ['Pod', chart => new kplus.Pod(chart, 'w', { containers: [{ image: IMAGE }] })],
];

function ruleIds(chart: Chart): string[] {
  return new CompliancePack().evaluate(chart).findings.map(f => f.ruleId);
}

describe('WorkloadHardening', () => {
  test.each(KINDS)('a default cdk8s-plus %s fails the pack, and passes it with zero findings once hardened', (_kind, make) => {
    const plain = Testing.chart();
    make(plain);
    expect(ruleIds(plain)).toEqual(expect.arrayContaining(['ZT-POD3', 'ZT-POD5', 'ZT-SA1']));

    const chart = Testing.chart();
    const workload = make(chart);
    workload.addInitContainer({ name: 'init', image: IMAGE });
    const serviceAccount = WorkloadHardening.apply(workload);
    expect(new CompliancePack().evaluate(chart).findings).toEqual([]);
    expect(serviceAccount).toBeInstanceOf(kplus.ServiceAccount);
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('keeps the container resources, user, added capabilities and Localhost profile; fills what is missing', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'api', {
      metadata: { namespace: 'team-a' },
      containers: [{
        name: 'api',
        image: IMAGE,
        resources: {
          cpu: { limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(64) },
          ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
        },
        securityContext: {
          user: 1000,
          group: 1000,
          capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] },
          seccompProfile: { type: kplus.SeccompProfileType.LOCALHOST, localhostProfile: 'profiles/api.json' },
        },
      }],
    });
    WorkloadHardening.apply(deployment, { cpuRequest: kplus.Cpu.millis(250), memoryLimit: Size.mebibytes(512) });
    const manifests = Testing.synth(chart);
    const container = manifests.find(m => m.kind === 'Deployment').spec.template.spec.containers[0];
    expect(container.resources).toEqual({
      limits: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '2Gi' },
      requests: { 'cpu': '250m', 'memory': '64Mi', 'ephemeral-storage': '1Gi' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/api.json' },
    });
    const sa = manifests.find(m => m.kind === 'ServiceAccount');
    expect(sa.metadata.namespace).toBe('team-a');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(new CompliancePack().evaluate(chart).findings).toEqual([]);
    expectConformant(chart);
  });

  test('keeps a service account the workload already has, and replaces the namespace default', () => {
    const chart = Testing.chart();
    const own = new kplus.ServiceAccount(chart, 'own', { automountToken: false });
    const withOwn = new kplus.Deployment(chart, 'a', { serviceAccount: own, containers: [{ image: IMAGE }] });
    expect(WorkloadHardening.apply(withOwn)).toBe(own);
    const named = new kplus.Deployment(chart, 'b', {
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'default-sa', 'default'),
      containers: [{ image: IMAGE }],
    });
    const created = WorkloadHardening.apply(named);
    expect(created.name).not.toBe('default');
    const manifests = Testing.synth(chart);
    expect(manifests.filter(m => m.kind === 'Deployment').map(m => m.spec.template.spec.serviceAccountName)).toEqual([own.name, created.name]);
    expect(new CompliancePack().evaluate(chart).findings).toEqual([]);
    expectConformant(chart);
  });

  test('escape hatch: the created ServiceAccount is a cdk8s-plus object under the workload', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'w', { containers: [{ image: IMAGE }] });
    const sa = WorkloadHardening.apply(deployment) as kplus.ServiceAccount;
    ApiObject.of(sa).metadata.addLabel('team', 'a');
    expect(Testing.synth(chart).find(m => m.kind === 'ServiceAccount').metadata.labels).toEqual({ team: 'a' });
    expectConformant(chart);
  });

  describe('errors', () => {
    test('refuses a container added after apply at synthesis', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const deployment = new kplus.Deployment(chart, 'w', { containers: [{ image: IMAGE }] });
      WorkloadHardening.apply(deployment);
      deployment.addContainer({ name: 'late', image: IMAGE });
      expect(() => app.synth()).toThrow(/\[test\/w\] container\(s\) late added after WorkloadHardening.apply are not hardened; call apply after the last addContainer/);
    });

    test('refuses a second apply', () => {
      const chart = Testing.chart();
      const deployment = new kplus.Deployment(chart, 'w', { containers: [{ image: IMAGE }] });
      WorkloadHardening.apply(deployment);
      expect(() => WorkloadHardening.apply(deployment)).toThrow(/^test\/w: the workload is hardened already; call WorkloadHardening.apply once per workload$/);
    });

    test('refuses a memory request above the limit', () => {
      const chart = Testing.chart();
      const deployment = new kplus.Deployment(chart, 'w', { containers: [{ image: IMAGE }] });
      expect(() => WorkloadHardening.apply(deployment, { memoryRequest: Size.gibibytes(1), memoryLimit: Size.mebibytes(256) }))
        .toThrow(/^test\/w: 'memoryRequest' \(1024Mi\) exceeds 'memoryLimit' \(256Mi\); a request must not exceed its limit$/);
    });

    test('refuses a container running as user 0', () => {
      const chart = Testing.chart();
      const deployment = new kplus.Deployment(chart, 'w', { containers: [{ name: 'app', image: IMAGE, securityContext: { user: 0, ensureNonRoot: false } }] });
      expect(() => WorkloadHardening.apply(deployment)).toThrow(/^test\/w: container app sets user 0 \(root\); a hardened container runs as a non-zero uid$/);
    });

    test('refuses a kind without a known pod template', () => {
      const chart = Testing.chart();
      const deployment = new kplus.Deployment(chart, 'w', { containers: [{ image: IMAGE }] });
      Object.defineProperty(ApiObject.of(deployment), 'kind', { value: 'ReplicaSet' });
      expect(() => WorkloadHardening.apply(deployment)).toThrow(/^test\/w: cannot harden a ReplicaSet: supported kinds are Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob$/);
    });
  });
});

describe('README: hardened workload with a read-only ExternalSecret', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Hardened workloads'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1];

  test('the exact code synthesizes and passes the pack with zero findings', () => {
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-readme-'));
    let app: any;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cdk8s = require('cdk8s');
    const modules: Record<string, any> = {
      'cdk8s': { ...cdk8s, App: class extends cdk8s.App { constructor(props: any) { super({ ...props, outdir }); app = this; } } },
      'cdk8s-plus-28': kplus,
      'cdk8s-zero-trust': zt,
    };
    const module = { exports: {} };
    new Function('require', 'exports', 'module', js)((name: string) => modules[name], module.exports, module);
    expect(app).toBeDefined();
    const report = new CompliancePack().evaluate(app!);
    expect(report.findings).toEqual([]);
    const deployment = app!.charts[0].toJson().find((m: any) => m.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].volumeMounts).toEqual([expect.objectContaining({ mountPath: '/var/run/secrets/db', readOnly: true })]);
    expect(fs.readdirSync(outdir)).toEqual(['team-a.k8s.yaml']);
    expectConformant(app!);
  });
});
