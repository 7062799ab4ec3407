import { isDnsLabel } from '../../common/names';
import { isObject } from '../manifest';
import { ComplianceLevel, outcome, RuleDefinition } from '../rule-definition';

export const metadataNames: RuleDefinition = {
  id: 'ZT-META1',
  level: ComplianceLevel.ERROR,
  message: 'object name or namespace is not a valid Kubernetes name',
  explanation: 'The API server refuses a namespace that is not a DNS-1123 label (lowercase letters, digits and -, '
    + 'at most 63 characters) and most names that are not DNS-1123 subdomains, so the sync fails; a chart\'s '
    + 'namespace (new Chart(app, id, { namespace })) reaches every object in it unchecked. Use lowercase names.',
  fix: 'use a DNS-1123 namespace (e.g. team-a) and name, in the chart or the object metadata',
  anchors: ['Kubernetes API: object names and IDs (DNS-1123 label and subdomain)'],
  beyondAnchors: 'cdk8s copies a chart\'s namespace into every object without validating it; the API server only '
    + 'refuses it at sync time, after the change is merged.',
  check: manifest => {
    const metadata = isObject(manifest?.metadata) ? manifest.metadata : {};
    const findings: string[] = [];
    const { name, namespace } = metadata;
    if (namespace !== undefined && (typeof namespace !== 'string' || !isDnsLabel(namespace))) {
      findings.push(`metadata.namespace ${JSON.stringify(namespace)} is not a DNS-1123 label`);
    }
    // names of a few kinds allow more (RBAC names allow ':' and uppercase); the schema checks those
    if (typeof name === 'string' && name.length > 253) findings.push(`metadata.name has ${name.length} characters, more than 253`);
    if (manifest?.kind === 'Namespace' && typeof name === 'string' && !isDnsLabel(name)) {
      findings.push(`metadata.name ${JSON.stringify(name)} of a Namespace is not a DNS-1123 label`);
    } else if (typeof name === 'string' && (name === '.' || name === '..' || /[/%]/.test(name))) {
      // a name is a path segment of the object's URL: no kind accepts these
      findings.push(`metadata.name ${JSON.stringify(name)} is '.', '..' or contains '/' or '%'`);
    }
    return outcome(findings);
  },
};
