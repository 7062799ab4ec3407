import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ParamSpec, ResultSpec, TaskWorkspaceProps } from './params';
import { CONTAINER_REQUIRED } from './private/container';
import { PARAM_SPEC_REQUIRED, RESULT_SPEC_REQUIRED, TASK_WORKSPACE_REQUIRED } from './private/params';
import { checkTektonName, TEKTON_API_VERSION } from './private/tekton';
import { MountCredentialsOptions, MountCsiSecretsOptions, SidecarProps, StepProps } from './step';
import { TaskSpec, TaskSpecProps } from './task-spec';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { checkCredentialLifetimes } from '../compliance/credential-lifetime';
import { CsiSecretsMount, ISecretProviderClass } from '../secrets-store-csi/secret-provider-class';

/** A Tekton Task, defined in this app or imported by name. */
export interface ITask extends INamespacedResource {}

/** Props of a `Task`. */
export interface TaskProps extends ResourceProps, TaskSpecProps {}

/**
 * A Tekton `Task` (`tekton.dev/v1`) whose steps and sidecars are hardened by default (see `TaskSpec`).
 *
 * @example
 * const task = new Task(chart, 'migrate', {
 *   steps: [{ name: 'migrate', image: ImageReference.digest('docker.io/flyway/flyway', 'sha256:...'), script: 'flyway migrate' }],
 * });
 * task.mountCredentials(kplus.Secret.fromSecretName(chart, 'db', 'db-credentials'), '/etc/db');
 */
export class Task extends Resource implements ITask {
  /** A Task that exists in the cluster, referenced by name. */
  public static fromTaskName(scope: Construct, id: string, name: string): ITask {
    return new ImportedTask(scope, id, name);
  }

  /** The Task's contents. */
  public readonly spec: TaskSpec;

  public constructor(scope: Construct, id: string, props: TaskProps = {}) {
    super(scope, id, { apiVersion: TEKTON_API_VERSION, kind: 'Task', namespaced: true }, props);
    checkTektonName(this, 'Task', this.name);
    this.spec = TaskSpec._ofTask(this, props);
    this.node.addValidation({ validate: () => this.spec._validate() });
    // no run of this Task may outlive a rotating credential it mounts (ZT-TKN1, checked at synthesis)
    checkCredentialLifetimes(this);
  }

  /** Declares a parameter. */
  public addParam(param: ParamSpec): void {
    requireProps(param, 'ParamSpec', PARAM_SPEC_REQUIRED, this);
    this.spec.addParam(param);
  }

  /** Declares a result. */
  public addResult(result: ResultSpec): void {
    requireProps(result, 'ResultSpec', RESULT_SPEC_REQUIRED, this);
    this.spec.addResult(result);
  }

  /** Declares a workspace (read-only unless `readOnly: false`). */
  public addWorkspace(workspace: TaskWorkspaceProps): void {
    requireProps(workspace, 'TaskWorkspaceProps', TASK_WORKSPACE_REQUIRED, this);
    this.spec.addWorkspace(workspace);
  }

  /** Adds a step after the existing ones. */
  public addStep(step: StepProps): void {
    requireProps(step, 'StepProps', CONTAINER_REQUIRED, this);
    this.spec.addStep(step);
  }

  /** Adds a sidecar. */
  public addSidecar(sidecar: SidecarProps): void {
    requireProps(sidecar, 'SidecarProps', CONTAINER_REQUIRED, this);
    this.spec.addSidecar(sidecar);
  }

  /** Mounts a Secret read-only for the steps (see `TaskSpec.mountCredentials`). */
  public mountCredentials(secret: kplus.ISecret, mountPath: string, options: MountCredentialsOptions = {}): void {
    this.spec.mountCredentials(secret, mountPath, options);
  }

  /**
   * Mounts a SecretProviderClass read-only for the steps through the Secrets Store CSI driver (see
   * `TaskSpec.mountCsiSecrets`); the class must be in the Task's namespace, where its TaskRuns' pods run.
   */
  public mountCsiSecrets(secretProviderClass: ISecretProviderClass, mountPath: string, options: MountCsiSecretsOptions = {}): CsiSecretsMount {
    const own = this.namespace;
    const theirs = secretProviderClass.namespace;
    if (own !== undefined && theirs !== undefined && own !== theirs) {
      throw new ValidationError(`mountCsiSecrets(${secretProviderClass.name}): the SecretProviderClass is in namespace "${theirs}" but the Task in "${own}"; `
        + 'the driver looks the class up in the pod\'s namespace, so define it in the Task\'s namespace', this);
    }
    return this.spec.mountCsiSecrets(secretProviderClass, mountPath, options);
  }

  /** @internal */
  public _renderSpec(): any {
    return this.spec._render();
  }
}

class ImportedTask extends Construct implements ITask {
  public readonly apiVersion = TEKTON_API_VERSION;
  public readonly kind = 'Task';
  public readonly namespace?: string = undefined;

  public constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
    checkTektonName(this, 'Task', name);
  }
}
