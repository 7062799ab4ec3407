import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { storeNamespaceErrors } from './cluster-scope';
import { DataFromSource, RemoteRef, REMOTE_REF_REQUIRED } from './data-source';
import { ExternalSecretSpecBuilder, ExternalSecretSpecOptions } from './external-secret-spec';
import { ISecretStore } from './secret-store-ref';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { checkCredentialLifetimes } from '../compliance/credential-lifetime';

/** An ExternalSecret and the Secret it writes. */
export interface IExternalSecret extends INamespacedResource {
  /** The target Secret, to reference from workloads. */
  readonly secret: kplus.ISecret;
}

/** An ExternalSecret managed elsewhere (`ExternalSecret.fromExternalSecretAttributes()`). */
export interface ExternalSecretAttributes {
  /** The ExternalSecret's name. */
  readonly name: string;
  /**
   * Its namespace.
   *
   * @default - unknown
   */
  readonly namespace?: string;
  /**
   * The name of the Secret it writes.
   *
   * @default - the ExternalSecret's name
   */
  readonly targetName?: string;
}

/** Props of an `ExternalSecret`. */
export interface ExternalSecretProps extends ResourceProps, ExternalSecretSpecOptions {
  /**
   * The store the data is read from.
   *
   * @default - none; then every source must be a generator (`DataFromSource.generator()`)
   */
  readonly store?: ISecretStore;
}

/** Options of `ExternalSecret.toVolume()`. */
export interface ExternalSecretVolumeOptions {
  /**
   * File mode of the projected files.
   *
   * @default 0o440 - readable by the owner and group only
   */
  readonly defaultMode?: number;
  /**
   * Only these keys, at these paths.
   *
   * @default - every key, under its own name
   */
  readonly items?: { [key: string]: kplus.PathMapping };
}

/**
 * An `external-secrets.io/v1` ExternalSecret: copies keys of a SecretStore or ClusterSecretStore into a
 * Secret in its namespace. Every field the CRD would default is written out, so Argo CD sees no drift.
 */
export class ExternalSecret extends Resource implements IExternalSecret {
  /** References an ExternalSecret defined elsewhere whose target Secret has its name. */
  public static fromExternalSecretName(scope: Construct, id: string, name: string): IExternalSecret {
    return ExternalSecret.fromExternalSecretAttributes(scope, id, { name });
  }

  /** References an ExternalSecret defined elsewhere, with its namespace or its target Secret's name. */
  public static fromExternalSecretAttributes(scope: Construct, id: string, attrs: ExternalSecretAttributes): IExternalSecret {
    requireProps(attrs, 'ExternalSecretAttributes', ['name'], scope, id);
    validateDnsSubdomain(scope, 'name', attrs.name);
    if (attrs.namespace !== undefined) validateDnsLabel(scope, 'namespace', attrs.namespace);
    if (attrs.targetName !== undefined) validateDnsSubdomain(scope, 'targetName', attrs.targetName);
    return new ImportedExternalSecret(scope, id, attrs);
  }

  /** The target Secret. */
  public readonly secret: kplus.ISecret;
  /** The target Secret's name. */
  public readonly targetName: string;
  private readonly spec: ExternalSecretSpecBuilder;
  private readonly volumes = new Map<string, kplus.Volume>();

  public constructor(scope: Construct, id: string, props: ExternalSecretProps = {}) {
    super(scope, id, { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', namespaced: true }, props);
    this.spec = new ExternalSecretSpecBuilder(this, props);
    this.targetName = props.targetName ?? this.name;
    this.secret = kplus.Secret.fromSecretName(this, 'Secret', this.targetName);
    const store = props.store;
    // a Tekton run reading the target Secret must not outlive the credential in it
    checkCredentialLifetimes(this);
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (!this.spec.hasData) errors.push(`ExternalSecret '${this.name}' has no data; call addData() or addDataFrom()`);
        if (store) errors.push(...storeNamespaceErrors(`ExternalSecret '${this.name}'`, this.namespace, store));
        // ESO looks a namespaced generator up in the ExternalSecret's own namespace
        for (const g of this.spec.generators) {
          if (!g.clusterScoped && g.namespace !== this.namespace) {
            errors.push(`ExternalSecret '${this.name}' in namespace ${this.namespace ?? '(none)'} cannot use ${g.kind} '${g.name}' in namespace ${g.namespace ?? '(none)'}: ESO looks generators up in the ExternalSecret's namespace; create the generator in ${this.namespace ?? 'the same namespace'} or use a ClusterGenerator`);
          }
        }
        return errors;
      },
    });
  }

  /** Fills the target key `secretKey` from one remote value; each key once. */
  public addData(secretKey: string, remoteRef: RemoteRef): void {
    requireProps(remoteRef, 'RemoteRef', REMOTE_REF_REQUIRED, this);
    this.spec.addData(secretKey, remoteRef);
  }

  /** Adds all keys of a remote source (`dataFrom`). */
  public addDataFrom(source: DataFromSource): void {
    this.spec.addDataFrom(source);
  }

  /**
   * A volume projecting the target Secret with restrictive file modes; mount it with
   * `container.mount(path, volume, { readOnly: true })` or use `mountReadOnly()`.
   *
   * @param name the volume name
   */
  public toVolume(name: string, options: ExternalSecretVolumeOptions = {}): kplus.Volume {
    const existing = this.volumes.get(name);
    if (existing) return existing;
    const volume = kplus.Volume.fromSecret(this, `Volume-${name}`, this.secret, {
      name,
      defaultMode: options.defaultMode ?? 0o440,
      items: options.items,
      optional: false,
    });
    this.volumes.set(name, volume);
    return volume;
  }

  /** Mounts the target Secret read-only at `path` in `container` (volume named after the target Secret). */
  public mountReadOnly(container: kplus.Container, path: string, options: ExternalSecretVolumeOptions = {}): kplus.Volume {
    const volume = this.toVolume(`secret-${this.targetName}`.slice(0, 63).replace(/[^a-z0-9-]/g, '-').replace(/-+$/, ''), options);
    container.mount(path, volume, { readOnly: true });
    return volume;
  }

  /** @internal */
  public _renderSpec(): any {
    return this.spec.render(this.targetName);
  }
}

class ImportedExternalSecret extends Construct implements IExternalSecret {
  public readonly apiVersion = 'external-secrets.io/v1';
  public readonly kind = 'ExternalSecret';
  public readonly name: string;
  public readonly namespace?: string;
  public readonly secret: kplus.ISecret;

  public constructor(scope: Construct, id: string, attrs: ExternalSecretAttributes) {
    super(scope, id);
    this.name = attrs.name;
    this.namespace = attrs.namespace;
    this.secret = kplus.Secret.fromSecretName(this, 'Secret', attrs.targetName ?? attrs.name);
  }
}

