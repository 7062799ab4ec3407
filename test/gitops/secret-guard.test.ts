import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { AppProject, ArgoCdRepository, CredentialSource, RepositoryCredentials } from '../../src/argocd';
import { isExampleValue } from '../../src/compliance/secrets/detectors';
import { DataFromSource, ExternalSecret, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth } from '../../src/external-secrets';
import { GithubAccessToken } from '../../src/generators';
import { GuardedFile, SecretGuard } from '../../src/gitops/secret-guard';
import { expectConformant } from '../conformance/harness';

// Every credential below is generated at run time: no token or key appears literally in this file, so the
// project's own secret scanning has nothing to flag.
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const B64 = `${ALNUM}+/`;

/**
 * Generated credentials shaped as real ones: the scanner calls a value with `***`, `EXAMPLE` or eight equal characters
 * in a row a placeholder and rightly leaves it (a fast-check run drew `AIza0a-A--_0A-a--a0aA0--_aA_-________0-`), so
 * the properties that a credential is found draw only values a vendor could have issued.
 */
const tokenShaped = (arb: fc.Arbitrary<string>): fc.Arbitrary<string> => arb.filter(t => !isExampleValue(t));

/** Deterministic pseudo-random characters (SHA-256 of the seed and position), so failures reproduce. */
function chars(alphabet: string, length: number, seed = 7): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[crypto.createHash('sha256').update(`${seed}:${i}`).digest().readUInt32BE(0) % alphabet.length];
  return out;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => b64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const pemHeader = (label: string) => ['-----BEGIN ', label, '-----'].join('');
const pemFooter = (label: string) => ['-----END ', label, '-----'].join('');
const pem = (label: string) => [pemHeader(label), ...Array.from({ length: 4 }, (_, i) => chars(B64, 64, i + 1)), pemFooter(label)].join('\n') + '\n';
const jwt = (claims: object) => `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}.${chars(`${ALNUM}-_`, 43)}`;

