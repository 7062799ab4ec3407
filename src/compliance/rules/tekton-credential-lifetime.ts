import { formatGoDuration } from '../../common/duration';
import { appendTo, asArray, isKind, isObject, ManifestIndex, parseGoDuration } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { parseVaultTtlMs } from './duration-helpers';
import { generatorOf, lifetime as kindLifetime } from './eso-refresh-lifetime';
import { VAULT_CONFIG } from './vault-auth-binding';

/**
 * How late a renewed credential may reach a starting pod: ESO's reconcile running behind its interval, and the
 * kubelet's watch of the Secret. A run that starts at any moment is promised at least
 * `lease - refreshInterval - CREDENTIAL_DELIVERY_SLACK_MS` of the credential it reads.
 */
export const CREDENTIAL_DELIVERY_SLACK_MS = 60_000;

const TEKTON = 'tekton.dev';
const ESO = 'external-secrets.io';
const CSI = 'secrets-store.csi.x-k8s.io';
/**
 * A `secretPath` entry of the Vault provider's `objects` YAML (block style, as this library and the provider's
 * documentation write it; a value in quotes or not). A runtime YAML parser is not a dependency of the library.
 */
const SECRET_PATH_LINE = /^[ \t]*(?:-[ \t]+)?secretPath:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(?:#.*)?$/gm;
/** The Secrets Store CSI driver's name on a pod's `csi` volume. */
const CSI_DRIVER = 'secrets-store.csi.k8s.io';
/** Tekton's `default-timeout-minutes` for a TaskRun without a timeout. */
const DEFAULT_TASKRUN_TIMEOUT = '1h0m0s';
/** ESO's `refreshInterval` default. */
const DEFAULT_REFRESH = '1h';
/** The shortest refresh a fix may suggest: every refresh mints a credential. */
const MIN_SUGGESTED_REFRESH_MS = 60_000;

/** What an app knows beyond its manifests: lifetimes declared on constructs that render no object of their own. */
export interface CredentialLifetimeFacts {
  /** Lifetimes declared on generators, by `generatorKey()`. */
  readonly generators: Map<string, number>;
  /** Vault database roles written elsewhere whose lease is known (imported with their TTL). */
  readonly roles: { readonly credsPath: string; readonly ms: number; readonly what: string }[];
}

/** The key of a generator in `CredentialLifetimeFacts.generators` (no namespace for a ClusterGenerator). */
export function generatorKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\n${namespace ?? ''}\n${name}`;
}

const NO_FACTS: CredentialLifetimeFacts = { generators: new Map(), roles: [] };

/** A Secret an ExternalSecret keeps filled with a credential that expires. */
interface CredentialSource {
  /** e.g. `Secret 'db' (ExternalSecret 'db' renews VaultDynamicSecret 'db' every 15m0s; lease 31m0s from ...)`. */
  readonly describe: string;
  readonly lifetimeMs: number;
  /** How often ESO renews it; undefined when it never does. */
  readonly refreshMs?: number;
  /** The least time left on the credential a run reads, whenever it starts. */
  readonly guaranteeMs: number;
  /** True when the credential is minted as the run's pod starts (a CSI volume), not renewed ahead of runs. */
  readonly perRun?: boolean;
}

/** A credential a run reads, and through what (a Task, an inline spec, a workspace binding). */
interface Hit {
  readonly via: string;
  readonly source: CredentialSource;
}

/** One run (pipeline task, TaskRun) that may outlive a credential it reads. */
export interface CredentialLifetimeProblem {
  /** The Tekton object at fault. */
  readonly manifest: any;
  /** The part of it, e.g. `pipeline task 'migrate'`; empty for the object itself. */
  readonly subject: string;
  /** What is wrong and how to fix it. */
  readonly text: string;
}

/** The problem as a compliance finding (the report names the object). */
export function problemFinding(p: CredentialLifetimeProblem): string {
  return p.subject ? `${p.subject} ${p.text}` : p.text;
}

/** The problem as a synthesis error, naming the object. */
export function problemMessage(p: CredentialLifetimeProblem): string {
  const self = `${p.manifest?.kind} '${p.manifest?.metadata?.name}'`;
  return p.subject ? `${p.subject} of ${self} ${p.text}` : `${self} ${p.text}`;
}

interface Context {
  readonly index: ManifestIndex;
  /** Sources by `<namespace>\n<secret name>`. */
  readonly sources: Map<string, CredentialSource>;
  /** Credentials minted at pod start, by `<namespace>\n<SecretProviderClass name>`. */
  readonly classes: Map<string, CredentialSource>;
}

const CONTEXTS = new WeakMap<any[], { facts: CredentialLifetimeFacts; context: Context }>();

function contextOf(manifests: any[], facts: CredentialLifetimeFacts): Context {
  const cached = CONTEXTS.get(manifests);
  if (cached !== undefined && cached.facts === facts) return cached.context;
  const index = ManifestIndex.of(manifests);
  const leases = roleLeases(index, facts);
  const sources = new Map<string, CredentialSource>();
  for (const es of index.ofKind(ESO, 'ExternalSecret')) {
    const secret = es.spec?.target?.name ?? es.metadata?.name;
    const source = typeof secret === 'string' ? externalSecretSource(es, secret, leases, manifests, facts) : undefined;
    if (source !== undefined) sources.set(`${es.metadata?.namespace ?? ''}\n${secret}`, source);
  }
  const classes = new Map<string, CredentialSource>();
  for (const spc of index.ofKind(CSI, 'SecretProviderClass')) {
    const source = secretProviderClassSource(spc, leases);
    if (source !== undefined) classes.set(`${spc.metadata?.namespace ?? ''}\n${spc.metadata?.name}`, source);
  }
  const context = { index, sources, classes };
  CONTEXTS.set(manifests, { facts, context });
  return context;
}

/** The credential an ExternalSecret keeps in its target Secret, when a generator it reads has a known lifetime. */
function externalSecretSource(es: any, secret: string, leases: RoleLeases, manifests: any[],
  facts: CredentialLifetimeFacts): CredentialSource | undefined {
  const namespace = es.metadata?.namespace;
  const spec = es.spec ?? {};
  const lifetimes = asArray(spec.dataFrom).map(d => d?.sourceRef?.generatorRef).filter(isObject).flatMap(ref => {
    const found = generatorLifetime(ref, namespace, leases, manifests, facts);
    return found === undefined ? [] : [{ ref, ...found }];
  });
  if (lifetimes.length === 0) return undefined;
  const shortest = lifetimes.reduce((a, b) => (b.ms < a.ms ? b : a));
  const once = spec.refreshPolicy === 'CreatedOnce' || spec.refreshPolicy === 'OnChange';
  const interval = once ? 0 : parseGoDuration(spec.refreshInterval ?? DEFAULT_REFRESH);
  if (interval === undefined) return undefined;
  const refreshMs = interval === 0 ? undefined : interval;
  const lease = `lease ${formatGoDuration(shortest.ms)}${shortest.from ? ` from ${shortest.from}` : ''}`;
  const renewal = refreshMs === undefined
    ? `reads ${shortest.ref.kind} '${shortest.ref.name}' once (refreshPolicy ${spec.refreshPolicy ?? 'Periodic'}, refreshInterval ${spec.refreshInterval ?? DEFAULT_REFRESH})`
    : `renews ${shortest.ref.kind} '${shortest.ref.name}' every ${formatGoDuration(refreshMs)}`;
  return {
    describe: `Secret '${secret}' (ExternalSecret '${es.metadata?.name}' ${renewal}; ${lease})`,
    lifetimeMs: shortest.ms,
    refreshMs,
    guaranteeMs: refreshMs === undefined ? 0 : shortest.ms - refreshMs - CREDENTIAL_DELIVERY_SLACK_MS,
  };
}

/** The shortest lifetime known for a generator: declared, fixed by its kind, or its Vault database role's lease. */
function generatorLifetime(ref: any, namespace: string | undefined, leases: RoleLeases, manifests: any[],
  facts: CredentialLifetimeFacts): { ms: number; from?: string } | undefined {
  if (typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  const found: { ms: number; from?: string }[] = [];
  // a generator imported without a namespace is the one in the namespace of each ExternalSecret using it
  const declared = facts.generators.get(generatorKey(ref.kind, ref.kind === 'ClusterGenerator' ? undefined : namespace, ref.name))
    ?? facts.generators.get(generatorKey(ref.kind, undefined, ref.name));
  if (declared !== undefined) found.push({ ms: declared });
  const generator = generatorOf(ref, namespace, manifests);
  if (generator !== undefined) {
    const fixed = kindLifetime(generator.kind, generator.spec);
    if (fixed !== undefined) found.push({ ms: fixed });
    if (generator.kind === 'VaultDynamicSecret' && isObject(generator.spec)) {
      found.push(...leases(generator.spec.path, generator.spec.provider?.namespace));
    }
  }
  // on a tie, the one that says where the lease comes from
  return found.length === 0 ? undefined : found.reduce((a, b) => (b.ms < a.ms || (b.ms === a.ms && a.from === undefined) ? b : a));
}

/**
 * The credential a Vault SecretProviderClass mints when a pod mounts it: the shortest lease of the database roles
 * whose creds paths its objects read. Nothing renews it, and the run's timeout starts before its pod mounts the
 * volume, so a run has the whole lease.
 */
function secretProviderClassSource(spc: any, leases: RoleLeases): CredentialSource | undefined {
  const parameters = spc.spec?.parameters;
  if (spc.spec?.provider !== 'vault' || !isObject(parameters) || typeof parameters.objects !== 'string') return undefined;
  const paths = [...new Set([...parameters.objects.matchAll(SECRET_PATH_LINE)].map(m => m[2]))];
  const found = paths.flatMap(p => leases(p, parameters.vaultNamespace));
  if (found.length === 0) return undefined;
  const shortest = found.reduce((a, b) => (b.ms < a.ms ? b : a));
  return {
    describe: `SecretProviderClass '${spc.metadata?.name}' (the Vault CSI provider mints it when the pod starts; lease ${formatGoDuration(shortest.ms)} from ${shortest.from})`,
    lifetimeMs: shortest.ms,
    guaranteeMs: shortest.ms,
    perRun: true,
  };
}

/** The leases of the Vault database roles whose creds path a reader (generator, CSI object) reads, in the same Vault namespace. */
type RoleLeases = (secretPath: unknown, vaultNamespace: unknown) => { ms: number; from: string }[];

/**
 * `RoleLeases` over the output's database roles (by Vault namespace and creds path) and the declared ones (by creds
 * path), indexed once per evaluation: every ExternalSecret of a fleet reads a role, and a scan of every role per
 * reader is quadratic.
 */
function roleLeases(index: ManifestIndex, facts: CredentialLifetimeFacts): RoleLeases {
  const fromManifests = new Map<string, Map<string, { ms: number; from: string }[]>>();
  for (const r of index.ofKind(VAULT_CONFIG, 'DatabaseSecretEngineRole')) {
    const path = credsPathOf(r);
    const namespace = r.spec?.authentication?.namespace ?? '';
    const ms = leaseOf(r.spec ?? {});
    // a namespace that is not a string matches no reader's
    if (path === undefined || typeof namespace !== 'string' || ms === undefined) continue;
    let byPath = fromManifests.get(namespace);
    if (byPath === undefined) fromManifests.set(namespace, byPath = new Map());
    appendTo(byPath, path, { ms, from: `DatabaseSecretEngineRole '${r.metadata?.name}'` });
  }
  const fromFacts = new Map<string, { ms: number; from: string }[]>();
  for (const r of facts.roles) appendTo(fromFacts, r.credsPath, { ms: r.ms, from: r.what });
  return (secretPath, vaultNamespace) => {
    if (typeof secretPath !== 'string') return [];
    const path = secretPath.replace(/^\/+/, '').replace(/^v1\//, '').replace(/\?.*$/, '');
    const namespace = typeof vaultNamespace === 'string' ? vaultNamespace : '';
    return [...fromManifests.get(namespace)?.get(path) ?? [], ...fromFacts.get(path) ?? []];
  };
}

function credsPathOf(role: any): string | undefined {
  const mount = role.spec?.path;
  const name = role.spec?.name ?? role.metadata?.name;
  return typeof mount === 'string' && typeof name === 'string' ? `${mount.replace(/^\/+|\/+$/g, '')}/creds/${name}` : undefined;
}

/** A database role's lease: its default TTL, capped by its max TTL; undefined when neither is set. */
function leaseOf(spec: any): number | undefined {
  const ttls = [parseVaultTtlMs(spec.defaultTTL), parseVaultTtlMs(spec.maxTTL)].filter((ms): ms is number => typeof ms === 'number');
  return ttls.length === 0 ? undefined : Math.min(...ttls);
}

/** The SecretProviderClasses a Task spec mounts through Secrets Store CSI volumes. */
function classesOfTaskSpec(spec: any): string[] {
  return asArray(spec?.volumes).map(v => csiClassOf(v?.csi)).filter((n): n is string => n !== undefined);
}

/** The SecretProviderClass of a `csi` volume source of the Secrets Store driver. */
function csiClassOf(csi: any): string | undefined {
  const name = csi?.driver === CSI_DRIVER ? csi.volumeAttributes?.secretProviderClass : undefined;
  return typeof name === 'string' ? name : undefined;
}

/** The Secrets a Task spec reads: secret and projected volumes, env and envFrom of its steps, sidecars and step template. */
function secretsOfTaskSpec(spec: any): string[] {
  const names: unknown[] = [];
  for (const v of asArray(spec?.volumes)) {
    names.push(v?.secret?.secretName, ...asArray(v?.projected?.sources).map(s => s?.secret?.name));
  }
  const containers = [...asArray(spec?.steps), ...asArray(spec?.sidecars), ...(isObject(spec?.stepTemplate) ? [spec.stepTemplate] : [])];
  for (const c of containers) {
    names.push(...asArray(c?.env).map(e => e?.valueFrom?.secretKeyRef?.name), ...asArray(c?.envFrom).map(e => e?.secretRef?.name));
  }
  return names.filter((n): n is string => typeof n === 'string');
}

function specHits(spec: any, namespace: string | undefined, ctx: Context, via: string): Hit[] {
  const found = [
    ...secretsOfTaskSpec(spec).map(secret => ctx.sources.get(`${namespace ?? ''}\n${secret}`)),
    ...classesOfTaskSpec(spec).map(spc => ctx.classes.get(`${namespace ?? ''}\n${spc}`)),
  ];
  return found.filter((s): s is CredentialSource => s !== undefined).map(source => ({ via, source }));
}

/** The credentials a pipeline task or TaskRun reads through its Task (referenced in the namespace, or inline). */
function taskHits(holder: any, namespace: string | undefined, ctx: Context): Hit[] {
  if (isObject(holder?.taskSpec)) return specHits(holder.taskSpec, namespace, ctx, 'its inline taskSpec');
  const ref = holder?.taskRef;
  if (!isObject(ref) || ref.resolver !== undefined || (ref.kind ?? 'Task') !== 'Task') return [];
  const task = ctx.index.namedIn(TEKTON, 'Task', namespace, ref.name)[0];
  return task === undefined ? [] : specHits(task.spec, namespace, ctx, `Task '${ref.name}'`);
}

/** The credentials bound to workspaces (`{ workspace name: source }`) of a run. */
function workspaceSources(bindings: unknown, namespace: string | undefined, ctx: Context): Map<string, CredentialSource> {
  const found = new Map<string, CredentialSource>();
  for (const binding of asArray(bindings)) {
    const secrets = [binding?.secret?.secretName, ...asArray(binding?.projected?.sources).map(s => s?.secret?.name)];
    for (const secret of secrets.filter((s): s is string => typeof s === 'string')) {
      const source = ctx.sources.get(`${namespace ?? ''}\n${secret}`);
      if (source !== undefined && typeof binding.name === 'string') found.set(binding.name, source);
    }
    const spc = csiClassOf(binding?.csi);
    const minted = spc === undefined ? undefined : ctx.classes.get(`${namespace ?? ''}\n${spc}`);
    if (minted !== undefined && typeof binding.name === 'string') found.set(binding.name, minted);
  }
  return found;
}

/** Why a run with `timeout` may outlive the shortest-lived credential among `hits`, if it may. */
function timeoutText(hits: Hit[], timeout: unknown, defaulted: boolean): string | undefined {
  const { via, source } = hits.reduce((a, b) => (b.source.guaranteeMs < a.source.guaranteeMs ? b : a));
  const left = source.guaranteeMs > 0 ? `with at least ${formatGoDuration(source.guaranteeMs)} left when a run starts`
    : 'with no time left that a starting run can count on';
  if (timeout === undefined) {
    return `has no timeout, so it may outlive the credential it reads through ${via}: ${source.describe}, ${left}; ${fixText(source, undefined)}`;
  }
  const ms = parseGoDuration(timeout);
  if (ms === undefined) return `has timeout ${JSON.stringify(timeout)}, which is not a Go duration such as "15m0s"`;
  if (ms !== 0 && ms <= source.guaranteeMs) return undefined;
  const runs = ms === 0 ? 'for ever (timeout 0s)' : `for ${timeout}${defaulted ? ' (Tekton\'s default timeout)' : ''}`;
  return `may run ${runs}, longer than the credential it reads through ${via} is sure to live: ${source.describe}, ${left}; ${fixText(source, ms === 0 ? undefined : ms)}`;
}

function fixText(source: CredentialSource, timeoutMs: number | undefined): string {
  const slack = formatGoDuration(CREDENTIAL_DELIVERY_SLACK_MS);
  if (source.perRun === true) {
    const lease = timeoutMs === undefined ? 'the timeout' : `at least ${formatGoDuration(timeoutMs)}`;
    return `set the timeout to at most ${formatGoDuration(source.lifetimeMs)}, or lengthen the database role's lease (defaultTTL and maxTTL) to ${lease}`;
  }
  if (source.refreshMs === undefined) {
    return `renew the credential with refreshPolicy Periodic and a refreshInterval of at most the lease minus the run's timeout minus ${slack}`;
  }
  const fixes = source.guaranteeMs > 0 ? [`set the timeout to at most ${formatGoDuration(source.guaranteeMs)}`] : [];
  if (timeoutMs === undefined) {
    fixes.push(`lengthen the lease to the timeout + the refresh interval + ${slack}`);
  } else {
    const refreshBy = source.lifetimeMs - timeoutMs - CREDENTIAL_DELIVERY_SLACK_MS;
    if (refreshBy >= MIN_SUGGESTED_REFRESH_MS) fixes.push(`renew it at least every ${formatGoDuration(refreshBy)}`);
    const lease = formatGoDuration(timeoutMs + source.refreshMs + CREDENTIAL_DELIVERY_SLACK_MS);
    fixes.push(`lengthen the lease to at least ${lease} (the timeout + the refresh interval ${formatGoDuration(source.refreshMs)} + ${slack} for ESO and kubelet delays)`);
  }
  return fixes.length === 1 ? fixes[0] : `${fixes.slice(0, -1).join(', ')}, or ${fixes[fixes.length - 1]}`;
}

