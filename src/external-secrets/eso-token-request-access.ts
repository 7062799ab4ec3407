import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterSecretStore, SecretStoreBase } from './secret-store';
import { SecretStoreKind } from './secret-store-ref';
import { TokenRequestRole, TokenRequestRoleBinding } from './token-request-rbac';
import { ValidationError } from '../common/errors';
import { addFixedFirstChild } from '../common/fixed-first-child';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { sortedBy, sortedUnique } from '../common/sort';

/** Props of `EsoTokenRequestAccess`. */
export interface EsoTokenRequestAccessProps {
  /**
   * The stores whose service accounts ESO may mint tokens for; more can be added with `addStore()`.
   *
   * @default - every SecretStore and ClusterSecretStore in the app when this construct is created (a store
   * created later fails validation until it is passed to `addStore()`)
   */
  readonly stores?: SecretStoreBase[];
  /**
   * Name of the ESO controller's service account.
   *
   * @default 'external-secrets'
   */
  readonly controllerServiceAccountName?: string;
  /**
   * Namespace of the ESO controller.
   *
   * @default 'external-secrets'
   */
  readonly controllerNamespace?: string;
  /**
   * Namespaces in which ESO may mint tokens for service accounts that ClusterSecretStores reference
   * without a namespace ("referent" auth, resolved in each ExternalSecret's namespace).
   *
   * @default - the namespaces the store's `NamespaceCondition.names()` conditions list; a store scoped by
   * selectors or regexes then fails, since its namespaces are not known at synth
   */
  readonly referentNamespaces?: string[];
  /**
   * Name of each Role and RoleBinding.
   *
   * @default 'external-secrets-token-request'
   */
  readonly roleName?: string;
}

/** The service accounts ESO may mint tokens for in one namespace. */
export interface TokenRequestGrant {
  /** The namespace of the Role. */
  readonly namespace: string;
  /** The service accounts, sorted. */
  readonly serviceAccountNames: string[];
}

/**
 * Lets the ESO controller create tokens (`serviceaccounts/token`, verb `create`) only for the service
 * accounts its stores authenticate as: one Role (with `resourceNames`) and RoleBinding per namespace, as
 * ESO's security guide recommends. Install ESO with `rbac.serviceAccountTokenCreate: false` so the
 * chart's cluster-wide permission is gone.
 *
 * It has no main object (`ApiObject.of()` finds none): `roles` and `roleBindings` list the objects, one each per
 * namespace, in the order the namespaces were granted (construct ids `Role-<namespace>` and
 * `RoleBinding-<namespace>`). Its first child, `Anchor`, is empty: it keeps a fleet with one of these per tenant
 * fast to synthesize (see the Benchmark section of the README).
 */
export class EsoTokenRequestAccess extends Construct {
  private readonly controllerServiceAccountName: string;
  private readonly controllerNamespace: string;
  private readonly roleName: string;
  private readonly referentNamespaces?: string[];
  private readonly stores: SecretStoreBase[] = [];
  private readonly roleByNamespace = new Map<string, TokenRequestRole>();
  private readonly bindingList: TokenRequestRoleBinding[] = [];

  public constructor(scope: Construct, id: string, props: EsoTokenRequestAccessProps = {}) {
    super(scope, id);
    // its Roles and RoleBindings are named after namespaces: one per tenant must not be the first child of each
    addFixedFirstChild(this);
    this.controllerServiceAccountName = validateDnsSubdomain(this, 'controllerServiceAccountName', props.controllerServiceAccountName ?? 'external-secrets');
    this.controllerNamespace = validateDnsLabel(this, 'controllerNamespace', props.controllerNamespace ?? 'external-secrets');
    this.roleName = validateDnsSubdomain(this, 'roleName', props.roleName ?? 'external-secrets-token-request');
    if (props.referentNamespaces !== undefined) {
      if (props.referentNamespaces.length === 0) {
        throw new ValidationError('\'referentNamespaces\' is empty; list the namespaces of the ExternalSecrets that use referent auth, or omit it', this);
      }
      props.referentNamespaces.forEach(ns => validateDnsLabel(this, 'referentNamespaces', ns));
      this.referentNamespaces = sortedUnique(props.referentNamespaces);
    }

    const discovered = props.stores === undefined;
    const stores = props.stores ?? storesIn(this);
    stores.forEach(s => this.addStore(s));
    if (discovered) {
      this.node.addValidation({
        validate: () => storesIn(this)
          .filter(s => !this.stores.includes(s) && s.referencedServiceAccounts.length > 0)
          .map(s => `store '${s.node.path}' was created after EsoTokenRequestAccess '${this.node.path}', so ESO cannot mint its tokens; create the access construct last or call addStore()`),
      });
    }
  }

