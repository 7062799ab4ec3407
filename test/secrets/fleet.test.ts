import { performance } from 'perf_hooks';
import { buildFleet } from '../../examples/multi-tenant-fleet/fleet';
import { Synthesis } from '../../src/common/synthesis';
import { clearScanCache, scanManifest } from '../../src/compliance/secrets';
import { recordFigure } from '../conformance/harness';

// The scanner runs on every synthesized object: measured on the 1,000-tenant fleet (16,001 objects).
describe('fleet scan', () => {
  let manifests: any[];

  beforeAll(() => {
    const fleet = buildFleet({ tenants: 1000, compliance: false });
    manifests = Synthesis.appManifests(fleet.app).flatMap(c => c.manifests);
  });

  test('16,001 manifests without a finding, cold and warm', () => {
    expect(manifests.length).toBe(16001);
    const time = () => {
      const start = performance.now();
      let findings = 0;
      for (const m of manifests) findings += scanManifest(m).length;
      return { ms: performance.now() - start, findings };
    };
    clearScanCache();
    const cold = time();
    const warm = [time(), time(), time()].sort((a, b) => a.ms - b.ms);
    expect(cold.findings).toBe(0);
    expect(warm[0].findings).toBe(0);
    const figure = `${manifests.length} manifests: cold ${cold.ms.toFixed(0)} ms, warm ${warm[1].ms.toFixed(0)} ms (median of 3)`;
    recordFigure('credential scanner fleet scan', figure);
    // eslint-disable-next-line no-console
    console.log(`Credential scanner fleet scan: ${figure}`);
    // the target is 400 ms warm on 2 cores; the bound here leaves room for a loaded CI machine
    expect(warm[1].ms).toBeLessThan(2000);
  });
});
