import { Construct } from 'constructs';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';
import { sortedStrings } from '../common/sort';

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

/**
 * A `Role` allowing token requests (`serviceaccounts/token`, verb `create`) for the named service accounts of its
 * namespace only, as `EsoTokenRequestAccess` writes it: one rule whose `resourceNames` lists every account, sorted.
 *
 * Not cdk8s-plus's `Role`: it writes one rule per resource with a single `resourceNames` entry each, so the one
 * rule listing every account could not be written as it is.
 */
export class TokenRequestRole extends Resource {
  private readonly accounts = new Set<string>();

  /**
   * @param props its `metadata` (name and namespace)
   */
  public constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, { apiVersion: RBAC_API_VERSION, kind: 'Role', namespaced: true, bodyFields: ['rules'] }, props);
  }

  /** The service accounts tokens may be requested for, sorted. */
  public get serviceAccountNames(): string[] {
    return sortedStrings(this.accounts);
  }

  /** Allows token requests for the service account `name` as well; adding an account twice is a no-op. */
  public addServiceAccount(name: string): void {
    this.accounts.add(validateDnsSubdomain(this, 'serviceAccount.name', name));
  }

  /** @internal */
  public _renderBody(): { [field: string]: any } {
    return {
      rules: [{
        apiGroups: [''],
        resources: ['serviceaccounts/token'],
        resourceNames: this.serviceAccountNames,
        verbs: ['create'],
      }],
    };
  }
}

/** Props of a `TokenRequestRoleBinding`. */
export interface TokenRequestRoleBindingProps extends ResourceProps {
  /** The Role it grants. */
  readonly role: TokenRequestRole;
  /** The name of the service account granted the Role (the ESO controller's). */
  readonly serviceAccountName: string;
  /** The namespace of that service account. */
  readonly serviceAccountNamespace: string;
}

/**
 * A `RoleBinding` granting a `TokenRequestRole` to one service account of another namespace (the ESO
 * controller's).
 *
 * Not cdk8s-plus's `RoleBinding`: it writes `apiGroup: ""` into a service-account subject, which would change
 * the synthesized bytes.
 */
export class TokenRequestRoleBinding extends Resource {
  private readonly roleName: string;
  private readonly subject: { kind: string; name: string; namespace: string };

  public constructor(scope: Construct, id: string, props: TokenRequestRoleBindingProps) {
    super(scope, id, { apiVersion: RBAC_API_VERSION, kind: 'RoleBinding', namespaced: true, bodyFields: ['roleRef', 'subjects'] },
      requireProps(props, 'TokenRequestRoleBindingProps', ['role', 'serviceAccountName', 'serviceAccountNamespace'], scope, id));
    this.roleName = props.role.name;
    this.subject = {
      kind: 'ServiceAccount',
      name: validateDnsSubdomain(this, 'serviceAccountName', props.serviceAccountName),
      namespace: validateDnsLabel(this, 'serviceAccountNamespace', props.serviceAccountNamespace),
    };
  }

  /** @internal */
  public _renderBody(): { [field: string]: any } {
    return {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.roleName },
      subjects: [{ ...this.subject }],
    };
  }
}
