import { benignCorpus, CREDENTIAL_TYPES, ENCODINGS, pem, pkcs8, Rng } from './corpus';
import { detectorCatalog, DETECTORS } from '../../src/compliance/secrets';
import {
  loadRules, NEEDLES_WRITTEN_FOR, PRESET_NEEDLES, PRESET_PACKAGE, PRESET_TYPES, presetRuleIds, presetRules, PresetRule, runPreset, runRules,
  sourceOf,
} from '../../src/compliance/secrets/preset';

// the rules of @secretlint/secretlint-rule-preset-recommend 13.1.0, in its order
const PRESET_13_1_0 = [
  'aws', 'gcp', 'privatekey', 'npm', 'basicauth', 'slack', 'sendgrid', 'shopify', 'stripe', 'github', 'gitlab', 'grafana',
  'openai', 'anthropic', 'groq', 'huggingface', 'linear', 'notion', '1password', 'database-connection-string',
  'hashicorp-vault', 'vercel', 'databricks', 'docker', 'figma', 'cloudflare', 'tailscale', 'filter-comments',
];

/** Every text the corpus builds: each credential in each encoding, and the benign look-alikes. */
function corpusTexts(): string[] {
  const texts: string[] = [];
  CREDENTIAL_TYPES.forEach((t, ti) => ENCODINGS.forEach((e, ei) => texts.push(e.encode(t.build(new Rng(1000 + ti * 100 + ei)).text))));
  return [...texts, ...benignCorpus().map(b => b.text)];
}

