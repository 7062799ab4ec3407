import { applyDefaults, goRegExp, goValue, listTypeErrors, schemaErrors, unknownFields } from './structural';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
        mode: { type: 'string', enum: ['A', 'B'], default: 'A' },
        count: { type: 'integer', minimum: 1, default: 3 },
        port: { 'x-kubernetes-int-or-string': true, 'anyOf': [{ type: 'integer' }, { type: 'string' }] },
        target: { type: 'object', default: {}, properties: { policy: { type: 'string', default: 'Owner' } } },
        nullable: { type: 'string', nullable: true },
        tags: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } },
        entries: {
          'type': 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['key'],
          'items': { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'properties': { known: { type: 'object', properties: {} } } },
        stamp: { type: 'string', format: 'date-time' },
        validity: { type: 'string', format: 'duration' },
      },
    },
  },
};

describe('structural defaulting and pruning', () => {
  test('applies defaults recursively, including inside defaulted objects', () => {
    expect(applyDefaults({ spec: { name: 'a' } }, schema)).toEqual({
      spec: { name: 'a', mode: 'A', count: 3, target: { policy: 'Owner' } },
    });
  });

  test('keeps given values and never mutates the input', () => {
    const input = { spec: { name: 'a', mode: 'B', target: { policy: 'Merge' } } };
    expect(applyDefaults(input, schema).spec).toMatchObject({ mode: 'B', target: { policy: 'Merge' } });
    expect(input).toEqual({ spec: { name: 'a', mode: 'B', target: { policy: 'Merge' } } });
  });

  test('a null replaced by the default; nulls of non-nullable fields pruned; nullable nulls kept', () => {
    expect(applyDefaults({ spec: { name: 'a', mode: null, stamp: null, nullable: null } }, schema).spec)
      .toEqual({ name: 'a', mode: 'A', count: 3, target: { policy: 'Owner' }, nullable: null });
  });
});

describe('unknown fields (strict field validation)', () => {
  test('reports undeclared fields with their path, and allows maps and preserve-unknown subtrees', () => {
    const obj = {
      spec: {
        name: 'a',
        nmae: 'typo',
        labels: { anything: 'x' },
        free: { whatever: 1, known: { nested: 1 } },
        entries: [{ key: 'k', extra: true }],
      },
    };
    expect(unknownFields(obj, schema, '')).toEqual([
      'unknown field "spec.nmae"',
      'unknown field "spec.free.known.nested"',
      'unknown field "spec.entries[0].extra"',
    ]);
  });
});

describe('schema validation worded like the API server', () => {
  const errors = (spec: any) => schemaErrors({ spec }, schema);

  test('valid object: no errors', () => {
    expect(errors({ name: 'abc', port: 'http', stamp: '2026-01-02T03:04:05Z' })).toEqual([]);
    expect(errors({ name: 'abc', port: 8080 })).toEqual([]);
  });

  test.each([
    [{}, 'spec.name: Required value'],
    [{ name: '' }, 'spec.name: Invalid value: "": spec.name in body should be at least 1 chars long'],
    [{ name: 'abcdef' }, 'spec.name: Too long: may not be more than 5 bytes'],
    [{ name: 'A1' }, 'spec.name: Invalid value: "A1": spec.name in body should match \'^[a-z]+$\''],
    [{ name: 'a', mode: 'C' }, 'spec.mode: Unsupported value: "C": supported values: "A", "B"'],
    [{ name: 'a', count: 0 }, 'spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1'],
    [{ name: 'a', count: 'x' }, 'spec.count: Invalid value: "x": spec.count in body must be of type integer: "string"'],
    [{ name: 'a', port: true }, 'spec.port: Invalid value: true: spec.port in body must be of type integer/string: "boolean"'],
    [{ name: 'a', labels: { k: 1 } }, 'spec.labels[k]: Invalid value: 1: spec.labels[k] in body must be of type string: "integer"'],
    [{ name: 'a', stamp: 'yesterday' }, 'spec.stamp: Invalid value: "yesterday": spec.stamp in body must be of type date-time: "yesterday"'],
  ])('%j → %s', (spec, expected) => {
    expect(errors(spec)).toContain(expected);
  });
});

