import type { RenderedDeployment, RenderedFolder } from './manifests';
import { compareCodeUnits } from '../../common/sort';

/** The first line of every README the repository writes: `synth()` only replaces folders that start with it. */
export const README_MARKER = '<!-- written by cdk8s-zero-trust GitOpsRepository: change the code that writes it, not this file -->';

export interface ReadmeInput {
  readonly name: string;
  readonly repoUrl: string;
  readonly targetRevision: string;
  readonly argoCdNamespace: string;
  readonly appOfApps: string;
  readonly folders: RenderedFolder[];
  readonly deployments: RenderedDeployment[];
  readonly argocd: any[];
  readonly bootstrap: any[];
  /** The management cluster's folder, and the name of its AppProject and Application. */
  readonly management?: { readonly folder: RenderedFolder; readonly name: string };
  /** Why workload folders may install operators, when they may. */
  readonly workloadOperators?: string;
  /** Extra sections (e.g. the secret-flow overview), already rendered. */
  readonly sections?: string[];
}

/** `ExternalSecret 3, Namespace 1` for a set of objects, most frequent kind first. */
export function kindSummary(objects: any[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts].sort(([a, m], [b, n]) => n - m || compareCodeUnits(a, b)).map(([k, n]) => `${k} ${n}`).join(', ');
}

function names(objects: any[], kind: string): string[] {
  return objects.filter(o => o.kind === kind).map(o => `\`${o.metadata.name}\``);
}

/** What the repository holds and where, for whoever reviews or operates it. */
export function renderReadme(input: ReadmeInput): string {
  const lines: string[] = [README_MARKER, `# ${input.name}: GitOps repository`, ''];
  lines.push(...introduction(input), ...layout(input), ...deploymentsTable(input));
  for (const section of input.sections ?? []) lines.push(section.trimEnd(), '');
  return lines.join('\n');
}

/** Where the repository comes from, and how to bootstrap it. */
function introduction(input: ReadmeInput): string[] {
  const kinds = input.appOfApps === 'applications' ? 'Applications' : `ApplicationSets${input.management ? ' and the management Application' : ''}`;
  return [
    `Argo CD syncs this repository from \`${input.repoUrl}\` at \`${input.targetRevision}\`. Every file is written by`,
    'cdk8s-zero-trust\'s `GitOpsRepository`: change the TypeScript that writes it and write it again, rather than editing',
    'files here. No file holds a secret value: credentials are ExternalSecrets and generators that reference a secret',
    'manager, and the repository refuses to be written while any v1 Secret carries sensitive data or any file contains',
    'credential-looking text.',
    '',
    '## Bootstrap',
    '',
    `Apply \`bootstrap/\` once, on the cluster Argo CD runs in: \`kubectl apply -k bootstrap/\`. It creates the project ${names(input.bootstrap, 'AppProject').join(', ')}`,
    `(which may only sync this repository into the \`${input.argoCdNamespace}\` namespace, and only AppProjects and ${kinds})`,
    `and the root Application ${names(input.bootstrap, 'Application').join(', ')}, which syncs \`argocd/\`. From then on, merging into \`${input.targetRevision}\` deploys.`,
    '',
    ...input.management ? managementBootstrap(input.management.name) : [],
  ];
}

/** How a new management cluster starts: its control plane first, by hand, then Argo CD keeps it. */
function managementBootstrap(name: string): string[] {
  return [
    'On a new management cluster, apply `management/` before `bootstrap/`: `kubectl apply -k management/` installs the',
    'operators and the Argo CD operand; objects whose operator is not installed yet are refused until it is, so apply',
    `again once the operators are ready. From then on the Application \`${name}\` keeps \`management/\` in sync.`,
    '',
  ];
}

/** The folders: what each holds, its files and objects. */
function layout(input: ReadmeInput): string[] {
  const lines = [
    '## Layout',
    '',
    '| Folder | What it holds | Files | Objects |',
    '| --- | --- | --- | --- |',
  ];
  for (const folder of input.folders) lines.push(folderRow(folder));
  lines.push(
    `| \`argocd/\` | what the root Application syncs: ${kindSummary(input.argocd)} | \`kustomization.yaml\`, \`argocd.yaml\` | ${input.argocd.length} |`,
    `| \`bootstrap/\` | applied once by hand: ${kindSummary(input.bootstrap)} | \`kustomization.yaml\`, \`bootstrap.yaml\` | ${input.bootstrap.length} |`,
    '',
    'Each folder is a kustomization: an environment is the base plus its own charts and patches, and a cluster folder',
    'is its environment plus the cluster\'s own. `kubectl kustomize clusters/<cluster>/<environment>` shows exactly what',
    'Argo CD applies there.',
    '',
  );
  return lines;
}

function folderRow(folder: RenderedFolder): string {
  const own = [...folder.files.values()].flat();
  const changes = [
    ...folder.patchDescriptions.map(d => `patch: ${d}`),
    ...Object.keys(folder.labels).length > 0 ? [`labels: ${Object.entries(folder.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`] : [],
  ];
  const what = [folder.description, ...changes].join('; ');
  const files = ['kustomization.yaml', ...folder.files.keys()].map(f => `\`${f}\``).join(', ');
  const objects = folder.path.startsWith('clusters/')
    ? `${own.length} own (${kindSummary(own) || 'none'}); ${folder.objects.length} deployed`
    : `${own.length} (${kindSummary(own) || 'none'})`;
  return `| \`${folder.path}/\` | ${what} | ${files} | ${objects} |`;
}

/** Which cluster runs which environment, from which folder, through which Argo CD object and project. */
function deploymentsTable(input: ReadmeInput): string[] {
  const lines = [
    '## Deployments',
    '',
    '| Cluster | API server | Environment | Folder | Argo CD | Project |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const d of input.deployments) {
    const app = input.appOfApps === 'applications'
      ? `Application \`${d.application}\``
      : `ApplicationSet \`${input.name}-${d.environment}\``;
    lines.push(`| ${d.cluster} | \`${d.server}\` | ${d.environment} | \`${d.path}/\` | ${app} | \`${input.name}-${d.environment}\` |`);
  }
  if (input.management) {
    const { folder, name } = input.management;
    lines.push(`| management (Argo CD runs here) | \`https://kubernetes.default.svc\` | - | \`${folder.path}/\` | Application \`${name}\` | \`${name}\` |`);
  }
  lines.push(
    '',
    'Each environment has its own AppProject, allowing exactly the clusters and namespaces its folders deploy to and',
    'exactly the kinds they contain, so an Application of one environment cannot deploy into another\'s clusters.',
    '',
    ...placementText(input),
  );
  return lines;
}

/** Where the control plane goes, and what workload folders may not hold. */
function placementText(input: ReadmeInput): string[] {
  const lines: string[] = [];
  if (input.management) {
    lines.push(
      `The project \`${input.management.name}\` reaches only the cluster Argo CD runs in, with exactly the namespaces and kinds`,
      'of `management/`. It alone may create Argo CD\'s own objects (projects, Applications, ApplicationSets, the operand),',
      'Argo CD cluster and repository Secrets, and operators; the repository refuses to be written while a workload folder',
      'holds one, so none reaches a workload cluster. Whoever may change `management/`, `argocd/` or `bootstrap/` changes',
      'the control plane: protect them (e.g. with code owners) more strictly than the workload folders.',
      '',
    );
  }
  if (input.workloadOperators) lines.push(`Workload folders may install operators (OLM Subscriptions, OperatorGroups and CatalogSources): ${input.workloadOperators}`, '');
  return lines;
}
