import * as path from 'path';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ParamSpec, ResultSpec, TaskWorkspaceProps } from './params';
import { ContainerProps, MountCredentialsOptions, MountCsiSecretsOptions, SidecarProps, StepProps, StepTemplateProps } from './step';
import { renderResources, secureContext, validateIds } from '../common/containers';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateDnsLabel } from '../common/names';
import { requireProps } from '../common/required-props';
import { sortedBy } from '../common/sort';
import {
  checkCredentialMode, checkReason, CONTAINER_REQUIRED, refuseContainerCredentials, refuseEnvCredentials, renderEnv, renderEnvFrom, withHashbang,
} from './private/container';
import { csiVolumeName, csiVolumeSource } from '../secrets-store-csi/private/common';
import { CsiSecretsMount, ISecretProviderClass } from '../secrets-store-csi/secret-provider-class';
import {
  checkParamReferences, PARAM_SPEC_REQUIRED, renderParamSpec, renderResultSpec, RESULT_SPEC_REQUIRED, TASK_WORKSPACE_REQUIRED,
} from './private/params';

/** The contents of a Task: used by `Task`, and inline in a Pipeline or TaskRun through `TaskSpec`. */
export interface TaskSpecProps {
  /**
   * What the Task does. Refused when it holds a credential (it would be committed to Git).
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
   * Parameters (declared before the steps that refer to them).
   *
   * @default - none; add with addParam()
   */
  readonly params?: ParamSpec[];
  /**
   * Results.
   *
   * @default - none; add with addResult()
   */
  readonly results?: ResultSpec[];
  /**
   * Workspaces.
   *
   * @default - none; add with addWorkspace()
   */
  readonly workspaces?: TaskWorkspaceProps[];
  /**
   * Steps, run in order. A Task needs at least one by synthesis.
   *
   * @default - none; add with addStep()
   */
  readonly steps?: StepProps[];
  /**
   * Sidecars.
   *
   * @default - none; add with addSidecar()
   */
  readonly sidecars?: SidecarProps[];
  /**
   * Fields every step inherits.
   *
   * @default - no step template
   */
  readonly stepTemplate?: StepTemplateProps;
  /**
   * Directories where steps and sidecars may write despite their read-only root filesystem; each gets its
   * own emptyDir. `/workspace` and `/tekton/home` are already writable volumes provided by Tekton.
   *
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Reject images pinned by tag only: every image must carry a digest.
   *
   * @default false
   */
  readonly requireDigest?: boolean;
  /**
   * Requests and limits for containers that do not set their own.
   *
   * @default - CPU 100m request / 1 limit, memory 128Mi request / 512Mi limit
   */
  readonly defaultResources?: kplus.ContainerResources;
  /**
   * The user id containers run as (non-zero); set it for images whose default user is root.
   *
   * @default - the image's user, which `runAsNonRoot` requires to be non-root
   */
  readonly runAsUser?: number;
  /**
   * The group id containers run as.
   *
   * @default - the image's group
   */
  readonly runAsGroup?: number;
}

interface CredentialMount {
  readonly volume: string;
  readonly secret: string;
  readonly mountPath: string;
  readonly items?: { [key: string]: string };
  readonly defaultMode: number;
  readonly steps?: string[];
}

interface CsiMount {
  readonly volume: string;
  readonly secretProviderClass: ISecretProviderClass;
  readonly mountPath: string;
  readonly steps?: string[];
}

const RESERVED_SIDECAR = 'tekton-log-results';
const DEFAULT_CREDENTIAL_MODE = 0o440;

/**
 * The body of a Task with secure defaults: every step and sidecar runs as non-root with no privilege
 * escalation, all capabilities dropped, seccomp `RuntimeDefault`, a read-only root filesystem, requests and
 * limits and a pinned image; credentials only as read-only secret volumes.
 */
export class TaskSpec {
  /**
   * The spec of a `Task`: its checks throw errors that carry the Task's path.
   *
   * @internal
   */
  public static _ofTask(task: IConstruct, props: TaskSpecProps): TaskSpec {
    TaskSpec.scopeOfNext = task;
    try {
      return new TaskSpec(props);
    } finally {
      TaskSpec.scopeOfNext = undefined;
    }
  }

  /**
   * The scope `_ofTask()` hands to the next spec it builds. A TaskSpec is not a construct, and jsii has no
   * internal constructor parameters, so this is how a Task's spec learns whose path its errors carry.
   */
  private static scopeOfNext?: IConstruct;

