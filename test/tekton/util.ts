import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectTektonLintClean } from './tekton-lint';
import { ImageReference } from '../../src/tekton';
import { expectConformant, ObjectReport } from '../conformance/harness';

export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const FLYWAY = ImageReference.digest('docker.io/flyway/flyway', DIGEST, { tag: '11.3.0' });
export const ALPINE = ImageReference.digest('docker.io/library/alpine', `sha256:${'b'.repeat(64)}`);

export function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'ci-cd' });
}

export function serviceAccount(scope: Chart, name = 'pipeline'): kplus.IServiceAccount {
  const existing = scope.node.tryFindChild(`sa-${name}`) as kplus.IServiceAccount | undefined;
  return existing ?? kplus.ServiceAccount.fromServiceAccountName(scope, `sa-${name}`, name);
}

/**
 * The checks every valid Tekton chart passes: CRD schema, core kinds and Kyverno (expectConformant) and
 * tekton-lint. Returns the Kyverno findings that are documented quirks, which must be NET_RAW only.
 */
export function expectValid(subject: Chart): ObjectReport[] {
  const reports = expectConformant(subject);
  const quirks = reports.flatMap(r => r.findings.filter(f => f.severity === 'quirk').map(f => f.message));
  for (const q of quirks) expect(q).toMatch(/drop-cap-net-raw/);
  expectTektonLintClean(subject);
  return reports;
}
