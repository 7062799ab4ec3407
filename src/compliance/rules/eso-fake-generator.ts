import { groupOf } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const GENERATORS = 'generators.external-secrets.io';

export const esoFakeGenerator: RuleDefinition = {
  id: 'ZT-ESO5',
  level: ComplianceLevel.ERROR,
  message: 'Fake generator in the output',
  explanation: 'A Fake generator returns the values written in its manifest: a secret in Git dressed as a '
    + 'generated one. It is for tests; use a real generator (Password, VaultDynamicSecret, ...) or a store.',
  fix: 'use a real generator (Password, VaultDynamicSecret, ...) or a store',
  anchors: ['ESO generators: Fake is for testing'],
  check: manifest => {
    if (groupOf(manifest) !== GENERATORS) return NOT_APPLICABLE;
    if (manifest.kind === 'Fake') return outcome(['kind Fake']);
    const fakeCluster = manifest.kind === 'ClusterGenerator'
      && (manifest.spec?.kind === 'Fake' || manifest.spec?.generator?.fakeSpec !== undefined);
    return outcome(fakeCluster ? ['ClusterGenerator of kind Fake'] : []);
  },
};
