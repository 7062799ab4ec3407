import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { AppOfApps, AppOfAppsKind } from './app-of-apps';
import { ClusterTarget } from './cluster-target';
import { OverlayPatch } from './overlay-patch';
import { cloneJson, groupKind, isKnownClusterScoped, managementOnly, objectId, RenderedDeployment, RenderedFolder } from './private/manifests';
import { kindSummary, renderReadme, README_MARKER } from './private/readme';
import { SecretFlow } from './secret-flow';
import { GuardedFile, GuardFinding, SecretGuard, SecretGuardAcknowledgement } from './secret-guard';
import { AppProject, AppProjectProps, ProjectDestination, ProjectResourceKind } from '../argocd/app-project';
import { Application } from '../argocd/application';
import { ApplicationSet, ApplicationSetGenerator } from '../argocd/application-set';
import { ApplicationDestination, ApplicationSource, SyncOption, SyncPolicy } from '../argocd/application-spec';
import { IArgoCdCluster } from '../argocd/cluster';
import { argoCdNamespaceOf, DEFAULT_ARGOCD_NAMESPACE, IN_CLUSTER_SERVER, validateRepoUrl } from '../argocd/private';
import { ValidationError } from '../common/errors';
import { validateDnsLabel, validateLabels } from '../common/names';
import { projectNamespaceProblem } from '../common/patterns';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { sortedRecord } from '../common/sort';
import { Synthesis } from '../common/synthesis';
import { stringifyManifests } from '../common/yaml-writer';
import { Compliance } from '../compliance/acknowledgement';
import { groupOf } from '../compliance/manifest';
import { CompliancePack } from '../compliance/pack';

/** What an environment or a cluster overlay adds to what it inherits. */
export interface OverlayOptions {
  /**
   * Charts whose objects exist only in this overlay (e.g. a staging-only debugging Role).
   *
   * @default - none
   */
  readonly charts?: Chart[];
  /**
   * Changes to the inherited objects, e.g. `OverlayPatch.prefixRemoteKeys({ prefix: 'staging/' })`.
   *
   * @default - none
   */
  readonly patches?: OverlayPatch[];
  /**
   * Labels added to every object of the overlay (kustomize `labels`, selectors left alone).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Options of `GitOpsRepository.addCluster()`. */
export interface RepositoryClusterOptions {
  /** How Argo CD reaches the cluster. */
  readonly target: ClusterTarget;
  /** The environments deployed to the cluster, each into its own folder `clusters/<cluster>/<environment>`. */
  readonly environments: string[];
}

/** Props of `GitOpsRepository`. */
export interface GitOpsRepositoryProps {
  /** The URL Argo CD clones this repository from, e.g. `https://github.com/my-org/fleet-config`. */
  readonly repoUrl: string;
  /**
   * The branch, tag or commit Argo CD syncs.
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * A DNS label naming the fleet; AppProjects and Applications are named after it (`<name>-<environment>`).
   *
   * @default 'fleet'
   */
  readonly name?: string;
  /**
   * The namespace Argo CD runs in (on the cluster that applies `bootstrap/`).
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * The objects in `argocd/` that deploy the clusters' overlays.
   *
   * @default AppOfApps.applications()
   */
  readonly appOfApps?: AppOfApps;
  /**
   * How Argo CD syncs the clusters' Applications.
   *
   * @default - automated with prune and self-heal, prune last, fail on resources another Application owns
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Charts shared by every environment (`base/`); more with `addBase()`.
   *
   * @default - none
   */
  readonly base?: Chart[];
  /**
   * Charts for the management cluster only (`management/`), the cluster Argo CD runs in: the `ArgoCD` operand,
   * AppProjects and Applications of its own (e.g. one installing an operator's Helm chart there), Argo CD cluster and
   * repository Secrets, OLM Subscriptions and OperatorGroups. They are synced by the Application `<name>-management`
   * through a project of their own that reaches that cluster only; more with `addManagement()`.
   *
   * @default - none
   */
  readonly management?: Chart[];
  /**
   * Kinds that belong on the management cluster only, besides the built-in ones (Argo CD's own kinds, Argo CD
   * cluster and repository Secrets, OLM Subscriptions, OperatorGroups and CatalogSources): a workload folder
   * holding one is refused.
   *
   * @default - none
   */
  readonly managementOnlyKinds?: ProjectResourceKind[];
  /**
   * Let workload folders install operators (OLM Subscriptions, OperatorGroups and CatalogSources): the written
   * reason why the workload clusters install them from this repository. Argo CD's own kinds stay refused.
   *
   * @default - operators are installed on the management cluster only
   */
  readonly allowWorkloadOperators?: string;
  /**
   * Kinds without a namespace that are cluster-scoped, besides the Kubernetes and well-known ones (Namespace,
   * ClusterRole, ClusterSecretStore, ClusterUserDefinedNetwork, ...). Any other object without a namespace is
   * refused: it would land in whatever namespace the Application points at.
   *
   * @default - none
   */
  readonly clusterScopedKinds?: ProjectResourceKind[];
  /**
   * Check what each cluster and environment finally receives (the overlays applied), and `management/`, with this
   * pack; an unacknowledged error refuses the repository. Only acknowledgement annotations survive into manifests, so
   * apply a pack to the charts' App with `annotateAcknowledgements: true`: an annotation counts only where that
   * pack wrote it and no overlay changed it (an overlay that adds or edits one is finding ZT-ACK1).
   *
   * @default - overlays are not checked beyond the secret guard
   */
  readonly compliancePack?: CompliancePack;
  /**
   * Secret-guard findings that are not credentials (a test fixture, a public example key), each by the
   * fingerprint the refusal printed and with a written reason; they are listed in the README.
   *
   * @default - none: any finding refuses the repository
   */
  readonly guardAcknowledgements?: SecretGuardAcknowledgement[];
}

interface Overlay {
  readonly charts: Chart[];
  readonly patches: OverlayPatch[];
  readonly labels: { [key: string]: string };
}

interface ClusterEntry {
  readonly name: string;
  readonly target: ClusterTarget;
  readonly environments: string[];
  readonly overlays: Map<string, Overlay>;
}

const FLEET_NAME = 'fleet';

/**
 * A Git repository Argo CD can sync, written from charts grouped by environment and cluster:
 *
 * - `base/`: the charts every environment shares, with a `kustomization.yaml`;
 * - `environments/<env>/`: an overlay of the base (its own charts and patches, e.g. remote keys prefixed per
 *   environment);
 * - `clusters/<cluster>/<env>/`: an overlay of the environment per cluster, the folder Argo CD deploys;
 * - `argocd/`: one AppProject per environment (the clusters, namespaces and kinds found in its folders, nothing
 *   more) and the Applications or ApplicationSets deploying the cluster folders;
 * - `bootstrap/`: the root Application (app of apps) syncing `argocd/`, and its own project;
 * - `management/` (with `addManagement()`): the control plane of the cluster Argo CD runs in (the Argo CD operand,
 *   Argo CD's projects, Applications and cluster Secrets, operators), synced there only by a project of its own;
 *   workload folders holding such objects are refused, so none reaches a workload cluster;
 * - `README.md`: what the repository holds and where.
 *
 * Nothing is written while any file would carry a secret: v1 Secrets with sensitive keys and credential-looking
 * text are refused (the pre-commit protection scenario S4 asks for).
 */
export class GitOpsRepository {
  /** The URL Argo CD clones the repository from. */
  public readonly repoUrl: string;
  /** The revision Argo CD syncs. */
  public readonly targetRevision: string;
  /** The fleet's name. */
  public readonly name: string;
  /** The namespace Argo CD runs in. */
  public readonly argoCdNamespace: string;
  private readonly appOfApps: AppOfApps;
  private readonly syncPolicy: SyncPolicy;
  private readonly clusterScopedKinds: Set<string>;
  private readonly managementOnlyKinds: Set<string>;
  private readonly allowWorkloadOperators?: string;
  private readonly managementCharts: Chart[] = [];
  private readonly compliancePack?: CompliancePack;
  private readonly guardAcknowledgements: SecretGuardAcknowledgement[];
  private readonly baseCharts: Chart[] = [];
  private readonly environmentOverlays = new Map<string, Overlay>();
  private readonly clusterEntries = new Map<string, ClusterEntry>();
  private readonly usedCharts = new Map<Chart, string>();

