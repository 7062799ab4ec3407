import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { synthErrors } from './synth-errors';
import { formatGoDuration } from '../../src/common/duration';
import { CompliancePack } from '../../src/compliance';
import { runLifetimeProblems, tektonCredentialLifetime } from '../../src/compliance/rules/tekton-credential-lifetime';
import { CaProvider } from '../../src/external-secrets';
import { CredentialDelivery, DynamicDatabaseCredentials, DynamicDatabaseCredentialsProps } from '../../src/patterns';
import { CsiSecretProvider, CsiVaultObjects, SecretProviderClass } from '../../src/secrets-store-csi';
import { ImageReference, ParamValue, Pipeline, PipelineRun, Task, TaskRun } from '../../src/tekton';
import { DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultPolicy } from '../../src/vault';
import { expectConformant } from '../conformance/harness';
import { tektonLint } from '../tekton/tekton-lint';

/**
 * The Secrets Store CSI mode of S2: a database user minted when the Task's pod starts, living exactly the task
 * timeout, with nothing in etcd; and the credential-lifetime check (ZT-TKN1) following CSI volumes to the lease.
 */

const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', `sha256:${'a'.repeat(64)}`, { tag: '11.3.0' });
const SCRIPT = 'FLYWAY_USER="$(cat /etc/db-credentials/username)" FLYWAY_PASSWORD="$(cat /etc/db-credentials/password)" exec flyway -url="$(params.db-url)" migrate';
const CREATE = ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'];
const ESO_KINDS = ['Secret', 'ExternalSecret', 'ClusterExternalSecret', 'VaultDynamicSecret', 'ClusterGenerator', 'Role', 'RoleBinding'];

type Overrides = Partial<Omit<DynamicDatabaseCredentialsProps, 'task'>>;

function flywayTask(chart: Chart, name = 'flyway-migration'): Task {
  return new Task(chart, `task-${name}`, {
    metadata: { name },
    runAsUser: 1000,
    params: [{ name: 'db-url' }],
    steps: [{ name: 'migrate', image: FLYWAY, script: SCRIPT }],
  });
}

