/**
 * Values under keys named like credentials (`password`, `clientSecret`, `DB_TOKEN`, `api-key`, ...): a key name
 * says what a value is, and the value's shape says whether it is one. A value is flagged when it looks random
 * (several character classes, enough entropy) and is none of what such keys hold in manifests that are fine:
 * template placeholders (`{{ .password }}`, `$(params.token)`, `${DB_PASSWORD}`), references (`secretKeyRef`,
 * `team-a/db`, Vault paths, ARNs, `op://` and other secret manager URIs), names (`tenant-001-db`), file paths,
 * image digests, UUIDs, hashes and public material (certificates, public keys).
 */

/** What a credential-named key holds, from its name; undefined for any other key. */
export type CredentialCategory = 'password' | 'token' | 'API key' | 'secret' | 'credential';

// normalized: lower case, separators (-, _, ., space) removed
const WORDS: [RegExp, CredentialCategory][] = [
  [/passw(or)?d|passphrase|pwd$|^pwd|(?<!by|com)pass$/, 'password'],
  [/token|bearer/, 'token'],
  [/apikey|accesskey|authkey|accountkey|sharedaccesskey|signingkey|encryptionkey|masterkey|sessionkey|hmackey|licensekey/, 'API key'],
  [/secret/, 'secret'],
  [/credential/, 'credential'],
];

/**
 * Key names that merely mention a credential: they name, locate, configure or describe one (`secretName`,
 * `passwordSecretRef`, `tokenPath`, `tokenTTL`, `secretStoreRef`, `tokenUrl`), or hold public material.
 */
const NOT_A_VALUE = new RegExp('(' + [
  'ref', 'refs', 'name', 'names', 'path', 'paths', 'file', 'files', 'filename', 'dir', 'url', 'uri', 'endpoint', 'host',
  'type', 'types', 'kind', 'mode', 'policy', 'policies', 'ttl', 'length', 'expiry', 'expiration', 'expirationseconds',
  'seconds', 'lifetime', 'duration', 'format', 'version', 'count', 'enabled', 'required', 'selector', 'template',
  'source', 'store', 'provider', 'audience', 'audiences', 'header', 'field', 'property', 'keys', 'id', 'ids',
  'annotation', 'label', 'namespace', 'role', 'roles', 'scope', 'scopes', 'engine', 'mount', 'generator', 'request',
  'rotation', 'hint', 'prefix', 'suffix', 'encoding', 'algorithm', 'strategy', 'method', 'location',
  'volume', 'env', 'mountpath', 'key',
].join('|') + ')$|public|cert|fingerprint|digest|hash|checksum|^ca$|^cadata$');

// exceptions to NOT_A_VALUE: these end like a locator but are credentials
const STILL_A_VALUE = /(api|access|auth|account|sharedaccess|signing|encryption|master|session|hmac|license|private|secret|client)key$|secretid$/;

/** Lower case without separators: `DB_PASSWORD`, `db-password` and `dbPassword` are `dbpassword`. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}

/** What a key named `key` holds, when it is named like a credential. */
export function credentialCategory(key: string): CredentialCategory | undefined {
  const n = normalizeKey(key);
  if (n.length === 0 || n.length > 80) return undefined;
  if (NOT_A_VALUE.test(n) && !STILL_A_VALUE.test(n)) return undefined;
  for (const [re, category] of WORDS) if (re.test(n)) return category;
  return undefined;
}

/** Private key fields: a kubeconfig's `client-key-data`, Argo CD's `tlsClientConfig.keyData`, `tls.key`, `ssh-privatekey`. */
export function isPrivateKeyField(key: string): boolean {
  const n = normalizeKey(key);
  if (/public|cert|crt|pub$/.test(n)) return false;
  return /^(clientkeydata|clientkey|keydata|tlskey|sshprivatekey|privatekey|privkey|sslkey|serverkey|keypem|idrsa|ided25519|idecdsa|signingkeypem)$/.test(n)
    || /privatekey$/.test(n);
}

/** Template placeholders and variable references: the value is filled in elsewhere. */
const PLACEHOLDER = new RegExp([
  /\{\{[\s\S]*\}\}/.source, // Go templates, ESO, Helm, Argo CD: {{ .password }}
  /\$\([^)]*\)/.source, // Tekton $(params.x), shell $(cat file)
  /\$\{[^}]*\}/.source, // ${VAR}, ${{ secrets.X }}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/.source, // $VAR
  /%\{[^}]*\}/.source, // %{var}
  /^%[A-Za-z_][A-Za-z0-9_]*%$/.source, // %VAR%
  /<[^<>]{1,64}>/.source, // <your-password>
  /\*{3,}/.source, // masked
  /^(?:x+|X+|\.+|-+|_+|0+|#+|\?+)$/.source,
  /(?:^|[^A-Za-z])(?:REPLACE|CHANGE_?ME|YOUR_|REDACTED|PLACEHOLDER)/.source,
  /EXAMPLE/.source,
  /(.)\1{7,}/.source, // padding: eight of the same character
].join('|'));

const PLACEHOLDER_WORDS = /^(?:changeme|change-me|changeit|password|passwd|secret|token|apikey|api-key|redacted|placeholder|example|dummy|fake|test|none|null|nil|undefined|todo|tbd|replaceme|default|empty|unset|notset|required|optional|true|false|yes|no)$/i;

