// Prints, after the jest run, what the conformance harness checked: the objects tests asserted to conform (a
// failing assertion fails its test), warnings and known quirks among them, per kind, and the figures tests
// recorded (e.g. agreement with openshift/api's own test cases); without ../shared, one line saying what was skipped.
// Test files write JSON lines into .conformance-cache/run/<run> (see shared.ts); this reporter runs in jest's
// main process, names the run (workers inherit the variable, so runs side by side in one checkout stay apart),
// clears its folder before the run and aggregates it afterwards.
const fs = require('fs');
const path = require('path');

const RUN_ROOT = path.resolve(__dirname, '../../.conformance-cache/run');

class ConformanceSummaryReporter {
  constructor() {
    process.env.ZT_CONFORMANCE_RUN = String(process.pid);
    this.runDir = path.join(RUN_ROOT, process.env.ZT_CONFORMANCE_RUN);
  }

  onRunStart() {
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }

  onRunComplete() {
    const RUN_DIR = this.runDir;
    if (!fs.existsSync(RUN_DIR)) return;
    const records = fs.readdirSync(RUN_DIR)
      .flatMap(f => fs.readFileSync(path.join(RUN_DIR, f), 'utf8').split('\n'))
      .filter(Boolean)
      .map(line => JSON.parse(line));
    fs.rmSync(RUN_DIR, { recursive: true, force: true });
    const objects = records.filter(r => r.type === 'object');
    const figures = records.filter(r => r.type === 'figure');
    const skips = records.filter(r => r.type === 'shared-skip');
    // eslint-disable-next-line no-console
    if (skips.length > 0) console.log(skipLine(skips));
    if (objects.length === 0 && figures.length === 0) return;

    const distinct = new Map(objects.map(o => [o.id, o]));
    const warnings = [...distinct.values()].reduce((n, o) => n + o.warnings, 0);
    const quirks = [...distinct.values()].reduce((n, o) => n + o.quirks, 0);
    const perKind = new Map();
    for (const o of distinct.values()) perKind.set(o.kind, (perKind.get(o.kind) ?? 0) + 1);

    const lines = ['', 'Conformance harness:'];
    lines.push(`  objects asserted conformant: ${objects.length} (${distinct.size} distinct), 0 errors; on the distinct objects: ${warnings} warning(s), ${quirks} known Kyverno quirk finding(s)`);
    lines.push(`  distinct objects per kind: ${[...perKind].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const f of figures.sort((a, b) => a.name.localeCompare(b.name))) lines.push(`  ${f.name}: ${f.value}`);
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
  }
}

/** The one line a run without ../shared prints (test/conformance/shared.ts records each skip). */
function skipLine(skips) {
  const count = what => skips.filter(s => s.what === what).length;
  return `\nConformance skipped: ${skips[0].dir} is missing (the upstream CRDs, Kyverno policies and scenarios; `
    + 'set ZT_SHARED_DIR or put ../shared beside the project): '
    + `${count('check')} harness check(s) not run (expectConformant only synthesized), ${count('block') + count('test')} block(s) and test(s) skipped`;
}

module.exports = ConformanceSummaryReporter;
