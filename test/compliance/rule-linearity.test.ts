/**
 * Every compliance rule and every whole-output check stays linear in the number of objects (issue #18). A rule that
 * relates objects by scanning another kind's list per object (a store per ExternalSecret, a Namespace per network)
 * passes every functional test and takes minutes on a fleet of thousands of tenants.
 *
 * The measure is exact, not a timing: the fields of the manifests each check reads, counted through proxies, on a
 * synthetic fleet at two sizes. A scan per object reads the scanned objects again each time, so its reads grow with
 * the square of the fleet; a linear check reads a bounded number per object. Timings were tried first and rejected:
 * on a shared machine a linear pass over six times the objects took 4 to 24 times as long from run to run, which
 * hides a quadratic rule. Work on derived data (strings, a rule's own facts) is not counted here; the benchmark's
 * growth limits (`npx projen bench`) time the whole path end to end. `LINEARITY_TABLE=1` prints every check's counts.
 */
import { Yaml } from 'cdk8s';
import { buildFleet, tenantName } from '../../examples/multi-tenant-fleet/fleet';
import { Synthesis } from '../../src/common/synthesis';
import { itemsOf } from '../../src/compliance/pack';
import { rbacFindings } from '../../src/compliance/rbac/assess';
import { ALL_RULES } from '../../src/compliance/rules';
import { credentialLifetimeProblems } from '../../src/compliance/rules/tekton-credential-lifetime';
import { clearScanCache } from '../../src/compliance/secrets';
import { SecretFlow } from '../../src/gitops/secret-flow';
import { GuardedFile, SecretGuard } from '../../src/gitops/secret-guard';

interface Input {
  /** Every object of the output, `kind: List` items flattened, as the compliance pack sees them. */
  readonly manifests: any[];
  /** One file per chart, as the GitOps repository hands them to the secret guard. */
  readonly files: GuardedFile[];
}

interface Check {
  readonly name: string;
  readonly run: (input: Input) => void;
}

/** Generous: the test takes a few seconds, but CI machines are shared. */
const TIMEOUT_MS = 120_000;

const ESO_V1 = 'external-secrets.io/v1';
const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const TENANT_LABEL = 'example.com/tenant';

/**
 * Objects per tenant that reach the cross-object paths the fleet itself does not: cluster-scoped objects that select
 * namespaces by label and name a store or generator every tenant has one of, Secrets a ClusterPushSecret selects by
 * label, Roles bound in one shared namespace, aggregated ClusterRoles and a TaskRun (which makes ZT-TKN1 work out the
 * credential lifetime of every ExternalSecret). None of them yields a finding per other tenant, so the work they
 * cause is linear when the rules are.
 */
