import { IConstruct } from 'constructs';
import { ValidationError } from '../../common/errors';
import { isDnsSubdomain } from '../../common/names';

export const TEKTON_API_VERSION = 'tekton.dev/v1';

/** Tekton's webhook limits object names to 63 characters (pkg/apis/validate/metadata.go), below the API server's 253. */
export function checkTektonName(scope: IConstruct, kind: string, name: string): void {
  if (name.length > 63 || !isDnsSubdomain(name)) {
    throw new ValidationError(`${kind} name ${JSON.stringify(name)} must be a DNS-1123 subdomain of at most 63 characters (Tekton's limit); set metadata.name, e.g. "db-migrate"`, scope);
  }
}
