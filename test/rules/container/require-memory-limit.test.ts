import rule from '../../../src/rules/container/require-memory-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1\nmem_limit: 512m' },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  resources:\n    limits:\n      memory: 1G' },
    { kind: 'compose', code: 'image: app:1\nmem_limit: 1073741824' },
    { kind: 'run', code: '-m 512m nginx:1.27' },
    { kind: 'run', code: '--memory=1g nginx:1.27' },
    { kind: 'run', code: '-dm256m nginx:1.27', name: 'combined short flags with an attached value' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1', errors: [{ line: 0, column: 0, severity: 'medium', message: 'container "app" has no memory limit: it can use all of the host\'s memory' }] },
    { kind: 'compose', code: 'image: app:1\nmem_reservation: 256m', name: 'a reservation is not a limit', errors: [{ line: 0, column: 0 }] },
    { kind: 'compose', code: 'image: app:1\nmem_limit: 0', errors: [{ line: 2, column: 1, message: /to 0, which means unlimited/ }] },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  resources:\n    limits:\n      cpus: "0.5"', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: '--memory 0 nginx:1.27', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: '--memory-reservation 256m nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: 'nginx:1.27 -m 512m', name: 'flag after the image belongs to the command', errors: [{ line: 0, column: 0 }] },
  ],
});
