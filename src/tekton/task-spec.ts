import * as path from 'path';
import * as kplus from 'cdk8s-plus-28';
import { ParamSpec, ResultSpec, TaskWorkspaceProps } from './params';
import { renderDuration } from '../common/duration';
import { refuseCredential } from '../common/literals';
import { validateDnsLabel } from '../common/names';
import {
  checkCredentialMode, checkReason, refuseContainerCredentials, refuseEnvCredentials, renderEnv, renderEnvFrom, renderResources, secureContext,
  validateIds, withHashbang,
} from './private/container';
import { checkParamReferences, renderParamSpec, renderResultSpec } from './private/params';
import { ContainerProps, MountCredentialsOptions, SidecarProps, StepProps, StepTemplateProps } from './step';

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

const RESERVED_SIDECAR = 'tekton-log-results';
const DEFAULT_CREDENTIAL_MODE = 0o440;

/**
 * The body of a Task with secure defaults: every step and sidecar runs as non-root with no privilege
 * escalation, all capabilities dropped, seccomp `RuntimeDefault`, a read-only root filesystem, requests and
 * limits and a pinned image; credentials only as read-only secret volumes.
 */
export class TaskSpec {
  private readonly props: TaskSpecProps;
  private readonly params: ParamSpec[] = [];
  private readonly results: ResultSpec[] = [];
  private readonly workspaces: TaskWorkspaceProps[] = [];
  private readonly steps: StepProps[] = [];
  private readonly sidecars: SidecarProps[] = [];
  private readonly credentials: CredentialMount[] = [];
  private readonly writable: { path: string; volume: string }[] = [];
  /** Rendered parts, computed when added so that bad input throws at once. */
  private readonly renderedParams: any[] = [];
  private readonly renderedResults: any[] = [];

  public constructor(props: TaskSpecProps = {}) {
    this.props = props;
    refuseCredential('description', props.description);
    refuseCredential('displayName', props.displayName);
    validateIds('task', props.runAsUser, props.runAsGroup);
    renderResources('task defaultResources:', undefined, props.defaultResources);
    for (const p of props.writablePaths ?? ['/tmp']) this.addWritablePath(p);
    props.params?.forEach(p => this.addParam(p));
    props.results?.forEach(r => this.addResult(r));
    props.workspaces?.forEach(w => this.addWorkspace(w));
    if (props.stepTemplate) {
      refuseEnvCredentials('stepTemplate.env', props.stepTemplate.env);
      refuseCredential('stepTemplate.workingDir', props.stepTemplate.workingDir);
      renderEnv('stepTemplate', props.stepTemplate.env, false);
      Object.values(props.stepTemplate.env ?? {}).forEach(v => this.checkRefs('stepTemplate env', v.value));
      this.checkRefs('stepTemplate workingDir', props.stepTemplate.workingDir);
    }
    props.steps?.forEach(s => this.addStep(s));
    props.sidecars?.forEach(s => this.addSidecar(s));
  }

  /** Declares a parameter. */
  public addParam(param: ParamSpec): void {
    if (this.params.some(p => p.name === param.name)) throw new Error(`param '${param.name}' is declared twice; param names must be unique`);
    this.renderedParams.push(renderParamSpec('task', param));
    this.params.push(param);
  }

  /** Declares a result. */
  public addResult(result: ResultSpec): void {
    if (this.results.some(r => r.name === result.name)) throw new Error(`result '${result.name}' is declared twice; result names must be unique`);
    this.renderedResults.push(renderResultSpec('task', result));
    this.results.push(result);
  }

  /** Declares a workspace (read-only unless `readOnly: false`). */
  public addWorkspace(workspace: TaskWorkspaceProps): void {
    validateDnsLabel('workspaces[].name', workspace.name);
    refuseCredential(`workspaces[${JSON.stringify(workspace.name)}].description`, workspace.description);
    if (this.workspaces.some(w => w.name === workspace.name)) throw new Error(`workspace '${workspace.name}' is declared twice; workspace names must be unique`);
    const mountPath = workspace.mountPath ?? `/workspace/${workspace.name}`;
    this.checkMountPath(`workspace '${workspace.name}' mountPath`, mountPath, true);
    this.workspaces.push(workspace);
  }

