import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { OperatorInstallMode, OperatorPackage, validateChannel, validateEnv } from './operator-package';
import { OlmResource } from './private';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { Resource } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';
import { NamespaceResource } from '../network/private/objects';

/**
 * The namespace OpenShift creates with the operator group `global-operators`, which targets every namespace: a
 * second operator group there stops OLM from installing anything in it.
 */
const GLOBAL_OPERATORS_NAMESPACE = 'openshift-operators';

/** Props of `OperatorSubscription`. */
export interface OperatorSubscriptionProps {
  /** The operator package, e.g. `OperatorPackage.openShiftGitOps()`. */
  readonly operator: OperatorPackage;
  /**
   * The namespace the operator is installed into (Subscription, OperatorGroup and the operator's pods).
   *
   * @default - the package's namespace (`operator.namespace`)
   */
  readonly namespace?: string;
  /**
   * Create the Namespace. Set false when it exists already (created by the platform or another construct).
   *
   * @default - true, except in `openshift-operators`, which every OpenShift cluster has
   */
  readonly createNamespace?: boolean;
  /**
   * More labels for the Namespace, e.g. `{ 'openshift.io/cluster-monitoring': 'true' }`. A value that holds a
   * credential is refused (it would be committed to Git).
   *
   * @default - none
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * Create the namespace's OperatorGroup. Set false when the namespace has one already; OLM installs nothing in a
   * namespace with two. The existing group must target namespaces the operator supports.
   *
   * @default - true, except in `openshift-operators`, whose group `global-operators` targets all namespaces
   */
  readonly createOperatorGroup?: boolean;
  /**
   * The namespaces the operator watches (the OperatorGroup's `targetNamespaces`): its own namespace alone is
   * `OwnNamespace`, one other namespace `SingleNamespace`, several `MultiNamespace`. The operator must support the
   * mode.
   *
   * @default - the narrowest mode the operator supports: its own namespace, or every namespace when the operator
   * supports nothing narrower than AllNamespaces
   */
  readonly targetNamespaces?: string[];
  /**
   * Let the operator watch every namespace although it supports a narrower install mode: the written reason why.
   * Operators that support only AllNamespaces need no reason (the construct records that on the OperatorGroup).
   *
   * @default - the narrowest mode the operator supports
   */
  readonly allowAllNamespaces?: string;
  /**
   * The update channel.
   *
   * @default - the package's channel (`operator.channel`)
   */
  readonly channel?: string;
  /**
   * The ClusterServiceVersion OLM installs first, e.g. `openshift-gitops-operator.v1.15.0`: the version that was
   * reviewed. It pins the first install only; later versions still need an approved install plan (or
   * `automaticUpgrades`).
   *
   * @default - the channel's head when the Subscription is created
   */
  readonly startingCsv?: string;
  /**
   * Install every new version of the channel as soon as the catalog serves it (`installPlanApproval: Automatic`):
   * the written reason why. It acknowledges ZT-OLM1 on the Subscription. Without it, OLM waits for someone to
   * approve each install plan, the first one included (`installPlanApproval: Manual`), so new operator code, which
   * usually runs with cluster-wide rights, is reviewed before it runs.
   *
   * @default - install plans need approval (`Manual`)
   */
  readonly automaticUpgrades?: string;
  /**
   * Environment variables for the operator's deployment (`spec.config.env`), beside the package's own (which
   * cannot be overridden here). Values are settings: one that holds a credential is refused, judged also by its
   * name (it would be committed to Git).
   *
   * @default - only the package's
   */
  readonly env?: { [name: string]: string };
}

/**
 * An operator installed through OLM: the Namespace (unless it exists), an OperatorGroup whose target namespaces are
 * the narrowest the operator supports, and the Subscription, with install plans that wait for approval unless
 * `automaticUpgrades` says why not.
 *
 * The approval rule: `installPlanApproval` is `Manual` by default, so no operator version (the first one included)
 * runs before someone approves its install plan; `startingCsv` names the version to start from, so the first plan
 * proposes the reviewed version rather than whatever heads the channel. `Automatic` needs a written reason and is
 * reported as an acknowledged ZT-OLM1: a pinned `startingCsv` does not make it safe, since OLM still upgrades along
 * the channel right after the first install.
 *
 * Escape hatches: `ApiObject.of(subscription)` is the Subscription; `namespace` and `operatorGroup` reach the
 * others (undefined when not created).
 */
