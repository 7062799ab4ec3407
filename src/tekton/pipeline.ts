import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ParamSpec, ParamValue, PipelineWorkspaceProps } from './params';
import { ITask, Task } from './task';
import { TaskSpec } from './task-spec';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateDnsLabel } from '../common/names';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';
import { checkCredentialLifetimes } from '../compliance/credential-lifetime';
import {
  checkObjectKeys, checkParamReferences, PARAM_SPEC_REQUIRED, refuseParamCredentials, renderParamSpec, taskReferences,
} from './private/params';
import { checkTektonName, TEKTON_API_VERSION } from './private/tekton';

/**
 * A condition on a pipeline task: it runs only when `input` is (or is not) one of `values`. Refused when the input
 * or a value holds a credential (it would be committed to Git); values compared with `$(params.x)` are judged also
 * by the param's name.
 */
export class WhenExpression {
  /** Run when `input` (usually a `$(params.x)` or task result reference) is one of `values`. */
  public static in(input: string, values: string[]): WhenExpression {
    return new WhenExpression(input, 'in', values);
  }

  /** Run when `input` is none of `values`. */
  public static notIn(input: string, values: string[]): WhenExpression {
    return new WhenExpression(input, 'notin', values);
  }

  /** The value tested. */
  public readonly input: string;
  /** `in` or `notin`. */
  public readonly operator: string;
  /** The values compared with (a copy). */
  public readonly values: string[];

  private constructor(input: string, operator: string, values: string[]) {
    refuseCredential(undefined, 'when.input', input);
    const param = /^\$\(params\.([_a-zA-Z0-9-]+)/.exec(input)?.[1];
    values.forEach((v, i) => refuseCredential(undefined, `when.values[${i}]`, v, param));
    if (input.length === 0) throw new ValidationError(`when expression 'input' is empty; e.g. WhenExpression.${operator === 'in' ? 'in' : 'notIn'}('$(params.env)', ['prod'])`);
    if (values.length === 0) throw new ValidationError(`when expression on ${JSON.stringify(input)} has no values; give at least one`);
    this.input = input;
    this.operator = operator;
    this.values = [...values];
  }
}

/** How a pipeline task runs. */
export interface PipelineTaskOptions {
  /**
   * The Task to run, by reference. Give exactly one of `task` and `taskSpec`.
   *
   * @default - taskSpec
   */
  readonly task?: ITask;
  /**
   * An inline task. The CRD does not check inline specs, so this library does.
   *
   * @default - task
   */
  readonly taskSpec?: TaskSpec;
  /**
   * Parameter values, by the task's parameter name. A value is refused when it holds a credential, judged also
   * by the param's name (it would be committed to Git); pass a reference to the secret instead.
   *
   * @default - none
   */
  readonly params?: { [name: string]: ParamValue };
  /**
   * Workspace bindings: the task's workspace name to the pipeline's workspace name.
   *
   * @default - none
   */
  readonly workspaces?: { [taskWorkspace: string]: string };
  /**
   * Tasks of this pipeline that must finish first (not for finally tasks).
   *
   * @default - only the ordering implied by result references
   */
  readonly runAfter?: PipelineTask[];
  /**
   * Conditions; all must hold for the task to run.
   *
   * @default - always runs
   */
  readonly when?: WhenExpression[];
  /**
   * How long the task may run.
   *
   * @default - bounded by the run's timeouts
   */
  readonly timeout?: Duration;
  /**
   * How many times to retry a failed task.
   *
   * @default 0
   */
  readonly retries?: number;
  /**
   * A human-readable name. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - none
   */
  readonly displayName?: string;
}

/**
 * A task of a Pipeline, returned by `addTask()` and `addFinally()`: a handle to refer to its results and status
 * and to order other tasks after it (`runAfter`). It is not a construct: the Pipeline's spec lists it, and no
 * object of its own is written.
 */
export class PipelineTask {
  /** The pipeline task's name. */
  public readonly name: string;
  /** Whether it is a finally task. */
  public readonly isFinally: boolean;
  /** @internal */
  public readonly _spec?: TaskSpec;
  /** The Pipeline, whose path errors about this task carry. */
  private readonly pipeline: IConstruct;

  /** @internal */
  public constructor(pipeline: IConstruct, name: string, isFinally: boolean, spec: TaskSpec | undefined) {
    this.pipeline = pipeline;
    this.name = name;
    this.isFinally = isFinally;
    this._spec = spec;
  }

