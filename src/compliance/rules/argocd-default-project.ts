import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

/** `project` of an Application spec: a finding when it is (or falls back to) `default`; templated names are skipped. */
function defaultProject(spec: any, path: string): string[] {
  const project = spec?.project;
  if (project === undefined || project === '') return [`${path}.project is unset (default)`];
  if (typeof project === 'string' && project.includes('{{')) return [];
  return project === 'default' ? [`${path}.project is default`] : [];
}

export const argocdDefaultProject: RuleDefinition = {
  id: 'ZT-ARGO3',
  level: ComplianceLevel.WARNING,
  message: 'Argo CD Application uses the default project',
  explanation: 'The default AppProject starts out allowing every repository, every destination and every kind, and '
    + 'anyone may widen it later for their own application. Put each team\'s Applications (and ApplicationSet '
    + 'templates) in an AppProject listing its repositories, destinations and kinds.',
  fix: 'put the Application in an AppProject listing its repositories, destinations and kinds',
  anchors: ['Argo CD projects: the default project', 'S5: Application in project default'],
  kinds: ['argoproj.io/Application', 'argoproj.io/ApplicationSet'],
  check: manifest => {
    if (isKind(manifest, 'argoproj.io', 'Application')) return outcome(defaultProject(manifest.spec, 'spec'));
    if (isKind(manifest, 'argoproj.io', 'ApplicationSet')) return outcome(defaultProject(manifest.spec?.template?.spec, 'spec.template.spec'));
    return NOT_APPLICABLE;
  },
};