export class OperatorSubscription extends Construct {
  /** Carries, on the OperatorGroup (or on the Subscription where the group exists already), why it targets every namespace. */
  public static readonly ALL_NAMESPACES_REASON_ANNOTATION = 'zero-trust.cdk8s.io/all-namespaces-reason';

  /** The operator package. */
  public readonly operator: OperatorPackage;
  /** The Subscription (`operators.coreos.com/v1alpha1`). */
  public readonly subscription: Resource;
  /** The namespace the operator is installed in (the Subscription's and the OperatorGroup's). */
  public readonly namespace: string;
  /** The Namespace object, or undefined when it exists already (`createNamespace: false`). */
  public readonly namespaceResource?: Resource;
  /** The OperatorGroup (`operators.coreos.com/v1`), or undefined when the namespace's group exists already. */
  public readonly operatorGroup?: Resource;
  /**
   * The install mode of the operator group, or undefined when an existing group (other than
   * `openshift-operators`'s) decides it.
   */
  public readonly installMode?: OperatorInstallMode;
  /** Whether install plans are approved automatically (`automaticUpgrades`). */
  public readonly automaticUpgrades: boolean;
  private targets?: string[];
  private allNamespacesReason?: string;

  public constructor(scope: Construct, id: string, props: OperatorSubscriptionProps) {
    super(scope, id);
    requireProps(props, 'OperatorSubscriptionProps', ['operator'], this);
    this.operator = props.operator;
    this.namespace = validateDnsLabel(this, 'namespace', props.namespace ?? props.operator.namespace);
    const platform = this.namespace === GLOBAL_OPERATORS_NAMESPACE;
    const createNamespace = this.checkCreate('createNamespace', props.createNamespace, platform, 'the Namespace exists on every OpenShift cluster');
    const createGroup = this.checkCreate('createOperatorGroup', props.createOperatorGroup, platform, 'its OperatorGroup global-operators exists on every OpenShift cluster, and OLM installs nothing in a namespace with two');
    if (!createNamespace && props.namespaceLabels !== undefined) {
      throw new ValidationError('\'namespaceLabels\' is set but the Namespace is not created here (createNamespace: false); label the existing namespace where it is defined', this);
    }
    this.installMode = this.resolveInstallMode(props, createGroup, platform);
    this.automaticUpgrades = props.automaticUpgrades !== undefined;
    const spec = this.renderSubscriptionSpec(props);

    if (createNamespace) {
      this.namespaceResource = new NamespaceResource(this, 'Namespace', this.namespace, { ...props.namespaceLabels });
    }
    if (createGroup) this.operatorGroup = this.createOperatorGroup();
    this.subscription = new OlmResource(this, 'Subscription', 'Subscription', { name: this.operator.name, namespace: this.namespace }, () => JSON.parse(JSON.stringify(spec)));
    if (this.allNamespacesReason !== undefined) {
      (this.operatorGroup ?? this.subscription).metadata
        .addAnnotation(OperatorSubscription.ALL_NAMESPACES_REASON_ANNOTATION, this.allNamespacesReason);
    }
    for (const dependency of [this.namespaceResource, this.operatorGroup]) if (dependency) this.subscription.node.addDependency(dependency);
    this.node.defaultChild = this.subscription;
    if (props.automaticUpgrades !== undefined) {
      Compliance.of(this.subscription)._acknowledgeOptIn('automaticUpgrades', 'ZT-OLM1', props.automaticUpgrades, 'why new operator versions may run without review');
    }
    this.node.addValidation({ validate: () => this.checkNamespaceSharing() });
  }

  /** Whether to create an object the platform may own already: never in `openshift-operators`. */
  private checkCreate(prop: string, value: boolean | undefined, platform: boolean, why: string): boolean {
    if (platform && value === true) {
      throw new ValidationError(`'${prop}' is true for namespace ${JSON.stringify(GLOBAL_OPERATORS_NAMESPACE)}: ${why}; remove ${prop}`, this);
    }
    return value ?? !platform;
  }

