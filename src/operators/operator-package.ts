import { IConstruct } from 'constructs';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { validateReason } from '../common/reason';
import { shown } from '../common/redact';
import { requireProps } from '../common/required-props';
import { sortedRecord } from '../common/sort';

/**
 * How widely an operator watches, as OLM's `installModes` name it. The `OperatorGroup` of the operator's namespace
 * picks one: its `targetNamespaces` are the operator's own namespace (`OwnNamespace`), one other namespace
 * (`SingleNamespace`), several (`MultiNamespace`), or absent (`AllNamespaces`).
 */
export enum OperatorInstallMode {
  /** The operator watches the namespace it runs in. */
  OWN_NAMESPACE = 'OwnNamespace',
  /** The operator watches one namespace other than its own. */
  SINGLE_NAMESPACE = 'SingleNamespace',
  /** The operator watches a list of namespaces. */
  MULTI_NAMESPACE = 'MultiNamespace',
  /** The operator watches every namespace of the cluster. */
  ALL_NAMESPACES = 'AllNamespaces',
}

/** The narrowest first, the order the construct tries them in. */
const MODE_ORDER = [
  OperatorInstallMode.OWN_NAMESPACE, OperatorInstallMode.SINGLE_NAMESPACE, OperatorInstallMode.MULTI_NAMESPACE, OperatorInstallMode.ALL_NAMESPACES,
];

/** OLM channel names: `latest`, `stable-v1`, `gitops-1.15`, `pipelines-1.17`. */
const CHANNEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The catalog Red Hat's operators come from, and the namespace OpenShift keeps its catalogs in. */
const RED_HAT_CATALOG = 'redhat-operators';
const COMMUNITY_CATALOG = 'community-operators';
const MARKETPLACE = 'openshift-marketplace';

/** Props of `OperatorPackage.custom()`: an operator package as its catalog describes it. */
export interface OperatorPackageProps {
  /** The package name in the catalog (`spec.name` of the Subscription), e.g. `openshift-gitops-operator`. */
  readonly name: string;
  /**
   * The update channel to subscribe to, e.g. `latest` or `stable-v1`. Required: the catalog's default channel can
   * change under an unchanged Subscription.
   */
  readonly channel: string;
  /**
   * The install modes the operator's ClusterServiceVersion declares as supported (`spec.installModes`); the
   * `OperatorSubscription` picks the narrowest of them.
   */
  readonly installModes: OperatorInstallMode[];
  /** The namespace the operator is installed into unless the subscription says otherwise (its suggested namespace). */
  readonly namespace: string;
  /**
   * The CatalogSource that serves the package.
   *
   * @default 'redhat-operators'
   */
  readonly source?: string;
  /**
   * The namespace of the CatalogSource.
   *
   * @default 'openshift-marketplace'
   */
  readonly sourceNamespace?: string;
  /**
   * Environment variables the operator's deployment needs (`spec.config.env` of the Subscription). Values are
   * settings, never credentials: one that holds a credential is refused (it would be committed to Git).
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };
}

/** Options shared by the presets of `OperatorPackage`. */
export interface OperatorPackageOptions {
  /**
   * The update channel.
   *
   * @default - the channel the preset documents (its catalog's default)
   */
  readonly channel?: string;
}

/** Options of `OperatorPackage.openShiftGitOps()`. */
export interface OpenShiftGitOpsOptions extends OperatorPackageOptions {
  /**
   * Keep the operator's default Argo CD instance in `openshift-gitops`: the written reason why. That instance
   * gets broad cluster-scoped rights and a configuration nobody reviewed in this app; by default it is disabled
   * (`DISABLE_DEFAULT_ARGOCD_INSTANCE=true`) so that only the instances you declare run.
   *
   * @default - the default instance is disabled
   */
  readonly keepDefaultInstance?: string;
}

/**
 * An operator package of an OLM catalog: its name, the channel to follow, the install modes it supports, where it
 * is installed and what its deployment needs. Presets carry the values their vendors document (sources at each
 * factory); `custom()` describes any other package.
 */
export class OperatorPackage {
  /**
   * Red Hat OpenShift GitOps (`openshift-gitops-operator`, channel `latest`, namespace `openshift-gitops-operator`),
   * with its default Argo CD instance disabled.
   *
   * Its ClusterServiceVersion supports only `AllNamespaces`, so the operator group targets every namespace: the
   * operator itself requires it.
   */
  // Sources: docs.redhat.com, Red Hat OpenShift GitOps "Installing GitOps" (CLI install: namespace
  // openshift-gitops-operator since 1.10, channel latest as default, gitops-<version> for a fixed minor; "Setting up
  // an Argo CD instance": DISABLE_DEFAULT_ARGOCD_INSTANCE in the Subscription); install modes from
  // github.com/redhat-developer/gitops-operator bundle/manifests/gitops-operator.clusterserviceversion.yaml.
  public static openShiftGitOps(options: OpenShiftGitOpsOptions = {}): OperatorPackage {
    const keep = options.keepDefaultInstance === undefined ? undefined
      : validateReason(undefined, 'keepDefaultInstance', options.keepDefaultInstance, 'why the default Argo CD instance with cluster-wide rights must run');
    return OperatorPackage.custom({
      name: 'openshift-gitops-operator',
      channel: options.channel ?? 'latest',
      installModes: [OperatorInstallMode.ALL_NAMESPACES],
      namespace: 'openshift-gitops-operator',
      env: keep === undefined ? { DISABLE_DEFAULT_ARGOCD_INSTANCE: 'true' } : undefined,
    });
  }

