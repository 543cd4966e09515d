import { imageRule } from '../rule.js';

/** Server binaries as Debian, Ubuntu, Alpine and Red Hat family packages install them. */
const SSH_SERVERS = ['/usr/sbin/sshd', '/usr/bin/sshd', '/sbin/sshd', '/usr/sbin/dropbear', '/usr/bin/dropbear'];

export default imageRule({
  meta: {
    id: 'no-ssh-server-in-image',
    title: 'SSH server installed in the image',
    severity: 'medium',
    reads: 'image',
    cis: ['5.7'],
    docs: {
      why:
        'An SSH daemon in an image is a second way into every container made from it, outside the runtime: it brings ' +
        'its own keys or passwords (often baked into the image), its own patching, and usually needs root. Containers ' +
        'are entered with `docker exec` or `kubectl exec`, which use the platform\'s authentication and audit. The image ' +
        'is reported when it holds an sshd or dropbear binary; the SSH client alone is fine.',
      fix: 'Remove openssh-server (or dropbear) from the image and EXPOSE 22 from the Dockerfile; use `docker exec` for access and volumes or `docker cp` for files.',
      examples: [
        {
          kind: 'host',
          bad: '$ docker run --rm --entrypoint ls app:1 /usr/sbin/sshd\n/usr/sbin/sshd',
          good: "$ docker run --rm --entrypoint ls app:1 /usr/sbin/sshd\nls: /usr/sbin/sshd: No such file or directory",
        },
      ],
    },
  },
  check(facts, { report }) {
    const files = facts.contents?.files;
    if (!files) return;
    const server = SSH_SERVERS.map((path) => files.get(path)).find((file) => file !== undefined && file.type !== 'directory');
    if (!server) return;
    report({
      message: `image ${facts.name} has an SSH server installed (${server.path})`,
      at: server.at,
      fix: { description: 'remove openssh-server or dropbear from the image' },
    });
  },
});
