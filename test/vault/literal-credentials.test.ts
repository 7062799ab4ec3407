import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ciChart } from './fixtures';
import { DatabasePlugin, DatabaseSecretEngineConfig, DatabaseSecretEngineRole, SecretEngineMount, SecretEngineType } from '../../src/vault';
import { b64, expectRefused, githubToken, PASSWORD } from '../literal-credentials';

const ghp = githubToken();
/** The alphanumeric form of the shared password (14 chars). */
const password = PASSWORD.replace(/[^A-Za-z0-9]/g, '');
const md5Hash = ['md5', 'a3556571e93b', '0d20722ba62be61e8c2d'].join('');
const mssqlHash = ['0x0200', 'A1B2C3D4E5F6', '0718293A4B5C6D7E8F90'].join('');

function role(creationStatements: string[], revocationStatements?: string[]): DatabaseSecretEngineRole {
  const { chart, auth } = ciChart();
  return new DatabaseSecretEngineRole(chart, 'role', {
    authentication: auth, dbName: 'ci-postgres', defaultTTL: Duration.minutes(15), creationStatements, revocationStatements,
  });
}

const GRANT = 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";';

describe('DatabaseSecretEngineRole refuses literal passwords in its statements', () => {
  test('a literal password after PASSWORD is refused however short, naming the statement; the placeholder passes', () => {
    const message = expectRefused(() => role([GRANT, 'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'xyz\' VALID UNTIL \'{{expiration}}\';']),
      /^ci\/role: 'creationStatements\[1\]' sets a literal password \(after PASSWORD, 3 chars\);.*PASSWORD '\{\{password\}\}'/, 'xyz');
    expect(message).not.toMatch(/xyz/);
    expect(() => role(['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';', GRANT])).not.toThrow();
  });

  test.each([
    ['PostgreSQL ENCRYPTED', `CREATE ROLE "{{name}}" WITH LOGIN ENCRYPTED PASSWORD '${password}';`, /after PASSWORD/],
    ['PostgreSQL ALTER ROLE (pre-hashed)', `ALTER ROLE "{{name}}" PASSWORD '${md5Hash}';`, /after PASSWORD/],
    ['PostgreSQL dollar-quoted', `ALTER ROLE "{{name}}" PASSWORD $pw$${password}$pw$;`, /after PASSWORD/],
    ['PostgreSQL user mapping', `CREATE USER MAPPING FOR "{{name}}" SERVER remote OPTIONS (user 'etl', password '${password}');`, /after PASSWORD/],
    ['MySQL IDENTIFIED BY', `CREATE USER '{{name}}'@'%' IDENTIFIED BY '${password}';`, /after IDENTIFIED BY/],
    ['MySQL IDENTIFIED WITH plugin BY', `CREATE USER '{{name}}'@'%' IDENTIFIED WITH mysql_native_password BY '${password}';`, /after IDENTIFIED BY/],
    ['MySQL SET PASSWORD', `SET PASSWORD FOR '{{name}}'@'%' = '${password}';`, /after SET PASSWORD/],
    ['MSSQL PASSWORD = N\'\'', `CREATE LOGIN [{{name}}] WITH PASSWORD = N'${password}';`, /after PASSWORD/],
    ['MSSQL hashed', `CREATE LOGIN [{{name}}] WITH PASSWORD = ${mssqlHash} HASHED;`, /after PASSWORD/],
    ['Oracle unquoted', `CREATE USER {{username}} IDENTIFIED BY ${password};`, /after IDENTIFIED BY/],
    ['Oracle quoted', `CREATE USER {{username}} IDENTIFIED BY "${password}";`, /after IDENTIFIED BY/],
    ['HANA', `CREATE USER {{name}} PASSWORD "${password}" NO FORCE_FIRST_PASSWORD_CHANGE;`, /after PASSWORD/],
    ['Snowflake', `CREATE USER {{name}} PASSWORD = '${password}' DAYS_TO_EXPIRY = {{expiration}};`, /after PASSWORD/],
    ['Cassandra', `CREATE USER '{{username}}' WITH PASSWORD '${password}' NOSUPERUSER;`, /after PASSWORD/],
    ['derived from the user name', 'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{name}}-2024\';', /after PASSWORD/],
    ['Redis ACL', `["~*", ">${password}", "+@read"]`, /in the Redis ACL rule/],
  ])('%s is refused', (_name, statement, where) => {
    const secret = statement.includes(password) ? password : /0x[0-9A-F]+|md5[0-9a-f]+|\{\{name\}\}-2024/.exec(statement)![0];
    // the shared scanner catches some first (a hex hash as a connection-string password); either refusal names the statement
    const message = expectRefused(() => role([statement]), /^ci\/role: 'creationStatements\[0\]' (sets a literal password|holds a credential)/, secret);
    if (message.includes('sets a literal password')) expect(message).toMatch(where);
  });

  test('revocation statements are checked too', () => {
    expectRefused(() => role(['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';'], ['ALTER ROLE "{{name}}" PASSWORD \'retired-pw\';', 'DROP ROLE "{{name}}";']),
      /^ci\/role: 'revocationStatements\[0\]' sets a literal password/, 'retired-pw');
  });

  test('any credential the scanner knows is refused, also encoded', () => {
    expectRefused(() => role([`-- deploy token ${ghp}\n${GRANT}`]), /^ci\/role: 'creationStatements\[0\]' holds a credential: GitHub token/, ghp);
    expectRefused(() => role([`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '${b64(ghp)}';`]), /^ci\/role: 'creationStatements\[0\]' holds a credential: GitHub token .* after base64 decoding/, ghp);
    expectRefused(() => role([`{ "db": "admin", "roles": [{ "role": "readWrite" }], "pwd": "${password}" }`]), /^ci\/role: 'creationStatements\[0\]' holds a credential: password/, password);
    // the duplicate-statement check quotes the statement; the credential check runs first
    const leaky = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '${password}';`;
    expectRefused(() => role([leaky, leaky]), /sets a literal password|holds a credential: password/, password);
  });

  test('the statements of Vault\'s plugins, as documented, pass', () => {
    const ok: string[][] = [
      ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';', GRANT, 'ALTER ROLE "{{name}}" SET password_encryption = \'scram-sha-256\';'],
      ['CREATE USER \'{{name}}\'@\'%\' IDENTIFIED BY \'{{password}}\' PASSWORD EXPIRE NEVER;', 'GRANT SELECT ON *.* TO \'{{name}}\'@\'%\';'],
      ['CREATE USER \'{{name}}\'@\'%\' IDENTIFIED WITH caching_sha2_password BY \'{{password}}\';'],
      ['CREATE LOGIN [{{name}}] WITH PASSWORD = \'{{password}}\', CHECK_POLICY = ON;', 'CREATE USER [{{name}}] FOR LOGIN [{{name}}];'],
      ['CREATE USER {{username}} IDENTIFIED BY "{{password}}";', 'GRANT CONNECT TO {{username}};'],
      ['CREATE USER {{name}} PASSWORD "{{password}}" NO FORCE_FIRST_PASSWORD_CHANGE VALID UNTIL \'{{expiration}}\';'],
      ['CREATE USER \'{{username}}\' WITH PASSWORD \'{{ password }}\' NOSUPERUSER;'],
      ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD NULL;', 'ALTER USER app PASSWORD EXPIRE;', 'COMMENT ON ROLE "{{name}}" IS \'password issued by Vault\';'],
      ['{ "db": "admin", "roles": [{ "role": "readWrite", "db": "app" }] }'],
      ['["~*", "+@read", "-@dangerous"]'],
    ];
    for (const statements of ok) expect(() => role(statements)).not.toThrow();
    expect(() => role([GRANT], ['REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM "{{name}}";', 'DROP ROLE IF EXISTS "{{name}}";'])).not.toThrow();
  });
});

describe('SecretEngineMount and DatabaseSecretEngineConfig refuse credentials in their text props', () => {
  test('a token in a mount description is refused without quoting it', () => {
    const { chart, auth } = ciChart();
    expectRefused(() => new SecretEngineMount(chart, 'mount', { authentication: auth, type: SecretEngineType.DATABASE, description: `ci token ${ghp}` }), 'description', ghp);
  });

  test('a root password written into the connection URL is refused without quoting it; the placeholders pass', () => {
    const connection = (connectionUrl: string) => {
      const { chart, auth } = ciChart();
      return new DatabaseSecretEngineConfig(chart, 'config', {
        authentication: auth,
        mount: SecretEngineMount.fromMountPath(chart, 'mount', 'database'),
        plugin: DatabasePlugin.POSTGRESQL,
        connectionUrl,
        rootCredentials: { secret: kplus.Secret.fromSecretName(chart, 'root', 'postgres-root') },
      });
    };
    expectRefused(() => connection(`postgresql://vault:${encodeURIComponent(PASSWORD)}@db.example.com:5432/app?sslmode=verify-full`), 'connectionUrl', /URL password/, encodeURIComponent(PASSWORD));
    expectRefused(() => connection(`postgresql://{{username}}:${encodeURIComponent(PASSWORD)}@db.example.com:5432/app?sslmode=verify-full`), 'connectionUrl', /URL password/, encodeURIComponent(PASSWORD));
    expect(() => connection('postgresql://{{username}}:{{password}}@db.example.com:5432/app?sslmode=verify-full')).not.toThrow();
  });
});
