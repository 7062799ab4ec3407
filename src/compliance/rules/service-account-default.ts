import { isKind } from '../manifest';
import { podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

function runServiceAccount(manifest: any): { applies: boolean; name?: string } {
  if (isKind(manifest, 'tekton.dev', 'TaskRun')) return { applies: true, name: manifest.spec?.serviceAccountName };
  if (isKind(manifest, 'tekton.dev', 'PipelineRun')) {
    return { applies: true, name: manifest.spec?.taskRunTemplate?.serviceAccountName ?? manifest.spec?.serviceAccountName };
  }
  const pods = podsOf(manifest).filter(p => !p.tekton);
  if (pods.length === 0) return { applies: false };
  return { applies: true, name: pods[0].spec.serviceAccountName ?? pods[0].spec.serviceAccount };
}

export const serviceAccountDefault: RuleDefinition = {
  id: 'ZT-SA1',
  level: ComplianceLevel.ERROR,
  message: 'workload runs as the namespace\'s default service account',
  explanation: 'The default service account is shared by everything in the namespace, so any grant to it reaches '
    + 'every pod. Give each workload (and each TaskRun/PipelineRun) its own service account.',
  anchors: ['kube-linter default-service-account', 'ACS automount_service_account_token.json'],
  check: manifest => {
    const sa = runServiceAccount(manifest);
    if (!sa.applies) return NOT_APPLICABLE;
    return outcome(sa.name === undefined || sa.name === '' || sa.name === 'default'
      ? [`service account is ${sa.name ? 'default' : 'unset (default)'}`] : []);
  },
};
