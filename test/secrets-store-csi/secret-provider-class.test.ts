import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { chart, CLIENT, everyProvider, REASON, TENANT, vaultProvider, vaultRole } from './fixtures';
import { CompliancePack } from '../../src/compliance';
import {
  CsiAwsAuthentication, CsiAwsObjectType, CsiAzureAuth, CsiAzureCloud, CsiAzureObjectType, CsiGcpAuth, CsiSecretProvider, CsiVaultEncoding,
  CsiVaultMethod, CsiVaultObjects, SecretProviderClass,
} from '../../src/secrets-store-csi';
import { DatabaseSecretEngineRole, KubernetesAuthEngineRole, VaultPolicy } from '../../src/vault';
import { expectConformant } from '../conformance/harness';
import { validationError } from '../validation-error';

const specOf = (c: ReturnType<typeof chart>, name: string) => Testing.synth(c).find((o: any) => o.kind === 'SecretProviderClass' && o.metadata.name === name).spec;

describe('SecretProviderClass', () => {
  test('one class per provider (snapshot): conformant, no finding of the pack, no v1 Secret', () => {
    const c = chart();
    everyProvider(c);
    const manifests = Testing.synth(c);
    expect(manifests).toMatchSnapshot();
    expect(manifests.map((m: any) => m.kind)).toEqual(Array(4).fill('SecretProviderClass'));
    expectConformant(c);
    const report = new CompliancePack().evaluate(c);
    expect([...report.errors, ...report.warnings]).toEqual([]);
  });

  describe('Vault', () => {
    test('database credentials: one creds path read twice, the login role, mount and audience from the role', () => {
      const c = chart();
      const spc = new SecretProviderClass(c, 'db', { metadata: { name: 'db' }, provider: vaultProvider(c) });
      const spec = specOf(c, 'db');
      expect(spec.provider).toBe('vault');
      expect(spec.parameters).toEqual({
        roleName: 'ci-migrate',
        vaultKubernetesMountPath: 'kubernetes',
        audience: 'vault',
        objects: expect.any(String),
      });
      expect(parse(spec.parameters.objects)).toEqual([
        { objectName: 'username', secretPath: 'database/creds/ci-migrate', secretKey: 'username' },
        { objectName: 'password', secretPath: 'database/creds/ci-migrate', secretKey: 'password' },
      ]);
      expect(spc.fileNames).toEqual(['username', 'password']);
      expect(spc.provider.name).toBe('vault');
      expect(spc.nodePublishSecret).toBeUndefined();
      expect(spc.syncedSecrets).toEqual([]);
      expectConformant(c);
    });

    test('a role defined in this app, custom file names, address, namespace, TLS and a PKI write', () => {
      const c = chart();
      const operator = new kplus.ServiceAccount(c, 'op', { metadata: { name: 'vault-config' }, automountToken: false });
      const runner = new kplus.ServiceAccount(c, 'runner', { metadata: { name: 'pipeline' }, automountToken: false });
      const authentication = { role: 'vault-admin', serviceAccount: operator };
      const db = DatabaseSecretEngineRole.fromDatabaseSecretEngineRoleAttributes(c, 'db', { roleName: 'reporting', mountPath: 'postgres' });
      const policy = new VaultPolicy(c, 'policy', { metadata: { name: 'reporting' }, authentication });
      db.grantRead(policy);
      const role = new KubernetesAuthEngineRole(c, 'role', { metadata: { name: 'ci' }, authentication, audience: 'vault-ci', serviceAccounts: [runner], mountPath: 'k8s-ci', policies: [policy] });
      new SecretProviderClass(c, 'spc', {
        metadata: { name: 'reporting' },
        provider: CsiSecretProvider.vault({
          role,
          address: 'https://vault.vault.svc:8200',
          vaultNamespace: 'team-a',
          caCertPath: '/vault/tls/ca.crt',
          tlsServerName: 'vault.example.com',
          objects: [
            ...CsiVaultObjects.databaseCredentials(db, { usernameFile: 'db/user', passwordFile: 'db/pass' }),
            { objectName: 'tls.crt', secretPath: 'pki/issue/app', method: CsiVaultMethod.POST, secretArgs: { ttl: '1h', common_name: 'app.example.com' }, secretKey: 'certificate' },
            { objectName: 'keystore', secretPath: 'secret/data/app/keystore?version=2', secretKey: 'p12', encoding: CsiVaultEncoding.BASE64 },
            { objectName: 'whole.json', secretPath: 'secret/data/app/config' },
          ],
        }),
      });
      const parameters = specOf(c, 'reporting').parameters;
      expect(parameters).toMatchObject({
        roleName: 'ci',
        vaultKubernetesMountPath: 'k8s-ci',
        audience: 'vault-ci',
        vaultAddress: 'https://vault.vault.svc:8200',
        vaultNamespace: 'team-a',
        vaultCACertPath: '/vault/tls/ca.crt',
        vaultTLSServerName: 'vault.example.com',
      });
      expect(parse(parameters.objects)).toEqual([
        { objectName: 'db/user', secretPath: 'postgres/creds/reporting', secretKey: 'username' },
        { objectName: 'db/pass', secretPath: 'postgres/creds/reporting', secretKey: 'password' },
        { objectName: 'tls.crt', secretPath: 'pki/issue/app', method: 'POST', secretArgs: { common_name: 'app.example.com', ttl: '1h' }, secretKey: 'certificate' },
        { objectName: 'keystore', secretPath: 'secret/data/app/keystore?version=2', secretKey: 'p12', encoding: 'base64' },
        { objectName: 'whole.json', secretPath: 'secret/data/app/config' },
      ]);
      expectConformant(c);
    });

    test('plain http needs a reason', () => {
      const c = chart();
      const objects = [{ objectName: 'a', secretPath: 'secret/data/a' }];
      expect(validationError(() => CsiSecretProvider.vault({ role: vaultRole(c), objects, address: 'http://vault:8200' }), undefined).message)
        .toMatch(/'acknowledgePlainHttp' is required for a plain http 'address'/);
      const spc = new SecretProviderClass(c, 'spc', {
        metadata: { name: 'local' },
        provider: CsiSecretProvider.vault({ role: vaultRole(c, 'vault-local'), objects, address: 'http://127.0.0.1:8100', acknowledgePlainHttp: 'a node-local agent proxy terminates TLS to Vault' }),
      });
      expect(specOf(c, spc.name).parameters.vaultAddress).toBe('http://127.0.0.1:8100');
    });

    test.each([
      ['address is not https', { address: 'ftp://vault' }, /must use https/],
      ['address with credentials', { address: 'https://user:pw@vault' }, /must not embed credentials/],
      ['reason without address', { acknowledgePlainHttp: 'a node-local agent proxy terminates TLS' }, /'acknowledgePlainHttp' is set but 'address' is not/],
      ['empty vault namespace', { vaultNamespace: ' ' }, /'vaultNamespace' must not be empty/],
      ['relative CA path', { caCertPath: 'ca.crt' }, /'caCertPath' .* must be an absolute path/],
      ['empty server name', { tlsServerName: '' }, /'tlsServerName' must not be empty/],
      ['no objects', { objects: [] }, /'objects' is empty/],
      ['file leaving the mount', { objects: [{ objectName: '../etc/passwd', secretPath: 'secret/data/a' }] }, /'objects\[0\].objectName' .* must be a relative file path/],
      ['two objects, one file', { objects: [{ objectName: 'a', secretPath: 'secret/data/a' }, { objectName: 'a', secretPath: 'secret/data/b' }] }, /writes the file "a" twice/],
      ['path with /v1/', { objects: [{ objectName: 'a', secretPath: 'v1/secret/data/a' }] }, /starts with 'v1\/'; the provider adds it, so write "secret\/data\/a"/],
      ['absolute path', { objects: [{ objectName: 'a', secretPath: '/secret/data/a' }] }, /must be a Vault API path/],
      ['dot-dot path', { objects: [{ objectName: 'a', secretPath: 'secret/../sys/raw' }] }, /must be a Vault API path/],
      ['empty key', { objects: [{ objectName: 'a', secretPath: 'secret/data/a', secretKey: '' }] }, /'objects\[0\].secretKey' must not be empty/],
      ['body on a GET', { objects: [{ objectName: 'a', secretPath: 'pki/issue/a', secretArgs: { ttl: '1h' } }] }, /a GET does not send/],
      ['empty body', { objects: [{ objectName: 'a', secretPath: 'pki/issue/a', method: CsiVaultMethod.PUT, secretArgs: {} }] }, /'objects\[0\].secretArgs' is empty/],
      ['encoding without key', { objects: [{ objectName: 'a', secretPath: 'secret/data/a', encoding: CsiVaultEncoding.HEX }] }, /'objects\[0\].encoding' decodes the value of 'secretKey'/],
      ['credential in a body', { objects: [{ objectName: 'a', secretPath: 'auth/x', method: CsiVaultMethod.POST, secretArgs: { password: 'hunter2-S3cr3t-value!' } }] }, /secretArgs\["password"\]/],
    ] as const)('refuses: %s', (_, override, message) => {
      const c = chart();
      const props = { role: vaultRole(c), objects: [{ objectName: 'a', secretPath: 'secret/data/a' }], ...override } as any;
      expect(validationError(() => CsiSecretProvider.vault(props), undefined).message).toMatch(message);
    });

    test('refuses a role whose audience is the API server', () => {
      const role = { roleName: 'ci', mountPath: 'kubernetes', audience: 'https://kubernetes.default.svc' } as any;
      expect(validationError(() => CsiSecretProvider.vault({ role, objects: [{ objectName: 'a', secretPath: 'secret/data/a' }] }), undefined).message)
        .toMatch(/'role.audience' .* is the API server's audience/);
    });

    test('database credentials refuse one file for both values and bad file names', () => {
      const c = chart();
      const db = DatabaseSecretEngineRole.fromRoleName(c, 'db', 'ci');
      expect(validationError(() => CsiVaultObjects.databaseCredentials(db, { usernameFile: 'creds', passwordFile: 'creds' }), undefined).message)
        .toMatch(/'usernameFile' and 'passwordFile' are both "creds"/);
      expect(validationError(() => CsiVaultObjects.databaseCredentials(db, { passwordFile: '.hidden' }), undefined).message)
        .toMatch(/'passwordFile' .* must be a relative file path/);
    });
  });

  describe('AWS', () => {
    test('IRSA by default, Pod Identity on request; aliases, jmesPath and path translation give the file names', () => {
      const c = chart();
      const { aws } = everyProvider(c);
      expect(aws.fileNames).toEqual(['app_db', 'db-user', '_app_feature-flags']);
      const spec = specOf(c, 'aws-app');
      expect(spec.parameters.usePodIdentity).toBe('false');
      expect(spec.parameters.region).toBe('eu-central-1');
      expect(parse(spec.parameters.objects)).toEqual([
        { objectName: 'app/db', objectType: 'secretsmanager', jmesPath: [{ path: 'username', objectAlias: 'db-user' }] },
        { objectName: '/app/feature-flags', objectType: 'ssmparameter', objectVersionLabel: 'prod' },
      ]);
      const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:app/db-AbCdEf';
      const pod = new SecretProviderClass(c, 'pod', {
        metadata: { name: 'pod-identity' },
        provider: CsiSecretProvider.aws({
          region: 'eu-central-1',
          failoverRegion: 'eu-west-1',
          authentication: CsiAwsAuthentication.POD_IDENTITY,
          objects: [{ objectName: arn, objectType: CsiAwsObjectType.SECRETS_MANAGER, objectAlias: 'db.json', objectVersion: 'v-1' }],
        }),
      });
      expect(pod.fileNames).toEqual(['db.json']);
      expect(specOf(c, 'pod-identity').parameters).toMatchObject({ usePodIdentity: 'true', failoverRegion: 'eu-west-1' });
      expectConformant(c);
    });

    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:app/db-AbCdEf';
    test.each([
      ['a bad region', { region: 'Frankfurt' }, /'region' \("Frankfurt"\) is not an AWS region/],
      ['a bad failover region', { failoverRegion: 'eu_west_1' }, /'failoverRegion' .* is not an AWS region/],
      ['the same failover region', { failoverRegion: 'eu-central-1' }, /equals 'region'/],
      ['no objects', { objects: [] }, /'objects' is empty/],
      ['an ARN of another service', { objects: [{ objectName: arn, objectType: CsiAwsObjectType.SSM_PARAMETER, objectAlias: 'x' }] }, /is not an ARN of ssmparameter/],
      ['an ARN of another region', { objects: [{ objectName: arn.replace('eu-central-1', 'us-east-1'), objectType: CsiAwsObjectType.SECRETS_MANAGER, objectAlias: 'x' }] }, /is in region us-east-1/],
      ['an ARN without alias', { objects: [{ objectName: arn, objectType: CsiAwsObjectType.SECRETS_MANAGER }] }, /'objects\[0\].objectAlias' is required with an ARN/],
      ['a name that is no file', { objects: [{ objectName: 'app db', objectType: CsiAwsObjectType.SECRETS_MANAGER }] }, /'objects\[0\].objectName' .* must be a relative file path/],
      ['a bad alias', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER, objectAlias: '../x' }] }, /'objects\[0\].objectAlias'/],
      ['version and label on a parameter', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SSM_PARAMETER, objectVersion: '3', objectVersionLabel: 'prod' }] }, /sets both objectVersion and objectVersionLabel/],
      ['an empty version', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER, objectVersion: '' }] }, /'objects\[0\].objectVersion' must not be empty/],
      ['an empty label', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER, objectVersionLabel: ' ' }] }, /'objects\[0\].objectVersionLabel' must not be empty/],
      ['an empty jmesPath', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER, jmesPath: [] }] }, /'objects\[0\].jmesPath' is empty/],
      ['an empty JMESPath expression', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER, jmesPath: [{ path: '', objectAlias: 'b' }] }] }, /jmesPath\[0\].path' must not be empty/],
      ['a jmesPath alias clashing with an object', { objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER, jmesPath: [{ path: 'x', objectAlias: 'a' }] }] }, /writes the file "a" twice/],
    ] as const)('refuses %s', (_, override, message) => {
      const props = { region: 'eu-central-1', objects: [{ objectName: 'a', objectType: CsiAwsObjectType.SECRETS_MANAGER }], ...override } as any;
      expect(validationError(() => CsiSecretProvider.aws(props), undefined).message).toMatch(message);
    });
  });

  describe('Azure', () => {
    test('workload identity: clientID, tenantID and objects as the provider\'s array of YAML strings', () => {
      const c = chart();
      const { azure } = everyProvider(c);
      expect(azure.fileNames).toEqual(['db-password', 'tls.pem']);
      const parameters = specOf(c, 'azure-app').parameters;
      expect(parameters).toMatchObject({ keyvaultName: 'team-a-kv', tenantID: TENANT, clientID: CLIENT, usePodIdentity: 'false', cloudName: 'AzurePublicCloud' });
      expect(parse(parameters.objects).array.map((o: string) => parse(o))).toEqual([
        { objectName: 'db-password', objectType: 'secret' },
        { objectName: 'app-tls', objectType: 'cert', objectAlias: 'tls.pem', objectVersion: 'a1b2c3' },
      ]);
    });

    test('the node\'s identity and a service principal need reasons; the principal\'s Secret becomes the nodePublishSecret', () => {
      const c = chart();
      const objects = [{ objectName: 'db-password', objectType: CsiAzureObjectType.SECRET }];
      const node = new SecretProviderClass(c, 'node', {
        metadata: { name: 'node' },
        provider: CsiSecretProvider.azure({
          keyVaultName: 'kv1',
          tenantId: TENANT,
          cloud: CsiAzureCloud.US_GOVERNMENT,
          objects,
          auth: CsiAzureAuth.vmManagedIdentity({ acknowledgeNodeIdentity: 'dedicated node pool for this one team only', userAssignedIdentityId: CLIENT }),
        }),
      });
      expect(specOf(c, node.name).parameters).toMatchObject({ useVMManagedIdentity: 'true', userAssignedIdentityID: CLIENT, cloudName: 'AzureUSGovernmentCloud' });
      const credentials = kplus.Secret.fromSecretName(c, 'sp', 'kv-sp-credentials');
      const sp = new SecretProviderClass(c, 'sp-class', {
        metadata: { name: 'sp' },
        provider: CsiSecretProvider.azure({
          keyVaultName: 'kv1',
          tenantId: TENANT,
          objects,
          auth: CsiAzureAuth.servicePrincipal({ credentials, acknowledgeStaticCredentials: 'the cluster runs outside Azure without federation' }),
        }),
      });
      expect(sp.nodePublishSecret).toBe(credentials);
      expect(specOf(c, 'sp').parameters.clientID).toBeUndefined();
      expectConformant(c);
      expect(validationError(() => CsiAzureAuth.vmManagedIdentity({ acknowledgeNodeIdentity: undefined as any }), undefined).message)
        .toMatch(/'acknowledgeNodeIdentity' is required in CsiAzureVmManagedIdentityOptions and was not given/);
      expect(validationError(() => CsiAzureAuth.servicePrincipal({ credentials, acknowledgeStaticCredentials: 'xxxxxxxxxxxx' }), undefined).message)
        .toMatch(/'auth.acknowledgeStaticCredentials' .* is not a written reason/);
      expect(validationError(() => CsiAzureAuth.vmManagedIdentity({ acknowledgeNodeIdentity: REASON, userAssignedIdentityId: 'my-identity' }), undefined).message)
        .toMatch(/'auth.userAssignedIdentityId' \("my-identity"\) must be a GUID/);
      expect(validationError(() => CsiAzureAuth.workloadIdentity('client'), undefined).message).toMatch(/'auth.clientId' \("client"\) must be a GUID/);
    });

    test.each([
      ['a URL for a name', { keyVaultName: 'https://kv1.vault.azure.net' }, /'keyVaultName' .* is not a Key Vault name/],
      ['a tenant that is no GUID', { tenantId: 'contoso' }, /'tenantId' \("contoso"\) must be a GUID/],
      ['no objects', { objects: [] }, /'objects' is empty/],
      ['a bad object name', { objects: [{ objectName: 'db_password', objectType: CsiAzureObjectType.SECRET }] }, /'objects\[0\].objectName' .* is not a Key Vault object name/],
      ['a bad alias', { objects: [{ objectName: 'a', objectType: CsiAzureObjectType.KEY, objectAlias: '/etc/x' }] }, /'objects\[0\].objectAlias'/],
      ['an empty version', { objects: [{ objectName: 'a', objectType: CsiAzureObjectType.KEY, objectVersion: '' }] }, /'objects\[0\].objectVersion' must not be empty/],
      ['two objects in one file', { objects: [{ objectName: 'a', objectType: CsiAzureObjectType.KEY }, { objectName: 'b', objectType: CsiAzureObjectType.SECRET, objectAlias: 'a' }] }, /writes the file "a" twice/],
    ] as const)('refuses %s', (_, override, message) => {
      const props = { keyVaultName: 'kv1', tenantId: TENANT, auth: CsiAzureAuth.workloadIdentity(CLIENT), objects: [{ objectName: 'a', objectType: CsiAzureObjectType.SECRET }], ...override } as any;
      expect(validationError(() => CsiSecretProvider.azure(props), undefined).message).toMatch(message);
    });
  });

  describe('GCP', () => {
    test('pod workload identity by default; the provider\'s identity and a key need reasons', () => {
      const c = chart();
      const { gcp } = everyProvider(c);
      expect(gcp.fileNames).toEqual(['db-password', 'config/api-key']);
      const parameters = specOf(c, 'gcp-app').parameters;
      expect(parameters.auth).toBe('pod-adc');
      expect(parse(parameters.secrets)).toEqual([
        { resourceName: 'projects/my-project/secrets/db-password/versions/latest', path: 'db-password' },
        { resourceName: 'projects/my-project/locations/europe-west3/secrets/app-config/versions/3', path: 'config/api-key', extractJSONKey: 'apiKey' },
      ]);
      const secrets = [{ resourceName: 'projects/my-project/locations/global/parameters/app/versions/v1', path: 'app.yaml' }];
      new SecretProviderClass(c, 'default', { metadata: { name: 'default-auth' }, provider: CsiSecretProvider.gcp({ secrets }) });
      expect(specOf(c, 'default-auth').parameters.auth).toBe('pod-adc');
      new SecretProviderClass(c, 'shared', { metadata: { name: 'shared' }, provider: CsiSecretProvider.gcp({ secrets, auth: CsiGcpAuth.providerIdentity('a single-tenant development cluster on minikube') }) });
      expect(specOf(c, 'shared').parameters.auth).toBe('provider-adc');
      const key = kplus.Secret.fromSecretName(c, 'key', 'gsa-key');
      const keyed = new SecretProviderClass(c, 'keyed', {
        metadata: { name: 'keyed' },
        provider: CsiSecretProvider.gcp({ secrets, auth: CsiGcpAuth.serviceAccountKey({ key, acknowledgeStaticCredentials: 'the cluster runs on premises without federation' }) }),
      });
      expect(specOf(c, 'keyed').parameters.auth).toBeUndefined();
      expect(keyed.nodePublishSecret).toBe(key);
      expectConformant(c);
      expect(validationError(() => CsiGcpAuth.providerIdentity('shared'), undefined).message).toMatch(/'acknowledgeSharedIdentity' .* is not a written reason/);
      expect(validationError(() => CsiGcpAuth.serviceAccountKey({ key, acknowledgeStaticCredentials: undefined as any }), undefined).message)
        .toMatch(/'acknowledgeStaticCredentials' is required in CsiGcpServiceAccountKeyOptions and was not given/);
    });

    test.each([
      ['no secrets', { secrets: [] }, /'secrets' is empty/],
      ['a secret without version', { secrets: [{ resourceName: 'projects/p/secrets/db', path: 'db' }] }, /is not a secret or parameter version/],
      ['a parameter without location', { secrets: [{ resourceName: 'projects/p/parameters/app/versions/v1', path: 'db' }] }, /names a parameter without a location/],
      ['an absolute path', { secrets: [{ resourceName: 'projects/p/secrets/db/versions/1', path: '/db' }] }, /'secrets\[0\].path'/],
      ['an empty JSON key', { secrets: [{ resourceName: 'projects/p/secrets/db/versions/1', path: 'db', extractJsonKey: '' }] }, /'secrets\[0\].extractJsonKey' must not be empty/],
      ['two secrets in one file', { secrets: [{ resourceName: 'projects/p/secrets/a/versions/1', path: 'x' }, { resourceName: 'projects/p/secrets/b/versions/1', path: 'x' }] }, /writes the file "x" twice/],
    ] as const)('refuses %s', (_, override, message) => {
      expect(validationError(() => CsiSecretProvider.gcp(override as any), undefined).message).toMatch(message);
    });
  });

  describe('syncedSecrets', () => {
    test('off by default; on with a reason, each key mapped to a file the provider writes', () => {
      const c = chart();
      const spc = new SecretProviderClass(c, 'db', {
        metadata: { name: 'db' },
        provider: vaultProvider(c),
        syncedSecrets: [{ secretName: 'db-env', data: { PASSWORD: 'password', DB_USER: 'username' }, labels: { app: 'legacy' }, annotations: { owner: 'team-a' } }],
        acknowledgeSyncToSecret: REASON,
      });
      expect(specOf(c, 'db').secretObjects).toEqual([{
        secretName: 'db-env',
        type: 'Opaque',
        labels: { app: 'legacy' },
        annotations: { owner: 'team-a' },
        data: [{ key: 'DB_USER', objectName: 'username' }, { key: 'PASSWORD', objectName: 'password' }],
      }]);
      expect(spc.syncedSecrets.map(s => s.secretName)).toEqual(['db-env']);
      expectConformant(c);
    });

    const sync = (data: any = { PASSWORD: 'password' }, extra: any = {}) => ({ secretName: 'db-env', data, ...extra });
    test.each([
      ['no reason', { syncedSecrets: [sync()] }, /'syncedSecrets' \(db-env\) copies mounted values into Kubernetes Secrets, back into etcd/],
      ['a reason without secrets', { acknowledgeSyncToSecret: REASON }, /'acknowledgeSyncToSecret' is set but no 'syncedSecrets' are/],
      ['a padded reason', { syncedSecrets: [sync()], acknowledgeSyncToSecret: 'xxxxxxxxxxxxx' }, /'acknowledgeSyncToSecret' .* is not a written reason/],
      ['a file the provider does not write', { syncedSecrets: [sync({ PASSWORD: 'pass' })], acknowledgeSyncToSecret: REASON }, /'syncedSecrets\[0\].data\["PASSWORD"\]' \("pass"\) is not a file the provider writes \(files: username, password\)/],
      ['no data', { syncedSecrets: [sync({})], acknowledgeSyncToSecret: REASON }, /'syncedSecrets\[0\].data' is empty/],
      ['a bad key', { syncedSecrets: [sync({ 'DB PASSWORD': 'password' })], acknowledgeSyncToSecret: REASON }, /'syncedSecrets\[0\].data key'/],
      ['a bad name', { syncedSecrets: [{ secretName: 'DB', data: { a: 'password' } }], acknowledgeSyncToSecret: REASON }, /'syncedSecrets\[0\].secretName'/],
      ['a token type', { syncedSecrets: [sync(undefined, { type: 'kubernetes.io/service-account-token' })], acknowledgeSyncToSecret: REASON }, /'syncedSecrets\[0\].type' .* cannot be synced/],
      ['a credential label', { syncedSecrets: [sync(undefined, { labels: { password: 'hunter2-S3cr3t-value!' } })], acknowledgeSyncToSecret: REASON }, /syncedSecrets\[0\].labels\["password"\]/],
      ['a bad annotation', { syncedSecrets: [sync(undefined, { annotations: { 'bad key!': 'x' } })], acknowledgeSyncToSecret: REASON }, /syncedSecrets\[0\].annotations/],
      ['one Secret twice', { syncedSecrets: [sync(), sync({ USER: 'username' })], acknowledgeSyncToSecret: REASON }, /lists the Secret "db-env" twice/],
    ] as const)('refuses %s', (_, extra, message) => {
      const c = chart();
      expect(validationError(() => new SecretProviderClass(c, 'db', { provider: vaultProvider(c), ...extra as any }), 'test/db').message).toMatch(message);
    });
  });

  describe('imports', () => {
    test('by name or with attributes', () => {
      const c = chart();
      const byName = SecretProviderClass.fromSecretProviderClassName(c, 'by-name', 'shared-creds');
      expect([byName.name, byName.namespace, byName.kind, byName.apiVersion, byName.fileNames, byName.nodePublishSecret])
        .toEqual(['shared-creds', undefined, 'SecretProviderClass', 'secrets-store.csi.x-k8s.io/v1', [], undefined]);
      const key = kplus.Secret.fromSecretName(c, 'key', 'gsa-key');
      const attrs = SecretProviderClass.fromSecretProviderClassAttributes(c, 'attrs', { name: 'gcp', namespace: 'ci-cd', fileNames: ['db-password'], nodePublishSecret: key });
      expect([attrs.namespace, attrs.fileNames, attrs.nodePublishSecret]).toEqual(['ci-cd', ['db-password'], key]);
      expect(Testing.synth(c)).toEqual([]);
    });

    test('refuses bad attributes', () => {
      const c = chart();
      expect(validationError(() => SecretProviderClass.fromSecretProviderClassName(c, 'x', 'Bad_Name'), 'test/x').message).toMatch(/'name'/);
      expect(validationError(() => SecretProviderClass.fromSecretProviderClassAttributes(c, 'y', { name: 'a', namespace: 'A' }), 'test/y').message).toMatch(/'namespace'/);
      expect(validationError(() => SecretProviderClass.fromSecretProviderClassAttributes(c, 'z', { name: 'a', fileNames: ['../x'] }), 'test/z').message).toMatch(/'fileNames\[0\]'/);
    });
  });
});
