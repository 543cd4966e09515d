import rule from '../../../src/rules/container/no-root-user.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1\nuser: "1000:1000"' },
    { kind: 'compose', code: 'image: app:1\nuser: "1000:0"', name: 'group 0 with a non-root user (OpenShift style)' },
    { kind: 'compose', code: 'image: app:1\nuser: 1001' },
    { kind: 'compose', code: 'image: app:1\nuser: nobody' },
    { kind: 'compose', code: 'image: app:1\nuser: rootless', name: 'a name that merely starts with root' },
    { kind: 'compose', code: 'image: app:1\nuser: "10:0"' },
    { kind: 'compose', code: 'build: .', name: 'image built here: the Dockerfile rule covers USER' },
    { kind: 'compose', code: 'build: .\nimage: registry.example.com/app:1', name: 'image built here and named' },
    { kind: 'run', code: '-u 1000 nginx:1.27' },
    { kind: 'run', code: '--user=app:app nginx:1.27' },
    { kind: 'run', code: '--user "$(id -u):$(id -g)" nginx:1.27', name: 'a uid computed by the shell' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1', errors: [{ line: 0, column: 0, severity: 'medium', message: 'container "app" sets no user, so it runs as the image\'s default user, which is root unless the image sets USER' }] },
    { kind: 'compose', code: 'image: app:1\nuser: root', errors: [{ line: 2, column: 1, severity: 'high', message: 'container "app" runs as root (user "root")' }] },
    { kind: 'compose', code: 'image: app:1\nuser: "0"', errors: [{ line: 2, column: 1, severity: 'high' }] },
    { kind: 'compose', code: 'image: app:1\nuser: 0', errors: [{ line: 2, column: 1, severity: 'high' }] },
    { kind: 'compose', code: 'image: app:1\nuser: "0:0"', errors: [{ line: 2, column: 1 }] },
    { kind: 'compose', code: 'image: app:1\nuser: root:root', errors: [{ line: 2, column: 1 }] },
    { kind: 'compose', code: 'image: app:1\nuser: "0:1000"', errors: [{ line: 2, column: 1 }] },
    { kind: 'compose', code: 'image: app:1\nuser: root:docker', errors: [{ line: 2, column: 1 }] },
    { kind: 'compose', code: 'build: .\nuser: root', name: 'explicit root is reported even for local builds', errors: [{ line: 2, column: 1, severity: 'high' }] },
    {
      kind: 'compose',
      code: 'x-u: &u\n  user: root\nservices:\n  app:\n    <<: *u\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 3 }],
    },
    { kind: 'run', code: 'nginx:1.27', errors: [{ line: 0, column: 0, severity: 'medium' }] },
    { kind: 'run', code: '-u 0 nginx:1.27', errors: [{ line: 1, column: 1, severity: 'high' }] },
    { kind: 'run', code: '-itu root nginx:1.27', name: 'combined short flags', errors: [{ line: 1, column: 1, severity: 'high' }] },
    { kind: 'run', code: '--user=0:0 nginx:1.27', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: 'nginx:1.27 -u 1000', name: 'flag after the image belongs to the command', errors: [{ line: 0, column: 0, severity: 'medium' }] },
  ],
});
