import { ApiObject, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  credentialLifetimeProblems, CredentialLifetimeFacts, generatorKey, problemMessage,
} from './rules/tekton-credential-lifetime';

/**
 * The check that no Tekton run outlives a rotating credential it reads (ZT-TKN1's analysis), run at synthesis on
 * every app that holds a Task, a run or an ExternalSecret, whether or not the compliance pack is applied: it cannot
 * be skipped by building the chain from lower-level constructs instead of `DynamicDatabaseCredentials`.
 *
 * The manifests carry most of the chain (Task volumes, ExternalSecret refresh, generator path, database role TTL);
 * what they do not carry (a lifetime declared on a generator, an imported role's TTL) the constructs declare here.
 */

/** The kinds the check reads, by API group. */
const KINDS = new Map<string, Set<string>>([
  ['tekton.dev', new Set(['Task', 'Pipeline', 'TaskRun', 'PipelineRun'])],
  ['external-secrets.io', new Set(['ExternalSecret'])],
  ['generators.external-secrets.io', new Set(['VaultDynamicSecret', 'ClusterGenerator', 'GithubAccessToken', 'GCRAccessToken', 'ECRAuthorizationToken', 'STSSessionToken'])],
  ['redhatcop.redhat.io', new Set(['DatabaseSecretEngineRole'])],
  ['secrets-store.csi.x-k8s.io', new Set(['SecretProviderClass'])],
]);

const FACTS = new WeakMap<IConstruct, CredentialLifetimeFacts>();
const CHECKED = new WeakSet<IConstruct>();

function factsOf(scope: IConstruct): CredentialLifetimeFacts {
  const root = scope.node.root;
  let facts = FACTS.get(root);
  if (facts === undefined) {
    facts = { generators: new Map(), roles: [] };
    FACTS.set(root, facts);
  }
  return facts;
}

/**
 * Declares how long the values of a generator live (`namespace` undefined for a ClusterGenerator), for the runs
 * that read them through an ExternalSecret.
 */
export function declareGeneratorLifetime(scope: IConstruct, kind: string, namespace: string | undefined, name: string, lifetime: Duration): void {
  const key = generatorKey(kind, namespace, name);
  const facts = factsOf(scope);
  const ms = lifetime.toMilliseconds({ integral: false });
  facts.generators.set(key, Math.min(ms, facts.generators.get(key) ?? ms));
}

/** Declares the lease of a Vault database role written outside this app (`what` names it in messages). */
export function declareDatabaseRoleLease(scope: IConstruct, credsPath: string, lease: Duration, what: string): void {
  factsOf(scope).roles.push({ credsPath, ms: lease.toMilliseconds({ integral: false }), what });
}

/**
 * Adds the check to the app of `scope` (once per app; the first construct carries it, and each message names the
 * Tekton object at fault).
 */
export function checkCredentialLifetimes(scope: IConstruct): void {
  const root = scope.node.root;
  if (CHECKED.has(root)) return;
  CHECKED.add(root);
  scope.node.addValidation({ validate: () => credentialLifetimeProblems(renderedManifests(root), factsOf(root)).map(problemMessage) });
}

/** The app's objects of the kinds the check reads, rendered; none unless it has runs and ExternalSecrets or SecretProviderClasses. */
function renderedManifests(root: IConstruct): any[] {
  const objects = root.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && (KINDS.get(groupOf(c.apiVersion))?.has(c.kind) ?? false));
  const tekton = objects.some(o => groupOf(o.apiVersion) === 'tekton.dev' && o.kind !== 'Task');
  if (!tekton || !objects.some(o => o.kind === 'ExternalSecret' || o.kind === 'SecretProviderClass')) return [];
  return objects.flatMap(o => {
    try {
      return [o.toJson()];
    } catch {
      // an object that cannot render reports why through its own validation
      return [];
    }
  });
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
