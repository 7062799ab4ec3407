import { Construct } from 'constructs';
import { ApplicationSpecOptions } from './application-spec';
import { acknowledgeDefaultProject, argoCdMetadata, argoCdNamespaceOf, checkArgoCdNamespace, isTemplated, templateBraceProblem } from './private';
import { ApplicationSpecRenderer } from './spec-renderer';
import { ValidationError } from '../common/errors';
import { LabelSelector, renderLabelSelector } from '../common/label-selector';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { validateAnnotations, validateDnsSubdomain, validateLabels } from '../common/names';
import { requireProps } from '../common/required-props';
import { Resource, ResourceProps } from '../common/resource';
import { sortedStrings, sortedUnique } from '../common/sort';

/** Options of `ApplicationSetGenerator.clusters`. */
export interface ClusterGeneratorOptions extends LabelSelector {
  /**
   * Target every cluster Argo CD knows, including the one it runs in (no selector).
   *
   * @default false
   */
  readonly allClusters?: boolean;
  /**
   * Extra parameters passed to the template as `values.<key>`. A value is refused when it holds a credential,
   * judged also by its key (it would be committed to Git).
   *
   * @default - none
   */
  readonly values?: { [key: string]: string };
}

/** What the cluster generator passes to the template (`metadata` holds the Secret's labels and annotations). */
const CLUSTER_PARAMETERS = ['metadata', 'name', 'nameNormalized', 'project', 'server', 'values'];

/** What an ApplicationSet iterates over. */
export class ApplicationSetGenerator {
  /**
   * A fixed list of parameter sets; each element becomes one Application. Refused when any key or value holds a
   * credential, each value judged also by its key (it would be committed to Git); reference secrets instead.
   */
  public static list(elements: Array<{ [key: string]: string }>): ApplicationSetGenerator {
    // literals first: the messages below quote keys
    refuseCredential(undefined, 'elements', elements);
    if (elements.length === 0) {
      throw new ValidationError('\'elements\' is empty; a list generator needs at least one element');
    }
    const keys = JSON.stringify(sortedStrings(Object.keys(elements[0])));
    for (const element of elements) {
      for (const key of Object.keys(element)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
          throw new ValidationError(`'elements' key ${JSON.stringify(key)} must be an identifier (letters, digits, '_') so templates can use {{.${key}}}`);
        }
      }
      if (JSON.stringify(sortedStrings(Object.keys(element))) !== keys) {
        throw new ValidationError(`'elements' must all have the same keys (${keys}); ${JSON.stringify(sortedStrings(Object.keys(element)))} differs, and a missing key fails the template`);
      }
    }
    return new ApplicationSetGenerator({
      list: { elements: elements.map(e => ({ ...e })) },
    }, JSON.parse(keys));
  }

  /** The clusters Argo CD knows whose cluster Secrets match a label selector. */
  public static clusters(options: ClusterGeneratorOptions): ApplicationSetGenerator {
    refuseCredentialsIn(undefined, 'values', options.values);
    const matchLabels = options.matchLabels ?? {};
    const expressions = options.matchExpressions ?? [];
    const hasSelector = Object.keys(matchLabels).length > 0 || expressions.length > 0;
    if (hasSelector && options.allClusters) {
      throw new ValidationError('\'allClusters\' and a selector are exclusive; keep the selector (least privilege) or remove it');
    }
    if (!hasSelector && !options.allClusters) {
      throw new ValidationError('the cluster generator has no selector, so it would target every cluster including Argo CD\'s own; give matchLabels or matchExpressions, or set allClusters: true');
    }
    const selector = renderLabelSelector(undefined, 'clusters', { matchLabels, matchExpressions: expressions });
    return new ApplicationSetGenerator({
      clusters: { selector, values: nonEmpty(options.values) },
    }, CLUSTER_PARAMETERS);
  }

  /** The top-level parameters each generated parameter set has (`{{.name}}` in Go templates). */
  public readonly parameters: string[];
  private readonly rendered: any;

  private constructor(rendered: any, parameters: string[]) {
    this.rendered = rendered;
    this.parameters = [...parameters];
  }

  /** @internal */
  public _render(): any {
    return this.rendered;
  }
}

