import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  CsiAwsObjectType, CsiAzureAuth, CsiAzureObjectType, CsiGcpAuth, CsiSecretProvider, CsiVaultObjects, SecretProviderClass,
} from '../../src/secrets-store-csi';
import { DatabaseSecretEngineRole, KubernetesAuthEngineRole } from '../../src/vault';

export const TENANT = '00000000-0000-0000-0000-000000000000';
export const CLIENT = '11111111-1111-1111-1111-111111111111';
export const REASON = 'the legacy image reads its password only from an environment variable';

export function chart(namespace = 'ci-cd'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** The Vault auth role a pipeline logs in with, managed elsewhere. */
export function vaultRole(scope: Construct, audience = 'vault') {
  return KubernetesAuthEngineRole.fromKubernetesAuthEngineRoleAttributes(scope, `role-${audience}`, { roleName: 'ci-migrate', audience });
}

/** Vault: one database user per pod, from `database/creds/ci-migrate`. */
export function vaultProvider(scope: Construct): CsiSecretProvider {
  return CsiSecretProvider.vault({
    role: vaultRole(scope),
    objects: CsiVaultObjects.databaseCredentials(DatabaseSecretEngineRole.fromRoleName(scope, 'db-role', 'ci-migrate')),
  });
}

/** One class of each provider, as the snapshot shows them. */
export function everyProvider(scope: Construct) {
  const vault = new SecretProviderClass(scope, 'vault', { metadata: { name: 'db-credentials' }, provider: vaultProvider(scope) });
  const aws = new SecretProviderClass(scope, 'aws', {
    metadata: { name: 'aws-app' },
    provider: CsiSecretProvider.aws({
      region: 'eu-central-1',
      objects: [
        { objectName: 'app/db', objectType: CsiAwsObjectType.SECRETS_MANAGER, jmesPath: [{ path: 'username', objectAlias: 'db-user' }] },
        { objectName: '/app/feature-flags', objectType: CsiAwsObjectType.SSM_PARAMETER, objectVersionLabel: 'prod' },
      ],
    }),
  });
  const azure = new SecretProviderClass(scope, 'azure', {
    metadata: { name: 'azure-app' },
    provider: CsiSecretProvider.azure({
      keyVaultName: 'team-a-kv',
      tenantId: TENANT,
      auth: CsiAzureAuth.workloadIdentity(CLIENT),
      objects: [
        { objectName: 'db-password', objectType: CsiAzureObjectType.SECRET },
        { objectName: 'app-tls', objectType: CsiAzureObjectType.CERTIFICATE, objectAlias: 'tls.pem', objectVersion: 'a1b2c3' },
      ],
    }),
  });
  const gcp = new SecretProviderClass(scope, 'gcp', {
    metadata: { name: 'gcp-app' },
    provider: CsiSecretProvider.gcp({
      secrets: [
        { resourceName: 'projects/my-project/secrets/db-password/versions/latest', path: 'db-password' },
        { resourceName: 'projects/my-project/locations/europe-west3/secrets/app-config/versions/3', path: 'config/api-key', extractJsonKey: 'apiKey' },
      ],
      auth: CsiGcpAuth.podWorkloadIdentity(),
    }),
  });
  return { vault, aws, azure, gcp };
}

/** A Deployment that passes the Kyverno policies and the pack: own account, digest, drop ALL, seccomp. */
export function hardenedDeployment(scope: Construct, id = 'app'): kplus.Deployment {
  const account = new kplus.ServiceAccount(scope, `${id}-sa`, { metadata: { name: `${id}-runner` }, automountToken: false });
  return new kplus.Deployment(scope, id, {
    metadata: { name: id },
    serviceAccount: account,
    containers: [{
      name: 'main',
      image: `registry.example.com/app@sha256:${'a'.repeat(64)}`,
      securityContext: {
        user: 1000,
        group: 1000,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    }],
  });
}
