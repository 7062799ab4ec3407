import { sourceRepoProblem } from '../../common/patterns';
import { asArray, isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const argocdProjectSourceRepos: RuleDefinition = {
  id: 'ZT-ARGO4',
  level: ComplianceLevel.ERROR,
  message: 'AppProject accepts repositories of other owners',
  explanation: 'Whoever can create an Application in the project deploys from any repository its sourceRepos admit, '
    + 'so the reviews on the project\'s own repositories guard nothing once a glob reaches further. Argo CD compares '
    + 'lowercased URLs without .git (git@host:path read as git@host/path) with \'/\' as glob separator; a glob must '
    + 'fix the host and the owner (https://github.com/my-org/team-a-* is fine, https://github.com/*, '
    + 'https://github.com/my-org*, git@github.com:* and https://*.example.com/... are not). A ! entry is no '
    + 'narrowing either: Argo CD\'s IsSourcePermitted counts a deny entry that does not match the repository as a '
    + 'match, so it admits every other repository.',
  fix: 'list the repositories, or globs inside one owner (https://github.com/my-org/team-a-*), without ! entries',
  anchors: ['Argo CD projects: the default project (sourceRepos *)', 'Argo CD project specification: sourceRepos'],
  beyondAnchors: 'Judges globs by the repositories they reach after Argo CD\'s URL normalization (owner wildcards, '
    + 'host wildcards, scp-style URLs), and reports ! entries, which Argo CD turns into an allow for every other '
    + 'repository.',
  kinds: ['argoproj.io/AppProject'],
  check: manifest => {
    if (!isKind(manifest, 'argoproj.io', 'AppProject')) return NOT_APPLICABLE;
    return outcome(asArray(manifest.spec?.sourceRepos).flatMap((repo, i) => {
      if (typeof repo !== 'string') return [];
      const problem = sourceRepoProblem(repo);
      return problem === undefined ? [] : [`spec.sourceRepos[${i}] ${repo} ${problem}`];
    }));
  },
};
