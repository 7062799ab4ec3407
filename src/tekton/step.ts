import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ImageReference } from './image';

/** What steps and sidecars share: a container that runs under the restricted Pod Security profile. */
export interface ContainerProps {
  /** The name, a DNS-1123 label unique within the Task. */
  readonly name: string;
  /** The image, pinned by tag or digest. */
  readonly image: ImageReference;
  /**
   * A script run in the container. Without a `#!` line, `#!/bin/sh` and `set -e` are prepended so a failing
   * command fails the step (tekton-lint warns about scripts without one). Excludes `command`. Refused when it
   * holds a credential (the script would be committed to Git); read it from a file mounted with
   * `mountCredentials()` instead.
   *
   * @default - the image's entrypoint or `command`
   */
  readonly script?: string;
  /**
   * The entrypoint. Excludes `script`. Refused when a word holds a credential (it would be committed to Git).
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint. Refused when a word holds a credential (it would be committed to Git); a word
   * after a bare flag is judged by the flag's name (`--password`, `<value>`). Pass a path to a file mounted with
   * `mountCredentials()` instead.
   *
   * @default - none
   */
  readonly args?: string[];
  /**
   * The working directory. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - the image's working directory
   */
  readonly workingDir?: string;
  /**
   * Environment variables. A value from a Secret (`EnvValue.fromSecretValue`) is rejected unless
   * `acknowledgeSecretEnv` explains why: mount credentials with `mountCredentials()` instead. A literal value
   * (`EnvValue.fromValue`) is refused when it holds a credential, judged also by the variable's name
   * (`DB_PASSWORD`): it would be committed to Git.
   *
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };
  /**
   * ConfigMaps whose keys become environment variables.
   *
   * @default - none
   */
  readonly envFromConfigMaps?: kplus.IConfigMap[];
  /**
   * Secrets whose keys become environment variables: rejected unless `acknowledgeSecretEnv` explains why.
   *
   * @default - none
   */
  readonly envFromSecrets?: kplus.ISecret[];
  /**
   * A written reason to accept secrets in environment variables despite the risks (values go stale when the
   * secret rotates and show in the pod spec and `kubectl describe`).
   *
   * @default - secrets in environment variables are rejected
   */
  readonly acknowledgeSecretEnv?: string;
  /**
   * CPU and memory requests and limits; fields left out take the Task's `defaultResources`.
   *
   * @default - the Task's defaultResources
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * The user id the container runs as (non-zero).
   *
   * @default - the Task's runAsUser
   */
  readonly runAsUser?: number;
  /**
   * The group id the container runs as.
   *
   * @default - the Task's runAsGroup
   */
  readonly runAsGroup?: number;
}

/** What a step does when it fails. */
export enum OnError {
  /** Fail the TaskRun (Tekton's default). */
  STOP_AND_FAIL = 'stopAndFail',
  /** Record the exit code and go on with the next step. */
  CONTINUE = 'continue',
}

/** A step of a Task. */
export interface StepProps extends ContainerProps {
  /**
   * How long the step may run.
   *
   * @default - bounded only by the run's timeout
   */
  readonly timeout?: Duration;
  /**
   * What happens when the step fails.
   *
   * @default OnError.STOP_AND_FAIL
   */
  readonly onError?: OnError;
}

/** A sidecar that runs next to a Task's steps (it gets the same hardened security context). */
export interface SidecarProps extends ContainerProps {}

/** Fields applied to every step (steps override them). */
export interface StepTemplateProps {
  /**
   * Environment variables for every step (secret values are rejected as for steps). A literal value is refused
   * when it holds a credential, judged also by the variable's name: it would be committed to Git.
   *
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };
  /**
   * The working directory of every step. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - the image's
   */
  readonly workingDir?: string;
}

/** Options of `mountCredentials()`. */
export interface MountCredentialsOptions {
  /**
   * Only these keys, each at the given path relative to the mount path (`{ key: path }`).
   *
   * @default - every key of the Secret, each as a file named after the key
   */
  readonly items?: { [key: string]: string };
  /**
   * File mode of the mounted files: at most owner and group read (0o440). Files are owned by root unless the
   * pod sets `fsGroup`, so a non-root step reads them through the group.
   *
   * @default 0o440
   */
  readonly defaultMode?: number;
  /**
   * Only these steps see the credentials.
   *
   * @default - every step (sidecars never do)
   */
  readonly steps?: string[];
}

/** Options of `mountCsiSecrets()`. */
export interface MountCsiSecretsOptions {
  /**
   * Only these steps see the files.
   *
   * @default - every step (sidecars never do)
   */
  readonly steps?: string[];
}
