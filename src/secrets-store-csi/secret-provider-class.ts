import * as path from 'path';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { validateAnnotations, validateDnsLabel, validateDnsSubdomain, validateLabels, validateSecretKey } from '../common/names';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { sortedBy } from '../common/sort';
import { CSI_API_VERSION, CSI_DRIVER, csiVolumeName, validateFileName } from './private/common';
import { CsiSecretProvider } from './provider';

/** A SecretProviderClass, defined in this app or imported, that pods mount through the Secrets Store CSI driver. */
export interface ISecretProviderClass extends INamespacedResource {
  /** The files the provider writes, relative to the mount path; empty for an import that does not list them. */
  readonly fileNames: string[];
  /**
   * The Secret the volume passes to the provider (`nodePublishSecretRef`) for static credentials.
   *
   * @default - none: the provider authenticates as the pod's service account
   */
  readonly nodePublishSecret?: kplus.ISecret;
  /**
   * A read-only CSI volume of this class for a cdk8s-plus workload (one per name); mount it read-only, or use
   * `mountReadOnly()`. Refused when the class needs `nodePublishSecretRef`, which cdk8s-plus volumes cannot carry.
   *
   * @param name the volume name (a DNS label); default `secrets-store-<class name>`
   */
  toVolume(name?: string): kplus.Volume;
  /**
   * Mounts the class read-only at `mountPath` in a cdk8s-plus container (the pod must be in the class's
   * namespace), and returns where each file lands.
   */
  mountReadOnly(container: kplus.Container, mountPath: string): CsiSecretsMount;
}

/** A Kubernetes Secret the driver keeps in step with the mounted files (`secretObjects`). */
export interface CsiSyncedSecret {
  /** The Secret's name. */
  readonly secretName: string;
  /** Each key of the Secret and the file (a name the provider writes) whose content it holds. */
  readonly data: { [key: string]: string };
  /**
   * The Secret's type, e.g. `kubernetes.io/tls`.
   *
   * @default 'Opaque'
   */
  readonly type?: string;
  /**
   * Labels of the Secret.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the Secret.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Props of `SecretProviderClass`. */
export interface SecretProviderClassProps extends ResourceProps {
  /** The provider plugin and what it reads. */
  readonly provider: CsiSecretProvider;
  /**
   * Kubernetes Secrets the driver creates from the mounted files while a pod mounts them. Off by default:
   * a synced Secret puts the value back into etcd, readable by anyone who may read Secrets in the namespace,
   * which is what mounting from the provider avoids. Needs `acknowledgeSyncToSecret`.
   *
   * @default - none: values exist only in the pods' volumes
   */
  readonly syncedSecrets?: CsiSyncedSecret[];
  /**
   * Why values are copied into Kubernetes Secrets (at least 10 characters), e.g. an image that reads its
   * credentials only from environment variables.
   *
   * @default - `syncedSecrets` is refused
   */
  readonly acknowledgeSyncToSecret?: string;
}

/** A SecretProviderClass managed elsewhere, for `fromSecretProviderClassAttributes`. */
export interface SecretProviderClassAttributes {
  /** Its name. */
  readonly name: string;
  /**
   * Its namespace, which must be the pods'.
   *
   * @default - the pods' namespace is assumed
   */
  readonly namespace?: string;
  /**
   * The files its provider writes, relative to the mount path; `CsiSecretsMount.filePath()` then checks names
   * against them.
   *
   * @default - unknown: any relative file name is accepted
   */
  readonly fileNames?: string[];
  /**
   * The Secret its provider expects through `nodePublishSecretRef`.
   *
   * @default - none
   */
  readonly nodePublishSecret?: kplus.ISecret;
}

/** Where a SecretProviderClass is mounted in a pod: the mount path and the path of each file under it. */
export class CsiSecretsMount {
  /**
   * A mount record, made by the mount helpers.
   *
   * @internal
   */
  public static _of(secretProviderClass: ISecretProviderClass, mountPath: string, volumeName: string): CsiSecretsMount {
    return new CsiSecretsMount(secretProviderClass, mountPath, volumeName);
  }

  private constructor(
    /** The class mounted. */
    public readonly secretProviderClass: ISecretProviderClass,
    /** The absolute mount path, normalized. */
    public readonly mountPath: string,
    /** The name of the pod volume. */
    public readonly volumeName: string) {}

  /**
   * The absolute path of one file, e.g. `/mnt/secrets/password`, to point a step or an environment variable at.
   *
   * @param fileName a file the provider writes (an `objectName`, alias or path)
   * @throws when the class lists its files and `fileName` is not one of them
   */
  public filePath(fileName: string): string {
    validateFileName(undefined, 'fileName', fileName);
    const known = this.secretProviderClass.fileNames;
    if (known.length > 0 && !known.includes(fileName)) {
      throw new ValidationError(`'fileName' ("${fileName}") is not written by SecretProviderClass "${this.secretProviderClass.name}" (files: ${known.join(', ')}); use one of them`);
    }
    return path.posix.join(this.mountPath, fileName);
  }

