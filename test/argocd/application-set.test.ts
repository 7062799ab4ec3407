import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AppProject, ApplicationDestination, ApplicationSet, ApplicationSetGenerator, ApplicationSetProps, ApplicationSource, ApplicationsSyncPolicy,
  SyncOption,
} from '../../src/argocd';
import { templateBraceProblem } from '../../src/argocd/private';
import { LabelSelectorOperator } from '../../src/common';
import { expectConformant } from '../conformance/harness';

const REPO = 'https://github.com/my-org/guestbook';

function setup() {
  const chart = Testing.chart();
  const project = new AppProject(chart, 'project', {
    metadata: { name: 'guestbook' },
    sourceRepos: [REPO],
    destinations: [{ server: 'https://*.example.com:6443', namespace: 'guestbook' }, { clusterName: 'spoke-*', namespace: 'guestbook' }],
  });
  return { chart, project };
}

function props(project: AppProject, overrides: Partial<ApplicationSetProps> = {}): ApplicationSetProps {
  return {
    metadata: { name: 'guestbook' },
    generators: [ApplicationSetGenerator.list([
      { cluster: 'spoke-1', url: 'https://spoke-1.example.com:6443', autoSync: 'true' },
      { cluster: 'spoke-2', url: 'https://spoke-2.example.com:6443', autoSync: 'false' },
    ])],
    template: {
      name: '{{.cluster}}-guestbook',
      labels: { 'app.kubernetes.io/part-of': 'guestbook', 'cluster': '{{.cluster}}' },
      project,
      source: ApplicationSource.git({ repoUrl: REPO, path: 'envs/{{.cluster}}' }),
      destination: ApplicationDestination.server('{{.url}}', 'guestbook'),
    },
    ...overrides,
  };
}

