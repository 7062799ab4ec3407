const SEGMENT_CHARS = /^[A-Za-z0-9_.@:=~-]+$/;

/**
 * Checks a policy path: segments of letters, digits and `_ . @ : = ~ -` joined by '/', where a segment may
 * be exactly `+` (matches one segment) and the path may end with `*` (prefix match). Vault accepts `*`
 * nowhere else, and a `+` inside a segment would be taken literally.
 */
export function vaultPolicyPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'it is empty';
  if (path.startsWith('/')) return 'it must not start with \'/\' (Vault paths are relative to the API root)';
  const star = path.indexOf('*');
  if (star !== -1 && star !== path.length - 1) return '\'*\' is only allowed as the last character (a prefix match)';
  const body = star === -1 ? path : path.slice(0, -1);
  if (body.length === 0) return 'a bare \'*\' grants every path in Vault; name the path';
  const segments = body.split('/');
  // a trailing '/' before '*' (or at the end) leaves one empty last segment, which is fine
  const last = segments.length - 1;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '' && i === last && i > 0) continue;
    if (segment === '') return 'it contains an empty segment (\'//\')';
    if (segment === '+') continue;
    if (segment.includes('+')) return `'+' must be a whole segment (it matches exactly one), not part of "${segment}"`;
    if (segment === '.' || segment === '..') return `it contains the relative segment "${segment}"`;
    if (!SEGMENT_CHARS.test(segment)) return `the segment "${segment}" may only contain letters, digits and _ . @ : = ~ -`;
  }
  // a wildcard in the first segment spans mounts: '+' is every mount, 's*' reaches sys/ as well as secret/
  const first = segments[0];
  if (first === '+') return 'its first segment \'+\' matches every mount, sys/ and auth/ included';
  if (star !== -1 && segments.length === 1) {
    return 'its \'*\' is in the first segment, so it matches every mount that starts alike (e.g. sys/)';
  }
  return undefined;
}
