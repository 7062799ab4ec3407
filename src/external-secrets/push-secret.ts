import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { NamespaceSelection, renderChildMetadata, renderNamespaceSelection, requireClusterStore, storeNamespaceErrors } from './cluster-scope';
import { remoteKeyOptionsOf } from './secret-store';
import { ISecretStore, SecretStoreKind } from './secret-store-ref';
import { SecretTemplate } from './template';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateSecretKey, validateDnsSubdomain } from '../common/names';
import { remoteKeyProblem } from '../common/patterns';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';
import { Compliance } from '../compliance/acknowledgement';
import { isPrivateKeyName } from '../compliance/rules/private-keys';
import type { IGenerator } from '../generators/generator';

/** `spec.updatePolicy`: whether a PushSecret overwrites a remote value that already exists. */
export enum PushSecretUpdatePolicy {
  /** Overwrite the remote value (the default). */
  REPLACE = 'Replace',
  /** Write only when the remote key does not exist yet. */
  IF_NOT_EXISTS = 'IfNotExists',
}

/** `spec.deletionPolicy`: what happens to remote values when the PushSecret or a key goes away. */
export enum PushSecretDeletionPolicy {
  /** Leave the remote values in place (the default). */
  NONE = 'None',
  /** Delete the remote values; an explicit choice because the store may be shared. */
  DELETE = 'Delete',
}

/** `data[].conversionStrategy` of a PushSecret. */
export enum PushConversionStrategy {
  /** Push key names as they are (the default). */
  NONE = 'None',
  /** Undo the `Unicode` conversion of an ExternalSecret (`_U0020_` back to a space). */
  REVERSE_UNICODE = 'ReverseUnicode',
}

/** What a PushSecret reads: a Secret in its namespace, or the output of a generator. */
export abstract class PushSecretSource {
  /** A Secret in the PushSecret's namespace. */
  public static secret(secret: kplus.ISecret): PushSecretSource {
    return PushSecretSource.secretName(secret.name);
  }

  /** The Secret `name` in the PushSecret's namespace. */
  public static secretName(name: string): PushSecretSource {
    validateDnsSubdomain(undefined, 'source secret name', name);
    return new RenderedPushSource({ secret: { name } });
  }

  /**
   * The output of a generator (`selector.generatorRef`), e.g. a generated password pushed to a store. A
   * namespaced generator must be in the PushSecret's namespace.
   */
  public static generator(generator: IGenerator): PushSecretSource {
    const generatorRef = { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: generator.kind, name: generator.name };
    return new RenderedPushSource({ generatorRef }, generator);
  }

  /** @internal */
  public abstract _render(): any;

  /**
   * The generator this source reads, if any.
   *
   * @internal
   */
  public _generator(): IGenerator | undefined {
    return undefined;
  }
}

class RenderedPushSource extends PushSecretSource {
  public constructor(private readonly rendered: any, private readonly generatorSource?: IGenerator) {
    super();
  }

  public _generator(): IGenerator | undefined {
    return this.generatorSource;
  }

  public _render(): any {
    return this.rendered;
  }
}

/** Where one key of the source Secret is written. */
export interface PushSecretKeyOptions {
  /** The remote key (path); must start with each store's `keyPrefix` when it has one. */
  readonly remoteKey: string;
  /**
   * The property of a structured remote secret to write.
   *
   * @default - the whole remote value
   */
  readonly property?: string;
  /**
   * Provider-specific metadata (e.g. Vault custom metadata, AWS tags), passed through as is.
   *
   * Refused when it holds a credential (the value would be committed to Git); the pushed value comes from the
   * source Secret, never from here.
   *
   * @default - none
   */
  readonly metadata?: { [key: string]: any };
  /** @default PushConversionStrategy.NONE */
  readonly conversionStrategy?: PushConversionStrategy;
}

/** What a PushSecret (or each PushSecret a ClusterPushSecret creates) writes where. */
export interface PushSecretSpecProps {
  /** The Secret whose keys are pushed. */
  readonly source: PushSecretSource;
  /** The stores written to (at least one). */
  readonly stores: ISecretStore[];
  /**
   * Whether existing remote values are overwritten.
   *
   * @default PushSecretUpdatePolicy.REPLACE
   */
  readonly updatePolicy?: PushSecretUpdatePolicy;
  /**
   * Whether remote values are deleted with the PushSecret (or when a store is removed from `stores`).
   *
   * @default PushSecretDeletionPolicy.NONE
   */
  readonly deletionPolicy?: PushSecretDeletionPolicy;
  /**
   * Required with `PushSecretDeletionPolicy.DELETE`: why deleting remote values is acceptable. Under Delete,
   * removing a store from `stores` deletes the values in that store, which other consumers may still read.
   *
   * @default - none; DELETE is rejected
   */
  readonly acknowledgeRemoteDeletion?: string;
  /**
   * The written reason for pushing a private key (a key named like `tls.key`, `ssh-privatekey`, `id_rsa`) to a
   * shared store: a ClusterSecretStore, or a store without a `keyPrefix`, whose credentials other readers share.
   * It acknowledges ZT-ESO9.
   *
   * @default - private keys may only go to a namespaced store confined to a key prefix
   */
  readonly acknowledgePrivateKeyPush?: string;
  /**
   * Transforms the source Secret's keys before they are pushed (engine v2). Its key references are not
   * checked: the source Secret's keys are not known at synth.
   *
   * @default - keys are pushed as they are
   */
  readonly template?: SecretTemplate;
  /**
   * How often the source is pushed again.
   *
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/** What `PushSecretSpecProps` declares without '?', checked by PushSecret and ClusterPushSecret. */
const PUSH_SECRET_SPEC_REQUIRED: readonly (keyof PushSecretSpecProps & string)[] = ['source', 'stores'];

/** What `PushSecretKeyOptions` declares without '?', checked by the `addKey()` of PushSecret and ClusterPushSecret. */
const PUSH_SECRET_KEY_REQUIRED: readonly (keyof PushSecretKeyOptions & string)[] = ['remoteKey'];

/** The `spec` of a PushSecret, shared by PushSecret and ClusterPushSecret. */
class PushSecretSpecBuilder {
  private readonly data = new Map<string, any>();
  private readonly refreshInterval: string;

