/**
 * Our own text detectors: only credential formats secretlint's recommended preset does not find (each says what
 * the preset lacks). Where a preset rule reports the same text, the preset's report is kept (see `engine.ts`).
 */
import { isPlaceholder } from './credential-keys';
import { canonicalPem } from './finding';

/** One value a detector found in a text. */
export interface TextMatch {
  readonly start: number;
  readonly end: number;
  /** The credential type, when the detector finds several. */
  readonly type?: string;
  /** A public vendor prefix the finding may show, e.g. `AIza`. */
  readonly prefix?: string;
  /** What the digest covers, when not the matched text itself (a PEM block's canonical body). */
  readonly canonical?: string;
}

export interface TextDetector {
  /** `zt:<name>`. */
  readonly id: string;
  /** The credential type of its findings (the default of `TextMatch.type`). */
  readonly type: string;
  /** What it finds, and what secretlint's recommended preset lacks that it covers. */
  readonly description: string;
  /** A pattern every text it finds something in contains: the detector runs only on texts that match. */
  readonly needle: RegExp;
  readonly find: (text: string) => TextMatch[];
  /** Whether a finding may show the first and last two characters (never for key material). */
  readonly showEnds: boolean;
}

// a token must not continue a longer word on either side
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

interface RegexSpec {
  readonly id: string;
  readonly type: string;
  readonly description: string;
  readonly needle: RegExp;
  /** Global, with the `d` flag when `group` is used. */
  readonly pattern: RegExp;
  /** The capture groups holding the value (the first that matched), default the whole match. */
  readonly groups?: number[];
  readonly prefix?: (value: string) => string | undefined;
  readonly accept?: (value: string, match: RegExpExecArray, text: string) => boolean;
  readonly showEnds?: boolean;
}

/** Common allowlist: masked values, stand-ins and documentation examples are not credentials. */
export function isExampleValue(value: string): boolean {
  return /\*{3,}|EXAMPLE|(.)\1{7,}/.test(value);
}

function regexDetector(spec: RegexSpec): TextDetector {
  return {
    id: spec.id,
    type: spec.type,
    description: spec.description,
    needle: spec.needle,
    showEnds: spec.showEnds ?? true,
    find: text => {
      const out: TextMatch[] = [];
      spec.pattern.lastIndex = 0;
      for (let m = spec.pattern.exec(text); m !== null; m = spec.pattern.exec(text)) {
        if (m[0].length === 0) {
          spec.pattern.lastIndex++;
          continue;
        }
        let start = m.index;
        let end = m.index + m[0].length;
        if (spec.groups) {
          const g = spec.groups.find(i => m!.indices?.[i] !== undefined);
          if (g === undefined) continue;
          [start, end] = m.indices![g]!;
        }
        const value = text.slice(start, end);
        if (isExampleValue(value) || (spec.accept && !spec.accept(value, m, text))) continue;
        out.push({ start, end, prefix: spec.prefix?.(value) });
      }
      return out;
    },
  };
}

/** A JWT's header and payload: base64url JSON objects, the header with a signing algorithm. */
function isSignedJwt(value: string): boolean {
  const [header, payload, signature] = value.split('.');
  const json = (part: string): any => {
    try {
      const parsed = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  };
  const h = json(header);
  const p = json(payload);
  if (!h || !p || typeof h.alg !== 'string' || h.alg.toLowerCase() === 'none' || (signature ?? '').length < 16) return false;
  // the jwt.io example token, printed in countless documents
  if (p.sub === '1234567890' && p.name === 'John Doe') return false;
  return true;
}

/** A password in a URL, a connection string or a property line: not a placeholder and not a stand-in. */
export function isPasswordValue(value: string): boolean {
  if (value.length < 4 || isPlaceholder(value)) return false;
  if (/^(?:pass|passwd|password|pwd|secret|pw|xxx+|changeme|user|username|token|apikey|api_key|key|value|s3cr3t|p@ssw0rd|null|none|true|false|undefined|empty|hunter2)$/i.test(value)) return false;
  // an upper case word is a stand-in (`TOKEN`, `MY_PASSWORD`)
  if (/^[A-Z][A-Z_]*$/.test(value)) return false;
  return !/[${}<>()]/.test(value);
}

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----/g;
const PEM_END = /-----END ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----/g;
const MAX_PEM_BODY = 32768;

function findPem(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  // END lines first: each BEGIN is paired with the next END line by a search, never by reading ahead
  const ends: { index: number; length: number; label: string }[] = [];
  PEM_END.lastIndex = 0;
  for (let e = PEM_END.exec(text); e !== null; e = PEM_END.exec(text)) ends.push({ index: e.index, length: e[0].length, label: `${e[1]}|${e[2] ?? ''}` });
  if (ends.length === 0) return out;
  PEM_BEGIN.lastIndex = 0;
  for (let b = PEM_BEGIN.exec(text); b !== null; b = PEM_BEGIN.exec(text)) {
    const bodyStart = b.index + b[0].length;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (ends[mid].index < bodyStart) lo = mid + 1;
      else hi = mid;
    }
    const end = ends[lo];
    if (!end || end.index - bodyStart > MAX_PEM_BODY || end.label !== `${b[1]}|${b[2] ?? ''}`) continue;
    const block = text.slice(b.index, end.index + end.length);
    const body = text.slice(bodyStart, end.index);
    // another BEGIN before the END: this one is not a block
    if (body.includes('-----BEGIN ')) continue;
    const canonical = canonicalPem(block);
    // a body of placeholders (`...`, `<key>`) is documentation, not a key
    if (canonical.length < 64 || /[.<>*]{3,}/.test(body)) continue;
    out.push({ start: b.index, end: end.index + end.length, canonical });
    PEM_BEGIN.lastIndex = end.index + end.length;
  }
  return out;
}

