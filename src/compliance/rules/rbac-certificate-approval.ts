import { checkGrants, GRANT_KINDS, GrantCheck, targets } from '../rbac/grants';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

const CERTIFICATES = 'certificates.k8s.io';
// signers of the kubernetes.io domain issue certificates the API server and kubelets trust
const KUBERNETES_SIGNERS = 'kubernetes.io/';

const CHECK: GrantCheck = {
  targets: [
    ...targets(CERTIFICATES, ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], ['update', 'patch'], { clusterScoped: true }),
    ...targets(CERTIFICATES, ['signers'], ['approve', 'sign'], { clusterScoped: true }),
  ],
  // approve or sign on named signers outside kubernetes.io (e.g. cert-manager's issuers.cert-manager.io/*) issues no certificate the cluster trusts
  accept: (rule, granted) => granted.target.resource !== 'signers' || rule.resourceNames.length === 0
    || rule.resourceNames.some(n => n.startsWith(KUBERNETES_SIGNERS)),
  meaning: 'certificate approval or signing',
};

export const rbacCertificateApproval: RuleDefinition = {
  id: 'ZT-RBAC10',
  level: ComplianceLevel.ERROR,
  message: 'role approves or signs certificate signing requests',
  explanation: 'Updating certificatesigningrequests/approval (with approve on a signer) approves a CSR, and '
    + 'updating certificatesigningrequests/status (with sign on a signer) issues its certificate; for the '
    + 'kubernetes.io/kube-apiserver-client signer that is a client certificate with any user and group name, '
    + 'system:masters included. Leave approval and signing to the controllers that own them; a signer of your own '
    + 'domain, named in resourceNames, is not counted.',
  fix: 'remove the CSR approval, status and kubernetes.io signer grants',
  anchors: ['Kubernetes RBAC good practices: CSRs and certificate issuing'],
  beyondAnchors: 'Counts * verbs, resources and groups, the */approval and */status forms and rules aggregated into a '
    + 'ClusterRole.',
  kinds: GRANT_KINDS,
  check: (manifest, manifests) => checkGrants(manifest, manifests, CHECK),
};
