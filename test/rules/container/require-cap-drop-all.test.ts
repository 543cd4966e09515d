import rule from '../../../src/rules/container/require-cap-drop-all.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop: [ALL]' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop:\n  - all\ncap_add: [NET_BIND_SERVICE]' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop: [NET_RAW, CAP_ALL]', name: 'CAP_ prefix is accepted' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop: ALL', name: 'a single string is a one-item list' },
    { kind: 'run', code: '--cap-drop ALL nginx:1.27' },
    { kind: 'run', code: '--cap-drop=NET_RAW --cap-drop=all nginx:1.27' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: nginx:1.27', errors: [{ line: 0, column: 0, severity: 'info', message: /does not drop capabilities/ }] },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop: [NET_RAW, MKNOD]', errors: [{ line: 2, column: 12, message: /but not ALL/ }] },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop:\n  - NET_RAW', errors: [{ line: 3, column: 5 }] },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n  worker:\n    image: busybox:1.36',
      name: 'each service on its own',
      errors: [{ line: 5, column: 3 }],
    },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: '-d --cap-drop NET_RAW nginx:1.27', errors: [{ line: 1, column: 4 }] },
    { kind: 'run', code: 'nginx:1.27 --cap-drop ALL', name: 'flag after the image belongs to the command', errors: [{ line: 0, column: 0 }] },
  ],
});