/** The pipeline tasks of `spec` (tasks and finally) that may outlive a credential they read. */
function pipelineSpecProblems(manifest: any, spec: any, hitsOf: (entry: any) => Hit[]): CredentialLifetimeProblem[] | undefined {
  let applicable = false;
  const problems = [...asArray(spec?.tasks), ...asArray(spec?.finally)].flatMap(entry => {
    const hits = hitsOf(entry);
    if (hits.length === 0) return [];
    applicable = true;
    const text = timeoutText(hits, entry?.timeout, false);
    return text === undefined ? [] : [{ manifest, subject: `pipeline task '${entry?.name}'`, text }];
  });
  return applicable ? problems : undefined;
}

/** The Secret-backed workspaces a pipeline task binds. */
function workspaceHits(entry: any, bound: Map<string, CredentialSource>): Hit[] {
  return asArray(entry?.workspaces).flatMap(w => {
    const source = typeof w?.workspace === 'string' ? bound.get(w.workspace) : undefined;
    return source === undefined ? [] : [{ via: `workspace '${w.workspace}'`, source }];
  });
}

function pipelineRunProblems(manifest: any, ctx: Context): CredentialLifetimeProblem[] | undefined {
  const namespace = manifest.metadata?.namespace;
  const spec = manifest.spec ?? {};
  const bound = workspaceSources(spec.workspaces, namespace, ctx);
  if (isObject(spec.pipelineSpec)) {
    return pipelineSpecProblems(manifest, spec.pipelineSpec, e => [...taskHits(e, namespace, ctx), ...workspaceHits(e, bound)]);
  }
  if (bound.size === 0) return undefined;
  // the referenced Pipeline answers for its Tasks' own mounts; the run for the Secrets it binds to workspaces
  const pipeline = ctx.index.namedIn(TEKTON, 'Pipeline', namespace, spec.pipelineRef?.name)[0];
  return pipeline === undefined ? undefined : pipelineSpecProblems(manifest, pipeline.spec, e => workspaceHits(e, bound));
}