/** One CSI-mode pattern per (name, task timeout), each run by a pipeline task with `pipelineTimeout` (default: its own). */
function build(tasks: { name: string; timeout: Duration; pipelineTimeout?: Duration; overrides?: Overrides }[] = [{ name: 'flyway-migration', timeout: Duration.minutes(15) }]) {
  const app = Testing.app();
  const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const built = tasks.map(t => {
    const task = flywayTask(chart, t.name);
    const creds = new DynamicDatabaseCredentials(chart, `db-${t.name}`, {
      task,
      taskTimeout: t.timeout,
      delivery: CredentialDelivery.secretsStoreCsi(),
      vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
      database: { dbName: 'ci-postgres', creationStatements: CREATE, revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'] },
      ...t.overrides,
    });
    const pipeline = new Pipeline(chart, `pipeline-${t.name}`, { metadata: { name: t.name }, params: [{ name: 'db-url' }] });
    pipeline.addTask('migrate', { task, params: { 'db-url': ParamValue.string('$(params.db-url)') }, timeout: t.pipelineTimeout ?? t.timeout });
    new PipelineRun(chart, `run-${t.name}`, {
      metadata: { name: `${t.name}-run` },
      pipeline,
      serviceAccount: creds.serviceAccount,
      params: { 'db-url': ParamValue.string('jdbc:postgresql://prod-db.example.internal:5432/mydb') },
      timeout: Duration.hours(1),
      fsGroup: 65532,
    });
    return { task, creds, pipeline };
  });
  return { app, chart, operator, built };
}

const ofKind = (chart: Chart, kind: string) => Testing.synth(chart).filter(o => o.kind === kind);

describe('DynamicDatabaseCredentials in Secrets Store CSI delivery', () => {
  test('S2 without etcd: Vault roles, policy, SecretProviderClass and the CSI-mounted Task (snapshot)', () => {
    const { chart } = build();
    const synth = Testing.synth(chart);
    expect(synth).toMatchSnapshot();
    expect(synth.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount ci-cd/vault-config',
      'Task ci-cd/flyway-migration',
      'ServiceAccount ci-cd/flyway-migration',
      'DatabaseSecretEngineRole ci-cd/flyway-migration',
      'Policy ci-cd/flyway-migration',
      'KubernetesAuthEngineRole ci-cd/flyway-migration',
      'SecretProviderClass ci-cd/flyway-migration',
      'Pipeline ci-cd/flyway-migration',
      'PipelineRun ci-cd/flyway-migration-run',
    ]);
    // no v1 Secret, no ESO object, no token-request RBAC for ESO
    expect(synth.filter(o => ESO_KINDS.includes(o.kind))).toEqual([]);
    expect(synth.filter(o => o.apiVersion === 'v1' && o.kind === 'Secret')).toEqual([]);
    expectConformant(chart);
    const report = new CompliancePack().evaluateManifests(synth);
    expect([...report.errors, ...report.warnings]).toEqual([]);
    expect(tektonLint(chart)).toEqual([]);
  });

  test('the lease is each task\'s timeout exactly: role TTLs, login token TTLs, no refresh', () => {
    const timeouts = [Duration.minutes(10), Duration.minutes(45), Duration.seconds(90)];
    const { chart, built } = build(timeouts.map((timeout, i) => ({ name: `task-${i}`, timeout })));
    const roles = ofKind(chart, 'DatabaseSecretEngineRole');
    const logins = ofKind(chart, 'KubernetesAuthEngineRole');
    timeouts.forEach((timeout, i) => {
      const seconds = timeout.toSeconds();
      const ttl = formatGoDuration(timeout.toMilliseconds());
      const role = roles.find(r => r.metadata.name === `task-${i}`).spec;
      expect([role.defaultTTL, role.maxTTL]).toEqual([ttl, ttl]);
      const login = logins.find(r => r.metadata.name === `task-${i}`).spec;
      expect([login.tokenTTL, login.tokenMaxTTL]).toEqual([seconds, seconds]);
      expect(built[i].creds.credentialTtl.toSeconds()).toBe(seconds);
      expect(built[i].creds.refreshInterval).toBeUndefined();
    });
    expect(ofKind(chart, 'SecretProviderClass')).toHaveLength(3);
    expectConformant(chart);
  });

  test('the SecretProviderClass logs in as the pipeline\'s account with the role\'s audience and reads the creds path', () => {
    const { chart, built } = build();
    const creds = built[0].creds;
    const spc = ofKind(chart, 'SecretProviderClass')[0].spec;
    expect(spc.provider).toBe('vault');
    expect(spc.secretObjects).toBeUndefined();
    expect(spc.parameters).toMatchObject({
      roleName: 'flyway-migration',
      vaultKubernetesMountPath: 'kubernetes',
      audience: 'vault',
      vaultAddress: 'https://vault.vault.svc:8200',
    });
    expect(spc.parameters.objects).toContain('secretPath: database/creds/flyway-migration');
    const login = ofKind(chart, 'KubernetesAuthEngineRole')[0].spec;
    expect(login.targetServiceAccounts).toEqual(['flyway-migration']);
    expect(login.targetNamespaces.targetNamespaces).toEqual(['ci-cd']);
    expect(login.audience).toBe('vault');
    const task = ofKind(chart, 'Task')[0].spec;
    const csi = task.volumes.filter((v: any) => v.csi !== undefined);
    expect(csi).toEqual([{
      name: 'secrets-store-flyway-migration',
      csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'flyway-migration' } },
    }]);
    expect(task.volumes.filter((v: any) => v.secret !== undefined || v.projected !== undefined)).toEqual([]);
    expect(task.steps[0].volumeMounts).toContainEqual({ name: 'secrets-store-flyway-migration', mountPath: '/etc/db-credentials', readOnly: true });
    // escape hatches
    expect(ApiObject.of(creds)).toBe(ApiObject.of(creds.secretProviderClass!));
    expect(creds.csiMount!.filePath('password')).toBe('/etc/db-credentials/password');
    expect(creds.csiMount!.filePath('username')).toBe('/etc/db-credentials/username');
    expect([creds.secret, creds.externalSecret, creds.generator, creds.tokenRequestAccess]).toEqual([undefined, undefined, undefined, undefined]);
    expect(creds.delivery.mode).toBe('SecretsStoreCsi');
  });

  test('options: class name, CA file and server name on the provider\'s pod', () => {
    const { chart } = build([{
      name: 'flyway-migration',
      timeout: Duration.minutes(15),
      overrides: { delivery: CredentialDelivery.secretsStoreCsi({ secretProviderClassName: 'db-creds', caCertPath: '/vault/tls/ca.crt', tlsServerName: 'vault.vault.svc' }) },
    }]);
    const spc = ofKind(chart, 'SecretProviderClass')[0];
    expect(spc.metadata.name).toBe('db-creds');
    expect(spc.spec.parameters).toMatchObject({ vaultCACertPath: '/vault/tls/ca.crt', vaultTLSServerName: 'vault.vault.svc' });
    expect(ofKind(chart, 'Task')[0].spec.volumes.find((v: any) => v.csi).csi.volumeAttributes.secretProviderClass).toBe('db-creds');
    expectConformant(chart);
  });

  test('a shared role whose lease covers the timeout: the role\'s lease, nothing created on the database side', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
    const operator = kplus.ServiceAccount.fromServiceAccountName(chart, 'operator', 'vault-config');
    const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'role', { roleName: 'shared', defaultTTL: Duration.minutes(20) });
    const creds = new DynamicDatabaseCredentials(chart, 'db', {
      task: flywayTask(chart),
      taskTimeout: Duration.minutes(15),
      databaseRole: role,
      delivery: CredentialDelivery.secretsStoreCsi(),
      vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
    });
    expect(creds.credentialTtl.toMinutes()).toBe(20);
    expect(ofKind(chart, 'DatabaseSecretEngineRole')).toEqual([]);
    expect(ofKind(chart, 'SecretProviderClass')[0].spec.parameters.objects).toContain('secretPath: database/creds/shared');
  });

  describe('rejects', () => {
    test('a shared role whose lease is shorter than the timeout', () => {
      const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
      const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'role', { roleName: 'shared', defaultTTL: Duration.minutes(10) });
      expect(() => new DynamicDatabaseCredentials(chart, 'db', {
        task: flywayTask(chart),
        taskTimeout: Duration.minutes(15),
        databaseRole: role,
        delivery: CredentialDelivery.secretsStoreCsi(),
        vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'o', 'vault-config') } },
      })).toThrow(/'databaseRole' \(.*shared.*\) issues credentials that live 10m0s, less than 'taskTimeout' 15m0s: .*give the role a lease of at least 15m0s .*or lower taskTimeout to at most 10m0s/);
    });

    test('a task timeout over a day', () => {
      expect(() => build([{ name: 'long', timeout: Duration.hours(25) }])).toThrow(/'taskTimeout' \(25h0m0s\) would be the credential's lease, more than a day/);
    });

    test('ESO\'s caProvider, which the CSI provider cannot use', () => {
      const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
      const ca = CaProvider.fromConfigMap(new kplus.ConfigMap(chart, 'ca', { metadata: { name: 'vault-ca' } }), 'ca.crt');
      expect(() => new DynamicDatabaseCredentials(chart, 'db', {
        task: flywayTask(chart),
        taskTimeout: Duration.minutes(15),
        delivery: CredentialDelivery.secretsStoreCsi(),
        vault: { server: 'https://vault.vault.svc:8200', caProvider: ca, authentication: { role: 'vault-admin', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'o', 'vault-config') } },
        database: { dbName: 'ci-postgres', creationStatements: CREATE },
      })).toThrow(/'vault.caProvider' is where ESO finds Vault's CA, but in Secrets Store CSI delivery .*secretsStoreCsi\(\{ caCertPath \}\)/);
    });

    test('an invalid SecretProviderClass name', () => {
      expect(() => build([{ name: 'flyway-migration', timeout: Duration.minutes(15), overrides: { delivery: CredentialDelivery.secretsStoreCsi({ secretProviderClassName: 'Not_A_Name' }) } }]))
        .toThrow(/secretProviderClassName/);
    });

    test('a pipeline task whose timeout exceeds the lease fails synthesis', () => {
      const { app } = build([{ name: 'flyway-migration', timeout: Duration.minutes(15), pipelineTimeout: Duration.minutes(20) }]);
      expect(synthErrors(app)).toMatch(/pipeline task 'migrate' of Pipeline 'flyway-migration' may run for 20m0s, longer than the credential it reads through Task 'flyway-migration' is sure to live: SecretProviderClass 'flyway-migration' \(the Vault CSI provider mints it when the pod starts; lease 15m0s from DatabaseSecretEngineRole 'flyway-migration'\), with at least 15m0s left when a run starts; set the timeout to at most 15m0s, or lengthen the database role's lease \(defaultTTL and maxTTL\) to at least 20m0s/);
    });
  });
});

