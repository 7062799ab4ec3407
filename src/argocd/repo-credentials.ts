import { Construct } from 'constructs';
import { checkArgoCdNamespace } from './private';
import {
  ArgoCdRepositorySecretKind, buildArgoCdSecret, IArgoCdRepositorySecret, RepositorySecretOptions, RepositoryType,
  REPOSITORY_SECRET_REQUIRED, validateUrlForType,
} from './repository';
import { ValidationError } from '../common/errors';
import { requireProps } from '../common/required-props';
import { ExternalSecret } from '../external-secrets/external-secret';

/** Props of `ArgoCdRepoCredentials`. */
export interface ArgoCdRepoCredentialsProps extends RepositorySecretOptions {
  /**
   * The URL prefix, e.g. `https://github.com/my-org`: every repository whose URL starts with it (longest
   * prefix wins) and that carries no credentials of its own uses these. Refused when it holds a credential, e.g. a
   * token in its query (it would be committed to Git).
   */
  readonly url: string;
}

/**
 * An Argo CD credential template (`argocd.argoproj.io/secret-type: repo-creds`) for every repository under a
 * URL prefix, produced through an ExternalSecret in the Argo CD namespace whenever a key is sensitive. Argo CD
 * has no project scoping for templates, so there is no `project`: scope access with project-scoped
 * repositories (which inherit these credentials) and the projects' `sourceRepos`. `ApiObject.of(template)` is
 * the ExternalSecret, or the plain Secret.
 */
export class ArgoCdRepoCredentials extends Construct implements IArgoCdRepositorySecret {
  public readonly url: string;
  /** The name of the Secret Argo CD reads. */
  public readonly name: string;
  /** The Argo CD namespace, where the Secret (and its ExternalSecret) live; always set. */
  public readonly namespace?: string;
  /** `v1`: the Secret Argo CD reads. */
  public readonly apiVersion: string = 'v1';
  /** `Secret`: the Secret Argo CD reads. */
  public readonly kind: string = 'Secret';
  /** The repository type the template applies to. */
  public readonly type: RepositoryType;
  /** The ExternalSecret producing the Secret, when any key is sensitive. */
  public readonly externalSecret?: ExternalSecret;

  public constructor(scope: Construct, id: string, props: ArgoCdRepoCredentialsProps) {
    super(scope, id);
    requireProps(props, 'ArgoCdRepoCredentialsProps', REPOSITORY_SECRET_REQUIRED, this);
    this.checkUnsupported(props);
    this.type = props.type ?? RepositoryType.GIT;
    this.url = validateUrlForType(this, 'url', props.url, this.type, props.enableOci ?? false);
    const namespace = checkArgoCdNamespace(this, 'repo-creds Secret', props.argoCdNamespace, props.metadata);
    this.namespace = namespace;
    const result = buildArgoCdSecret(this, {
      kind: ArgoCdRepositorySecretKind.REPO_CREDS, url: this.url, namespace, options: props, extraEntries: [],
    });
    this.name = result.name;
    this.externalSecret = result.externalSecret;
  }

  private checkUnsupported(props: ArgoCdRepoCredentialsProps): void {
    // plain JavaScript callers (and spread props of a repository) can still pass these; Argo CD would ignore them
    const untyped = props as unknown as { [key: string]: unknown };
    for (const field of ['project', 'allowAllProjects', 'name']) {
      if (untyped[field] !== undefined) {
        throw new ValidationError(`'${field}' is not supported on repo-creds: Argo CD's credential templates have no ${field} and ignore the key; scope access with a project-scoped ArgoCdRepository instead`, this);
      }
    }
    if (props.acknowledgeInsecure !== undefined) {
      throw new ValidationError('\'acknowledgeInsecure\' has no effect on repo-creds: Argo CD does not read the insecure key from credential templates; set it on the ArgoCdRepository that needs it', this);
    }
    if (props.credentials.method === 'none') {
      throw new ValidationError('\'credentials\' (none): a credential template without credentials has no effect; give credentials, or define an ArgoCdRepository', this);
    }
  }
}
