/**
 * Patterns judged by what they match, not by how they are spelled. Shared by the compliance rules and the
 * constructors, so that both reach the same verdict:
 *
 * - Go RE2 (what ESO's `regexp.MatchString` reads in ClusterSecretStore `namespaceRegexes`) parsed the way Go's
 *   `regexp/syntax` does with its Perl flags, translated to a JavaScript `RegExp`, and turned into an automaton
 *   over the namespace alphabet to measure which share of all namespace names a pattern admits;
 * - the globs Argo CD matches with `github.com/gobwas/glob` (destinations, source namespaces, source repositories)
 *   and its repository URL normalization;
 * - remote keys as the secret manager's client reads them (Vault's client cleans the path) and the key prefix
 *   matched on a path boundary.
 *
 * Everything here is pure and deterministic (no locale, no clock, seeded pseudo-random probes).
 */

export { re2Matches, re2Problem, re2ToRegExp } from './re2';
export {
  describeSystem, isSystemNamespace, namespaceCorpus, namespaceRegexProblems, namespaceRegexReach, SYSTEM_FAMILIES, SYSTEM_NAMESPACES,
  UNSCOPED_SHARE, type NamespaceReach,
} from './namespaces';
export {
  argoGlobMatches, clusterPatternProblem, globToRe2, isGlob, namespaceGlobReach, normalizeGitUrl, projectNamespaceProblem,
  sourceRepoProblem,
} from './argocd-globs';
export { isWithinKeyPrefix, normalizeRemoteKey, remoteKeyProblem, type NormalizedKey, type RemoteKeyOptions } from './remote-keys';
