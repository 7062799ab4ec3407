/**
 * The container basics every domain that writes pods shares: the hardened security context of the Pod Security
 * Standards restricted profile, user and group ids, and requests and limits (Tekton steps and sidecars, the Argo CD
 * operand's components and init containers, the SPIRE components).
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/** The hardened context of a container: the Pod Security Standards restricted profile plus a read-only root. */
export function secureContext(runAsUser: number | undefined, runAsGroup: number | undefined): any {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsGroup,
    runAsNonRoot: true,
    runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function validateIds(scope: IConstruct | undefined, where: string, runAsUser: number | undefined, runAsGroup: number | undefined): void {
  if (runAsUser !== undefined && (!Number.isInteger(runAsUser) || runAsUser <= 0 || runAsUser > 2147483647)) {
    throw new ValidationError(`${where} 'runAsUser' (${runAsUser}) must be a non-zero user id (1 to 2147483647): uid 0 is root; e.g. 65532`, scope);
  }
  if (runAsGroup !== undefined && (!Number.isInteger(runAsGroup) || runAsGroup < 0 || runAsGroup > 2147483647)) {
    throw new ValidationError(`${where} 'runAsGroup' (${runAsGroup}) must be a group id from 0 to 2147483647; e.g. 65532`, scope);
  }
}

export const DEFAULT_RESOURCES = {
  cpuRequest: kplus.Cpu.millis(100),
  cpuLimit: kplus.Cpu.millis(1000),
  memoryRequest: Size.mebibytes(128),
  memoryLimit: Size.mebibytes(512),
};

/** Requests and limits for both CPU and memory: `own` field by field over `defaults`, over the library defaults. */
export function renderResources(
  scope: IConstruct | undefined, where: string, own: kplus.ContainerResources | undefined, defaults: kplus.ContainerResources | undefined,
): any {
  const cpuRequest = own?.cpu?.request ?? defaults?.cpu?.request ?? DEFAULT_RESOURCES.cpuRequest;
  const cpuLimit = own?.cpu?.limit ?? defaults?.cpu?.limit ?? DEFAULT_RESOURCES.cpuLimit;
  const memoryRequest = own?.memory?.request ?? defaults?.memory?.request ?? DEFAULT_RESOURCES.memoryRequest;
  const memoryLimit = own?.memory?.limit ?? defaults?.memory?.limit ?? DEFAULT_RESOURCES.memoryLimit;
  if (own?.ephemeralStorage !== undefined || defaults?.ephemeralStorage !== undefined) {
    throw new ValidationError(`${where} 'resources.ephemeralStorage' is not supported: size writable paths instead`, scope);
  }
  if (cpuMillis(cpuRequest) > cpuMillis(cpuLimit)) {
    throw new ValidationError(`${where} CPU request ${cpuRequest.amount} is above its limit ${cpuLimit.amount}; raise the limit or lower the request`, scope);
  }
  const memReq = mebibytes(scope, where, memoryRequest);
  const memLimit = mebibytes(scope, where, memoryLimit);
  if (memReq > memLimit) {
    throw new ValidationError(`${where} memory request ${memReq}Mi is above its limit ${memLimit}Mi; raise the limit or lower the request`, scope);
  }
  return {
    limits: { cpu: cpuLimit.amount, memory: `${memLimit}Mi` },
    requests: { cpu: cpuRequest.amount, memory: `${memReq}Mi` },
  };
}

function cpuMillis(cpu: kplus.Cpu): number {
  return cpu.amount.endsWith('m') ? Number(cpu.amount.slice(0, -1)) : Number(cpu.amount) * 1000;
}

function mebibytes(scope: IConstruct | undefined, where: string, size: Size): number {
  const mi = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(mi) || mi <= 0) {
    throw new ValidationError(`${where} memory (${mi}Mi) must be a positive whole number of mebibytes; e.g. Size.mebibytes(256)`, scope);
  }
  return mi;
}