  private createOperatorGroup(): Resource {
    const targets = this.targets;
    const group = new OlmResource(this, 'OperatorGroup', 'OperatorGroup', { name: this.namespace, namespace: this.namespace },
      // upgradeStrategy is the API server's default, written out so that Argo CD sees no drift
      () => ({ targetNamespaces: targets ? [...targets] : undefined, upgradeStrategy: 'Default' }));
    if (this.namespaceResource) group.node.addDependency(this.namespaceResource);
    return group;
  }

  /** The OperatorGroup's install mode (and `targets`), the narrowest the operator supports unless told otherwise. */
  private resolveInstallMode(props: OperatorSubscriptionProps, createGroup: boolean, platform: boolean): OperatorInstallMode | undefined {
    const { targetNamespaces: targets, allowAllNamespaces: reason, operator } = props;
    if (targets !== undefined && reason !== undefined) {
      throw new ValidationError('\'targetNamespaces\' and \'allowAllNamespaces\' are exclusive; keep the namespace list (least privilege) or remove it', this);
    }
    if (!createGroup && !platform) {
      if (targets !== undefined || reason !== undefined) {
        throw new ValidationError(`'${targets !== undefined ? 'targetNamespaces' : 'allowAllNamespaces'}' configures the OperatorGroup, which is not created here (createOperatorGroup: false); set the target namespaces on the namespace's existing OperatorGroup and remove it`, this);
      }
      return undefined;
    }
    if (targets !== undefined) {
      if (platform) {
        throw new ValidationError(`'targetNamespaces' cannot apply in ${JSON.stringify(GLOBAL_OPERATORS_NAMESPACE)}: its OperatorGroup global-operators targets every namespace; install the operator into a namespace of its own`, this);
      }
      return this.narrowMode(operator, targets);
    }
    if (reason === undefined && !platform && operator.supports(OperatorInstallMode.OWN_NAMESPACE)) {
      this.targets = [this.namespace];
      return OperatorInstallMode.OWN_NAMESPACE;
    }
    return this.allNamespaces(operator, reason, platform);
  }

  /** `OwnNamespace`, `SingleNamespace` or `MultiNamespace` for the namespaces given. */
  private narrowMode(operator: OperatorPackage, targets: string[]): OperatorInstallMode {
    if (!Array.isArray(targets) || targets.length === 0) {
      throw new ValidationError('\'targetNamespaces\' is empty; list at least one namespace, or omit it for the narrowest install mode the operator supports', this);
    }
    targets.forEach((t, i) => validateDnsLabel(this, `targetNamespaces[${i}]`, t));
    const dup = targets.find((t, i) => targets.indexOf(t) !== i);
    if (dup !== undefined) throw new ValidationError(`'targetNamespaces' lists ${JSON.stringify(dup)} twice; remove the duplicate`, this);
    const mode = targets.length > 1 ? OperatorInstallMode.MULTI_NAMESPACE
      : targets[0] === this.namespace ? OperatorInstallMode.OWN_NAMESPACE : OperatorInstallMode.SINGLE_NAMESPACE;
    if (!operator.supports(mode)) {
      throw new ValidationError(`'targetNamespaces' (${JSON.stringify(targets)}) needs the install mode ${mode}, which ${operator.name} does not support (it supports ${operator.installModes.join(', ')}); target namespaces in a mode it supports`, this);
    }
    this.targets = sortedStrings(targets);
    return mode;
  }

