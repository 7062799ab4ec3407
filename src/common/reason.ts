/**
 * Written reasons: every opt-in that weakens a default, and every compliance acknowledgement, carries one so a
 * reviewer reads why. A reason must read as words, so that padding (`xxxxxxxxxx`), invisible characters
 * (zero-width spaces, Hangul fillers) or a repeated word cannot stand in for one.
 */
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { refuseCredential } from './literals';
import { shown } from './redact';

/** The fewest visible (non-space) characters a reason may have. */
export const MIN_REASON_LENGTH = 10;

// Characters that render as nothing or as blank space but are not whitespace: Unicode's default-ignorable code
// points (zero-width space and joiners, soft hyphen, the Hangul fillers U+3164/U+FFA0/U+115F/U+1160, variation
// selectors, tags), the braille blank, format and control characters, private-use, unassigned and lone surrogates.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800\p{Cf}\p{Co}\p{Cn}\p{Cs}]|[^\P{Cc}\t\n\r]/u;
const WORD = /\p{L}[\p{L}\p{M}]*/gu;

/** Why `reason` does not read as a reason, or undefined when it does. */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string') return 'it is not text';
  const invisible = INVISIBLE.exec(reason);
  if (invisible) {
    const code = invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `it contains the invisible or control character U+${code}`;
  }
  const visible = [...reason.replace(/\s+/gu, '')];
  if (visible.length < MIN_REASON_LENGTH) {
    return `it has ${visible.length} visible character${visible.length === 1 ? '' : 's'}, fewer than ${MIN_REASON_LENGTH}`;
  }
  if (new Set(visible.map(c => c.toLowerCase())).size === 1) return 'it repeats one character';
  // a word has at least two different letters: `xxxxx yyyyy` is padding, not words
  const words = new Set((reason.match(WORD) ?? []).map(w => w.toLowerCase()).filter(w => new Set(w).size >= 2));
  if (words.size < 2) return 'it does not have two different words (of at least two different letters)';
  return undefined;
}

/**
 * Checks a written reason and returns it trimmed.
 *
 * @param prop the prop or parameter that carries the reason, named in the error
 * @param purpose what the reason must explain, e.g. `why the store may serve every namespace`
 * @throws when the reason does not read as words (see `reasonProblem`)
 */
export function validateReason(scope: IConstruct | undefined, prop: string, reason: unknown, purpose: string): string {
  // a reason is written into an annotation and the report: it must not carry a credential either
  refuseCredential(scope, prop, reason);
  const problem = reasonProblem(reason);
  if (problem !== undefined) {
    throw new ValidationError(`'${prop}' (${shown(reason)}) is not a written reason: ${problem}; say in words ${purpose}, `
      + `at least ${MIN_REASON_LENGTH} visible characters, e.g. "the spoke's CA rotates weekly and is pinned by the platform team"`, scope);
  }
  return (reason as string).trim();
}
