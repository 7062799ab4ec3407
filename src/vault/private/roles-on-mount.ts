import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DatabaseSecretEngineRole } from '../database-secret-engine-role';

/**
 * The `DatabaseSecretEngineRole`s that write to the same Vault mount as `construct`: in the same chart (charts of
 * one app may go to different clusters, each with its own Vault), on `mountPath`, in the same Vault namespace.
 */
export function rolesOnMount(construct: IConstruct, mountPath: string, vaultNamespace: string | undefined): DatabaseSecretEngineRole[] {
  const chart = Chart.of(construct);
  return chart.node.findAll()
    .filter((c): c is DatabaseSecretEngineRole => c instanceof DatabaseSecretEngineRole && c.mountPath === mountPath && Chart.of(c) === chart)
    .filter(role => specOf(role).authentication?.namespace === vaultNamespace);
}

/** The rendered spec of a role (its fields are private). */
export function specOf(role: DatabaseSecretEngineRole): any {
  return ApiObject.of(role).toJson().spec ?? {};
}