  /** Adds a step after the existing ones. */
  public addStep(step: StepProps): void {
    const where = `step '${step.name}'`;
    this.checkContainer(where, `steps[${this.steps.length}]`, step, this.steps.map(s => s.name));
    if (step.timeout !== undefined) renderDuration(`${where} timeout`, step.timeout);
    this.steps.push(step);
  }

  /** Adds a sidecar, which runs next to the steps with the same hardened context. */
  public addSidecar(sidecar: SidecarProps): void {
    const where = `sidecar '${sidecar.name}'`;
    if (sidecar.name === RESERVED_SIDECAR) throw new Error(`${where} uses a name Tekton reserves for itself; choose another`);
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
      throw new Error(`${where}: secret '${secret.name}' is already mounted; mount each Secret once and select keys with 'items'`);
    }
    const defaultMode = options.defaultMode ?? DEFAULT_CREDENTIAL_MODE;
    checkCredentialMode(where, defaultMode);
    for (const [key, file] of Object.entries(options.items ?? {})) {
      if (file.length === 0 || path.isAbsolute(file) || file.split('/').includes('..')) {
        throw new Error(`${where} item '${key}' path ${JSON.stringify(file)} must be a relative path without '..'; e.g. "${key}"`);
      }
    }
    if (options.items !== undefined && Object.keys(options.items).length === 0) {
      throw new Error(`${where} 'items' is empty; leave it out to mount every key`);
    }
    for (const name of options.steps ?? []) {
      if (!this.steps.some(s => s.name === name)) {
        throw new Error(`${where} 'steps' names '${name}', which is not a step (steps: ${this.steps.map(s => s.name).join(', ') || 'none'}); add the step first`);
      }
    }
    const volume = `credentials-${secret.name}`.slice(0, 63).replace(/[^a-z0-9]+$/, '');
    validateDnsLabel('credentials volume name', volume.replace(/\./g, '-'));
    this.credentials.push({ volume: volume.replace(/\./g, '-'), secret: secret.name, mountPath: path.posix.normalize(mountPath), items: options.items, defaultMode, steps: options.steps });
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
   * @internal
   */
  public _render(): any {
    const problems = this._validate();
    if (problems.length > 0) throw new Error(problems.join('; '));
    const template = this.props.stepTemplate;
    const stepTemplate = template && (template.env || template.workingDir)
      ? { env: renderEnv('stepTemplate', template.env, false), workingDir: template.workingDir }
      : undefined;
    const volumes = [
      ...this.writable.map(w => ({ name: w.volume, emptyDir: {} })),
      ...this.credentials.map(c => ({
        name: c.volume,
        secret: {
          secretName: c.secret,
          defaultMode: c.defaultMode,
          items: c.items ? Object.entries(c.items).sort(([a], [b]) => a.localeCompare(b)).map(([key, p]) => ({ key, path: p })) : undefined,
        },
      })),
    ];
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
        ...this.renderContainer(`step '${s.name}'`, s, true),
        timeout: s.timeout ? renderDuration(`step '${s.name}' timeout`, s.timeout) : undefined,
        onError: s.onError,
      })),
      sidecars: this.sidecars.length > 0 ? this.sidecars.map(s => this.renderContainer(`sidecar '${s.name}'`, s, false)) : undefined,
      volumes: volumes.length > 0 ? volumes : undefined,
    };
  }

  private renderContainer(where: string, c: ContainerProps, isStep: boolean): any {
    const acknowledged = checkReason(where, 'acknowledgeSecretEnv', c.acknowledgeSecretEnv);
    const mounts = [
      ...this.writable.map(w => ({ name: w.volume, mountPath: w.path })),
      ...(isStep ? this.credentials.filter(m => !m.steps || m.steps.includes(c.name)) : [])
        .map(m => ({ name: m.volume, mountPath: m.mountPath, readOnly: true })),
    ];
    return {
      name: c.name,
      image: c.image.image,
      command: c.command ? [...c.command] : undefined,
      args: c.args ? [...c.args] : undefined,
      script: c.script !== undefined ? withHashbang(c.script) : undefined,
      workingDir: c.workingDir,
      env: renderEnv(where, c.env, acknowledged),
      envFrom: renderEnvFrom(where, c, acknowledged),
      computeResources: renderResources(where, c.resources, this.props.defaultResources),
      securityContext: secureContext(c.runAsUser ?? this.props.runAsUser, c.runAsGroup ?? this.props.runAsGroup),
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    };
  }

  private checkContainer(where: string, prop: string, c: ContainerProps, taken: string[]): void {
    validateDnsLabel(`${where} name`, c.name);
    refuseContainerCredentials(prop, c);
    if (taken.includes(c.name)) throw new Error(`${where} is defined twice; step names and sidecar names must each be unique within a Task`);
    if (this.props.requireDigest && !c.image.pinnedByDigest) {
      throw new Error(`${where} image '${c.image.image}' is pinned by tag only but this Task sets requireDigest; use ImageReference.digest('${c.image.repository}', 'sha256:...')`);
    }
    if (c.script !== undefined && c.command !== undefined) {
      throw new Error(`${where} sets both 'script' and 'command'; Tekton runs the script itself, so use one of them`);
    }
    if (c.script !== undefined && c.script.trim().length === 0) throw new Error(`${where} 'script' is empty`);
    validateIds(where, c.runAsUser, c.runAsGroup);
    const acknowledged = checkReason(where, 'acknowledgeSecretEnv', c.acknowledgeSecretEnv);
    renderEnv(where, c.env, acknowledged);
    renderEnvFrom(where, c, acknowledged);
    renderResources(where, c.resources, this.props.defaultResources);
    if (c.workingDir !== undefined && !c.workingDir.startsWith('/') && !c.workingDir.startsWith('$(')) {
      throw new Error(`${where} 'workingDir' (${JSON.stringify(c.workingDir)}) must be an absolute path; e.g. "/workspace/source"`);
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
    checkParamReferences(where, text, this.params);
    for (const m of text.matchAll(/\$\(results\.([A-Za-z0-9_.-]+?)\.path\)/g)) {
      if (!this.results.some(r => r.name === m[1])) {
        throw new Error(`${where} writes ${m[0]} but no result '${m[1]}' is declared (declared: ${this.results.map(r => r.name).join(', ') || 'none'}); declare it first with 'results' or addResult()`);
      }
    }
    for (const m of text.matchAll(/\$\(workspaces\.([a-z0-9-]+)\.[a-zA-Z]+\)/g)) {
      if (!this.workspaces.some(w => w.name === m[1])) {
        throw new Error(`${where} refers to ${m[0]} but no workspace '${m[1]}' is declared; declare it first with 'workspaces' or addWorkspace()`);
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
      throw new Error(`${where} (${JSON.stringify(mountPath)}) must be an absolute path other than '/'; e.g. "/etc/credentials"`);
    }
    if (normalized === '/tekton' || normalized.startsWith('/tekton/')) {
      throw new Error(`${where} (${JSON.stringify(mountPath)}) is under /tekton/, which Tekton reserves for its own volumes; use e.g. "/etc/credentials"`);
    }
    if (!workspace && (normalized === '/workspace' || normalized.startsWith('/workspace/'))) {
      throw new Error(`${where} (${JSON.stringify(mountPath)}) is under /workspace, which Tekton already provides as a writable volume and uses for workspaces; use another path`);
    }
    const taken = [
      ...this.writable.map(w => w.path),
      ...this.credentials.map(c => c.mountPath),
      ...this.workspaces.map(w => path.posix.normalize(w.mountPath ?? `/workspace/${w.name}`)),
    ];
    const clash = taken.find(t => t === normalized || t.startsWith(`${normalized}/`) || normalized.startsWith(`${t}/`));
    if (clash) throw new Error(`${where} (${JSON.stringify(mountPath)}) overlaps ${clash}, which is already mounted; mount paths must be distinct`);
  }
}