const TOKENS = {
  ghp: `ghp_${chars(ALNUM, 36, 1)}`,
  ghs: `ghs_${chars(ALNUM, 36, 2)}`,
  fineGrained: `github_pat_${chars(ALNUM, 22, 3)}_${chars(ALNUM, 59, 4)}`,
  glpat: `glpat-${chars(ALNUM, 20, 5)}`,
  gldt: `gldt-${chars(ALNUM, 20, 6)}`,
  akia: `AKIA${chars(UPPER + '0123456789', 16, 7)}`,
  asia: `ASIA${chars(UPPER + '0123456789', 16, 8)}`,
  awsSecret: chars(B64, 40, 9),
  slackBot: `xoxb-${chars('0123456789', 12, 10)}-${chars('0123456789', 12, 11)}-${chars(ALNUM, 24, 12)}`,
  slackApp: `xapp-1-${chars(UPPER + '0123456789', 11, 13)}-${chars('0123456789', 13, 14)}-${chars('abcdef0123456789', 64, 15)}`,
  slackHook: `https://hooks.slack.com/services/T${chars(UPPER, 8, 16)}/B${chars(UPPER, 10, 17)}/${chars(ALNUM, 24, 18)}`,
  google: `AIza${chars(`${ALNUM}-_`, 35, 19)}`,
  vault: `hvs.${chars(`${ALNUM}-_`, 95, 20)}`,
  openshift: `sha256~${chars(`${ALNUM}-_`, 43, 21)}`,
  jwt: jwt({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:ci-cd:pipeline', exp: 1900000000 }),
  password: chars(ALNUM, 20, 22),
};

interface Case {
  /** What the texts hold, for the test name. */
  readonly name: string;
  /** Texts with a credential: each is flagged, on the line that holds it. */
  readonly positive: string[];
  /** Look-alikes that are not credentials: nothing is flagged. */
  readonly negative: string[];
}

// The guard runs the credential scanner of src/compliance/secrets (whose own tests cover each detector and the
// corpus); these cases pin what the guard adds: where a finding is, that it is redacted, and the look-alikes the
// repository writer must let through.
const CASES: Case[] = [
  {
    name: 'PEM private keys',
    positive: ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'DSA PRIVATE KEY'].map(pem),
    negative: [pem('CERTIFICATE'), pem('PUBLIC KEY'), pem('CERTIFICATE REQUEST'), 'keys: "-----BEGIN" is how PEM starts', 'private key: {{ index . "tls.key" }}'],
  },
  {
    name: 'AWS access key IDs',
    positive: [`aws_access_key_id = ${TOKENS.akia}`, `AWS_ACCESS_KEY_ID: "${TOKENS.asia}"`, `{"id":"${TOKENS.akia}"}`],
    negative: ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', `short: ${TOKENS.akia.slice(0, 19)}`, `lower: ${TOKENS.akia.toLowerCase()}`],
  },
  {
    name: 'AWS secret access keys',
    positive: [`aws_secret_access_key = ${TOKENS.awsSecret}`, `AWS_SECRET_ACCESS_KEY: "${TOKENS.awsSecret}"`, `{"secretAccessKey":"${TOKENS.awsSecret}"}`],
    negative: [
      'aws_secret_access_key: \'{{ index . "secret" }}\'', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'role: arn:aws:iam::111122223333:role/my-app-prod-secrets-reader-with-a-long-name',
    ],
  },
  {
    name: 'GitHub tokens',
    positive: [`password: ${TOKENS.ghp}`, `token: "${TOKENS.ghs}"`, `GITHUB_TOKEN=${TOKENS.fineGrained}`],
    negative: ['password: \'{{ index . "token" }}\'', 'password: "{{ .token }}"', 'name: ghp_token_reader'],
  },
  {
    name: 'GitLab tokens',
    positive: [`token: ${TOKENS.glpat}`, `password: ${TOKENS.gldt}`],
    negative: ['name: glpat-reader', 'scopes: [read_repository]', 'token: {{ .token }}'],
  },
  {
    name: 'Slack tokens and webhooks',
    positive: [`SLACK_BOT_TOKEN=${TOKENS.slackBot}`, `appToken: ${TOKENS.slackApp}`, `url: ${TOKENS.slackHook}`],
    negative: ['prefix: xoxb-', 'channel: xoxo', 'url: https://hooks.slack.com/services/', 'docs: https://api.slack.com/messaging/webhooks'],
  },
  {
    name: 'Google API keys',
    positive: [`apiKey: ${TOKENS.google}`],
    negative: ['kind: AIzaShortName'],
  },
  {
    name: 'JWTs',
    positive: [`bearerToken: ${TOKENS.jwt}`, `Authorization: Bearer ${TOKENS.jwt}`],
    negative: ['audience: eyJ', 'file: eyJhbGciOi.json', `header only: ${b64url('{"alg":"none"}')}`],
  },
  {
    name: 'Vault and OpenShift tokens',
    positive: [`VAULT_TOKEN=${TOKENS.vault}`, `token: ${TOKENS.openshift}`],
    negative: ['auth: hvs.', 'path: hvs.example.com', `image: registry.example.com/app@sha256:${'a'.repeat(64)}`, 'token: sha256~short'],
  },
  {
    name: 'URLs with a password',
    positive: [`repoURL: https://bot:${TOKENS.password}@git.example.com/org/repo.git`, `DATABASE_URL=postgresql://app:${TOKENS.password}@db.example.com:5432/app`],
    negative: [
      'repoURL: https://git.example.com/org/repo.git', 'repoURL: git@github.com:my-org/app-config.git', 'url: ssh://git@github.com:22/my-org/app.git',
      'DATABASE_URL: postgresql://{{ index . "username" }}:{{ index . "password" }}@{{ index . "host" }}:5432/app',
      'url: https://$(params.user):$(params.password)@git.example.com', 'url: https://${USER}:${PASSWORD}@git.example.com',
      'docs: https://user:****@git.example.com', 'image: oci://registry.example.com:5000/charts/app@sha256:abc',
    ],
  },
];

/** The credential a positive case holds, as the part of the text that must never be echoed. */
function secretPart(text: string): string {
  const values = Object.values(TOKENS).filter(t => text.includes(t));
  return values.sort((a, b) => b.length - a.length)[0] ?? text.split('\n')[1] ?? text;
}

describe('SecretGuard detectors', () => {
  test('ZT-SEC4 comes first, then every detector of the scanner with a description', () => {
    const ids = SecretGuard.rules.map(r => r.id);
    expect(ids[0]).toBe('ZT-SEC4');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter(id => id.startsWith('secretlint:')).length).toBeGreaterThan(20);
    expect(ids.filter(id => id.startsWith('zt:')).length).toBeGreaterThan(10);
    for (const r of SecretGuard.rules) expect(r.description.length).toBeGreaterThan(20);
  });

  for (const c of CASES) {
    test(`${c.name}: flagged on their line, redacted, with a fingerprint`, () => {
      for (const text of c.positive) {
        const findings = SecretGuard.findingsInText('apps/x.yaml', `# config\n${text}\n`);
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) {
          expect(f.path).toBe('apps/x.yaml');
          expect(f.line).toBe(2);
          expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
          expect(SecretGuard.rules.map(r => r.id)).toContain(f.ruleId);
          const value = secretPart(text);
          // At most a public prefix and the first and last two characters show.
          expect(f.message).not.toContain(value.slice(-12, -2));
          expect(f.message).not.toContain(value.slice(8, 16));
        }
      }
    });

    test(`${c.name}: look-alikes are not flagged`, () => {
      for (const text of c.negative) expect([text, SecretGuard.findingsInText('apps/x.yaml', text)]).toEqual([text, []]);
    });
  }

  test('a private key is described by its type, never by its body', () => {
    const findings = SecretGuard.findingsInText('k.pem', pem('OPENSSH PRIVATE KEY'));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.message).toMatch(/private key/i);
      for (let i = 1; i <= 4; i++) expect(f.message).not.toContain(chars(B64, 64, i).slice(2, 12));
    }
  });

  test('base64-encoded content is decoded and scanned, also twice encoded (a kubeconfig inside a Secret)', () => {
    const kubeconfig = `users:\n- name: admin\n  user:\n    client-key-data: ${b64(pem('EC PRIVATE KEY'))}\n`;
    const findings = SecretGuard.findingsInText('x.yaml', `a: 1\nkubeconfig: ${b64(kubeconfig)}\ntoken: ${b64url(TOKENS.ghp)}\n`);
    expect([...new Set(findings.map(f => f.line))]).toEqual([2, 3]);
    expect(findings.find(f => f.line === 2)!.message).toMatch(/private key.*\(base64 → base64\)$/i);
    expect(findings.find(f => f.line === 3)!.message).toMatch(/GitHub.*\(base64(url)?\)$/);
  });

  test('CA bundles, certificates, digests and ESO placeholders are clean (false-positive traps)', () => {
    const caData = b64(pem('CERTIFICATE') + pem('CERTIFICATE'));
    const config = JSON.stringify({ execProviderConfig: { command: '/bin/exec', apiVersion: 'client.authentication.k8s.io/v1beta1' }, tlsClientConfig: { insecure: false, caData } });
    const text = [
      `config: '${config}'`,
      `caBundle: ${caData}`,
      `image: docker.io/flyway/flyway@sha256:${chars('0123456789abcdef', 64)}`,
      'password: \'{{ index . "password" }}\'',
      'token: "{{ .token }}"',
      '.dockerconfigjson: \'{"auths":{"registry.example.com":{"auth":{{ printf "%s:%s" (index . "username") (index . "token") | b64enc | toJson }}}}}\'',
      `tls.crt: ${b64(pem('CERTIFICATE'))}`,
      'spiffeIDTemplate: spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    ].join('\n');
    expect(SecretGuard.findingsInText('argocd/cluster.yaml', text)).toEqual([]);
  });

  test('property: random base64 under a key that is not a credential name is not a finding unless it holds a token shape', () => {
    fc.assert(fc.property(fc.base64String({ minLength: 16, maxLength: 600 }), noise => {
      const findings = SecretGuard.findingsInText('x.yaml', `caData: ${noise}\n`);
      if (findings.length > 0) expect(noise).toMatch(/(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|AIza[A-Za-z0-9_-]{35}/);
    }), { numRuns: 300 });
  });

  test('property: an AWS key ID between separators is flagged and shown as its prefix only', () => {
    const id = tokenShaped(fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([p, r]) => p + r));
    fc.assert(fc.property(id, fc.constantFrom(' ', '"', '=', ': ', '\n', '/'), (key, sep) => {
      const findings = SecretGuard.findingsInText('x', `id${sep}${key}${sep}`);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) expect(f.message).not.toContain(key.slice(4, 16));
    }));
  });

  test('property: any GitHub token is flagged, raw or base64-encoded, and never echoed past its prefix', () => {
    const token = tokenShaped(fc.stringMatching(/^gh[pousr]_[A-Za-z0-9]{36}$/));
    fc.assert(fc.property(token, fc.constantFrom('password: ', 'token: "', 'GITHUB_TOKEN=', '{"password":"'), (t, before) => {
      for (const text of [`${before}${t}"`, `data: ${b64(`${before}${t}`)}`]) {
        const findings = SecretGuard.findingsInText('x', text);
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) {
          expect(f.message).not.toContain(t.slice(4, 12));
          expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        }
      }
    }));
  });

  test('the placeholder rule the generators assume: a drawn value with eight equal characters in a row is left', () => {
    const drawn = 'AIza0a-A--_0A-a--a0aA0--_aA_-________0-';
    expect(isExampleValue(drawn)).toBe(true);
    expect(SecretGuard.findingsInText('x', `token: ${drawn}\n`)).toEqual([]);
    // one character changed, and it is a key again
    expect(SecretGuard.findingsInText('x', `token: ${drawn.replace('________', '____x___')}\n`)).toHaveLength(1);
  });

  test('property: redaction never shows more than a public prefix and two characters at each end', () => {
    const generators: [fc.Arbitrary<string>, number][] = [
      [tokenShaped(fc.stringMatching(/^glpat-[A-Za-z0-9_-]{20}$/)), 6],
      [tokenShaped(fc.stringMatching(/^AIza[A-Za-z0-9_-]{35}$/)), 4],
      // base62 like Vault's own tokens: a run of '-' and '_' (a CI counterexample) is not token-shaped and rightly not found
      [tokenShaped(fc.stringMatching(/^hvs\.[A-Za-z0-9]{90,100}$/)), 4],
      [tokenShaped(fc.stringMatching(/^xoxb-[0-9]{12}-[0-9]{12}-[A-Za-z0-9]{24}$/)), 5],
      [tokenShaped(fc.stringMatching(/^sha256~[A-Za-z0-9_-]{43}$/)), 7],
    ];
    for (const [arb, prefix] of generators) {
      fc.assert(fc.property(arb, t => {
        const findings = SecretGuard.findingsInText('x', `token: ${t}\n`);
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) expect(f.message).not.toContain(t.slice(prefix, -2));
      }), { numRuns: 50 });
    }
  });

  test('the fingerprint is of the value and where it is: another line of the file keeps it, another file or value changes it', () => {
    const a = SecretGuard.findingsInText('a.yaml', `x: 1\ntoken: ${TOKENS.ghp}`)[0];
    const b = SecretGuard.findingsInText('a.yaml', `token: ${TOKENS.ghp}`)[0];
    const c = SecretGuard.findingsInText('b.yaml', `token: ${TOKENS.ghp}`)[0];
    const d = SecretGuard.findingsInText('a.yaml', `token: ${TOKENS.ghs}`)[0];
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(new Set([a.fingerprint, c.fingerprint, d.fingerprint]).size).toBe(3);
  });

  test('fails on text that is not a string', () => {
    expect(() => SecretGuard.findingsInText('x.yaml', 42 as any)).toThrow(/'text' of x.yaml must be a string, got number/);
  });
});

