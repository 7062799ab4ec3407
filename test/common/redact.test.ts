import { Testing } from 'cdk8s';
import { AppProject, ArgoCdRepository, RepositoryCredentials } from '../../src/argocd';
import { validateDnsSubdomain, validateLabels } from '../../src/common/names';
import { redactCredentials, shown, shownUrl } from '../../src/common/redact';
import { CompliancePack } from '../../src/compliance';
import { SecretStoreProvider, VaultAuth } from '../../src/external-secrets';

describe('shownUrl', () => {
  test.each([
    ['https://bot:hunter2@git.example.com/r', '"https://bot:***@git.example.com/r"'],
    ['redis://:hunter2@cache:6379', '"redis://:***@cache:6379"'],
    ['git@github.com:my-org/app', '"git@github.com:my-org/app"'],
    ['https://git.example.com/r', '"https://git.example.com/r"'],
    ['proxy user:secret@proxy:3128', '"proxy user:***@proxy:3128"'],
  ])('%s', (url, expected) => expect(shownUrl(url)).toBe(expected));
});

test('errors about URLs never print the password in them', () => {
  const url = 'https://bot:hunter2hunter2@git.example.com/my-org/app';
  const errors: string[] = [];
  const attempt = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      errors.push((e as Error).message);
    }
  };
  const chart = Testing.chart();
  attempt(() => new ArgoCdRepository(chart, 'r', { url, credentials: RepositoryCredentials.none(), allowAllProjects: 'every team deploys from this shared repository' }));
  attempt(() => new AppProject(chart, 'p', { sourceRepos: [url] }));
  attempt(() => SecretStoreProvider.vault({ server: 'https://root:hunter2hunter2@vault.example.com', auth: VaultAuth.kubernetes({ role: 'r', serviceAccount: { name: 'sa' } as any }) }));
  expect(errors).toHaveLength(3);
  for (const message of errors) {
    expect(message).not.toContain('hunter2');
    // masked where the URL is quoted, or refused as a literal credential without quoting it
    expect(message).toMatch(/:\*\*\*@|holds a credential: URL password/);
  }
});

// fake credentials assembled at run time
const ghp = ['ghp', '_', 'R8uXw2LmQ4tVz7KpN3sYd6HbJ9cF1gA5eTqM'].join('');
const glpat = ['glpat', '-', 'Xw2Lm', 'Q4tVz7KpN3sYd6H'].join('');
const pemKey = ['-----BEGIN ', 'EC PRIVATE KEY-----\n', Buffer.from('a private key body that is long enough '.repeat(3)).toString('base64'), '\n-----END ', 'EC PRIVATE KEY-----'].join('');

describe('redactCredentials', () => {
  test('text without a credential is unchanged', () => {
    for (const text of ['sourceRepos[0] "https://github.com/my-org/*" reaches every repository', 'image@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945', '']) {
      expect(redactCredentials(text)).toBe(text);
    }
  });

  test.each([
    ['a token in a sentence', `token ${ghp} was given`, ghp.slice(4, 30)],
    ['a token in quotes', `value "${glpat}" is not a name`, glpat.slice(6, 18)],
    ['a URL password', 'repo https://bot:Zk8pQ2mW9xR4vT7n@git.example.com/r', 'Zk8pQ2mW9xR4vT7n'],
    ['a key=value pair', 'env API_TOKEN=Zk8pQ2mW9xR4vT7nL3s', 'Zk8pQ2mW9xR4vT7nL3s'],
    ['a private key block', `key:\n${pemKey}\nend`, pemKey.split('\n')[1].slice(0, 24)],
  ])('%s is masked', (_name, text, secret) => {
    const out = redactCredentials(text);
    expect(out).not.toContain(secret);
    expect(out).not.toBe(text);
  });

  test('names.ts errors quote a token given as a name masked', () => {
    expect(() => validateDnsSubdomain(undefined, 'metadata.name', ghp)).toThrow(/must be a DNS-1123 subdomain/);
    try {
      validateDnsSubdomain(undefined, 'metadata.name', ghp);
    } catch (e) {
      expect((e as Error).message).not.toContain(ghp.slice(4, 30));
    }
    try {
      validateLabels(undefined, 'metadata.labels', { token: `${ghp}!` });
    } catch (e) {
      expect((e as Error).message).not.toContain(ghp.slice(4, 30));
    }
    expect(shown('team-a')).toBe('"team-a"');
  });

  test('compliance findings never quote a credential a rule reads (a URL password in an AppProject)', () => {
    const report = new CompliancePack().evaluateManifests([{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'p', namespace: 'argocd' },
      spec: { sourceRepos: ['https://bot:Zk8pQ2mW9xR4vT7n@git.example.com/*'], destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }] },
    }]);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(report.findings)).not.toContain('Zk8pQ2mW9xR4vT7n');
    expect(report.toText()).not.toContain('Zk8pQ2mW9xR4vT7n');
  });
});
