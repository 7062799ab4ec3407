import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { synthErrors } from './synth-errors';
import { CompliancePack, RuleCompliance } from '../../src/compliance';
import { tektonCredentialLifetime } from '../../src/compliance/rules/tekton-credential-lifetime';
import { DataFromSource, ExternalSecret, VaultAuth } from '../../src/external-secrets';
import { Generator, VaultDynamicSecret } from '../../src/generators';
import { CredentialDelivery, DynamicDatabaseCredentials } from '../../src/patterns';
import {
  ImageReference, Pipeline, PipelineRun, Task, TaskRun, TaskSpec, WorkspaceBinding,
} from '../../src/tekton';
import { DatabaseSecretEngineRole, IDatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultOperatorAuthentication, VaultPolicy } from '../../src/vault';
import { expectConformant } from '../conformance/harness';

/**
 * A Tekton run must not outlive the database credential it reads, whichever way the chain was built: through
 * `DynamicDatabaseCredentials` or from the lower-level constructs (DatabaseSecretEngineRole, VaultDynamicSecret,
 * ExternalSecret, a Task mounting the Secret), and whichever way the Task reads the Secret (its own volume, an inline
 * taskSpec, a workspace binding).
 */

const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', `sha256:${'a'.repeat(64)}`, { tag: '11.3.0' });
const CREATE = ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'];

interface Setup {
  readonly app: App;
  readonly chart: Chart;
  readonly auth: VaultOperatorAuthentication;
  readonly pipelineSa: kplus.ServiceAccount;
}

function setup(): Setup {
  const app = Testing.app();
  const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const pipelineSa = new kplus.ServiceAccount(chart, 'pipeline-sa', { metadata: { name: 'pipeline-sa' }, automountToken: false });
  return { app, chart, pipelineSa, auth: { role: 'vault-admin', serviceAccount: operator } };
}

function migrationTask(chart: Chart, name = 'migrate'): Task {
  return new Task(chart, `task-${name}`, { metadata: { name }, runAsUser: 1000, steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }] });
}

/**
 * S2 rebuilt by hand, as the issue did: a 15-minute database role, its policy and login role, a generator reading it
 * and an ExternalSecret (default refresh: half the declared lifetime, 7m30s) whose Secret the Task mounts.
 */
function handBuilt(s: Setup, options: { role?: IDatabaseSecretEngineRole; declaredLifetime?: Duration } = {}) {
  const role = options.role ?? new DatabaseSecretEngineRole(s.chart, 'db-role', {
    metadata: { name: 'app-migrate' }, authentication: s.auth, dbName: 'app-postgres', creationStatements: CREATE, defaultTTL: Duration.minutes(15),
  });
  const policy = new VaultPolicy(s.chart, 'policy', { metadata: { name: 'app-migrate' }, authentication: s.auth, policyName: 'app-migrate' });
  role.grantRead(policy);
  const login = new KubernetesAuthEngineRole(s.chart, 'login', {
    metadata: { name: 'app-migrate-login' },
    authentication: s.auth,
    serviceAccounts: [s.pipelineSa],
    audience: 'vault',
    policies: [policy],
    tokenTTL: Duration.minutes(15),
  });
  const generator = new VaultDynamicSecret(s.chart, 'generator', {
    metadata: { name: 'app-db' },
    path: role.credsPath,
    maxLifetime: options.declaredLifetime ?? role.leaseTtl ?? Duration.minutes(15),
    outputKeys: ['username', 'password'],
    provider: {
      server: 'https://vault.vault.svc:8200',
      auth: VaultAuth.kubernetes({ role: login.roleName, serviceAccount: s.pipelineSa, audiences: ['vault'] }),
    },
  });
  const externalSecret = new ExternalSecret(s.chart, 'es', { metadata: { name: 'app-db' } });
  externalSecret.addDataFrom(DataFromSource.generator(generator));
  return { role, generator, externalSecret };
}

function pipelineWith(s: Setup, task: { task?: Task; taskSpec?: TaskSpec }, timeout: Duration | undefined, name = 'db-migration'): Pipeline {
  const pipeline = new Pipeline(s.chart, `pipeline-${name}`, { metadata: { name } });
  pipeline.addTask('migrate', { ...task, timeout });
  return pipeline;
}

