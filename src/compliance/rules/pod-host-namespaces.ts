import { asArray } from '../manifest';
import { EVERY_POD, POD_KIND_KEYS, podsOf } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const podHostNamespaces: RuleDefinition = {
  id: 'ZT-POD7',
  level: ComplianceLevel.ERROR,
  message: 'pod shares a host namespace (network, PID, IPC) or binds a host port',
  explanation: 'Host namespaces and host ports let a pod see and reach the node\'s processes and interfaces, '
    + 'bypassing network policy and network isolation. Remove hostNetwork, hostPID, hostIPC and hostPort.',
  fix: 'remove hostNetwork, hostPID, hostIPC and every hostPort',
  anchors: ['PSS baseline: hostNamespaces, hostPorts', 'kube-linter host-network, host-pid, host-ipc', 'ACS host_network.json, host_pids.json, host_ipc.json', 'Kyverno disallow-host-namespaces, disallow-host-ports'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => {
    const pods = podsOf(manifest);
    if (pods.length === 0) return NOT_APPLICABLE;
    return outcome(pods.flatMap(pod => [
      ...['hostNetwork', 'hostPID', 'hostIPC'].filter(f => pod.spec[f] === true).map(f => `${pod.where}${f} is true`),
      ...pod.containers.flatMap(({ where, container }) => asArray(container.ports)
        .filter(p => p?.hostPort !== undefined && p.hostPort !== 0)
        .map(p => `${where}: hostPort ${p.hostPort}`)),
    ]));
  },
};
