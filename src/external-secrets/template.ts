import { IConstruct } from 'constructs';
import { goQuote, parseGoTemplate } from './template-parser';
import { ValidationError } from '../common/errors';
import { refuseCredential, refuseCredentialsIn } from '../common/literals';
import { validateAnnotations, validateLabels, validateSecretKey } from '../common/names';
import { requireProps } from '../common/required-props';


/**
 * Argo CD's tracking metadata: copied onto an object Argo CD did not create, it makes Argo CD treat that
 * object as its own and prune it on the next sync, which ESO then re-creates, in a loop.
 */
const TRACKING_LABELS = ['app.kubernetes.io/instance', 'argocd.argoproj.io/instance'];
const TRACKING_ANNOTATIONS = ['argocd.argoproj.io/tracking-id'];

/** Rejects Argo CD tracking labels and annotations on metadata that ESO writes onto generated objects. */
export function rejectTrackingMetadata(
  scope: IConstruct | undefined, prop: string, labels?: { [key: string]: string }, annotations?: { [key: string]: string }): void {
  const bad = [
    ...Object.keys(labels ?? {}).filter(k => TRACKING_LABELS.includes(k)).map(k => `label '${k}'`),
    ...Object.keys(annotations ?? {}).filter(k => TRACKING_ANNOTATIONS.includes(k)).map(k => `annotation '${k}'`),
  ];
  if (bad.length > 0) {
    throw new ValidationError(`'${prop}' must not carry Argo CD's tracking ${bad.join(', ')}: Argo CD would prune the generated object in a loop; remove it (use e.g. argocd.argoproj.io/secret-type, which is fine)`, scope);
  }
}

/** Types ESO's webhook refuses to write: the kubelet or token controller owns them. */
const FORBIDDEN_TYPES: { [type: string]: string } = {
  'bootstrap.kubernetes.io/token': 'bootstrap tokens are managed by kubeadm',
  'kubernetes.io/service-account-token': 'service account tokens are issued by the token controller; use a TokenRequest',
};

/** The `type` of the target Secret. */
export class SecretType {
  /** `Opaque`: arbitrary keys. */
  public static readonly OPAQUE = new SecretType('Opaque');
  /** `kubernetes.io/tls`: `tls.crt` and `tls.key`. */
  public static readonly TLS = new SecretType('kubernetes.io/tls');
  /** `kubernetes.io/dockerconfigjson`: `.dockerconfigjson`. */
  public static readonly DOCKER_CONFIG_JSON = new SecretType('kubernetes.io/dockerconfigjson');
  /** `kubernetes.io/basic-auth`: `username` and `password`. */
  public static readonly BASIC_AUTH = new SecretType('kubernetes.io/basic-auth');
  /** `kubernetes.io/ssh-auth`: `ssh-privatekey`. */
  public static readonly SSH_AUTH = new SecretType('kubernetes.io/ssh-auth');

  /** Any other type, e.g. `helm.sh/release.v1`; token types the cluster manages itself are rejected. */
  public static custom(type: string): SecretType {
    const reason = FORBIDDEN_TYPES[type];
    if (reason !== undefined) {
      throw new ValidationError(`secret type ${JSON.stringify(type)} cannot be written by ESO: ${reason}`);
    }
    if (!/^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(type) || type.length > 253) {
      throw new ValidationError(`secret type ${JSON.stringify(type)} must be a name such as 'example.com/my-type'`);
    }
    return new SecretType(type);
  }

  private constructor(
    /** The `type` value. */
    public readonly value: string) {}
}

/**
 * One value of the target Secret, rendered as an ESO v2 (Go) template. Key references use `index`, so
 * keys with dashes or dots work.
 */
export class TemplateValue {
  /** The value of the source key `key` (`{{ index . "key" }}`). */
  public static ref(key: string): TemplateValue {
    validateSecretKey(undefined, 'template key reference', key);
    return new TemplateValue(`{{ index . ${goQuote(key)} }}`);
  }

