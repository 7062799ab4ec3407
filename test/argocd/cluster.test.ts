import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AppProject, ArgoCdCluster, ArgoCdClusterProps, ClusterAuth, ClusterTls, ExecCredentialApiVersion, INSECURE_TLS_REASON_ANNOTATION } from '../../src/argocd';
import { expectConformant } from '../conformance/harness';

// A syntactically valid PEM block; the library only checks the PEM framing, never parses the certificate
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';

function props(overrides: Partial<ArgoCdClusterProps> = {}): ArgoCdClusterProps {
  return {
    clusterName: 'spoke-cluster',
    server: 'https://api.spoke.example.com:6443',
    auth: ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' }),
    tls: ClusterTls.verify(CA),
    namespaces: ['gitops-helm-quarkus'],
    ...overrides,
  };
}

function secretOf(chart: Chart): any {
  return Testing.synth(chart).find(o => o.kind === 'Secret');
}

const SECRET_KEYS = /^(bearerToken|password|username|keyData|certData)$/;

/** Every key of a JSON value, at any depth. */
function allKeys(value: any): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}

describe('ArgoCdCluster', () => {
  test('S5 spoke cluster: SPIFFE JWT exec credentials, verified TLS, namespace scoping (snapshot)', () => {
    const chart = Testing.chart();
    new ArgoCdCluster(chart, 'spoke', props({ metadata: { name: 'spoke-cluster' } }));
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('renders the cluster Secret Argo CD parses', () => {
    const chart = Testing.chart();
    const cluster = new ArgoCdCluster(chart, 'spoke', props({ namespaces: ['b', 'a'] }));
    const secret = secretOf(chart);
    expect(secret.metadata.namespace).toBe('argocd');
    expect(secret.metadata.labels).toEqual({ 'argocd.argoproj.io/secret-type': 'cluster' });
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.stringData)).toEqual(['clusterResources', 'config', 'name', 'namespaces', 'server']);
    expect(secret.stringData).toMatchObject({ name: 'spoke-cluster', server: 'https://api.spoke.example.com:6443', namespaces: 'a,b', clusterResources: 'false' });
    expect(JSON.parse(secret.stringData.config)).toEqual({
      execProviderConfig: {
        command: '/binaries/k8s-spiffe-workload-jwt-exec-auth',
        env: { EXEC_CREDENTIAL_VERSION: 'v1beta1', SPIFFE_ENDPOINT_SOCKET: 'unix:///run/spire/sockets/spire-agent.sock', SPIFFE_JWT_AUDIENCE: 'openshift-spoke' },
        apiVersion: 'client.authentication.k8s.io/v1beta1',
      },
      tlsClientConfig: { insecure: false, caData: Buffer.from(`${CA}\n`).toString('base64') },
    });
    expect([cluster.clusterName, cluster.server, cluster.namespace, cluster.audience, cluster.namespaces])
      .toEqual(['spoke-cluster', 'https://api.spoke.example.com:6443', 'argocd', 'openshift-spoke', ['a', 'b']]);
    expect(cluster.name).toBe(secret.metadata.name);
    expectConformant(chart);
  });

  test('holds no secret material under any auth method', () => {
    const chart = Testing.chart();
    const auths = [
      ClusterAuth.spiffeJwt({ audience: 'openshift-spoke', endpointSocket: 'unix:///spiffe/agent.sock', command: '/usr/local/bin/spiffe-exec' }),
      ClusterAuth.exec({ command: 'argocd-k8s-auth', args: ['gcp'], apiVersion: ExecCredentialApiVersion.V1, installHint: 'use the argocd image' }),
      ClusterAuth.aws({ clusterName: 'prod', roleArn: 'arn:aws:iam::123456789012:role/argocd' }),
    ];
    auths.forEach((auth, i) => new ArgoCdCluster(chart, `c${i}`, props({ clusterName: `c${i}`, auth, tls: ClusterTls.verify(CA, 'api.spoke.example.com') })));
    const secrets = Testing.synth(chart);
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) {
      expect(secret.data).toBeUndefined();
      for (const [key, value] of Object.entries<string>(secret.stringData)) {
        expect(key).not.toMatch(SECRET_KEYS);
        expect(value).not.toMatch(/PRIVATE KEY/);
      }
      const config = JSON.parse(secret.stringData.config);
      expect(allKeys(config).filter(k => SECRET_KEYS.test(k))).toEqual([]);
      expect(Buffer.from(config.tlsClientConfig.caData, 'base64').toString()).not.toMatch(/PRIVATE KEY/);
    }
    expect(JSON.parse(secrets[2].stringData.config).awsAuthConfig).toEqual({ clusterName: 'prod', roleARN: 'arn:aws:iam::123456789012:role/argocd' });
    expect(JSON.parse(secrets[1].stringData.config).execProviderConfig).toEqual({ command: 'argocd-k8s-auth', args: ['gcp'], apiVersion: 'client.authentication.k8s.io/v1', installHint: 'use the argocd image' });
    expectConformant(chart);
  });

  test('the public API has no way to pass a bearer token or password', () => {
    const names = [...Object.getOwnPropertyNames(ClusterAuth), ...Object.getOwnPropertyNames(ClusterTls)];
    expect(names.filter(n => /token|password|basic|cert(ificate)?Key|keyData/i.test(n))).toEqual([]);
  });

  test('project scoping, cluster resources, all namespaces and a custom namespace', () => {
    const chart = Testing.chart();
    const project = new AppProject(chart, 'proj', { metadata: { name: 'spoke' }, argoCdNamespace: 'openshift-gitops' });
    new ArgoCdCluster(chart, 'scoped', props({ argoCdNamespace: 'openshift-gitops', project, clusterResources: true, metadata: { labels: { env: 'prod' } } }));
    new ArgoCdCluster(chart, 'all', props({ clusterName: 'all', argoCdNamespace: 'openshift-gitops', namespaces: undefined, allowAllNamespaces: 'the platform team serves every namespace from it' }));
    const [, scoped, all] = Testing.synth(chart);
    expect(scoped.stringData).toMatchObject({ project: 'spoke', clusterResources: 'true' });
    expect(scoped.metadata.labels).toEqual({ 'env': 'prod', 'argocd.argoproj.io/secret-type': 'cluster' });
    expect(all.stringData.namespaces).toBeUndefined();
    expect(all.stringData.clusterResources).toBeUndefined();
    expect(all.metadata.namespace).toBe('openshift-gitops');
    expectConformant(chart);
  });

  test('insecure TLS is an opt-in whose reason lands in an annotation', () => {
    const chart = Testing.chart();
    new ArgoCdCluster(chart, 'lab', props({ tls: ClusterTls.insecure('lab cluster with a self-signed certificate, destroyed nightly') }));
    const secret = secretOf(chart);
    expect(JSON.parse(secret.stringData.config).tlsClientConfig).toEqual({ insecure: true });
    expect(secret.metadata.annotations).toEqual({ [INSECURE_TLS_REASON_ANNOTATION]: 'lab cluster with a self-signed certificate, destroyed nightly' });
    expectConformant(chart);
  });

  test('trims the trailing slash of the server URL as Argo CD does', () => {
    const chart = Testing.chart();
    const cluster = new ArgoCdCluster(chart, 'c', props({ server: 'https://api.spoke.example.com:6443/' }));
    expect(cluster.server).toBe('https://api.spoke.example.com:6443');
    expectConformant(chart);
  });

  test('fails on a server that is not a plain https URL', () => {
    for (const server of ['http://api.example.com', 'not a url', 'https://user:pw@api.example.com', 'https://api.example.com/?x=1', 'https://api.example.com/#f']) {
      expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ server }))).toThrow(/'server'/);
    }
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ server: 'http://a.example.com' }))).toThrow(/must use https/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ server: 'https://u:p@a.example.com' }))).toThrow(/must not contain user info/);
  });

  test('server URL validation: https URLs pass, other schemes fail (property)', () => {
    fc.assert(fc.property(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), (host, port) => {
      const server = `https://${host}${port ? `:${port}` : ''}`;
      expect(new ArgoCdCluster(Testing.chart(), 'c', props({ server })).server).toBe(server);
      expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ server: server.replace('https', 'http') }))).toThrow(/must use https/);
    }), { numRuns: 50 });
  });

  test('fails without a namespace scope, or with a contradictory one', () => {
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ namespaces: undefined }))).toThrow(/'namespaces' is missing: Argo CD would manage every namespace/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ allowAllNamespaces: 'the platform team serves every namespace from it' }))).toThrow(/'namespaces' and 'allowAllNamespaces' are exclusive/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ namespaces: [] }))).toThrow(/'namespaces' is empty/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ namespaces: ['a', 'a'] }))).toThrow(/'namespaces' contains "a" twice/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ namespaces: ['Bad'] }))).toThrow(/'namespaces' \("Bad"\) must be a DNS-1123 label/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ namespaces: undefined, allowAllNamespaces: 'the platform team serves every namespace from it', clusterResources: true })))
      .toThrow(/'clusterResources' only applies with 'namespaces'/);
  });

  test('fails on a Secret outside the Argo CD namespace or a wrong secret-type label', () => {
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ metadata: { namespace: 'default' } }))).toThrow(/'metadata.namespace' \("default"\) must be the Argo CD namespace "argocd"/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ argoCdNamespace: 'Argo' }))).toThrow(/'argoCdNamespace' \("Argo"\) must be a DNS-1123 label/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ metadata: { labels: { 'argocd.argoproj.io/secret-type': 'repository' } } }))).toThrow(/needs "cluster"/);
    expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ metadata: { name: 'Bad' } }))).toThrow(/'metadata.name' \("Bad"\)/);
    const chart = Testing.chart();
    const project = new AppProject(chart, 'p', { argoCdNamespace: 'gitops' });
    expect(() => new ArgoCdCluster(chart, 'c', props({ project }))).toThrow(/'project' \(.*\) lives in namespace "gitops", the cluster Secret in "argocd"/);
  });

  test('fails on a bad cluster name', () => {
    for (const clusterName of ['', ' spoke', 'a b', 'a,b']) {
      expect(() => new ArgoCdCluster(Testing.chart(), 'c', props({ clusterName }))).toThrow(/'clusterName' .* must be a non-empty name/);
    }
  });

  test('fails on CA data that is not a public certificate', () => {
    expect(() => ClusterTls.verify('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----')).toThrow(/'caCertificate' contains a private key/);
    expect(() => ClusterTls.verify(`${CA}\n-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----`)).toThrow(/contains a private key/);
    expect(() => ClusterTls.verify('')).toThrow(/must be PEM text made only of -----BEGIN CERTIFICATE----- blocks/);
    expect(() => ClusterTls.verify(`${CA}\ntrailing`)).toThrow(/must be PEM text/);
    expect(() => ClusterTls.verify(CA, 'bad name')).toThrow(/'serverName' \("bad name"\) must be a host name/);
    expect(() => ClusterTls.insecure('  ')).toThrow(/'reason' \("  "\) is not a written reason: .*why TLS verification is disabled/);
  });

  test('fails on exec settings that could carry a secret or break the plugin', () => {
    expect(() => ClusterAuth.exec({ command: 'plugin', env: { AWS_SECRET_ACCESS_KEY: 'x' } })).toThrow(/'env' name "AWS_SECRET_ACCESS_KEY" suggests a secret value/);
    expect(() => ClusterAuth.exec({ command: 'plugin', env: { BEARER_TOKEN: 'x' } })).toThrow(/suggests a secret value/);
    expect(() => ClusterAuth.exec({ command: 'plugin', env: { '1X': 'x' } })).toThrow(/'env' name "1X" must be a valid environment variable name/);
    expect(() => ClusterAuth.exec({ command: 'plugin --flag' })).toThrow(/'command' \("plugin --flag"\) must be one executable path/);
    expect(() => ClusterAuth.spiffeJwt({ audience: '' })).toThrow(/'audience' \(""\) must be the spoke's OIDC audience/);
    expect(() => ClusterAuth.spiffeJwt({ audience: 'a', endpointSocket: '/run/agent.sock' })).toThrow(/'endpointSocket' \("\/run\/agent.sock"\) must be a unix:\/\/\/ or tcp:\/\/ address/);
    expect(() => ClusterAuth.aws({ clusterName: 'bad name' })).toThrow(/'clusterName' \("bad name"\) must be an EKS cluster name/);
    expect(() => ClusterAuth.aws({ clusterName: 'prod', roleArn: 'role/argocd' })).toThrow(/'roleArn' \("role\/argocd"\) must be an IAM role ARN/);
  });
});
