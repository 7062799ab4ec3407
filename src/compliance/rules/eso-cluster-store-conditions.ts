import { namespaceRegexProblems } from '../../common/patterns';
import { asArray, isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { admitsEveryNamespace } from './selector-helpers';

const ESO = 'external-secrets.io';

/**
 * Why a ClusterSecretStore is usable from namespaces nobody listed, one reason per condition that admits them.
 * ESO allows a namespace when any condition selects it (label selector, name, or a regex matched anywhere in the
 * name with Go's regexp.MatchString) and allows every namespace when there are no conditions. A condition with
 * nothing in it selects no namespace, so it narrows nothing but widens nothing either.
 */
export function storeScopeProblems(store: any): string[] {
  const conditions = store?.spec?.conditions;
  if (!Array.isArray(conditions) || conditions.length === 0) {
    return ['spec.conditions is unset, so every namespace may use the store'];
  }
  return conditions.flatMap((condition, i) => {
    if (!isObject(condition)) return [];
    const where = `spec.conditions[${i}]`;
    const selector = admitsEveryNamespace(condition.namespaceSelector);
    return [
      ...selector === undefined ? [] : [`${where}.namespaceSelector ${selector}`],
      ...asArray(condition.namespaceRegexes).flatMap((regex, j) => typeof regex !== 'string' ? []
        : namespaceRegexProblems(regex).map(p => `${where}.namespaceRegexes[${j}] ${JSON.stringify(regex)} ${p}`)),
    ];
  });
}

/** Whether a ClusterSecretStore limits the namespaces that may use it (see `storeScopeProblems`). */
export function isScoped(store: any): boolean {
  return storeScopeProblems(store).length === 0;
}

export const esoClusterStoreConditions: RuleDefinition = {
  id: 'ZT-ESO1',
  level: ComplianceLevel.ERROR,
  message: 'ClusterSecretStore is usable from namespaces nobody listed',
  explanation: 'Any namespace a ClusterSecretStore admits can create an ExternalSecret against it and read everything '
    + 'its credentials reach. ESO admits every namespace when spec.conditions is missing, and a namespace when any '
    + 'condition selects it: a label selector that is empty or only excludes selects every namespace, and a namespace '
    + 'regex is matched anywhere in the name (Go regexp.MatchString), so ^.*$, ^(team-a|.*)$, ^team-a$| or an '
    + 'unanchored team-a admit names nobody listed. Regexes are judged by what they match: the share of all valid '
    + 'namespace names they admit must stay below a pattern that fixes three characters.',
  fix: 'scope spec.conditions: list the namespaces, select them by a label only they carry, or use anchored regexes such as ^team-a-[a-z0-9-]+$',
  anchors: ['ESO security guide: ClusterSecretStore conditions', 'ESO security guide: disable cluster-wide kinds you do not need'],
  beyondAnchors: 'Judges namespace regexes by the names they admit (unanchored, empty alternatives, (?i), classes that '
    + 'cover the whole alphabet) and selectors that only exclude, where the anchors only ask for conditions to exist.',
  kinds: ['external-secrets.io/ClusterSecretStore'],
  check: manifest => {
    if (!isKind(manifest, ESO, 'ClusterSecretStore')) return NOT_APPLICABLE;
    return outcome(storeScopeProblems(manifest));
  },
};
