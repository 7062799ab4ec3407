import { RuleDefinition } from '../rule-definition';
import { argocdClusterTls } from './argocd-cluster-tls';
import { argocdDefaultProject } from './argocd-default-project';
import { argocdProjectClusterResources } from './argocd-project-cluster-resources';
import { argocdProjectSourceRepos } from './argocd-project-source-repos';
import { argocdRepositoryProject } from './argocd-repository-project';
import { esoClusterStoreConditions } from './eso-cluster-store-conditions';
import { esoClusterStoreReference } from './eso-cluster-store-reference';
import { esoFakeGenerator } from './eso-fake-generator';
import { esoKeyPrefix } from './eso-key-prefix';
import { esoProviderTls } from './eso-provider-tls';
import { esoRefreshLifetime } from './eso-refresh-lifetime';
import { esoStaticCredentials } from './eso-static-credentials';
import { idOidcAudiences } from './id-oidc-audiences';
import { idOidcIssuer } from './id-oidc-issuer';
import { idOidcPrefixes } from './id-oidc-prefixes';
import { imageDigest } from './image-digest';
import { imagePinned } from './image-pinned';
import { netDefaultDeny } from './net-default-deny';
import { netPrimaryUdnLabel } from './net-primary-udn-label';
import { podBaseline } from './pod-baseline';
import { podCapabilities } from './pod-capabilities';
import { podHostNamespaces } from './pod-host-namespaces';
import { podPrivilegeEscalation } from './pod-privilege-escalation';
import { podPrivileged } from './pod-privileged';
import { podReadOnlyRootFilesystem } from './pod-read-only-root-filesystem';
import { podResources } from './pod-resources';
import { podRunAsNonRoot } from './pod-run-as-non-root';
import { podSeccomp } from './pod-seccomp';
import { podVolumeTypes } from './pod-volume-types';
import { rbacClusterAdmin } from './rbac-cluster-admin';
import { rbacEscalationVerbs } from './rbac-escalation-verbs';
import { rbacSecretRead } from './rbac-secret-read';
import { rbacSpiffeNamespace } from './rbac-spiffe-namespace';
import { rbacSystemSubjects } from './rbac-system-subjects';
import { rbacWildcards } from './rbac-wildcards';
import { secretData } from './secret-data';
import { secretEnv } from './secret-env';
import { secretLiteralEnv } from './secret-literal-env';
import { secretMountReadOnly } from './secret-mount-read-only';
import { secretVolumeMode } from './secret-volume-mode';
import { serviceAccountDefault } from './service-account-default';
import { serviceAccountToken } from './service-account-token';

/** Every rule of the pack, in report and RULES.md order. */
export const ALL_RULES: readonly RuleDefinition[] = [
  podPrivilegeEscalation, podPrivileged, podCapabilities, podRunAsNonRoot, podSeccomp, podVolumeTypes,
  podHostNamespaces, podReadOnlyRootFilesystem, podResources, podBaseline,
  imagePinned, imageDigest,
  secretEnv, secretLiteralEnv, secretMountReadOnly, secretData, secretVolumeMode,
  serviceAccountDefault, serviceAccountToken,
  rbacClusterAdmin, rbacWildcards, rbacSecretRead, rbacEscalationVerbs, rbacSystemSubjects, rbacSpiffeNamespace,
  esoClusterStoreConditions, esoStaticCredentials, esoRefreshLifetime, esoClusterStoreReference, esoFakeGenerator,
  esoProviderTls, esoKeyPrefix,
  netPrimaryUdnLabel, netDefaultDeny,
  idOidcIssuer, idOidcAudiences, idOidcPrefixes,
  argocdClusterTls, argocdRepositoryProject, argocdDefaultProject, argocdProjectSourceRepos, argocdProjectClusterResources,
];
