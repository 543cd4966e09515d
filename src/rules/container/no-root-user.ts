import { containerRule } from '../rule.js';

/** `root`, `0`, `root:staff`, `0:0`: the part before the colon names the user; uid 0 is root whatever the group. */
function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name);
}

export default containerRule({
  meta: {
    id: 'no-root-user',
    title: 'Container runs as root',
    severity: 'high',
    reads: 'container',
    cis: ['4.1'],
    equivalents: { trivy: 'KSV012' },
    docs: {
      why:
        'Unless user namespaces are remapped, root in a container is uid 0 on the host kernel. Any weakness that lets a ' +
        'process out of the container, or any host directory mounted into it, is then used with root\'s rights. Most ' +
        'images start as root unless their Dockerfile switches with USER.',
      fix:
        'Run the service as an unprivileged user: set `user: "1000:1000"` (Compose) or `--user 1000:1000`, or add a ' +
        'USER instruction to the image. A group id of 0 with a non-zero user id is fine. Images built by the same ' +
        'Compose file are left to the Dockerfile checks.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    user: root',
          good: 'services:\n  app:\n    image: nginxinc/nginx-unprivileged:1.27\n    user: "101:101"',
        },
        { kind: 'run', bad: 'docker run -u 0 nginx:1.27', good: 'docker run -u 101:101 nginxinc/nginx-unprivileged:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.user && isRootUser(facts.user.value)) {
      report({
        message: `container "${facts.name}" runs as root (user "${facts.user.value.trim()}")`,
        at: facts.user.at,
        fix: { description: 'set the user to an unprivileged uid, for example 1000:1000' },
      });
    } else if (!facts.user && !facts.builtLocally) {
      report({
        message: `container "${facts.name}" sets no user, so it runs as the image's default user, which is root unless the image sets USER`,
        at: facts.at,
        severity: 'medium',
        fix: { description: 'set the user to an unprivileged uid, for example 1000:1000' },
      });
    }
  },
});
