import rule from '../../../src/rules/host/require-separate-data-root-partition.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { safeHostFacts } from '../../helpers/safe-host-facts.js';

const mountAt = { file: '/proc/1234/mountinfo', line: 1, column: 1 };

hostRuleTester(rule, {
  valid: [
    { name: 'own mount', facts: safeHostFacts() },
    { name: 'mount table unreadable', facts: safeHostFacts({ host: { dataRootMount: { value: { separate: false, mountPoint: '' }, at: mountAt } } }) },
    { name: 'remote engine', facts: safeHostFacts({ host: null }) },
  ],
  invalid: [
    {
      name: 'on the root filesystem',
      facts: safeHostFacts({ host: { dataRootMount: { value: { separate: false, mountPoint: '/' }, at: mountAt } } }),
      errors: [{ message: "Docker's data root /var/lib/docker is on the filesystem mounted at /: containers that fill it fill the host's disk", severity: 'low', file: mountAt.file, line: 1 }],
    },
  ],
});
