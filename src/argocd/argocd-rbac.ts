import { IConstruct } from 'constructs';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { validateReason } from '../common/reason';
import { shown } from '../common/redact';
import { broadGroup } from '../compliance/rbac/subjects';

/** What a role name may hold after `role:`: no separator, quote, space or glob character of the policy CSV. */
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** Characters that make a subject a pattern, or break the CSV line it stands in. */
const GLOB = /[*?[\]{}]/;
/** The resources Argo CD's RBAC knows (`p` lines), `*` for all. */
const RESOURCES = [
  '*', 'accounts', 'applications', 'applicationsets', 'certificates', 'clusters', 'exec', 'extensions', 'gpgkeys', 'logs',
  'projects', 'repositories', 'write-repositories',
];
/** The actions: a plain verb, `*`, or `action/...`, `update/...`, `delete/...` narrowed to a group, kind and object. */
const ACTION = /^(\*|get|create|update|delete|sync|override|invoke|action)(\/\S+)?$/;
const NARROWABLE_ACTIONS = ['action', 'update', 'delete'];
/** A policy field as Argo CD's CSV reader splits it: no separator, quote or whitespace. */
const FIELD = /^[^\s,"]+$/;

/**
 * A role of Argo CD's RBAC (`role:<name>`): one of the two built-in roles, or one defined with `p` lines through
 * `ArgoCdRbac.addPolicy()`.
 */
export class ArgoCdRole {
  /** `role:readonly`: read every object Argo CD shows, change nothing. */
  public static readonly READONLY = new ArgoCdRole('role:readonly', true);
  /** `role:admin`: every right on every object Argo CD manages, clusters and repositories included. */
  public static readonly ADMIN = new ArgoCdRole('role:admin', true);

  /**
   * A role defined by `p, role:<name>, ...` lines (see `ArgoCdRbac.addPolicy()`).
   *
   * @param name the name without `role:`, letters, digits, '.', '_' and '-', e.g. `team-a-deployer`
   */
  public static custom(name: string): ArgoCdRole {
    const bare = name.startsWith('role:') ? name.slice('role:'.length) : name;
    if (!ROLE_NAME.test(bare)) {
      throw new ValidationError(`'name' (${shown(name)}) must be a role name of letters, digits, '.', '_' and '-', at most 63 characters; e.g. "team-a-deployer"`);
    }
    if (bare === 'admin' || bare === 'readonly') {
      throw new ValidationError(`'name' (${shown(name)}) is a built-in role; use ArgoCdRole.${bare === 'admin' ? 'ADMIN' : 'READONLY'}, or give the custom role another name`);
    }
    return new ArgoCdRole(`role:${bare}`, false);
  }

  private constructor(
    /** The role as policy lines name it, e.g. `role:readonly`. */
    public readonly name: string,
    /** Whether Argo CD defines the role itself (`role:readonly`, `role:admin`). */
    public readonly builtIn: boolean,
  ) {}
}

/** Options of `ArgoCdRbac.grant()` and `ArgoCdRbac.addPolicy()`. */
export interface ArgoCdPolicyOptions {
  /**
   * The written reason for a line that gives a broad subject more than `role:readonly`: a pattern (`*`, `team-*`)
   * or a group that holds everyone (`system:authenticated`, `system:serviceaccounts`, ...). It is written as a
   * `#` comment above the line, so a reviewer of the policy reads it.
   *
   * @default - broad subjects may only get `role:readonly`
   */
  readonly acknowledgeBroadSubject?: string;
}

/** Options of Argo CD's RBAC on an `ArgoCdInstance`. */
export interface ArgoCdRbacOptions {
  /**
   * The role of every signed-in user who matches no `g` line (`policy.default`). `ArgoCdRole.ADMIN` is refused:
   * it makes every user of the identity provider an administrator of every cluster Argo CD manages.
   *
   * @default - none: a user gets only what a `g` line grants their groups
   */
  readonly defaultRole?: ArgoCdRole;
  /**
   * The claims of the identity token that hold group names, as `g` lines use them (`scopes`).
   *
   * @default ['groups']
   */
  readonly scopes?: string[];
}

/** One line of the policy with the comment that explains it. */
interface PolicyLine {
  readonly line: string;
  readonly reason?: string;
}

/**
 * Argo CD's RBAC of one `ArgoCdInstance` (its `rbac` property): `g` lines that map named groups to roles, `p`
 * lines that define custom roles, and the default role. Every line is checked against Argo CD's policy CSV
 * syntax when it is added, duplicates throw, and broad subjects get no more than `role:readonly` without a
 * written reason.
 */
export class ArgoCdRbac {
  /** @internal */
  public static _create(scope: IConstruct, options: ArgoCdRbacOptions): ArgoCdRbac {
    return new ArgoCdRbac(scope, options);
  }

  /** The role of users who match no `g` line, when one is set. */
  public readonly defaultRole?: ArgoCdRole;
  private readonly scope: IConstruct;
  private readonly claims: string[];
  private readonly lines: PolicyLine[] = [];

  private constructor(scope: IConstruct, options: ArgoCdRbacOptions) {
    this.scope = scope;
    if (options.defaultRole?.name === ArgoCdRole.ADMIN.name) {
      throw new ValidationError('\'rbac.defaultRole\' is role:admin, which makes every signed-in user an administrator of every cluster and repository Argo CD manages; leave it unset (no default) or use ArgoCdRole.READONLY, and grant role:admin to a named group with rbac.grant(group, ArgoCdRole.ADMIN)', scope);
    }
    this.defaultRole = options.defaultRole;
    this.claims = this.validateScopes(options.scopes ?? ['groups']);
  }

  /** The token claims read for group names. */
  public get scopes(): string[] {
    return [...this.claims];
  }

  /**
   * Maps a group (or user) of the identity provider to a role: `g, <group>, <role>`.
   *
   * @param group the group name as the token's group claim holds it, e.g. `platform-admins`
   * @param role the role the group's members get
   */
  public grant(group: string, role: ArgoCdRole, options: ArgoCdPolicyOptions = {}): void {
    refuseCredential(this.scope, 'rbac.grant', group);
    if (!FIELD.test(group)) {
      throw new ValidationError(`'rbac.grant' group (${shown(group)}) must be a group name without ',', quotes or whitespace; e.g. "platform-admins"`, this.scope);
    }
    this.add(`g, ${group}, ${role.name}`, 'rbac.grant', options);
  }

  /**
   * Adds one line of Argo CD's policy CSV: `p, <role or subject>, <resource>, <action>, <object>, allow|deny` or
   * `g, <subject>, role:<name>`. Lines are checked as Argo CD parses them; `p` lines may not change the built-in
   * roles (define a custom role), and a broad subject needs `acknowledgeBroadSubject` for anything beyond
   * `role:readonly`.
   *
   * @example rbac.addPolicy('p, role:team-a-deployer, applications, sync, team-a/*, allow')
   */
  public addPolicy(line: string, options: ArgoCdPolicyOptions = {}): void {
    this.add(line, 'rbac.addPolicy', options);
  }

  /** The policy lines, in the order they were added (without the reason comments). */
  public get policyLines(): string[] {
    return this.lines.map(l => l.line);
  }

  /** The roles `g` lines (and the default role) refer to that no `p` line defines. @internal */
  public _undefinedRoles(): string[] {
    const defined = new Set(this.lines.filter(l => l.line.startsWith('p,')).map(l => fieldsOf(l.line)[1]));
    const used = [
      ...this.defaultRole !== undefined ? [this.defaultRole.name] : [],
      ...this.lines.filter(l => l.line.startsWith('g,')).map(l => fieldsOf(l.line)[2]),
    ];
    return [...new Set(used.filter(r => r !== ArgoCdRole.ADMIN.name && r !== ArgoCdRole.READONLY.name && !defined.has(r)))];
  }

  /** The `rbac` field of the ArgoCD spec. @internal */
  public _render(): any {
    const policy = this.lines.flatMap(l => (l.reason !== undefined ? [`# ${l.reason}`, l.line] : [l.line]));
    return {
      defaultPolicy: this.defaultRole?.name ?? '',
      policy: policy.length > 0 ? `${policy.join('\n')}\n` : '',
      scopes: `[${this.claims.join(', ')}]`,
    };
  }

  private add(line: string, prop: string, options: ArgoCdPolicyOptions): void {
    refuseCredential(this.scope, prop, line);
    const normalized = this.parse(prop, line);
    const reason = this.checkBroadSubject(prop, normalized, options.acknowledgeBroadSubject);
    if (this.lines.some(l => l.line === normalized)) {
      throw new ValidationError(`'${prop}' (${shown(normalized)}) is already in the policy; add each line once`, this.scope);
    }
    this.lines.push({ line: normalized, reason });
  }

  /** Checks a line as Argo CD's CSV reader and model read it, and returns it with one space after each comma. */
  private parse(prop: string, line: string): string {
    if (/[\r\n]/.test(line)) {
      throw new ValidationError(`'${prop}' (${shown(line)}) holds several lines; add one policy line per call`, this.scope);
    }
    const fields = fieldsOf(line);
    const bad = fields.find(f => !FIELD.test(f));
    if (bad !== undefined) {
      throw new ValidationError(`'${prop}' (${shown(line)}) has the field ${shown(bad)}; fields are separated by ', ' and hold no space, quote or empty value`, this.scope);
    }
    if (fields[0] === 'g') return this.parseGrouping(prop, line, fields);
    if (fields[0] === 'p') return this.parsePermission(prop, line, fields);
    throw new ValidationError(`'${prop}' (${shown(line)}) must start with 'p' (a permission) or 'g' (a role grant); e.g. "p, role:deployer, applications, sync, team-a/*, allow" or "g, platform-admins, role:admin"`, this.scope);
  }

  private parseGrouping(prop: string, line: string, fields: string[]): string {
    if (fields.length !== 3) {
      throw new ValidationError(`'${prop}' (${shown(line)}) has ${fields.length} fields; a grant is "g, <group or user>, role:<name>"`, this.scope);
    }
    if (!fields[2].startsWith('role:') || !ROLE_NAME.test(fields[2].slice('role:'.length))) {
      throw new ValidationError(`'${prop}' (${shown(line)}) grants ${shown(fields[2])}, which is not a role; name one as role:<name>, e.g. "role:readonly"`, this.scope);
    }
    return fields.join(', ');
  }

  private parsePermission(prop: string, line: string, fields: string[]): string {
    if (fields.length !== 6) {
      throw new ValidationError(`'${prop}' (${shown(line)}) has ${fields.length} fields; a permission is "p, <role or subject>, <resource>, <action>, <object>, allow|deny"`, this.scope);
    }
    const [, subject, resource, action, , effect] = fields;
    if (subject === ArgoCdRole.ADMIN.name || subject === ArgoCdRole.READONLY.name) {
      throw new ValidationError(`'${prop}' (${shown(line)}) changes the built-in ${subject}, which every grant and the default role rely on; define a custom role (p, role:<name>, ...) and grant that`, this.scope);
    }
    if (!RESOURCES.includes(resource)) {
      throw new ValidationError(`'${prop}' (${shown(line)}) names the resource ${shown(resource)}; Argo CD knows ${RESOURCES.join(', ')}`, this.scope);
    }
    const verb = ACTION.exec(action);
    if (verb === null || (verb[2] !== undefined && !NARROWABLE_ACTIONS.includes(verb[1]))) {
      throw new ValidationError(`'${prop}' (${shown(line)}) has the action ${shown(action)}; use get, create, update, delete, sync, override, invoke, action/<group>/<kind>/<name> or *`, this.scope);
    }
    if (effect !== 'allow' && effect !== 'deny') {
      throw new ValidationError(`'${prop}' (${shown(line)}) ends with ${shown(effect)}; the effect is allow or deny`, this.scope);
    }
    return fields.join(', ');
  }

  /** The trimmed reason a broad subject needs for more than `role:readonly`, or undefined when none is needed. */
  private checkBroadSubject(prop: string, line: string, reason: string | undefined): string | undefined {
    const fields = fieldsOf(line);
    const subject = fields[1];
    const who = GLOB.test(subject) ? 'a pattern' : broadGroup({ kind: 'Group', name: subject });
    const readOnly = fields[0] === 'g' && fields[2] === ArgoCdRole.READONLY.name;
    if (who === undefined || readOnly) {
      if (reason !== undefined) {
        throw new ValidationError(`'${prop}' (${shown(line)}) has 'acknowledgeBroadSubject', but its subject is not broad; remove the reason`, this.scope);
      }
      return undefined;
    }
    if (reason === undefined) {
      throw new ValidationError(`'${prop}' (${shown(line)}) gives ${shown(subject)} (${who}) more than role:readonly; grant the role to a named group, or set 'acknowledgeBroadSubject' to the reason`, this.scope);
    }
    return validateReason(this.scope, 'acknowledgeBroadSubject', reason, `why ${subject} (${who}) gets more than read-only rights in Argo CD`).replace(/\s+/g, ' ');
  }

  private validateScopes(scopes: string[]): string[] {
    if (scopes.length === 0) {
      throw new ValidationError('\'rbac.scopes\' is empty; name the claim that holds group names, e.g. ["groups"]', this.scope);
    }
    for (const s of scopes) {
      if (!/^[A-Za-z0-9_.:-]+$/.test(s)) {
        throw new ValidationError(`'rbac.scopes' has ${shown(s)}; a claim name is letters, digits, '_', '.', ':' and '-', e.g. "groups"`, this.scope);
      }
    }
    const dup = scopes.find((s, i) => scopes.indexOf(s) !== i);
    if (dup !== undefined) throw new ValidationError(`'rbac.scopes' contains ${shown(dup)} twice`, this.scope);
    return [...scopes];
  }
}

/** The fields of a policy line as Argo CD's CSV reader splits it (trimming the space after each comma). */
function fieldsOf(line: string): string[] {
  return line.split(',').map(f => f.trim());
}
