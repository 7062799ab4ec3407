/**
 * Values by the key that holds them: in structured data (a manifest, a JSON document inside a string) and in
 * `key: value`, `key=value`, `"key": "value"`, `--key=value`, `password <value>`, `curl -u user:<password>` and
 * `<key>value</key>` lines of text (YAML, properties, env files, .netrc, HCL, shell scripts, XML). What a key says decides which check its value gets.
 */
import { credentialCategory, CredentialCategory, isPlaceholder, isPrivateKeyField, isReferenceOrPublic, looksLikeCredential, normalizeKey } from './credential-keys';
import { decodeBase64, utf8Of } from './decoders';

/**
 * How a value is judged by its key: a credential category (`password`, `token`, ...), a private key field,
 * a registry `auth` (base64 of `user:password`), a value of an exec plugin's environment (Argo CD cluster
 * `execProviderConfig.env`), or nothing (`''`).
 */
export type KeyKind = '' | CredentialCategory | 'private key' | 'registry auth' | 'exec env';

/** The check a value under `key` gets (`exec env` is decided by the value's place, see `walk`). */
export function keyKind(key: string): KeyKind {
  const n = normalizeKey(key);
  if (n === 'auth') return 'registry auth';
  if (isPrivateKeyField(key)) return 'private key';
  return credentialCategory(key) ?? '';
}

/** What a finding of each key kind is called, and its detector. */
export const KEY_KIND_FINDING: Record<Exclude<KeyKind, ''>, { type: string; detector: string }> = {
  'password': { type: 'password', detector: 'zt:credential-key' },
  'token': { type: 'token', detector: 'zt:credential-key' },
  'API key': { type: 'API key', detector: 'zt:credential-key' },
  'secret': { type: 'secret', detector: 'zt:credential-key' },
  'credential': { type: 'credential', detector: 'zt:credential-key' },
  'private key': { type: 'private key', detector: 'zt:private-key-field' },
  'registry auth': { type: 'registry credential', detector: 'zt:registry-auth' },
  'exec env': { type: 'exec plugin credential', detector: 'zt:exec-env' },
};

/** Whether `value`, held under a key of kind `kind`, is a credential. */
export function valueIsCredential(kind: KeyKind, raw: string): boolean {
  const value = raw.trim();
  switch (kind) {
    case '':
      return false;
    case 'private key': {
      if (isPlaceholder(value) || isReferenceOrPublic(value)) return false;
      if (/PRIVATE KEY/.test(value)) return true;
      const body = value.replace(/\s|\\n/g, '');
      return body.length >= 64 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(body);
    }
    case 'registry auth': {
      // .dockerconfigjson / .dockercfg / .npmrc: base64 of user:password
      const bytes = value.length >= 8 && value.length <= 4096 && /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? decodeBase64(value) : undefined;
      const text = bytes ? utf8Of(bytes) : undefined;
      return text !== undefined && /^[^:\s]{1,256}:\S{3,4096}$/.test(text) && !isPlaceholder(text.slice(text.indexOf(':') + 1));
    }
    case 'exec env':
      return looksLikeCredential(value, undefined);
    default:
      return looksLikeCredential(value, kind);
  }
}

/** A value in a text with the key before it. */
export interface KeyValue {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

// `key: value`, `key = value`, `"key": "value"`, `--key=value`, `export KEY=value`, `?key=value&`
// (an unquoted value stops at a `\n` escape: the text may be a JSON string's content)
// (a `:` after an unquoted key needs a space after it, as in YAML: `aws:secretsmanager:flag` is not a pair)
const KV = /(?:^|[\s{,;(\[?&-]|\\n|\\t)(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\1[ \t]*(:=|=>|:(?=[\s"'])|(?<=["']):|=)[ \t]*(?:"((?:[^"\\\r\n]|\\.){1,1024})"|'([^'\r\n]{1,1024})'|((?:[^\s"'`,;(){}[\]\\]|\\(?![nrt])){1,1024}))/dgm;
// `--key value` (a command line flag and its argument)
const FLAG = /(?:^|\s)--?([A-Za-z][A-Za-z0-9-]{1,60})[ \t]+(?:"([^"\r\n]{1,1024})"|'([^'\r\n]{1,1024})'|([^\s"'-][^\s"']{0,1023}))/dgm;
// `password <value>` (a .netrc line, a sentence, an IMAP/FTP command): a credential word, a space, a value
const WORD_PAIR = /(?:^|[\s(])(password|passwd|passphrase|pwd|token|secret|apikey|api_key|api-key)[ \t]+(?:"([^"\r\n]{1,1024})"|'([^'\r\n]{1,1024})'|([^\s"'`,;(){}[\]\\]{1,1024}))/dgim;
// `curl -u user:password`, `--user user:password`: the part after the colon is a password
const USER_PASSWORD = /(?:^|\s)(?:-u|--user|--proxy-user)[ \t=]+["']?[^\s:"']{1,256}:([^\s"']{1,1024})/dg;
// <key>value</key>
const XML = /<([A-Za-z_][A-Za-z0-9_.-]{0,60})>([^<\s]{1,1024})<\/\1>/dg;
// a YAML block scalar's indicator: the value is on the next, more indented line
const BLOCK_SCALAR = /^[|>][+-]?\d?$/;

/** A pattern every text with a credential-named key contains. */
export const KEY_NEEDLE = /pass|pwd|secret|token|key|cred|auth|bearer|-u\s|--user|--proxy-user/i;

/** The values in `text` whose key asks for a check (`keyKind` not `''`). */
export function keyValues(text: string): KeyValue[] {
  if (!KEY_NEEDLE.test(text)) return [];
  const out: KeyValue[] = [];
  const take = (re: RegExp, keyGroup: number, valueGroups: number[]) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const key = m[keyGroup];
      const g = valueGroups.find(i => m!.indices?.[i] !== undefined);
      if (g === undefined) continue;
      if (keyKind(key) === '') {
        re.lastIndex = m.indices![g]![0];
        continue;
      }
      let [start, end] = m.indices![g]!;
      if (BLOCK_SCALAR.test(text.slice(start, end))) {
        // the first line of the block
        const next = /\r?\n([ \t]+)([^\r\n]+)/y;
        next.lastIndex = end;
        const line = next.exec(text);
        if (!line) continue;
        start = line.index + line[0].length - line[2].length;
        end = line.index + line[0].length;
      }
      out.push({ key, start, end });
      // the value may hold further pairs (`a=b\npassword=c` in an escaped string): scan on from its start
      re.lastIndex = m.indices![g]![0];
    }
  };
  take(KV, 2, [4, 5, 6]);
  take(FLAG, 1, [2, 3, 4]);
  take(WORD_PAIR, 1, [2, 3, 4]);
  USER_PASSWORD.lastIndex = 0;
  for (let m = USER_PASSWORD.exec(text); m !== null; m = USER_PASSWORD.exec(text)) {
    const [start, end] = m.indices![1]!;
    out.push({ key: 'password', start, end });
  }
  if (text.includes('</')) take(XML, 1, [2]);
  return out;
}