  /** The Task whose spec this is; undefined for an inline spec, whose checks run on the user's own line. */
  private readonly scope?: IConstruct;
  private readonly props: TaskSpecProps;
  private readonly params: ParamSpec[] = [];
  private readonly results: ResultSpec[] = [];
  private readonly workspaces: TaskWorkspaceProps[] = [];
  private readonly steps: StepProps[] = [];
  private readonly sidecars: SidecarProps[] = [];
  private readonly credentials: CredentialMount[] = [];
  private readonly csiMounts: CsiMount[] = [];
  private readonly writable: { path: string; volume: string }[] = [];
  /** Rendered parts, computed when added so that bad input throws at once. */
  private readonly renderedParams: any[] = [];
  private readonly renderedResults: any[] = [];

  public constructor(props: TaskSpecProps = {}) {
    this.scope = TaskSpec.scopeOfNext;
    TaskSpec.scopeOfNext = undefined;
    this.props = props;
    refuseCredential(this.scope, 'description', props.description);
    refuseCredential(this.scope, 'displayName', props.displayName);
    validateIds(this.scope, 'task', props.runAsUser, props.runAsGroup);
    renderResources(this.scope, 'task defaultResources:', undefined, props.defaultResources);
    for (const p of props.writablePaths ?? ['/tmp']) this.addWritablePath(p);
    props.params?.forEach(p => this.addParam(p));
    props.results?.forEach(r => this.addResult(r));
    props.workspaces?.forEach(w => this.addWorkspace(w));
    if (props.stepTemplate) this.checkStepTemplate(props.stepTemplate);
    props.steps?.forEach(s => this.addStep(s));
    props.sidecars?.forEach(s => this.addSidecar(s));
  }

  /** Declares a parameter. */
  public addParam(param: ParamSpec): void {
    requireProps(param, 'ParamSpec', PARAM_SPEC_REQUIRED, this.scope);
    if (this.params.some(p => p.name === param.name)) throw new ValidationError(`param '${param.name}' is declared twice; param names must be unique`, this.scope);
    this.renderedParams.push(renderParamSpec(this.scope, 'task', param));
    this.params.push(param);
  }

  /** Declares a result. */
  public addResult(result: ResultSpec): void {
    requireProps(result, 'ResultSpec', RESULT_SPEC_REQUIRED, this.scope);
    if (this.results.some(r => r.name === result.name)) throw new ValidationError(`result '${result.name}' is declared twice; result names must be unique`, this.scope);
    this.renderedResults.push(renderResultSpec(this.scope, 'task', result));
    this.results.push(result);
  }

  /** Declares a workspace (read-only unless `readOnly: false`). */
  public addWorkspace(workspace: TaskWorkspaceProps): void {
    requireProps(workspace, 'TaskWorkspaceProps', TASK_WORKSPACE_REQUIRED, this.scope);
    validateDnsLabel(this.scope, 'workspaces[].name', workspace.name);
    refuseCredential(this.scope, `workspaces[${JSON.stringify(workspace.name)}].description`, workspace.description);
    if (this.workspaces.some(w => w.name === workspace.name)) throw new ValidationError(`workspace '${workspace.name}' is declared twice; workspace names must be unique`, this.scope);
    const mountPath = workspace.mountPath ?? `/workspace/${workspace.name}`;
    this.checkMountPath(`workspace '${workspace.name}' mountPath`, mountPath, true);
    this.workspaces.push(workspace);
  }

  /** Adds a step after the existing ones. */
  public addStep(step: StepProps): void {
    requireProps(step, 'StepProps', CONTAINER_REQUIRED, this.scope);
    const where = `step '${step.name}'`;
    this.checkContainer(where, `steps[${this.steps.length}]`, step, this.steps.map(s => s.name));
    if (step.timeout !== undefined) renderDuration(this.scope, `${where} timeout`, step.timeout);
    this.steps.push(step);
  }

  /** Adds a sidecar, which runs next to the steps with the same hardened context. */
  public addSidecar(sidecar: SidecarProps): void {
    requireProps(sidecar, 'SidecarProps', CONTAINER_REQUIRED, this.scope);
    const where = `sidecar '${sidecar.name}'`;
    if (sidecar.name === RESERVED_SIDECAR) throw new ValidationError(`${where} uses a name Tekton reserves for itself; choose another`, this.scope);
    this.checkContainer(where, `sidecars[${this.sidecars.length}]`, sidecar, this.sidecars.map(s => s.name));
    this.sidecars.push(sidecar);
  }