/** References to where a credential lives, and other values that locate rather than hold one. */
const REFERENCE = new RegExp([
  /^(?:vault|ref\+[a-z0-9]+|op|sm|awssm|gcpsm|azkv|azurekeyvault|akv|bws|doppler|infisical|k8s|kubernetes|secret|secretkeyref|env|file|arn|projects|onepassword|keeper|pass):/.source,
  /^arn:aws[a-z-]*:/.source,
  /^projects\/[^/]+\/secrets\//.source,
  /^[a-z][a-z0-9+.-]*:\/\/(?![^\s/]*@)/.source, // a URL without user info
  /^(?:\/|~\/|\.\.?\/)/.source, // a file path
  /^secretKeyRef\b/.source,
].join('|'));

/** Values that are public by nature: certificates, public keys, digests, identifiers. */
const PUBLIC_VALUE = new RegExp([
  /-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PGP PUBLIC KEY BLOCK|SSH2 PUBLIC KEY)-----/.source,
  /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) AAAA/.source,
  /^(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b|blake3):[0-9a-fA-F]{32,128}$/.source,
  /@sha256:[0-9a-f]{64}$/.source,
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.source, // UUID
  /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$/.source, // hashes
].join('|'));

/** Whether the text is a template placeholder, a masked value or an obvious stand-in. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || PLACEHOLDER_WORDS.test(value.trim());
}

/** Whether the value references, locates or publishes rather than holds a credential. */
export function isReferenceOrPublic(value: string): boolean {
  return REFERENCE.test(value) || PUBLIC_VALUE.test(value);
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...value].length;
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

// a single-case word (at most 24 letters: longer is random), or camelCase/PascalCase words
const SINGLE_WORD = /^(?:[a-z]{1,24}|[A-Z][a-z]{1,23}|[A-Z]{1,24})$/;
const WORDS_CASED = /^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/;
// lenient: PascalCase with acronyms (`CfnAPIKey`, `HTTPServer`), each lower case run at least 2 letters
const WORDS_ACRONYMS = /^(?:[A-Z]{1,5}|[A-Z]?[a-z]{2,})(?:[A-Z]{1,5}(?![a-z])|[A-Z][a-z]{2,})+$/;
// lenient: a lower case word with a number (`sha256`, `v1beta1`, `k8s`, `x509`), a short hex number (`e8f5e9`)
const WORD_WITH_NUMBER = /^[a-z]{1,8}[0-9]{1,4}(?:[a-z]{1,8}[0-9]{0,3})?$|^[0-9]{1,4}[a-z]{1,3}$|^[0-9a-f]{1,8}$/;

/**
 * Whether every part of the value (split at `-`, `.`, `_`, `/`, `:`, `@`, `~`, `#`, `+` and `=`) is a word or a
 * number: a name (`tenant-001-db`), a path (`team-a/db`, `secret/data/app`), a version (`1.2.3-rc.1`), a region
 * (`us-east-1`). A random credential mixes letters and digits within its parts. `lenient` also takes words with
 * a number (`sha256`, `v1beta1`) and short hex numbers as words: for keys that hold long random tokens, not the
 * passwords people choose.
 */
export function isNameLike(value: string, lenient = false): boolean {
  // a glob or list suffix (`spec.items*`, `names[]`) does not make a name random
  const parts = value.replace(/(?:\*|\[\])+$/, '').split(/[-._/:@~#+=,;]+/).filter(p => p.length > 0);
  if (parts.length === 0) return true;
  return parts.every(p => /^[0-9]+$/.test(p) || SINGLE_WORD.test(p) || WORDS_CASED.test(p)
    || (lenient && (WORD_WITH_NUMBER.test(p) || WORDS_ACRONYMS.test(p))));
}

function classes(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/[0-9]/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
}

// a property path of camelCase identifiers or a qualified type: `t.automountServiceAccountToken`, `kplus.ISecret`
const CODE_PATH = /^[a-z_$][a-z0-9_$]*(?:[A-Z][a-z0-9_$]+)*(?:\.(?:[a-z_$][a-z0-9_$]*(?:[A-Z][a-z0-9_$]+)*|I?(?:[A-Z][a-z]+)+))+$/;

/** The fewest characters a value under a credential-named key needs to be judged. */
export const MIN_CREDENTIAL_LENGTH = 8;

/**
 * Whether a value under a credential-named key (or in a place that holds only credentials) looks like a
 * credential: 8 to 4096 printable ASCII characters without whitespace, not a placeholder, reference, name, code or public value,
 * at least two character classes and 2.5 bits of entropy per character. Passwords are judged strictly (people
 * choose `hunter22`); other credentials are random tokens of at least 10 characters, so words with numbers
 * (`sha256`, `v1beta1`) are names there.
 */
export function looksLikeCredential(raw: string, category: CredentialCategory | undefined = undefined): boolean {
  // quotes and Markdown code marks around a value are not part of it
  const value = raw.trim().replace(/^([`'"])(.*)\1$/s, '$2');
  const password = category === 'password';
  if (value.length < (password ? MIN_CREDENTIAL_LENGTH : 10) || value.length > 4096) return false;
  // credentials are printable ASCII without spaces: sentences, messages and prose are not
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  if (isPlaceholder(value) || isReferenceOrPublic(value) || isNameLike(value, !password)) return false;
  // code: a call, a property path or a type (`secretOf(chart)`, `t.token`, `Record<string, string>`)
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(|^[A-Za-z_$][\w$.]*</.test(value) || CODE_PATH.test(value)) return false;
  // JWT-shaped: a signed token is found by its format; an unsigned one or a documentation example is not one
  if (/^ey[IJ][A-Za-z0-9_-]*\.ey[IJ][A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(value)) return false;
  return classes(value) >= 2 && entropy(value) >= 2.5;
}
