import rule from '../../../src/rules/container/require-read-only-rootfs.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1\nread_only: true' },
    { kind: 'compose', code: 'image: app:1\nread_only: "true"\ntmpfs: [/tmp]' },
    { kind: 'run', code: '--read-only nginx:1.27' },
    { kind: 'run', code: '--read-only=true --tmpfs /tmp nginx:1.27' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1', errors: [{ line: 0, column: 0, severity: 'low', message: 'container "app" has a writable root file system' }] },
    { kind: 'compose', code: 'image: app:1\nread_only: false', errors: [{ line: 2, column: 1, message: /turns the read-only root file system off/ }] },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: '-it --read-only=false nginx:1.27', errors: [{ line: 1, column: 5 }] },
    { kind: 'run', code: 'nginx:1.27 --read-only', name: 'flag after the image belongs to the command', errors: [{ line: 0, column: 0 }] },
  ],
});
