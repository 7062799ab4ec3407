import { Construct } from 'constructs';
import { IAppProject } from './app-project';
import { ApplicationSpecOptions, IgnoreDifference } from './application-spec';
import { acknowledgeDefaultProject, argoCdMetadata, argoCdNamespaceOf, checkArgoCdNamespace } from './private';
import { ApplicationSpecRenderer } from './spec-renderer';
import { requireProps } from '../common/required-props';
import { INamespacedResource, Resource, ResourceProps } from '../common/resource';

/** An Argo CD Application; `namespace` is the namespace Argo CD runs in, where the Application lives. */
export interface IApplication extends INamespacedResource {
  /** The project it belongs to. */
  readonly project: IAppProject;
}

/** Props of `Application`. */
export interface ApplicationProps extends ResourceProps, ApplicationSpecOptions {
  /**
   * The namespace Argo CD runs in; the Application is created there.
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
}

/** What `ApplicationProps` declares without '?'. */
const APPLICATION_REQUIRED: readonly (keyof ApplicationProps & string)[] = ['project', 'source', 'destination'];

/**
 * An Argo CD `Application` (`argoproj.io/v1alpha1`). At synthesis it checks that its repository and
 * destination are allowed by its project (when the project is defined in the same app), as Argo CD would
 * when it refuses to sync.
 */
export class Application extends Resource implements IApplication {
  public readonly project: IAppProject;
  private readonly spec: ApplicationSpecRenderer;

  public constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespaced: true },
      { metadata: argoCdMetadata(requireProps(props, 'ApplicationProps', APPLICATION_REQUIRED, scope, id).argoCdNamespace, props.metadata) });
    checkArgoCdNamespace(this, 'Application', props.argoCdNamespace, props.metadata);
    this.project = props.project;
    this.spec = new ApplicationSpecRenderer(this, props);
    acknowledgeDefaultProject(this, props.project);
    this.node.addValidation({ validate: () => this.spec.validate(argoCdNamespaceOf(this)) });
  }

  /** Ignores differences in some fields of some objects. */
  public addIgnoreDifference(diff: IgnoreDifference): void {
    requireProps(diff, 'IgnoreDifference', ['kind'], this);
    this.spec.addIgnoreDifference(diff);
  }

  /** @internal */
  public _renderSpec(): any {
    return this.spec.render();
  }
}
