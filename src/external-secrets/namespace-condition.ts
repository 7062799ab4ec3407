import { ValidationError } from '../common/errors';
import { LabelSelector, renderLabelSelector } from '../common/label-selector';
import { validateDnsLabel } from '../common/names';
import { namespaceRegexProblems, namespaceRegexReach, re2Matches } from '../common/patterns';
import { sortedUnique } from '../common/sort';
import { admitsEveryNamespace } from '../compliance/rules/selector-helpers';

/**
 * One entry of a ClusterSecretStore's `conditions`: the namespaces whose ExternalSecrets may use the store.
 * A namespace is allowed when any condition matches it.
 */
export class NamespaceCondition {
  /** Namespaces listed by name (the narrowest choice); rendered sorted, without duplicates. */
  public static names(names: string[]): NamespaceCondition {
    if (names.length === 0) throw new ValidationError('\'NamespaceCondition.names\' is empty; list at least one namespace, e.g. ["team-a"]');
    names.forEach(n => validateDnsLabel(undefined, 'NamespaceCondition.names', n));
    const sorted = sortedUnique(names);
    return new NamespaceCondition({ namespaces: sorted }, ns => sorted.includes(ns), sorted);
  }

  /**
   * Namespaces whose labels match a selector. Whether a namespace matches cannot be known at synth, so
   * `allowsNamespace()` answers `undefined` for it. A selector that admits every namespace (empty, or only
   * NotIn/DoesNotExist requirements) is refused.
   */
  public static selector(selector: LabelSelector): NamespaceCondition {
    const rendered = renderLabelSelector(undefined, 'NamespaceCondition.selector', selector);
    if (rendered === undefined) {
      throw new ValidationError('\'NamespaceCondition.selector\' is empty and would match every namespace; give \'matchLabels\' or \'matchExpressions\', or set allowAllNamespaces on the store to the reason');
    }
    const broad = admitsEveryNamespace(rendered);
    if (broad !== undefined) {
      throw new ValidationError(`'NamespaceCondition.selector' ${broad}; add a label or an In expression that names the namespaces, e.g. matchLabels: { tenant: 'team-a' }`);
    }
    return new NamespaceCondition({ namespaceSelector: rendered }, () => undefined);
  }

  /**
   * Namespaces whose name matches one of the patterns (Go RE2 syntax). ESO matches unanchored, so each
   * pattern must be anchored as a whole, `^...$` (use `^(?:a|b)$` for alternatives).
   */
  public static regexes(patterns: string[]): NamespaceCondition {
    if (patterns.length === 0) throw new ValidationError('\'NamespaceCondition.regexes\' is empty; give at least one pattern, e.g. "^team-[a-z]+$"');
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
    throw new ValidationError(`'NamespaceCondition.regexes' pattern ${JSON.stringify(pattern)} ${problems.join('; ')}; write an anchored pattern for the team's namespaces, e.g. "^team-a-[a-z0-9-]+$" or "^(?:team-a|team-b)$"`);
  }
  return namespace => re2Matches(pattern, namespace);
}
