import { annotatedAcknowledgements } from '../acknowledgement-annotation';
import { ACKNOWLEDGEMENT_ANNOTATION } from '../annotations';
import { ComplianceLevel, NOT_APPLICABLE, outcome, RuleDefinition } from '../rule-definition';

export const acknowledgementAnnotation: RuleDefinition = {
  id: 'ZT-ACK1',
  level: ComplianceLevel.ERROR,
  message: 'manifest acknowledges findings in an annotation the pack does not trust',
  explanation: 'Anyone who can write a manifest (a raw object, included third-party YAML, an overlay patch) can write '
    + `the ${ACKNOWLEDGEMENT_ANNOTATION} annotation, so it silences nothing by itself: acknowledgements are made through `
    + 'Compliance.of(construct).acknowledge() or a construct\'s opt-in, where the reason is checked and the report shows '
    + 'what each covers. Annotations the pack wrote itself (annotateAcknowledgements) are its own; others count only '
    + 'where the pack is told to trust them (trustAnnotatedAcknowledgements), and their reasons must read as words.',
  fix: 'acknowledge through Compliance.of(construct).acknowledge({ id, reason }), or name the trusted construct path in trustAnnotatedAcknowledgements',
  anchors: ['cdk-nag: suppressions made in code with a reason', 'Kyverno PolicyException: exceptions are separate, reviewable objects'],
  beyondAnchors: 'cdk-nag reads suppressions from template metadata that any construct can write; here a written '
    + 'annotation is a finding unless its source is trusted, and padded or invisible reasons are refused.',
  check: manifest => {
    const annotated = annotatedAcknowledgements(manifest);
    if (annotated.raw === undefined) return NOT_APPLICABLE;
    const ids = [...annotated.valid.map(a => a.id), ...annotated.problems.map(p => p.slice(0, p.indexOf(':')))];
    const why = [...annotated.malformed !== undefined ? [annotated.malformed] : [], ...annotated.problems];
    return outcome([`metadata.annotations["${ACKNOWLEDGEMENT_ANNOTATION}"] acknowledges ${ids.join(', ') || 'nothing'}${why.length > 0 ? ` (${why.join('; ')})` : ''}`]);
  },
};
