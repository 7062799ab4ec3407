import { RuleDefinition } from '../rule-definition';
import { acknowledgementAnnotation } from './acknowledgement-annotation';
import { argocdClusterTls } from './argocd-cluster-tls';
import { argocdDefaultProject } from './argocd-default-project';
import { argocdProjectClusterResources } from './argocd-project-cluster-resources';
import { argocdProjectClusters } from './argocd-project-clusters';
import { argocdProjectNamespaces } from './argocd-project-namespaces';
import { argocdProjectSourceRepos } from './argocd-project-source-repos';
import { argocdRepositoryProject } from './argocd-repository-project';
import { esoClusterNamespaces } from './eso-cluster-namespaces';
import { esoClusterStoreConditions } from './eso-cluster-store-conditions';
import { esoClusterStoreReference } from './eso-cluster-store-reference';
import { esoFakeGenerator } from './eso-fake-generator';
import { esoGithubTokenScope } from './eso-github-token-scope';
import { esoKeyPrefix } from './eso-key-prefix';
import { esoProviderTls } from './eso-provider-tls';
import { esoPushPrivateKey } from './eso-push-private-key';
import { esoRefreshLifetime } from './eso-refresh-lifetime';
import { esoStaticCredentials } from './eso-static-credentials';
import { idOidcAudiences } from './id-oidc-audiences';
import { idOidcIssuer } from './id-oidc-issuer';
import { idOidcPrefixes } from './id-oidc-prefixes';
import { idSvidTtl } from './id-svid-ttl';
import { imageDigest } from './image-digest';
import { imagePinned } from './image-pinned';
import { metadataNames } from './metadata-names';
import { netDefaultDeny } from './net-default-deny';
import { netPrimaryUdnLabel } from './net-primary-udn-label';
import { olmInstallPlanApproval } from './olm-install-plan-approval';
import { podBaseline } from './pod-baseline';
import { podCapabilities } from './pod-capabilities';
import { podHostNamespaces } from './pod-host-namespaces';
import { podPrivilegeEscalation } from './pod-privilege-escalation';
import { podPrivileged } from './pod-privileged';
import { podPrivilegedNamespace } from './pod-privileged-namespace';
import { podReadOnlyRootFilesystem } from './pod-read-only-root-filesystem';
import { podResources } from './pod-resources';
import { podRunAsNonRoot } from './pod-run-as-non-root';
import { podSeccomp } from './pod-seccomp';
import { podUnreadKind } from './pod-unread-kind';
import { podVolumeTypes } from './pod-volume-types';
import { rbacAdmissionControl } from './rbac-admission-control';
import { rbacBroadGroups } from './rbac-broad-groups';
import { rbacCertificateApproval } from './rbac-certificate-approval';
import { rbacClusterAdmin } from './rbac-cluster-admin';
import { rbacClusterWideSubject } from './rbac-cluster-wide-subject';
import { rbacEscalationVerbs } from './rbac-escalation-verbs';
import { rbacNamespaceModification } from './rbac-namespace-modification';
import { rbacPersistentVolumes } from './rbac-persistent-volumes';
import { rbacPodNodeAccess } from './rbac-pod-node-access';
import { rbacSecretRead } from './rbac-secret-read';
import { rbacSpiffeNamespace } from './rbac-spiffe-namespace';
import { rbacSystemSubjects } from './rbac-system-subjects';
import { rbacTokenRequest } from './rbac-token-request';
import { rbacWildcards } from './rbac-wildcards';
import { rbacWorkloadCreation } from './rbac-workload-creation';
import { secretContent } from './secret-content';
import { secretData } from './secret-data';
import { secretEnv } from './secret-env';
import { secretLiteralEnv } from './secret-literal-env';
import { secretMountReadOnly } from './secret-mount-read-only';
import { secretVolumeMode } from './secret-volume-mode';
import { serviceAccountDefault } from './service-account-default';
import { serviceAccountToken } from './service-account-token';
import { tektonCredentialLifetime } from './tekton-credential-lifetime';
import { vaultAliasName } from './vault-alias-name';
import { vaultAudience } from './vault-audience';
import { vaultAuthBinding } from './vault-auth-binding';
import { vaultDatabaseRoles } from './vault-database-roles';
import { vaultDatabaseRootRotation } from './vault-database-root-rotation';
import { vaultDatabaseTls } from './vault-database-tls';
import { vaultLifetimes } from './vault-lifetimes';
import { vaultPolicyPaths } from './vault-policy-paths';

