import { Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IOpenShiftAuthentication } from './openshift-authentication';
import { RBAC_API_VERSION, RBAC_GROUP, RbacBindingResource, RbacRoleResource } from './private/rbac';
import { SpiffeId } from './spiffe-id';
import { ValidationError } from '../common/errors';
import { addFixedFirstChild } from '../common/fixed-first-child';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names';
import { validateReason } from '../common/reason';
import { requireProps } from '../common/required-props';
import { Resource } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';
import { RbacFinding, rbacFindings } from '../compliance/rbac/assess';

const VERB = /^[a-z]+$/;

/** One RBAC policy rule. */
export interface RbacRule {
  /** API groups, `''` for the core group, e.g. `['apps']`. */
  readonly apiGroups: string[];
  /** Resources (and subresources such as `pods/log`), e.g. `['deployments']`. */
  readonly resources: string[];
  /** Verbs, e.g. `['get', 'list', 'watch']`. */
  readonly verbs: string[];
  /**
   * Restricts the rule to these object names (the way to grant reading one Secret).
   *
   * @default - all objects of the resources
   */
  readonly resourceNames?: string[];
}

function validateRule(scope: IConstruct, prop: string, rule: RbacRule): void {
  for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
    const list = rule[field];
    if (!Array.isArray(list) || list.length === 0) {
      throw new ValidationError(`'${prop}.${field}' must list at least one entry; e.g. { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }`, scope);
    }
    const dup = list.find((v, i) => list.indexOf(v) !== i);
    if (dup !== undefined) throw new ValidationError(`'${prop}.${field}' lists ${JSON.stringify(dup)} twice; remove the duplicate`, scope);
  }
  const badVerb = rule.verbs.find(v => v !== '*' && !VERB.test(v));
  if (badVerb !== undefined) throw new ValidationError(`'${prop}.verbs' has an invalid verb ${JSON.stringify(badVerb)}: verbs are lowercase words such as get, list, watch, create, update, patch, delete`, scope);
  const badResource = rule.resources.find(r => r.length === 0 || /\s/.test(r));
  if (badResource !== undefined) throw new ValidationError(`'${prop}.resources' has an invalid resource ${JSON.stringify(badResource)}: use plural lowercase names such as deployments or pods/log`, scope);
  (rule.resourceNames ?? []).forEach((n, i) => {
    if (n.length === 0) throw new ValidationError(`'${prop}.resourceNames[${i}]' must not be empty`, scope);
  });
}

/** Props of `SpiffeAccess`. */
export interface SpiffeAccessProps {
  /** The spoke cluster's Authentication; its username prefix turns SPIFFE IDs into user names. */
  readonly authentication: IOpenShiftAuthentication;
  /** The workloads granted access (more with `addSubject()`). */
  readonly subjects: SpiffeId[];
  /**
   * The namespace the access is limited to (a Role and RoleBinding).
   *
   * @default - cluster-wide (a ClusterRole and ClusterRoleBinding)
   */
  readonly namespace?: string;
  /**
   * The rules of the role this construct creates (more with `addRule()`). Either `rules` or `clusterRole`.
   *
   * @default - none; then `clusterRole` is required
   */
  readonly rules?: RbacRule[];
  /**
   * Bind an existing ClusterRole (e.g. `view`) instead of creating a role; within `namespace` if given.
   *
   * @default - a role with `rules` is created
   */
  readonly clusterRole?: string;
  /**
   * The names of the role and the binding.
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Accept access broader than least privilege, with the written reason: whatever the compliance pack's RBAC
   * rules refuse (binding `cluster-admin` or `admin`/`edit`; wildcards; get/list/watch on secrets without
   * `resourceNames`; escalate/bind/impersonate; creating workloads cluster-wide; exec into pods; token
   * requests; namespaced rights in every namespace for a cluster-wide binding, ...). It acknowledges those rules
   * on this construct.
   *
   * @default - such access is rejected
   */
  readonly acknowledgeBroadAccess?: string;
}

/**
 * RBAC for SPIFFE workloads on a cluster that authenticates them through an external OIDC provider: a Role or
 * ClusterRole (unless an existing ClusterRole is bound) and a binding whose subjects are the workloads' user
 * names, `<username prefix><SPIFFE ID>`. Broad grants are rejected unless acknowledged with a reason.
 *
 * Escape hatches: `ApiObject.of(access)` is the RoleBinding or ClusterRoleBinding (also `binding`); `role` is the
 * Role or ClusterRole it creates.
 */