  /** A reference to one of its results, `$(tasks.<name>.results.<result>)`. */
  public result(name: string): string {
    if (this._spec && !this._spec.resultSpecs.some(r => r.name === name)) {
      throw new ValidationError(`pipeline task '${this.name}' has no result '${name}' (results: ${this._spec.resultSpecs.map(r => r.name).join(', ') || 'none'})`, this.pipeline);
    }
    return `$(tasks.${this.name}.results.${name})`;
  }

  /** Its execution status, `$(tasks.<name>.status)`, usable in finally tasks. */
  public get status(): string {
    return `$(tasks.${this.name}.status)`;
  }
}

/** A result of a Pipeline, taken from a task result. */
export interface PipelineResultProps {
  /** The name. */
  readonly name: string;
  /** The value, e.g. `build.result('digest')`. Refused when it holds a credential (it would be committed to Git). */
  readonly value: string;
  /**
   * What it holds. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - no description
   */
  readonly description?: string;
}

/** A Tekton Pipeline, defined in this app or imported by name. */
export interface IPipeline extends INamespacedResource {}

/** Props of a `Pipeline`. */
export interface PipelineProps extends ResourceProps {
  /**
   * What the pipeline does. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * A human-readable name. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - none
   */
  readonly displayName?: string;
  /**
   * Parameters (declared before the tasks that refer to them).
   *
   * @default - none; add with addParam()
   */
  readonly params?: ParamSpec[];
  /**
   * Workspaces handed to tasks.
   *
   * @default - none; add with addWorkspace()
   */
  readonly workspaces?: PipelineWorkspaceProps[];
}

interface TaskEntry {
  readonly task: PipelineTask;
  readonly options: PipelineTaskOptions;
}

/** A Tekton `Pipeline` (`tekton.dev/v1`). Tasks and references are checked as they are added. */
export class Pipeline extends Resource implements IPipeline {
  /** A Pipeline that exists in the cluster, referenced by name. */
  public static fromPipelineName(scope: Construct, id: string, name: string): IPipeline {
    return new ImportedPipeline(scope, id, name);
  }

  private readonly props: PipelineProps;
  private readonly params: ParamSpec[] = [];
  private readonly renderedParams: any[] = [];
  private readonly workspaces: PipelineWorkspaceProps[] = [];
  private readonly tasks: TaskEntry[] = [];
  private readonly finallyTasks: TaskEntry[] = [];
  private readonly results: PipelineResultProps[] = [];

  public constructor(scope: Construct, id: string, props: PipelineProps = {}) {
    super(scope, id, { apiVersion: TEKTON_API_VERSION, kind: 'Pipeline', namespaced: true }, props);
    checkTektonName(this, 'Pipeline', this.name);
    refuseCredential(this, 'description', props.description);
    refuseCredential(this, 'displayName', props.displayName);
    this.props = props;
    props.params?.forEach(p => this.addParam(p));
    props.workspaces?.forEach(w => this.addWorkspace(w));
    this.node.addValidation({ validate: () => this.tasks.length === 0 ? ['a Pipeline needs at least one task; add one with addTask()'] : [] });
    // no pipeline task may outlive a rotating credential its Task reads (ZT-TKN1, checked at synthesis)
    checkCredentialLifetimes(this);
  }

  /** The declared parameters (a copy). */
  public get paramSpecs(): ParamSpec[] {
    return [...this.params];
  }

  /** The declared workspaces (a copy). */
  public get workspaceSpecs(): PipelineWorkspaceProps[] {
    return [...this.workspaces];
  }

  /** Declares a parameter. */
  public addParam(param: ParamSpec): void {
    requireProps(param, 'ParamSpec', PARAM_SPEC_REQUIRED, this);
    if (this.params.some(p => p.name === param.name)) throw new ValidationError(`pipeline param '${param.name}' is declared twice; param names must be unique`, this);
    this.renderedParams.push(renderParamSpec(this, 'pipeline', param));
    this.params.push(param);
  }

  /** Declares a workspace. */
  public addWorkspace(workspace: PipelineWorkspaceProps): void {
    requireProps(workspace, 'PipelineWorkspaceProps', ['name'], this);
    validateDnsLabel(this, 'pipeline workspaces[].name', workspace.name);
    refuseCredential(this, `workspaces[${JSON.stringify(workspace.name)}].description`, workspace.description);
    if (this.workspaces.some(w => w.name === workspace.name)) throw new ValidationError(`pipeline workspace '${workspace.name}' is declared twice; workspace names must be unique`, this);
    this.workspaces.push(workspace);
  }

