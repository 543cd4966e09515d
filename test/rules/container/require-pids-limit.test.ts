import rule from '../../../src/rules/container/require-pids-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1\npids_limit: 200' },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  resources:\n    limits:\n      pids: 100' },
    { kind: 'run', code: '--pids-limit 200 nginx:1.27' },
    { kind: 'run', code: '--pids-limit=50 nginx:1.27' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1', errors: [{ line: 0, column: 0, severity: 'medium', message: 'container "app" has no PIDs limit: a fork bomb in it can exhaust the host\'s process table' }] },
    { kind: 'compose', code: 'image: app:1\npids_limit: 0', errors: [{ line: 2, column: 1, message: /to 0, which means unlimited/ }] },
    { kind: 'compose', code: 'image: app:1\npids_limit: -1', errors: [{ line: 2, column: 1, message: /to -1/ }] },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: '--pids-limit -1 nginx:1.27', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: '-d --pids-limit=0 nginx:1.27', errors: [{ line: 1, column: 4 }] },
  ],
});
