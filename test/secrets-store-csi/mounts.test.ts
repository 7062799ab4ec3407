import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { chart, everyProvider, hardenedDeployment, vaultProvider } from './fixtures';
import { CompliancePack } from '../../src/compliance';
import { CsiAzureAuth, CsiAzureObjectType, CsiSecretProvider, SecretProviderClass } from '../../src/secrets-store-csi';
import { Task, TaskRun, TaskSpec } from '../../src/tekton';
import { expectConformant } from '../conformance/harness';
import { ALPINE, expectValid, FLYWAY, serviceAccount } from '../tekton/util';
import { validationError } from '../validation-error';

const CSI_VOLUME = {
  name: 'secrets-store-db-credentials',
  csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'db-credentials' } },
};

function migration(c: Chart): Task {
  return new Task(c, 'task', {
    metadata: { name: 'migrate' },
    runAsUser: 1000,
    steps: [
      { name: 'migrate', image: FLYWAY, script: 'flyway -user="$(cat /mnt/db/username)" -password="$(cat /mnt/db/password)" migrate' },
      { name: 'report', image: ALPINE, script: 'echo done' },
    ],
    sidecars: [{ name: 'proxy', image: ALPINE, script: 'sleep 1' }],
  });
}

function azureServicePrincipal(c: Chart): SecretProviderClass {
  return new SecretProviderClass(c, 'sp', {
    metadata: { name: 'azure-sp' },
    provider: CsiSecretProvider.azure({
      keyVaultName: 'kv1',
      tenantId: '00000000-0000-0000-0000-000000000000',
      objects: [{ objectName: 'db-password', objectType: CsiAzureObjectType.SECRET }],
      auth: CsiAzureAuth.servicePrincipal({
        credentials: kplus.Secret.fromSecretName(c, 'sp-secret', 'kv-sp-credentials'),
        acknowledgeStaticCredentials: 'the cluster runs outside Azure without federation',
      }),
    }),
  });
}

