import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { AppProject, ArgoCdRepository, CredentialSource, RepositoryCredentials } from '../../src/argocd';
import { DataFromSource, ExternalSecret, ReferentServiceAccount, SecretStore, SecretStoreProvider, VaultAuth } from '../../src/external-secrets';
import { GithubAccessToken } from '../../src/generators';
import { GuardedFile, GuardFinding, SecretGuard } from '../../src/gitops/secret-guard';
import { expectConformant } from '../conformance/harness';

// Every credential below is generated at run time: no token or key appears literally in this file, so the
// project's own secret scanning has nothing to flag.
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const B64 = `${ALNUM}+/`;

/** Deterministic pseudo-random characters (a linear congruential generator), so failures reproduce. */
function chars(alphabet: string, length: number, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[x % alphabet.length];
  }
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
  slackHook: `https://hooks.slack.com/services/${chars(UPPER, 9, 16)}/${chars(UPPER, 11, 17)}/${chars(ALNUM, 24, 18)}`,
  google: `AIza${chars(`${ALNUM}-_`, 35, 19)}`,
  vault: `hvs.${chars(`${ALNUM}-_`, 95, 20)}`,
  openshift: `sha256~${chars(`${ALNUM}-_`, 43, 21)}`,
  jwt: jwt({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:ci-cd:pipeline', exp: 1900000000 }),
  password: chars(ALNUM, 20, 22),
};

interface Case {
  readonly rule: string;
  /** Texts with a credential: each is flagged once with `rule`. */
  readonly positive: string[];
  /** Look-alikes that are not credentials: nothing is flagged. */
  readonly negative: string[];
  /** The part of the message that may show (the public prefix). */
  readonly shown?: RegExp;
}

const CASES: Case[] = [
  {
    rule: 'private-key',
    positive: ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'PGP PRIVATE KEY BLOCK', 'DSA PRIVATE KEY'].map(pem),
    negative: [pem('CERTIFICATE'), pem('PUBLIC KEY'), pem('CERTIFICATE REQUEST'), 'keys: "-----BEGIN" is how PEM starts', 'private key: {{ index . "tls.key" }}'],
  },
  {
    rule: 'aws-access-key-id',
    positive: [`aws_access_key_id = ${TOKENS.akia}`, `AWS_ACCESS_KEY_ID: "${TOKENS.asia}"`, `{"id":"${TOKENS.akia}"}`],
    negative: ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', `short: ${TOKENS.akia.slice(0, 19)}`, `lower: ${TOKENS.akia.toLowerCase()}`, `glued: X${TOKENS.akia}`, `longer: ${TOKENS.akia}Z`],
    shown: /^AWS access key ID AKIA…$|^AWS access key ID ASIA…$/,
  },
  {
    rule: 'aws-secret-access-key',
    positive: [`aws_secret_access_key = ${TOKENS.awsSecret}`, `AWS_SECRET_ACCESS_KEY: "${TOKENS.awsSecret}"`, `{"secretAccessKey":"${TOKENS.awsSecret}"}`],
    negative: [
      `checksum: ${TOKENS.awsSecret}`, 'aws_secret_access_key: \'{{ index . "secret" }}\'', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'role: arn:aws:iam::111122223333:role/my-app-prod-secrets-reader-with-a-long-name',
    ],
  },
  {
    rule: 'github-token',
    positive: [`password: ${TOKENS.ghp}`, `token: "${TOKENS.ghs}"`, `GITHUB_TOKEN=${TOKENS.fineGrained}`, `https://x-access-token@github.com ${TOKENS.ghp.replace('ghp_', 'gho_')}`],
    negative: ['password: \'{{ index . "token" }}\'', 'password: "{{ .token }}"', `short: ${TOKENS.ghp.slice(0, 39)}`, 'name: ghp_token_reader'],
    shown: /GitHub token (ghp_|ghs_|gho_|github_pat_)…$/,
  },
  {
    rule: 'gitlab-token',
    positive: [`token: ${TOKENS.glpat}`, `password: ${TOKENS.gldt}`],
    negative: ['name: glpat-reader', 'scopes: [read_repository]', 'token: {{ .token }}'],
    shown: /GitLab token (glpat-|gldt-)…$/,
  },
  {
    rule: 'slack-token',
    positive: [`SLACK_BOT_TOKEN=${TOKENS.slackBot}`, `appToken: ${TOKENS.slackApp}`],
    negative: ['prefix: xoxb-', 'channel: xoxo'],
    shown: /Slack token (xoxb-|xapp-)…$/,
  },
  {
    rule: 'slack-webhook-url',
    positive: [`url: ${TOKENS.slackHook}`],
    negative: ['url: https://hooks.slack.com/services/', 'docs: https://api.slack.com/messaging/webhooks'],
  },
  {
    rule: 'google-api-key',
    positive: [`apiKey: ${TOKENS.google}`],
    negative: [`apiKey: ${TOKENS.google.slice(0, 30)}`, 'kind: AIzaShortName'],
    shown: /Google API key AIza…$/,
  },
  {
    rule: 'jwt',
    positive: [`bearerToken: ${TOKENS.jwt}`, `Authorization: Bearer ${TOKENS.jwt}`],
    negative: ['audience: eyJ', 'file: eyJhbGciOi.json', `header only: ${b64url('{"alg":"none"}')}`],
  },
  {
    rule: 'vault-token',
    positive: [`VAULT_TOKEN=${TOKENS.vault}`],
    negative: ['auth: hvs.', 'path: hvs.example.com', `short: ${TOKENS.vault.slice(0, 40)}`],
    shown: /Vault token hvs\.…$/,
  },
  {
    rule: 'openshift-token',
    positive: [`token: ${TOKENS.openshift}`],
    negative: [`image: registry.example.com/app@sha256:${'a'.repeat(64)}`, 'token: sha256~short'],
  },
  {
    rule: 'url-credentials',
    positive: [`repoURL: https://bot:${TOKENS.password}@git.example.com/org/repo.git`, `DATABASE_URL=postgresql://app:${TOKENS.password}@db.example.com:5432/app`],
    negative: [
      'repoURL: https://git.example.com/org/repo.git', 'repoURL: git@github.com:my-org/app-config.git', 'url: ssh://git@github.com:22/my-org/app.git',
      'DATABASE_URL: postgresql://{{ index . "username" }}:{{ index . "password" }}@{{ index . "host" }}:5432/app',
      'url: https://$(params.user):$(params.password)@git.example.com', 'url: https://${USER}:${PASSWORD}@git.example.com',
      'docs: https://user:****@git.example.com', 'image: oci://registry.example.com:5000/charts/app@sha256:abc',
    ],
    shown: /URL with an embedded password (https|postgresql):\/\/…:…@[a-z.]+$/,
  },
];