const LEASE_15M = /Secret 'app-db' \(ExternalSecret 'app-db' renews VaultDynamicSecret 'app-db' every 7m30s; lease 15m0s from DatabaseSecretEngineRole 'app-migrate'\), with at least 6m30s left when a run starts/;

describe('a 2-hour pipeline with 15-minute database credentials fails synthesis', () => {
  test('through DynamicDatabaseCredentials', () => {
    const s = setup();
    const task = migrationTask(s.chart);
    const creds = new DynamicDatabaseCredentials(s.chart, 'db', {
      task,
      taskTimeout: Duration.minutes(15),
      serviceAccount: s.pipelineSa,
      vault: { server: 'https://vault.vault.svc:8200', authentication: s.auth },
      database: { dbName: 'app-postgres', creationStatements: CREATE },
    });
    pipelineWith(s, { task }, Duration.hours(2));
    expect(creds.credentialTtl.toSeconds()).toBe(31 * 60);
    expect(synthErrors(s.app)).toMatch(/pipeline task 'migrate' of Pipeline 'db-migration' may run for 2h0m0s, longer than the credential it reads through Task 'migrate' is sure to live: Secret 'migrate' \(ExternalSecret 'migrate' renews VaultDynamicSecret 'migrate' every 15m0s; lease 31m0s from DatabaseSecretEngineRole 'migrate'\), with at least 15m0s left when a run starts; set the timeout to at most 15m0s, or lengthen the lease to at least 2h16m0s/);
  });

  test('through the lower-level constructs: role, generator, ExternalSecret and a Task mounting the Secret', () => {
    const s = setup();
    const { externalSecret } = handBuilt(s);
    const task = migrationTask(s.chart);
    task.mountCredentials(externalSecret.secret, '/etc/db');
    pipelineWith(s, { task }, Duration.hours(2));
    const errors = synthErrors(s.app);
    expect(errors).toMatch(/pipeline task 'migrate' of Pipeline 'db-migration' may run for 2h0m0s, longer than the credential it reads through Task 'migrate' is sure to live/);
    expect(errors).toMatch(LEASE_15M);
    expect(errors).toMatch(/set the timeout to at most 6m30s, or lengthen the lease to at least 2h8m30s \(the timeout \+ the refresh interval 7m30s \+ 1m0s for ESO and kubelet delays\)/);
  });

  test('a timeout equal to the lease is refused too: a run starting before a refresh gets what is left', () => {
    const s = setup();
    const { externalSecret } = handBuilt(s);
    const task = migrationTask(s.chart);
    task.mountCredentials(externalSecret.secret, '/etc/db');
    pipelineWith(s, { task }, Duration.minutes(15));
    expect(synthErrors(s.app)).toMatch(/may run for 15m0s, longer than .* set the timeout to at most 6m30s, or lengthen the lease to at least 23m30s/);
  });

  test('the same chain with a timeout within what is left passes, and conforms', () => {
    const s = setup();
    const { externalSecret } = handBuilt(s);
    const task = migrationTask(s.chart);
    task.mountCredentials(externalSecret.secret, '/etc/db');
    const pipeline = pipelineWith(s, { task }, Duration.seconds(390));
    new PipelineRun(s.chart, 'run', { metadata: { name: 'run' }, pipeline, serviceAccount: s.pipelineSa, timeout: Duration.minutes(10) });
    expect(synthErrors(s.app)).toBe('');
    expectConformant(s.chart);
  });

  test('the Vault objects in another chart are found all the same', () => {
    const s = setup();
    const vaultConfig = new Chart(s.app, 'vault-config', { namespace: 'vault-config' });
    const operator = new kplus.ServiceAccount(vaultConfig, 'operator', { metadata: { name: 'vault-admin' }, automountToken: false });
    const role = new DatabaseSecretEngineRole(vaultConfig, 'db-role', {
      metadata: { name: 'app-migrate' }, authentication: { role: 'vault-admin', serviceAccount: operator }, dbName: 'app-postgres', creationStatements: CREATE, defaultTTL: Duration.minutes(15),
    });
    // the generator declares a longer lifetime than the role issues: the role's lease wins
    const { externalSecret } = handBuilt(s, { role, declaredLifetime: Duration.hours(4) });
    const task = migrationTask(s.chart);
    task.mountCredentials(externalSecret.secret, '/etc/db');
    pipelineWith(s, { task }, Duration.hours(2));
    expect(synthErrors(s.app)).toMatch(/renews VaultDynamicSecret 'app-db' every 2h0m0s; lease 15m0s from DatabaseSecretEngineRole 'app-migrate'\), with no time left that a starting run can count on; lengthen the lease to at least 4h1m0s/);
  });

  test('a TaskRun (its default timeout is an hour)', () => {
    const s = setup();
    const { externalSecret } = handBuilt(s);
    const task = migrationTask(s.chart);
    task.mountCredentials(externalSecret.secret, '/etc/db');
    new TaskRun(s.chart, 'tr', { metadata: { name: 'migrate-now' }, task, serviceAccount: s.pipelineSa });
    expect(synthErrors(s.app)).toMatch(/\[ci\/es\] TaskRun 'migrate-now' may run for 1h0m0s, longer than the credential it reads through Task 'migrate' is sure to live/);
  });

  test('an inline taskSpec of a Pipeline or a TaskRun', () => {
    const s = setup();
    const { externalSecret } = handBuilt(s);
    const spec = new TaskSpec({ runAsUser: 1000, steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }] });
    spec.mountCredentials(externalSecret.secret, '/etc/db');
    pipelineWith(s, { taskSpec: spec }, Duration.hours(2));
    new TaskRun(s.chart, 'tr', { metadata: { name: 'inline' }, taskSpec: spec, serviceAccount: s.pipelineSa, timeout: Duration.minutes(30) });
    const errors = synthErrors(s.app);
    expect(errors).toMatch(/pipeline task 'migrate' of Pipeline 'db-migration' may run for 2h0m0s, longer than the credential it reads through its inline taskSpec is sure to live/);
    expect(errors).toMatch(/TaskRun 'inline' may run for 30m0s, longer than the credential it reads through its inline taskSpec/);
  });

  test('a Secret bound to a workspace by a PipelineRun or a TaskRun', () => {
    const s = setup();
    const { externalSecret } = handBuilt(s);
    const task = new Task(s.chart, 'task', {
      metadata: { name: 'migrate' },
      runAsUser: 1000,
      workspaces: [{ name: 'db', readOnly: true }],
      steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }],
    });
    const pipeline = new Pipeline(s.chart, 'pipeline', { metadata: { name: 'db-migration' }, workspaces: [{ name: 'credentials' }] });
    pipeline.addTask('migrate', { task, workspaces: { db: 'credentials' }, timeout: Duration.hours(2) });
    new PipelineRun(s.chart, 'run', {
      metadata: { name: 'run' },
      pipeline,
      serviceAccount: s.pipelineSa,
      workspaces: { credentials: WorkspaceBinding.secret(externalSecret.secret) },
    });
    new TaskRun(s.chart, 'tr', {
      metadata: { name: 'bound' },
      task,
      serviceAccount: s.pipelineSa,
      timeout: Duration.minutes(5),
      workspaces: { db: WorkspaceBinding.secret(externalSecret.secret) },
    });
    const errors = synthErrors(s.app);
    expect(errors).toMatch(/pipeline task 'migrate' of PipelineRun 'run' may run for 2h0m0s, longer than the credential it reads through workspace 'credentials' is sure to live/);
    // within what is left
    expect(errors).not.toMatch(/TaskRun 'bound'/);
  });

  test('an imported role with its TTL and an imported generator', () => {
    const s = setup();
    const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'role', { roleName: 'app-migrate', defaultTTL: Duration.minutes(15) });
    // the generator claims two hours; the imported role's 15 minutes are what Vault issues
    const { externalSecret } = handBuilt(s, { role, declaredLifetime: Duration.hours(2) });
    const task = migrationTask(s.chart);
    task.mountCredentials(externalSecret.secret, '/etc/db');
    pipelineWith(s, { task }, Duration.minutes(30));

    const other = Generator.fromGeneratorAttributes(s.chart, 'gen', { kind: 'VaultDynamicSecret', name: 'shared-db', namespace: 'ci-cd', outputKeys: ['username', 'password'], rotating: true, maxLifetime: Duration.minutes(20) });
    const es2 = new ExternalSecret(s.chart, 'es2', { metadata: { name: 'shared-db' } });
    es2.addDataFrom(DataFromSource.generator(other));
    const task2 = migrationTask(s.chart, 'report');
    task2.mountCredentials(es2.secret, '/etc/db');
    pipelineWith(s, { task: task2 }, Duration.minutes(30), 'report');
    const errors = synthErrors(s.app);
    expect(errors).toMatch(/pipeline task 'migrate' of Pipeline 'db-migration' may run for 30m0s, .*lease 15m0s from the imported role database\/creds\/app-migrate/);
    expect(errors).toMatch(/pipeline task 'migrate' of Pipeline 'report' may run for 30m0s, .*Secret 'shared-db' \(ExternalSecret 'shared-db' renews VaultDynamicSecret 'shared-db' every 10m0s; lease 20m0s\), with at least 9m0s left/);
  });

  test('raw objects alone: the compliance pack reports it as ZT-TKN1', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'raw', { namespace: 'ci-cd' });
    const raw = (id: string, apiVersion: string, kind: string, spec: any) =>
      new ApiObject(chart, id, { apiVersion, kind, metadata: { name: id }, spec });
    raw('app-migrate', 'redhatcop.redhat.io/v1alpha1', 'DatabaseSecretEngineRole', { path: 'database', name: 'app-migrate', defaultTTL: '15m', maxTTL: '15m' });
    raw('app-db-gen', 'generators.external-secrets.io/v1alpha1', 'VaultDynamicSecret', { path: 'database/creds/app-migrate', provider: { server: 'https://vault:8200' } });
    raw('app-db', 'external-secrets.io/v1', 'ExternalSecret', {
      refreshInterval: '10m',
      target: { name: 'app-db' },
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'VaultDynamicSecret', name: 'app-db-gen' } } }],
    });
    raw('migrate', 'tekton.dev/v1', 'Task', { steps: [{ name: 'm', image: 'x', envFrom: [{ secretRef: { name: 'app-db' } }] }] });
    raw('db-migration', 'tekton.dev/v1', 'Pipeline', { tasks: [{ name: 'migrate', taskRef: { name: 'migrate' }, timeout: '2h' }] });
    const report = new CompliancePack().evaluate(app);
    const findings = report.errors.filter(f => f.ruleId === 'ZT-TKN1');
    expect(findings.map(f => f.detail)).toEqual([
      expect.stringMatching(/^pipeline task 'migrate' may run for 2h, longer than the credential it reads through Task 'migrate' is sure to live: Secret 'app-db' \(ExternalSecret 'app-db' renews VaultDynamicSecret 'app-db-gen' every 10m0s; lease 15m0s from DatabaseSecretEngineRole 'app-migrate'\), with at least 4m0s left/),
    ]);
    CompliancePack.applyTo(app, { logWarnings: false });
    expect(synthErrors(app)).toMatch(/ZT-TKN1/);
  });
});