  /**
   * Fixed text; `{{` in it, and a final `{` (which would merge with a following action's `{{`), are
   * escaped so they are not read as actions.
   *
   * Refused when `text` holds a credential (the value would be committed to Git); reference the secret
   * instead, e.g. `concat(literal('postgres://app:'), ref('password'), literal('@db:5432/app'))`.
   */
  public static literal(text: string): TemplateValue {
    refuseCredential(undefined, 'TemplateValue.literal(text)', text);
    const escaped = text.split('{{').join('{{ "{{" }}');
    return new TemplateValue(escaped.endsWith('{') ? `${escaped.slice(0, -1)}{{ "{" }}` : escaped);
  }

  /** The parts one after the other, e.g. `concat(literal('postgres://'), ref('db-host'))`. */
  public static concat(...parts: TemplateValue[]): TemplateValue {
    return new TemplateValue(parts.map(p => p.template).join(''));
  }

  /**
   * A Go template written by hand. It is parsed at synth: functions must exist in ESO v2 and root keys
   * (`.key`, `index . "key"`) must be provided by `data` when the key set is known.
   *
   * Refused when the template's text holds a credential (the value would be committed to Git); reference
   * the secret instead (`{{ .password }}`).
   */
  public static raw(goTemplate: string): TemplateValue {
    refuseCredential(undefined, 'TemplateValue.raw(goTemplate)', goTemplate);
    return new TemplateValue(goTemplate);
  }

  private constructor(
    /** The Go template text. */
    public readonly template: string) {}
}

/** Where a `templateFrom` entry's output goes. */
export enum TemplateTarget {
  /** The Secret's data (the default). */
  DATA = 'Data',
  /** The Secret's annotations. */
  ANNOTATIONS = 'Annotations',
  /** The Secret's labels. */
  LABELS = 'Labels',
}

/** How a `templateFrom` ConfigMap or Secret key is used. */
export enum TemplateScope {
  /** The key's value is a template rendering one value (the default). */
  VALUES = 'Values',
  /** The key's value is a template rendering a YAML map of keys and values. */
  KEYS_AND_VALUES = 'KeysAndValues',
}

/** A key of a ConfigMap or Secret that holds a template. */
export interface TemplateFromItem {
  /** The key holding the template. */
  readonly key: string;
  /**
   * How the template is applied.
   *
   * @default TemplateScope.VALUES
   */
  readonly templateAs?: TemplateScope;
}

/** Options of a `templateFrom` entry. */
export interface TemplateFromOptions {
  /**
   * Where the output goes.
   *
   * @default TemplateTarget.DATA
   */
  readonly target?: TemplateTarget;
}

/** A `spec.target.template.templateFrom[]` entry: templates kept in a ConfigMap, a Secret, or inline. */
export class TemplateFrom {
  /** Templates stored in the ConfigMap `name` (in the ExternalSecret's namespace). */
  public static configMap(name: string, items: TemplateFromItem[], options: TemplateFromOptions = {}): TemplateFrom {
    return new TemplateFrom({ configMap: { name, items: TemplateFrom.items(items) } }, options);
  }

  /** Templates stored in the Secret `name` (in the ExternalSecret's namespace). */
  public static secret(name: string, items: TemplateFromItem[], options: TemplateFromOptions = {}): TemplateFrom {
    return new TemplateFrom({ secret: { name, items: TemplateFrom.items(items) } }, options);
  }

  /**
   * An inline template rendering a YAML map (e.g. labels computed from the data).
   *
   * Refused when `template` holds a credential (the value would be committed to Git); reference the secret
   * instead (`{{ .token }}`).
   */
  public static literal(template: string, options: TemplateFromOptions = {}): TemplateFrom {
    refuseCredential(undefined, 'TemplateFrom.literal(template)', template);
    // the keys it reads cannot be checked (it may use any fetched key), its syntax and functions can
    parseGoTemplate('templateFrom literal', template);
    return new TemplateFrom({ literal: template }, options);
  }

