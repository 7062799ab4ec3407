import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ParamSpec, ParamValue } from './params';
import { IPipeline, Pipeline } from './pipeline';
import { checkCredentialMode } from './private/container';
import { checkObjectKeys, refuseParamCredentials } from './private/params';
import { checkTektonName, TEKTON_API_VERSION } from './private/tekton';
import { ITask, Task } from './task';
import { TaskSpec } from './task-spec';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';
import { sortedBy } from '../common/sort';
import { checkCredentialLifetimes } from '../compliance/credential-lifetime';

const DEFAULT_SECRET_MODE = 0o440;

/** Options of `WorkspaceBinding.secret()`. */
export interface SecretWorkspaceOptions {
  /**
   * Only these keys, each at the given relative path (`{ key: path }`).
   *
   * @default - every key
   */
  readonly items?: { [key: string]: string };
  /**
   * File mode: at most owner and group read (0o440).
   *
   * @default 0o440
   */
  readonly defaultMode?: number;
}

/** What backs a workspace in a run. */
export class WorkspaceBinding {
  /** A Secret, only for workspaces the task declares read-only. */
  public static secret(secret: kplus.ISecret, options: SecretWorkspaceOptions = {}): WorkspaceBinding {
    const defaultMode = options.defaultMode ?? DEFAULT_SECRET_MODE;
    checkCredentialMode(undefined, `WorkspaceBinding.secret(${secret.name})`, defaultMode);
    const entries = sortedBy(Object.entries(options.items ?? {}), ([key]) => key);
    for (const [key, file] of entries) {
      if (file.length === 0 || file.startsWith('/') || file.split('/').includes('..')) {
        throw new ValidationError(`WorkspaceBinding.secret(${secret.name}) item '${key}' path ${JSON.stringify(file)} must be a relative path without '..'; e.g. "${key}"`);
      }
    }
    const items = options.items ? entries.map(([key, path]) => ({ key, path })) : undefined;
    return new WorkspaceBinding(true, { secret: { secretName: secret.name, defaultMode, items } });
  }

  /** A ConfigMap. */
  public static configMap(configMap: kplus.IConfigMap): WorkspaceBinding {
    return new WorkspaceBinding(false, { configMap: { name: configMap.name } });
  }

  /** An existing PersistentVolumeClaim. */
  public static persistentVolumeClaim(claim: kplus.IPersistentVolumeClaim): WorkspaceBinding {
    return new WorkspaceBinding(false, { persistentVolumeClaim: { claimName: claim.name } });
  }

  /** A fresh empty directory that lives as long as the TaskRun's pod. */
  public static emptyDir(): WorkspaceBinding {
    return new WorkspaceBinding(false, { emptyDir: {} });
  }

  /** Whether the binding exposes a Secret. */
  public readonly isSecret: boolean;
  private readonly source: any;

  private constructor(isSecret: boolean, source: any) {
    this.isSecret = isSecret;
    this.source = source;
  }

  /** @internal */
  public _render(name: string): any {
    return { name, ...this.source };
  }
}

/** What TaskRun and PipelineRun share. */
export interface RunProps extends ResourceProps {
  /**
   * The identity the run's pods use: always explicit, never `default`, so its permissions (and the
   * credentials it can obtain, e.g. through Vault Kubernetes auth) are the pipeline's own.
   */
  readonly serviceAccount: kplus.IServiceAccount;
  /**
   * Parameter values. A value is refused when it holds a credential, judged also by the param's name (it would
   * be committed to Git); bind the Secret as a workspace (`WorkspaceBinding.secret()`) instead.
   *
   * @default - none
   */
  readonly params?: { [name: string]: ParamValue };
  /**
   * Workspace bindings by workspace name.
   *
   * @default - none
   */
  readonly workspaces?: { [name: string]: WorkspaceBinding };
  /**
   * Group id given to the pod's volumes, so non-root steps can read mounted credentials (mode 0o440).
   *
   * @default - none
   */
  readonly fsGroup?: number;
}

/** Props of a `TaskRun`. */
export interface TaskRunProps extends RunProps {
  /**
   * The Task to run. Give exactly one of `task` and `taskSpec`.
   *
   * @default - taskSpec
   */
  readonly task?: ITask;
  /**
   * An inline task.
   *
   * @default - task
   */
  readonly taskSpec?: TaskSpec;
  /**
   * How long the run may take.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

/** A one-off run of a Task (`tekton.dev/v1` TaskRun). */
export class TaskRun extends Resource {
  private readonly props: TaskRunProps;
  private readonly spec?: TaskSpec;