/** The CSI chain built by hand: a 15-minute role, its policy and login role, a SecretProviderClass, a Task mounting it. */
function handBuilt(options: { lease?: Duration; vaultNamespace?: string } = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const sa = new kplus.ServiceAccount(chart, 'pipeline-sa', { metadata: { name: 'pipeline-sa' }, automountToken: false });
  const auth = { role: 'vault-admin', serviceAccount: operator };
  const lease = options.lease ?? Duration.minutes(15);
  const role = new DatabaseSecretEngineRole(chart, 'db-role', {
    metadata: { name: 'app-migrate' }, authentication: auth, dbName: 'app-postgres', creationStatements: CREATE, defaultTTL: lease, maxTTL: lease,
  });
  const policy = new VaultPolicy(chart, 'policy', { metadata: { name: 'app-migrate' }, authentication: auth, policyName: 'app-migrate' });
  role.grantRead(policy);
  const login = new KubernetesAuthEngineRole(chart, 'login', {
    metadata: { name: 'app-migrate-login' }, authentication: auth, serviceAccounts: [sa], audience: 'vault', policies: [policy], tokenTTL: lease, tokenMaxTTL: lease,
  });
  const spc = new SecretProviderClass(chart, 'spc', {
    metadata: { name: 'app-db' },
    provider: CsiSecretProvider.vault({ role: login, objects: CsiVaultObjects.databaseCredentials(role), vaultNamespace: options.vaultNamespace }),
  });
  const task = new Task(chart, 'task', { metadata: { name: 'migrate' }, runAsUser: 1000, steps: [{ name: 'migrate', image: FLYWAY, script: 'exec flyway migrate' }] });
  task.mountCsiSecrets(spc, '/mnt/db');
  return { app, chart, task, sa, spc };
}