describe('patterns are Go RE2, as the API server reads them', () => {
  // the SPIRE operator's jwtIssuer pattern: a leading (?i) is a Go flag, a syntax error for JavaScript
  const issuer = {
    type: 'object',
    properties: {
      jwtIssuer: { type: 'string', pattern: '^(?i)https?://[^\\s?#]+$' },
      scoped: { type: 'string', pattern: '^(?i:team)-[a-z]+$' },
      end: { type: 'string', pattern: '^[a-z]+\\z' },
    },
  };
  const errors = (obj: any) => schemaErrors(obj, issuer);

  test.each(['https://spire-spiffe-oidc-discovery-provider.apps.example.com', 'HTTPS://OIDC.Example.com/Path', 'Http://oidc:8443'])(
    '(?i) accepts %s', url => expect(errors({ jwtIssuer: url })).toEqual([]),
  );

  test.each(['oidc.example.com', 'ftp://oidc.example.com', 'https://oidc.example.com?x=1', 'https://oidc.example.com#top', 'https://oidc example.com', 'not a url'])(
    '(?i) rejects %s', value => {
      expect(errors({ jwtIssuer: value })).toEqual([
        `jwtIssuer: Invalid value: ${JSON.stringify(value)}: jwtIssuer in body should match '^(?i)https?://[^\\s?#]+$'`,
      ]);
    },
  );

  test('flag groups and \\z mean what they mean in Go', () => {
    expect(errors({ scoped: 'TEAM-a', end: 'abc' })).toEqual([]);
    // the flag covers its group only; \z is the end of text, so a trailing newline does not match
    expect(errors({ scoped: 'team-A', end: 'abc\n' })).toHaveLength(2);
  });

  test('each pattern is its own matcher (ajv caches patterns by their text form)', () => {
    expect(goRegExp('^a$', 'u').toString()).not.toBe(goRegExp('^b$', 'u').toString());
    expect(goRegExp('^a$', 'u').test('a')).toBe(true);
    expect(goRegExp('^b$', 'u').test('a')).toBe(false);
  });

  test('a pattern Go cannot compile is refused, as the API server refuses such a CRD', () => {
    expect(() => goRegExp('^(?=a)b$', 'u')).toThrow(/CRD pattern "\^\(\?=a\)b\$" is not valid Go RE2/);
  });
});

describe('the duration format, as kube-openapi checks it', () => {
  test.each(['24h', '1h0m0s', '5m', '1.5h', '-30s', '0', '300ms', '3 days', '1 week'])('accepts %s', validity => {
    expect(schemaErrors({ spec: { name: 'a', validity } }, schema)).toEqual([]);
  });

  test.each(['', 'soon', '24', '1y', 'h1'])('rejects %j', validity => {
    expect(schemaErrors({ spec: { name: 'a', validity } }, schema)).toEqual([
      `spec.validity: Invalid value: ${JSON.stringify(validity)}: spec.validity in body must be of type duration: ${JSON.stringify(validity)}`,
    ]);
  });
});

describe('list types', () => {
  test('set items and map keys must be unique', () => {
    const obj = { spec: { tags: ['a', 'b', 'a'], entries: [{ key: 'x', value: '1' }, { key: 'x', value: '2' }] } };
    expect(listTypeErrors(obj, schema, '')).toEqual([
      'spec.tags[2]: Duplicate value: "a"',
      'spec.entries[1]: Duplicate value: map[string]interface {}{"key":"x"}',
    ]);
  });

  test('goValue prints values as Go does in API errors', () => {
    expect(goValue({ b: 1, a: 'x' })).toBe('map[string]interface {}{"a":"x", "b":1}');
    expect(goValue('s')).toBe('"s"');
  });
});
