import { ValidationError } from '../common/errors';
/*
 * A parser for the subset of Go's text/template that ExternalSecret templates use. It does not evaluate
 * anything: it finds the functions a template calls and the secret keys it reads from the root data map
 * (`.key`, `$.key`, `index . "key"`, `index $ "key"`), so mistakes fail at synth instead of in the controller.
 */

const GO_BUILTINS = ['and', 'call', 'eq', 'ge', 'gt', 'html', 'index', 'js', 'le', 'len', 'lt', 'ne', 'not', 'or',
  'print', 'printf', 'println', 'slice', 'urlquery'];

/** sprig v3 `TxtFuncMap()` without `env` and `expandenv`, which ESO removes. */
const SPRIG = ['abbrev', 'abbrevboth', 'add', 'add1', 'add1f', 'addf', 'adler32sum', 'ago', 'all', 'any', 'append',
  'atoi', 'b32dec', 'b32enc', 'b64dec', 'b64enc', 'base', 'bcrypt', 'biggest', 'buildCustomCert', 'camelcase', 'cat',
  'ceil', 'chunk', 'clean', 'coalesce', 'compact', 'concat', 'contains', 'date', 'dateInZone', 'dateModify',
  'date_in_zone', 'date_modify', 'decryptAES', 'deepCopy', 'deepEqual', 'default', 'derivePassword', 'dict', 'dig',
  'dir', 'div', 'divf', 'duration', 'durationRound', 'empty', 'encryptAES', 'ext', 'fail', 'first', 'float64', 'floor',
  'fromJson', 'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey',
  'genSignedCert', 'genSignedCertWithKey', 'get', 'getHostByName', 'has', 'hasKey', 'hasPrefix', 'hasSuffix', 'hello',
  'htmlDate', 'htmlDateInZone', 'htpasswd', 'indent', 'initial', 'initials', 'int', 'int64', 'isAbs', 'join',
  'kebabcase', 'keys', 'kindIs', 'kindOf', 'last', 'list', 'lower', 'max', 'maxf', 'merge', 'mergeOverwrite', 'min',
  'minf', 'mod', 'mul', 'mulf', 'mustAppend', 'mustChunk', 'mustCompact', 'mustDateModify', 'mustDeepCopy',
  'mustFirst', 'mustFromJson', 'mustHas', 'mustInitial', 'mustLast', 'mustMerge', 'mustMergeOverwrite', 'mustPrepend',
  'mustPush', 'mustRegexFind', 'mustRegexFindAll', 'mustRegexMatch', 'mustRegexReplaceAll',
  'mustRegexReplaceAllLiteral', 'mustRegexSplit', 'mustRest', 'mustReverse', 'mustSlice', 'mustToDate', 'mustToJson',
  'mustToPrettyJson', 'mustToRawJson', 'mustUniq', 'mustWithout', 'must_date_modify', 'nindent', 'nospace', 'now',
  'omit', 'osBase', 'osClean', 'osDir', 'osExt', 'osIsAbs', 'pick', 'pluck', 'plural', 'prepend', 'push', 'quote',
  'randAlpha', 'randAlphaNum', 'randAscii', 'randBytes', 'randInt', 'randNumeric', 'regexFind', 'regexFindAll',
  'regexMatch', 'regexQuoteMeta', 'regexReplaceAll', 'regexReplaceAllLiteral', 'regexSplit', 'repeat', 'replace',
  'rest', 'reverse', 'round', 'semver', 'semverCompare', 'seq', 'set', 'sha1sum', 'sha256sum', 'shuffle', 'snakecase',
  'sortAlpha', 'split', 'splitList', 'splitn', 'squote', 'sub', 'subf', 'substr', 'swapcase', 'ternary', 'title',
  'toDate', 'toDecimal', 'toJson', 'toPrettyJson', 'toRawJson', 'toString', 'toStrings', 'trim', 'trimAll',
  'trimPrefix', 'trimSuffix', 'trimall', 'trunc', 'tuple', 'typeIs', 'typeIsLike', 'typeOf', 'uniq', 'unixEpoch',
  'unset', 'until', 'untilStep', 'untitle', 'upper', 'urlJoin', 'urlParse', 'uuidv4', 'values', 'without', 'wrap',
  'wrapWith'];

/** ESO's own v2 functions (union over the 2.x releases). */
const ESO_FUNCTIONS = ['certSANs', 'filterCertChain', 'filterPEM', 'fromYaml', 'fullPemToPkcs12', 'fullPemToPkcs12Pass',
  'getSecretKey', 'jwkPrivateKeyPem', 'jwkPublicKeyPem', 'pemToPkcs12', 'pemToPkcs12Pass', 'pemTruststoreToPKCS12',
  'pemTruststoreToPKCS12Pass', 'pkcs12cert', 'pkcs12certPass', 'pkcs12key', 'pkcs12keyPass', 'rsaDecrypt', 'toYaml'];

/** Every function an ESO v2 template may call. */
export const TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([...GO_BUILTINS, ...SPRIG, ...ESO_FUNCTIONS]);

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue',
  'nil', 'true', 'false']);
/** Actions after which `.` no longer is the root data map. */
const REBINDING = new Set(['range', 'with', 'define', 'block']);

