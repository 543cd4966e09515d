import { containerRule } from '../rule.js';

const UNBOUNDED_POLICIES = new Set(['always', 'unless-stopped']);

export default containerRule({
  meta: {
    id: 'restart-policy-limit',
    title: 'Restart policy retries without limit',
    severity: 'info',
    reads: 'container',
    cis: ['5.15'],
    docs: {
      why:
        'With `always` or `unless-stopped`, Docker restarts a crashing container forever. A service that fails on start, ' +
        'or one an attacker keeps crashing, loops without end, using host resources and hiding the failure from anyone ' +
        'who only checks whether it is up.',
      fix:
        'Use `on-failure` with a retry count, e.g. `restart: on-failure:5` or `--restart on-failure:5`, and let an ' +
        'orchestrator or monitoring alert when the retries run out.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    restart: always',
          good: 'services:\n  app:\n    image: nginx:1.27\n    restart: on-failure:5',
        },
        { kind: 'run', bad: 'docker run --restart unless-stopped nginx:1.27', good: 'docker run --restart on-failure:5 nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    const restart = facts.restart;
    if (!restart || !UNBOUNDED_POLICIES.has(restart.value.name) || restart.value.maximumRetryCount > 0) return;
    report({
      message: `container "${facts.name}" restarts with policy "${restart.value.name}", which retries without limit`,
      at: restart.at,
      fix: { description: 'use on-failure with a retry count, e.g. on-failure:5' },
    });
  },
});