/** What an ApplicationSet does with the Applications it generated. */
export enum ApplicationsSyncPolicy {
  /** Create Applications, never update or delete them. */
  CREATE_ONLY = 'create-only',
  /** Create and update Applications, never delete them. */
  CREATE_UPDATE = 'create-update',
  /** Create and delete Applications, never update them. */
  CREATE_DELETE = 'create-delete',
  /** Create, update and delete Applications. */
  SYNC = 'sync',
}

/** The Application an ApplicationSet stamps out for each parameter set; strings may use templates. */
export interface ApplicationSetTemplate extends ApplicationSpecOptions {
  /** The generated Application's name, e.g. `{{.cluster}}-guestbook`. */
  readonly name: string;
  /**
   * Labels of the generated Applications. A value is refused when it holds a credential (it would be committed
   * to Git).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the generated Applications. A value is refused when it holds a credential, judged also by its
   * key (it would be committed to Git).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Props of `ApplicationSet`. */
export interface ApplicationSetProps extends ResourceProps {
  /**
   * The namespace Argo CD runs in; the ApplicationSet is created there.
   *
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /** The generators; add more with `addGenerator()`. At least one. */
  readonly generators: ApplicationSetGenerator[];
  /** The Application template. */
  readonly template: ApplicationSetTemplate;
  /**
   * Use Go templates (`{{.key}}`) with `missingkey=error`, so a typo fails instead of rendering empty.
   *
   * @default true
   */
  readonly goTemplate?: boolean;
  /**
   * A Go template producing a YAML/JSON patch of the template, for fields that are not strings (booleans,
   * numbers, lists), e.g. automated sync per element. Putting `'{{…}}'` into such a field directly fails the
   * CRD schema. Needs `goTemplate`. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - none
   */
  readonly templatePatch?: string;
  /**
   * What the controller may do with the Applications it generated.
   *
   * @default ApplicationsSyncPolicy.CREATE_UPDATE (an element that disappears never deletes an Application
   * and, through its finalizer, the workloads)
   */
  readonly applicationsSync?: ApplicationsSyncPolicy;
  /**
   * Keep the deployed resources when a generated Application is deleted.
   *
   * @default false
   */
  readonly preserveResourcesOnDeletion?: boolean;
}

/** What `ApplicationSetProps` declares without '?'. */
const APPLICATION_SET_REQUIRED: readonly (keyof ApplicationSetProps & string)[] = ['generators', 'template'];

/** An Argo CD `ApplicationSet` (`argoproj.io/v1alpha1`). */
export class ApplicationSet extends Resource {
  private readonly generators: ApplicationSetGenerator[] = [];
  private readonly template: ApplicationSetTemplate;
  private readonly spec: ApplicationSpecRenderer;
  private readonly goTemplate: boolean;
  private readonly templatePatch?: string;
  private readonly applicationsSync: ApplicationsSyncPolicy;
  private readonly preserveResourcesOnDeletion: boolean;

