/**
 * The credential detection engine, used by compliance rules on every synthesized object, by the GitOps repository
 * guard on every file and by constructors on literal strings. Pure functions over plain JSON and text; no
 * construct classes.
 *
 * - `preset.ts`: secretlint's recommended preset (28 rules), run synchronously through the rule-author API
 * - `detectors.ts`: our format detectors, only for what the preset lacks
 * - `credential-keys.ts`, `key-values.ts`: values judged by the key holding them (password, token, apiKey, ...)
 * - `binary-keys.ts`: private keys without PEM armour (DER, PKCS#12, openssh-key-v1)
 * - `decoders.ts`: base64/base64url (nested, wrapped), hex, gzip, zlib, UTF-16, URL and JSON escapes
 * - `engine.ts`: the pipeline per string, its bounds (`SCAN_LIMITS`) and the cache; `walk.ts`: JSON paths
 * - `scan.ts`: `scanText`, `scanManifest`, `credentialProblem`; `finding.ts`: findings and fingerprints
 * - `catalog.ts`: every detector with what it finds
 */
export type { CredentialFinding } from './finding';
export type { ScanOptions } from './scan';
export { credentialProblem, scanManifest, scanText } from './scan';
export { SCAN_LIMITS, clearScanCache } from './engine';
export { DETECTORS } from './detectors';
export type { DetectorInfo } from './catalog';
export { detectorCatalog } from './catalog';
export { presetRuleIds, PRESET_PACKAGE } from './preset';