  /** `AllNamespaces`: without a reason only where the operator supports nothing narrower. */
  private allNamespaces(operator: OperatorPackage, reason: string | undefined, platform: boolean): OperatorInstallMode {
    const where = platform ? `in ${JSON.stringify(GLOBAL_OPERATORS_NAMESPACE)}, whose OperatorGroup targets every namespace` : 'with every namespace as target';
    if (!operator.supports(OperatorInstallMode.ALL_NAMESPACES)) {
      throw new ValidationError(reason === undefined && !platform
        ? `'targetNamespaces' is missing: ${operator.name} supports ${operator.installModes.join(', ')}, which need the namespaces to watch; list them`
        : `${operator.name} cannot be installed ${where}: it supports ${operator.installModes.join(', ')} only; install it into a namespace of its own with targetNamespaces`, this);
    }
    const narrower = operator.installModes.filter(m => m !== OperatorInstallMode.ALL_NAMESPACES);
    if (narrower.length === 0) {
      if (reason !== undefined) {
        throw new ValidationError(`'allowAllNamespaces' is set but ${operator.name} supports only AllNamespaces, so every namespace is its target anyway; remove allowAllNamespaces`, this);
      }
      this.allNamespacesReason = `${operator.name} supports only the AllNamespaces install mode`;
      return OperatorInstallMode.ALL_NAMESPACES;
    }
    if (reason === undefined) {
      throw new ValidationError(`${operator.name} would be installed ${where}, but it supports ${narrower.join(', ')}; ${platform ? 'install it into a namespace of its own' : 'list targetNamespaces'}, or set allowAllNamespaces to the reason`, this);
    }
    this.allNamespacesReason = validateReason(this, 'allowAllNamespaces', reason, 'why the operator must watch every namespace');
    return OperatorInstallMode.ALL_NAMESPACES;
  }

  private renderSubscriptionSpec(props: OperatorSubscriptionProps): any {
    const channel = props.channel === undefined ? this.operator.channel : validateChannel(this, props.channel);
    if (props.startingCsv !== undefined) {
      refuseCredential(this, 'startingCsv', props.startingCsv);
      validateDnsSubdomain(this, 'startingCsv', props.startingCsv);
    }
    const env = this.mergedEnv(props.env);
    return {
      name: this.operator.name,
      channel,
      source: this.operator.source,
      sourceNamespace: this.operator.sourceNamespace,
      installPlanApproval: props.automaticUpgrades === undefined ? 'Manual' : 'Automatic',
      startingCSV: props.startingCsv,
      config: env.length > 0 ? { env } : undefined,
    };
  }

  /** The package's environment and the user's, sorted by name; the user's cannot override the package's. */
  private mergedEnv(extra: { [name: string]: string } | undefined): { name: string; value: string }[] {
    refuseCredentialsIn(this, 'env', extra);
    validateEnv(this, 'env', extra ?? {});
    const own = this.operator.env;
    const clash = Object.keys(extra ?? {}).find(name => name in own);
    if (clash !== undefined) {
      throw new ValidationError(`'env' sets ${clash}, which the package sets to ${JSON.stringify(own[clash])}; remove it from env (or describe the package with OperatorPackage.custom())`, this);
    }
    const all = { ...own, ...extra };
    return sortedStrings(Object.keys(all)).map(name => ({ name, value: all[name] }));
  }

  /** OLM's rules for subscriptions that share a namespace, among the subscriptions of this chart. */
  private checkNamespaceSharing(): string[] {
    const others = Chart.of(this).node.findAll()
      .filter((c): c is OperatorSubscription => c instanceof OperatorSubscription && c !== this && c.namespace === this.namespace);
    const errors: string[] = [];
    const where = `namespace ${JSON.stringify(this.namespace)}`;
    for (const other of others) {
      if (other.operator.name === this.operator.name) errors.push(`${where} subscribes to ${this.operator.name} twice (also ${other.node.path}); keep one OperatorSubscription`);
      if (this.namespaceResource && other.namespaceResource) errors.push(`${where} is created twice (also by ${other.node.path}); set createNamespace: false on one of them`);
      if (this.operatorGroup && other.operatorGroup) {
        errors.push(`${where} gets a second OperatorGroup (also from ${other.node.path}) and OLM installs nothing in a namespace with two; set createOperatorGroup: false on one of them`);
      }
      if (!this.operatorGroup && other.operatorGroup && other.installMode !== undefined && !this.operator.supports(other.installMode)) {
        errors.push(`the OperatorGroup of ${where} (from ${other.node.path}) uses the install mode ${other.installMode}, which ${this.operator.name} does not support (it supports ${this.operator.installModes.join(', ')}); install it into a namespace of its own`);
      }
      if (this.automaticUpgrades && !other.automaticUpgrades) {
        errors.push(`${this.operator.name} upgrades automatically but ${other.node.path} in the same ${where} needs approval, and OLM then makes every install plan of the namespace manual; install it into a namespace of its own`);
      }
    }
    return errors;
  }
}