const secret = (metadata: any, body: any) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'argocd', ...metadata }, ...body });

describe('SecretGuard.findingsInManifest', () => {
  test('a Secret with base64 data holding a PEM key: ZT-SEC4 and the decoded key, with field paths', () => {
    const manifest = secret({ name: 'tls' }, { type: 'kubernetes.io/tls', data: { 'tls.crt': b64(pem('CERTIFICATE')), 'tls.key': b64(pem('RSA PRIVATE KEY')) } });
    const findings = SecretGuard.findingsInManifest(manifest);
    expect(findings.map(f => [f.ruleId, f.path, f.resource, f.field, f.line])).toEqual([
      ['ZT-SEC4', 'Secret argocd/tls', 'Secret argocd/tls', 'data', undefined],
      ['zt:private-key-pem', 'Secret argocd/tls', 'Secret argocd/tls', 'data["tls.key"]', undefined],
    ]);
    expect(findings[0].message).toBe('v1 Secret with secret data in tls.crt, tls.key: base64 is an encoding, not encryption');
    expect(findings[1].message).toMatch(/^private key .*\(base64\)$/i);
    expect(findings[1].message).not.toContain(chars(B64, 64, 1).slice(2, 12));
    expect(SecretGuard.findingsInManifest(manifest, 'apps/tls.yaml').every(f => f.path === 'apps/tls.yaml')).toBe(true);
  });

  test('stringData is named as the field, and its values are scanned as text', () => {
    const findings = SecretGuard.findingsInManifest(secret({ name: 'bot' }, { stringData: { token: TOKENS.glpat } }));
    expect(findings.map(f => [f.ruleId, f.field])).toEqual([['ZT-SEC4', 'stringData'], ['secretlint:gitlab', 'stringData["token"]']]);
  });

  test('credentials outside Secrets are found wherever they are: a ConfigMap, an env value, an Application repoURL', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ci' }, data: { id_rsa: pem('OPENSSH PRIVATE KEY') } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ci' }, spec: { containers: [{ name: 'a', env: [{ name: 'X', value: 'ok' }, { name: 'T', value: TOKENS.slackBot }] }] } };
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec: { source: { repoURL: `https://bot:${TOKENS.password}@git.example.com/r.git` } } };
    expect(SecretGuard.findingsInManifest(configMap).map(f => [f.ruleId, f.field])).toEqual([['zt:private-key-pem', 'data["id_rsa"]']]);
    expect(SecretGuard.findingsInManifest(pod).map(f => [f.ruleId, f.field])).toEqual([['secretlint:slack', 'spec.containers[0].env[1].value']]);
    expect(SecretGuard.findingsInManifest(app).map(f => [f.ruleId, f.resource, f.field])).toEqual([['secretlint:basicauth', 'Application argocd/a', 'spec.source.repoURL']]);
  });

  test('Argo CD Secrets with only settings, exec-credential cluster Secrets and empty Secrets are clean', () => {
    const repo = secret({ name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } }, { stringData: { url: 'https://github.com/my-org/app-config', type: 'git', project: 'team-a', githubAppID: '1', githubAppInstallationID: '2' } });
    const caData = b64(pem('CERTIFICATE'));
    const cluster = secret({ name: 'spoke', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } }, {
      stringData: { name: 'spoke', server: 'https://api.spoke.example.com:6443', config: JSON.stringify({ execProviderConfig: { command: '/bin/spiffe-exec' }, tlsClientConfig: { caData } }) },
    });
    const token = secret({ name: 'sa-token', annotations: { 'kubernetes.io/service-account.name': 'deployer' } }, { type: 'kubernetes.io/service-account-token' });
    for (const m of [repo, cluster, token]) expect(SecretGuard.findingsInManifest(m)).toEqual([]);
  });

  test('S1 output built with the library is clean', () => {
    const chart = new Chart(Testing.app(), 'argocd', { namespace: 'argocd' });
    const store = new SecretStore(chart, 'vault', {
      metadata: { name: 'vault' },
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'argocd', serviceAccount: ReferentServiceAccount.fromName(chart, 'sa', 'argocd-eso') }) }),
    });
    const pemSecret = new ExternalSecret(chart, 'pem', { metadata: { name: 'github-app-pem' }, store });
    pemSecret.addData('key', { key: 'github/argocd-app', property: 'private-key' });
    const token = new GithubAccessToken(chart, 'token', {
      metadata: { name: 'argocd-github' },
      appId: '123456',
      installId: '7890123',
      repositories: ['app-config'],
      privateKey: { secret: kplus.Secret.fromSecretName(chart, 'pem-ref', pemSecret.targetName), key: 'key' },
    });
    const project = new AppProject(chart, 'project', { metadata: { name: 'team-a' }, sourceRepos: ['https://github.com/my-org/*'] });
    new ArgoCdRepository(chart, 'repo', {
      url: 'https://github.com/my-org/app-config',
      project,
      credentials: RepositoryCredentials.token(CredentialSource.fromDataSource({ source: DataFromSource.generator(token), key: 'token' })),
    });
    const manifests = Testing.synth(chart);
    expect(manifests.flatMap(m => SecretGuard.findingsInManifest(m))).toEqual([]);
    expect(SecretGuard.findingsInText('argocd.yaml', JSON.stringify(manifests, undefined, 2))).toEqual([]);
    expectConformant(chart);
  });

  test('anything that is not an object has no findings; malformed Secrets do not throw', () => {
    for (const m of [undefined, null, 42, 'kind: Secret', [secret({ name: 'x' }, { data: { a: 'b' } })]]) expect(SecretGuard.findingsInManifest(m)).toEqual([]);
    fc.assert(fc.property(fc.anything(), fc.anything(), (data, stringData) => {
      expect(() => SecretGuard.findingsInManifest(secret({ name: 'x' }, { data, stringData }))).not.toThrow();
    }));
  });
});

