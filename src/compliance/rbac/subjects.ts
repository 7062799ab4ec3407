/** Readers of binding subjects: how findings name them, which groups are broad, where an identity works. */
import { asArray, isObject } from '../manifest';

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The subjects of a binding that have a kind and a name. */
export function subjectsOf(binding: any): Subject[] {
  return asArray(binding?.subjects).flatMap(s => (isObject(s) && typeof s.kind === 'string' && typeof s.name === 'string'
    ? [{ kind: s.kind, name: s.name, ...typeof s.namespace === 'string' ? { namespace: s.namespace } : {} }]
    : []));
}

/** `Group devs`, `ServiceAccount team-a/app`, `User alice`. */
export function describeSubject(subject: Subject): string {
  return `${subject.kind} ${subject.kind === 'ServiceAccount' && subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

const BROAD_GROUPS: Record<string, string> = {
  'system:authenticated': 'every authenticated user and service account',
  'system:serviceaccounts': 'every service account of every namespace',
  'system:authenticated:oauth': 'every user OpenShift\'s OAuth server authenticated',
};
const NAMESPACE_SERVICE_ACCOUNTS = /^system:serviceaccounts:([^:]+)$/;

/** Who a group the API server fills itself stands for, when it is broad; undefined for other subjects. */
export function broadGroup(subject: Subject): string | undefined {
  if (subject.kind !== 'Group') return undefined;
  const namespace = NAMESPACE_SERVICE_ACCOUNTS.exec(subject.name)?.[1];
  return namespace !== undefined ? `every service account of namespace ${namespace}` : BROAD_GROUPS[subject.name];
}

// the Kubernetes form of a SPIFFE ID; an OIDC username prefix (e.g. "spiffe:") may precede it
const K8S_SPIFFE_ID = /spiffe:\/\/[^/]+\/ns\/([^/]+)\/sa\/[^/]+$/;
const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):[^:]+$/;

/** The namespace of a SPIFFE ID `spiffe://<td>/ns/<ns>/sa/<sa>` in a user name (behind any prefix). */
export function spiffeNamespace(name: string): string | undefined {
  return K8S_SPIFFE_ID.exec(name)?.[1];
}

/**
 * The namespace an identity works in, when it is a workload's: a ServiceAccount, a user
 * `system:serviceaccount:<ns>:<name>` (a service account's user name) or a SPIFFE ID of the Kubernetes form.
 */
export function workloadNamespace(subject: Subject): string | undefined {
  if (subject.kind === 'ServiceAccount') return subject.namespace;
  if (subject.kind !== 'User') return undefined;
  return SERVICE_ACCOUNT_USER.exec(subject.name)?.[1] ?? spiffeNamespace(subject.name);
}
