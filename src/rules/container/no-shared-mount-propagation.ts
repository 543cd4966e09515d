import { containerRule } from '../rule.js';

const SHARED = new Set(['shared', 'rshared']);

export default containerRule({
  meta: {
    id: 'no-shared-mount-propagation',
    title: 'Bind mount shares mount events with the host',
    severity: 'medium',
    reads: 'container',
    cis: ['5.20'],
    docs: {
      why:
        'With shared propagation, a mount made inside the container under the bind target appears on the host too, ' +
        'and the other way round. A container that can mount (for example with SYS_ADMIN) can then place file ' +
        'systems on the host, and host mounts leak into the container as they happen.',
      fix:
        'Leave propagation at Docker\'s default (`rprivate`). If the container must see mounts the host makes later ' +
        '(some storage drivers and backup agents do), use `rslave`, which lets events flow into the container only.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: agent:2.1\n    volumes:\n      - type: bind\n        source: /mnt/data\n        target: /data\n        bind:\n          propagation: rshared',
          good: 'services:\n  app:\n    image: agent:2.1\n    volumes:\n      - type: bind\n        source: /mnt/data\n        target: /data\n        bind:\n          propagation: rslave',
        },
        { kind: 'run', bad: 'docker run -v /mnt/data:/data:shared agent:2.1', good: 'docker run -v /mnt/data:/data agent:2.1' },
      ],
    },
  },
  check(facts, { report }) {
    for (const mount of facts.mounts) {
      const propagation = mount.value.propagation;
      if (mount.value.type !== 'bind' || !propagation || !SHARED.has(propagation)) continue;
      report({
        message: `container "${facts.name}" mounts ${mount.value.source} with ${propagation} propagation: mounts made on either side appear on the other`,
        at: mount.at,
        fix: { description: 'use the default rprivate propagation, or rslave if host mounts must reach the container' },
      });
    }
  },
});
