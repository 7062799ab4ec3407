import { ApiObject, App, Chart, DependencyGraph, Testing } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { dependencyOrder } from '../../src/common/dependency-order';
import { Rng } from '../secrets/corpus';

// dependencyOrder must give exactly the order cdk8s's DependencyGraph gives (it decides the order of charts and of
// objects in every file): compared here on generated trees with dependencies inside and across charts, ids that
// JavaScript orders as array indices, nested charts, and on the cases it hands back to cdk8s.

const paths = (constructs: IConstruct[]) => constructs.map(c => c.node.path);
const expectSameOrder = (scope: IConstruct) => expect(paths(dependencyOrder(scope))).toEqual(paths(new DependencyGraph(scope.node).topology()));

/** An App of charts (some nested, some with numeric ids), constructs and ApiObjects, and acyclic dependencies. */
function generatedApp(seed: number): App {
  const rng = new Rng(seed);
  const app = Testing.app();
  const all: IConstruct[] = [];
  const ids = ['a', 'b', 'chart', '7', '0', '12', '4294967294', '4294967295', '01', 'x7'];
  const chartIds = new Set(Array.from({ length: 1 + rng.int(5) }, () => rng.pick(ids)));
  const charts = [...chartIds].map(id => new Chart(app, id));
  if (rng.next() < 0.3) charts.push(new Chart(charts[0], 'nested'));
  for (const chart of charts) {
    const scopes: Construct[] = [chart];
    for (let i = 0; i < 2 + rng.int(8); i++) {
      const scope = rng.pick(scopes);
      const construct = rng.next() < 0.5
        ? new ApiObject(scope, `o${i}`, { apiVersion: 'v1', kind: 'ConfigMap' })
        : new Construct(scope, `c${i}`);
      scopes.push(construct);
      all.push(construct);
    }
  }
  // dependencies only from later to earlier constructs (in creation order): never a cycle
  for (let i = 1; i < all.length; i++) {
    for (let d = 0; d < rng.int(3); d++) all[i].node.addDependency(all[rng.int(i)]);
  }
  if (rng.next() < 0.3) charts[charts.length - 1].node.addDependency(charts[0]);
  return app;
}

describe('dependencyOrder', () => {
  test('gives DependencyGraph.topology()\'s order for 400 generated Apps, for the App and for every chart', () => {
    let withDependencies = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const app = generatedApp(seed);
      expectSameOrder(app);
      for (const chart of app.node.findAll().filter(c => c instanceof Chart)) expectSameOrder(chart);
      if (app.node.findAll().some(c => c.node.dependencies.length > 0)) withDependencies++;
    }
    expect(withDependencies).toBeGreaterThan(300);
  });

  test('top-level ids that are array indices come first, in numeric order, as in an object keyed by path', () => {
    const app = Testing.app();
    for (const id of ['b', '10', 'a', '9', '4294967295', '0', '007']) new Chart(app, id);
    // the App's own path is '': not an index, so after them
    expect(paths(dependencyOrder(app))).toEqual(['0', '9', '10', '', 'b', 'a', '4294967295', '007']);
    expectSameOrder(app);
  });

  test('after synthesis has added chart dependencies, the App\'s charts come in app.charts\' order', () => {
    let compared = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const app = generatedApp(seed);
      try {
        app.synthYaml(); // adds the chart dependencies (or fails on the cycles they make, as cdk8s does)
      } catch {
        continue;
      }
      expect(paths(dependencyOrder(app).filter(c => c instanceof Chart))).toEqual(paths(app.charts));
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  test('a dependency cycle fails with cdk8s\'s own error', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    const [a, b, c] = ['a', 'b', 'c'].map(id => new Construct(chart, id));
    a.node.addDependency(b);
    b.node.addDependency(c);
    c.node.addDependency(a);
    const cdk8sError = (() => {
      try {
        new DependencyGraph(chart.node);
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    })();
    expect(cdk8sError).toMatch(/Dependency cycle detected/);
    expect(() => dependencyOrder(chart)).toThrow(cdk8sError!);
  });

  test('a dependency on a construct of another App is answered by cdk8s\'s graph', () => {
    const [one, two] = [Testing.app(), Testing.app()];
    const [a, b] = [new Chart(one, 'c'), new Chart(two, 'c')];
    const x = new Construct(a, 'x');
    new Construct(b, 'x');
    x.node.addDependency(new Construct(b, 'y'));
    expectSameOrder(one);
    expectSameOrder(a);
  });
});
