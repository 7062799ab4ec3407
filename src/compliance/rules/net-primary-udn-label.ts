import { isObject, ManifestIndex } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const PRIMARY_UDN_LABEL = 'k8s.ovn.org/primary-user-defined-network';

function isPrimary(network: any): boolean {
  return network?.layer3?.role === 'Primary' || network?.layer2?.role === 'Primary';
}

function namespace(manifests: any[], name: string): any {
  return ManifestIndex.of(manifests).named('', 'Namespace', name)[0];
}

function labelled(ns: any): boolean {
  return isObject(ns?.metadata?.labels) && PRIMARY_UDN_LABEL in ns.metadata.labels;
}

export const netPrimaryUdnLabel: RuleDefinition = {
  id: 'ZT-NET1',
  level: ComplianceLevel.ERROR,
  message: 'namespace of a primary user-defined network lacks the primary-user-defined-network label',
  explanation: `OVN-Kubernetes applies a primary UDN only to namespaces created with the label ${PRIMARY_UDN_LABEL}; `
    + 'it cannot be added later, and without it pods stay on the cluster default network. Declare the Namespace in '
    + 'the same output with that label.',
  fix: 'declare the Namespace with the label k8s.ovn.org/primary-user-defined-network',
  anchors: ['OVN-Kubernetes UserDefinedNetwork: primary network namespaces', 'S2: isolated CI namespace'],
  check: (manifest, manifests) => {
    // the kind alone decides: a UDN under a wrong API group still means the author wanted isolation
    if (manifest?.kind === 'UserDefinedNetwork') {
      if (!isPrimary(manifest.spec)) return NOT_APPLICABLE;
      const name = manifest.metadata?.namespace;
      const ns = namespace(manifests, name);
      if (ns === undefined) return outcome([`namespace ${name} is not in the output, so nothing guarantees the label at creation`]);
      return outcome(labelled(ns) ? [] : [`namespace ${name} has no label ${PRIMARY_UDN_LABEL}`]);
    }
    if (manifest?.kind === 'ClusterUserDefinedNetwork') {
      if (!isPrimary(manifest.spec?.network)) return NOT_APPLICABLE;
      const matchLabels = manifest.spec?.namespaceSelector?.matchLabels ?? {};
      // candidates by label, not every Namespace: a fleet has a network per tenant, each selecting a few namespaces
      const selected = ManifestIndex.of(manifests).selectable('', 'Namespace', matchLabels)
        .filter(m => Object.entries(matchLabels).every(([k, v]) => m.metadata?.labels?.[k] === v));
      return outcome(selected.filter(ns => !labelled(ns)).map(ns => `namespace ${ns.metadata?.name} has no label ${PRIMARY_UDN_LABEL}`));
    }
    return NOT_APPLICABLE;
  },
};