describe('ApplicationSet', () => {
  test('list generator, Go templates and a templatePatch for the boolean sync flags (snapshot)', () => {
    const { chart, project } = setup();
    new ApplicationSet(chart, 'set', props(project, {
      templatePatch: [
        '{{- if eq .autoSync "true" }}',
        'spec:',
        '  syncPolicy:',
        '    automated:',
        '      prune: true',
        '      selfHeal: true',
        '{{- end }}',
      ].join('\n'),
    }));
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    const set = manifests.find(o => o.kind === 'ApplicationSet');
    expect(set.metadata.namespace).toBe('argocd');
    expect(set.spec.goTemplate).toBe(true);
    expect(set.spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(set.spec.syncPolicy).toEqual({ applicationsSync: 'create-update', preserveResourcesOnDeletion: false });
    expect(set.spec.template.spec.destination).toEqual({ server: '{{.url}}', namespace: 'guestbook' });
    expect(set.spec.generators[0].list.elements[0]).toEqual({ autoSync: 'true', cluster: 'spoke-1', url: 'https://spoke-1.example.com:6443' });
    expectConformant(chart);
  });

  test('cluster generator with a selector; the template spec renders like an Application', () => {
    const { chart, project } = setup();
    project.addClusterResource({ group: '', kind: 'Namespace' });
    const set = new ApplicationSet(chart, 'set', props(project, {
      generators: [ApplicationSetGenerator.clusters({
        matchLabels: { env: 'prod' },
        matchExpressions: [{ key: 'region', operator: LabelSelectorOperator.IN, values: ['eu'] }, { key: 'retired', operator: LabelSelectorOperator.DOES_NOT_EXIST }],
        values: { revision: 'v2' },
      })],
      template: {
        name: '{{.name}}-guestbook',
        project,
        source: ApplicationSource.git({ repoUrl: REPO, path: '.', targetRevision: '{{.values.revision}}' }),
        destination: ApplicationDestination.clusterName('{{.name}}', 'guestbook'),
        syncPolicy: { automated: { prune: true }, syncOptions: [SyncOption.CREATE_NAMESPACE] },
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
      },
      applicationsSync: ApplicationsSyncPolicy.SYNC,
      preserveResourcesOnDeletion: true,
    }));
    set.addGenerator(ApplicationSetGenerator.clusters({ allClusters: true }));
    const [, obj] = Testing.synth(chart);
    expect(obj.spec.generators).toEqual([
      { clusters: { selector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }, { key: 'retired', operator: 'DoesNotExist' }] }, values: { revision: 'v2' } } },
      { clusters: {} },
    ]);
    expect(obj.spec.template.spec).toMatchSnapshot();
    expect(obj.spec.syncPolicy).toEqual({ applicationsSync: 'sync', preserveResourcesOnDeletion: true });
    expect(set.namespace).toBe('argocd');
    expectConformant(chart);
  });

  test('fasttemplate mode has no goTemplateOptions', () => {
    const { chart, project } = setup();
    new ApplicationSet(chart, 'set', props(project, { goTemplate: false }));
    const [, obj] = Testing.synth(chart);
    expect(obj.spec.goTemplate).toBe(false);
    expect(obj.spec.goTemplateOptions).toBeUndefined();
    expectConformant(chart);
  });

  test('fails at synthesis when a literal template field breaks the project', () => {
    const { chart, project } = setup();
    new ApplicationSet(chart, 'set', props(project, {
      template: { ...props(project).template, source: ApplicationSource.git({ repoUrl: 'https://github.com/other/repo', path: '.' }), destination: ApplicationDestination.inCluster('kube-system') },
    }));
    expect(() => Testing.synth(chart)).toThrow(/template: source repoURL "https:\/\/github.com\/other\/repo" is not in the sourceRepos[\s\S]*template: destination .* is not in the destinations/);
  });

  test('generators expose the parameters their templates may read', () => {
    expect(ApplicationSetGenerator.list([{ b: '1', a: '2' }]).parameters).toEqual(['a', 'b']);
    expect(ApplicationSetGenerator.clusters({ allClusters: true }).parameters).toEqual(['metadata', 'name', 'nameNormalized', 'project', 'server', 'values']);
  });

  test('fails at synthesis when the template reads a parameter a generator does not provide', () => {
    const { chart, project } = setup();
    const set = new ApplicationSet(chart, 'set', props(project, {
      template: { ...props(project).template, name: '{{.cluster}}-{{ .metadata.labels.env }}-{{ $x := .missing }}' },
    }));
    set.addGenerator(ApplicationSetGenerator.clusters({ allClusters: true }));
    expect(() => Testing.synth(chart)).toThrow(new RegExp([
      'template reads \\{\\{\\.cluster\\}\\}, which the clusters generator does not provide \\(it provides metadata, name',
      'template reads \\{\\{\\.metadata\\}\\}, which the list generator does not provide \\(it provides autoSync, cluster, url\\)',
      'template reads \\{\\{\\.missing\\}\\}, which the list generator does not provide',
    ].join('[\\s\\S]*')));
  });

  test('fasttemplate mode does not check Go template references', () => {
    const { chart, project } = setup();
    new ApplicationSet(chart, 'set', props(project, { goTemplate: false, template: { ...props(project).template, name: 'guestbook-{{cluster}}' } }));
    expectConformant(chart);
  });

  test('fails on templatePatch misuse', () => {
    const { chart, project } = setup();
    expect(() => new ApplicationSet(chart, 'a', props(project, { goTemplate: false, templatePatch: 'spec: {}' }))).toThrow(/'templatePatch' needs goTemplate: true/);
    expect(() => new ApplicationSet(chart, 'b', props(project, { templatePatch: ' ' }))).toThrow(/'templatePatch' is empty/);
    expect(() => new ApplicationSet(chart, 'c', props(project, { templatePatch: '{{ if .x }' }))).toThrow(/'templatePatch' is not a valid Go template: the action opened at offset 0 is never closed/);
  });

  test('fails on bad template metadata', () => {
    const { chart, project } = setup();
    const t = props(project).template;
    expect(() => new ApplicationSet(chart, 'a', props(project, { template: { ...t, name: 'Bad_Name' } }))).toThrow(/'template.name' \("Bad_Name"\) must be a DNS-1123 subdomain/);
    expect(() => new ApplicationSet(chart, 'b', props(project, { template: { ...t, name: '{{.cluster}' } }))).toThrow(/'template.name' \("\{\{.cluster\}"\) is not a valid template/);
    expect(() => new ApplicationSet(chart, 'c', props(project, { template: { ...t, labels: { team: 'a b' } } }))).toThrow(/'template.labels' label "team" has an invalid value/);
    expect(() => new ApplicationSet(chart, 'd', props(project, { template: { ...t, annotations: { 'bad key': 'x' } } }))).toThrow(/'template.annotations' annotation key "bad key" is invalid/);
    expect(() => new ApplicationSet(chart, 'e', props(project, { metadata: { namespace: 'apps' } }))).toThrow(/'metadata.namespace' \("apps"\) must be the Argo CD namespace/);
  });

  test('fails on bad generators', () => {
    const { chart, project } = setup();
    expect(() => new ApplicationSet(chart, 'a', props(project, { generators: [] }))).toThrow(/'generators' is empty/);
    const g = ApplicationSetGenerator.list([{ a: '1' }]);
    const set = new ApplicationSet(chart, 'b', props(project, { generators: [g] }));
    expect(() => set.addGenerator(g)).toThrow(/'generators' already contains this generator/);
    expect(() => ApplicationSetGenerator.list([])).toThrow(/'elements' is empty/);
    expect(() => ApplicationSetGenerator.list([{ 'a-b': '1' }])).toThrow(/'elements' key "a-b" must be an identifier/);
    expect(() => ApplicationSetGenerator.list([{ a: '1' }, { b: '2' }])).toThrow(/'elements' must all have the same keys/);
    expect(() => ApplicationSetGenerator.clusters({})).toThrow(/the cluster generator has no selector, so it would target every cluster .* allClusters: true/);
    expect(() => ApplicationSetGenerator.clusters({ allClusters: true, matchLabels: { a: 'b' } })).toThrow(/'allClusters' and a selector are exclusive/);
    expect(() => ApplicationSetGenerator.clusters({ matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.IN }] })).toThrow(/'clusters.matchExpressions\[0\]' \(a In\) needs at least one value/);
    expect(() => ApplicationSetGenerator.clusters({ matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] })).toThrow(/'clusters.matchExpressions\[0\]' \(a Exists\) must not have values/);
    expect(() => ApplicationSetGenerator.clusters({ matchLabels: { 'a/b/c': 'x' } })).toThrow(/'clusters.matchLabels' label key "a\/b\/c" is invalid/);
  });
});

describe('templateBraceProblem', () => {
  test('accepts any text made of closed actions and brace-free literals (property)', () => {
    const literal = fc.string().map(s => s.replace(/[{}]/g, ''));
    const action = literal.map(s => `{{${s}}}`);
    fc.assert(fc.property(fc.array(fc.oneof(literal, action)), parts => {
      expect(templateBraceProblem(parts.join(''))).toBeUndefined();
    }));
  });

  test('finds an unclosed or a stray delimiter anywhere (property)', () => {
    const literal = fc.string().map(s => s.replace(/[{}]/g, ''));
    fc.assert(fc.property(literal, literal, fc.constantFrom('{{', '}}'), (a, b, broken) => {
      expect(templateBraceProblem(`${a}${broken}${b}`)).toBeDefined();
    }));
    expect(templateBraceProblem('{{ a {{ b }}')).toMatch(/not closed before the one at offset 5/);
    expect(templateBraceProblem('a }}')).toMatch(/'}}' at offset 2 closes no action/);
  });
});
