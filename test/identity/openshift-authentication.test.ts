import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ValidationError } from '../../src/common/errors';
import {
  ClaimValidationRule, GroupsMapping, OidcProviderProps, OpenShiftAuthentication, UidMapping, UsernameMapping,
} from '../../src/identity';
import { expectConformant } from '../conformance/harness';

const ISSUER = 'https://spire-spiffe-oidc-discovery-provider.apps.example.com';

function provider(overrides: Partial<OidcProviderProps> = {}): OidcProviderProps {
  return {
    name: 'ztwim-oidc-server',
    issuerUrl: ISSUER,
    audiences: ['openshift-spoke'],
    usernameMapping: UsernameMapping.fromClaim('sub'),
    ...overrides,
  };
}

function auth(overrides: Partial<OidcProviderProps> = {}, chart: Chart = Testing.chart()) {
  const a = new OpenShiftAuthentication(chart, 'Auth', { oidcProvider: provider(overrides) });
  return { chart, auth: a, spec: () => Testing.synth(chart)[0].spec };
}

describe('OpenShiftAuthentication', () => {
  test('S5 spoke authentication with a derived prefix (snapshot)', () => {
    const chart = Testing.chart();
    new OpenShiftAuthentication(chart, 'Auth', {
      oidcProvider: {
        ...provider(),
        issuerCertificateAuthority: kplus.ConfigMap.fromConfigMapName(chart, 'Ca', 'spire-oidc-ca'),
        groupsMapping: GroupsMapping.fromClaim('groups', { prefix: 'spiffe:' }),
        oidcClients: [{ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli' }],
      },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
    expectConformant(chart);
  });

  test('every option rendered (snapshot)', () => {
    const chart = Testing.chart();
    const a = new OpenShiftAuthentication(chart, 'Auth', {
      metadata: { labels: { team: 'platform' } },
      oidcProvider: {
        ...provider({ usernameMapping: UsernameMapping.fromClaim('email', { prefix: 'corp:' }) }),
        discoveryUrl: 'https://discovery.example.com/.well-known/openid-configuration',
        groupsMapping: GroupsMapping.fromExpression('claims.roles.map(r, "corp:" + r)'),
        uidMapping: UidMapping.fromClaim('sub'),
        extraMappings: [{ key: 'example.com/team', valueExpression: 'claims.team' }],
        claimValidationRules: [ClaimValidationRule.requiredClaim('tenant', 'acme'), ClaimValidationRule.cel('claims.exp - claims.iat <= 3600', 'tokens must live at most an hour')],
        userValidationRules: [{ expression: '!user.username.startsWith("system:")', message: 'no system users' }],
        oidcClients: [
          { componentName: 'console', componentNamespace: 'openshift-console', clientId: 'console', clientSecret: kplus.Secret.fromSecretName(chart, 'S', 'console-oidc'), extraScopes: ['email', 'profile'] },
        ],
      },
    });
    a.addOidcClient({ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli' });
    a.addExtraMapping({ key: 'example.com/cost-center', valueExpression: 'claims.cc' });
    a.addUserValidationRule({ expression: 'user.groups.size() > 0', message: 'users need a group' });
    a.addClaimValidationRule(ClaimValidationRule.requiredClaim('env', 'prod'));
    const [obj] = Testing.synth(chart);
    expect(obj).toMatchSnapshot();
    // clients are sorted by namespace/name for deterministic output
    expect(obj.spec.oidcProviders[0].oidcClients.map((c: any) => c.componentName)).toEqual(['cli', 'console']);
    expect(a.usernamePrefix).toBe('corp:');
    expectConformant(chart);
  });

  test('the singleton is named cluster, cluster-scoped, type OIDC', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ignored' });
    const { spec } = auth({}, chart);
    const [obj] = Testing.synth(chart);
    expect(obj.metadata).toEqual({ name: 'cluster' });
    expect(obj.apiVersion).toBe('config.openshift.io/v1');
    expect(obj.kind).toBe('Authentication');
    expect(spec().type).toBe('OIDC');
    expectConformant(chart);
  });

  test('default username prefix is derived from the provider name', () => {
    const { auth: a, spec, chart } = auth({ name: 'myoidc' });
    expect(a.usernamePrefix).toBe('myoidc:');
    expect(spec().oidcProviders[0].claimMappings.username).toEqual({ claim: 'sub', prefixPolicy: 'Prefix', prefix: { prefixString: 'myoidc:' } });
    expect(a.usernameFor('spiffe://td/ns/a/sa/b')).toBe('myoidc:spiffe://td/ns/a/sa/b');
    expect(a.audiences).toEqual(['openshift-spoke']);
    expect(a.providerName).toBe('myoidc');
    expect(a.issuerUrl).toBe(ISSUER);
    expectConformant(chart);
  });

  test('NoPrefix is an opt-in with a reason', () => {
    const { auth: a, spec, chart } = auth({ usernameMapping: UsernameMapping.fromClaimWithoutPrefix('sub', 'the issuer only signs SPIFFE IDs') });
    expect(a.usernamePrefix).toBe('');
    expect(a.usernameFor('spiffe://td/x')).toBe('spiffe://td/x');
    expect(spec().oidcProviders[0].claimMappings.username).toEqual({ claim: 'sub', prefixPolicy: 'NoPrefix' });
    expectConformant(chart);
  });

  test('an expression username mapping has no derivable prefix', () => {
    const { auth: a, spec, chart } = auth({ usernameMapping: UsernameMapping.fromExpression('"spiffe:" + claims.sub') });
    expect(a.usernamePrefix).toBeUndefined();
    expect(spec().oidcProviders[0].claimMappings.username).toEqual({ expression: '"spiffe:" + claims.sub' });
    expect(() => a.usernameFor('x')).toThrow(/maps user names with a CEL expression/);
    expectConformant(chart);
  });

  test('groups are prefixed by default; no prefix is an opt-in with a reason', () => {
    const prefixed = auth({ name: 'corp', groupsMapping: GroupsMapping.fromClaim('groups') });
    expect(prefixed.spec().oidcProviders[0].claimMappings.groups).toEqual({ claim: 'groups', prefix: 'corp:' });
    expectConformant(prefixed.chart);
    const bare = auth({ groupsMapping: GroupsMapping.fromClaimWithoutPrefix('groups', 'our Keycloak only emits team-* groups') });
    expect(bare.spec().oidcProviders[0].claimMappings.groups).toEqual({ claim: 'groups' });
    expectConformant(bare.chart);
  });

  test('the full configuration also conforms to the TechPreviewNoUpgrade CRD variant', () => {
    const { chart } = auth({
      discoveryUrl: 'https://discovery.example.com/',
      groupsMapping: GroupsMapping.fromClaim('groups'),
      uidMapping: UidMapping.fromClaim('sub'),
      extraMappings: [{ key: 'example.com/team', valueExpression: 'claims.team' }],
      claimValidationRules: [ClaimValidationRule.requiredClaim('tenant', 'acme')],
      userValidationRules: [{ expression: '!user.username.startsWith("system:")', message: 'no system users' }],
      oidcClients: [{ componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'openshift-cli', extraScopes: ['email'] }],
    });
    expectConformant(chart, { featureSet: 'TechPreviewNoUpgrade' });
    expectConformant(chart);
  });

  test('uid from an expression', () => {
    const { spec, chart } = auth({ uidMapping: UidMapping.fromExpression('claims.sub') });
    expect(spec().oidcProviders[0].claimMappings.uid).toEqual({ expression: 'claims.sub' });
    expectConformant(chart);
  });

  test('a bare trailing # and a trailing ? are tolerated like upstream', () => {
    expectConformant(auth({ issuerUrl: 'https://meh.tld/#' }).chart);
    expectConformant(auth({ issuerUrl: 'https://meh.tld?' }).chart);
  });

  test('fromOpenShiftAuthenticationAttributes imports a spoke configured elsewhere', () => {
    const chart = Testing.chart();
    const imported = OpenShiftAuthentication.fromOpenShiftAuthenticationAttributes(chart, 'Spoke', { usernamePrefix: 'spoke:', audiences: ['a'] });
    expect(imported.usernameFor('spiffe://td/x')).toBe('spoke:spiffe://td/x');
    expect(imported.name).toBe('cluster');
    expect(imported.kind).toBe('Authentication');
    expect(imported.apiVersion).toBe('config.openshift.io/v1');
    expect(imported.audiences).toEqual(['a']);
    expect(Testing.synth(chart)).toEqual([]);
  });

  describe('fails', () => {
    test.each([
      ['http://meh.tld', /must use the https scheme/],
      ['https://meh.tld?key=value', /must not have a query/],
      ['https://meh.tld/#fragment', /must not have a fragment/],
      ['https://user:pass@meh.tld', /must not have user info/],
      ['not a url', /must be a valid URL/],
      ['https://!&^(bad', /must be a valid URL/],
      ['', /must have 1 to 512 characters/],
      [`https://meh.tld/${'a'.repeat(520)}`, /must have 1 to 512 characters/],
    ])('fails on issuer URL %j', (issuerUrl, error) => {
      expect(() => auth({ issuerUrl })).toThrow(error);
    });

    test.each([
      ['http://d.example.com', /discoveryUrl.*must use the https scheme/],
      ['https://d.example.com/x?y=z', /must not have a query/],
      ['https://d.example.com/#', /must not have a fragment/],
      ['https://u:p@d.example.com/', /must not have user info/],
      ['nope', /must be a valid URL/],
      [`${ISSUER}/`, /must differ from the issuer URL/],
      ['', /discoveryUrl' \(""\) must have 1 to 2048/],
    ])('fails on discovery URL %j', (discoveryUrl, error) => {
      expect(() => auth({ discoveryUrl })).toThrow(error);
    });

    test('fails on audiences out of range or duplicated', () => {
      expect(() => auth({ audiences: [] })).toThrow(/must list 1 to 10 audiences/);
      expect(() => auth({ audiences: Array.from({ length: 11 }, (_, i) => `a${i}`) })).toThrow(/must list 1 to 10 audiences/);
      expect(() => auth({ audiences: ['a', 'a'] })).toThrow(/lists "a" twice/);
      expect(() => auth({ audiences: [''] })).toThrow(/audiences\[0\]/);
    });

    test('fails without a provider, a name or a username mapping', () => {
      expect(() => new OpenShiftAuthentication(Testing.chart(), 'A', {} as any)).toThrow(/'oidcProvider' is required/);
      expect(() => auth({ name: '' })).toThrow(/'oidcProvider.name'/);
      expect(() => auth({ usernameMapping: undefined as any })).toThrow(/'oidcProvider.usernameMapping' is required/);
    });

    test('fails on a second Authentication in the chart', () => {
      const { chart } = auth();
      expect(() => new OpenShiftAuthentication(chart, 'Other', { oidcProvider: provider() })).toThrow(/only one OpenShiftAuthentication per chart/);
    });

    test('fails on a metadata name other than cluster', () => {
      expect(() => new OpenShiftAuthentication(Testing.chart(), 'A', { metadata: { name: 'spoke' }, oidcProvider: provider() })).toThrow(/must be "cluster"/);
    });

    test('fails on username mappings out of the rules', () => {
      expect(() => UsernameMapping.fromClaim('')).toThrow(/usernameMapping.claim/);
      expect(() => UsernameMapping.fromClaim('x'.repeat(257))).toThrow(/1 to 256/);
      expect(() => UsernameMapping.fromClaim('sub', { prefix: '' })).toThrow(/must not be empty; omit it/);
      expect(() => UsernameMapping.fromClaimWithoutPrefix('sub', '')).toThrow(/needs a written reason/);
      expect(() => UsernameMapping.fromClaimWithoutPrefix('sub', 'short')).toThrow(/needs a written reason/);
      expect(() => UsernameMapping.fromExpression('')).toThrow(/usernameMapping.expression/);
    });

    test('fails on groups and uid mappings out of the rules', () => {
      expect(() => GroupsMapping.fromClaim('')).toThrow(/groupsMapping.claim/);
      expect(() => GroupsMapping.fromClaim('groups', { prefix: '' })).toThrow(/'groupsMapping.prefix' \(""\) must not be empty/);
      expect(() => GroupsMapping.fromClaim('groups', { prefix: 'system:' })).toThrow(/must not start with "system:"/);
      expect(() => GroupsMapping.fromClaimWithoutPrefix('groups', 'nope')).toThrow(/'groupsMapping' without prefix needs a written reason/);
      expect(() => UsernameMapping.fromClaim('sub', { prefix: 'System:x' })).toThrow(/'usernameMapping.prefix' \("System:x"\) must not start with "system:"/);
      expect(() => GroupsMapping.fromExpression('')).toThrow(/groupsMapping.expression/);
      expect(() => UidMapping.fromClaim('')).toThrow(/uidMapping.claim/);
      expect(() => UidMapping.fromExpression('x'.repeat(1025))).toThrow(/uidMapping.expression/);
    });

    test.each([
      ['example.com', /must be a domain-prefixed path/],
      ['kubernetes.io/foo', /reserved for Kubernetes/],
      ['a.kubernetes.io/foo', /reserved for Kubernetes/],
      ['k8s.io/foo', /reserved for Kubernetes/],
      ['a.k8s.io/foo', /reserved for Kubernetes/],
      ['openshift.io/foo', /reserved for OpenShift/],
      ['a.openshift.io/foo', /reserved for OpenShift/],
      ['Example.com/foo', /the domain "Example.com" must consist of lowercase/],
      ['example.com/', /the path "" must not be empty/],
      ['example.com/a b', /the path "a b"/],
      [`example.com/${'a'.repeat(257)}`, /the path must have at most 256/],
      [`${'a'.repeat(254)}/x`, /the domain must have at most 253/],
    ])('fails on extra key %j', (key, error) => {
      expect(() => auth({ extraMappings: [{ key, valueExpression: 'claims.x' }] })).toThrow(error);
    });

    test('fails on duplicate or too many extra mappings', () => {
      expect(() => auth({ extraMappings: [{ key: 'e.com/a', valueExpression: 'x' }, { key: 'e.com/a', valueExpression: 'y' }] })).toThrow(/is already mapped/);
      const extras = Array.from({ length: 33 }, (_, i) => ({ key: `e.com/k${i}`, valueExpression: 'x' }));
      expect(() => auth({ extraMappings: extras })).toThrow(/at most 32/);
      expect(() => auth({ extraMappings: [{ key: 'e.com/a', valueExpression: '' }] })).toThrow(/valueExpression/);
    });

    test('fails on claim validation rules out of the rules', () => {
      expect(() => ClaimValidationRule.requiredClaim('', 'v')).toThrow(/requiredClaim.claim/);
      expect(() => ClaimValidationRule.requiredClaim('c', '')).toThrow(/requiredClaim.requiredValue/);
      expect(() => ClaimValidationRule.cel('', 'm')).toThrow(/cel.expression/);
      expect(() => ClaimValidationRule.cel('true', 'm'.repeat(257))).toThrow(/cel.message/);
      expect(() => auth({ claimValidationRules: [{} as any] })).toThrow(/ClaimValidationRule.requiredClaim\(\)/);
    });

    test('fails on user validation rules out of the rules', () => {
      expect(() => auth({ userValidationRules: [] })).toThrow(/must not be an empty list/);
      expect(() => auth({ userValidationRules: [{ expression: 'true', message: '' }] })).toThrow(/message/);
      expect(() => auth({ userValidationRules: [{ expression: 'true', message: 'a' }, { expression: 'true', message: 'b' }] })).toThrow(/is already a rule/);
      const rules = Array.from({ length: 65 }, (_, i) => ({ expression: `x == ${i}`, message: 'm' }));
      expect(() => auth({ userValidationRules: rules })).toThrow(/at most 64/);
    });

    test('fails on OIDC clients out of the rules', () => {
      const client = { componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'c' };
      expect(() => auth({ oidcClients: [client, client] })).toThrow(/openshift-console\/cli\) is already a client/);
      expect(() => auth({ oidcClients: [{ ...client, clientId: '' }] })).toThrow(/clientId/);
      expect(() => auth({ oidcClients: [{ ...client, componentNamespace: 'n'.repeat(64) }] })).toThrow(/componentNamespace/);
      expect(() => auth({ oidcClients: [{ ...client, componentName: '' }] })).toThrow(/componentName/);
      expect(() => auth({ oidcClients: [{ ...client, extraScopes: ['email', 'email'] }] })).toThrow(/lists "email" twice/);
      expect(() => auth({ oidcClients: [{ ...client, extraScopes: [''] }] })).toThrow(/extraScopes\[0\]/);
      const many = Array.from({ length: 21 }, (_, i) => ({ ...client, componentName: `c${i}` }));
      expect(() => auth({ oidcClients: many })).toThrow(/at most 20 clients/);
    });

    test('fails on secret and CA references outside openshift-config or without a name', () => {
      const chart = Testing.chart();
      const wrongNs = new kplus.Secret(chart, 'S', { metadata: { name: 'oidc', namespace: 'default' } });
      const client = { componentName: 'cli', componentNamespace: 'openshift-console', clientId: 'c', clientSecret: wrongNs };
      expect(() => auth({ oidcClients: [client] }, chart)).toThrow(/must live in namespace "openshift-config"/);
      const chart2 = Testing.chart();
      const emptyCa = kplus.ConfigMap.fromConfigMapName(chart2, 'Ca', '');
      expect(() => auth({ issuerCertificateAuthority: emptyCa }, chart2)).toThrow(/must name a ConfigMap/);
    });
  });
  test('errors are ValidationErrors that start with the construct path; factories throw them without a path', () => {
    const attempt = () => auth({ audiences: [] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^test\/Auth: 'oidcProvider.audiences' \(\[\]\) must list 1 to 10 audiences/);
    const { auth: a } = auth();
    expect(() => a.addUserValidationRule({ expression: '', message: 'm' })).toThrow(/^test\/Auth: 'oidcProvider.userValidationRules\[0\].expression'/);
    expect(() => UsernameMapping.fromClaim('')).toThrow(ValidationError);
    expect(() => UsernameMapping.fromClaim('')).toThrow(/^'usernameMapping.claim'/);
  });
});
