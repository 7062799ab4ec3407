import { isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { PRESET_PACKAGE, scanManifest } from '../secrets';

export const secretContent: RuleDefinition = {
  id: 'ZT-SEC6',
  level: ComplianceLevel.ERROR,
  message: 'credential in the output',
  explanation: 'Everything synthesized ends up in Git, so a credential written into any field (an annotation, a '
    + 'ConfigMap, an env value, a script, a template literal, Helm values, a webhook header) is published to everyone '
    + 'who can read the repository, and base64, hex, gzip or escaping hide it from nobody. Every string of every object '
    + 'is scanned with secretlint\'s recommended rules and this library\'s detectors for Kubernetes shapes (kubeconfigs, '
    + 'Argo CD cluster Secrets, dockerconfigjson, keys without PEM armour, URLs with passwords, values under '
    + 'credential-named keys), after unwrapping the usual encodings. A value that only looks like one is acknowledged '
    + 'by its fingerprint (appliesTo), never for the whole object.',
  fix: 'keep the value in the secret manager and reference it (ExternalSecret, generator, read-only volume); for a look-alike, acknowledge its fingerprint with appliesTo',
  anchors: [`secretlint ${PRESET_PACKAGE}`, 'gitleaks default rules (same formats)', 'Yelp detect-secrets plugins (same formats)', 'S4: references, not encrypted secrets'],
  beyondAnchors: 'Runs on every rendered object at synthesis rather than on files before a commit, reads Kubernetes '
    + 'shapes the scanners lack (kubeconfig keys, Argo CD exec env, dockerconfigjson auth, DER/PKCS#12/OpenSSH key '
    + 'bodies), and unwraps nested base64, hex, gzip/zlib, UTF-16, URL and JSON escapes before matching.',
  acknowledgedByFingerprint: true,
  check: manifest => {
    if (!isObject(manifest)) return NOT_APPLICABLE;
    return outcome(scanManifest(manifest).map(f =>
      `${f.location}: ${f.redacted}${f.decodings.length > 0 ? ` (${f.decodings.join(' → ')})` : ''} [fingerprint ${f.fingerprint}]`));
  },
};
