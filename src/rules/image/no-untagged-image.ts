import { shortImageId } from '../../facts/image.js';
import { imageRule } from '../rule.js';

export default imageRule({
  meta: {
    id: 'no-untagged-image',
    title: 'Untagged image left on the host',
    severity: 'info',
    reads: 'image',
    cis: ['6.1'],
    docs: {
      why:
        'An image without a tag is usually what an earlier build or pull left behind when its tag moved on. Nobody ' +
        'refers to it by name, so nobody rebuilds or reviews it, yet a container can still be started from it by id, ' +
        'with whatever vulnerabilities it had. Such images also hide the images that matter in audits and fill the disk.',
      fix: 'Remove dangling images (`docker image prune`), and run it on a schedule on build hosts.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image ls --filter dangling=true --format '{{.ID}} {{.Repository}}:{{.Tag}}'\n4773cd9357e6 <none>:<none>",
          good: "$ docker image ls --filter dangling=true --format '{{.ID}}'\n(nothing)",
        },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.tags.length > 0) return;
    report({
      message: `image ${shortImageId(facts.id)} has no tag: an unused build or pull leftover that nothing rebuilds`,
      at: { ...facts.at, path: 'RepoTags' },
      fix: { description: 'remove it with docker image prune, unless a container still needs it' },
    });
  },
});
