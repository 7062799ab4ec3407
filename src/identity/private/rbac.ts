import { Construct } from 'constructs';
import { Resource } from '../../common/resource';

/** API version of RBAC objects. */
export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
/** API group of RBAC objects, as `roleRef` and `User` subjects name it. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Where an RBAC object lives: in a namespace (Role, RoleBinding) or cluster-wide (ClusterRole, ClusterRoleBinding). */
export interface RbacObjectProps {
  /** The object's name. */
  readonly name: string;
  /** The namespace, or undefined for the cluster-scoped kind. */
  readonly namespace?: string;
}

/**
 * A Role (in a namespace) or ClusterRole (cluster-wide) with rules rendered at synthesis.
 *
 * Not cdk8s-plus's `Role`/`ClusterRole`: they render one rule per resource, with the API group derived from it,
 * so a rule listing several resources of a group could not be written as given.
 */
export class RbacRoleResource extends Resource {
  public constructor(scope: Construct, id: string, props: RbacObjectProps, private readonly renderRules: () => any[]) {
    const namespaced = props.namespace !== undefined;
    super(scope, id, { apiVersion: RBAC_API_VERSION, kind: namespaced ? 'Role' : 'ClusterRole', namespaced, bodyFields: ['rules'] },
      { metadata: { name: props.name, namespace: props.namespace } });
  }

  /** @internal */
  public _renderBody(): { [field: string]: any } {
    return { rules: this.renderRules() };
  }
}

/** Props of an `RbacBindingResource`. */
export interface RbacBindingProps extends RbacObjectProps {
  /** `roleRef`: the kind (`Role` or `ClusterRole`) and name of the role bound. */
  readonly roleRef: { readonly kind: string; readonly name: string };
}

/**
 * A RoleBinding (in a namespace) or ClusterRoleBinding (cluster-wide) with subjects rendered at synthesis.
 *
 * Not cdk8s-plus's `RoleBinding`/`ClusterRoleBinding`: its ClusterRoleBinding keeps the namespace cdk8s stamps
 * from a namespaced chart (an invalid object). Its RoleBinding could render this object, but one class serves
 * both scopes here, as the role above does, so names and namespaces are checked on one path.
 */
export class RbacBindingResource extends Resource {
  private readonly roleRef: { readonly kind: string; readonly name: string };

  public constructor(scope: Construct, id: string, props: RbacBindingProps, private readonly renderSubjects: () => any[]) {
    const namespaced = props.namespace !== undefined;
    super(scope, id, {
      apiVersion: RBAC_API_VERSION,
      kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
      namespaced,
      bodyFields: ['roleRef', 'subjects'],
    }, { metadata: { name: props.name, namespace: props.namespace } });
    this.roleRef = { kind: props.roleRef.kind, name: props.roleRef.name };
  }

  /** @internal */
  public _renderBody(): { [field: string]: any } {
    return { roleRef: { apiGroup: RBAC_GROUP, ...this.roleRef }, subjects: this.renderSubjects() };
  }
}