  /**
   * The zero trust workload identity manager (`openshift-zero-trust-workload-identity-manager`, channel
   * `stable-v1`, namespace `zero-trust-workload-identity-manager`), which runs SPIRE for SPIFFE identities.
   *
   * Its ClusterServiceVersion supports `OwnNamespace`, `SingleNamespace` and `AllNamespaces`; the subscription
   * uses `OwnNamespace`, the narrowest (Red Hat's install example uses an all-namespaces group).
   */
  // Sources: docs.redhat.com, OpenShift Container Platform 4.20 "Security and compliance", installing the Zero
  // Trust Workload Identity Manager by using the CLI (package, channel stable-v1, namespace); install modes from
  // github.com/openshift/zero-trust-workload-identity-manager
  // bundle/manifests/zero-trust-workload-identity-manager.clusterserviceversion.yaml (v0.2.0).
  public static zeroTrustWorkloadIdentityManager(options: OperatorPackageOptions = {}): OperatorPackage {
    return OperatorPackage.custom({
      name: 'openshift-zero-trust-workload-identity-manager',
      channel: options.channel ?? 'stable-v1',
      installModes: [OperatorInstallMode.OWN_NAMESPACE, OperatorInstallMode.SINGLE_NAMESPACE, OperatorInstallMode.ALL_NAMESPACES],
      namespace: 'zero-trust-workload-identity-manager',
    });
  }

  /**
   * The External Secrets Operator for Red Hat OpenShift (`openshift-external-secrets-operator`, channel
   * `stable-v1`, namespace `external-secrets-operator`).
   *
   * Its ClusterServiceVersion supports only `AllNamespaces`: the operator requires an all-namespaces group. Do
   * not install it next to the community operator (`externalSecretsCommunity()`).
   */
  // Sources: docs.redhat.com, OpenShift Container Platform "External Secrets Operator for Red Hat OpenShift"
  // (cluster-wide service, one ESO per cluster); package name, suggested namespace and install modes from
  // github.com/openshift/external-secrets-operator
  // bundle/manifests/openshift-external-secrets-operator.clusterserviceversion.yaml (v1.3.0); channel stable-v1 as
  // used by the published install examples of that operator.
  public static externalSecrets(options: OperatorPackageOptions = {}): OperatorPackage {
    return OperatorPackage.custom({
      name: 'openshift-external-secrets-operator',
      channel: options.channel ?? 'stable-v1',
      installModes: [OperatorInstallMode.ALL_NAMESPACES],
      namespace: 'external-secrets-operator',
    });
  }

  /**
   * The community External Secrets Operator from OperatorHub (`external-secrets-operator` in the
   * `community-operators` catalog, channel `stable`, installed into `external-secrets-operator`).
   *
   * Its ClusterServiceVersion supports every install mode; the subscription uses `OwnNamespace`, the narrowest.
   */
  // Sources: github.com/external-secrets/external-secrets-helm-operator, catalog/external-secrets-operator/
  // operator.yaml (defaultChannel stable) and config/manifests/bases/external-secrets-operator.clusterserviceversion.yaml
  // (installModes).
  public static externalSecretsCommunity(options: OperatorPackageOptions = {}): OperatorPackage {
    return OperatorPackage.custom({
      name: 'external-secrets-operator',
      channel: options.channel ?? 'stable',
      installModes: [
        OperatorInstallMode.OWN_NAMESPACE, OperatorInstallMode.SINGLE_NAMESPACE,
        OperatorInstallMode.MULTI_NAMESPACE, OperatorInstallMode.ALL_NAMESPACES,
      ],
      namespace: 'external-secrets-operator',
      source: COMMUNITY_CATALOG,
    });
  }