  public constructor(scope: Construct, id: string, props: TaskRunProps) {
    super(scope, id, { apiVersion: TEKTON_API_VERSION, kind: 'TaskRun', namespaced: true },
      requireProps(props, 'TaskRunProps', ['serviceAccount'], scope, id));
    checkTektonName(this, 'TaskRun', this.name);
    // the run must not outlive a rotating credential it reads (ZT-TKN1, checked at synthesis)
    checkCredentialLifetimes(this);
    refuseParamCredentials(this, 'params', props.params);
    checkServiceAccount(this, 'TaskRun', props.serviceAccount);
    if ((props.task === undefined) === (props.taskSpec === undefined)) {
      throw new ValidationError('TaskRun needs exactly one of \'task\' (a reference) and \'taskSpec\' (inline)', this);
    }
    this.spec = props.taskSpec ?? (props.task instanceof Task ? props.task.spec : undefined);
    if (props.taskSpec) {
      const problems = props.taskSpec._validate();
      if (problems.length > 0) throw new ValidationError(`TaskRun taskSpec: ${problems.join('; ')}`, this);
    }
    renderDuration(this, 'timeout', props.timeout ?? Duration.hours(1));
    checkFsGroup(this, props.fsGroup);
    const params = props.params ?? {};
    if (this.spec) {
      checkRunParams(this, 'TaskRun', params, this.spec.paramSpecs);
      for (const [name, binding] of Object.entries(props.workspaces ?? {})) {
        const declared = this.spec.workspaceSpecs.find(w => w.name === name);
        if (!declared) throw new ValidationError(`TaskRun binds workspace '${name}', which the task does not declare (declared: ${this.spec.workspaceSpecs.map(w => w.name).join(', ') || 'none'})`, this);
        if (binding.isSecret && declared.readOnly === false) {
          throw new ValidationError(`TaskRun binds a Secret to workspace '${name}', which the task declares writable; declare it with readOnly: true (the default)`, this);
        }
      }
      const missing = this.spec.workspaceSpecs.filter(w => !w.optional && !(w.name in (props.workspaces ?? {}))).map(w => w.name);
      if (missing.length > 0) throw new ValidationError(`TaskRun does not bind required workspace(s) ${missing.join(', ')}`, this);
    }
    this.props = props;
  }

  /** @internal */
  public _renderSpec(): any {
    const p = this.props;
    return {
      serviceAccountName: p.serviceAccount.name,
      taskRef: p.task ? { kind: 'Task', name: p.task.name } : undefined,
      taskSpec: p.taskSpec ? p.taskSpec._render(this) : undefined,
      params: renderParams(p.params),
      workspaces: renderBindings(p.workspaces),
      timeout: renderDuration(this, 'timeout', p.timeout ?? Duration.hours(1)),
      podTemplate: podTemplate(p.fsGroup),
    };
  }
}

/** Props of a `PipelineRun`. */
export interface PipelineRunProps extends RunProps {
  /** The Pipeline to run. */
  readonly pipeline: IPipeline;
  /**
   * How long the whole run may take.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
  /**
   * How long the tasks (without finally) may take; at most `timeout`.
   *
   * @default - bounded by timeout
   */
  readonly tasksTimeout?: Duration;
}

/** A one-off run of a Pipeline (`tekton.dev/v1` PipelineRun). */
export class PipelineRun extends Resource {
  private readonly props: PipelineRunProps;