  /**
   * Mounts a Secret read-only at `mountPath` for the steps: files are read at run time, so a rotated value is
   * picked up and no value appears in the pod spec.
   */
  public mountCredentials(secret: kplus.ISecret, mountPath: string, options: MountCredentialsOptions = {}): void {
    const where = `mountCredentials(${secret.name})`;
    this.checkMountPath(`${where} mountPath`, mountPath, false);
    if (this.credentials.some(c => c.secret === secret.name)) {
      throw new ValidationError(`${where}: secret '${secret.name}' is already mounted; mount each Secret once and select keys with 'items'`, this.scope);
    }
    const defaultMode = options.defaultMode ?? DEFAULT_CREDENTIAL_MODE;
    checkCredentialMode(this.scope, where, defaultMode);
    for (const [key, file] of Object.entries(options.items ?? {})) {
      if (file.length === 0 || path.isAbsolute(file) || file.split('/').includes('..')) {
        throw new ValidationError(`${where} item '${key}' path ${JSON.stringify(file)} must be a relative path without '..'; e.g. "${key}"`, this.scope);
      }
    }
    if (options.items !== undefined && Object.keys(options.items).length === 0) {
      throw new ValidationError(`${where} 'items' is empty; leave it out to mount every key`, this.scope);
    }
    this.checkStepNames(where, options.steps);
    const volume = `credentials-${secret.name}`.slice(0, 63).replace(/[^a-z0-9]+$/, '');
    validateDnsLabel(this.scope, 'credentials volume name', volume.replace(/\./g, '-'));
    this.credentials.push({ volume: volume.replace(/\./g, '-'), secret: secret.name, mountPath: path.posix.normalize(mountPath), items: options.items, defaultMode, steps: options.steps });
  }

  /**
   * Mounts a SecretProviderClass read-only at `mountPath` for the steps, through the Secrets Store CSI driver: the
   * provider fetches the values as the pod's service account when the pod starts, and no Kubernetes Secret holds
   * them. The TaskRun's pod must be in the class's namespace and run as an account the provider's identity
   * accepts (e.g. the Vault role's bound service account).
   *
   * @returns where each file lands, e.g. `mount.filePath('password')`
   */
  public mountCsiSecrets(secretProviderClass: ISecretProviderClass, mountPath: string, options: MountCsiSecretsOptions = {}): CsiSecretsMount {
    const where = `mountCsiSecrets(${secretProviderClass.name})`;
    this.checkMountPath(`${where} mountPath`, mountPath, false);
    if (this.csiMounts.some(m => m.secretProviderClass.name === secretProviderClass.name)) {
      throw new ValidationError(`${where}: SecretProviderClass '${secretProviderClass.name}' is already mounted; mount each class once and select steps with 'steps'`, this.scope);
    }
    this.checkStepNames(where, options.steps);
    if (options.steps !== undefined && options.steps.length === 0) {
      throw new ValidationError(`${where} 'steps' is empty; leave it out to mount into every step`, this.scope);
    }
    const volume = csiVolumeName(secretProviderClass.name);
    const normalized = path.posix.normalize(mountPath).replace(/\/+$/, '');
    this.csiMounts.push({ volume, secretProviderClass, mountPath: normalized, steps: options.steps });
    return CsiSecretsMount._of(secretProviderClass, normalized, volume);
  }

  /** The declared parameters (a copy). */
  public get paramSpecs(): ParamSpec[] {
    return [...this.params];
  }

  /** The declared results (a copy). */
  public get resultSpecs(): ResultSpec[] {
    return [...this.results];
  }

  /** The declared workspaces (a copy). */
  public get workspaceSpecs(): TaskWorkspaceProps[] {
    return [...this.workspaces];
  }

  /** The names of the steps, in order. */
  public get stepNames(): string[] {
    return this.steps.map(s => s.name);
  }

  /**
   * Problems only visible once the spec is complete.
   *
   * @internal
   */
  public _validate(): string[] {
    return this.steps.length === 0 ? ['a Task needs at least one step; add one with steps or addStep()'] : [];
  }

