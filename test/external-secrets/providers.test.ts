import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AzureEnvironment, AzureKeyVaultAuth, CaProvider, ClusterSecretStore, NamespaceCondition, ReferentServiceAccount, SecretStore,
  SecretStoreProvider, VaultAuth, VaultKvVersion,
} from '../../src/external-secrets';
import { expectConformant } from '../conformance/harness';

const REASON = 'legacy Vault without the Kubernetes auth method';

function tenantChart(namespace = 'team-a'): Chart {
  return new Chart(Testing.app(), 'tenant', { namespace });
}

/** A namespaced store in team-a with the provider the callback builds; returns the rendered provider. */
function renderNamespaced(build: (chart: Chart) => SecretStoreProvider): any {
  const chart = tenantChart();
  new SecretStore(chart, 'store', { metadata: { name: 'store' }, provider: build(chart) });
  expectConformant(chart);
  const objects = Testing.synth(chart);
  return objects[objects.length - 1].spec.provider;
}

function secret(chart: Chart, name: string, namespace?: string): kplus.ISecret {
  return namespace ? new kplus.Secret(chart, `${name}-${namespace}`, { metadata: { name, namespace } }) : kplus.Secret.fromSecretName(chart, name, name);
}

describe('Vault provider', () => {
  test('renders every auth method with its CRD defaults', () => {
    const chart = tenantChart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'eso-reader');
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'vault-creds');
    const auths = {
      kubernetes: VaultAuth.kubernetes({ role: 'reader', serviceAccount: sa, audiences: ['vault'] }),
      jwt: VaultAuth.jwt({ role: 'reader', serviceAccount: sa, audiences: ['vault'], expiration: Duration.minutes(15) }),
      cert: VaultAuth.cert({ clientCertificate: { secret: creds, key: 'tls.crt' }, privateKey: { secret: creds, key: 'tls.key' }, vaultRole: 'eso', acknowledgeStaticCredentials: REASON }),
      appRole: VaultAuth.appRole({ roleId: 'a1b2', secretId: { secret: creds, key: 'secret-id' }, acknowledgeStaticCredentials: REASON }),
      token: VaultAuth.token({ tokenSecret: { secret: creds, key: 'token' }, acknowledgeStaticCredentials: REASON }),
    };
    for (const [name, auth] of Object.entries(auths)) {
      new SecretStore(chart, name, {
        metadata: { name: `vault-${name.toLowerCase()}` },
        provider: SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'kv/team-a', version: VaultKvVersion.V1, namespace: 'tenants/a', auth }),
      });
    }
    const specs = Testing.synth(chart).map(o => o.spec.provider.vault);
    expect(specs.map(s => Object.keys(s.auth)[0])).toEqual(['kubernetes', 'jwt', 'cert', 'appRole', 'tokenSecretRef']);
    expect(specs[0].auth.kubernetes).toEqual({ mountPath: 'kubernetes', role: 'reader', serviceAccountRef: { name: 'eso-reader', audiences: ['vault'] } });
    expect(specs[1].auth.jwt).toEqual({ path: 'jwt', role: 'reader', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'eso-reader' }, audiences: ['vault'], expirationSeconds: 900 } });
    expect(specs[2].auth.cert.path).toBe('cert');
    expect(specs[3].auth.appRole).toEqual({ path: 'approle', roleId: 'a1b2', secretRef: { name: 'vault-creds', key: 'secret-id' } });
    expect(specs[0]).toMatchObject({ version: 'v1', namespace: 'tenants/a', path: 'kv/team-a' });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('takes the CA from a ConfigMap or Secret in the store namespace', () => {
    const provider = renderNamespaced(chart => SecretStoreProvider.vault({
      server: 'https://vault.vault.svc:8200',
      caProvider: CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'vault-ca'), 'ca.crt'),
      auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso') }),
    }));
    expect(provider.vault.caProvider).toEqual({ type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' });
    const fromSecret = renderNamespaced(chart => SecretStoreProvider.vault({
      server: 'https://vault.vault.svc:8200',
      caProvider: CaProvider.fromSecret(secret(chart, 'vault-tls', 'team-a'), 'ca.crt'),
      auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso') }),
    }));
    expect(fromSecret.vault.caProvider).toEqual({ type: 'Secret', name: 'vault-tls', key: 'ca.crt' });
  });

  test('a ClusterSecretStore keeps the namespaces of its references', () => {
    const chart = Testing.chart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'eso-auth', namespace: 'eso' } });
    new ClusterSecretStore(chart, 'store', {
      conditions: [NamespaceCondition.names(['team-a'])],
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com',
        caProvider: CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'vault-ca'), 'ca.crt', 'eso'),
        auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: sa }),
      }),
    });
    const vault = Testing.synth(chart)[1].spec.provider.vault;
    expect(vault.auth.kubernetes.serviceAccountRef).toEqual({ name: 'eso-auth', namespace: 'eso' });
    expect(vault.caProvider.namespace).toBe('eso');
    expectConformant(chart);
  });

  test('fails on a ClusterSecretStore CA without a namespace', () => {
    const chart = Testing.chart();
    expect(() => new ClusterSecretStore(chart, 'store', {
      conditions: [NamespaceCondition.names(['team-a'])],
      provider: SecretStoreProvider.vault({
        server: 'https://vault.example.com',
        caProvider: CaProvider.fromSecret(kplus.Secret.fromSecretName(chart, 'ca', 'vault-ca'), 'ca.crt'),
        auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso') }),
      }),
    })).toThrow(/'caProvider' \(Secret "vault-ca"\) needs a namespace on a ClusterSecretStore; pass it as the last argument of CaProvider.fromSecret\(\)/);
  });

  test('accepts plain http only with a written reason', () => {
    const provider = renderNamespaced(chart => SecretStoreProvider.vault({
      server: 'http://127.0.0.1:8100',
      acknowledgePlainHttp: 'Vault agent sidecar proxy on localhost',
      auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso') }),
    }));
    expect(provider.vault.server).toBe('http://127.0.0.1:8100');
  });

  test('fails on a non-https server', () => {
    const chart = tenantChart();
    const auth = VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso') });
    expect(() => SecretStoreProvider.vault({ server: 'http://vault:8200', auth })).toThrow(/'acknowledgePlainHttp' is required for a plain http 'server' \(http:\/\/vault:8200\)/);
    expect(() => SecretStoreProvider.vault({ server: 'http://vault:8200', auth, acknowledgePlainHttp: 'dev' })).toThrow(/'acknowledgePlainHttp' \("dev"\) is not a written reason/);
    expect(() => SecretStoreProvider.vault({ server: 'ftp://vault', auth })).toThrow(/'server' \("ftp:\/\/vault"\) must use https/);
    expect(() => SecretStoreProvider.vault({ server: 'vault.example.com', auth })).toThrow(/'server' \("vault.example.com"\) is not a valid URL/);
    expect(() => SecretStoreProvider.vault({ server: 'https://user:pw@vault', auth })).toThrow(/must not embed credentials/);
    expect(() => SecretStoreProvider.vault({ server: 'https://vault/?x=1', auth })).toThrow(/must not have a query or fragment/);
  });

  test('property: any https URL with a DNS host is accepted, any other scheme refused', () => {
    const chart = tenantChart();
    const auth = VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso') });
    fc.assert(fc.property(fc.domain(), fc.integer({ min: 1, max: 65535 }), fc.constantFrom('https', 'http', 'ws', 'ftp'), (host, port, scheme) => {
      const build = () => SecretStoreProvider.vault({ server: `${scheme}://${host}:${port}`, auth });
      if (scheme === 'https') return build().providerName === 'vault';
      expect(build).toThrow(/must use https|'acknowledgePlainHttp' is required/);
      return true;
    }), { numRuns: 100 });
  });

  test('fails on static credentials without a reason', () => {
    const chart = tenantChart();
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'vault-creds');
    expect(() => VaultAuth.token({ tokenSecret: { secret: creds, key: 'token' }, acknowledgeStaticCredentials: undefined as any }))
      .toThrow(/'acknowledgeStaticCredentials' is required in VaultTokenAuthOptions/);
    expect(() => VaultAuth.token({ tokenSecret: { secret: creds, key: 'token' }, acknowledgeStaticCredentials: ' short    ' }))
      .toThrow(/'auth.token.acknowledgeStaticCredentials' \(" short    "\) is not a written reason/);
    expect(() => VaultAuth.appRole({ roleId: 'r', secretId: { secret: creds, key: 'id' }, acknowledgeStaticCredentials: 'x' })).toThrow(/'auth.appRole.acknowledgeStaticCredentials' \("x"\) is not a written reason/);
    expect(() => VaultAuth.cert({ clientCertificate: { secret: creds, key: 'c' }, privateKey: { secret: creds, key: 'k' }, acknowledgeStaticCredentials: '' }))
      .toThrow(/'auth.cert.acknowledgeStaticCredentials' \(""\) is not a written reason/);
  });

  test('fails on invalid mount paths, roles, keys and durations', () => {
    const chart = tenantChart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'eso');
    expect(() => VaultAuth.kubernetes({ role: 'r', serviceAccount: sa, mountPath: '/kubernetes/' })).toThrow(/'auth.kubernetes.mountPath' \("\/kubernetes\/"\) must be a Vault mount path/);
    expect(() => VaultAuth.kubernetes({ role: ' ', serviceAccount: sa })).toThrow(/'auth.kubernetes.role' must not be empty/);
    expect(() => VaultAuth.jwt({ role: 'r', serviceAccount: sa, expiration: Duration.minutes(5) })).toThrow(/'auth.jwt.expiration' \(5m0s\) must be at least 10m0s/);
    expect(() => VaultAuth.jwt({ role: 'r', serviceAccount: sa, expiration: Duration.millis(600_500) })).toThrow(/'auth.jwt.expiration' .* must be a whole number of seconds/);
    expect(() => SecretStoreProvider.vault({ server: 'https://v', path: 'a//b', auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: sa }) })).toThrow(/'path' \("a\/\/b"\)/);
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'vault-creds');
    const token = VaultAuth.token({ tokenSecret: { secret: creds, key: 'bad key' }, acknowledgeStaticCredentials: REASON });
    expect(() => new SecretStore(chart, 's', { provider: SecretStoreProvider.vault({ server: 'https://v', auth: token }) }))
      .toThrow(/'auth.token.tokenSecret.key' \("bad key"\) must be a Secret key/);
    const noAudience = VaultAuth.kubernetes({ role: 'r', serviceAccount: sa, audiences: [] });
    expect(() => new SecretStore(chart, 't', { provider: SecretStoreProvider.vault({ server: 'https://v', auth: noAudience }) }))
      .toThrow(/'auth.kubernetes.serviceAccount.audiences' is empty/);
  });

  test('fails on cross-namespace references from a namespaced store', () => {
    const chart = tenantChart();
    const other = new kplus.ServiceAccount(chart, 'other', { metadata: { name: 'eso', namespace: 'team-b' } });
    const imported = kplus.ServiceAccount.fromServiceAccountName(chart, 'imported', 'eso');
    const provider = (auth: VaultAuth, caProvider?: CaProvider) => SecretStoreProvider.vault({ server: 'https://v', auth, caProvider });
    expect(() => new SecretStore(chart, 'a', { provider: provider(VaultAuth.kubernetes({ role: 'r', serviceAccount: other })) }))
      .toThrow(/'auth.kubernetes.serviceAccount.namespace' references namespace "team-b" but a SecretStore may only reference objects in its own namespace "team-a"/);
    // cdk8s-plus imports default to namespace "default"
    expect(() => new SecretStore(chart, 'b', { provider: provider(VaultAuth.kubernetes({ role: 'r', serviceAccount: imported })) }))
      .toThrow(/references namespace "default"/);
    const token = VaultAuth.token({ tokenSecret: { secret: secret(chart, 'vault-token', 'team-b'), key: 'token' }, acknowledgeStaticCredentials: REASON });
    expect(() => new SecretStore(chart, 'c', { provider: provider(token) })).toThrow(/'auth.token.tokenSecret.namespace' references namespace "team-b"/);
    const explicit = VaultAuth.token({ tokenSecret: { secret: kplus.Secret.fromSecretName(chart, 's', 'x'), key: 'token', namespace: 'eso' }, acknowledgeStaticCredentials: REASON });
    expect(() => new SecretStore(chart, 'd', { provider: provider(explicit) })).toThrow(/'auth.token.tokenSecret.namespace' references namespace "eso"/);
    const ca = CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'ca'), 'ca.crt', 'kube-system');
    const ok = VaultAuth.kubernetes({ role: 'r', serviceAccount: ReferentServiceAccount.fromName(chart, 'r', 'eso') });
    expect(() => new SecretStore(chart, 'e', { provider: provider(ok, ca) })).toThrow(/'caProvider' references namespace "kube-system"/);
  });

  test('fails on a reference with a namespace from a store without one', () => {
    const chart = Testing.chart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'eso', namespace: 'team-a' } });
    expect(() => new SecretStore(chart, 'a', { provider: SecretStoreProvider.vault({ server: 'https://v', auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: sa }) }) }))
      .toThrow(/references namespace "team-a" but the SecretStore has none; set the store's metadata.namespace/);
  });
});