  /** Declares a result taken from a task result. */
  public addResult(result: PipelineResultProps): void {
    requireProps(result, 'PipelineResultProps', ['name', 'value'], this);
    if (this.results.some(r => r.name === result.name)) throw new ValidationError(`pipeline result '${result.name}' is declared twice; result names must be unique`, this);
    refuseCredential(this, `results[${JSON.stringify(result.name)}].value`, result.value);
    refuseCredential(this, `results[${JSON.stringify(result.name)}].description`, result.description);
    const refs = taskReferences(result.value);
    if (refs.length === 0) throw new ValidationError(`pipeline result '${result.name}' value ${JSON.stringify(result.value)} must refer to a task result, e.g. build.result('digest')`, this);
    this.checkReferences(`pipeline result '${result.name}'`, result.value, undefined, true);
    this.results.push(result);
  }

  /** Adds a task to the pipeline's graph. */
  public addTask(name: string, options: PipelineTaskOptions): PipelineTask {
    return this.add(name, options, false);
  }

  /** Adds a task that runs after all others, whatever their outcome. */
  public addFinally(name: string, options: PipelineTaskOptions): PipelineTask {
    if (options.runAfter && options.runAfter.length > 0) {
      throw new ValidationError(`finally task '${name}' cannot set 'runAfter': finally tasks run after all tasks; remove it`, this);
    }
    return this.add(name, options, true);
  }

  /**
   * Whether every task workspace bound to `pipelineWorkspace` is declared read-only (unknown for referenced
   * Tasks imported by name, which count as read-only).
   *
   * @internal
   */
  public _writableBindings(pipelineWorkspace: string): string[] {
    return [...this.tasks, ...this.finallyTasks].flatMap(e => Object.entries(e.options.workspaces ?? {})
      .filter(([taskWs, pipelineWs]) => pipelineWs === pipelineWorkspace
        && e.task._spec?.workspaceSpecs.some(w => w.name === taskWs && w.readOnly === false))
      .map(([taskWs]) => `${e.task.name}/${taskWs}`));
  }

  /** @internal */
  public _renderSpec(): any {
    if (this.tasks.length === 0) throw new ValidationError('a Pipeline needs at least one task; add one with addTask()', this);
    return {
      description: this.props.description,
      displayName: this.props.displayName,
      params: this.renderedParams.length > 0 ? [...this.renderedParams] : undefined,
      workspaces: this.workspaces.length > 0
        ? this.workspaces.map(w => ({ name: w.name, description: w.description, optional: w.optional ? true : undefined }))
        : undefined,
      tasks: this.tasks.map(e => renderTask(this, e)),
      finally: this.finallyTasks.length > 0 ? this.finallyTasks.map(e => renderTask(this, e)) : undefined,
      results: this.results.length > 0
        ? this.results.map(r => ({ name: r.name, description: r.description, type: 'string', value: r.value }))
        : undefined,
    };
  }

  private add(name: string, options: PipelineTaskOptions, isFinally: boolean): PipelineTask {
    const where = `${isFinally ? 'finally' : 'pipeline'} task '${name}'`;
    validateDnsLabel(this, `${where} name`, name);
    const prop = `${isFinally ? 'finally' : 'tasks'}[${JSON.stringify(name)}]`;
    refuseParamCredentials(this, `${prop}.params`, options.params);
    refuseCredential(this, `${prop}.displayName`, options.displayName);
    if ([...this.tasks, ...this.finallyTasks].some(e => e.task.name === name)) {
      throw new ValidationError(`${where} is added twice; task names must be unique across tasks and finally`, this);
    }
    if ((options.task === undefined) === (options.taskSpec === undefined)) {
      throw new ValidationError(`${where} needs exactly one of 'task' (a reference) and 'taskSpec' (inline)`, this);
    }
    const spec = options.taskSpec ?? (options.task instanceof Task ? options.task.spec : undefined);
    if (options.taskSpec) {
      const problems = options.taskSpec._validate();
      if (problems.length > 0) throw new ValidationError(`${where} taskSpec: ${problems.join('; ')}`, this);
    }
    for (const after of options.runAfter ?? []) {
      if (!this.tasks.some(e => e.task === after)) {
        throw new ValidationError(`${where} 'runAfter' names '${after.name}', which is not a (non-finally) task of this pipeline; add it first with addTask()`, this);
      }
    }
    this.checkParams(where, options.params ?? {}, spec, name, isFinally);
    this.checkWorkspaces(where, options.workspaces ?? {}, spec);
    for (const w of options.when ?? []) {
      [w.input, ...w.values].forEach(s => this.checkReferences(`${where} when`, s, name, isFinally));
    }
    if (options.timeout !== undefined) renderDuration(this, `${where} timeout`, options.timeout);
    if (options.retries !== undefined && (!Number.isInteger(options.retries) || options.retries < 0)) {
      throw new ValidationError(`${where} 'retries' (${options.retries}) must be a whole number, 0 or more`, this);
    }
    const task = new PipelineTask(this, name, isFinally, spec);
    (isFinally ? this.finallyTasks : this.tasks).push({ task, options });
    return task;
  }

