/**
 * The acceptance corpus of issue 13, end to end: every credential type of the corpus, in every encoding, put
 * where credentials really end up in a cdk8s app (this library's constructs, cdk8s-plus, raw objects, `Include`,
 * `kind: List`, GitOps overlay patches), must be refused by one of the three guards: the constructor (a literal
 * prop holding a credential), the compliance pack's ZT-SEC6 on the synthesized objects, or the GitOps
 * repository's guard on the files it would write. Benign look-alikes in the same places must pass all three.
 *
 * A v1 Secret is always refused by ZT-SEC4, whatever it holds; here only a content finding (ZT-SEC6) counts, so
 * the Secret placements measure the scanner, not the structural rule.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import { benignCorpus, CREDENTIAL_TYPES, ENCODINGS, Rng } from './corpus';
import { AppProject, Application, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSource } from '../../src/argocd';
import { CompliancePack } from '../../src/compliance';
import { ExternalSecret, SecretStore, SecretTemplate, TemplateValue } from '../../src/external-secrets';
import { WebhookGenerator } from '../../src/generators';
import { ClusterTarget, GitOpsRepository, OverlayOperation, OverlayPatch } from '../../src/gitops';
import { ImageReference, ParamValue, Task } from '../../src/tekton';
import { expectConformant, recordFigure } from '../conformance/harness';

const DIGEST = 'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';
const IMAGE = `registry.example.com/tools/runner@${DIGEST}`;
const STEP_IMAGE = ImageReference.digest('registry.example.com/tools/runner', DIGEST);
const REPO = 'https://github.com/example-org/fleet-config';
const NAMESPACE = 'team-a';

/** How a value reaches the output. */
type Route = 'construct' | 'cdk8s-plus' | 'raw' | 'include' | 'list' | 'gitops';

interface Placement {
  readonly name: string;
  readonly route: Route;
  /** Whether the value can be put there at all (label values have a syntax); default: always. */
  readonly fits?: (value: string) => boolean;
  /** Puts `value` into `chart` under an object or construct whose name contains `id`. */
  readonly place: (chart: Chart, value: string, id: string) => void;
  /**
   * Puts every value in at once, `[id, value]` pairs (for a route that is costly per call: `Include` loads its file
   * in a child process).
   *
   * @default - `place` for each value
   */
  readonly placeAll?: (chart: Chart, values: [string, string][]) => void;
}

const indent = (text: string, by: string) => text.split('\n').map(l => (l === '' ? l : by + l)).join('\n');
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function configMap(chart: Chart, id: string, data: Record<string, string>, extra: any = {}): ApiObject {
  return new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, ...extra.metadata }, data });
}

