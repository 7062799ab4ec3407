/**
 * Values as error messages and findings may show them. An error ends up in CI logs and issue trackers, so a
 * credential quoted in one (a password written into a URL, a token given where a name was expected) is masked
 * before it is shown.
 */
import { scanText } from '../compliance/secrets';

const URL_PASSWORD = /(^|\/\/|\s)([^\s:@/]*):([^\s@/]+)@/g;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)/g;
const WORD_SEPARATORS = /([\s"'`,;()[\]{}<>|]+)/;

function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, (_m, before: string, user: string) => `${before}${user}:***@`);
}

/** A word shown as its first and last two characters and its length, e.g. `gh…9Q (40 chars)`. */
function masked(word: string): string {
  const chars = [...word];
  return chars.length >= 12 ? `${chars.slice(0, 2).join('')}…${chars.slice(-2).join('')} (${chars.length} chars)` : `*** (${chars.length} chars)`;
}

/** Whether a word of a message is, or carries, a credential (`token=...` is judged by its key). */
function isCredentialWord(word: string): boolean {
  if (word.length < 8) return false;
  if (scanText(word, 'message').length > 0) return true;
  const kv = /^([A-Za-z][\w.-]{0,63})[:=](.{8,})$/.exec(word);
  return kv !== null && scanText(kv[2], 'message', { key: kv[1] }).length > 0;
}

/**
 * `text` with every credential the scanner recognizes masked: URL passwords, private key blocks and any word that
 * is or carries a credential, shown by its first and last two characters at most. Text without one is returned
 * unchanged (the scan is cached, so messages cost little).
 */
export function redactCredentials(text: string): string {
  if (typeof text !== 'string' || scanText(text, 'message').length === 0) return text;
  let out = maskUrlPasswords(text).replace(PRIVATE_KEY_BLOCK, (_m, label: string) => `<${label}private key>`);
  out = out.split(WORD_SEPARATORS).map(part => (isCredentialWord(part) ? masked(part) : part)).join('');
  if (scanText(out, 'message').length === 0) return out;
  // what is left is found only in context (a key and its value in separate words): mask every long word
  return out.split(WORD_SEPARATORS).map(part => (part.length >= 12 && /[A-Za-z]/.test(part) && /[0-9+/=_-]/.test(part) ? masked(part) : part)).join('');
}

/** `value` quoted as JSON, with the password of any `scheme://user:password@` (or `user:password@host`) masked. */
export function shownUrl(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return JSON.stringify(maskUrlPasswords(value));
}

/** `value` quoted as JSON for an error message, with any credential in it masked (`redactCredentials`). */
export function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(redactCredentials(value)) : JSON.stringify(value);
}
