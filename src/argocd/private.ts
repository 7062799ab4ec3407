import { ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { IAppProject } from './app-project';
import { validateDnsLabel } from '../common/names';
import { shownUrl } from '../common/redact';
import { Compliance } from '../compliance/acknowledgement';

/** The namespace Argo CD is installed in unless told otherwise (the upstream install manifests use it). */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

/** The label by which Argo CD finds its declarative Secrets (`cluster`, `repository`, `repo-creds`, …). */
export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** The server URL Argo CD uses for the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * Argo CD only reads its Applications, projects, ApplicationSets and declarative Secrets from its own
 * namespace, so every object of this folder is placed there and a conflicting `metadata.namespace` is an error.
 */
export function argoCdMetadata(kind: string, argoCdNamespace: string | undefined, metadata: ApiObjectMetadata | undefined): ApiObjectMetadata {
  const namespace = validateDnsLabel('argoCdNamespace', argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE);
  if (metadata?.namespace !== undefined && metadata.namespace !== namespace) {
    throw new Error(`'metadata.namespace' (${JSON.stringify(metadata.namespace)}) must be the Argo CD namespace ${JSON.stringify(namespace)}: Argo CD reads ${kind} objects only there; remove metadata.namespace or set argoCdNamespace`);
  }
  return { ...metadata, namespace };
}

/** Whether a value is (or contains) an ApplicationSet template expression, resolved only by the controller. */
export function isTemplated(value: string): boolean {
  return value.includes('{{');
}

/** `https://host[:port][/path]` without user info, query or fragment; returns the URL without a trailing '/'. */
export function validateHttpsServer(prop: string, server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`'${prop}' (${shownUrl(server)}) must be an https URL of the cluster's API server; e.g. "https://api.spoke.example.com:6443"`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`'${prop}' (${shownUrl(server)}) must use https so the API server's certificate is verified; e.g. "https://api.spoke.example.com:6443"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error(`'${prop}' (${shownUrl(server)}) must not contain user info: credentials never belong in a URL; use exec credentials instead`);
  }
  if (url.search !== '' || url.hash !== '' || server.includes('?') || server.includes('#') || /\s/.test(server)) {
    throw new Error(`'${prop}' (${shownUrl(server)}) must not contain a query, a fragment or whitespace; e.g. "https://api.spoke.example.com:6443"`);
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
export function validateRepoUrl(url: string): string {
  if (isTemplated(url)) return url;
  if (/\s/.test(url) || !/^(https:\/\/[^/\s]+\/?\S*|ssh:\/\/\S+|[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+:\S+|oci:\/\/\S+)$/.test(url)) {
    throw new Error(`'repoUrl' (${shownUrl(url)}) must be an https, ssh (git@host:path) or oci:// URL; e.g. "https://github.com/my-org/app-config"`);
  }
  if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(url)) {
    throw new Error(`'repoUrl' (${shownUrl(url)}) contains a password; reference credentials through a repository Secret instead`);
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
