import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { VaultOperatorAuthentication } from '../../src/vault';

/** A chart in namespace `ci-cd` with the operator's service account and the pipeline's. */
export function ciChart(): { chart: Chart; auth: VaultOperatorAuthentication; pipeline: kplus.ServiceAccount } {
  const chart = new Chart(Testing.app(), 'ci', { namespace: 'ci-cd' });
  const operator = new kplus.ServiceAccount(chart, 'operator', { metadata: { name: 'vault-config' } });
  const pipeline = new kplus.ServiceAccount(chart, 'pipeline', { metadata: { name: 'pipeline-sa' } });
  return { chart, pipeline, auth: { role: 'vault-admin', serviceAccount: operator } };
}

/** The synthesized objects of `kind`. */
export function objectsOf(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter(o => o.kind === kind);
}
