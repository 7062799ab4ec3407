import * as kplus from 'cdk8s-plus-28';
import { validateDnsLabel, validateLabelKey, validateLabels, validateLabelValue } from '../common/names';

/** A label selector over namespaces, in cdk8s-plus's `LabelSelector.of()` style. */
export interface NamespaceSelectorOptions {
  /**
   * Labels a namespace must carry (ANDed).
   *
   * @default - no label constraint
   */
  readonly labels?: { [key: string]: string };
  /**
   * Expressions a namespace's labels must satisfy (ANDed), e.g. `LabelExpression.in('team', ['a', 'b'])`.
   *
   * @default - no expression
   */
  readonly expressions?: kplus.LabelExpression[];
}

/**
 * One entry of a ClusterSecretStore's `conditions`: the namespaces whose ExternalSecrets may use the store.
 * A namespace is allowed when any condition matches it.
 */
export class NamespaceCondition {
  /** Namespaces listed by name (the narrowest choice); rendered sorted, without duplicates. */
  public static names(names: string[]): NamespaceCondition {
    if (names.length === 0) throw new Error('\'NamespaceCondition.names\' is empty; list at least one namespace, e.g. ["team-a"]');
    names.forEach(n => validateDnsLabel('NamespaceCondition.names', n));
    const sorted = [...new Set(names)].sort();
    return new NamespaceCondition({ namespaces: sorted }, ns => sorted.includes(ns), sorted);
  }

  /**
   * Namespaces whose labels match a selector. Whether a namespace matches cannot be known at synth, so
   * `allowsNamespace()` answers `undefined` for it.
   */
  public static selector(options: NamespaceSelectorOptions): NamespaceCondition {
    const labels = options.labels ?? {};
    const expressions = options.expressions ?? [];
    if (Object.keys(labels).length === 0 && expressions.length === 0) {
      throw new Error('\'NamespaceCondition.selector\' is empty and would match every namespace; give \'labels\' or \'expressions\', or set allowAllNamespaces: true on the store');
    }
    validateLabels('NamespaceCondition.selector.labels', labels);
    const matchExpressions = expressions.map(e => {
      validateLabelKey('NamespaceCondition.selector.expressions', e.key);
      const needsValues = e.operator === 'In' || e.operator === 'NotIn';
      if (needsValues && (e.values ?? []).length === 0) {
        throw new Error(`'NamespaceCondition.selector.expressions' ${e.operator} on "${e.key}" needs at least one value`);
      }
      (e.values ?? []).forEach(v => validateLabelValue('NamespaceCondition.selector.expressions', e.key, v));
      return { key: e.key, operator: e.operator, values: e.values ? [...e.values] : undefined };
    });
    const sortedLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    return new NamespaceCondition({
      namespaceSelector: {
        matchLabels: Object.keys(sortedLabels).length ? sortedLabels : undefined,
        matchExpressions: matchExpressions.length ? matchExpressions : undefined,
      },
    }, () => undefined);
  }

  /**
   * Namespaces whose name matches one of the patterns (Go RE2 syntax). ESO matches unanchored, so each
   * pattern must be anchored as a whole, `^...$` (use `^(?:a|b)$` for alternatives).
   */
  public static regexes(patterns: string[]): NamespaceCondition {
    if (patterns.length === 0) throw new Error('\'NamespaceCondition.regexes\' is empty; give at least one pattern, e.g. "^team-[a-z]+$"');
    const compiled = patterns.map(compileAnchored);
    return new NamespaceCondition({ namespaceRegexes: [...patterns] }, ns => compiled.some(r => r.test(ns)));
  }

  private constructor(
    private readonly json: any,
    private readonly matcher: (namespace: string) => boolean | undefined,
    private readonly listedNames?: string[]) {}

  /**
   * Whether the condition selects `namespace`.
   *
   * @returns `undefined` for label selectors, which depend on the live namespace's labels
   */
  public matches(namespace: string): boolean | undefined {
    return this.matcher(namespace);
  }

  /**
   * The namespaces a `names()` condition lists.
   *
   * @internal
   */
  public _listedNames(): string[] | undefined {
    return this.listedNames ? [...this.listedNames] : undefined;
  }

  /** @internal */
  public _render(): any {
    return this.json;
  }
}

/** Go RE2 features JavaScript reads differently or that RE2 lacks. */
const UNSUPPORTED = [
  { pattern: /\(\?<?[=!]/, what: 'lookaround' },
  { pattern: /\\[1-9]|\\k</, what: 'backreferences' },
];

function compileAnchored(pattern: string): RegExp {
  const prop = 'NamespaceCondition.regexes';
  for (const { pattern: bad, what } of UNSUPPORTED) {
    if (bad.test(pattern)) throw new Error(`'${prop}' pattern ${JSON.stringify(pattern)} uses ${what}, which Go's RE2 does not support; rewrite it without`);
  }
  let regex: RegExp;
  try {
    // without the 'u' flag JavaScript accepts RE2's escaped punctuation such as `\-`; namespace names are ASCII
    regex = new RegExp(pattern);
  } catch (e) {
    throw new Error(`'${prop}' pattern ${JSON.stringify(pattern)} does not compile (${(e as Error).message}); fix the syntax, e.g. "^team-[a-z]+$"`);
  }
  if (!pattern.startsWith('^') || !endsWithAnchor(pattern) || hasTopLevelAlternation(pattern)) {
    throw new Error(`'${prop}' pattern ${JSON.stringify(pattern)} is not anchored: ESO matches substrings, so it would also allow e.g. "x${pattern.replace(/^\^|\$$/g, '')}x"; write "^(?:${pattern.replace(/^\^|\$$/g, '')})$"`);
  }
  return regex;
}

/** A final `$` that is not escaped. */
function endsWithAnchor(pattern: string): boolean {
  if (!pattern.endsWith('$')) return false;
  let backslashes = 0;
  for (let i = pattern.length - 2; i >= 0 && pattern[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** `^a|b$` anchors only its first and last branch. */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
      else if (pattern[i + 1] === '^' && pattern[i + 2] === ']') i += 2;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}