describe('ZT-TKN1 follows Secrets Store CSI volumes to the database role\'s lease', () => {
  test('hand-built: a pipeline task within the lease synthesizes, is conformant and passes the pack', () => {
    const { app, chart, task } = handBuilt();
    new Pipeline(chart, 'p', { metadata: { name: 'migrate' } }).addTask('migrate', { task, timeout: Duration.minutes(15) });
    expect(synthErrors(app)).toBe('');
    expectConformant(chart);
    const manifests = Testing.synth(chart);
    const pipeline = manifests.find(m => m.kind === 'Pipeline');
    expect(tektonCredentialLifetime.check(pipeline, manifests)).toEqual({ compliance: 'compliant', findings: [] });
    expect(runLifetimeProblems(pipeline, manifests)).toEqual([]);
  });

  test('hand-built: a pipeline task longer than the lease fails synthesis and the rule', () => {
    const { app, chart, task } = handBuilt();
    new Pipeline(chart, 'p', { metadata: { name: 'migrate' } }).addTask('migrate', { task, timeout: Duration.minutes(30) });
    // rendered without the app's validation, which refuses the pipeline
    const manifests = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map(o => o.toJson());
    const findings = runLifetimeProblems(manifests.find(m => m.kind === 'Pipeline'), manifests)!;
    expect(findings.map(f => f.subject)).toEqual(['pipeline task \'migrate\'']);
    expect(findings[0].text).toMatch(/may run for 30m0s, .*SecretProviderClass 'app-db' .*lease 15m0s from DatabaseSecretEngineRole 'app-migrate'/);
    expect(synthErrors(app)).toMatch(/pipeline task 'migrate' of Pipeline 'migrate' may run for 30m0s/);
  });

  test('hand-built: a pipeline task without a timeout fails', () => {
    const { app, chart, task } = handBuilt();
    new Pipeline(chart, 'p', { metadata: { name: 'migrate' } }).addTask('migrate', { task });
    expect(synthErrors(app)).toMatch(/pipeline task 'migrate' of Pipeline 'migrate' has no timeout, .*SecretProviderClass 'app-db'.*set the timeout to at most 15m0s, or lengthen the database role's lease \(defaultTTL and maxTTL\) to the timeout/);
  });

  test('hand-built: a TaskRun with Tekton\'s default timeout (1h) fails; one within the lease passes', () => {
    const long = handBuilt();
    new TaskRun(long.chart, 'run', { metadata: { name: 'migrate-run' }, task: long.task, serviceAccount: long.sa });
    expect(synthErrors(long.app)).toMatch(/TaskRun 'migrate-run' may run for 1h0m0s, .*SecretProviderClass 'app-db'/);
    const ok = handBuilt();
    new TaskRun(ok.chart, 'run', { metadata: { name: 'migrate-run' }, task: ok.task, serviceAccount: ok.sa, timeout: Duration.minutes(10) });
    expect(synthErrors(ok.app)).toBe('');
  });

  test('a CSI workspace binding and a quoted secretPath are followed too; another Vault namespace is not the role', () => {
    const manifests = (extra: any) => [
      { apiVersion: 'redhatcop.redhat.io/v1alpha1', kind: 'DatabaseSecretEngineRole', metadata: { name: 'r', namespace: 'ci' }, spec: { path: 'database', defaultTTL: '15m', maxTTL: '15m' } },
      {
        apiVersion: 'secrets-store.csi.x-k8s.io/v1',
        kind: 'SecretProviderClass',
        metadata: { name: 'db', namespace: 'ci' },
        spec: { provider: 'vault', parameters: { roleName: 'x', objects: '- objectName: password\n  secretPath: "database/creds/r"\n  secretKey: password\n', ...extra } },
      },
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        metadata: { name: 'run', namespace: 'ci' },
        spec: {
          timeout: '30m0s',
          taskSpec: { workspaces: [{ name: 'creds' }], steps: [{ name: 's', image: 'x' }] },
          workspaces: [{ name: 'creds', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'db' } } }],
        },
      },
    ];
    const same = manifests({});
    expect(runLifetimeProblems(same[2], same)!.map(p => p.text)).toEqual([expect.stringMatching(/may run for 30m0s, longer than the credential it reads through workspace 'creds' is sure to live: SecretProviderClass 'db'/)]);
    const other = manifests({ vaultNamespace: 'team-a' });
    expect(runLifetimeProblems(other[2], other)).toBeUndefined();
  });

  test('through the pattern with a TaskRun: its timeout is checked against the CSI lease', () => {
    const { app, chart, built } = build();
    new TaskRun(chart, 'taskrun', {
      metadata: { name: 'once' },
      task: built[0].task,
      serviceAccount: built[0].creds.serviceAccount,
      params: { 'db-url': ParamValue.string('jdbc:postgresql://db:5432/x') },
      timeout: Duration.minutes(16),
    });
    expect(synthErrors(app)).toMatch(/TaskRun 'once' may run for 16m0s, .*SecretProviderClass 'flyway-migration'/);
  });

  test('the CompliancePack applied to a CSI-mode app stays clean', () => {
    const { app } = build();
    CompliancePack.applyTo(app, { failOnWarnings: true });
    expect(synthErrors(app)).toBe('');
  });
});