describe('ZT-TKN1 on manifests', () => {
  const ns = { namespace: 'ci' };
  const role = { apiVersion: 'redhatcop.redhat.io/v1alpha1', kind: 'DatabaseSecretEngineRole', metadata: { name: 'app', ...ns }, spec: { path: 'database', name: 'app', defaultTTL: 1860 } };
  const generator = { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'VaultDynamicSecret', metadata: { name: 'app-db', ...ns }, spec: { path: 'database/creds/app', provider: { server: 'https://vault:8200', namespace: 'ci' } } };
  const es = (spec: any) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'app-db', ...ns }, spec: { dataFrom: [{ sourceRef: { generatorRef: { kind: 'VaultDynamicSecret', name: 'app-db' } } }], ...spec } });
  const task = { apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 'migrate', ...ns }, spec: { steps: [{ name: 'm', image: 'x', env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'app-db', key: 'password' } } }] }] } };
  const pipeline = { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p', ...ns }, spec: { finally: [{ name: 'migrate', taskRef: { name: 'migrate' }, timeout: '10m' }] } };
  const check = (...others: any[]) => tektonCredentialLifetime.check(pipeline, [pipeline, task, ...others]);

  test('an ExternalSecret that never renews leaves a run nothing to count on', () => {
    const roleInVault = { ...role, spec: { ...role.spec, authentication: { namespace: 'ci' } } };
    expect(check(roleInVault, generator, es({ refreshPolicy: 'CreatedOnce' })).findings).toEqual([
      expect.stringMatching(/^pipeline task 'migrate' may run for 10m, longer than .*reads VaultDynamicSecret 'app-db' once \(refreshPolicy CreatedOnce, refreshInterval 1h\); lease 31m0s from DatabaseSecretEngineRole 'app'\), with no time left that a starting run can count on; renew the credential with refreshPolicy Periodic/),
    ]);
    expect(check(roleInVault, generator, es({ refreshInterval: '0' })).compliance).toBe(RuleCompliance.NON_COMPLIANT);
  });

  test('the ESO default refresh (1h) and a role in another Vault namespace or with no TTL', () => {
    // the role is in the root namespace, the generator reads namespace ci: not the same role, so no lease is known
    expect(check(role, generator, es({})).compliance).toBe(RuleCompliance.NOT_APPLICABLE);
    const noTtl = { ...role, spec: { path: 'database', name: 'app', authentication: { namespace: 'ci' } } };
    expect(check(noTtl, generator, es({})).compliance).toBe(RuleCompliance.NOT_APPLICABLE);
    const roleInVault = { ...role, spec: { ...role.spec, authentication: { namespace: 'ci' } } };
    expect(check(roleInVault, generator, es({})).findings).toEqual([expect.stringMatching(/renews VaultDynamicSecret 'app-db' every 1h0m0s; lease 31m0s .*with no time left/)]);
    expect(check(roleInVault, generator, es({ refreshInterval: 'often' })).compliance).toBe(RuleCompliance.NOT_APPLICABLE);
  });
});

