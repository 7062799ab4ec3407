import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ValidationError } from '../../src/common/errors';
import { CompliancePack } from '../../src/compliance';
import {
  DefaultDenyNetworkPolicy, IsolatedNamespace, Layer3Subnet, NetworkPeer, NetworkPort, NetworkRole, NetworkTopology,
} from '../../src/network';
import { expectConformant } from '../conformance/harness';

const vault = () => NetworkPeer.pods({ namespace: 'vault', podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } });
const primary = () => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
const KUBE_DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
};

describe('DefaultDenyNetworkPolicy', () => {
  test('in the chart\'s namespace, without a primary network: only the deny policy until a rule is added (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'team-a' });
    const policy = new DefaultDenyNetworkPolicy(chart, 'deny');
    const synth = Testing.synth(chart);
    expect(synth).toEqual([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: 'team-a' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }]);
    expect(synth).toMatchSnapshot();
    expect(policy.namespace).toBe('team-a');
    expect(policy.explicitAllowPolicy).toBeUndefined();
    expect(synth.some(o => o.kind === 'UserDefinedNetwork' || o.kind === 'Namespace')).toBe(false);
    expectConformant(chart);
  });

  test('a plain Namespace with it passes ZT-NET2; without it the pack reports the namespace', () => {
    const bare = Testing.chart();
    new kplus.Namespace(bare, 'ns', { metadata: { name: 'legacy' } });
    expect(new CompliancePack().evaluate(bare).findings.filter(f => f.ruleId === 'ZT-NET2')).toHaveLength(1);

    const chart = Testing.chart();
    new kplus.Namespace(chart, 'ns', { metadata: { name: 'legacy' } });
    new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'legacy', dns: {} });
    expect(new CompliancePack().evaluate(chart).findings.filter(f => f.ruleId === 'ZT-NET2')).toEqual([]);
    expectConformant(chart);
  });

  test('dns at construction, explicit rules, other names: the allow policy holds exactly the rules, sorted', () => {
    const chart = Testing.chart();
    const policy = new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'ci-cd', name: 'deny-everything', explicitAllowName: 'allow-listed', dns: {} });
    policy.allowEgressTo(vault(), [NetworkPort.tcp(8200)]);
    policy.allowEgressTo(NetworkPeer.ipBlock('10.20.0.0/24'), [NetworkPort.tcp(5433), NetworkPort.tcp(5432)]);
    policy.allowIngressFrom(NetworkPeer.namespace('monitoring'), [NetworkPort.tcp(9090)]);
    const [deny, allow] = Testing.synth(chart);
    expect(deny.metadata).toEqual({ name: 'deny-everything', namespace: 'ci-cd' });
    expect(allow.metadata).toEqual({ name: 'allow-listed', namespace: 'ci-cd' });
    expect(allow.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090, protocol: 'TCP' }] }],
      egress: [
        { to: [{ ipBlock: { cidr: '10.20.0.0/24' } }], ports: [{ port: 5432, protocol: 'TCP' }, { port: 5433, protocol: 'TCP' }] },
        KUBE_DNS,
        { to: [vault()._render()], ports: [{ port: 8200, protocol: 'TCP' }] },
      ],
    });
    expectConformant(chart);
  });

  test('OpenShift DNS through allowDns(); an ingress-only allow policy', () => {
    const chart = Testing.chart();
    const ocp = new DefaultDenyNetworkPolicy(chart, 'ocp', { namespace: 'builds' });
    ocp.allowDns({ namespace: 'openshift-dns', podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } }, port: 5353 });
    const web = new DefaultDenyNetworkPolicy(chart, 'web', { namespace: 'web' });
    web.allowIngressFrom(NetworkPeer.pods({}), [NetworkPort.tcp(8080)]);
    expect(ApiObject.of(ocp.explicitAllowPolicy!).toJson().spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } }, podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } } }],
      ports: [{ port: 5353, protocol: 'TCP' }, { port: 5353, protocol: 'UDP' }],
    }]);
    expect(ApiObject.of(web.explicitAllowPolicy!).toJson().spec).toEqual({
      podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
    expectConformant(chart);
  });

  test('writes the same policies as IsolatedNamespace for the same rules', () => {
    type Target = Pick<DefaultDenyNetworkPolicy, 'allowDns' | 'allowEgressTo' | 'allowIngressFrom'>;
    const rules = (target: Target) => {
      target.allowDns();
      target.allowEgressTo(vault(), [NetworkPort.tcp(8200)]);
      target.allowIngressFrom(NetworkPeer.namespace('monitoring'), [NetworkPort.tcp(9090)]);
    };
    const isolated = Testing.chart();
    rules(new IsolatedNamespace(isolated, 'ns', { name: 'ci-cd', network: primary() }));
    const standalone = Testing.chart();
    rules(new DefaultDenyNetworkPolicy(standalone, 'deny', { namespace: 'ci-cd' }));
    expect(Testing.synth(standalone)).toEqual(Testing.synth(isolated).filter(o => o.kind === 'NetworkPolicy'));
    expectConformant(isolated);
    expectConformant(standalone);
  });

  test('fails without a namespace, or with an invalid one', () => {
    expect(() => new DefaultDenyNetworkPolicy(new Chart(Testing.app(), 'c'), 'deny'))
      .toThrow(/^c\/deny: 'namespace' is missing and the chart has none: a NetworkPolicy without a namespace lands wherever it is applied/);
    expect(() => new DefaultDenyNetworkPolicy(Testing.chart(), 'deny', { namespace: 'CI/CD' })).toThrow(/'namespace' \("CI\/CD"\) must be a DNS-1123 label/);
    expect(() => new DefaultDenyNetworkPolicy(new Chart(Testing.app(), 'c', { namespace: 'Team_A' }), 'deny')).toThrow(/'namespace of chart "c"' \("Team_A"\) must be a DNS-1123 label/);
  });

  test('fails on invalid or equal policy names', () => {
    expect(() => new DefaultDenyNetworkPolicy(Testing.chart(), 'a', { namespace: 'ci', name: 'Deny!' })).toThrow(/'name' \("Deny!"\) must be a DNS-1123 subdomain/);
    expect(() => new DefaultDenyNetworkPolicy(Testing.chart(), 'b', { namespace: 'ci', explicitAllowName: 'Allow!' })).toThrow(/'explicitAllowName' \("Allow!"\) must be a DNS-1123 subdomain/);
    expect(() => new DefaultDenyNetworkPolicy(Testing.chart(), 'c', { namespace: 'ci', name: 'policy', explicitAllowName: 'policy' }))
      .toThrow(/'name' and 'explicitAllowName' are both "policy": the allow policy would replace the deny policy; give them different names/);
  });

  test('fails on a rule without ports, a duplicate rule and a duplicate DNS rule; errors are ValidationErrors with the construct path', () => {
    const policy = new DefaultDenyNetworkPolicy(Testing.chart(), 'deny', { namespace: 'ci', dns: {} });
    expect(() => policy.allowEgressTo(vault(), [])).toThrow(ValidationError);
    expect(() => policy.allowEgressTo(vault(), [])).toThrow(/^test\/deny: 'ports' of allowEgressTo\(pods:.*\) is empty; list the ports to allow/);
    expect(() => policy.allowIngressFrom(vault(), [])).toThrow(/^test\/deny: 'ports' of allowIngressFrom/);
    policy.allowIngressFrom(vault(), [NetworkPort.tcp(8080)]);
    expect(() => policy.allowIngressFrom(vault(), [NetworkPort.tcp(8080)])).toThrow(/^test\/deny: allowIngressFrom\(pods:.*\) with ports TCP\/8080 was already added; add each rule once/);
    expect(() => policy.allowDns()).toThrow(/^test\/deny: allowEgressTo\(pods:.*\) with ports UDP\/53, TCP\/53 was already added/);
    expect(() => new DefaultDenyNetworkPolicy(Testing.chart(), 'bad-dns', { namespace: 'ci', dns: { port: 0 } })).toThrow("'port' (0) must be an integer from 1 to 65535");
  });

  test('IsolatedNamespace still reports rule errors with its own path', () => {
    const ns = new IsolatedNamespace(Testing.chart(), 'ns', { name: 'ci', network: primary() });
    expect(() => ns.allowIngressFrom(vault(), [])).toThrow(/^test\/ns: 'ports' of allowIngressFrom/);
    ns.allowDns();
    expect(() => ns.allowDns()).toThrow(/^test\/ns: allowEgressTo\(pods:.*\) with ports UDP\/53, TCP\/53 was already added/);
  });
});
