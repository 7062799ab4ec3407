/** Manifests shared by the compliance tests: a hardened pod and helpers to break it one field at a time. */

export const DIGEST = 'sha256:' + 'a'.repeat(64);
export const IMAGE = `registry.example.com/app:1.2.3@${DIGEST}`;

export function goodContainer(name = 'app'): any {
  return {
    name,
    image: IMAGE,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
  };
}

export function goodPod(name = 'app', patch: (spec: any) => void = () => {}): any {
  const spec: any = {
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [goodContainer()],
  };
  patch(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team' }, spec };
}

/** A good pod whose first container is changed by `patch`. */
export function podWith(patch: (container: any) => void, name = 'bad'): any {
  return goodPod(name, spec => patch(spec.containers[0]));
}

export function goodTask(patch: (spec: any) => void = () => {}): any {
  const { name: _name, image: _image, resources, ...template } = goodContainer();
  const spec: any = {
    stepTemplate: { ...template, computeResources: resources },
    steps: [{ name: 'migrate', image: IMAGE, script: '#!/bin/sh\nflyway migrate' }],
  };
  patch(spec);
  return { apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 'migrate', namespace: 'ci' }, spec };
}

/** A GithubAccessToken spec scoped to one repository with `contents: read`, changed by `overrides`. */
export function githubSpec(overrides: any = {}): any {
  return {
    appID: '1',
    installID: '2',
    repositories: ['app-config'],
    permissions: { contents: 'read' },
    auth: { privateKey: { secretRef: { name: 'pem', key: 'key' } } },
    ...overrides,
  };
}
