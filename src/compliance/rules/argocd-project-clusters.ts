import { clusterPatternProblem } from '../../common/patterns';
import { asArray, isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const argocdProjectClusters: RuleDefinition = {
  id: 'ZT-ARGO7',
  level: ComplianceLevel.ERROR,
  message: 'AppProject destination reaches every cluster',
  explanation: 'A destination\'s server (or cluster name) says which clusters the project\'s Applications may deploy '
    + 'to. server: \'*\', name: \'*\', https://* or a glob that matches any API server URL (https://*:6443, '
    + 'https://api.*) lets a tenant target every cluster Argo CD manages, including ones added later. A ! entry '
    + 'does not narrow: Argo CD counts a deny entry that does not match as a match, so server: \'!https://prod\' '
    + 'admits every other cluster.',
  fix: 'name the cluster by its server URL or Argo CD name; a glob must fix the domain (https://*.team-a.example.com:6443)',
  anchors: ['Argo CD projects: destinations', 'Argo CD projects: the default project (destination *)'],
  beyondAnchors: 'Judges server globs by the made-up API server URLs they match and cluster name globs by the names '
    + 'they admit, and reports ! entries, which Argo CD turns into an allow for every other cluster.',
  kinds: ['argoproj.io/AppProject'],
  check: manifest => {
    if (!isKind(manifest, 'argoproj.io', 'AppProject')) return NOT_APPLICABLE;
    return outcome(asArray(manifest.spec?.destinations).flatMap((d, i) => {
      if (!isObject(d)) return [];
      return (['server', 'name'] as const).flatMap(field => {
        const value = d[field];
        if (typeof value !== 'string' || value === '') return [];
        const problem = clusterPatternProblem(value, field);
        return problem === undefined ? [] : [`spec.destinations[${i}].${field} ${value} ${problem}`];
      });
    }));
  },
};