function taskRunProblems(manifest: any, ctx: Context): CredentialLifetimeProblem[] | undefined {
  const namespace = manifest.metadata?.namespace;
  const spec = manifest.spec ?? {};
  const bound = workspaceSources(spec.workspaces, namespace, ctx);
  const hits = [...taskHits(spec, namespace, ctx), ...[...bound.entries()].map(([w, source]) => ({ via: `workspace '${w}'`, source }))];
  if (hits.length === 0) return undefined;
  const text = timeoutText(hits, spec.timeout ?? DEFAULT_TASKRUN_TIMEOUT, spec.timeout === undefined);
  return text === undefined ? [] : [{ manifest, subject: '', text }];
}

/**
 * The runs one Tekton object (Pipeline, TaskRun, PipelineRun) starts that may outlive a rotating credential they
 * read; undefined when it reads none (or is of another kind).
 */
export function runLifetimeProblems(manifest: any, manifests: any[],
  facts: CredentialLifetimeFacts = NO_FACTS): CredentialLifetimeProblem[] | undefined {
  if (!isKind(manifest, TEKTON, 'Pipeline', 'TaskRun', 'PipelineRun')) return undefined;
  const ctx = contextOf(manifests, facts);
  if (ctx.sources.size === 0 && ctx.classes.size === 0) return undefined;
  const namespace = manifest.metadata?.namespace;
  switch (manifest.kind) {
    case 'Pipeline':
      return pipelineSpecProblems(manifest, manifest.spec, e => taskHits(e, namespace, ctx));
    case 'TaskRun':
      return taskRunProblems(manifest, ctx);
    default:
      return pipelineRunProblems(manifest, ctx);
  }
}

