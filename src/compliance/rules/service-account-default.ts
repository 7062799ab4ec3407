import { asArray, isKind, isObject } from '../manifest';
import { POD_KIND_KEYS, podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

function problem(where: string, name: unknown): string[] {
  return name === undefined || name === null || name === '' || name === 'default'
    ? [`${where}service account is ${name ? 'default' : 'unset (default)'}`] : [];
}

/** The findings of an object's service accounts; undefined when it runs no pod of its own. */
function serviceAccountFindings(manifest: any): string[] | undefined {
  if (isKind(manifest, 'tekton.dev', 'TaskRun')) return problem('', manifest.spec?.serviceAccountName);
  if (isKind(manifest, 'tekton.dev', 'PipelineRun')) {
    // v1: taskRunTemplate.serviceAccountName and taskRunSpecs[].serviceAccountName; v1beta1: serviceAccountName
    // and taskRunSpecs[].taskServiceAccountName. A task's entry overrides the run's only when set.
    const spec = manifest.spec;
    return [
      ...problem('', spec?.taskRunTemplate?.serviceAccountName ?? spec?.serviceAccountName),
      ...asArray(spec?.taskRunSpecs).filter(isObject).flatMap((s, i) => {
        const name = s.serviceAccountName ?? s.taskServiceAccountName;
        return name === 'default' ? problem(`taskRunSpecs[${i}] (task ${s.pipelineTaskName}): `, name) : [];
      }),
    ];
  }
  const pods = podsOf(manifest).filter(p => !p.identityFromRun);
  if (pods.length === 0) return undefined;
  return pods.flatMap(p => problem(p.where, p.spec.serviceAccountName ?? p.spec.serviceAccount));
}

export const serviceAccountDefault: RuleDefinition = {
  id: 'ZT-SA1',
  level: ComplianceLevel.ERROR,
  message: 'workload runs as the namespace\'s default service account',
  explanation: 'The default service account is shared by everything in the namespace, so any grant to it reaches '
    + 'every pod. Give each workload (and each TaskRun/PipelineRun, Argo Workflow template) its own service account.',
  fix: 'give the workload its own service account (serviceAccountName)',
  anchors: ['kube-linter default-service-account', 'ACS automount_service_account_token.json'],
  beyondAnchors: 'Reads the service account of every pod an object runs: each Argo Workflow template, Knative, KEDA '
    + 'and Rollout pod templates, and each PipelineRun taskRunSpecs entry, which kube-linter does not read.',
  kinds: POD_KIND_KEYS,
  check: manifest => {
    const findings = serviceAccountFindings(manifest);
    return findings === undefined ? NOT_APPLICABLE : outcome(findings);
  },
};