describe('SecretGuard: acknowledgements name one value, structural bypasses are closed', () => {
  test('an acknowledgement of one private key does not cover another key in the same file, nor the same key in another file', () => {
    const one = pem('EC PRIVATE KEY');
    const other = [pemHeader('EC PRIVATE KEY'), ...Array.from({ length: 4 }, (_, i) => chars(B64, 64, i + 40)), pemFooter('EC PRIVATE KEY')].join('\n') + '\n';
    const files = [{ path: 'docs/keys.md', text: `example:\n${one}` }];
    const [finding] = SecretGuard.findings(files);
    const acknowledgements = [{ fingerprint: finding.fingerprint, reason: 'a published test vector from the key format specification' }];
    expect(SecretGuard.assertClean(files, { acknowledgements })).toHaveLength(1);
    // Same header, same file, another body: refused.
    expect(() => SecretGuard.assertClean([{ path: 'docs/keys.md', text: `example:\n${other}` }], { acknowledgements })).toThrow(/matches no finding/);
    expect(() => SecretGuard.assertClean([{ path: 'docs/keys.md', text: `example:\n${one}\n${other}` }], { acknowledgements })).toThrow(/refusing to write 1 file holding credentials \(1 finding\)/);
    // Same key, another file: refused.
    expect(() => SecretGuard.assertClean([...files, { path: 'docs/other.md', text: one }], { acknowledgements })).toThrow(/docs\/other\.md:1: .*private key/i);
  });

  test('a v1 Secret inside a kind: List (nested too) is ZT-SEC4', () => {
    const inner = secret({ name: 'db' }, { stringData: { password: TOKENS.password } });
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [inner] }] };
    expect(SecretGuard.findingsInManifest(list).map(f => [f.ruleId, f.resource])).toEqual(expect.arrayContaining([['ZT-SEC4', 'Secret argocd/db']]));
    expect(SecretGuard.findings([{ path: 'list.yaml', text: 'kind: List\n', manifests: [list] }]).map(f => f.ruleId)).toEqual(['ZT-SEC4']);
  });

  test('an Argo CD repository Secret hiding a credential under username, name or proxy is ZT-SEC4', () => {
    const repo = (stringData: any) => secret({ name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } }, { stringData: { url: 'https://github.com/my-org/app-config', type: 'git', ...stringData } });
    for (const hidden of [{ username: TOKENS.ghp }, { name: TOKENS.glpat }, { proxy: `http://proxy:${TOKENS.password}@proxy.example.com:3128` }, { name: TOKENS.password }]) {
      expect(SecretGuard.findingsInManifest(repo(hidden)).map(f => f.ruleId)).toContain('ZT-SEC4');
    }
    for (const fine of [{ username: 'x-access-token' }, { name: 'app-config' }, { proxy: 'http://proxy.example.com:3128' }]) {
      expect(SecretGuard.findingsInManifest(repo(fine))).toEqual([]);
    }
  });

  test('an Argo CD cluster Secret carrying a token in execProviderConfig.env is ZT-SEC4', () => {
    const cluster = (env: any) => secret({ name: 'spoke', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } }, {
      stringData: { name: 'spoke', server: 'https://api.spoke.example.com:6443', config: JSON.stringify({ execProviderConfig: { command: '/bin/spiffe-exec', env } }) },
    });
    expect(SecretGuard.findingsInManifest(cluster({ TOKEN: TOKENS.password })).map(f => f.ruleId)).toContain('ZT-SEC4');
    expect(SecretGuard.findingsInManifest(cluster({ SOCKET: TOKENS.jwt })).map(f => f.ruleId)).toContain('ZT-SEC4');
    expect(SecretGuard.findingsInManifest(cluster({ SPIFFE_ENDPOINT_SOCKET: 'unix:///run/spire/sockets/agent.sock' }))).toEqual([]);
  });
});

