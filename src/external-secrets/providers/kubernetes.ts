import * as kplus from 'cdk8s-plus-28';
import { ProviderContext, ProviderDefinition, validateUrl } from './common';
import { CaProvider } from './references';
import { validateDnsLabel } from '../../common/names';

/** Props of `SecretStoreProvider.kubernetes()`. */
export interface KubernetesProviderProps {
  /** The namespace whose Secrets the store reads. */
  readonly remoteNamespace: string;
  /**
   * The service account ESO authenticates as to the (remote) API server; give it read access to Secrets in
   * `remoteNamespace` only. On a ClusterSecretStore a `ReferentServiceAccount` means referent auth.
   */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * The CA of the API server, e.g. `CaProvider.fromConfigMap(ConfigMap.fromConfigMapName(this, 'ca', 'kube-root-ca.crt'), 'ca.crt')`.
   */
  readonly caProvider: CaProvider;
  /**
   * The API server URL.
   *
   * @default 'kubernetes.default' (the local cluster)
   */
  readonly server?: string;
  /**
   * Audiences of the minted token.
   *
   * @default - the API server's default audience
   */
  readonly audiences?: string[];
}

/** The validated `spec.provider.kubernetes` definition. */
export function kubernetesProvider(props: KubernetesProviderProps): ProviderDefinition {
  validateDnsLabel(undefined, 'remoteNamespace', props.remoteNamespace);
  if (props.server !== undefined) validateUrl(undefined, 'server', props.server);
  return {
    key: 'kubernetes',
    render: (ctx: ProviderContext) => ({
      remoteNamespace: props.remoteNamespace,
      server: { url: props.server ?? 'kubernetes.default', caProvider: props.caProvider._render('caProvider', ctx) },
      auth: { serviceAccount: ctx.serviceAccountRef('serviceAccount', props.serviceAccount, props.audiences) },
    }),
  };
}
