import { OperatorInstallMode, OperatorPackage } from '../../src/operators';
import { githubToken } from '../literal-credentials';

const { OWN_NAMESPACE: OWN, SINGLE_NAMESPACE: SINGLE, MULTI_NAMESPACE: MULTI, ALL_NAMESPACES: ALL } = OperatorInstallMode;
const REASON = 'the platform team keeps the default instance for cluster configuration';

describe('OperatorPackage presets carry what their vendors document', () => {
  test.each([
    ['openShiftGitOps', OperatorPackage.openShiftGitOps(), 'openshift-gitops-operator', 'latest', 'openshift-gitops-operator', 'redhat-operators', [ALL]],
    ['zeroTrustWorkloadIdentityManager', OperatorPackage.zeroTrustWorkloadIdentityManager(), 'openshift-zero-trust-workload-identity-manager', 'stable-v1', 'zero-trust-workload-identity-manager', 'redhat-operators', [OWN, SINGLE, ALL]],
    ['externalSecrets', OperatorPackage.externalSecrets(), 'openshift-external-secrets-operator', 'stable-v1', 'external-secrets-operator', 'redhat-operators', [ALL]],
    ['externalSecretsCommunity', OperatorPackage.externalSecretsCommunity(), 'external-secrets-operator', 'stable', 'external-secrets-operator', 'community-operators', [OWN, SINGLE, MULTI, ALL]],
    ['openShiftPipelines', OperatorPackage.openShiftPipelines(), 'openshift-pipelines-operator-rh', 'latest', 'openshift-operators', 'redhat-operators', [ALL]],
  ])('%s', (_name, pkg, name, channel, namespace, source, modes) => {
    expect(pkg.name).toBe(name);
    expect(pkg.channel).toBe(channel);
    expect(pkg.namespace).toBe(namespace);
    expect(pkg.source).toBe(source);
    expect(pkg.sourceNamespace).toBe('openshift-marketplace');
    expect(pkg.installModes).toEqual(modes);
  });

  test('OpenShift GitOps disables its default Argo CD instance unless a reason keeps it', () => {
    expect(OperatorPackage.openShiftGitOps().env).toEqual({ DISABLE_DEFAULT_ARGOCD_INSTANCE: 'true' });
    expect(OperatorPackage.openShiftGitOps({ keepDefaultInstance: REASON }).env).toEqual({});
    expect(() => OperatorPackage.openShiftGitOps({ keepDefaultInstance: 'tbd' })).toThrow(/'keepDefaultInstance' \("tbd"\) is not a written reason/);
  });

  test('a preset takes another channel', () => {
    expect(OperatorPackage.openShiftGitOps({ channel: 'gitops-1.15' }).channel).toBe('gitops-1.15');
    expect(OperatorPackage.zeroTrustWorkloadIdentityManager({ channel: 'stable-v1.0' }).channel).toBe('stable-v1.0');
    expect(OperatorPackage.externalSecrets({ channel: 'tech-preview-v0.1' }).channel).toBe('tech-preview-v0.1');
    expect(OperatorPackage.externalSecretsCommunity({ channel: 'alpha' }).channel).toBe('alpha');
    expect(OperatorPackage.openShiftPipelines({ channel: 'pipelines-1.17' }).channel).toBe('pipelines-1.17');
  });

  test('custom(): install modes sorted narrowest first, env sorted, getters return copies', () => {
    const pkg = OperatorPackage.custom({
      name: 'my-operator',
      channel: 'stable',
      installModes: [ALL, OWN],
      namespace: 'my-operator',
      source: 'my-catalog',
      sourceNamespace: 'olm',
      env: { Z_LEVEL: '1', A_MODE: 'fast' },
    });
    expect(pkg.installModes).toEqual([OWN, ALL]);
    expect(Object.keys(pkg.env)).toEqual(['A_MODE', 'Z_LEVEL']);
    expect(pkg.supports(SINGLE)).toBe(false);
    expect(pkg.source).toBe('my-catalog');
    expect(pkg.sourceNamespace).toBe('olm');
    pkg.installModes.push(MULTI);
    pkg.env.B = 'x';
    expect(pkg.installModes).toEqual([OWN, ALL]);
    expect(pkg.env).toEqual({ A_MODE: 'fast', Z_LEVEL: '1' });
  });

  describe('custom() fails', () => {
    const base = { name: 'my-operator', channel: 'stable', installModes: [OWN], namespace: 'my-operator' };

    test.each([
      [{ name: 'My_Operator' }, /'name' \("My_Operator"\) must be a DNS-1123 subdomain/],
      [{ channel: '' }, /'channel' \(""\) must be an OLM channel name/],
      [{ channel: 'stable v1' }, /'channel' \("stable v1"\) must be an OLM channel name/],
      [{ namespace: 'my.operator' }, /'namespace' \("my.operator"\) must be a DNS-1123 label/],
      [{ source: 'My Catalog' }, /'source' \("My Catalog"\) must be a DNS-1123 subdomain/],
      [{ sourceNamespace: 'openshift.marketplace' }, /'sourceNamespace' \("openshift.marketplace"\) must be a DNS-1123 label/],
      [{ installModes: [] }, /'installModes' is empty/],
      [{ installModes: ['Everywhere' as any] }, /'installModes' lists "Everywhere", which is not an OLM install mode/],
      [{ installModes: [OWN, OWN] }, /'installModes' lists OwnNamespace twice/],
      [{ env: { '1BAD': 'x' } }, /'env' name "1BAD" must be an environment variable name/],
      [{ env: { FLAG: true as any } }, /'env\["FLAG"\]' must be a string/],
    ])('%j', (override, error) => {
      expect(() => OperatorPackage.custom({ ...base, ...override })).toThrow(error);
    });

    test('refuses a credential in a literal', () => {
      const token = githubToken();
      for (const props of [{ ...base, env: { GITHUB_TOKEN: token } }, { ...base, channel: token }]) {
        let message = '';
        try {
          OperatorPackage.custom(props);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).toMatch(/credential|token/i);
        expect(message).not.toContain(token);
      }
    });
  });
});