  public constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    super(scope, id, { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', namespaced: true },
      { metadata: argoCdMetadata(requireProps(props, 'ApplicationSetProps', APPLICATION_SET_REQUIRED, scope, id).argoCdNamespace, props.metadata) });
    requireProps(props.template, 'ApplicationSetTemplate', ['name', 'project', 'source', 'destination'], this);
    checkArgoCdNamespace(this, 'ApplicationSet', props.argoCdNamespace, props.metadata);
    this.goTemplate = props.goTemplate ?? true;
    // literals first: the messages below quote label values
    refuseCredential(this, 'templatePatch', props.templatePatch);
    refuseCredentialsIn(this, 'template.labels', props.template.labels);
    refuseCredentialsIn(this, 'template.annotations', props.template.annotations);
    if (props.templatePatch !== undefined) {
      if (!this.goTemplate) {
        throw new ValidationError('\'templatePatch\' needs goTemplate: true; the controller ignores it with fasttemplate', this);
      }
      if (props.templatePatch.trim() === '') {
        throw new ValidationError('\'templatePatch\' is empty; remove it or give a patch', this);
      }
      const problem = templateBraceProblem(props.templatePatch);
      if (problem !== undefined) throw new ValidationError(`'templatePatch' is not a valid Go template: ${problem}`, this);
    }
    this.templatePatch = props.templatePatch;
    const t = props.template;
    for (const [prop, value] of [['template.name', t.name], ...Object.entries(t.labels ?? {}).map(([k, v]) => [`template.labels.${k}`, v])]) {
      const problem = templateBraceProblem(value);
      if (problem !== undefined) throw new ValidationError(`'${prop}' (${JSON.stringify(value)}) is not a valid template: ${problem}`, this);
    }
    if (!isTemplated(t.name)) validateDnsSubdomain(this, 'template.name', t.name);
    validateLabels(this, 'template.labels', Object.fromEntries(Object.entries(t.labels ?? {}).filter(([, v]) => !isTemplated(v))));
    validateAnnotations(this, 'template.annotations', t.annotations);
    this.template = t;
    this.spec = new ApplicationSpecRenderer(this, t);
    acknowledgeDefaultProject(this, t.project);
    this.applicationsSync = props.applicationsSync ?? ApplicationsSyncPolicy.CREATE_UPDATE;
    this.preserveResourcesOnDeletion = props.preserveResourcesOnDeletion ?? false;
    if (props.generators.length === 0) {
      throw new ValidationError('\'generators\' is empty; give at least one, e.g. ApplicationSetGenerator.list([...])', this);
    }
    props.generators.forEach(g => this.addGenerator(g));
    this.node.addValidation({ validate: () => [...this.spec.validate(argoCdNamespaceOf(this)).map(e => `template: ${e}`), ...this.unknownParameters()] });
  }

  /** Adds a generator; the ApplicationSet produces the union of their parameter sets. */
  public addGenerator(generator: ApplicationSetGenerator): void {
    if (this.generators.includes(generator)) {
      throw new ValidationError('\'generators\' already contains this generator', this);
    }
    this.generators.push(generator);
  }

  /**
   * With `missingkey=error`, a template that reads a parameter some generator does not provide fails every
   * Application of the set at run time; this finds such references in the template's string fields.
   */
  private unknownParameters(): string[] {
    if (!this.goTemplate) return [];
    const errors: string[] = [];
    for (const ref of sortedUnique(templateReferences(this.renderTemplate()))) {
      for (const generator of this.generators) {
        if (!generator.parameters.includes(ref)) {
          errors.push(`template reads {{.${ref}}}, which the ${Object.keys(generator._render())[0]} generator does not provide (it provides ${generator.parameters.join(', ')})`);
        }
      }
    }
    return errors;
  }

  private renderTemplate(): any {
    return {
      metadata: {
        name: this.template.name,
        labels: nonEmpty(this.template.labels),
        annotations: nonEmpty(this.template.annotations),
      },
      spec: this.spec.render(),
    };
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      goTemplate: this.goTemplate,
      goTemplateOptions: this.goTemplate ? ['missingkey=error'] : undefined,
      generators: this.generators.map(g => g._render()),
      template: this.renderTemplate(),
      templatePatch: this.templatePatch,
      syncPolicy: { applicationsSync: this.applicationsSync, preserveResourcesOnDeletion: this.preserveResourcesOnDeletion },
    };
  }
}

/** A copy of the map, or `undefined` when it is missing or empty (cdk8s sorts the keys it writes). */
function nonEmpty(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  if (map === undefined || Object.keys(map).length === 0) return undefined;
  return { ...map };
}

/** The first path segment of every `.field` read inside `{{ … }}` actions of the strings of a value. */
function templateReferences(value: any): string[] {
  if (typeof value === 'string') {
    const actions = value.match(/\{\{[\s\S]*?\}\}/g) ?? [];
    return actions.flatMap(a => [...a.matchAll(/(?<![\w$)\].])\.([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1]));
  }
  if (Array.isArray(value)) return value.flatMap(templateReferences);
  if (value && typeof value === 'object') return Object.values(value).flatMap(templateReferences);
  return [];
}
