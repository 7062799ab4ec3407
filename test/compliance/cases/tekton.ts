import { Case } from './case';

/** Cases of ZT-TKN1: a Tekton run must not outlive the rotating credential it reads. */

const NS = { namespace: 'ci' };
const role = (ttl: string) => ({
  apiVersion: 'redhatcop.redhat.io/v1alpha1',
  kind: 'DatabaseSecretEngineRole',
  metadata: { name: 'app', ...NS },
  spec: { path: 'database', name: 'app', defaultTTL: ttl, maxTTL: ttl },
});
const generator = { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'VaultDynamicSecret', metadata: { name: 'app-db', ...NS }, spec: { path: 'database/creds/app', provider: { server: 'https://vault:8200' } } };
const externalSecret = (spec: any = {}) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'app-db', ...NS },
  spec: { refreshInterval: '15m', target: { name: 'app-db' }, dataFrom: [{ sourceRef: { generatorRef: { kind: 'VaultDynamicSecret', name: 'app-db' } } }], ...spec },
});
const task = { apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 'migrate', ...NS }, spec: { volumes: [{ name: 'db', secret: { secretName: 'app-db' } }], steps: [{ name: 'm', image: 'x' }] } };
const pipeline = (entry: any) => ({ apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p', ...NS }, spec: { tasks: [{ name: 'migrate', taskRef: { name: 'migrate' }, ...entry }] } });
const taskRun = (spec: any) => ({ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', metadata: { name: 'tr', ...NS }, spec: { serviceAccountName: 'sa', ...spec } });
const pipelineRun = (spec: any) => ({ apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'pr', ...NS }, spec });
const workspacePipeline = { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'wp', ...NS }, spec: { tasks: [{ name: 'use', taskRef: { name: 'other' }, workspaces: [{ name: 'db', workspace: 'creds' }], timeout: '1h' }] } };

export const TEKTON_CASES: Record<string, Case> = {
  'ZT-TKN1': {
    // a 31m lease renewed every 15m leaves a starting run 15m
    others: [role('31m'), generator, externalSecret(), task, workspacePipeline],
    compliant: [
      pipeline({ timeout: '15m0s' }),
      taskRun({ taskRef: { name: 'migrate' }, timeout: '10m' }),
    ],
    nonCompliant: [
      { manifest: pipeline({ timeout: '2h' }), finding: /^pipeline task 'migrate' may run for 2h, longer than the credential it reads through Task 'migrate' is sure to live: Secret 'app-db' \(ExternalSecret 'app-db' renews VaultDynamicSecret 'app-db' every 15m0s; lease 31m0s from DatabaseSecretEngineRole 'app'\), with at least 15m0s left when a run starts; set the timeout to at most 15m0s, or lengthen the lease to at least 2h16m0s/ },
      { manifest: pipeline({}), finding: /^pipeline task 'migrate' has no timeout, so it may outlive the credential it reads through Task 'migrate'/ },
      { manifest: pipeline({ timeout: '0s' }), finding: /may run for ever \(timeout 0s\)/ },
      { manifest: pipeline({ timeout: 'soon' }), finding: /has timeout "soon", which is not a Go duration/ },
      { manifest: pipeline({ timeout: '20m', taskRef: undefined, taskSpec: task.spec }), finding: /may run for 20m, longer than the credential it reads through its inline taskSpec .*renew it at least every 10m0s/ },
      { manifest: taskRun({ taskRef: { name: 'migrate' } }), finding: /^may run for 1h0m0s \(Tekton's default timeout\)/ },
      { manifest: taskRun({ taskRef: { name: 'other' }, timeout: '1h', workspaces: [{ name: 'db', secret: { secretName: 'app-db' } }] }), finding: /through workspace 'db'/ },
      { manifest: pipelineRun({ pipelineRef: { name: 'wp' }, workspaces: [{ name: 'creds', secret: { secretName: 'app-db' } }] }), finding: /^pipeline task 'use' may run for 1h, longer than the credential it reads through workspace 'creds'/ },
      { manifest: pipelineRun({ pipelineSpec: pipeline({ timeout: '1h' }).spec }), finding: /^pipeline task 'migrate' may run for 1h/ },
    ],
    notApplicable: [
      // runs of Tasks that read no rotating credential
      pipeline({ taskRef: { name: 'unknown' } }),
      taskRun({ taskRef: { name: 'other' } }),
      pipelineRun({ pipelineRef: { name: 'p' } }),
      task,
      // a Task in another namespace is another Task
      { ...pipeline({ timeout: '2h' }), metadata: { name: 'p', namespace: 'other' } },
    ],
  },
};
