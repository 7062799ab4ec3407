import * as fs from 'fs';
import * as path from 'path';
import { renderRulesMarkdown } from '../../src/compliance/rules-doc';

/**
 * src/compliance/RULES.md is generated from the rules' metadata. When this test fails, regenerate it with
 * `UPDATE_RULES_MD=1 npx jest test/compliance/rules-md.test.ts --coverage=false` and commit the result.
 */
const RULES_MD = path.resolve(__dirname, '../../src/compliance/RULES.md');

test('RULES.md is current', () => {
  const expected = renderRulesMarkdown();
  if (process.env.UPDATE_RULES_MD) fs.writeFileSync(RULES_MD, expected);
  expect(fs.existsSync(RULES_MD) ? fs.readFileSync(RULES_MD, 'utf8') : '(missing)').toEqual(expected);
});
