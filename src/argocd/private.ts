import { ApiObject, ApiObjectMetadata, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { IAppProject } from './app-project';
import { ValidationError } from '../common/errors';
import { isDnsLabel, validateDnsLabel } from '../common/names';
import { shownUrl } from '../common/redact';
import { INamespacedResource } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';

/** The namespace Argo CD is installed in unless told otherwise (the upstream install manifests use it). */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

/** The label by which Argo CD finds its declarative Secrets (`cluster`, `repository`, `repo-creds`, …). */
export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** The server URL Argo CD uses for the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * Argo CD only reads its Applications, projects, ApplicationSets and declarative Secrets from its own
 * namespace, so every object of this folder is placed there. This gives the metadata to create the object with;
 * a namespace that `checkArgoCdNamespace` refuses is left out here, so the check runs once the construct exists
 * (its error then names the construct and the prop the user set, not `metadata.namespace`).
 */
export function argoCdMetadata(argoCdNamespace: string | undefined, metadata: ApiObjectMetadata | undefined): ApiObjectMetadata {
  const namespace = argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
  const accepted = isDnsLabel(namespace) && (metadata?.namespace === undefined || metadata.namespace === namespace);
  return { ...metadata, namespace: accepted ? namespace : undefined };
}

/**
 * Checks the Argo CD namespace of an object and returns it: a DNS label, and the object's `metadata.namespace`
 * when one is given; Argo CD reads `kind` objects only there.
 */
export function checkArgoCdNamespace(
  scope: IConstruct, kind: string, argoCdNamespace: string | undefined, metadata: ApiObjectMetadata | undefined,
): string {
  const namespace = validateDnsLabel(scope, 'argoCdNamespace', argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE);
  if (metadata?.namespace !== undefined && metadata.namespace !== namespace) {
    throw new ValidationError(`'metadata.namespace' (${JSON.stringify(metadata.namespace)}) must be the Argo CD namespace ${JSON.stringify(namespace)}: Argo CD reads ${kind} objects only there; remove metadata.namespace or set argoCdNamespace`, scope);
  }
  return namespace;
}

/** The namespace an Argo CD object lives in: its own, or Argo CD's default when a reference leaves it out. */
export function argoCdNamespaceOf(object: INamespacedResource): string {
  return object.namespace ?? DEFAULT_ARGOCD_NAMESPACE;
}

/**
 * `metadata` for a Resource created at `<owner>/<id>` where earlier versions wrote a bare ApiObject of `kind`:
 * the Resource's own ApiObject sits one level deeper (`<owner>/<id>/Resource`), and cdk8s generates names from
 * the path, so without an explicit name the name is the one the chart generates for `<owner>/<id>`, as before.
 * It is computed when the Resource reads it, once the Resource (and so that path) exists.
 */
export function keepGeneratedName(owner: Construct, id: string, kind: string, metadata: ApiObjectMetadata): ApiObjectMetadata {
  if (metadata.name !== undefined) return metadata;
  let name: string | undefined;
  // what Chart.generateObjectName reads of an object: its path (through node) and kind
  const generate = () => name ??= Chart.of(owner).generateObjectName({ node: owner.node.findChild(id).node, kind } as unknown as ApiObject);
  return Object.defineProperty({ ...metadata }, 'name', { enumerable: true, get: generate });
}

/** Whether a value is (or contains) an ApplicationSet template expression, resolved only by the controller. */
export function isTemplated(value: string): boolean {
  return value.includes('{{');
}

/** `https://host[:port][/path]` without user info, query or fragment; returns the URL without a trailing '/'. */
export function validateHttpsServer(scope: IConstruct | undefined, prop: string, server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ValidationError(`'${prop}' (${shownUrl(server)}) must be an https URL of the cluster's API server; e.g. "https://api.spoke.example.com:6443"`, scope);
  }
  if (url.protocol !== 'https:') {
    throw new ValidationError(`'${prop}' (${shownUrl(server)}) must use https so the API server's certificate is verified; e.g. "https://api.spoke.example.com:6443"`, scope);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(`'${prop}' (${shownUrl(server)}) must not contain user info: credentials never belong in a URL; use exec credentials instead`, scope);
  }
  if (url.search !== '' || url.hash !== '' || server.includes('?') || server.includes('#') || /\s/.test(server)) {
    throw new ValidationError(`'${prop}' (${shownUrl(server)}) must not contain a query, a fragment or whitespace; e.g. "https://api.spoke.example.com:6443"`, scope);
  }
  // Argo CD trims the trailing slash when it reads the Secret; emitting it trimmed keeps destinations matching
  return server.replace(/\/+$/, '');
}

/**
 * Problems with the `{{ … }}` actions of a Go template: every action must be closed before the next opens,
 * and no `}}` may appear outside one. Returns `undefined` when the braces balance.
 */
export function templateBraceProblem(template: string): string | undefined {
  let open = -1;
  for (let i = 0; i < template.length - 1; i++) {
    const pair = template.slice(i, i + 2);
    if (pair === '{{') {
      if (open >= 0) return `an action opened at offset ${open} is not closed before the one at offset ${i}`;
      open = i;
      i++;
    } else if (pair === '}}') {
      if (open < 0) return `'}}' at offset ${i} closes no action`;
      open = -1;
      i++;
    }
  }
  return open >= 0 ? `the action opened at offset ${open} is never closed` : undefined;
}

/** A repository URL Argo CD can clone (https, ssh, scp-like or oci) that carries no password. */
export function validateRepoUrl(scope: IConstruct | undefined, url: string): string {
  if (isTemplated(url)) return url;
  if (/\s/.test(url) || !/^(https:\/\/[^/\s]+\/?\S*|ssh:\/\/\S+|[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+:\S+|oci:\/\/\S+)$/.test(url)) {
    throw new ValidationError(`'repoUrl' (${shownUrl(url)}) must be an https, ssh (git@host:path) or oci:// URL; e.g. "https://github.com/my-org/app-config"`, scope);
  }
  if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(url)) {
    throw new ValidationError(`'repoUrl' (${shownUrl(url)}) contains a password; reference credentials through a repository Secret instead`, scope);
  }
  return url;
}

/** The reason given to `AppProject.fromDefaultProject`, by the project it returned. */
export const DEFAULT_PROJECT_REASONS = new WeakMap<IAppProject, string>();

/**
 * Records, on an Application or ApplicationSet in the default project, the acknowledgement of ZT-ARGO3 that
 * `AppProject.fromDefaultProject(scope, id, reason)` opted into.
 */
export function acknowledgeDefaultProject(user: IConstruct, project: IAppProject): void {
  const reason = DEFAULT_PROJECT_REASONS.get(project);
  if (reason !== undefined) {
    Compliance.of(user)._acknowledgeOptIn('AppProject.fromDefaultProject', 'ZT-ARGO3', reason, 'why the default project is used instead of a dedicated AppProject');
  }
}