  /**
   * The `spec` of a Task (or an inline `taskSpec`).
   *
   * @param owner the construct that renders an inline spec (a Pipeline, a TaskRun), named in errors
   * @internal
   */
  public _render(owner?: IConstruct): any {
    const scope = this.scope ?? owner;
    const problems = this._validate();
    if (problems.length > 0) throw new ValidationError(problems.join('; '), scope);
    const template = this.props.stepTemplate;
    const stepTemplate = template && (template.env || template.workingDir)
      ? { env: renderEnv(scope, 'stepTemplate', template.env, false), workingDir: template.workingDir }
      : undefined;
    const volumes = this.renderVolumes();
    return {
      description: this.props.description,
      displayName: this.props.displayName,
      params: this.renderedParams.length > 0 ? [...this.renderedParams] : undefined,
      results: this.renderedResults.length > 0 ? [...this.renderedResults] : undefined,
      workspaces: this.workspaces.length > 0 ? this.workspaces.map(w => ({
        name: w.name,
        description: w.description,
        mountPath: w.mountPath,
        readOnly: w.readOnly ?? true,
        optional: w.optional ? true : undefined,
      })) : undefined,
      stepTemplate,
      steps: this.steps.map(s => ({
        ...this.renderContainer(scope, `step '${s.name}'`, s, true),
        timeout: s.timeout ? renderDuration(scope, `step '${s.name}' timeout`, s.timeout) : undefined,
        onError: s.onError,
      })),
      sidecars: this.sidecars.length > 0 ? this.sidecars.map(s => this.renderContainer(scope, `sidecar '${s.name}'`, s, false)) : undefined,
      volumes: volumes.length > 0 ? volumes : undefined,
    };
  }

  /** The steps named by a mount's `steps` option must exist already. */
  private checkStepNames(where: string, names: string[] | undefined): void {
    for (const name of names ?? []) {
      if (!this.steps.some(s => s.name === name)) {
        throw new ValidationError(`${where} 'steps' names '${name}', which is not a step (steps: ${this.steps.map(s => s.name).join(', ') || 'none'}); add the step first`, this.scope);
      }
    }
  }

  /** The emptyDirs of the writable paths, the credential Secrets (their items in key order: a list), then the CSI volumes. */
  private renderVolumes(): any[] {
    return [
      ...this.writable.map(w => ({ name: w.volume, emptyDir: {} })),
      ...this.credentials.map(c => ({
        name: c.volume,
        secret: {
          secretName: c.secret,
          defaultMode: c.defaultMode,
          items: c.items ? sortedBy(Object.entries(c.items), ([key]) => key).map(([key, p]) => ({ key, path: p })) : undefined,
        },
      })),
      ...this.csiMounts.map(m => ({ name: m.volume, csi: csiVolumeSource(m.secretProviderClass.name, m.secretProviderClass.nodePublishSecret) })),
    ];
  }

  private renderContainer(scope: IConstruct | undefined, where: string, c: ContainerProps, isStep: boolean): any {
    const acknowledged = checkReason(scope, where, 'acknowledgeSecretEnv', c.acknowledgeSecretEnv);
    const mounts = [
      ...this.writable.map(w => ({ name: w.volume, mountPath: w.path })),
      ...(isStep ? this.credentials.filter(m => !m.steps || m.steps.includes(c.name)) : [])
        .map(m => ({ name: m.volume, mountPath: m.mountPath, readOnly: true })),
      ...(isStep ? this.csiMounts.filter(m => !m.steps || m.steps.includes(c.name)) : [])
        .map(m => ({ name: m.volume, mountPath: m.mountPath, readOnly: true })),
    ];
    return {
      name: c.name,
      image: c.image.image,
      command: c.command ? [...c.command] : undefined,
      args: c.args ? [...c.args] : undefined,
      script: c.script !== undefined ? withHashbang(c.script) : undefined,
      workingDir: c.workingDir,
      env: renderEnv(scope, where, c.env, acknowledged),
      envFrom: renderEnvFrom(scope, where, c, acknowledged),
      computeResources: renderResources(scope, where, c.resources, this.props.defaultResources),
      securityContext: secureContext(c.runAsUser ?? this.props.runAsUser, c.runAsGroup ?? this.props.runAsGroup),
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    };
  }

  /** The step template's literals and references (its env is rendered at synthesis, checked here). */
  private checkStepTemplate(template: StepTemplateProps): void {
    refuseEnvCredentials(this.scope, 'stepTemplate.env', template.env);
    refuseCredential(this.scope, 'stepTemplate.workingDir', template.workingDir);
    renderEnv(this.scope, 'stepTemplate', template.env, false);
    Object.values(template.env ?? {}).forEach(v => this.checkRefs('stepTemplate env', v.value));
    this.checkRefs('stepTemplate workingDir', template.workingDir);
  }

