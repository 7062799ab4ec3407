import { asArray, isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const argocdProjectSourceRepos: RuleDefinition = {
  id: 'ZT-ARGO4',
  level: ComplianceLevel.WARNING,
  message: 'AppProject accepts every source repository',
  explanation: 'With sourceRepos \'*\' whoever can create an Application in the project deploys from any repository, '
    + 'so the reviews on the project\'s own repositories guard nothing. List the repositories (globs such as '
    + 'https://github.com/my-org/team-a-* are fine).',
  anchors: ['Argo CD projects: the default project (sourceRepos *)', 'Argo CD project specification: sourceRepos'],
  check: manifest => {
    if (!isKind(manifest, 'argoproj.io', 'AppProject')) return NOT_APPLICABLE;
    return outcome(asArray(manifest.spec?.sourceRepos).flatMap((repo, i) => repo === '*' ? [`spec.sourceRepos[${i}] is *`] : []));
  },
};
