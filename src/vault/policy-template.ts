import { ValidationError } from '../common/errors';
import { validateMountPath } from './private/common';
import { templateProblem } from './private/policy-path';

/**
 * Vault ACL templates for `VaultPolicy.addPath()`: each method returns one `{{...}}` parameter, which Vault fills
 * in from the identity of the token a request carries, so one policy gives every identity its own path, e.g.
 * `secret/data/tenants/${VaultPolicyTemplate.kubernetesNamespace()}/*`.
 *
 * A template resolves only for tokens with an entity (every login through an auth method creates one), and a
 * path whose template has no value for the token (no such alias, metadata key or group) grants nothing to it.
 * `addPath()` refuses templates where they would widen the grant: in the first segment, in the segment a `*`
 * extends, after a `+` segment, or two in one segment.
 *
 * Auth mounts are named by accessor, which Vault generates when the mount is created. Either copy it from
 * `vault auth list`, or use `accessorOf(mountPath)`: vault-config-operator replaces its placeholder with the
 * mount's accessor before writing the policy.
 */
export class VaultPolicyTemplate {
  /** The entity's ID: `{{identity.entity.id}}`. */
  public static entityId(): string {
    return checked('identity.entity.id');
  }

  /** The entity's name: `{{identity.entity.name}}`. */
  public static entityName(): string {
    return checked('identity.entity.name');
  }

  /** A value of the entity's metadata: `{{identity.entity.metadata.<key>}}`. */
  public static entityMetadata(key: string): string {
    return checked(`identity.entity.metadata.${key}`);
  }

  /**
   * The ID of the entity's alias on one auth mount: `{{identity.entity.aliases.<accessor>.id}}`.
   *
   * @param accessor the mount's accessor (`auth_kubernetes_1a2b3c4d`) or `accessorOf(mountPath)`
   */
  public static aliasId(accessor: string): string {
    return checked(`identity.entity.aliases.${accessor}.id`);
  }

  /**
   * The name of the entity's alias on one auth mount: `{{identity.entity.aliases.<accessor>.name}}`. For Kubernetes
   * auth that is the service account's UID (or `<namespace>/<name>` with alias name source `serviceaccount_name`).
   *
   * @param accessor the mount's accessor (`auth_kubernetes_1a2b3c4d`) or `accessorOf(mountPath)`
   */
  public static aliasName(accessor: string): string {
    return checked(`identity.entity.aliases.${accessor}.name`);
  }

  /**
   * A value the auth method recorded on the entity's alias: `{{identity.entity.aliases.<accessor>.metadata.<key>}}`.
   * Kubernetes auth records `service_account_namespace`, `service_account_name`, `service_account_uid` and
   * `service_account_secret_name`.
   *
   * @param accessor the mount's accessor (`auth_kubernetes_1a2b3c4d`) or `accessorOf(mountPath)`
   */
  public static aliasMetadata(accessor: string, key: string): string {
    return checked(`identity.entity.aliases.${accessor}.metadata.${key}`);
  }

  /**
   * A value set by an operator on the entity's alias: `{{identity.entity.aliases.<accessor>.custom_metadata.<key>}}`.
   *
   * @param accessor the mount's accessor (`auth_kubernetes_1a2b3c4d`) or `accessorOf(mountPath)`
   */
  public static aliasCustomMetadata(accessor: string, key: string): string {
    return checked(`identity.entity.aliases.${accessor}.custom_metadata.${key}`);
  }

  /** The name of a group the entity belongs to, selected by ID: `{{identity.groups.ids.<id>.name}}`. */
  public static groupNameById(groupId: string): string {
    checkGroup('groupId', groupId);
    return checked(`identity.groups.ids.${groupId}.name`);
  }

  /** The ID of a group the entity belongs to, selected by name: `{{identity.groups.names.<name>.id}}`. */
  public static groupIdByName(groupName: string): string {
    checkGroup('groupName', groupName);
    return checked(`identity.groups.names.${groupName}.id`);
  }

  /** A value of the metadata of a group the entity belongs to: `{{identity.groups.ids.<id>.metadata.<key>}}`. */
  public static groupMetadataById(groupId: string, key: string): string {
    checkGroup('groupId', groupId);
    return checked(`identity.groups.ids.${groupId}.metadata.${key}`);
  }

  /** A value of the metadata of a group the entity belongs to: `{{identity.groups.names.<name>.metadata.<key>}}`. */
  public static groupMetadataByName(groupName: string, key: string): string {
    checkGroup('groupName', groupName);
    return checked(`identity.groups.names.${groupName}.metadata.${key}`);
  }

  /**
   * The namespace of the service account that logged in through Kubernetes auth, the template that confines each
   * namespace (tenant) to its own path: `{{identity.entity.aliases.${auth/<mountPath>/@accessor}.metadata.service_account_namespace}}`.
   *
   * @param mountPath where the Kubernetes auth method is mounted (by default `kubernetes`)
   */
  public static kubernetesNamespace(mountPath?: string): string {
    return VaultPolicyTemplate.aliasMetadata(VaultPolicyTemplate.accessorOf(mountPath ?? 'kubernetes'), 'service_account_namespace');
  }

  /**
   * The name of the service account that logged in through Kubernetes auth (without its namespace: combine it
   * with `kubernetesNamespace()` in a segment of its own).
   *
   * @param mountPath where the Kubernetes auth method is mounted (by default `kubernetes`)
   */
  public static kubernetesServiceAccountName(mountPath?: string): string {
    return VaultPolicyTemplate.aliasMetadata(VaultPolicyTemplate.accessorOf(mountPath ?? 'kubernetes'), 'service_account_name');
  }

  /**
   * vault-config-operator's placeholder for the accessor of the auth method mounted at `mountPath`:
   * `${auth/<mountPath>/@accessor}`. The operator resolves it (from `sys/auth`) each time it writes the policy, so
   * the policy follows the mount even when it is re-created with a new accessor. Valid only inside a template.
   */
  public static accessorOf(mountPath: string): string {
    return `\${auth/${validateMountPath(undefined, 'mountPath', mountPath)}/@accessor}`;
  }

  private constructor() {}
}

function checked(parameter: string): string {
  const problem = templateProblem(parameter);
  if (problem !== undefined) throw new ValidationError(problem);
  return `{{${parameter}}}`;
}

/** Vault splits a group parameter on '.', so a group named `a.b` cannot be selected by name. */
function checkGroup(prop: string, value: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) may only contain letters, digits, '_' and '-': Vault splits the template on '.', so other characters cannot select a group`);
  }
}
