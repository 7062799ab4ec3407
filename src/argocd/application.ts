import { Construct, IConstruct } from 'constructs';
import { IAppProject } from './app-project';
import { ApplicationSpecOptions, IgnoreDifference } from './application-spec';
import { acknowledgeDefaultProject, argoCdMetadata } from './private';
import { ApplicationSpecRenderer } from './spec-renderer';
import { Resource, ResourceProps } from '../common/resource';

/** An Argo CD Application. */
export interface IApplication extends IConstruct {
  /** The Application's name. */
  readonly name: string;
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

/**
 * An Argo CD `Application` (`argoproj.io/v1alpha1`). At synthesis it checks that its repository and
 * destination are allowed by its project (when the project is defined in the same app), as Argo CD would
 * when it refuses to sync.
 */
export class Application extends Resource implements IApplication {
  public readonly project: IAppProject;
  /** The namespace Argo CD runs in. */
  public readonly argoCdNamespace: string;
  private readonly spec: ApplicationSpecRenderer;

  public constructor(scope: Construct, id: string, props: ApplicationProps) {
    const metadata = argoCdMetadata('Application', props.argoCdNamespace, props.metadata);
    super(scope, id, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespaced: true }, { metadata });
    this.argoCdNamespace = metadata.namespace!;
    this.project = props.project;
    this.spec = new ApplicationSpecRenderer(props);
    acknowledgeDefaultProject(this, props.project);
    this.node.addValidation({ validate: () => this.spec.validate(this.argoCdNamespace) });
  }

  /** Ignores differences in some fields of some objects. */
  public addIgnoreDifference(diff: IgnoreDifference): void {
    this.spec.addIgnoreDifference(diff);
  }

  /** @internal */
  public _renderSpec(): any {
    return this.spec.render();
  }
}
