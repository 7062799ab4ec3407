import { containerOutcome, EVERY_POD, POD_KIND_KEYS } from '../pods';
import { ComplianceLevel, RuleDefinition } from '../rule-definition';

/** The tag of an image reference (after the last path segment's colon), or undefined. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

export function hasDigest(image: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(image);
}

export const imagePinned: RuleDefinition = {
  id: 'ZT-IMG1',
  level: ComplianceLevel.ERROR,
  message: 'image has no tag or the mutable tag latest',
  explanation: 'latest (or no tag, which means latest) changes under the same manifest, so what runs is not what '
    + 'was reviewed and Argo CD cannot tell. Pin a version tag, or better a digest (image@sha256:...).',
  fix: 'pin the image by version tag and digest, e.g. image:1.2.3@sha256:<digest>',
  anchors: ['kube-linter latest-tag', 'ACS latest_tag.json', 'Kyverno disallow-latest-tag', 'tekton-lint no-latest-image'],
  beyondAnchors: EVERY_POD,
  kinds: POD_KIND_KEYS,
  check: manifest => containerOutcome(manifest, c => {
    if (typeof c.image !== 'string' || hasDigest(c.image)) return undefined;
    const tag = imageTag(c.image);
    if (tag === undefined) return `image ${c.image} has no tag`;
    return tag === 'latest' ? `image ${c.image} uses the latest tag` : undefined;
  }),
};