// Each family is a list of its own so that rules of one area are added in one place; ids are never reused or
// renumbered (RULES.md and users' acknowledgements name them).
const POD_RULES: RuleDefinition[] = [
  podPrivilegeEscalation, podPrivileged, podCapabilities, podRunAsNonRoot, podSeccomp, podVolumeTypes,
  podHostNamespaces, podReadOnlyRootFilesystem, podResources, podBaseline, podUnreadKind, podPrivilegedNamespace,
];
const IMAGE_RULES: RuleDefinition[] = [imagePinned, imageDigest];
const SECRET_RULES: RuleDefinition[] = [secretEnv, secretLiteralEnv, secretMountReadOnly, secretData, secretVolumeMode, secretContent];
const SERVICE_ACCOUNT_RULES: RuleDefinition[] = [serviceAccountDefault, serviceAccountToken];
const RBAC_RULES: RuleDefinition[] = [
  rbacClusterAdmin, rbacWildcards, rbacSecretRead, rbacEscalationVerbs, rbacSystemSubjects, rbacSpiffeNamespace,
  rbacWorkloadCreation, rbacPodNodeAccess, rbacTokenRequest, rbacCertificateApproval, rbacAdmissionControl,
  rbacPersistentVolumes, rbacNamespaceModification, rbacBroadGroups, rbacClusterWideSubject,
];
const ESO_RULES: RuleDefinition[] = [
  esoClusterStoreConditions, esoStaticCredentials, esoRefreshLifetime, esoClusterStoreReference, esoFakeGenerator,
  esoProviderTls, esoKeyPrefix, esoGithubTokenScope, esoPushPrivateKey, esoClusterNamespaces,
];
const TEKTON_RULES: RuleDefinition[] = [tektonCredentialLifetime];
const NETWORK_RULES: RuleDefinition[] = [netPrimaryUdnLabel, netDefaultDeny];
const IDENTITY_RULES: RuleDefinition[] = [idOidcIssuer, idOidcAudiences, idOidcPrefixes, idSvidTtl];
const ARGOCD_RULES: RuleDefinition[] = [
  argocdClusterTls, argocdRepositoryProject, argocdDefaultProject, argocdProjectSourceRepos, argocdProjectClusterResources,
  argocdProjectNamespaces, argocdProjectClusters,
];
const VAULT_RULES: RuleDefinition[] = [
  vaultAuthBinding, vaultLifetimes, vaultAliasName, vaultAudience, vaultPolicyPaths, vaultDatabaseRoles, vaultDatabaseRootRotation,
  vaultDatabaseTls,
];
const OLM_RULES: RuleDefinition[] = [olmInstallPlanApproval];
const META_RULES: RuleDefinition[] = [metadataNames, acknowledgementAnnotation];

/** Every rule of the pack, in report and RULES.md order. */
export const ALL_RULES: readonly RuleDefinition[] = [
  ...POD_RULES, ...IMAGE_RULES, ...SECRET_RULES, ...SERVICE_ACCOUNT_RULES, ...RBAC_RULES, ...ESO_RULES,
  ...TEKTON_RULES, ...NETWORK_RULES, ...IDENTITY_RULES, ...ARGOCD_RULES, ...VAULT_RULES, ...OLM_RULES, ...META_RULES,
];
