import { asArray, isKind } from '../manifest';
import { NOT_APPLICABLE, outcome, RuleOutcome } from '../rule-definition';

/** Runs `check` on each OIDC provider of an OpenShift Authentication of type OIDC. */
export function eachOidcProvider(manifest: any, check: (provider: any) => string[]): RuleOutcome {
  if (!isKind(manifest, 'config.openshift.io', 'Authentication') || manifest.spec?.type !== 'OIDC') return NOT_APPLICABLE;
  return outcome(asArray(manifest.spec?.oidcProviders).flatMap(p => check(p ?? {}).map(f => `oidcProviders ${p?.name}: ${f}`)));
}
