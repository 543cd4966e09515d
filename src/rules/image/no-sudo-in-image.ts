import { imageRule } from '../rule.js';
import { baseName } from '../helpers/image-files.js';

const PRIVILEGE_TOOLS = ['/usr/bin/sudo', '/bin/sudo', '/usr/sbin/sudo', '/usr/bin/doas', '/bin/doas'];

export default imageRule({
  meta: {
    id: 'no-sudo-in-image',
    title: 'sudo or doas installed in the image',
    severity: 'medium',
    reads: 'image',
    cis: [],
    equivalents: { dockle: 'DKL-DI-0001' },
    docs: {
      why:
        'sudo and doas exist to let one user act as another, usually root. In an image that runs as an unprivileged ' +
        'user they are the path back to root for anyone who gets code execution in the container, through a ' +
        'permissive sudoers line or a bug in the tool itself (sudo has had several). Containers need no interactive ' +
        'privilege changes: what needs root is done at build time or by the runtime.',
      fix: 'Do the privileged work in RUN steps before `USER`, then remove the package (`apt-get purge -y sudo`, `apk del sudo`); use `docker exec -u 0` when you need root in a running container.',
      examples: [
        {
          kind: 'host',
          bad: '$ docker run --rm --entrypoint ls app:1 /usr/bin/sudo\n/usr/bin/sudo',
          good: "$ docker run --rm --entrypoint ls app:1 /usr/bin/sudo\nls: /usr/bin/sudo: No such file or directory",
        },
      ],
    },
  },
  check(facts, { report }) {
    const files = facts.contents?.files;
    if (!files) return;
    for (const path of PRIVILEGE_TOOLS) {
      const tool = files.get(path);
      if (!tool || tool.type === 'directory') continue;
      report({
        message: `image ${facts.name} has ${baseName(path)} installed (${path})`,
        at: tool.at,
        fix: { description: 'remove sudo or doas from the image and do privileged work at build time' },
      });
    }
  },
});
