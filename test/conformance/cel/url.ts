/**
 * The Kubernetes CEL URL library (k8s.io/apiserver/pkg/cel/library/urls.go). `url()` accepts what Go's
 * url.ParseRequestURI accepts (an absolute URI or an absolute path) and then, like Kubernetes, keeps the result of
 * url.Parse, which splits off the #fragment. The parsing below is a port of Go's net/url for those two entry points.
 */
import type { CelLibrary } from './environment';
import { parseAddr } from './ip-cidr';

const quote = (s: string) => JSON.stringify(s);

/** The parts of a Go *url.URL the library exposes. */
export class URLValue {
  constructor(
    readonly scheme: string,
    /** Host or host:port, unescaped; IPv6 literals keep their brackets. */
    readonly host: string,
    /** Decoded path, and the escaped form as written when it differs from Go's default encoding. */
    readonly path: string,
    readonly rawPath: string,
    readonly rawQuery: string,
  ) {}

  get hostname(): string {
    return splitHostPort(this.host)[0];
  }

  get port(): string {
    return splitHostPort(this.host)[1];
  }

  /** URL.EscapedPath: the path as written if that is a valid encoding, else Go's own encoding of it. */
  get escapedPath(): string {
    if (this.rawPath && validEncodedPath(this.rawPath)) return this.rawPath;
    return this.path === '*' ? '*' : escapePath(this.path);
  }

  /** URL.Query: repeated keys collect values; pairs with a `;` or a bad escape are dropped silently. */
  query(): Map<string, string[]> {
    const values = new Map<string, string[]>();
    for (const pair of this.rawQuery.split('&')) {
      if (!pair || pair.includes(';')) continue;
      let key: string;
      let value: string;
      try {
        [key, value] = cut(pair, '=').map(part => unescape(part, 'query'));
      } catch {
        continue;
      }
      values.set(key, [...values.get(key) ?? [], value]);
    }
    return values;
  }
}

/** url(): url.ParseRequestURI must accept it; the value is then url.Parse's. */
export function parseURL(s: string): URLValue {
  try {
    parse(s, true);
    const [rest, fragment] = cut(s, '#');
    if (fragment) unescape(fragment, 'fragment');
    return parse(rest, false);
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: parse ${quote(s)}: ${(e as Error).message}`);
  }
}

/** isURL(): url.ParseRequestURI accepts it. */
export function isURL(s: string): boolean {
  try {
    parse(s, true);
    return true;
  } catch {
    return false;
  }
}

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/**
 * Go's url.parse. `viaRequest` is ParseRequestURI (no fragment handling, only absolute URIs or paths); without it
 * this is url.Parse on a string ParseRequestURI already accepted, so relative references never reach here.
 */
function parse(raw: string, viaRequest: boolean): URLValue {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (!raw && viaRequest) throw new Error('empty url');
  if (raw === '*') return new URLValue('', '', '*', '', '');
  let [scheme, rest] = getScheme(raw);
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else [rest, rawQuery] = cut(rest, '?');
  scheme = scheme.toLowerCase();
  if (!rest.startsWith('/')) {
    if (scheme) return new URLValue(scheme, '', '', '', rawQuery); // opaque, e.g. mailto:x
    throw new Error('invalid URI for request');
  }
  let host = '';
  if ((scheme || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    host = parseAuthority(authority);
  }
  const path = unescape(rest, 'path');
  return new URLValue(scheme, host, path, escapePath(path) === rest ? '' : rest, rawQuery);
}

/** A scheme is [a-zA-Z][a-zA-Z0-9+-.]* before the first ':'; anything else means there is none. */
function getScheme(raw: string): [string, string] {
  const m = /^[a-zA-Z][a-zA-Z0-9+\-.]*:|^:/.exec(raw);
  if (m?.[0] === ':') throw new Error('missing protocol scheme');
  return m ? [raw.slice(0, m[0].length - 1), raw.slice(m[0].length)] : ['', raw];
}

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new Error('net/url: invalid userinfo');
    cut(userinfo, ':').forEach(part => unescape(part, 'userinfo'));
  }
  return host;
}

const validOptionalPort = (port: string) => /^(:[0-9]*)?$/.test(port);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${quote(colonPort)} after host`);
    // RFC 6874: %25 introduces a zone, which may use any escapes.
    const literal = host.slice(1, close);
    const z = literal.indexOf('%25');
    const addr = unescape(z < 0 ? literal : literal.slice(0, z), 'host');
    const zone = z < 0 ? '' : unescape(literal.slice(z), 'zone');
    // Go >= 1.24.8 / 1.25.2 (CVE-2025-47912): only an IPv6 address may be written in brackets.
    let family: number;
    try {
      family = parseAddr(addr).ip.family;
    } catch (e) {
      throw new Error(`invalid host: ${(e as Error).message}`);
    }
    if (family === 4) throw new Error('invalid IP-literal');
    return `[${addr}${zone}]${colonPort}`;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !validOptionalPort(host.slice(colon))) throw new Error(`invalid port ${quote(host.slice(colon))} after host`);
  return unescape(host, 'host');
}

