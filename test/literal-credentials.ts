/**
 * Fake credentials and assertions shared by the `literal-credentials` tests.
 *
 * Every fake value is assembled at run time (from a fixed seed, so runs are reproducible) and no literal token stands in
 * this file, so a secret scanner of the repository has nothing to find.
 */
import { createHash } from 'crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of [A-Za-z0-9], the same for the same `seed`: character `i` comes from SHA-256 of `seed:i`, so the
 * text is as random-looking as a real token's and computed exactly (no floating-point arithmetic).
 */
export function randomText(seed: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALNUM[createHash('sha256').update(`${seed}:${i}`).digest().readUInt32BE(0) % ALNUM.length];
  }
  return out;
}

/**
 * A fake classic GitHub token, `ghp_` and 36 [A-Za-z0-9] (40 chars): from `seed` through {@link randomText}, or, without a
 * seed, the fixed one the external-secrets, generators and vault tests use.
 */
export function githubToken(seed?: number): string {
  const body = seed === undefined ? ['R8uXw2LmQ4tV', 'z7KpN3sYd6Hb', 'J9cF1gA5eTqM'].join('') : randomText(seed, 36);
  return ['ghp', '_', body].join('');
}

/** A fake password of 16 chars with symbols (`.replace(/[^A-Za-z0-9]/g, '')` gives its 14-char alphanumeric form). */
export const PASSWORD = ['Tq7', '#vZ2', 'm!Lp9', 'xW4k'].join('');

/** A fake signed JWT: an HS256 header, `claims` as its body, and a signature-shaped tail of 43 chars from `seed`. */
export function jwt(claims: object, seed: number): string {
  return [
    Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify(claims)).toString('base64url'),
    randomText(seed, 43),
  ].join('.');
}

/** `text` in base64. */
export function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** `text` with every regular-expression metacharacter escaped, to match it literally. */
export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message of the error `fn` throws; fails the test when it throws none. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/**
 * The part of `secret` a refusal must never show: the quoted value when it has 8 chars or fewer; else its middle, without
 * the first and last 4 chars (3 when it has fewer than 12) and nothing past the 20th char.
 */
function middle(secret: string): string {
  if (secret.length <= 8) return `'${secret}'`;
  if (secret.length < 12) return secret.slice(3, secret.length - 3);
  return secret.slice(4, Math.min(secret.length - 4, 20));
}

/**
 * Asserts `fn` throws, and returns the message. `prop` as a string is the exact prop: the message must start with
 * `'<prop>' holds (a credential|N credentials): `, after the construct path when the check ran for a construct; as a RegExp the message must match it. The message must match `kind`
 * (the credential's kind) when given, and never contains the middle of `secret`.
 */
export function expectRefused(fn: () => unknown, prop: string | RegExp, secret: string): string;
export function expectRefused(fn: () => unknown, prop: string | RegExp, kind: RegExp, secret: string): string;
export function expectRefused(fn: () => unknown, prop: string | RegExp, kindOrSecret: RegExp | string, secretIfKind?: string): string {
  const kind = typeof kindOrSecret === 'string' ? undefined : kindOrSecret;
  const secret = typeof kindOrSecret === 'string' ? kindOrSecret : secretIfKind!;
  const message = errorOf(fn);
  expect(message).toMatch(typeof prop === 'string' ? new RegExp(`^(?:[\\w./-]+: )?'${escape(prop)}' holds (a credential|\\d+ credentials): `) : prop);
  if (kind) expect(message).toMatch(kind);
  expect(message).not.toContain(middle(secret));
  return message;
}
