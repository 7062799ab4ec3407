import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Synthesis } from '../../src/common';
import { Compliance, CompliancePack } from '../../src/compliance';

/** An App with a few charts, one depending on another (which makes cdk8s reorder them). */
function app(): { app: App; charts: Chart[]; validations: () => number } {
  const a = new App();
  let count = 0;
  a.node.addValidation({ validate: () => { count++; return []; } });
  const later = new Chart(a, 'later', { namespace: 'team-b' });
  new kplus.ServiceAccount(later, 'sa', { metadata: { name: 'b' } });
  const earlier = new Chart(a, 'earlier', { namespace: 'team-a' });
  new kplus.ServiceAccount(earlier, 'sa', { metadata: { name: 'a' } });
  const cm = new kplus.ConfigMap(earlier, 'cm', { data: { k: 'v' } });
  new ApiObject(earlier, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' } }).node.addDependency(cm);
  later.addDependency(earlier);
  return { app: a, charts: [later, earlier], validations: () => count };
}

describe('Synthesis', () => {
  test('synthYaml writes what app.synthYaml() writes, byte for byte, validating the App once', () => {
    const ours = app();
    const yaml = Synthesis.synthYaml(ours.app);
    expect(ours.validations()).toBe(1);
    const stock = app();
    expect(yaml).toBe(stock.app.synthYaml());
    // stock cdk8s validates once up front and once more per chart
    expect(stock.validations()).toBe(3);
    expect(yaml.indexOf('name: a')).toBeLessThan(yaml.indexOf('name: b'));
  });

  test('appManifests gives each chart what chart.toJson() gives, in dependency order', () => {
    const { app: a } = app();
    const charts = Synthesis.appManifests(a);
    expect(charts.map(c => c.chart.node.id)).toEqual(['earlier', 'later']);
    for (const c of charts) expect(c.manifests).toEqual(c.chart.toJson());
    expect(Synthesis.appManifests(new App())).toEqual([]);
  });

  test('chartManifests keeps the order given and validates each App once', () => {
    const first = app();
    const second = app();
    const result = Synthesis.chartManifests([...first.charts, second.charts[1]]);
    expect(result.map(c => c.chart)).toEqual([...first.charts, second.charts[1]]);
    expect([first.validations(), second.validations()]).toEqual([1, 1]);
    for (const c of result) expect(c.manifests).toEqual(c.chart.toJson());
  });

  test('the compliance pack\'s renders are reused, and objects it annotates are rendered again', () => {
    const build = () => {
      const a = new App();
      // the first chart is rendered by chart.toJson() itself; the annotated objects sit in a later one
      new kplus.ServiceAccount(new Chart(a, 'first'), 'sa', { metadata: { name: 'x' } });
      const chart = new Chart(a, 'stores');
      for (const name of ['acknowledged', 'other']) {
        const store = new ApiObject(chart, name, {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ClusterSecretStore',
          metadata: { name },
          spec: { provider: { vault: { server: 'https://vault.example.com', path: 'secret', auth: { tokenSecretRef: { name: 't', key: 'k' } } } } },
        });
        Compliance.of(store).acknowledge({ id: 'ZT-ESO1', reason: 'platform team owns this store' });
        Compliance.of(store).acknowledge({ id: 'ZT-ESO2', reason: 'bootstrap token, rotated by hand' });
      }
      CompliancePack.applyTo(a, { annotateAcknowledgements: true, logWarnings: false });
      return a;
    };
    const yaml = Synthesis.synthYaml(build());
    expect(yaml).toContain(Compliance.ANNOTATION);
    expect(yaml).toBe(build().synthYaml());
  });

  test('fails: an invalid App yields nothing', () => {
    const chart = Testing.chart();
    chart.node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => Synthesis.synthYaml(chart.node.root as App)).toThrow(/Validation failed with the following errors:\n {2}\[test\] broken on purpose/);
  });
});