  /** The absolute path of every file the provider writes (empty when the class does not list them). */
  public get filePaths(): string[] {
    return this.secretProviderClass.fileNames.map(f => path.posix.join(this.mountPath, f));
  }
}

/**
 * A `secrets-store.csi.x-k8s.io/v1` SecretProviderClass: which provider plugin the Secrets Store CSI driver asks
 * for secrets, and what to read. Pods mount it as a read-only CSI volume (`mountReadOnly()`, `toVolume()`, a
 * Tekton Task's `mountCsiSecrets()`): the provider fetches the values as the pod's service account when the pod
 * starts, and nothing is stored in etcd unless `syncedSecrets` is given a reason.
 *
 * @example
 * const spc = new SecretProviderClass(chart, 'db', {
 *   provider: CsiSecretProvider.vault({ role, objects: CsiVaultObjects.databaseCredentials(dbRole) }),
 * });
 * const mount = task.mountCsiSecrets(spc, '/mnt/secrets');
 * mount.filePath('password'); // '/mnt/secrets/password'
 */
export class SecretProviderClass extends Resource implements ISecretProviderClass {
  /** A SecretProviderClass that exists in the cluster, referenced by name (in the pods' namespace). */
  public static fromSecretProviderClassName(scope: Construct, id: string, name: string): ISecretProviderClass {
    return SecretProviderClass.fromSecretProviderClassAttributes(scope, id, { name });
  }

  /** A SecretProviderClass managed elsewhere, with what is known about it. */
  public static fromSecretProviderClassAttributes(scope: Construct, id: string, attrs: SecretProviderClassAttributes): ISecretProviderClass {
    requireProps(attrs, 'SecretProviderClassAttributes', ['name'], scope, id);
    return new ImportedSecretProviderClass(scope, id, attrs);
  }

  /** The provider plugin. */
  public readonly provider: CsiSecretProvider;
  private readonly synced: CsiSyncedSecret[];
  private readonly volumes: CsiVolumes;

  public constructor(scope: Construct, id: string, props: SecretProviderClassProps) {
    super(scope, id, { apiVersion: CSI_API_VERSION, kind: 'SecretProviderClass', namespaced: true },
      requireProps(props, 'SecretProviderClassProps', ['provider'], scope, id));
    this.provider = props.provider;
    this.synced = checkSyncedSecrets(this, props, props.provider.fileNames);
    this.volumes = new CsiVolumes(this, this);
  }

  public get fileNames(): string[] {
    return this.provider.fileNames;
  }

  public get nodePublishSecret(): kplus.ISecret | undefined {
    return this.provider.nodePublishSecret;
  }

  /** The Kubernetes Secrets the driver syncs (a copy; empty by default). */
  public get syncedSecrets(): CsiSyncedSecret[] {
    return [...this.synced];
  }

  public toVolume(name?: string): kplus.Volume {
    return this.volumes.toVolume(name);
  }

  public mountReadOnly(container: kplus.Container, mountPath: string): CsiSecretsMount {
    return this.volumes.mountReadOnly(container, mountPath);
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      provider: this.provider.name,
      parameters: this.provider._parameters(),
      secretObjects: this.synced.length > 0 ? this.synced.map(s => ({
        secretName: s.secretName,
        type: s.type ?? 'Opaque',
        labels: s.labels,
        annotations: s.annotations,
        data: sortedBy(Object.entries(s.data), ([key]) => key).map(([key, objectName]) => ({ key, objectName })),
      })) : undefined,
    };
  }
}

class ImportedSecretProviderClass extends Construct implements ISecretProviderClass {
  public readonly apiVersion = CSI_API_VERSION;
  public readonly kind = 'SecretProviderClass';
  public readonly name: string;
  public readonly namespace?: string;
  public readonly nodePublishSecret?: kplus.ISecret;
  private readonly files: string[];
  private readonly volumes: CsiVolumes;

  public constructor(scope: Construct, id: string, attrs: SecretProviderClassAttributes) {
    super(scope, id);
    this.name = validateDnsSubdomain(this, 'name', attrs.name);
    if (attrs.namespace !== undefined) validateDnsLabel(this, 'namespace', attrs.namespace);
    this.namespace = attrs.namespace;
    this.files = (attrs.fileNames ?? []).map((f, i) => validateFileName(this, `fileNames[${i}]`, f));
    this.nodePublishSecret = attrs.nodePublishSecret;
    this.volumes = new CsiVolumes(this, this);
  }

  public get fileNames(): string[] {
    return [...this.files];
  }

  public toVolume(name?: string): kplus.Volume {
    return this.volumes.toVolume(name);
  }

  public mountReadOnly(container: kplus.Container, mountPath: string): CsiSecretsMount {
    return this.volumes.mountReadOnly(container, mountPath);
  }
}

/** The cdk8s-plus volumes of one class, one per name, owned by the class's construct. */
class CsiVolumes {
  private readonly byName = new Map<string, kplus.Volume>();

  public constructor(private readonly owner: Construct, private readonly spc: ISecretProviderClass) {}