  /**
   * Red Hat OpenShift Pipelines (`openshift-pipelines-operator-rh`, channel `latest`), installed into
   * `openshift-operators`, whose existing operator group `global-operators` targets all namespaces.
   *
   * It supports only `AllNamespaces`: the operator requires it. The construct creates neither the namespace nor an
   * operator group there. OLM makes every install plan of a namespace manual as soon as one subscription in it is
   * manual, which also holds for the other operators of `openshift-operators`.
   */
  // Sources: github.com/openshift/openshift-docs modules/op-installing-pipelines-operator-in-web-console.adoc (channel
  // latest as default, pipelines-<version> for a fixed minor); github.com/openshift/pipelines-docs
  // proc_installing-pipelines-operator.adoc (installed into openshift-operators, all namespaces only).
  public static openShiftPipelines(options: OperatorPackageOptions = {}): OperatorPackage {
    return OperatorPackage.custom({
      name: 'openshift-pipelines-operator-rh',
      channel: options.channel ?? 'latest',
      installModes: [OperatorInstallMode.ALL_NAMESPACES],
      namespace: 'openshift-operators',
    });
  }

  /** Any other package, as its catalog and ClusterServiceVersion describe it. */
  public static custom(props: OperatorPackageProps): OperatorPackage {
    return new OperatorPackage(requireProps(props, 'OperatorPackageProps', ['name', 'channel', 'installModes', 'namespace']));
  }

  /** The package name in the catalog. */
  public readonly name: string;
  /** The update channel. */
  public readonly channel: string;
  /** The namespace the operator is installed into by default. */
  public readonly namespace: string;
  /** The CatalogSource. */
  public readonly source: string;
  /** The CatalogSource's namespace. */
  public readonly sourceNamespace: string;
  private readonly modes: OperatorInstallMode[];
  private readonly environment: { [name: string]: string };

  private constructor(props: OperatorPackageProps) {
    // literals first: the messages below quote them
    for (const prop of ['name', 'channel', 'namespace', 'source', 'sourceNamespace'] as const) refuseCredential(undefined, prop, props[prop]);
    refuseCredentialsIn(undefined, 'env', props.env);
    this.name = validateDnsSubdomain(undefined, 'name', props.name);
    this.channel = validateChannel(undefined, props.channel);
    this.namespace = validateDnsLabel(undefined, 'namespace', props.namespace);
    this.source = validateDnsSubdomain(undefined, 'source', props.source ?? RED_HAT_CATALOG);
    this.sourceNamespace = validateDnsLabel(undefined, 'sourceNamespace', props.sourceNamespace ?? MARKETPLACE);
    this.modes = validateInstallModes(props.installModes);
    this.environment = sortedRecord(validateEnv(undefined, 'env', props.env ?? {}));
  }

  /** The install modes the operator supports, narrowest first. */
  public get installModes(): OperatorInstallMode[] {
    return [...this.modes];
  }

  /** The environment variables the operator's deployment gets, by name. */
  public get env(): { [name: string]: string } {
    return { ...this.environment };
  }

  /** Whether the operator supports `mode`. */
  public supports(mode: OperatorInstallMode): boolean {
    return this.modes.includes(mode);
  }
}

/** Checks a channel name and returns it. */
export function validateChannel(scope: IConstruct | undefined, channel: string): string {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new ValidationError(`'channel' (${shown(channel)}) must be an OLM channel name: letters, digits, '.', '_' and '-', e.g. "stable-v1" or "latest"`, scope);
  }
  return channel;
}

function validateInstallModes(modes: OperatorInstallMode[]): OperatorInstallMode[] {
  if (!Array.isArray(modes) || modes.length === 0) {
    throw new ValidationError('\'installModes\' is empty; list the install modes the operator\'s ClusterServiceVersion supports, e.g. [OperatorInstallMode.OWN_NAMESPACE, OperatorInstallMode.ALL_NAMESPACES]');
  }
  const unknown = modes.find(m => !MODE_ORDER.includes(m));
  if (unknown !== undefined) {
    throw new ValidationError(`'installModes' lists ${shown(unknown)}, which is not an OLM install mode; use OperatorInstallMode`);
  }
  const dup = modes.find((m, i) => modes.indexOf(m) !== i);
  if (dup !== undefined) throw new ValidationError(`'installModes' lists ${dup} twice; remove the duplicate`);
  return MODE_ORDER.filter(m => modes.includes(m));
}

/** Checks environment variable names (values were checked for credentials already) and returns the map. */
export function validateEnv(scope: IConstruct | undefined, prop: string, env: { [name: string]: string }): { [name: string]: string } {
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) {
      throw new ValidationError(`'${prop}' name ${JSON.stringify(name)} must be an environment variable name: letters, digits and '_', not starting with a digit`, scope);
    }
    if (typeof value !== 'string') throw new ValidationError(`'${prop}[${JSON.stringify(name)}]' must be a string; quote numbers and booleans, e.g. "true"`, scope);
  }
  return env;
}