  public constructor(props: GitOpsRepositoryProps) {
    requireProps(props, 'GitOpsRepositoryProps', ['repoUrl']);
    this.repoUrl = validateRepoUrl(undefined, props.repoUrl);
    const revision = props.targetRevision ?? 'HEAD';
    if (revision.trim() === '' || /\s/.test(revision)) {
      throw new ValidationError(`'targetRevision' (${JSON.stringify(revision)}) must be a branch, tag or commit without whitespace; e.g. "main"`);
    }
    this.targetRevision = revision;
    this.name = validateDnsLabel(undefined, 'name', props.name ?? FLEET_NAME);
    if (this.name.length > 40) {
      throw new ValidationError(`'name' (${this.name}) is longer than 40 characters, leaving no room for the environment and cluster in Application names; shorten it`);
    }
    this.argoCdNamespace = validateDnsLabel(undefined, 'argoCdNamespace', props.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE);
    this.appOfApps = props.appOfApps ?? AppOfApps.applications();
    this.syncPolicy = props.syncPolicy ?? {
      automated: { prune: true, selfHeal: true },
      syncOptions: [SyncOption.PRUNE_LAST, SyncOption.FAIL_ON_SHARED_RESOURCE],
    };
    this.clusterScopedKinds = new Set((props.clusterScopedKinds ?? []).map(k => `${k.group}/${k.kind}`));
    this.managementOnlyKinds = new Set((props.managementOnlyKinds ?? []).map(k => validateKind('managementOnlyKinds', k)));
    if (props.allowWorkloadOperators !== undefined) {
      this.allowWorkloadOperators = validateReason(undefined, 'allowWorkloadOperators', props.allowWorkloadOperators, 'why workload clusters install operators from this repository');
    }
    this.compliancePack = props.compliancePack;
    this.guardAcknowledgements = [...props.guardAcknowledgements ?? []];
    this.addBase(...props.base ?? []);
    this.addManagement(...props.management ?? []);
  }

  /** The environments, in the order they were added. */
  public get environments(): string[] {
    return [...this.environmentOverlays.keys()];
  }

  /** The clusters, in the order they were added. */
  public get clusters(): string[] {
    return [...this.clusterEntries.keys()];
  }

  /** Adds charts to `base/`, shared by every environment. */
  public addBase(...charts: Chart[]): void {
    charts.forEach(c => this.claim(c, 'base'));
    this.baseCharts.push(...charts);
  }

  /**
   * Adds charts to `management/`, the control plane of the cluster Argo CD runs in (the Argo CD operand, Argo CD's
   * projects, Applications and cluster Secrets, operators). Only the project `<name>-management` may sync them,
   * and only to that cluster.
   */
  public addManagement(...charts: Chart[]): void {
    charts.forEach(c => this.claim(c, 'management'));
    this.managementCharts.push(...charts);
  }

  /**
   * Adds an environment (`environments/<name>/`), an overlay of the base. Its name is a DNS label such as
   * `staging`; `base` is taken.
   */
  public addEnvironment(name: string, options: OverlayOptions = {}): void {
    validateDnsLabel(undefined, 'environment', name);
    if (name === 'base') throw new ValidationError('\'environment\' (base) is the folder every environment inherits from; choose another name, e.g. "staging"');
    if (this.environmentOverlays.has(name)) throw new ValidationError(`environment ${JSON.stringify(name)} was already added; add more to it with addEnvironmentOverlay()`);
    this.environmentOverlays.set(name, emptyOverlay());
    this.addEnvironmentOverlay(name, options);
  }

  /** Adds charts, patches or labels to an environment's overlay. */
  public addEnvironmentOverlay(environment: string, options: OverlayOptions): void {
    const overlay = this.environmentOverlays.get(environment);
    if (overlay === undefined) throw new ValidationError(`environment ${JSON.stringify(environment)} is unknown (known: ${this.environments.join(', ') || 'none'}); add it with addEnvironment()`);
    mergeOverlay(overlay, options, `environments/${environment}`, c => this.claim(c, `environments/${environment}`));
  }

