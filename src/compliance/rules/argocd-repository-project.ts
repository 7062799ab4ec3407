import { argoSecretType, secretValues } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const argocdRepositoryProject: RuleDefinition = {
  id: 'ZT-ARGO2',
  level: ComplianceLevel.ERROR,
  message: 'Argo CD repository is not scoped to a project',
  explanation: 'A repository without a project is usable by every AppProject, so any team can deploy from it with '
    + 'its credentials. Set the project key to the one AppProject that needs it.',
  fix: 'set the project key to the one AppProject that uses the repository',
  anchors: ['Argo CD project-scoped repositories'],
  kinds: ['/Secret'],
  check: manifest => {
    if (argoSecretType(manifest) !== 'repository') return NOT_APPLICABLE;
    return outcome(secretValues(manifest).project ? [] : ['no project key']);
  },
};
