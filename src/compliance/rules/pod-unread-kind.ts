import { groupOf } from '../manifest';
import { podSpecPatchesOf, unreadPodTemplates } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const podUnreadKind: RuleDefinition = {
  id: 'ZT-POD11',
  level: ComplianceLevel.WARNING,
  message: 'object runs containers the pod rules cannot read',
  explanation: 'The pod rules read the pods of the kinds they know: workloads, Pods and PodTemplates, Tekton tasks, '
    + 'runs and StepActions, Argo Rollouts and Workflows, Knative services and KEDA ScaledJobs. An object of another '
    + 'kind that embeds a pod template (a containers list with images), or an Argo Workflow podSpecPatch, runs '
    + 'containers that none of them judged. Review those containers against the pod rules and acknowledge this rule '
    + 'with what you checked, or express the workload as a kind the pack reads.',
  fix: 'review the embedded containers by hand and acknowledge with what you checked, or use a kind the pack reads',
  anchors: ['PSS / Pod Security Admission: judges every Pod, whichever controller creates it',
    'Kyverno pod-policies.kyverno.io/autogen-controllers (pod rules reach only the listed controllers)'],
  beyondAnchors: 'kube-linter and Kyverno\'s autogen read a fixed list of workload kinds and skip every other kind '
    + 'without a word; this rule names any other kind that embeds containers (operators\' CRs, OpenShift Templates, '
    + 'Argo AnalysisTemplates) and every Argo podSpecPatch, with the field path.',
  check: manifest => {
    const unread = unreadPodTemplates(manifest);
    const patches = podSpecPatchesOf(manifest);
    if (unread === undefined && patches.length === 0) return NOT_APPLICABLE;
    const kind = `${groupOf(manifest) || 'core'}/${manifest.kind}`;
    return outcome([
      ...(unread?.templates ?? []).map(path => `${path}: pod template in ${kind}, a kind the pod rules do not read`),
      ...unread?.stoppedAt !== undefined ? [`${unread.stoppedAt}: ${kind} is too deep or too large to search for pod templates from here on`] : [],
      ...patches.map(path => `${path}: pod spec patch the pod rules cannot judge`),
    ]);
  },
};
