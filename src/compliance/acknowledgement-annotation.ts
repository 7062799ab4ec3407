import { ACKNOWLEDGEMENT_ANNOTATION } from './annotations';
import { reasonProblem } from '../common/reason';

/** What an acknowledgement annotation on a manifest says: valid entries, and why the others are not. */
export interface AnnotatedAcknowledgements {
  /** The raw annotation value (undefined when the manifest has none). */
  readonly raw?: string;
  /** Entries whose reason reads as words (the pack checks that the id names a rule). */
  readonly valid: { id: string; reason: string }[];
  /** Entries that cannot count, each `<id>: <why>`. */
  readonly problems: string[];
  /**
   * Why the annotation as a whole cannot be read.
   *
   * @default - it is a JSON object
   */
  readonly malformed?: string;
}

/**
 * Acknowledgements recorded in a manifest's annotation (a JSON object of rule id to reason), so YAML checked
 * outside the construct tree (the cdk8s-cli plugin) keeps them. Whether they are honoured is the pack's
 * decision: a manifest can carry any annotation, so only a trusted source's count.
 */
export function annotatedAcknowledgements(manifest: any): AnnotatedAcknowledgements {
  const raw = manifest?.metadata?.annotations?.[ACKNOWLEDGEMENT_ANNOTATION];
  if (raw === undefined) return { valid: [], problems: [] };
  if (typeof raw !== 'string') return { raw: String(raw), valid: [], problems: [], malformed: 'the annotation is not a string' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { raw, valid: [], problems: [], malformed: 'the annotation is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { raw, valid: [], problems: [], malformed: 'the annotation is not a JSON object of rule id to reason' };
  }
  const valid: { id: string; reason: string }[] = [];
  const problems: string[] = [];
  for (const [id, reason] of Object.entries(parsed as Record<string, unknown>)) {
    const problem = reasonProblem(reason);
    if (problem === undefined) valid.push({ id, reason: (reason as string).trim() });
    else problems.push(`${id}: ${problem}`);
  }
  return { raw, valid, problems };
}