/** What a template reads and calls. */
export interface ParsedTemplate {
  /** Root data keys the template reads, in order of first use. */
  readonly keys: string[];
  /** Functions the template calls, in order of first use. */
  readonly functions: string[];
}

type Token = { kind: 'string' | 'ident' | 'field' | 'dot' | 'root' | 'var' | 'other'; text: string };

/** Parses `template`, throwing a message that starts with `what` on a syntax error or an unknown function. */
export function parseGoTemplate(what: string, template: string): ParsedTemplate {
  const keys: string[] = [];
  const functions: string[] = [];
  const blocks: boolean[] = [];
  let pos = 0;
  while (true) {
    const open = template.indexOf('{{', pos);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) throw new ValidationError(`${what}: unclosed action at offset ${open}; close it with }}`);
    let body = template.slice(open + 2, close);
    pos = close + 2;
    body = body.replace(/^-\s/, '').replace(/\s-$/, '');
    const trimmed = body.trim();
    if (trimmed.startsWith('/*')) {
      if (!trimmed.endsWith('*/')) throw new ValidationError(`${what}: unterminated comment at offset ${open}`);
      continue;
    }
    const tokens = tokenize(what, body);
    if (tokens.length === 0) throw new ValidationError(`${what}: empty action at offset ${open}`);
    const head = tokens[0];
    if (head.kind === 'ident' && head.text === 'end') {
      if (blocks.pop() === undefined) throw new ValidationError(`${what}: {{ end }} at offset ${open} closes no block`);
      continue;
    }
    const rebound = blocks.some(b => b);
    // `else with` rebinds dot for the rest of the enclosing block (its own argument still sees the old dot)
    if (head.kind === 'ident' && head.text === 'else' && tokens[1]?.text === 'with' && blocks.length > 0) {
      blocks[blocks.length - 1] = true;
    }
    if (head.kind === 'ident' && (REBINDING.has(head.text) || head.text === 'if')) {
      blocks.push(REBINDING.has(head.text));
    }
    tokens.forEach((token, i) => {
      if (token.kind === 'ident' && !KEYWORDS.has(token.text)) {
        if (!TEMPLATE_FUNCTIONS.has(token.text)) {
          throw new ValidationError(`${what}: unknown function '${token.text}'; ESO v2 templates support Go's builtins, sprig (without env, expandenv) and ESO's functions such as pkcs12key, filterPEM, toYaml`);
        }
        if (!functions.includes(token.text)) functions.push(token.text);
      }
      const add = (key: string) => { if (!keys.includes(key)) keys.push(key); };
      if (token.kind === 'field' && (!rebound || token.text.startsWith('$.'))) {
        add(token.text.replace(/^\$?\./, '').split('.')[0]);
      }
      const next = tokens[i + 1];
      const arg = tokens[i + 2];
      if (token.kind === 'ident' && token.text === 'index' && arg?.kind === 'string'
        && (next?.kind === 'root' || (next?.kind === 'dot' && !rebound))) {
        add(arg.text);
      }
    });
  }
  if (blocks.length > 0) throw new ValidationError(`${what}: ${blocks.length} block(s) not closed with {{ end }}`);
  return { keys, functions };
}

function tokenize(what: string, body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < body.length && body[j] !== '"') {
        if (body[j] === '\\') { text += unescape(body[j + 1]); j += 2; } else { text += body[j++]; }
      }
      if (j >= body.length) throw new ValidationError(`${what}: unterminated string in action {{${body}}}`);
      tokens.push({ kind: 'string', text });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = body.indexOf('`', i + 1);
      if (j < 0) throw new ValidationError(`${what}: unterminated raw string in action {{${body}}}`);
      tokens.push({ kind: 'string', text: body.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const word = /^(\$?[A-Za-z_][A-Za-z0-9_]*|\$)?(\.[A-Za-z_][A-Za-z0-9_]*)+|^\$[A-Za-z0-9_]*|^[A-Za-z_][A-Za-z0-9_]*|^\./.exec(body.slice(i));
    if (word) {
      const text = word[0];
      // `(...).field` reads a field of a value, not a root key
      if (body[i - 1] === ')' && text.startsWith('.')) tokens.push({ kind: 'other', text });
      else if (text === '.') tokens.push({ kind: 'dot', text });
      else if (text === '$') tokens.push({ kind: 'root', text });
      else if (text.startsWith('.') || text.startsWith('$.')) tokens.push({ kind: 'field', text });
      else if (text.startsWith('$')) tokens.push({ kind: 'var', text });
      else if (text.includes('.')) tokens.push({ kind: 'other', text });
      else tokens.push({ kind: 'ident', text });
      i += text.length;
      continue;
    }
    const other = /^(:=|=|\||\(|\)|,|'(\\.|[^'])'|[-+]?[0-9][0-9a-fA-FxX._eE+-]*)/.exec(body.slice(i));
    if (!other) throw new ValidationError(`${what}: unexpected character '${c}' in action {{${body}}}`);
    tokens.push({ kind: 'other', text: other[0] });
    i += other[0].length;
  }
  return tokens;
}

function unescape(c: string | undefined): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    default: return c ?? '';
  }
}

/** A Go string literal for `value` (double-quoted, escaped). */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}
