import { expectGoodChart, objectOf, tenantChart } from './support';
import { FakeGenerator, Password, PasswordEncoding, SshKey, SshKeyType, Uuid } from '../../src/generators';

describe('Password', () => {
  test('always writes length, noUpper, allowRepeat and encoding', () => {
    const chart = tenantChart();
    const pw = new Password(chart, 'pw', { metadata: { name: 'db-password' } });
    expectGoodChart(chart);
    expect(objectOf(chart, 'Password').spec).toEqual({ length: 24, noUpper: false, allowRepeat: false, encoding: 'raw' });
    expect(pw.outputKeys).toEqual(['password']);
    expect(pw.rotating).toBe(false);
    expect(pw.maxLifetime).toBeUndefined();
    expect(pw.clusterScoped).toBe(false);
    expect(pw.namespace).toBe('team-a');
  });

  test('renders every option', () => {
    const chart = tenantChart();
    const pw = new Password(chart, 'pw', {
      metadata: { name: 'api-key' },
      length: 32,
      digits: 6,
      symbols: 4,
      symbolCharacters: '-_.',
      noUpper: true,
      allowRepeat: true,
      encoding: PasswordEncoding.HEX,
      secretKeys: ['primary', 'secondary'],
    });
    expectGoodChart(chart);
    expect(objectOf(chart, 'Password').spec).toEqual({
      length: 32,
      digits: 6,
      symbols: 4,
      symbolCharacters: '-_.',
      noUpper: true,
      allowRepeat: true,
      encoding: 'hex',
      secretKeys: ['primary', 'secondary'],
    });
    expect(pw.outputKeys).toEqual(['primary', 'secondary']);
  });

  test.each([
    [{ length: 8 }, /'length' \(8\) must be at least 12/],
    [{ length: 12.5 }, /'length' \(12.5\) must be a whole number/],
    [{ digits: -1 }, /'digits' \(-1\) must be a whole number/],
    [{ length: 12, digits: 8, symbols: 8 }, /'digits' \+ 'symbols' \(16\) must not exceed 'length' \(12\)/],
    [{ symbolCharacters: '' }, /'symbolCharacters' must not be empty/],
    [{ secretKeys: [] }, /'secretKeys' is empty/],
    [{ secretKeys: ['a b'] }, /'secretKeys' \("a b"\) must be a Secret key/],
    [{ secretKeys: ['a', 'a'] }, /'secretKeys' lists "a" twice/],
  ])('fails on bad options %p', (options, error) => {
    expect(() => new Password(tenantChart(), 'pw', options)).toThrow(error);
  });
});

describe('SshKey', () => {
  test('defaults to ed25519 and always writes keyType', () => {
    const chart = tenantChart();
    const key = new SshKey(chart, 'key', { metadata: { name: 'deploy-key' }, comment: 'deploy@team-a' });
    expectGoodChart(chart);
    expect(objectOf(chart, 'SSHKey').spec).toEqual({ keyType: 'ed25519', comment: 'deploy@team-a' });
    expect(key.outputKeys).toEqual(['privateKey', 'publicKey']);
  });

  test('rsa defaults to 4096 bits, ecdsa to 256', () => {
    const chart = tenantChart();
    new SshKey(chart, 'rsa', { metadata: { name: 'rsa' }, keyType: SshKeyType.RSA });
    new SshKey(chart, 'ecdsa', { metadata: { name: 'ecdsa' }, keyType: SshKeyType.ECDSA, keySize: 384 });
    const [rsa, ecdsa] = expectGoodChart(chart);
    expect(rsa.spec).toEqual({ keyType: 'rsa', keySize: 4096 });
    expect(ecdsa.spec).toEqual({ keyType: 'ecdsa', keySize: 384 });
  });

  test.each([
    [{ keySize: 256 }, /'keySize' \(256\) cannot be set for ed25519/],
    [{ keyType: SshKeyType.RSA, keySize: 2048 }, /'keySize' \(2048\) must be a whole number from 3072 to 8192/],
    [{ keyType: SshKeyType.ECDSA, keySize: 512 }, /'keySize' \(512\) must be 256, 384 or 521/],
    [{ comment: 'a\nb' }, /'comment' .* must be a single line/],
  ])('fails on bad options %p', (options, error) => {
    expect(() => new SshKey(tenantChart(), 'key', options)).toThrow(error);
  });
});

describe('Uuid', () => {
  test('renders an empty spec', () => {
    const chart = tenantChart();
    const uuid = new Uuid(chart, 'id', { metadata: { name: 'instance-id' } });
    expectGoodChart(chart);
    expect(objectOf(chart, 'UUID')).toEqual({
      apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'UUID', metadata: { name: 'instance-id', namespace: 'team-a' }, spec: {},
    });
    expect(uuid.outputKeys).toEqual(['uuid']);
  });
});

describe('FakeGenerator', () => {
  test('renders sorted data', () => {
    const chart = tenantChart();
    const fake = new FakeGenerator(chart, 'fake', { metadata: { name: 'demo' }, data: { username: 'demo', endpoint: 'https://example.com' } });
    expectGoodChart(chart);
    expect(objectOf(chart, 'Fake').spec).toEqual({ data: { endpoint: 'https://example.com', username: 'demo' } });
    expect(fake.outputKeys).toEqual(['endpoint', 'username']);
  });

  test('fails on empty data', () => {
    expect(() => new FakeGenerator(tenantChart(), 'fake', { data: {} })).toThrow(/'data' is empty/);
  });

  test('fails on a bad key', () => {
    expect(() => new FakeGenerator(tenantChart(), 'fake', { data: { 'a/b': 'x' } })).toThrow(/'data' \("a\/b"\) must be a Secret key/);
  });
});

