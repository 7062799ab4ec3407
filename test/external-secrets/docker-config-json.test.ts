import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { FakeStore, tenantChart } from './support';
import { DataFromSource, ExternalSecret, SecretTemplate, SecretType } from '../../src/external-secrets';
import { parseGoTemplate } from '../../src/external-secrets/template-parser';
import { EcrAuthorizationToken, QuayAccessToken } from '../../src/generators';
import { expectConformant } from '../conformance/harness';

/*
 * A deliberately small evaluator of the Go template subset `SecretTemplate.dockerConfigJson()` emits: pipelines
 * of `index`, `printf "%s:%s"`, `b64enc`, `trimPrefix` and `toJson` over string data, as ESO's v2 engine runs
 * them. Anything else throws, so a change of the emitted template cannot pass unnoticed.
 */
type Token = { kind: 'string' | 'ident' | 'dot' | 'open' | 'close' | 'pipe'; text: string };

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', text: JSON.parse(body.slice(i, j + 1)) });
      i = j + 1;
    } else if (c === '(' || c === ')' || c === '|' || c === '.') {
      tokens.push({ kind: c === '(' ? 'open' : c === ')' ? 'close' : c === '|' ? 'pipe' : 'dot', text: c });
      i++;
    } else {
      const word = /^[A-Za-z][A-Za-z0-9]*/.exec(body.slice(i));
      if (!word) throw new Error(`unexpected ${c} in {{${body}}}`);
      tokens.push({ kind: 'ident', text: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

const FUNCTIONS: Record<string, (...args: any[]) => any> = {
  index: (map: Record<string, string>, key: string) => {
    if (!(key in map)) throw new Error(`no key ${key}`);
    return map[key];
  },
  printf: (format: string, ...args: string[]) => {
    let n = 0;
    return format.replace(/%s/g, () => args[n++]);
  },
  b64enc: (s: string) => Buffer.from(s, 'utf8').toString('base64'),
  trimPrefix: (prefix: string, s: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s),
  toJson: (v: any) => JSON.stringify(v),
};

function evaluate(tokens: Token[], data: Record<string, string>): any {
  let pos = 0;
  const operand = (): any => {
    const t = tokens[pos++];
    if (t.kind === 'string') return t.text;
    if (t.kind === 'dot') return data;
    if (t.kind === 'open') {
      const value = pipeline();
      if (tokens[pos++]?.kind !== 'close') throw new Error('unclosed (');
      return value;
    }
    throw new Error(`unexpected ${t.text}`);
  };
  const command = (piped: any[]): any => {
    const head = tokens[pos];
    if (head.kind !== 'ident') return operand();
    pos++;
    const fn = FUNCTIONS[head.text];
    if (!fn) throw new Error(`function ${head.text} is not in this evaluator`);
    const args: any[] = [];
    while (pos < tokens.length && tokens[pos].kind !== 'pipe' && tokens[pos].kind !== 'close') args.push(operand());
    return fn(...args, ...piped);
  };
  const pipeline = (): any => {
    let value = command([]);
    while (tokens[pos]?.kind === 'pipe') {
      pos++;
      value = command([value]);
    }
    return value;
  };
  const result = pipeline();
  if (pos !== tokens.length) throw new Error('trailing tokens');
  return result;
}

function render(template: string, data: Record<string, string>): string {
  let out = '';
  let pos = 0;
  for (let open = template.indexOf('{{'); open >= 0; open = template.indexOf('{{', pos)) {
    const close = template.indexOf('}}', open + 2);
    const body = template.slice(open + 2, close);
    // Go's lexer starts an action at the first {{, so a third brace would be part of the action and fail
    if (body.startsWith('{')) throw new Error(`action at ${open} starts with {`);
    out += template.slice(pos, open) + String(evaluate(tokenize(body), data));
    pos = close + 2;
  }
  return out + template.slice(pos);
}

function dockerConfigOf(template: SecretTemplate): string {
  return template._render(undefined, undefined, undefined).data['.dockerconfigjson'];
}

const ECR = SecretTemplate.dockerConfigJson({ registryKey: 'proxy_endpoint', usernameKey: 'username', passwordKey: 'password' });
const QUAY = SecretTemplate.dockerConfigJson({ registryKey: 'registry', authKey: 'auth' });

describe('SecretTemplate.dockerConfigJson', () => {
  test('ECR: registry from proxy_endpoint without https://, user name and password from the generator', () => {
    const template = dockerConfigOf(ECR);
    expect(template).toBe('{"auths":{ {{ (index . "proxy_endpoint") | trimPrefix "https://" | toJson }}:{'
      + '"username":{{ (index . "username") | toJson }},"password":{{ (index . "password") | toJson }},'
      + '"auth":{{ printf "%s:%s" (index . "username") (index . "password") | b64enc | toJson }}}}}');
    expect(parseGoTemplate('t', template).keys).toEqual(['proxy_endpoint', 'username', 'password']);
    const json = JSON.parse(render(template, {
      proxy_endpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com', username: 'AWS', password: 'eyJ0b2tlbiI6IngifQ==', expires_at: '1700000000',
    }));
    expect(json).toEqual({
      auths: {
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com': { username: 'AWS', password: 'eyJ0b2tlbiI6IngifQ==', auth: Buffer.from('AWS:eyJ0b2tlbiI6IngifQ==').toString('base64') },
      },
    });
  });

  test('Quay: registry and the ready auth value from the generator', () => {
    const template = dockerConfigOf(QUAY);
    expect(template).toBe('{"auths":{ {{ (index . "registry") | trimPrefix "https://" | toJson }}:{"auth":{{ (index . "auth") | toJson }}}}}');
    expect(JSON.parse(render(template, { registry: 'quay.io', auth: 'bXktb3JnK2NpOnRva2Vu', expiry: '1700000000' })))
      .toEqual({ auths: { 'quay.io': { auth: 'bXktb3JnK2NpOnRva2Vu' } } });
  });

  test('a fixed registry keeps its text', () => {
    const template = dockerConfigOf(SecretTemplate.dockerConfigJson({ registry: 'ghcr.io', authKey: 'auth' }));
    expect(template).toBe('{"auths":{"ghcr.io":{"auth":{{ (index . "auth") | toJson }}}}}');
    expect(JSON.parse(render(template, { auth: 'eA==' }))).toEqual({ auths: { 'ghcr.io': { auth: 'eA==' } } });
  });

  test('property: the rendered .dockerconfigjson is valid JSON holding exactly the fetched values, whatever they contain', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (host, user, pass, auth) => {
      const ecr = JSON.parse(render(dockerConfigOf(ECR), { proxy_endpoint: `https://${host}`, username: user, password: pass }));
      expect(ecr).toEqual({ auths: { [host]: { username: user, password: pass, auth: Buffer.from(`${user}:${pass}`, 'utf8').toString('base64') } } });
      const quay = JSON.parse(render(dockerConfigOf(QUAY), { registry: host, auth }));
      expect(quay).toEqual({ auths: { [host]: { auth } } });
    }));
  });

  test('the evaluator rejects what Go would reject: an action opened by three braces', () => {
    expect(() => render('{"auths":{{{ (index . "registry") | toJson }}:{}}}', { registry: 'quay.io' })).toThrow(/starts with \{/);
  });

  test('with ECR and Quay generators in ExternalSecrets, the output conforms', () => {
    const chart = tenantChart();
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'registry-pull' } });
    const ecr = new EcrAuthorizationToken(chart, 'ecr', { metadata: { name: 'ecr' }, region: 'eu-west-1', serviceAccount: sa });
    const quay = new QuayAccessToken(chart, 'quay', { metadata: { name: 'quay' }, robotAccount: 'my-org+pull', serviceAccount: sa, maxLifetime: Duration.hours(1) });
    new ExternalSecret(chart, 'ecr-pull', { metadata: { name: 'ecr-pull' }, template: ECR }).addDataFrom(DataFromSource.generator(ecr));
    new ExternalSecret(chart, 'quay-pull', { metadata: { name: 'quay-pull' }, template: QUAY }).addDataFrom(DataFromSource.generator(quay));
    const pulls = Testing.synth(chart).filter(o => o.kind === 'ExternalSecret');
    expect(pulls.map(o => [o.metadata.name, o.spec.target.template.type, o.spec.refreshInterval])).toEqual([
      ['ecr-pull', 'kubernetes.io/dockerconfigjson', '6h0m0s'], ['quay-pull', 'kubernetes.io/dockerconfigjson', '30m0s'],
    ]);
    expectConformant(chart);
  });

  test('checks the key set when it is known', () => {
    const chart = tenantChart();
    new ExternalSecret(chart, 'es', { store: new FakeStore(chart, 'store'), template: SecretTemplate.dockerConfigJson({ registryKey: 'host', authKey: 'auth' }) })
      .addData('auth', { key: 'team-a/registry', property: 'auth' });
    expect(() => Testing.synth(chart)).toThrow(/references key\(s\) 'host' that no data entry provides/);
  });

  test.each<[string, object, RegExp]>([
    ['neither registry nor registryKey', { usernameKey: 'u', passwordKey: 'p' }, /'registry' and 'registryKey' are exclusive and one is required/],
    ['both registry and registryKey', { registry: 'ghcr.io', registryKey: 'registry', authKey: 'a' }, /'registry' and 'registryKey' are exclusive and one is required/],
    ['a bad registry', { registry: 'https://x y', authKey: 'a' }, /'registry' \("https:\/\/x y"\) must be a registry host/],
    ['a bad registryKey', { registryKey: 'proxy endpoint', authKey: 'a' }, /'registryKey' \("proxy endpoint"\) must be a Secret key/],
    ['neither credentials', { registry: 'ghcr.io' }, /'usernameKey'\/'passwordKey' and 'authKey' are exclusive and one is required/],
    ['both credentials', { registry: 'ghcr.io', usernameKey: 'u', passwordKey: 'p', authKey: 'a' }, /'usernameKey'\/'passwordKey' and 'authKey' are exclusive/],
    ['only usernameKey', { registry: 'ghcr.io', usernameKey: 'u' }, /'usernameKey' and 'passwordKey' go together, but only 'usernameKey' is set/],
    ['only passwordKey', { registry: 'ghcr.io', passwordKey: 'p' }, /'usernameKey' and 'passwordKey' go together, but only 'passwordKey' is set/],
    ['a bad authKey', { registry: 'ghcr.io', authKey: 'a b' }, /'authKey' \("a b"\) must be a Secret key/],
    ['a conflicting type', { registry: 'ghcr.io', authKey: 'a', type: SecretType.OPAQUE }, /'type' \(Opaque\) conflicts with this template/],
  ])('fails on %s', (_what, options, error) => {
    const { type, ...rest } = options as any;
    expect(() => SecretTemplate.dockerConfigJson(rest, { type })).toThrow(error);
  });
});
