import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppProject } from './app-project';
import { ApplicationSpecOptions, IgnoreDifference, SyncOption, SyncPolicy, SyncRetry } from './application-spec';
import { argoCdNamespaceOf, isTemplated } from './private';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { sortedBy } from '../common/sort';

/** Validates and renders an Application spec; shared by Application and ApplicationSet templates. */
export class ApplicationSpecRenderer {
  private readonly ignoreDifferences: IgnoreDifference[] = [];
  private readonly syncPolicy?: any;
  private readonly createsNamespace: boolean;

  /** `scope` is the Application or ApplicationSet the spec belongs to, named by errors. */
  public constructor(private readonly scope: IConstruct, private readonly options: ApplicationSpecOptions) {
    this.syncPolicy = options.syncPolicy ? renderSyncPolicy(scope, options.syncPolicy) : undefined;
    this.createsNamespace = (options.syncPolicy?.syncOptions ?? []).some(o => o.value === SyncOption.CREATE_NAMESPACE.value);
    const limit = options.revisionHistoryLimit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new ValidationError(`'revisionHistoryLimit' (${limit}) must be a whole number of zero or more; e.g. 10`, this.scope);
    }
    (options.ignoreDifferences ?? []).forEach(d => this.addIgnoreDifference(d));
  }

  public addIgnoreDifference(diff: IgnoreDifference): void {
    requireProps(diff, 'IgnoreDifference', ['kind'], this.scope);
    if (diff.kind === '' || /\s/.test(diff.kind)) {
      throw new ValidationError(`'ignoreDifferences' entry kind ${JSON.stringify(diff.kind)} must be a kind such as "Deployment"`, this.scope);
    }
    const paths = [...diff.jsonPointers ?? [], ...diff.jqPathExpressions ?? [], ...diff.managedFieldsManagers ?? []];
    if (paths.length === 0) {
      throw new ValidationError(`'ignoreDifferences' entry for ${diff.kind} ignores nothing; give jsonPointers, jqPathExpressions or managedFieldsManagers`, this.scope);
    }
    const bad = (diff.jsonPointers ?? []).find(p => !p.startsWith('/'));
    if (bad !== undefined) {
      throw new ValidationError(`'ignoreDifferences' jsonPointers entry ${JSON.stringify(bad)} must start with '/'; e.g. "/spec/replicas"`, this.scope);
    }
    const key = JSON.stringify([diff.group ?? '', diff.kind, diff.name, diff.namespace]);
    if (this.ignoreDifferences.some(d => JSON.stringify([d.group ?? '', d.kind, d.name, d.namespace]) === key)) {
      throw new ValidationError(`'ignoreDifferences' already has an entry for ${key}; merge the paths into it`, this.scope);
    }
    this.ignoreDifferences.push(diff);
  }

  /** Problems of the spec relative to its project and the Argo CD namespace it lives in. */
  public validate(argoCdNamespace: string): string[] {
    const { project, source, destination } = this.options;
    const errors: string[] = [];
    if (argoCdNamespaceOf(project) !== argoCdNamespace) {
      errors.push(`project ${JSON.stringify(project.name)} lives in namespace ${JSON.stringify(argoCdNamespaceOf(project))}, the Application in ${JSON.stringify(argoCdNamespace)}; both must be in the Argo CD namespace`);
    }
    const scopedTo = destination.argoCdCluster?.project;
    if (scopedTo !== undefined && scopedTo.name !== project.name) {
      errors.push(`cluster ${JSON.stringify(destination.argoCdCluster!.clusterName)} is scoped to project ${JSON.stringify(scopedTo.name)}; an Application of project ${JSON.stringify(project.name)} cannot use it`);
    }
    if (!(project instanceof AppProject)) return errors;
    if (!isTemplated(source.repoUrl) && !project.permitsSourceRepo(source.repoUrl)) {
      errors.push(`source repoURL ${JSON.stringify(source.repoUrl)} is not in the sourceRepos of project ${JSON.stringify(project.name)}; add it with addSourceRepo()`);
    }
    const q = destination.query;
    const templated = [q.server, q.clusterName, q.namespace].some(v => v !== undefined && isTemplated(v));
    const projectScoped = scopedTo !== undefined && scopedTo.name === project.name;
    if (!templated && !projectScoped && !project.permitsDestination(q)) {
      errors.push(`destination ${JSON.stringify(destination._render())} is not in the destinations of project ${JSON.stringify(project.name)}; add it with addDestination()`);
    }
    if (this.createsNamespace && !project.permitsClusterResource('', 'Namespace')) {
      errors.push(`sync option CreateNamespace=true needs the cluster-scoped kind Namespace, which project ${JSON.stringify(project.name)} does not allow; add it with addClusterResource({ group: '', kind: 'Namespace' }) or create the namespace elsewhere`);
    }
    return errors;
  }

  public render(): any {
    // alphabetical regardless of case, in code-unit order so no locale changes it
    const sorted = sortedBy(this.ignoreDifferences, d => JSON.stringify([d.group ?? '', d.kind, d.namespace ?? '', d.name ?? '']).toLowerCase());
    return {
      project: this.options.project.name,
      source: this.options.source._render(),
      destination: this.options.destination._render(),
      syncPolicy: this.syncPolicy,
      ignoreDifferences: sorted.length > 0 ? sorted.map(d => ({
        group: d.group ?? '',
        kind: d.kind,
        name: d.name,
        namespace: d.namespace,
        jsonPointers: d.jsonPointers,
        jqPathExpressions: d.jqPathExpressions,
        managedFieldsManagers: d.managedFieldsManagers,
      })) : undefined,
      revisionHistoryLimit: this.options.revisionHistoryLimit,
    };
  }
}