const PUTTY = /PuTTY-User-Key-File-[1-9]: *([A-Za-z0-9@.-]+)/g;
const LINE_BREAK = /\r?\n|\\r\\n|\\n/y;

/** The `Private-Lines` block of a PuTTY key file (the private key itself). */
function findPutty(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  PUTTY.lastIndex = 0;
  for (let m = PUTTY.exec(text); m !== null; m = PUTTY.exec(text)) {
    const privateLines = /Private-Lines: *(\d{1,3})/g;
    privateLines.lastIndex = m.index;
    const p = privateLines.exec(text);
    if (!p || p.index - m.index > 16384) continue;
    let at = p.index + p[0].length;
    const start = at;
    let body = '';
    for (let i = 0; i < Number(p[1]); i++) {
      LINE_BREAK.lastIndex = at;
      const br = LINE_BREAK.exec(text);
      if (!br) break;
      at += br[0].length;
      const line = /[ \t]*([A-Za-z0-9+/=]+)/y;
      line.lastIndex = at;
      const l = line.exec(text);
      if (!l) break;
      body += l[1];
      at += l[0].length;
    }
    if (body.length >= 32) out.push({ start, end: at, canonical: body });
  }
  return out;
}

/** JSON Web Keys holding private (`d`) or symmetric (`k`) key material. */
function findJwk(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  const kty = /"kty"\s*:\s*"(RSA|EC|OKP|oct)"/g;
  // a key is at most a few KiB: look that far around each "kty", for at most 256 of them
  const WINDOW = 16384;
  let seen = 0;
  for (let m = kty.exec(text); m !== null && seen++ < 256; m = kty.exec(text)) {
    const from = Math.max(0, m.index - WINDOW);
    const open = text.slice(from, m.index).lastIndexOf('{');
    const closeAt = text.slice(m.index, m.index + WINDOW).indexOf('}');
    if (open === -1 || closeAt === -1) continue;
    const close = m.index + closeAt;
    if (text.slice(from + open + 1, m.index).includes('}')) continue;
    let jwk: any;
    try {
      jwk = JSON.parse(text.slice(from + open, close + 1));
    } catch {
      continue;
    }
    const field = m[1] === 'oct' ? 'k' : 'd';
    const value = jwk?.[field];
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{16,}$/.test(value)) continue;
    const quoted = new RegExp(`"${field}"\\s*:\\s*"`, 'g');
    quoted.lastIndex = from + open;
    const q = quoted.exec(text);
    if (!q || q.index > close) continue;
    const start = q.index + q[0].length;
    out.push({ start, end: start + value.length, type: m[1] === 'oct' ? 'JSON Web Key (symmetric)' : 'private key' });
  }
  return out;
}

