import { asArray, isKind, ManifestIndex, parseGoDuration } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const GENERATORS = 'generators.external-secrets.io';
const HOUR = 3_600_000;
// ESO's ExternalSecret default (CRD default 1h0m0s)
const DEFAULT_REFRESH = HOUR;

/** Lifetime of the credential a generator issues, where the kind fixes it or the spec states it. */
export function lifetime(kind: string, spec: any): number | undefined {
  switch (kind) {
    case 'GithubAccessToken':
    case 'GCRAccessToken':
      return HOUR;
    case 'ECRAuthorizationToken':
      return 12 * HOUR;
    case 'STSSessionToken': {
      const seconds = spec?.requestParameters?.sessionDuration;
      return typeof seconds === 'number' ? seconds * 1000 : undefined;
    }
    default:
      return undefined;
  }
}

/** The generator kind and spec a generatorRef resolves to (ClusterGenerators through the output). */
export function generatorOf(ref: any, namespace: string | undefined, manifests: any[]): { kind: string; spec: any } | undefined {
  const index = ManifestIndex.of(manifests);
  const found = typeof ref?.kind !== 'string' ? undefined
    : (ref.kind === 'ClusterGenerator' ? index.named(GENERATORS, ref.kind, ref.name) : index.namedIn(GENERATORS, ref.kind, namespace, ref.name))[0];
  if (ref?.kind === 'ClusterGenerator') {
    const kind = found?.spec?.kind;
    return kind ? { kind, spec: Object.values(found.spec.generator ?? {})[0] } : undefined;
  }
  return typeof ref?.kind === 'string' ? { kind: ref.kind, spec: found?.spec } : undefined;
}

function formatMillis(ms: number): string {
  return ms % HOUR === 0 ? `${ms / HOUR}h` : `${ms / 60_000}m`;
}

export const esoRefreshLifetime: RuleDefinition = {
  id: 'ZT-ESO3',
  level: ComplianceLevel.ERROR,
  message: 'ExternalSecret refreshes a short-lived credential no sooner than it expires',
  explanation: 'A generated token (GitHub App tokens live 60 minutes) must be renewed well before it expires, or '
    + 'consumers hold an expired credential. Set refreshInterval below the lifetime (e.g. 30m for 1h tokens), with '
    + 'refreshPolicy Periodic.',
  fix: 'set refreshInterval below the credential\'s lifetime (e.g. 30m for 1h tokens)',
  anchors: ['ESO generators: GithubAccessToken, ECRAuthorizationToken, GCRAccessToken, STSSessionToken', 'S1: tokens live at most 60 minutes'],
  kinds: ['external-secrets.io/ExternalSecret'],
  check: (manifest, manifests) => {
    if (!isKind(manifest, 'external-secrets.io', 'ExternalSecret')) return NOT_APPLICABLE;
    const spec = manifest.spec ?? {};
    const refs = asArray(spec.dataFrom).map(d => d?.sourceRef?.generatorRef).filter(r => r !== undefined);
    const lifetimes = refs.flatMap(ref => {
      const generator = generatorOf(ref, manifest.metadata?.namespace, manifests);
      const ms = generator && lifetime(generator.kind, generator.spec);
      return ms === undefined ? [] : [{ ref, ms }];
    });
    if (lifetimes.length === 0) return NOT_APPLICABLE;
    const refresh = spec.refreshInterval === undefined ? DEFAULT_REFRESH : parseGoDuration(spec.refreshInterval);
    const once = spec.refreshPolicy === 'CreatedOnce' || spec.refreshPolicy === 'OnChange';
    return outcome(lifetimes.flatMap(({ ref, ms }) => {
      const label = `${ref.kind} ${ref.name} (lifetime ${formatMillis(ms)})`;
      if (once) return [`${label}: refreshPolicy ${spec.refreshPolicy} never renews it`];
      if (refresh === undefined) return [`${label}: refreshInterval ${JSON.stringify(spec.refreshInterval)} does not parse`];
      if (refresh === 0) return [`${label}: refreshInterval 0 never renews it`];
      return refresh >= ms ? [`${label}: refreshInterval ${spec.refreshInterval ?? '1h (default)'} is not below the lifetime`] : [];
    }));
  },
};
