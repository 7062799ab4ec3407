import { ALNUM, mixed, Rng } from './corpus';
import {
  credentialCategory, entropy, isNameLike, isPlaceholder, isPrivateKeyField, isReferenceOrPublic, looksLikeCredential,
} from '../../src/compliance/secrets/credential-keys';
import { keyKind, keyValues, valueIsCredential } from '../../src/compliance/secrets/key-values';

const r = new Rng(21);

describe('credential-named keys', () => {
  test.each([
    ['password', 'password'], ['DB_PASSWORD', 'password'], ['db-pwd', 'password'], ['passphrase', 'password'], ['PGPASS', 'password'],
    ['token', 'token'], ['bearerToken', 'token'], ['GITHUB_TOKEN', 'token'], ['_authToken', 'token'],
    ['apiKey', 'API key'], ['api-key', 'API key'], ['X_API_KEY', 'API key'], ['accessKey', 'API key'], ['AccountKey', 'API key'],
    ['clientSecret', 'secret'], ['client_secret', 'secret'], ['secretKey', 'secret'], ['secret_id', 'secret'], ['webhookSecret', 'secret'],
    ['credentials', 'credential'],
  ])('%s holds a %s', (key, category) => {
    expect(credentialCategory(key)).toBe(category);
  });

  test.each([
    'secretName', 'passwordSecretRef', 'tokenSecretRef', 'secretStoreRef', 'tokenPath', 'passwordFile', 'tokenUrl', 'tokenTTL',
    'tokenExpirationSeconds', 'passwordPolicy', 'secretKeyRef', 'passwordKey', 'tokenKey', 'publicKey', 'tokenAudience', 'bypass',
    'name', 'image', 'caBundle', 'certificate', 'configHash',
  ])('%s does not hold a credential', key => {
    expect(credentialCategory(key)).toBeUndefined();
  });

  test('private key fields and registry auth', () => {
    for (const key of ['client-key-data', 'keyData', 'tls.key', 'ssh-privatekey', 'privateKey', 'githubAppPrivateKey']) expect(isPrivateKeyField(key)).toBe(true);
    for (const key of ['client-certificate-data', 'tls.crt', 'publicKey', 'ca.crt']) expect(isPrivateKeyField(key)).toBe(false);
    expect(keyKind('auth')).toBe('registry auth');
    expect(keyKind('_auth')).toBe('registry auth');
    expect(valueIsCredential('registry auth', Buffer.from('robot:S3cretValue').toString('base64'))).toBe(true);
    expect(valueIsCredential('registry auth', Buffer.from('kubernetes').toString('base64'))).toBe(false);
    expect(valueIsCredential('registry auth', 'kubernetes')).toBe(false);
  });
});

describe('values under credential-named keys', () => {
  test('random values are credentials', () => {
    expect(looksLikeCredential(mixed(r, ALNUM, 24), 'token')).toBe(true);
    expect(looksLikeCredential(`${mixed(r, ALNUM, 12)}!#`, 'password')).toBe(true);
    expect(looksLikeCredential('Passw0rd!', 'password')).toBe(true);
  });

  test.each([
    '{{ .password }}', '$(params.token)', '${DB_PASSWORD}', '$DB_PASSWORD', '%{password}', '<your-token>', '********', 'xxxxxxxxxxxx',
    'REPLACE_ME_WITH_TOKEN', 'changeme', 'CHANGE_ME', 'secretKeyRef', 'EXAMPLEKEY1234',
  ])('placeholder %s is not', value => {
    expect(isPlaceholder(value) || !looksLikeCredential(value, 'password')).toBe(true);
    expect(looksLikeCredential(value, 'password')).toBe(false);
  });

  test.each(['team-a/db', 'secret/data/team-a/db', 'database/creds/tenant-001-migrate'])('path %s is a name, not a credential', value => {
    expect(isNameLike(value)).toBe(true);
    expect(looksLikeCredential(value, 'password')).toBe(false);
  });

  test.each([
    'vault:secret/data/app#password', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
    'op://vault/item/field', 'projects/p/secrets/s/versions/1', 'https://vault.example.com:8200/v1/secret', '/var/run/secrets/token',
    'ref+vault://secret/app#/password', `sha256:${'ab'.repeat(32)}`, '0b0e9a44-7d6b-4c1a-9f0e-2b7c3d4e5f60', 'ab'.repeat(20), 'ab'.repeat(32),
  ])('reference or public value %s is not', value => {
    expect(isReferenceOrPublic(value)).toBe(true);
    expect(looksLikeCredential(value, 'token')).toBe(false);
  });

  test.each([
    ['tenant-001-db-credentials', false], ['us-east-1', false], ['1.24.3-rc.1', false], ['external-secrets', false], ['myPasswordField', false],
    ['sha256~short', true], ['v1beta1.tokens', true],
  ])('%s is name-like (lenient: %s)', (value, lenient) => {
    expect(isNameLike(value, lenient)).toBe(true);
  });

  test('random parts are not name-like', () => {
    expect(isNameLike('x7k2m9q4p1', true)).toBe(false);
    expect(isNameLike(mixed(r, ALNUM, 16), true)).toBe(false);
    expect(isNameLike('sha256~short')).toBe(false);
  });

  test('code is not a credential', () => {
    for (const value of ['secretOf(chart)', 't.automountServiceAccountToken', 'kplus.ISecret', 'Record<string']) {
      expect(looksLikeCredential(value, 'secret')).toBe(false);
    }
  });

  test('entropy', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });
});

describe('key/value pairs in text', () => {
  const pw = mixed(r, ALNUM, 18);
  test.each([
    [`password: ${pw}`], [`"password": "${pw}"`], [`DB_PASSWORD=${pw}`], [`export DB_PASSWORD='${pw}'`], [`db.password = ${pw}`],
    [`--password=${pw}`], [`--password ${pw}`], [`-password="${pw}"`], [`<password>${pw}</password>`], [`{password: ${pw}}`],
    [`password: |\n  ${pw}\n`], [`"DB_HOST=db\\nDB_PASSWORD=${pw}\\n"`],
  ])('finds the value of %s', text => {
    const found = keyValues(text).map(kv => text.slice(kv.start, kv.end));
    expect(found).toContain(pw);
  });

  test('keys that are not credential-named are not listed', () => {
    expect(keyValues('name: app\nimage: nginx\nkey: team-a/db')).toEqual([]);
  });
});
