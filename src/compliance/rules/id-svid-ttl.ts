import { isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { DAY_MS, formatLifetime, parseGoDurationMs } from './duration-helpers';

const FIELDS: [string, string][] = [['ttl', 'X509-SVIDs'], ['jwtTtl', 'JWT-SVIDs']];

export const idSvidTtl: RuleDefinition = {
  id: 'ZT-ID4',
  level: ComplianceLevel.ERROR,
  message: 'ClusterSPIFFEID issues SVIDs that live longer than a day',
  explanation: 'A JWT-SVID cannot be revoked: whoever captures one can replay it until it expires, so lifetimes of '
    + 'days turn one leak into days of access; a long X509-SVID outlives the workload it was minted for. Keep jwtTtl '
    + 'at minutes (e.g. 5m) and ttl at hours at most, or leave them unset for the SPIRE server\'s defaults (1h X509, '
    + '5m JWT).',
  fix: 'set jwtTtl to minutes (e.g. 5m) and ttl to a day or less, or leave them unset',
  anchors: ['SPIRE controller manager ClusterSPIFFEID ttl, jwtTtl', 'SPIFFE JWT-SVID: short lifetimes, no revocation'],
  beyondAnchors: 'SPIRE accepts any lifetime the CRD carries; this rule bounds both at a day and reports values Go '
    + 'cannot parse.',
  kinds: ['spire.spiffe.io/ClusterSPIFFEID'],
  check: manifest => {
    if (!isKind(manifest, 'spire.spiffe.io', 'ClusterSPIFFEID')) return NOT_APPLICABLE;
    const spec = manifest.spec ?? {};
    return outcome(FIELDS.flatMap(([field, what]) => {
      const value = spec[field];
      if (value === undefined || value === null || value === '') return [];
      const ms = parseGoDurationMs(value);
      if (ms === undefined) return [`spec.${field} ${JSON.stringify(value)} is not a Go duration, so the lifetime of ${what} is unknown`];
      return ms > DAY_MS ? [`spec.${field} is ${formatLifetime(ms)}: ${what} live more than a day`] : [];
    }));
  },
};