  public constructor(scope: Construct, id: string, props: PipelineRunProps) {
    super(scope, id, { apiVersion: TEKTON_API_VERSION, kind: 'PipelineRun', namespaced: true },
      requireProps(props, 'PipelineRunProps', ['pipeline', 'serviceAccount'], scope, id));
    checkTektonName(this, 'PipelineRun', this.name);
    // the run must not outlive a rotating credential a Secret bound to its workspaces holds (ZT-TKN1)
    checkCredentialLifetimes(this);
    refuseParamCredentials(this, 'params', props.params);
    checkServiceAccount(this, 'PipelineRun', props.serviceAccount);
    checkFsGroup(this, props.fsGroup);
    const timeout = props.timeout ?? Duration.hours(1);
    renderDuration(this, 'timeout', timeout);
    if (props.tasksTimeout !== undefined) renderDuration(this, 'tasksTimeout', props.tasksTimeout, { max: timeout });
    const pipeline = props.pipeline instanceof Pipeline ? props.pipeline : undefined;
    if (pipeline) {
      checkRunParams(this, 'PipelineRun', props.params ?? {}, pipeline.paramSpecs);
      for (const [name, binding] of Object.entries(props.workspaces ?? {})) {
        if (!pipeline.workspaceSpecs.some(w => w.name === name)) {
          throw new ValidationError(`PipelineRun binds workspace '${name}', which the pipeline does not declare (declared: ${pipeline.workspaceSpecs.map(w => w.name).join(', ') || 'none'})`, this);
        }
        const writable = binding.isSecret ? pipeline._writableBindings(name) : [];
        if (writable.length > 0) {
          throw new ValidationError(`PipelineRun binds a Secret to workspace '${name}', which task workspace(s) ${writable.join(', ')} declare writable; declare them with readOnly: true (the default)`, this);
        }
      }
      const missing = pipeline.workspaceSpecs.filter(w => !w.optional && !(w.name in (props.workspaces ?? {}))).map(w => w.name);
      if (missing.length > 0) throw new ValidationError(`PipelineRun does not bind required workspace(s) ${missing.join(', ')}`, this);
    }
    this.props = props;
  }

  /** @internal */
  public _renderSpec(): any {
    const p = this.props;
    return {
      pipelineRef: { name: p.pipeline.name },
      params: renderParams(p.params),
      workspaces: renderBindings(p.workspaces),
      timeouts: {
        pipeline: renderDuration(this, 'timeout', p.timeout ?? Duration.hours(1)),
        tasks: p.tasksTimeout ? renderDuration(this, 'tasksTimeout', p.tasksTimeout) : undefined,
      },
      taskRunTemplate: { serviceAccountName: p.serviceAccount.name, podTemplate: podTemplate(p.fsGroup) },
    };
  }
}

function checkServiceAccount(scope: IConstruct, kind: string, sa: kplus.IServiceAccount): void {
  if (sa.name === 'default') {
    throw new ValidationError(`${kind} 'serviceAccount' is the namespace's 'default' service account, which every pod shares; create a dedicated ServiceAccount for the pipeline, e.g. new kplus.ServiceAccount(chart, 'ci', { automountToken: false })`, scope);
  }
}

function checkFsGroup(scope: IConstruct, fsGroup: number | undefined): void {
  if (fsGroup !== undefined && (!Number.isInteger(fsGroup) || fsGroup <= 0 || fsGroup > 2147483647)) {
    throw new ValidationError(`'fsGroup' (${fsGroup}) must be a non-zero group id (1 to 2147483647); e.g. 65532`, scope);
  }
}

function checkRunParams(scope: IConstruct, kind: string, params: { [name: string]: ParamValue }, declared: ParamSpec[]): void {
  for (const [name, value] of Object.entries(params)) {
    const d = declared.find(p => p.name === name);
    if (!d) throw new ValidationError(`${kind} passes param '${name}', which is not declared (declared: ${declared.map(p => p.name).join(', ') || 'none'})`, scope);
    const type = d.type ?? d.default?.type ?? 'string';
    if (type !== value.type) throw new ValidationError(`${kind} param '${name}' is ${type} but the value is ${value.type}; use ParamValue.${type}()`, scope);
    checkObjectKeys(scope, kind, name, value, d);
  }
  const missing = declared.filter(p => p.default === undefined && !(p.name in params)).map(p => p.name);
  if (missing.length > 0) throw new ValidationError(`${kind} does not pass required param(s) ${missing.join(', ')} (they have no default)`, scope);
}

function renderParams(params: { [name: string]: ParamValue } | undefined): any[] | undefined {
  const entries = Object.entries(params ?? {});
  return entries.length > 0 ? entries.map(([name, v]) => ({ name, value: v._render() })) : undefined;
}

function renderBindings(bindings: { [name: string]: WorkspaceBinding } | undefined): any[] | undefined {
  const entries = Object.entries(bindings ?? {});
  return entries.length > 0 ? entries.map(([name, b]) => b._render(name)) : undefined;
}

/** Pod-level defaults so the pod itself, not only each container, is restricted. */
function podTemplate(fsGroup: number | undefined): any {
  return { securityContext: { fsGroup, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } };
}