  private checkParams(where: string, params: { [name: string]: ParamValue }, spec: TaskSpec | undefined, self: string, isFinally: boolean): void {
    for (const [name, value] of Object.entries(params)) {
      value.strings.forEach(s => this.checkReferences(`${where} param '${name}'`, s, self, isFinally));
      if (!spec) continue;
      const declared = spec.paramSpecs.find(p => p.name === name);
      if (!declared) {
        throw new ValidationError(`${where} passes param '${name}', which its task does not declare (declared: ${spec.paramSpecs.map(p => p.name).join(', ') || 'none'})`, this);
      }
      const type = declared.type ?? declared.default?.type ?? 'string';
      if (type !== value.type) throw new ValidationError(`${where} param '${name}' is ${type} but the value is ${value.type}; use ParamValue.${type}()`, this);
      checkObjectKeys(this, where, name, value, declared);
    }
    if (spec) {
      const missing = spec.paramSpecs.filter(p => p.default === undefined && !(p.name in params)).map(p => p.name);
      if (missing.length > 0) throw new ValidationError(`${where} does not pass required param(s) ${missing.join(', ')} (they have no default)`, this);
    }
  }

  private checkWorkspaces(where: string, bindings: { [taskWorkspace: string]: string }, spec: TaskSpec | undefined): void {
    for (const [taskWorkspace, pipelineWorkspace] of Object.entries(bindings)) {
      if (!this.workspaces.some(w => w.name === pipelineWorkspace)) {
        throw new ValidationError(`${where} binds workspace '${taskWorkspace}' to '${pipelineWorkspace}', which the pipeline does not declare (declared: ${this.workspaces.map(w => w.name).join(', ') || 'none'}); add it first with addWorkspace()`, this);
      }
      if (spec && !spec.workspaceSpecs.some(w => w.name === taskWorkspace)) {
        throw new ValidationError(`${where} binds workspace '${taskWorkspace}', which its task does not declare (declared: ${spec.workspaceSpecs.map(w => w.name).join(', ') || 'none'})`, this);
      }
    }
    const missing = (spec?.workspaceSpecs ?? []).filter(w => !w.optional && !(w.name in bindings)).map(w => w.name);
    if (missing.length > 0) throw new ValidationError(`${where} does not bind required workspace(s) ${missing.join(', ')}`, this);
  }

  /** `$(params.x)` must be a pipeline param; `$(tasks.t.results.r)` an earlier task's declared result; status only in finally. */
  private checkReferences(where: string, text: string, self: string | undefined, isFinally: boolean): void {
    checkParamReferences(this, where, text, this.params);
    for (const ref of taskReferences(text)) {
      const entry = this.tasks.find(e => e.task.name === ref.task);
      if (!entry || ref.task === self) {
        throw new ValidationError(`${where} refers to ${ref.ref} but '${ref.task}' is not an earlier (non-finally) task of this pipeline`, this);
      }
      if (ref.status && !isFinally) throw new ValidationError(`${where} refers to ${ref.ref}: task status is only available to finally tasks`, this);
      if (ref.result !== undefined) entry.task.result(ref.result);
    }
  }
}

function renderTask(pipeline: Pipeline, e: TaskEntry): any {
  const o = e.options;
  return {
    name: e.task.name,
    displayName: o.displayName,
    taskRef: o.task ? { kind: 'Task', name: o.task.name } : undefined,
    taskSpec: o.taskSpec ? o.taskSpec._render(pipeline) : undefined,
    params: o.params && Object.keys(o.params).length > 0
      ? Object.entries(o.params).map(([name, v]) => ({ name, value: v._render() }))
      : undefined,
    workspaces: o.workspaces && Object.keys(o.workspaces).length > 0
      ? Object.entries(o.workspaces).map(([name, workspace]) => ({ name, workspace }))
      : undefined,
    runAfter: o.runAfter && o.runAfter.length > 0 ? o.runAfter.map(t => t.name) : undefined,
    when: o.when && o.when.length > 0 ? o.when.map(w => ({ input: w.input, operator: w.operator, values: [...w.values] })) : undefined,
    timeout: o.timeout ? renderDuration(pipeline, `task '${e.task.name}' timeout`, o.timeout) : undefined,
    retries: o.retries,
  };
}

class ImportedPipeline extends Construct implements IPipeline {
  public readonly apiVersion = TEKTON_API_VERSION;
  public readonly kind = 'Pipeline';
  public readonly namespace?: string = undefined;

  public constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
    checkTektonName(this, 'Pipeline', name);
  }
}
