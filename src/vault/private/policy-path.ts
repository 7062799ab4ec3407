const SEGMENT_CHARS = /^[A-Za-z0-9_.@:=~-]+$/;

/** Stands for one template while a path's segments are checked: a character no policy path may contain. */
const MARK = '\u0000';

/** A mount accessor as Vault generates it: `auth_<type>_<first 8 hex digits of a UUID>`. */
const ACCESSOR = /^auth_[A-Za-z0-9_-]+_[0-9a-f]{8}$/;
/** vault-config-operator's placeholder for an auth mount's accessor, which it resolves before writing the policy. */
const ACCESSOR_PLACEHOLDER = /^\$\{auth\/[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/@accessor\}/;
/** A metadata key: Vault takes everything after `metadata.`; kept to characters that cannot break the HCL string. */
const METADATA_KEY = /^[A-Za-z0-9_.-]+$/;
/** A group ID or name: Vault splits the parameter on '.', so neither may contain one. */
const GROUP_SELECTOR = /^[A-Za-z0-9_-]+$/;

/** The policy parameters Vault resolves in ACL paths, for messages. */
export const POLICY_PARAMETERS = 'identity.entity.id, identity.entity.name, identity.entity.metadata.<key>, '
  + 'identity.entity.aliases.<mount accessor>.id|name|metadata.<key>|custom_metadata.<key>, '
  + 'identity.groups.ids.<group id>.id|name|metadata.<key>, identity.groups.names.<group name>.id|name|metadata.<key>';

/**
 * Checks a policy path: segments of letters, digits and `_ . @ : = ~ -` joined by '/', where a segment may
 * be exactly `+` (matches one segment) and the path may end with `*` (prefix match). Vault accepts `*`
 * nowhere else, and a `+` inside a segment would be taken literally.
 *
 * A segment may also hold one ACL template (`{{identity.entity.aliases.<accessor>.metadata.<key>}}`, see
 * `templateProblem`), which Vault fills in from the identity of each token, but only where the template cannot
 * widen the grant: not in the first segment (the value would choose the mount, `sys/` included), not in the
 * segment a `*` extends (`tenants/{{x}}*` lets tenant `a` read `ab/`), not after a `+` segment (the value would
 * match under every sibling, other tenants' trees included), and not twice in one segment (`{{a}}-{{b}}` gives
 * `x-y` + `z` and `x` + `y-z` the same path).
 */
export function vaultPolicyPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'it is empty';
  if (path.includes(MARK)) return 'it contains a NUL character';
  const marked = markTemplates(path);
  if (typeof marked !== 'string') return marked.problem;
  if (marked.startsWith('/')) return 'it must not start with \'/\' (Vault paths are relative to the API root)';
  const star = marked.indexOf('*');
  if (star !== -1 && star !== marked.length - 1) return '\'*\' is only allowed as the last character (a prefix match)';
  const body = star === -1 ? marked : marked.slice(0, -1);
  if (body.length === 0) return 'a bare \'*\' grants every path in Vault; name the path';
  const segments = body.split('/');
  const segmentProblem = segmentsProblem(segments);
  if (segmentProblem !== undefined) return segmentProblem;
  // a wildcard in the first segment spans mounts: '+' is every mount, 's*' reaches sys/ as well as secret/
  const first = segments[0];
  if (first === '+') return 'its first segment \'+\' matches every mount, sys/ and auth/ included';
  if (star !== -1 && segments.length === 1) {
    return 'its \'*\' is in the first segment, so it matches every mount that starts alike (e.g. sys/)';
  }
  return templatePositionProblem(segments, star !== -1);
}

function segmentsProblem(segments: string[]): string | undefined {
  // a trailing '/' before '*' (or at the end) leaves one empty last segment, which is fine
  const last = segments.length - 1;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '' && i === last && i > 0) continue;
    if (segment === '') return 'it contains an empty segment (\'//\')';
    if (segment === '+') continue;
    const shown = segment.split(MARK).join('{{…}}');
    if (segment.includes('+')) return `'+' must be a whole segment (it matches exactly one), not part of "${shown}"`;
    if (segment === '.' || segment === '..') return `it contains the relative segment "${segment}"`;
    const literal = segment.split(MARK).join('');
    if (literal !== '' && !SEGMENT_CHARS.test(literal)) return `the segment "${shown}" may only contain letters, digits and _ . @ : = ~ -`;
  }
  return undefined;
}

