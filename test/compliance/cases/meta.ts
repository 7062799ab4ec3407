import { Case } from './case';
import { goodPod } from '../fixtures';

const ANNOTATION = 'zero-trust.cdk8s.io/acknowledged';
const annotated = (value: string) => ({ ...goodPod('annotated'), metadata: { name: 'annotated', namespace: 'team', annotations: { [ANNOTATION]: value } } });

export const META_CASES: Record<string, Case> = {
  'ZT-META1': {
    compliant: [goodPod(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:Example' }, rules: [] }],
    nonCompliant: [
      { manifest: { ...goodPod(), metadata: { name: 'p', namespace: 'Team-A' } }, finding: /metadata.namespace "Team-A" is not a DNS-1123 label/ },
      { manifest: { ...goodPod(), metadata: { name: 'p', namespace: 'a'.repeat(64) } }, finding: /is not a DNS-1123 label/ },
      { manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team_a' } }, finding: /of a Namespace is not a DNS-1123 label/ },
      { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '..', namespace: 'team' } }, finding: /is '.', '..' or contains/ },
      { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a/b', namespace: 'team' } }, finding: /contains '\/' or '%'/ },
    ],
  },
  'ZT-ACK1': {
    compliant: [],
    nonCompliant: [
      { manifest: annotated('{"ZT-POD1":"the image needs it for legacy reasons"}'), finding: /acknowledges ZT-POD1/ },
      { manifest: annotated('not json'), finding: /acknowledges nothing \(the annotation is not JSON\)/ },
      { manifest: annotated('{"ZT-POD1":"xxxxxxxxxx"}'), finding: /ZT-POD1: it repeats one character/ },
    ],
    notApplicable: [goodPod()],
  },
};
