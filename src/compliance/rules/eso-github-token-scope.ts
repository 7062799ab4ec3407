import { sortedStrings } from '../../common/sort';
import { isKind, isObject } from '../manifest';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

const GENERATORS = 'generators.external-secrets.io';
/** GitHub repository names, as `GithubAccessToken`'s constructor accepts them. */
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Why a GithubAccessToken spec reaches more than named repositories with read permissions: the checks the
 * `GithubAccessToken` constructor makes, and read as the only level (ESO sends `repositories` only when the list is
 * non-empty, and `permissions` whenever set: GitHub then grants every permission of the App for an empty object).
 */
export function githubTokenScopeProblems(spec: any, path: string): string[] {
  if (!isObject(spec)) return [`${path} is missing: the token would reach every repository with every permission of the App`];
  const problems: string[] = [];
  const repositories = spec.repositories;
  if (repositories === undefined || repositories === null || (Array.isArray(repositories) && repositories.length === 0)) {
    problems.push(`${path}.repositories is ${Array.isArray(repositories) ? 'empty' : 'unset'}: the token reaches every repository of the installation`);
  } else if (!Array.isArray(repositories)) {
    problems.push(`${path}.repositories is not a list`);
  } else {
    repositories.forEach((repo, i) => {
      if (typeof repo === 'string' && repo.includes('/')) {
        problems.push(`${path}.repositories[${i}] ${JSON.stringify(repo)} names an owner: GitHub expects the repository name only (e.g. "${repo.split('/').pop()}")`);
      } else if (typeof repo !== 'string' || !REPOSITORY.test(repo)) {
        problems.push(`${path}.repositories[${i}] ${JSON.stringify(repo)} is not a repository name (1 to 100 letters, digits, '.', '_' or '-')`);
      }
    });
  }
  const permissions = spec.permissions;
  if (permissions === undefined || permissions === null || (isObject(permissions) && Object.keys(permissions).length === 0)) {
    problems.push(`${path}.permissions is ${isObject(permissions) ? 'empty' : 'unset'}: the token gets every permission of the App`);
  } else if (!isObject(permissions)) {
    problems.push(`${path}.permissions is not a map of permission to level`);
  } else {
    for (const name of sortedStrings(Object.keys(permissions))) {
      const level = permissions[name];
      if (level !== 'read') problems.push(`${path}.permissions.${name} is ${JSON.stringify(level)}: above read (write and admin change the repository or its settings)`);
    }
  }
  return problems;
}

export const esoGithubTokenScope: RuleDefinition = {
  id: 'ZT-ESO8',
  level: ComplianceLevel.ERROR,
  message: 'GitHub App token not scoped to named repositories with read permissions',
  explanation: 'A GithubAccessToken generator without repositories gets a token for every repository of the App\'s '
    + 'installation, and without permissions (or with an empty map) every permission the App holds; write and admin '
    + 'let whoever reads the Secret push code or change settings. Name the repositories (without the owner) and grant '
    + 'read only, e.g. permissions { contents: read }. Also checked inside a ClusterGenerator\'s githubAccessTokenSpec.',
  fix: 'list the repositories by name and set permissions to read, e.g. { contents: read }',
  anchors: ['GitHub REST: create an installation access token (repositories, permissions)', 'ESO GithubAccessToken generator',
    'S1: tokens scoped to the repositories Argo CD clones'],
  beyondAnchors: 'GitHub and ESO default an unscoped request to everything the installation has; this rule also reads '
    + 'ClusterGenerators and treats an empty permissions map like a missing one.',
  kinds: ['generators.external-secrets.io/GithubAccessToken', 'generators.external-secrets.io/ClusterGenerator'],
  check: manifest => {
    if (isKind(manifest, GENERATORS, 'GithubAccessToken')) return outcome(githubTokenScopeProblems(manifest.spec, 'spec'));
    if (!isKind(manifest, GENERATORS, 'ClusterGenerator')) return NOT_APPLICABLE;
    const generator = manifest.spec?.generator;
    const hasSpec = isObject(generator) && generator.githubAccessTokenSpec !== undefined;
    if (manifest.spec?.kind !== 'GithubAccessToken' && !hasSpec) return NOT_APPLICABLE;
    return outcome(githubTokenScopeProblems(isObject(generator) ? generator.githubAccessTokenSpec : undefined, 'spec.generator.githubAccessTokenSpec'));
  },
};