describe('mounting a SecretProviderClass', () => {
  describe('in a Tekton Task', () => {
    test('every step reads the files through a read-only CSI volume; no Secret; Kyverno, tekton-lint and the pack pass', () => {
      const c = chart();
      const { vault } = everyProvider(c);
      const task = migration(c);
      const mount = task.mountCsiSecrets(vault, '/mnt/db/');
      expect([mount.mountPath, mount.volumeName, mount.secretProviderClass]).toEqual(['/mnt/db', 'secrets-store-db-credentials', vault]);
      expect(mount.filePath('password')).toBe('/mnt/db/password');
      expect(mount.filePaths).toEqual(['/mnt/db/username', '/mnt/db/password']);
      new TaskRun(c, 'run', { metadata: { name: 'migrate-once' }, task, serviceAccount: serviceAccount(c, 'ci-migrate') });
      const manifests = Testing.synth(c);
      const spec = manifests.find((m: any) => m.kind === 'Task').spec;
      expect(spec.volumes).toContainEqual(CSI_VOLUME);
      for (const step of spec.steps) expect(step.volumeMounts).toContainEqual({ name: CSI_VOLUME.name, mountPath: '/mnt/db', readOnly: true });
      expect(spec.sidecars[0].volumeMounts).not.toContainEqual(expect.objectContaining({ name: CSI_VOLUME.name }));
      expect(manifests.filter((m: any) => m.kind === 'Secret')).toEqual([]);
      expectValid(c);
      const report = new CompliancePack().evaluate(c);
      expect([...report.errors, ...report.warnings]).toEqual([]);
    });

    test('only the named steps; several classes side by side', () => {
      const c = chart();
      const { vault, gcp } = everyProvider(c);
      const task = migration(c);
      task.mountCsiSecrets(vault, '/mnt/db', { steps: ['migrate'] });
      const config = task.mountCsiSecrets(gcp, '/mnt/config');
      expect(config.filePath('config/api-key')).toBe('/mnt/config/config/api-key');
      const steps = Testing.synth(c).find((m: any) => m.kind === 'Task').spec.steps;
      expect(steps[0].volumeMounts.map((m: any) => m.name)).toEqual(['writable-tmp', 'secrets-store-db-credentials', 'secrets-store-gcp-app']);
      expect(steps[1].volumeMounts.map((m: any) => m.name)).toEqual(['writable-tmp', 'secrets-store-gcp-app']);
      expectValid(c);
    });

    test('static credentials of the provider go in the volume\'s nodePublishSecretRef', () => {
      const c = chart();
      const task = migration(c);
      task.mountCsiSecrets(azureServicePrincipal(c), '/mnt/kv');
      const volume = Testing.synth(c).find((m: any) => m.kind === 'Task').spec.volumes.find((v: any) => v.csi);
      expect(volume.csi.nodePublishSecretRef).toEqual({ name: 'kv-sp-credentials' });
      expectValid(c);
    });

    test('an inline TaskSpec and an imported class', () => {
      const c = chart();
      const spec = new TaskSpec({ steps: [{ name: 'run', image: ALPINE, script: 'cat /mnt/s/token' }] });
      const imported = SecretProviderClass.fromSecretProviderClassName(c, 'imported', 'shared-creds');
      const mount = spec.mountCsiSecrets(imported, '/mnt/s');
      expect(mount.filePath('token')).toBe('/mnt/s/token');
      expect(mount.filePaths).toEqual([]);
      new TaskRun(c, 'run', { metadata: { name: 'inline' }, taskSpec: spec, serviceAccount: serviceAccount(c) });
      const volumes = Testing.synth(c).find((m: any) => m.kind === 'TaskRun').spec.taskSpec.volumes;
      expect(volumes).toContainEqual({ name: 'secrets-store-shared-creds', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'shared-creds' } } });
      expectValid(c);
    });

    test('refuses another namespace, a second mount, unknown or no steps, overlapping or reserved paths, unknown files', () => {
      const c = chart();
      const { vault } = everyProvider(c);
      const elsewhere = SecretProviderClass.fromSecretProviderClassAttributes(c, 'elsewhere', { name: 'db', namespace: 'team-a' });
      const task = migration(c);
      expect(validationError(() => task.mountCsiSecrets(elsewhere, '/mnt/db'), 'test/task').message)
        .toMatch(/the SecretProviderClass is in namespace "team-a" but the Task in "ci-cd"/);
      const mount = task.mountCsiSecrets(vault, '/mnt/db');
      expect(validationError(() => task.mountCsiSecrets(vault, '/mnt/other'), 'test/task').message).toMatch(/'db-credentials' is already mounted/);
      const other = SecretProviderClass.fromSecretProviderClassName(c, 'other', 'other');
      expect(validationError(() => task.mountCsiSecrets(other, '/mnt/x', { steps: ['nope'] }), 'test/task').message).toMatch(/'steps' names 'nope', which is not a step/);
      expect(validationError(() => task.mountCsiSecrets(other, '/mnt/x', { steps: [] }), 'test/task').message).toMatch(/'steps' is empty/);
      expect(validationError(() => task.mountCsiSecrets(other, '/mnt/db/sub'), 'test/task').message).toMatch(/overlaps \/mnt\/db/);
      expect(validationError(() => task.mountCsiSecrets(other, '/tekton/x'), 'test/task').message).toMatch(/under \/tekton\//);
      expect(validationError(() => task.mountCsiSecrets(other, 'mnt'), 'test/task').message).toMatch(/must be an absolute path/);
      expect(validationError(() => mount.filePath('pass'), undefined).message).toMatch(/'fileName' \("pass"\) is not written by SecretProviderClass "db-credentials" \(files: username, password\)/);
      expect(validationError(() => mount.filePath('../x'), undefined).message).toMatch(/'fileName' .* must be a relative file path/);
    });
  });

  describe('in a cdk8s-plus workload', () => {
    test('mountReadOnly: a read-only CSI volume, conformant and clean for the pack', () => {
      const c = chart();
      const { vault } = everyProvider(c);
      const deployment = hardenedDeployment(c);
      const mount = vault.mountReadOnly(deployment.containers[0], '/mnt/db');
      expect(mount.filePath('username')).toBe('/mnt/db/username');
      expect(vault.toVolume()).toBe(vault.toVolume('secrets-store-db-credentials'));
      const pod = Testing.synth(c).find((m: any) => m.kind === 'Deployment').spec.template.spec;
      expect(pod.volumes).toEqual([CSI_VOLUME]);
      expect(pod.containers[0].volumeMounts).toEqual([{ name: CSI_VOLUME.name, mountPath: '/mnt/db', readOnly: true }]);
      expectConformant(c);
      const report = new CompliancePack().evaluate(c);
      expect([...report.errors, ...report.warnings]).toEqual([]);
    });

    test('an imported class, a named volume', () => {
      const c = chart();
      const imported = SecretProviderClass.fromSecretProviderClassAttributes(c, 'imported', { name: 'shared.creds', fileNames: ['token'] });
      const deployment = hardenedDeployment(c);
      const mount = imported.mountReadOnly(deployment.containers[0], '/mnt/shared');
      expect(mount.volumeName).toBe('secrets-store-shared-creds');
      expect(mount.filePaths).toEqual(['/mnt/shared/token']);
      const job = new kplus.Job(c, 'job', { containers: [{ image: `registry.example.com/job@sha256:${'c'.repeat(64)}` }] });
      job.addVolume(imported.toVolume('creds'));
      expect(Testing.synth(c).find((m: any) => m.kind === 'Job').spec.template.spec.volumes).toContainEqual({
        name: 'creds', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'shared.creds' } },
      });
    });

    test('refuses static credentials, overlapping or bad paths and bad volume names', () => {
      const c = chart();
      const sp = azureServicePrincipal(c);
      const deployment = hardenedDeployment(c);
      expect(validationError(() => sp.mountReadOnly(deployment.containers[0], '/mnt/kv'), 'test/sp').message)
        .toMatch(/authenticates with the Secret "kv-sp-credentials" \(nodePublishSecretRef\), which a cdk8s-plus volume cannot carry/);
      const spc = new SecretProviderClass(c, 'db', { metadata: { name: 'db' }, provider: vaultProvider(c) });
      spc.mountReadOnly(deployment.containers[0], '/mnt/db');
      expect(validationError(() => spc.mountReadOnly(deployment.containers[0], '/mnt'), 'test/db').message).toMatch(/overlaps \/mnt\/db, already mounted/);
      expect(validationError(() => spc.mountReadOnly(deployment.containers[0], '/'), 'test/db').message).toMatch(/must be an absolute path other than '\/'/);
      expect(validationError(() => spc.mountReadOnly(deployment.containers[0], '/mnt/../etc'), 'test/db').message).toMatch(/without '\.\.'/);
      expect(validationError(() => spc.toVolume('Bad_Name'), 'test/db').message).toMatch(/'volume name'/);
    });
  });
});
