import { containerOutcome, EVERY_POD, POD_KIND_KEYS } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';
import { hasDigest } from './image-pinned';

export const imageDigest: RuleDefinition = {
  id: 'ZT-IMG2',
  level: ComplianceLevel.WARNING,
  message: 'image is referenced by tag, not by digest',
  explanation: 'A tag can be moved to other content; a digest cannot. Reference images as image@sha256:<digest> '
    + '(keeping the tag for readers: image:1.2.3@sha256:<digest>).',
  fix: 'reference the image by digest, e.g. image:1.2.3@sha256:<digest>',
  anchors: ['Kyverno require-image-checksum', 'ACS latest_tag.json'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, c =>
    typeof c.image !== 'string' || hasDigest(c.image) ? undefined : `image ${c.image} has no digest`),
};