describe('SecretGuard.assertClean', () => {
  const leaky = (): GuardedFile[] => {
    const manifest = secret({ name: 'db' }, { data: { password: b64(TOKENS.password), url: b64(`postgresql://app:${TOKENS.password}@db.example.com/app`) } });
    return [
      { path: 'apps/argocd/db.yaml', text: JSON.stringify(manifest, undefined, 2), manifests: [manifest] },
      { path: 'apps/ci/task.yaml', text: `kind: Task\nspec:\n  steps:\n  - script: |\n      export TOKEN=${TOKENS.ghp}\n` },
      { path: 'README.md', text: '# repository\n' },
    ];
  };

  test('clean files pass and return no acknowledged findings', () => {
    expect(SecretGuard.assertClean([{ path: 'a.yaml', text: 'kind: ConfigMap\n' }, { path: 'b.yaml', text: '', manifests: [] }])).toEqual([]);
    expect(SecretGuard.assertClean([])).toEqual([]);
  });

  test('refuses with one error listing every finding, where it is, its fingerprint and the fix, never a value', () => {
    const files = leaky();
    let message = '';
    try {
      SecretGuard.assertClean(files);
    } catch (e) {
      message = (e as Error).message;
    }
    const findings = SecretGuard.findings(files);
    expect(message.split('\n')).toEqual([
      'refusing to write 2 files holding credentials (4 findings):',
      `  apps/argocd/db.yaml Secret argocd/db data: [ZT-SEC4] v1 Secret with secret data in password, url: base64 is an encoding, not encryption (fingerprint ${findings[0].fingerprint})`,
      `  apps/argocd/db.yaml:9: [zt:credential-key] ${findings[1].message} (fingerprint ${findings[1].fingerprint})`,
      `  apps/argocd/db.yaml:10: [secretlint:database-connection-string] ${findings[2].message} (fingerprint ${findings[2].fingerprint})`,
      `  apps/ci/task.yaml:5: [secretlint:github] GitHub token ghp_… (40 chars) (fingerprint ${findings[3].fingerprint})`,
      expect.stringMatching(/^fix: keep each value in the secret manager and reference it through an ExternalSecret .* \(ZT-SEC4 cannot be acknowledged\)$/),
    ]);
    expect(findings[2].message).toMatch(/\(json → base64\)$/);
    for (const value of [TOKENS.password, TOKENS.ghp.slice(4), b64(TOKENS.password).slice(2, -2), 'app:']) expect(message).not.toContain(value);
  });

  test('a value in a file is one finding with its line, however many detectors recognize it', () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ci' }, data: { token: TOKENS.glpat } };
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ci\ndata:\n  token: ${TOKENS.glpat}\n`;
    const findings = SecretGuard.findings([{ path: 'ci/c.yaml', text, manifests: [manifest] }]);
    expect(findings).toEqual([{ ruleId: 'secretlint:gitlab', message: 'GitLab token glpat-… (26 chars)', path: 'ci/c.yaml', line: 7, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
  });

  test('an acknowledged finding passes, is returned with its reason, and the rest still refuses', () => {
    const example = `docs: https://user:${TOKENS.password}@git.example.com is the format we document`;
    const files = [{ path: 'docs/README.md', text: example }];
    const [finding] = SecretGuard.findings(files);
    const acknowledgements = [{ fingerprint: finding.fingerprint, reason: '  the documented URL format; the password is a made-up example  ' }];
    expect(SecretGuard.assertClean(files, { acknowledgements })).toEqual([{ ...finding, acknowledgedReason: 'the documented URL format; the password is a made-up example' }]);
    expect(() => SecretGuard.assertClean([...files, ...leaky()], { acknowledgements })).toThrow(/refusing to write 2 files holding credentials \(4 findings\)/);
    expect(SecretGuard.findings([...files, ...leaky()], { acknowledgements }).filter(f => f.acknowledgedReason)).toHaveLength(1);
  });

  test('fails on bad files and bad acknowledgements', () => {
    const files = leaky();
    const fp = SecretGuard.findings(files)[3].fingerprint;
    const sec4 = SecretGuard.findings(files)[0].fingerprint;
    const ack = (fingerprint: string, reason = 'not a credential: a documented example') => ({ acknowledgements: [{ fingerprint, reason }] });
    expect(() => SecretGuard.assertClean([{ path: '', text: '' }])).toThrow(/'files\[0\].path' \(""\) must be a non-empty path, e.g. 'apps\/argocd\/secrets.yaml'/);
    expect(() => SecretGuard.assertClean([{ path: 'a', text: '' }, { path: 'a', text: '' }])).toThrow(/'files\[1\].path' \(a\) is given twice; pass each file once/);
    expect(() => SecretGuard.assertClean([{ path: 'a', text: undefined as any }])).toThrow(/'text' of a must be a string, got undefined/);
    expect(() => SecretGuard.assertClean(files, ack('XYZ'))).toThrow(/'acknowledgements\[0\]'.fingerprint \("XYZ"\) must be the 16 hex digits a finding prints/);
    expect(() => SecretGuard.assertClean(files, ack(fp, 'fine'))).toThrow(/'acknowledgements\[0\]'.reason \("fine"\) is not a written reason: it has 4 visible characters, fewer than 10; say in words why the value is not a credential/);
    expect(() => SecretGuard.assertClean(files, ack('0123456789abcdef'))).toThrow(/'acknowledgements\[0\]' \(fingerprint 0123456789abcdef\) matches no finding; remove it/);
    expect(() => SecretGuard.assertClean(files, { acknowledgements: [ack(fp).acknowledgements[0], ack(fp).acknowledgements[0]] }))
      .toThrow(/'acknowledgements\[1\]' repeats fingerprint [0-9a-f]{16}; give one reason per finding/);
    expect(() => SecretGuard.assertClean(files, ack(sec4))).toThrow(/names a ZT-SEC4 finding, which cannot be acknowledged: a v1 Secret with data would put its values in Git/);
  });
});

describe('SecretGuard on the committed examples', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const files: GuardedFile[] = fs.readdirSync(examples)
    .filter(name => fs.existsSync(path.join(examples, name, 'dist')))
    .flatMap(name => fs.readdirSync(path.join(examples, name, 'dist')).filter(f => f.endsWith('.yaml')).map(f => {
      const text = fs.readFileSync(path.join(examples, name, 'dist', f), 'utf8');
      return { path: `${name}/${f}`, text, manifests: parseAllDocuments(text).map(d => d.toJSON()).filter(Boolean) };
    }));

  test('every example output is clean (CA bundles, templates and exec-credential cluster Secrets included)', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(SecretGuard.findings(files)).toEqual([]);
  });
});

describe('SecretGuard on values that are objects without a usable toString', () => {
  test('a data value { "toString": false } (valid JSON in a raw object) does not throw', () => {
    const odd = JSON.parse('{"toString":false}');
    expect(() => SecretGuard.findingsInManifest(secret({ name: 'x' }, { data: { a: odd }, stringData: { b: odd } }))).not.toThrow();
  });
});