  public constructor(private readonly owner: IConstruct, what: string, private readonly props: PushSecretSpecProps) {
    if (props.stores.length === 0) throw new ValidationError(`${what} 'stores' is empty; push to at least one SecretStore or ClusterSecretStore`, owner);
    const names = props.stores.map(s => `${s.storeKind}/${s.name}`);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new ValidationError(`${what} 'stores' lists ${duplicate} twice; list each store once`, owner);
    if (props.deletionPolicy === PushSecretDeletionPolicy.DELETE && props.acknowledgeRemoteDeletion === undefined) {
      throw new ValidationError(`${what} 'deletionPolicy' (Delete) removes remote values, also from stores later dropped from 'stores'; set 'acknowledgeRemoteDeletion' to the reason or keep PushSecretDeletionPolicy.NONE`, owner);
    }
    if (props.acknowledgeRemoteDeletion !== undefined) {
      validateReason(owner, 'acknowledgeRemoteDeletion', props.acknowledgeRemoteDeletion, 'why remote values may be deleted');
    }
    this.refreshInterval = renderDuration(owner, 'refreshInterval', props.refreshInterval ?? Duration.hours(1), { min: Duration.seconds(1) });
    if (props.acknowledgePrivateKeyPush !== undefined) {
      Compliance.of(owner)._acknowledgeOptIn('acknowledgePrivateKeyPush', 'ZT-ESO9', props.acknowledgePrivateKeyPush, 'why a private key goes to a shared store');
    }
  }

  public get hasData(): boolean {
    return this.data.size > 0;
  }

  public addKey(secretKey: string, options: PushSecretKeyOptions): void {
    validateSecretKey(this.owner, 'secretKey', secretKey);
    if (this.data.has(secretKey)) throw new ValidationError(`'secretKey' (${secretKey}) is already pushed; push each key once`, this.owner);
    if (options.remoteKey.trim() === '') throw new ValidationError(`'remoteKey' of '${secretKey}' must not be empty; e.g. 'team-a/app/${secretKey}'`, this.owner);
    refuseCredential(this.owner, `data[${JSON.stringify(secretKey)}].metadata`, options.metadata);
    for (const store of this.props.stores) {
      const problem = store.keyPrefix === undefined ? undefined : remoteKeyProblem(options.remoteKey, store.keyPrefix, remoteKeyOptionsOf(store));
      if (problem !== undefined) {
        throw new ValidationError(`'data[${secretKey}].remoteKey' (${options.remoteKey}) ${problem}, the key prefix of store '${store.name}'`, this.owner);
      }
    }
    const shared = this.props.stores.filter(s => s.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE || s.keyPrefix === undefined);
    if (isPrivateKeyName(secretKey) && shared.length > 0 && this.props.acknowledgePrivateKeyPush === undefined) {
      throw new ValidationError(`'secretKey' (${secretKey}) is a private key, pushed to the shared store${shared.length > 1 ? 's' : ''} ${shared.map(s => `${s.storeKind} '${s.name}'`).join(', ')} (a ClusterSecretStore, or a store without keyPrefix, whose credentials reach what other readers share); push only the certificate (e.g. tls.crt), use a SecretStore confined to a keyPrefix, or set acknowledgePrivateKeyPush to the reason`, this.owner);
    }
    this.data.set(secretKey, {
      match: {
        secretKey,
        remoteRef: { remoteKey: options.remoteKey, ...(options.property !== undefined ? { property: options.property } : {}) },
      },
      ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
      conversionStrategy: options.conversionStrategy ?? PushConversionStrategy.NONE,
    });
  }