export const tektonCredentialLifetime: RuleDefinition = {
  id: 'ZT-TKN1',
  level: ComplianceLevel.ERROR,
  message: 'Tekton run may outlive a rotating credential it reads',
  explanation: 'A Secrets Store CSI volume whose Vault objects read a database role\'s creds path gives the pod a '
    + 'credential minted when it starts, living the role\'s lease; a run that may last longer loses its database '
    + 'user halfway. '
    + 'An ExternalSecret that renews a generated credential (a VaultDynamicSecret on a database role, a '
    + 'GitHub App token) every refreshInterval hands a run that starts just before a renewal a credential with only '
    + 'lease - refreshInterval left, less the time ESO and the kubelet take to deliver the new one (1m allowed). A '
    + 'pipeline task or TaskRun that reads it (through its Task\'s volumes or env, an inline taskSpec, or a Secret '
    + 'bound to a workspace) and may run longer fails halfway when the credential expires; a pipeline task without a '
    + 'timeout is bounded only by whatever run starts it. Give each such run a timeout of at most '
    + 'lease - refreshInterval - 1m, or lengthen the lease (the database role\'s defaultTTL and maxTTL) to the '
    + 'timeout + refreshInterval + 1m (for a CSI volume: give the run a timeout of at most the lease, or a lease of at '
    + 'least the timeout).',
  fix: 'set the run\'s timeout to at most the lease - refreshInterval - 1m, or lengthen the lease',
  anchors: ['Tekton pipeline task timeout and TaskRun timeout', 'ESO ExternalSecret refreshInterval with VaultDynamicSecret',
    'Vault database secrets engine default_ttl, max_ttl', 'S2: credentials live as long as the task'],
  beyondAnchors: 'Tekton, ESO and Vault each bound one lifetime; none relates a run\'s timeout to the lease of the '
    + 'credential it reads. This rule follows each Task\'s Secrets to the ExternalSecret that writes them, its '
    + 'generators and their Vault database roles (and its CSI volumes to their SecretProviderClass and the roles '
    + 'whose creds paths it reads), and judges every pipeline task and TaskRun that runs the Task.',
  kinds: ['tekton.dev/Pipeline', 'tekton.dev/TaskRun', 'tekton.dev/PipelineRun'],
  check: (manifest, manifests) => {
    const problems = runLifetimeProblems(manifest, manifests);
    return problems === undefined ? NOT_APPLICABLE : outcome(problems.map(problemFinding));
  },
};

/** Every problem of `manifests`, for the check at synthesis. */
export function credentialLifetimeProblems(manifests: any[], facts: CredentialLifetimeFacts): CredentialLifetimeProblem[] {
  return manifests.flatMap(m => runLifetimeProblems(m, manifests, facts) ?? []);
}
