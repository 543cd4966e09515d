import { hostRule } from '../rule.js';

export default hostRule({
  meta: {
    id: 'require-content-trust',
    title: 'Docker content trust is not enforced for this client',
    severity: 'info',
    reads: 'host',
    cis: ['4.5'],
    docs: {
      why:
        'An image tag is only a name: the registry, or anyone who can push to it, decides which content it points to. With ' +
        '`DOCKER_CONTENT_TRUST=1`, the docker client pulls, runs and builds only tags that carry a valid signature from the ' +
        'publisher. It is a client setting, so it protects what is started from this environment, not the daemon as a whole.',
      fix:
        'Export `DOCKER_CONTENT_TRUST=1` for the users and pipelines that start containers (in their shell profile or CI ' +
        'environment), and sign the images you publish. Where registries do not serve Notary signatures, verify images with ' +
        'a signature tool such as cosign in the deployment pipeline instead.',
      examples: [
        { kind: 'host', bad: '$ echo "${DOCKER_CONTENT_TRUST:-unset}"\nunset', good: '$ echo "${DOCKER_CONTENT_TRUST:-unset}"\n1' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.contentTrust.value) return;
    report({
      message: 'DOCKER_CONTENT_TRUST is not set to 1 in this environment: images are pulled and run without checking their signatures',
      at: facts.contentTrust.at,
      fix: { description: 'export DOCKER_CONTENT_TRUST=1' },
    });
  },
});