function renderSyncPolicy(scope: IConstruct, policy: SyncPolicy): any {
  const options = (policy.syncOptions ?? []).map(o => o.value);
  const dup = options.find((o, i) => options.indexOf(o) !== i);
  if (dup !== undefined) throw new ValidationError(`'syncOptions' contains ${JSON.stringify(dup)} twice`, scope);
  const names = options.map(o => o.split('=')[0]);
  const conflict = names.find((n, i) => names.indexOf(n) !== i);
  if (conflict !== undefined) throw new ValidationError(`'syncOptions' sets ${conflict} twice with different values; keep one`, scope);
  return {
    automated: policy.automated ? {
      prune: policy.automated.prune ?? false,
      selfHeal: policy.automated.selfHeal ?? false,
      allowEmpty: policy.automated.allowEmpty ?? false,
    } : undefined,
    syncOptions: options.length > 0 ? options : undefined,
    retry: policy.retry ? renderRetry(scope, policy.retry) : undefined,
  };
}

function renderRetry(scope: IConstruct, retry: SyncRetry): any {
  const limit = retry.limit ?? 5;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ValidationError(`'retry.limit' (${limit}) must be a whole number of at least 1; omit retry to disable retries`, scope);
  }
  const factor = retry.backoff?.factor ?? 2;
  if (!Number.isInteger(factor) || factor < 1) {
    throw new ValidationError(`'retry.backoff.factor' (${factor}) must be a whole number of at least 1; e.g. 2`, scope);
  }
  const duration = retry.backoff?.duration ?? Duration.seconds(5);
  const maxDuration = retry.backoff?.maxDuration ?? Duration.minutes(3);
  const renderedMax = renderDuration(scope, 'retry.backoff.maxDuration', maxDuration, { min: Duration.seconds(1) });
  return {
    limit,
    backoff: {
      duration: renderDuration(scope, 'retry.backoff.duration', duration, { min: Duration.seconds(1), max: maxDuration }),
      factor,
      maxDuration: renderedMax,
    },
  };
}

