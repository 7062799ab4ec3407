import { ApiObject, Chart, Testing } from 'cdk8s';
import { LabelSelectorOperator } from '../../src/common';
import { ValidationError } from '../../src/common/errors';
import {
  IsolatedNamespace, Layer3Subnet, NetworkPeer, PodSecurityLevel, NetworkPort, NetworkProtocol, NetworkRole, NetworkTopology,
} from '../../src/network';
import { expectConformant } from '../conformance/harness';

const primary = () => NetworkTopology.layer3({ role: NetworkRole.PRIMARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] });
const vault = () => NetworkPeer.pods({ namespace: 'vault', podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } });

describe('IsolatedNamespace', () => {
  test('S2: the ci-cd namespace on its primary network, deny by default, egress to DNS, Vault and the database (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'somewhere-else' });
    const ns = new IsolatedNamespace(chart, 'ci', { name: 'ci-cd', network: primary(), labels: { team: 'platform' } });
    ns.allowDns();
    ns.allowEgressTo(vault(), [NetworkPort.tcp(8200)]);
    ns.allowEgressTo(NetworkPeer.ipBlock('10.20.0.0/24', ['10.20.0.128/25']), [NetworkPort.tcp(5432)]);
    ns.allowIngressFrom(NetworkPeer.namespace('monitoring'), [NetworkPort.tcp(9090)]);

    const synth = Testing.synth(chart);
    expect(synth.map(o => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toEqual([
      'Namespace -/ci-cd',
      'UserDefinedNetwork ci-cd/primary',
      'NetworkPolicy ci-cd/default-deny-all',
      'NetworkPolicy ci-cd/explicit-allow',
    ]);
    expect(synth[0].metadata.labels).toEqual({
      'k8s.ovn.org/primary-user-defined-network': '',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'team': 'platform',
    });
    expect(synth[2].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(synth[3].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(synth[3].spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.0.0/24', except: ['10.20.0.128/25'] } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
      },
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'vault' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vault' } } }],
        ports: [{ port: 8200, protocol: 'TCP' }],
      },
    ]);
    expect(synth[3].spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090, protocol: 'TCP' }] },
    ]);
    expect(ns.network.namespace).toBe('ci-cd');
    expect(ApiObject.of(ns).kind).toBe('Namespace');
    expect(synth).toMatchSnapshot();
    expectConformant(chart);
  });

  test('without rules only the deny policy exists; OpenShift DNS and port ranges are supported', () => {
    const chart = Testing.chart();
    new IsolatedNamespace(chart, 'quiet', { name: 'quiet', network: primary(), networkName: 'isolated', podSecurity: PodSecurityLevel.BASELINE });
    const synth = Testing.synth(chart);
    expect(synth[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(synth.map(o => o.kind)).toEqual(['Namespace', 'UserDefinedNetwork', 'NetworkPolicy']);
    expect(synth[1].metadata.name).toBe('isolated');
    expectConformant(chart);

    const ocp = Testing.chart();
    const ns = new IsolatedNamespace(ocp, 'ns', {
      name: 'builds',
      network: NetworkTopology.layer2({ role: NetworkRole.PRIMARY, subnets: ['10.100.0.0/16'] }),
    });
    ns.allowDns({ namespace: 'openshift-dns', podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } }, port: 5353 });
    ns.allowEgressTo(NetworkPeer.pods({ namespaceSelector: { matchLabels: { env: 'prod' } } }), [NetworkPort.of(NetworkProtocol.TCP, 30000, 30100)]);
    ns.allowEgressTo(NetworkPeer.pods({ podSelector: { matchLabels: { app: 'cache' } } }), [NetworkPort.of(NetworkProtocol.SCTP, 9000)]);
    ns.allowEgressTo(NetworkPeer.ipBlock('fd00:20::/64'), [NetworkPort.udp(4789)]);
    const [, , , allow] = Testing.synth(ocp);
    expect(allow.spec.policyTypes).toEqual(['Egress']);
    expect(allow.spec.ingress).toBeUndefined();
    expect(allow.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: 'fd00:20::/64' } }], ports: [{ port: 4789, protocol: 'UDP' }] });
    expect(allow.spec.egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }], ports: [{ port: 30000, protocol: 'TCP', endPort: 30100 }] });
    expect(allow.spec.egress).toContainEqual({ to: [{ podSelector: { matchLabels: { app: 'cache' } } }], ports: [{ port: 9000, protocol: 'SCTP' }] });
    expectConformant(ocp);
  });

  test('an ingress-only allow policy, from pods of the namespace itself', () => {
    const chart = Testing.chart();
    const ns = new IsolatedNamespace(chart, 'ns', { name: 'web', network: primary() });
    ns.allowIngressFrom(NetworkPeer.pods({}), [NetworkPort.tcp(8080)]);
    const [, , , allow] = Testing.synth(chart);
    expect(allow.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080, protocol: 'TCP' }] }] });
    expectConformant(chart);
  });

  test('output does not depend on the order rules are added in', () => {
    const build = (reverse: boolean) => {
      const chart = Testing.chart();
      const ns = new IsolatedNamespace(chart, 'ns', { name: 'ci-cd', network: primary() });
      const rules: Array<() => void> = [
        () => ns.allowDns(),
        () => ns.allowEgressTo(vault(), [NetworkPort.tcp(8200)]),
        () => ns.allowEgressTo(NetworkPeer.ipBlock('10.20.0.0/24'), [NetworkPort.tcp(5432), NetworkPort.tcp(5433)]),
      ];
      (reverse ? rules.reverse() : rules).forEach(r => r());
      expectConformant(chart);
      return Testing.synth(chart);
    };
    expect(build(true)).toEqual(build(false));
  });

  test('fails with a Secondary network', () => {
    expect(() => new IsolatedNamespace(Testing.chart(), 'ns', {
      name: 'ci-cd',
      network: NetworkTopology.layer3({ role: NetworkRole.SECONDARY, subnets: [Layer3Subnet.of('10.0.0.0/16', 24)] }),
    })).toThrow("'network' has role Secondary; an isolated namespace needs a Primary network");
  });

  test('fails with an invalid namespace name, network name or labels', () => {
    expect(() => new IsolatedNamespace(Testing.chart(), 'a', { name: 'CI/CD', network: primary() })).toThrow(/'name' \("CI\/CD"\) must be a DNS-1123 label/);
    expect(() => new IsolatedNamespace(Testing.chart(), 'b', { name: 'ci', network: primary(), networkName: 'Net!' })).toThrow(/'networkName' \("Net!"\) must be a DNS-1123 subdomain/);
    expect(() => new IsolatedNamespace(Testing.chart(), 'c', { name: 'ci', network: primary(), labels: { 'a b': 'x' } })).toThrow(/'labels' label key "a b" is invalid/);
  });

  test('fails when the labels try to set the primary network or pod security labels', () => {
    expect(() => new IsolatedNamespace(Testing.chart(), 'a', { name: 'ci', network: primary(), labels: { [IsolatedNamespace.PRIMARY_NETWORK_LABEL]: 'x' } }))
      .toThrow("'labels' must not set k8s.ovn.org/primary-user-defined-network; IsolatedNamespace sets it");
    expect(() => new IsolatedNamespace(Testing.chart(), 'b', { name: 'ci', network: primary(), labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }))
      .toThrow("'labels' must not set pod-security.kubernetes.io/enforce; IsolatedNamespace sets it (use 'podSecurity' for the pod security level)");
  });

  test('errors are ValidationErrors that start with the construct path', () => {
    const attempt = () => new IsolatedNamespace(Testing.chart(), 'ns', { name: 'ci', network: primary(), podSecurity: PodSecurityLevel.PRIVILEGED });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^test\/ns: 'podSecurity' \(privileged\)/);
    const ns = new IsolatedNamespace(Testing.chart(), 'ok', { name: 'ok', network: primary() });
    expect(() => ns.allowEgressTo(vault(), [])).toThrow(/^test\/ok: 'ports' of allowEgressTo/);
  });

  test('fails on a rule without ports and on a duplicate rule', () => {
    const ns = new IsolatedNamespace(Testing.chart(), 'a', { name: 'ci', network: primary() });
    expect(() => ns.allowEgressTo(vault(), [])).toThrow(/'ports' of allowEgressTo\(pods:.*\) is empty; list the ports to allow/);
    expect(() => ns.allowIngressFrom(vault(), [])).toThrow(/'ports' of allowIngressFrom/);
    ns.allowDns();
    expect(() => ns.allowDns()).toThrow(/allowEgressTo\(pods:.*\) with ports UDP\/53, TCP\/53 was already added; add each rule once/);
  });

  test('fails on invalid ports', () => {
    expect(() => NetworkPort.tcp(0)).toThrow("'port' (0) must be an integer from 1 to 65535");
    expect(() => NetworkPort.udp(65536)).toThrow("'port' (65536) must be an integer from 1 to 65535");
    expect(() => NetworkPort.of(NetworkProtocol.TCP, 80, 70000)).toThrow("'endPort' (70000) must be an integer from 1 to 65535");
    expect(() => NetworkPort.of(NetworkProtocol.TCP, 8080, 80)).toThrow("'endPort' (80) must not be below 'port' (8080); swap them");
  });

  test('fails on invalid peers', () => {
    expect(() => NetworkPeer.ipBlock('10.20.0.0')).toThrow('\'cidr\' ("10.20.0.0") is not a valid CIDR');
    expect(() => NetworkPeer.ipBlock('10.20.0.5/24')).toThrow("'cidr' (10.20.0.5/24) has host bits set; use the network address 10.20.0.0/24 or a /32 for one address");
    expect(() => NetworkPeer.ipBlock('10.20.0.0/24', ['10.21.0.0/25'])).toThrow("'except[0]' (10.21.0.0/25) must be a range strictly inside 10.20.0.0/24");
    expect(() => NetworkPeer.ipBlock('10.20.0.0/24', ['10.20.0.0/24'])).toThrow("'except[0]' (10.20.0.0/24) must be a range strictly inside");
    expect(() => NetworkPeer.ipBlock('10.20.0.0/24', ['x'])).toThrow('\'except[0]\' ("x") is not a valid CIDR');
    expect(() => NetworkPeer.pods({ namespace: 'Vault' })).toThrow(/'namespace' \("Vault"\) must be a DNS-1123 label/);
    expect(() => NetworkPeer.pods({ podSelector: { matchLabels: { app: 'bad value!' } } })).toThrow(/'podSelector.matchLabels' label "app" has an invalid value/);
    expect(() => NetworkPeer.pods({ namespaceSelector: { matchLabels: { '/x': 'y' } } })).toThrow(/'namespaceSelector.matchLabels' label key "\/x" is invalid/);
    expect(() => NetworkPeer.pods({ podSelector: { matchExpressions: [{ key: 'app', operator: LabelSelectorOperator.IN }] } }))
      .toThrow(/'podSelector.matchExpressions\[0\]' \(app In\) needs at least one value/);
  });
});
