import { ValidationError } from '../src/common/errors';

/**
 * The error `fn` throws, asserted to be a ValidationError whose message starts with `path` and whose
 * `constructPath` is `path` (or, for checks without a construct, has no path).
 */
export function validationError(fn: () => unknown, path: string | undefined): ValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.constructPath).toBe(path);
  if (path !== undefined) expect(error.message.startsWith(`${path}: `)).toBe(true);
  return error;
}

/** What `fn` throws, or undefined when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
