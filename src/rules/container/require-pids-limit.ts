import { containerRule } from '../rule.js';

export default containerRule({
  meta: {
    id: 'require-pids-limit',
    title: 'Container has no process limit',
    severity: 'medium',
    reads: 'container',
    cis: ['5.29'],
    docs: {
      why:
        'Process ids are a host-wide resource. A container without a PIDs limit can fork until the host runs out of ' +
        'them, a fork bomb that stops every other container and host service from starting new processes.',
      fix:
        'Set `pids_limit: 200` (Compose) or `--pids-limit 200` to a number comfortably above what the service needs.',
      examples: [
        { kind: 'compose', bad: 'services:\n  app:\n    image: nginx:1.27', good: 'services:\n  app:\n    image: nginx:1.27\n    pids_limit: 200' },
        { kind: 'run', bad: 'docker run nginx:1.27', good: 'docker run --pids-limit 200 nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    const limit = facts.pidsLimit;
    if (limit && limit.value > 0) return;
    report({
      message: limit
        ? `container "${facts.name}" sets its PIDs limit to ${limit.value}, which means unlimited`
        : `container "${facts.name}" has no PIDs limit: a fork bomb in it can exhaust the host's process table`,
      at: limit?.at ?? facts.at,
      fix: { description: 'set a PIDs limit, for example 200' },
    });
  },
});
