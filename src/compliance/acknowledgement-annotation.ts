import { Compliance, ComplianceAcknowledgement } from './acknowledgement';

/**
 * Acknowledgements recorded in a manifest's annotation (a JSON object of rule id to reason), so YAML checked
 * outside the construct tree (the cdk8s-cli plugin, `Include`) keeps them. Entries with a short reason count as none.
 */
export function annotatedAcknowledgements(manifest: any): ComplianceAcknowledgement[] {
  const raw = manifest?.metadata?.annotations?.[Compliance.ANNOTATION];
  if (typeof raw !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>)
    .filter(([, reason]) => typeof reason === 'string' && reason.trim().length >= Compliance.MIN_REASON_LENGTH)
    .map(([id, reason]) => ({ id, reason: (reason as string).trim() }));
}
