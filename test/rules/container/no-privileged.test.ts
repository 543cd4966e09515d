import rule from '../../../src/rules/container/no-privileged.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: nginx:1.27' },
    { kind: 'compose', code: 'image: nginx:1.27\nprivileged: false' },
    { kind: 'run', code: 'nginx:1.27' },
    { kind: 'run', code: '--privileged=false nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --privileged', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: nginx:1.27\nprivileged: true', errors: [{ line: 2, column: 1, severity: 'critical' }] },
    { kind: 'compose', code: 'image: nginx:1.27\nprivileged: "true"', errors: [{ line: 2, column: 1 }] },
    {
      kind: 'compose',
      code: 'x-common: &common\n  privileged: true\nservices:\n  app:\n    <<: *common\n    image: nginx:1.27',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 3 }],
    },
    {
      kind: 'compose',
      code: 'services:\n  base:\n    image: nginx:1.27\n    privileged: true\n  app:\n    extends: base',
      name: 'extends reports at the base service',
      errors: [{ line: 4, column: 5 }, { line: 4, column: 5 }],
    },
    { kind: 'run', code: '--privileged nginx:1.27', errors: [{ line: 1, column: 1, message: 'container "docker run" runs privileged: it has full access to the host' }] },
    { kind: 'run', code: 'docker container create -it --privileged nginx:1.27', errors: [{ line: 1, column: 29 }] },
    { kind: 'run', code: 'sudo docker -H unix:///x.sock run --rm --privileged=true nginx', errors: [{ line: 1, column: 40 }] },
  ],
});
