/**
 * Where the SPIFFE JWT exec plugin and the Workload API socket sit in the Argo CD pods. `ArgoCdInstance` mounts
 * them there and `ClusterAuth.spiffeJwt` points the cluster Secret's exec config there, so both read these
 * constants and cannot drift apart. Internal: not exported from the package.
 */

/** The directory the SPIFFE CSI driver's Workload API volume is mounted at. */
export const SPIFFE_SOCKET_DIRECTORY = '/run/spire/sockets';

/** The SPIRE agent's socket, as the exec plugin's `SPIFFE_ENDPOINT_SOCKET`. */
export const SPIFFE_ENDPOINT_SOCKET = `unix://${SPIFFE_SOCKET_DIRECTORY}/spire-agent.sock`;

/** The directory the exec plugin is copied to (an `emptyDir`). */
export const EXEC_PLUGIN_DIRECTORY = '/binaries';

/** The exec plugin's file name. */
export const EXEC_PLUGIN_BINARY = 'k8s-spiffe-workload-jwt-exec-auth';

/** The exec plugin as the cluster Secret's `execProviderConfig.command`. */
export const EXEC_PLUGIN_COMMAND = `${EXEC_PLUGIN_DIRECTORY}/${EXEC_PLUGIN_BINARY}`;