  private static items(items: TemplateFromItem[]): any[] {
    if (items.length === 0) throw new ValidationError('templateFrom \'items\' must name at least one key');
    return items.map(i => ({ key: validateSecretKey(undefined, 'templateFrom item key', i.key), templateAs: i.templateAs ?? TemplateScope.VALUES }));
  }

  private constructor(private readonly source: any, private readonly options: TemplateFromOptions) {}

  /** @internal */
  public _render(): any {
    return { ...this.source, target: this.options.target ?? TemplateTarget.DATA };
  }
}

/** Whether the template's output replaces or extends the fetched data. */
export enum TemplateMergePolicy {
  /** Only the templated keys end up in the Secret (the default). */
  REPLACE = 'Replace',
  /** The templated keys are added to the fetched data. */
  MERGE = 'Merge',
}

/** Props of a `SecretTemplate`. */
export interface SecretTemplateProps {
  /**
   * The target Secret's type.
   *
   * @default - Kubernetes' default, `Opaque`
   */
  readonly type?: SecretType;
  /**
   * Labels of the target Secret (e.g. `argocd.argoproj.io/secret-type: repository`).
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the target Secret.
   *
   * Refused when a value holds a credential (the value would be committed to Git); reference the secret
   * instead.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Whether templated keys replace or extend the fetched data.
   *
   * @default TemplateMergePolicy.REPLACE
   */
  readonly mergePolicy?: TemplateMergePolicy;
}

/**
 * Options of `SecretTemplate.dockerConfigJson()`: the registry as text or from a source key, and either a user
 * name and password or a ready-made `auth` value.
 */
export interface DockerConfigJsonTemplateOptions {
  /**
   * The registry host, e.g. `ghcr.io`.
   *
   * @default - give `registryKey` instead
   */
  readonly registry?: string;
  /**
   * The source key holding the registry, as a host (e.g. `registry` of a QuayAccessToken) or an https URL
   * (e.g. `proxy_endpoint` of an ECRAuthorizationToken), whose `https://` is removed at templating.
   *
   * @default - give `registry` instead
   */
  readonly registryKey?: string;
  /**
   * The source key holding the user name.
   *
   * @default - give `authKey` instead
   */
  readonly usernameKey?: string;
  /**
   * The source key holding the password or access token.
   *
   * @default - give `authKey` instead
   */
  readonly passwordKey?: string;
  /**
   * The source key holding the `auth` value itself, base64 of `user:password` (e.g. `auth` of a
   * QuayAccessToken).
   *
   * @default - built from `usernameKey` and `passwordKey`
   */
  readonly authKey?: string;
}

/** Options of `SecretTemplate.tls()`. */
export interface TlsTemplateOptions {
  /** The source key holding the PEM certificate (chain). */
  readonly certificateKey: string;
  /** The source key holding the PEM private key. */
  readonly privateKeyKey: string;
}

/** Options of `SecretTemplate.basicAuth()`. */
export interface BasicAuthTemplateOptions {
  /** The source key holding the user name. */
  readonly usernameKey: string;
  /** The source key holding the password. */
  readonly passwordKey: string;
}

