import rule from '../../../src/rules/container/require-cpu-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1\ncpus: 0.5' },
    { kind: 'compose', code: 'image: app:1\ncpus: "1.5"' },
    { kind: 'compose', code: 'image: app:1\ncpu_shares: 512' },
    { kind: 'compose', code: 'image: app:1\ncpu_quota: 50000' },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  resources:\n    limits:\n      cpus: "0.25"' },
    { kind: 'run', code: '--cpus 2 nginx:1.27' },
    { kind: 'run', code: '--cpus=0.5 nginx:1.27' },
    { kind: 'run', code: '-c 512 nginx:1.27' },
    { kind: 'run', code: '--cpu-quota 50000 --cpu-period 100000 nginx:1.27' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1', errors: [{ line: 0, column: 0, severity: 'low', message: 'container "app" has no CPU limit or share: it can take every CPU of the host' }] },
    { kind: 'compose', code: 'image: app:1\ncpus: 0', errors: [{ line: 2, column: 1 }] },
    { kind: 'compose', code: 'image: app:1\ncpuset: "0,1"', name: 'pinning to CPUs is not a limit this rule reads', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: '-it --cpus 0 nginx:1.27', errors: [{ line: 1, column: 5 }] },
    { kind: 'run', code: '--cpu-shares=0 nginx:1.27', errors: [{ line: 1, column: 1 }] },
  ],
});
