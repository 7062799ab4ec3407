import { projectNamespaceProblem } from '../../common/patterns';
import { asArray, isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

/** Whether a destination entry can match any cluster at all (Argo CD matches neither an empty server nor name). */
function namesCluster(destination: any): boolean {
  return (typeof destination.server === 'string' && destination.server !== '') || (typeof destination.name === 'string' && destination.name !== '');
}

export const argocdProjectNamespaces: RuleDefinition = {
  id: 'ZT-ARGO6',
  level: ComplianceLevel.ERROR,
  message: 'AppProject reaches every namespace or system namespaces',
  explanation: 'spec.destinations[].namespace says where the project\'s Applications may deploy, and '
    + 'spec.sourceNamespaces which namespaces\' Applications may use the project. A glob that admits names nobody '
    + 'listed (*, *?, ?*, t*) reaches every tenant; one that reaches kube-system, kube-*, openshift-*, *-system, '
    + 'default, external-secrets or the Argo CD namespace (where Argo CD keeps its projects and cluster credentials) '
    + 'hands the platform to whoever can create an Application. A ! entry does not narrow: Argo CD counts a deny '
    + 'entry that does not match as a match (argoproj/argo-cd#21264), so namespace: \'!kube-system\' admits every '
    + 'other namespace. /regex/ source namespaces are matched anywhere in the name.',
  fix: 'list the team\'s namespaces or globs with a team prefix (team-a-*); a platform project that manages system namespaces acknowledges this rule with its reason',
  anchors: ['Argo CD projects: destinations and sourceNamespaces', 'Argo CD security: apps in any namespace', 'S5: AppProject scoped to the tenant'],
  beyondAnchors: 'Judges globs and regexes by the namespaces they admit (every name, the kube-, openshift- and -system '
    + 'families, the project\'s own Argo CD namespace), and reports ! entries, which Argo CD turns into an allow for '
    + 'every other namespace.',
  kinds: ['argoproj.io/AppProject'],
  check: manifest => {
    if (!isKind(manifest, 'argoproj.io', 'AppProject')) return NOT_APPLICABLE;
    const argoCdNamespace = typeof manifest.metadata?.namespace === 'string' ? manifest.metadata.namespace : 'argocd';
    const spec = manifest.spec ?? {};
    return outcome([
      ...asArray(spec.destinations).flatMap((d, i) => {
        if (!isObject(d) || !namesCluster(d) || typeof d.namespace !== 'string' || d.namespace === '') return [];
        const problem = projectNamespaceProblem(d.namespace, argoCdNamespace, 'destination');
        return problem === undefined ? [] : [`spec.destinations[${i}].namespace ${d.namespace} ${problem}`];
      }),
      ...asArray(spec.sourceNamespaces).flatMap((n, i) => {
        if (typeof n !== 'string' || n === '') return [];
        const problem = projectNamespaceProblem(n, argoCdNamespace, 'source');
        return problem === undefined ? [] : [`spec.sourceNamespaces[${i}] ${n} ${problem}`];
      }),
    ]);
  },
};