  /** Grants token creation for the service accounts `store` references. */
  public addStore(store: SecretStoreBase): void {
    if (this.stores.includes(store)) {
      throw new ValidationError(`'addStore' was already called for store '${store.node.path}'; add each store once`, this);
    }
    this.stores.push(store);
    for (const account of store.referencedServiceAccounts) {
      for (const namespace of this.namespacesFor(store, account.name, account.namespace)) {
        this.grant(namespace, account.name);
      }
    }
  }

  /**
   * Grants token creation for one service account that a generator authenticates as (e.g. a
   * `VaultDynamicSecret` with Kubernetes auth): generators are not stores, so `addStore()` never sees
   * their accounts. Granting an account twice is a no-op.
   */
  public addServiceAccount(serviceAccount: kplus.IServiceAccount): void {
    validateDnsSubdomain(this, 'serviceAccount.name', serviceAccount.name);
    const namespace = serviceAccount.toSubjectConfiguration().namespace;
    if (namespace === undefined) {
      throw new ValidationError(`'serviceAccount' (${serviceAccount.name}) has no namespace, so the Role cannot be placed; use an account with a namespace, e.g. kplus.ServiceAccount.fromServiceAccountName(scope, id, '${serviceAccount.name}', { namespaceName: 'ci-cd' })`, this);
    }
    this.grant(validateDnsLabel(this, 'serviceAccount.namespace', namespace), serviceAccount.name);
  }

  /** The grants so far, sorted by namespace. */
  public get grants(): TokenRequestGrant[] {
    return sortedBy(this.roleByNamespace.entries(), ([namespace]) => namespace)
      .map(([namespace, role]) => ({ namespace, serviceAccountNames: role.serviceAccountNames }));
  }

  /** The Roles, one per namespace, in the order the namespaces were granted. */
  public get roles(): TokenRequestRole[] {
    return [...this.roleByNamespace.values()];
  }

  /** The RoleBindings granting each Role to the ESO controller, in the order of `roles`. */
  public get roleBindings(): TokenRequestRoleBinding[] {
    return [...this.bindingList];
  }

  private namespacesFor(store: SecretStoreBase, account: string, namespace: string | undefined): string[] {
    if (namespace !== undefined) return [namespace];
    if (store.storeKind === SecretStoreKind.SECRET_STORE) {
      throw new ValidationError(`SecretStore '${store.node.path}' has no namespace, so the Role for service account "${account}" cannot be placed; set the store's metadata.namespace or its chart's namespace`, this);
    }
    if (this.referentNamespaces) return this.referentNamespaces;
    const listed = store instanceof ClusterSecretStore && !store.allowAllNamespaces
      ? store.conditions.map(c => c._listedNames()) : [undefined];
    if (listed.some(names => names === undefined)) {
      throw new ValidationError(`ClusterSecretStore '${store.node.path}' uses referent auth for service account "${account}" but its namespaces are not listed by NamespaceCondition.names(); set 'referentNamespaces' to the namespaces of its ExternalSecrets`, this);
    }
    return sortedUnique(listed.flatMap(names => names!));
  }

  // the construct ids are the ones of the former raw objects, so generated paths stay the same
  private grant(namespace: string, account: string): void {
    let role = this.roleByNamespace.get(namespace);
    if (role === undefined) {
      const metadata = { name: this.roleName, namespace };
      role = new TokenRequestRole(this, `Role-${namespace}`, { metadata });
      this.roleByNamespace.set(namespace, role);
      this.bindingList.push(new TokenRequestRoleBinding(this, `RoleBinding-${namespace}`, {
        metadata,
        role,
        serviceAccountName: this.controllerServiceAccountName,
        serviceAccountNamespace: this.controllerNamespace,
      }));
    }
    role.addServiceAccount(account);
  }
}

/** Every store in the app, in construct-path order. */
function storesIn(scope: Construct): SecretStoreBase[] {
  return sortedBy(scope.node.root.node.findAll()
    .filter((c): c is SecretStoreBase => c instanceof SecretStoreBase), c => c.node.path);
}
