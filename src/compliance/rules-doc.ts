import { CompliancePack } from './pack';

function cell(text: string): string {
  // `<` would open an HTML tag in rendered Markdown and hide placeholders such as <digest>
  return text.replace(/\|/g, '\\|').replace(/</g, '\\<').replace(/\n/g, ' ');
}

/** `src/compliance/RULES.md`, generated from the rules' metadata (test/compliance/rules-md.test.ts keeps it current). */
export function renderRulesMarkdown(): string {
  const rows = CompliancePack.rules.map(r =>
    `| ${r.id} | ${r.level} | ${cell(r.message)} | ${cell(r.explanation)} | ${cell(r.anchors.join('; '))} |`);
  return [
    '# Compliance rules',
    '',
    'Generated from the rules\' metadata in `src/compliance/rules/`; do not edit by hand',
    '(regenerate with `UPDATE_RULES_MD=1 npx jest test/compliance/rules-md.test.ts --coverage=false`).',
    '',
    'Errors fail synthesis unless acknowledged with `Compliance.of(construct).acknowledge({ id, reason })`;',
    'warnings are reported only.',
    '',
    '| Rule | Level | Cause | Explanation | Mirrors |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