/** url.splitHostPort: a trailing numeric port is split off, then brackets are removed. */
function splitHostPort(hostPort: string): [string, string] {
  const colon = hostPort.lastIndexOf(':');
  let [host, port] = colon >= 0 && validOptionalPort(hostPort.slice(colon)) ? [hostPort.slice(0, colon), hostPort.slice(colon + 1)] : [hostPort, ''];
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

const isAlnum = (c: string) => /[0-9A-Za-z]/.test(c);

/** shouldEscape for the modes that need it, on one byte (as a Latin-1 character). */
function shouldEscape(c: string, mode: 'path' | 'host' | 'zone'): boolean {
  if (isAlnum(c) || '-_.~'.includes(c)) return false;
  // Hosts keep sub-delims, ':' (port), brackets (IPv6) and the characters Parse would reject if escaped.
  if (mode !== 'path') return !'!$&\'()*+,;=:[]<>"'.includes(c);
  return !'$&+,/:;=@'.includes(c);
}

/** validEncoded(s, encodePath): only characters a path may hold unescaped, and %. */
function validEncodedPath(s: string): boolean {
  return [...Buffer.from(s, 'utf8').toString('latin1')].every(c => '!$&\'()*+,;=:@[]%'.includes(c) || !shouldEscape(c, 'path'));
}

function escapePath(s: string): string {
  return [...Buffer.from(s, 'utf8').toString('latin1')]
    .map(c => shouldEscape(c, 'path') ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c)
    .join('');
}

/** Go's unescape on UTF-8 bytes: validates %XX (and, in hosts, which bytes may appear or be escaped), then decodes. */
function unescape(s: string, mode: 'path' | 'host' | 'zone' | 'userinfo' | 'query' | 'fragment'): string {
  const bytes = Buffer.from(s, 'utf8').toString('latin1');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === '%') {
      const escaped = bytes.slice(i, i + 3);
      if (!/^%[0-9a-fA-F]{2}$/.test(escaped)) throw new Error(`invalid URL escape ${quote(escaped)}`);
      const v = parseInt(escaped.slice(1), 16);
      // Hosts may only escape non-ASCII bytes; %25 is allowed for zones, which may also escape any host byte or space.
      if (mode === 'host' && v < 0x80 && escaped !== '%25') throw new Error(`invalid URL escape ${quote(escaped)}`);
      if (mode === 'zone' && escaped !== '%25' && v !== 0x20 && shouldEscape(String.fromCharCode(v), 'host')) {
        throw new Error(`invalid URL escape ${quote(escaped)}`);
      }
      out.push(v);
      i += 2;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < '\x80' && shouldEscape(c, mode)) throw new Error(`invalid character ${quote(c)} in host name`);
      out.push(mode === 'query' && c === '+' ? 0x20 : c.charCodeAt(0));
    }
  }
  return Buffer.from(out).toString('utf8');
}

export const urlLibrary: CelLibrary = {
  types: { 'kubernetes.URL': URLValue },
  functions: {
    'isURL(string): bool': isURL,
    'url(string): kubernetes.URL': parseURL,
    'kubernetes.URL.getScheme(): string': (u: URLValue) => u.scheme,
    'kubernetes.URL.getHost(): string': (u: URLValue) => u.host,
    'kubernetes.URL.getHostname(): string': (u: URLValue) => u.hostname,
    'kubernetes.URL.getPort(): string': (u: URLValue) => u.port,
    'kubernetes.URL.getEscapedPath(): string': (u: URLValue) => u.escapedPath,
    'kubernetes.URL.getQuery(): map<string, list<string>>': (u: URLValue) => u.query(),
  },
};
