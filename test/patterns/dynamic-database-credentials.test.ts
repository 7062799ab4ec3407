import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { synthErrors } from './synth-errors';
import { committedOutput, exampleNames, objectsOf } from '../../examples/examples';
import { formatGoDuration } from '../../src/common/duration';
import { CompliancePack } from '../../src/compliance';
import {
  CaProvider, ClusterSecretStore, EsoTokenRequestAccess, NamespaceCondition, SecretStore, SecretStoreProvider, VaultAuth,
} from '../../src/external-secrets';
import {
  CertificatePush, CredentialDelivery, DynamicDatabaseCredentials, DynamicDatabaseCredentialsProps,
} from '../../src/patterns';
import { ImageReference, ParamValue, Pipeline, PipelineRun, Task, TaskRun } from '../../src/tekton';
import { DatabaseSecretEngineRole } from '../../src/vault';
import { expectConformant } from '../conformance/harness';
import { describeWithShared, SCENARIOS_DIR } from '../conformance/shared';
import { expectTektonLintClean, tektonLint } from '../tekton/tekton-lint';
import { expectValid } from '../tekton/util';
import { checkPolicyHcl } from '../vault/hcl-checker';

const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', `sha256:${'a'.repeat(64)}`, { tag: '11.3.0' });
const SCRIPT = 'FLYWAY_USER="$(cat /etc/db-credentials/username)" FLYWAY_PASSWORD="$(cat /etc/db-credentials/password)" exec flyway -url="$(params.db-url)" migrate';
const CREATE = [
  'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';',
  'GRANT USAGE, CREATE ON SCHEMA flyway TO "{{name}}";',
];

type Overrides = Partial<Omit<DynamicDatabaseCredentialsProps, 'task'>>;

function flywayTask(chart: Chart, name = 'flyway-migration'): Task {
  return new Task(chart, `task-${name}`, {
    metadata: { name },
    runAsUser: 1000,
    params: [{ name: 'db-url' }],
    steps: [{ name: 'migrate', image: FLYWAY, script: SCRIPT }],
  });
}

/** The props of a pattern sharing a role (no `database`): the Vault side with an operator account of `chart`. */
function sharedProps(chart: Chart, task: Task, name?: string): DynamicDatabaseCredentialsProps {
  const operator = kplus.ServiceAccount.fromServiceAccountName(chart, `operator-${name ?? task.name}`, 'vault-config');
  return {
    task,
    name,
    taskTimeout: Duration.minutes(15),
    vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
  };
}