describe('secretlint preset adapter', () => {
  test('loads the 28 rules of the pinned preset with require(), in its order', () => {
    expect(presetRuleIds()).toEqual(PRESET_13_1_0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(`${PRESET_PACKAGE}/package.json`).version).toBe('13.1.0');
  });

  test('every rule has a needle, and every needle names a rule of the preset', () => {
    expect(Object.keys(PRESET_NEEDLES).sort()).toEqual([...PRESET_13_1_0].sort());
  });

  test('every handler of every rule returns synchronously (no Promise) on the sources the adapter builds', () => {
    const samples = [
      'nothing here',
      JSON.stringify({ type: 'service_account', private_key_id: 'abc', private_key: pem(['PRIVATE', 'KEY'].join(' '), pkcs8(new Rng(8))) }),
      '// secretlint-disable-next-line\nhttps://user:secretpass@example.com/x',
      ...corpusTexts().slice(0, 200),
    ];
    for (const rule of presetRules()) {
      const handler = rule.create({
        sharedOptions: {},
        createTranslator: () => (messageId: string) => ({ message: messageId, messageId, data: undefined }),
        report: () => undefined,
        ignore: () => undefined,
      }, {});
      for (const text of samples) {
        const result = handler.file?.(sourceOf(text));
        expect({ rule: rule.meta.id, thenable: typeof (result as any)?.then === 'function' }).toEqual({ rule: rule.meta.id, thenable: false });
      }
    }
  });

  test('a rule whose handler returns a Promise is an error, not a silent miss', () => {
    const asyncRule: PresetRule = {
      meta: { id: '@secretlint/secretlint-rule-async' },
      create: () => ({ file: async () => undefined }),
    };
    expect(() => runRules(loadRules([asyncRule]), 'text')).toThrow(/secretlint rule async returned a Promise/);
  });

  test('reports carry message ids and ranges; the translator never builds a message from the value', () => {
    const seen: unknown[] = [];
    const spy: PresetRule = {
      meta: { id: '@secretlint/secretlint-rule-spy' },
      create: context => {
        const t = context.createTranslator({ FOUND: { en: (p: any) => `found ${p.TOKEN}` } });
        return {
          file: source => {
            const message = t('FOUND', { TOKEN: source.content });
            seen.push(message);
            context.report({ message, range: [0, 4] });
          },
        };
      },
    };
    expect(runRules(loadRules([spy]), 'value-123')).toEqual([{ rule: 'spy', messageId: 'FOUND', start: 0, end: 4 }]);
    expect(JSON.stringify(seen)).not.toContain('value-123');
  });

  test('the needles never drop a report: on the whole corpus, needles on and off give the same reports', () => {
    for (const text of corpusTexts()) expect(runPreset(text)).toEqual(runPreset(text, { ignoreNeedles: true }));
  });

  test('every message id the preset reports has a credential type', () => {
    const ids = new Set(corpusTexts().flatMap(t => runPreset(t).map(m => m.messageId)));
    for (const id of ids) expect(PRESET_TYPES[id]).toBeDefined();
  });

  test('an AWS secret access key report covers the key itself, not the variable name', () => {
    const key = new Rng(3).string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40);
    const text = `export AWS_SECRET_ACCESS_KEY="${key}"`;
    const [m] = runPreset(text);
    expect(m.messageId).toBe('AWSSecretAccessKey');
    expect(text.slice(m.start, m.end)).toBe(key);
  });

  test('access key IDs are scanned (enableIDScanRule) and account IDs are dropped', () => {
    const id = ['AK', 'IA', 'Q2VXJ7ZKM4NB5RT6'].join('');
    expect(runPreset(`key id: ${id}`).map(m => m.messageId)).toEqual(['AWSAccessKeyID']);
    expect(runPreset('aws_account_id = 123456789012')).toEqual([]);
  });

  test('the catalog lists every rule (the comment filter apart) and every detector of ours', () => {
    const ids = detectorCatalog().map(d => d.id);
    expect(ids.filter(id => id.startsWith('secretlint:'))).toEqual(PRESET_13_1_0.filter(r => r !== 'filter-comments').map(r => `secretlint:${r}`));
    for (const d of DETECTORS) expect(ids).toContain(d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('the needles were written for the pinned preset', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(`${PRESET_PACKAGE}/package.json`).version).toBe(NEEDLES_WRITTEN_FOR);
  });

  test('the URL and connection-string needles never drop a report: generated URLs, needles on and off agree', () => {
    // every scheme the two rules know, cased several ways, with users, passwords and hosts on both sides of the
    // rules' character classes, lengths and placeholder lists, embedded in text
    const schemes = ['http', 'https', 'ftp', 'ftps', 'HTTPS', 'mongodb', 'mongodb+srv', 'MongoDB', 'mysql', 'mysqlx', 'jdbc:mysql', 'MYSQL',
      'postgres', 'postgresql', 'PostgreSQL', 'redis', 'amqp', 'file'];
    const users = ['app_user', 'orders-svc', 'u', 'admin', 'user', 'x'.repeat(101), 'a.b', '${USER}', 'dXNlcg', ''];
    const rng = new Rng(77);
    const secret = () => rng.string('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-', 6 + rng.int(30));
    const passwords = () => [secret(), 'password', 'xxxx', '${DB_PASS}', 'p@ss', 'p:ss', secret() + '%21', ''];
    const hosts = ['db.internal:5432/app', 'example.com', 'localhost', 'rabbitmq.messaging.svc:5672/orders?ssl=true', 'h', '10.0.0.1'];
    let reported = 0;
    let texts = 0;
    for (const scheme of schemes) {
      for (const user of users) {
        for (const pw of passwords()) {
          const host = hosts[rng.int(hosts.length)];
          const credentials = user === '' && pw === '' ? '' : `${user}:${pw}@`;
          for (const text of [`${scheme}://${credentials}${host}`, `url: "${scheme}://${credentials}${host}"\nnext: 1`, `x${scheme}:/${credentials}${host}`]) {
            texts++;
            const all = runPreset(text, { ignoreNeedles: true });
            expect({ text, reports: runPreset(text) }).toEqual({ text, reports: all });
            reported += all.length > 0 ? 1 : 0;
          }
        }
      }
    }
    // the generator reaches the rules: many texts are reported, many are not
    expect(reported).toBeGreaterThan(100);
    expect(texts - reported).toBeGreaterThan(100);
  });

  test('names that mention a database or a URL scheme pass no needle, and do not load the preset', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/compliance/secrets/preset') as typeof import('../../src/compliance/secrets/preset');
      for (const text of ['tenant-001-postgres', 'mysql-operator', 'mongodb-community', 'https://vault.vault.svc:8200',
        'postgres:16.2@sha256:0123', 'see https://example.com/docs#auth', 'jdbc-driver: postgresql']) {
        expect({ text, may: fresh.presetMayMatch(text) }).toEqual({ text, may: false });
        expect(fresh.runPreset(text)).toEqual([]);
      }
      expect(fresh._presetLoaded()).toBe(false);
      // a text a needle matches loads it
      expect(fresh.presetMayMatch('postgresql://app:s3cr3t-Value@db:5432/app')).toBe(true);
      expect(fresh.runPreset('postgresql://app:s3cr3t-Value@db:5432/app').map(m => m.messageId)).toEqual(['PostgreSQLConnection']);
      expect(fresh._presetLoaded()).toBe(true);
    });
  });

  test('another preset version is loaded and its rules checked for needles before any text skips it', () => {
    jest.isolateModules(() => {
      jest.doMock(`${PRESET_PACKAGE}/package.json`, () => ({ version: '99.0.0' }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/compliance/secrets/preset') as typeof import('../../src/compliance/secrets/preset');
      expect(fresh.presetMayMatch('tenant-001-postgres')).toBe(false);
      expect(fresh._presetLoaded()).toBe(true);
    });
    jest.dontMock(`${PRESET_PACKAGE}/package.json`);
  });

  test('secretlint-disable comments do not hide a report', () => {
    const token = ['gh', 'p_', new Rng(5).string('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 36)].join('');
    expect(runPreset(`# secretlint-disable\ntoken: ${token}\n`).map(m => m.rule)).toEqual(['github']);
  });
});