function includeFile(manifests: any[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-routes-'));
  const file = path.join(dir, 'manifests.yaml');
  fs.writeFileSync(file, manifests.map(m => YAML.stringify(m)).join('---\n'));
  return file;
}

/** The AppProject an Application or ApplicationSet of the corpus belongs to. */
function projectFor(chart: Chart, id: string): AppProject {
  return new AppProject(chart, `${id}-project`, {
    metadata: { name: `${id}-project` }, sourceRepos: [REPO], destinations: [{ server: 'https://kubernetes.default.svc', namespace: NAMESPACE }],
  });
}

/** The places a credential lands in, each through the route a user would take. */
const PLACEMENTS: Placement[] = [
  {
    name: 'Secret data (raw)',
    route: 'raw',
    place: (c, v, id) => new ApiObject(c, id, { apiVersion: 'v1', kind: 'Secret', metadata: { name: id }, data: { value: Buffer.from(v).toString('base64') } }),
  },
  {
    name: 'Secret stringData (cdk8s-plus)',
    route: 'cdk8s-plus',
    place: (c, v, id) => new kplus.Secret(c, id, { metadata: { name: id }, stringData: { value: v } }),
  },
  { name: 'ConfigMap data (cdk8s-plus)', route: 'cdk8s-plus', place: (c, v, id) => new kplus.ConfigMap(c, id, { metadata: { name: id }, data: { 'app.conf': v } }) },
  { name: 'annotation (raw)', route: 'raw', place: (c, v, id) => configMap(c, id, { mode: 'on' }, { metadata: { annotations: { 'example.com/config': v } } }) },
  { name: 'label, where it fits (raw)', route: 'raw', fits: v => v.length <= 63 && LABEL_VALUE.test(v), place: (c, v, id) => configMap(c, id, { mode: 'on' }, { metadata: { labels: { 'example.com/build': v } } }) },
  {
    name: 'container env value (cdk8s-plus)',
    route: 'cdk8s-plus',
    place: (c, v, id) => new kplus.Deployment(c, id, {
      metadata: { name: id },
      automountServiceAccountToken: false,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, `${id}-sa`, 'web'),
      containers: [{
        image: IMAGE,
        portNumber: 8080,
        securityContext: { user: 1000, group: 1000, capabilities: { drop: [kplus.Capability.ALL] } },
        resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
        envVariables: { SETTINGS: kplus.EnvValue.fromValue(v) },
      }],
    }),
  },
  {
    name: 'Tekton step script (construct)',
    route: 'construct',
    place: (c, v, id) => new Task(c, id, { metadata: { name: id }, steps: [{ name: 'run', image: STEP_IMAGE, script: `#!/bin/sh\nset -eu\ncat > /tmp/settings <<'EOF'\n${v}\nEOF\n./run --config /tmp/settings` }] }),
  },
  {
    name: 'Tekton step args (construct)',
    route: 'construct',
    place: (c, v, id) => new Task(c, id, { metadata: { name: id }, steps: [{ name: 'run', image: STEP_IMAGE, command: ['/bin/run'], args: ['--settings', v] }] }),
  },
  {
    name: 'Tekton param default (construct)',
    route: 'construct',
    place: (c, v, id) => new Task(c, id, {
      metadata: { name: id },
      params: [{ name: 'settings', default: ParamValue.string(v) }],
      steps: [{ name: 'run', image: STEP_IMAGE, script: '#!/bin/sh\n./run --settings "$(params.settings)"' }],
    }),
  },
  {
    name: 'ESO template literal (construct)',
    route: 'construct',
    place: (c, v, id) => {
      const store = SecretStore.fromSecretStoreAttributes(c, `${id}-store`, { name: 'vault', namespace: NAMESPACE });
      const template = new SecretTemplate();
      template.addData('settings', TemplateValue.literal(v));
      new ExternalSecret(c, id, { metadata: { name: id }, store, template })
        .addData('db', { key: 'team-a/db', property: 'password' });
    },
  },
  {
    name: 'Webhook generator header (construct)',
    route: 'construct',
    place: (c, v, id) => new WebhookGenerator(c, id, { metadata: { name: id }, url: 'https://tokens.example.com/issue', headers: { 'X-Settings': v } }),
  },
  {
    name: 'Helm values (construct)',
    route: 'construct',
    place: (c, v, id) => {
      const project = projectFor(c, id);
      new Application(c, id, {
        metadata: { name: id },
        project,
        source: ApplicationSource.helm({ repoUrl: REPO, path: 'charts/app', values: { app: { settings: v } } }),
        destination: ApplicationDestination.server('https://kubernetes.default.svc', NAMESPACE),
      });
    },
  },
  {
    name: 'ApplicationSet list element (construct)',
    route: 'construct',
    place: (c, v, id) => {
      const project = projectFor(c, id);
      new ApplicationSet(c, id, {
        metadata: { name: id },
        generators: [ApplicationSetGenerator.list([{ cluster: 'east', settings: v }])],
        template: {
          name: '{{.cluster}}-app',
          project,
          source: ApplicationSource.git({ repoUrl: REPO, path: 'envs/{{.cluster}}' }),
          destination: ApplicationDestination.server('https://kubernetes.default.svc', NAMESPACE),
        },
      });
    },
  },
  {
    name: 'included YAML',
    route: 'include',
    place: (c, v, id) => new Include(c, id, { url: includeFile([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, namespace: NAMESPACE }, data: { 'app.conf': v } }]) }),
    placeAll: (c, values) => new Include(c, 'included', {
      url: includeFile(values.map(([id, v]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, namespace: NAMESPACE }, data: { 'app.conf': v } }))),
    }),
  },
  {
    name: 'kind: List item',
    route: 'list',
    place: (c, v, id) => new ApiObject(c, id, {
      apiVersion: 'v1',
      kind: 'List',
      metadata: {},
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, namespace: NAMESPACE }, data: { 'app.conf': v } }],
    } as any),
  },
  { name: 'JSON in a string (raw)', route: 'raw', place: (c, v, id) => configMap(c, id, { 'settings.json': JSON.stringify({ service: { name: 'checkout', settings: v } }, undefined, 2) }) },
  {
    name: 'multi-line YAML block (raw)',
    route: 'raw',
    place: (c, v, id) => configMap(c, id, { 'values.yaml': `replicas: 2\nservice:\n  port: 8080\n  settings: |\n${indent(v, '    ')}\nlogLevel: info\n` }),
  },
  {
    name: 'JSON patch after construction (raw)',
    route: 'raw',
    place: (c, v, id) => configMap(c, id, { mode: 'on' }).addJsonPatch(JsonPatch.add('/data/extra', v)),
  },
  {
    name: 'overlay patch (GitOps repository)',
    route: 'gitops',
    place: () => { throw new Error('placed by gitopsRefuses'); },
  },
];

