import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { compileCel, createKubernetesCelEnvironment } from './environment';

const env = createKubernetesCelEnvironment();

describe('environment', () => {
  test('options', () => {
    expect(env.opts).toMatchObject({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  });

  test('compileCel parses once per expression and evaluates with the given variables', () => {
    const program = compileCel('self.size() > 1');
    expect(compileCel('self.size() > 1')).toBe(program);
    expect([program({ self: 'ab' }), program({ self: 'a' })]).toEqual([true, false]);
    expect(() => compileCel('self +')).toThrow();
    expect(compileCel('unknownFunction(self)').check().valid).toBe(false);
  });

  // String extension examples from cel-go's ext/strings.go doc comment (Kubernetes enables ext.Strings).
  test.each([
    ["'hello hello hello'.split(' ')", ['hello', 'hello', 'hello']],
    ["'hello hello hello'.split(' ', 0)", []],
    ["'hello hello hello'.split(' ', 2)", ['hello', 'hello hello']],
    ["'TacoCat'.lowerAscii()", 'tacocat'],
    ["'TacoCat'.upperAscii()", 'TACOCAT'],
    ["'hello hello'.replace('he', 'we')", 'wello wello'],
    ["'hello hello'.replace('he', 'we', -1)", 'wello wello'],
    ["'hello hello'.replace('he', 'we', 1)", 'wello hello'],
    ["'hello hello'.replace('he', 'we', 0)", 'hello hello'],
    ["'hello hello'.replace('', '_')", '_h_e_l_l_o_ _h_e_l_l_o_'],
    ["'hello hello'.replace('h', '')", 'ello ello'],
    ["['hello', 'mellow'].join()", 'hellomellow'],
    ["['hello', 'mellow'].join(' ')", 'hello mellow'],
    ["[].join('/')", ''],
    ["'hello mellow'.indexOf('')", 0n],
    ["'hello mellow'.indexOf('ello')", 1n],
    ["'hello mellow'.indexOf('jello')", -1n],
    ["'hello mellow'.indexOf('ello', 2)", 7n],
    ["'tacocat'.substring(4)", 'cat'],
    ["'tacocat'.substring(0, 4)", 'taco'],
    ["'  \\ttrim\\n    '.trim()", 'trim'],
  ])('%s', (expression, expected) => {
    expect(env.evaluate(expression)).toEqual(expected);
  });

  test.each([
    ["int('-42')", -42n],
    ["uint('42') == 42u", true],
    ["int('9223372036854775807')", 9223372036854775807n],
    ['[1, 2, 3].exists_one(x, x > 2)', true],
    ['[1, 2, 3].exists_one(x, x > 1)', false],
    ['[1, 2, 3].filter(x, x > 1)', [2n, 3n]],
    ['[1, 2, 3].all(x, x > 0)', true],
    ['[1, 2, 3].exists(x, x > 2)', true],
    ['has(self.a)', true],
    ['has(self.b)', false],
    ["self.?b.orValue('none')", 'none'],
    ["self.?a.orValue('none')", 'x'],
    ["self.?a.b.orValue('none')", 'none'],
  ])('%s', (expression, expected) => {
    expect(env.evaluate(expression, { self: { a: 'x' } })).toEqual(expected);
  });

  test.each(["int('abc')", "int('9223372036854775808')", "uint('-1')", "'abc'.substring(4)"])('%s is an evaluation error', expression => {
    expect(() => env.evaluate(expression)).toThrow(expect.objectContaining({ name: 'EvaluationError' }));
  });
});

// Rules from the CRDs this harness validates: OVN-Kubernetes UserDefinedNetwork and OpenShift config APIs.
describe('real CRD rules', () => {
  const rule = (expression: string) => (self: unknown) => compileCel(expression)({ self });

  test('UDN: hostSubnet must be longer than the CIDR prefix', () => {
    const check = rule('!has(self.hostSubnet) || !isCIDR(self.cidr) || self.hostSubnet > cidr(self.cidr).prefixLength()');
    expect(check({ cidr: '10.0.128.0/24', hostSubnet: 24n })).toBe(false);
    expect(check({ cidr: '10.0.128.0/16', hostSubnet: 24n })).toBe(true);
    expect(check({ cidr: 'not-a-cidr', hostSubnet: 24n })).toBe(true);
    expect(check({ cidr: '10.0.128.0/16' })).toBe(true);
  });

  test('UDN: reserved subnets must be canonical CIDRs', () => {
    const check = rule('!has(self.reservedSubnets) || self.reservedSubnets.all(s, isCIDR(s) && cidr(s) == cidr(s).masked())');
    expect(check({})).toBe(true);
    expect(check({ reservedSubnets: ['10.0.0.0/24', 'fd00::/64'] })).toBe(true);
    expect(check({ reservedSubnets: ['10.0.0.1/24'] })).toBe(false);
    expect(check({ reservedSubnets: ['10.0.0.0/24', 'bad'] })).toBe(false);
  });

  test('UDN: default gateways must be inside a subnet (the iteration variable `ip` shadows ip())', () => {
    const check = rule('self.defaultGatewayIPs.all(ip, self.subnets.exists(subnet, cidr(subnet).containsIP(ip)))');
    expect(check({ defaultGatewayIPs: ['10.0.0.1', 'fd00::1'], subnets: ['10.0.0.0/24', 'fd00::/64'] })).toBe(true);
    expect(check({ defaultGatewayIPs: ['10.1.0.1'], subnets: ['10.0.0.0/24'] })).toBe(false);
    expect(() => check({ defaultGatewayIPs: ['10.0.0.01'], subnets: ['10.0.0.0/24'] })).toThrow('leading zero');
  });

  test('OpenShift: a URL without query', () => {
    const check = rule('isURL(self) && url(self).getQuery() == {}');
    expect(check('https://example.com/path')).toBe(true);
    expect(check('https://example.com/path?')).toBe(true);
    expect(check('https://example.com/path?a=b')).toBe(false);
    expect(check('example.com')).toBe(false);
  });

  test('OpenShift: no fragment', () => {
    const check = rule("self.find('#(.+)$') == ''");
    expect(check('https://example.com/path')).toBe(true);
    expect(check('https://example.com/path#')).toBe(true);
    expect(check('https://example.com/path#frag')).toBe(false);
  });

  test('OpenShift: printable characters only', () => {
    const check = rule("self.matches('^[[:print:]]+$')");
    expect(check('x')).toBe(true);
    expect(check('Hello, World! ~')).toBe(true);
    expect(check('tab\there')).toBe(false);
    expect(check('')).toBe(false);
  });

  test('OpenShift: port at most 65535', () => {
    const check = rule("self.split(':').size() > 1 ? int(self.split(':')[1]) <= 65535 : true");
    expect(check('host:8080')).toBe(true);
    expect(check('host:65536')).toBe(false);
    expect(check('host')).toBe(true);
    expect(() => check('host:http')).toThrow(expect.objectContaining({ name: 'EvaluationError' }));
  });
});

const crdDir = path.resolve(__dirname, '../../../../shared/crds');

/** Every x-kubernetes-validations rule in the CustomResourceDefinitions under `dir`. */
function crdRules(dir: string): string[] {
  const rules: string[] = [];
  const visit = (schema: any): void => {
    if (!schema || typeof schema !== 'object') return;
    rules.push(...(schema['x-kubernetes-validations'] ?? []).map((v: { rule: string }) => v.rule));
    Object.values(schema.properties ?? {}).forEach(visit);
    visit(schema.items);
    visit(schema.additionalProperties);
    [...schema.allOf ?? [], ...schema.anyOf ?? [], ...schema.oneOf ?? []].forEach(visit);
  };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec?.versions ?? []) visit(version.schema?.openAPIV3Schema);
    }
  }
  return rules;
}

const haveCrds = fs.existsSync(crdDir);
(haveCrds ? describe : describe.skip)(haveCrds ? `every rule of the CRDs in ${crdDir}` : `CRD rules: skipped, ${crdDir} not found`, () => {
  test('parses and type-checks', () => {
    const rules = crdRules(crdDir);
    expect(rules.length).toBeGreaterThan(0);
    const failures = rules.flatMap(expression => {
      try {
        const { valid, error } = compileCel(expression).check();
        return valid ? [] : [`${expression}: ${error?.message}`];
      } catch (e) {
        return [`${expression}: ${(e as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });
});