  public render(): any {
    return {
      secretStoreRefs: this.props.stores.map(s => ({ kind: s.storeKind, name: s.name })),
      selector: this.props.source._render(),
      data: [...this.data.values()],
      updatePolicy: this.props.updatePolicy ?? PushSecretUpdatePolicy.REPLACE,
      deletionPolicy: this.props.deletionPolicy ?? PushSecretDeletionPolicy.NONE,
      refreshInterval: this.refreshInterval,
      ...(this.props.template ? { template: this.props.template._render(this.owner, undefined, undefined) } : {}),
    };
  }
}

/** Props of a `PushSecret`. */
export interface PushSecretProps extends ResourceProps, PushSecretSpecProps {}

/**
 * An `external-secrets.io/v1alpha1` PushSecret: writes keys of a Secret in its namespace to one or more
 * stores. Remote values are kept when it is deleted unless `deletionPolicy` is DELETE.
 */
export class PushSecret extends Resource {
  private readonly spec: PushSecretSpecBuilder;

  public constructor(scope: Construct, id: string, props: PushSecretProps) {
    super(scope, id, { apiVersion: 'external-secrets.io/v1alpha1', kind: 'PushSecret', namespaced: true },
      requireProps(props, 'PushSecretProps', PUSH_SECRET_SPEC_REQUIRED, scope, id));
    const what = `PushSecret '${this.name}'`;
    this.spec = new PushSecretSpecBuilder(this, what, props);
    this.node.addValidation({
      validate: () => [
        ...(this.spec.hasData ? [] : [`${what} pushes no key; call addKey()`]),
        ...props.stores.flatMap(store => storeNamespaceErrors(what, this.namespace, store)),
        ...generatorNamespaceErrors(what, this.namespace, props.source._generator()),
      ],
    });
  }

  /** Pushes the source key `secretKey` to `options.remoteKey` in every store; each key once. */
  public addKey(secretKey: string, options: PushSecretKeyOptions): void {
    requireProps(options, 'PushSecretKeyOptions', PUSH_SECRET_KEY_REQUIRED, this);
    this.spec.addKey(secretKey, options);
  }

  /** @internal */
  public _renderSpec(): any {
    return this.spec.render();
  }
}

function generatorNamespaceErrors(what: string, namespace: string | undefined, generator: IGenerator | undefined): string[] {
  if (!generator || generator.clusterScoped || generator.namespace === namespace) return [];
  return [`${what} in namespace ${namespace ?? '(none)'} cannot use ${generator.kind} '${generator.name}' in namespace ${generator.namespace ?? '(none)'}: ESO looks generators up in the PushSecret's namespace; create the generator there or use a ClusterGenerator`];
}

/** Props of a `ClusterPushSecret`. */
export interface ClusterPushSecretProps extends ResourceProps, PushSecretSpecProps, NamespaceSelection {
  /**
   * The name of the PushSecret created in each namespace.
   *
   * @default - the ClusterPushSecret's name
   */
  readonly pushSecretName?: string;
  /**
   * Labels of each created PushSecret.
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead.
   *
   * @default - none
   */
  readonly pushSecretLabels?: { [key: string]: string };
  /**
   * Annotations of each created PushSecret.
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead.
   *
   * @default - none
   */
  readonly pushSecretAnnotations?: { [key: string]: string };
}

/**
 * An `external-secrets.io/v1alpha1` ClusterPushSecret: the same PushSecret in every selected namespace.
 * It needs ClusterSecretStores; selecting every namespace is an explicit opt-in.
 */
export class ClusterPushSecret extends Resource {
  /** The name of the PushSecret created in each namespace. */
  public readonly pushSecretName: string;
  private readonly spec: PushSecretSpecBuilder;
  private readonly selection: any;
  private readonly childMetadata: any;

  public constructor(scope: Construct, id: string, props: ClusterPushSecretProps) {
    super(scope, id, { apiVersion: 'external-secrets.io/v1alpha1', kind: 'ClusterPushSecret', namespaced: false },
      requireProps(props, 'ClusterPushSecretProps', PUSH_SECRET_SPEC_REQUIRED, scope, id));
    const what = `ClusterPushSecret '${this.name}'`;
    props.stores.forEach(s => requireClusterStore(this, what, s));
    if (props.pushSecretName !== undefined) validateDnsSubdomain(this, 'pushSecretName', props.pushSecretName);
    this.pushSecretName = props.pushSecretName ?? this.name;
    this.selection = renderNamespaceSelection(this, what, props);
    this.childMetadata = renderChildMetadata(this, 'pushSecretMetadata', props.pushSecretLabels, props.pushSecretAnnotations);
    this.spec = new PushSecretSpecBuilder(this, what, props);
    this.node.addValidation({ validate: () => (this.spec.hasData ? [] : [`${what} pushes no key; call addKey()`]) });
  }

  /** Pushes the source key `secretKey` to `options.remoteKey` in every store; each key once. */
  public addKey(secretKey: string, options: PushSecretKeyOptions): void {
    requireProps(options, 'PushSecretKeyOptions', PUSH_SECRET_KEY_REQUIRED, this);
    this.spec.addKey(secretKey, options);
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      pushSecretName: this.pushSecretName,
      pushSecretMetadata: this.childMetadata,
      ...this.selection,
      pushSecretSpec: this.spec.render(),
    };
  }
}