export class SpiffeAccess extends Construct {
  /** The name of the role the binding refers to (`roleRef.name`): the role created, or the bound ClusterRole. */
  public readonly roleName: string;
  /** The namespace, or undefined for cluster-wide access. */
  public readonly namespace?: string;
  /** The reason broad access was accepted, if it was. */
  public readonly broadAccessReason?: string;
  /** The RoleBinding (with `namespace`) or ClusterRoleBinding, this construct's main object. */
  public readonly binding: Resource;
  /** The Role (with `namespace`) or ClusterRole created from the rules; undefined when an existing ClusterRole is bound. */
  public readonly role?: Resource;
  private readonly authentication: IOpenShiftAuthentication;
  private readonly subjectIds: SpiffeId[] = [];
  private readonly ruleList: RbacRule[] = [];
  private readonly createsRole: boolean;
  private readonly bindingName: string;

  public constructor(scope: Construct, id: string, props: SpiffeAccessProps) {
    super(scope, id);
    requireProps(props, 'SpiffeAccessProps', ['authentication', 'subjects'], this);
    this.checkProps(props);
    this.authentication = props.authentication;
    this.namespace = props.namespace;
    this.broadAccessReason = props.acknowledgeBroadAccess;
    this.createsRole = props.clusterRole === undefined;
    const name = props.name ?? Names.toDnsLabel(this);
    this.roleName = props.clusterRole ?? name;
    this.bindingName = name;
    if (!Array.isArray(props.subjects) || props.subjects.length === 0) {
      throw new ValidationError('\'subjects\' must list at least one SPIFFE ID; e.g. [SpiffeId.forServiceAccount(\'example.org\', \'argocd\', \'argocd-application-controller\')]', this);
    }
    props.subjects.forEach(s => this.addSubject(s));
    (props.rules ?? []).forEach(r => this.addRule(r));

    if (this.createsRole) {
      this.role = new RbacRoleResource(this, 'Role', { name: this.roleName, namespace: this.namespace }, () => this.renderRules());
    }
    this.binding = new RbacBindingResource(this, 'Binding', {
      name: this.bindingName,
      namespace: this.namespace,
      roleRef: { kind: this.roleKind, name: this.roleName },
    }, () => this.renderSubjects());
    // the binding keeps its construct id (and path); it is this construct's main object all the same
    this.node.defaultChild = this.binding;
    if (!this.createsRole) this.checkClusterRole(props.clusterRole!);
    // rules may still be added after construction, so an acknowledgement without a broad rule is checked at synthesis
    this.node.addValidation({ validate: () => this.validateAcknowledgement() });
  }

  /** The user names bound, `<prefix><SPIFFE ID>`, sorted. */
  public get usernames(): string[] {
    return sortedStrings(this.subjectIds.map(s => this.authentication.usernameFor(s.toString())));
  }

  /** Grants the access to one more workload. */
  public addSubject(subject: SpiffeId): void {
    if (!(subject instanceof SpiffeId)) {
      throw new ValidationError(`'subjects' entries must be SpiffeId values, got ${JSON.stringify(subject)}; use SpiffeId.parse() or SpiffeId.forServiceAccount()`, this);
    }
    if (this.subjectIds.some(s => s.isSameAs(subject))) {
      throw new ValidationError(`'subjects' already has ${subject}; each SPIFFE ID may be bound once`, this);
    }
    this.authentication.usernameFor(subject.toString());
    this.subjectIds.push(subject);
  }

  /** Adds a rule to the role this construct creates. */
  public addRule(rule: RbacRule): void {
    requireProps(rule, 'RbacRule', ['apiGroups', 'resources', 'verbs'], this);
    if (!this.createsRole) {
      throw new ValidationError(`cannot add rules: this access binds the existing ClusterRole "${this.roleName}"; use a separate SpiffeAccess with rules`, this);
    }
    const prop = `rules[${this.ruleList.length}]`;
    validateRule(this, prop, rule);
    const rendered = {
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
      resourceNames: rule.resourceNames?.length ? sortedStrings(rule.resourceNames) : undefined,
    };
    // the compliance pack's own reading of the rule, as it will be bound: what it refuses at synthesis is refused here
    const findings = this.assess([rendered]);
    if (findings.length > 0 && this.broadAccessReason === undefined) {
      throw new ValidationError(`'${prop}' is broader than least privilege: ${describe(findings)}; list the verbs and resources needed, use resourceNames for secrets (e.g. resourceNames: ['app-config']), bind in a namespace, or set acknowledgeBroadAccess with a reason`, this);
    }
    this.acknowledge(findings);
    this.ruleList.push(rendered);
  }