/** S2 in namespace ci-cd: the Task, the pattern, a Pipeline with a 15-minute task timeout and its run. */
function build(overrides: Overrides = {}, options: { pipeline?: boolean } = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' }, automountToken: false });
  const task = flywayTask(chart);
  const creds = new DynamicDatabaseCredentials(chart, 'db', {
    task,
    taskTimeout: Duration.minutes(15),
    vault: { server: 'https://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: operator } },
    database: { dbName: 'ci-postgres', creationStatements: CREATE, revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'] },
    ...overrides,
  });
  let pipeline: Pipeline | undefined;
  if (options.pipeline ?? true) {
    pipeline = new Pipeline(chart, 'pipeline', { metadata: { name: 'db-migration' }, params: [{ name: 'db-url' }] });
    pipeline.addTask('migrate', { task, params: { 'db-url': ParamValue.string('$(params.db-url)') }, timeout: Duration.minutes(15) });
    new PipelineRun(chart, 'run', {
      metadata: { name: 'db-migration-run' },
      pipeline,
      serviceAccount: creds.serviceAccount,
      params: { 'db-url': ParamValue.string('jdbc:postgresql://prod-db.example.internal:5432/mydb') },
      timeout: Duration.minutes(20),
      fsGroup: 65532,
    });
  }
  return { app, chart, task, creds, operator, pipeline };
}

function objects(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter(o => o.kind === kind);
}

function only(chart: Chart, kind: string): any {
  const found = objects(chart, kind);
  expect(found).toHaveLength(1);
  return found[0];
}


function vaultCertStore(chart: Chart, keyPrefix?: string): SecretStore {
  const publisher = new kplus.ServiceAccount(chart, 'publisher', { metadata: { name: 'cert-publisher' }, automountToken: false });
  return new SecretStore(chart, 'certs', {
    metadata: { name: 'vault-certs' },
    provider: SecretStoreProvider.vault({
      server: 'https://vault.vault.svc:8200',
      path: 'secret',
      auth: VaultAuth.kubernetes({ role: 'ci-cd-cert-publisher', serviceAccount: publisher, audiences: ['vault'] }),
    }),
    keyPrefix,
  });
}

describe('DynamicDatabaseCredentials', () => {
  test('S2: Vault roles and policy, generator, ExternalSecret, token-request RBAC and the mounted Task (snapshot)', () => {
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
      'VaultDynamicSecret ci-cd/flyway-migration',
      'ExternalSecret ci-cd/flyway-migration',
      'Role ci-cd/flyway-migration-eso-token-request',
      'RoleBinding ci-cd/flyway-migration-eso-token-request',
      'Pipeline ci-cd/db-migration',
      'PipelineRun ci-cd/db-migration-run',
    ]);
    // CRD schema, CEL and Kyverno (only the documented NET_RAW quirk), and tekton-lint on the Tekton objects
    const reports = expectValid(chart);
    expect(reports.flatMap(r => r.findings.filter(f => f.source === 'kyverno' && f.severity === 'error'))).toEqual([]);
    expect(tektonLint(chart)).toEqual([]);
  });

  test('names, mount, audience and account agree between the Vault roles and the ESO generator', () => {
    const { chart, creds } = build();
    const db = only(chart, 'DatabaseSecretEngineRole').spec;
    const login = only(chart, 'KubernetesAuthEngineRole').spec;
    const policy = only(chart, 'Policy').spec;
    const generator = only(chart, 'VaultDynamicSecret').spec;
    const kubernetes = generator.provider.auth.kubernetes;

    expect(generator.path).toBe(`${db.path}/creds/${db.name}`);
    expect(generator.path).toBe(creds.databaseRole.credsPath);
    expect(generator.method).toBe('GET');
    expect(kubernetes.role).toBe(login.name);
    expect(kubernetes.mountPath).toBe(login.path);
    expect(kubernetes.serviceAccountRef).toEqual({ name: creds.serviceAccount.name, audiences: [login.audience] });
    expect(login.audience).toBe('vault');
    expect(creds.audience).toBe('vault');
    expect(login.targetServiceAccounts).toEqual([creds.serviceAccount.name]);
    expect(login.targetNamespaces).toEqual({ targetNamespaces: ['ci-cd'] });
    expect(login.policies).toEqual([policy.name]);
    expect(login.tokenNoDefaultPolicy).toBe(true);

    const es = only(chart, 'ExternalSecret');
    expect(es.spec.dataFrom).toEqual([{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'VaultDynamicSecret', name: 'flyway-migration' } } }]);
    expect(es.spec.secretStoreRef).toBeUndefined();
    const task = only(chart, 'Task');
    const volume = task.spec.volumes.find((v: any) => v.secret);
    expect(volume.secret).toEqual({ secretName: es.spec.target.name, defaultMode: 0o440, items: [{ key: 'password', path: 'password' }, { key: 'username', path: 'username' }] });
    expect(creds.secret!.name).toBe(es.spec.target.name);
  });

  test('ExternalSecret delivery: lease = timeout + refresh + 1m on the role, the login token and the generator; refresh = timeout', () => {
    const { chart, creds } = build();
    const db = only(chart, 'DatabaseSecretEngineRole').spec;
    const login = only(chart, 'KubernetesAuthEngineRole').spec;
    // 15m timeout + 15m refresh + 1m for ESO and kubelet delays
    expect([db.defaultTTL, db.maxTTL]).toEqual(['31m0s', '31m0s']);
    expect([login.tokenTTL, login.tokenMaxTTL]).toEqual([1860, 1860]);
    expect(creds.generator!.maxLifetime?.toSeconds()).toBe(1860);
    expect(creds.credentialTtl.toSeconds()).toBe(1860);
    expect(creds.taskTimeout.toSeconds()).toBe(900);
    expect(creds.delivery.mode).toBe('ExternalSecret');
    const es = only(chart, 'ExternalSecret').spec;
    expect(es.refreshPolicy).toBe('Periodic');
    expect(es.refreshInterval).toBe('15m0s');
    expect(creds.refreshInterval!.toSeconds()).toBe(900);
    expect(es.target.immutable).not.toBe(true);
    expect(es.target.creationPolicy).toBe('Owner');
  });

  test('for any task timeout and refresh, a run starting at any moment gets at least its timeout (property)', () => {
    const minute = 60;
    fc.assert(fc.property(
      fc.integer({ min: 60, max: 11 * 3600 }),
      fc.option(fc.integer({ min: 60, max: 12 * 3600 }), { nil: undefined }),
      (timeout, refresh) => {
        fc.pre(timeout + (refresh ?? timeout) + minute <= 24 * 3600);
        const delivery = CredentialDelivery.externalSecret({ refreshInterval: refresh === undefined ? undefined : Duration.seconds(refresh) });
        const { chart, creds } = build({ taskTimeout: Duration.seconds(timeout), delivery }, { pipeline: false });
        const db = only(chart, 'DatabaseSecretEngineRole').spec;
        const login = only(chart, 'KubernetesAuthEngineRole').spec;
        const es = only(chart, 'ExternalSecret').spec;
        const r = refresh ?? timeout;
        const lease = creds.credentialTtl.toSeconds();
        // the invariant: the Secret's credential is at most one refresh (plus the slack) old when a run reads it
        expect(lease - r - minute).toBeGreaterThanOrEqual(timeout);
        expect(lease).toBe(timeout + r + minute);
        expect([db.defaultTTL, db.maxTTL]).toEqual([formatGoDuration(lease * 1000), formatGoDuration(lease * 1000)]);
        expect([login.tokenTTL, login.tokenMaxTTL]).toEqual([lease, lease]);
        expect(es.refreshInterval).toBe(formatGoDuration(r * 1000));
        expect(creds.generator!.maxLifetime!.toSeconds()).toBe(lease);
      }), { numRuns: 25 });
  });

  test('for any shared role lease, the derived refresh still leaves every run its timeout (property)', () => {
    const minute = 60;
    fc.assert(fc.property(fc.integer({ min: 60, max: 12 * 3600 }), fc.integer({ min: 2 * 60, max: 12 * 3600 }), (timeout, extra) => {
      const leaseSeconds = timeout + extra;
      fc.pre(leaseSeconds <= 24 * 3600);
      const app = Testing.app();
      const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
      const role = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(chart, 'role', { roleName: 'shared', defaultTTL: Duration.seconds(leaseSeconds) });
      const creds = new DynamicDatabaseCredentials(chart, 'db', { ...sharedProps(chart, flywayTask(chart)), taskTimeout: Duration.seconds(timeout), databaseRole: role });
      const refresh = creds.refreshInterval!.toSeconds();
      expect(creds.credentialTtl.toSeconds()).toBe(leaseSeconds);
      expect(refresh).toBe(leaseSeconds - timeout - minute);
      expect(refresh).toBeGreaterThanOrEqual(minute);
      expect(leaseSeconds - refresh - minute).toBeGreaterThanOrEqual(timeout);
      expect(only(chart, 'KubernetesAuthEngineRole').spec.tokenTTL).toBe(leaseSeconds);
    }), { numRuns: 20 });
  });

  test('the policy grants only read on the creds path, and holds no TTL', () => {
    const { chart, creds } = build();
    const hcl = only(chart, 'Policy').spec.policy;
    expect(checkPolicyHcl(hcl)).toEqual({
      paths: [{ path: 'database/creds/flyway-migration', keys: ['capabilities'], capabilities: ['read'] }],
      errors: [],
    });
    expect(creds.policy.paths).toEqual([creds.databaseRole.credsPath]);
  });

  test('the Task reads the credentials from a read-only volume, never from environment variables', () => {
    const { chart } = build();
    const task = only(chart, 'Task');
    for (const step of task.spec.steps) {
      expect(step.env).toBeUndefined();
      expect(step.envFrom).toBeUndefined();
      expect(step.volumeMounts).toContainEqual({ name: 'credentials-flyway-migration', mountPath: '/etc/db-credentials', readOnly: true });
      expect(step.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    }
    expect(JSON.stringify(Testing.synth(chart))).not.toMatch(/secretKeyRef|stringData/);
  });

  test('ESO may mint tokens for the pipeline account alone', () => {
    const { chart, creds } = build();
    const role = only(chart, 'Role');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['flyway-migration'], verbs: ['create'] }]);
    expect(only(chart, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'external-secrets', namespace: 'external-secrets' }]);
    expect(creds.tokenRequestAccess!.grants).toEqual([{ namespace: 'ci-cd', serviceAccountNames: ['flyway-migration'] }]);
  });

  test('the created service account does not automount a token', () => {
    const { chart } = build();
    const sa = objects(chart, 'ServiceAccount').find(o => o.metadata.name === 'flyway-migration');
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('takes the pipeline account, names, audience, mount paths, a CA, a refresh, steps and a shared token-request RBAC', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'ci', { namespace: 'ci-cd' });
    const vaultConfig = new Chart(app, 'vault-config', { namespace: 'vault-config' });
    const operator = new kplus.ServiceAccount(vaultConfig, 'operator', { metadata: { name: 'vault-admin' }, automountToken: false });
    const task = flywayTask(chart);
    task.addStep({ name: 'report', image: FLYWAY, script: 'flyway info' });
    const pipelineSa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'pipeline-sa' }, automountToken: false });
    const access = new EsoTokenRequestAccess(chart, 'access', { stores: [], controllerNamespace: 'eso' });
    const creds = new DynamicDatabaseCredentials(chart, 'db', {
      task,
      name: 'flyway',
      taskTimeout: Duration.minutes(30),
      serviceAccount: pipelineSa,
      databaseRoleName: 'pipeline-migration-role',
      authRoleName: 'pipeline-role',
      mountPath: '/etc/secrets',
      steps: ['migrate'],
      delivery: CredentialDelivery.externalSecret({ secretName: 'db-dynamic-secret', refreshInterval: Duration.minutes(10), tokenRequestAccess: access }),
      vault: {
        server: 'https://vault.example.com:8200',
        authentication: { role: 'vault-admin', serviceAccount: operator, vaultNamespace: 'ci' },
        caProvider: CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'vault-ca'), 'ca.crt'),
        authMountPath: 'kubernetes-ci',
        audience: 'https://vault.example.com',
        scope: vaultConfig,
      },
      database: { dbName: 'ci-postgres', creationStatements: CREATE, mountPath: 'postgres' },
    });
    expect(creds.serviceAccount).toBe(pipelineSa);
    expect(creds.tokenRequestAccess).toBe(access);
    expect(creds.mountPath).toBe('/etc/secrets');

    // Vault CRs live where the operator's account is, not in the pipeline namespace
    expect(Testing.synth(vaultConfig).map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount vault-config/vault-admin',
      'DatabaseSecretEngineRole vault-config/pipeline-migration-role',
      'Policy vault-config/flyway',
      'KubernetesAuthEngineRole vault-config/pipeline-role',
    ]);
    const login = only(vaultConfig, 'KubernetesAuthEngineRole').spec;
    expect(login).toMatchObject({ path: 'kubernetes-ci', name: 'pipeline-role', audience: 'https://vault.example.com', targetServiceAccounts: ['pipeline-sa'], targetNamespaces: { targetNamespaces: ['ci-cd'] }, tokenTTL: 2460 });
    expect(only(vaultConfig, 'DatabaseSecretEngineRole').spec).toMatchObject({ path: 'postgres', name: 'pipeline-migration-role', defaultTTL: '41m0s', maxTTL: '41m0s' });
    const generator = only(chart, 'VaultDynamicSecret').spec;
    expect(generator.path).toBe('postgres/creds/pipeline-migration-role');
    expect(generator.provider).toMatchObject({
      server: 'https://vault.example.com:8200',
      namespace: 'ci',
      caProvider: { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' },
      auth: { kubernetes: { mountPath: 'kubernetes-ci', role: 'pipeline-role', serviceAccountRef: { name: 'pipeline-sa', audiences: ['https://vault.example.com'] } } },
    });
    const es = only(chart, 'ExternalSecret').spec;
    expect(es.refreshInterval).toBe('10m0s');
    expect(es.target.name).toBe('db-dynamic-secret');
    const steps = only(chart, 'Task').spec.steps;
    expect(steps[0].volumeMounts).toContainEqual({ name: 'credentials-db-dynamic-secret', mountPath: '/etc/secrets', readOnly: true });
    expect(JSON.stringify(steps[1].volumeMounts)).not.toMatch(/credentials-/);
    expect(only(chart, 'Role').rules[0].resourceNames).toEqual(['pipeline-sa']);
    expect(only(chart, 'RoleBinding').subjects[0].namespace).toBe('eso');
    expectConformant(app);
  });

  test('an imported account in the Task\'s namespace is accepted', () => {
    const { chart, creds } = build({
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'sa', 'pipeline-sa', { namespaceName: 'ci-cd' }),
    }, { pipeline: false });
    expect(creds.serviceAccount.name).toBe('pipeline-sa');
    expect(objects(chart, 'ServiceAccount').map(o => o.metadata.name)).toEqual(['vault-config']);
    expect(only(chart, 'KubernetesAuthEngineRole').spec.targetServiceAccounts).toEqual(['pipeline-sa']);
  });

  describe('rejects at construction', () => {
    test('a Task without a namespace', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'no-ns');
      const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' } });
      expect(() => new DynamicDatabaseCredentials(chart, 'db', {
        task: flywayTask(chart),
        taskTimeout: Duration.minutes(15),
        vault: { server: 'https://vault', authentication: { role: 'vault-admin', serviceAccount: operator } },
        database: { dbName: 'ci', creationStatements: CREATE },
      })).toThrow(/'task' \(flyway-migration\) has no namespace, so the credentials cannot be placed next to it; set the Task's metadata.namespace/);
    });

    test('a Task name that cannot name Vault objects when no name is given', () => {
      const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
      const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' } });
      expect(() => new DynamicDatabaseCredentials(chart, 'db', {
        task: flywayTask(chart, 'flyway.migration'),
        taskTimeout: Duration.minutes(15),
        vault: { server: 'https://vault', authentication: { role: 'vault-admin', serviceAccount: operator } },
        database: { dbName: 'ci', creationStatements: CREATE },
      })).toThrow(/'name' is not set and the Task's name \("flyway.migration"\) is not a DNS-1123 label, which Vault role and policy names must be; set 'name'/);
    });

    test.each([
      ['a bad name', { name: 'Flyway_Migration' }, /'name' \("Flyway_Migration"\) must be a DNS-1123 label/],
      ['a bad database role name', { databaseRoleName: 'db.role' }, /'databaseRoleName' \("db.role"\) must be a DNS-1123 label/],
      ['a bad auth role name', { authRoleName: 'Role' }, /'authRoleName' \("Role"\) must be a DNS-1123 label/],
      ['a bad secret name', { delivery: CredentialDelivery.externalSecret({ secretName: 'Secret!' }) }, /'secretName' \("Secret!"\) must be a DNS-1123 subdomain/],
      ['a zero task timeout', { taskTimeout: Duration.seconds(0) }, /'taskTimeout' \(0s\) must be positive/],
      ['a task timeout in fractions of a second', { taskTimeout: Duration.millis(900500) }, /'taskTimeout' \(15m0.5s\) must be a whole number of seconds: Vault keeps TTLs in seconds/],
      ['a refresh below a minute', { delivery: CredentialDelivery.externalSecret({ refreshInterval: Duration.seconds(10) }) }, /'refreshInterval' \(10s\) must be at least 1m0s: every refresh makes Vault create a database user \(8640 a day at this interval\); use e.g. Duration.minutes\(5\)/],
      ['a refresh in fractions of a second', { delivery: CredentialDelivery.externalSecret({ refreshInterval: Duration.millis(300500) }) }, /'refreshInterval' \(5m0.5s\) must be a whole number of seconds: it adds to the lease/],
      ['a task timeout below a minute with the default refresh (the timeout)', { taskTimeout: Duration.seconds(45) }, /'refreshInterval' \(45s\) must be at least 1m0s: .*; raise taskTimeout to at least 1m0s or set the delivery's refreshInterval/],
      ['a lease of more than a day', { taskTimeout: Duration.hours(12) }, /the credential's lease would be 24h1m0s \('taskTimeout' 12h0m0s \+ refreshInterval 12h0m0s \+ 1m0s\), more than a day: .*; set the delivery's refreshInterval to at most 11h59m0s, or split the work/],
      ['a task timeout of a day', { taskTimeout: Duration.hours(24), delivery: CredentialDelivery.externalSecret({ refreshInterval: Duration.minutes(1) }) }, /lease would be 24h2m0s .*; shorten taskTimeout, or split the work/],
      ['neither database nor databaseRole', { database: undefined }, /give exactly one of 'database' \(the pattern creates the database role\) and 'databaseRole' \(an existing role, shared with other pipelines\)/],
      ['both database and databaseRole', { databaseRole: DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(Testing.chart(), 'r', { roleName: 'shared', defaultTTL: Duration.hours(1) }) }, /give exactly one of 'database'/],
      ['a mount path under /workspace', { mountPath: '/workspace/creds' }, /mountCredentials\(flyway-migration\) mountPath \("\/workspace\/creds"\) is under \/workspace/],
      ['steps the Task does not have', { steps: ['deploy'] }, /'steps' names 'deploy', which is not a step/],
      ['an empty audience', { vault: { server: 'https://vault', audience: ' ', authentication: { role: 'vault-admin', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'o', 'vault-config') } } }, /'audience' \(" "\) must be a non-empty audience without spaces/],
    ])('%s', (_what, overrides, error) => {
      expect(() => build(overrides as Overrides, { pipeline: false })).toThrow(error);
    });

    test('plain http to Vault without a reason', () => {
      expect(() => build({ vault: { server: 'http://vault.vault.svc:8200', authentication: { role: 'vault-admin', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'o', 'vault-config') } } }, { pipeline: false }))
        .toThrow(/'acknowledgePlainHttp' is required for a plain http 'server'/);
    });

    test('the namespace\'s default service account', () => {
      const sa = kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'sa', 'default', { namespaceName: 'ci-cd' });
      expect(() => build({ serviceAccount: sa }, { pipeline: false }))
        .toThrow(/'serviceAccount' is the namespace's "default" service account, which every pod shares/);
    });

    test('an account in another namespace (or imported without one)', () => {
      const elsewhere = kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'sa', 'pipeline-sa', { namespaceName: 'tools' });
      expect(() => build({ serviceAccount: elsewhere }, { pipeline: false }))
        .toThrow(/'serviceAccount' \(tools\/pipeline-sa\) must be in the Task's namespace "ci-cd": ESO logs in as the account in the generator's namespace/);
      const unnamespaced = kplus.ServiceAccount.fromServiceAccountName(Testing.chart(), 'sa2', 'pipeline-sa');
      expect(() => build({ serviceAccount: unnamespaced }, { pipeline: false }))
        .toThrow(/'serviceAccount' \(default\/pipeline-sa\) must be in the Task's namespace "ci-cd".*import it with \{ namespaceName: 'ci-cd' \}/);
    });
  });

  describe('rejects at synthesis', () => {
    test('a pipeline task without a timeout', () => {
      const { app, chart, task, creds } = build({}, { pipeline: false });
      const pipeline = new Pipeline(chart, 'pipeline', { metadata: { name: 'db-migration' }, params: [{ name: 'db-url' }] });
      pipeline.addTask('migrate', { task, params: { 'db-url': ParamValue.string('$(params.db-url)') } });
      new PipelineRun(chart, 'run', { metadata: { name: 'run' }, pipeline, serviceAccount: creds.serviceAccount, params: { 'db-url': ParamValue.string('jdbc:x') } });
      expect(synthErrors(app)).toMatch(/pipeline task 'migrate' of Pipeline 'db-migration' has no timeout, so it may outlive the credential it reads through Task 'flyway-migration': Secret 'flyway-migration' \(ExternalSecret 'flyway-migration' renews VaultDynamicSecret 'flyway-migration' every 15m0s; lease 31m0s from DatabaseSecretEngineRole 'flyway-migration'\), with at least 15m0s left when a run starts; set the timeout to at most 15m0s, or lengthen the lease to the timeout \+ the refresh interval \+ 1m0s/);
    });

    test('a pipeline task (also in finally) whose timeout exceeds the TTL', () => {
      const { app, chart, task, creds } = build({}, { pipeline: false });
      const pipeline = new Pipeline(chart, 'pipeline', { metadata: { name: 'db-migration' }, params: [{ name: 'db-url' }] });
      pipeline.addTask('migrate', { task, params: { 'db-url': ParamValue.string('$(params.db-url)') }, timeout: Duration.minutes(15) });
      pipeline.addFinally('verify', { task, params: { 'db-url': ParamValue.string('$(params.db-url)') }, timeout: Duration.minutes(20) });
      new PipelineRun(chart, 'run', { metadata: { name: 'run' }, pipeline, serviceAccount: creds.serviceAccount, params: { 'db-url': ParamValue.string('jdbc:x') } });
      const errors = synthErrors(app);
      expect(errors).toMatch(/pipeline task 'verify' of Pipeline 'db-migration' may run for 20m0s, longer than the credential it reads through Task 'flyway-migration' is sure to live: .*, with at least 15m0s left when a run starts; set the timeout to at most 15m0s, renew it at least every 10m0s, or lengthen the lease to at least 36m0s \(the timeout \+ the refresh interval 15m0s \+ 1m0s for ESO and kubelet delays\)/);
      expect(errors).not.toMatch(/pipeline task 'migrate'/);
    });

    test('a PipelineRun that runs the Task as another service account', () => {
      const { app, chart, pipeline } = build();
      new PipelineRun(chart, 'other-run', {
        metadata: { name: 'other-run' },
        pipeline: pipeline!,
        serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'builder', 'builder'),
        params: { 'db-url': ParamValue.string('jdbc:x') },
      });
      expect(synthErrors(app)).toMatch(/PipelineRun 'other-run' \(pipeline task 'migrate'\) runs Task 'flyway-migration' as service account "builder", but Vault issues its database credential to "flyway-migration" only/);
    });

    test('a TaskRun with the default (1h) timeout, or as another account', () => {
      const { app, chart, task, creds } = build({}, { pipeline: false });
      new TaskRun(chart, 'tr', { metadata: { name: 'migrate-now' }, task, serviceAccount: creds.serviceAccount, params: { 'db-url': ParamValue.string('jdbc:x') } });
      new TaskRun(chart, 'tr2', { metadata: { name: 'migrate-as-other' }, task, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'o', 'other'), params: { 'db-url': ParamValue.string('jdbc:x') }, timeout: Duration.minutes(10) });
      const errors = synthErrors(app);
      expect(errors).toMatch(/TaskRun 'migrate-now' may run for 1h0m0s, longer than the credential it reads through Task 'flyway-migration' is sure to live/);
      expect(errors).toMatch(/TaskRun 'migrate-as-other' runs Task 'flyway-migration' as service account "other"/);
      expect(errors).not.toMatch(/TaskRun 'migrate-as-other' may run/);
    });

    test('hand-written Tekton objects: zero or unparsable timeouts, per-task account overrides, no timeout on a TaskRun', () => {
      const { app, chart, creds } = build({}, { pipeline: false });
      new ApiObject(chart, 'raw-pipeline', {
        apiVersion: 'tekton.dev/v1',
        kind: 'Pipeline',
        metadata: { name: 'raw' },
        spec: {
          tasks: [
            { name: 'forever', taskRef: { name: 'flyway-migration' }, timeout: '0s' },
            { name: 'odd', taskRef: { kind: 'Task', name: 'flyway-migration' }, timeout: '15 minutes' },
            { name: 'other-task', taskRef: { name: 'git-clone' } },
          ],
        },
      });
      new ApiObject(chart, 'raw-run', {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name: 'raw-run' },
        spec: {
          pipelineRef: { name: 'raw' },
          taskRunTemplate: { serviceAccountName: creds.serviceAccount.name },
          taskRunSpecs: [{ pipelineTaskName: 'odd', serviceAccountName: 'intruder' }],
        },
      });
      new ApiObject(chart, 'raw-taskrun', {
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        metadata: { name: 'raw-taskrun' },
        spec: { taskRef: { name: 'flyway-migration' }, serviceAccountName: creds.serviceAccount.name },
      });
      // objects of other namespaces and runs of other Tasks are not this pattern's business
      new ApiObject(chart, 'elsewhere', {
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        metadata: { name: 'elsewhere', namespace: 'other' },
        spec: { taskRef: { name: 'flyway-migration' }, timeout: '2h0m0s' },
      });
      const errors = synthErrors(app);
      expect(errors).toMatch(/pipeline task 'forever' of Pipeline 'raw' may run for ever \(timeout 0s\), longer than the credential it reads through Task 'flyway-migration'/);
      expect(errors).toMatch(/pipeline task 'odd' of Pipeline 'raw' has timeout "15 minutes", which is not a Go duration/);
      expect(errors).toMatch(/PipelineRun 'raw-run' \(pipeline task 'odd'\) runs Task 'flyway-migration' as service account "intruder"/);
      expect(errors).not.toMatch(/PipelineRun 'raw-run' \(pipeline task 'forever'\)/);
      expect(errors).toMatch(/TaskRun 'raw-taskrun' may run for 1h0m0s \(Tekton's default timeout\), longer than the credential it reads through Task 'flyway-migration'/);
      expect(errors).not.toMatch(/other-task|'elsewhere'/);
    });

    test('a run within the TTL, as the pipeline account, passes', () => {
      const { app, chart, task, creds } = build();
      new TaskRun(chart, 'tr', { metadata: { name: 'migrate-now' }, task, serviceAccount: creds.serviceAccount, params: { 'db-url': ParamValue.string('jdbc:x') }, timeout: Duration.minutes(15) });
      expect(synthErrors(app)).toBe('');
    });
  });

  test('the compliance pack finds nothing, acknowledged or not', () => {
    const { app } = build();
    const report = new CompliancePack().evaluate(app);
    expect([...report.errors, ...report.warnings, ...report.acknowledged]).toEqual([]);
    CompliancePack.applyTo(app, { failOnWarnings: true });
    expect(synthErrors(app)).toBe('');
  });
});

