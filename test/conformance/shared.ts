import * as fs from 'fs';
import * as path from 'path';

/**
 * `../shared` beside the project holds the upstream CRDs, Kyverno policies and reference scenarios we test
 * against. It is not part of the project (we never commit upstream files), so a fresh clone elsewhere may
 * not have it: the tests that need it skip, and the run ends with one line saying so (summary-reporter.js).
 * `ZT_SHARED_DIR` points elsewhere; CI sets it to a missing folder to prove that the suite stands alone.
 *
 * Only read it through `describeWithShared`/`testWithShared` (or `expectConformant`, which checks nothing
 * without it): anything else that touches these paths without it fails with `sharedPath()`'s message.
 */
export const SHARED_DIR = process.env.ZT_SHARED_DIR
  ? path.resolve(process.env.ZT_SHARED_DIR)
  : path.resolve(__dirname, '../../../shared');
export const CRDS_DIR = path.join(SHARED_DIR, 'crds');
export const KYVERNO_DIR = path.join(SHARED_DIR, 'policies', 'kyverno');
export const SCENARIOS_DIR = path.join(SHARED_DIR, 'scenarios');

export const SHARED_AVAILABLE = fs.existsSync(CRDS_DIR);

/** Where test files leave JSON lines for summary-reporter.js, which names the run and clears its folder first. */
export function statsDir(): string {
  return path.resolve(__dirname, '../../.conformance-cache/run', process.env.ZT_CONFORMANCE_RUN ?? 'unnamed');
}

/** Appends one record for the run summary. */
export function recordStat(record: object): void {
  const dir = statsDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, `${process.pid}.jsonl`), JSON.stringify(record) + '\n');
}

/** Records that something needing ../shared did not run; the reporter prints one line per run for all of them. */
export function recordSharedSkip(what: 'block' | 'test' | 'check', name: string): void {
  recordStat({ type: 'shared-skip', what, name, dir: SHARED_DIR });
}

/**
 * `file` under ../shared; throws a message naming the guard to use when ../shared is absent (the harness
 * reads every upstream file through this, so an unguarded read fails the stand-alone CI pass clearly).
 */
export function sharedPath(...parts: string[]): string {
  if (!SHARED_AVAILABLE) {
    throw new Error(`${path.join(SHARED_DIR, ...parts)} is missing: wrap tests that read ../shared in describeWithShared() or testWithShared() from test/conformance/shared.ts`);
  }
  return path.join(SHARED_DIR, ...parts);
}

/**
 * `describe` when ../shared is present; otherwise `describe.skip`. Jest still runs a skipped block's body to
 * collect its tests (so their snapshots are not reported obsolete), and some bodies read ../shared while
 * collecting: such a read is caught here and the rest of the block becomes one skipped test.
 */
export function describeWithShared(name: string, fn: () => void): void {
  if (SHARED_AVAILABLE) {
    describe(name, fn);
    return;
  }
  recordSharedSkip('block', name);
  describe.skip(name, () => {
    try {
      fn();
    } catch {
      test.skip(`(needs ${SHARED_DIR})`, () => undefined);
    }
  });
}

/** `test` when ../shared is present; otherwise a skipped test, for a single test among ones that do not need it. */
export function testWithShared(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (SHARED_AVAILABLE) {
    test(name, fn, timeout);
    return;
  }
  recordSharedSkip('test', name);
  // the same name, so that its snapshots count as skipped rather than obsolete
  test.skip(name, fn, timeout);
}
