import type { StageFacts } from '../../facts/build.js';
import { parseImageReference } from '../helpers/image-reference.js';
import { buildRule, type ReportInput } from '../rule.js';

/** The finding for a stage's base image, if it is not pinned to a digest. */
function pinningFinding(stage: StageFacts): ReportInput | undefined {
  const { from } = stage;
  if (from.stageRef !== undefined || from.unresolved || from.image.toLowerCase() === 'scratch') return undefined;
  const reference = parseImageReference(from.image);
  if (!reference || reference.digest) return undefined;
  if (reference.tag === undefined || reference.tag === 'latest') {
    const what = reference.tag === undefined ? 'has no tag' : 'uses the "latest" tag';
    return {
      message: `base image "${from.image}" ${what}: each build may get a different image; pin a version tag and a digest`,
      at: from.at,
      fix: { description: 'pin a version tag and its digest: FROM image:1.2.3@sha256:<digest>' },
    };
  }
  return {
    message: `base image "${from.image}" is pinned to a tag, not a digest: the tag can be moved to other content`,
    at: from.at,
    severity: 'info',
    fix: { description: 'add the digest: FROM image:tag@sha256:<digest>, and let a bot such as Renovate or Dependabot update it' },
  };
}

export default buildRule({
  meta: {
    id: 'no-unpinned-base-image',
    title: 'Base image is not pinned',
    severity: 'medium',
    reads: 'build',
    cis: [],
    equivalents: { hadolint: 'DL3006, DL3007', trivy: 'DS001', checkov: 'CKV_DOCKER_7' },
    docs: {
      why:
        'A FROM line without a tag, or with `latest`, resolves to whatever the registry serves on the day of the build, so two builds of the same commit can ship different operating systems and libraries, ' +
        'and a compromised or mistaken push upstream flows straight into your image. A version tag narrows this but can still be re-pointed; only a digest names fixed content. ' +
        'Missing tags and `latest` are reported at medium severity; a tag without a digest is reported as information.',
      fix:
        'Name a version tag, and add the digest the tag currently points to: `FROM python:3.12-slim@sha256:<digest>` (see `docker buildx imagetools inspect python:3.12-slim`). ' +
        'Let Renovate or Dependabot propose digest updates so that patches still arrive. FROM scratch and FROM <earlier stage> are never reported.',
      examples: [
        { kind: 'dockerfile', bad: 'FROM node\nUSER node', good: 'FROM node:20.11.1-bookworm-slim@sha256:' + 'f'.repeat(64) + '\nUSER node' },
        { kind: 'dockerfile', bad: 'FROM ubuntu:latest\nUSER 1000', good: 'FROM ubuntu:24.04@sha256:' + 'e'.repeat(64) + '\nUSER 1000' },
      ],
    },
  },
  check(facts, { report }) {
    for (const stage of facts.stages) {
      const finding = pinningFinding(stage);
      if (finding) report(finding);
    }
  },
});
