import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ValidationError } from '../common/errors';

/** Options of `WorkloadHardening.apply`. */
export interface WorkloadHardeningOptions {
  /**
   * CPU request of a container that sets none.
   *
   * @default 100m
   */
  readonly cpuRequest?: kplus.Cpu;
  /**
   * Memory request of a container that sets none.
   *
   * @default 128Mi
   */
  readonly memoryRequest?: Size;
  /**
   * Memory limit of a container that sets none.
   *
   * @default 256Mi
   */
  readonly memoryLimit?: Size;
}

/** The pod template of each kind, as a JSON pointer into the rendered object. */
const POD_SPEC_PATHS: Record<string, string> = {
  Pod: '/spec',
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
};

const HARDENED = new WeakSet<kplus.AbstractPod>();

/**
 * Brings a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) to the restricted profile
 * the compliance pack checks: every container drops ALL capabilities, runs a RuntimeDefault seccomp profile (a
 * Localhost profile it sets is kept), runs as non-root without privilege escalation on a read-only root
 * filesystem, and has CPU and memory requests and a memory limit; the pod runs as its own ServiceAccount (one is
 * created when the workload uses the namespace default) and mounts no service account token.
 *
 * It writes JSON patches on the workload's object, so call it after the workload's last `addContainer` /
 * `addInitContainer` (synthesis fails naming a container added later). It does not pin images (ZT-IMG1, ZT-IMG2)
 * and does not isolate the namespace: a default-deny NetworkPolicy (ZT-NET2) is a namespace's, e.g.
 * `TenantNamespace`'s.
 */
export class WorkloadHardening {
  /**
   * Hardens `workload`, returning the ServiceAccount its pods run as.
   *
   * @param workload the workload to harden
   * @param options resources for containers that set none
   */
  public static apply(workload: kplus.AbstractPod, options: WorkloadHardeningOptions = {}): kplus.IServiceAccount {
    const object = ApiObject.of(workload);
    const pod = POD_SPEC_PATHS[object.kind];
    if (pod === undefined) {
      throw new ValidationError(`cannot harden a ${object.kind}: supported kinds are ${Object.keys(POD_SPEC_PATHS).join(', ')}`, workload);
    }
    if (HARDENED.has(workload)) {
      throw new ValidationError('the workload is hardened already; call WorkloadHardening.apply once per workload', workload);
    }
    HARDENED.add(workload);
    const resources = defaultResources(workload, options);
    const containers: Array<[string, kplus.Container]> = [
      ...workload.containers.map((c, i) => [`${pod}/containers/${i}`, c] as [string, kplus.Container]),
      ...workload.initContainers.map((c, i) => [`${pod}/initContainers/${i}`, c] as [string, kplus.Container]),
    ];
    for (const [at, container] of containers) {
      object.addJsonPatch(
        JsonPatch.add(`${at}/securityContext`, containerSecurityContext(workload, container)),
        JsonPatch.add(`${at}/resources`, containerResources(container, resources)),
      );
    }
    const serviceAccount = ownServiceAccount(workload);
    object.addJsonPatch(
      JsonPatch.add(`${pod}/securityContext/runAsNonRoot`, true),
      JsonPatch.add(`${pod}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }),
      JsonPatch.add(`${pod}/automountServiceAccountToken`, false),
      JsonPatch.add(`${pod}/serviceAccountName`, serviceAccount.name),
    );
    const count = containers.length;
    workload.node.addValidation({
      validate: () => {
        const now = [...workload.containers, ...workload.initContainers];
        return now.length === count ? [] : [
          `container(s) ${now.slice(count).map(c => c.name).join(', ')} added after WorkloadHardening.apply are not hardened; call apply after the last addContainer`,
        ];
      },
    });
    return serviceAccount;
  }

  private constructor() {}
}

interface Resources {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

function mebibytes(size: Size): string {
  return `${size.toMebibytes()}Mi`;
}

function defaultResources(workload: kplus.AbstractPod, options: WorkloadHardeningOptions): Resources {
  const request = options.memoryRequest ?? Size.mebibytes(128);
  const limit = options.memoryLimit ?? Size.mebibytes(256);
  if (request.toMebibytes() > limit.toMebibytes()) {
    throw new ValidationError(`'memoryRequest' (${mebibytes(request)}) exceeds 'memoryLimit' (${mebibytes(limit)}); a request must not exceed its limit`, workload);
  }
  return { cpuRequest: (options.cpuRequest ?? kplus.Cpu.millis(100)).amount, memoryRequest: mebibytes(request), memoryLimit: mebibytes(limit) };
}

/**
 * The container's own resources (rendered as cdk8s-plus does), the missing requests and memory limit filled in.
 * Quantities are `{ value }` objects: the patch applies to the typed props, which cdk8s-plus's generated
 * `toJson` then maps through `Quantity.value`.
 */
function containerResources(container: kplus.Container, defaults: Resources): any {
  const own = container.resources;
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (own?.cpu?.limit) limits.cpu = own.cpu.limit.amount;
  limits.memory = own?.memory?.limit ? mebibytes(own.memory.limit) : defaults.memoryLimit;
  if (own?.ephemeralStorage?.limit) limits['ephemeral-storage'] = `${own.ephemeralStorage.limit.toGibibytes()}Gi`;
  requests.cpu = own?.cpu?.request?.amount ?? defaults.cpuRequest;
  requests.memory = own?.memory?.request ? mebibytes(own.memory.request) : defaults.memoryRequest;
  if (own?.ephemeralStorage?.request) requests['ephemeral-storage'] = `${own.ephemeralStorage.request.toGibibytes()}Gi`;
  return { limits: quantities(limits), requests: quantities(requests) };
}

function quantities(values: Record<string, string>): Record<string, { value: string }> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }]));
}

/** The restricted container security context; the user and group, added capabilities and a Localhost profile are kept. */
function containerSecurityContext(workload: kplus.AbstractPod, container: kplus.Container): any {
  const own = container.securityContext;
  if (own.user === 0) {
    throw new ValidationError(`container ${container.name} sets user 0 (root); a hardened container runs as a non-zero uid`, workload);
  }
  const seccomp = own.seccompProfile?.type === kplus.SeccompProfileType.LOCALHOST
    ? { type: 'Localhost', localhostProfile: own.seccompProfile.localhostProfile }
    : { type: 'RuntimeDefault' };
  return {
    allowPrivilegeEscalation: false,
    capabilities: { ...own.capabilities?.add?.length ? { add: [...own.capabilities.add] } : {}, drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    ...own.user !== undefined ? { runAsUser: own.user } : {},
    ...own.group !== undefined ? { runAsGroup: own.group } : {},
    seccompProfile: seccomp,
  };
}

/** The workload's own ServiceAccount, created when it runs as the namespace default. */
function ownServiceAccount(workload: kplus.AbstractPod): kplus.IServiceAccount {
  const current = workload.serviceAccount;
  if (current !== undefined && current.name !== 'default') return current;
  return new kplus.ServiceAccount(workload, 'ServiceAccount', {
    automountToken: false,
    metadata: workload.metadata.namespace !== undefined ? { namespace: workload.metadata.namespace } : undefined,
  });
}
