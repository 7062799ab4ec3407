import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from '../../common/errors';
import { refuseCredential, refuseCredentialsIn, refuseCredentialWords } from '../../common/literals';
import { validateReason } from '../../common/reason';
import { ContainerProps } from '../step';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const HASHBANG_PREAMBLE = '#!/bin/sh\nset -e\n';

/** The props `ContainerProps` (so `StepProps` and `SidecarProps`) declares without `?`, for `requireProps`. */
export const CONTAINER_REQUIRED: readonly (keyof ContainerProps & string)[] = ['name', 'image'];

/**
 * Refuses the literal text of a step or sidecar that holds a credential (it would be committed to Git with the
 * Task): the script, each word of command and args, the working directory and every env value, judged by the
 * env var's name. Runs before the other checks, whose messages may quote these values.
 */
export function refuseContainerCredentials(scope: IConstruct | undefined, prop: string, c: ContainerProps): void {
  refuseCredential(scope, `${prop}.script`, c.script);
  refuseCredentialWords(scope, `${prop}.command`, c.command);
  refuseCredentialWords(scope, `${prop}.args`, c.args);
  refuseCredential(scope, `${prop}.workingDir`, c.workingDir);
  refuseEnvCredentials(scope, `${prop}.env`, c.env);
}

/** Refuses env values that hold a credential, each judged by its env var's name (`DB_PASSWORD`). */
export function refuseEnvCredentials(scope: IConstruct | undefined, prop: string, env: { [name: string]: kplus.EnvValue } | undefined): void {
  refuseCredentialsIn(scope, prop, Object.fromEntries(Object.entries(env ?? {}).map(([name, v]) => [name, v.value])));
}

/** The script with a hashbang, so the shell is explicit and a failing command fails the step. */
export function withHashbang(script: string): string {
  return script.trimStart().startsWith('#!') ? script : `${HASHBANG_PREAMBLE}${script}`;
}

/** Renders env vars, refusing secrets unless acknowledged. */
export function renderEnv(
  scope: IConstruct | undefined, where: string, env: { [name: string]: kplus.EnvValue } | undefined, acknowledged: boolean,
): any[] | undefined {
  const entries = Object.entries(env ?? {});
  if (entries.length === 0) return undefined;
  return entries.map(([name, value]) => {
    if (!ENV_NAME.test(name)) {
      throw new ValidationError(`${where} env var name ${JSON.stringify(name)} is invalid: use letters, digits, '_', '-' and '.', not starting with a digit; e.g. "DB_HOST"`, scope);
    }
    const secretRef = value.valueFrom?.secretKeyRef;
    if (secretRef && !acknowledged) {
      throw new ValidationError(`${where} reads secret '${secretRef.name}' key '${secretRef.key}' into env var '${name}': ${secretEnvRisk()}`, scope);
    }
    return value.valueFrom !== undefined ? { name, valueFrom: value.valueFrom } : { name, value: value.value };
  });
}

export function renderEnvFrom(scope: IConstruct | undefined, where: string, props: ContainerProps, acknowledged: boolean): any[] | undefined {
  const secrets = props.envFromSecrets ?? [];
  if (secrets.length > 0 && !acknowledged) {
    throw new ValidationError(`${where} loads secret '${secrets[0].name}' with envFrom: ${secretEnvRisk()}`, scope);
  }
  const out = [
    ...(props.envFromConfigMaps ?? []).map(c => ({ configMapRef: { name: c.name } })),
    ...secrets.map(s => ({ secretRef: { name: s.name } })),
  ];
  return out.length > 0 ? out : undefined;
}

function secretEnvRisk(): string {
  return 'an env var is fixed when the pod starts, so a rotated or revoked credential goes stale, and the reference shows in the pod spec and \'kubectl describe\'; '
    + 'mount it read-only with mountCredentials(secret, \'/etc/secrets\') and read the files at run time, or set \'acknowledgeSecretEnv\' to a written reason';
}

/** Throws when a reason to acknowledge a risk is blank. */
export function checkReason(scope: IConstruct | undefined, where: string, prop: string, reason: string | undefined): boolean {
  if (reason === undefined) return false;
  try {
    validateReason(undefined, prop, reason, 'why the credential must be an environment variable (e.g. "the tool reads DB_PASSWORD only")');
  } catch (e) {
    throw new ValidationError(`${where} ${(e as Error).message}`, scope);
  }
  return true;
}

/** Modes that grant read to owner and/or group only: credentials stay unwritable, unexecutable and private. */
const READ_ONLY_MODES = [0o400, 0o040, 0o440];

export function checkCredentialMode(scope: IConstruct | undefined, where: string, mode: number): void {
  if (!READ_ONLY_MODES.includes(mode)) {
    throw new ValidationError(`${where} 'defaultMode' (0o${mode.toString(8)}) may only grant read to owner and group (0o400, 0o040 or 0o440); credentials must not be writable, executable or world-readable`, scope);
  }
}
