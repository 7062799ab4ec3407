import * as fs from 'fs';
import * as path from 'path';

/**
 * `../shared` beside the project holds the upstream CRDs, Kyverno policies and reference scenarios we test
 * against. It is not part of the project (we never commit upstream files), so a fresh clone elsewhere may
 * not have it: tests that need it skip with one line saying why.
 */
export const SHARED_DIR = path.resolve(__dirname, '../../../shared');
export const CRDS_DIR = path.join(SHARED_DIR, 'crds');
export const KYVERNO_DIR = path.join(SHARED_DIR, 'policies', 'kyverno');
export const SCENARIOS_DIR = path.join(SHARED_DIR, 'scenarios');

export const SHARED_AVAILABLE = fs.existsSync(CRDS_DIR);

export const SHARED_MISSING_REASON = `skipped: ${SHARED_DIR} is missing (the upstream CRDs and policies live in ../shared beside the project)`;

let reported = false;

/** `describe` when ../shared is present; otherwise a skipped block whose name says why (printed once). */
export function describeWithShared(name: string, fn: () => void): void {
  if (SHARED_AVAILABLE) {
    describe(name, fn);
    return;
  }
  if (!reported) {
    reported = true;
    // eslint-disable-next-line no-console
    console.warn(SHARED_MISSING_REASON);
  }
  describe.skip(`${name} (${SHARED_MISSING_REASON})`, fn);
}
