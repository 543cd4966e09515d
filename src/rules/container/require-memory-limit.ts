import { containerRule } from '../rule.js';

export default containerRule({
  meta: {
    id: 'require-memory-limit',
    title: 'Container has no memory limit',
    severity: 'medium',
    reads: 'container',
    cis: ['5.11'],
    equivalents: { trivy: 'KSV018' },
    docs: {
      why:
        'A container without a memory limit can take all of the host\'s memory, whether through a leak, a traffic spike ' +
        'or on purpose. The kernel then kills processes across the host, other containers and system services included.',
      fix:
        'Set a limit that fits the service: `mem_limit: 512m` or `deploy.resources.limits.memory: 512M` in Compose, ' +
        '`--memory 512m` for docker run.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27',
          good: 'services:\n  app:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 256M',
        },
        { kind: 'run', bad: 'docker run nginx:1.27', good: 'docker run --memory 256m nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.memory && facts.memory.value > 0) return;
    report({
      message: facts.memory
        ? `container "${facts.name}" sets its memory limit to 0, which means unlimited`
        : `container "${facts.name}" has no memory limit: it can use all of the host's memory`,
      at: facts.memory?.at ?? facts.at,
      fix: { description: 'set a memory limit that fits the service' },
    });
  },
});
