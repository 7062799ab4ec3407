import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import { tektonLint } from './tekton-lint';
import { chart, DIGEST, expectValid, serviceAccount } from './util';
import { ImageReference, ParamValue, Pipeline, PipelineRun, Task } from '../../src/tekton';
import { checkObject } from '../conformance/harness';
import { describeWithShared, SCENARIOS_DIR } from '../conformance/shared';

/** Scenario S2's Flyway Task: what the reference YAML gets wrong, and the same Task built with this library. */
describeWithShared('scenario S2 Tekton task', () => {
  const reference = () => YAML.parse(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '001-tekton-task.yaml'), 'utf8'));

  test('the reference Task: served but old API version, latest image, no security context, no resources', () => {
    const findings = checkObject(reference()).findings;
    expect(findings.filter(f => f.source === 'api-version').map(f => f.severity)).toEqual(['warning']);
    const kyverno = findings.filter(f => f.source === 'kyverno' && f.severity === 'error').map(f => f.message.split(':')[0]);
    expect(kyverno).toEqual([
      'disallow-capabilities-strict/require-drop-all',
      'disallow-latest-tag/require-and-validate-image-tag',
      'disallow-privilege-escalation/privilege-escalation',
      'drop-all-capabilities/require-drop-all',
      'drop-cap-net-raw/require-drop-cap-net-raw',
      'require-image-checksum/require-image-checksum',
      'require-requests-limits/validate-resources',
      'require-ro-rootfs/validate-readOnlyRootFilesystem',
      'require-run-as-nonroot/run-as-non-root',
    ]);
    expect(tektonLint([reference()]).map(p => p.rule)).toEqual(expect.arrayContaining(['no-latest-image']));
  });

  test('ours: tekton.dev/v1, pinned, hardened, credentials read from a read-only volume, run by its own service account', () => {
    const c = chart();
    const task = new Task(c, 'flyway', {
      metadata: { name: 'flyway-migration' },
      runAsUser: 1000,
      params: [{ name: 'db-url' }],
      steps: [{
        name: 'migrate',
        image: ImageReference.digest('docker.io/flyway/flyway', DIGEST, { tag: '11.3.0' }),
        script: 'FLYWAY_USER="$(cat /etc/secrets/username)" FLYWAY_PASSWORD="$(cat /etc/secrets/password)" flyway -url="$(params.db-url)" migrate',
      }],
    });
    task.mountCredentials(kplus.Secret.fromSecretName(c, 'db', 'db-dynamic-secret'), '/etc/secrets', { items: { username: 'username', password: 'password' } });
    const pipeline = new Pipeline(c, 'pipeline', { metadata: { name: 'db-migration' }, params: [{ name: 'db-url' }] });
    pipeline.addTask('migrate', { task, params: { 'db-url': ParamValue.string('$(params.db-url)') }, timeout: Duration.minutes(15) });
    new PipelineRun(c, 'run', {
      metadata: { name: 'db-migration-run' },
      pipeline,
      serviceAccount: serviceAccount(c, 'db-migrator'),
      params: { 'db-url': ParamValue.string('jdbc:postgresql://prod-db:5432/mydb') },
      timeout: Duration.minutes(20),
      fsGroup: 65532,
    });
    const reports = expectValid(c);
    expect(reports.flatMap(r => r.findings.filter(f => f.severity !== 'quirk'))).toEqual([]);
    const [t, p, r] = Testing.synth(c);
    expect([t.apiVersion, p.apiVersion, r.apiVersion]).toEqual(['tekton.dev/v1', 'tekton.dev/v1', 'tekton.dev/v1']);
    expect(t.spec.steps[0].env).toBeUndefined();
    expect(t.spec.volumes[1].secret).toEqual({ secretName: 'db-dynamic-secret', defaultMode: 0o440, items: [{ key: 'password', path: 'password' }, { key: 'username', path: 'username' }] });
    expect(p.spec.tasks[0].timeout).toBe('15m0s');
    expect(r.spec.taskRunTemplate.serviceAccountName).toBe('db-migrator');
  });
});