/** `spec.target.template` (engine v2): the shape of the target Secret built from the fetched keys. */
export class SecretTemplate {
  /**
   * A `kubernetes.io/dockerconfigjson` Secret for one registry. Every templated value goes through `toJson`,
   * so `.dockerconfigjson` is valid JSON whatever the fetched values contain.
   */
  public static dockerConfigJson(options: DockerConfigJsonTemplateOptions, props: SecretTemplateProps = {}): SecretTemplate {
    if ((options.registry === undefined) === (options.registryKey === undefined)) {
      throw new ValidationError('\'registry\' and \'registryKey\' are exclusive and one is required; give the registry host, or the source key holding it (e.g. \'proxy_endpoint\' of an ECRAuthorizationToken)');
    }
    if (options.registry !== undefined && !/^[A-Za-z0-9][-A-Za-z0-9.:/]*$/.test(options.registry)) {
      throw new ValidationError(`'registry' (${JSON.stringify(options.registry)}) must be a registry host such as 'ghcr.io' or 'registry.example.com:5000'`);
    }
    const hasUserPass = options.usernameKey !== undefined || options.passwordKey !== undefined;
    if (hasUserPass === (options.authKey !== undefined)) {
      throw new ValidationError('\'usernameKey\'/\'passwordKey\' and \'authKey\' are exclusive and one is required; give the source keys of the user name and password, or of a ready base64 "user:password" auth value (e.g. \'auth\' of a QuayAccessToken)');
    }
    if (hasUserPass && (options.usernameKey === undefined || options.passwordKey === undefined)) {
      throw new ValidationError(`'usernameKey' and 'passwordKey' go together, but only '${options.usernameKey === undefined ? 'passwordKey' : 'usernameKey'}' is set; give both, or 'authKey' instead`);
    }
    const ref = (prop: string, key: string) => `(index . ${goQuote(validateSecretKey(undefined, prop, key))})`;
    // a space keeps the action's {{ apart from the object's {, which would otherwise read as {{{
    const registry = options.registry !== undefined
      ? JSON.stringify(options.registry)
      : ` {{ ${ref('registryKey', options.registryKey!)} | trimPrefix "https://" | toJson }}`;
    let credentials: string;
    if (options.authKey !== undefined) {
      credentials = `"auth":{{ ${ref('authKey', options.authKey)} | toJson }}`;
    } else {
      const user = ref('usernameKey', options.usernameKey!);
      const pass = ref('passwordKey', options.passwordKey!);
      credentials = `"username":{{ ${user} | toJson }},"password":{{ ${pass} | toJson }},`
        + `"auth":{{ printf "%s:%s" ${user} ${pass} | b64enc | toJson }}`;
    }
    const json = `{"auths":{${registry}:{${credentials}}}}`;
    const template = new SecretTemplate({ ...props, type: SecretTemplate.typeOf(props, SecretType.DOCKER_CONFIG_JSON) });
    template.addData('.dockerconfigjson', TemplateValue.raw(json));
    return template;
  }

  /** A `kubernetes.io/tls` Secret with `tls.crt` and `tls.key`. */
  public static tls(options: TlsTemplateOptions, props: SecretTemplateProps = {}): SecretTemplate {
    requireProps(options, 'TlsTemplateOptions', ['certificateKey', 'privateKeyKey']);
    const template = new SecretTemplate({ ...props, type: SecretTemplate.typeOf(props, SecretType.TLS) });
    template.addData('tls.crt', TemplateValue.ref(options.certificateKey));
    template.addData('tls.key', TemplateValue.ref(options.privateKeyKey));
    return template;
  }

  /** A `kubernetes.io/basic-auth` Secret with `username` and `password`. */
  public static basicAuth(options: BasicAuthTemplateOptions, props: SecretTemplateProps = {}): SecretTemplate {
    requireProps(options, 'BasicAuthTemplateOptions', ['usernameKey', 'passwordKey']);
    const template = new SecretTemplate({ ...props, type: SecretTemplate.typeOf(props, SecretType.BASIC_AUTH) });
    template.addData('username', TemplateValue.ref(options.usernameKey));
    template.addData('password', TemplateValue.ref(options.passwordKey));
    return template;
  }

  private static typeOf(props: SecretTemplateProps, type: SecretType): SecretType {
    if (props.type !== undefined && props.type.value !== type.value) {
      throw new ValidationError(`'type' (${props.type.value}) conflicts with this template, which builds a ${type.value} Secret; remove 'type'`);
    }
    return type;
  }

