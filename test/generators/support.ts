import { Chart, Testing } from 'cdk8s';
import { expectConformant, expectDefaultsEmitted } from '../conformance/harness';

export function tenantChart(namespace = 'team-a'): Chart {
  return new Chart(Testing.app(), 'tenant', { namespace });
}

export function objectOf(chart: Chart, kind: string): any {
  const obj = Testing.synth(chart).find((o: any) => o.kind === kind);
  if (!obj) throw new Error(`no ${kind} in chart`);
  return obj;
}

/** Snapshot, conformance, and the defaulting fixed point (CRD defaults change nothing). */
export function expectGoodChart(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expect(manifests).toMatchSnapshot();
  expectConformant(chart);
  for (const obj of manifests.filter((o: any) => o.apiVersion.includes('external-secrets.io'))) expectDefaultsEmitted(obj);
  return manifests;
}
