// Scenario S1: Argo CD clones private GitHub repositories with GitHub App installation tokens that live one
// hour, so no long-lived Git credential exists anywhere. ESO brings the App's private key from Vault into the
// Argo CD namespace, a GithubAccessToken generator signs token requests with it, and the tokens land in the
// repository Secrets Argo CD reads, renewed every 30 minutes. README.md explains each choice.
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AppProject, CompliancePack, EsoTokenRequestAccess, GithubTokenPlacement, SecretlessRepositoryAccess,
  SecretStore, SecretStoreProvider, Synthesis, VaultAuth,
} from 'cdk8s-zero-trust';

const ARGOCD_NAMESPACE = 'argocd';
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Everything lives in Argo CD's namespace: Argo CD reads repository Secrets only there. */
class SecretlessArgoCd extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: ARGOCD_NAMESPACE, disableResourceNameHashes: true });

    // ESO logs in to Vault as this account (Kubernetes auth), which is good for nothing else: no pod runs as
    // it and its token is never mounted
    const reader = new kplus.ServiceAccount(this, 'github-app-key-reader', {
      metadata: { name: 'github-app-key-reader' },
      automountToken: false,
    });
    const store = new SecretStore(this, 'vault', {
      metadata: { name: 'vault' },
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com:8200',
        path: 'secret',
        auth: VaultAuth.kubernetes({ role: 'argocd-github-apps', serviceAccount: reader, audiences: ['vault'] }),
      }),
      // the Vault role's policy reads argocd/* only; every key read through the store is checked at synth too
      keyPrefix: 'argocd/',
    });

    // team-a deploys from its two repositories into its namespace, nothing else
    const teamA = new AppProject(this, 'team-a', {
      metadata: { name: 'team-a' },
      description: 'Team A: its configuration repositories, deployed into team-a',
      sourceRepos: ['https://github.com/my-org/app-config', 'https://github.com/my-org/team-a-manifests'],
      destinations: [{ server: IN_CLUSTER, namespace: 'team-a' }],
    });
    // one repository Secret, and so one token scoped to that repository alone, per repository
    new SecretlessRepositoryAccess(this, 'my-org', {
      store,
      privateKey: { key: 'argocd/github-app', property: 'private-key' },
      appId: '123456',
      installationId: '7890123',
      owner: 'my-org',
      repositories: [
        { url: 'https://github.com/my-org/app-config' },
        { url: 'https://github.com/my-org/team-a-manifests' },
      ],
      project: teamA,
    });

    // the platform organization has its own App (its own key) and many repositories: one credential template
    // holds the token, the repository Secrets only name URL and project and inherit it
    const platform = new AppProject(this, 'platform', {
      metadata: { name: 'platform' },
      description: 'Platform team: cluster add-ons and policies, deployed into platform-system',
      sourceRepos: ['https://github.com/my-org-platform/cluster-addons', 'https://github.com/my-org-platform/policies'],
      // a *-system namespace is a system namespace for the compliance pack (ZT-ARGO6): this one is the platform team's own
      destinations: [{ server: IN_CLUSTER, namespace: 'platform-system', acknowledgeSystemNamespaces: 'platform-system holds only the platform team\'s cluster add-ons and policies' }],
    });
    new SecretlessRepositoryAccess(this, 'my-org-platform', {
      store,
      privateKey: { key: 'argocd/github-app-platform', property: 'private-key' },
      appId: '234567',
      installationId: '8901234',
      owner: 'my-org-platform',
      repositories: [
        { url: 'https://github.com/my-org-platform/cluster-addons' },
        { url: 'https://github.com/my-org-platform/policies' },
      ],
      project: platform,
      tokenPlacement: GithubTokenPlacement.CREDENTIAL_TEMPLATE,
    });

    // ESO may mint tokens for the store's account only (install ESO with rbac.serviceAccountTokenCreate: false)
    new EsoTokenRequestAccess(this, 'eso-token-request');
  }
}

const app = new App();
new SecretlessArgoCd(app, 'secretless-argocd');
// warnings fail too: the output has no unacknowledged finding
CompliancePack.applyTo(app, { failOnWarnings: true });
// writes what app.synth() writes, validating the App (and running the compliance pack) once, not once per chart
Synthesis.synth(app);
