import { sortedRecord } from '../common/sort';

/** The type of a Tekton parameter or result. */
export enum ParamType {
  /** A string (Tekton's default). */
  STRING = 'string',
  /** A list of strings. */
  ARRAY = 'array',
  /** A map of string keys (declared in `properties`) to strings. */
  OBJECT = 'object',
}

/**
 * A parameter value: a string, a list of strings or a map of strings, each of which may hold `$(...)` references.
 * Where it is used (a default, a pipeline task's params, a run's params) it is refused when it holds a credential,
 * judged also by the param's name (`db-password`): the value would be committed to Git. Pass a reference to a
 * Secret (its name, a path where it is mounted) instead.
 */
export class ParamValue {
  /** A string value. */
  public static string(value: string): ParamValue {
    return new ParamValue(ParamType.STRING, value);
  }

  /** An array value. */
  public static array(values: string[]): ParamValue {
    return new ParamValue(ParamType.ARRAY, [...values]);
  }

  /** An object value: keys must be declared in the parameter's `properties`. */
  public static object(values: { [key: string]: string }): ParamValue {
    return new ParamValue(ParamType.OBJECT, sortedRecord(values));
  }

  /** The type the value has. */
  public readonly type: ParamType;
  private readonly value: any;

  private constructor(type: ParamType, value: any) {
    this.type = type;
    this.value = value;
  }

  /** Every string in the value, to look for `$(...)` references. */
  public get strings(): string[] {
    if (typeof this.value === 'string') return [this.value];
    if (Array.isArray(this.value)) return [...this.value];
    return Object.values(this.value);
  }

  /** The keys of an object value. */
  public get keys(): string[] {
    return this.type === ParamType.OBJECT ? Object.keys(this.value) : [];
  }

  /**
   * The value as it appears in YAML.
   *
   * @internal
   */
  public _render(): any {
    return typeof this.value === 'string' ? this.value : Array.isArray(this.value) ? [...this.value] : { ...this.value };
  }
}

/** A parameter a Task or Pipeline declares. */
export interface ParamSpec {
  /** The name: letters, digits, '_', '-' and '.', starting with a letter or '_' (no '.' for object params). */
  readonly name: string;
  /**
   * The type.
   *
   * @default - the default value's type, else ParamType.STRING
   */
  readonly type?: ParamType;
  /**
   * What the parameter is for. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * Value used when the run does not provide one; its type must match `type`. Refused when it holds a
   * credential, judged also by the param's name (the default would be committed to Git); reference the secret
   * instead.
   *
   * @default - none: every run must provide the parameter
   */
  readonly default?: ParamValue;
  /**
   * The keys of an object parameter (required for ParamType.OBJECT, rejected otherwise).
   *
   * @default - none
   */
  readonly properties?: string[];
  /**
   * The only values a string parameter may take. Refused when one holds a credential (it would be committed to
   * Git).
   *
   * @default - any value
   */
  readonly allowedValues?: string[];
}

/** A result a Task produces. */
export interface ResultSpec {
  /** The name: letters, digits, '_', '-' and '.', starting and ending with a letter or digit. */
  readonly name: string;
  /**
   * The type.
   *
   * @default ParamType.STRING
   */
  readonly type?: ParamType;
  /**
   * What the result holds. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * The keys of an object result (required for ParamType.OBJECT, rejected otherwise).
   *
   * @default - none
   */
  readonly properties?: string[];
}

/** A workspace a Task declares. */
export interface TaskWorkspaceProps {
  /** The name, a DNS-1123 label. */
  readonly name: string;
  /**
   * What the workspace holds. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * Mount the workspace read-only. Keep it true for anything bound to a Secret or shared input; a run
   * refuses to bind a Secret to a writable workspace.
   *
   * @default true
   */
  readonly readOnly?: boolean;
  /**
   * Whether a run may omit the workspace.
   *
   * @default false
   */
  readonly optional?: boolean;
  /**
   * Where the steps see it.
   *
   * @default - Tekton mounts it at `/workspace/<name>`
   */
  readonly mountPath?: string;
}

/** A workspace a Pipeline declares and hands to its tasks. */
export interface PipelineWorkspaceProps {
  /** The name, a DNS-1123 label. */
  readonly name: string;
  /**
   * What the workspace holds. Refused when it holds a credential (it would be committed to Git).
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * Whether a run may omit the workspace.
   *
   * @default false
   */
  readonly optional?: boolean;
}