  /** `Role` for a role created in a namespace, else `ClusterRole`. */
  private get roleKind(): string {
    return this.createsRole && this.namespace !== undefined ? 'Role' : 'ClusterRole';
  }

  private checkProps(props: SpiffeAccessProps): void {
    if (props.namespace !== undefined) validateDnsLabel(this, 'namespace', props.namespace);
    if (props.name !== undefined) validateDnsSubdomain(this, 'name', props.name);
    if (props.acknowledgeBroadAccess !== undefined) validateReason(this, 'acknowledgeBroadAccess', props.acknowledgeBroadAccess, 'why the broader access is needed');
    if (props.clusterRole !== undefined && props.rules !== undefined) {
      throw new ValidationError(`'rules' and 'clusterRole' (${JSON.stringify(props.clusterRole)}) exclude each other: either create a role from rules or bind an existing ClusterRole`, this);
    }
    if (props.clusterRole === undefined && props.rules === undefined) {
      throw new ValidationError('either \'rules\' or \'clusterRole\' is required; e.g. rules: [{ apiGroups: [\'apps\'], resources: [\'deployments\'], verbs: [\'get\', \'list\', \'watch\'] }]', this);
    }
    if (props.clusterRole !== undefined) validateDnsSubdomain(this, 'clusterRole', props.clusterRole);
  }

  /** Binding an existing ClusterRole: broad ones need the acknowledgement, narrow ones must not have it. */
  private checkClusterRole(clusterRole: string): void {
    const findings = this.assess();
    if (findings.length > 0 && this.broadAccessReason === undefined) {
      throw new ValidationError(`'clusterRole' (${JSON.stringify(clusterRole)}) is broader than least privilege: ${describe(findings)}; bind a narrower role (e.g. rules for the resources needed, or ArgoCdNamespaceAccess) or set acknowledgeBroadAccess with a reason`, this);
    }
    if (findings.length === 0 && this.broadAccessReason !== undefined) {
      throw new ValidationError(`'acknowledgeBroadAccess' is set but binding the ClusterRole "${clusterRole}" is not broad; remove the acknowledgement`, this);
    }
    this.acknowledge(findings);
  }

  /**
   * The pack's RBAC error findings on the role (with `rules`, or the rules added so far) and binding this
   * construct emits.
   */
  private assess(rules: RbacRule[] = this.ruleList): RbacFinding[] {
    const namespaced = this.namespace !== undefined;
    const metadata = { name: this.roleName, ...namespaced ? { namespace: this.namespace } : {} };
    return rbacFindings([
      ...this.createsRole ? [{ apiVersion: RBAC_API_VERSION, kind: this.roleKind, metadata, rules }] : [],
      {
        apiVersion: RBAC_API_VERSION,
        kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
        metadata: { ...metadata, name: this.bindingName },
        roleRef: { apiGroup: RBAC_GROUP, kind: this.roleKind, name: this.roleName },
        subjects: this.renderSubjects(),
      },
    ]);
  }

  /** Records `acknowledgeBroadAccess` as the acknowledgement of each rule the access breaks. */
  private acknowledge(findings: RbacFinding[]): void {
    if (this.broadAccessReason === undefined) return;
    for (const id of new Set(findings.map(f => f.ruleId))) {
      Compliance.of(this)._acknowledgeOptIn('acknowledgeBroadAccess', id, this.broadAccessReason, 'why the broader access is needed');
    }
  }

  private validateAcknowledgement(): string[] {
    if (!this.createsRole || this.broadAccessReason === undefined) return [];
    if (this.assess().length > 0) return [];
    return [`'acknowledgeBroadAccess' is set but no rule of ${this.node.path} is broad; remove the acknowledgement so it keeps meaning something`];
  }

  private renderRules(): any[] {
    return this.ruleList.map(r => ({ ...r }));
  }

  private renderSubjects(): any[] {
    return this.usernames.map(name => ({ apiGroup: RBAC_GROUP, kind: 'User', name }));
  }
}

/** `get, list on secrets without resourceNames (ZT-RBAC3); ...` for an error message. */
function describe(findings: RbacFinding[]): string {
  return [...new Set(findings.map(f => `${f.detail.replace(/^rules\[\d+\]: /, '')} (${f.ruleId})`))].join('; ');
}

const MANAGE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];