const REFUSAL = /holds (a credential|\d+ credentials)|refusing to write/;

/** The GitOps route: an environment overlay patches the value in; refused at construction or by the repository guard. */
function gitopsRefuses(value: string): boolean {
  try {
    const app = new App();
    const base = new Chart(app, 'base', { namespace: NAMESPACE, disableResourceNameHashes: true });
    new kplus.ConfigMap(base, 'settings', { metadata: { name: 'settings' }, data: { mode: 'on' } });
    const repo = new GitOpsRepository({ repoUrl: REPO, base: [base] });
    repo.addEnvironment('staging', { patches: [OverlayPatch.json({ kind: 'ConfigMap', name: 'settings' }, OverlayOperation.add('/data/extra', value))] });
    repo.addCluster('east', { target: ClusterTarget.inCluster(), environments: ['staging'] });
    repo.files();
    return false;
  } catch (e) {
    if (REFUSAL.test((e as Error).message)) return true;
    throw e;
  }
}

interface Outcome {
  /** Type names refused (by construction or by a finding), for this placement and encoding. */
  readonly refused: Set<string>;
  /** Type names the construct refused for another reason (the value is not valid there, e.g. a broken template). */
  readonly invalid: Set<string>;
  /** Type names placed (fitting the placement). */
  readonly placed: Set<string>;
  /** The objects synthesized, for the conformance check. */
  readonly app: App;
}

/**
 * Places each `[name, value]` in one app (one object per value) and returns which were refused: by the
 * constructor, or by a ZT-SEC6 error on the synthesized objects (matched to the value by object name or path).
 */
function run(placement: Placement, values: [string, string][]): Outcome {
  const refused = new Set<string>();
  const invalid = new Set<string>();
  const placed = new Set<string>();
  const app = new App();
  if (placement.route === 'gitops') {
    for (const [name, value] of values) {
      placed.add(name);
      if (gitopsRefuses(value)) refused.add(name);
    }
    return { refused, invalid, placed, app };
  }
  const chart = new Chart(app, 'corpus', { namespace: NAMESPACE, disableResourceNameHashes: true });
  const ids = new Map<string, string>();
  if (placement.placeAll) {
    const all = values.map(([name, value], i) => [`cred-${i}`, value, name]).filter(([, value]) => !placement.fits || placement.fits(value));
    placement.placeAll(chart, all.map(([id, value]) => [id, value]));
    for (const [id, , name] of all) {
      ids.set(id, name);
      placed.add(name);
    }
  }
  values.forEach(([name, value], i) => {
    if (placement.placeAll || (placement.fits && !placement.fits(value))) return;
    const id = `cred-${i}`;
    try {
      placement.place(chart, value, id);
      ids.set(id, name);
      placed.add(name);
    } catch (e) {
      if (REFUSAL.test((e as Error).message)) {
        refused.add(name);
        placed.add(name);
      } else {
        // the construct validates what the prop holds (a header is a template, ...): the value cannot be put there
        if (placement.route !== 'construct') throw new Error(`${placement.name} / ${name}: ${(e as Error).message}`);
        invalid.add(name);
      }
      // a construct that threw may have left children behind; drop them so the app still synthesizes
      for (const child of [...chart.node.children]) if (child.node.id === id || child.node.id.startsWith(`${id}-`)) chart.node.tryRemoveChild(child.node.id);
    }
  });
  const report = new CompliancePack().evaluate(app);
  for (const f of report.errors.filter(x => x.ruleId === 'ZT-SEC6')) {
    const m = /\bcred-(\d+)(?![0-9])/.exec(`${f.resource} ${f.path ?? ''}`);
    const name = m ? ids.get(`cred-${m[1]}`) : undefined;
    if (name !== undefined) refused.add(name);
  }
  return { refused, invalid, placed, app };
}

