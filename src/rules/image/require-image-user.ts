import { imageRule } from '../rule.js';

export default imageRule({
  meta: {
    id: 'require-image-user',
    title: 'Image runs as root by default',
    severity: 'medium',
    reads: 'image',
    equivalents: { dockle: 'CIS-DI-0001' },
    cis: ['4.1'],
    docs: {
      why:
        'A container started from the image without `--user` runs its process as the user the image names, and as root ' +
        'when it names none. Root in a container is root on the host kernel, held back only by namespaces and dropped ' +
        'capabilities; a kernel or runtime escape then lands as host root. Images that name an unprivileged user make ' +
        'the safe choice the default for everyone who runs them.',
      fix: 'Create a user in the Dockerfile and end the final stage with `USER name` (or `USER 10001:10001`), then rebuild.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image inspect -f '{{json .Config.User}}' app:1\n\"\"",
          good: "$ docker image inspect -f '{{json .Config.User}}' app:1\n\"10001:10001\"",
        },
      ],
    },
  },
  check(facts, { report }) {
    const user = facts.user.value.trim();
    const name = user.split(':')[0] ?? '';
    if (user !== '' && name !== 'root' && name !== '0') return;
    report({
      message: user === '' ? `image ${facts.name} names no user, so its containers run as root` : `image ${facts.name} runs as root (user "${user}")`,
      at: facts.user.at,
      fix: { description: 'add USER with an unprivileged user to the final stage of the Dockerfile and rebuild' },
    });
  },
});
