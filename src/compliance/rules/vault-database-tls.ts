import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { VAULT_CONFIG } from './vault-auth-binding';
import { connectionTlsProblem, judgesTls } from '../../vault/private/connection-url';

export const vaultDatabaseTls: RuleDefinition = {
  id: 'ZT-VAULT8',
  level: ComplianceLevel.ERROR,
  message: 'Vault database connection does not verify the database server',
  explanation: 'Vault logs in to the database as root and sends every password it generates over the connection of a '
    + 'DatabaseSecretEngineConfig. Unless the connection URL verifies the server\'s certificate and host name, anyone '
    + 'on the path can read them or pose as the database. The rule reads the URL of the PostgreSQL (sslmode=verify-full), '
    + 'MySQL (tls=true), SQL Server (encrypt=true, no TrustServerCertificate) and MongoDB (tls=true, no tlsInsecure) '
    + 'plugins; other plugins are not judged.',
  fix: 'make the connection URL verify TLS, e.g. ?sslmode=verify-full for PostgreSQL',
  anchors: ['Vault database secrets engine connection_url', 'PostgreSQL sslmode', 'go-sql-driver tls', 'go-mssqldb encrypt',
    'MongoDB connection string tls options'],
  beyondAnchors: 'Vault accepts connections without TLS; this rule refuses them for the plugins whose URL says so.',
  kinds: ['redhatcop.redhat.io/DatabaseSecretEngineConfig'],
  check: manifest => {
    if (!isKind(manifest, VAULT_CONFIG, 'DatabaseSecretEngineConfig')) return NOT_APPLICABLE;
    const spec = manifest.spec ?? {};
    if (typeof spec.pluginName !== 'string' || typeof spec.connectionURL !== 'string' || !judgesTls(spec.pluginName)) return NOT_APPLICABLE;
    const problem = connectionTlsProblem(spec.pluginName, spec.connectionURL);
    return outcome(problem === undefined ? [] : [`spec.connectionURL of ${spec.pluginName}: ${problem}`]);
  },
};