  /** Adds a cluster; each of its environments gets a folder `clusters/<name>/<environment>/`. */
  public addCluster(name: string, options: RepositoryClusterOptions): void {
    requireProps(options, 'RepositoryClusterOptions', ['target', 'environments']);
    validateDnsLabel(undefined, 'cluster', name);
    if (this.clusterEntries.has(name)) throw new ValidationError(`cluster ${JSON.stringify(name)} was already added; clusters are unique by name`);
    if (options.environments.length === 0) {
      throw new ValidationError(`'environments' of cluster ${JSON.stringify(name)} is empty; list the environments it runs, e.g. ['staging']`);
    }
    for (const env of options.environments) {
      if (!this.environmentOverlays.has(env)) {
        throw new ValidationError(`cluster ${JSON.stringify(name)} runs environment ${JSON.stringify(env)}, which is unknown (known: ${this.environments.join(', ') || 'none'}); add it with addEnvironment() first`);
      }
    }
    const duplicate = options.environments.find((e, i) => options.environments.indexOf(e) !== i);
    if (duplicate !== undefined) throw new ValidationError(`'environments' of cluster ${JSON.stringify(name)} lists ${JSON.stringify(duplicate)} twice`);
    const target = options.target;
    if (target.cluster !== undefined && argoCdNamespaceOf(target.cluster) !== this.argoCdNamespace) {
      throw new ValidationError(`cluster ${JSON.stringify(name)} is an ArgoCdCluster of the Argo CD in namespace ${JSON.stringify(argoCdNamespaceOf(target.cluster))}, but the repository is synced by the one in ${JSON.stringify(this.argoCdNamespace)}; set argoCdNamespace to match`);
    }
    for (const other of this.clusterEntries.values()) {
      if (other.target.serverUrl === target.serverUrl) {
        throw new ValidationError(`clusters ${JSON.stringify(other.name)} and ${JSON.stringify(name)} both target ${target.serverUrl}; one cluster, one entry (add the environments to the first)`);
      }
    }
    const overlays = new Map(options.environments.map(e => [e, emptyOverlay()]));
    this.clusterEntries.set(name, { name, target, environments: [...options.environments], overlays });
  }

  /** Adds charts, patches or labels to the folder `clusters/<cluster>/<environment>/`. */
  public addClusterOverlay(cluster: string, environment: string, options: OverlayOptions): void {
    const entry = this.clusterEntries.get(cluster);
    if (entry === undefined) throw new ValidationError(`cluster ${JSON.stringify(cluster)} is unknown (known: ${this.clusters.join(', ') || 'none'}); add it with addCluster()`);
    const overlay = entry.overlays.get(environment);
    if (overlay === undefined) throw new ValidationError(`cluster ${JSON.stringify(cluster)} does not run environment ${JSON.stringify(environment)} (it runs ${entry.environments.join(', ')})`);
    const folder = `clusters/${cluster}/${environment}`;
    mergeOverlay(overlay, options, folder, c => this.claim(c, folder));
  }

  /**
   * What Argo CD applies to `cluster` for `environment`: the base, the environment and the cluster overlay,
   * patched and labelled, as `kubectl kustomize clusters/<cluster>/<environment>` renders it. The folders are
   * checked as for `files()` (namespaces, compliance pack) but no file is rendered, so the secret guard runs in
   * `files()` and `synth()` only.
   */
  public renderedObjects(cluster: string, environment: string): any[] {
    const folder = this.build().folders.find(f => f.path === `clusters/${cluster}/${environment}`);
    if (folder === undefined) throw new ValidationError(`cluster ${JSON.stringify(cluster)} with environment ${JSON.stringify(environment)} is not in the repository (clusters: ${this.clusters.join(', ') || 'none'})`);
    return cloneJson(folder.objects);
  }

  /**
   * Where every credential deployed to `cluster` for `environment` comes from and what consumes it (also written
   * to `clusters/<cluster>/<environment>/SECRET-FLOW.md`).
   */
  public secretFlow(cluster: string, environment: string): SecretFlow {
    return SecretFlow.fromManifests(this.renderedObjects(cluster, environment));
  }

  /**
   * Every file of the repository, path → content. Throws, listing every finding, when a file would carry a
   * secret or an overlay fails the compliance pack.
   */
  public files(): { [path: string]: string } {
    const files = this.render().files;
    return Object.fromEntries([...files.keys()].sort().map(k => [k, files.get(k)!]));
  }