describe('a database role shared between pipelines', () => {
  function vault(s: Setup) {
    return { server: 'https://vault.vault.svc:8200', authentication: s.auth };
  }

  test('one role created by a pattern, shared by another: each pattern refreshes so its own runs get their timeout', () => {
    const s = setup();
    const migrate = migrationTask(s.chart, 'migrate');
    const report = migrationTask(s.chart, 'report');
    const owner = new DynamicDatabaseCredentials(s.chart, 'migrate-db', {
      task: migrate, taskTimeout: Duration.minutes(15), vault: vault(s), database: { dbName: 'app-postgres', creationStatements: CREATE },
    });
    const sharer = new DynamicDatabaseCredentials(s.chart, 'report-db', {
      task: report, taskTimeout: Duration.minutes(10), vault: vault(s), databaseRole: owner.databaseRole,
    });
    expect(sharer.databaseRole).toBe(owner.databaseRole);
    // lease 31m; the sharer's runs take 10m: refresh every 31m - 10m - 1m = 20m
    expect(sharer.credentialTtl.toSeconds()).toBe(31 * 60);
    expect(sharer.refreshInterval!.toSeconds()).toBe(20 * 60);
    const synth = Testing.synth(s.chart);
    expect(synth.filter(o => o.kind === 'DatabaseSecretEngineRole').map(o => o.metadata.name)).toEqual(['migrate']);
    expect(synth.filter(o => o.kind === 'Policy').map(o => o.spec.policy)).toEqual([
      expect.stringContaining('path "database/creds/migrate"'), expect.stringContaining('path "database/creds/migrate"'),
    ]);
    expect(synth.filter(o => o.kind === 'KubernetesAuthEngineRole').map(o => [o.spec.name, o.spec.tokenTTL])).toEqual([['migrate', 1860], ['report', 1860]]);
    expect(synth.filter(o => o.kind === 'ExternalSecret').map(o => o.spec.refreshInterval)).toEqual(['15m0s', '20m0s']);
    expectConformant(s.chart);

    // every pipeline using the role is checked against its own timeout
    pipelineWith(s, { task: migrate }, Duration.minutes(15), 'migration');
    pipelineWith(s, { task: report }, Duration.minutes(12), 'reporting');
    const errors = synthErrors(s.app);
    expect(errors).toMatch(/pipeline task 'migrate' of Pipeline 'reporting' may run for 12m0s, .*every 20m0s; lease 31m0s from DatabaseSecretEngineRole 'migrate'\), with at least 10m0s left/);
    expect(errors).not.toMatch(/Pipeline 'migration'/);
  });

  test('an imported role with its TTL, shared by two pipelines', () => {
    const s = setup();
    const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'role', { roleName: 'app-shared', defaultTTL: Duration.hours(1), maxTTL: Duration.hours(2) });
    const a = new DynamicDatabaseCredentials(s.chart, 'a', { task: migrationTask(s.chart, 'a'), taskTimeout: Duration.minutes(20), vault: vault(s), databaseRole: role });
    const b = new DynamicDatabaseCredentials(s.chart, 'b', {
      task: migrationTask(s.chart, 'b'),
      taskTimeout: Duration.minutes(30),
      vault: vault(s),
      databaseRole: role,
      delivery: CredentialDelivery.externalSecret({ refreshInterval: Duration.minutes(10) }),
    });
    expect([a.credentialTtl.toSeconds(), a.refreshInterval!.toSeconds()]).toEqual([3600, 39 * 60]);
    expect([b.credentialTtl.toSeconds(), b.refreshInterval!.toSeconds()]).toEqual([3600, 600]);
    // the lease: the default TTL, below the max TTL
    expect(role.leaseTtl?.toSeconds()).toBe(3600);
    expect(Testing.synth(s.chart).filter(o => o.kind === 'DatabaseSecretEngineRole')).toEqual([]);
    expectConformant(s.chart);
  });

  describe('rejects', () => {
    function share(role: IDatabaseSecretEngineRole, s: Setup, extra: any = {}) {
      return new DynamicDatabaseCredentials(s.chart, 'db', { task: migrationTask(s.chart), taskTimeout: Duration.minutes(15), vault: vault(s), databaseRole: role, ...extra });
    }

    test('a role whose lease is not known', () => {
      const s = setup();
      expect(() => share(DatabaseSecretEngineRole.fromRoleName(s.chart, 'r', 'app-shared'), s))
        .toThrow(/^ci\/db: 'databaseRole' \(database\/creds\/app-shared\) has no known lease, so no run's timeout can be checked against it; import it with DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes\(scope, id, \{ roleName: 'app-shared', defaultTTL: ... \}\)/);
    });

    test('a lease too short to leave a refresh window', () => {
      const s = setup();
      const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'r', { roleName: 'app-shared', defaultTTL: Duration.minutes(16) });
      expect(() => share(role, s))
        .toThrow(/'databaseRole' \(database\/creds\/app-shared\) issues credentials that live 16m0s, too short for ExternalSecret delivery to runs of 'taskTimeout' 15m0s: .*; give the role a lease of at least 17m0s \(defaultTTL and maxTTL\), or lower taskTimeout to at most 14m0s/);
    });

    test('a max TTL below the default TTL, which caps the lease', () => {
      const s = setup();
      expect(() => DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'r', { roleName: 'app-shared', defaultTTL: Duration.hours(1), maxTTL: Duration.minutes(10) }))
        .toThrow(/'defaultTTL' \(1h0m0s\) must not exceed 'maxTTL' \(10m0s\): Vault caps every lease at maxTTL/);
      const capped = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'r2', { roleName: 'app-capped', maxTTL: Duration.minutes(10) });
      expect(() => share(capped, s)).toThrow(/'databaseRole' \(database\/creds\/app-capped\) issues credentials that live 10m0s/);
    });

    test('a refresh that leaves runs less than their timeout', () => {
      const s = setup();
      const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'r', { roleName: 'app-shared', defaultTTL: Duration.minutes(30) });
      expect(() => share(role, s, { delivery: CredentialDelivery.externalSecret({ refreshInterval: Duration.minutes(20) }) }))
        .toThrow(/'refreshInterval' \(20m0s\) is too long for the shared role database\/creds\/app-shared, whose credentials live 30m0s: a run that starts just before a refresh would read a credential with 9m0s left, less than 'taskTimeout' 15m0s; refresh at least every 14m0s/);
    });

    test('a role name for a role the pattern does not create', () => {
      const s = setup();
      const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(s.chart, 'r', { roleName: 'app-shared', defaultTTL: Duration.hours(1) });
      expect(() => share(role, s, { databaseRoleName: 'other' })).toThrow(/'databaseRoleName' names a role the pattern creates, but 'databaseRole' \(database\/creds\/app-shared\) is shared; remove databaseRoleName/);
    });
  });
});
