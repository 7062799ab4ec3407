import { IConstruct } from 'constructs';

/**
 * Recognizes the errors this library's checks throw, from any language jsii reaches (the error class itself
 * extends JavaScript's `Error`, which jsii cannot export; aws-cdk-lib's `Errors` does the same).
 */
export class Errors {
  /** Whether `x` is an error thrown by one of this library's checks. */
  public static isValidationError(x: any): boolean {
    return x instanceof ValidationError;
  }

  /**
   * The construct path a validation error names, if the check ran for a construct.
   *
   * @returns undefined for other errors and for checks without a construct (static factories)
   */
  public static constructPathOf(x: any): string | undefined {
    return x instanceof ValidationError ? x.constructPath : undefined;
  }

  private constructor() {}
}

/**
 * The error every check of this library throws, after aws-cdk-lib's `ValidationError`: the message says what
 * was wrong, the value received (redacted where it could hold a credential) and how to fix it, and starts with
 * the path of the construct the check ran for, so a fleet of a thousand tenants still says which one is wrong.
 *
 * Checks that run without a construct (a static factory such as `RefreshPolicy.periodic()`, whose call sits on
 * the user's own line of the stack) carry no path.
 */
// not exported from the package (see `Errors`)
export class ValidationError extends Error {
  /** The construct path of the object whose check failed, if the check ran for one. */
  public readonly constructPath?: string;

  /**
   * @param message what was wrong, the value, what is allowed and the fix
   * @param scope the construct the check ran for
   */
  public constructor(message: string, scope?: IConstruct) {
    const path = scope === undefined ? undefined : pathOf(scope);
    super(path === undefined ? message : `${path}: ${message}`);
    this.name = 'ValidationError';
    this.constructPath = path;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// the root App has an empty path: name it so the message does not start with ': '
function pathOf(scope: IConstruct): string {
  return scope.node.path === '' ? '(app)' : scope.node.path;
}