  /** The target Secret's type. @default - Kubernetes' default, `Opaque` */
  public readonly type?: SecretType;
  private readonly labels: { [key: string]: string };
  private readonly annotations: { [key: string]: string };
  private readonly data = new Map<string, TemplateValue>();
  private readonly templateFrom: TemplateFrom[] = [];

  public constructor(private readonly props: SecretTemplateProps = {}) {
    validateLabels(undefined, 'template labels', props.labels);
    validateAnnotations(undefined, 'template annotations', props.annotations);
    rejectTrackingMetadata(undefined, 'template metadata', props.labels, props.annotations);
    refuseCredentialsIn(undefined, 'labels', props.labels);
    refuseCredentialsIn(undefined, 'annotations', props.annotations);
    this.type = props.type;
    this.labels = { ...props.labels };
    this.annotations = { ...props.annotations };
  }

  /**
   * Sets the target key `key` to `value`; each key once. The template's fixed text is judged once more by the
   * key it fills, so `addData('password', TemplateValue.literal(...))` refuses a literal password.
   */
  public addData(key: string, value: TemplateValue): void {
    validateSecretKey(undefined, 'template data key', key);
    refuseCredential(undefined, `addData(${JSON.stringify(key)})`, value.template, key);
    if (this.data.has(key)) throw new ValidationError(`template data key '${key}' is already set; each target key can be templated once`);
    this.data.set(key, value);
  }

  /**
   * Adds a label of the target Secret. Refused when `value` holds a credential (the value would be committed
   * to Git); reference the secret instead.
   */
  public addLabel(key: string, value: string): void {
    validateLabels(undefined, 'template labels', { [key]: value });
    refuseCredentialsIn(undefined, 'addLabel', { [key]: value });
    rejectTrackingMetadata(undefined, 'template metadata', { [key]: value });
    this.labels[key] = value;
  }

  /**
   * Adds an annotation of the target Secret. Refused when `value` holds a credential (the value would be
   * committed to Git); reference the secret instead.
   */
  public addAnnotation(key: string, value: string): void {
    validateAnnotations(undefined, 'template annotations', { [key]: value });
    refuseCredentialsIn(undefined, 'addAnnotation', { [key]: value });
    rejectTrackingMetadata(undefined, 'template metadata', {}, { [key]: value });
    this.annotations[key] = value;
  }

  /** Adds templates kept outside the ExternalSecret. */
  public addTemplateFrom(source: TemplateFrom): void {
    this.templateFrom.push(source);
  }

  /**
   * Renders the template, checking every data value against ESO's function list and, when `knownKeys` is
   * given, every root key reference against it.
   *
   * @param scope the object the template is rendered for, named by the errors
   * @internal
   */
  public _render(scope: IConstruct | undefined, knownKeys: string[] | undefined, secretType: SecretType | undefined): any {
    const data: { [key: string]: string } = {};
    for (const [key, { template }] of this.data) {
      const parsed = parseGoTemplate(`template data '${key}'`, template);
      const missing = knownKeys === undefined ? [] : parsed.keys.filter(k => !knownKeys.includes(k));
      if (missing.length > 0) {
        throw new ValidationError(`template data '${key}' references key(s) ${missing.map(k => `'${k}'`).join(', ')} that no data entry provides (known: ${knownKeys!.map(k => `'${k}'`).join(', ') || 'none'}); add them with addData() or fix the reference`, scope);
      }
      data[key] = template;
    }
    const type = secretType ?? this.type;
    return {
      ...(type ? { type: type.value } : {}),
      engineVersion: 'v2',
      mergePolicy: this.props.mergePolicy ?? TemplateMergePolicy.REPLACE,
      // cdk8s sorts the keys when it writes the object
      metadata: { labels: { ...this.labels }, annotations: { ...this.annotations } },
      ...(this.data.size > 0 ? { data } : {}),
      ...(this.templateFrom.length > 0 ? { templateFrom: this.templateFrom.map(t => t._render()) } : {}),
    };
  }
}