// refused / placed, per credential type, per placement, per encoding
const byType = new Map<string, [number, number]>();
const byPlacement = new Map<string, [number, number]>();
const byEncoding = new Map<string, [number, number]>();
const missed: string[] = [];
let benignRefused = 0;
let benignPlaced = 0;
/** Values a construct refused for another reason than a credential, by placement: not counted as placed. */
const invalidByPlacement = new Map<string, number>();

function add(map: Map<string, [number, number]>, key: string, refused: number, total: number): void {
  const [r, t] = map.get(key) ?? [0, 0];
  map.set(key, [r + refused, t + total]);
}

describe('routes: every credential type, in every encoding, through every placement', () => {
  test(`${CREDENTIAL_TYPES.length} types × ${PLACEMENTS.length} placements × ${ENCODINGS.length} encodings`, () => {
    expect(CREDENTIAL_TYPES.length).toBeGreaterThanOrEqual(25);
    expect(PLACEMENTS.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(PLACEMENTS.map(p => [p.name, p] as const))('%s', (_name, placement) => {
    test('refused in every encoding; the direct objects conform to their CRDs', () => {
      ENCODINGS.forEach((encoding, ei) => {
        const values = CREDENTIAL_TYPES.map((type, ti) => {
          const { text } = type.build(new Rng(9000 + ti * 100 + ei));
          return [type.name, encoding.encode(text)] as [string, string];
        });
        const { refused, invalid, placed, app } = run(placement, values);
        if (invalid.size > 0) invalidByPlacement.set(placement.name, (invalidByPlacement.get(placement.name) ?? 0) + invalid.size);
        for (const name of placed) {
          const hit = refused.has(name) ? 1 : 0;
          add(byType, name, hit, 1);
          add(byPlacement, placement.name, hit, 1);
          add(byEncoding, encoding.name, hit, 1);
          if (!hit) missed.push(`${name} / ${placement.name} / ${encoding.name}`);
        }
        // a List is not an API kind: its items are what the API server receives
        if (encoding.name === 'direct' && placement.route !== 'gitops') expectConformant(app.charts.flatMap(c => c.toJson()).flatMap(m => (m.kind === 'List' ? m.items : [m])));
      });
    });

    test('benign look-alikes pass', () => {
      const values = benignCorpus().map(b => [b.name, b.text] as [string, string]);
      const { refused, invalid, placed } = run(placement, values);
      if (invalid.size > 0) invalidByPlacement.set(`${placement.name} (benign)`, (invalidByPlacement.get(`${placement.name} (benign)`) ?? 0) + invalid.size);
      benignPlaced += placed.size;
      benignRefused += refused.size;
      expect([...refused]).toEqual([]);
    });
  });

  test('at least 99% of direct and 95% of encoded placements are refused; benign look-alikes never are', () => {
    const [directRefused, directTotal] = byEncoding.get('direct')!;
    let encodedRefused = 0;
    let encodedTotal = 0;
    for (const [name, [r, t]] of byEncoding) {
      if (name === 'direct') continue;
      encodedRefused += r;
      encodedTotal += t;
    }
    const table = (title: string, map: Map<string, [number, number]>) => {
      const width = Math.max(...[...map.keys()].map(k => k.length));
      return [title, ...[...map].map(([k, [r, t]]) => `  ${k.padEnd(width)}  ${String(r).padStart(4)}/${t}`)].join('\n');
    };
    // eslint-disable-next-line no-console
    console.log([
      table('Refused/placed per credential type (all placements and encodings):', byType),
      table('per placement:', byPlacement),
      table('per encoding:', byEncoding),
      `direct ${directRefused}/${directTotal}, encoded ${encodedRefused}/${encodedTotal}; benign refused ${benignRefused}/${benignPlaced}`,
      `missed: ${missed.length === 0 ? 'none' : missed.join('; ')}`,
      `not valid where placed (refused by the construct's own checks, not counted): ${invalidByPlacement.size === 0 ? 'none' : [...invalidByPlacement].map(([k, n]) => `${k} ${n}`).join('; ')}`,
    ].join('\n'));
    recordFigure('credential routes corpus', `direct ${directRefused}/${directTotal}, encoded ${encodedRefused}/${encodedTotal}, benign refused ${benignRefused}/${benignPlaced} (${CREDENTIAL_TYPES.length} types × ${PLACEMENTS.length} placements × ${ENCODINGS.length} encodings)`);
    expect(directRefused / directTotal).toBeGreaterThanOrEqual(0.99);
    expect(encodedRefused / encodedTotal).toBeGreaterThanOrEqual(0.95);
    expect(benignRefused).toBe(0);
  });
});