describe('CertificatePush', () => {
  test('pushes only tls.crt, keeps remote values, refreshes hourly (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
    const store = vaultCertStore(chart, 'imported-certs/');
    const push = new CertificatePush(chart, 'cert', {
      metadata: { name: 'push-generated-cert' },
      certificate: kplus.Secret.fromSecretName(chart, 'cert-secret', 'generated-mtls-cert'),
      store,
      remoteKey: 'imported-certs/app-cert',
      property: 'certificate',
    });
    const pushSecret = only(chart, 'PushSecret');
    expect(pushSecret).toMatchSnapshot();
    expect(pushSecret.spec).toEqual({
      secretStoreRefs: [{ kind: 'SecretStore', name: 'vault-certs' }],
      selector: { secret: { name: 'generated-mtls-cert' } },
      data: [{ match: { secretKey: 'tls.crt', remoteRef: { remoteKey: 'imported-certs/app-cert', property: 'certificate' } }, conversionStrategy: 'None' }],
      updatePolicy: 'Replace',
      deletionPolicy: 'None',
      refreshInterval: '1h0m0s',
    });
    expect(push.remoteKey).toBe('imported-certs/app-cert');
    expect(push.pushSecret.name).toBe('push-generated-cert');
    expect(JSON.stringify(pushSecret)).not.toMatch(/tls\.key/);
    expectConformant(chart);
    expect(new CompliancePack().evaluate(chart).errors).toEqual([]);
  });

  test('a whole-value push to AWS, or through a ClusterSecretStore scoped by conditions (reported as ZT-ESO4)', () => {
    const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
    const pusher = new kplus.ServiceAccount(chart, 'pusher', { metadata: { name: 'cert-pusher' }, automountToken: false });
    const aws = new SecretStore(chart, 'aws', {
      metadata: { name: 'aws-secrets' },
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', serviceAccount: pusher }),
    });
    new CertificatePush(chart, 'to-aws', {
      metadata: { name: 'to-aws' },
      certificate: kplus.Secret.fromSecretName(chart, 'c1', 'generated-mtls-cert'),
      store: aws,
      remoteKey: 'ci-cd/app-cert',
      refreshInterval: Duration.minutes(30),
    });
    const shared = new ClusterSecretStore(chart, 'shared', {
      metadata: { name: 'shared-vault' },
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'pusher', serviceAccount: pusher, audiences: ['vault'] }) }),
      conditions: [NamespaceCondition.names(['ci-cd'])],
    });
    new CertificatePush(chart, 'to-shared', {
      metadata: { name: 'to-shared' },
      certificate: kplus.Secret.fromSecretName(chart, 'c2', 'generated-mtls-cert'),
      store: shared,
      remoteKey: 'imported-certs/app-cert',
      property: 'certificate',
    });
    const [toAws, toShared] = objects(chart, 'PushSecret');
    expect(toAws.spec.data[0].match.remoteRef).toEqual({ remoteKey: 'ci-cd/app-cert' });
    expect(toAws.spec.refreshInterval).toBe('30m0s');
    expect(toShared.spec.secretStoreRefs).toEqual([{ kind: 'ClusterSecretStore', name: 'shared-vault' }]);
    expectConformant(chart);
    const report = new CompliancePack().evaluate(chart);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map(f => f.ruleId)).toEqual(['ZT-ESO4']);
  });

  describe('rejects', () => {
    function push(overrides: any = {}, chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' })) {
      return new CertificatePush(chart, 'cert', {
        certificate: kplus.Secret.fromSecretName(chart, 'cert-secret', 'generated-mtls-cert'),
        store: overrides.store ?? vaultCertStore(chart),
        remoteKey: 'imported-certs/app-cert',
        property: 'certificate',
        ...overrides,
      });
    }

    test('a store on ESO\'s read-only IBM Secrets Manager provider', () => {
      const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
      const ibm = new ClusterSecretStore(chart, 'ibm', {
        metadata: { name: 'ibm-secrets-manager' },
        provider: SecretStoreProvider.ibmSecretsManager({ serviceUrl: 'https://instance.eu-de.secrets-manager.appdomain.cloud', trustedProfile: 'eso-ci' }),
        conditions: [NamespaceCondition.names(['ci-cd'])],
      });
      expect(() => push({ store: ibm }, chart)).toThrow(/'store' \(ClusterSecretStore ibm-secrets-manager\) uses ESO's IBM Secrets Manager provider, which is read-only: ESO refuses every push to it; publish/);
    });

    test('a Vault store without a property', () => {
      expect(() => push({ property: undefined })).toThrow(/'property' is required for Vault store vault-certs: a Vault KV entry is a map and ESO parses a whole-value push as JSON, which a PEM certificate is not/);
    });

    test('an empty property', () => {
      expect(() => push({ property: ' ' })).toThrow(/'property' is empty; omit it to write the whole remote value/);
    });

    test('a refresh below a minute, like the reference\'s 10 seconds', () => {
      expect(() => push({ refreshInterval: Duration.seconds(10) })).toThrow(/'refreshInterval' \(10s\) must be at least 1m0s/);
    });

    test('a certificate Secret in another namespace', () => {
      const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
      const secret = new kplus.Secret(chart, 'other', { metadata: { name: 'generated-mtls-cert', namespace: 'tools' } });
      expect(() => push({ certificate: secret }, chart)).toThrow(/'certificate' \(tools\/generated-mtls-cert\) must be in the PushSecret's namespace ci-cd: ESO reads the source Secret only there/);
    });

    test('a remote key outside the store\'s key prefix', () => {
      const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
      expect(() => push({ store: vaultCertStore(chart, 'ci-cd/'), remoteKey: 'imported-certs/app-cert' }, chart))
        .toThrow(/'data\[tls.crt\].remoteKey' \(imported-certs\/app-cert\) does not start with ci-cd\/, the key prefix of store 'vault-certs'/);
    });
  });
});

