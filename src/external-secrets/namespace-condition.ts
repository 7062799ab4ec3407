import * as kplus from 'cdk8s-plus-28';
import { validateDnsLabel, validateLabelKey, validateLabels, validateLabelValue } from '../common/names';
import { namespaceRegexProblems, namespaceRegexReach, re2Matches } from '../common/patterns';
import { admitsEveryNamespace } from '../compliance/rules/selector-helpers';

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
    const broad = Object.keys(labels).length === 0 ? admitsEveryNamespace({ matchExpressions }) : undefined;
    if (broad !== undefined) {
      throw new Error(`'NamespaceCondition.selector' ${broad}; add a label or an In expression that names the namespaces, e.g. labels: { tenant: 'team-a' }`);
    }
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
    const compiled = patterns.map(compileScoped);
    return new NamespaceCondition({ namespaceRegexes: [...patterns] }, ns => compiled.some(matches => matches(ns)));
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

/**
 * A namespace regex as ESO reads it (Go RE2, matched anywhere in the name), judged by what it matches: valid RE2,
 * anchored at both ends, and admitting only names someone listed (the compliance pack's ZT-ESO1 reading).
 */
function compileScoped(pattern: string): (namespace: string) => boolean {
  const problems = namespaceRegexProblems(pattern);
  // not a risk, but a mistake: a condition that admits no valid name (e.g. an escaped `$`) serves nobody
  if (problems.length === 0 && namespaceRegexReach(pattern).example === undefined) problems.push('matches no valid namespace name');
  if (problems.length > 0) {
    throw new Error(`'NamespaceCondition.regexes' pattern ${JSON.stringify(pattern)} ${problems.join('; ')}; write an anchored pattern for the team's namespaces, e.g. "^team-a-[a-z0-9-]+$" or "^(?:team-a|team-b)$"`);
  }
  return namespace => re2Matches(pattern, namespace);
}
