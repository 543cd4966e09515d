import { containerRule } from '../rule.js';

export default containerRule({
  meta: {
    id: 'require-read-only-rootfs',
    title: 'Container root file system is writable',
    severity: 'low',
    reads: 'container',
    cis: ['5.13'],
    equivalents: { trivy: 'KSV014' },
    docs: {
      why:
        'With a writable root file system, an attacker who gets code execution can drop tools, change the application\'s ' +
        'files or persist across restarts of the process. A read-only root keeps the image as built and makes every ' +
        'place the service writes to an explicit, reviewable volume.',
      fix:
        'Set `read_only: true` (Compose) or `--read-only`, and give the service writable space only where it needs it, ' +
        'with `tmpfs` for scratch directories such as /tmp and volumes for data.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27',
          good: 'services:\n  app:\n    image: nginx:1.27\n    read_only: true\n    tmpfs: [/tmp, /var/cache/nginx, /var/run]',
        },
        { kind: 'run', bad: 'docker run nginx:1.27', good: 'docker run --read-only --tmpfs /tmp --tmpfs /var/cache/nginx --tmpfs /var/run nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.readOnlyRootfs?.value === true) return;
    report({
      message: facts.readOnlyRootfs
        ? `container "${facts.name}" turns the read-only root file system off`
        : `container "${facts.name}" has a writable root file system`,
      at: facts.readOnlyRootfs?.at ?? facts.at,
      fix: { description: 'make the root file system read-only and mount tmpfs where the service writes' },
    });
  },
});
