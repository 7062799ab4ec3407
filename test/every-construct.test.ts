import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { expectConformant } from './conformance/harness';
import { everyConstructApp, synthEveryConstruct } from './every-construct';
import * as zt from '../src';

/** The construct classes the package exports (abstract bases included: any subclass instance covers them). */
const CONSTRUCT_CLASSES = Object.entries(zt)
  .filter(([, value]) => typeof value === 'function' && (value as any).prototype instanceof Construct)
  .map(([name, value]) => [name, value as new (...args: any[]) => Construct] as const);

describe('the every-construct fixture', () => {
  const app: App = everyConstructApp();
  const constructs = app.node.findAll();

  test('the package exports construct classes', () => {
    expect(CONSTRUCT_CLASSES.length).toBeGreaterThan(50);
  });

  test('holds at least one instance of every exported construct class', () => {
    const missing = CONSTRUCT_CLASSES.filter(([, cls]) => !constructs.some(c => c instanceof cls)).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  test('every object it writes conforms to the upstream schemas', () => {
    for (const chart of app.charts) expectConformant(chart);
  });

  test('synthesizes the same bytes twice in one process', () => {
    expect([...synthEveryConstruct()]).toEqual([...synthEveryConstruct()]);
  });
});
