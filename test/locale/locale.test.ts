/**
 * Output does not depend on the machine's locale: every example and one of every construct synthesize to the
 * same bytes under the C locale and under locales whose collation or case mapping differ from it (Danish sorts
 * "aa" after "z", Lithuanian sorts "y" with "i", Turkish lowercases "I" to a dotless "ı"). Each locale runs in
 * its own process, since Node fixes its default locale at start.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';

const ROOT = path.join(__dirname, '..', '..');
const LOCALES = ['C.UTF-8', 'da_DK.UTF-8', 'lt_LT.UTF-8', 'tr_TR.UTF-8'];

async function synthUnder(locale: string): Promise<{ locale: string; lines: string[] }> {
  // a pinned date: GitlabDeployToken's default expiry follows it, and the runs must not straddle a UTC midnight
  const env = {
    ...process.env,
    SOURCE_DATE_EPOCH: '1767225600',
    LANG: locale,
    LC_ALL: locale,
    TS_NODE_TRANSPILE_ONLY: 'true',
    TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'),
  };
  const script = path.join(__dirname, 'synth-everything.ts');
  const { stdout } = await promisify(execFile)(process.execPath,
    ['-r', 'ts-node/register', script],
    { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  return { locale, lines: stdout.trim().split('\n') };
}

describe('locale', () => {
  test('the child processes really run under the locale (Danish collation differs from code-unit order)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', "process.stdout.write(['aa', 'z'].sort((a, b) => a.localeCompare(b)).join(' '))"],
      { env: { ...process.env, LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8' } });
    expect(stdout).toBe('z aa');
  });

  test('every example and every construct synthesize to the same bytes under C, da_DK, lt_LT and tr_TR', async () => {
    const runs = [];
    // two at a time: the machine the suite runs on may have two cores
    for (let i = 0; i < LOCALES.length; i += 2) runs.push(...await Promise.all(LOCALES.slice(i, i + 2).map(synthUnder)));
    const reference = runs[0].lines;
    expect(reference.length).toBeGreaterThan(40);
    for (const run of runs.slice(1)) {
      const differing = run.lines.filter((line, i) => line !== reference[i]);
      expect({ locale: run.locale, differing, files: run.lines.length }).toEqual({ locale: run.locale, differing: [], files: reference.length });
    }
  });
});
