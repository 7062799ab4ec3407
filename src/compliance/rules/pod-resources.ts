import { containerOutcome, EVERY_POD, POD_KIND_KEYS, unsetElsewhere } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

export const podResources: RuleDefinition = {
  id: 'ZT-POD9',
  level: ComplianceLevel.ERROR,
  message: 'container does not set CPU and memory requests and a memory limit',
  explanation: 'Without requests the scheduler overcommits the node; without a memory limit one container can '
    + 'starve its neighbours. Set resources.requests.cpu, resources.requests.memory and resources.limits.memory '
    + '(Tekton v1: computeResources).',
  fix: 'set resources.requests.cpu, resources.requests.memory and resources.limits.memory',
  anchors: ['kube-linter unset-cpu-requirements, unset-memory-requirements', 'ACS no_resources_specified.json', 'Kyverno require-pod-requests-limits'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, (c, pod) => {
    // a StepAction cannot set resources: the step that references it does
    if (unsetElsewhere(pod, c.resources)) return undefined;
    const missing = [
      c.resources?.requests?.cpu === undefined ? 'requests.cpu' : undefined,
      c.resources?.requests?.memory === undefined ? 'requests.memory' : undefined,
      c.resources?.limits?.memory === undefined ? 'limits.memory' : undefined,
    ].filter(m => m !== undefined);
    return missing.length > 0 ? `no ${missing.join(', ')}` : undefined;
  }),
};