export const DETECTORS: TextDetector[] = [
  regexDetector({
    id: 'zt:google-api-key',
    type: 'Google API key',
    description: 'Google API key: AIza and 35 URL-safe characters (gitleaks gcp-api-key); the preset finds only service account key files',
    needle: /AIza/,
    pattern: new RegExp(`${B}AIza[A-Za-z0-9_-]{35}${E}`, 'g'),
    prefix: () => 'AIza',
  }),
  regexDetector({
    id: 'zt:gitlab-token',
    type: 'GitLab token',
    description: 'GitLab tokens other than personal access tokens: gldt- (deploy), glrt- (runner), glcbt- (CI job), glptt- (trigger), '
      + 'glft-, glimt-, gloas-, glsoat-, glagent-, glffct- (gitleaks gitlab-*); the preset finds glpat- only',
    needle: /gl(?:dt|rt|cbt|ptt|ft|imt|oas|soat|agent|ffct)-/,
    pattern: new RegExp(`${B}gl(?:dt|rt|cbt|ptt|ft|imt|oas|soat|agent|ffct)-[A-Za-z0-9_-]{20,300}${E}`, 'g'),
    prefix: v => v.slice(0, v.indexOf('-') + 1),
  }),
  regexDetector({
    id: 'zt:slack-token',
    type: 'Slack token',
    description: 'Slack configuration refresh tokens (xoxe-) and legacy session tokens (xoxs-); the preset finds '
      + 'xoxb/xoxp/xoxa/xoxo/xoxr (so also the xoxp- part of an xoxe.xoxp- configuration token) and xapp',
    needle: /xox[es]-/,
    pattern: new RegExp(`${B}xox[es]-[A-Za-z0-9-]{10,300}`, 'g'),
    prefix: v => v.slice(0, v.indexOf('-') + 1),
  }),
  regexDetector({
    id: 'zt:slack-webhook',
    type: 'Slack webhook URL',
    description: 'Slack workflow and trigger webhook URLs (the path is the credential); the preset finds /services/ webhooks only',
    needle: /hooks\.slack\.com\/(?:workflows|triggers)\//,
    pattern: /hooks\.slack\.com\/(?:workflows|triggers)\/[A-Za-z0-9+/]{20,120}/g,
    prefix: () => 'hooks.slack.com/',
  }),
  regexDetector({
    id: 'zt:jwt',
    type: 'JSON Web Token',
    description: 'Signed JSON Web Token (service account, OIDC or Vault JWT): base64url JSON header with an algorithm, JSON payload, '
      + 'signature; the preset has no JWT rule. Unsigned tokens and the jwt.io example are not flagged',
    needle: /ey[IJ][A-Za-z0-9_-]*\.ey[IJ]/,
    // `+` and lengths checked after: a counted repetition over megabytes overflows V8's regex stack
    pattern: new RegExp(`${B}ey[IJ][A-Za-z0-9_-]+\\.ey[IJ][A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+${E}`, 'g'),
    accept: v => v.length <= 65536 && /^[^.]{11,}\.[^.]{11,}\.[^.]{16,}$/.test(v) && isSignedJwt(v),
    prefix: () => 'eyJ',
  }),
  regexDetector({
    id: 'zt:openshift-token',
    type: 'OpenShift token',
    description: 'OpenShift OAuth access token: sha256~ and 43 URL-safe characters (gitleaks openshift-user-token); not in the preset',
    needle: /sha256~/,
    pattern: new RegExp(`${B}sha256~[A-Za-z0-9_-]{43}${E}`, 'g'),
    prefix: () => 'sha256~',
  }),
  regexDetector({
    id: 'zt:vault-legacy-token',
    type: 'Vault token',
    description: 'HashiCorp Vault tokens of the format before Vault 1.10: s. and 24 characters (service), b.AAAAAQ... (batch); '
      + 'the preset finds the hvs./hvb./hvr. format only',
    needle: /(?:^|[^A-Za-z0-9_.~-])[sb]\./,
    pattern: /(?<![A-Za-z0-9_.~-])(?:s\.[A-Za-z0-9]{24}|b\.AAAAAQ[A-Za-z0-9_-]{60,400})(?![A-Za-z0-9_.~-])/g,
    // random: upper and lower case and digits
    accept: v => v.startsWith('b.') || (/[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v)),
    prefix: v => v.slice(0, 2),
  }),
  regexDetector({
    id: 'zt:docker-hub-token',
    type: 'Docker Hub token',
    description: 'Docker Hub organization access tokens (dckr_oat_) and personal access tokens of other lengths; the preset finds '
      + 'dckr_pat_ with exactly 27 characters',
    needle: /dckr_(?:pat|oat)_/,
    pattern: new RegExp(`${B}dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,80}${E}`, 'g'),
    prefix: v => v.slice(0, 9),
  }),
  regexDetector({
    id: 'zt:npmrc-auth-token',
    type: 'npm token',
    description: 'npm registry token in .npmrc (_authToken=, also legacy UUID tokens and other registries); the preset reads '
      + '_authToken only in a file named .npmrc, and the scanner reads strings without file names',
    needle: /_authToken\s*=/,
    pattern: /(?:^|\s|:)_authToken\s*=\s*["']?([^\s"'$][^\s"']{7,255})/dgm,
    groups: [1],
    accept: v => !isPlaceholder(v),
  }),
  regexDetector({
    id: 'zt:azure-ad-client-secret',
    type: 'Azure AD client secret',
    description: 'Microsoft Entra ID (Azure AD) client secret: 3 characters, a digit, Q~, 31 to 34 characters (gitleaks '
      + 'azure-ad-client-secret); not in the preset',
    needle: /\dQ~/,
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
  }),
  regexDetector({
    id: 'zt:azure-storage-key',
    type: 'Azure storage key',
    description: 'Azure storage account key or shared access key in a connection string (AccountKey=, SharedAccessKey=); not in the preset',
    needle: /AccountKey|SharedAccessKey/i,
    pattern: /(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,1024}={0,2})/dgi,
    groups: [1],
  }),
  regexDetector({
    id: 'zt:azure-sas-token',
    type: 'Azure SAS token',
    description: 'Azure shared access signature (sig= of a SAS URL or token with sv=); not in the preset',
    needle: /sig=/,
    pattern: /[?&;]sig=([A-Za-z0-9%+/=]{20,1024})/dg,
    groups: [1],
    accept: (_v, _m, text) => /[?&;]sv=\d{4}-\d{2}-\d{2}/.test(text),
  }),
  regexDetector({
    id: 'zt:connection-string-password',
    type: 'connection string password',
    description: 'Password of a JDBC, ADO.NET or ODBC connection string (Password=, Pwd=, ODBC braces {...}, Oracle user/password@); '
      + 'the preset reads mongodb/mysql/postgres URLs only',
    needle: /(?:password|pwd)\s*=|jdbc:oracle:/i,
    pattern: /(?:(?:^|[;?&"'\s{])(?:password|pwd)\s*=\s*(?:\{([^}\r\n]{1,256})\}|([^;&\s"'<>{}()]{1,256}))|jdbc:oracle:(?:thin|oci):[A-Za-z0-9_$#]+\/([^@\s"';/]{1,256})@)/dgi,
    groups: [1, 2, 3],
    // `password = category` with spaces around `=` and an identifier after it is code, not a connection string
    accept: (v, m) => isPasswordValue(v) && !(/\s=\s/.test(m[0]) && /^[A-Za-z_$][\w$]*$/.test(v)),
  }),
  regexDetector({
    id: 'zt:url-password',
    type: 'URL password',
    description: 'Password in any URL, also with an empty user (redis://:pw@host, amqp://, smtp://, ldap://, git+ssh://); the '
      + 'preset reads http(s)/ftp URLs with letters, digits, - and _ only, and mongodb/mysql/postgres URLs',
    needle: /:\/\/[^\s/]*@/,
    pattern: /(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/([^\s:@/?#'"<>]{0,256}):([^\s/?#'"<>]{1,256})@[^\s/?#'"<>@:]+/dg,
    groups: [2],
    accept: (v, m) => isPasswordValue(v) && v !== m[1],
  }),
  {
    id: 'zt:private-key-pem',
    type: 'private key',
    description: 'PEM private keys the preset does not read: encrypted (ENCRYPTED PRIVATE KEY, Proc-Type/DEK-Info headers), '
      + 'PGP blocks with headers, SSH2 and other labels; the whole block is the value',
    needle: /PRIVATE KEY/,
    find: findPem,
    showEnds: false,
  },
  {
    id: 'zt:putty-private-key',
    type: 'private key',
    description: 'PuTTY private key file (PuTTY-User-Key-File-2/3): its Private-Lines block; not in the preset',
    needle: /PuTTY-User-Key-File-/,
    find: findPutty,
    showEnds: false,
  },
  {
    id: 'zt:jwk-private-key',
    type: 'private key',
    description: 'JSON Web Key with private key material ("d" of an RSA, EC or OKP key) or a symmetric key ("k" of kty oct); '
      + 'not in the preset',
    needle: /"kty"/,
    find: findJwk,
    showEnds: false,
  },
];
