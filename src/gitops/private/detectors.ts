/**
 * Content detectors of the secret guard: credential formats with a fixed, documented shape, so a match is a
 * credential with high probability. The set follows the gitleaks default configuration and Yelp's
 * detect-secrets plugins for the same formats, restricted to credentials that reach Kubernetes manifests
 * (cloud keys, Git forge tokens, chat tokens, bearer tokens, cluster and Vault tokens, URLs with passwords).
 * Left out on purpose: entropy-based and "password: <anything>" rules. Their false positives (base64 CA
 * bundles, image digests, ESO templates such as `{{ .password }}`) would teach users to acknowledge findings
 * without reading them; v1 Secrets are covered structurally by ZT-SEC4 instead.
 */

/** One match of a detector: what to show (never the secret past its public prefix) and what to fingerprint. */
export interface DetectorMatch {
  readonly ruleId: string;
  /** Offset of the match in the scanned text. */
  readonly index: number;
  /** What was found, with only the public prefix of the value, e.g. `GitHub token ghp_…`. */
  readonly description: string;
  /** The matched credential (fingerprinted, never shown). */
  readonly secret: string;
}

export interface Detector {
  readonly id: string;
  /** One line: what the rule finds and where the pattern comes from. */
  readonly description: string;
  readonly pattern: RegExp;
  /** The credential within a match (a capture group), the whole match by default. */
  readonly secret?: (match: RegExpExecArray) => string;
  /** What to show for a match: a name plus the value's public prefix. */
  readonly describe: (match: RegExpExecArray) => string;
  /** Matches that are known non-credentials (documentation examples, redactions). */
  readonly allow?: (secret: string) => boolean;
}

/** The value's public prefix (a vendor marker such as `ghp_`) followed by an ellipsis. */
function prefixOf(value: string, length: number): string {
  return `${value.slice(0, length)}…`;
}

// a token must not continue a longer word on either side
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