  /**
   * Writes the repository into `outdir`, replacing what an earlier run wrote there. Refuses a non-empty folder
   * it did not write (its README carries a marker), so it never deletes someone else's files.
   */
  public synth(outdir: string): void {
    const files = this.files();
    if (fs.existsSync(outdir) && fs.readdirSync(outdir).length > 0) {
      const readme = path.join(outdir, 'README.md');
      if (!fs.existsSync(readme) || !fs.readFileSync(readme, 'utf8').startsWith(README_MARKER)) {
        throw new ValidationError(`'outdir' (${outdir}) is not empty and was not written by GitOpsRepository; write into an empty or new folder`);
      }
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(outdir, ...file.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
  }

  private claim(chart: Chart, folder: string): void {
    const previous = this.usedCharts.get(chart);
    if (previous !== undefined) {
      throw new ValidationError(`chart ${chart.node.path} is already in ${previous}; a chart belongs to one folder (put shared objects in base/)`);
    }
    this.usedCharts.set(chart, folder);
  }

  /** The folders and what each holds once built, checked (namespaces, compliance); no file is written yet. */
  private build(): { folders: RenderedFolder[]; deployments: RenderedDeployment[]; management?: RenderedFolder } {
    this.checkStructure();
    const chartManifests = new Map(Synthesis.chartManifests([...this.usedCharts.keys()]).map(c => [c.chart, c.manifests]));
    const fileSet = (charts: Chart[], folder: string) => chartFiles(charts, chartManifests, folder);

    const folders: RenderedFolder[] = [];
    const baseFiles = fileSet(this.baseCharts, 'base');
    const base = baseFiles.size > 0 ? overlayFolder('base', 'shared by every environment', [], baseFiles, emptyOverlay()) : undefined;
    if (base) folders.push(base);
    const environments = new Map<string, RenderedFolder>();
    for (const [env, overlay] of this.environmentOverlays) {
      const folder = overlayFolder(`environments/${env}`, `environment ${env}: the base and what differs in ${env}`, base?.objects ?? [], fileSet(overlay.charts, `environments/${env}`), overlay);
      environments.set(env, folder);
      folders.push(folder);
    }
    const deployments: RenderedDeployment[] = [];
    for (const cluster of this.clusterEntries.values()) {
      for (const env of cluster.environments) {
        const overlay = cluster.overlays.get(env)!;
        const folderPath = `clusters/${cluster.name}/${env}`;
        const folder = overlayFolder(folderPath, `what Argo CD deploys to cluster ${cluster.name} for ${env}`, environments.get(env)!.objects, fileSet(overlay.charts, folderPath), overlay);
        this.checkDeployable(folder, cluster.target, folders);
        folders.push(folder);
        deployments.push({
          cluster: cluster.name,
          environment: env,
          server: cluster.target.serverUrl,
          path: folderPath,
          application: `${this.name}-${env}-${cluster.name}`,
          destinationNamespace: defaultNamespace(folder.objects, folderPath),
        });
      }
    }
    const management = this.managementFolder(fileSet, folders, deployments);
    if (management) folders.push(management);
    this.checkCompliance(folders, chartManifests);
    return { folders, deployments, management };
  }

  /** An environment, and a cluster running it, unless the repository holds only the management cluster. */
  private checkStructure(): void {
    const management = this.managementCharts.length > 0;
    if (this.environmentOverlays.size === 0 && !management) throw new ValidationError('the repository has no environment; add one with addEnvironment(), e.g. "staging"');
    if (this.clusterEntries.size === 0 && this.environmentOverlays.size > 0) throw new ValidationError('the repository has no cluster; add one with addCluster()');
    for (const env of this.environments) {
      if (![...this.clusterEntries.values()].some(c => c.environments.includes(env))) {
        throw new ValidationError(`environment ${JSON.stringify(env)} runs on no cluster; add it to a cluster's environments or remove it`);
      }
    }
    if (management && this.environmentOverlays.has(MANAGEMENT)) {
      throw new ValidationError(`environment "${MANAGEMENT}" would share the AppProject and Application ${this.name}-${MANAGEMENT} with the management cluster's; give the environment another name, e.g. "platform"`);
    }
  }

  /**
   * `management/`: the management charts, checked like a cluster folder except that they may hold the control
   * plane; an object a workload folder of the same cluster (in-cluster) also deploys is refused.
   */
  private managementFolder(
    fileSet: (charts: Chart[], folder: string) => Map<string, any[]>, folders: RenderedFolder[], deployments: RenderedDeployment[],
  ): RenderedFolder | undefined {
    if (this.managementCharts.length === 0) return undefined;
    const folder = overlayFolder(MANAGEMENT, 'the control plane of the cluster Argo CD runs in, synced there only', [], fileSet(this.managementCharts, MANAGEMENT), emptyOverlay());
    this.checkDeployable(folder, undefined, folders);
    defaultNamespace(folder.objects, MANAGEMENT);
    const own = new Set(folder.objects.map(objectId));
    const errors: string[] = [];
    for (const d of deployments.filter(x => x.server === IN_CLUSTER_SERVER)) {
      const shared = folders.find(f => f.path === d.path)!.objects.map(objectId).filter(id => own.has(id));
      for (const id of shared) errors.push(`${id} is in management/ and in ${d.path}/, both on the cluster Argo CD runs in; keep it in one of them`);
    }
    if (errors.length > 0) throw new ValidationError(`${MANAGEMENT}:\n  ${errors.join('\n  ')}`);
    return folder;
  }

  /** Every file, after the secret guard has checked them all. */
  private render(): { folders: RenderedFolder[]; files: Map<string, string> } {
    const { folders, deployments, management } = this.build();

    // every file with the objects it holds; a kustomization holds the objects its patches change, as built
    const guarded = new Map<string, GuardedFile>();
    const add = (file: string, text: string, manifests?: any[]) => guarded.set(file, { path: file, text, manifests });
    const flows = new Map<string, string>();
    for (const folder of folders) {
      for (const [file, objects] of folder.files) add(`${folder.path}/${file}`, stringifyManifests(objects), objects);
      const patched = new Set(folder.patches.map(p => p.objectId));
      add(`${folder.path}/kustomization.yaml`, kustomization(folder, folders), folder.objects.filter(o => patched.has(objectId(o))));
      if (folder.path.startsWith('clusters/') || folder === management) {
        const flow = `${folder.path}/SECRET-FLOW.md`;
        flows.set(folder.path, flow);
        add(flow, SecretFlow.fromManifests(folder.objects).toMarkdown());
      }
    }
    const argo = this.argoCdObjects(folders, deployments, management);
    if (management) checkGeneratedNames(management, [...argo.argocd, ...argo.bootstrap]);
    add('argocd/argocd.yaml', stringifyManifests(argo.argocd), argo.argocd);
    add('argocd/kustomization.yaml', Yaml.stringify({ apiVersion: KUSTOMIZE_API_VERSION, kind: 'Kustomization', resources: ['argocd.yaml'] }));
    add('bootstrap/bootstrap.yaml', stringifyManifests(argo.bootstrap), argo.bootstrap);
    add('bootstrap/kustomization.yaml', Yaml.stringify({ apiVersion: KUSTOMIZE_API_VERSION, kind: 'Kustomization', resources: ['bootstrap.yaml'] }));
    const acknowledged = SecretGuard.assertClean([...guarded.values()], { acknowledgements: this.guardAcknowledgements });
    const readme = renderReadme({
      name: this.name,
      repoUrl: this.repoUrl,
      targetRevision: this.targetRevision,
      argoCdNamespace: this.argoCdNamespace,
      appOfApps: this.appOfApps.kind,
      folders,
      deployments,
      argocd: argo.argocd,
      bootstrap: argo.bootstrap,
      management: management ? { folder: management, name: `${this.name}-${MANAGEMENT}` } : undefined,
      workloadOperators: this.allowWorkloadOperators,
      sections: [secretsSection(folders, flows, acknowledged)],
    });
    // the README is written from names and URLs only, so nothing in it can be acknowledged; it is still checked
    SecretGuard.assertClean([{ path: 'README.md', text: readme }]);
    const files = new Map([...guarded.values()].map(f => [f.path, f.text]));
    files.set('README.md', readme);
    return { folders, files };
  }

  /**
   * Objects Argo CD would place in a namespace it was not asked for, that the cluster does not allow, or (in a
   * workload folder, `target` given) that belong on the management cluster.
   */
  private checkDeployable(folder: RenderedFolder, target: ClusterTarget | undefined, folders: RenderedFolder[]): void {
    const errors: string[] = [];
    for (const object of folder.objects) {
      const error = this.placementError(object, target, () => originOf(object, [folder, ...folders]));
      if (error !== undefined) errors.push(error);
    }
    if (errors.length > 0) throw new ValidationError(`${folder.path}:\n  ${errors.join('\n  ')}`);
  }

  /** Why an object cannot go where its folder deploys, or undefined. */
  private placementError(object: any, target: ClusterTarget | undefined, origin: () => string): string | undefined {
    const namespace = object.metadata?.namespace;
    const clusterScoped = isKnownClusterScoped(object) || this.clusterScopedKinds.has(groupKind(object));
    if (clusterScoped && namespace !== undefined) {
      return `${objectId(object)} is cluster-scoped but carries namespace ${namespace} (a chart's namespace is stamped on every object in it); define it in a chart without a namespace`;
    }
    if (namespace === undefined && !clusterScoped) {
      return `${objectId(object)} has no namespace and is not a known cluster-scoped kind; give its chart a namespace, or list the kind in clusterScopedKinds if it is cluster-scoped`;
    }
    if (target === undefined) return undefined;
    const control = managementOnly(object, this.managementOnlyKinds, this.allowWorkloadOperators !== undefined);
    if (control !== undefined) {
      return `${objectId(object)}${origin()} ${control.what}: ${control.why}; place its chart on the management cluster with addManagement()`;
    }
    return target.cluster === undefined ? undefined : clusterAllowanceError(object, target.cluster);
  }

  private checkCompliance(folders: RenderedFolder[], chartManifests: Map<Chart, any[]>): void {
    if (this.compliancePack === undefined) return;
    // the acknowledgement annotations a pack run on the charts wrote, by object: only those count, unchanged
    const vouched = new Map<string, unknown>();
    for (const [chart, manifests] of chartManifests) {
      if (!CompliancePack._annotates(chart)) continue;
      for (const m of manifests) vouched.set(objectId(m), m.metadata?.annotations?.[Compliance.ANNOTATION]);
    }
    const trusted = (m: any) => {
      const value = m.metadata?.annotations?.[Compliance.ANNOTATION];
      return value !== undefined && vouched.get(objectId(m)) === value;
    };
    const errors: string[] = [];
    for (const folder of folders.filter(f => f.path.startsWith('clusters/') || f.path === MANAGEMENT)) {
      for (const finding of this.compliancePack._evaluateManifests(folder.objects, trusted).errors) {
        errors.push(`${folder.path}: ${finding.resource}: ${finding.ruleId}: ${finding.message}: ${finding.detail}`);
      }
    }
    if (errors.length > 0) throw new ValidationError(`the compliance pack refuses the repository:\n  ${errors.join('\n  ')}`);
  }

  /** The AppProjects, Applications or ApplicationSets of `argocd/`, and the root of `bootstrap/`. */
  private argoCdObjects(
    folders: RenderedFolder[], deployments: RenderedDeployment[], management: RenderedFolder | undefined,
  ): { argocd: any[]; bootstrap: any[] } {
    const app = new App();
    const argocd = new Chart(app, 'argocd', { namespace: this.argoCdNamespace, disableResourceNameHashes: true });
    for (const env of this.environments) {
      const envDeployments = deployments.filter(d => d.environment === env);
      const envFolders = envDeployments.map(d => folders.find(f => f.path === d.path)!);
      const project = this.environmentProject(argocd, env, envDeployments, envFolders);
      switch (this.appOfApps.kind) {
        case AppOfAppsKind.APPLICATIONS:
          this.environmentApplications(argocd, env, project, envDeployments);
          break;
        case AppOfAppsKind.LIST_APPLICATION_SET:
          this.listApplicationSet(argocd, env, project, envDeployments);
          break;
        default:
          this.clusterApplicationSet(argocd, env, project, envDeployments, envFolders);
      }
    }
    if (management) this.managementApplication(argocd, management);
    const bootstrap = this.bootstrapChart(app, management !== undefined);
    const [rendered, root] = Synthesis.chartManifests([argocd, bootstrap]);
    return { argocd: rendered.manifests, bootstrap: root.manifests };
  }

  /** The AppProject of an environment: the clusters, namespaces and kinds of its folders, nothing more. */
  private environmentProject(argocd: Chart, env: string, envDeployments: RenderedDeployment[], envFolders: RenderedFolder[]): AppProject {
    return new AppProject(argocd, `project-${env}`, {
      metadata: { name: `${this.name}-${env}` },
      argoCdNamespace: this.argoCdNamespace,
      description: `${this.name} ${env}: the clusters, namespaces and kinds of its folders in this repository`,
      sourceRepos: [this.repoUrl],
      destinations: projectDestinations(envDeployments, envFolders),
      ...projectKinds(envFolders.flatMap(f => f.objects)),
    });
  }

  /**
   * The project and Application of `management/`: the cluster Argo CD runs in and nothing else, exactly the
   * namespaces and kinds of the folder. The only project of the repository that may create Argo CD's own objects.
   */
  private managementApplication(argocd: Chart, folder: RenderedFolder): void {
    const destinationNamespace = defaultNamespace(folder.objects, MANAGEMENT);
    const namespaces = new Set(folder.objects.map(o => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'));
    namespaces.add(destinationNamespace);
    const project = new AppProject(argocd, `project-${MANAGEMENT}`, {
      metadata: { name: `${this.name}-${MANAGEMENT}` },
      argoCdNamespace: this.argoCdNamespace,
      description: `${this.name} ${MANAGEMENT}: the control plane in ${MANAGEMENT}/ (Argo CD, its projects and cluster Secrets, operators), on the cluster Argo CD runs in only`,
      sourceRepos: [this.repoUrl],
      destinations: [...namespaces].sort().map(namespace => ({
        server: IN_CLUSTER_SERVER,
        namespace,
        acknowledgeSystemNamespaces: projectNamespaceProblem(namespace, this.argoCdNamespace, 'destination') === undefined ? undefined
          : `the ${MANAGEMENT} project installs the control plane of this repository's ${MANAGEMENT}/ folder (Argo CD, its projects and cluster Secrets, operators) into the namespaces those components run in, on the cluster Argo CD runs in only`,
      })),
      ...projectKinds(folder.objects),
    });
    new Application(argocd, `app-${MANAGEMENT}`, {
      metadata: { name: `${this.name}-${MANAGEMENT}` },
      argoCdNamespace: this.argoCdNamespace,
      project,
      source: ApplicationSource.kustomize({ repoUrl: this.repoUrl, path: MANAGEMENT, targetRevision: this.targetRevision }),
      destination: ClusterTarget.inCluster()._destination(destinationNamespace),
      syncPolicy: this.syncPolicy,
    });
  }

  /** `AppOfApps.applications()`: one Application per cluster folder of the environment. */
  private environmentApplications(argocd: Chart, env: string, project: AppProject, envDeployments: RenderedDeployment[]): void {
    for (const d of envDeployments) {
      const cluster = this.clusterEntries.get(d.cluster)!;
      new Application(argocd, `app-${env}-${d.cluster}`, {
        metadata: { name: validateDnsLabel(undefined, 'Application name', d.application), labels: { [AppOfApps.DEFAULT_ENVIRONMENT_LABEL]: env } },
        argoCdNamespace: this.argoCdNamespace,
        project,
        source: ApplicationSource.kustomize({ repoUrl: this.repoUrl, path: d.path, targetRevision: this.targetRevision }),
        destination: cluster.target._destination(d.destinationNamespace),
        syncPolicy: this.syncPolicy,
      });
    }
  }

  /** `AppOfApps.listApplicationSet()`: one ApplicationSet whose list has an element per cluster folder. */
  private listApplicationSet(argocd: Chart, env: string, project: AppProject, envDeployments: RenderedDeployment[]): void {
    new ApplicationSet(argocd, `appset-${env}`, {
      metadata: { name: `${this.name}-${env}` },
      argoCdNamespace: this.argoCdNamespace,
      generators: [ApplicationSetGenerator.list(envDeployments.map(d => ({
        cluster: d.cluster, namespace: d.destinationNamespace, path: d.path, server: d.server,
      })))],
      template: {
        name: `${this.name}-${env}-{{.cluster}}`,
        labels: { [AppOfApps.DEFAULT_ENVIRONMENT_LABEL]: env },
        project,
        source: ApplicationSource.kustomize({ repoUrl: this.repoUrl, path: '{{.path}}', targetRevision: this.targetRevision }),
        destination: ApplicationDestination.server('{{.server}}', '{{.namespace}}'),
        syncPolicy: this.syncPolicy,
      },
    });
  }

  /** `AppOfApps.clusterApplicationSets()`: an ApplicationSet selecting the clusters labelled with the environment. */
  private clusterApplicationSet(
    argocd: Chart, env: string, project: AppProject, envDeployments: RenderedDeployment[], envFolders: RenderedFolder[],
  ): void {
    for (const d of envDeployments) {
      const cluster = this.clusterEntries.get(d.cluster)!;
      if (cluster.target.clusterName !== d.cluster) {
        throw new ValidationError(`cluster ${JSON.stringify(d.cluster)} is ${cluster.target.clusterName === undefined ? `given by server URL (${cluster.target.serverUrl})` : `named ${JSON.stringify(cluster.target.clusterName)} in Argo CD`}, but a cluster generator finds its folder by the Argo CD cluster name; name the folder after it and use ClusterTarget.argoCdCluster() or inCluster()`);
      }
    }
    const namespace = defaultNamespace(envFolders.flatMap(f => f.objects), `environment ${env}`);
    new ApplicationSet(argocd, `appset-${env}`, {
      metadata: { name: `${this.name}-${env}` },
      argoCdNamespace: this.argoCdNamespace,
      generators: [ApplicationSetGenerator.clusters({ matchLabels: { [this.appOfApps.environmentLabel!]: env } })],
      template: {
        name: `${this.name}-${env}-{{.nameNormalized}}`,
        labels: { [AppOfApps.DEFAULT_ENVIRONMENT_LABEL]: env },
        project,
        source: ApplicationSource.kustomize({ repoUrl: this.repoUrl, path: `clusters/{{.name}}/${env}`, targetRevision: this.targetRevision }),
        destination: ApplicationDestination.server('{{.server}}', namespace),
        syncPolicy: this.syncPolicy,
      },
    });
  }

  /** `bootstrap/`: the root Application syncing `argocd/`, and its own project. */
  private bootstrapChart(app: App, management: boolean): Chart {
    const applications = this.appOfApps.kind === AppOfAppsKind.APPLICATIONS;
    const kinds = applications ? 'Applications' : `ApplicationSets${management ? ' and the management Application' : ''}`;
    const bootstrap = new Chart(app, 'bootstrap', { namespace: this.argoCdNamespace, disableResourceNameHashes: true });
    const rootProject = new AppProject(bootstrap, 'project', {
      metadata: { name: `${this.name}-bootstrap` },
      argoCdNamespace: this.argoCdNamespace,
      description: `${this.name}: syncs argocd/ (projects and applications) into ${this.argoCdNamespace}, nothing else`,
      sourceRepos: [this.repoUrl],
      destinations: [{
        server: IN_CLUSTER_SERVER,
        namespace: this.argoCdNamespace,
        acknowledgeSystemNamespaces: `the bootstrap project syncs only argocd/ of this repository (its AppProjects and ${kinds}) into the Argo CD namespace, where Argo CD reads them`,
      }],
      namespaceResourceAllowList: [
        { group: 'argoproj.io', kind: 'AppProject' },
        ...applications || management ? [{ group: 'argoproj.io', kind: 'Application' }] : [],
        ...applications ? [] : [{ group: 'argoproj.io', kind: 'ApplicationSet' }],
      ],
    });
    new Application(bootstrap, 'root', {
      metadata: { name: `${this.name}-root` },
      argoCdNamespace: this.argoCdNamespace,
      project: rootProject,
      source: ApplicationSource.kustomize({ repoUrl: this.repoUrl, path: 'argocd', targetRevision: this.targetRevision }),
      destination: ClusterTarget.inCluster()._destination(this.argoCdNamespace),
      syncPolicy: this.syncPolicy,
    });
    return bootstrap;
  }
}

const KUSTOMIZE_API_VERSION = 'kustomize.config.k8s.io/v1beta1';

/** The folder, and the suffix of the AppProject and Application, of the management cluster's control plane. */
const MANAGEMENT = 'management';

/** An object of `management/` that `argocd/` or `bootstrap/` generates too would be owned by two Applications. */
function checkGeneratedNames(management: RenderedFolder, generated: any[]): void {
  const ids = new Set(generated.map(objectId));
  const errors = management.objects.map(objectId).filter(id => ids.has(id))
    .map(id => `${id} is generated by the repository in argocd/ or bootstrap/ too; rename the object in ${MANAGEMENT}/`);
  if (errors.length > 0) throw new ValidationError(`${MANAGEMENT}:\n  ${errors.join('\n  ')}`);
}

/** What an ArgoCdCluster's Secret keeps Argo CD from managing: namespaces it does not list, cluster-scoped objects. */
function clusterAllowanceError(object: any, cluster: IArgoCdCluster): string | undefined {
  const allowed = cluster.namespaces;
  if (allowed === undefined) return undefined;
  const namespace = object.metadata?.namespace;
  if (namespace !== undefined) {
    return allowed.includes(namespace) ? undefined
      : `${objectId(object)} is in namespace ${namespace}, which the ArgoCdCluster ${cluster.clusterName} does not let Argo CD manage (it allows ${allowed.join(', ')}); add the namespace to the cluster's namespaces`;
  }
  if (cluster.clusterResources !== true) {
    return `${objectId(object)} is cluster-scoped, but the ArgoCdCluster ${cluster.clusterName} lets Argo CD manage only namespaced objects (clusterResources: "false"), so Argo CD would refuse to sync it; set clusterResources: true on the cluster, or deploy the object to a cluster that allows cluster-scoped objects`;
  }
  const name = object.metadata?.name;
  if (groupOf(object) === '' && object.kind === 'Namespace' && !allowed.includes(name)) {
    return `${objectId(object)} is a namespace the ArgoCdCluster ${cluster.clusterName} does not let Argo CD manage (it allows ${allowed.join(', ')}); add ${name} to the cluster's namespaces`;
  }
  return undefined;
}

/** ` (file in folder/)`: where an object of a folder is defined (the folder, its environment or the base), or ''. */
function originOf(object: any, folders: RenderedFolder[]): string {
  const id = objectId(object);
  const [first, ...rest] = folders;
  const lineage = [first.path, `environments/${first.path.split('/')[2]}`, 'base'];
  for (const folderPath of lineage) {
    const folder = [first, ...rest].find(f => f.path === folderPath);
    for (const [file, objects] of folder?.files ?? []) {
      if (objects.some(o => objectId(o) === id)) return ` (${file} in ${folderPath}/)`;
    }
  }
  return '';
}

/** A kind a repository prop names, as `group/Kind`; whitespace and wildcards are refused. */
function validateKind(prop: string, kind: ProjectResourceKind): string {
  if (!/^[^\s*?]+$/.test(kind.kind) || /[\s*?]/.test(kind.group)) {
    throw new ValidationError(`'${prop}' entry ${JSON.stringify(kind)} must name one kind and its group ('' for core) without whitespace or wildcards; e.g. { group: 'hive.openshift.io', kind: 'ClusterDeployment' }`);
  }
  return `${kind.group}/${kind.kind}`;
}

/** The kinds a project allows: exactly those of the objects; with no namespaced object, no namespaced kind at all. */
function projectKinds(objects: any[]): Pick<AppProjectProps, 'clusterResourceAllowList' | 'namespaceResourceAllowList' | 'namespaceResourceDenyList'> {
  const namespaced = resourceKinds(objects, true);
  return {
    clusterResourceAllowList: resourceKinds(objects, false),
    // an empty allow-list means "every kind" to older Argo CD versions (and AppProject refuses it): deny them all
    ...namespaced.length > 0 ? { namespaceResourceAllowList: namespaced } : { namespaceResourceDenyList: [{ group: '*', kind: '*' }] },
  };
}

/** The README's account of the credentials: what references them, where each flow is drawn, what was acknowledged. */
function secretsSection(folders: RenderedFolder[], flows: Map<string, string>, acknowledged: GuardFinding[]): string {
  const own = folders.flatMap(f => [...f.files.values()].flat());
  const credentialKinds = own.filter(o => /(^|\.)external-secrets\.io\//.test(o.apiVersion ?? '') || (o.kind === 'Secret' && o.apiVersion === 'v1'));
  const lines = [
    '## Secrets',
    '',
    `The credentials of this repository are references: ${kindSummary(credentialKinds) || 'none'}. No file holds a secret`,
    'value: before anything is written, every file and every object an overlay patches is checked by the secret guard',
    '(v1 Secrets with sensitive keys, private keys, cloud keys and tokens are refused).',
    '',
    'Where each credential comes from and what consumes it, per cluster and environment:',
    '',
    ...[...flows].map(([folder, file]) => `- \`${folder}/\`: [SECRET-FLOW.md](${file})`),
  ];
  if (acknowledged.length > 0) {
    lines.push('', 'Guard findings acknowledged as not being credentials:', '');
    for (const f of acknowledged) lines.push(`- \`${f.path}${f.line !== undefined ? `:${f.line}` : ''}\` [${f.ruleId}] ${f.message}: ${f.acknowledgedReason}`);
  }
  return lines.join('\n');
}

function emptyOverlay(): Overlay {
  return { charts: [], patches: [], labels: {} };
}

function mergeOverlay(overlay: Overlay, options: OverlayOptions, folder: string, claim: (c: Chart) => void): void {
  validateLabels(undefined, 'labels', options.labels);
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if (overlay.labels[key] !== undefined && overlay.labels[key] !== value) {
      throw new ValidationError(`${folder}: label ${key} is already ${JSON.stringify(overlay.labels[key])}; an overlay sets each label once`);
    }
  }
  (options.charts ?? []).forEach(claim);
  overlay.charts.push(...options.charts ?? []);
  overlay.patches.push(...options.patches ?? []);
  Object.assign(overlay.labels, options.labels ?? {});
}

/** The chart files of a folder: file name (from the chart id) → manifests. */
function chartFiles(charts: Chart[], manifests: Map<Chart, any[]>, folder: string): Map<string, any[]> {
  const files = new Map<string, any[]>();
  for (const chart of charts) {
    const file = `${chart.node.id.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'chart'}.yaml`;
    if (file === 'kustomization.yaml' || files.has(file)) {
      throw new ValidationError(`${folder}: chart ${chart.node.path} would be written to ${file}, which ${file === 'kustomization.yaml' ? 'is the folder\'s kustomization' : 'another chart of the folder already uses'}; give the chart another id`);
    }
    files.set(file, manifests.get(chart)!);
  }
  return files;
}

/**
 * A folder's objects: the inherited ones and its own files, with its patches and labels applied, as kustomize
 * builds it. Duplicate objects are refused (kustomize would refuse them too, with a less helpful message).
 */
function overlayFolder(folderPath: string, description: string, inherited: any[], files: Map<string, any[]>, overlay: Overlay): RenderedFolder {
  const own = [...files.values()].flat();
  let objects = [...inherited, ...own].map(cloneJson);
  const seen = new Map<string, string>();
  for (const object of objects) {
    const id = objectId(object);
    if (seen.has(id)) throw new ValidationError(`${folderPath}: ${id} is defined twice; an object belongs to one chart (and an overlay may patch what it inherits instead of redefining it)`);
    seen.set(id, id);
  }
  const patches = overlay.patches.flatMap(p => p._expand(objects, folderPath));
  objects = objects.map(object => {
    const id = objectId(object);
    const ops = patches.filter(p => p.objectId === id).flatMap(p => p.operations);
    return ops.length > 0 ? applyOperations(object, ops, `${folderPath}: patching ${id}`) : object;
  });
  if (Object.keys(overlay.labels).length > 0) {
    for (const object of objects) object.metadata = { ...object.metadata, labels: { ...object.metadata?.labels, ...overlay.labels } };
  }
  const patchDescriptions = overlay.patches.map(p => p.description);
  return { path: folderPath, description, files, objects, patches, patchDescriptions, labels: { ...overlay.labels } };
}

/** RFC 6902 on a copy, with the same semantics kustomize applies (a failed `test` fails the build). */
function applyOperations(object: any, operations: any[], what: string): any {
  let doc = cloneJson(object);
  for (const op of operations) {
    doc = applyOperation(doc, op, what);
  }
  return doc;
}

function applyOperation(doc: any, op: any, what: string): any {
  const tokens = parsePointer(op.path, what);
  if (tokens.length === 0) {
    if (op.op === 'replace' || op.op === 'add') return cloneJson(op.value);
    throw new ValidationError(`${what}: ${op.op} of the whole object is not supported`);
  }
  const parentTokens = tokens.slice(0, -1);
  const last = tokens[tokens.length - 1];
  let parent = doc;
  for (const token of parentTokens) {
    parent = Array.isArray(parent) ? parent[arrayIndex(parent, token, what, op.path, false)] : parent?.[token];
    if (parent === undefined || parent === null || typeof parent !== 'object') throw new ValidationError(`${what}: ${op.op} ${op.path}: the path does not exist`);
  }
  const exists = Array.isArray(parent) ? /^\d+$/.test(last) && Number(last) < parent.length : Object.prototype.hasOwnProperty.call(parent, last);
  switch (op.op) {
    case 'test': {
      const current = Array.isArray(parent) ? parent[arrayIndex(parent, last, what, op.path, false)] : parent[last];
      if (!exists || JSON.stringify(current) !== JSON.stringify(op.value)) {
        throw new ValidationError(`${what}: test ${op.path} expected ${JSON.stringify(op.value)}, found ${JSON.stringify(current)}; the overlay was made for another version of the object`);
      }
      return doc;
    }
    case 'remove':
      if (!exists) throw new ValidationError(`${what}: remove ${op.path}: the path does not exist`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      return doc;
    case 'replace':
      if (!exists) throw new ValidationError(`${what}: replace ${op.path}: the path does not exist (use add)`);
      if (Array.isArray(parent)) parent[Number(last)] = cloneJson(op.value);
      else parent[last] = cloneJson(op.value);
      return doc;
    case 'add':
      if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : arrayIndex(parent, last, what, op.path, true), 0, cloneJson(op.value));
      else parent[last] = cloneJson(op.value);
      return doc;
    default:
      throw new ValidationError(`${what}: operation ${JSON.stringify(op.op)} is not supported in overlays; use add, remove, replace or test`);
  }
}

function parsePointer(pointer: string, what: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new ValidationError(`${what}: path ${JSON.stringify(pointer)} must be a JSON pointer starting with '/'`);
  return pointer.slice(1).split('/').map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(array: any[], token: string, what: string, pointer: string, insert: boolean): number {
  const max = insert ? array.length : array.length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) > max) throw new ValidationError(`${what}: ${pointer}: ${JSON.stringify(token)} is not an index of the array (length ${array.length})`);
  return Number(token);
}

/** The kustomization of a folder: what it inherits, its own files, its patches and labels. */
function kustomization(folder: RenderedFolder, folders: RenderedFolder[]): string {
  const parent = folder.path.startsWith('environments/') ? 'base'
    : folder.path.startsWith('clusters/') ? `environments/${folder.path.split('/')[2]}` : undefined;
  const inherits = parent !== undefined && folders.some(f => f.path === parent) ? [path.posix.relative(folder.path, parent)] : [];
  const labels = Object.keys(folder.labels).length > 0 ? sortedRecord(folder.labels) : undefined;
  return Yaml.stringify({
    apiVersion: KUSTOMIZE_API_VERSION,
    kind: 'Kustomization',
    resources: [...inherits, ...folder.files.keys()],
    ...(folder.patches.length > 0 ? {
      patches: folder.patches.map(p => ({ target: p.target, patch: Yaml.stringify(p.operations).replace(/^---\n/, '') })),
    } : {}),
    ...(labels ? { labels: [{ pairs: labels, includeSelectors: false }] } : {}),
  });
}

/**
 * The namespace an Application names as its destination. Every namespaced object of the folder carries its
 * own namespace, so this is only Argo CD's default; the first one in order keeps it stable.
 */
function defaultNamespace(objects: any[], where: string): string {
  const namespaces = [...new Set(objects.map(o => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'))].sort();
  if (namespaces.length > 0) return namespaces[0];
  const declared = objects.filter(o => groupOf(o) === '' && o.kind === 'Namespace').map(o => o.metadata.name).sort();
  if (declared.length > 0) return declared[0];
  throw new ValidationError(`${where} holds no namespaced object and no Namespace, so its Application has no namespace to point at; add a chart with a namespace`);
}

/** Every cluster and namespace the environment's folders deploy to. */
function projectDestinations(deployments: RenderedDeployment[], folders: RenderedFolder[]): ProjectDestination[] {
  const out: ProjectDestination[] = [];
  deployments.forEach((d, i) => {
    const namespaces = new Set(folders[i].objects.map(o => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'));
    namespaces.add(d.destinationNamespace);
    for (const namespace of [...namespaces].sort()) out.push({ server: d.server, namespace });
  });
  return out;
}

/** The kinds (namespaced, or cluster-scoped) the objects contain, sorted. */
function resourceKinds(objects: any[], namespaced: boolean): ProjectResourceKind[] {
  const kinds = new Map<string, ProjectResourceKind>();
  for (const object of objects) {
    if ((object.metadata?.namespace !== undefined) !== namespaced) continue;
    kinds.set(groupKind(object), { group: groupOf(object), kind: object.kind });
  }
  return [...kinds.keys()].sort().map(k => kinds.get(k)!);
}
