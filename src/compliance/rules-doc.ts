import { CompliancePack } from './pack';

function cell(text: string): string {
  // `<` would open an HTML tag in rendered Markdown and hide placeholders such as <digest>
  return text.replace(/\|/g, '\\|').replace(/</g, '\\<').replace(/\n/g, ' ');
}

/** `src/compliance/RULES.md`, generated from the rules' metadata (test/compliance/rules-md.test.ts keeps it current). */
export function renderRulesMarkdown(): string {
  const rows = CompliancePack.rules.map(r =>
    `| ${r.id} | ${r.level} | ${cell(r.message)} | ${cell(r.explanation)} | ${cell(r.fix)} | ${cell(r.anchors.join('; '))} | ${cell(r.beyondAnchors ?? '')} |`);
  return [
    '# Compliance rules',
    '',
    'Generated from the rules\' metadata in `src/compliance/rules/`; do not edit by hand',
    '(regenerate with `UPDATE_RULES_MD=1 npx jest test/compliance/rules-md.test.ts --coverage=false`).',
    '',
    'The rules judge what a manifest grants and runs, not how it is spelled, on every rendered object: this',
    'library\'s constructs, cdk8s-plus objects, raw `ApiObject`s, `Include`d YAML, JSON patches and the items of',
    '`kind: List`. Errors fail synthesis unless acknowledged with `Compliance.of(construct).acknowledge({ id, reason })`',
    'or by a construct\'s opt-in (e.g. `allowAllSourceRepos: \'<reason>\'` acknowledges ZT-ARGO4 on that project);',
    'warnings are reported only. A reason must read as words: at least 10 visible characters and two different',
    'words, no invisible or filler characters, not one character repeated. The acknowledgement annotation on a',
    'manifest counts only where the pack wrote it or is told to trust its source (ZT-ACK1). The report lists every',
    'acknowledgement with the objects it covers.',
    '',
    '| Rule | Level | Cause | Explanation | Fix | Mirrors | Beyond the anchors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