  private checkContainer(where: string, prop: string, c: ContainerProps, taken: string[]): void {
    validateDnsLabel(this.scope, `${where} name`, c.name);
    refuseContainerCredentials(this.scope, prop, c);
    if (taken.includes(c.name)) throw new ValidationError(`${where} is defined twice; step names and sidecar names must each be unique within a Task`, this.scope);
    if (this.props.requireDigest && !c.image.pinnedByDigest) {
      throw new ValidationError(`${where} image '${c.image.image}' is pinned by tag only but this Task sets requireDigest; use ImageReference.digest('${c.image.repository}', 'sha256:...')`, this.scope);
    }
    if (c.script !== undefined && c.command !== undefined) {
      throw new ValidationError(`${where} sets both 'script' and 'command'; Tekton runs the script itself, so use one of them`, this.scope);
    }
    if (c.script !== undefined && c.script.trim().length === 0) throw new ValidationError(`${where} 'script' is empty`, this.scope);
    validateIds(this.scope, where, c.runAsUser, c.runAsGroup);
    const acknowledged = checkReason(this.scope, where, 'acknowledgeSecretEnv', c.acknowledgeSecretEnv);
    renderEnv(this.scope, where, c.env, acknowledged);
    renderEnvFrom(this.scope, where, c, acknowledged);
    renderResources(this.scope, where, c.resources, this.props.defaultResources);
    if (c.workingDir !== undefined && !c.workingDir.startsWith('/') && !c.workingDir.startsWith('$(')) {
      throw new ValidationError(`${where} 'workingDir' (${JSON.stringify(c.workingDir)}) must be an absolute path; e.g. "/workspace/source"`, this.scope);
    }
    this.checkRefs(`${where} script`, c.script);
    this.checkRefs(`${where} workingDir`, c.workingDir);
    (c.command ?? []).forEach(s => this.checkRefs(`${where} command`, s));
    (c.args ?? []).forEach(s => this.checkRefs(`${where} args`, s));
    Object.entries(c.env ?? {}).forEach(([name, v]) => this.checkRefs(`${where} env '${name}'`, v.value));
  }

  /** Params, results and workspaces a string refers to must be declared (before the step). */
  private checkRefs(where: string, text: string | undefined): void {
    if (!text) return;
    checkParamReferences(this.scope, where, text, this.params);
    for (const m of text.matchAll(/\$\(results\.([A-Za-z0-9_.-]+?)\.path\)/g)) {
      if (!this.results.some(r => r.name === m[1])) {
        throw new ValidationError(`${where} writes ${m[0]} but no result '${m[1]}' is declared (declared: ${this.results.map(r => r.name).join(', ') || 'none'}); declare it first with 'results' or addResult()`, this.scope);
      }
    }
    for (const m of text.matchAll(/\$\(workspaces\.([a-z0-9-]+)\.[a-zA-Z]+\)/g)) {
      if (!this.workspaces.some(w => w.name === m[1])) {
        throw new ValidationError(`${where} refers to ${m[0]} but no workspace '${m[1]}' is declared; declare it first with 'workspaces' or addWorkspace()`, this.scope);
      }
    }
  }

  private addWritablePath(p: string): void {
    this.checkMountPath(`'writablePaths' entry ${JSON.stringify(p)}`, p, false);
    const base = `writable${path.posix.normalize(p).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 60).replace(/-+$/, '');
    let volume = base;
    for (let i = 2; this.writable.some(w => w.volume === volume); i++) volume = `${base}-${i}`;
    this.writable.push({ path: path.posix.normalize(p), volume });
  }

  private checkMountPath(where: string, mountPath: string, workspace: boolean): void {
    const normalized = path.posix.normalize(mountPath);
    if (!mountPath.startsWith('/') || normalized === '/') {
      throw new ValidationError(`${where} (${JSON.stringify(mountPath)}) must be an absolute path other than '/'; e.g. "/etc/credentials"`, this.scope);
    }
    if (normalized === '/tekton' || normalized.startsWith('/tekton/')) {
      throw new ValidationError(`${where} (${JSON.stringify(mountPath)}) is under /tekton/, which Tekton reserves for its own volumes; use e.g. "/etc/credentials"`, this.scope);
    }
    if (!workspace && (normalized === '/workspace' || normalized.startsWith('/workspace/'))) {
      throw new ValidationError(`${where} (${JSON.stringify(mountPath)}) is under /workspace, which Tekton already provides as a writable volume and uses for workspaces; use another path`, this.scope);
    }
    const taken = [
      ...this.writable.map(w => w.path),
      ...this.credentials.map(c => c.mountPath),
      ...this.csiMounts.map(c => c.mountPath),
      ...this.workspaces.map(w => path.posix.normalize(w.mountPath ?? `/workspace/${w.name}`)),
    ];
    const clash = taken.find(t => t === normalized || t.startsWith(`${normalized}/`) || normalized.startsWith(`${t}/`));
    if (clash) throw new ValidationError(`${where} (${JSON.stringify(mountPath)}) overlaps ${clash}, which is already mounted; mount paths must be distinct`, this.scope);
  }
}