/** Where a template would let one identity's path reach another's. */
function templatePositionProblem(segments: string[], globbed: boolean): string | undefined {
  const templated = segments.map(s => s.split(MARK).length - 1);
  if (templated[0] > 0) {
    return 'its first segment is a template, so the identity would choose the mount (a value "sys" reaches sys/); '
      + 'name the mount and template a later segment, e.g. "secret/data/tenants/{{…}}/*"';
  }
  const twice = templated.findIndex(n => n > 1);
  if (twice !== -1) {
    return `its segment "${segments[twice].split(MARK).join('{{…}}')}" holds two templates, so different identities can `
      + 'render the same path (a-b + c and a + b-c); put each template in a segment of its own';
  }
  const last = segments.length - 1;
  if (globbed && templated[last] > 0) {
    return 'its \'*\' extends the templated segment, so identity "a" also matches "ab…" and "a-b…", other identities\' '
      + 'paths included; end the template\'s segment with \'/\' before the glob, e.g. "secret/data/tenants/{{…}}/*"';
  }
  const plus = segments.indexOf('+');
  const firstTemplate = templated.findIndex(n => n > 0);
  if (plus !== -1 && firstTemplate !== -1 && plus < firstTemplate) {
    return 'it has a \'+\' segment before the template, so the identity\'s value matches under every sibling, other '
      + 'identities\' trees included; name that segment, e.g. "secret/data/tenants/{{…}}/+/config"';
  }
  return undefined;
}

/**
 * The path with each `{{...}}` template replaced by `MARK`, after checking the braces balance the way Vault's
 * templating does (every `{{` closed by one `}}` before the next `{{`) and that each template is a policy
 * parameter Vault resolves.
 */
function markTemplates(path: string): string | { problem: string } {
  if (!path.includes('{') && !path.includes('}')) return path;
  const pieces = path.split('{{');
  if (pieces[0].includes('}}')) return { problem: 'it has a \'}}\' without a \'{{\' before it (unbalanced template braces)' };
  let marked = pieces[0];
  for (const piece of pieces.slice(1)) {
    const parts = piece.split('}}');
    if (parts.length !== 2) {
      return { problem: `it has a '{{' that is not closed by exactly one '}}' before the next '{{' (unbalanced template braces): "{{${piece}"` };
    }
    const problem = templateProblem(parts[0]);
    if (problem !== undefined) return { problem };
    marked += MARK + parts[1];
  }
  if (/[{}]/.test(marked.split(MARK).join(''))) {
    return { problem: 'it has a single \'{\' or \'}\' outside a template (templates are written {{identity....}})' };
  }
  return marked;
}

/**
 * Why the inside of a `{{...}}` is not a parameter Vault resolves in an ACL path, or undefined when it is. Vault
 * trims spaces around it; maps and lists (`identity.entity.metadata`, `identity.entity.groups.names`) and
 * `time.*` do not render into a path, so they are refused with the rest.
 */
export function templateProblem(inner: string): string | undefined {
  const expression = inner.replace(/^ +| +$/g, '');
  const shown = `{{${inner}}}`;
  if (/\s/.test(expression)) return `the template "${shown}" contains whitespace other than spaces around the parameter; remove it`;
  const entity = /^identity\.entity\.(.*)$/.exec(expression);
  if (entity) return entityProblem(entity[1], shown);
  const group = /^identity\.groups\.(ids|names)\.([^.]*)\.(.*)$/.exec(expression);
  if (group) {
    if (!GROUP_SELECTOR.test(group[2])) {
      return `the template "${shown}" names the group ${JSON.stringify(group[2])}: a group ${group[1] === 'ids' ? 'ID' : 'name'} there may only contain letters, digits, '_' and '-'`;
    }
    return selectorProblem(group[3], ['id', 'name'], ['metadata'], shown);
  }
  return unknownParameter(shown);
}

function unknownParameter(shown: string): string {
  return `the template "${shown}" is not a policy parameter Vault resolves; use one of ${POLICY_PARAMETERS}`;
}

function entityProblem(rest: string, shown: string): string | undefined {
  if (!rest.startsWith('aliases.')) return selectorProblem(rest, ['id', 'name'], ['metadata'], shown);
  const afterAliases = rest.slice('aliases.'.length);
  const placeholder = ACCESSOR_PLACEHOLDER.exec(afterAliases);
  const accessor = placeholder ? placeholder[0] : afterAliases.split('.')[0];
  if (!placeholder && !ACCESSOR.test(accessor)) {
    return `the template "${shown}" selects the alias by ${JSON.stringify(accessor)}, which is not a mount accessor: write the `
      + 'accessor Vault gave the auth mount (e.g. auth_kubernetes_1a2b3c4d, from `vault auth list`) or vault-config-operator\'s '
      + 'placeholder ${auth/<mount path>/@accessor} (VaultPolicyTemplate.accessorOf("kubernetes"))';
  }
  const selector = afterAliases.slice(accessor.length);
  if (!selector.startsWith('.')) return unknownParameter(shown);
  return selectorProblem(selector.slice(1), ['id', 'name'], ['metadata', 'custom_metadata'], shown);
}

/** Problems of the last part of a parameter: one of `plain`, or `<map>.<key>` for a map in `maps`. */
function selectorProblem(selector: string, plain: string[], maps: string[], shown: string): string | undefined {
  if (plain.includes(selector)) return undefined;
  const map = maps.find(m => selector.startsWith(`${m}.`));
  if (map === undefined) return unknownParameter(shown);
  const key = selector.slice(map.length + 1);
  return METADATA_KEY.test(key) ? undefined : `the template "${shown}" reads the metadata key ${JSON.stringify(key)}, which may only contain letters, digits and _ . -`;
}
