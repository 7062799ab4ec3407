/**
 * Every detector of the credential scanner, with what it finds: the rules of secretlint's recommended preset,
 * our format detectors, and the checks by key name, structure and bounds. For documentation (RULES.md) and for
 * reports that name a detector.
 */
import { DETECTORS } from './detectors';
import { PRESET_PACKAGE, presetRules, shortRuleId } from './preset';

export interface DetectorInfo {
  /** `secretlint:<rule>` or `zt:<name>`, as in `CredentialFinding.detector`. */
  readonly id: string;
  /** What it finds (for ours: what secretlint's recommended preset lacks that it covers). */
  readonly description: string;
}

const STRUCTURAL: DetectorInfo[] = [
  { id: 'zt:der-private-key', description: 'DER private keys without PEM armour after base64 or hex: PKCS#1 RSA, DSA, SEC1 EC, PKCS#8 and encrypted PKCS#8 (by ASN.1 structure); the preset needs PEM armour' },
  { id: 'zt:pkcs12', description: 'PKCS#12 key stores after base64 (version 3 PFX with a PKCS#7 content); the preset reads .p12 files from disk, asynchronously, and only GCP ones' },
  { id: 'zt:openssh-private-key', description: 'OpenSSH private key body without armour (openssh-key-v1 after base64); the preset needs PEM armour' },
  { id: 'zt:credential-key', description: 'Values under keys named like credentials (password, secret, token, apiKey, clientSecret, ...; case and separators ignored; a name/value pair\'s name counts) that look random: not placeholders, references, names, code, digests, UUIDs, hashes or public material' },
  { id: 'zt:private-key-field', description: 'Private key fields holding key material that no format detector read (kubeconfig client-key-data, Argo CD tlsClientConfig.keyData, tls.key, ssh-privatekey, privateKey)' },
  { id: 'zt:registry-auth', description: 'Registry auth values (.dockerconfigjson / .dockercfg auth, .npmrc _auth): base64 of user:password' },
  { id: 'zt:exec-env', description: 'Values of an Argo CD cluster config\'s execProviderConfig.env that look random, whatever their names' },
  { id: 'zt:scan-budget', description: 'Content the scanner did not read in full: encodings deeper, larger or more numerous than SCAN_LIMITS allow, or text past maxTextLength' },
];

/** Every detector, the preset's rules first (in the preset's order), then ours. */
export function detectorCatalog(): DetectorInfo[] {
  const preset = presetRules()
    .filter(r => shortRuleId(r.meta.id) !== 'filter-comments')
    .map(r => ({ id: `secretlint:${shortRuleId(r.meta.id)}`, description: `${r.meta.id} (${PRESET_PACKAGE}); its secretlint-disable comments are not honoured` }));
  return [...preset, ...DETECTORS.map(d => ({ id: d.id, description: d.description })), ...STRUCTURAL];
}
