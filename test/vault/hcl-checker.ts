/**
 * A tiny checker for Vault ACL policy HCL, enough to verify what VaultPolicy renders the way Vault's
 * `parseACLPolicy` would: only `name` and `path` blocks at the top level, and only the keys Vault's
 * `parsePaths` accepts inside a `path` block (anything else, such as `ttl`, makes Vault reject the policy
 * with `invalid key "ttl"`).
 */

export const ALLOWED_PATH_KEYS = [
  'comment', 'policy', 'capabilities', 'allowed_parameters', 'denied_parameters', 'required_parameters',
  'min_wrapping_ttl', 'max_wrapping_ttl', 'mfa_methods', 'control_group',
];

export interface ParsedPath {
  readonly path: string;
  /** Attribute and nested-block names inside the block, in order. */
  readonly keys: string[];
  /** `capabilities = [...]`, if present. */
  readonly capabilities?: string[];
}

export interface HclCheck {
  readonly paths: ParsedPath[];
  /** Vault-style errors, e.g. `invalid key "ttl" in path "database/creds/x"`. */
  readonly errors: string[];
}

type Token = { kind: 'ident' | 'string' | 'number' | 'punct'; value: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new Error(`unterminated string at ${i}`);
        value += src[j] === '\\' ? src[++j] : src[j];
        j++;
      }
      if (j >= src.length) throw new Error(`unterminated string at ${i}`);
      tokens.push({ kind: 'string', value });
      i = j + 1;
      continue;
    }
    if ('{}[]=,'.includes(c)) { tokens.push({ kind: 'punct', value: c }); i++; continue; }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (ident) { tokens.push({ kind: 'ident', value: ident[0] }); i += ident[0].length; continue; }
    const num = /^[0-9]+/.exec(src.slice(i));
    if (num) { tokens.push({ kind: 'number', value: num[0] }); i += num[0].length; continue; }
    throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  public done(): boolean {
    return this.pos >= this.tokens.length;
  }

  public next(kind?: Token['kind'], value?: string): Token {
    const t = this.tokens[this.pos++];
    if (!t || (kind && t.kind !== kind) || (value !== undefined && t.value !== value)) {
      throw new Error(`expected ${value ?? kind}, got ${t ? t.value : 'end of input'}`);
    }
    return t;
  }

  public peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  /** A value: string, number, list of strings, or a nested block. */
  public value(): string[] | undefined {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return [t.value];
    if (t.value === '[') {
      const items: string[] = [];
      while (this.peek()?.value !== ']') {
        items.push(this.next('string').value);
        if (this.peek()?.value === ',') this.next();
      }
      this.next('punct', ']');
      return items;
    }
    if (t.value === '{') {
      this.skipBlockBody();
      return undefined;
    }
    throw new Error(`unexpected ${t.value}`);
  }

  /** Skips the rest of a `{ ... }` whose opening brace was consumed. */
  public skipBlockBody(): void {
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.value === '{') depth++;
      if (t.value === '}') depth--;
    }
  }
}

export function checkPolicyHcl(src: string): HclCheck {
  const p = new Parser(tokenize(src));
  const paths: ParsedPath[] = [];
  const errors: string[] = [];
  while (!p.done()) {
    const key = p.next('ident').value;
    if (key === 'name') {
      p.next('punct', '=');
      p.value();
      continue;
    }
    if (key !== 'path') {
      errors.push(`invalid key "${key}" at the top level`);
      if (p.peek()?.kind === 'string') p.next();
      if (p.peek()?.value === '=') p.next();
      p.value();
      continue;
    }
    const path = p.next('string').value;
    p.next('punct', '{');
    const keys: string[] = [];
    let capabilities: string[] | undefined;
    while (p.peek()?.value !== '}') {
      const inner = p.next('ident').value;
      keys.push(inner);
      if (!ALLOWED_PATH_KEYS.includes(inner)) errors.push(`invalid key "${inner}" in path "${path}"`);
      if (p.peek()?.value === '=') p.next();
      const value = p.value();
      if (inner === 'capabilities') capabilities = value;
    }
    p.next('punct', '}');
    paths.push({ path, keys, capabilities });
  }
  return { paths, errors };
}
