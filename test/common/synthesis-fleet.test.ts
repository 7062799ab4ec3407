import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildFleet } from '../../examples/multi-tenant-fleet/fleet';
import { Synthesis } from '../../src/common';

/** Every file under `dir` (path relative to it → text). */
function tree(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir).sort().map(name => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

/** The fleet of the benchmark, built into `outdir` (cdk8s reads CDK8S_OUTDIR when the App is created). */
function fleetIn(outdir: string, tenants: number, compliance = true): App {
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    return buildFleet({ tenants, compliance }).app;
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
  }
}

/**
 * The drop-in for `cdk8s synth` apps on the benchmark's fleet (a chart per tenant, the compliance pack on the App):
 * the same files as app.synth(), which validates the whole App once per chart.
 */
describe('Synthesis.synth on the multi-tenant fleet', () => {
  // stock cdk8s runs every validation once per chart: with the pack that is 101 runs of it over the whole fleet at
  // 100 tenants (half a minute on CI); the pack writes nothing into this fleet, so there the stock side runs without it
  for (const [tenants, stockCompliance] of [[10, true], [100, false]] as const) {
    test(`${tenants} tenants: byte-identical files to app.synth()${stockCompliance ? '' : ' (without the pack)'}`, () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-synth-'));
      try {
        Synthesis.synth(fleetIn(path.join(root, 'ours'), tenants));
        fleetIn(path.join(root, 'stock'), tenants, stockCompliance).synth();
        const ours = tree(path.join(root, 'ours'));
        const stock = tree(path.join(root, 'stock'));
        // a chart per tenant plus the management chart
        expect(ours.size).toBe(tenants + 1);
        expect([...ours.keys()]).toEqual([...stock.keys()]);
        for (const [file, text] of stock) expect({ file, text: ours.get(file) }).toEqual({ file, text });
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
