import { Construct, IConstruct } from 'constructs';
import { Generator, GeneratorSpec } from './generator';
import { ValidationError } from '../common/errors';
import { refuseCredential } from '../common/literals';
import { ResourceProps } from '../common/resource';

/** `spec.keyType` of an SSHKey generator. */
export enum SshKeyType {
  /** Ed25519 (fixed size; this library's default). */
  ED25519 = 'ed25519',
  /** ECDSA with a 256, 384 or 521 bit curve. */
  ECDSA = 'ecdsa',
  /** RSA, at least 3072 bits. */
  RSA = 'rsa',
}

/** Options of an SSHKey generator. */
export interface SshKeyOptions {
  /**
   * The key algorithm.
   *
   * @default SshKeyType.ED25519
   */
  readonly keyType?: SshKeyType;
  /**
   * Key size in bits: 3072 to 8192 for RSA, 256, 384 or 521 for ECDSA; not allowed for Ed25519.
   *
   * @default - 4096 for RSA, 256 for ECDSA
   */
  readonly keySize?: number;
  /**
   * The comment of the public key.
   *
   * Refused when it holds a credential (the value would be committed to Git); a comment names the key, e.g.
   * `ci@example.com`.
   *
   * @default - none
   */
  readonly comment?: string;
}

/** Props of an `SshKey`. */
export interface SshKeyProps extends ResourceProps, SshKeyOptions {}

const ECDSA_SIZES = [256, 384, 521];

/**
 * An `SSHKey` generator: a key pair written to `privateKey` and `publicKey`. A value generator: generated
 * once and kept by default. `keyType` is always written (the CRD defaults it to rsa).
 */
export class SshKey extends Generator {
  /** The validated spec, e.g. for a `ClusterGenerator`. */
  public static spec(options: SshKeyOptions = {}): GeneratorSpec {
    return sshKeySpec(undefined, options);
  }

  public constructor(scope: Construct, id: string, props: SshKeyProps = {}) {
    super(scope, id, 'SSHKey', props);
    this._useSpec(sshKeySpec(this, props));
  }
}

/** Validates the options for the generator (or, from `spec()`, for no construct yet) and builds the spec. */
function sshKeySpec(scope: IConstruct | undefined, options: SshKeyOptions): GeneratorSpec {
  const keyType = options.keyType ?? SshKeyType.ED25519;
  let keySize: number | undefined;
  if (keyType === SshKeyType.ED25519) {
    if (options.keySize !== undefined) throw new ValidationError(`'keySize' (${options.keySize}) cannot be set for ed25519 keys, whose size is fixed; remove it`, scope);
  } else if (keyType === SshKeyType.ECDSA) {
    keySize = options.keySize ?? 256;
    if (!ECDSA_SIZES.includes(keySize)) throw new ValidationError(`'keySize' (${keySize}) must be 256, 384 or 521 for ecdsa keys`, scope);
  } else {
    keySize = options.keySize ?? 4096;
    if (!Number.isInteger(keySize) || keySize < 3072 || keySize > 8192) {
      throw new ValidationError(`'keySize' (${keySize}) must be a whole number from 3072 to 8192 for rsa keys; use e.g. 4096`, scope);
    }
  }
  refuseCredential(scope, 'comment', options.comment);
  if (options.comment !== undefined && /[\r\n]/.test(options.comment)) {
    throw new ValidationError(`'comment' (${JSON.stringify(options.comment)}) must be a single line`, scope);
  }
  const spec = {
    keyType,
    ...(keySize !== undefined ? { keySize } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
  };
  return GeneratorSpec._of({ kind: 'SSHKey', outputKeys: ['privateKey', 'publicKey'], rotating: false }, () => spec);
}