export const DETECTORS: Detector[] = [
  {
    id: 'private-key',
    description: 'PEM private key header (PKCS#1/#8, EC, OpenSSH, encrypted, PGP); gitleaks private-key. Encrypted keys count: '
      + 'S4 keeps encrypted secrets out of Git too',
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g,
    describe: m => `PEM private key (${m[0]})`,
  },
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID: AKIA (long-term), ASIA (temporary), ABIA, ACCA and 16 upper-case letters or digits; '
      + 'gitleaks aws-access-token, detect-secrets AWSKeyDetector',
    pattern: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`, 'g'),
    describe: m => `AWS access key ID ${prefixOf(m[0], 4)}`,
    // the documented example key IDs end in EXAMPLE (gitleaks allowlist)
    allow: s => s.endsWith('EXAMPLE'),
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key: 40 base64 characters assigned to a key named like aws…/secret_access…; '
      + 'detect-secrets AWSKeyDetector',
    pattern: /((?:aws|secret[_-]?access)[\w.-]{0,30})["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    secret: m => m[2],
    describe: m => `AWS secret access key assigned to ${m[1]}`,
    allow: s => s.includes('EXAMPLE'),
  },
  {
    id: 'github-token',
    description: 'GitHub token: ghp_ (classic PAT), gho_ (OAuth), ghu_ (user-to-server), ghs_ (installation, e.g. '
      + 'GithubAccessToken output), ghr_ (refresh), github_pat_ (fine-grained PAT); gitleaks github-*',
    pattern: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82,255})${E}`, 'g'),
    describe: m => `GitHub token ${prefixOf(m[0], m[0].startsWith('github_pat_') ? 11 : 4)}`,
  },
  {
    id: 'gitlab-token',
    description: 'GitLab token: glpat- (PAT), gldt- (deploy token, e.g. GitlabDeployToken output), glrt- (runner), glcbt- (CI job), '
      + 'glptt- (trigger), glft-, glimt-, gloas-, glsoat-, glagent-, glffct-; gitleaks gitlab-*',
    pattern: new RegExp(`${B}gl(?:pat|dt|rt|cbt|ptt|ft|imt|oas|soat|agent|ffct)-[A-Za-z0-9_-]{20,300}`, 'g'),
    describe: m => `GitLab token ${prefixOf(m[0], m[0].indexOf('-') + 1)}`,
  },
  {
    id: 'slack-token',
    description: 'Slack token: xoxb- (bot), xoxp- (user), xoxa-/xoxr-/xoxo-/xoxs- (legacy), xoxe- (configuration), xapp- (app-level); '
      + 'gitleaks slack-*',
    pattern: new RegExp(`${B}(?:xox(?:e\\.xox)?[abeoprs]-[A-Za-z0-9-]{10,300}|xapp-\\d-[A-Za-z0-9-]{10,300})`, 'g'),
    describe: m => `Slack token ${prefixOf(m[0], m[0].indexOf('-') + 1)}`,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL (the path is the credential); gitleaks slack-webhook-url',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/g,
    describe: () => 'Slack webhook URL hooks.slack.com/…',
  },
  {
    id: 'google-api-key',
    description: 'Google API key: AIza and 35 URL-safe characters; gitleaks gcp-api-key',
    pattern: new RegExp(`${B}AIza[A-Za-z0-9_-]{35}${E}`, 'g'),
    describe: m => `Google API key ${prefixOf(m[0], 4)}`,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (service account, OIDC or Vault JWT): base64url header and payload that both start with {"; gitleaks jwt. '
      + 'A JWT in Git is a bearer credential until it expires',
    pattern: new RegExp(`${B}eyJ[A-Za-z0-9_-]{15,}\\.eyJ[A-Za-z0-9_-]{15,}\\.[A-Za-z0-9_-]*`, 'g'),
    describe: () => 'JSON Web Token eyJ…',
  },
  {
    id: 'vault-token',
    description: 'HashiCorp Vault service (hvs.) or batch (hvb.) token; gitleaks vault-service-token, vault-batch-token',
    pattern: new RegExp(`${B}hv[sb]\\.[A-Za-z0-9_-]{90,300}`, 'g'),
    describe: m => `Vault token ${prefixOf(m[0], 4)}`,
  },
  {
    id: 'openshift-token',
    description: 'OpenShift OAuth access token: sha256~ and 43 URL-safe characters; gitleaks openshift-user-token',
    pattern: new RegExp(`${B}sha256~[A-Za-z0-9_-]{43}${E}`, 'g'),
    describe: () => 'OpenShift token sha256~…',
  },
  {
    id: 'url-credentials',
    description: 'URL with an embedded password (scheme://user:password@host), e.g. a repoURL or a database URL; '
      + 'template placeholders ({{ }}, $(), ${}) and masked passwords (***) are not flagged',
    pattern: /\b([a-zA-Z][a-zA-Z0-9+.-]{1,20}):\/\/([^\s:@/'"{}$]+):(?![$%{])([^\s@/'"{}]+)@([^\s/'"?#:]+)/g,
    secret: m => m[3],
    describe: m => `URL with an embedded password ${m[1]}://…:…@${m[4]}`,
    allow: s => /^\*+$/.test(s),
  },
];

/** Every match of every detector in `text`, ordered by position then rule. */
export function detect(text: string): DetectorMatch[] {
  const out: DetectorMatch[] = [];
  for (const d of DETECTORS) {
    d.pattern.lastIndex = 0;
    for (let m = d.pattern.exec(text); m !== null; m = d.pattern.exec(text)) {
      const secret = d.secret ? d.secret(m) : m[0];
      if (!d.allow?.(secret)) out.push({ ruleId: d.id, index: m.index, description: d.describe(m), secret });
      if (m[0].length === 0) d.pattern.lastIndex++;
    }
  }
  return out.sort((a, b) => a.index - b.index || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

// base64 (standard or URL-safe) runs long enough to hold a credential; shorter runs are ordinary words
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;

/**
 * The text a base64 run decodes to, when it is canonical base64 of valid UTF-8 without control characters
 * (binary such as a DER certificate body or a digest decodes to nothing).
 */
export function decodeBase64Text(run: string): string | undefined {
  const normalized = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (normalized.length % 4 === 1) return undefined;
  const bytes = Buffer.from(normalized, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== normalized) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** Base64 runs of `text` and what they decode to, for scanning encoded content (Secret data, kubeconfigs). */
export function base64Runs(text: string): { index: number; decoded: string }[] {
  const out: { index: number; decoded: string }[] = [];
  BASE64_RUN.lastIndex = 0;
  for (let m = BASE64_RUN.exec(text); m !== null; m = BASE64_RUN.exec(text)) {
    const decoded = decodeBase64Text(m[0]);
    if (decoded !== undefined) out.push({ index: m.index, decoded });
  }
  return out;
}
