import { asArray, isKind } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';
import { admitsEveryNamespace } from './selector-helpers';

const ESO = 'external-secrets.io';

export const esoClusterNamespaces: RuleDefinition = {
  id: 'ZT-ESO10',
  level: ComplianceLevel.ERROR,
  message: 'ClusterExternalSecret or ClusterPushSecret selects every namespace',
  explanation: 'ESO ORs the namespace selectors of a ClusterExternalSecret (namespaceSelectors, the deprecated '
    + 'namespaceSelector and namespaces) and of a ClusterPushSecret; one selector that is empty ({}), or that only '
    + 'excludes (NotIn, DoesNotExist, or Exists on kubernetes.io/metadata.name), selects every namespace, including '
    + 'ones created later: the secret is copied to (or pushed from) all of them. Select namespaces by labels or names. '
    + 'No selector at all selects no namespace in ESO and is not reported.',
  fix: 'select namespaces with matchLabels or In/Exists expressions on a label only the intended namespaces carry',
  anchors: ['ESO ClusterExternalSecret and ClusterPushSecret namespaceSelectors', 'ESO multi-tenancy guide'],
  beyondAnchors: 'Reads the deprecated namespaceSelector as ESO still does, and treats selectors made only of NotIn or '
    + 'DoesNotExist as selecting everything, which the constructors accept.',
  kinds: ['external-secrets.io/ClusterExternalSecret', 'external-secrets.io/ClusterPushSecret'],
  check: manifest => {
    let selectors: { where: string; selector: unknown }[];
    if (isKind(manifest, ESO, 'ClusterExternalSecret')) {
      const spec = manifest.spec ?? {};
      selectors = [
        ...spec.namespaceSelector !== undefined ? [{ where: 'spec.namespaceSelector', selector: spec.namespaceSelector }] : [],
        ...asArray(spec.namespaceSelectors).map((selector, i) => ({ where: `spec.namespaceSelectors[${i}]`, selector })),
      ];
    } else if (isKind(manifest, ESO, 'ClusterPushSecret')) {
      selectors = asArray(manifest.spec?.namespaceSelectors).map((selector, i) => ({ where: `spec.namespaceSelectors[${i}]`, selector }));
    } else {
      return NOT_APPLICABLE;
    }
    return outcome(selectors.flatMap(({ where, selector }) => {
      const why = admitsEveryNamespace(selector);
      return why === undefined ? [] : [`${where} ${why}`];
    }));
  },
};
