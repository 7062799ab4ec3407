import { App } from 'cdk8s';
import { nestedFixtureApp } from './nested-fixture';
import { expectConformant } from '../conformance/harness';

describe('the nested-props fixture', () => {
  test('builds, and every object it writes conforms to the upstream schemas', () => {
    const app: App = nestedFixtureApp();
    expect(app.charts.length).toBeGreaterThan(10);
    for (const chart of app.charts) expectConformant(chart);
  });

  test('synthesizes the same YAML twice in one process', () => {
    const first = nestedFixtureApp().synthYaml();
    expect(first.length).toBeGreaterThan(0);
    expect(nestedFixtureApp().synthYaml()).toEqual(first);
  });
});