function extras(ns: string): any[] {
  const byTenant = { matchLabels: { [TENANT_LABEL]: ns } };
  return [
    {
      apiVersion: 'k8s.ovn.org/v1',
      kind: 'ClusterUserDefinedNetwork',
      metadata: { name: `${ns}-net` },
      spec: { namespaceSelector: byTenant, network: { topology: 'Layer3', layer3: { role: 'Primary' } } },
    },
    {
      apiVersion: ESO_V1,
      kind: 'SecretStore',
      metadata: { name: 'shared', namespace: ns, annotations: { 'zero-trust.cdk8s.io/key-prefix': 'shared/' } },
      spec: { provider: { vault: { server: 'https://vault.vault.svc:8200', path: 'secret', version: 'v2' } } },
    },
    {
      apiVersion: ESO_V1,
      kind: 'ClusterExternalSecret',
      metadata: { name: `${ns}-shared` },
      spec: {
        namespaceSelector: byTenant,
        externalSecretSpec: {
          secretStoreRef: { name: 'shared', kind: 'SecretStore' },
          data: [{ secretKey: 'settings', remoteRef: { key: 'shared/settings' } }],
          dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'password' } } }],
        },
      },
    },
    { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', metadata: { name: 'password', namespace: ns }, spec: { length: 32 } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${ns}-push`, namespace: ns, labels: { 'example.com/push': ns } } },
    {
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'ClusterPushSecret',
      metadata: { name: `${ns}-push` },
      spec: {
        namespaceSelectors: [byTenant],
        pushSecretSpec: {
          secretStoreRefs: [{ name: 'shared', kind: 'SecretStore' }],
          selector: { secret: { selector: { matchLabels: { 'example.com/push': ns } } } },
          data: [{ match: { secretKey: 'token', remoteRef: { remoteKey: 'shared/token' } } }],
        },
      },
    },
    {
      apiVersion: RBAC_V1,
      kind: 'Role',
      metadata: { name: `${ns}-reader`, namespace: 'shared-rbac' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: RBAC_V1,
      kind: 'RoleBinding',
      metadata: { name: `${ns}-reader`, namespace: 'shared-rbac' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${ns}-reader` },
      subjects: [{ kind: 'ServiceAccount', name: 'vault-reader', namespace: ns }],
    },
    {
      apiVersion: RBAC_V1,
      kind: 'ClusterRole',
      metadata: { name: `${ns}-aggregate` },
      aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: `example.com/aggregate-to-${ns}`, operator: 'Exists' }] }] },
      rules: [],
    },
    {
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: { name: 'migrate', namespace: ns },
      spec: { taskRef: { name: 'flyway-migrate' }, timeout: '10m' },
    },
  ];
}

function fleetInput(tenants: number): Input {
  const { app } = buildFleet({ tenants, compliance: false });
  const charts = Synthesis.appManifests(app);
  const more = Array.from({ length: tenants }, (_, i) => extras(tenantName(i))).flat();
  return {
    manifests: [...charts.flatMap(c => c.manifests).flatMap(itemsOf), ...more],
    files: [
      ...charts.map(({ chart, manifests }) => ({ path: `${chart.node.id}.yaml`, text: Yaml.stringify(...manifests), manifests })),
      { path: 'extras.yaml', text: Yaml.stringify(...more), manifests: more },
    ],
  };
}

/**
 * Each rule over every manifest, as the pack runs it: a fresh list per run, so that the indexes and caches rules
 * keep per list are built inside the count, as in a real evaluation. The credential scanner's cache is emptied
 * first (it outlives evaluations, and would otherwise count lookups, not scans).
 */
const CHECKS: Check[] = [
  ...ALL_RULES.map(rule => ({
    name: rule.id,
    run: (input: Input) => {
      const manifests = [...input.manifests];
      for (const manifest of manifests) rule.check(manifest, manifests);
    },
  })),
  { name: 'rbacFindings', run: input => void rbacFindings([...input.manifests]) },
  { name: 'credentialLifetimeProblems', run: input => void credentialLifetimeProblems([...input.manifests], { generators: new Map(), roles: [] }) },
  { name: 'SecretGuard.findings', run: input => void SecretGuard.findings(input.files) },
  { name: 'SecretFlow.fromManifests', run: input => void SecretFlow.fromManifests([...input.manifests]).toMarkdown() },
];

interface Row {
  readonly name: string;
  readonly small: number;
  readonly large: number;
}

const growth = (row: Row) => row.large / row.small;

function table(rows: Row[], digits = 1): string {
  return [
    `check | ${digits === 0 ? 'reads' : 'ms'} small | large | ratio`,
    ...rows.map(r => `${r.name} | ${r.small.toFixed(digits)} | ${r.large.toFixed(digits)} | ${growth(r).toFixed(2)}`),
  ].join('\n');
}

/** Tenants of the two fleets (16 objects each, plus the extras below): small, since every read goes through a proxy. */
const COUNTED_SIZES = [20, 120] as const;
/** How much faster than the object count a check's field reads may grow (an index lookup per object reads a few more). */
const READ_SLACK = 1.5;

/**
 * `value` with every property read of it and of the objects reached from it counted in `counter`; the same proxy
 * for the same object, so that rules keying caches by manifest see stable identities.
 */
function counting<T>(value: T, counter: { reads: number }, proxies: WeakMap<object, any>): T {
  if (typeof value !== 'object' || value === null) return value;
  let proxy = proxies.get(value);
  if (proxy === undefined) {
    proxy = new Proxy(value as any, {
      get: (target, key, receiver) => {
        counter.reads++;
        return counting(Reflect.get(target, key, receiver), counter, proxies);
      },
    });
    proxies.set(value, proxy);
  }
  return proxy;
}

/** An input whose manifests count every field read into `counter` (file texts stay plain strings). */
function countedInput(input: Input, counter: { reads: number }): Input {
  const proxies = new WeakMap<object, any>();
  return {
    manifests: input.manifests.map(m => counting(m, counter, proxies)),
    files: input.files.map(f => ({ ...f, manifests: f.manifests?.map(m => counting(m, counter, proxies)) })),
  };
}

/** Fields of the manifests one run of `check` reads, per input. */
function reads(check: Check, inputs: readonly Input[]): Row {
  const counts = inputs.map(input => {
    const counter = { reads: 0 };
    const counted = countedInput(input, counter);
    clearScanCache();
    check.run(counted);
    return counter.reads;
  });
  return { name: check.name, small: counts[0], large: counts[1] };
}

/**
 * The exact measure: how many fields of the manifests a check reads. A check that scans a list of objects for each
 * object (the usual way a cross-object rule turns quadratic) reads the scanned objects' fields each time, so its
 * reads grow with the square of the fleet, whatever the machine's speed; a linear one reads a bounded number per
 * object.
 */
describe('every compliance rule and whole-output check reads each object a bounded number of times', () => {
  let inputs: Input[];
  let limit: number;

  beforeAll(() => {
    inputs = COUNTED_SIZES.map(fleetInput);
    limit = READ_SLACK * (inputs[1].manifests.length / inputs[0].manifests.length);
  }, TIMEOUT_MS);

  test('the measure tells a scan per object from an index built once', () => {
    const byNamespace = (manifests: any[]) => new Map(manifests.map(m => [m.metadata?.namespace, m]));
    const indexed: Check = {
      name: 'indexed',
      run: ({ manifests }) => {
        const stores = byNamespace(manifests.filter(m => m.kind === 'SecretStore'));
        manifests.forEach(m => stores.get(m.metadata?.namespace));
      },
    };
    const scanning: Check = {
      name: 'scanning',
      run: ({ manifests }) => {
        manifests.forEach(m => manifests.find(s => s.kind === 'SecretStore' && s.metadata?.namespace === m.metadata?.namespace));
      },
    };
    expect(growth(reads(indexed, inputs))).toBeLessThanOrEqual(limit);
    expect(growth(reads(scanning, inputs))).toBeGreaterThan(2 * limit);
  });

  test(`no check's reads grow more than ${READ_SLACK}x as fast as the objects (${COUNTED_SIZES.join(' and ')} tenants)`, () => {
    const rows = CHECKS.map(check => reads(check, inputs));
    // every check reads something: one that reads nothing is not being exercised by the fleet
    expect(rows.filter(r => r.small === 0).map(r => r.name)).toEqual([]);
    const superlinear = rows.filter(r => growth(r) > limit);
    if (superlinear.length > 0 || process.env.LINEARITY_TABLE) {
      // eslint-disable-next-line no-console
      console.log(`read ratio limit ${limit.toFixed(2)}\n${table(rows, 0)}`);
    }
    expect(table(superlinear, 0).split('\n').slice(1)).toEqual([]);
  }, TIMEOUT_MS);
});
