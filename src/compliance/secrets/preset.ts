import { ValidationError } from '../../common/errors';
import { compareCodeUnits } from '../../common/sort';
/**
 * secretlint's recommended rule preset (`@secretlint/secretlint-rule-preset-recommend`, MIT), run synchronously.
 *
 * `@secretlint/core` is asynchronous and cannot run inside cdk8s validation, so this is a small adapter of its
 * documented rule-author API (`SecretLintRuleContext` of `@secretlint/types`): every rule is created once with a
 * context whose `report()` records the message id and range, and its `file(source)` handler is called on each
 * text. Every rule of the preset reports synchronously; a handler that returns a Promise is an error here (a
 * newer preset with an asynchronous rule fails loudly instead of silently finding nothing).
 *
 * The package is ESM only and our build is CommonJS: it is loaded with `require()` (Node 20.19+ loads ES
 * modules without top-level await that way) behind the minimal typed interface below, never with `import`.
 *
 * Rule messages embed the matched value: the translator given to the rules returns the message id only, and the
 * props (the values) are dropped, so no text built from a secret ever exists here.
 */

/** The source a rule's `file()` handler reads (the part of `SecretLintSourceCode` the preset uses). */
export interface RuleSource {
  readonly content: string;
  readonly filePath: string | undefined;
  readonly ext: string;
  readonly hasBOM: boolean;
  getFilePath(): string | undefined;
  indexToPosition(index: number): { line: number; column: number };
  positionToIndex(position: { line: number; column: number }): number;
  locationToRange(location: { start: { line: number; column: number }; end: { line: number; column: number } }): [number, number];
  rangeToLocation(range: readonly number[]): { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** What a rule's translator returns (`SecretLintRuleTranslatorResult`): here the message id, never the props. */
interface TranslatorResult {
  readonly message: string;
  readonly messageId: string;
  readonly data: undefined;
}

export interface RuleContext {
  readonly sharedOptions: Record<string, never>;
  createTranslator(messages: unknown): (messageId: string, props?: unknown) => TranslatorResult;
  report(descriptor: { message: string | TranslatorResult; range: readonly number[] }): void;
  ignore(descriptor: { message: string; range: readonly number[] }): void;
}

export interface RuleHandler {
  file?(source: RuleSource): unknown;
}

/** One rule of the preset (`SecretLintRuleCreator`). */
export interface PresetRule {
  readonly meta: { readonly id: string };
  create(context: RuleContext, options: Record<string, unknown>): RuleHandler;
}

interface PresetModule {
  readonly rules: readonly PresetRule[];
}

/** The pinned preset: the package `.projenrc.ts` bundles. */
export const PRESET_PACKAGE = '@secretlint/secretlint-rule-preset-recommend';

/** One report of a rule: the rule, its message id and the range of the value in the text. */
export interface PresetMatch {
  /** The rule's short id, e.g. `github` for `@secretlint/secretlint-rule-github`. */
  readonly rule: string;
  readonly messageId: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Options per rule. The AWS rule scans access key IDs only when asked; its account ID reports are dropped (an
 * account ID is an identifier, not a credential).
 */
const RULE_OPTIONS: Record<string, Record<string, unknown>> = {
  aws: { enableIDScanRule: true },
};
const DROPPED_MESSAGES = new Set(['AWSAccountID']);

/**
 * For each rule, a pattern every text it reports on must contain (a necessary condition of its own patterns):
 * a rule runs only on texts that match its needle, so most strings of a fleet (names, labels, images) skip all
 * 28 rules after one test. A rule without a needle always runs. `test/secrets/preset.test.ts` checks, on the
 * whole corpus, that the needles never drop a report.
 */
export const PRESET_NEEDLES: Record<string, RegExp> = {
  'aws': /secret_?access_?key|A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA/i,
  'gcp': /private_key_id/,
  'privatekey': /PRIVATE KEY/,
  'npm': /npm_|x-oauth-basic/,
  // the URL rule reports `scheme://user:password@host` only (its user and password are word characters and `-`)
  'basicauth': /(?:https?|ftps?):\/\/[-\w]+:[-\w]+@/,
  'slack': /xox[bpaor]-|xapp-|hooks\.slack\.com/i,
  'sendgrid': /SG\./,
  'shopify': /shp(?:pa|ca|at|ss)_/,
  'stripe': /[sr]k_(?:live|test)_/,
  'github': /gh[pousr]_|github_pat_/,
  'gitlab': /glpat-/,
  'grafana': /glc_|glsa_/,
  'openai': /T3BlbkFJ/,
  'anthropic': /sk-ant-api0/,
  'groq': /gsk_/,
  'huggingface': /hf_/,
  'linear': /lin_api_/,
  'notion': /ntn_/,
  '1password': /ops_ey/,
  // its three patterns start with the scheme and `://` (`tenant-001-postgres` is a name, not a connection string)
  'database-connection-string': /(?:mongodb(?:\+srv)?|mysqlx?|postgres(?:ql)?):\/\//i,
  'hashicorp-vault': /hv[sbr]\./,
  'vercel': /v(?:cp|ci|ca|cr|ck)_/,
  'databricks': /dapi/,
  'docker': /dckr_pat_/,
  'figma': /figd_/,
  'cloudflare': /cf(?:k|ut|at)_/,
  'tailscale': /tskey-/,
  'filter-comments': /secretlint-/,
};

/** What each rule finds, for findings and documentation: the credential type by message id. */
export const PRESET_TYPES: Record<string, string> = {
  AWSAccessKeyID: 'AWS access key ID',
  AWSSecretAccessKey: 'AWS secret access key',
  PrivateKeyJSON: 'GCP service account key',
  PrivateKeyP12: 'GCP service account key',
  PackageJSON_xOauthToken: 'GitHub token',
  Npmrc_authToken: 'npm token',
  NPM_ACCESS_TOKEN: 'npm token',
  BasicAuth: 'URL password',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack webhook URL',
  SENDGRID_KEY: 'SendGrid API key',
  SHOPIFY_KEY: 'Shopify token',
  STRIPE_SECRET_KEY_LIVE: 'Stripe key',
  STRIPE_SECRET_KEY_TEST: 'Stripe key',
  STRIPE_RESTRICTED_KEY_LIVE: 'Stripe key',
  STRIPE_RESTRICTED_KEY_TEST: 'Stripe key',
  GITHUB_TOKEN: 'GitHub token',
  GITLAB_PERSONAL_ACCESS_TOKEN: 'GitLab token',
  GRAFANA_CLOUD_API_TOKEN: 'Grafana token',
  GRAFANA_SERVICE_ACCOUNT_TOKEN: 'Grafana token',
  OPENAI_TOKEN: 'OpenAI API key',
  ANTHROPIC_API_KEY: 'Anthropic API key',
  GROQ_API_KEY: 'Groq API key',
  HUGGINGFACE_USER_ACCESS_TOKEN: 'Hugging Face token',
  LINEAR_API_TOKEN: 'Linear API key',
  NOTION_INTEGRATION_TOKEN: 'Notion token',
  OPS_TOKEN: '1Password service account token',
  MongoDBConnection: 'URL password',
  MySQLConnection: 'URL password',
  PostgreSQLConnection: 'URL password',
  HASHICORP_VAULT_SERVICE_TOKEN: 'Vault token',
  HASHICORP_VAULT_BATCH_TOKEN: 'Vault token',
  HASHICORP_VAULT_RECOVERY_TOKEN: 'Vault token',
  VERCEL_PERSONAL_ACCESS_TOKEN: 'Vercel token',
  VERCEL_INTEGRATION_TOKEN: 'Vercel token',
  VERCEL_APP_ACCESS_TOKEN: 'Vercel token',
  VERCEL_APP_REFRESH_TOKEN: 'Vercel token',
  VERCEL_AI_GATEWAY_API_KEY: 'Vercel token',
  DATABRICKS_PERSONAL_ACCESS_TOKEN: 'Databricks token',
  DOCKER_PERSONAL_ACCESS_TOKEN: 'Docker Hub token',
  FIGMA_PERSONAL_ACCESS_TOKEN: 'Figma token',
  CLOUDFLARE_GLOBAL_API_KEY: 'Cloudflare token',
  CLOUDFLARE_USER_API_TOKEN: 'Cloudflare token',
  CLOUDFLARE_ACCOUNT_API_TOKEN: 'Cloudflare token',
  TAILSCALE_API_KEY: 'Tailscale key',
  TAILSCALE_AUTH_KEY: 'Tailscale key',
  TAILSCALE_CLIENT_KEY: 'Tailscale key',
  TAILSCALE_SCIM_KEY: 'Tailscale key',
  TAILSCALE_WEBHOOK_KEY: 'Tailscale key',
  TAILSCALE_KEY: 'Tailscale key',
  PrivateKey: 'private key',
};

/**
 * Reports whose range is not the value: the AWS rule's range starts at the key name and is as long as the
 * secret, and the npm rule's x-oauth-basic range starts at the URL. The value is found again from the range's
 * start with the rule's own pattern (sticky).
 */
const VALUE_AT: Record<string, RegExp> = {
  AWSSecretAccessKey: /["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})/dy,
  PackageJSON_xOauthToken: /https?:\/\/(.{1,256}):x-oauth-basic@github.com\//dy,
};

const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** A rule created with the adapter's context, ready to run. */
export interface LoadedRule {
  readonly rule: string;
  readonly needle: RegExp | undefined;
  readonly handler: RuleHandler;
}

// the reports of the rule being run: the contexts write here, synchronously, during one `file()` call
let sink: { rule: string; messageId: string; start: number; end: number }[] = [];
let currentRule = '';
let preset: LoadedRule[] | undefined;
let anyNeedle: RegExp | undefined;

/** The preset's rules as the package exports them. */
export function presetRules(): readonly PresetRule[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(PRESET_PACKAGE) as PresetModule;
  if (!Array.isArray(module?.rules)) throw new ValidationError(`${PRESET_PACKAGE} exports no rules: the bundled preset is broken`);
  return module.rules;
}

/** The short id of a rule, `github` for `@secretlint/secretlint-rule-github`. */
export function shortRuleId(id: string): string {
  return id.startsWith(RULE_PREFIX) ? id.slice(RULE_PREFIX.length) : id;
}

function createContext(): RuleContext {
  return {
    sharedOptions: {},
    // the props carry the matched value: they are never read
    createTranslator: () => (messageId: string) => ({ message: messageId, messageId, data: undefined }),
    report: descriptor => {
      const messageId = typeof descriptor.message === 'string' ? descriptor.message : descriptor.message.messageId;
      const [start, end] = descriptor.range;
      sink.push({ rule: currentRule, messageId, start, end });
    },
    // secretlint-disable comments are not honoured: an accepted finding is acknowledged by fingerprint, with a
    // reason, where the reviewer sees it
    ignore: () => undefined,
  };
}

/** Creates each rule once with the adapter's context and its options. */
export function loadRules(rules: readonly PresetRule[]): LoadedRule[] {
  return rules.map(r => {
    const rule = shortRuleId(r.meta.id);
    return { rule, needle: PRESET_NEEDLES[rule], handler: r.create(createContext(), { ...RULE_OPTIONS[rule] }) };
  });
}

function loadPreset(): LoadedRule[] {
  preset ??= loadRules(presetRules());
  return preset;
}

/**
 * Whether the preset module has been loaded in this process (tests check that texts no needle matches never load it).
 *
 * @internal
 */
export function _presetLoaded(): boolean {
  return preset !== undefined;
}

/** The short ids of the preset's rules, in the preset's order. */
export function presetRuleIds(): string[] {
  return loadPreset().map(r => r.rule);
}

// line starts of a text, computed when a rule asks for positions (the comment filter does)
function lineStarts(content: string): number[] {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The source a rule reads: the text, no file (rules that read files are not run on one), positions on demand. */
export function sourceOf(content: string): RuleSource {
  let starts: number[] | undefined;
  const lines = () => (starts ??= lineStarts(content));
  const indexToPosition = (index: number) => {
    const s = lines();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (s[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - s[lo] };
  };
  const positionToIndex = (p: { line: number; column: number }) => {
    const s = lines();
    const line = Math.min(Math.max(p.line, 1), s.length + 1);
    return Math.min(line > s.length ? content.length : s[line - 1] + p.column, content.length);
  };
  return {
    content,
    filePath: undefined,
    // the GCP rule reads service account JSON only when told the text is a .json file (and never a .p12 file:
    // that branch reads the file from disk, asynchronously)
    ext: content.includes('private_key_id') ? '.json' : '',
    hasBOM: false,
    getFilePath: () => undefined,
    indexToPosition,
    positionToIndex,
    locationToRange: loc => [positionToIndex(loc.start), positionToIndex(loc.end)],
    rangeToLocation: range => ({ start: indexToPosition(range[0]), end: indexToPosition(range[1]) }),
  };
}

/** The preset version whose every rule has a needle in `PRESET_NEEDLES` (the version `.projenrc.ts` pins). */
export const NEEDLES_WRITTEN_FOR = '13.1.0';
let needlesCoverPreset: boolean | undefined;

/**
 * Whether every rule of the installed preset has a needle. For the pinned version this is known without loading
 * the preset (its package.json is read instead): a fleet none of whose texts passes a needle never loads the
 * 230 KB module. Another version is loaded and checked rule by rule.
 */
function needlesCover(): boolean {
  if (needlesCoverPreset === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = (require(`${PRESET_PACKAGE}/package.json`) as { version?: unknown }).version;
    needlesCoverPreset = version === NEEDLES_WRITTEN_FOR || loadPreset().every(r => r.needle !== undefined);
  }
  return needlesCoverPreset;
}

/** Whether any rule of the preset may report on `text` (one test instead of 28 rule runs). */
export function presetMayMatch(text: string): boolean {
  if (!needlesCover()) return true;
  anyNeedle ??= new RegExp(Object.values(PRESET_NEEDLES).map(n => `(?:${n.source})`).join('|'), 'i');
  return anyNeedle.test(text);
}

/**
 * Every report of `rules` on `text`, with the value's range, ordered by position.
 *
 * @param options.ignoreNeedles run every rule, whatever its needle (to check the needles)
 * @throws when a rule's handler returns a Promise (the adapter is synchronous)
 */
export function runRules(rules: readonly LoadedRule[], text: string, options: { ignoreNeedles?: boolean } = {}): PresetMatch[] {
  const source = sourceOf(text);
  const out: PresetMatch[] = [];
  for (const r of rules) {
    if (!options.ignoreNeedles && r.needle && !r.needle.test(text)) continue;
    if (!r.handler.file) continue;
    sink = [];
    currentRule = r.rule;
    let result: unknown;
    try {
      result = r.handler.file(source);
    } finally {
      currentRule = '';
    }
    if (result !== undefined && result !== null && typeof (result as { then?: unknown }).then === 'function') {
      // keep an unhandled rejection from surfacing later
      (result as Promise<unknown>).then(undefined, () => undefined);
      sink = [];
      throw new ValidationError(`secretlint rule ${r.rule} returned a Promise: the credential scanner runs rules synchronously (check the bundled ${PRESET_PACKAGE} version)`);
    }
    for (const report of sink) {
      if (DROPPED_MESSAGES.has(report.messageId)) continue;
      let { start, end } = report;
      const sticky = VALUE_AT[report.messageId];
      if (sticky) {
        sticky.lastIndex = start;
        const m = sticky.exec(text);
        if (m?.indices?.[1]) [start, end] = m.indices[1];
      }
      if (!(start >= 0 && end <= text.length && end > start)) continue;
      out.push({ rule: report.rule, messageId: report.messageId, start, end });
    }
    sink = [];
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || compareCodeUnits(a.rule, b.rule));
}

/** Every report of every rule of the preset on `text` (rules whose needle the text lacks are skipped). */
export function runPreset(text: string, options: { ignoreNeedles?: boolean } = {}): PresetMatch[] {
  if (!options.ignoreNeedles && !presetMayMatch(text)) return [];
  return runRules(loadPreset(), text, options);
}
