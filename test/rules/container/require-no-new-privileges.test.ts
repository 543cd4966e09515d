import rule from '../../../src/rules/container/require-no-new-privileges.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1\nsecurity_opt:\n  - no-new-privileges:true' },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt:\n  - no-new-privileges' },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt: [no-new-privileges=true]' },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt: ["no-new-privileges:false", "no-new-privileges:true"]', name: 'the last setting wins' },
    { kind: 'run', code: '--security-opt no-new-privileges nginx:1.27' },
    { kind: 'run', code: '--security-opt=no-new-privileges=true nginx:1.27' },
    { kind: 'run', code: '--security-opt no-new-privileges:1 nginx:1.27' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1', errors: [{ line: 0, column: 0, severity: 'medium', message: 'container "app" does not set no-new-privileges, so its processes can gain privileges through setuid programs' }] },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt:\n  - seccomp=./p.json', errors: [{ line: 0, column: 0 }] },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt:\n  - no-new-privileges=false', errors: [{ line: 3, column: 5, message: /sets "no-new-privileges=false"/ }] },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt:\n  - no-new-privileges:true\n  - no-new-privileges:false', name: 'the last setting wins', errors: [{ line: 4, column: 5 }] },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0 }] },
    { kind: 'run', code: '-it --security-opt no-new-privileges=false nginx:1.27', errors: [{ line: 1, column: 5 }] },
    { kind: 'run', code: 'nginx:1.27 --security-opt no-new-privileges', name: 'flag after the image belongs to the command', errors: [{ line: 0, column: 0 }] },
  ],
});
