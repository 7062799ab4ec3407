// Prints, after the jest run, what the conformance harness checked: the objects tests asserted to conform (a
// failing assertion fails its test), warnings and known quirks among them, per kind, and the figures tests
// recorded (e.g. agreement with openshift/api's own test cases).
// Test files write JSON lines into .conformance-cache/run (see harness.ts); this reporter runs in jest's
// main process, so it clears that folder before the run and aggregates it afterwards.
const fs = require('fs');
const path = require('path');

const RUN_DIR = path.resolve(__dirname, '../../.conformance-cache/run');

class ConformanceSummaryReporter {
  onRunStart() {
    fs.rmSync(RUN_DIR, { recursive: true, force: true });
  }

  onRunComplete() {
    if (!fs.existsSync(RUN_DIR)) return;
    const records = fs.readdirSync(RUN_DIR)
      .flatMap(f => fs.readFileSync(path.join(RUN_DIR, f), 'utf8').split('\n'))
      .filter(Boolean)
      .map(line => JSON.parse(line));
    const objects = records.filter(r => r.type === 'object');
    const figures = records.filter(r => r.type === 'figure');
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

module.exports = ConformanceSummaryReporter;
