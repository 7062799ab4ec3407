import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { validateSecretKey } from '../common/names';
import { ResourceProps } from '../common/resource';

/** `spec.encoding` of a Password generator. */
export enum PasswordEncoding {
  /** The password as generated (the CRD default). */
  RAW = 'raw',
  /** Standard base64. */
  BASE64 = 'base64',
  /** URL-safe base64. */
  BASE64URL = 'base64url',
  /** Base32. */
  BASE32 = 'base32',
  /** Hexadecimal. */
  HEX = 'hex',
}

/** Options of a Password generator. */
export interface PasswordOptions {
  /**
   * Number of characters, at least 12.
   *
   * @default 24
   */
  readonly length?: number;
  /**
   * Number of digits among the characters.
   *
   * @default - chosen by ESO (a quarter of the length)
   */
  readonly digits?: number;
  /**
   * Number of symbols among the characters.
   *
   * @default - chosen by ESO (a quarter of the length)
   */
  readonly symbols?: number;
  /**
   * The characters symbols are drawn from.
   *
   * @default - ESO's set `~!@#$%^&*()_+-={}|[]\:"<>?,./`
   */
  readonly symbolCharacters?: string;
  /**
   * Use only lower-case letters.
   *
   * @default false
   */
  readonly noUpper?: boolean;
  /**
   * Allow a character to appear more than once.
   *
   * @default false
   */
  readonly allowRepeat?: boolean;
  /**
   * How the password is encoded.
   *
   * @default PasswordEncoding.RAW
   */
  readonly encoding?: PasswordEncoding;
  /**
   * The keys the password is written to (each gets its own password).
   *
   * @default ['password']
   */
  readonly secretKeys?: string[];
}

/** Props of a `Password`. */
export interface PasswordProps extends ResourceProps, PasswordOptions {}

const MIN_LENGTH = 12;

/**
 * A `Password` generator: a random password per key. A value generator: an ExternalSecret reading it
 * defaults to `createdOnce` with an immutable target, so the password is generated once and kept. The
 * CRD's required-with-default fields (`length`, `noUpper`, `allowRepeat`) are always written.
 */
export class Password extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: PasswordOptions = {}): GeneratorSpec {
    return passwordSpec(undefined, options);
  }

  public constructor(scope: Construct, id: string, props: PasswordProps = {}) {
    super(scope, id, 'Password', props);
    this._useSpec(passwordSpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function passwordSpec(scope: IConstruct | undefined, options: PasswordOptions): GeneratorSpec {
  const length = options.length ?? 24;
  checkCount(scope, 'length', length);
  if (length < MIN_LENGTH) throw new ValidationError(`'length' (${length}) must be at least ${MIN_LENGTH}; shorter passwords are guessable, use e.g. 24`, scope);
  if (options.digits !== undefined) checkCount(scope, 'digits', options.digits);
  if (options.symbols !== undefined) checkCount(scope, 'symbols', options.symbols);
  const fixed = (options.digits ?? 0) + (options.symbols ?? 0);
  if (fixed > length) throw new ValidationError(`'digits' + 'symbols' (${fixed}) must not exceed 'length' (${length}); lower them or raise the length`, scope);
  if (options.symbolCharacters !== undefined && options.symbolCharacters.length === 0) {
    throw new ValidationError('\'symbolCharacters\' must not be empty; omit it for ESO\'s default set, or give e.g. "-_.!"', scope);
  }
  const secretKeys = options.secretKeys;
  if (secretKeys !== undefined) {
    if (secretKeys.length === 0) throw new ValidationError('\'secretKeys\' is empty; omit it to write "password", or list e.g. ["password"]', scope);
    secretKeys.forEach(k => validateSecretKey(scope, 'secretKeys', k));
    const duplicate = secretKeys.find((k, i) => secretKeys.indexOf(k) !== i);
    if (duplicate) throw new ValidationError(`'secretKeys' lists "${duplicate}" twice; list each key once`, scope);
  }
  const spec = {
    length,
    ...(options.digits !== undefined ? { digits: options.digits } : {}),
    ...(options.symbols !== undefined ? { symbols: options.symbols } : {}),
    ...(options.symbolCharacters !== undefined ? { symbolCharacters: options.symbolCharacters } : {}),
    noUpper: options.noUpper ?? false,
    allowRepeat: options.allowRepeat ?? false,
    encoding: options.encoding ?? PasswordEncoding.RAW,
    ...(secretKeys !== undefined ? { secretKeys: [...secretKeys] } : {}),
  };
  return GeneratorSpec._of({ kind: 'Password', outputKeys: secretKeys ?? ['password'], rotating: false }, () => spec);
}

function checkCount(scope: IConstruct | undefined, prop: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new ValidationError(`'${prop}' (${value}) must be a whole number of characters, zero or more`, scope);
}