describe('AWS providers', () => {
  test('authenticate with IRSA through a service account by default', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'eso-aws', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso' } } });
    new SecretStore(chart, 'sm', {
      metadata: { name: 'aws-sm' },
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccount: sa, role: 'arn:aws:iam::123456789012:role/team-a-reader' }),
    });
    new SecretStore(chart, 'ps', { metadata: { name: 'aws-ps' }, provider: SecretStoreProvider.awsParameterStore({ region: 'us-gov-west-1', serviceAccount: sa, audiences: ['sts.amazonaws.com'] }) });
    const [, sm, ps] = Testing.synth(chart).map(o => o.spec?.provider.aws);
    expect(sm).toEqual({
      service: 'SecretsManager',
      region: 'eu-central-1',
      role: 'arn:aws:iam::123456789012:role/team-a-reader',
      sessionTagsPolicy: 'None',
      auth: { jwt: { serviceAccountRef: { name: 'eso-aws' } } },
    });
    expect(ps.service).toBe('ParameterStore');
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('take static access keys only with a reason', () => {
    const provider = renderNamespaced(chart => {
      const keys = kplus.Secret.fromSecretName(chart, 'keys', 'aws-keys');
      return SecretStoreProvider.awsSecretsManager({
        region: 'us-east-1',
        staticCredentials: { accessKeyId: { secret: keys, key: 'id' }, secretAccessKey: { secret: keys, key: 'secret' }, sessionToken: { secret: keys, key: 'session' } },
        acknowledgeStaticCredentials: 'cluster runs outside AWS without OIDC federation',
      });
    });
    expect(provider.aws.auth.secretRef).toEqual({
      accessKeyIDSecretRef: { name: 'aws-keys', key: 'id' },
      secretAccessKeySecretRef: { name: 'aws-keys', key: 'secret' },
      sessionTokenSecretRef: { name: 'aws-keys', key: 'session' },
    });
  });

  test('fails on bad regions, role ARNs and auth combinations', () => {
    const chart = tenantChart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'eso');
    const keys = kplus.Secret.fromSecretName(chart, 'keys', 'aws-keys');
    const staticCredentials = { accessKeyId: { secret: keys, key: 'id' }, secretAccessKey: { secret: keys, key: 'secret' } };
    expect(() => SecretStoreProvider.awsSecretsManager({ region: 'Frankfurt', serviceAccount: sa })).toThrow(/'region' \("Frankfurt"\) is not an AWS region; use e.g. "eu-central-1"/);
    expect(() => SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccount: sa, role: 'team-a' })).toThrow(/'role' \("team-a"\) must be an IAM role ARN/);
    expect(() => SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1' })).toThrow(/exactly one of 'serviceAccount' \(IRSA, recommended\) and 'staticCredentials'/);
    expect(() => SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccount: sa, staticCredentials, acknowledgeStaticCredentials: REASON })).toThrow(/exactly one of/);
    expect(() => SecretStoreProvider.awsParameterStore({ region: 'eu-central-1', staticCredentials })).toThrow(/'acknowledgeStaticCredentials' is required for static AWS access keys/);
    expect(() => SecretStoreProvider.awsParameterStore({ region: 'eu-central-1', staticCredentials, acknowledgeStaticCredentials: 'because' })).toThrow(/'acknowledgeStaticCredentials' \("because"\) is not a written reason/);
    expect(() => SecretStoreProvider.awsParameterStore({ region: 'eu-central-1', staticCredentials, acknowledgeStaticCredentials: REASON, audiences: ['x'] })).toThrow(/'audiences' only applies with 'serviceAccount'/);
  });
});