/**
 * What Argo CD's application controller needs in a namespace it deploys to: manage the usual application
 * resources, read pods, events and endpoints for health and the resource tree. Secrets are left out on
 * purpose (reading them needs names); deliver them with External Secrets instead.
 */
const ARGOCD_NAMESPACE_RULES: RbacRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'services'], verbs: MANAGE },
  { apiGroups: [''], resources: ['endpoints', 'events', 'pods', 'pods/log'], verbs: READ },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'statefulsets'], verbs: MANAGE },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: MANAGE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: MANAGE },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: MANAGE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: MANAGE },
  { apiGroups: ['route.openshift.io'], resources: ['routes'], verbs: MANAGE },
  { apiGroups: ['route.openshift.io'], resources: ['routes/custom-host'], verbs: ['create', 'update', 'patch'] },
];

/** Props of `ArgoCdNamespaceAccess`. */
export interface ArgoCdNamespaceAccessProps {
  /** The spoke cluster's Authentication (for the username prefix). */
  readonly authentication: IOpenShiftAuthentication;
  /** The Argo CD identities, typically the application controller's and the server's SPIFFE IDs. */
  readonly subjects: SpiffeId[];
  /** The namespaces Argo CD deploys to; each gets a Role and a RoleBinding. */
  readonly namespaces: string[];
  /**
   * Rules added to every namespace's Role, e.g. for custom resources the applications contain.
   *
   * @default - none
   */
  readonly additionalRules?: RbacRule[];
  /**
   * The name of each Role and RoleBinding.
   *
   * @default 'argocd-manager'
   */
  readonly name?: string;
}

/**
 * Least-privilege access for Argo CD on a spoke cluster: a Role and RoleBinding per managed namespace instead
 * of a cluster-wide (let alone `cluster-admin`) binding. Pair it with an Argo CD cluster Secret whose
 * `namespaces` lists the same namespaces and with `resource.respectRBAC: normal` in `argocd-cm`, so the
 * controller only watches what it may read.
 *
 * Escape hatches: it owns one `SpiffeAccess` per namespace and no object of its own, so `ApiObject.of()` does
 * not apply to it; `accesses` and `accessFor(namespace)` reach each namespace's `binding` and `role`. Its first
 * child, `Anchor`, is empty: it keeps an App with many of these fast to synthesize (see the Benchmark section of
 * the README).
 */
export class ArgoCdNamespaceAccess extends Construct {
  /** The namespaces granted, sorted. */
  public readonly namespaces: string[];
  private readonly accessByNamespace = new Map<string, SpiffeAccess>();

  public constructor(scope: Construct, id: string, props: ArgoCdNamespaceAccessProps) {
    super(scope, id);
    requireProps(props, 'ArgoCdNamespaceAccessProps', ['authentication', 'subjects', 'namespaces'], this);
    if (!Array.isArray(props.namespaces) || props.namespaces.length === 0) {
      throw new ValidationError('\'namespaces\' must list at least one namespace Argo CD deploys to; e.g. [\'gitops-helm-quarkus\']', this);
    }
    props.namespaces.forEach((ns, i) => validateDnsLabel(this, `namespaces[${i}]`, ns));
    const dup = props.namespaces.find((ns, i) => props.namespaces.indexOf(ns) !== i);
    if (dup !== undefined) throw new ValidationError(`'namespaces' lists ${JSON.stringify(dup)} twice; remove the duplicate`, this);
    const name = props.name ?? 'argocd-manager';
    validateDnsSubdomain(this, 'name', name);
    this.namespaces = sortedStrings(props.namespaces);
    // its children are named after the namespaces
    addFixedFirstChild(this);
    for (const namespace of this.namespaces) {
      this.accessByNamespace.set(namespace, new SpiffeAccess(this, namespace, {
        authentication: props.authentication,
        subjects: props.subjects,
        namespace,
        name,
        rules: [...ARGOCD_NAMESPACE_RULES, ...props.additionalRules ?? []],
      }));
    }
  }

  /** The access of each namespace (its Role and RoleBinding), in the order of `namespaces` (a copy). */
  public get accesses(): SpiffeAccess[] {
    return [...this.accessByNamespace.values()];
  }

  /** The Role and RoleBinding of one namespace. */
  public accessFor(namespace: string): SpiffeAccess {
    const access = this.accessByNamespace.get(namespace);
    if (!access) throw new ValidationError(`namespace ${JSON.stringify(namespace)} is not managed by ${this.node.path}; managed: ${this.namespaces.join(', ')}`, this);
    return access;
  }
}
