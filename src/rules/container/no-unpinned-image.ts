import { containerRule } from '../rule.js';
import { pulledImage } from './pulled-image.js';

export default containerRule({
  meta: {
    id: 'no-unpinned-image',
    title: 'Image is not pinned to a digest',
    severity: 'medium',
    reads: 'container',
    cis: ['4.2'],
    docs: {
      why:
        'A tag is a movable pointer: `latest`, or a missing tag, can mean a different image every time the host pulls, ' +
        'and even a version tag can be pushed again with new content. Deployments then differ from what was tested, ' +
        'and a compromised registry account can swap the image under a trusted name. Only a digest names fixed content.',
      fix:
        'Name an explicit version, and for production pin the digest as well: `nginx:1.27.2@sha256:…`. Tools such as ' +
        'Renovate or Dependabot can keep pinned digests up to date.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:latest',
          good: 'services:\n  app:\n    image: nginx:1.27.2@sha256:0b0d0bd7d1d8f1f1fe8b2a5b5a2e9e7f0c6f3b7a3b4c5d6e7f8091a2b3c4d5e6',
        },
        {
          kind: 'run',
          bad: 'docker run nginx',
          good: 'docker run nginx:1.27.2@sha256:0b0d0bd7d1d8f1f1fe8b2a5b5a2e9e7f0c6f3b7a3b4c5d6e7f8091a2b3c4d5e6',
        },
      ],
    },
  },
  check(facts, { report }) {
    const pulled = pulledImage(facts);
    if (!pulled || pulled.ref.digest) return;
    const { image, ref } = pulled;
    const fix = { description: 'pin the image to a version and a digest' };
    if (ref.tag === undefined || ref.tag === 'latest') {
      report({
        message: ref.tag
          ? `image "${image.value}" uses the latest tag, which points at different content over time`
          : `image "${image.value}" has no tag, so it pulls whatever latest points at`,
        at: image.at,
        fix,
      });
      return;
    }
    report({
      message: `image "${image.value}" is pinned by tag only: the tag can be moved to other content, a digest cannot`,
      at: image.at,
      severity: 'info',
      fix,
    });
  },
});
