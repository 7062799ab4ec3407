import { argoClusterConfig, argoSecretType } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const argocdClusterTls: RuleDefinition = {
  id: 'ZT-ARGO1',
  level: ComplianceLevel.ERROR,
  message: 'Argo CD cluster Secret turns off TLS verification',
  explanation: 'With tlsClientConfig.insecure: true Argo CD sends its credentials to whoever answers at the '
    + 'server address. Give the cluster\'s CA in tlsClientConfig.caData instead.',
  fix: 'remove insecure and give the cluster\'s CA in tlsClientConfig.caData',
  anchors: ['Argo CD declarative setup: clusters, tlsClientConfig', 'S5: insecure: true'],
  kinds: ['/Secret'],
  check: manifest => {
    if (argoSecretType(manifest) !== 'cluster') return NOT_APPLICABLE;
    const config = argoClusterConfig(manifest);
    return outcome(config?.tlsClientConfig?.insecure === true ? ['config.tlsClientConfig.insecure is true'] : []);
  },
};
