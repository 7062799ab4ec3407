import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource, ResourceProps } from '../../src/common/resource';

/** A minimal resource: a namespaced or cluster-scoped kind whose spec lists added items. */
class Widget extends Resource {
  private readonly items: string[] = [];
  constructor(scope: Construct, id: string, props: ResourceProps & { clusterScoped?: boolean } = {}) {
    super(scope, id, { apiVersion: 'example.com/v1', kind: props.clusterScoped ? 'ClusterWidget' : 'Widget', namespaced: !props.clusterScoped }, props);
  }
  public addItem(item: string) {
    this.items.push(item);
  }
  public _renderSpec() {
    return { items: [...this.items] };
  }
}

describe('Resource', () => {
  test('wraps one ApiObject under the id Resource and renders the spec lazily', () => {
    const chart = Testing.chart();
    const widget = new Widget(chart, 'w', { metadata: { name: 'my-widget', namespace: 'team-a' } });
    widget.addItem('added-after-construction');

    expect(ApiObject.of(widget).kind).toBe('Widget');
    expect(widget.node.defaultChild).toBe(ApiObject.of(widget));
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'my-widget', namespace: 'team-a' },
      spec: { items: ['added-after-construction'] },
    }]);
    expect([widget.name, widget.namespace, widget.apiVersion, widget.kind]).toEqual(['my-widget', 'team-a', 'example.com/v1', 'Widget']);
  });

  test('namespaced objects take the chart namespace; cluster-scoped objects never carry one', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ci' });
    const namespaced = new Widget(chart, 'n', { metadata: { name: 'n' } });
    const cluster = new Widget(chart, 'cl', { metadata: { name: 'cl' }, clusterScoped: true });
    const [a, b] = Testing.synth(chart);
    expect(a.metadata).toEqual({ name: 'n', namespace: 'ci' });
    expect(b.metadata).toEqual({ name: 'cl' });
    expect(namespaced.namespace).toBe('ci');
    expect(cluster.namespace).toBeUndefined();
  });

  test('fails on a namespace for a cluster-scoped kind', () => {
    expect(() => new Widget(Testing.chart(), 'w', { metadata: { namespace: 'x' }, clusterScoped: true }))
      .toThrow('\'metadata.namespace\' ("x") cannot be set on a ClusterWidget: it is cluster-scoped; remove the namespace');
  });

  test('fails on invalid names, namespaces, labels and annotations', () => {
    expect(() => new Widget(Testing.chart(), 'a', { metadata: { name: 'Bad_Name' } })).toThrow(/'metadata.name' \("Bad_Name"\) must be a DNS-1123 subdomain/);
    expect(() => new Widget(Testing.chart(), 'b', { metadata: { namespace: 'a.b' } })).toThrow(/'metadata.namespace' \("a.b"\) must be a DNS-1123 label/);
    expect(() => new Widget(Testing.chart(), 'c', { metadata: { labels: { 'a/b/c': 'x' } } })).toThrow(/'metadata.labels' label key "a\/b\/c" is invalid/);
    expect(() => new Widget(Testing.chart(), 'd', { metadata: { annotations: { 'bad key': 'x' } } })).toThrow(/'metadata.annotations' annotation key "bad key" is invalid/);
  });

  test('fails on a chart namespace that is not a DNS-1123 label, which cdk8s copies into every object', () => {
    for (const namespace of ['Team-A', 'team_a', 'a'.repeat(64), '-team']) {
      const chart = new Chart(Testing.app(), 'x', { namespace });
      expect(() => new Widget(chart, 'w')).toThrow(new RegExp(`'namespace of chart "x"' \\(${JSON.stringify(namespace)}\\) must be a DNS-1123 label`));
      // a cluster-scoped kind gets no namespace, and an explicit one wins over the chart's
      expect(() => new Widget(chart, 'c', { clusterScoped: true })).not.toThrow();
      expect(() => new Widget(chart, 'e', { metadata: { namespace: 'team-a' } })).not.toThrow();
    }
  });
});