function rules(findings: GuardFinding[]): string[] {
  return findings.map(f => f.ruleId);
}

/** The credential a positive case holds, as the part of the text that must never be echoed. */
function secretPart(text: string): string {
  const values = Object.values(TOKENS).filter(t => text.includes(t));
  return values.sort((a, b) => b.length - a.length)[0] ?? text.split('\n')[1] ?? text;
}

describe('SecretGuard detectors', () => {
  test('every rule has positive and negative cases here, and the rules are listed with descriptions', () => {
    expect(SecretGuard.rules.map(r => r.id)).toEqual(['ZT-SEC4', ...CASES.map(c => c.rule)]);
    for (const r of SecretGuard.rules) expect(r.description.length).toBeGreaterThan(20);
  });

  for (const c of CASES) {
    test(`${c.rule}: true positives are flagged once, with a redacted message`, () => {
      for (const text of c.positive) {
        const findings = SecretGuard.findingsInText('apps/x.yaml', `# config\n${text}\n`);
        expect(rules(findings)).toEqual([c.rule]);
        const [f] = findings;
        expect(f.path).toBe('apps/x.yaml');
        expect(f.line).toBe(2);
        expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        if (c.shown) expect(f.message).toMatch(c.shown);
        if (c.rule !== 'private-key') expect(f.message).not.toContain(secretPart(text).slice(-12));
      }
    });

    test(`${c.rule}: look-alikes are not flagged`, () => {
      for (const text of c.negative) expect(SecretGuard.findingsInText('apps/x.yaml', text)).toEqual([]);
    });
  }

  test('a private key is flagged by its header, which is the only part shown', () => {
    const [f] = SecretGuard.findingsInText('k.pem', pem('OPENSSH PRIVATE KEY'));
    expect(f.message).toBe(`PEM private key (${pemHeader('OPENSSH PRIVATE KEY')})`);
    expect(f.message).not.toContain(chars(B64, 64, 1).slice(0, 12));
  });

  test('base64-encoded content is decoded and scanned, also twice encoded (a kubeconfig inside a Secret)', () => {
    const kubeconfig = `users:\n- name: admin\n  user:\n    client-key-data: ${b64(pem('EC PRIVATE KEY'))}\n`;
    const findings = SecretGuard.findingsInText('x.yaml', `a: 1\nkubeconfig: ${b64(kubeconfig)}\ntoken: ${b64url(TOKENS.ghp)}\n`);
    expect(findings.map(f => [f.ruleId, f.line, f.message])).toEqual([
      ['private-key', 2, `PEM private key (${pemHeader('EC PRIVATE KEY')}) (base64-encoded 2 times)`],
      ['github-token', 3, 'GitHub token ghp_… (base64-encoded)'],
    ]);
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

  test('property: base64 noise is only flagged where it literally holds an AWS key ID or Google key shape', () => {
    fc.assert(fc.property(fc.base64String({ minLength: 16, maxLength: 600 }), noise => {
      const findings = SecretGuard.findingsInText('x.yaml', `caData: ${noise}\n`);
      for (const f of findings) {
        expect(['aws-access-key-id', 'google-api-key']).toContain(f.ruleId);
        const shape = f.ruleId === 'aws-access-key-id' ? /(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/ : /AIza[A-Za-z0-9_-]{35}/;
        expect(noise).toMatch(shape);
      }
    }), { numRuns: 300 });
  });

  test('property: an AWS key ID shape anywhere between separators is flagged, and shown as its prefix only', () => {
    const id = fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([p, r]) => p + r).filter(s => !s.endsWith('EXAMPLE'));
    fc.assert(fc.property(id, fc.constantFrom(' ', '"', '=', ': ', '\n', '/'), (key, sep) => {
      const findings = SecretGuard.findingsInText('x', `id${sep}${key}${sep}`);
      expect(rules(findings)).toEqual(['aws-access-key-id']);
      expect(findings[0].message).toBe(`AWS access key ID ${key.slice(0, 4)}…`);
    }));
  });

  test('property: any GitHub token is flagged, raw or base64-encoded, and never echoed past its prefix', () => {
    const token = fc.stringMatching(/^gh[pousr]_[A-Za-z0-9]{36}$/);
    fc.assert(fc.property(token, fc.constantFrom('password: ', 'token: "', 'GITHUB_TOKEN=', '{"password":"'), (t, before) => {
      for (const text of [`${before}${t}"`, `data: ${b64(`${before}${t}`)}`]) {
        const findings = SecretGuard.findingsInText('x', text);
        expect(rules(findings)).toEqual(['github-token']);
        const f = findings[0];
        expect(f.message.startsWith(`GitHub token ${t.slice(0, 4)}…`)).toBe(true);
        expect(f.message).not.toContain(t.slice(4, 10));
        expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      }
    }));
  });

  test('property: redaction never shows more than the public prefix, for every token rule', () => {
    const generators: [string, fc.Arbitrary<string>, number][] = [
      ['gitlab-token', fc.stringMatching(/^glpat-[A-Za-z0-9_-]{20,40}$/), 6],
      ['google-api-key', fc.stringMatching(/^AIza[A-Za-z0-9_-]{35}$/), 4],
      ['vault-token', fc.stringMatching(/^hvs\.[A-Za-z0-9_-]{90,100}$/), 4],
      ['slack-token', fc.stringMatching(/^xoxb-[0-9]{12}-[A-Za-z0-9]{24}$/), 5],
      ['openshift-token', fc.stringMatching(/^sha256~[A-Za-z0-9_-]{43}$/), 7],
    ];
    for (const [rule, arb, prefix] of generators) {
      fc.assert(fc.property(arb, t => {
        const findings = SecretGuard.findingsInText('x', `value: ${t}\n`);
        expect(rules(findings)).toEqual([rule]);
        expect(findings[0].message).not.toContain(t.slice(prefix, prefix + 8));
      }), { numRuns: 50 });
    }
  });

  test('the fingerprint depends on the path, the rule and the value only', () => {
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
      ['private-key', 'Secret argocd/tls', 'Secret argocd/tls', 'data["tls.key"]', undefined],
    ]);
    expect(findings[0].message).toBe('v1 Secret with secret data in tls.crt, tls.key: base64 is an encoding, not encryption');
    expect(findings[1].message).toBe(`PEM private key (${pemHeader('RSA PRIVATE KEY')}) (base64-encoded)`);
    expect(SecretGuard.findingsInManifest(manifest, 'apps/tls.yaml').every(f => f.path === 'apps/tls.yaml')).toBe(true);
  });

  test('stringData is named as the field, and its values are scanned as text', () => {
    const findings = SecretGuard.findingsInManifest(secret({ name: 'bot' }, { stringData: { token: TOKENS.glpat } }));
    expect(findings.map(f => [f.ruleId, f.field])).toEqual([['ZT-SEC4', 'stringData'], ['gitlab-token', 'stringData.token']]);
  });

  test('credentials outside Secrets are found wherever they are: a ConfigMap, an env value, an Application repoURL', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ci' }, data: { id_rsa: pem('OPENSSH PRIVATE KEY') } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ci' }, spec: { containers: [{ name: 'a', env: [{ name: 'X', value: 'ok' }, { name: 'T', value: TOKENS.slackBot }] }] } };
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec: { source: { repoURL: `https://bot:${TOKENS.password}@git.example.com/r.git` } } };
    expect(SecretGuard.findingsInManifest(configMap).map(f => [f.ruleId, f.field])).toEqual([['private-key', 'data.id_rsa']]);
    expect(SecretGuard.findingsInManifest(pod).map(f => [f.ruleId, f.field])).toEqual([['slack-token', 'spec.containers[0].env[1].value']]);
    expect(SecretGuard.findingsInManifest(app).map(f => [f.ruleId, f.resource, f.field])).toEqual([['url-credentials', 'Application argocd/a', 'spec.source.repoURL']]);
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
    const pemSecret = new ExternalSecret(chart, 'pem', { metadata: { name: 'github-app-pem' }, store }).addData('key', { key: 'github/argocd-app', property: 'private-key' });
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
      'refusing to write 2 files holding credentials (3 findings):',
      `  apps/argocd/db.yaml Secret argocd/db data: [ZT-SEC4] v1 Secret with secret data in password, url: base64 is an encoding, not encryption (fingerprint ${findings[0].fingerprint})`,
      `  apps/argocd/db.yaml:10 Secret argocd/db data.url: [url-credentials] URL with an embedded password postgresql://…:…@db.example.com (base64-encoded) (fingerprint ${findings[1].fingerprint})`,
      `  apps/ci/task.yaml:5: [github-token] GitHub token ghp_… (fingerprint ${findings[2].fingerprint})`,
      expect.stringMatching(/^fix: keep each value in the secret manager and reference it through an ExternalSecret .* \(ZT-SEC4 cannot be acknowledged\)$/),
    ]);
    for (const value of [TOKENS.password, TOKENS.ghp.slice(4), b64(TOKENS.password)]) expect(message).not.toContain(value);
  });

  test('a value seen in the text and in the manifest is one finding with line, object and field', () => {
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ci' }, data: { token: TOKENS.glpat } };
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ci\ndata:\n  token: ${TOKENS.glpat}\n`;
    const findings = SecretGuard.findings([{ path: 'ci/c.yaml', text, manifests: [manifest] }]);
    expect(findings).toEqual([{ ruleId: 'gitlab-token', message: 'GitLab token glpat-…', path: 'ci/c.yaml', line: 7, resource: 'ConfigMap ci/c', field: 'data.token', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
  });

  test('an acknowledged finding passes, is returned with its reason, and the rest still refuses', () => {
    const example = `docs: https://user:${TOKENS.password}@git.example.com is the format we document`;
    const files = [{ path: 'docs/README.md', text: example }];
    const [finding] = SecretGuard.findings(files);
    const acknowledgements = [{ fingerprint: finding.fingerprint, reason: '  the documented URL format; the password is a made-up example  ' }];
    expect(SecretGuard.assertClean(files, { acknowledgements })).toEqual([{ ...finding, acknowledgedReason: 'the documented URL format; the password is a made-up example' }]);
    expect(() => SecretGuard.assertClean([...files, ...leaky()], { acknowledgements })).toThrow(/refusing to write 2 files holding credentials \(3 findings\)/);
    expect(SecretGuard.findings([...files, ...leaky()], { acknowledgements }).filter(f => f.acknowledgedReason)).toHaveLength(1);
  });

  test('fails on bad files and bad acknowledgements', () => {
    const files = leaky();
    const fp = SecretGuard.findings(files)[2].fingerprint;
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