describe('GCP Secret Manager provider', () => {
  test('uses Workload Identity and emits the CRD default version policy', () => {
    const chart = tenantChart();
    new SecretStore(chart, 'store', {
      metadata: { name: 'gcp' },
      provider: SecretStoreProvider.gcpSecretManager({
        projectId: 'acme-secrets',
        location: 'europe-west3',
        serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso-gcp'),
        clusterLocation: 'europe-west3',
        clusterName: 'prod',
        clusterProjectId: 'acme-clusters',
      }),
    });
    expect(Testing.synth(chart)[0].spec.provider.gcpsm).toEqual({
      projectID: 'acme-secrets',
      location: 'europe-west3',
      secretVersionSelectionPolicy: 'LatestOrFail',
      auth: { workloadIdentity: { serviceAccountRef: { name: 'eso-gcp' }, clusterLocation: 'europe-west3', clusterName: 'prod', clusterProjectID: 'acme-clusters' } },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('takes a service-account key only with a reason', () => {
    const provider = renderNamespaced(chart => SecretStoreProvider.gcpSecretManager({
      projectId: 'acme-secrets',
      serviceAccountKey: { secret: kplus.Secret.fromSecretName(chart, 'key', 'gcp-key'), key: 'key.json' },
      acknowledgeStaticCredentials: 'on-premises cluster without federation',
    }));
    expect(provider.gcpsm.auth).toEqual({ secretRef: { secretAccessKeySecretRef: { name: 'gcp-key', key: 'key.json' } } });
  });

  test('fails on bad project IDs and auth combinations', () => {
    const chart = tenantChart();
    const sa = ReferentServiceAccount.fromName(chart, 'sa', 'eso');
    const key = { secret: kplus.Secret.fromSecretName(chart, 'key', 'gcp-key'), key: 'key.json' };
    expect(() => SecretStoreProvider.gcpSecretManager({ projectId: 'Acme', serviceAccount: sa })).toThrow(/'projectId' \("Acme"\) is not a Google Cloud project ID/);
    expect(() => SecretStoreProvider.gcpSecretManager({ projectId: 'acme-secrets', serviceAccount: sa, clusterProjectId: '1' })).toThrow(/'clusterProjectId' \("1"\)/);
    expect(() => SecretStoreProvider.gcpSecretManager({ projectId: 'acme-secrets' })).toThrow(/exactly one of 'serviceAccount' \(Workload Identity, recommended\) and 'serviceAccountKey'/);
    expect(() => SecretStoreProvider.gcpSecretManager({ projectId: 'acme-secrets', serviceAccountKey: key })).toThrow(/'acknowledgeStaticCredentials' is required for a Google service-account key/);
    expect(() => SecretStoreProvider.gcpSecretManager({ projectId: 'acme-secrets', serviceAccount: sa, clusterName: '' })).toThrow(/'clusterName' must not be empty/);
  });
});

describe('Azure Key Vault provider', () => {
  test('renders workload identity, managed identity and a service principal', () => {
    const chart = tenantChart();
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'azure-sp');
    const auths = [
      AzureKeyVaultAuth.workloadIdentity({ serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso-azure') }),
      AzureKeyVaultAuth.managedIdentity('00000000-0000-0000-0000-000000000001'),
      AzureKeyVaultAuth.managedIdentity(),
      AzureKeyVaultAuth.servicePrincipal({ clientId: { secret: creds, key: 'client-id' }, clientSecret: { secret: creds, key: 'client-secret' }, acknowledgeStaticCredentials: 'tenant policy forbids federated credentials' }),
    ];
    auths.forEach((auth, i) => new SecretStore(chart, `s${i}`, {
      metadata: { name: `azure-${i}` },
      provider: SecretStoreProvider.azureKeyVault({
        vaultUrl: 'https://acme.vault.azure.net',
        auth,
        tenantId: '11111111-2222-3333-4444-555555555555',
        environment: i === 2 ? AzureEnvironment.US_GOVERNMENT_CLOUD : undefined,
      }),
    }));
    const specs = Testing.synth(chart).map(o => o.spec.provider.azurekv);
    expect(specs.map(s => s.authType)).toEqual(['WorkloadIdentity', 'ManagedIdentity', 'ManagedIdentity', 'ServicePrincipal']);
    expect(specs[0]).toEqual({
      vaultUrl: 'https://acme.vault.azure.net',
      tenantId: '11111111-2222-3333-4444-555555555555',
      environmentType: 'PublicCloud',
      useAzureSDK: false,
      authType: 'WorkloadIdentity',
      serviceAccountRef: { name: 'eso-azure' },
    });
    expect(specs[2].environmentType).toBe('USGovernmentCloud');
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('fails on bad URLs, tenants and missing reasons', () => {
    const chart = tenantChart();
    const auth = AzureKeyVaultAuth.managedIdentity();
    const creds = kplus.Secret.fromSecretName(chart, 'creds', 'azure-sp');
    expect(() => SecretStoreProvider.azureKeyVault({ vaultUrl: 'http://acme.vault.azure.net', auth })).toThrow(/'vaultUrl' \("http:\/\/acme.vault.azure.net"\) must use https/);
    expect(() => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://acme.vault.azure.net', auth, tenantId: 'acme' })).toThrow(/'tenantId' \("acme"\) must be a GUID/);
    expect(() => AzureKeyVaultAuth.servicePrincipal({ clientId: { secret: creds, key: 'id' }, clientSecret: { secret: creds, key: 's' }, acknowledgeStaticCredentials: 'todo' }))
      .toThrow(/'auth.acknowledgeStaticCredentials' \("todo"\) is not a written reason/);
    expect(() => AzureKeyVaultAuth.managedIdentity('')).toThrow(/'auth.identityId' must not be empty/);
  });
});

describe('IBM Secrets Manager provider', () => {
  test('uses a trusted profile (container auth) or an API key with a reason', () => {
    const chart = tenantChart();
    const url = 'https://0000-1111.eu-de.secrets-manager.appdomain.cloud';
    new SecretStore(chart, 'profile', { metadata: { name: 'ibm-profile' }, provider: SecretStoreProvider.ibmSecretsManager({ serviceUrl: url, trustedProfile: 'eso-reader', tokenLocation: '/var/run/secrets/tokens/sa-token' }) });
    new SecretStore(chart, 'key', {
      metadata: { name: 'ibm-key' },
      provider: SecretStoreProvider.ibmSecretsManager({
        serviceUrl: url,
        iamEndpoint: 'https://iam.cloud.ibm.com',
        apiKeySecret: { secret: kplus.Secret.fromSecretName(chart, 'k', 'ibm-key'), key: 'apikey' },
        acknowledgeStaticCredentials: 'classic infrastructure without trusted profiles',
      }),
    });
    const [profile, key] = Testing.synth(chart).map(o => o.spec.provider.ibm);
    expect(profile.auth).toEqual({ containerAuth: { profile: 'eso-reader', tokenLocation: '/var/run/secrets/tokens/sa-token' } });
    expect(key.auth).toEqual({ secretRef: { secretApiKeySecretRef: { name: 'ibm-key', key: 'apikey' }, iamEndpoint: 'https://iam.cloud.ibm.com' } });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('fails on missing auth, stray options and missing reasons', () => {
    const chart = tenantChart();
    const url = 'https://x.eu-de.secrets-manager.appdomain.cloud';
    const apiKeySecret = { secret: kplus.Secret.fromSecretName(chart, 'k', 'ibm-key'), key: 'apikey' };
    expect(() => SecretStoreProvider.ibmSecretsManager({ serviceUrl: url })).toThrow(/exactly one of 'trustedProfile' \(container auth, recommended\) and 'apiKeySecret'/);
    expect(() => SecretStoreProvider.ibmSecretsManager({ serviceUrl: url, apiKeySecret })).toThrow(/'acknowledgeStaticCredentials' is required for an IBM Cloud API key/);
    expect(() => SecretStoreProvider.ibmSecretsManager({ serviceUrl: url, apiKeySecret, tokenLocation: '/t', acknowledgeStaticCredentials: REASON })).toThrow(/'tokenLocation' only applies with 'trustedProfile'/);
    expect(() => SecretStoreProvider.ibmSecretsManager({ serviceUrl: 'http://x', trustedProfile: 'p' })).toThrow(/'serviceUrl' \("http:\/\/x"\) must use https/);
  });
});

describe('Kubernetes provider', () => {
  test('reads a remote namespace as a service account, trusting the cluster CA', () => {
    const provider = renderNamespaced(chart => SecretStoreProvider.kubernetes({
      remoteNamespace: 'shared-secrets',
      serviceAccount: new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'eso-remote' } }),
      caProvider: CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'kube-root-ca.crt'), 'ca.crt'),
      audiences: ['https://kubernetes.default.svc'],
    }));
    expect(provider.kubernetes).toEqual({
      remoteNamespace: 'shared-secrets',
      server: { url: 'kubernetes.default', caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } },
      auth: { serviceAccount: { name: 'eso-remote', audiences: ['https://kubernetes.default.svc'] } },
    });
  });

  test('reaches a remote cluster over https', () => {
    const provider = renderNamespaced(chart => SecretStoreProvider.kubernetes({
      remoteNamespace: 'shared',
      server: 'https://api.remote.example.com:6443',
      serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'eso-remote'),
      caProvider: CaProvider.fromSecret(kplus.Secret.fromSecretName(chart, 'ca', 'remote-ca'), 'ca.crt'),
    }));
    expect(provider.kubernetes.server.url).toBe('https://api.remote.example.com:6443');
  });

  test('fails on an invalid remote namespace or server', () => {
    const chart = tenantChart();
    const serviceAccount = ReferentServiceAccount.fromName(chart, 'sa', 'eso');
    const caProvider = CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ca', 'kube-root-ca.crt'), 'ca.crt');
    expect(() => SecretStoreProvider.kubernetes({ remoteNamespace: 'Shared', serviceAccount, caProvider })).toThrow(/'remoteNamespace' \("Shared"\) must be a DNS-1123 label/);
    expect(() => SecretStoreProvider.kubernetes({ remoteNamespace: 'shared', serviceAccount, caProvider, server: 'http://api:6443' })).toThrow(/'server' \("http:\/\/api:6443"\) must use https/);
    expect(() => CaProvider.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'bad', 'kube-root-ca.crt'), 'ca crt')).toThrow(/'caProvider.key' \("ca crt"\) must be a Secret key/);
    expect(() => ReferentServiceAccount.fromName(chart, 'bad-sa', 'Bad_Name')).toThrow(/'name' \("Bad_Name"\) must be a DNS-1123 subdomain/);
  });
});

describe('custom provider', () => {
  test('renders a known provider as given', () => {
    const chart = tenantChart();
    const spec = { data: [{ key: 'db-password', value: 'not-a-real-secret' }] };
    const provider = SecretStoreProvider.custom('fake', spec);
    spec.data.push({ key: 'later', value: 'ignored' });
    const store = new SecretStore(chart, 'store', { metadata: { name: 'fake' }, provider });
    expect(Testing.synth(chart)[0].spec.provider).toEqual({ fake: { data: [{ key: 'db-password', value: 'not-a-real-secret' }] } });
    expect(store.referencedServiceAccounts).toEqual([]);
    expectConformant(chart);
  });

  test('fails on an unknown provider name', () => {
    expect(() => SecretStoreProvider.custom('hashicorp', {})).toThrow(/'provider' name "hashicorp" is not an ESO v2.9 provider; use one of akeyless, aws/);
  });
});
