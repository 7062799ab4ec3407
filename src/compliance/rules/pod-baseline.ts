import { asArray, isObject } from '../manifest';
import { EVERY_POD, POD_KIND_KEYS, podsOf, PodView } from '../pods';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

// PSS baseline sysctls: namespaced and isolated from other pods
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem', 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat',
];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
const HANDLERS = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** Problems of one securityContext (pod or container level) under the baseline controls. */
function contextProblems(where: string, context: any): string[] {
  if (!isObject(context)) return [];
  const problems: string[] = [];
  const selinux = context.seLinuxOptions;
  if (isObject(selinux)) {
    if (!SELINUX_TYPES.includes(selinux.type ?? '')) problems.push(`${where}seLinuxOptions.type ${selinux.type}`);
    if (selinux.user || selinux.role) problems.push(`${where}seLinuxOptions sets user or role`);
  }
  const apparmor = context.appArmorProfile?.type;
  if (apparmor !== undefined && !APPARMOR_TYPES.includes(apparmor)) problems.push(`${where}appArmorProfile.type ${apparmor}`);
  if (context.windowsOptions?.hostProcess === true) problems.push(`${where}windowsOptions.hostProcess is true`);
  if (context.procMount !== undefined && context.procMount !== 'Default') problems.push(`${where}procMount ${context.procMount}`);
  return problems;
}

/** Probe and lifecycle handlers that target another host than the pod. */
function handlerHosts(where: string, container: any): string[] {
  const handlers = [
    ...HANDLERS.map(h => [h, container[h]] as const),
    ...['postStart', 'preStop'].map(h => [`lifecycle.${h}`, container.lifecycle?.[h]] as const),
  ];
  return handlers.filter(([, h]) => h?.httpGet?.host || h?.tcpSocket?.host).map(([name]) => `${where}${name} sets a host`);
}

function podProblems(pod: PodView, annotations: any): string[] {
  const sysctls = asArray(pod.spec.securityContext?.sysctls).filter(s => !SAFE_SYSCTLS.includes(s?.name)).map(s => `${pod.where}sysctl ${s?.name}`);
  const apparmorAnnotations = Object.entries(isObject(annotations) ? annotations : {})
    .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !(typeof v === 'string' && v.startsWith('localhost/')))
    .map(([k, v]) => `annotation ${k}: ${v}`);
  return [
    ...contextProblems(pod.where, pod.spec.securityContext),
    ...sysctls,
    ...apparmorAnnotations,
    ...pod.containers.flatMap(({ where, container }) => [
      ...contextProblems(`${where}: `, container.securityContext),
      ...handlerHosts(`${where}: `, container),
    ]),
  ];
}

export const podBaseline: RuleDefinition = {
  id: 'ZT-POD10',
  level: ComplianceLevel.ERROR,
  message: 'pod breaks another Pod Security Standards baseline control',
  explanation: 'Baseline also forbids unsafe sysctls, custom SELinux users, roles and types, AppArmor profiles other '
    + 'than RuntimeDefault or Localhost, Windows host processes, an unmasked /proc, and probes or lifecycle hooks aimed '
    + 'at other hosts. Remove those settings.',
  fix: 'remove the unsafe sysctls, SELinux options, AppArmor profile, host process, procMount or probe host',
  anchors: ['PSS baseline: sysctls, seLinuxOptions, appArmorProfile, windowsHostProcess, procMount, hostProbesAndHostLifecycle',
    'Kyverno restrict-sysctls, disallow-selinux, restrict-apparmor-profiles, disallow-host-process, disallow-proc-mount'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => {
    const pods = podsOf(manifest);
    if (pods.length === 0) return NOT_APPLICABLE;
    return outcome(pods.flatMap(pod => podProblems(pod, pod.metadata.annotations)));
  },
};