  public toVolume(name?: string): kplus.Volume {
    const volumeName = validateDnsLabel(this.owner, 'volume name', name ?? csiVolumeName(this.spc.name));
    if (this.spc.nodePublishSecret !== undefined) {
      throw new ValidationError(`SecretProviderClass "${this.spc.name}" authenticates with the Secret "${this.spc.nodePublishSecret.name}" (nodePublishSecretRef), `
        + 'which a cdk8s-plus volume cannot carry; authenticate with workload identity, or mount it in a Tekton Task with mountCsiSecrets()', this.owner);
    }
    const existing = this.byName.get(volumeName);
    if (existing) return existing;
    const volume = kplus.Volume.fromCsi(this.owner, `Volume-${volumeName}`, CSI_DRIVER, {
      name: volumeName,
      readOnly: true,
      attributes: { secretProviderClass: this.spc.name },
    });
    this.byName.set(volumeName, volume);
    return volume;
  }

  public mountReadOnly(container: kplus.Container, mountPath: string): CsiSecretsMount {
    const where = `mountReadOnly(${container.name})`;
    const normalized = checkMountPath(this.owner, `${where} mountPath`, mountPath);
    const clash = container.mounts.find(m => {
      const other = path.posix.normalize(m.path);
      return other === normalized || other.startsWith(`${normalized}/`) || normalized.startsWith(`${other}/`);
    });
    if (clash) {
      throw new ValidationError(`${where} mountPath (${JSON.stringify(mountPath)}) overlaps ${clash.path}, already mounted in the container; choose a distinct path`, this.owner);
    }
    const volume = this.toVolume();
    container.mount(normalized, volume, { readOnly: true });
    return CsiSecretsMount._of(this.spc, normalized, volume.name);
  }
}

/** An absolute mount path other than '/', normalized. */
export function checkMountPath(scope: IConstruct | undefined, where: string, mountPath: string): string {
  refuseCredential(scope, where, mountPath);
  const normalized = path.posix.normalize(mountPath);
  if (!mountPath.startsWith('/') || normalized === '/' || mountPath.split('/').includes('..')) {
    throw new ValidationError(`${where} (${JSON.stringify(mountPath)}) must be an absolute path other than '/', without '..'; e.g. "/mnt/secrets"`, scope);
  }
  return normalized.replace(/\/+$/, '');
}

/** The checked `syncedSecrets`: each file one the provider writes, each name once, and a reason for any. */
function checkSyncedSecrets(scope: IConstruct, props: SecretProviderClassProps, fileNames: string[]): CsiSyncedSecret[] {
  const synced = props.syncedSecrets ?? [];
  if (synced.length === 0) {
    if (props.acknowledgeSyncToSecret !== undefined) {
      throw new ValidationError('\'acknowledgeSyncToSecret\' is set but no \'syncedSecrets\' are; remove it', scope);
    }
    return [];
  }
  if (props.acknowledgeSyncToSecret === undefined) {
    throw new ValidationError(`'syncedSecrets' (${synced.map(s => s.secretName).join(', ')}) copies mounted values into Kubernetes Secrets, back into etcd; `
      + 'read the files from the volume instead, or set \'acknowledgeSyncToSecret\' to the reason (at least 10 characters)', scope);
  }
  validateReason(scope, 'acknowledgeSyncToSecret', props.acknowledgeSyncToSecret, 'why the values must also live in Kubernetes Secrets');
  synced.forEach((s, i) => checkSyncedSecret(scope, `syncedSecrets[${i}]`, s, fileNames));
  const names = synced.map(s => s.secretName);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ValidationError(`'syncedSecrets' lists the Secret "${twice}" twice; merge its data into one entry`, scope);
  return [...synced];
}

function checkSyncedSecret(scope: IConstruct, prop: string, s: CsiSyncedSecret, fileNames: string[]): void {
  requireProps(s, 'CsiSyncedSecret', ['secretName', 'data'], scope);
  validateDnsSubdomain(scope, `${prop}.secretName`, s.secretName);
  const entries = Object.entries(s.data);
  if (entries.length === 0) throw new ValidationError(`'${prop}.data' is empty; map at least one Secret key to a file`, scope);
  for (const [key, file] of entries) {
    validateSecretKey(scope, `${prop}.data key`, key);
    if (!fileNames.includes(file)) {
      throw new ValidationError(`'${prop}.data["${key}"]' ("${file}") is not a file the provider writes (files: ${fileNames.join(', ')}); use one of them`, scope);
    }
  }
  if (s.type !== undefined) {
    refuseCredential(scope, `${prop}.type`, s.type);
    if (s.type.trim().length === 0 || s.type === 'kubernetes.io/service-account-token') {
      throw new ValidationError(`'${prop}.type' (${JSON.stringify(s.type)}) cannot be synced; use e.g. "Opaque" or "kubernetes.io/tls"`, scope);
    }
  }
  refuseCredentialsIn(scope, `${prop}.labels`, s.labels);
  refuseCredentialsIn(scope, `${prop}.annotations`, s.annotations);
  validateLabels(scope, `${prop}.labels`, s.labels);
  validateAnnotations(scope, `${prop}.annotations`, s.annotations);
}