describeWithShared('S2 reference YAML against the pattern', () => {
  const reference = (file: string) => YAML.parse(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', file), 'utf8'));

  test('the reference generator and PushSecret are flagged; the pattern\'s replacements are not', () => {
    const flagged = new CompliancePack().evaluateManifests([reference('001-vault-dynamic-secret.yaml'), reference('001-push-secret.yaml')]);
    expect([...new Set([...flagged.errors, ...flagged.warnings].map(f => f.ruleId))].sort()).toEqual(['ZT-ESO4', 'ZT-ESO6']);
    const push = reference('001-push-secret.yaml').spec;
    expect([push.refreshInterval, push.deletionPolicy, push.secretStoreRefs[0].kind]).toEqual(['10s', 'Delete', 'ClusterSecretStore']);
    const generator = reference('001-vault-dynamic-secret.yaml').spec;
    expect(generator.provider.auth.kubernetes.serviceAccountRef.audiences).toBeUndefined();

    const { chart } = build();
    const ours = only(chart, 'VaultDynamicSecret').spec;
    expect(ours.provider.server).toMatch(/^https:/);
    expect(ours.provider.auth.kubernetes.serviceAccountRef.audiences).toEqual(['vault']);
  });
});

describeWithShared('example dynamic-db-pipeline', () => {
  const available = exampleNames().includes('dynamic-db-pipeline');
  (available ? test : test.skip)('its Tekton output passes tekton-lint with no problem', () => {
    const tekton = objectsOf(committedOutput('dynamic-db-pipeline')).filter(o => o.apiVersion?.startsWith('tekton.dev/'));
    expect(tekton.map(o => o.kind).sort()).toEqual(['Pipeline', 'Pipeline', 'PipelineRun', 'PipelineRun', 'Task', 'Task']);
    expect(expectTektonLintClean(tekton)).toEqual([]);
  });
});
